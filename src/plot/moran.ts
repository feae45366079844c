import type { LisaResult, MoranResult, Row } from "../frame/results";
import type { LisaCluster, Quadrant } from "../core/lisa";
import { LISA_CLUSTERS } from "../core/lisa";
import { applyOverlays, highlightSet, type OverlayOptions } from "./overlays";
import { defaultLabel, Fields, hasField, PlotInputError, readSource, show, timeField, unitField } from "./records";
import { baseLayout, bilingual, cartesianAxis, LISA_COLORS, LISA_LABELS, LISA_ORDER, readCluster, requireFinite, topLegend } from "./style";
import type { BaseFigureOptions, Figure, PlotTrace } from "./types";
import { provinceShortName } from "./provinces";

export interface MoranTrendOptions extends BaseFigureOptions, OverlayOptions {
  /** Field of the time (Moran result: its time key; plain records: "year"). */
  time?: string;
  /** Field of Moran's I (default "I"). */
  I?: string;
  /**
   * Field of the p-value that marks significance (Moran result: "p_rand", the randomisation
   * assumption; name "p_norm" or "p_sim" for the others; plain records: "p").
   */
  p?: string;
  /** Field of E[I] = -1/(n-1), drawn dashed (default "EI", when the records carry it). */
  EI?: string;
  /** Field of the z-score kept with each point (Moran result: "z_rand"; plain records: "z", when present). */
  z?: string;
  /** Significance level (default 0.05): markers are filled where p <= alpha, hollow otherwise. */
  alpha?: number;
}

const MORAN_COLOR = "#b2182b";
const EI_COLOR = "#666666";

/**
 * Global Moran's I over time with significance marks (paper 2, Figure 2): a line of I, filled
 * markers where p <= alpha and hollow markers otherwise (two legend entries say which), and a
 * dashed line at E[I] = -1/(n-1).
 *
 * From a `MoranResult` (`moranByYear()`): x = its time key, I, p = p_rand (say `{ p: "p_sim" }`
 * for the permutation test), EI. From plain records: fields "year", "I", "p", "EI", "z" unless
 * named. Overlays: `bands`, `compare` (e.g. another panel's I), `highlight` (times: ringed),
 * `annotations`.
 *
 * @example
 * moranTrend(moranByYear(cd, w), { p: "p_sim", bands: [{ from: 0.1, to: 0.26, label: "论文 paper" }] });
 */
export function moranTrend(data: MoranResult | readonly Row[], options: MoranTrendOptions = {}): Figure {
  const fn = "moranTrend";
  const src = readSource(fn, data);
  const isMoran = src.result?.kind === "moran";
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new PlotInputError(`${fn}: alpha must be in (0, 1), got ${show(alpha)}`);
  const timeF = timeField(src, options.time);
  const IF = options.I ?? "I";
  const pF = options.p ?? (isMoran ? "p_rand" : "p");
  const EIF = options.EI ?? "EI";
  const zF = options.z ?? (isMoran ? "z_rand" : "z");
  const withEI = options.EI !== undefined || hasField(src.rows, EIF);
  const withZ = options.z !== undefined || hasField(src.rows, zF);
  const f = new Fields(fn, src.rows);
  const pts = src.rows
    .map((_, i) => ({
      t: f.num(i, timeF, "time"),
      I: f.num(i, IF, "I"),
      p: f.num(i, pF, "p"),
      EI: !withEI ? undefined : options.EI !== undefined ? f.num(i, EIF, "EI") : f.optNum(i, EIF),
      z: !withZ ? undefined : options.z !== undefined ? f.num(i, zF, "z") : f.optNum(i, zF),
    }))
    .sort((a, b) => a.t - b.t);
  const emphasised = highlightSet(fn, options.highlight, pts.map((q) => String(q.t)), "time");
  const custom = (ps: typeof pts) => ps.map((q) => [q.p, q.z ?? NaN]);
  const hover = `%{x}: I = %{y:.4f}<br>p = %{customdata[0]:.4f}<extra></extra>`;
  const sig = pts.filter((q) => q.p <= alpha);
  const ns = pts.filter((q) => q.p > alpha);
  const data_: PlotTrace[] = [
    {
      type: "scatter",
      mode: "lines",
      name: "Moran's I",
      x: pts.map((q) => q.t),
      y: pts.map((q) => q.I),
      line: { color: MORAN_COLOR, width: 2 },
      hoverinfo: "skip",
    },
  ];
  if (sig.length > 0) {
    data_.push({
      type: "scatter",
      mode: "markers",
      name: `显著 ${pF} ≤ ${alpha} / significant`,
      x: sig.map((q) => q.t),
      y: sig.map((q) => q.I),
      customdata: custom(sig),
      marker: { symbol: "circle", size: 10, color: MORAN_COLOR, line: { color: MORAN_COLOR, width: 2 } },
      hovertemplate: hover,
    });
  }
  if (ns.length > 0) {
    data_.push({
      type: "scatter",
      mode: "markers",
      name: `不显著 ${pF} > ${alpha} / not significant`,
      x: ns.map((q) => q.t),
      y: ns.map((q) => q.I),
      customdata: custom(ns),
      marker: { symbol: "circle-open", size: 10, color: MORAN_COLOR, line: { color: MORAN_COLOR, width: 2 } },
      hovertemplate: hover,
    });
  }
  const eiPts = pts.filter((q) => q.EI !== undefined);
  if (eiPts.length > 0) {
    data_.push({
      type: "scatter",
      mode: "lines",
      name: "E[I] = −1/(n−1)",
      x: eiPts.map((q) => q.t),
      y: eiPts.map((q) => q.EI!),
      line: { color: EI_COLOR, width: 1.5, dash: "dash" },
      hovertemplate: "%{x}: E[I] = %{y:.4f}<extra></extra>",
    });
  }
  if (emphasised.size > 0) {
    const hl = pts.filter((q) => emphasised.has(String(q.t)));
    data_.push({
      type: "scatter",
      mode: "markers",
      name: "",
      showlegend: false,
      hoverinfo: "skip",
      x: hl.map((q) => q.t),
      y: hl.map((q) => q.I),
      marker: { symbol: "circle-open", size: 18, color: "#111111", line: { color: "#111111", width: 2 } },
    });
  }
  const layout = baseLayout(options.title ?? "全局莫兰指数 / Global Moran's I", options);
  const times = pts.map((q) => q.t);
  const integerTicks = times.length <= 20 && times.every(Number.isInteger);
  layout.xaxis = cartesianAxis(bilingual("年份", "Year"), integerTicks ? { tickmode: "array", tickvals: times } : {});
  layout.yaxis = cartesianAxis(bilingual("莫兰指数 I", "Moran's I"), { zeroline: true, zerolinecolor: "#bbbbbb" });
  layout.legend = topLegend();
  return applyOverlays({ data: data_, layout }, options, { fn, mode: "lines+markers", yValues: pts.map((q) => q.I) });
}

