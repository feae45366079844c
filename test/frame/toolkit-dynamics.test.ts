// Frame calls of the dynamics section: each equals the core called directly on the same numbers
// laid out by hand (units x times matrices, per-year vectors), hand computations from the core's
// documented examples, and the golden files' paper cases laid out as panels (to their tolerance).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dagum } from "../../src/core/dagum";
import { kernelDensity } from "../../src/core/kde";
import { classify, markov } from "../../src/core/markov";
import { spatialMarkov } from "../../src/core/spatial-markov";
import { theil } from "../../src/core/theil";
import { weightsFromNeighbors } from "../../src/core/weights";
import { provinceWeights } from "../../src/data/adjacency";
import { FrameError } from "../../src/frame/errors";
import { NBS_REGIONS, panel } from "../../src/frame/panel";
import type { Row } from "../../src/frame/results";
import { densityByYear, inequalityByYear, markovChain, spatialMarkovChain, theilByYear } from "../../src/frame/toolkit-dynamics";
import kdeGolden from "../golden/toolkit/kernel-density.json";
import markovGolden from "../golden/toolkit/markov.json";
import smGolden from "../golden/toolkit/spatial-markov.json";
import theilGolden from "../golden/toolkit/theil.json";

// ---- tolerance helpers (each golden file's own tolerance) --------------------------------------

const worst: Record<string, number> = {};
function near(file: string, tol: { absolute: number; relative: number }, got: unknown, exp: unknown, what: string): void {
  if (Array.isArray(exp)) {
    expect(Array.isArray(got), `${what} is an array`).toBe(true);
    expect((got as unknown[]).length, `${what} length`).toBe(exp.length);
    exp.forEach((e, j) => near(file, tol, (got as unknown[])[j], e, `${what}[${j}]`));
    return;
  }
  if (typeof exp === "string" || exp === null) {
    expect(got === null ? null : String(got), what).toBe(exp); // "Infinity", null
    return;
  }
  const allowed = tol.absolute + tol.relative * Math.abs(exp as number);
  const dev = Math.abs((got as number) - (exp as number));
  worst[file] = Math.max(worst[file] ?? 0, dev / allowed);
  expect(dev, `${what}: ${String(got)} vs ${String(exp)}`).toBeLessThanOrEqual(allowed);
}

/** A long panel `{ adcode, year, D }` from a units x times matrix. */
function panelOf(values: readonly (readonly number[])[], units: readonly (string | number)[], years: readonly number[], extra: (i: number, t: number) => Row = () => ({})): Row[] {
  const out: Row[] = [];
  units.forEach((u, i) => years.forEach((y, t) => out.push({ adcode: String(u), year: y, D: values[i][t], ...extra(i, t) })));
  return out;
}

/** Rows in a scrambled (but fixed) order: the frame call must not depend on row order. */
function scramble<T>(rows: readonly T[]): T[] {
  return rows.map((r, i) => ({ r, k: (i * 7919) % 101 })).sort((a, b) => a.k - b.k).map((x) => x.r);
}

/** Trapezoid integral of y over x. */
function trapezoid(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let j = 1; j < x.length; j++) s += ((x[j] - x[j - 1]) * (y[j] + y[j - 1])) / 2;
  return s;
}

// ---- densityByYear ---------------------------------------------------------------------------

