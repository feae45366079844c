import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { conditionalCounts, localMoran } from "../../src/core/lisa";
import { moran, spatialDeviations } from "../../src/core/moran";
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
    // spdep's scaling (the doc example): n / (n - 1) = 6/5 times GeoDa's lisa values
    const ml = localMoran(isolate.input.values, w, { permutations: isolate.input.permutations, mlvar: true });
    relArr(ml.Is, isolate.expected.lisa.map((v: number) => (v * 6) / 5), t, "Is (mlvar)");
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

/**
 * Exact conditional-randomisation shares of the k-sequences of the other units whose I_i lies
 * above, ties (within 1e-9: the values are integers) or lies below the observed one.
 */
function exactShares(dev: number[], i: number, nbrs: readonly number[], wts: readonly number[]) {
  const others = dev.map((_, j) => j).filter((j) => j !== i);
  const k = nbrs.length;
  const obs = nbrs.reduce((s, j, t) => s + wts[t] * dev[j], 0);
  let gt = 0;
  let eq = 0;
  let total = 0;
  // all ordered k-sequences of distinct others (weights may differ by position)
  const rec = (chosen: number[]) => {
    if (chosen.length === k) {
      const lag = chosen.reduce((s, j, t) => s + wts[t] * dev[j], 0);
      const d = Math.sign(dev[i]) * (lag - obs); // I_sim - I_i has the sign of z_i (lag_sim - lag_i)
      total++;
      if (d > 1e-9) gt++;
      else if (d >= -1e-9) eq++;
      return;
    }
    for (const j of others) if (!chosen.includes(j)) rec([...chosen, j]);
  };
  rec([]);
  return { gt: gt / total, eq: eq / total, lt: (total - gt - eq) / total };
}

/** The folded p of each tie rule from exact shares (R to infinity). */
const exactFolded = (e: { gt: number; eq: number; lt: number }) => ({
  both: Math.min(e.gt + e.eq, e.lt + e.eq),
  mid: Math.min(e.gt + e.eq / 2, e.lt + e.eq / 2),
  esda: Math.min(e.gt + e.eq, e.lt),
});

describe("localMoran: the conditional permutation is uniform (against exact enumeration, with ties)", () => {
  const ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
  // a ring of 8 with one chord, so cardinalities 2 and 3; integer values, so many lags tie
  const nbrs = [[1, 7, 4], [0, 2], [1, 3], [2, 4], [3, 5, 0], [4, 6], [5, 7], [6, 0]];
  const y = [3, 9, 4, 1, 7, 2, 8, 5];
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const dev = y.map((v) => v - mean);

  it("equal weights (prefix-sum path, 70,000 permutations: two blocks): every tie rule within 0.012 of its exact p", () => {
    const w = weightsFromNeighbors(ids, nbrs);
    for (const ties of ["both", "mid", "esda"] as const) {
      const r = localMoran(y, w, { permutations: 70000, seed: 2024, ties });
      for (let i = 0; i < ids.length; i++) {
        const e = exactShares(dev, i, w.neighbors[i], w.weights[i]);
        const exact = exactFolded(e)[ties];
        expect(Math.abs(r.p_sim[i] - exact), `unit ${i}, ${ties}`).toBeLessThan(0.012);
        expect(Math.abs(r.ties_sim[i] / 70000 - e.eq), `unit ${i} ties`).toBeLessThan(0.012);
      }
    }
  });

  it("unequal weights in a row (general path): every tie rule within 0.012 of its exact p", () => {
    const base = weightsFromNeighbors(ids, nbrs, { style: "B" });
    const values = Float64Array.from(base.values, (_, q) => 1 + (q % 3));
    const weights = base.neighbors.map((row, i) => row.map((_, t) => values[base.offsets[i] + t]));
    const w = { ...base, values, weights, ids: base.ids, islandIndices: base.islandIndices, islands: base.islands };
    for (const ties of ["both", "mid", "esda"] as const) {
      const r = localMoran(y, w as typeof base, { permutations: 20000, seed: 7, ties });
      for (let i = 0; i < ids.length; i++) {
        const exact = exactFolded(exactShares(dev, i, w.neighbors[i], weights[i]))[ties];
        expect(Math.abs(r.p_sim[i] - exact), `unit ${i}, ${ties}`).toBeLessThan(0.012);
      }
    }
  });
});