export interface MoranScatterOptions extends BaseFigureOptions, OverlayOptions {
  /** Field of the unit id (LISA result: its unit key; plain records: "adcode"). */
  unit?: string;
  /** Field of the point label (result: its label key; plain records: "province" when present; else a province's short name or the id). */
  label?: string;
  /** Field of the standardised value z (default "z"). */
  z?: string;
  /** Field of the spatial lag Wz (default "lag"). */
  lag?: string;
  /** Field of the scatter quadrant as the core decided it (default "quadrant"; read with `colorBy: "quadrant"`). */
  quadrant?: string;
  /** Field of the LISA cluster (default "cluster"; read with `colorBy: "cluster"`). */
  cluster?: string;
  /**
   * Global Moran's I, the fitted line's slope: a LISA result's `I`; for plain records this
   * option, else the OLS slope through the origin, sum(z lag)/sum(z^2) (equal to I for
   * row-standardised weights).
   */
  I?: number;
  /** Colour points by scatter quadrant (default) or by LISA cluster (significant quadrants only). */
  colorBy?: "quadrant" | "cluster";
  /** Write the labels beside the points (default true). */
  labels?: boolean;
  /** Axis titles; default "标准化值 z / Standardised value z" and "空间滞后 Wz / Spatial lag Wz". */
  xTitle?: string;
  yTitle?: string;
}

const QUADRANTS: readonly Quadrant[] = ["HH", "LH", "LL", "HL"];

/**
 * Moran scatter plot (paper 2, Figure 3): x = z, y = W z, dashed quadrant lines at 0, the fitted
 * line through the origin with slope I, points coloured with `LISA_COLORS` by their quadrant (or
 * LISA cluster) as the records carry it (the core's, never recomputed here: a unit with lag
 * exactly 0 is where `localMoran` put it), labels beside the points, equal scales on both axes.
 *
 * From a `LisaResult` (`lisa()`): unit and label from its keys, z, lag, quadrant, cluster, and
 * the slope `result.I`. From plain records: name the fields (records need a quadrant field, or
 * `colorBy: "cluster"` and a cluster field). Overlays: `bands`, `compare` (points), `highlight`
 * (unit ids: larger outlined points, bold labels), `annotations`.
 *
 * @example
 * moranScatter(lisa(cd, provinceWeights(), { year: 2019 }), { highlight: ["310000"] });
 */
