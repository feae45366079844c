import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { moran, permutationPValue } from "../../src/core/moran";
import { erfc, normalCdf } from "../../src/core/normal";
import { weightsFromNeighbors, weightsFromPairs } from "../../src/core/weights";
import columbus from "../golden/moran-columbus.json";
import afcon from "../golden/moran-afcon.json";
import synthetic from "../golden/moran-synthetic-31.json";
import lattice from "../golden/moran-lattice-3x3.json";

const rel = (a: number, b: number, t: number) =>
  expect(Math.abs(a - b) / Math.max(Math.abs(b), 1e-300), `${a} vs ${b}`).toBeLessThanOrEqual(t);

const ids9 = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

function checkGlobal(m: ReturnType<typeof moran>, e: Record<string, number>, t: number) {
  rel(m.I, e.I, t);
  rel(m.EI, e.EI, t);
  rel(m.VI_norm, e.VI_norm, t);
  rel(m.z_norm, e.z_norm, t);
  rel(m.p_norm, e.p_norm_two_sided, t);
  rel(m.VI_rand, e.VI_rand, t);
  rel(m.z_rand, e.z_rand, t);
  rel(m.p_rand, e.p_rand_two_sided, t);
}

describe("normal CDF (internal)", () => {
  it("matches tabulated values", () => {
    expect(erfc(0)).toBe(1);
    rel(erfc(1), 0.15729920705028513, 5e-15); // 1 - erf(1), erf(1) = 0.8427007929497148693...
    rel(normalCdf(1.959963984540054), 0.975, 5e-15);
    rel(normalCdf(-1.959963984540054), 0.025, 1e-14);
    rel(erfc(5), 1.5374597944280348e-12, 1e-14); // A&S / DLMF value 1.5374597944280348502e-12
    rel(normalCdf(-8), 6.22096057427178e-16, 1e-13); // Phi(-8) = 6.220960574271785e-16
  });
});

describe("moran: golden files (relative 1e-9)", () => {
  for (const [name, g] of [
    ["columbus", columbus],
    ["afcon", afcon],
    ["synthetic-31", synthetic],
  ] as const) {
    it(name, () => {
      const w = weightsFromNeighbors(g.input.ids, g.input.neighbors);
      const m = moran(g.input.values, w);
      checkGlobal(m, g.expected.global, g.tolerance.relative);
      expect(m.n).toBe(g.input.ids.length);
      // permutation p-value: folded, at least 1/(R+1), and on the same side of 0.05 as esda's
      const ref = g.expected.permutation_reference.esda_global_p_sim_folded;
      expect(m.p_sim!).toBeGreaterThanOrEqual(1 / 1000);
      expect(m.p_sim! <= 0.05).toBe(ref <= 0.05);
      expect(m.sim!.length).toBe(999);
      expect(m.z_sim!).toBeGreaterThan(2);
    });
  }

  it("3x3 lattice, styles W and B (doc example)", () => {
    const w = weightsFromNeighbors(ids9, lattice.input.neighbors);
    const mW = moran(lattice.input.values, w);
    checkGlobal(mW, lattice.expected.W, lattice.tolerance.relative);
    const mB = moran(lattice.input.values, w.transform("B"));
    checkGlobal(mB, lattice.expected.B, lattice.tolerance.relative);
    expect(mB.style).toBe("B");
    expect(mW.p_sim! * 1000).toBeCloseTo(Math.round(mW.p_sim! * 1000), 9);
  });
});

