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
  it("folds and one-sided counts", () => {
    expect(permutationPValue(990, 10, 999, "two-sided")).toBeCloseTo(0.01, 15);
    expect(permutationPValue(990, 10, 999, "greater")).toBeCloseTo(0.991, 15);
    expect(permutationPValue(990, 10, 999, "less")).toBeCloseTo(0.011, 15);
    expect(permutationPValue(3, 996, 999, "two-sided")).toBeCloseTo(0.004, 15);
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
    const all = weightsFromPairs(["a", "b", "c", "d"], []);
    expect(() => moran([1, 2, 3, 4], all)).toThrow(/every unit is an island/);
  });
});
