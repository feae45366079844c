import type { BaseFigureOptions, Figure, PlotTrace } from "./types";
import { baseLayout, bilingual, cartesianAxis, REGION_ORDER, requireFinite, seriesColor, seriesLabel, topLegend } from "./style";

/** One point of a time series: `series` is the line's key ("nation", a region code, or any name). */
export interface TrendRow {
  series: string;
  /** Legend label; defaults to the bilingual region label for region codes, else the key. */
  name?: string;
  time: number;
  value: number;
}

export interface TrendOptions extends BaseFigureOptions {
  /** Y axis title (default "耦合协调度 D / Coupling coordination degree D"). */
  yTitle?: string;
  /** X axis title (default "年份 / Year"). */
  xTitle?: string;
  /** Order of the series in the legend; default: nation, east, central, west, northeast, then first appearance. */
  seriesOrder?: string[];
  /** Digits in hover labels (default 3). */
  digits?: number;
  /** Fixed y range, e.g. [0, 1]; default: Plotly's autorange. */
  yRange?: [number, number];
}

/**
 * Lines over time, one per series (paper 1 Figure 1: national and four regions; paper 2 Figure 1:
 * national mean D by year). Region series take `REGION_COLORS`; "nation" is drawn thicker in
 * near-black. Points are sorted by time within a series.
 */
export function trendFigure(rows: readonly TrendRow[], options: TrendOptions = {}): Figure {
  const digits = options.digits ?? 3;
  const groups = new Map<string, { name?: string; points: { t: number; v: number }[] }>();
  rows.forEach((r, i) => {
    const t = requireFinite(r.time, `trendFigure: row ${i} (series "${r.series}") time`);
    const v = requireFinite(r.value, `trendFigure: row ${i} (series "${r.series}", time ${r.time}) value`);
    let g = groups.get(r.series);
    if (!g) groups.set(r.series, (g = { name: r.name, points: [] }));
    if (g.name === undefined && r.name !== undefined) g.name = r.name;
    g.points.push({ t, v });
  });
  const defaultOrder = ["nation", ...REGION_ORDER];
  const keys = [...groups.keys()];
  const order = options.seriesOrder ?? defaultOrder;
  keys.sort((a, b) => rank(order, a, keys) - rank(order, b, keys));

  const times = new Set<number>();
  const data: PlotTrace[] = keys.map((key, i) => {
    const g = groups.get(key)!;
    g.points.sort((a, b) => a.t - b.t);
    g.points.forEach((p) => times.add(p.t));
    const color = seriesColor(key, i);
    const isNation = key === "nation";
    return {
      type: "scatter",
      mode: "lines+markers",
      name: seriesLabel(key, g.name),
      x: g.points.map((p) => p.t),
      y: g.points.map((p) => p.v),
      line: { color, width: isNation ? 3 : 2 },
      marker: { color, size: isNation ? 7 : 6, symbol: markerSymbol(key, i) },
      hovertemplate: `%{fullData.name}<br>%{x}: %{y:.${digits}f}<extra></extra>`,
    };
  });

  const layout = baseLayout(options.title ?? "耦合协调度 / Coupling coordination degree", options);
  const sortedTimes = [...times].sort((a, b) => a - b);
  layout.xaxis = cartesianAxis(options.xTitle ?? bilingual("年份", "Year"), {
    tickmode: sortedTimes.length <= 20 && sortedTimes.every(Number.isInteger) ? "array" : "auto",
    tickvals: sortedTimes.length <= 20 && sortedTimes.every(Number.isInteger) ? sortedTimes : undefined,
  });
  layout.yaxis = cartesianAxis(options.yTitle ?? bilingual("耦合协调度 D", "Coupling coordination degree D"), {
    tickformat: `.${Math.min(digits, 2)}f`,
    ...(options.yRange ? { range: options.yRange, autorange: false } : {}),
  });
  layout.legend = topLegend();
  layout.showlegend = data.length > 1;
  if (data.length <= 1) layout.margin = { l: 70, r: 30, t: 60, b: 60 };
  layout.hovermode = "x unified";
  return { data, layout };
}

function rank(order: readonly string[], key: string, keys: string[]): number {
  const i = order.indexOf(key);
  return i >= 0 ? i : order.length + keys.indexOf(key);
}

const SYMBOLS: Record<string, string> = {
  nation: "circle",
  east: "square",
  central: "diamond",
  west: "triangle-up",
  northeast: "x",
};
function markerSymbol(key: string, i: number): string {
  return SYMBOLS[key] ?? ["circle", "square", "diamond", "triangle-up", "x", "cross", "star"][i % 7];
}
