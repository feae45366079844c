// Interval calls of the uncertainty section: each equals the core's `bootstrap` (or `moran`) called
// directly in the test on the same numbers laid out by hand, with the same seed; the expected
// intervals never come from the frame call itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bootstrap } from "../../src/core/bootstrap";
import { couplingCoordination } from "../../src/core/coupling";
import { dagum } from "../../src/core/dagum";
import { entropyWeights } from "../../src/core/entropy";
import { moran } from "../../src/core/moran";
import { DEFAULT_SEED } from "../../src/core/random";
import { weightsFromNeighbors } from "../../src/core/weights";
import { parseSpec } from "../../src/data/spec";
import { coupling } from "../../src/frame/coupling";
import { entropy } from "../../src/frame/entropy";
import { FrameError } from "../../src/frame/errors";
import { panel } from "../../src/frame/panel";
import type { Row } from "../../src/frame/results";
import { moranByYear } from "../../src/frame/spatial";
import { summarize } from "../../src/frame/summarize";
import { dagumIntervals, meanIntervals, meanIntervalsReweighted, METHOD_REWEIGHTED, METHOD_WEIGHTS_FIXED, METHOD_WITHIN_GROUPS, moranNull } from "../../src/frame/uncertainty";

/** The mean, summed left to right (the statistic the frame bootstraps). */
const mean = (s: number[]): number => s.reduce((a, b) => a + b, 0) / s.length;

/** Sample sd (n - 1) and mean of an array, written out. */
function sdOf(x: ArrayLike<number>): { m: number; sd: number } {
  const a = Array.from(x);
  const m = a.reduce((p, q) => p + q, 0) / a.length;
  return { m, sd: Math.sqrt(a.reduce((p, q) => p + (q - m) ** 2, 0) / (a.length - 1)) };
}

/** Rows in a scrambled (but fixed) order: the frame calls must not depend on row order. */
function scramble<T>(rows: readonly T[]): T[] {
  return rows.map((r, i) => ({ r, k: (i * 7919) % 101 })).sort((a, b) => a.k - b.k).map((x) => x.r);
}

// Eight units in two groups: A (5 units: a1..a5) and B (3 units: b1..b3), two years. Unit ids in
// code-unit order: a1 < a2 < ... < a5 < b1 < b2 < b3 (the order every bootstrap draws from).
const ids = ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3"];
const d2018 = [0.31, 0.42, 0.38, 0.55, 0.47, 0.29, 0.33, 0.36];
const d2019 = [0.35, 0.44, 0.43, 0.61, 0.5, 0.3, 0.37, 0.41];
const groupOf = (u: string) => (u.startsWith("a") ? "A" : "B");
const meansPanel: Row[] = scramble(
  ids.flatMap((u, i) => [
    { unit: u, t: 2018, grp: groupOf(u), D: d2018[i] },
    { unit: u, t: 2019, grp: groupOf(u), D: d2019[i] },
  ]),
);

