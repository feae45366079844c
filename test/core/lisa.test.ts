import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { localMoran } from "../../src/core/lisa";
import { moran } from "../../src/core/moran";
import { weightsFromNeighbors } from "../../src/core/weights";
import columbus from "../golden/moran-columbus.json";
import afcon from "../golden/moran-afcon.json";
import synthetic from "../golden/moran-synthetic-31.json";
import isolate from "../golden/lisa-geoda-isolate.json";

const relArr = (a: number[], b: number[], t: number, what: string) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    const err = Math.abs(x - b[i]) / Math.max(Math.abs(b[i]), 1e-300);
    expect(err, `${what}[${i}]: ${x} vs ${b[i]}`).toBeLessThanOrEqual(t);
  });
};

describe("localMoran: golden files", () => {
  for (const [name, g] of [
    ["columbus", columbus],
    ["afcon", afcon],
    ["synthetic-31", synthetic],
  ] as const) {
    it(`${name}: Is, moments, lag, quadrants to relative 1e-9; p_sim statistically`, () => {
      const t = g.tolerance.relative;
      const w = weightsFromNeighbors(g.input.ids, g.input.neighbors);
      const r = localMoran(g.input.values, w);
      const e = g.expected.local;
      const n = g.input.values.length;
      relArr(r.Is, e.Ii, t, "Is");
      relArr(r.EI_cond, e.E_Is_cond, t, "EI_cond");
      relArr(r.VI_cond, e.Var_Is_cond, t, "VI_cond");
      relArr(r.z_cond, e.Z_Is_cond, t, "z_cond");
      // golden lag_z is W (y - mean); the library's lag is of z standardised with the population sd
      const y = g.input.values;
      const mean = y.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
      relArr(r.lag, e.lag_z.map((v) => v / sd), t, "lag");
      relArr(r.z, y.map((v) => (v - mean) / sd), 1e-12, "z");
      expect(r.quadrant).toEqual(e.quadrant);
      // mean(I_i) = ((n-1)/n) I with row-standardised W
      const I = moran(g.input.values, w, { permutations: 0 }).I;
      expect(Math.abs(r.Is.reduce((s, v) => s + v, 0) / n - ((n - 1) / n) * I)).toBeLessThan(1e-12);
      // permutation p-values: decisions at 0.05 agree with esda for >= 85% of units
      const ref = g.expected.permutation_reference.esda_local_p_sim_folded;
      const agree = r.p_sim.filter((p, i) => p <= 0.05 === ref[i] <= 0.05).length;
      expect(agree / n).toBeGreaterThanOrEqual(0.85);
      expect(Math.min(...r.p_sim)).toBeGreaterThanOrEqual(1 / 1000);
      expect(Math.max(...r.p_sim)).toBeLessThanOrEqual(0.5 + 1e-12);
      // clusters: quadrant where significant
      r.cluster.forEach((c, i) => expect(c).toBe(r.p_sim[i] <= 0.05 ? r.quadrant[i] : "ns"));
    });
  }

  it("GeoDa isolate case (doc example): lisa, lag and the isolate label", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    const w = weightsFromNeighbors(ids, isolate.input.neighbors);
    const r = localMoran(isolate.input.values, w, { permutations: isolate.input.permutations });
    const t = isolate.tolerance.relative;
    relArr(r.Is, isolate.expected.lisa, t, "Is");
    const n = 6;
    relArr(r.lag, isolate.expected.lag.map((v) => v * Math.sqrt(n / (n - 1))), t, "lag");
    expect(r.cluster[2]).toBe("isolated");
    expect(isolate.expected.clusters[2]).toBe(6);
    expect(r.Is[2]).toBe(0);
    expect(r.lag[2]).toBe(0);
    expect(r.p_sim[2]).toBeNaN();
    expect(r.z_cond[2]).toBeNaN();
    expect(r.islandIds).toEqual(["c"]);
    expect(r.tested).toBe(5);
    for (const i of [0, 1, 3, 4, 5]) expect(r.p_sim[i]).toBeGreaterThanOrEqual(1 / 100);
  });
});

