import type { BaseFigureOptions, PlotLayout } from "./types";
import { REGIONS, type RegionCode } from "../data/registry";
import { COORDINATION_LEVELS } from "../core/level";
import { LISA_CLUSTERS, type LisaCluster } from "../core/lisa";
import { PlotInputError, show, type Fields } from "./records";

/**
 * Shared look of every figure: fonts that carry Chinese glyphs, one colour per region, an
 * ordered palette for the ten coordination levels and the LISA palette readers know from GeoDa.
 */

/** Font stack with CJK glyphs first (Noto CJK on Linux, YaHei on Windows, PingFang on macOS). */
export const FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

/** Region codes (NBS four economic regions, METHODS.md section 8) in the order figures list them. */
export const REGION_ORDER: readonly RegionCode[] = ["east", "central", "west", "northeast"];

/**
 * One colour per region (Okabe-Ito, safe for colour-blind readers), plus `nation` for the
 * national series. Used by every figure that shows regions: trend lines, region map, heatmap bands.
 */
export const REGION_COLORS: Readonly<Record<RegionCode | "nation", string>> = {
  east: "#0072B2",
  central: "#E69F00",
  west: "#009E73",
  northeast: "#CC79A7",
  nation: "#222222",
};

/** Name of the national series: "全国 National" (series id "all", or "nation"). */
export const NATIONAL_LABEL = "全国 National";

/** Series ids that mean the whole country: "all" (frame summaries) and "nation". */
export function isNational(id: string): boolean {
  return id === "all" || id === "nation";
}

/**
 * Bilingual region labels "东部 East", ..., derived from the registry's `REGIONS` (the one place
 * the names are written), plus `nation`: "全国 National".
 */
export const REGION_LABELS: Readonly<Record<RegionCode | "nation", string>> = Object.freeze({
  ...(Object.fromEntries(REGIONS.map((r) => [r.code, `${r.zh} ${r.en}`])) as Record<RegionCode, string>),
  nation: NATIONAL_LABEL,
});

/**
 * The NBS region a group id stands for: its code ("east"), or its Chinese or English name
 * ("东部", "East", "east"), from the registry's `REGIONS`; undefined for any other id.
 */
export function regionCode(id: string): RegionCode | undefined {
  const s = id.trim();
  const lower = s.toLowerCase();
  for (const r of REGIONS) if (r.code === lower || r.zh === s || r.en.toLowerCase() === lower) return r.code;
  return undefined;
}

/**
 * Colours of the ten coordination levels (level 1 = 极度失调 extreme imbalance ... level 10 =
 * 优质协调 high-quality coordination): ColorBrewer RdYlGn with ten classes, red through yellow to
 * green. Index by level: `LEVEL_COLORS[1]` .. `LEVEL_COLORS[10]` (index 0 is unused and null).
 */
export const LEVEL_COLORS: readonly (string | null)[] = [
  null,
  "#a50026",
  "#d73027",
  "#f46d43",
  "#fdae61",
  "#fee08b",
  "#d9ef8b",
  "#a6d96a",
  "#66bd63",
  "#1a9850",
  "#006837",
];

/** "极度失调 extreme imbalance" for level 1..10 (names from the core's `COORDINATION_LEVELS`). */
export function levelLabel(level: number): string {
  if (!Number.isInteger(level) || level < 1 || level > 10) {
    throw new PlotInputError(`coordination level must be an integer 1..10, got ${level}`);
  }
  const row = COORDINATION_LEVELS[level - 1];
  return `${row.zh} ${row.en}`;
}

/** LISA cluster codes in the legend order HH, LL, LH, HL, ns, isolated (the core's `LISA_CLUSTERS`). */
export const LISA_ORDER: readonly LisaCluster[] = Object.freeze(LISA_CLUSTERS.map((c) => c.code));

/** The LISA palette of GeoDa: HH red, LL blue, LH light blue, HL light red, ns light grey, isolated dark grey. */
export const LISA_COLORS: Readonly<Record<LisaCluster, string>> = {
  HH: "#d7191c",
  LL: "#2c7bb6",
  LH: "#abd9e9",
  HL: "#fdae61",
  ns: "#d9d9d9",
  isolated: "#666666",
};

/**
 * Bilingual LISA labels derived from the core's `LISA_CLUSTERS`: the Chinese name with the
 * quadrant code ("高-高 HH"), or with the English name for the others ("不显著 Not significant").
 */
export const LISA_LABELS: Readonly<Record<LisaCluster, string>> = Object.freeze(
  Object.fromEntries(
    LISA_CLUSTERS.map((c) => [c.code, `${c.zh} ${c.code === "ns" || c.code === "isolated" ? c.en : c.code}`]),
  ) as Record<LisaCluster, string>,
);

/**
 * Read a LISA cluster label as the tools print it: "HH"/"High-High", "not significant"/"ns"/"NS",
 * "isolated"/"island", GeoDa codes 0..6 (0 ns, 1 HH, 2 LL, 3 LH, 4 HL, 5 undefined -> ns, 6 isolated).
 */