describe("meanIntervals (units resampled, weights fixed)", () => {
  const opts = { unit: "unit", time: "t", resamples: 199 } as const;

  it("the national mean per time is bootstrap(mean, the units' D in id order) with the same seed", () => {
    const r = meanIntervals(meansPanel, opts);
    expect(r.rows.map((x) => [x.t, x.group])).toEqual([[2018, "all"], [2019, "all"]]);
    for (const [t, d] of [[2018, d2018], [2019, d2019]] as const) {
      const exp = bootstrap(mean, [...d], { resamples: 199, seed: DEFAULT_SEED });
      const got = r.rows.find((x) => x.t === t)!;
      expect(got.estimate).toBe(exp.estimate);
      expect(got.lower).toBe(exp.lower);
      expect(got.upper).toBe(exp.upper);
      const { m, sd } = sdOf(exp.replicates);
      expect(got.se).toBeCloseTo(sd, 15);
      expect(got.bias).toBeCloseTo(m - exp.estimate, 15);
      expect(got).toMatchObject({ n: 8, level: 0.95, method: METHOD_WEIGHTS_FIXED, interval: "percentile", resamples: 199, seed: DEFAULT_SEED, unreliable: false, note: "" });
    }
    // the estimate is summarize's national mean (to rounding: the sum runs in id order there in row order)
    const s = summarize(meansPanel, { unit: "unit", time: "t", levels: false });
    for (const row of r.rows) expect(row.estimate).toBeCloseTo(s.rows.find((x) => x.t === row.t)!.D as number, 14);
    expect(r.method).toBe("units resampled, weights fixed");
    expect(r.keys.group).toBeUndefined();
  });

  it("groups: each group's units in id order, the same seed; a group of fewer than 5 units is flagged with a note", () => {
    const r = meanIntervals(meansPanel, { ...opts, by: "grp" });
    expect(r.groups.map((g) => g.id)).toEqual(["all", "A", "B"]);
    for (const [t, d] of [[2018, d2018], [2019, d2019]] as const) {
      const A = bootstrap(mean, d.slice(0, 5), { resamples: 199, seed: DEFAULT_SEED });
      const B = bootstrap(mean, d.slice(5), { resamples: 199, seed: DEFAULT_SEED });
      const a = r.rows.find((x) => x.t === t && x.group === "A")!;
      const b = r.rows.find((x) => x.t === t && x.group === "B")!;
      expect([a.estimate, a.lower, a.upper]).toEqual([A.estimate, A.lower, A.upper]);
      expect([b.estimate, b.lower, b.upper]).toEqual([B.estimate, B.lower, B.upper]);
      expect(a.unreliable).toBe(false); // 5 units: not fewer than 5
      expect(b.unreliable).toBe(true); // 3 units
      expect(a.n).toBe(5);
      expect(b.n).toBe(3);
    }
    const b = r.rows.find((x) => x.group === "B")!;
    // 3 values: C(5, 3) = 10 distinct resamples; sqrt(2/3) = 0.816
    expect(b.note).toMatch(/^B: 3 units \(fewer than 5\): a bootstrap of 3 values has only 10 distinct resamples .* sqrt\(\(n - 1\)\/n\) = 0\.816/);
    expect(r.warnings).toEqual([b.note]);
    expect(r.rows.filter((x) => x.group === "all").every((x) => !x.unreliable)).toBe(true);
    // national: false leaves the mean over all units out; minUnits moves the flag
    expect(meanIntervals(meansPanel, { ...opts, by: "grp", national: false }).groups.map((g) => g.id)).toEqual(["A", "B"]);
    expect(meanIntervals(meansPanel, { ...opts, by: "grp", minUnits: 3 }).rows.some((x) => x.unreliable)).toBe(false);
    // display table: times as rows, "estimate [lower, upper]" per series, † for unreliable
    const t0 = r.tableRows[0];
    expect(r.columns).toEqual(["t", "全部 All", "A", "B"]);
    expect(t0.B).toMatch(/^0\.327 \[0\.\d{3}, 0\.\d{3}\] †$/); // (0.29 + 0.33 + 0.36) / 3 = 0.32667
  });

  it("one seed for every time: the b-th resample draws the same units in each time (a shift of every unit's D shifts the interval)", () => {
    // 2019 = 2018 + 0.125 for every unit (exact in binary): the bounds move by 0.125 (to rounding)
    const shifted: Row[] = ids.flatMap((u, i) => [
      { unit: u, t: 2018, D: d2018[i] },
      { unit: u, t: 2019, D: d2018[i] + 0.125 },
    ]);
    const r = meanIntervals(shifted, opts);
    const [a, b] = r.rows;
    expect(b.lower as number).toBeCloseTo((a.lower as number) + 0.125, 12);
    expect(b.upper as number).toBeCloseTo((a.upper as number) + 0.125, 12);
    expect(b.se as number).toBeCloseTo(a.se as number, 12);
  });

  it("row order does not matter; text options; BCa is the core's BCa", () => {
    const sorted = [...meansPanel].sort((x, y) => String(x.unit).localeCompare(String(y.unit)) || (x.t as number) - (y.t as number));
    expect(meanIntervals(sorted, { ...opts, by: "grp" }).rows).toEqual(meanIntervals(meansPanel, { ...opts, by: "grp" }).rows);
    const r = meanIntervals(meansPanel, { unit: "unit", time: "t", resamples: "299", seed: "7", level: "0.9", interval: "bca" });
    const exp = bootstrap(mean, [...d2019], { resamples: 299, seed: 7, level: 0.9, method: "bca" });
    const got = r.rows[1];
    expect([got.lower, got.upper, got.level, got.seed, got.interval]).toEqual([exp.lower, exp.upper, 0.9, 7, "bca"]);
  });

  it("refuses an unbalanced panel, unknown interval methods, bad minUnits and too few resamples", () => {
    const unbalanced = meansPanel.filter((r) => !(r.unit === "b3" && r.t === 2019));
    expect(() => meanIntervals(unbalanced, opts)).toThrow(/unbalanced.*b3: no row for 2019/s);
    expect(() => meanIntervals(meansPanel, { ...opts, interval: "normal" as never })).toThrow(/interval must be "percentile" or "bca", got the string "normal"/);
    expect(() => meanIntervals(meansPanel, { ...opts, minUnits: 0 })).toThrow(/minUnits must be a positive integer/);
    expect(() => meanIntervals(meansPanel, { ...opts, resamples: 50 })).toThrow(/meanIntervals: 2018: bootstrap: resamples must be an integer of at least 99, got 50/);
    expect(() => meanIntervals(meansPanel, { ...opts, seed: "7a" })).toThrow(FrameError);
  });

  it("property: for any data and seed the interval is the core's, and lower <= upper", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 31 }), (vals, seed) => {
        const rows = vals.map((D, i) => ({ unit: `u${String(i).padStart(2, "0")}`, t: 1, D }));
        const r = meanIntervals(rows, { unit: "unit", time: "t", resamples: 99, seed });
        const exp = bootstrap(mean, vals, { resamples: 99, seed });
        return r.rows[0].lower === exp.lower && r.rows[0].upper === exp.upper && (r.rows[0].lower as number) <= (r.rows[0].upper as number);
      }),
      { numRuns: 40 },
    );
  });
});

