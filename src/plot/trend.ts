import type { GroupInfo, Row, SummaryResult } from "../frame/results";
import { applyOverlays, highlightSet, type OverlayOptions } from "./overlays";
import { Fields, fieldList, PlotInputError, readSource, resultValue, timeField } from "./records";
import { baseLayout, bilingual, cartesianAxis, isNational, REGION_ORDER, regionCode, seriesColor, seriesLabel, topLegend } from "./style";
import type { BaseFigureOptions, Figure, PlotTrace } from "./types";

export interface TrendOptions extends BaseFigureOptions, OverlayOptions {
  /** Field of the time (x axis). Summary result: its time key; plain records: required. */
  x?: string;
  /** Field of the value (y axis). Summary result: its value column; plain records: required. */
  y?: string;
  /** Field of the series id, one line per id. Summary result: "group"; plain records: none (one line). */
  series?: string;
  /**
   * Legend name of a series: a field of the records holding it, or a function of the series id.
   * Default: "group_zh group_en" of a summary ("东部 East"), the region or national label for
   * region codes and "all"/"nation", else the id (or, for one unnamed line, the y field).
   */
  seriesLabel?: string | ((id: string) => string | undefined);
  /** Y axis title (default "耦合协调度 D / Coupling coordination degree D"). */
  yTitle?: string;
  /** X axis title (default "年份 / Year"). */
  xTitle?: string;
  /** Order of the series in the legend (ids); default: national, east, central, west, northeast, then first appearance. */
  seriesOrder?: string[];
  /** Digits in hover labels (default 3). */
  digits?: number;
  /** Fixed y range, e.g. [0, 1]; default: Plotly's autorange. */
  yRange?: [number, number];
}

/**
 * Lines over time, one per series (paper 1 Figure 1: national and four regions; paper 2 Figure 1:
 * national mean D by year).
 *
 * From a `SummaryResult` (`summarize()`): x = its time key, y = its value column, one line per
 * `group`, named "group_zh group_en". From plain records: name the fields, e.g.
 * `trendFigure(rows, { x: "year", y: "D", series: "region" })`.
 *
 * Series whose id is an NBS region (code or name) take `REGION_COLORS`; the national series ("all"
 * in a summary, or "nation") is drawn thicker in near-black; other ids take the neutral palette.
 * Points are sorted by time within a series. Overlays: `bands`, `compare`, `highlight` (series
 * ids), `annotations`.
 *
 * @example
 * cc.trendFigure(cc.summarize(cd, { by: cc.NBS_REGIONS }), { bands: "levels" });
 * const published = cc.publishedRecords("zhang-ouyang-2025.table3").filter((r) => typeof r.year === "number");
 * cc.trendFigure(cc.summarize(cd).rows, { x: "year", y: "D", compare: { data: published, x: "year", y: "D", name: "论文 paper" } });
 */
export function trendFigure(data: SummaryResult | readonly Row[], options: TrendOptions = {}): Figure {
  const fn = "trendFigure";
  const src = readSource(fn, data);
  const isSummary = src.result?.kind === "summary";
  const x = options.x ?? (src.keys ? timeField(src, undefined) : undefined);
  const y = options.y ?? resultValue(src);
  if (x === undefined || y === undefined) {
    throw new PlotInputError(
      `${fn}: plain records need their field names: pass { x: "<time field>", y: "<value field>" } ` +
        `(and { series: "..." } for one line per id); the first record has fields: ${fieldList(src.rows[0])}`,
    );
  }
  const seriesField = options.series ?? (isSummary ? "group" : undefined);
  const digits = options.digits ?? 3;
  const f = new Fields(fn, src.rows);
  const groups = new Map<string, { name?: string; points: { t: number; v: number }[] }>();
  src.rows.forEach((r, i) => {
    const key = seriesField === undefined ? "" : f.id(i, seriesField, "series");
    const t = f.num(i, x, "x");
    const v = f.num(i, y, "y");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { points: [] }));
    if (g.name === undefined) g.name = nameFromRecord(r, key, seriesField, options.seriesLabel, src.result as SummaryResult | undefined);
    g.points.push({ t, v });
  });
  const keys = [...groups.keys()];
  const rank = (key: string): number => {
    if (options.seriesOrder) {
      const i = options.seriesOrder.indexOf(key);
      return i >= 0 ? i : options.seriesOrder.length + keys.indexOf(key);
    }
    if (isNational(key)) return 0;
    const r = regionCode(key);
    return r ? 1 + REGION_ORDER.indexOf(r) : 1 + REGION_ORDER.length + keys.indexOf(key);
  };
  keys.sort((a, b) => rank(a) - rank(b));
  const emphasised = highlightSet(fn, options.highlight, keys, "series");

  const times = new Set<number>();
  const allY: number[] = [];
  const data_: PlotTrace[] = keys.map((key, i) => {
    const g = groups.get(key)!;
    g.points.sort((a, b) => a.t - b.t);
    g.points.forEach((p) => {
      times.add(p.t);
      allY.push(p.v);
    });
    const color = seriesColor(key, i);
    const national = isNational(key);
    const on = emphasised.has(key);
    const dimmed = emphasised.size > 0 && !on;
    const name = g.name ?? (key === "" ? y : seriesLabel(key));
    return {
      type: "scatter",
      mode: "lines+markers",
      name,
      x: g.points.map((p) => p.t),
      y: g.points.map((p) => p.v),
      line: { color, width: (national ? 3 : 2) + (on ? 2 : 0) },
      marker: { color, size: (national ? 7 : 6) + (on ? 3 : 0), symbol: markerSymbol(key, i) },
      ...(dimmed ? { opacity: 0.35 } : {}),
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
  const figure = applyOverlays({ data: data_, layout }, options, { fn, mode: "lines+markers", yValues: allY });
  layout.legend = topLegend();
  layout.showlegend = figure.data.length > 1;
  if (figure.data.length <= 1) layout.margin = { l: 70, r: 30, t: 60, b: 60 };
  layout.hovermode = "x unified";
  return figure;
}

/** The legend name of a series from its first record (see `TrendOptions.seriesLabel`). */
function nameFromRecord(
  r: Row,
  key: string,
  seriesField: string | undefined,
  option: TrendOptions["seriesLabel"],
  summary: SummaryResult | undefined,
): string | undefined {
  if (typeof option === "function") return option(key) || undefined;
  if (typeof option === "string") {
    const v = r[option];
    return v === undefined || v === null || v === "" ? undefined : String(v);
  }
  if (seriesField === "group") {
    const zh = typeof r.group_zh === "string" ? r.group_zh : "";
    const en = typeof r.group_en === "string" ? r.group_en : "";
    // a plain group column has the same text as both names: show it once
    const both = (a: string, b: string) => [...new Set([a, b].filter(Boolean))].join(" ");
    if (zh || en) return both(zh, en);
    const info: GroupInfo | undefined = summary?.groups?.find((g) => g.id === key);
    if (info) return both(info.zh, info.en);
  }
  return undefined;
}

const SYMBOLS: Record<string, string> = {
  national: "circle",
  east: "square",
  central: "diamond",
  west: "triangle-up",
  northeast: "x",
};
function markerSymbol(key: string, i: number): string {
  const canonical = isNational(key) ? "national" : regionCode(key);
  return (canonical && SYMBOLS[canonical]) || ["circle", "square", "diamond", "triangle-up", "x", "cross", "star"][i % 7];
}