describe("localMoran: ties", () => {
  it("a unit neighbouring every other unit ties in every permutation (doc example)", () => {
    // "hub"'s lag is the mean of the other four whatever the draw (mean of y = 4.2, none at the mean)
    const star = weightsFromNeighbors(["hub", "p", "q", "r", "s"], [[1, 2, 3, 4], [0], [0], [0], [0]]);
    const y = [10, 1, 2, 3, 5];
    const both = localMoran(y, star);
    expect(both.ties_sim[0]).toBe(999);
    expect(both.p_sim[0]).toBe(1);
    expect(both.cluster[0]).toBe("ns");
    expect(both.quadrant[0]).toBe("HL"); // z = 10 - 4.2 > 0, lag = mean(1, 2, 3, 5) - 4.2 < 0
    const mid = localMoran(y, star, { ties: "mid" });
    expect(mid.p_sim[0]).toBeCloseTo(500.5 / 1000, 15);
    expect(mid.cluster[0]).toBe("ns");
    // esda's count: min(#{I_sim >= I_i}, #{I_sim < I_i}) = min(999, 0): 1/1000, "significant"
    const esda = localMoran(y, star, { ties: "esda" });
    expect(esda.p_sim[0]).toBeCloseTo(1 / 1000, 15);
    expect(esda.cluster[0]).toBe("HL");
    // a leaf's one simulated neighbour is one of the other four values: it ties (draws the hub)
    // in about a quarter of the permutations (binomial(999, 1/4): mean 250, sd 14)
    for (const t of both.ties_sim.slice(1)) expect(Math.abs(t - 249.75)).toBeLessThan(70);
  });

  it("a complete graph: every unit ties in every permutation; rounding does not break the ties (property)", () => {
    const n = 6;
    const ids = Array.from({ length: n }, (_, i) => `u${i}`);
    const w = weightsFromNeighbors(ids, ids.map((_, i) => ids.map((_, j) => j).filter((j) => j !== i)));
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: n, maxLength: n }).filter(
          (a) => Math.max(...a) - Math.min(...a) > 1e-6,
        ),
        (v) => {
          const r = localMoran(v, w, { permutations: 99 });
          expect(r.ties_sim).toEqual(new Array(n).fill(99));
          expect(r.p_sim).toEqual(new Array(n).fill(1));
          expect(r.cluster).toEqual(new Array(n).fill("ns"));
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a unit at the mean (z_i = 0, I_i = 0 in every draw) ties in every permutation", () => {
    const w = weightsFromNeighbors(["a", "b", "c", "d", "e"], [[1], [0, 2], [1, 3], [2, 4], [3]]);
    const r = localMoran([1, 2, 3, 4, 5], w); // "c" = 3 = the mean
    expect(r.Is[2]).toBe(0);
    expect(r.ties_sim[2]).toBe(999);
    expect(r.p_sim[2]).toBe(1);
    expect(r.cluster[2]).toBe("ns");
    expect(localMoran([1, 2, 3, 4, 5], w, { ties: "esda" }).p_sim[2]).toBeCloseTo(0.001, 15); // esda's flaw
  });

  it("golden data: ties only where a draw can repeat the neighbours' sum; elsewhere the three rules agree", () => {
    // with k_i neighbours out of n - 1 others, a draw of exactly the observed neighbours ties
    // (probability 1 / C(n - 1, k_i)): real data have a few exact ties at units with few neighbours
    for (const g of [columbus, afcon, synthetic]) {
      const w = weightsFromNeighbors(g.input.ids, g.input.neighbors);
      const b = localMoran(g.input.values, w);
      const mid = localMoran(g.input.values, w, { ties: "mid" });
      const esda = localMoran(g.input.values, w, { ties: "esda" });
      b.ties_sim.forEach((t, i) => {
        if (t === 0) {
          expect(mid.p_sim[i]).toBe(b.p_sim[i]);
          expect(esda.p_sim[i]).toBe(b.p_sim[i]);
        }
        // ties add to the count: p (both) - p (esda) is at most ties / (R + 1)
        expect(b.p_sim[i] - esda.p_sim[i]).toBeGreaterThanOrEqual(-1e-15);
        expect(b.p_sim[i] - esda.p_sim[i]).toBeLessThanOrEqual(t / 1000 + 1e-15);
      });
      expect(b.ties_sim.filter((t) => t > 0).length).toBeLessThan(b.ties_sim.length / 2);
    }
  });
});