// ---- weights re-estimated ------------------------------------------------------------------------------

// Two systems of two indicators (one negative), six units, two years; a fifth indicator is
// "unavailable" (not in the panel) and must be ignored, as entropy() does.
const spec = parseSpec(
  [
    "id,system,direction,criterion,status",
    "x1,X,+,p,real",
    "x2,X,-,q,real",
    "y1,Y,+,r,real",
    "y2,Y,+,s,real",
    "z9,Y,+,s,unavailable",
  ].join("\n"),
);
const units6 = ["u1", "u2", "u3", "u4", "u5", "u6"];
// values[indicator][unit][year]
const V: Record<string, number[][]> = {
  x1: [[1, 2], [3, 4], [2, 6], [5, 5], [4, 7], [6, 9]],
  x2: [[9, 8], [7, 7], [8, 5], [6, 6], [5, 3], [4, 2]],
  y1: [[2, 3], [2, 5], [4, 4], [6, 8], [3, 6], [7, 9]],
  y2: [[1, 1], [4, 3], [2, 5], [3, 6], [5, 4], [6, 8]],
};
const years = [2018, 2019];
const rwPanel: Row[] = scramble(units6.flatMap((u, i) => years.map((t, j) => ({ unit: u, year: t, x1: V.x1[i][j], x2: V.x2[i][j], y1: V.y1[i][j], y2: V.y2[i][j] }))));

