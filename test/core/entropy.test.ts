import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { entropyWeights, EntropyInputError, type EntropyDirection } from "../../src/core/entropy";
import golden from "../golden/entropy.json";

// Expected values come from test/golden/entropy.json (R mathmodels, cross-checked) or from hand
// computation written out below; none from running this library.

function closeRel(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.max(Math.abs(expected[i]), 1e-300);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]} (relative tolerance ${rel})`);
    }
  }
}

function closeAbs(actual: ArrayLike<number>, expected: ArrayLike<number>, abs: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= abs)) {
      throw new Error(`index ${i}: ${actual[i]} vs ${expected[i]} (absolute tolerance ${abs})`);
    }
  }
}

function toColumns(rows: number[][]): Float64Array[] {
  const k = rows[0].length;
  const cols: Float64Array[] = [];
  for (let j = 0; j < k; j++) cols.push(Float64Array.from(rows, (r) => r[j]));
  return cols;
}

describe("entropyWeights against golden/entropy.json", () => {
  it("synthetic-31, epsilon 0.002 (R mathmodels), relative 1e-9", () => {
    const c = golden.cases[0] as any;
    expect(c.name).toBe("synthetic-31");
    const rel = c.expected.tolerance.relative;
    expect(rel).toBe(1e-9);
    const r = entropyWeights(toColumns(c.input.rows), {
      directions: c.input.directions as EntropyDirection[],
      zero: { epsilon: c.input.epsilon },
      names: c.input.columns,
    });
    closeRel(r.entropy, c.expected.e, rel);
    closeRel(r.weights, c.input.columns.map((n: string) => c.expected.w[n]), rel);
    closeRel(
      Array.from(r.scores, (s) => s * 100),
      c.expected.score_x100,
      rel,
    );
    expect(r.convention).toEqual({
      zero: "epsilon",
      value: 0.002,
      pooled: true,
      constant: "error",
      directions: ["+", "+", "-", "+", "-"],
    });
    expect(r.names).toEqual(["x1", "x2", "x3", "x4", "x5"]);
    expect(r.m).toBe(31);
    // rescaled values lie in [eps, 1 - eps], with both ends reached
    for (const col of r.normalized) {
      expect(Math.min(...col)).toBeCloseTo(0.002, 15);
      expect(Math.max(...col)).toBeCloseTo(0.998, 15);
    }
  });

  describe("two-columns, absolute 1e-7", () => {
    const c = golden.cases[1] as any;
    const cols = toColumns(c.input.rows);
    const directions = c.input.directions as EntropyDirection[];
    const abs = c.expected.tolerance.absolute;

    it("plain min-max, 0 ln 0 = 0 (the default)", () => {
      expect(abs).toBe(1e-7);
      const e = c.expected["plain min-max, 0 ln 0 = 0"];
      const r = entropyWeights(cols, { directions });
      closeAbs(r.weights, e.w, abs);
      closeAbs(r.entropy, e.e, abs);
      closeAbs(r.scores, e.score_unscaled, abs);
      closeAbs(
        r.divergence,
        e.e.map((x: number) => 1 - x),
        abs,
      );
      expect(r.convention.zero).toBe("limit");
      expect(r.convention.value).toBe(0);
      // explicit "limit" is the same
      expect(entropyWeights(cols, { directions, zero: "limit" }).weights).toEqual(r.weights);
    });

    it("min-max then + 0.0001", () => {
      const r = entropyWeights(cols, { directions, zero: { shift: 0.0001 } });
      closeAbs(r.weights, c.expected["min-max then + 0.0001"].w, abs);
      expect(r.convention).toMatchObject({ zero: "shift", value: 0.0001 });
      // normalized holds the shifted values: x1 = (3, 5, 2, 7) -> (0.2, 0.6, 0, 1) + 0.0001
      closeAbs(r.normalized[0], [0.2001, 0.6001, 0.0001, 1.0001], 1e-15);
    });

    it("eps = 0.002", () => {
      const e = c.expected["eps = 0.002"];
      const r = entropyWeights(cols, { directions, zero: { epsilon: 0.002 } });
      closeAbs(r.weights, e.w, abs);
      closeAbs(
        Array.from(r.scores, (s) => s * 100),
        e.score_x100,
        abs,
      );
    });
  });
});

describe("entropyWeights by hand", () => {
  it("doc example: golden two-columns numbers, normalized column", () => {
    const r = entropyWeights([[3, 5, 2, 7], [10, 20, 15, 25]], { directions: ["+", "-"] });
    closeAbs(r.weights, [0.54519975, 0.45480025], 1e-7);
    closeAbs(r.entropy, [0.67582206, 0.72957396], 1e-7);
    closeAbs(r.scores, [0.5638402, 0.47871993, 0.30320017, 0.54519975], 1e-7);
    closeAbs(r.normalized[0], [0.2, 0.6, 0, 1], 1e-15);
    // negative column: (25 - x) / 15
    closeAbs(r.normalized[1], [1, 1 / 3, 2 / 3, 0], 1e-15);
  });

  it("0 ln 0 = 0: x1 = (0,0,1,1) has e = ln2/ln4 = 1/2, x2 = (0,0,0,1) has e = 0", () => {
    // d = (1/2, 1) -> w = (1/3, 2/3); U = (0, 0, 1/3, 1)
    const r = entropyWeights([[0, 0, 1, 1], [5, 5, 5, 9]], { directions: ["+", "+"] });
    closeAbs(r.entropy, [0.5, 0], 1e-15);
    closeAbs(r.divergence, [0.5, 1], 1e-15);
    closeAbs(r.weights, [1 / 3, 2 / 3], 1e-15);
    closeAbs(r.scores, [0, 0, 1 / 3, 1], 1e-15);
    // a negative indicator mirrors: (1,1,0,0) with "-" is (0,0,1,1) with "+"
    const s = entropyWeights([[1, 1, 0, 0], [5, 5, 5, 9]], { directions: ["-", "+"] });
    expect(s.weights).toEqual(r.weights);
  });

  it("shift: x = (0, 1), shift 1 -> x' = (1, 2), p = (1/3, 2/3)", () => {
    const e1 = -((1 / 3) * Math.log(1 / 3) + (2 / 3) * Math.log(2 / 3)) / Math.log(2);
    // second column (0, 0, ...) can't be constant: use (1, 0) "+" -> x' = (2, 1), same entropy
    const r = entropyWeights([[0, 1], [1, 0]], { directions: ["+", "+"], zero: { shift: 1 } });
    closeAbs(r.entropy, [e1, e1], 1e-15);
    closeAbs(r.weights, [0.5, 0.5], 1e-15);
    closeAbs(r.normalized[0], [1, 2], 0);
    closeAbs(r.scores, [1.5, 1.5], 1e-15); // in [shift, 1 + shift]
  });

  it("epsilon 0.25: x = (0, 1, 2) -> x' = (0.25, 0.5, 0.75), p = (1/6, 1/3, 1/2)", () => {
    const p = [1 / 6, 1 / 3, 1 / 2];
    const e = -p.reduce((s, q) => s + q * Math.log(q), 0) / Math.log(3);
    // second column: (0, 0, 1) -> x' = (0.25, 0.25, 0.75), p = (0.2, 0.2, 0.6)
    const q = [0.2, 0.2, 0.6];
    const e2 = -q.reduce((s, v) => s + v * Math.log(v), 0) / Math.log(3);
    const r = entropyWeights([[0, 1, 2], [0, 0, 1]], { directions: ["+", "+"], zero: { epsilon: 0.25 } });
    closeAbs(r.normalized[0], [0.25, 0.5, 0.75], 1e-15);
    closeAbs(r.normalized[1], [0.25, 0.25, 0.75], 1e-15);
    closeAbs(r.entropy, [e, e2], 1e-14);
    const d = [1 - e, 1 - e2];
    closeAbs(r.weights, [d[0] / (d[0] + d[1]), d[1] / (d[0] + d[1])], 1e-14);
    expect(r.convention).toMatchObject({ zero: "epsilon", value: 0.25 });
  });

  it("accepts plain arrays and Float64Arrays alike", () => {
    const a = entropyWeights([[3, 5, 2, 7], [10, 20, 15, 25]], { directions: ["+", "-"] });
    const b = entropyWeights([Float64Array.of(3, 5, 2, 7), Float64Array.of(10, 20, 15, 25)], {
      directions: ["+", "-"],
    });
    expect(b.weights).toEqual(a.weights);
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
  });

  it('constant: "drop" gives weight 0, entropy 1 and lists the column', () => {
    const r = entropyWeights([[0, 0, 1, 1], [4, 4, 4, 4], [5, 5, 5, 9]], {
      directions: ["+", "+", "-"],
      constant: "drop",
      zero: { epsilon: 0.01 },
    });
    expect(r.dropped).toEqual([1]);
    expect(r.weights[1]).toBe(0);
    expect(r.entropy[1]).toBe(1);
    expect(r.divergence[1]).toBe(0);
    expect(Array.from(r.normalized[1])).toEqual([0.01, 0.01, 0.01, 0.01]);
    expect(r.convention.constant).toBe("drop");
    // the other two are the same as without the constant column
    const s = entropyWeights([[0, 0, 1, 1], [5, 5, 5, 9]], { directions: ["+", "-"], zero: { epsilon: 0.01 } });
    expect([r.weights[0], r.weights[2]]).toEqual(s.weights);
    expect(Array.from(r.scores)).toEqual(Array.from(s.scores));
    expect(s.dropped).toEqual([]);
  });
});

describe("entropyWeights errors", () => {
  const dirs2: EntropyDirection[] = ["+", "+"];
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(EntropyInputError);
      return e as EntropyInputError;
    }
    throw new Error("expected an EntropyInputError");
  };

  it("empty input", () => {
    expect(err(() => entropyWeights([], { directions: [] })).message).toMatch(/no columns given/);
    expect(err(() => entropyWeights([[], []], { directions: dirs2 })).message).toMatch(/column 0 is empty/);
    expect(err(() => entropyWeights([[1], [2]], { directions: dirs2 })).message).toMatch(/at least 2 rows/);
  });

  it("ragged columns name the column", () => {
    const e = err(() => entropyWeights([[1, 2, 3], [1, 2]], { directions: dirs2 }));
    expect(e.message).toBe("entropyWeights: ragged columns: column 1 has 2 values, column 0 has 3");
    expect(e.column).toBe(1);
    const f = err(() => entropyWeights([[1, 2, 3], [1, 2]], { directions: dirs2, names: ["beds", "doctors"] }));
    expect(f.message).toBe('entropyWeights: ragged columns: column 1 ("doctors") has 2 values, column 0 ("beds") has 3');
  });

  it("NaN and Infinity name column and row", () => {
    const e = err(() => entropyWeights([[1, 2, 3], [1, NaN, 2]], { directions: dirs2 }));
    expect(e.message).toBe("entropyWeights: column 1, row 1: value NaN is not a finite number");
    expect([e.column, e.row]).toEqual([1, 1]);
    const f = err(() =>
      entropyWeights([Float64Array.of(1, 2, Infinity), [1, 3, 2]], { directions: dirs2, names: ["a", "b"] }),
    );
    expect(f.message).toBe('entropyWeights: column 0 ("a"), row 2: value Infinity is not a finite number');
    const g = err(() => entropyWeights([[1, 2, -Infinity], [1, 3, 2]], { directions: dirs2 }));
    expect(g.message).toMatch(/column 0, row 2: value -Infinity/);
    const h = err(() => entropyWeights([[1, undefined as unknown as number, 3], [1, 3, 2]], { directions: dirs2 }));
    expect(h.message).toMatch(/column 0, row 1: value undefined/);
  });

  it("a constant column is 0/0", () => {
    const e = err(() => entropyWeights([[1, 2, 3], [7, 7, 7]], { directions: dirs2, names: ["a", "b"] }));
    expect(e.message).toBe(
      'entropyWeights: column 1 ("b") is constant (every value is 7): min-max is 0/0; remove it or pass options.constant = "drop"',
    );
    expect(e.column).toBe(1);
    expect(err(() => entropyWeights([[7, 7, 7]], { directions: ["+"], constant: "drop" })).message).toMatch(
      /every column is constant/,
    );
  });

  it("directions of the wrong length or value", () => {
    expect(err(() => entropyWeights([[1, 2], [2, 1]], { directions: ["+"] })).message).toBe(
      "entropyWeights: options.directions has 1 entries for 2 columns",
    );
    const e = err(() =>
      entropyWeights([[1, 2], [2, 1]], { directions: ["+", "positive" as EntropyDirection], names: ["a", "b"] }),
    );
    expect(e.message).toBe('entropyWeights: direction of column 1 ("b") must be "+" or "-", got "positive"');
    expect(err(() => entropyWeights([[1, 2]], undefined as any)).message).toMatch(/options.directions is required/);
  });

  it("names, zero and constant options", () => {
    expect(err(() => entropyWeights([[1, 2], [2, 1]], { directions: dirs2, names: ["a"] })).message).toBe(
      "entropyWeights: options.names has 1 entries for 2 columns",
    );
    expect(err(() => entropyWeights([[1, 2]], { directions: ["+"], zero: { shift: 0 } })).message).toMatch(
      /shift must be a finite number > 0, got 0/,
    );
    expect(err(() => entropyWeights([[1, 2]], { directions: ["+"], zero: { epsilon: 0.5 } })).message).toMatch(
      /epsilon must be a number in \(0, 0.5\), got 0.5/,
    );
    expect(err(() => entropyWeights([[1, 2]], { directions: ["+"], zero: "ln" as any })).message).toMatch(
      /options.zero must be/,
    );
    expect(err(() => entropyWeights([[1, 2]], { directions: ["+"], constant: "keep" as any })).message).toMatch(
      /options.constant must be "error" or "drop"/,
    );
  });
});

describe("entropyWeights properties", () => {
  // k columns of m values, each column with a range of at least 0.5 (well conditioned)
  const panel = fc
    .record({ m: fc.integer({ min: 2, max: 15 }), k: fc.integer({ min: 1, max: 5 }) })
    .chain(({ m, k }) =>
      fc.record({
        columns: fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: m, maxLength: m }), {
          minLength: k,
          maxLength: k,
        }),
        directions: fc.array(fc.constantFrom<EntropyDirection>("+", "-"), { minLength: k, maxLength: k }),
        zero: fc.constantFrom<any>("limit", { shift: 0.0001 }, { shift: 0.01 }, { epsilon: 0.002 }, { epsilon: 0.0001 }),
      }),
    )
    .filter(({ columns }) => columns.every((c) => Math.max(...c) - Math.min(...c) >= 0.5));

  it("weights are non-negative and sum to 1; scores in range", () => {
    fc.assert(
      fc.property(panel, ({ columns, directions, zero }) => {
        const r = entropyWeights(columns, { directions, zero });
        let s = 0;
        for (const w of r.weights) {
          expect(w).toBeGreaterThanOrEqual(0);
          s += w;
        }
        expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        const hi = typeof zero === "object" && "shift" in zero ? 1 + zero.shift : 1;
        for (const u of r.scores) {
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThanOrEqual(hi + 1e-12);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("adding a constant to or rescaling a column leaves the results unchanged", () => {
    fc.assert(
      fc.property(
        panel,
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        ({ columns, directions, zero }, shiftBy, factor) => {
          const r = entropyWeights(columns, { directions, zero });
          const moved = columns.map((c, j) => (j % 2 === 0 ? c.map((x) => x + shiftBy) : c.map((x) => x * factor)));
          const s = entropyWeights(moved, { directions, zero });
          closeAbs(s.weights, r.weights, 1e-9);
          closeAbs(s.entropy, r.entropy, 1e-9);
          closeAbs(s.scores, r.scores, 1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a negative indicator's weight equals the positive weight of its mirror x -> -x", () => {
    fc.assert(
      fc.property(panel, ({ columns, directions, zero }) => {
        const r = entropyWeights(columns, { directions, zero });
        const mirrored = columns.map((c) => c.map((x) => -x));
        const flipped = directions.map((d) => (d === "+" ? "-" : "+") as EntropyDirection);
        const s = entropyWeights(mirrored, { directions: flipped, zero });
        expect(s.weights).toEqual(r.weights);
        expect(Array.from(s.scores)).toEqual(Array.from(r.scores));
      }),
      { numRuns: 150 },
    );
  });
});