describe("localMoran: quadrants are not decided by rounding", () => {
  it("a lag that is 0 up to rounding counts as 0 (L), whatever the scale of the values", () => {
    // 3x3 rook lattice, y = c [1, 0, 0, 0, 0, 1, 0, 0, 1]: mean c/3; unit 6 (index 5) has neighbours
    // 3, 5, 9 with deviations -c/3, -c/3, 2c/3 and unit 8 (index 7) neighbours 5, 7, 9 alike: both
    // lags are exactly 0, computed as a residue of either sign
    const ids = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    const nb = [[1, 3], [0, 2, 4], [1, 5], [0, 4, 6], [1, 3, 5, 7], [2, 4, 8], [3, 7], [4, 6, 8], [5, 7]];
    const w = weightsFromNeighbors(ids, nb);
    for (const c of [1, 0.1, 7, 99.9999999999999, 1e-5, 3e7]) {
      const r = localMoran([c, 0, 0, 0, 0, c, 0, 0, c], w, { permutations: 9 });
      expect(Math.abs(r.lag[5])).toBeLessThan(1e-14);
      expect(r.quadrant[5], `c = ${c}`).toBe("HL"); // z > 0, lag 0
      expect(r.quadrant[7], `c = ${c}`).toBe("LL"); // z < 0, lag 0
    }
  });
});

describe("localMoran: mlvar (spdep's default scaling)", () => {
  for (const [name, g] of [
    ["columbus", columbus],
    ["afcon", afcon],
    ["synthetic-31", synthetic],
  ] as const) {
    it(`${name}: Is = golden Ii_mlvar (relative 1e-9); moments n/(n-1) and its square; z_cond and p_sim unchanged`, () => {
      const t = g.tolerance.relative;
      const n = g.input.values.length;
      const w = weightsFromNeighbors(g.input.ids, g.input.neighbors);
      const r = localMoran(g.input.values, w, { mlvar: true });
      const base = localMoran(g.input.values, w);
      relArr(r.Is, g.expected.local.Ii_mlvar, t, "Is");
      // the golden file: E_Is_cond / Var_Is_cond are spdep's mlvar = TRUE moments times (n-1)/n and ((n-1)/n)^2
      relArr(r.EI_cond, g.expected.local.E_Is_cond.map((v: number) => (v * n) / (n - 1)), t, "EI_cond");
      relArr(r.VI_cond, g.expected.local.Var_Is_cond.map((v: number) => v * (n / (n - 1)) ** 2), t, "VI_cond");
      relArr(r.z_cond, g.expected.local.Z_Is_cond, t, "z_cond");
      expect(r.p_sim).toEqual(base.p_sim);
      expect(r.cluster).toEqual(base.cluster);
      expect(r.mlvar).toBe(true);
      // with row-standardised W, mean(I_i) = I under this scaling
      const I = moran(g.input.values, w, { permutations: 0 }).I;
      expect(Math.abs(r.Is.reduce((s, v) => s + v, 0) / n - I)).toBeLessThan(1e-12);
    });
  }
});

