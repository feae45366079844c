import type { DagumResult, Row } from "../frame/results";
import { applyOverlays, type OverlayOptions } from "./overlays";
import { Fields, hasField, PlotInputError, readSource, timeField } from "./records";
import { baseLayout, bilingual, cartesianAxis, topLegend } from "./style";
import type { BaseFigureOptions, Figure, PlotTrace } from "./types";

export interface GiniContributionsOptions extends BaseFigureOptions, Pick<OverlayOptions, "bands" | "annotations"> {
  /** Field of the time (Dagum result: its time key; plain records: "year"). */
  time?: string;
  /** Field of the within-group part (Dagum result: "share_within"; plain records: "within"). */
  within?: string;
  /** Field of the net between-group part (Dagum result: "share_between"; plain records: "between"). */
  between?: string;
  /** Field of the transvariation intensity (Dagum result: "share_transvariation"; plain records: "transvariation"). */
  transvariation?: string;
  /** Field of the overall Gini G, drawn on a secondary axis (default "G", when the records carry it). */
  G?: string;
  /** Draw the overall G on a secondary axis when the records carry it (default true). */
  showG?: boolean;
  /** Digits of the percentage labels inside the bars (default 1; `null` hides the labels). */
  digits?: number | null;
}

/** Colours of the three parts (distinct from the region colours). */
export const GINI_PART_COLORS = { within: "#8da0cb", between: "#fc8d62", transvariation: "#66c2a5", G: "#222222" } as const;

/**
 * Dagum Gini decomposition over time (paper 1, Table 7): stacked bars of the contributions of
 * the within-region gap, the net between-region gap and the transvariation intensity (in %, per
 * year summing to 100), optionally with the overall G as a line on a secondary axis.
 *
 * From a `DagumResult` (`dagumByYear()`): its time key and the shares `share_within`,
 * `share_between`, `share_transvariation` (fractions) and G. Each part is divided by the sum of
 * the three and multiplied by 100 for display only, so shares, percentages or the absolute parts
 * G_w, G_nb, G_t (plain records: "within", "between", "transvariation") give the same bars.
 * Overlays: `bands` (on the percent axis), `annotations` (x is the year as text, e.g. "2015").
 *
 * @example
 * const t7 = cc.dagumByYear(cd, { group: cc.NBS_REGIONS });
 * cc.giniContributions(t7);
 * cc.giniContributions(t7.rows, { time: "year", within: "share_within", between: "share_between", transvariation: "share_transvariation" });
 */
export function giniContributions(data: DagumResult | readonly Row[], options: GiniContributionsOptions = {}): Figure {
  const fn = "giniContributions";
  const src = readSource(fn, data);
  const isDagum = src.result?.kind === "dagum";
  const digits = options.digits === undefined ? 1 : options.digits;
  const timeF = timeField(src, options.time);
  const wF = options.within ?? (isDagum ? "share_within" : "within");
  const bF = options.between ?? (isDagum ? "share_between" : "between");
  const tF = options.transvariation ?? (isDagum ? "share_transvariation" : "transvariation");
  const GF = options.G ?? "G";
  const withG = options.G !== undefined || hasField(src.rows, GF);
  const f = new Fields(fn, src.rows);
  const pts = src.rows
    .map((_, i) => {
      const t = f.num(i, timeF, "time");
      const w = f.num(i, wF, "within");
      const b = f.num(i, bF, "between");
      const tv = f.num(i, tF, "transvariation");
      if (w < 0 || b < 0 || tv < 0) {
        throw new PlotInputError(`${fn}: record ${i + 1} (${timeF} ${t}) has a negative part: ${wF} = ${w}, ${bF} = ${b}, ${tF} = ${tv}`);
      }
      const sum = w + b + tv;
      if (!(sum > 0)) throw new PlotInputError(`${fn}: record ${i + 1} (${timeF} ${t}): the three parts sum to ${sum}, expected > 0`);
      const G = !withG ? undefined : options.G !== undefined ? f.num(i, GF, "G") : f.optNum(i, GF);
      // shares of the total, in percent for display only
      return { t, w: (100 * w) / sum, b: (100 * b) / sum, tv: (100 * tv) / sum, G };
    })
    .sort((a, b) => a.t - b.t);
  const x = pts.map((p) => String(p.t));
  const part = (name: string, values: number[], color: string): PlotTrace => ({
    type: "bar",
    name,
    x,
    y: values,
    marker: { color, line: { color: "#ffffff", width: 0.5 } },
    ...(digits === null
      ? {}
      : { text: values.map((v) => v.toFixed(digits)), textposition: "inside", insidetextanchor: "middle", textfont: { size: 11 } }),
    hovertemplate: `%{x}: %{y:.2f}%<extra>${name}</extra>`,
  });
  const traces: PlotTrace[] = [
    part("区域内差异 Within", pts.map((p) => p.w), GINI_PART_COLORS.within),
    part("区域间净差异 Between (net)", pts.map((p) => p.b), GINI_PART_COLORS.between),
    part("超变密度 Transvariation", pts.map((p) => p.tv), GINI_PART_COLORS.transvariation),
  ];
  const gPts = pts.filter((p) => p.G !== undefined);
  const showG = (options.showG ?? true) && gPts.length > 0;
  if (showG) {
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name: "总体基尼系数 G Overall Gini",
      x: gPts.map((p) => String(p.t)),
      y: gPts.map((p) => p.G!),
      yaxis: "y2",
      line: { color: GINI_PART_COLORS.G, width: 2 },
      marker: { color: GINI_PART_COLORS.G, size: 7 },
      hovertemplate: "%{x}: G = %{y:.4f}<extra></extra>",
    });
  }
  const layout = baseLayout(options.title ?? "基尼系数分解 / Dagum Gini decomposition", options);
  layout.barmode = "stack";
  layout.bargap = 0.3;
  layout.xaxis = cartesianAxis(bilingual("年份", "Year"), { type: "category", showgrid: false });
  layout.yaxis = cartesianAxis(bilingual("贡献率 (%)", "Contribution (%)"), { range: [0, 100], ticksuffix: "" });
  if (showG) {
    const gs = gPts.map((p) => p.G!);
    const lo = Math.min(...gs);
    const hi = Math.max(...gs);
    const pad = (hi - lo) * 0.6 || Math.abs(hi) * 0.2 || 0.01;
    layout.yaxis2 = cartesianAxis(bilingual("基尼系数 G", "Gini G"), {
      overlaying: "y",
      side: "right",
      showgrid: false,
      range: [Math.max(0, lo - pad), hi + pad],
      tickformat: ".3f",
    });
    layout.margin = { l: 70, r: 70, t: 90, b: 60 };
  } else {
    layout.margin = { l: 70, r: 30, t: 90, b: 60 };
  }
  // stacked bars list in reverse by default: keep the order of the data (within, between, transvariation, G)
  layout.legend = topLegend({ traceorder: "normal" });
  return applyOverlays({ data: traces, layout }, options, { fn, mode: "lines+markers", yValues: [] });
}
