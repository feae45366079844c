/**
 * Figures of the geographical detector, the centre of gravity and standard deviational ellipse,
 * GM(1,1) and sigma/beta convergence, built straight from the frame results of
 * `src/frame/toolkit-drivers.ts` (or from plain records with the field names as options):
 * - `geodetectorBars`: q per factor, sorted, significance marked;
 * - `interactionHeatmap`: q(x1 ∩ x2) per pair with the interaction type in each cell;
 * - `ellipseMap`: the ellipses of chosen times and the path of the centre on the map;
 * - `greyForecastFigure`: observed means, GM(1,1) fit and forecast, the checks in the caption;
 * - `sigmaTrend` and `betaScatter`: sigma over time; ln x at the start against annual growth.
 */
import type { Row, TableResult } from "../frame/results";
import type { CentreResult, ConvergenceFrameResult, GeodetectorFrameResult, GreyResult } from "../frame/toolkit-drivers";
import { categoryMap } from "./maps";
import { applyOverlays, type OverlayOptions } from "./overlays";
import { defaultLabel, Fields, hasField, PlotInputError, readSource, show, timeField, unitField, type Source } from "./records";
import { baseLayout, bilingual, CATEGORY_COLORS, cartesianAxis, requireFinite, seriesColor, seriesLabel, topLegend } from "./style";
import { provinceShortName } from "./provinces";
import type { BaseFigureOptions, Figure, MapFeatureCollection, PlotLayout, PlotTrace } from "./types";

// ---------------------------------------------------------------------------------------------
// shared helpers

/** Visual width of text in caption characters (CJK glyphs count double). */
function textWidth(t: string): number {
  return [...t.replace(/<[^>]+>/g, "")].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
}

