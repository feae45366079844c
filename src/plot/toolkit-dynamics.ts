/**
 * Figures of the "dynamic evolution" section: kernel density curves by year (overlaid lines, or a
 * ridgeline), transition matrices of the classic and spatial Markov chains as annotated heatmaps
 * (probability and count in every cell, and the row totals), and Theil beside Dagum over time.
 *
 * Each builder takes the frame result directly (`densityByYear`, `markovChain`,
 * `spatialMarkovChain`, `inequalityByYear` / `theilByYear`) or plain records with the field names
 * as options, and reads every number from the records (nothing is re-estimated or re-classified
 * here). Densities always state their bandwidth and rule; probabilities always show their counts.
 */
import type { DagumResult, Row, TableResult } from "../frame/results";
import type {
  ClassRow,
  DensityResult,
  InequalityResult,
  MarkovChainResult,
  SpatialMarkovChainResult,
  TheilByYearResult,
} from "../frame/toolkit-dynamics";
import { Fields, fieldList, hasField, PlotInputError, readSource, show, timeField, type Source } from "./records";
import { baseLayout, bilingual, captionAnnotation, cartesianAxis, integerTimeTicks, topLegend } from "./style";
import type { BaseFigureOptions, Figure, PlotLayout, PlotTrace } from "./types";

// ---- shared --------------------------------------------------------------------------------------

/** Anchors of the sequential palette of times (viridis, without its pale yellow end: prints on white). */
const TIME_ANCHORS = ["#440154", "#414487", "#2a788e", "#22a884", "#7ad151"];

