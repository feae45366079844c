import type { BaseFigureOptions, Figure, PlotTrace } from "./types";
import {
  baseLayout,
  bilingual,
  cartesianAxis,
  LISA_COLORS,
  LISA_LABELS,
  LISA_ORDER,
  normalizeLisaCluster,
  requireFinite,
  topLegend,
  type LisaCluster,
} from "./style";
import { provinceShortName } from "./provinces";

/** Global Moran's I for one period. */
export interface MoranTrendRow {
  time: number;
  I: number;
  /** p-value of the test the study reports (say which in the caption). */
  p: number;
  /** Expectation -1/(n-1); drawn as a dashed line when given. */
  EI?: number;
  /** z-score, shown on hover when given. */
  z?: number;
}

export interface MoranTrendOptions extends BaseFigureOptions {
  /** Significance level (default 0.05): markers are filled where p <= alpha, hollow otherwise. */
  alpha?: number;
}

const MORAN_COLOR = "#b2182b";
const EI_COLOR = "#666666";

/**
 * Global Moran's I over time with significance marks (paper 2, Figure 2): a line of I, filled
 * markers where p <= alpha and hollow markers otherwise (two legend entries say which), and a
 * dashed line at E[I] = -1/(n-1).
 */
export function moranTrend(rows: readonly MoranTrendRow[], options: MoranTrendOptions = {}): Figure {
  const alpha = options.alpha ?? 0.05;
  const pts = rows
    .map((r, i) => ({
      t: requireFinite(r.time, `moranTrend: row ${i} time`),
      I: requireFinite(r.I, `moranTrend: row ${i} (time ${r.time}) I`),
      p: requireFinite(r.p, `moranTrend: row ${i} (time ${r.time}) p`),
      EI: r.EI === undefined ? undefined : requireFinite(r.EI, `moranTrend: row ${i} (time ${r.time}) EI`),
      z: r.z,
    }))
    .sort((a, b) => a.t - b.t);
  const custom = (ps: typeof pts) => ps.map((q) => [q.p, q.z ?? NaN]);
  const hover = `%{x}: I = %{y:.4f}<br>p = %{customdata[0]:.4f}<extra></extra>`;
  const sig = pts.filter((q) => q.p <= alpha);
  const ns = pts.filter((q) => q.p > alpha);
  const data: PlotTrace[] = [
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
    data.push({
      type: "scatter",
      mode: "markers",
      name: `显著 p ≤ ${alpha} / significant`,
      x: sig.map((q) => q.t),
      y: sig.map((q) => q.I),
      customdata: custom(sig),
      marker: { symbol: "circle", size: 10, color: MORAN_COLOR, line: { color: MORAN_COLOR, width: 2 } },
      hovertemplate: hover,
    });
  }
  if (ns.length > 0) {
    data.push({
      type: "scatter",
      mode: "markers",
      name: `不显著 p > ${alpha} / not significant`,
      x: ns.map((q) => q.t),
      y: ns.map((q) => q.I),
      customdata: custom(ns),
      marker: { symbol: "circle-open", size: 10, color: MORAN_COLOR, line: { color: MORAN_COLOR, width: 2 } },
      hovertemplate: hover,
    });
  }
  const withEI = pts.filter((q) => q.EI !== undefined);
  if (withEI.length > 0) {
    data.push({
      type: "scatter",
      mode: "lines",
      name: "E[I] = −1/(n−1)",
      x: withEI.map((q) => q.t),
      y: withEI.map((q) => q.EI!),
      line: { color: EI_COLOR, width: 1.5, dash: "dash" },
      hovertemplate: "%{x}: E[I] = %{y:.4f}<extra></extra>",
    });
  }
  const layout = baseLayout(options.title ?? "全局莫兰指数 / Global Moran's I", options);
  const times = pts.map((q) => q.t);
  const integerTicks = times.length <= 20 && times.every(Number.isInteger);
  layout.xaxis = cartesianAxis(bilingual("年份", "Year"), integerTicks ? { tickmode: "array", tickvals: times } : {});
  layout.yaxis = cartesianAxis(bilingual("莫兰指数 I", "Moran's I"), { zeroline: true, zerolinecolor: "#bbbbbb" });
  layout.legend = topLegend();
  return { data, layout };
}