describe("moran: options", () => {
  const w = weightsFromNeighbors(columbus.input.ids, columbus.input.neighbors);
  const y = columbus.input.values;

  it("alternatives: one-sided analytic p-values are half the two-sided one on the observed side", () => {
    const two = moran(y, w, { permutations: 99 });
    const gt = moran(y, w, { alternative: "greater", permutations: 99 });
    const lt = moran(y, w, { alternative: "less", permutations: 99 });
    rel(gt.p_rand, two.p_rand / 2, 1e-12);
    rel(lt.p_rand, 1 - two.p_rand / 2, 1e-12);
    expect(gt.p_sim).toBe(1 / 100); // strong positive autocorrelation
    expect(lt.p_sim).toBe(1);
    expect(gt.alternative).toBe("greater");
  });

  it("the same seed gives the same p-values; permutations: 0 gives none; echoes options", () => {
    const a = moran(y, w, { seed: 11, permutations: 199 });
    const b = moran(y, w, { seed: 11, permutations: 199 });
    expect(Array.from(a.sim!)).toEqual(Array.from(b.sim!));
    expect(a.p_sim).toBe(b.p_sim);
    const c = moran(y, w, { seed: 12, permutations: 199 });
    expect(Array.from(c.sim!)).not.toEqual(Array.from(a.sim!));
    const none = moran(y, w, { permutations: 0 });
    expect(none.sim).toBeNull();
    expect(none.p_sim).toBeNull();
    expect(none.permutations).toBe(0);
    expect(moran(y, w).seed).toBeTypeOf("number");
  });

  it("islands: dropped from n by default (spdep adjust.n), kept on request (esda)", () => {
    // lattice plus one isolated unit
    const ids = [...ids9, "10"];
    const wi = weightsFromNeighbors(ids, [...lattice.input.neighbors, []]);
    const v = [...lattice.input.values, 5];
    const drop = moran(v, wi, { permutations: 0 });
    const keep = moran(v, wi, { permutations: 0, islands: "keep" });
    expect(drop.n).toBe(9);
    expect(keep.n).toBe(10);
    expect(drop.islandIds).toEqual(["10"]);
    rel(drop.EI, -1 / 8, 1e-15);
    rel(keep.EI, -1 / 9, 1e-15);
    rel(keep.I / drop.I, 10 / 9, 1e-12);
  });

  it("Moran's I is invariant to affine transforms a*y + b, a != 0 (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 9, maxLength: 9 }).filter(
          (a) => Math.max(...a) - Math.min(...a) > 1e-3,
        ),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.boolean(),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        (v, a0, neg, b) => {
          const a = neg ? -a0 : a0;
          const w9 = weightsFromNeighbors(ids9, lattice.input.neighbors);
          const m1 = moran(v, w9, { permutations: 0 });
          const m2 = moran(v.map((x) => a * x + b), w9, { permutations: 0 });
          expect(Math.abs(m1.I - m2.I)).toBeLessThan(1e-9);
          expect(Math.abs(m1.z_rand - m2.z_rand)).toBeLessThan(1e-7);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("the same seed gives the same p_sim (property)", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const p1 = moran(lattice.input.values, weightsFromNeighbors(ids9, lattice.input.neighbors), { seed, permutations: 49 });
        const p2 = moran(lattice.input.values, weightsFromNeighbors(ids9, lattice.input.neighbors), { seed, permutations: 49 });
        expect(p1.p_sim).toBe(p2.p_sim);
      }),
      { numRuns: 20 },
    );
  });
});

describe("permutationPValue (doc example)", () => {
  it("counts ties on both sides by default, half with mid, on the upper side only with esda", () => {
    // no tie: the three rules agree
    for (const t of ["both", "mid", "esda"] as const) {
      expect(permutationPValue(9, 0, 990, "two-sided", t)).toBeCloseTo(0.01, 15);
      expect(permutationPValue(9, 0, 990, "greater", t)).toBeCloseTo(0.01, 15);
      expect(permutationPValue(9, 0, 990, "less", t)).toBeCloseTo(0.991, 15);
      expect(permutationPValue(996, 0, 3, "two-sided", t)).toBeCloseTo(0.004, 15);
    }
    // obs is the smallest value reached, tied by 491 of 999 (the doc example)
    expect(permutationPValue(508, 491, 0, "two-sided")).toBeCloseTo(0.492, 15); // (491 + 1) / 1000
    expect(permutationPValue(508, 491, 0, "two-sided", "mid")).toBeCloseTo(0.2465, 15); // (245.5 + 1) / 1000
    expect(permutationPValue(508, 491, 0, "two-sided", "esda")).toBeCloseTo(0.001, 15); // (min(999, 0) + 1) / 1000
    // one-sided: ties always count with "both" and "esda" (esda's >=), half with "mid"
    expect(permutationPValue(508, 491, 0, "greater")).toBeCloseTo(1, 15);
    expect(permutationPValue(508, 491, 0, "less")).toBeCloseTo(0.492, 15);
    expect(permutationPValue(508, 491, 0, "less", "esda")).toBeCloseTo(0.492, 15);
    expect(permutationPValue(508, 491, 0, "less", "mid")).toBeCloseTo(0.2465, 15);
    // every permutation ties
    expect(permutationPValue(0, 999, 0, "two-sided")).toBe(1);
    expect(permutationPValue(0, 999, 0, "two-sided", "mid")).toBeCloseTo(500.5 / 1000, 15);
    expect(permutationPValue(0, 999, 0, "two-sided", "esda")).toBeCloseTo(0.001, 15);
  });
});

