// Small made-up inputs shaped like the papers' results (not the papers' numbers): frame results
// built by hand with the record shapes documented in src/frame/results.ts, and plain records.
import { readFileSync } from "fs";
import { join } from "path";
import type { MapFeatureCollection } from "../../src/plot";
import {
  makeResult,
  type CouplingResult,
  type DagumResult,
  type LisaResult,
  type MoranResult,
  type ObstacleResult,
  type PanelKeys,
  type Row,
  type SummaryResult,
  type TableResult,
} from "../../src/frame/results";

export const ADCODES = [
  "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000", "320000", "330000",
  "340000", "350000", "360000", "370000", "410000", "420000", "430000", "440000", "450000", "460000", "500000",
  "510000", "520000", "530000", "540000", "610000", "620000", "630000", "640000", "650000",
];

export const KEYS: PanelKeys = { unit: "adcode", time: "year" };

export function squaresGeojson(): MapFeatureCollection {
  return JSON.parse(readFileSync(join(__dirname, "../fixtures/squares.geojson"), "utf8"));
}

const REAL = join(__dirname, "../../data/provinces/china-provinces.geojson");
export function chinaGeojson(): MapFeatureCollection | undefined {
  try {
    return JSON.parse(readFileSync(REAL, "utf8"));
  } catch {
    return undefined;
  }
}

export const YEARS = [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021];

/**
 * Level of D under bands [a, b) written out (not the core's function): level k covers
 * [(k-1)/10, k/10), and 1 is in level 10. Used to build made-up records; the figures never classify.
 */
export function leftLevel(d: number): number {
  return Math.min(10, Math.floor(Math.round(d * 1e9) / 1e8) + 1);
}

const LEVEL_NAMES: Array<[string, string]> = [
  ["极度失调", "extreme imbalance"], ["严重失调", "serious imbalance"], ["中度失调", "moderate imbalance"],
  ["轻度失调", "mild imbalance"], ["濒临失调", "on the verge of imbalance"], ["勉强协调", "barely coordinated"],
  ["初级协调", "primary coordination"], ["中级协调", "intermediate coordination"], ["良好协调", "good coordination"],
  ["优质协调", "high-quality coordination"],
];
export function levelFields(level: number): Row {
  return { level, level_zh: LEVEL_NAMES[level - 1][0], level_en: LEVEL_NAMES[level - 1][1] };
}

// ---- summary (trend) ----
const GROUPS = [
  { id: "all", zh: "全国", en: "National" },
  { id: "east", zh: "东部", en: "East" },
  { id: "central", zh: "中部", en: "Central" },
  { id: "west", zh: "西部", en: "West" },
  { id: "northeast", zh: "东北", en: "Northeast" },
];
const BASE: Record<string, number> = { all: 0.368, east: 0.366, central: 0.352, west: 0.386, northeast: 0.34 };
const SLOPE: Record<string, number> = { all: 0.012, east: 0.016, central: 0.013, west: 0.009, northeast: 0.008 };
export function trendValue(group: string, i: number): number {
  return +(BASE[group] + SLOPE[group] * i + 0.004 * Math.sin(i + group.length)).toFixed(4);
}

/** `summarize(..., { by: "region" })`-shaped result: one record per year and group. */
export function summaryResult(): SummaryResult {
  const rows: Row[] = [];
  for (const g of GROUPS) {
    YEARS.forEach((t, i) => {
      const D = trendValue(g.id, i);
      rows.push({ year: t, group: g.id, group_zh: g.zh, group_en: g.en, D, n: 31, ...levelFields(leftLevel(D)) });
    });
  }
  const means = Object.fromEntries(GROUPS.map((g) => [g.id, YEARS.reduce((s, _, i) => s + trendValue(g.id, i), 0) / YEARS.length]));
  return makeResult<SummaryResult>("summary", rows, KEYS, { value: "D", groups: GROUPS, means, closed: "left" });
}

/** The same numbers as plain records with the old field names: `{ series, time, value }` ("nation" for the country). */
export function trendRows(): Row[] {
  const rows: Row[] = [];
  for (const g of GROUPS) YEARS.forEach((t, i) => rows.push({ series: g.id === "all" ? "nation" : g.id, time: t, value: trendValue(g.id, i) }));
  return rows;
}