describe("localMoran: options", () => {
  const w = weightsFromNeighbors(columbus.input.ids, columbus.input.neighbors);
  const y = columbus.input.values;

  it("echoes options; the same seed gives the same p-values, another seed differs", () => {
    const a = localMoran(y, w, { seed: 5, permutations: 199 });
    const b = localMoran(y, w, { seed: 5, permutations: 199 });
    const c = localMoran(y, w, { seed: 6, permutations: 199 });
    expect(a.p_sim).toEqual(b.p_sim);
    expect(a.p_sim).not.toEqual(c.p_sim);
    expect(a).toMatchObject({ seed: 5, permutations: 199, alpha: 0.05, correction: "none", cutoff: 0.05 });
  });

  it("bonferroni and fdr cut-offs", () => {
    const none = localMoran(y, w);
    const bon = localMoran(y, w, { correction: "bonferroni" });
    expect(bon.cutoff).toBeCloseTo(0.05 / 49, 15);
    const fdr = localMoran(y, w, { correction: "fdr", alpha: 0.1 });
    // BH by brute force on the p-values
    const ps = [...fdr.p_sim].sort((a, b) => a - b);
    let k = 0;
    ps.forEach((p, i) => {
      if (p <= ((i + 1) * 0.1) / 49) k = i + 1;
    });
    expect(fdr.cutoff).toBeCloseTo((k * 0.1) / 49, 15);
    const sig = (r: typeof none) => r.cluster.filter((c) => c !== "ns").length;
    expect(sig(fdr)).toBe(k);
    expect(sig(bon)).toBeLessThanOrEqual(sig(none));
    expect(bon.p_sim).toEqual(none.p_sim);
  });

  it("the same seed gives the same p-values (property, small random data)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 6, maxLength: 6 }).filter((a) => new Set(a).size > 1),
        fc.integer(),
        (v, seed) => {
          const wi = weightsFromNeighbors(["a", "b", "c", "d", "e", "f"], isolate.input.neighbors);
          const r1 = localMoran(v, wi, { seed, permutations: 49 });
          const r2 = localMoran(v, wi, { seed, permutations: 49 });
          expect(r1.p_sim).toEqual(r2.p_sim);
          r1.p_sim.forEach((p, i) => {
            if (i !== 2) expect(p).toBeGreaterThanOrEqual(1 / 50);
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it("one-sided alternatives", () => {
    const g = localMoran(y, w, { alternative: "greater", permutations: 99 });
    const l = localMoran(y, w, { alternative: "less", permutations: 99 });
    g.p_sim.forEach((p, i) => expect(p + l.p_sim[i]).toBeGreaterThanOrEqual(1));
  });
});

/** Exact conditional-randomisation share of k-subsets of the other units with lag >= observed. */
function exactShareGE(dev: number[], i: number, nbrs: readonly number[], wts: readonly number[]): number {
  const others = dev.map((_, j) => j).filter((j) => j !== i);
  const k = nbrs.length;
  const obs = nbrs.reduce((s, j, t) => s + wts[t] * dev[j], 0);
  let ge = 0;
  let total = 0;
  // all ordered k-sequences of distinct others (weights may differ by position)
  const rec = (chosen: number[]) => {
    if (chosen.length === k) {
      const lag = chosen.reduce((s, j, t) => s + wts[t] * dev[j], 0);
      total++;
      if ((dev[i] > 0 ? lag - obs : obs - lag) >= -1e-12) ge++;
      return;
    }
    for (const j of others) if (!chosen.includes(j)) rec([...chosen, j]);
  };
  rec([]);
  return ge / total;
}

describe("localMoran: the conditional permutation is uniform (against exact enumeration)", () => {
  const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
  // a ring of 8 with one chord, so cardinalities 2 and 3
  const nbrs = [[1, 7, 4], [0, 2], [1, 3], [2, 4], [3, 5, 0], [4, 6], [5, 7], [6, 0]];
  const y = [3, 9, 4, 1, 7, 2, 8, 5];
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const dev = y.map((v) => v - mean);
  const R = 20000;

  it("equal weights (prefix-sum path): p_sim within 0.012 of the exact folded p", () => {
    const w = weightsFromNeighbors(ids, nbrs);
    const r = localMoran(y, w, { permutations: R, seed: 2024 });
    for (let i = 0; i < ids.length; i++) {
      const share = exactShareGE(dev, i, w.neighbors[i], w.weights[i]);
      const exact = Math.min(share, 1 - share);
      expect(Math.abs(r.p_sim[i] - exact), `unit ${i}`).toBeLessThan(0.012);
    }
  });

  it("unequal weights in a row (general path): p_sim within 0.012 of the exact folded p", () => {
    const base = weightsFromNeighbors(ids, nbrs, { style: "B" });
    const values = Float64Array.from(base.values, (_, q) => 1 + (q % 3));
    const weights = base.neighbors.map((row, i) => row.map((_, t) => values[base.offsets[i] + t]));
    const w = { ...base, values, weights, ids: base.ids, islandIndices: base.islandIndices, islands: base.islands };
    const r = localMoran(y, w as typeof base, { permutations: R, seed: 7 });
    for (let i = 0; i < ids.length; i++) {
      const share = exactShareGE(dev, i, w.neighbors[i], weights[i]);
      const exact = Math.min(share, 1 - share);
      expect(Math.abs(r.p_sim[i] - exact), `unit ${i}`).toBeLessThan(0.012);
    }
  });
});

describe("localMoran: errors", () => {
  const w = weightsFromNeighbors(["a", "b", "c", "d", "e", "f"], isolate.input.neighbors);
  it("length, NaN, constant, too few units, bad options", () => {
    expect(() => localMoran([1, 2], w)).toThrow(/2 values but the weights have 6 units/);
    expect(() => localMoran([1, 2, 3, NaN, 5, 6], w)).toThrow(/index 3 \(id "d"\) is NaN/);
    expect(() => localMoran([1, 1, 1, 1, 1, 1], w)).toThrow(/constant/);
    const w2 = weightsFromNeighbors(["a", "b"], [[1], [0]]);
    expect(() => localMoran([1, 2], w2)).toThrow(/2 units, need at least 3/);
    expect(() => localMoran([1, 2, 3, 4, 5, 6], w, { permutations: 0 })).toThrow(/at least 1/);
    expect(() => localMoran([1, 2, 3, 4, 5, 6], w, { alpha: 5 })).toThrow(/alpha/);
    expect(() => localMoran([1, 2, 3, 4, 5, 6], w, { correction: "holm" as never })).toThrow(/correction/);
  });
});