describe("densityByYear", () => {
  // two years of four units: 2018 = {0, 1, 1, 3} (the core's hand case), 2019 = {0.5, 1, 2, 2.5}
  const y18 = [0, 1, 1, 3];
  const y19 = [0.5, 1, 2, 2.5];
  const rows = scramble(panelOf(y18.map((v, i) => [v, y19[i]]), ["a", "b", "c", "d"], [2018, 2019]));

  it("each year equals kernelDensity of that year's values on the common grid (union of the years' default grids)", () => {
    const k = densityByYear(rows, { unit: "adcode" });
    // the grid by hand: each year's default grid (min - 3 bw, max + 3 bw), united
    const a = kernelDensity(y18);
    const b = kernelDensity(y19);
    const from = Math.min(a.from, b.from);
    const to = Math.max(a.to, b.to);
    expect(k.from).toBe(from);
    expect(k.to).toBe(to);
    expect(k.gridPoints).toBe(512);
    expect(k.times).toEqual([2018, 2019]);
    for (const [t, v] of [[2018, y18], [2019, y19]] as const) {
      const direct = kernelDensity(v, { from, to, n: 512 });
      const mine = k.rows.filter((r) => r.year === t);
      expect(mine.map((r) => r.x)).toEqual(direct.x);
      // the frame sums the values in the rows' (scrambled) order: equal up to the last bits
      mine.forEach((r, j) => expect(Math.abs((r.density as number) - direct.density[j])).toBeLessThanOrEqual(1e-15 * direct.density[j] + 1e-300));
    }
    // 2018's bandwidth: nrd0 = 0.9 * (0.75 / 1.34) * 4^(-1/5) (sd 1.258 > IQR/1.34 = 0.5597)
    const bw18 = k.bandwidths.rows[0];
    expect(bw18.bandwidth).toBeCloseTo(0.9 * (0.75 / 1.34) * Math.pow(4, -0.2), 15);
    expect(bw18).toMatchObject({ year: 2018, rule: "nrd0", kernel: "gaussian", n: 4 });
    expect(k.tableRows).toBe(k.bandwidths.rows);
    expect(k.rule).toBe("nrd0");
    expect(k.note).toMatch(/Gaussian kernel; bandwidth by nrd0 for each year separately/);
    // the peak is the grid point of highest density
    const d18 = k.rows.filter((r) => r.year === 2018);
    const top = Math.max(...d18.map((r) => r.density as number));
    expect(bw18.peak_density).toBe(top);
    expect(bw18.peak_x).toBe(d18.find((r) => r.density === top)!.x);
  });

  it("hand value: bandwidth 1, grid -3..6 (10 points), Gaussian at t = 1 is (phi(1) + 2 phi(0) + phi(2)) / 4", () => {
    const k = densityByYear(rows, { bandwidth: 1, n: 10, from: -3, to: 6 });
    const phi = (u: number) => Math.exp(-u * u / 2) / Math.sqrt(2 * Math.PI);
    const at1 = k.rows.find((r) => r.year === 2018 && r.x === 1)!;
    expect(at1.density).toBeCloseTo((phi(1) + 2 * phi(0) + phi(2)) / 4, 15);
    expect(k.bandwidths.rows.map((r) => [r.bandwidth, r.rule])).toEqual([[1, "given"], [1, "given"]]);
    expect(k.rule).toBe("given");
    expect(k.note).toMatch(/one bandwidth 1 for every year/);
    expect(k.rows.filter((r) => r.year === 2019).map((r) => r.x)).toEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]);
  });

  it("times picks some years; the grid then spans those only; an absent year is named", () => {
    const k = densityByYear(rows, { times: [2019] });
    expect(k.times).toEqual([2019]);
    const b = kernelDensity(y19);
    expect([k.from, k.to]).toEqual([b.from, b.to]);
    expect(() => densityByYear(rows, { times: [2017, 2019] })).toThrow(/densityByYear: year 2017 not in the panel \(its times: 2018, 2019\)/);
  });

  it("epanechnikov and nrd pass through to the core", () => {
    const k = densityByYear(rows, { kernel: "epanechnikov", bandwidth: "nrd", n: 64, from: -2, to: 5 });
    const direct = kernelDensity(y19, { kernel: "epanechnikov", bandwidth: "nrd", n: 64, from: -2, to: 5 });
    k.rows.filter((r) => r.year === 2019).forEach((r, j) => expect(Math.abs((r.density as number) - direct.density[j])).toBeLessThanOrEqual(1e-15 * direct.density[j]));
    expect(k.bandwidths.rows[1]).toMatchObject({ rule: "nrd", kernel: "epanechnikov", bandwidth: direct.bandwidth });
    expect(k.note).toMatch(/^Epanechnikov/);
  });

  it("golden: paper 2 D 2011 and 2019 (kernel-density.json common grid 0..1, 101 points, nrd0 per year)", () => {
    const tol = kdeGolden.tolerance;
    const cases = ["paper2-A-D-2011", "paper2-A-D-2019"].map((n) => (kdeGolden.cases as any[]).find((c) => c.name === n));
    const ids = (markovGolden.cases as any[]).find((c) => c.name === "paper2-A-D-quartiles").input.unit_ids as number[];
    const p = panelOf(ids.map((_, i) => [cases[0].input.x[i], cases[1].input.x[i]]), ids, [2011, 2019]);
    const k = densityByYear(p, { from: 0, to: 1, n: 101 });
    cases.forEach((c, j) => {
      const t = [2011, 2019][j];
      near("kernel-density", tol, k.bandwidths.rows[j].bandwidth, c.expected.bandwidth.silverman_nrd0, `${t} bandwidth`);
      near("kernel-density", tol, k.bandwidths.rows[j].sd, c.expected.bandwidth.sd, `${t} sd`);
      const mine = k.rows.filter((r) => r.year === t);
      near("kernel-density", tol, mine.map((r) => r.x), c.expected.common_grid.grid.x, `${t} grid`);
      near("kernel-density", tol, mine.map((r) => r.density), c.expected.common_grid.gaussian, `${t} density`);
    });
  });

  it("property: on a wide common grid each year's density integrates to 1; on the default grid to at least 0.995", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 3, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 1000 }).map((v) => v / 1000), { minLength: 36, maxLength: 36 }),
        fc.double({ min: 0.05, max: 0.4, noNaN: true }),
        (nt, nu, pool, bw) => {
          const years = Array.from({ length: nt }, (_, t) => 2000 + t);
          const units = Array.from({ length: nu }, (_, i) => `u${i}`);
          const values = units.map((_, i) => years.map((_, t) => pool[(i * nt + t) % pool.length]));
          const p = panelOf(values, units, years);
          const wide = densityByYear(p, { bandwidth: bw, from: -3, to: 4, n: 1024 });
          const fine = densityByYear(p, { n: 1024 });
          for (const t of years) {
            const w = wide.rows.filter((r) => r.year === t);
            expect(Math.abs(trapezoid(w.map((r) => r.x as number), w.map((r) => r.density as number)) - 1)).toBeLessThan(1e-6);
            // nrd0 per year; with near-equal values the rule's bandwidth is tiny: integrate only resolved curves
            const bwT = fine.bandwidths.rows.find((r) => r.year === t)!.bandwidth as number;
            if (bwT > 4 * ((fine.to - fine.from) / 1023)) {
              const d = fine.rows.filter((r) => r.year === t);
              const area = trapezoid(d.map((r) => r.x as number), d.map((r) => r.density as number));
              expect(area).toBeGreaterThan(0.995);
              expect(area).toBeLessThan(1 + 1e-6);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("errors name the year and the column", () => {
    const one = [...rows, { adcode: "a", year: 2020, D: 0.5 }];
    expect(() => densityByYear(one)).toThrow(FrameError);
    expect(() => densityByYear(one)).toThrow(/densityByYear: 2020: kernelDensity \(bandwidth "nrd0"\): a bandwidth rule needs at least 2 values, got 1/);
    expect(() => densityByYear(rows, { value: "E" })).toThrow(/densityByYear: the panel lacks 1 required column: E/);
    expect(() => densityByYear(rows, { bandwidth: -1 })).toThrow(/densityByYear: 2018: kernelDensity: bandwidth must be a positive finite number, got -1/);
    // values that differ only in the 208th decimal: nrd0's bandwidth squared underflows; refused, not a NaN curve
    const tiny = [{ u: "a", year: 1, D: 2.2e-208 }, { u: "b", year: 1, D: 0 }, { u: "c", year: 1, D: 0 }];
    expect(() => densityByYear(tiny, { unit: "u" })).toThrow(/densityByYear: 1: the bandwidth 1\.589\d*e-208 \(nrd0\) is too small to evaluate the density in double precision/);
    expect(densityByYear(tiny, { unit: "u", bandwidth: 0.1, n: 16 }).rows.every((r) => Number.isFinite(r.density))).toBe(true);
  });
});

// ---- markovChain -----------------------------------------------------------------------------

describe("markovChain", () => {
  // the core's hand case: 4 units x 4 periods with classes [[0,0,1,2],[2,2,1,0],[1,1,0,1],[1,2,2,1]];
  // values equal to the classes and fixed edges 0.5, 1.5 reproduce them
  const ids = [[0, 0, 1, 2], [2, 2, 1, 0], [1, 1, 0, 1], [1, 2, 2, 1]];
  const rows = scramble(panelOf(ids, ["u1", "u2", "u3", "u4"], [2016, 2017, 2018, 2019]));

  it("equals classify + markov on the units x times matrix; hand numbers of the core's example", () => {
    const mc = markovChain(rows, { cutoffs: [0.5, 1.5] });
    const cls = classify(ids, { cutoffs: [0.5, 1.5] });
    const core = markov(cls.class_ids, { k: cls.k });
    expect(mc.transitions).toEqual(core.transitions);
    expect(mc.transitions).toEqual([[1, 2, 0], [2, 1, 2], [0, 2, 2]]); // counted by hand
    expect(mc.p[1]).toEqual([0.4, 0.2, 0.4]);
    const pi = mc.steady_state as number[];
    [1 / 4, 5 / 12, 1 / 3].forEach((v, j) => expect(pi[j]).toBeCloseTo(v, 14));
    expect(mc.mfpt[1][0]).toBeCloseTo(4.5, 12);
    expect(mc.sojourn_time).toEqual(core.sojourn_time);
    expect(mc.n_transitions).toBe(12);
    expect(mc.units).toEqual(["u1", "u2", "u3", "u4"].sort((a, b) => rows.findIndex((r) => r.adcode === a) - rows.findIndex((r) => r.adcode === b)));
    expect(mc.method).toBe("fixed cutoffs [0.5, 1.5]");
    // records: one per cell, with the row's total
    expect(mc.rows).toHaveLength(9);
    expect(mc.rows.find((r) => r.from === 1 && r.to === 2)).toEqual({ from: 1, to: 2, from_label: "II", to_label: "III", count: 2, p: 0.4, row_total: 5 });
    // the display table: "p (n)" in every cell, the row totals
    expect(mc.columns).toEqual(["from", "I", "II", "III", "n"]);
    expect(mc.tableRows[1]).toEqual({ from: "II (0.500, 1.500]", I: "0.400 (2)", II: "0.200 (1)", III: "0.400 (2)", n: 5 });
    expect(mc.classes.rows.map((c) => [c.label, c.interval, c.count])).toEqual([["I", "[0.000, 0.500]", 4], ["II", "(0.500, 1.500]", 7], ["III", "(1.500, 2.000]", 5]]);
  });

  it("left-closed classes put a value on an edge in the upper class", () => {
    const edge = panelOf([[0.3, 0.5], [0.5, 0.7]], ["a", "b"], [1, 2]);
    const right = markovChain(edge, { cutoffs: [0.5] });
    expect(right.transitions).toEqual([[1, 1], [0, 0]]); // 0.5 in class I: a stays, b moves up; class II never left
    expect(right.empty_rows).toEqual([1]);
    expect(right.tableRows[1]).toEqual({ from: "II (0.500, 0.700]", I: "— (0)", II: "— (0)", n: 0 });
    expect(right.rows.filter((r) => r.from === 1).map((r) => [r.p, r.count, r.row_total])).toEqual([[0, 0, 0], [0, 0, 0]]);
    const left = markovChain(edge, { cutoffs: [0.5], closed: "left" });
    expect(left.transitions).toEqual([[0, 1], [0, 1]]); // 0.5 in class II
    expect(left.empty_rows).toEqual([]);
    expect(left.classes.rows.map((c) => c.interval)).toEqual(["[0.300, 0.500)", "[0.500, 0.700]"]);
  });

  it("relative: each value divided by its year's mean, by hand", () => {
    // year 1 mean 2: 1 -> 0.5, 3 -> 1.5; year 2 mean 4: 6 -> 1.5, 2 -> 0.5
    const r = panelOf([[1, 6], [3, 2]], ["a", "b"], [1, 2]);
    const mc = markovChain(r, { relative: true, cutoffs: [1] });
    expect(mc.transitions).toEqual([[0, 1], [1, 0]]);
    expect(markovChain(r, { cutoffs: [2.5] }).transitions).toEqual([[0, 1], [1, 0]]);
    expect(mc.relative).toBe(true);
    expect(mc.classes.rows.map((c) => [c.lower, c.upper])).toEqual([[0.5, 1], [1, 1.5]]);
  });

  it("golden: paper 2 D quartiles, and relative D computed here from the raw D (markov.json)", () => {
    const tol = markovGolden.tolerance;
    const raw = (markovGolden.cases as any[]).find((c) => c.name === "paper2-A-D-quartiles");
    const rel = (markovGolden.cases as any[]).find((c) => c.name === "paper2-A-D-relative-quartiles");
    const p = scramble(panelOf(raw.input.values, raw.input.unit_ids, raw.input.years));
    for (const [c, relative] of [[raw, false], [rel, true]] as const) {
      const mc = markovChain(p, { relative });
      const e = c.expected;
      expect(mc.method).toBe(e.method);
      near("markov", tol, mc.cutoffs, e.cutoffs, `${c.name} cutoffs`);
      expect(mc.classes.rows.map((r) => r.count)).toEqual(e.class_counts);
      expect(mc.transitions).toEqual(e.transitions);
      expect(mc.empty_rows).toEqual(e.empty_rows);
      near("markov", tol, mc.p, e.p, `${c.name} p`);
      near("markov", tol, mc.steady_state, e.steady_state, `${c.name} steady state`);
      near("markov", tol, mc.mfpt, e.mfpt, `${c.name} mfpt`);
      near("markov", tol, mc.sojourn_time, e.sojourn_time, `${c.name} sojourn`);
    }
    // the papers' trap and its remedy: D is absorbed by the top class, relative D is ergodic
    expect(markovChain(p).steady_state).toEqual([0, 0, 0, 1]);
    expect(markovChain(p, { relative: true }).recurrent_classes).toEqual([[0, 1, 2, 3]]);
  });

  it("property: the records' counts sum to units x (times - 1) and equal the core on the hand-built matrix", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 42, maxLength: 42 }),
        fc.boolean(),
        (nu, nt, k, pool, relative) => {
          const units = Array.from({ length: nu }, (_, i) => `u${i}`);
          const years = Array.from({ length: nt }, (_, t) => 2000 + t);
          const values = units.map((_, i) => years.map((_, t) => 1 + pool[(i * nt + t) % pool.length] / 10));
          const mc = markovChain(scramble(panelOf(values, units, years)), { k, relative });
          const total = mc.rows.reduce((s, r) => s + (r.count as number), 0);
          expect(total).toBe(nu * (nt - 1));
          const rowTotals = new Map(mc.rows.map((r) => [r.from, r.row_total]));
          expect([...rowTotals.values()].reduce((s: number, v) => s + (v as number), 0)).toBe(nu * (nt - 1));
          // the core on the same numbers laid out by hand, in the frame's unit order (the rows' first
          // appearance), so that each year's mean is summed in the same order (relative: divided here)
          const ordered = mc.units.map((u) => values[units.indexOf(u)]);
          const means = years.map((_, t) => ordered.reduce((s, row) => s + row[t], 0) / nu);
          const m = relative ? ordered.map((row) => row.map((v, t) => v / means[t])) : ordered;
          const cls = classify(m, { k });
          expect(mc.transitions).toEqual(markov(cls.class_ids, { k: cls.k }).transitions);
          expect(mc.k).toBe(cls.k);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("errors name the missing unit and year, and the bad option", () => {
    const gap = rows.filter((r) => !(r.adcode === "u3" && r.year === 2018));
    expect(() => markovChain(gap, { cutoffs: [0.5, 1.5] })).toThrow(/markovChain: the panel is not balanced[\s\S]*u3: no row in 2018/);
    const prov = panelOf([[0.3, 0.4], [0.5, 0.6]], ["110000", "120000"], [2018, 2019]).map((r) => ({ ...r, province: r.adcode === "110000" ? "北京" : "天津" }));
    expect(() => markovChain(prov.slice(0, 3), { k: 2 })).toThrow(/120000 天津: no row in 2019/);
    expect(() => markovChain(rows, { k: 3, cutoffs: [1] })).toThrow(/give k \(pooled quantile classes\) or cutoffs \(fixed edges\), not both/);
    expect(() => markovChain(rows, { cutoffs: [0.5, 1.5], labels: ["low", "high"] })).toThrow(/labels must be 3 non-empty strings, one per class/);
    expect(() => markovChain(rows.filter((r) => r.year === 2016))).toThrow(/one year \(2016\); a chain needs at least 2/);
    expect(() => markovChain(rows, { cutoffs: [1.5, 0.5] })).toThrow(/markovChain: classify: cutoffs must be strictly increasing/);
    const zero = panelOf([[0, 1], [0, 2]], ["a", "b"], [1, 2]);
    expect(() => markovChain(zero, { relative: true, k: 2 })).toThrow(/markovChain: 1: the mean of D is 0; relative values/);
  });

  it("class labels given by the user name the classes everywhere", () => {
    const mc = markovChain(rows, { cutoffs: [0.5, 1.5], labels: ["低", "中", "高"] });
    expect(mc.columns).toEqual(["from", "低", "中", "高", "n"]);
    expect(mc.rows[0]).toMatchObject({ from_label: "低", to_label: "低" });
  });
});

// ---- spatialMarkovChain --------------------------------------------------------------------------

describe("spatialMarkovChain", () => {
  // the core's hand case: a path a-b-c-d over 3 years, cutoffs 0.5 for values and lags
  const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
  const values = [[0.2, 0.6, 0.7], [0.4, 0.3, 0.8], [0.6, 0.7, 0.2], [0.9, 0.8, 0.6]];
  // rows listed in another unit order than the weights' (d, c, b, a), scrambled
  const rows = scramble(panelOf([values[3], values[2], values[1], values[0]], ["d", "c", "b", "a"], [1, 2, 3]));

  it("aligns the rows to the weights' ids and equals spatialMarkov; hand numbers of the path case", () => {
    const sm = spatialMarkovChain(rows, w, { cutoffs: [0.5], lagCutoffs: [0.5] });
    const core = spatialMarkov(values, w, { cutoffs: [0.5], lagCutoffs: [0.5] });
    expect(sm.units).toEqual(["a", "b", "c", "d"]);
    expect(sm.T).toEqual(core.T);
    expect(sm.T).toEqual([[[1, 1], [0, 1]], [[0, 1], [1, 3]]]);
    expect(sm.x2).toBeCloseTo(1.0625, 14); // 0.5 + 0.5625
    expect(sm.homogeneity.Q).toBeCloseTo(1.0625, 14);
    expect(sm.homogeneity.dof).toBe(2);
    expect(sm.homogeneity.Q_p_value!).toBeCloseTo(Math.exp(-1.0625 / 2), 12); // chi-square, 2 dof
    expect(sm.homogeneity.LR).toBeCloseTo(1.551839365960508, 13);
    // records: one per lag class and cell
    expect(sm.rows).toHaveLength(8);
    expect(sm.rows.filter((r) => r.lag === 1 && r.from === 1)).toEqual([
      { lag: 1, lag_label: "II", from: 1, to: 0, from_label: "II", to_label: "I", count: 1, p: 0.25, row_total: 4 },
      { lag: 1, lag_label: "II", from: 1, to: 1, from_label: "II", to_label: "II", count: 3, p: 0.75, row_total: 4 },
    ]);
    // the tests table echoes Q, LR, x2 and each lag class's chi-square with their dof and p
    expect(sm.tests.rows.map((r) => [r.test, r.dof])).toEqual([
      ["Q (Bickenbach-Bode)", 2],
      ["LR (Bickenbach-Bode)", 2],
      ["x2 (giddy, dof k(k-1)^2)", 2],
      ["chi2 lag I", core.chi2[0].dof],
      ["chi2 lag II", core.chi2[1].dof],
    ]);
    expect(sm.tests.rows[3].statistic).toBeCloseTo(0.5, 14);
    expect(sm.tests.rows[4].statistic).toBeCloseTo(0.5625, 14);
    expect(sm.columns).toEqual(["lag", "from", "I", "II", "n"]);
    expect(sm.tableRows[3]).toEqual({ lag: "II (0.500, 0.800]", from: "II (0.500, 0.900]", I: "0.250 (1)", II: "0.750 (3)", n: 4 });
    // lags by hand: a [0.4, 0.3, 0.8], b [0.4, 0.65, 0.45], c [0.65, 0.55, 0.7], d [0.6, 0.7, 0.2]: five at or below 0.5
    expect(sm.lagClasses.rows.map((c) => c.count)).toEqual([5, 7]);
  });

  it("property: counts summed over the lag classes equal markovChain's counts, and sum to units x (times - 1)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 24, maxLength: 24 }), fc.boolean(), (pool, relative) => {
        const vals = [0, 1, 2, 3].map((i) => [0, 1, 2, 3, 4, 5].map((t) => 1 + pool[i * 6 + t] / 10));
        const r = panelOf(vals, ["a", "b", "c", "d"], [1, 2, 3, 4, 5, 6]);
        const sm = spatialMarkovChain(r, w, { k: 3, m: 2, relative });
        const mc = markovChain(r, { k: 3, relative });
        if (sm.k !== mc.k) return; // ties collapsed differently: nothing to compare
        const summed = new Map<string, number>();
        for (const x of sm.rows) summed.set(`${x.from}|${x.to}`, (summed.get(`${x.from}|${x.to}`) ?? 0) + (x.count as number));
        for (const x of mc.rows) expect(summed.get(`${x.from}|${x.to}`)).toBe(x.count);
        expect(sm.rows.reduce((s, x) => s + (x.count as number), 0)).toBe(4 * 5);
      }),
      { numRuns: 60 },
    );
  });

  it("golden: paper 2 D and relative D from the raw D, on provinceWeights() (spatial-markov.json)", () => {
    const tol = smGolden.tolerance;
    const raw = (smGolden.cases as any[]).find((c) => c.name === "paper2-A-D-k4-m4");
    const rel = (smGolden.cases as any[]).find((c) => c.name === "paper2-A-D-relative-k4-m4");
    const p = scramble(panelOf(raw.input.values, raw.input.unit_ids, raw.input.years));
    const pw = provinceWeights();
    expect(pw.ids).toEqual(raw.input.unit_ids.map(String)); // same units; the neighbours are checked in test/data
    for (const [c, relative] of [[raw, false], [rel, true]] as const) {
      const sm = spatialMarkovChain(p, pw, { relative });
      const e = c.expected;
      expect(sm.T).toEqual(e.T);
      near("spatial-markov", tol, sm.cutoffs, e.cutoffs, `${c.name} cutoffs`);
      near("spatial-markov", tol, sm.lag_cutoffs, e.lag_cutoffs, `${c.name} lag cutoffs`);
      near("spatial-markov", tol, sm.P, e.P, `${c.name} P`);
      near("spatial-markov", tol, sm.homogeneity.Q, e.homogeneity.Q, `${c.name} Q`);
      near("spatial-markov", tol, sm.homogeneity.LR, e.homogeneity.LR, `${c.name} LR`);
      expect(sm.homogeneity.dof).toBe(e.homogeneity.dof);
      near("spatial-markov", tol, sm.x2, e.x2, `${c.name} x2`);
      expect(sm.x2_dof).toBe(e.x2_dof);
    }
  });

  it("errors name the unit and the time; a unit without neighbours is refused by the core", () => {
    const gap = rows.filter((r) => !(r.adcode === "c" && r.year === 2));
    expect(() => spatialMarkovChain(gap, w, { k: 2, m: 2 })).toThrow(/spatialMarkovChain: the units of the panel do not match the weights' ids in every time[\s\S]*c: in the weights, no row in 2/);
    const extra = [...rows, { adcode: "e", year: 1, D: 0.5 }, { adcode: "e", year: 2, D: 0.5 }, { adcode: "e", year: 3, D: 0.5 }];
    expect(() => spatialMarkovChain(extra, w, { k: 2, m: 2 })).toThrow(/e: in the data, not in the weights/);
    const island = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0], [], []]);
    expect(() => spatialMarkovChain(rows, island, { k: 2, m: 2 })).toThrow(/spatialMarkovChain: spatialMarkov: unit 3 \(id "c"\) has no neighbours/);
    expect(() => spatialMarkovChain(rows, w, { m: 2, lagCutoffs: [0.5] })).toThrow(/give m \(pooled quantile classes\) or lagCutoffs \(fixed edges\), not both/);
    expect(() => spatialMarkovChain(rows, {} as never)).toThrow(/weights must be SpatialWeights/);
  });
});

