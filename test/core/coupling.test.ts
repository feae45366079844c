import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { couplingCoordination, CouplingInputError, type CouplingModel } from "../../src/core/coupling";
import golden from "../golden/coupling.json";

// Expected values come from test/golden/coupling.json ('standard' there = model "classic" here) or
// from hand computation written out below; none from running this library.

function closeRel(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, what: string) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= rel * Math.abs(expected[i]))) {
      throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (relative tolerance ${rel})`);
    }
  }
}

function closeAbs(actual: ArrayLike<number>, expected: ArrayLike<number>, abs: number, what = "value") {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= abs)) {
      throw new Error(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (absolute tolerance ${abs})`);
    }
  }
}

/** golden layout is one row per unit, one column per system: turn it into one array per system */
function systemsOf(rows: number[][], n = rows[0].length): Float64Array[] {
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) out.push(Float64Array.from(rows, (r) => r[i]));
  return out;
}

const LIB: Record<string, CouplingModel> = { standard: "classic", wang2021: "wang2021", fan2024: "fan2024" };

describe("couplingCoordination against golden/coupling.json", () => {
  const big = golden.cases[0] as any;
  const six = golden.cases[1] as any;

  it.each(["standard", "wang2021", "fan2024"])("synthetic-31, three systems, %s, relative 1e-9", (g) => {
    expect(big.expected.tolerance.relative).toBe(1e-9);
    const r = couplingCoordination(systemsOf(big.input.U), { model: LIB[g] });
    const e = big.expected[g];
    closeRel(r.C, e.C, 1e-9, "C");
    closeRel(r.T, e.T, 1e-9, "T");
    closeRel(r.D, e.D, 1e-9, "D");
    expect(r.model).toBe(LIB[g]);
    expect(r.n).toBe(3);
    expect(r.coefficients).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it.each(["standard", "wang2021", "fan2024"])("six rows, three systems, %s, rows 0 and 5, absolute 1e-6", (g) => {
    expect(six.expected.tolerance.absolute).toBe(1e-6);
    expect(six.expected.order).toBe("[C, T, D]");
    const r = couplingCoordination(systemsOf(six.input.U), { model: LIB[g], coefficients: [1 / 3, 1 / 3, 1 / 3] });
    for (const row of [0, 5]) {
      closeAbs([r.C[row], r.T[row], r.D[row]], six.expected[g][`row${row}`], 1e-6, `${g} row${row}`);
    }
  });

  it("six rows, two systems (first two columns), row 0: standard and wang2021", () => {
    const e = six.expected["two systems (first two columns) row0"];
    for (const g of ["standard", "wang2021"]) {
      const r = couplingCoordination(systemsOf(six.input.U, 2), { model: LIB[g], coefficients: [0.5, 0.5] });
      expect(r.n).toBe(2);
      closeAbs([r.C[0], r.T[0], r.D[0]], e[g], 1e-6, `two systems ${g}`);
    }
  });

  it("two systems, fan2024 by hand: C = 1 - |U1 - U2|", () => {
    // row 0 of the six rows: U = (0.0162, 0.272): C = 1 - 0.2558 = 0.7442, T = 0.1441, D = sqrt(0.7442 * 0.1441)
    const r = couplingCoordination(systemsOf(six.input.U, 2), { model: "fan2024" });
    closeAbs([r.C[0], r.T[0], r.D[0]], [0.7442, 0.1441, Math.sqrt(0.7442 * 0.1441)], 1e-12);
  });
});

describe("couplingCoordination by hand", () => {
  it("doc example", () => {
    const r = couplingCoordination([[0.25, 0.5], [1, 0.5]]);
    // row 0: C = 2 sqrt(0.25) / 1.25 = 0.8, T = 0.625, D = sqrt(0.5); row 1: C = 1, T = 0.5, D = sqrt(0.5)
    closeAbs(r.C, [0.8, 1], 1e-15);
    closeAbs(r.T, [0.625, 0.5], 1e-15);
    closeAbs(r.D, [Math.SQRT1_2, Math.SQRT1_2], 1e-15);
    expect(r.C).toBeInstanceOf(Float64Array);
    expect(r.model).toBe("classic");
    expect(r.coefficients).toEqual([0.5, 0.5]);
    expect(r.names).toEqual(["system 0", "system 1"]);
  });

  it("wang2021, two systems: C = sqrt((1 - |U1 - U2|) min/max)", () => {
    // U = (0.25, 1): sqrt(0.25 * 0.25) = 0.25; T = 0.625; D = sqrt(0.25 * 0.625)
    const r = couplingCoordination([[0.25], [1]], { model: "wang2021" });
    closeAbs([r.C[0], r.T[0], r.D[0]], [0.25, 0.625, Math.sqrt(0.25 * 0.625)], 1e-15);
  });

  it("unequal T coefficients: T = 0.3 U1 + 0.7 U2", () => {
    const r = couplingCoordination([[0.25], [1]], { coefficients: [0.3, 0.7] });
    closeAbs([r.C[0], r.T[0], r.D[0]], [0.8, 0.775, Math.sqrt(0.8 * 0.775)], 1e-15);
    expect(r.coefficients).toEqual([0.3, 0.7]);
  });

  it("four systems, classic and wang2021 by hand", () => {
    // U = (1, 1, 0.25, 0.25): classic C = 4 (1/16)^(1/4) / 2.5 = 4 * 0.5 / 2.5 = 0.8
    // wang2021: pairs |dU|: 4 pairs of 0.75, 2 of 0 -> mean 3/6 = 0.5; prod(U/max) = 1/16, ^(1/3)
    const u = [[1], [1], [0.25], [0.25]];
    const c = couplingCoordination(u);
    closeAbs([c.C[0], c.T[0]], [0.8, 0.625], 1e-15);
    const w = couplingCoordination(u, { model: "wang2021" });
    closeAbs([w.C[0]], [Math.sqrt(0.5 * Math.pow(1 / 16, 1 / 3))], 1e-15);
    // fan2024: mean 0.625, deviations +-0.375 -> sd 0.375, C = 1 - 0.75 = 0.25
    const f = couplingCoordination(u, { model: "fan2024" });
    closeAbs([f.C[0]], [0.25], 1e-15);
  });

  it("all scores 0 gives C = 0 and D = 0 in every model", () => {
    for (const model of ["classic", "wang2021", "fan2024"] as const) {
      for (const n of [2, 3, 4]) {
        const r = couplingCoordination(
          Array.from({ length: n }, () => [0, 0]),
          { model },
        );
        expect(Array.from(r.C)).toEqual([0, 0]);
        expect(Array.from(r.D)).toEqual([0, 0]);
        expect(Array.from(r.T)).toEqual([0, 0]);
      }
    }
  });

  it("one score 0 among positive ones: classic and wang2021 C = 0", () => {
    for (const model of ["classic", "wang2021"] as const) {
      expect(couplingCoordination([[0], [0.5]], { model }).C[0]).toBe(0);
      expect(couplingCoordination([[0], [0.5], [0.7]], { model }).C[0]).toBe(0);
    }
  });
});

describe("couplingCoordination errors", () => {
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(CouplingInputError);
      return e as CouplingInputError;
    }
    throw new Error("expected a CouplingInputError");
  };

  it("fewer than two systems", () => {
    expect(err(() => couplingCoordination([[0.5]])).message).toBe(
      "couplingCoordination: need at least two systems, got 1",
    );
    expect(err(() => couplingCoordination([])).message).toMatch(/got 0/);
  });

  it("empty and ragged systems", () => {
    expect(err(() => couplingCoordination([[], []])).message).toBe("couplingCoordination: system 0 is empty");
    const e = err(() => couplingCoordination([[0.1, 0.2], [0.3]], { names: ["medical security", "resources"] }));
    expect(e.message).toBe(
      'couplingCoordination: ragged systems: system 1 ("resources") has 1 scores, system 0 ("medical security") has 2',
    );
    expect(e.system).toBe(1);
  });

  it("NaN, Infinity and scores outside [0, 1] name system and row", () => {
    const e = err(() => couplingCoordination([[0.1, 0.2], [0.3, NaN]]));
    expect(e.message).toBe("couplingCoordination: system 1, row 1: score NaN is not a number in [0, 1]");
    expect([e.system, e.row]).toEqual([1, 1]);
    expect(err(() => couplingCoordination([[0.1, 1.2], [0.3, 0.4]])).message).toBe(
      "couplingCoordination: system 0, row 1: score 1.2 is not a number in [0, 1]",
    );
    expect(err(() => couplingCoordination([[-0.1], [0.3]], { names: ["a", "b"] })).message).toBe(
      'couplingCoordination: system 0 ("a"), row 0: score -0.1 is not a number in [0, 1]',
    );
    expect(err(() => couplingCoordination([[0.1], Float64Array.of(Infinity)])).message).toMatch(
      /system 1, row 0: score Infinity/,
    );
  });

  it("coefficients: wrong length, negative, not summing to 1", () => {
    expect(err(() => couplingCoordination([[0.1], [0.2]], { coefficients: [1] })).message).toBe(
      "couplingCoordination: options.coefficients has 1 entries for 2 systems",
    );
    expect(err(() => couplingCoordination([[0.1], [0.2]], { coefficients: [0.6, 0.5] })).message).toBe(
      "couplingCoordination: options.coefficients must sum to 1, they sum to 1.1 (0.6 + 0.5)",
    );
    expect(err(() => couplingCoordination([[0.1], [0.2]], { coefficients: [1.5, -0.5] })).message).toBe(
      "couplingCoordination: weight of system 1 must be a finite number >= 0, got -0.5",
    );
    expect(err(() => couplingCoordination([[0.1], [0.2], [0.3]], { coefficients: [0.3333, 0.3333, 0.3333] })).message).toMatch(
      /must sum to 1, they sum to 0.9999/,
    );
  });

  it("unknown model, names of the wrong length", () => {
    expect(err(() => couplingCoordination([[0.1], [0.2]], { model: "standard" as any })).message).toBe(
      'couplingCoordination: unknown model "standard" (expected "classic", "wang2021" or "fan2024")',
    );
    expect(err(() => couplingCoordination([[0.1], [0.2]], { names: ["a"] })).message).toBe(
      "couplingCoordination: options.names has 1 entries for 2 systems",
    );
  });
});

