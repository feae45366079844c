// `npm run analyse` end to end: the template notebooks/your-data.ipynb executed by the real kernel
// on (1) the bundled synthetic cities with their map and group column, (2) paper 1's bundled
// province panel with the province map and no group, (3) a panel on which one robustness scenario
// cannot run, (4) a bad specification, and (5) bad command lines. Every CSV's leading columns are checked exactly, and its values against the library's
// results computed here through the API on the same input files (never by re-reading what the
// script wrote), plus a few identities worked by hand (weights sum to 1 per system, D = sqrt(C T),
// the all-units mean, G = Gw + Gnb + Gt, E[I] = -1/(n-1); the nrd0 bandwidth and a density value
// by their definitions; the Markov and spatial Markov counts by classifying D (and the neighbours'
// mean) with the CSV's class bounds and counting the moves; Theil's T and its between part by
// definition; sigma's sd and cv and the absolute beta slope by ordinary least squares; the means of
// the intervals, the group sizes of the unreliable flags, the robustness baseline's means, group
// ranking and Gini by their definitions, and its scenario list written out).
//
// Needs the compiled library (the notebook imports dist/): build first with
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json
import { spawnSync, type SpawnSyncReturns } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { beforeAll, describe, expect, it } from "vitest";
import * as cc from "../../src/index";

const root = join(__dirname, "..", "..");
const outBase = join(root, "out", "analyse-test");
const CITIES = {
  panel: "data/examples/cities/panel.csv",
  spec: "data/examples/cities/spec.csv",
  map: "data/examples/cities/map.geojson",
};
const PAPER1 = {
  panel: "data/panels/zhang-ouyang-2025.csv",
  spec: "data/specs/zhang-ouyang-2025.csv",
  map: "data/provinces/china-provinces.geojson",
};

/** `npm run analyse -- ...` (silent: npm's own banner and failure lines stay out of the output). */
function analyse(args: string[]): SpawnSyncReturns<string> {
  return spawnSync("npm", ["run", "--silent", "analyse", "--", ...args], { cwd: root, encoding: "utf8", timeout: 170_000 });
}

/** RFC 4180 CSV with a UTF-8 BOM, as cc.saveTable writes it: header and rows of cell text. */
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(file, "utf8");
  expect(text.charCodeAt(0), `${file} starts with a BOM`).toBe(0xfeff);
  const records: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell), records.push(row), (row = []), (cell = ""), i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length) row.push(cell), records.push(row);
  return { header: records[0], rows: records.slice(1) };
}

/**
 * A CSV cell equals a value of the API: numbers exactly (shortest round-trip text); missing values
 * and non-finite numbers as "" (what cc.saveTable writes for them).
 */
function expectCell(cell: string, value: unknown, where: string): void {
  if (value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value))) {
    expect(cell, where).toBe("");
  } else if (typeof value === "number") {
    expect(Number(cell), where).toBe(value);
  } else {
    expect(cell, where).toBe(String(value));
  }
}

/** Check a table: leading columns exactly, then each expected row cell by cell (rows in order). */
function expectTable(file: string, leading: string[], expected: unknown[][]): string[][] {
  const { header, rows } = readCsv(file);
  expect(header.slice(0, leading.length), `${file}: leading columns`).toEqual(leading);
  expect(rows.length, `${file}: rows`).toBe(expected.length);
  expected.forEach((exp, i) => exp.forEach((v, j) => expectCell(rows[i][j], v, `${file} row ${i + 1} column ${header[j]}`)));
  return rows;
}

function plotlyFigures(ipynb: string): number {
  const nb = JSON.parse(readFileSync(ipynb, "utf8"));
  let n = 0;
  for (const c of nb.cells) for (const o of c.outputs ?? []) if (o.data?.["application/vnd.plotly.v1+json"]) n++;
  return n;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sdOf = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];

/** The type-7 quantile (R's default) of xs at p, by its definition. */
function quantile7(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
}

/** D of a coupling result as units x times (units in the given order). */
function dMatrix(cd: cc.CouplingResult, units: string[], times: number[]): number[][] {
  const k = cd.keys;
  const at = new Map(cd.rows.map((r) => [`${r[k.unit]}|${r[k.time]}`, r.D as number]));
  return units.map((u) => times.map((t) => at.get(`${u}|${t}`)!));
}

/** Each value divided by the mean of its time (column). */
function relative(m: number[][]): number[][] {
  const means = m[0].map((_, j) => mean(m.map((row) => row[j])));
  return m.map((row) => row.map((v, j) => v / means[j]));
}

/** The neighbours' mean of each unit at each time (row-standardised contiguity). */
function lagOf(m: number[][], units: string[], w: cc.SpatialWeights): number[][] {
  return units.map((u) => m[0].map((_, j) => mean(w.neighborIds(u).map((v) => m[units.indexOf(v)][j]))));
}

/** Inner class edges from a CSV's bounds: the upper bound of every class but the last, by label order. */
function edgesOf(rows: string[][], label: number, upper: number): number[] {
  const up = new Map(rows.map((r) => [r[label], Number(r[upper])]));
  const labels = [...up.keys()].sort((a, b) => ROMAN.indexOf(a) - ROMAN.indexOf(b));
  return labels.slice(0, -1).map((l) => up.get(l)!);
}