// ---- theilByYear and inequalityByYear --------------------------------------------------------------

describe("theilByYear", () => {
  // 2018: the core's hand case y = (1, 2, 3, 6), groups a a b b; 2019: a zero (L undefined)
  const rows: Row[] = [
    { unit: "p", year: 2018, D: 1, g: "a" },
    { unit: "q", year: 2018, D: 2, g: "a" },
    { unit: "r", year: 2018, D: 3, g: "b" },
    { unit: "s", year: 2018, D: 6, g: "b" },
    { unit: "p", year: 2019, D: 0, g: "a" },
    { unit: "q", year: 2019, D: 2, g: "a" },
    { unit: "r", year: 2019, D: 4, g: "b" },
    { unit: "s", year: 2019, D: 4, g: "b" },
  ];

  it("equals theil of each year's values by group; hand numbers of the core's example", () => {
    const th = theilByYear(scramble(rows), { unit: "unit", group: "g" });
    const r18 = th.rows[0];
    // mu = 3: T = (1/12) ln(1/3) + (2/12) ln(2/3) + (3/12) ln 1 + (6/12) ln 2
    const T = (1 / 12) * Math.log(1 / 3) + (2 / 12) * Math.log(2 / 3) + (6 / 12) * Math.log(2);
    expect(r18.T as number).toBeCloseTo(T, 15);
    const Tb = (3 / 12) * Math.log(1.5 / 3) + (9 / 12) * Math.log(4.5 / 3);
    expect(r18.T_between as number).toBeCloseTo(Tb, 15);
    expect(r18.T_share_between as number).toBeCloseTo(Tb / T, 14);
    expect(r18.L as number).toBeCloseTo((Math.log(3) + Math.log(1.5) + Math.log(0.5)) / 4, 15);
    const core19 = theil([0, 2, 4, 4], { groups: ["a", "a", "b", "b"] });
    expect(th.rows[1]).toMatchObject({ year: 2019, T: core19.T, T_between: core19.T_between, T_within: core19.T_within, L: null, L_between: null, L_within: null, n: 4 });
    expect(th.rows[1].L_g).toEqual({ a: null, b: core19.by_group[1].L_g });
    expect(th.groups.map((g) => g.id)).toEqual(["a", "b"]);
    expect(th.weighted).toBe(false);
    // display: shares in percent
    expect(th.tableRows[0]["between (%)"] as number).toBeCloseTo((100 * Tb) / T, 12);
    expect(th.tableRows[1].L).toBeNull();
  });

  it("without a group T is whole (between 0); with NBS_REGIONS the preset's groups", () => {
    const whole = theilByYear(rows, { unit: "unit" });
    expect(whole.rows[0].T_between).toBe(0);
    expect(whole.rows[0].T_within as number).toBeCloseTo(whole.rows[0].T as number, 15);
    expect(whole.groups).toEqual([{ id: "all", zh: "全部", en: "All" }]);
    const prov = [
      { adcode: "140000", year: 2019, D: 0.4 },
      { adcode: "110000", year: 2019, D: 0.6 },
      { adcode: "150000", year: 2019, D: 0.45 },
      { adcode: "210000", year: 2019, D: 0.35 },
      { adcode: "120000", year: 2019, D: 0.5 },
    ];
    const th = theilByYear(prov, { group: NBS_REGIONS });
    expect(th.groups.map((g) => g.id)).toEqual(["east", "central", "west", "northeast"]);
    const core = theil([0.4, 0.6, 0.45, 0.35, 0.5], { groups: ["central", "east", "west", "northeast", "east"] });
    expect(th.rows[0].T).toBe(core.T);
    expect(th.rows[0].T_between).toBe(core.T_between);
    expect(Object.keys(th.rows[0].T_g as object)).toEqual(["east", "central", "west", "northeast"]);
  });

  it("golden: paper 2 D 2019 population-weighted, groups from a column and from NBS_REGIONS (theil.json)", () => {
    const c = (theilGolden.cases as any[]).find((x) => x.name === "paper2-A-D-2019-popweighted");
    const tol = { absolute: 1e-12, relative: 1e-9 }; // theil.json: absolute 1e-12 or relative 1e-9
    const p = c.input.unit_ids.map((u: number, i: number) => ({ adcode: String(u), year: 2019, D: c.input.y[i], pop: c.input.pop[i], grp: c.input.groups[i] }));
    for (const th of [theilByYear(p, { group: "grp", population: "pop" }), theilByYear(p.map(({ grp: _g, ...r }: Row) => r), { group: NBS_REGIONS, population: "pop" })]) {
      const r = th.rows[0];
      expect(th.weighted).toBe(true);
      for (const f of ["T", "T_between", "T_within", "L", "L_between", "L_within"]) {
        const exp = c.expected[f];
        const dev = Math.abs((r[f] as number) - exp);
        worst.theil = Math.max(worst.theil ?? 0, dev / Math.max(tol.absolute, tol.relative * Math.abs(exp)));
        expect(dev <= tol.absolute || dev <= tol.relative * Math.abs(exp), `${f}: ${r[f]} vs ${exp}`).toBe(true);
      }
    }
  });

  it("errors name the column and the year", () => {
    expect(() => theilByYear(rows, { unit: "unit", population: "pop" })).toThrow(/theilByYear: the panel lacks 1 required column: pop/);
    const neg = rows.map((r) => ({ ...r, pop: r.year === 2019 && r.unit === "r" ? -5 : 10 }));
    expect(() => theilByYear(neg, { unit: "unit", population: "pop" })).toThrow(/theilByYear: 2019: theil: population\[3\] \(counted from 1\) is -5; populations must be positive/);
    expect(() => theilByYear(rows, { unit: "unit", population: "D" })).toThrow(/population "D" is the value column itself/);
  });
});