export function moranScatter(data: LisaResult | readonly Row[], options: MoranScatterOptions = {}): Figure {
  const fn = "moranScatter";
  const src = readSource(fn, data);
  const colorBy = options.colorBy ?? "quadrant";
  if (colorBy !== "quadrant" && colorBy !== "cluster") {
    throw new PlotInputError(`${fn}: colorBy must be "quadrant" or "cluster", got ${show(colorBy)}`);
  }
  const unitF = unitField(src, options.unit);
  const labelF = defaultLabel(src, options.label);
  const zF = options.z ?? "z";
  const lagF = options.lag ?? "lag";
  const quadF = options.quadrant ?? "quadrant";
  const clusterF = options.cluster ?? "cluster";
  const f = new Fields(fn, src.rows);
  const pts = src.rows.map((r, i) => {
    const unit = f.id(i, unitF, "unit");
    const z = f.num(i, zF, "z");
    const lag = f.num(i, lagF, "lag");
    let cat: LisaCluster;
    if (colorBy === "cluster") {
      cat = readCluster(fn, f, i, clusterF);
    } else {
      if (r[quadF] === undefined || r[quadF] === null) {
        throw new PlotInputError(
          `${fn}: record ${i + 1} has no quadrant in field "${quadF}": pass the LISA result (its records carry the core's quadrant), ` +
            `add a quadrant field (HH, LH, LL, HL) or name it with { quadrant: "..." }, or colour by { colorBy: "cluster" }`,
        );
      }
      const q = r[quadF];
      if (typeof q !== "string" || !(QUADRANTS as readonly string[]).includes(q)) {
        throw new PlotInputError(`${fn}: record ${i + 1} field "${quadF}" is ${show(q)}, expected a quadrant HH, LH, LL or HL`);
      }
      cat = q as Quadrant;
    }
    return { unit, name: f.text(i, labelF) ?? provinceShortName(unit) ?? unit, z, lag, cat };
  });
  const resultI = src.result?.kind === "lisa" ? (src.result as LisaResult).I : undefined;
  let slope = options.I ?? resultI;
  if (slope === undefined) {
    let num = 0;
    let den = 0;
    for (const p of pts) {
      num += p.z * p.lag;
      den += p.z * p.z;
    }
    slope = den > 0 ? num / den : 0;
  }
  requireFinite(slope, `${fn}: I`);
  const emphasised = highlightSet(fn, options.highlight, pts.map((p) => p.unit), "unit");
  const m = Math.max(1, ...pts.map((p) => Math.abs(p.z)), ...pts.map((p) => Math.abs(p.lag))) * 1.12;
  const showText = options.labels ?? true;

  const positions = showText ? placeLabels(pts.map((p) => ({ x: p.z, y: p.lag, text: p.name })), m) : [];
  const data_: PlotTrace[] = [];
  for (const cat of LISA_ORDER) {
    const idx = pts.map((p, i) => (p.cat === cat ? i : -1)).filter((i) => i >= 0);
    const group = idx.map((i) => pts[i]);
    if (group.length === 0) continue;
    const label = LISA_LABELS[cat];
    const on = group.map((p) => emphasised.has(p.unit));
    data_.push({
      type: "scatter",
      mode: showText ? "markers+text" : "markers",
      name: label,
      legendgroup: cat,
      x: group.map((p) => p.z),
      y: group.map((p) => p.lag),
      text: group.map((p, k) => (on[k] ? `<b>${p.name}</b>` : p.name)),
      textposition: showText ? idx.map((i) => positions[i]) : "top center",
      textfont: { size: 10, color: "#444444" },
      marker: {
        size: emphasised.size > 0 ? on.map((h) => (h ? 13 : 9)) : 9,
        color: LISA_COLORS[cat],
        line: emphasised.size > 0 ? { color: on.map((h) => (h ? "#111111" : "#555555")), width: on.map((h) => (h ? 2.5 : 0.8)) } : { color: "#555555", width: 0.8 },
      },
      hovertemplate: "%{text}<br>z = %{x:.3f}<br>Wz = %{y:.3f}<extra>" + label + "</extra>",
    });
  }
  data_.push({
    type: "scatter",
    mode: "lines",
    name: `拟合线 / fit: slope I = ${slope.toFixed(3)}`,
    x: [-m, m],
    y: [-m * slope, m * slope],
    line: { color: "#333333", width: 1.5 },
    hoverinfo: "skip",
  });

  const layout = baseLayout(options.title ?? "莫兰散点图 / Moran scatter plot", options);
  const step = niceStep(m);
  const ticks = { tickmode: "linear", tick0: 0, dtick: step };
  layout.xaxis = cartesianAxis(options.xTitle ?? bilingual("标准化值 z", "Standardised value z"), {
    ...ticks,
    range: [-m, m],
    zeroline: false,
    constrain: "domain",
  });
  layout.yaxis = cartesianAxis(options.yTitle ?? bilingual("空间滞后 Wz", "Spatial lag Wz"), {
    ...ticks,
    range: [-m, m],
    zeroline: false,
    scaleanchor: "x",
    scaleratio: 1,
    constrain: "domain",
  });
  const dashed = { color: "#888888", width: 1, dash: "dash" };
  layout.shapes = [
    { type: "line", xref: "x", yref: "y", x0: 0, x1: 0, y0: -m, y1: m, line: dashed, layer: "below" },
    { type: "line", xref: "x", yref: "y", x0: -m, x1: m, y0: 0, y1: 0, line: dashed, layer: "below" },
  ];
  const corner = (q: Quadrant, x: number, y: number, xa: string, ya: string) => ({
    xref: "x",
    yref: "y",
    x,
    y,
    text: `${q} ${LISA_CLUSTERS.find((c) => c.code === q)!.zh}`,
    showarrow: false,
    xanchor: xa,
    yanchor: ya,
    font: { size: 12, color: "#777777" },
  });
  layout.annotations = [
    corner("HH", m, m, "right", "top"),
    corner("LH", -m, m, "left", "top"),
    corner("LL", -m, -m, "left", "bottom"),
    corner("HL", m, -m, "right", "bottom"),
  ];
  layout.legend = {
    x: 1.02,
    xanchor: "left",
    y: 1,
    yanchor: "top",
    font: { size: 12 },
    title: { text: colorBy === "quadrant" ? "象限 Quadrant" : "LISA 集聚 Cluster" },
  };
  layout.margin = { l: 70, r: 20, t: 70, b: 60 };
  return applyOverlays({ data: data_, layout }, options, { fn, mode: "markers", yValues: pts.map((p) => p.lag) });
}