describe("couplingCoordination: tiny scores (classic C is scale-free)", () => {
  it("1e-300 and 2e-300: C = 2 sqrt(2 * 1) / (1 + 2) = 0.9428, not 0 (doc example)", () => {
    const r = couplingCoordination([[1e-300], [2e-300]]);
    expect(Math.abs(r.C[0] - (2 * Math.sqrt(2)) / 3)).toBeLessThanOrEqual(1e-15);
    expect(r.T[0]).toBeCloseTo(1.5e-300, 310);
    // subnormal scores 2^-1074 and 2^-1073: exactly 1 : 2
    expect(couplingCoordination([[5e-324], [1e-323]]).C[0]).toBe(couplingCoordination([[0.25], [0.5]]).C[0]);
  });

  it("three systems 1e-300, 2e-300, 4e-300: C = 3 cbrt(8) / 7 = 6/7", () => {
    const r = couplingCoordination([[1e-300], [2e-300], [4e-300]]);
    expect(Math.abs(r.C[0] - 6 / 7)).toBeLessThanOrEqual(1e-15);
  });

  it("scores 1, 1e-200, 1e-200: the product underflows, the roots do not", () => {
    // classic: 3 (1e-400)^(1/3) / (1 + 2e-200) = 3 * 10^(-400/3) = 1.3924766500838337e-133
    const c = couplingCoordination([[1], [1e-200], [1e-200]]).C[0];
    expect(Math.abs(c - 3 * 10 ** (-400 / 3)) / c).toBeLessThanOrEqual(1e-12);
    // wang2021: sqrt{[1 - (2 (1 - 1e-200) + 0) / 3] (1e-200 * 1e-200)^(1/2)} = sqrt(1e-200 / 3)
    const w = couplingCoordination([[1], [1e-200], [1e-200]], { model: "wang2021" }).C[0];
    expect(Math.abs(w - Math.sqrt(1 / 3) * 1e-100) / w).toBeLessThanOrEqual(1e-12);
  });

  const unitRows = fc
    .record({ n: fc.integer({ min: 2, max: 5 }), m: fc.integer({ min: 1, max: 6 }) })
    .chain(({ n, m }) => fc.array(fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: m, maxLength: m }), { minLength: n, maxLength: n }));

  it("classic C of the scores times a power of two is the same, bit for bit (property)", () => {
    fc.assert(
      fc.property(unitRows, fc.constantFrom(2 ** -1, 2 ** -300, 2 ** -900), (systems, k) => {
        const a = couplingCoordination(systems);
        const b = couplingCoordination(systems.map((s) => s.map((x) => x * k)));
        expect(Array.from(b.C)).toEqual(Array.from(a.C));
      }),
      { numRuns: 150 },
    );
  });

  it("classic C of the scores times 1e-200 is the same to 1e-12 relative (property; times 1e200 would leave [0, 1])", () => {
    fc.assert(
      fc.property(unitRows, (systems) => {
        const a = couplingCoordination(systems);
        const b = couplingCoordination(systems.map((s) => s.map((x) => x * 1e-200)));
        closeRel(b.C, a.C, 1e-12, "C");
      }),
      { numRuns: 150 },
    );
  });
});

