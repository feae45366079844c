import type { BaseFigureOptions, Figure, PlotTrace } from "./types";
import { baseLayout, bilingual, cartesianAxis, requireFinite, topLegend } from "./style";

/**
 * One year of a Dagum Gini decomposition. The three parts may be given as absolute components
 * (G_w, G_nb, G_t, summing to G), as shares (summing to 1) or as percentages (summing to 100):
 * the figure divides each by their sum, so the bars always show contributions in percent.
 */
export interface GiniContributionRow {
  time: number;
  /** Within-region part G_w (区域内差异贡献). */
  within: number;
  /** Net between-region part G_nb (区域间净差异贡献). */
  between: number;
  /** Transvariation intensity G_t (超变密度贡献). */
  transvariation: number;
  /** Overall Gini G, drawn as a line on a secondary axis when given. */
  G?: number;
}

export interface GiniContributionsOptions extends BaseFigureOptions {
  /** Draw the overall G on a secondary axis when the rows carry it (default true). */
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
 */
export function giniContributions(rows: readonly GiniContributionRow[], options: GiniContributionsOptions = {}): Figure {
  const digits = options.digits === undefined ? 1 : options.digits;
  const pts = rows
    .map((r, i) => {
      const t = requireFinite(r.time, `giniContributions: row ${i} time`);
      const w = requireFinite(r.within, `giniContributions: row ${i} (time ${t}) within`);
      const b = requireFinite(r.between, `giniContributions: row ${i} (time ${t}) between`);
      const tv = requireFinite(r.transvariation, `giniContributions: row ${i} (time ${t}) transvariation`);
      const sum = w + b + tv;
      if (!(sum > 0)) throw new RangeError(`giniContributions: row ${i} (time ${t}): the three parts sum to ${sum}, expected > 0`);
      const G = r.G === undefined ? undefined : requireFinite(r.G, `giniContributions: row ${i} (time ${t}) G`);
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
  const data: PlotTrace[] = [
    part("区域内差异 Within", pts.map((p) => p.w), GINI_PART_COLORS.within),
    part("区域间净差异 Between (net)", pts.map((p) => p.b), GINI_PART_COLORS.between),
    part("超变密度 Transvariation", pts.map((p) => p.tv), GINI_PART_COLORS.transvariation),
  ];
  const withG = pts.filter((p) => p.G !== undefined);
  const showG = (options.showG ?? true) && withG.length > 0;
  if (showG) {
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: "总体基尼系数 G Overall Gini",
      x: withG.map((p) => String(p.t)),
      y: withG.map((p) => p.G!),
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
    const gs = withG.map((p) => p.G!);
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
  return { data, layout };
}