describe("localMoran: scale", () => {
  const w = weightsFromNeighbors(columbus.input.ids, columbus.input.neighbors);
  const y = columbus.input.values;
  const e = columbus.expected.local;

  it("y times 1e300 and 1e-300: the golden Is (no 0s, no NaN, no 'constant')", () => {
    for (const k of [1e300, 1e100, 1e-300]) {
      const r = localMoran(y.map((v) => v * k), w, { permutations: 99 });
      relArr(r.Is, e.Ii, 1e-9, `Is, y * ${k}`);
    }
  });

  it("multiplying y by 1e-200 or 1e200 changes nothing (Is to 1e-12 of their scale; property)", () => {
    const n = 9;
    const ids = Array.from({ length: n }, (_, i) => String(i + 1));
    const nb = [[1, 3], [0, 2, 4], [1, 5], [0, 4, 6], [1, 3, 5, 7], [2, 4, 8], [3, 7], [4, 6, 8], [5, 7]];
    const w9 = weightsFromNeighbors(ids, nb);
    fc.assert(
      fc.property(
        // 0 or at least 1e-3 in magnitude, so that multiplying by 1e-200 cannot underflow an input
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }).map((x) => (Math.abs(x) < 1e-3 ? 0 : x)), { minLength: n, maxLength: n }).filter(
          (a) => Math.max(...a) - Math.min(...a) > 1e-3,
        ),
        fc.constantFrom(1e-200, 1e200),
        (v, k) => {
          const a = localMoran(v, w9, { permutations: 99 });
          const b = localMoran(v.map((x) => x * k), w9, { permutations: 99 });
          // the scale of the local statistics: |I_i| <= (n - 1) max z^2 / sum z^2 with W rows summing
          // to 1, i.e. ((n - 1) / n) max z^2 in the standardised z of the result
          const zmax = Math.max(...a.z.map(Math.abs));
          const top = ((n - 1) / n) * zmax * zmax;
          a.Is.forEach((x, i) => expect(Math.abs(b.Is[i] - x), `Is[${i}]`).toBeLessThanOrEqual(1e-12 * top));
          // z and lag: up to their scale max |z|
          for (const f of ["z", "lag"] as const) {
            a[f].forEach((x, i) => expect(Math.abs(b[f][i] - x), `${f}[${i}]`).toBeLessThanOrEqual(1e-12 * zmax));
          }
          expect(b.p_sim).toEqual(a.p_sim);
          expect(b.quadrant).toEqual(a.quadrant);
          expect(b.cluster).toEqual(a.cluster);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** The same units in another order: values, ids and neighbour lists permuted consistently. */
function reorder(ids: readonly string[], nb: readonly (readonly number[])[], values: readonly number[], perm: number[]) {
  const inv = new Array<number>(perm.length);
  perm.forEach((old, pos) => (inv[old] = pos));
  return { ids: perm.map((o) => ids[o]), neighbors: perm.map((o) => nb[o].map((j) => inv[j])), values: perm.map((o) => values[o]) };
}

describe("localMoran: the order of the units does not matter", () => {
  it("columbus, afcon, the isolate case in random orders: every local result and the global p_sim identical by id (property)", () => {
    for (const g of [columbus, afcon, { input: { ...isolate.input, ids: ["a", "b", "c", "d", "e", "f"] } }]) {
      const ids = g.input.ids.map(String);
      const w = weightsFromNeighbors(ids, g.input.neighbors);
      const opts = { permutations: 199, seed: 11 };
      const base = localMoran(g.input.values, w, opts);
      const baseFdr = localMoran(g.input.values, w, { ...opts, correction: "fdr" as const, alpha: 0.2 });
      const baseGlobal = moran(g.input.values, w, opts);
      const n = ids.length;
      fc.assert(
        fc.property(fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }), (perm) => {
          const r = reorder(ids, g.input.neighbors, g.input.values, perm);
          const wr = weightsFromNeighbors(r.ids, r.neighbors);
          const l = localMoran(r.values, wr, opts);
          const lf = localMoran(r.values, wr, { ...opts, correction: "fdr" as const, alpha: 0.2 });
          perm.forEach((old, pos) => {
            for (const f of ["Is", "z", "lag", "EI_cond", "VI_cond", "z_cond", "p_sim", "ties_sim", "quadrant", "cluster"] as const) {
              expect(l[f][pos], `${f} of ${ids[old]}`).toStrictEqual(base[f][old]);
            }
            expect(lf.cluster[pos]).toBe(baseFdr.cluster[old]);
          });
          expect(lf.cutoff).toBe(baseFdr.cutoff);
          expect(moran(r.values, wr, opts).p_sim).toBe(baseGlobal.p_sim);
        }),
        { numRuns: 12 },
      );
    }
  });
});

describe("localMoran: the table's blocks do not change the counts", () => {
  it("block sizes 1 row, 7 rows and all rows give the same counts; the prefix-sum and general paths agree", () => {
    const w = weightsFromNeighbors(columbus.input.ids, columbus.input.neighbors);
    const { z, canon } = spatialDeviations(columbus.input.values, w, "test", 3);
    const n = z.length;
    const { offsets, indices, values } = canon;
    let kmax = 0;
    const lag = new Float64Array(n);
    for (let a = 0; a < n; a++) {
      kmax = Math.max(kmax, offsets[a + 1] - offsets[a]);
      for (let q = offsets[a]; q < offsets[a + 1]; q++) lag[a] += values[q] * z[indices[q]];
    }
    const K = kmax + 1;
    const band = new Float64Array(n).fill(1e-9);
    const skip = new Uint8Array(n);
    const run = (constRows: number, entries: number) =>
      conditionalCounts(z, lag, band, new Uint8Array(n).fill(constRows), skip, offsets, values, K, 999, 5, entries);
    const all = run(1, 1 << 20);
    for (const entries of [K, 7 * K, 100 * K + 3]) {
      const b = run(1, entries);
      expect(Array.from(b.above)).toEqual(Array.from(all.above));
      expect(Array.from(b.below)).toEqual(Array.from(all.below));
      expect(b.bytes).toBeLessThan(all.bytes);
    }
    const general = run(0, K);
    expect(Array.from(general.above)).toEqual(Array.from(all.above));
    expect(Array.from(general.below)).toEqual(Array.from(all.below));
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
    expect(() => localMoran([1, 2, 3, 4, 5, 6], w, { alpha: "5%" })).toThrow(
      'localMoran: alpha must be a number in (0, 1), got the string "5%"',
    );
    expect(() => localMoran([1, 2, 3, 4, 5, 6], w, { mlvar: "yes" as never })).toThrow(/mlvar must be true or false/);
    expect(() => localMoran([1, 2, 3, 4, 5, 6], w, { ties: "half" as never })).toThrow(/ties must be "both", "mid" or "esda"/);
    expect(() => localMoran([1, 2, 3, 4, 5, 6], w, { permutations: 20_000_000 })).toThrow(
      "localMoran: permutations must be at most 10,000,000 (a p-value resolution of 1e-7), got 20,000,000",
    );
  });

  it("numeric strings (as process.env gives them) are accepted: permutations, seed, alpha", () => {
    const v = [1, 2, 3, 4, 5, 6];
    const a = localMoran(v, w, { permutations: "99", seed: "7", alpha: "0.1" });
    const b = localMoran(v, w, { permutations: 99, seed: 7, alpha: 0.1 });
    expect(a.p_sim).toEqual(b.p_sim);
    expect(a).toMatchObject({ permutations: 99, seed: 7, alpha: 0.1, cutoff: 0.1 });
  });
});