/** The pipeline written out with the core: pooled entropy per system on the resample's rows (unit by unit, years in order), coupling, mean per year. */
function handPipeline(sample: number[], perYear = false): number[] {
  const sys = [
    { ind: ["x1", "x2"], dir: ["+", "-"] as ("+" | "-")[] },
    { ind: ["y1", "y2"], dir: ["+", "+"] as ("+" | "-")[] },
  ];
  const m = sample.length * 2;
  const scores = sys.map((s) => {
    const cols = s.ind.map((id) => {
      const c = new Float64Array(m);
      sample.forEach((u, a) => years.forEach((_, j) => (c[a * 2 + j] = V[id][u][j])));
      return c;
    });
    if (!perYear) return entropyWeights(cols, { directions: s.dir }).scores;
    const out = new Float64Array(m);
    years.forEach((_, j) => {
      const sc = entropyWeights(cols.map((c) => Float64Array.from(sample, (_, a) => c[a * 2 + j])), { directions: s.dir }).scores;
      sample.forEach((_, a) => (out[a * 2 + j] = sc[a]));
    });
    return out;
  });
  const D = couplingCoordination(scores).D;
  return years.map((_, j) => {
    let t = 0;
    for (let a = 0; a < sample.length; a++) t += D[a * 2 + j];
    return t / sample.length;
  });
}

describe("meanIntervalsReweighted (weights re-estimated on each resample)", () => {
  it("each year's interval is bootstrap(the pipeline's mean of that year, units) with the same seed", () => {
    const r = meanIntervalsReweighted(rwPanel, spec, { unit: "unit", resamples: 199 });
    years.forEach((t, j) => {
      const exp = bootstrap((s: number[]) => handPipeline(s)[j], [0, 1, 2, 3, 4, 5], { resamples: 199, seed: DEFAULT_SEED });
      const got = r.rows[j];
      expect(got.year).toBe(t);
      expect(got.estimate).toBeCloseTo(exp.estimate, 14);
      expect(got.lower).toBeCloseTo(exp.lower, 14);
      expect(got.upper).toBeCloseTo(exp.upper, 14);
      expect(got).toMatchObject({ group: "all", n: 6, method: METHOD_REWEIGHTED, resamples: 199, unreliable: false });
    });
    expect(r.method).toBe("units resampled with all their times, entropy weights re-estimated on each resample");
  });

  it("the estimate is the frame pipeline entropy -> coupling -> summarize (pooled and per-year)", () => {
    for (const mode of ["pooled", "per-year"] as const) {
      const r = meanIntervalsReweighted(rwPanel, spec, { unit: "unit", resamples: 99, panel: mode });
      const s = summarize(coupling(entropy(rwPanel, spec, { unit: "unit", panel: mode }).scores), { levels: false });
      years.forEach((t, j) => expect(r.rows[j].estimate).toBeCloseTo(s.rows.find((x) => x.year === t)!.D as number, 13));
      if (mode === "per-year") {
        const exp = bootstrap((x: number[]) => handPipeline(x, true)[1], [0, 1, 2, 3, 4, 5], { resamples: 99, seed: DEFAULT_SEED });
        expect(r.rows[1].lower).toBeCloseTo(exp.lower, 14);
        expect(r.rows[1].upper).toBeCloseTo(exp.upper, 14);
      }
    }
  });

  it("a resample with a constant indicator stops with the year and resample named", () => {
    // y2 is 0 except for u1: about a third of the resamples leave u1 out
    const spiky = rwPanel.map((r) => ({ ...r, y2: r.unit === "u1" ? 5 : 0 }));
    expect(() => meanIntervalsReweighted(spiky, spec, { unit: "unit", resamples: 99 })).toThrow(/meanIntervalsReweighted: 2018: bootstrap: the statistic threw on resample \d+ \(of 99\): .*constant/);
  });

  it("refuses a specification with fewer than two systems and a panel without an indicator", () => {
    const one = parseSpec("id,system,direction\nx1,X,+\nx2,X,-\n");
    expect(() => meanIntervalsReweighted(rwPanel, one, { unit: "unit" })).toThrow(/1 system with usable indicators; coupling needs at least 2/);
    expect(() => meanIntervalsReweighted(rwPanel.map(({ y2: _, ...r }) => r), spec, { unit: "unit" })).toThrow(/lacks 1 required column: y2/);
  });
});