export function normalizeLisaCluster(value: string | number): LisaCluster {
  if (typeof value === "number") {
    const byCode: Record<number, LisaCluster> = { 0: "ns", 1: "HH", 2: "LL", 3: "LH", 4: "HL", 5: "ns", 6: "isolated" };
    const c = byCode[value];
    if (c === undefined) throw new PlotInputError(`unknown LISA cluster code ${value} (GeoDa codes are 0..6)`);
    return c;
  }
  const s = value.trim().toLowerCase().replace(/[\s_\-.]+/g, "");
  const map: Record<string, LisaCluster> = {
    hh: "HH", highhigh: "HH", 高高: "HH",
    ll: "LL", lowlow: "LL", 低低: "LL",
    lh: "LH", lowhigh: "LH", 低高: "LH",
    hl: "HL", highlow: "HL", 高低: "HL",
    ns: "ns", notsignificant: "ns", insignificant: "ns", nonsignificant: "ns", 不显著: "ns", undefined: "ns",
    isolated: "isolated", island: "isolated", isolate: "isolated", neighborless: "isolated", 孤立: "isolated",
  };
  const c = map[s];
  if (c === undefined) {
    throw new PlotInputError(`unknown LISA cluster label "${value}" (expected HH, LL, LH, HL, not significant, isolated)`);
  }
  return c;
}

/** The LISA cluster of record i (codes as the core writes them, other tools' labels, GeoDa codes). */
export function readCluster(fn: string, f: Fields, i: number, field: string): LisaCluster {
  const v = f.get(i, field, "cluster");
  if (typeof v !== "string" && typeof v !== "number") {
    throw new PlotInputError(`${fn}: record ${i + 1} field "${field}" is ${show(v)}, expected a LISA cluster`);
  }
  try {
    return normalizeLisaCluster(v);
  } catch (e) {
    throw new PlotInputError(`${fn}: record ${i + 1} field "${field}": ${(e as Error).message}`);
  }
}

/** A neutral categorical palette for series that are not regions (Tableau 10). */
export const CATEGORY_COLORS: readonly string[] = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
];

/**
 * Colour of a series or group id: the region colour when the id is an NBS region (code or name),
 * near-black for the national series ("all", "nation"), else the neutral palette by `index`.
 */
export function seriesColor(key: string, index: number): string {
  if (isNational(key)) return REGION_COLORS.nation;
  const r = regionCode(key);
  return r ? REGION_COLORS[r] : CATEGORY_COLORS[index % CATEGORY_COLORS.length];
}

/** Label of a series or group id when nothing names it: the region or national label, else the id. */
export function seriesLabel(key: string): string {
  if (isNational(key)) return NATIONAL_LABEL;
  const r = regionCode(key);
  return r ? REGION_LABELS[r] : key;
}

/** Bilingual text: "中文 / English" (either part may be omitted). */
export function bilingual(zh: string, en: string): string {
  return zh && en ? `${zh} / ${en}` : zh || en;
}

/** Axis title object. */
export function axisTitle(text: string): { text: string; standoff?: number } {
  return { text };
}

/**
 * The layout every figure starts from: CJK font, title top-left, white background, sensible
 * margins (axis labels use `automargin`), `autosize` unless the caller fixes a size.
 */
export function baseLayout(title: string, options: BaseFigureOptions = {}): PlotLayout {
  const layout: PlotLayout = {
    title: { text: title, x: 0.01, xanchor: "left", y: 0.98, yanchor: "top", font: { size: 17 } },
    font: { family: FONT_FAMILY, size: 13, color: "#222222" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 30, t: 80, b: 60 },
    hoverlabel: { font: { family: FONT_FAMILY } },
  };
  if (options.width !== undefined) layout.width = options.width;
  if (options.height !== undefined) layout.height = options.height;
  if (options.width === undefined && options.height === undefined) layout.autosize = true;
  return layout;
}

/** Legend placed in one row above the plot area, under the title (never over the data). */
export function topLegend(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom", bgcolor: "rgba(255,255,255,0)", ...extra };
}

/** A cartesian axis with light grid lines. */
export function cartesianAxis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: axisTitle(title),
    showgrid: true,
    gridcolor: "#e6e6e6",
    zeroline: false,
    showline: true,
    linecolor: "#888888",
    ticks: "outside",
    tickcolor: "#888888",
    automargin: true,
    ...extra,
  };
}

/** Throw if a number is not finite: NaN never travels into a figure silently. */
export function requireFinite(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new PlotInputError(`${what} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Wrap text at spaces to lines of at most `max` characters (existing `<br>` breaks are kept). */
export function wrapText(text: string, max: number): string {
  return text
    .split("<br>")
    .map((line) => {
      const out: string[] = [];
      let cur = "";
      for (const word of line.split(" ")) {
        if (cur && cur.length + 1 + word.length > max) {
          out.push(cur);
          cur = word;
        } else cur = cur ? `${cur} ${word}` : word;
      }
      out.push(cur);
      return out.join("<br>");
    })
    .join("<br>");
}

/** Characters per caption line for a figure width (about 6.5 px a character at 11 px). */
export function captionChars(width?: number): number {
  return Math.max(40, Math.floor(((width ?? 900) - 100) / 6.5));
}

/**
 * A caption `below` pixels under the plot area (clear of the x axis's labels), left-aligned,
 * wrapped to the figure's width.
 */
export function captionAnnotation(text: string, below: number, width?: number): Record<string, unknown> {
  return {
    xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 0, yanchor: "top", yshift: -below,
    showarrow: false, align: "left", font: { size: 11, color: "#555555" }, text: wrapText(text, captionChars(width)),
  };
}

/** Every time as a tick when there are at most 20 integer times. */
export function integerTimeTicks(times: readonly number[]): Record<string, unknown> {
  return times.length <= 20 && times.every(Number.isInteger) ? { tickmode: "array", tickvals: [...times] } : {};
}