describe("moran: ties", () => {
  // path a - b - c - d, row-standardised. y = [0, 10, 0, 0]: z = [-2.5, 7.5, -2.5, -2.5], z'z = 75.
  // 10 inside the path (b or c): W z = [7.5, -2.5, 2.5, -2.5] for b, z'Wz = -37.5, I = -0.5;
  // 10 at an end (a or d): W z = [-2.5, 2.5, -2.5, -2.5], z'Wz = -12.5, I = -1/6.
  // So the permutation distribution is I = -0.5 or -1/6 with probability 1/2 each.
  const path = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);

  it("a path of 4 (doc example): I = -0.5 is the smallest value, tied by half the permutations", () => {
    const m = moran([0, 10, 0, 0], path);
    rel(m.I, -0.5, 1e-15);
    const sim = Array.from(m.sim!);
    for (const v of sim) expect(Math.min(Math.abs(v + 0.5), Math.abs(v + 1 / 6))).toBeLessThan(1e-15);
    const tied = sim.filter((v) => Math.abs(v + 0.5) < 1e-9).length; // recount from the definition
    expect(m.ties_sim).toBe(tied);
    // binomial(999, 1/2): mean 499.5, sd 15.8; 5 sd either way
    expect(Math.abs(tied - 499.5)).toBeLessThan(80);
    expect(m.p_sim).toBeCloseTo((tied + 1) / 1000, 15); // both: min(999, tied) + 1
    // the doc example's numbers for the default seed (the draw is seeded)
    expect(tied).toBe(491);
    expect(m.p_sim).toBeCloseTo(0.492, 15);
    expect(moran([0, 10, 0, 0], path, { ties: "mid" }).p_sim).toBeCloseTo((tied / 2 + 1) / 1000, 15);
    expect(moran([0, 10, 0, 0], path, { ties: "esda" }).p_sim).toBeCloseTo(1 / 1000, 15); // the old count
    expect(moran([0, 10, 0, 0], path, { alternative: "less" }).p_sim).toBeCloseTo((tied + 1) / 1000, 15);
    expect(moran([0, 10, 0, 0], path, { alternative: "greater" }).p_sim).toBe(1);
    expect(m.ties).toBe("both");
  });

  it("a complete graph gives I = -1/(n-1) for every arrangement: every permutation ties (property)", () => {
    // z'Wz = ((sum z)^2 - z'z) / (n - 1) = -z'z / (n - 1) whatever the order: a degenerate
    // permutation distribution, computed with rounding errors of a few ulps
    const n = 7;
    const ids = Array.from({ length: n }, (_, i) => `u${i}`);
    const nb = ids.map((_, i) => ids.map((_, j) => j).filter((j) => j !== i));
    const w = weightsFromNeighbors(ids, nb);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n, maxLength: n }).filter(
          (a) => Math.max(...a) - Math.min(...a) > 1e-6,
        ),
        (v) => {
          const m = moran(v, w, { permutations: 99 });
          expect(Math.abs(m.I + 1 / (n - 1))).toBeLessThan(1e-13);
          expect(m.ties_sim).toBe(99);
          expect(m.p_sim).toBe(1);
          expect(moran(v, w, { permutations: 99, ties: "mid" }).p_sim).toBeCloseTo(50.5 / 100, 15);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("golden data have no ties: the three rules give the same p_sim", () => {
    for (const g of [columbus, afcon, synthetic]) {
      const w = weightsFromNeighbors(g.input.ids, g.input.neighbors);
      const b = moran(g.input.values, w);
      expect(b.ties_sim).toBe(0);
      expect(moran(g.input.values, w, { ties: "mid" }).p_sim).toBe(b.p_sim);
      expect(moran(g.input.values, w, { ties: "esda" }).p_sim).toBe(b.p_sim);
    }
  });
});