function hexToRgb(h: string): [number, number, number] {
  return [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
}

/** Colour of the i-th of n times, early dark purple to late green. */
export function timeColor(i: number, n: number): string {
  const u = n <= 1 ? 1 : i / (n - 1);
  const pos = u * (TIME_ANCHORS.length - 1);
  const a = Math.min(TIME_ANCHORS.length - 2, Math.floor(pos));
  const f = pos - a;
  const A = hexToRgb(TIME_ANCHORS[a]);
  const B = hexToRgb(TIME_ANCHORS[a + 1]);
  const c = A.map((v, k) => Math.round(v + (B[k] - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = hexToRgb(hex);
  return `rgba(${r},${g},${b},${alpha})`;
}

/** A p-value as text: 3 decimals, or 2 significant digits below 0.001; "—" when undefined. */
function pText(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** The axis title of a value column: D gets its full name. */
function valueTitle(value: string | undefined, relative = false): string {
  if (value === "D") return relative ? bilingual("相对耦合协调度 D / 年均值", "Relative D (D / mean of the year)") : bilingual("耦合协调度 D", "Coupling coordination degree D");
  return value ? (relative ? `${value} / mean of its time` : value) : "";
}




// ---- kernel densities ----------------------------------------------------------------------------

export interface DensityCurvesOptions extends BaseFigureOptions {
  /** Field of the time (density result: its time key; plain records: "year"). */
  time?: string;
  /** Field of the grid point (default "x"). */
  x?: string;
  /** Field of the density (default "density"). */
  density?: string;
  /** Times to draw (default all; e.g. `[2012, 2015, 2019]` when nine curves crowd). */
  times?: readonly number[];
  /**
   * Plain records only: each time's bandwidth, as records `{ <time>, bandwidth, rule }` (or a
   * result with such rows). Not needed when the density records carry `bandwidth` (and `rule`)
   * themselves. A density without its bandwidth is refused.
   */
  bandwidths?: readonly Row[] | TableResult;
  /** X axis title (default: the value's name, "耦合协调度 D / ..."). */
  xTitle?: string;
  /** Digits of the bandwidth in the legend (default 3). */
  digits?: number;
  /** Mark each curve's highest point (default false). */
  peaks?: boolean;
}

interface Curve {
  t: number;
  x: number[];
  y: number[];
  bw: number;
  rule: string;
}

/** The curves of a density result or of plain records, with each time's bandwidth and rule. */
function readCurves(fn: string, src: Source, options: DensityCurvesOptions): { curves: Curve[]; note?: string; value?: string } {
  const density = src.result?.kind === "density" ? (src.result as DensityResult) : undefined;
  const timeF = timeField(src, options.time);
  const xF = options.x ?? "x";
  const yF = options.density ?? "density";
  const f = new Fields(fn, src.rows);
  const bw = new Map<number, { bw: number; rule: string }>();
  const bwSource = density ? density.bandwidths.rows : options.bandwidths === undefined ? undefined : readSource(fn, options.bandwidths).rows;
  if (bwSource) {
    const g = new Fields(`${fn} (bandwidths)`, bwSource);
    bwSource.forEach((r, i) => bw.set(g.num(i, timeF, "time"), { bw: g.num(i, "bandwidth"), rule: g.text(i, "rule") ?? "given" }));
  }
  const points = new Map<number, { x: number[]; y: number[] }>();
  src.rows.forEach((r, i) => {
    const t = f.num(i, timeF, "time");
    if (options.times && !options.times.includes(t)) return;
    let c = points.get(t);
    if (!c) points.set(t, (c = { x: [], y: [] }));
    c.x.push(f.num(i, xF, "x"));
    const d = f.num(i, yF, "density");
    if (d < 0) throw new PlotInputError(`${fn}: record ${i + 1} field "${yF}" is ${d}, a density cannot be negative`);
    c.y.push(d);
    if (!bw.has(t) && r.bandwidth !== undefined && r.bandwidth !== null) bw.set(t, { bw: f.num(i, "bandwidth"), rule: f.text(i, "rule") ?? "given" });
  });
  if (options.times) {
    const absent = options.times.filter((t) => !points.has(t));
    if (absent.length) throw new PlotInputError(`${fn}: no record has ${timeF} = ${absent.join(", ")} (times in the records: ${[...new Set(src.rows.map((r) => r[timeF]))].join(", ")})`);
  }
  if (points.size === 0) throw new PlotInputError(`${fn}: no records to draw`);
  const curves = [...points.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, c]) => {
      const b = bw.get(t);
      if (!b) {
        throw new PlotInputError(
          `${fn}: no bandwidth for ${timeF} ${t}: a density is read with its bandwidth. Pass the densityByYear result, ` +
            `records with "bandwidth" (and "rule") fields, or { bandwidths: [{ ${timeF}: ${t}, bandwidth, rule }] } (fields of record 1: ${fieldList(src.rows[0])})`,
        );
      }
      const order = c.x.map((_, k) => k).sort((p, q) => c.x[p] - c.x[q]);
      return { t, x: order.map((k) => c.x[k]), y: order.map((k) => c.y[k]), bw: b.bw, rule: b.rule };
    });
  return { curves, note: density?.note, value: density?.value };
}

function bwLabel(c: Curve, digits: number): string {
  return `bw ${c.bw.toFixed(digits)}, ${c.rule}`;
}

/**
 * Kernel density curves by time on one axis, one line per time (the "dynamic evolution" figure):
 * colours run from dark (early) to light green (late), and each legend entry states the bandwidth
 * and its rule, e.g. "2019 (bw 0.079, nrd0)"; the caption repeats the kernel and the grid.
 *
 * From a `DensityResult` (`densityByYear()`): its records and bandwidth table. From plain records
 * `{ <time>, x, density }`: the bandwidth per time from fields of the records or the `bandwidths`
 * option (refused without one). `times` picks some times.
 *
 * @example
 * const k = cc.densityByYear(cd);
 * cc.densityCurves(k);
 * cc.densityCurves(k, { times: [2012, 2015, 2019], peaks: true });
 */
export function densityCurves(data: DensityResult | readonly Row[], options: DensityCurvesOptions = {}): Figure {
  const fn = "densityCurves";
  const src = readSource(fn, data);
  const { curves, note, value } = readCurves(fn, src, options);
  const digits = options.digits ?? 3;
  const traces: PlotTrace[] = curves.map((c, i) => {
    const color = timeColor(i, curves.length);
    return {
      type: "scatter",
      mode: "lines",
      name: `${c.t} (${bwLabel(c, digits)})`,
      x: c.x,
      y: c.y,
      line: { color, width: 2, simplify: false },
      hovertemplate: `${c.t}<br>x = %{x:.3f}<br>density = %{y:.3f}<extra></extra>`,
    };
  });
  if (options.peaks) {
    const peaks = curves.map((c) => {
      let k = 0;
      for (let j = 1; j < c.y.length; j++) if (c.y[j] > c.y[k]) k = j;
      return { x: c.x[k], y: c.y[k], t: c.t };
    });
    traces.push({
      type: "scatter",
      mode: "markers",
      name: bilingual("峰值", "peak"),
      x: peaks.map((p) => p.x),
      y: peaks.map((p) => p.y),
      marker: { color: curves.map((_, i) => timeColor(i, curves.length)), size: 8, symbol: "diamond", line: { color: "#ffffff", width: 1 } },
      customdata: peaks.map((p) => p.t),
      hovertemplate: "%{customdata}: peak at x = %{x:.3f}<extra></extra>",
    });
  }
  const layout = baseLayout(options.title ?? "核密度估计 / Kernel density by year", options);
  layout.xaxis = cartesianAxis(options.xTitle ?? (valueTitle(value ?? options.x) || "x"));
  layout.yaxis = cartesianAxis(bilingual("密度", "Density"), { rangemode: "tozero" });
  layout.legend = { ...topLegend(), font: { size: 11 } };
  const text = note ?? `bandwidth per curve in the legend (${[...new Set(curves.map((c) => c.rule))].join(", ")})`;
  layout.annotations = [captionAnnotation(text, 70, options.width)];
  layout.margin = { l: 70, r: 30, t: 110, b: 110 };
  return { data: traces, layout };
}

export interface DensityRidgelineOptions extends DensityCurvesOptions {
  /** Height of the tallest curve in row spacings (default 1.6; 1 means no overlap). */
  overlap?: number;
}

/**
 * Kernel density curves by time as a ridgeline: one filled curve per time, stacked with the
 * earliest at the top, all on one vertical scale (areas stay comparable), each row labelled with
 * its time and bandwidth ("2019 · bw 0.079 nrd0"). A 2-D stand-in for the 3-D "dynamic
 * evolution" surface that prints cleanly. Inputs as `densityCurves`.
 *
 * @example
 * cc.densityRidgeline(cc.densityByYear(cd2), { overlap: 2 });
 */
export function densityRidgeline(data: DensityResult | readonly Row[], options: DensityRidgelineOptions = {}): Figure {
  const fn = "densityRidgeline";
  const src = readSource(fn, data);
  const { curves, note, value } = readCurves(fn, src, options);
  const digits = options.digits ?? 3;
  const overlap = options.overlap ?? 1.6;
  if (!(typeof overlap === "number" && overlap > 0 && Number.isFinite(overlap))) throw new PlotInputError(`${fn}: overlap must be a positive number, got ${show(overlap)}`);
  const top = Math.max(...curves.map((c) => Math.max(...c.y)));
  if (!(top > 0)) throw new PlotInputError(`${fn}: every density is 0: nothing to draw`);
  const scale = overlap / top;
  const n = curves.length;
  const traces: PlotTrace[] = [];
  // earliest at the top: drawn first, so each later (lower) ridge covers the tail of the one above
  curves.forEach((c, i) => {
    const base = n - 1 - i;
    const color = timeColor(i, n);
    // the baseline on the curve's own x, so that "tonexty" fills exactly between the two
    traces.push({ type: "scatter", mode: "lines", x: c.x, y: c.x.map(() => base), line: { width: 0.6, color: "#bbbbbb" }, hoverinfo: "skip", showlegend: false });
    traces.push({
      type: "scatter",
      mode: "lines",
      name: `${c.t} (${bwLabel(c, digits)})`,
      x: c.x,
      y: c.y.map((d) => base + d * scale),
      customdata: c.y,
      fill: "tonexty",
      fillcolor: withAlpha(color, 0.55),
      line: { color, width: 1.5, simplify: false },
      showlegend: false,
      hovertemplate: `${c.t}<br>x = %{x:.3f}<br>density = %{customdata:.3f}<extra></extra>`,
    });
  });
  const layout = baseLayout(options.title ?? "核密度估计 / Kernel density by year", options);
  layout.xaxis = cartesianAxis(options.xTitle ?? (valueTitle(value ?? options.x) || "x"), { showgrid: true });
  layout.yaxis = cartesianAxis("", {
    tickmode: "array",
    tickvals: curves.map((_, i) => n - 1 - i),
    ticktext: curves.map((c) => `${c.t}<br><span style="font-size:10px;color:#666">${bwLabel(c, digits)}</span>`),
    range: [-0.15, n - 1 + overlap + 0.15],
    showgrid: false,
    zeroline: false,
    showline: false,
    ticks: "",
  });
  layout.showlegend = false;
  const text = note ?? `bandwidth per row on the left (${[...new Set(curves.map((c) => c.rule))].join(", ")})`;
  layout.annotations = [captionAnnotation(`${text};<br>one vertical scale for every ${timeField(src, options.time)} (areas comparable)`, 70, options.width)];
  if (options.height === undefined) {
    layout.height = Math.max(420, 70 * n + 180);
    delete layout.autosize;
  }
  layout.margin = { l: 110, r: 30, t: 70, b: 120 };
  return { data: traces, layout };
}

// ---- transition matrices -----------------------------------------------------------------------

export interface TransitionHeatmapOptions extends BaseFigureOptions {
  /** Field of the start class (default "from"). */
  from?: string;
  /** Field of the end class (default "to"). */
  to?: string;
  /** Field of the transition probability (default "p"). */
  p?: string;
  /** Field of the number of moves (default "count"). */
  count?: string;
  /** Fields of the class names (default "from_label" / "to_label" when present, else the ids). */
  fromLabel?: string;
  toLabel?: string;
  /** Digits of the probabilities (default 3). */
  digits?: number;
  /** Colour scale of p in [0, 1] (default white to blue). */
  colorscale?: Array<[number, string]>;
  /** Caption under the matrix (default: from a result, its classes, moves and steady state). */
  caption?: string;
}

export interface SpatialTransitionHeatmapsOptions extends TransitionHeatmapOptions {
  /** Field of the lag class (default "lag"); its name from "lag_label" when present. */
  lag?: string;
  /** Panels per row (default: all in one row up to 3, else 2 per row for 4, else 3). */
  columns?: number;
  /** Add the a-spatial (pooled) matrix as the first panel (a spatial Markov result only; default false). */
  pooled?: boolean;
  /** Plain records: the homogeneity tests to print in the title (a result carries its own). */
  homogeneity?: { Q: number; LR: number; dof: number; Q_p_value: number | null; LR_p_value: number | null };
}

const P_SCALE: Array<[number, string]> = [
  [0, "#f7fbff"],
  [0.25, "#c6dbef"],
  [0.5, "#6baed6"],
  [0.75, "#2171b5"],
  [1, "#08306b"],
];
const TOTAL_FILL = "#eeeeee";

interface Matrix {
  ids: string[];
  /** Class names ("I"), and their intervals when a result's class table gives them. */
  labels: string[];
  intervals?: string[];
  p: (number | null)[][];
  count: number[][];
  totals: number[];
}

type ClassNames = Map<string, { label: string; interval: string }>;

/** The k x k matrix of some records (cells read, never recomputed; a missing cell counts 0 moves with p 0). */
function readMatrix(fn: string, rows: readonly Row[], index: readonly number[], options: TransitionHeatmapOptions, classNames?: ClassNames): Matrix {
  const f = new Fields(fn, rows);
  const fromF = options.from ?? "from";
  const toF = options.to ?? "to";
  const pF = options.p ?? "p";
  const cF = options.count ?? "count";
  const fromL = options.fromLabel ?? (hasField(rows, "from_label") ? "from_label" : undefined);
  const toL = options.toLabel ?? (hasField(rows, "to_label") ? "to_label" : undefined);
  const names = new Map<string, string>();
  const cells = new Map<string, { p: number; c: number }>();
  const numeric = new Map<string, number>();
  for (const i of index) {
    const a = f.id(i, fromF, "from");
    const b = f.id(i, toF, "to");
    const p = f.num(i, pF, "p");
    const c = f.num(i, cF, "count");
    if (p < 0 || p > 1 + 1e-12) throw new PlotInputError(`${fn}: record ${i + 1} field "${pF}" is ${p}, not a probability in [0, 1]`);
    if (c < 0 || !Number.isInteger(c)) throw new PlotInputError(`${fn}: record ${i + 1} field "${cF}" is ${c}, not a count of moves`);
    const key = `${a}|${b}`;
    if (cells.has(key)) throw new PlotInputError(`${fn}: record ${i + 1} repeats the cell ${fromF} = ${a}, ${toF} = ${b}`);
    cells.set(key, { p, c });
    for (const [id, lf, raw] of [[a, fromL, rows[i][fromF]], [b, toL, rows[i][toF]]] as const) {
      if (!names.has(id)) names.set(id, classNames?.get(id)?.label ?? f.text(i, lf) ?? id);
      if (typeof raw === "number") numeric.set(id, raw);
    }
  }
  if (names.size === 0) throw new PlotInputError(`${fn}: no transition records to draw`);
  const seen = [...names.keys()];
  const ids = seen.every((id) => numeric.has(id)) ? seen.sort((x, y) => numeric.get(x)! - numeric.get(y)!) : seen;
  const count = ids.map((a) => ids.map((b) => cells.get(`${a}|${b}`)?.c ?? 0));
  const totals = count.map((r) => r.reduce((s, v) => s + v, 0));
  const p = ids.map((a, i) => (totals[i] === 0 ? ids.map(() => null) : ids.map((b) => cells.get(`${a}|${b}`)?.p ?? 0)));
  const intervals = classNames && ids.every((id) => classNames.has(id)) ? ids.map((id) => classNames.get(id)!.interval) : undefined;
  return { ids, labels: ids.map((id) => names.get(id)!), intervals, p, count, totals };
}

/** Class names and intervals by class id, from a result's class table. */
function classNamesOf(classes: readonly ClassRow[] | undefined): ClassNames | undefined {
  if (!classes) return undefined;
  return new Map(classes.map((c) => [String(c.class), { label: c.label, interval: c.interval }]));
}

function tickText(m: Matrix, i: number, withInterval: boolean, br: boolean): string {
  if (!withInterval || !m.intervals) return m.labels[i];
  return `${m.labels[i]}${br ? "<br>" : " "}<span style="font-size:10px">${m.intervals[i]}</span>`;
}

/**
 * One matrix on numeric axes `x` / `y` (cell (i, j) at x = j, y = i; the totals column at x = k):
 * the heatmap trace of p with "p<br>(n)" in each cell, and the totals as grey cells (shapes) with
 * their numbers (annotations). Numeric axes with tick texts, because Plotly misplaces a
 * one-column heatmap on a category axis.
 */
function drawMatrix(
  m: Matrix,
  digits: number,
  axes: { x: string; y: string },
  color: { coloraxis?: string; colorscale?: Array<[number, string]> },
  ticks: { xIntervals: boolean; yLabels: boolean },
): { trace: PlotTrace; xaxis: Record<string, unknown>; yaxis: Record<string, unknown>; shapes: Record<string, unknown>[]; annotations: Record<string, unknown>[] } {
  const k = m.ids.length;
  const idx = m.ids.map((_, i) => i);
  const size = k <= 4 ? 12 : k <= 6 ? 11 : 9;
  const trace: PlotTrace = {
    type: "heatmap",
    x: idx,
    y: idx,
    z: m.p,
    zmin: 0,
    zmax: 1,
    text: m.p.map((row, i) => row.map((p, j) => (p === null ? "—" : `${p.toFixed(digits)}<br>(${m.count[i][j]})`))),
    texttemplate: "%{text}",
    textfont: { size },
    customdata: m.p.map((row, i) => row.map((_, j) => [m.count[i][j], m.labels[i], m.labels[j]])),
    xgap: 2,
    ygap: 2,
    hovertemplate: "%{customdata[1]} → %{customdata[2]}<br>p = %{z:.3f}, n = %{customdata[0]}<extra></extra>",
    xaxis: axes.x,
    yaxis: axes.y,
    ...(color.coloraxis ? { coloraxis: color.coloraxis } : { colorscale: color.colorscale ?? P_SCALE }),
  };
  const plain = { showgrid: false, zeroline: false, showline: false, ticks: "", automargin: true };
  const xaxis = { ...plain, range: [-0.5, k + 0.5], tickmode: "array", tickvals: [...idx, k], ticktext: [...idx.map((i) => tickText(m, i, ticks.xIntervals, true)), "n"] };
  const yaxis = {
    ...plain,
    range: [k - 0.5, -0.5],
    tickmode: "array",
    tickvals: idx,
    ticktext: idx.map((i) => tickText(m, i, true, true)),
    showticklabels: ticks.yLabels,
  };
  const xref = axes.x;
  const yref = axes.y;
  const shapes = idx.map((i) => ({ type: "rect", xref, yref, x0: k - 0.48, x1: k + 0.48, y0: i - 0.48, y1: i + 0.48, fillcolor: TOTAL_FILL, line: { width: 0 }, layer: "below" }));
  const annotations = idx.map((i) => ({ xref, yref, x: k, y: i, text: String(m.totals[i]), showarrow: false, font: { size } }));
  return { trace, xaxis, yaxis, shapes, annotations };
}

function stateText(v: number[] | number[][], digits = 3): string {
  const one = (x: number[]) => `[${x.map((q) => q.toFixed(digits)).join(", ")}]`;
  return Array.isArray(v[0]) ? (v as number[][]).map(one).join(" / ") : one(v as number[]);
}

/**
 * A Markov transition matrix as an annotated heatmap: rows the class at t (top to bottom), columns
 * the class at t + 1, colour the probability on a fixed 0-1 scale, and in every cell the
 * probability with its count, "0.921 (58)"; a grey column "n" gives each row's total moves, and a
 * row without moves shows "—" (not zeros). From a `MarkovChainResult` (`markovChain()`): the class
 * intervals under the labels and a caption with the classification, the number of moves and the
 * steady state. From plain records: `{ from, to, p, count }` (fields named by options; classes in
 * numeric order when the ids are numbers, else as they come; a missing cell counts 0 moves).
 *
 * @example
 * const mc = cc.markovChain(cd2, { relative: true });
 * cc.transitionHeatmap(mc);
 * cc.transitionHeatmap(mc.rows, { from: "from_label", to: "to_label" });
 */
export function transitionHeatmap(data: MarkovChainResult | readonly Row[], options: TransitionHeatmapOptions = {}): Figure {
  const fn = "transitionHeatmap";
  const src = readSource(fn, data);
  const mc = src.result?.kind === "markov" ? (src.result as MarkovChainResult) : undefined;
  const digits = options.digits ?? 3;
  const names = options.from || options.fromLabel ? undefined : classNamesOf(mc?.classes.rows);
  const m = readMatrix(fn, src.rows, src.rows.map((_, i) => i), options, names);
  const layout = baseLayout(options.title ?? (mc?.relative ? "马尔可夫转移概率矩阵 (相对值) / Markov transition probabilities (relative)" : "马尔可夫转移概率矩阵 / Markov transition probabilities"), options);
  const d = drawMatrix(m, digits, { x: "x", y: "y" }, { colorscale: options.colorscale ?? P_SCALE }, { xIntervals: true, yLabels: true });
  d.trace.colorbar = { title: { text: "p", side: "top" }, thickness: 14, len: 0.8, outlinewidth: 0 };
  layout.xaxis = { ...d.xaxis, side: "top", title: { text: bilingual("t+1 年类型", "class at t + 1") } };
  layout.yaxis = { ...d.yaxis, title: { text: bilingual("t 年类型", "class at t") } };
  let text = options.caption;
  if (text === undefined && mc) {
    const time = mc.keys.time;
    text =
      `${mc.method}, ${mc.closed === "right" ? "(a, b]" : "[a, b)"}${mc.relative ? `, ${mc.value} / mean of its ${time}` : ""}; ` +
      `${mc.n_transitions} moves (${mc.units.length} units × ${mc.times.length - 1} steps); column n: moves out of each class<br>` +
      `steady state ${stateText(mc.steady_state)}${mc.empty_rows.length ? `; rows without moves: ${mc.empty_rows.map((i) => mc.labels[i]).join(", ")}` : ""}`;
  }
  layout.shapes = d.shapes;
  layout.annotations = [...d.annotations, ...(text ? [captionAnnotation(text, 14, options.width)] : [])];
  layout.margin = { l: 90, r: 30, t: 120, b: text ? 80 : 40 };
  return { data: [d.trace], layout };
}

/**
 * The spatial Markov chain's conditional matrices, one heatmap panel per lag class (the
 * neighbourhood's class in the start year), as `transitionHeatmap` draws one: "p (n)" in every
 * cell, a row-total column, "—" for rows without moves, one colour scale for all panels. The
 * title carries the homogeneity tests: Bickenbach-Bode Q and LR with their dof and p, and giddy's
 * x2 with its own dof. `pooled: true` adds the a-spatial matrix as the first panel.
 *
 * From a `SpatialMarkovChainResult` (`spatialMarkovChain()`); from plain records `{ lag, from, to,
 * p, count }` (tests from the `homogeneity` option).
 *
 * @example
 * const sm = cc.spatialMarkovChain(cd2, w, { relative: true });
 * cc.spatialTransitionHeatmaps(sm);
 * cc.spatialTransitionHeatmaps(sm, { pooled: true, columns: 5 });
 */
export function spatialTransitionHeatmaps(data: SpatialMarkovChainResult | readonly Row[], options: SpatialTransitionHeatmapsOptions = {}): Figure {
  const fn = "spatialTransitionHeatmaps";
  const src = readSource(fn, data);
  const sm = src.result?.kind === "spatial-markov" ? (src.result as SpatialMarkovChainResult) : undefined;
  if (options.pooled && !sm) throw new PlotInputError(`${fn}: pooled: true needs the spatialMarkovChain result (plain records carry no pooled matrix)`);
  const digits = options.digits ?? 3;
  const lagF = options.lag ?? "lag";
  const f = new Fields(fn, src.rows);
  const lagIds = new Map<string, { name: string; index: number[]; num?: number }>();
  src.rows.forEach((r, i) => {
    const id = f.id(i, lagF, "lag");
    let g = lagIds.get(id);
    if (!g) lagIds.set(id, (g = { name: f.text(i, "lag_label") ?? id, index: [], num: typeof r[lagF] === "number" ? (r[lagF] as number) : undefined }));
    g.index.push(i);
  });
  const lags = [...lagIds.entries()];
  if (lags.every(([, g]) => g.num !== undefined)) lags.sort((a, b) => a[1].num! - b[1].num!);
  const names = options.from || options.fromLabel ? undefined : classNamesOf(sm?.classes.rows);
  const lagIntervals = new Map((sm?.lagClasses.rows ?? []).map((c) => [String(c.class), c.interval]));
  const panels: Array<{ title: string; m: Matrix }> = [];
  if (options.pooled && sm) {
    const pooledRows: Row[] = sm.transitions.flatMap((row, i) => row.map((c, j) => ({ from: i, to: j, p: sm.p[i][j], count: c })));
    const m = readMatrix(fn, pooledRows, pooledRows.map((_, i) => i), {}, names);
    panels.push({ title: `${bilingual("不分邻域", "pooled")} · n = ${m.totals.reduce((a, b) => a + b, 0)}`, m });
  }
  for (const [id, g] of lags) {
    const m = readMatrix(fn, src.rows, g.index, options, names);
    const interval = lagIntervals.get(id);
    panels.push({ title: `${bilingual("邻域", "lag")} ${g.name}${interval ? ` ${interval}` : ""} · n = ${m.totals.reduce((a, b) => a + b, 0)}`, m });
  }
  const nP = panels.length;
  const cols = options.columns ?? (nP <= 3 ? nP : nP === 4 ? 2 : 3);
  if (!(Number.isInteger(cols) && cols >= 1)) throw new PlotInputError(`${fn}: columns must be a positive integer, got ${show(cols)}`);
  const rowsN = Math.ceil(nP / cols);
  const gapX = 0.05;
  const gapY = 0.12;
  const w = (1 - gapX * (cols - 1)) / cols;
  const h = (1 - gapY * (rowsN - 1)) / rowsN;
  const layout: PlotLayout = baseLayout(options.title ?? "空间马尔可夫转移概率 / Spatial Markov transition probabilities", options);
  const traces: PlotTrace[] = [];
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((panel, k) => {
    const c = k % cols;
    const r = Math.floor(k / cols);
    const x0 = c * (w + gapX);
    const y1 = 1 - r * (h + gapY);
    const xa = k === 0 ? "x" : `x${k + 1}`;
    const ya = k === 0 ? "y" : `y${k + 1}`;
    const d = drawMatrix(panel.m, digits, { x: xa, y: ya }, { coloraxis: "coloraxis" }, { xIntervals: false, yLabels: c === 0 });
    layout[k === 0 ? "xaxis" : `xaxis${k + 1}`] = { ...d.xaxis, domain: [x0, x0 + w], anchor: ya, tickfont: { size: 11 } };
    layout[k === 0 ? "yaxis" : `yaxis${k + 1}`] = { ...d.yaxis, domain: [y1 - h, y1], anchor: xa, tickfont: { size: 11 } };
    traces.push(d.trace);
    shapes.push(...d.shapes);
    annotations.push(...d.annotations);
    annotations.push({ xref: "paper", yref: "paper", x: x0 + w / 2, xanchor: "center", y: y1, yanchor: "bottom", yshift: 4, showarrow: false, font: { size: 12 }, text: panel.title });
  });
  layout.coloraxis = { colorscale: options.colorscale ?? P_SCALE, cmin: 0, cmax: 1, colorbar: { title: { text: "p", side: "top" }, thickness: 14, len: 0.6, outlinewidth: 0 } };
  const hom = sm?.homogeneity ?? options.homogeneity;
  const tests = hom
    ? `Q = ${hom.Q.toFixed(2)} (p = ${pText(hom.Q_p_value)}), LR = ${hom.LR.toFixed(2)} (p = ${pText(hom.LR_p_value)}), dof ${hom.dof} (Bickenbach-Bode)` +
      (sm ? `; x² = ${sm.x2.toFixed(2)} (giddy dof ${sm.x2_dof}, p = ${pText(sm.x2_pvalue)})` : "")
    : undefined;
  const title = layout.title as Record<string, unknown>;
  if (tests) title.text = `${title.text}<br><span style="font-size:12px">${bilingual("同质性检验", "homogeneity")}: ${tests}</span>`;
  const capText =
    options.caption ??
    (sm
      ? `rows: class at t; columns: class at t + 1; cells "p (n)"; column n: moves out of each class; ` +
        `${sm.relative ? `${sm.value} / mean of its ${sm.keys.time}; ` : ""}${sm.closed === "right" ? "(a, b]" : "[a, b)"} classes<br>` +
        `lag: the neighbours' mean (${sm.weights})`
      : undefined);
  const margin = { l: 100, r: 30, t: tests ? 110 : 80, b: capText ? 90 : 40 };
  if (options.height === undefined && options.width === undefined) {
    layout.height = 190 + rowsN * 330;
    layout.width = 160 + cols * 330;
    delete layout.autosize;
  }
  // the caption under the last row's tick labels
  if (capText) annotations.push(captionAnnotation(capText, 30, (options.width ?? (layout.width as number | undefined)) as number | undefined));
  layout.shapes = shapes;
  layout.annotations = annotations;
  layout.margin = margin;
  return { data: traces, layout };
}

// ---- Theil beside Dagum ----------------------------------------------------------------------------

export interface InequalityTrendsOptions extends BaseFigureOptions {
  /** Field of the time (result: its time key; plain records: "year"). */
  time?: string;
  /** Field of Theil's T (default "T"). */
  T?: string;
  /** Field of Dagum's G (default "G"). */
  G?: string;
  /** Field of Theil's between-group share, a fraction (default "T_share_between"). */
  theilShare?: string;
  /** Field of Dagum's net between-group share, a fraction (default "share_between"). */
  dagumShare?: string;
  /** Field of Dagum's transvariation share, a fraction (default "share_transvariation"). */
  dagumTransvariation?: string;
  /** With a Theil result (`theilByYear`): a Dagum result (or records) to draw beside it, joined by time. */
  dagum?: DagumResult | readonly Row[];
  /** Draw Dagum's between + transvariation share, the counterpart of Theil's between share (default true). */
  gross?: boolean;
}

const THEIL_COLOR = "#4e79a7";
const DAGUM_COLOR = "#e15759";

/**
 * Theil and Dagum over time side by side, in two panels: left, the totals (Theil's T on the left
 * axis, Dagum's G on the right axis: their scales differ); right, the between-group share of each
 * in percent on a 0-100 axis: Theil's `T_between / T`, Dagum's net between share `Gnb / G`, and
 * (dashed) Dagum's between + transvariation share, the one that answers Theil's question (how much
 * of the gap lies between the groups, overlap included).
 *
 * From an `InequalityResult` (`inequalityByYear()`), from a `TheilByYearResult` alone (Theil only)
 * or with `{ dagum: dagumByYear(...) }`, or from plain records (fields named by options; the shares
 * must be fractions, as the results keep them).
 *
 * @example
 * cc.inequalityTrends(cc.inequalityByYear(cd, { group: cc.NBS_REGIONS }));
 * const th = cc.theilByYear(cd2, { group: cc.NBS_REGIONS });
 * cc.inequalityTrends(th, { dagum: cc.dagumByYear(cd2, { group: cc.NBS_REGIONS }) });
 */
export function inequalityTrends(data: InequalityResult | TheilByYearResult | readonly Row[], options: InequalityTrendsOptions = {}): Figure {
  const fn = "inequalityTrends";
  const src = readSource(fn, data);
  const timeF = timeField(src, options.time);
  const TF = options.T ?? "T";
  const GF = options.G ?? "G";
  const tsF = options.theilShare ?? "T_share_between";
  const dsF = options.dagumShare ?? "share_between";
  const dtF = options.dagumTransvariation ?? "share_transvariation";
  const weighted = (src.result as { weighted?: boolean } | undefined)?.weighted === true;
  // the records, with a Dagum result joined by time when given beside a Theil result
  let rows: Row[] = src.rows.map((r) => ({ ...r }));
  if (options.dagum !== undefined) {
    const d = readSource(`${fn} (dagum)`, options.dagum);
    const dTime = timeField(d, options.time);
    const df = new Fields(`${fn} (dagum)`, d.rows);
    const byTime = new Map(d.rows.map((r, i) => [df.num(i, dTime, "time"), r]));
    const f0 = new Fields(fn, src.rows);
    rows = rows.map((r, i) => {
      const t = f0.num(i, timeF, "time");
      const dr = byTime.get(t);
      if (!dr) throw new PlotInputError(`${fn}: the Dagum records have no ${dTime} = ${t} (times: ${[...byTime.keys()].join(", ")})`);
      return { ...r, [GF]: dr[GF], [dsF]: dr[dsF], [dtF]: dr[dtF] };
    });
  }
  const f = new Fields(fn, rows);
  const present = (field: string) => hasField(rows, field);
  if (!present(TF) && !present(GF)) {
    throw new PlotInputError(`${fn}: the records have neither "${TF}" nor "${GF}" (fields of record 1: ${fieldList(rows[0])}); name them with { T, G }`);
  }
  const share = (i: number, field: string): number | undefined => {
    const v = f.optNum(i, field);
    if (v !== undefined && (v < 0 || v > 1 + 1e-9)) {
      throw new PlotInputError(`${fn}: record ${i + 1} field "${field}" is ${v}: shares are read as fractions in [0, 1] (as the results keep them)`);
    }
    return v === undefined ? undefined : 100 * v;
  };
  const pts = rows
    .map((_, i) => ({
      t: f.num(i, timeF, "time"),
      T: present(TF) ? f.optNum(i, TF) : undefined,
      G: present(GF) ? f.optNum(i, GF) : undefined,
      ts: present(tsF) ? share(i, tsF) : undefined,
      ds: present(dsF) ? share(i, dsF) : undefined,
      dt: present(dtF) ? share(i, dtF) : undefined,
    }))
    .sort((a, b) => a.t - b.t);
  const series = (key: "T" | "G" | "ts" | "ds" | "dt") => pts.filter((p) => p[key] !== undefined);
  const traces: PlotTrace[] = [];
  const line = (name: string, key: "T" | "G" | "ts" | "ds" | "dt", color: string, axes: { x: string; y: string }, extra: Record<string, unknown> = {}, fmt = ".4f") => {
    const s = series(key);
    if (s.length === 0) return;
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: s.map((p) => p.t),
      y: s.map((p) => p[key]!),
      xaxis: axes.x,
      yaxis: axes.y,
      line: { color, width: 2, ...(extra.dash ? { dash: extra.dash } : {}) },
      marker: { color, size: 6, symbol: extra.symbol ?? "circle" },
      hovertemplate: `%{x}: %{y:${fmt}}<extra>${name}</extra>`,
    });
  };
  const theilName = weighted ? "泰尔指数 T (人口加权) / Theil T (population-weighted)" : "泰尔指数 T / Theil T";
  line(theilName, "T", THEIL_COLOR, { x: "x", y: "y" });
  line("基尼系数 G / Dagum Gini G", "G", DAGUM_COLOR, { x: "x", y: "y3" }, { symbol: "square" });
  line("泰尔组间占比 / Theil between share", "ts", THEIL_COLOR, { x: "x2", y: "y2" }, {}, ".1f");
  line("Dagum 组间净差异占比 / Dagum net between share", "ds", DAGUM_COLOR, { x: "x2", y: "y2" }, { symbol: "square" }, ".1f");
  if ((options.gross ?? true) && series("ds").length && series("dt").length) {
    const s = pts.filter((p) => p.ds !== undefined && p.dt !== undefined);
    const name = "Dagum 组间+超变 / Dagum between + transvariation";
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      x: s.map((p) => p.t),
      y: s.map((p) => p.ds! + p.dt!),
      xaxis: "x2",
      yaxis: "y2",
      line: { color: DAGUM_COLOR, width: 2, dash: "dash" },
      marker: { color: DAGUM_COLOR, size: 6, symbol: "square-open" },
      hovertemplate: `%{x}: %{y:.1f}<extra>${name}</extra>`,
    });
  }
  const times = pts.map((p) => p.t);
  const layout = baseLayout(options.title ?? "泰尔指数与达格姆基尼系数 / Theil and Dagum over time", options);
  const xTitle = bilingual("年份", "Year");
  layout.xaxis = cartesianAxis(xTitle, { domain: [0, 0.4], anchor: "y", ...integerTimeTicks(times) });
  layout.xaxis2 = cartesianAxis(xTitle, { domain: [0.6, 1], anchor: "y2", ...integerTimeTicks(times) });
  layout.yaxis = cartesianAxis(bilingual("泰尔指数 T", "Theil T"), { anchor: "x", tickformat: ".3f", color: THEIL_COLOR });
  layout.yaxis3 = cartesianAxis(bilingual("基尼系数 G", "Gini G"), { anchor: "x", overlaying: "y", side: "right", showgrid: false, tickformat: ".3f", color: DAGUM_COLOR });
  layout.yaxis2 = cartesianAxis(bilingual("组间差异占比 (%)", "Between-group share (%)"), { anchor: "x2", range: [0, 100] });
  const panelTitle = (x: number, text: string) => ({ xref: "paper", yref: "paper", x, xanchor: "center", y: 1, yanchor: "bottom", yshift: 6, showarrow: false, font: { size: 13 }, text });
  layout.annotations = [panelTitle(0.2, bilingual("总体差异", "overall inequality")), panelTitle(0.8, bilingual("组间差异占比", "between-group share"))];
  layout.legend = { ...topLegend({ y: 1.1 }), font: { size: 11 } };
  layout.margin = { l: 70, r: 30, t: 130, b: 60 };
  return { data: traces, layout };
}
