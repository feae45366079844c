// Small made-up inputs shaped like the papers' results (not the papers' numbers).
import { readFileSync } from "fs";
import { join } from "path";
import type {
  MapFeatureCollection,
  GiniContributionRow,
  LevelRow,
  MoranScatterPoint,
  MoranTrendRow,
  ObstacleRow,
  TrendRow,
} from "../../src/plot";

export const ADCODES = [
  "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000", "320000", "330000",
  "340000", "350000", "360000", "370000", "410000", "420000", "430000", "440000", "450000", "460000", "500000",
  "510000", "520000", "530000", "540000", "610000", "620000", "630000", "640000", "650000",
];

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

export function trendRows(): TrendRow[] {
  const base: Record<string, number> = { nation: 0.368, east: 0.366, central: 0.352, west: 0.386, northeast: 0.34 };
  const slope: Record<string, number> = { nation: 0.012, east: 0.016, central: 0.013, west: 0.009, northeast: 0.008 };
  const rows: TrendRow[] = [];
  for (const s of Object.keys(base)) {
    YEARS.forEach((t, i) => rows.push({ series: s, time: t, value: +(base[s] + slope[s] * i + 0.004 * Math.sin(i + s.length)).toFixed(4) }));
  }
  return rows;
}

/** D for every province and year: a deterministic pattern covering levels 2..9. */
export function dValue(adcode: string, year: number): number {
  const k = ADCODES.indexOf(adcode);
  const d = 0.15 + ((k * 37) % 31) / 31 * 0.55 + (year - 2012) * 0.012;
  return Math.min(0.99, +d.toFixed(4));
}

export function levelRows(): LevelRow[] {
  const rows: LevelRow[] = [];
  for (const u of ADCODES) for (const t of YEARS) rows.push({ unit: u, time: t, value: dValue(u, t) });
  return rows;
}

export function moranTrendRows(): MoranTrendRow[] {
  const I = [0.182, 0.171, 0.205, 0.214, 0.196, 0.233, 0.251, 0.264, 0.243, 0.278];
  const p = [0.061, 0.074, 0.032, 0.028, 0.048, 0.018, 0.011, 0.008, 0.014, 0.006];
  return YEARS.map((t, i) => ({ time: t, I: I[i], p: p[i], EI: -1 / 30, z: 1.9 + i * 0.1 }));
}

export function scatterPoints(): MoranScatterPoint[] {
  return ADCODES.map((u, k) => {
    const z = Math.sin(k * 1.7) * 1.6;
    const lag = 0.45 * z + Math.cos(k * 2.3) * 0.5;
    return { unit: u, z: +z.toFixed(3), lag: +lag.toFixed(3) };
  });
}

export const CLUSTER_CYCLE = ["HH", "not significant", "LL", "not significant", "LH", "not significant", "HL"];
export function clusterOf(k: number): string {
  return CLUSTER_CYCLE[k % CLUSTER_CYCLE.length];
}

export function obstacleRows(): ObstacleRow[] {
  const systems: Record<string, string[]> = {
    "数字经济 Digital economy": ["数字基础设施", "数字产业化", "产业数字化", "数字创新能力", "数字治理"],
    "绿色发展 Green development": ["资源利用", "环境治理", "生态保护", "绿色生活", "绿色生产"],
  };
  const rows: ObstacleRow[] = [];
  Object.entries(systems).forEach(([system, factors], s) => {
    factors.forEach((factor, f) => {
      for (const [g, shift] of [["2012", 0], ["2021", 2], ["均值 Mean", 1]] as const) {
        rows.push({ system, factor, group: g, value: +(32 - f * 5.5 + s * 2 + (f % 2 ? shift : -shift)).toFixed(2) });
      }
    });
  });
  return rows;
}

export function giniRows(): GiniContributionRow[] {
  return YEARS.map((t, i) => {
    const G = 0.05 - i * 0.0008;
    const w = 0.3 * G;
    const b = (0.45 - i * 0.01) * G;
    return { time: t, within: w, between: b, transvariation: G - w - b, G };
  });
}