describe("moran: scale (overflow and underflow)", () => {
  const w = weightsFromNeighbors(columbus.input.ids, columbus.input.neighbors);
  const y = columbus.input.values;
  const g = columbus.expected.global;
  const fields = ["I", "EI", "VI_norm", "VI_rand", "z_norm", "z_rand", "p_norm", "p_rand", "p_sim", "EI_sim", "VI_sim", "z_sim"] as const;

  it("y times 1e300, 1e100, 1e-300: the golden numbers, no NaN, no 'constant'", () => {
    for (const k of [1e300, 1e100, 1e-300]) {
      const m = moran(y.map((v) => v * k), w);
      rel(m.I, g.I, 1e-9);
      rel(m.VI_rand, g.VI_rand, 1e-9);
      rel(m.z_rand, g.z_rand, 1e-9);
      rel(m.p_rand, g.p_rand_two_sided, 1e-9);
    }
  });

  it("multiplying y by a power of two changes nothing, bit for bit (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }).map((x) => (Math.abs(x) < 1e-3 ? 0 : x)), { minLength: 9, maxLength: 9 }).filter(
          (a) => Math.max(...a) - Math.min(...a) > 1e-3,
        ),
        fc.constantFrom(2 ** -900, 2 ** -300, 2 ** 300, 2 ** 900),
        (v, k) => {
          const w9 = weightsFromNeighbors(ids9, lattice.input.neighbors);
          const a = moran(v, w9, { permutations: 99 });
          const b = moran(v.map((x) => x * k), w9, { permutations: 99 });
          for (const f of fields) expect(b[f], f).toBe(a[f]);
          expect(Array.from(b.sim!)).toEqual(Array.from(a.sim!));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("multiplying y by 1e-200 or 1e200 changes nothing to 1e-12 relative (property)", () => {
    // y * 1e200 is rounded (1e200 is not a power of two): each value moves by up to 1.1e-16 of
    // itself. I, EI, EI_sim and the z-scores are compared relative to max(|value|, 1) (the scale
    // of I is 1 here: |I| <= (1 + max column sum) / 2 = 1.08 on this lattice), the rest relative.
    const floorOne = new Set(["I", "EI", "EI_sim", "z_norm", "z_rand", "z_sim"]);
    fc.assert(
      fc.property(
        // 0 or at least 1e-3 in magnitude, so that multiplying by 1e-200 cannot underflow an input
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }).map((x) => (Math.abs(x) < 1e-3 ? 0 : x)), { minLength: 9, maxLength: 9 }).filter(
          (a) => Math.max(...a) - Math.min(...a) > 1e-3,
        ),
        fc.constantFrom(1e-200, 1e200),
        (v, k) => {
          const w9 = weightsFromNeighbors(ids9, lattice.input.neighbors);
          const a = moran(v, w9, { permutations: 99 });
          const b = moran(v.map((x) => x * k), w9, { permutations: 99 });
          for (const f of fields) {
            const scale = floorOne.has(f) ? Math.max(Math.abs(a[f]!), 1) : Math.abs(a[f]!);
            expect(Math.abs(b[f]! - a[f]!), `${f}: ${b[f]} vs ${a[f]}`).toBeLessThanOrEqual(1e-12 * scale);
          }
          expect(b.p_sim).toBe(a.p_sim);
          expect(b.ties_sim).toBe(a.ties_sim);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** The same units in another order: values, ids and neighbour lists permuted consistently. */
function reorder(ids: readonly string[], nb: readonly (readonly number[])[], values: readonly number[], perm: number[]) {
  // perm[newPos] = oldPos
  const inv = new Array<number>(perm.length);
  perm.forEach((old, pos) => (inv[old] = pos));
  return {
    ids: perm.map((o) => ids[o]),
    neighbors: perm.map((o) => nb[o].map((j) => inv[j])),
    values: perm.map((o) => values[o]),
  };
}

describe("moran: the order of the units does not matter", () => {
  it("columbus and afcon in random orders: I, sim and p_sim identical (property)", () => {
    for (const g of [columbus, afcon]) {
      const w = weightsFromNeighbors(g.input.ids, g.input.neighbors);
      const base = moran(g.input.values, w, { permutations: 199, seed: 3 });
      const n = g.input.ids.length;
      fc.assert(
        fc.property(fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }), (perm) => {
          const r = reorder(g.input.ids.map(String), g.input.neighbors, g.input.values, perm);
          const m = moran(r.values, weightsFromNeighbors(r.ids, r.neighbors), { permutations: 199, seed: 3 });
          expect(m.I).toBe(base.I);
          expect(m.VI_rand).toBe(base.VI_rand);
          expect(m.p_sim).toBe(base.p_sim);
          expect(Array.from(m.sim!)).toEqual(Array.from(base.sim!));
        }),
        { numRuns: 15 },
      );
    }
  });
});

describe("moran: options given as numeric strings, the cost of the call", () => {
  const w = weightsFromNeighbors(ids9, lattice.input.neighbors);
  const y = lattice.input.values;

  it("permutations and seed as strings (as process.env gives them) are converted and echoed as numbers", () => {
    const a = moran(y, w, { permutations: "99", seed: "7" });
    const b = moran(y, w, { permutations: 99, seed: 7 });
    expect(a.p_sim).toBe(b.p_sim);
    expect(a.permutations).toBe(99);
    expect(a.seed).toBe(7);
  });

  it("says what it spent; refuses more than 10,000,000 permutations", () => {
    const m = moran(y, w, { permutations: 999 });
    expect(m.elapsed_ms).toBeGreaterThanOrEqual(0);
    expect(m.memory_bytes).toBeGreaterThanOrEqual(8 * 999);
    expect(moran(y, w, { permutations: 0 }).memory_bytes).toBeLessThan(8 * 999);
    expect(() => moran(y, w, { permutations: 10_000_001 })).toThrow(
      "moran: permutations must be at most 10,000,000 (a p-value resolution of 1e-7), got 10,000,001",
    );
    expect(() => moran(y, w, { permutations: 1e9 })).toThrow(/at most 10,000,000/);
  });
});

describe("moran: errors", () => {
  const w = weightsFromNeighbors(ids9, lattice.input.neighbors);
  it("length, NaN, constant, too few units, bad options", () => {
    expect(() => moran([1, 2, 3], w)).toThrow(/3 values but the weights have 9 units/);
    const v = [1, 2, 3, 4, NaN, 6, 7, 8, 9];
    expect(() => moran(v, w)).toThrow(/index 4 \(id "5"\) is NaN/);
    expect(() => moran(new Array(9).fill(2), w)).toThrow(/constant.*undefined/);
    const w3 = weightsFromPairs(["a", "b", "c"], [["a", "b"], ["b", "c"]]);
    expect(() => moran([1, 2, 4], w3)).toThrow(/3 units, need at least 4/);
    expect(() => moran(lattice.input.values, w, { permutations: -1 })).toThrow(/permutations/);
    expect(() => moran(lattice.input.values, w, { alternative: "two.sided" as never })).toThrow(/alternative/);
    expect(() => moran(lattice.input.values, w, { islands: "omit" as never })).toThrow(/islands/);
    expect(() => moran(lattice.input.values, w, { ties: "half" as never })).toThrow(
      'moran: ties must be "both", "mid" or "esda", got the string "half"',
    );
    expect(() => moran(lattice.input.values, w, { seed: 7.5 })).toThrow("moran: seed must be an integer, got 7.5");
    expect(() => moran(lattice.input.values, w, { seed: "7x" })).toThrow('moran: seed must be an integer, got the string "7x"');
    expect(() => moran(lattice.input.values, w, { permutations: "many" })).toThrow(
      'moran: permutations must be a non-negative integer, got the string "many"',
    );
    expect(() => moran(lattice.input.values, w, { permutations: "9.5" })).toThrow(/non-negative integer, got the string "9.5"/);
    const all = weightsFromPairs(["a", "b", "c", "d"], []);
    expect(() => moran([1, 2, 3, 4], all)).toThrow(/every unit is an island/);
  });
});