/** Break a caption line at spaces so that no line is wider than `max` characters. */
function wrap(line: string, max: number): string[] {
  if (textWidth(line) <= max) return [line];
  const out: string[] = [];
  let cur = "";
  for (const word of line.split(" ")) {
    const next = cur ? `${cur} ${word}` : word;
    if (cur && textWidth(next) > max) {
      out.push(cur);
      cur = `  ${word}`;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Caption lines under the plot area (left-aligned, small, grey), wrapped to the figure's width;
 * the bottom margin grows to hold them. `below`: pixels between the plot area and the caption
 * (room for the x axis title).
 */
function addCaption(layout: PlotLayout, lines: readonly string[], below = 72): void {
  if (lines.length === 0) return;
  const width = typeof layout.width === "number" ? layout.width : 900;
  const wrapped = lines.flatMap((l) => wrap(l, Math.floor((width - 40) / 6.2)));
  const margin = { ...((layout.margin as Record<string, number>) ?? {}) };
  margin.b = Math.max(margin.b ?? 60, below + 16 * wrapped.length + 8);
  layout.margin = margin;
  const notes = Array.isArray(layout.annotations) ? (layout.annotations as unknown[]).slice() : [];
  notes.push({
    xref: "paper",
    yref: "paper",
    x: 0,
    y: 0,
    xanchor: "left",
    yanchor: "top",
    yshift: -below,
    align: "left",
    showarrow: false,
    text: wrapped.join("<br>"),
    font: { size: 11, color: "#555555" },
  });
  layout.annotations = notes;
}

/** A p-value as a caption shows it: 0.0307, 4.2e-7. */
function fmtP(p: number): string {
  return p >= 0.001 ? p.toFixed(4) : p.toExponential(1);
}

/** Significance stars: *** p < 0.01, ** p < 0.05, * p < 0.1. */
function stars(p: number): string {
  return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.1 ? "*" : "";
}

/** The sub-result or the records a builder reads: `pick(result)` for a result of `kind`, else the data itself. */
function sourceOf(fn: string, data: unknown, kind: string, pick: (r: TableResult) => TableResult): Source {
  const src = readSource(fn, data);
  if (src.result?.kind === kind) return readSource(fn, pick(src.result));
  return src;
}

// ---------------------------------------------------------------------------------------------
// geographical detector

export interface GeodetectorBarsOptions extends BaseFigureOptions {
  /** Field of the factor name (default "x"). */
  x?: string;
  /** Field of q (default "q"). */
  q?: string;
  /** Field of the p-value (default "p"). */
  p?: string;
  /** Significance level (default 0.05): bars with p <= alpha are filled dark, the others light. */
  alpha?: number;
  /** Display name per factor (default: the factor itself). */
  labels?: Readonly<Record<string, string>>;
}

const SIG_COLOR = "#2166ac";
const NS_COLOR = "#bdd7e7";

/**
 * The factor detector as bars (paper figures of geodetector q): one horizontal bar per factor,
 * sorted by q (largest on top), filled dark where p <= alpha and light otherwise (two legend
 * entries say which), q, p and stars (*** p < 0.01, ** < 0.05, * < 0.1) written at each bar.
 *
 * From a `detectFactors()` result: its factor records; the caption gives the sample (time or
 * pooled), each numeric factor's classes and the p convention (noncentral F, R geodetector).
 * From plain records: fields "x", "q", "p" unless named.
 *
 * @example
 * const g = cc.detectFactors(cc.panel(cd2, { group: cc.NBS_REGIONS }), { factors: { region: "categorical", economy: { k: 4 }, basic: { k: 5 } } });
 * cc.geodetectorBars(g);
 * cc.geodetectorBars([{ x: "GDP", q: 0.61, p: 0.001 }, { x: "人口", q: 0.2, p: 0.3 }]);
 */
export function geodetectorBars(data: GeodetectorFrameResult | readonly Row[], options: GeodetectorBarsOptions = {}): Figure {
  const fn = "geodetectorBars";
  const src = readSource(fn, data);
  const result = src.result?.kind === "geodetector" ? (src.result as GeodetectorFrameResult) : undefined;
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new PlotInputError(`${fn}: alpha must be in (0, 1), got ${show(alpha)}`);
  const xF = options.x ?? "x";
  const qF = options.q ?? "q";
  const pF = options.p ?? "p";
  const f = new Fields(fn, src.rows);
  const bars = src.rows.map((_, i) => {
    const x = f.id(i, xF, "x");
    const q = f.num(i, qF, "q");
    const p = f.num(i, pF, "p");
    if (q < 0 || q > 1) throw new PlotInputError(`${fn}: record ${i + 1} field "${qF}" is ${q}, outside [0, 1] (q is a share of variance)`);
    if (p < 0 || p > 1) throw new PlotInputError(`${fn}: record ${i + 1} field "${pF}" is ${p}, not a p-value`);
    return { x, name: options.labels?.[x] ?? x, q, p };
  });
  bars.sort((a, b) => b.q - a.q);
  const names = bars.map((b) => b.name);
  const trace = (sig: boolean): PlotTrace => {
    const bs = bars.filter((b) => (b.p <= alpha) === sig);
    return {
      type: "bar",
      orientation: "h",
      name: sig ? `显著 p ≤ ${alpha} / significant` : `不显著 p > ${alpha} / not significant`,
      x: bs.map((b) => b.q),
      y: bs.map((b) => b.name),
      customdata: bs.map((b) => [b.p]),
      marker: { color: sig ? SIG_COLOR : NS_COLOR, line: { color: SIG_COLOR, width: 1 } },
      text: bs.map((b) => `q = ${b.q.toFixed(3)}, p = ${fmtP(b.p)} ${stars(b.p)}`.trim()),
      textposition: "outside",
      cliponaxis: false,
      textfont: { size: 12 },
      hovertemplate: "%{y}: q = %{x:.4f}<br>p = %{customdata[0]:.3g}<extra></extra>",
    };
  };
  const data_: PlotTrace[] = [];
  if (bars.some((b) => b.p <= alpha)) data_.push(trace(true));
  if (bars.some((b) => b.p > alpha)) data_.push(trace(false));
  const layout = baseLayout(options.title ?? "地理探测器因子解释力 q / Geodetector: power of determinant q", options);
  layout.xaxis = cartesianAxis(bilingual("解释力 q", "q statistic"), { range: [0, 1.18], tickvals: [0, 0.2, 0.4, 0.6, 0.8, 1], zeroline: false });
  layout.yaxis = { type: "category", categoryorder: "array", categoryarray: names, autorange: "reversed", automargin: true, ticks: "", tickfont: { size: 13 } };
  layout.barmode = "overlay";
  layout.showlegend = true;
  layout.bargap = 0.35;
  layout.legend = topLegend();
  const lines: string[] = [];
  if (result) {
    lines.push(`样本 Sample: ${result.sample}; ${result.value} explained; p: noncentral F as R geodetector 1.0-5; *** p < 0.01, ** p < 0.05, * p < 0.1`);
    const classed = result.factors.filter((x) => result.bins[x]);
    if (classed.length) lines.push(`分层 Strata: ${classed.map((x) => `${options.labels?.[x] ?? x}: ${result.bins[x]!.method} k = ${result.bins[x]!.k}`).join("; ")}; others categorical`);
  } else {
    lines.push("*** p < 0.01, ** p < 0.05, * p < 0.1");
  }
  addCaption(layout, lines);
  return { data: data_, layout };
}

export interface InteractionHeatmapOptions extends BaseFigureOptions {
  /** Fields of the pair (default "x1", "x2"). */
  x1?: string;
  x2?: string;
  /** Fields of the single-factor q of each (default "q1", "q2"), shown on the diagonal. */
  q1?: string;
  q2?: string;
  /** Field of q(x1 ∩ x2) (default "q12"). */
  q12?: string;
  /** Field of the interaction type (default "type", R geodetector's; "type_textbook" for Wang and Xu's table). */
  type?: string;
  /** Order of the factors (default: order of appearance). */
  order?: readonly string[];
  /** Display name per factor. */
  labels?: Readonly<Record<string, string>>;
}

/** The interaction types in Chinese and English (Wang and Xu 2017). */
export const INTERACTION_TYPE_LABELS: Readonly<Record<string, { zh: string; en: string }>> = Object.freeze({
  "Weaken, nonlinear": { zh: "非线性减弱", en: "nonlinear weaken" },
  "Weaken, uni-": { zh: "单因子非线性减弱", en: "uni-variable weaken" },
  Independent: { zh: "独立", en: "independent" },
  "Enhance, bi-": { zh: "双因子增强", en: "bi-variable enhance" },
  "Enhance, nonlinear": { zh: "非线性增强", en: "nonlinear enhance" },
});

const HEAT_SCALE: [number, string][] = [
  [0, "#f7fbff"],
  [0.25, "#c6dbef"],
  [0.5, "#6baed6"],
  [0.75, "#2171b5"],
  [1, "#08306b"],
];

/**
 * The interaction detector as a lower-triangular heatmap: cell (x1, x2) is q(x1 ∩ x2), the q of
 * the overlay stratification, with its value and interaction type written in it ("0.861
 * 双因子增强"); the diagonal holds each factor's own q. Colour scale 0..1 (blues). The caption
 * lists the types present in Chinese and English and which rule (R geodetector's, which never
 * reports "Independent", or the textbook's) named them.
 *
 * From a `detectFactors()` result (its `interaction`), that sub-result itself, or plain records
 * with fields x1, x2, q1, q2, q12, type (or named).
 *
 * @example
 * const g = cc.detectFactors(cc.panel(cd2, { group: cc.NBS_REGIONS }), { factors: { region: "categorical", economy: { k: 4 }, basic: { k: 5 } } });
 * cc.interactionHeatmap(g);
 * cc.interactionHeatmap(g, { type: "type_textbook" });
 */
export function interactionHeatmap(data: GeodetectorFrameResult | TableResult | readonly Row[], options: InteractionHeatmapOptions = {}): Figure {
  const fn = "interactionHeatmap";
  const src = sourceOf(fn, data, "geodetector", (r) => (r as GeodetectorFrameResult).interaction);
  const [x1F, x2F, q1F, q2F, q12F] = [options.x1 ?? "x1", options.x2 ?? "x2", options.q1 ?? "q1", options.q2 ?? "q2", options.q12 ?? "q12"];
  const typeF = options.type ?? "type";
  const f = new Fields(fn, src.rows);
  const own = new Map<string, number>();
  const pairs = new Map<string, { q12: number; type: string; p12?: number }>();
  const seen: string[] = [];
  const note = (x: string, q: number, i: number) => {
    const prev = own.get(x);
    if (prev !== undefined && Math.abs(prev - q) > 1e-12) throw new PlotInputError(`${fn}: record ${i + 1} gives q(${x}) = ${q}, an earlier record ${prev}`);
    own.set(x, q);
    if (!seen.includes(x)) seen.push(x);
  };
  src.rows.forEach((_, i) => {
    const a = f.id(i, x1F, "x1");
    const b = f.id(i, x2F, "x2");
    if (a === b) throw new PlotInputError(`${fn}: record ${i + 1} pairs "${a}" with itself`);
    note(a, f.num(i, q1F, "q1"), i);
    note(b, f.num(i, q2F, "q2"), i);
    const q12 = f.num(i, q12F, "q12");
    const type = String(f.get(i, typeF, "type"));
    if (!(type in INTERACTION_TYPE_LABELS)) {
      throw new PlotInputError(`${fn}: record ${i + 1} field "${typeF}" is ${show(type)}, not an interaction type (${Object.keys(INTERACTION_TYPE_LABELS).join(", ")})`);
    }
    const key = [a, b].sort().join("\u0000");
    if (pairs.has(key)) throw new PlotInputError(`${fn}: record ${i + 1} repeats the pair ${a} ∩ ${b}`);
    pairs.set(key, { q12, type, p12: f.optNum(i, "p12") });
  });
  if (seen.length < 2) throw new PlotInputError(`${fn}: no pair of factors to draw`);
  let order = seen;
  if (options.order) {
    const missing = seen.filter((x) => !options.order!.includes(x));
    const unknown = options.order.filter((x) => !seen.includes(x));
    if (missing.length || unknown.length) {
      throw new PlotInputError(`${fn}: order must list the factors ${seen.join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}${missing.length ? ` (missing: ${missing.join(", ")})` : ""}`);
    }
    order = [...options.order];
  }
  const name = (x: string) => options.labels?.[x] ?? x;
  const n = order.length;
  const z: (number | null)[][] = [];
  const hover: string[][] = [];
  const notes: Record<string, unknown>[] = [];
  const typesPresent = new Set<string>();
  for (let i = 0; i < n; i++) {
    z.push([]);
    hover.push([]);
    for (let j = 0; j < n; j++) {
      const a = order[i];
      const b = order[j];
      let v: number | null = null;
      let text = "";
      if (i === j) {
        v = own.get(a)!;
        text = `q = ${v.toFixed(3)}`;
        hover[i].push(`${name(a)}: q = ${v.toFixed(4)}`);
      } else if (j < i) {
        const pr = pairs.get([a, b].sort().join("\u0000"));
        if (pr) {
          v = pr.q12;
          const t = INTERACTION_TYPE_LABELS[pr.type];
          typesPresent.add(pr.type);
          text = `${v.toFixed(3)}<br>${t.zh}`;
          hover[i].push(
            `${name(a)} ∩ ${name(b)}: q = ${v.toFixed(4)}<br>q(${name(a)}) = ${own.get(a)!.toFixed(4)}, q(${name(b)}) = ${own.get(b)!.toFixed(4)}` +
              `${pr.p12 !== undefined ? `<br>p = ${fmtP(pr.p12)}` : ""}<br>${t.zh} / ${pr.type}`,
          );
        } else hover[i].push("");
      } else hover[i].push("");
      z[i].push(v);
      if (v !== null) {
        notes.push({
          xref: "x",
          yref: "y",
          x: name(b),
          y: name(a),
          text,
          showarrow: false,
          font: { size: n > 5 ? 10 : 12, color: v > 0.55 ? "#ffffff" : "#222222" },
        });
      }
    }
  }
  const names = order.map(name);
  const data_: PlotTrace[] = [
    {
      type: "heatmap",
      x: names,
      y: names,
      z,
      zmin: 0,
      zmax: 1,
      colorscale: HEAT_SCALE,
      xgap: 2,
      ygap: 2,
      text: hover,
      hovertemplate: "%{text}<extra></extra>",
      colorbar: { title: { text: "q" }, thickness: 14, len: 0.8 },
    },
  ];
  const layout = baseLayout(options.title ?? "交互作用探测 q(x1 ∩ x2) / Interaction detector", options);
  layout.xaxis = { type: "category", showgrid: false, ticks: "", automargin: true, side: "bottom" };
  layout.yaxis = { type: "category", showgrid: false, ticks: "", automargin: true, autorange: "reversed", scaleanchor: "x", constrain: "domain" };
  layout.annotations = notes;
  const rule = typeF === "type_textbook" ? "Wang & Xu (2017) table" : "R geodetector 1.0-5 rules, never 'Independent'";
  addCaption(layout, [
    `对角线: 单因子 q; 下三角: 交互 q(x1 ∩ x2) / diagonal: q of each factor; lower triangle: q of the overlay`,
    `类型 Types (${rule}): ${[...typesPresent].map((t) => `${INTERACTION_TYPE_LABELS[t].zh} = ${INTERACTION_TYPE_LABELS[t].en}`).join("; ")}`,
  ]);
  return { data: data_, layout };
}

// ---------------------------------------------------------------------------------------------
// centre of gravity and standard deviational ellipse

export interface EllipseMapOptions extends BaseFigureOptions {
  /** The times whose ellipse is drawn (default: the first and the last). */
  years?: readonly number[];
  /** Field of the time (result: its time key; plain records: "year"). */
  time?: string;
  /** Feature property of the unit ids (default "adcode"; the result's own when given a result). */
  idProperty?: string;
  /** Draw each unit's point (its centroid) as a small dot (default true when the result has them). */
  points?: boolean;
  /** A zoomed inset of the centre's path, every time labelled (default true). */
  inset?: boolean;
  /** Points per ellipse outline (default 96). */
  segments?: number;
}

const ELLIPSE_COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"];
const PATH_COLOR = "#b2182b";
const BASE = "\u0000base";

/**
 * The outline of an ellipse in the plane, closed (the first point repeated at the end) and
 * clockwise (a filled ring as d3-geo and Plotly's geo read it): point k of `segments` is
 * `centre + major cos(t) e1 + minor sin(t) e2` with `t = -2 pi k / segments`, e1 the unit vector of
 * the major axis at `angle` (radians counter-clockwise from +x) and e2 = e1 turned by +90 degrees.
 *
 * @example
 * cc.ellipsePath(0, 0, 1, 1, 0, 4);   // x ≈ [1, 0, -1, 0, 1], y ≈ [0, -1, 0, 1, 0]: clockwise, closed
 * const r = cc.centreOfGravity(cd2, map).rows[0];
 * cc.ellipsePath(r.x, r.y, r.major, r.minor, r.angle);   // the 2011 ellipse in lon/lat degrees
 */
export function ellipsePath(cx: number, cy: number, major: number, minor: number, angle: number, segments = 96): { x: number[]; y: number[] } {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k <= segments; k++) {
    const t = (-2 * Math.PI * (k % segments)) / segments;
    const u = major * Math.cos(t);
    const v = minor * Math.sin(t);
    x.push(cx + u * c - v * s);
    y.push(cy + u * s + v * c);
  }
  return { x, y };
}

type Box = [number, number, number, number];

/**
 * Positions of the time labels of the zoomed path: each label takes the first of eight places
 * around its point that overlaps no marker and no label placed before it, else the place with
 * the least overlap (points in pixels, y up).
 */
function placePathLabels(px: { x: number; y: number; w: number }[]): string[] {
  const h = 12;
  const cands: [string, (x: number, y: number, w: number) => Box][] = [
    ["middle right", (x, y, w) => [x + 6, y - h / 2, x + 6 + w, y + h / 2]],
    ["middle left", (x, y, w) => [x - 6 - w, y - h / 2, x - 6, y + h / 2]],
    ["top center", (x, y, w) => [x - w / 2, y + 5, x + w / 2, y + 5 + h]],
    ["bottom center", (x, y, w) => [x - w / 2, y - 5 - h, x + w / 2, y - 5]],
    ["top right", (x, y, w) => [x + 3, y + 3, x + 3 + w, y + 3 + h]],
    ["bottom right", (x, y, w) => [x + 3, y - 3 - h, x + 3 + w, y - 3]],
    ["top left", (x, y, w) => [x - 3 - w, y + 3, x - 3, y + 3 + h]],
    ["bottom left", (x, y, w) => [x - 3 - w, y - 3 - h, x - 3, y - 3]],
  ];
  const overlap = (a: Box, b: Box) => Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const markers: Box[] = px.map((p) => [p.x - 4, p.y - 4, p.x + 4, p.y + 4]);
  const placed: Box[] = [];
  return px.map((p, i) => {
    let best = 0;
    let bestCost = Infinity;
    cands.forEach(([, box], k) => {
      const b = box(p.x, p.y, p.w);
      let cost = 0;
      for (const q of placed) cost += overlap(b, q);
      markers.forEach((q, j) => {
        if (j !== i) cost += overlap(b, q);
      });
      if (cost < bestCost - 1e-9) {
        bestCost = cost;
        best = k;
      }
    });
    placed.push(cands[best][1](p.x, p.y, p.w));
    return cands[best][0];
  });
}

/**
 * The centre of gravity and its standard deviational ellipse on the map: the ellipses of the
 * chosen times (default the first and last) as closed lines (lightly filled), the path of the
 * centre over every time as a line with markers (the chosen times labelled), each unit's point as
 * a grey dot, and an inset zoomed on the path with every time labelled (the centre moves tenths
 * of a degree, invisible at the scale of the country).
 *
 * The base map is `categoryMap`'s (its projection fitted to the panel and its polygons wound for
 * Plotly), every feature in light grey. Ellipses are drawn in longitude/latitude degrees as the
 * core computed them (lon/lat treated as planar, then projected with the map), which the caption
 * says, with the correction of the axes.
 *
 * From a `centreOfGravity()` result, or plain records with fields x, y, major, minor, angle
 * (radians counter-clockwise from east) and the time.
 *
 * @example
 * const g = cc.centreOfGravity(cd2, map);
 * cc.ellipseMap(map, g, { years: [2011, 2015, 2019] });
 */
export function ellipseMap(geojson: MapFeatureCollection, data: CentreResult | readonly Row[], options: EllipseMapOptions = {}): Figure {
  const fn = "ellipseMap";
  const src = readSource(fn, data);
  const result = src.result?.kind === "centre-of-gravity" ? (src.result as CentreResult) : undefined;
  const timeF = timeField(src, options.time);
  const idProperty = options.idProperty ?? result?.idProperty ?? "adcode";
  const segments = options.segments ?? 96;
  if (!Number.isInteger(segments) || segments < 8) throw new PlotInputError(`${fn}: segments must be an integer of at least 8, got ${show(segments)}`);
  const f = new Fields(fn, src.rows);
  const recs = src.rows
    .map((_, i) => ({
      t: f.num(i, timeF, "time"),
      x: f.num(i, "x"),
      y: f.num(i, "y"),
      major: f.num(i, "major"),
      minor: f.num(i, "minor"),
      angle: f.num(i, "angle"),
      azimuth: f.optNum(i, "azimuth"),
    }))
    .sort((a, b) => a.t - b.t);
  if (recs.length === 0) throw new PlotInputError(`${fn}: no records to draw`);
  const times = recs.map((r) => r.t);
  const chosen = options.years ? [...options.years] : times.length > 1 ? [times[0], times[times.length - 1]] : [times[0]];
  for (const y of chosen) {
    if (!times.includes(y)) throw new PlotInputError(`${fn}: no record has ${timeF} = ${y} (times in the records: ${times.join(", ")})`);
  }
  // base map: every polygonal feature in light grey, through categoryMap (projection fitted, rings wound)
  if (!geojson || geojson.type !== "FeatureCollection" || !Array.isArray(geojson.features)) {
    throw new PlotInputError(`${fn}: geojson must be a GeoJSON FeatureCollection`);
  }
  const ids: string[] = [];
  for (const feat of geojson.features) {
    const v = feat.properties?.[idProperty];
    const id = typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;
    if (id !== undefined && feat.geometry && /Polygon/.test(feat.geometry.type) && !ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) throw new PlotInputError(`${fn}: no polygon feature has a property "${idProperty}"; name it with { idProperty: "..." }`);
  const ellipseName = (t: number) => `${t} 标准差椭圆 / SDE`;
  const pathName = bilingual("重心轨迹", "Centre of gravity");
  const legendNames = [...chosen.map(ellipseName), pathName, bilingual("单元质心", "Unit centroids")];
  const longest = legendNames.reduce((a, b) => ([...b].length > [...a].length ? b : a));
  const base = categoryMap(
    geojson,
    ids.map((id) => ({ unit: id, category: BASE })),
    {
      unit: "unit",
      category: "category",
      idProperty,
      colors: { [BASE]: "#ececec" },
      labels: { [BASE]: longest },
      showMissing: false,
      title: options.title ?? `${result ? `${result.value} ` : ""}重心与标准差椭圆 / Centre of gravity and standard deviational ellipse`,
      width: options.width,
      height: options.height,
    },
  );
  const choropleth = { ...base.data[0] };
  choropleth.text = (choropleth.locations as string[]).map((id) => provinceShortName(id) ?? id);
  choropleth.marker = { line: { color: "#ffffff", width: 0.8 } };
  const data_: PlotTrace[] = [choropleth];
  const showPoints = options.points ?? result !== undefined;
  if (showPoints) {
    if (!result) throw new PlotInputError(`${fn}: points need a centreOfGravity() result (its points); pass { points: false } for plain records`);
    const pf = new Fields(fn, result.points.rows);
    const unitF = unitField(src, undefined);
    const labelF = defaultLabel(src, undefined);
    const pts = result.points.rows.map((_, i) => {
      const u = pf.id(i, unitF, "unit");
      return { name: pf.text(i, labelF) ?? provinceShortName(u) ?? u, x: pf.num(i, "x"), y: pf.num(i, "y") };
    });
    data_.push({
      type: "scattergeo",
      mode: "markers",
      name: bilingual("单元质心", "Unit centroids"),
      lon: pts.map((p) => p.x),
      lat: pts.map((p) => p.y),
      text: pts.map((p) => p.name),
      marker: { size: 4, color: "#777777" },
      hovertemplate: "%{text}: %{lon:.3f}°E, %{lat:.3f}°N<extra></extra>",
    });
  }
  chosen.forEach((t, k) => {
    const r = recs.find((q) => q.t === t)!;
    const p = ellipsePath(r.x, r.y, r.major, r.minor, r.angle, segments);
    const color = ELLIPSE_COLORS[k % ELLIPSE_COLORS.length];
    data_.push({
      type: "scattergeo",
      mode: "lines",
      name: ellipseName(t),
      lon: p.x,
      lat: p.y,
      fill: "toself",
      fillcolor: hexAlpha(color, 0.08),
      line: { color, width: 2.2 },
      hoverinfo: "name",
      hovertemplate: `${t}: major ${r.major.toFixed(3)}, minor ${r.minor.toFixed(3)}${r.azimuth !== undefined ? `, azimuth ${r.azimuth.toFixed(1)}°` : ""}<extra></extra>`,
    });
  });
  data_.push({
    type: "scattergeo",
    mode: "lines+markers+text",
    name: pathName,
    lon: recs.map((r) => r.x),
    lat: recs.map((r) => r.y),
    text: recs.map((r) => (r.t === chosen[0] || r.t === chosen[chosen.length - 1] ? String(r.t) : "")),
    textposition: recs.map((r) => (r.t === chosen[0] ? "top left" : "bottom right")),
    textfont: { size: 11, color: PATH_COLOR },
    customdata: recs.map((r) => [r.t]),
    line: { color: PATH_COLOR, width: 1.5 },
    marker: { color: PATH_COLOR, size: 5 },
    hovertemplate: "%{customdata[0]}: %{lon:.3f}°E, %{lat:.3f}°N<extra></extra>",
  });
  const layout = base.layout;
  layout.showlegend = true;
  const geo = layout.geo as { domain: { x: number[]; y: number[] } };
  if (options.inset ?? true) {
    // the inset: lower left of the map panel (south of Tibet, west of Yunnan: empty on a map of
    // China), a Mercator view of the path's box widened to the inset's aspect
    const xs = recs.map((r) => r.x);
    const ys = recs.map((r) => r.y);
    const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
    const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
    const [dx0, dx1] = geo.domain.x;
    const [dy0, dy1] = geo.domain.y;
    const inset = { x: [dx0, dx0 + (dx1 - dx0) * 0.3], y: [dy0, dy0 + (dy1 - dy0) * 0.36] };
    const margin = layout.margin as Record<string, number>;
    const plotW = (options.width ?? 900) - (margin.l ?? 0) - (margin.r ?? 0);
    const plotH = (options.height ?? 560) - (margin.t ?? 0) - (margin.b ?? 0) - 40;
    const wpx = plotW * (inset.x[1] - inset.x[0]);
    const hpx = plotH * (inset.y[1] - inset.y[0]);
    const stretch = 1 / Math.cos((cy * Math.PI) / 180); // Mercator: a degree of latitude is this many degrees of longitude tall
    const spanX = Math.max(Math.max(...xs) - Math.min(...xs), 0.02);
    const spanY = Math.max(Math.max(...ys) - Math.min(...ys), 0.02) * stretch;
    // pixels per degree of longitude, with room around the path (a quarter of the span each side, at least 30 px)
    const k = Math.min((wpx - 60) / (spanX * 1.5), (hpx - 40) / (spanY * 1.5));
    const halfLon = wpx / k / 2;
    const halfLat = hpx / k / 2 / stretch;
    const grid = niceDegree(Math.max(halfLon, halfLat) / 3);
    layout.geo2 = {
      domain: inset,
      projection: { type: "mercator" },
      // parallels only: in the render check Plotly drew no meridians at a 0.2° step (it did at 0.5°)
      lonaxis: { range: [cx - halfLon, cx + halfLon], showgrid: false },
      lataxis: { range: [cy - halfLat, cy + halfLat], showgrid: true, gridcolor: "#e3e3e3", dtick: grid },
      showland: false,
      showcoastlines: false,
      showcountries: false,
      showlakes: false,
      showocean: false,
      showframe: true,
      framecolor: "#999999",
      framewidth: 1,
      bgcolor: "rgba(255,255,255,0.95)",
    };
    const positions = placePathLabels(recs.map((r) => ({ x: (r.x - cx) * k, y: (r.y - cy) * stretch * k, w: 6.2 * String(r.t).length })));
    data_.push({
      type: "scattergeo",
      geo: "geo2",
      mode: "lines+markers+text",
      name: pathName,
      showlegend: false,
      lon: recs.map((r) => r.x),
      lat: recs.map((r) => r.y),
      text: recs.map((r) => String(r.t)),
      textposition: positions,
      textfont: { size: 10, color: PATH_COLOR },
      line: { color: PATH_COLOR, width: 1.5 },
      marker: { color: PATH_COLOR, size: 6 },
      customdata: recs.map((r) => [r.t]),
      hovertemplate: "%{customdata[0]}: %{lon:.3f}°E, %{lat:.3f}°N<extra></extra>",
    });
    const notes = Array.isArray(layout.annotations) ? (layout.annotations as unknown[]).slice() : [];
    notes.push({
      xref: "paper",
      yref: "paper",
      x: inset.x[0],
      y: inset.y[1],
      xanchor: "left",
      yanchor: "bottom",
      showarrow: false,
      text: `重心轨迹放大 / centre path, zoomed (parallels every ${grid}°)`,
      font: { size: 10, color: "#555555" },
    });
    layout.annotations = notes;
  }
  const coords = result?.coordinates ?? "lon/lat degrees treated as planar";
  const lines = [
    result
      ? `点: 各单元多边形的面积加权质心, 权重 ${result.value} / points: area-weighted centroids of the units' polygons, weighted by ${result.value}`
      : "points: the records' centres and axes",
    `经纬度按平面坐标处理, 未投影 / ${coords}; 轴: 加权标准差 / axes: weighted standard deviations${result ? ` (correction "${result.correction}")` : ""}`,
  ];
  addCaption(layout, lines, 6);
  return { data: data_, layout };
}

/** "#1b9e77" -> "rgba(27,158,119,a)". */
function hexAlpha(hex: string, a: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/** The smallest round grid step (degrees) of at least `d`. */
function niceDegree(d: number): number {
  for (const s of [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]) if (s >= d) return s;
  return 10;
}

// ---------------------------------------------------------------------------------------------
// GM(1,1)

export interface GreyForecastFigureOptions extends BaseFigureOptions {
  /** Field of the time (result: its time key; plain records: "year"). */
  time?: string;
  /** Field of the series id (default "series"; absent in plain records: one series). */
  series?: string;
  /** Fields of the observed values, the fitted values and the forecasts (defaults "observed", "fitted", "forecast"). */
  observed?: string;
  fitted?: string;
  forecast?: string;
  /** Y axis title (default: the result's value, e.g. "D"). */
  yTitle?: string;
  /** Caption lines for plain records (a result's checks are written by default). */
  caption?: readonly string[];
}

const GRADE_ZH: Record<string, string> = { good: "好", qualified: "合格", barely: "勉强合格", unqualified: "不合格" };

/**
 * GM(1,1) fit and forecast: per series the observed yearly means (markers), the fitted values
 * (solid line) and the forecasts (dashed, continuing from the last fitted value) over a shaded
 * forecast period. The caption gives each series' checks: C (posterior variance ratio), P
 * (small-error probability), the grade, the range of the level ratios against their bounds, the
 * mean relative error and the shift, if any.
 *
 * From a `greyForecast()` result, or plain records with fields time, observed, fitted, forecast
 * (null where absent) and optionally series.
 *
 * @example
 * const gf = cc.greyForecast(cd2, { by: cc.NBS_REGIONS, horizon: 3 });
 * cc.greyForecastFigure(gf);
 */
export function greyForecastFigure(data: GreyResult | readonly Row[], options: GreyForecastFigureOptions = {}): Figure {
  const fn = "greyForecastFigure";
  const src = readSource(fn, data);
  const result = src.result?.kind === "grey-forecast" ? (src.result as GreyResult) : undefined;
  const timeF = timeField(src, options.time);
  const seriesF = options.series ?? (hasField(src.rows, "series") ? "series" : undefined);
  const [obsF, fitF, fcF] = [options.observed ?? "observed", options.fitted ?? "fitted", options.forecast ?? "forecast"];
  const f = new Fields(fn, src.rows);
  const groups = new Map<string, { name: string; obs: [number, number][]; fit: [number, number][]; fc: [number, number][] }>();
  src.rows.forEach((r, i) => {
    const id = seriesF ? f.id(i, seriesF, "series") : "";
    let g = groups.get(id);
    if (!g) {
      const zh = typeof r.series_zh === "string" ? r.series_zh : "";
      const en = typeof r.series_en === "string" ? r.series_en : "";
      g = { name: id === "all" ? bilingual(zh || "全部", en || "All") : zh || en ? [zh, en].filter(Boolean).join(" ") : seriesLabel(id), obs: [], fit: [], fc: [] };
      groups.set(id, g);
    }
    const t = f.num(i, timeF, "time");
    const o = f.optNum(i, obsF);
    const fi = f.optNum(i, fitF);
    const fc = f.optNum(i, fcF);
    if (o === undefined && fi === undefined && fc === undefined) {
      throw new PlotInputError(`${fn}: record ${i + 1} has none of "${obsF}", "${fitF}", "${fcF}" (its fields: ${Object.keys(r).join(", ")})`);
    }
    if (o !== undefined) g.obs.push([t, o]);
    if (fi !== undefined) g.fit.push([t, fi]);
    if (fc !== undefined) g.fc.push([t, fc]);
  });
  const single = groups.size === 1;
  const data_: PlotTrace[] = [];
  let lastObserved = -Infinity;
  let lastTime = -Infinity;
  [...groups.entries()].forEach(([id, g], k) => {
    for (const a of [g.obs, g.fit, g.fc]) a.sort((p, q) => p[0] - q[0]);
    const color = single ? "#222222" : seriesColor(id, k);
    const fitColor = single ? "#2166ac" : color;
    const fcColor = single ? "#d6604d" : color;
    if (g.obs.length) lastObserved = Math.max(lastObserved, g.obs[g.obs.length - 1][0]);
    for (const a of [g.obs, g.fit, g.fc]) if (a.length) lastTime = Math.max(lastTime, a[a.length - 1][0]);
    const lg = single ? {} : { legendgroup: id };
    data_.push({
      type: "scatter",
      mode: "markers",
      name: single ? bilingual("观测值", "Observed") : g.name,
      ...lg,
      x: g.obs.map((p) => p[0]),
      y: g.obs.map((p) => p[1]),
      marker: { color, size: 8, symbol: "circle-open", line: { color, width: 2 } },
      hovertemplate: `${g.name}<br>%{x}: observed %{y:.4f}<extra></extra>`,
    });
    data_.push({
      type: "scatter",
      mode: "lines",
      name: single ? bilingual("GM(1,1) 拟合", "GM(1,1) fit") : `${g.name} fit`,
      ...lg,
      showlegend: single,
      x: g.fit.map((p) => p[0]),
      y: g.fit.map((p) => p[1]),
      line: { color: fitColor, width: 2 },
      hovertemplate: `${g.name}<br>%{x}: fitted %{y:.4f}<extra></extra>`,
    });
    if (g.fc.length) {
      const joined = g.fit.length ? [g.fit[g.fit.length - 1], ...g.fc] : g.fc;
      data_.push({
        type: "scatter",
        mode: "lines+markers",
        name: single ? bilingual("预测", "Forecast") : `${g.name} forecast`,
        ...lg,
        showlegend: single,
        x: joined.map((p) => p[0]),
        y: joined.map((p) => p[1]),
        line: { color: fcColor, width: 2, dash: "dash" },
        marker: { color: fcColor, size: joined.map((_, j) => (j === 0 && g.fit.length ? 0 : 7)), symbol: "diamond" },
        hovertemplate: `${g.name}<br>%{x}: forecast %{y:.4f}<extra></extra>`,
      });
    }
  });
  const layout = baseLayout(options.title ?? "GM(1,1) 灰色预测 / GM(1,1) grey forecast", options);
  const allT = [...new Set([...groups.values()].flatMap((g) => [...g.obs, ...g.fit, ...g.fc].map((p) => p[0])))].sort((a, b) => a - b);
  layout.xaxis = cartesianAxis(bilingual("年份", "Year"), allT.length <= 20 && allT.every(Number.isInteger) ? { tickmode: "array", tickvals: allT } : {});
  const value = result?.value;
  layout.yaxis = cartesianAxis(options.yTitle ?? (value ? bilingual(`${value} 均值`, `mean ${value}`) : bilingual("值", "Value")));
  if (lastTime > lastObserved && Number.isFinite(lastObserved)) {
    layout.shapes = [
      { type: "rect", xref: "x", yref: "paper", x0: lastObserved, x1: lastTime + 0.3, y0: 0, y1: 1, fillcolor: "#f0f0f0", opacity: 0.6, line: { width: 0 }, layer: "below" },
    ];
    layout.annotations = [
      { xref: "x", yref: "paper", x: (lastObserved + lastTime) / 2 + 0.15, y: 1, yanchor: "bottom", showarrow: false, text: bilingual("预测期", "forecast"), font: { size: 11, color: "#666666" } },
    ];
  }
  layout.legend = topLegend();
  const lines: string[] = [];
  if (result) {
    const f2 = new Fields(fn, result.checks.rows);
    result.checks.rows.forEach((r, i) => {
      const zh = typeof r.series_zh === "string" ? r.series_zh : "";
      const en = typeof r.series_en === "string" ? r.series_en : "";
      const who = result.checks.rows.length > 1 ? `${zh} ${en}: ` : "";
      const grade = String(f2.get(i, "grade"));
      const shift = r.shift === null || r.shift === undefined ? "" : `; shift c = ${r.shift}`;
      lines.push(
        `${who}C = ${f2.num(i, "C").toFixed(3)}, P = ${f2.num(i, "P").toFixed(2)}, ${GRADE_ZH[grade] ?? ""} ${grade}; ` +
          `级比 level ratios ${f2.num(i, "lambda_min").toFixed(3)}-${f2.num(i, "lambda_max").toFixed(3)} in (${f2.num(i, "bound_low").toFixed(3)}, ${f2.num(i, "bound_high").toFixed(3)})` +
          ` ${r.level_ratio_pass ? "pass" : "FAIL"}; MRE ${(f2.num(i, "mean_relative_error") * 100).toFixed(2)} %${shift}`,
      );
    });
    lines.push("C = sd(residuals)/sd(series), P = share of |e - mean e| < 0.6745 sd(series) (mathmodels GM1N); good: C < 0.35 and P > 0.95");
  } else if (options.caption) lines.push(...options.caption);
  addCaption(layout, lines);
  return { data: data_, layout };
}

// ---------------------------------------------------------------------------------------------
// sigma and beta convergence

export interface SigmaTrendOptions extends BaseFigureOptions, OverlayOptions {
  /** Field of the time (result: its time key; plain records: "year"). */
  time?: string;
  /** The measure(s) drawn (default "cv_ddof1"): sd_ddof1, sd_ddof0, cv_ddof1, cv_ddof0, sd_log_ddof1, or any field. */
  measure?: string | readonly string[];
}

const MEASURE_LABELS: Record<string, string> = {
  sd_ddof1: "标准差 SD (n−1)",
  sd_ddof0: "标准差 SD (n)",
  cv_ddof1: "变异系数 CV = SD (n−1) / mean",
  cv_ddof0: "变异系数 CV = SD (n) / mean",
  sd_log_ddof1: "对数标准差 SD of ln (n−1)",
};

/**
 * Sigma convergence: the dispersion of the value over time (default the coefficient of variation
 * with the n - 1 standard deviation), one line per measure; falling = sigma convergence. A time
 * where a measure is null (sd of ln at a time with a zero) is left as a gap and named in the
 * caption, with the zero rule used.
 *
 * From a `convergenceOf()` result (its sigma records), or plain records with the time and the
 * measure fields. Overlays: `bands`, `compare`, `annotations`.
 *
 * @example
 * const cv = cc.convergenceOf(cd2);
 * cc.sigmaTrend(cv);
 * cc.sigmaTrend(cv, { measure: ["cv_ddof1", "sd_log_ddof1"] });
 */
export function sigmaTrend(data: ConvergenceFrameResult | readonly Row[], options: SigmaTrendOptions = {}): Figure {
  const fn = "sigmaTrend";
  const src = readSource(fn, data);
  const result = src.result?.kind === "convergence" ? (src.result as ConvergenceFrameResult) : undefined;
  const timeF = timeField(src, options.time);
  const measures = options.measure === undefined ? ["cv_ddof1"] : typeof options.measure === "string" ? [options.measure] : [...options.measure];
  if (measures.length === 0) throw new PlotInputError(`${fn}: measure names no field`);
  const f = new Fields(fn, src.rows);
  const gaps: string[] = [];
  const allY: number[] = [];
  const data_: PlotTrace[] = measures.map((m, k) => {
    if (!hasField(src.rows, m)) throw new PlotInputError(`${fn}: no record has a field "${m}" (fields of record 1: ${Object.keys(src.rows[0] ?? {}).join(", ")})`);
    const pts = src.rows.map((_, i) => ({ t: f.num(i, timeF, "time"), v: f.optNum(i, m) ?? null })).sort((a, b) => a.t - b.t);
    const missing = pts.filter((p) => p.v === null).map((p) => p.t);
    if (missing.length) gaps.push(`${MEASURE_LABELS[m] ?? m}: none at ${missing.join(", ")}${m === "sd_log_ddof1" ? " (a value is 0: no log)" : ""}`);
    pts.forEach((p) => p.v !== null && allY.push(p.v));
    const color = CATEGORY_COLORS[k % CATEGORY_COLORS.length];
    return {
      type: "scatter",
      mode: "lines+markers",
      name: MEASURE_LABELS[m] ?? m,
      x: pts.map((p) => p.t),
      y: pts.map((p) => p.v),
      connectgaps: false,
      line: { color, width: 2 },
      marker: { color, size: 7 },
      hovertemplate: `%{x}: %{y:.4f}<extra>${MEASURE_LABELS[m] ?? m}</extra>`,
    };
  });
  const value = result?.value ?? "";
  const layout = baseLayout(options.title ?? `σ收敛 / Sigma convergence${value ? ` of ${value}` : ""}`, options);
  const times = [...new Set(src.rows.map((_, i) => f.num(i, timeF, "time")))].sort((a, b) => a - b);
  layout.xaxis = cartesianAxis(bilingual("年份", "Year"), times.length <= 20 && times.every(Number.isInteger) ? { tickmode: "array", tickvals: times } : {});
  layout.yaxis = cartesianAxis(measures.length === 1 ? MEASURE_LABELS[measures[0]] ?? measures[0] : bilingual("离散程度", "Dispersion"));
  layout.legend = topLegend();
  layout.showlegend = measures.length > 1;
  const figure = applyOverlays({ data: data_, layout }, options, { fn, mode: "lines+markers", yValues: allY });
  const lines = [...gaps];
  if (result && result.zeros.units_with_zero.length) lines.push(`0 值 zeros (${result.zeros.rule}): ${result.zeros.note}`);
  addCaption(figure.layout, lines);
  return figure;
}

export interface BetaScatterOptions extends BaseFigureOptions, OverlayOptions {
  /** Field of the unit id (result: its unit key; plain records: "adcode"). */
  unit?: string;
  /** Field of the label shown on hover (result: its label key; else a province's short name or the id). */
  label?: string;
  /** Field of ln x at the base time (default "ln_start"). */
  x?: string;
  /** Field of the average annual log growth (default "growth"). */
  y?: string;
  /** Field of the group colouring the points (default: the result's group key, if any). */
  group?: string;
  /** The fitted line for plain records: intercept, slope and optionally the half-life, p, times. */
  fit?: { alpha: number; beta: number; p?: number; half_life?: number | null; base_year?: number; end_year?: number };
  /** Write the labels beside the points (default false: on hover). */
  labels?: boolean;
}

/**
 * Absolute beta convergence: one point per unit, x = ln of the value at the base time, y = the
 * average annual growth of ln value to the end time, the fitted OLS line `y = alpha + beta x`, and
 * beta (with its p) and the half-life in the title (beta < 0 and significant = convergence; no
 * half-life when beta >= 0). Labels on hover (or beside the points with `labels: true`); points
 * coloured by group when the result has one.
 *
 * From a `convergenceOf()` result (its `points` and the "absolute" row of `beta`), or plain
 * records with `fit` naming the line.
 *
 * @example
 * const cv = cc.convergenceOf(cd);
 * cc.betaScatter(cv);
 */
export function betaScatter(data: ConvergenceFrameResult | readonly Row[], options: BetaScatterOptions = {}): Figure {
  const fn = "betaScatter";
  const outer = readSource(fn, data);
  const result = outer.result?.kind === "convergence" ? (outer.result as ConvergenceFrameResult) : undefined;
  const src = result ? readSource(fn, result.points) : outer;
  const unitF = unitField(src, options.unit);
  const labelF = defaultLabel(src, options.label);
  const xF = options.x ?? "ln_start";
  const yF = options.y ?? "growth";
  const groupF = options.group ?? src.keys?.group;
  const f = new Fields(fn, src.rows);
  const pts = src.rows.map((_, i) => {
    const u = f.id(i, unitF, "unit");
    return {
      name: f.text(i, labelF) ?? provinceShortName(u) ?? u,
      x: f.num(i, xF, "x"),
      y: f.num(i, yF, "y"),
      group: groupF && hasField(src.rows, groupF) ? f.id(i, groupF, "group") : "",
    };
  });
  let fit = options.fit;
  if (result) {
    const row = result.beta.rows.find((r) => r.form === "absolute")!;
    fit = {
      alpha: row.alpha as number,
      beta: row.beta as number,
      p: row.p_beta as number,
      half_life: row.half_life as number | null,
      base_year: row.first_year as number,
      end_year: row.last_year as number,
    };
  }
  if (fit) {
    requireFinite(fit.alpha, `${fn}: fit.alpha`);
    requireFinite(fit.beta, `${fn}: fit.beta`);
  }
  const groups = [...new Set(pts.map((p) => p.group))];
  const showText = options.labels ?? false;
  const data_: PlotTrace[] = groups.map((g, k) => {
    const gp = pts.filter((p) => p.group === g);
    const color = g === "" ? "#4575b4" : seriesColor(g, k);
    return {
      type: "scatter",
      mode: showText ? "markers+text" : "markers",
      name: g === "" ? bilingual("单元", "Units") : seriesLabel(g),
      x: gp.map((p) => p.x),
      y: gp.map((p) => p.y),
      text: gp.map((p) => p.name),
      textposition: "top center",
      textfont: { size: 10, color: "#444444" },
      marker: { color, size: 9, line: { color: "#ffffff", width: 0.8 } },
      hovertemplate: "%{text}<br>ln start = %{x:.3f}<br>growth = %{y:.4f}<extra></extra>",
    };
  });
  if (fit) {
    const xs = pts.map((p) => p.x);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    const pad = (hi - lo) * 0.04;
    data_.push({
      type: "scatter",
      mode: "lines",
      name: `拟合 fit: y = ${fit.alpha.toFixed(4)} ${fit.beta < 0 ? "−" : "+"} ${Math.abs(fit.beta).toFixed(4)} x`,
      x: [lo - pad, hi + pad],
      y: [fit.alpha + fit.beta * (lo - pad), fit.alpha + fit.beta * (hi + pad)],
      line: { color: "#333333", width: 1.5 },
      hoverinfo: "skip",
    });
  }
  const period = fit?.base_year !== undefined && fit?.end_year !== undefined ? `${fit.base_year}-${fit.end_year}` : "";
  let title = options.title;
  if (title === undefined) {
    const b = fit ? `β = ${fit.beta.toFixed(4)}${fit.p !== undefined ? ` (p = ${fmtP(fit.p)})` : ""}` : "";
    const hl = fit ? (fit.half_life === null || fit.half_life === undefined ? "半衰期 half-life: none (β ≥ 0 or 1 + βT ≤ 0)" : `半衰期 half-life ${fit.half_life.toFixed(1)} 年 years`) : "";
    title = `绝对β收敛 / Absolute β convergence${period ? ` ${period}` : ""}${fit ? `<br><sup>${b}, ${hl}</sup>` : ""}`;
  }
  const layout = baseLayout(title, options);
  const v = result?.value ?? "x";
  layout.xaxis = cartesianAxis(bilingual(`期初 ln ${v}${fit?.base_year !== undefined ? ` (${fit.base_year})` : ""}`, `ln ${v} at the start`));
  // a short axis title: the period is in the figure's title already
  layout.yaxis = cartesianAxis(bilingual(`年均增长率`, `annual growth of ln ${v}`), { zeroline: true, zerolinecolor: "#bbbbbb" });
  layout.legend = topLegend({ y: 1.02 });
  layout.margin = { l: 80, r: 30, t: 130, b: 60 };
  // a two-line title anchored at its top is drawn from its first baseline: move it down to show it whole
  if (String(title).includes("<br>")) (layout.title as Record<string, unknown>).y = 0.94;
  const figure = applyOverlays({ data: data_, layout }, options, { fn, mode: "markers", yValues: pts.map((p) => p.y) });
  if (result) {
    const lines = [`OLS, classical SE, df = n − 2; λ = −ln(1 + βT)/T, half-life = ln 2 / λ`];
    if (result.zeros.units_with_zero.length) lines.push(`0 值 zeros (${result.zeros.rule}): ${result.zeros.note}`);
    addCaption(figure.layout, lines);
  }
  return figure;
}