/** A round tick step giving 3 to 6 ticks on each side of 0 up to m. */
function niceStep(m: number): number {
  for (const s of [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10]) if (m / s <= 5) return s;
  return Math.pow(10, Math.ceil(Math.log10(m / 5)));
}

type Box = [number, number, number, number]; // x0, y0, x1, y1 in pixels (y up)

const CANDIDATES: [string, (x: number, y: number, w: number, h: number) => Box][] = [
  ["top center", (x, y, w, h) => [x - w / 2, y + 6, x + w / 2, y + 6 + h]],
  ["bottom center", (x, y, w, h) => [x - w / 2, y - 6 - h, x + w / 2, y - 6]],
  ["middle right", (x, y, w, h) => [x + 7, y - h / 2, x + 7 + w, y + h / 2]],
  ["middle left", (x, y, w, h) => [x - 7 - w, y - h / 2, x - 7, y + h / 2]],
  ["top right", (x, y, w, h) => [x + 3, y + 4, x + 3 + w, y + 4 + h]],
  ["top left", (x, y, w, h) => [x - 3 - w, y + 4, x - 3, y + 4 + h]],
  ["bottom right", (x, y, w, h) => [x + 3, y - 4 - h, x + 3 + w, y - 4]],
  ["bottom left", (x, y, w, h) => [x - 3 - w, y - 4 - h, x - 3, y - 4]],
];

function overlap(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Greedy label placement for the scatter's province names: each label takes the first of eight
 * positions around its point that hits no marker and no label placed before it (crowded points
 * first), else the position with the least overlap. Pixels are estimated for a ~520 px square plot.
 */
function placeLabels(points: { x: number; y: number; text: string }[], m: number): string[] {
  const size = 520;
  const px = points.map((p) => ({ x: ((p.x + m) / (2 * m)) * size, y: ((p.y + m) / (2 * m)) * size, text: p.text }));
  const markers: Box[] = px.map((p) => [p.x - 5, p.y - 5, p.x + 5, p.y + 5]);
  const crowd = px.map((p) => px.filter((q) => Math.hypot(p.x - q.x, p.y - q.y) < 40).length);
  const order = px.map((_, i) => i).sort((a, b) => crowd[b] - crowd[a] || a - b);
  const placed: Box[] = [];
  const result: string[] = new Array(points.length).fill("top center");
  for (const i of order) {
    const p = px[i];
    const w = [...p.text].reduce((s, ch) => s + (ch.charCodeAt(0) > 255 ? 10 : 6), 0);
    const h = 12;
    let best = 0;
    let bestCost = Infinity;
    CANDIDATES.forEach(([, box], k) => {
      const b = box(p.x, p.y, w, h);
      let cost = 0;
      for (const q of placed) cost += overlap(b, q);
      markers.forEach((q, j) => {
        if (j !== i) cost += overlap(b, q);
      });
      if (b[0] < 0 || b[2] > size || b[1] < 0 || b[3] > size) cost += 50;
      if (cost < bestCost - 1e-9) {
        bestCost = cost;
        best = k;
      }
    });
    result[i] = CANDIDATES[best][0];
    placed.push(CANDIDATES[best][1](p.x, p.y, w, h));
  }
  return result;
}