describe("couplingCoordination properties", () => {
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  const rows = fc
    .record({ n: fc.integer({ min: 2, max: 5 }), m: fc.integer({ min: 1, max: 8 }) })
    .chain(({ n, m }) =>
      fc.array(fc.array(unit, { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
    );
  const model = fc.constantFrom<CouplingModel>("classic", "wang2021", "fan2024");
  // 0 or at least 1e-6, so that scaling by k cannot underflow to 0
  const rowsNoSubnormal = rows.map((s) => s.map((c) => c.map((x) => (x < 1e-6 ? 0 : x))));

  it("0 <= C <= 1, 0 <= T <= 1 and 0 <= D <= 1 for scores in [0, 1]", () => {
    fc.assert(
      fc.property(rows, model, (systems, mdl) => {
        const r = couplingCoordination(systems, { model: mdl });
        for (const a of [r.C, r.T, r.D]) {
          for (const v of a) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("C = 1 exactly when all systems are equal and positive (classic, and the other two models)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        model,
        (n, u, mdl) => {
          const r = couplingCoordination(
            Array.from({ length: n }, () => [u]),
            { model: mdl },
          );
          expect(r.C[0]).toBe(1);
          expect(Math.abs(r.T[0] - u)).toBeLessThanOrEqual(1e-15);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("C = D = 0 when all systems are 0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 5 }), model, (n, m, mdl) => {
        const r = couplingCoordination(
          Array.from({ length: n }, () => new Float64Array(m)),
          { model: mdl },
        );
        expect(r.C.every((c) => c === 0)).toBe(true);
        expect(r.D.every((d) => d === 0)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("classic C does not depend on the order of the systems and is invariant to a common scale", () => {
    fc.assert(
      fc.property(rowsNoSubnormal, fc.double({ min: 0.01, max: 1, noNaN: true }), (systems, k) => {
        const a = couplingCoordination(systems);
        const b = couplingCoordination([...systems].reverse());
        const c = couplingCoordination(systems.map((s) => s.map((x) => x * k)));
        closeAbs(b.C, a.C, 1e-12);
        closeAbs(c.C, a.C, 1e-9);
      }),
      { numRuns: 150 },
    );
  });
});