/** One province in the Moran scatter plot: x = z (standardised value), y = lag (W z). */
export interface MoranScatterPoint {
  unit: string;
  name?: string;
  z: number;
  lag: number;
  /** LISA cluster (used when `colorBy` is "cluster"): "HH", "LL", "LH", "HL", "not significant", "isolated", or GeoDa codes. */
  cluster?: string | number;
}

export interface MoranScatterOptions extends BaseFigureOptions {
  /** Global Moran's I (the fitted line's slope); default: the OLS slope through the origin, sum(z lag)/sum(z^2). */
  I?: number;
  /** Colour points by scatter quadrant (default) or by LISA cluster (significant quadrants only). */
  colorBy?: "quadrant" | "cluster";
  /** Write province names beside the points (default true). */
  labels?: boolean;
  /** Axis titles; default "标准化值 z / Standardised value z" and "空间滞后 Wz / Spatial lag Wz". */
  xTitle?: string;
  yTitle?: string;
}

function quadrantOf(z: number, lag: number): LisaCluster {
  if (z >= 0) return lag >= 0 ? "HH" : "HL";
  return lag >= 0 ? "LH" : "LL";
}

/**
 * Moran scatter plot (paper 2, Figure 3): x = z, y = W z, dashed quadrant lines at 0, the fitted
 * line through the origin with slope I, points coloured with `LISA_COLORS` by quadrant (or by
 * LISA cluster), province short names as text, equal scales on both axes.
 */
export function moranScatter(points: readonly MoranScatterPoint[], options: MoranScatterOptions = {}): Figure {
  const colorBy = options.colorBy ?? "quadrant";
  const pts = points.map((p, i) => {
    const unit = String(p.unit);
    const z = requireFinite(p.z, `moranScatter: point ${i} (unit ${unit}) z`);
    const lag = requireFinite(p.lag, `moranScatter: point ${i} (unit ${unit}) lag`);
    let cat: LisaCluster;
    if (colorBy === "cluster") {
      if (p.cluster === undefined) throw new Error(`moranScatter: colorBy "cluster" but point ${i} (unit ${unit}) has no cluster`);
      cat = normalizeLisaCluster(p.cluster);
    } else {
      cat = quadrantOf(z, lag);
    }
    return { unit, name: p.name ?? provinceShortName(unit) ?? unit, z, lag, cat };
  });
  let slope = options.I;
  if (slope === undefined) {
    let num = 0;
    let den = 0;
    for (const p of pts) {
      num += p.z * p.lag;
      den += p.z * p.z;
    }
    slope = den > 0 ? num / den : 0;
  }
  requireFinite(slope, "moranScatter: I");
  const m = Math.max(1, ...pts.map((p) => Math.abs(p.z)), ...pts.map((p) => Math.abs(p.lag))) * 1.12;
  const showText = options.labels ?? true;

  const positions = showText ? placeLabels(pts.map((p) => ({ x: p.z, y: p.lag, text: p.name })), m) : [];
  const data: PlotTrace[] = [];
  for (const cat of LISA_ORDER) {
    const idx = pts.map((p, i) => (p.cat === cat ? i : -1)).filter((i) => i >= 0);
    const group = idx.map((i) => pts[i]);
    if (group.length === 0) continue;
    const label = LISA_LABELS[cat];
    data.push({
      type: "scatter",
      mode: showText ? "markers+text" : "markers",
      name: label,
      x: group.map((p) => p.z),
      y: group.map((p) => p.lag),
      text: group.map((p) => p.name),
      textposition: showText ? idx.map((i) => positions[i]) : "top center",
      textfont: { size: 10, color: "#444444" },
      marker: { size: 9, color: LISA_COLORS[cat], line: { color: "#555555", width: 0.8 } },
      hovertemplate: "%{text}<br>z = %{x:.3f}<br>Wz = %{y:.3f}<extra>" + label + "</extra>",
    });
  }
  data.push({
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
  const corner = (x: number, y: number, text: string, xa: string, ya: string) => ({
    xref: "x",
    yref: "y",
    x,
    y,
    text,
    showarrow: false,
    xanchor: xa,
    yanchor: ya,
    font: { size: 12, color: "#777777" },
  });
  layout.annotations = [
    corner(m, m, "HH 高-高", "right", "top"),
    corner(-m, m, "LH 低-高", "left", "top"),
    corner(-m, -m, "LL 低-低", "left", "bottom"),
    corner(m, -m, "HL 高-低", "right", "bottom"),
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
  return { data, layout };
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