// ---- coupling (heatmap, choropleth) ----
/** D for every province and year: a deterministic pattern covering levels 2..9. */
export function dValue(adcode: string, year: number): number {
  const k = ADCODES.indexOf(adcode);
  const d = 0.15 + ((k * 37) % 31) / 31 * 0.55 + (year - 2012) * 0.012;
  return Math.min(0.99, +d.toFixed(4));
}

/** A `coupling()`-shaped result over the 31 provinces and ten years (levels under [a, b)). */
export function couplingResult(options: { keys?: PanelKeys; extra?: (u: string) => Row } = {}): CouplingResult {
  const rows: Row[] = [];
  for (const u of ADCODES) {
    for (const t of YEARS) {
      const D = dValue(u, t);
      rows.push({ adcode: u, year: t, ...(options.extra?.(u) ?? {}), S1: 0.3, S2: 0.4, C: 0.9, T: 0.35, D, ...levelFields(leftLevel(D)) });
    }
  }
  return couplingOf(rows, options.keys ?? KEYS, "left");
}

export function couplingOf(rows: Row[], keys: PanelKeys, closed: "left" | "right"): CouplingResult {
  return makeResult<CouplingResult>("coupling", rows, keys, {
    systems: ["S1", "S2"],
    model: "classic",
    coefficients: [0.5, 0.5],
    closed,
    value: "D",
  });
}

// ---- Moran (trend) ----
const I_VALUES = [0.182, 0.171, 0.205, 0.214, 0.196, 0.233, 0.251, 0.264, 0.243, 0.278];
const P_RAND = [0.061, 0.074, 0.032, 0.028, 0.048, 0.018, 0.011, 0.008, 0.014, 0.006];
const P_NORM = [0.03, 0.04, 0.02, 0.02, 0.03, 0.01, 0.01, 0.004, 0.01, 0.003];

/** A `moranByYear()`-shaped result; p_rand puts 2012 and 2013 above 0.05, p_norm none. */
export function moranResult(): MoranResult {
  const rows = YEARS.map((t, i) => ({
    year: t,
    I: I_VALUES[i],
    EI: -1 / 30,
    VI_norm: 0.012,
    z_norm: 2.1 + i * 0.1,
    p_norm: P_NORM[i],
    VI_rand: 0.013,
    z_rand: 1.9 + i * 0.1,
    p_rand: P_RAND[i],
    p_sim: P_RAND[i],
    z_sim: 1.8,
    n: 31,
    permutations: 999,
    seed: 12345,
    alternative: "two-sided",
  }));
  return makeResult<MoranResult>("moran", rows, KEYS, { value: "D", weights: "queen contiguity, row-standardised" });
}

/** The old plain records `{ time, I, p, EI, z }` with the same numbers (p = p_rand, z = z_rand). */
export function moranTrendRows(): Row[] {
  return YEARS.map((t, i) => ({ time: t, I: I_VALUES[i], p: P_RAND[i], EI: -1 / 30, z: 1.9 + i * 0.1 }));
}

// ---- LISA (scatter, cluster map) ----
/** The core's quadrant rule written out: first letter from z > 0, second from lag > 0 (0 is "L"). */
export function quadrantByHand(z: number, lag: number): string {
  return (z > 0 ? "H" : "L") + (lag > 0 ? "H" : "L");
}

export const CLUSTER_CYCLE = ["HH", "ns", "LL", "ns", "LH", "ns", "HL"];
export function clusterOf(k: number): string {
  return CLUSTER_CYCLE[k % CLUSTER_CYCLE.length];
}

/** Points of a Moran scatter: z and lag per province. */
export function scatterPoints(): Array<{ adcode: string; z: number; lag: number; quadrant: string }> {
  return ADCODES.map((u, k) => {
    const z = +(Math.sin(k * 1.7) * 1.6).toFixed(3);
    const lag = +(0.45 * z + Math.cos(k * 2.3) * 0.5).toFixed(3);
    return { adcode: u, z, lag, quadrant: quadrantByHand(z, lag) };
  });
}