// ---- Dagum ------------------------------------------------------------------------------------------------

describe("dagumIntervals (units resampled within groups)", () => {
  const components = ["G", "Gw", "Gnb", "Gt", "share_within", "share_between", "share_transvariation"];
  const pick = (r: ReturnType<typeof dagum>, c: string): number =>
    c === "share_within" ? r.shares.within : c === "share_between" ? r.shares.between : c === "share_transvariation" ? r.shares.transvariation : (r as unknown as Record<string, number>)[c];

  it("each component per year is bootstrap(component of dagum(resample), unit indices, strata = groups) with the same seed", () => {
    const r = dagumIntervals(meansPanel, { unit: "unit", time: "t", group: "grp", resamples: 199 });
    const labels = ids.map(groupOf);
    for (const [t, d] of [[2018, d2018], [2019, d2019]] as const) {
      for (const c of components) {
        const exp = bootstrap((s: number[]) => pick(dagum(s.map((i) => d[i]), s.map((i) => labels[i])), c), [0, 1, 2, 3, 4, 5, 6, 7], { resamples: 199, seed: DEFAULT_SEED, strata: labels });
        const got = r.rows.find((x) => x.t === t && x.component === c)!;
        expect([got.estimate, got.lower, got.upper], `${t} ${c}`).toEqual([exp.estimate, exp.lower, exp.upper]);
        expect(got.method).toBe(METHOD_WITHIN_GROUPS);
      }
      const est = Object.fromEntries(r.rows.filter((x) => x.t === t).map((x) => [x.component, x.estimate as number]));
      expect(est.share_within + est.share_between + est.share_transvariation).toBeCloseTo(1, 14);
      expect(est.Gw + est.Gnb + est.Gt).toBeCloseTo(est.G, 14);
    }
    // group B has 3 units: every record flagged, with the stratum named
    expect(r.rows.every((x) => x.unreliable === true)).toBe(true);
    expect(r.warnings[0]).toMatch(/^group B: 3 units \(fewer than 5\).*understates the spread of its part/);
    expect(r.strata).toEqual([{ id: "A", zh: "A", en: "A", n: 5 }, { id: "B", zh: "B", en: "B", n: 3 }]);
    expect(dagumIntervals(meansPanel, { unit: "unit", time: "t", group: "grp", resamples: 99, minUnits: 3 }).rows.some((x) => x.unreliable)).toBe(false);
    // display: components as rows, years as columns, shares in percent
    expect(r.columns).toEqual(["component", "2018", "2019"]);
    expect(String(r.tableRows[5]["2018"])).toMatch(/^\d+\.\d \[\d+\.\d, \d+\.\d\] % †$/);
  });

  it("BCa: the core's stratified BCa (jackknife within strata)", () => {
    const r = dagumIntervals(meansPanel, { unit: "unit", time: "t", group: "grp", resamples: 199, interval: "bca" });
    const labels = ids.map(groupOf);
    const exp = bootstrap((s: number[]) => dagum(s.map((i) => d2019[i]), s.map((i) => labels[i])).G, [0, 1, 2, 3, 4, 5, 6, 7], { resamples: 199, strata: labels, method: "bca" });
    const got = r.rows.find((x) => x.t === 2019 && x.component === "G")!;
    expect([got.lower, got.upper]).toEqual([exp.lower, exp.upper]);
  });

  it("needs a group", () => {
    expect(() => dagumIntervals(meansPanel, { unit: "unit", time: "t" })).toThrow(/dagumIntervals: no group/);
  });
});

// ---- Moran ------------------------------------------------------------------------------------------------