/** Moves (lag,) from, to counted by hand: a value's class is the number of edges it exceeds ((a, b]). */
function countMoves(m: number[][], edges: number[], lag?: { m: number[][]; edges: number[] }): Map<string, number> {
  const cls = (v: number, e: number[]) => e.filter((c) => v > c).length;
  const counts = new Map<string, number>();
  m.forEach((row, i) => {
    for (let j = 0; j + 1 < row.length; j++) {
      const key = `${lag ? ROMAN[cls(lag.m[i][j], lag.edges)] + "|" : ""}${ROMAN[cls(row[j], edges)]}|${ROMAN[cls(row[j + 1], edges)]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return counts;
}

/** kde.csv: time, x, density, bandwidth, rule, kernel = cc.densityByYear (the bandwidth columns from its table). */
function kdeExpected(cd: cc.CouplingResult): unknown[][] {
  const kd = cc.densityByYear(cd);
  const t = cd.keys.time;
  const bw = new Map(kd.bandwidths.rows.map((b) => [b[t], b]));
  return kd.rows.map((r) => [r[t], r.x, r.density, bw.get(r[t])!.bandwidth, bw.get(r[t])!.rule, bw.get(r[t])!.kernel]);
}

type Chain = cc.MarkovChainResult | cc.SpatialMarkovChainResult;
/** A chain's CSV rows: p empty where the row has no moves; class bounds from the result's class tables. */
function chainExpected(series: string, m: Chain): unknown[][] {
  const b = (t: cc.TableResult, c: unknown) => [t.rows[c as number].lower, t.rows[c as number].upper];
  return m.rows.map((r) => [
    series,
    ...("lag_label" in r ? [r.lag_label] : []),
    r.from_label, r.to_label, r.count, r.row_total === 0 ? null : r.p, r.row_total,
    ...("lag_label" in r ? b((m as cc.SpatialMarkovChainResult).lagClasses, r.lag) : []),
    ...b(m.classes, r.from),
  ]);
}

/** convergence.csv: the sigma rows, then the beta rows (absolute, pooled, unit FE, two-way FE). */
function convergenceExpected(cv: cc.ConvergenceFrameResult, time: string): unknown[][] {
  const SIGMA = ["mean", "sd_ddof1", "sd_ddof0", "cv_ddof1", "cv_ddof0", "sd_log_ddof1"];
  const BETA = ["beta", "se_beta", "t_beta", "p_beta", "df_resid", "first_year", "last_year", "alpha", "r2", "lambda", "half_life"];
  return [
    ...cv.rows.map((r) => ["sigma", r[time], null, r.n, ...SIGMA.map((c) => r[c]), ...BETA.map(() => null)]),
    ...cv.beta.rows.map((r) => ["beta", null, r.form, r.n_obs, ...SIGMA.map(() => null), ...BETA.map((c) => r[c])]),
  ];
}

const KDE = ["time", "x", "density", "bandwidth", "rule", "kernel"];
const MARKOV = ["series", "from", "to", "count", "p", "row_total", "from_lower", "from_upper"];
const SPATIAL_MARKOV = ["series", "lag", "from", "to", "count", "p", "row_total", "lag_lower", "lag_upper", "from_lower", "from_upper"];
const THEIL = ["time", "T", "T_between", "T_within", "T_share_between", "T_share_within", "L", "L_between", "L_within", "n", "mean"];
const INTERVALS = ["time", "group", "n", "estimate", "lower", "upper", "se", "bias", "unreliable", "level", "interval", "resamples", "seed", "method", "note"];
const ROBUSTNESS = ["conclusion", "scenario", "value", "holds", "is_baseline", "choices"];

/** The report's conclusions, named as in the README. */
const NAMES = {
  rises: "D 均值首末上升 / mean D rises from the first to the last time",
  ranking: "首末时间的分组排序 / group ranking in the first and last time",
  gini: "末期基尼系数低于首期 / Gini lower in the last time than in the first",
  between: "组间贡献每期最大 / between-group share the largest every time",
  moran: "末期莫兰指数正且显著 / Moran's I positive and significant in the last time",
};

/** The report's conclusions through the API: the group ones with a group, Moran's with weights. */
function conclusionsOf(group: boolean, w?: cc.SpatialWeights): cc.Conclusion[] {
  return [
    cc.risesConclusion({ every: false, name: NAMES.rises }),
    ...(group ? [cc.rankingConclusion({ name: NAMES.ranking }), cc.giniFallsConclusion({ name: NAMES.gini }), cc.betweenLargestConclusion({ every: true, name: NAMES.between })] : []),
    ...(w ? [cc.moranConclusion({ weights: w, permutations: 999, seed: cc.DEFAULT_SEED, name: NAMES.moran })] : []),
  ];
}

/** intervals.csv: time, group, then the interval fields of cc.meanIntervals, in its order. */
function intervalsExpected(ci: cc.MeanIntervalResult): unknown[][] {
  const t = ci.keys.time;
  return ci.rows.map((r) => [r[t], r.group, ...INTERVALS.slice(2).map((c) => r[c])]);
}

/** robustness.csv: the records of cc.robustness, whether the scenario is the baseline, and its choices in words. */
function robustnessExpected(rob: cc.RobustnessResult): unknown[][] {
  const choices = new Map(rob.scenarios.map((s) => [s.name, s.choices]));
  return rob.rows.map((r) => [r.conclusion, r.scenario, r.value, r.holds, r.scenario === rob.baseline, choices.get(String(r.scenario))]);
}

/** The Gini coefficient by its definition: sum_i sum_j |x_i - x_j| / (2 n^2 mean). */
function gini(xs: number[]): number {
  let s = 0;
  for (const a of xs) for (const b of xs) s += Math.abs(a - b);
  return s / (2 * xs.length ** 2 * mean(xs));
}

/** Scenario names of cc.standardScenarios for a specification without proxies, written out. */
const STANDARD = ["baseline", "zero: shift 0.0001", "zero: epsilon 0.002", "weights: per-year", "model: wang2021", "model: fan2024"];

const CONVERGENCE = ["kind", "time", "form", "n", "mean", "sd_ddof1", "sd_ddof0", "cv_ddof1", "cv_ddof0", "sd_log_ddof1", "beta", "se_beta", "t_beta", "p_beta", "df_resid", "first_year", "last_year", "alpha", "r2", "lambda", "half_life"];

describe("npm run analyse on the bundled synthetic cities (map and group)", () => {
  const out = join(outBase, "cities");
  let run: SpawnSyncReturns<string>;
  let cd: cc.CouplingResult;
  let e: ReturnType<typeof cc.entropy>;
  let pn: ReturnType<typeof cc.panel>;
  let spec: ReturnType<typeof cc.readSpec>;
  const T = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

  beforeAll(async () => {
    run = analyse(["--panel", CITIES.panel, "--spec", CITIES.spec, "--map", CITIES.map, "--map-id", "城市代码", "--group", "区域", "--out", out]);
    const read = await cc.readPanel(join(root, CITIES.panel), { group: "区域" });
    pn = cc.panel(read);
    spec = cc.readSpec(join(root, CITIES.spec));
    e = cc.entropy(pn, spec);
    cd = cc.coupling(e.scores);
  }, 180_000);

  it("runs, writes the report and the six tables, and says so", () => {
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/analyse: ok \(\d+ cells/);
    expect(run.stdout).toContain(
      "weights.csv (6 rows), coupling.csv (128 rows), summary.csv (32 rows), dagum.csv (8 rows), moran.csv (8 rows), lisa.csv (16 rows), " +
        "kde.csv (4096 rows), markov.csv (32 rows), spatial_markov.csv (128 rows), theil.csv (8 rows), convergence.csv (12 rows), " +
        "intervals.csv (32 rows), robustness.csv (65 rows)",
    );
    expect(run.stdout).not.toMatch(/^  no /m); // nothing skipped
    for (const f of ["report.ipynb", "report.html", "weights.csv", "coupling.csv", "summary.csv", "dagum.csv", "moran.csv", "lisa.csv", "kde.csv", "markov.csv", "spatial_markov.csv", "theil.csv", "convergence.csv", "intervals.csv", "robustness.csv"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(existsSync(join(out, ".analyse-run")), "the runner's folder is removed").toBe(false);
    // heatmap, trend, Dagum contributions, two level maps, Moran trend, Moran scatter, LISA map; kernel density,
    // two Markov heatmaps, two spatial Markov figures, Theil beside Dagum, sigma trend, beta scatter; interval
    // trend, robustness grid
    expect(plotlyFigures(join(out, "report.ipynb"))).toBe(18);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("Plotly.newPlot");
    expect(html).not.toMatch(/<script[^>]+src="https?:\/\/[^"]*plotly/);
  });

  it("weights.csv: system, indicator, direction, weight = cc.entropy", () => {
    expectTable(
      join(out, "weights.csv"),
      ["system", "indicator", "direction", "weight"],
      e.weights.rows.map((r) => [r.system, r.indicator, r.direction, r.weight]),
    );
    // by hand: spec order, Chinese ids, weights sum to 1 within each system
    const { rows } = readCsv(join(out, "weights.csv"));
    expect(rows.map((r) => r[1])).toEqual(["人均地区生产总值", "城镇居民人均可支配收入", "城镇登记失业率", "每千人执业医师数", "每千人医疗机构床位数", "个人卫生支出占比"]);
    for (const s of ["经济", "医疗"]) expect(mean(rows.filter((r) => r[0] === s).map((r) => Number(r[3]))) * 3).toBeCloseTo(1, 12);
  });

  it("coupling.csv: unit, label, time, group, 经济, 医疗, C, T, D, level, level_zh = cc.coupling", () => {
    const rows = expectTable(
      join(out, "coupling.csv"),
      ["unit", "label", "time", "group", "经济", "医疗", "C", "T", "D", "level", "level_zh"],
      cd.rows.map((r) => [r.城市代码, r.城市, r.年份, r.区域, r.经济, r.医疗, r.C, r.T, r.D, r.level, r.level_zh]),
    );
    expect(rows[0].slice(0, 4)).toEqual(["990100", "甲市", "2015", "北片"]);
    for (const r of rows) expect(Number(r[8])).toBeCloseTo(Math.sqrt(Number(r[6]) * Number(r[7])), 14);
  });

  it("summary.csv: time, group, D: the three groups then all, per time = cc.summarize", () => {
    const byGroup = cc.summarize(cd, { by: "区域" });
    const all = cc.summarize(cd);
    const expected = T.flatMap((t) =>
      [...byGroup.rows.filter((r) => r.年份 === t), ...all.rows.filter((r) => r.年份 === t)].map((r) => [t, r.group, r.D, r.n, r.level, r.level_zh]),
    );
    const rows = expectTable(join(out, "summary.csv"), ["time", "group", "D"], expected);
    expect(rows.slice(0, 4).map((r) => r[1])).toEqual(["北片", "中片", "南片", "all"]);
    // by hand: the all-units mean of 2019
    const d2019 = cd.rows.filter((r) => r.年份 === 2019).map((r) => r.D as number);
    expect(Number(rows.find((r) => r[0] === "2019" && r[1] === "all")![2])).toBeCloseTo(mean(d2019), 14);
  });

  it("dagum.csv: time, G, Gw, Gnb, Gt = cc.dagumByYear by 区域", () => {
    const dg = cc.dagumByYear(cd);
    const rows = expectTable(
      join(out, "dagum.csv"),
      ["time", "G", "Gw", "Gnb", "Gt"],
      dg.rows.map((r) => [
        r.年份, r.G, r.Gw, r.Gnb, r.Gt, r.share_within, r.share_between, r.share_transvariation,
        ...["北片", "中片", "南片"].map((g) => (r.Gjj as Record<string, number>)[g]),
      ]),
    );
    expect(readCsv(join(out, "dagum.csv")).header.slice(8)).toEqual(["Gjj_北片", "Gjj_中片", "Gjj_南片", "Gjh_北片|中片", "Gjh_北片|南片", "Gjh_中片|南片"]);
    for (const r of rows) expect(Number(r[2]) + Number(r[3]) + Number(r[4])).toBeCloseTo(Number(r[1]), 12);
  });

  it("moran.csv and lisa.csv = cc.moranByYear and cc.lisa on the map's rook weights", () => {
    const geo = JSON.parse(readFileSync(join(root, CITIES.map), "utf8"));
    const w = cc.contiguityWeights(geo, { rule: "rook", idProperty: "城市代码" });
    const mo = cc.moranByYear(cd, w);
    const rows = expectTable(
      join(out, "moran.csv"),
      ["time", "I", "EI", "z_norm", "p_norm", "z_rand", "p_rand", "p_sim"],
      mo.rows.map((r) => [r.年份, r.I, r.EI, r.z_norm, r.p_norm, r.z_rand, r.p_rand, r.p_sim, r.z_sim, r.n, 999, cc.DEFAULT_SEED]),
    );
    for (const r of rows) expect(Number(r[2])).toBe(-1 / 15);
    const li = cc.lisa(cd, w);
    expect(li.time).toBe(2022);
    const lrows = expectTable(
      join(out, "lisa.csv"),
      ["unit", "label", "time", "Is", "quadrant", "p_sim", "cluster"],
      li.rows.map((r) => [r.城市代码, r.城市, r.年份, r.Is, r.quadrant, r.p_sim, r.cluster, r.区域, r.D]),
    );
    for (const r of lrows) {
      expect(["HH", "LH", "LL", "HL"]).toContain(r[4]);
      expect(["HH", "LH", "LL", "HL", "ns", "isolated"]).toContain(r[6]);
    }
  });

  it("kde.csv: time, x, density, bandwidth, rule, kernel = cc.densityByYear; nrd0 and a density value by definition", () => {
    const rows = expectTable(join(out, "kde.csv"), KDE, kdeExpected(cd));
    expect(rows.length).toBe(8 * 512);
    // by hand, 2019: h = 0.9 min(sd, IQR / 1.34) n^(-1/5), and f(x) = 1/(n h) sum phi((x - D_i) / h) at the 100th grid point
    const d = cd.rows.filter((r) => r.年份 === 2019).map((r) => r.D as number);
    const h = 0.9 * Math.min(sdOf(d), (quantile7(d, 0.75) - quantile7(d, 0.25)) / 1.34) * d.length ** -0.2;
    const r2019 = rows.filter((r) => r[0] === "2019");
    expect(r2019.every((r) => r[4] === "nrd0" && r[5] === "gaussian")).toBe(true);
    expect(Number(r2019[0][3])).toBeCloseTo(h, 14);
    const x = Number(r2019[99][1]);
    const f = d.reduce((a, v) => a + Math.exp(-0.5 * ((x - v) / h) ** 2) / Math.sqrt(2 * Math.PI), 0) / (d.length * h);
    expect(Number(r2019[99][2])).toBeCloseTo(f, 12);
  });

  it("markov.csv: series, from, to, count, p, row_total = cc.markovChain on D and relative D; counts by hand", () => {
    const mc = cc.markovChain(cd);
    const rc = cc.markovChain(cd, { relative: true });
    const rows = expectTable(join(out, "markov.csv"), MARKOV, [...chainExpected("D", mc), ...chainExpected("relative", rc)]);
    const units = [...new Set(cd.rows.map((r) => String(r.城市代码)))];
    const D = dMatrix(cd, units, T);
    for (const [series, m] of [["D", D], ["relative", relative(D)]] as const) {
      const mine = rows.filter((r) => r[0] === series);
      expect(mine).toHaveLength(16);
      const counts = countMoves(m, edgesOf(mine, 1, 7));
      for (const r of mine) expect(Number(r[3]), `${series} ${r[1]} -> ${r[2]}`).toBe(counts.get(`${r[1]}|${r[2]}`) ?? 0);
      expect(mine.reduce((a, r) => a + Number(r[3]), 0)).toBe(16 * 7); // every unit, every step
    }
  });

  it("spatial_markov.csv: series, lag, from, to, count, p = cc.spatialMarkovChain on the map's rook weights; counts by hand", () => {
    const geo = JSON.parse(readFileSync(join(root, CITIES.map), "utf8"));
    const w = cc.contiguityWeights(geo, { rule: "rook", idProperty: "城市代码" });
    expect(w.islands).toEqual([]);
    const sm = cc.spatialMarkovChain(cd, w);
    const smr = cc.spatialMarkovChain(cd, w, { relative: true });
    const rows = expectTable(join(out, "spatial_markov.csv"), SPATIAL_MARKOV, [...chainExpected("D", sm), ...chainExpected("relative", smr)]);
    const units = [...w.ids];
    const D = dMatrix(cd, units, T);
    for (const [series, m] of [["D", D], ["relative", relative(D)]] as const) {
      const mine = rows.filter((r) => r[0] === series);
      expect(mine).toHaveLength(64);
      const counts = countMoves(m, edgesOf(mine, 2, 10), { m: lagOf(m, units, w), edges: edgesOf(mine, 1, 8) });
      for (const r of mine) expect(Number(r[4]), `${series} lag ${r[1]}: ${r[2]} -> ${r[3]}`).toBe(counts.get(`${r[1]}|${r[2]}|${r[3]}`) ?? 0);
    }
    // a row without moves: count 0, row_total 0 and no p (not a probability of 0)
    const empty = rows.filter((r) => r[6] === "0");
    expect(empty.length).toBeGreaterThan(0);
    for (const r of empty) expect([r[4], r[5]]).toEqual(["0", ""]);
  });

  it("theil.csv: time, T, T_between, T_within, ... = cc.theilByYear by 区域; T and its between part by definition", () => {
    const th = cc.theilByYear(cd);
    const G = ["北片", "中片", "南片"];
    const rows = expectTable(
      join(out, "theil.csv"),
      THEIL,
      th.rows.map((r) => [
        r.年份, r.T, r.T_between, r.T_within, r.T_share_between, r.T_share_within, r.L, r.L_between, r.L_within, r.n, r.mean,
        ...G.map((g) => (r.T_g as Record<string, number>)[g]),
        ...G.map((g) => (r.L_g as Record<string, number | null>)[g]),
      ]),
    );
    expect(readCsv(join(out, "theil.csv")).header.slice(11)).toEqual(["Tg_北片", "Tg_中片", "Tg_南片", "Lg_北片", "Lg_中片", "Lg_南片"]);
    // by hand, 2019: T = (1/n) sum (D/m) ln(D/m); T_between = sum_g (n_g/n) (m_g/m) ln(m_g/m)
    const r19 = cd.rows.filter((r) => r.年份 === 2019);
    const d = r19.map((r) => r.D as number);
    const m = mean(d);
    const t = d.reduce((a, v) => a + (v > 0 ? (v / m) * Math.log(v / m) : 0), 0) / d.length;
    const tb = G.reduce((a, g) => {
      const dg = r19.filter((r) => r.区域 === g).map((r) => r.D as number);
      return a + (dg.length / d.length) * (mean(dg) / m) * Math.log(mean(dg) / m);
    }, 0);
    const row = rows.find((r) => r[0] === "2019")!;
    expect(Number(row[1])).toBeCloseTo(t, 14);
    expect(Number(row[2])).toBeCloseTo(tb, 14);
    for (const r of rows) expect(Number(r[2]) + Number(r[3])).toBeCloseTo(Number(r[1]), 14);
    // 2015 has a D = 0 (寅市): L undefined, its cells empty
    expect(rows[0].slice(6, 9)).toEqual(["", "", ""]);
  });

  it("convergence.csv: kind, time, form, n = cc.convergenceOf (sigma rows, then beta rows); sd, cv and the beta slope by hand", () => {
    const rows = expectTable(join(out, "convergence.csv"), CONVERGENCE, convergenceExpected(cc.convergenceOf(cd), "年份"));
    expect(rows.map((r) => r[0])).toEqual([...T.map(() => "sigma"), "beta", "beta", "beta", "beta"]);
    expect(rows.slice(8).map((r) => r[2])).toEqual(["absolute", "pooled", "unit FE", "two-way FE"]);
    // by hand, 2019: sd with n - 1 and cv = sd / mean
    const d19 = cd.rows.filter((r) => r.年份 === 2019).map((r) => r.D as number);
    const s19 = rows.find((r) => r[1] === "2019")!;
    expect(Number(s19[5])).toBeCloseTo(sdOf(d19), 14);
    expect(Number(s19[7])).toBeCloseTo(sdOf(d19) / mean(d19), 14);
    // absolute beta by OLS: 寅市 has D = 0 in 2015, so the base is 2016: y = (ln D_2022 - ln D_2016) / 6 on x = ln D_2016
    const units = [...new Set(cd.rows.map((r) => String(r.城市代码)))];
    const D = dMatrix(cd, units, T);
    const x = D.map((r) => Math.log(r[1]));
    const y = D.map((r) => (Math.log(r[7]) - Math.log(r[1])) / 6);
    const slope = x.reduce((a, xi, i) => a + (xi - mean(x)) * (y[i] - mean(y)), 0) / x.reduce((a, xi) => a + (xi - mean(x)) ** 2, 0);
    const abs = rows[8];
    expect(Number(abs[10])).toBeCloseTo(slope, 12);
    expect([abs[15], abs[16], abs[3]]).toEqual(["2016", "2022", "16"]);
  });

  it("intervals.csv: time, group, n, estimate, lower, upper, ... = cc.meanIntervals by 区域 (all, then the groups); the 4-unit groups flagged", () => {
    const rows = expectTable(join(out, "intervals.csv"), INTERVALS, intervalsExpected(cc.meanIntervals(cd, { by: "区域" })));
    expect(rows).toHaveLength(8 * 4);
    expect(rows.slice(0, 4).map((r) => [r[1], r[2], r[8]])).toEqual([["all", "16", "false"], ["北片", "4", "true"], ["中片", "8", "false"], ["南片", "4", "true"]]);
    // by hand: the estimate of "all" is the mean D of its time; every interval holds its estimate
    for (const t of T) {
      const r = rows.find((x) => x[0] === String(t) && x[1] === "all")!;
      expect(Number(r[3])).toBeCloseTo(mean(cd.rows.filter((x) => x.年份 === t).map((x) => x.D as number)), 14);
    }
    for (const r of rows) expect(Number(r[4]) <= Number(r[3]) && Number(r[3]) <= Number(r[5]), r.join(",")).toBe(true);
    expect(rows.filter((r) => r[8] === "true").every((r) => /fewer than 5/.test(r[14]))).toBe(true);
  });

  it("robustness.csv: conclusion, scenario, value, holds = cc.robustness (standard scenarios, five conclusions); the baseline by hand", () => {
    const geo = JSON.parse(readFileSync(join(root, CITIES.map), "utf8"));
    const w = cc.contiguityWeights(geo, { rule: "rook", idProperty: "城市代码" });
    const rob = cc.robustness(pn, spec, { scenarios: cc.standardScenarios(spec), conclusions: conclusionsOf(true, w) });
    const rows = expectTable(join(out, "robustness.csv"), ROBUSTNESS, robustnessExpected(rob));
    const scenarios = [...STANDARD, "weights: equal", ...spec.map((s) => `without ${s.id}`)];
    expect(scenarios).toHaveLength(13);
    for (const [i, name] of Object.values(NAMES).entries()) {
      expect(rows.slice(13 * i, 13 * (i + 1)).map((r) => [r[0], r[1]])).toEqual(scenarios.map((s) => [name, s]));
    }
    // the baseline's values by hand: the means of D, the group ranking and the Gini in the first and last time
    const base = (name: string) => rows.find((r) => r[0] === name && r[1] === "baseline")!;
    const dOf = (t: number, g?: string) => cd.rows.filter((r) => r.年份 === t && (g === undefined || r.区域 === g)).map((r) => r.D as number);
    expect(base(NAMES.rises)[2]).toBe(`${mean(dOf(2015)).toFixed(3)} → ${mean(dOf(2022)).toFixed(3)}`);
    const order = (t: number) => ["北片", "中片", "南片"].sort((a, b) => mean(dOf(t, b)) - mean(dOf(t, a))).join(" > ");
    expect(base(NAMES.ranking)[2]).toBe(`${order(2015)} (2015); ${order(2022)} (2022)`);
    expect(base(NAMES.gini)[2]).toBe(`${gini(dOf(2015)).toFixed(4)} → ${gini(dOf(2022)).toFixed(4)}`);
    expect(rows.filter((r) => r[4] === "true").map((r) => r[1])).toEqual(Object.values(NAMES).map(() => "baseline"));
    expect(base(NAMES.rises)[5]).toBe("0 ln 0 := 0, pooled, classic, entropy weights, all indicators");
  });
});

describe("npm run analyse on paper 1's province panel with the province map (no group)", () => {
  const out = join(outBase, "paper1");
  let run: SpawnSyncReturns<string>;
  let cd: cc.CouplingResult;
  let e: ReturnType<typeof cc.entropy>;
  let pn: ReturnType<typeof cc.panel>;
  let spec: ReturnType<typeof cc.readSpec>;

  beforeAll(async () => {
    run = analyse(["--panel", PAPER1.panel, "--spec", PAPER1.spec, "--map", PAPER1.map, "--out", out]);
    const read = await cc.readPanel(join(root, PAPER1.panel));
    pn = cc.panel(read);
    spec = cc.readSpec(join(root, PAPER1.spec));
    e = cc.entropy(pn, spec);
    cd = cc.coupling(e.scores);
  }, 180_000);

  it("runs; no group, so no dagum.csv, with the reason in the output and the report", () => {
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain("no dagum.csv, theil.csv: the panel has no group column");
    expect(existsSync(join(out, "dagum.csv"))).toBe(false);
    expect(existsSync(join(out, "theil.csv"))).toBe(false);
    for (const f of ["weights.csv", "coupling.csv", "summary.csv", "moran.csv", "lisa.csv", "kde.csv", "markov.csv", "spatial_markov.csv", "convergence.csv", "intervals.csv", "robustness.csv", "report.html"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const report = readFileSync(join(out, "report.ipynb"), "utf8");
    expect(report).toContain("No group column: the Dagum decomposition, which needs groups, is skipped.");
    expect(report).toContain("No group column: Theil's between/within split, which needs groups, is skipped.");
    expect(report).toContain("No group column: no conclusions on the group ranking, the Gini coefficient or the between-group share, which need groups.");
    expect(run.stdout).toContain("robustness.csv no group conclusions (ranking, Gini, between-group share)");
    // Taiwan, Hong Kong and Macao are in the map, not in the panel: left out of the weights, said so
    expect(report).toContain("3 features without data left out");
    // Hainan has no rook neighbour: no spatial lag, so it is left out of the spatial Markov chain, said so
    expect(report).toContain("left out of the spatial chain: 460000 海南 (30 units left)");
    // the 7 figures of before, kernel density, two Markov heatmaps, two spatial Markov figures, sigma trend, beta scatter,
    // interval trend, robustness grid
    expect(plotlyFigures(join(out, "report.ipynb"))).toBe(16);
  });

  it("weights.csv and coupling.csv = cc.entropy and cc.coupling (label = the registry's short name, group empty)", () => {
    expectTable(join(out, "weights.csv"), ["system", "indicator", "direction", "weight"], e.weights.rows.map((r) => [r.system, r.indicator, r.direction, r.weight]));
    const rows = expectTable(
      join(out, "coupling.csv"),
      ["unit", "label", "time", "group", "security", "resources", "C", "T", "D", "level", "level_zh"],
      cd.rows.map((r) => [r.adcode, r.province, r.year, null, r.security, r.resources, r.C, r.T, r.D, r.level, r.level_zh]),
    );
    expect(rows[0].slice(0, 4)).toEqual(["110000", "北京", "2012", ""]);
  });

  it("summary.csv: one all-units row per time = cc.summarize", () => {
    const all = cc.summarize(cd);
    const rows = expectTable(join(out, "summary.csv"), ["time", "group", "D"], all.rows.map((r) => [r.year, "all", r.D, 31, r.level, r.level_zh]));
    expect(rows.map((r) => r[0])).toEqual(["2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019"]);
  });

  it("moran.csv and lisa.csv = the API on the 31 analysed provinces' rook weights (Hainan an island)", () => {
    // an independent path to the weights: the library's own 31-province map, not the template's subset of the 34 features
    const w = cc.contiguityWeights(cc.loadProvinceMap(), { rule: "rook", idProperty: "adcode" });
    expect(w.islands).toEqual(["460000"]);
    const mo = cc.moranByYear(cd, w);
    const rows = expectTable(
      join(out, "moran.csv"),
      ["time", "I", "EI", "z_norm", "p_norm", "z_rand", "p_rand", "p_sim"],
      mo.rows.map((r) => [r.year, r.I, r.EI, r.z_norm, r.p_norm, r.z_rand, r.p_rand, r.p_sim, r.z_sim, r.n]),
    );
    for (const r of rows) expect(Number(r[2])).toBe(-1 / 29); // n = 30: the island is left out
    const li = cc.lisa(cd, w);
    const lrows = expectTable(
      join(out, "lisa.csv"),
      ["unit", "label", "time", "Is", "quadrant", "p_sim", "cluster"],
      li.rows.map((r) => [r.adcode, r.province, r.year, r.Is, r.quadrant, r.p_sim, r.cluster]),
    );
    const hainan = lrows.find((r) => r[0] === "460000")!;
    expect(hainan[6]).toBe("isolated");
    expect(hainan[5]).toBe(""); // no p-value without neighbours
  });

  it("kde.csv and markov.csv = cc.densityByYear and cc.markovChain (D and relative D) on the 31 provinces", () => {
    const rows = expectTable(join(out, "kde.csv"), KDE, kdeExpected(cd));
    expect(new Set(rows.map((r) => r[0])).size).toBe(8);
    const mrows = expectTable(join(out, "markov.csv"), MARKOV, [
      ...chainExpected("D", cc.markovChain(cd)),
      ...chainExpected("relative", cc.markovChain(cd, { relative: true })),
    ]);
    for (const series of ["D", "relative"]) expect(mrows.filter((r) => r[0] === series).reduce((a, r) => a + Number(r[3]), 0)).toBe(31 * 7);
  });

  it("spatial_markov.csv = cc.spatialMarkovChain on the rook weights of the 30 provinces with a neighbour (Hainan left out); counts by hand", () => {
    // an independent path to the weights: the library's own 31-province map without Hainan
    const map = cc.loadProvinceMap();
    const w = cc.contiguityWeights({ ...map, features: map.features.filter((f) => f.properties?.adcode !== "460000") }, { rule: "rook", idProperty: "adcode" });
    expect([w.n, w.islands.length]).toEqual([30, 0]);
    const rest = { rows: cd.rows.filter((r) => r.adcode !== "460000"), keys: cd.keys };
    const rows = expectTable(join(out, "spatial_markov.csv"), SPATIAL_MARKOV, [
      ...chainExpected("D", cc.spatialMarkovChain(rest, w)),
      ...chainExpected("relative", cc.spatialMarkovChain(rest, w, { relative: true })),
    ]);
    const units = [...w.ids];
    const D = dMatrix(cd, units, [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019]);
    for (const [series, m] of [["D", D], ["relative", relative(D)]] as const) {
      const mine = rows.filter((r) => r[0] === series);
      const counts = countMoves(m, edgesOf(mine, 2, 10), { m: lagOf(m, units, w), edges: edgesOf(mine, 1, 8) });
      for (const r of mine) expect(Number(r[4]), `${series} lag ${r[1]}: ${r[2]} -> ${r[3]}`).toBe(counts.get(`${r[1]}|${r[2]}|${r[3]}`) ?? 0);
      expect(mine.reduce((a, r) => a + Number(r[4]), 0)).toBe(30 * 7);
    }
  });

  it("convergence.csv = cc.convergenceOf (no zero: beta from the first year)", () => {
    const rows = expectTable(join(out, "convergence.csv"), CONVERGENCE, convergenceExpected(cc.convergenceOf(cd), "year"));
    expect(rows[8].slice(0, 4)).toEqual(["beta", "", "absolute", "31"]);
    expect([rows[8][15], rows[8][16]]).toEqual(["2012", "2019"]);
  });

  it("intervals.csv = cc.meanIntervals over all 31 provinces (no group rows, none flagged)", () => {
    const rows = expectTable(join(out, "intervals.csv"), INTERVALS, intervalsExpected(cc.meanIntervals(cd)));
    expect(rows.map((r) => [r[0], r[1], r[2], r[8]])).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019].map((t) => [String(t), "all", "31", "false"]));
    // by hand: the 2019 estimate is the mean D of 2019
    expect(Number(rows[7][3])).toBeCloseTo(mean(cd.rows.filter((r) => r.year === 2019).map((r) => r.D as number)), 14);
  });

  it("robustness.csv = cc.robustness (27 standard scenarios; D rises and Moran's I, no group conclusions)", () => {
    // an independent path to the weights: the library's own 31-province map (Hainan an island)
    const w = cc.contiguityWeights(cc.loadProvinceMap(), { rule: "rook", idProperty: "adcode" });
    const rob = cc.robustness(pn, spec, { scenarios: cc.standardScenarios(spec), conclusions: conclusionsOf(false, w) });
    const rows = expectTable(join(out, "robustness.csv"), ROBUSTNESS, robustnessExpected(rob));
    const ids = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11"];
    const scenarios = [...STANDARD, "without proxy indicators", "weights: equal", ...ids.map((id) => `without ${id}`)];
    expect(rows.map((r) => [r[0], r[1]])).toEqual([NAMES.rises, NAMES.moran].flatMap((c) => scenarios.map((s) => [c, s])));
    // by hand: the national means 2012 -> 2019; paper 1's D rises everywhere but with per-year weights (METHODS 23.7)
    const dOf = (t: number) => cd.rows.filter((r) => r.year === t).map((r) => r.D as number);
    expect(rows[0][2]).toBe(`${mean(dOf(2012)).toFixed(3)} → ${mean(dOf(2019)).toFixed(3)}`);
    expect(rows.filter((r) => r[0] === NAMES.rises && r[3] === "false").map((r) => [r[1], r[2]])).toEqual([["weights: per-year", "0.520 → 0.480"]]);
    // Moran's baseline value is moran.csv's last row (the same I and p_sim, rounded)
    const m = readCsv(join(out, "moran.csv")).rows.at(-1)!;
    expect(rows[27][2]).toBe(`I = ${Number(m[1]).toFixed(3)}, p_sim = ${Number(m[7]).toFixed(3)}`);
  });
});

describe("npm run analyse: a robustness scenario that cannot run on the data is left out, and said so", () => {
  // 甲市 2015 at the top of every 经济 indicator: under the shift convention its score is 1 + 0.0001 > 1
  const out = join(outBase, "top");
  const file = join(outBase, "top-panel.csv");
  let run: SpawnSyncReturns<string>;
  let pn: ReturnType<typeof cc.panel>;
  let spec: ReturnType<typeof cc.readSpec>;

  beforeAll(async () => {
    const read = await cc.readPanel(join(root, CITIES.panel), { group: "区域" });
    const rows = read.rows.map((r) => ({ ...r }));
    const col = (c: string) => rows.map((r) => r[c] as number);
    const first = rows.find((r) => r.城市代码 === "990100" && r.年份 === 2015)!;
    Object.assign(first, { 人均地区生产总值: Math.max(...col("人均地区生产总值")), 城镇居民人均可支配收入: Math.max(...col("城镇居民人均可支配收入")), 城镇登记失业率: Math.min(...col("城镇登记失业率")) });
    const header = Object.keys(rows[0]);
    mkdirSync(outBase, { recursive: true });
    writeFileSync(file, [header.join(","), ...rows.map((r) => header.map((h) => String(r[h])).join(","))].join("\n") + "\n");
    run = analyse(["--panel", file, "--spec", CITIES.spec, "--group", "区域", "--out", out]);
    pn = cc.panel(await cc.readPanel(file, { group: "区域" }));
    spec = cc.readSpec(join(root, CITIES.spec));
  }, 180_000);

  it("runs; robustness.csv = cc.robustness without the shift scenario; the report names it and why", () => {
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const scenarios = cc.standardScenarios(spec);
    expect(() => cc.robustness(pn, spec, { scenarios, conclusions: conclusionsOf(true) })).toThrow(/under scenario "zero: shift 0\.0001": coupling: 1 score is outside \[0, 1\]/);
    const rob = cc.robustness(pn, spec, { scenarios: scenarios.filter((s) => s.name !== "zero: shift 0.0001"), conclusions: conclusionsOf(true) });
    const rows = expectTable(join(out, "robustness.csv"), ROBUSTNESS, robustnessExpected(rob));
    expect(rows).toHaveLength(12 * 4);
    expect(rows.some((r) => r[1] === "zero: shift 0.0001")).toBe(false);
    const report = readFileSync(join(out, "report.ipynb"), "utf8");
    expect(report).toContain("scenarios left out, which cannot be computed on these data:** zero: shift 0.0001 (coupling: 1 score is outside [0, 1]: row 1 (990100 甲市, 2015), column 经济: 1.0001).");
    expect(report).toContain("No map (`--map`): no conclusion on Moran's I.");
  });
});

describe("npm run analyse: failures say which step and why, in one line", () => {
  it("a bad specification: step read-spec, the file, line and column; stale tables of an earlier run removed", () => {
    const out = join(outBase, "bad-spec");
    mkdirSync(out, { recursive: true });
    const spec = join(outBase, "bad-spec.csv");
    writeFileSync(spec, "id,system,direction\n人均地区生产总值,经济,+\n城镇居民人均可支配收入,经济,1\n每千人执业医师数,医疗,+\n");
    writeFileSync(join(out, "coupling.csv"), "stale\n");
    const r = analyse(["--panel", CITIES.panel, "--spec", spec, "--out", out]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^analyse: step read-spec failed: .*bad-spec\.csv, line 3, column "direction": indicator 城镇居民人均可支配收入: direction "1" must be "\+"/);
    expect(existsSync(join(out, "coupling.csv")), "an earlier run's table is not left behind").toBe(false);
    expect(existsSync(join(out, "report.ipynb")), "the report shows where the run stopped").toBe(true);
  });

  it("a map that does not hold the panel's units: step weights, the units named (the template's own error)", () => {
    const r = analyse(["--panel", CITIES.panel, "--spec", CITIES.spec, "--map", PAPER1.map, "--out", join(outBase, "bad-map")]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^analyse: step weights failed: map: 16 unit\(s\) of the panel have no polygon whose adcode is the unit id: 990100 甲市, /);
    expect(lines[0]).toContain("--map-id");
  });

  it("bad command lines are refused before anything runs (exit 2, one line)", () => {
    const out = join(outBase, "never-written");
    const cases: Array<[string[], RegExp]> = [
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--colour", "red"], /^analyse: unknown option --colour/],
      [["--pannel", CITIES.panel], /^analyse: unknown option --pannel \(did you mean --panel\?\)/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec], /^analyse: --out is required/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--zero", "shift:abc"], /^analyse: --zero shift:<x> needs a number x > 0, got "abc"/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--zero", "log"], /^analyse: --zero must be limit, shift:<x> or epsilon:<x>/],
      [["--panel", "no-such-panel.csv", "--spec", CITIES.spec, "--out", out], /^analyse: --panel: no such file: .*no-such-panel\.csv/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--rule", "queen"], /^analyse: --rule applies to the spatial steps, which need --map/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--model", "wang"], /^analyse: --model must be classic, wang2021 or fan2024, got "wang"/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--map", CITIES.map, "--permutations", "0"], /^analyse: --permutations must be a whole number from 1/],
    ];
    for (const [args, message] of cases) {
      const r = analyse(args);
      expect(r.status, args.join(" ")).toBe(2);
      const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
      expect(lines, args.join(" ")).toHaveLength(1);
      expect(lines[0], args.join(" ")).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});