/** A `lisa()`-shaped result from records `{ adcode, province?, z, lag, quadrant, cluster }`. */
export function lisaOf(records: Row[], I: number, keys: PanelKeys = { ...KEYS, label: "province" }): LisaResult {
  const rows: Row[] = records.map((r) => ({ year: 2019, D: 0.4, Is: 0, p_sim: 0.01, ...r }));
  const clusters = { HH: [], LL: [], LH: [], HL: [], ns: [], isolated: [] } as Record<string, string[]>;
  for (const r of rows) clusters[String(r.cluster)]?.push(String(r[keys.label ?? keys.unit]));
  const membership = makeResult<TableResult>("membership", [], keys, {});
  return makeResult<LisaResult>("lisa", rows, keys, {
    value: "D",
    time: 2019,
    I,
    alpha: 0.05,
    cutoff: 0.05,
    clusters: clusters as LisaResult["clusters"],
    membership,
    settings: { permutations: 999, seed: 12345 },
  });
}

export function lisaResult(): LisaResult {
  return lisaOf(
    scatterPoints().map((p, k) => ({ ...p, cluster: p.adcode === "460000" ? "isolated" : clusterOf(k) })),
    0.264,
    KEYS,
  );
}

// ---- obstacles ----
const SYSTEMS: Record<string, string[]> = {
  digital: ["数字基础设施", "数字产业化", "产业数字化", "数字创新能力", "数字治理"],
  green: ["资源利用", "环境治理", "生态保护", "绿色生活", "绿色生产"],
};
/** Obstacle degree (fraction) of factor f of system s in column c. */
export function obstacleValue(s: number, f: number, c: "2012" | "2021" | "mean"): number {
  const shift = { "2012": 0, "2021": 2, mean: 1 }[c];
  return +((32 - f * 5.5 + s * 2 + (f % 2 ? shift : -shift)) / 100).toFixed(4);
}

/** An `obstacles()`-shaped result: two systems x five criteria, columns 2012, 2021, mean (fractions). */
export function obstacleResult(): ObstacleResult {
  const rows: Row[] = [];
  Object.entries(SYSTEMS).forEach(([system, factors], s) => {
    factors.forEach((zh, f) => {
      rows.push({
        rank: f + 1,
        system,
        factor: `C${s + 1}${f + 1}`,
        factor_zh: zh,
        "2012": obstacleValue(s, f, "2012"),
        "2021": obstacleValue(s, f, "2021"),
        mean: obstacleValue(s, f, "mean"),
      });
    });
  });
  return makeResult<ObstacleResult>("obstacles", rows, KEYS, { by: "criterion", times: [2012, 2021], valueColumns: ["2012", "2021", "mean"] });
}

// ---- Dagum ----
export function giniParts(i: number): { G: number; Gw: number; Gnb: number; Gt: number } {
  const G = 0.05 - i * 0.0008;
  const Gw = 0.3 * G;
  const Gnb = (0.45 - i * 0.01) * G;
  return { G, Gw, Gnb, Gt: G - Gw - Gnb };
}

/** A `dagumByYear()`-shaped result: within share 30 %, between 45 % falling 1 point a year. */
export function dagumResult(): DagumResult {
  const rows = YEARS.map((t, i) => {
    const { G, Gw, Gnb, Gt } = giniParts(i);
    return { year: t, G, Gw, Gnb, Gt, share_within: Gw / G, share_between: Gnb / G, share_transvariation: Gt / G, Gjj: {}, Gjh: {} };
  });
  return makeResult<DagumResult>("dagum", rows, KEYS, {
    value: "D",
    groups: GROUPS.slice(1),
    pairs: [["east", "central"]],
  });
}

/** The old plain records `{ time, within, between, transvariation, G }` (absolute parts). */
export function giniRows(): Row[] {
  return YEARS.map((t, i) => {
    const { G, Gw, Gnb, Gt } = giniParts(i);
    return { time: t, within: Gw, between: Gnb, transvariation: Gt, G };
  });
}