describe("moranNull (the permutation null instead of a bootstrap)", () => {
  // a path of 8 units in id order a1 - a2 - ... - b3
  const w = weightsFromNeighbors(ids, ids.map((_, i) => [i - 1, i + 1].filter((j) => j >= 0 && j < ids.length)));

  it("the draws are the core's moran(values in the weights' order).sim with the same seed; observed as moranByYear", () => {
    const r = moranNull(meansPanel, w, { unit: "unit", time: "t", permutations: 99 });
    for (const [t, d] of [[2018, d2018], [2019, d2019]] as const) {
      const exp = moran(d, w, { permutations: 99, seed: DEFAULT_SEED });
      const draws = r.rows.filter((x) => x.t === t);
      expect(draws.map((x) => x.draw)).toEqual(Array.from({ length: 99 }, (_, b) => b + 1));
      expect(draws.map((x) => x.I)).toEqual(Array.from(exp.sim!));
      const obs = r.observed.rows.find((x) => x.t === t)!;
      expect(obs).toMatchObject({ I: exp.I, EI: exp.EI, p_sim: exp.p_sim, z_sim: exp.z_sim, n: 8, permutations: 99, seed: DEFAULT_SEED });
    }
    const m = moranByYear(meansPanel, w, { unit: "unit", time: "t", permutations: 99 });
    expect(r.observed.rows.map((x) => x.p_sim)).toEqual(m.rows.map((x) => x.p_sim));
    expect(r.note).toMatch(/^Moran's I is not bootstrapped: resampling units with replacement breaks the map/);
    expect(r.tableRows).toEqual(r.observed.rows);
  });

  it("times picks years (text accepted); units that do not match the weights are named", () => {
    const r = moranNull(meansPanel, w, { unit: "unit", time: "t", permutations: 99, times: ["2019"] });
    expect(r.observed.rows.map((x) => x.t)).toEqual([2019]);
    expect(r.rows).toHaveLength(99);
    const w7 = weightsFromNeighbors(ids.slice(0, 7), ids.slice(0, 7).map((_, i) => [i - 1, i + 1].filter((j) => j >= 0 && j < 7)));
    expect(() => moranNull(meansPanel, w7, { unit: "unit", time: "t" })).toThrow(/units of 2018 do not match the weights' ids\n\s+- b3: in the data, not in the weights/);
    expect(() => moranNull(meansPanel, w, { unit: "unit", time: "t", times: [2030] })).toThrow(/times\[1\] 2030 is not in the rows/);
    expect(() => moranNull(meansPanel, w, { unit: "unit", time: "t", permutations: 0 })).toThrow(/permutations must be a positive integer/);
  });
});

describe("on paper 1's panel (2012-2019, NBS regions)", () => {
  it("the northeast (3 provinces) is flagged; the national and other regional intervals are not", async () => {
    const { readPanel } = await import("../../src/data/loaders");
    const { dataPath } = await import("../../src/data/paths");
    const { NBS_REGIONS } = await import("../../src/frame/panel");
    const p = panel(await readPanel(dataPath("panels", "zhang-ouyang-2025.csv")), { group: NBS_REGIONS });
    const cd = coupling(entropy(p, dataPath("specs", "zhang-ouyang-2025.csv")).scores);
    const r = meanIntervals(cd, { by: NBS_REGIONS, resamples: 199 });
    expect(r.groups.map((g) => g.id)).toEqual(["all", "east", "central", "west", "northeast"]);
    const flagged = [...new Set(r.rows.filter((x) => x.unreliable).map((x) => x.group))];
    expect(flagged).toEqual(["northeast"]);
    expect(r.rows.find((x) => x.group === "northeast")!.note).toMatch(/^东北 Northeast: 3 units/);
    // the national 2019 interval is the core's bootstrap of the 31 provinces' D in adcode order
    const d19 = cd.rows.filter((x) => x.year === 2019).sort((a, b) => String(a.adcode).localeCompare(String(b.adcode))).map((x) => x.D as number);
    const exp = bootstrap(mean, d19, { resamples: 199 });
    const got = r.rows.find((x) => x.year === 2019 && x.group === "all")!;
    expect([got.lower, got.upper]).toEqual([exp.lower, exp.upper]);
  });
});