describe("inequalityByYear", () => {
  const rows: Row[] = [
    { adcode: "110000", year: 2018, D: 0.5 },
    { adcode: "120000", year: 2018, D: 0.45 },
    { adcode: "140000", year: 2018, D: 0.3 },
    { adcode: "150000", year: 2018, D: 0.4 },
    { adcode: "210000", year: 2018, D: 0.2 },
    { adcode: "110000", year: 2019, D: 0.6 },
    { adcode: "120000", year: 2019, D: 0.5 },
    { adcode: "140000", year: 2019, D: 0.4 },
    { adcode: "150000", year: 2019, D: 0.45 },
    { adcode: "210000", year: 2019, D: 0.35 },
  ];
  it("joins Theil's and Dagum's numbers by year, each equal to its core", () => {
    const ineq = inequalityByYear(rows, { group: NBS_REGIONS });
    const groups = ["east", "east", "central", "west", "northeast"];
    [2018, 2019].forEach((t, j) => {
      const v = rows.filter((r) => r.year === t).map((r) => r.D as number);
      const th = theil(v, { groups });
      const dg = dagum(v, groups);
      const r = ineq.rows[j];
      expect(r).toMatchObject({ year: t, T: th.T, T_between: th.T_between, T_share_between: th.T_share_between, G: dg.G, Gw: dg.Gw, Gnb: dg.Gnb, Gt: dg.Gt });
      expect(r.share_between as number).toBeCloseTo(dg.Gnb / dg.G, 14);
    });
    expect(ineq.theil.kind).toBe("theil");
    expect(ineq.dagum.kind).toBe("dagum");
    expect(ineq.columns).toEqual(["year", "T", "T between (%)", "G", "G within (%)", "G between (%)", "G transvariation (%)"]);
    expect(ineq.tableRows[0]["T between (%)"] as number).toBeCloseTo(100 * (ineq.rows[0].T_share_between as number), 12);
    expect(ineq.weighted).toBe(false);
  });
  it("needs a group (Dagum does)", () => {
    expect(() => inequalityByYear(rows)).toThrow(/inequalityByYear: dagumByYear: no group/);
  });
});

describe("worst deviations from the golden files (reported)", () => {
  it("are within tolerance", () => {
    console.log("worst deviation / allowance:", JSON.stringify(worst));
    for (const v of Object.values(worst)) expect(v).toBeLessThanOrEqual(1);
  });
});

void panel;
