import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { obstacleDegree, ObstacleInputError } from "../../src/core/obstacle";
import { entropyWeights, type EntropyDirection } from "../../src/core/entropy";
import golden from "../golden/obstacle.json";

// Expected values come from test/golden/obstacle.json (fractions there and here) or from hand
// computation written out below; none from running this library.

function closeAbs(actual: ArrayLike<number>, expected: ArrayLike<number>, abs: number, what = "value") {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= abs)) {
      throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (absolute tolerance ${abs})`);
    }
  }
}

function toColumns(rows: number[][]): number[][] {
  return rows[0].map((_, j) => rows.map((r) => r[j]));
}

describe("obstacleDegree against golden/obstacle.json", () => {
  it("rows 0 and 5, fractions as in the golden file, absolute 1e-6", () => {
    const tol = golden.expected.tolerance.absolute;
    expect(tol).toBe(1e-6);
    const r = obstacleDegree(toColumns(golden.input.normalized), golden.input.weights);
    for (const [row, expected] of [
      [0, golden.expected.row0],
      [5, golden.expected.row5],
    ] as const) {
      closeAbs(
        r.obstacle.map((col) => col[row]),
        expected,
        tol,
        `row${row}`,
      );
    }
    expect(r.zeroRows).toEqual([]);
    expect(r.names).toEqual(["column 0", "column 1", "column 2"]);
  });
});

describe("obstacleDegree by hand", () => {
  it("doc example", () => {
    const r = obstacleDegree([[0, 1], [0.5, 0.5]], [0.5, 0.5], { groups: ["A", "B"] });
    // row 0: 0.5 * 1 = 0.5, 0.5 * 0.5 = 0.25 -> 2/3, 1/3; row 1: 0, 0.25 -> 0, 1
    closeAbs(r.obstacle[0], [2 / 3, 0], 1e-12);
    closeAbs(r.obstacle[1], [1 / 3, 1], 1e-12);
    closeAbs(r.mean, [1 / 3, 2 / 3], 1e-12);
    expect(r.criteria!.names).toEqual(["A", "B"]);
  });

  it("criterion layer = sum of its indicators, names in order of first appearance", () => {
    // w = (0.2, 0.3, 0.5), x' = (0, 0, 0): obstacles = 0.2, 0.3, 0.5
    // x' = (0.5, 1, 0): 0.1, 0, 0.5 -> total 0.6 -> 1/6, 0, 5/6
    const r = obstacleDegree([[0, 0.5], [0, 1], [0, 0]], [0.2, 0.3, 0.5], {
      groups: ["supply", "demand", "supply"],
      names: ["beds", "visits", "doctors"],
    });
    closeAbs(r.obstacle[0], [0.2, 1 / 6], 1e-12);
    closeAbs(r.obstacle[1], [0.3, 0], 1e-12);
    closeAbs(r.obstacle[2], [0.5, 5 / 6], 1e-12);
    expect(r.criteria!.names).toEqual(["supply", "demand"]);
    closeAbs(r.criteria!.obstacle[0], [0.7, 1], 1e-12);
    closeAbs(r.criteria!.obstacle[1], [0.3, 0], 1e-12);
    closeAbs(r.criteria!.mean, [0.85, 0.15], 1e-12);
    expect(r.names).toEqual(["beds", "visits", "doctors"]);
  });

  it("a row with every x' = 1 has obstacle 0 for every indicator and is listed in zeroRows", () => {
    const r = obstacleDegree([[1, 0.5, 1], [1, 0.5, 1]], [0.6, 0.4], { groups: ["g", "g"] });
    expect([r.obstacle[0][0], r.obstacle[1][0]]).toEqual([0, 0]);
    expect([r.obstacle[0][2], r.obstacle[1][2]]).toEqual([0, 0]);
    closeAbs([r.obstacle[0][1], r.obstacle[1][1]], [0.6, 0.4], 1e-12);
    expect(r.zeroRows).toEqual([0, 2]);
    expect(Array.from(r.criteria!.obstacle[0])).toEqual([0, 1, 0]);
    // an indicator with weight 0 at x' < 1 does not create an obstacle
    const s = obstacleDegree([[1], [0]], [1, 0]);
    expect(s.zeroRows).toEqual([0]);
    expect([s.obstacle[0][0], s.obstacle[1][0]]).toEqual([0, 0]);
  });

  it("weights need not sum to 1 (the ratio is scale-invariant)", () => {
    const cols = toColumns(golden.input.normalized);
    const a = obstacleDegree(cols, [0.4, 0.3, 0.3]);
    const b = obstacleDegree(cols, [4, 3, 3]);
    for (let j = 0; j < 3; j++) closeAbs(b.obstacle[j], a.obstacle[j], 1e-12);
  });

  it("takes entropyWeights output directly (normalized + weights)", () => {
    // x1 = (0,0,1,1), x2 = (5,5,5,9): w = (1/3, 2/3), x' = (0,0,1,1), (0,0,0,1)
    // row 0: 1/3, 2/3 -> 1/3, 2/3; row 2: 0, 2/3 -> 0, 1; row 3: all x' = 1 -> zero row
    const e = entropyWeights([[0, 0, 1, 1], [5, 5, 5, 9]], { directions: ["+", "+"] });
    const r = obstacleDegree(e.normalized, e.weights);
    closeAbs(r.obstacle[0], [1 / 3, 1 / 3, 0, 0], 1e-12);
    closeAbs(r.obstacle[1], [2 / 3, 2 / 3, 1, 0], 1e-12);
    expect(r.zeroRows).toEqual([3]);
  });
});

describe("obstacleDegree errors", () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ObstacleInputError);
      return e as ObstacleInputError;
    }
    throw new Error("expected an ObstacleInputError");
  };

  it("empty and ragged input", () => {
    expect(err(() => obstacleDegree([], [])).message).toMatch(/no columns given/);
    expect(err(() => obstacleDegree([[], []], [0.5, 0.5])).message).toBe("obstacleDegree: column 0 is empty");
    const e = err(() => obstacleDegree([[0.1, 0.2], [0.3]], [0.5, 0.5], { names: ["a", "b"] }));
    expect(e.message).toBe('obstacleDegree: ragged columns: column 1 ("b") has 1 values, column 0 ("a") has 2');
    expect(e.column).toBe(1);
  });

  it("NaN and Infinity name column and row", () => {
    const e = err(() => obstacleDegree([[0.1, 0.2], [0.3, NaN]], [0.5, 0.5]));
    expect(e.message).toBe("obstacleDegree: column 1, row 1: value NaN is not a finite number");
    expect([e.column, e.row]).toEqual([1, 1]);
    expect(err(() => obstacleDegree([Float64Array.of(Infinity)], [1], { names: ["beds"] })).message).toBe(
      'obstacleDegree: column 0 ("beds"), row 0: value Infinity is not a finite number',
    );
  });

  it("weights, groups, names of the wrong length or bad weights", () => {
    expect(err(() => obstacleDegree([[0.1], [0.2]], [1])).message).toBe(
      "obstacleDegree: weights has 1 entries for 2 columns",
    );
    expect(err(() => obstacleDegree([[0.1], [0.2]], [0.5, -0.5])).message).toBe(
      "obstacleDegree: weight of column 1 must be a finite number >= 0, got -0.5",
    );
    expect(err(() => obstacleDegree([[0.1], [0.2]], [0.5, NaN], { names: ["a", "b"] })).message).toBe(
      'obstacleDegree: weight of column 1 ("b") must be a finite number >= 0, got NaN',
    );
    expect(err(() => obstacleDegree([[0.1], [0.2]], [0, 0])).message).toBe("obstacleDegree: every weight is 0");
    expect(err(() => obstacleDegree([[0.1], [0.2]], [0.5, 0.5], { groups: ["a"] })).message).toBe(
      "obstacleDegree: options.groups has 1 entries for 2 columns",
    );
    expect(err(() => obstacleDegree([[0.1], [0.2]], [0.5, 0.5], { names: ["a", "b", "c"] })).message).toBe(
      "obstacleDegree: options.names has 3 entries for 2 columns",
    );
  });
});

describe("obstacleDegree properties", () => {
  const input = fc
    .record({ m: fc.integer({ min: 1, max: 10 }), k: fc.integer({ min: 1, max: 6 }) })
    .chain(({ m, k }) =>
      fc.record({
        columns: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: m, maxLength: m }), {
          minLength: k,
          maxLength: k,
        }),
        weights: fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
        groups: fc.array(fc.constantFrom("A", "B", "C"), { minLength: k, maxLength: k }),
      }),
    );

  it("rows sum to 1 (criteria too), obstacles in [0, 1], zero rows are exactly the all-ones rows", () => {
    fc.assert(
      fc.property(input, ({ columns, weights, groups }) => {
        const r = obstacleDegree(columns, weights, { groups });
        const m = columns[0].length;
        for (let i = 0; i < m; i++) {
          const allOnes = columns.every((c) => c[i] === 1);
          expect(r.zeroRows.includes(i)).toBe(allOnes);
          let s = 0;
          for (const col of r.obstacle) {
            expect(col[i]).toBeGreaterThanOrEqual(0);
            expect(col[i]).toBeLessThanOrEqual(1 + 1e-12);
            s += col[i];
          }
          let g = 0;
          for (const col of r.criteria!.obstacle) g += col[i];
          const want = allOnes ? 0 : 1;
          expect(Math.abs(s - want)).toBeLessThan(1e-11);
          expect(Math.abs(g - want)).toBeLessThan(1e-11);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("rows sum to 1 on entropyWeights output under every convention", () => {
    const panel = fc
      .record({ m: fc.integer({ min: 2, max: 12 }), k: fc.integer({ min: 1, max: 5 }) })
      .chain(({ m, k }) =>
        fc.record({
          columns: fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: m, maxLength: m }), {
            minLength: k,
            maxLength: k,
          }),
          directions: fc.array(fc.constantFrom<EntropyDirection>("+", "-"), { minLength: k, maxLength: k }),
          zero: fc.constantFrom<any>("limit", { shift: 0.01 }, { epsilon: 0.002 }),
        }),
      )
      .filter(({ columns }) => columns.every((c) => Math.max(...c) > Math.min(...c)));
    fc.assert(
      fc.property(panel, ({ columns, directions, zero }) => {
        const e = entropyWeights(columns, { directions, zero });
        const r = obstacleDegree(e.normalized, e.weights);
        for (let i = 0; i < e.m; i++) {
          if (r.zeroRows.includes(i)) continue;
          let s = 0;
          for (const col of r.obstacle) s += col[i];
          expect(Math.abs(s - 1)).toBeLessThan(1e-8);
        }
      }),
      { numRuns: 150 },
    );
  });
});
