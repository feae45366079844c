/**
 * Figures of uncertainty and robustness (docs/methods-draft/robustness.md): means over time with
 * their bootstrap bands, Dagum's components with their intervals, the conclusion x scenario grid
 * of a robustness run, and the permutation null of Moran's I with the observed I marked. Each
 * builds straight from its frame result (`meanIntervals`, `dagumIntervals`, `robustness`,
 * `moranNull`), and from plain records with field names.
 */
import type { Row, TableResult } from "../frame/results";
import { GINI_PART_COLORS } from "./gini";
import { Fields, fieldList, hasField, PlotInputError, readSource, show, timeField } from "./records";
import { baseLayout, bilingual, captionAnnotation, captionChars, cartesianAxis, integerTimeTicks, isNational, REGION_ORDER, regionCode, seriesColor, seriesLabel, topLegend, wrapText } from "./style";
import type { BaseFigureOptions, Figure, PlotLayout, PlotTrace } from "./types";

// ---- shared ------------------------------------------------------------------------------------

/** "#0072B2" -> "rgba(0,114,178,0.2)". */
function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)},${parseInt(m[2], 16)},${parseInt(m[3], 16)},${alpha})`;
}




/** Bottom margin that holds the x axis title and the caption's lines. */
function captionMargin(text: string, width?: number): number {
  const lines = wrapText(text, captionChars(width)).split("<br>").length;
  return 78 + 16 * lines;
}


/** "95% bootstrap percentile intervals, 999 resamples, seed 20240917; units resampled, weights fixed". */
function intervalCaption(r: Row): string {
  const level = typeof r.level === "number" ? `${Number((r.level * 100).toPrecision(4))}% ` : "";
  const kind = r.interval === "bca" ? "BCa" : "percentile";
  return `${level}bootstrap ${kind} intervals, ${String(r.resamples)} resamples, seed ${String(r.seed)}; ${String(r.method)}`;
}

function boolField(f: Fields, i: number, field: string): boolean {
  const v = f.rows[i][field];
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") throw new PlotInputError(`${f.fn}: record ${i + 1} field "${field}" is ${show(v)}, expected true or false`);
  return v;
}

/** Reads estimate, lower, upper of record i, checking lower <= estimate <= upper. */
function readInterval(f: Fields, i: number, fields: { y: string; lower: string; upper: string }): { v: number; lo: number; hi: number } {
  const v = f.num(i, fields.y, "y");
  const lo = f.num(i, fields.lower, "lower");
  const hi = f.num(i, fields.upper, "upper");
  if (!(lo <= hi)) throw new PlotInputError(`${f.fn}: record ${i + 1}: ${fields.lower} = ${lo} is above ${fields.upper} = ${hi}`);
  return { v, lo, hi };
}

// ---- means over time with bands ------------------------------------------------------------------

/** Options of {@link intervalTrend}. */
export interface IntervalTrendOptions extends BaseFigureOptions {
  /** Field of the time (interval result: its time key; plain records: "year"). */
  x?: string;
  /** Field of the estimate (default "estimate"). */
  y?: string;
  /** Fields of the bounds (default "lower", "upper"). */
  lower?: string;
  upper?: string;
  /** Field of the series id (interval result: "group"; plain records: none, one series). */
  series?: string;
  /** Field of the unreliable flag (default "unreliable", when the records carry it). */
  unreliable?: string;
  /** Series ids to draw (default all), in this order. */
  groups?: string[];
  /** Y axis title (default "耦合协调度 D / Coupling coordination degree D"). */
  yTitle?: string;
  /** Caption under the plot (interval result: level, method, resamples, seed; "" for none). */
  caption?: string;
  /** Digits in hover labels (default 3). */
  digits?: number;
}

/**
 * Means over time with a bootstrap band per series: a line of the estimates and a shaded band
 * from `lower` to `upper`, one colour per series (the region colours for NBS regions, near-black
 * for the national mean). A series flagged `unreliable` (fewer than 5 units) is drawn with a
 * dotted band edge, hollow markers and "†" in its legend entry, and the caption says why.
 *
 * From a `meanIntervals` / `meanIntervalsReweighted` result: its time key, "estimate", "lower",
 * "upper", one series per "group" named "group_zh group_en"; the caption gives the level, the
 * interval method, resamples, seed and what was resampled. From plain records: name the fields.
 *
 * @example
 * cc.intervalTrend(cc.meanIntervals(cd, { by: cc.NBS_REGIONS }));
 * cc.intervalTrend([{ t: 1, m: 0.4, lo: 0.38, hi: 0.43 }, { t: 2, m: 0.45, lo: 0.42, hi: 0.47 }], { x: "t", y: "m", lower: "lo", upper: "hi" });
 */
export function intervalTrend(data: TableResult | readonly Row[], options: IntervalTrendOptions = {}): Figure {
  const fn = "intervalTrend";
  const src = readSource(fn, data);
  const res = src.result?.kind === "mean-intervals" ? (src.result as TableResult & Row) : undefined;
  const x = options.x ?? timeField(src, undefined);
  const fields = { y: options.y ?? "estimate", lower: options.lower ?? "lower", upper: options.upper ?? "upper" };
  const seriesF = options.series ?? (res ? "group" : undefined);
  const unrelF = options.unreliable ?? "unreliable";
  const digits = options.digits ?? 3;
  const f = new Fields(fn, src.rows);
  const groups = new Map<string, { name: string; unreliable: boolean; n?: number; pts: Array<{ t: number; v: number; lo: number; hi: number }> }>();
  src.rows.forEach((r, i) => {
    const key = seriesF === undefined ? "" : f.id(i, seriesF, "series");
    const t = f.num(i, x, "x");
    const iv = readInterval(f, i, fields);
    let g = groups.get(key);
    if (!g) {
      const zh = typeof r.group_zh === "string" ? r.group_zh : "";
      const en = typeof r.group_en === "string" ? r.group_en : "";
      const name = zh || en ? [...new Set([zh, en].filter(Boolean))].join(" ") : key === "" ? fields.y : seriesLabel(key);
      groups.set(key, (g = { name, unreliable: false, n: typeof r.n === "number" ? r.n : undefined, pts: [] }));
    }
    if (boolField(f, i, unrelF)) g.unreliable = true;
    g.pts.push({ t, ...iv });
  });
  let keys = [...groups.keys()];
  if (options.groups) {
    for (const k of options.groups) if (!groups.has(k)) throw new PlotInputError(`${fn}: groups names ${show(k)}, which is not a series of the records (${keys.join(", ")})`);
    keys = [...options.groups];
  } else {
    const rank = (k: string) => (isNational(k) ? 0 : regionCode(k) ? 1 + REGION_ORDER.indexOf(regionCode(k)!) : 1 + REGION_ORDER.length + keys.indexOf(k));
    keys.sort((a, b) => rank(a) - rank(b));
  }
  const traces: PlotTrace[] = [];
  const times = new Set<number>();
  keys.forEach((key, i) => {
    const g = groups.get(key)!;
    g.pts.sort((a, b) => a.t - b.t);
    g.pts.forEach((p) => times.add(p.t));
    const color = seriesColor(key, i);
    const xs = g.pts.map((p) => p.t);
    const name = g.unreliable ? `${g.name} †${g.n !== undefined ? ` (n = ${g.n})` : ""}` : g.name;
    traces.push({
      type: "scatter",
      mode: "lines",
      name: `${name} band`,
      legendgroup: key,
      showlegend: false,
      x: [...xs, ...[...xs].reverse()],
      y: [...g.pts.map((p) => p.hi), ...[...g.pts].reverse().map((p) => p.lo)],
      fill: "toself",
      fillcolor: withAlpha(color, g.unreliable ? 0.1 : 0.18),
      line: g.unreliable ? { color: withAlpha(color, 0.7), width: 1, dash: "dot" } : { width: 0, color: withAlpha(color, 0) },
      hoverinfo: "skip",
    });
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name,
      legendgroup: key,
      x: xs,
      y: g.pts.map((p) => p.v),
      customdata: g.pts.map((p) => [p.lo, p.hi]),
      line: { color, width: isNational(key) ? 3 : 2 },
      marker: { color, size: 7, symbol: g.unreliable ? "circle-open" : "circle", line: { color, width: 2 } },
      hovertemplate: `%{fullData.name}<br>%{x}: %{y:.${digits}f} [%{customdata[0]:.${digits}f}, %{customdata[1]:.${digits}f}]<extra></extra>`,
    });
  });
  const layout = baseLayout(options.title ?? "耦合协调度及其置信区间 / Coupling coordination with bootstrap intervals", options);
  const sorted = [...times].sort((a, b) => a - b);
  layout.xaxis = cartesianAxis(bilingual("年份", "Year"), integerTimeTicks(sorted));
  layout.yaxis = cartesianAxis(options.yTitle ?? bilingual("耦合协调度 D", "Coupling coordination degree D"), { tickformat: ".2f" });
  layout.legend = topLegend();
  layout.hovermode = "closest";
  let text = options.caption ?? (res ? intervalCaption(res) : "");
  const flagged = keys.filter((k) => groups.get(k)!.unreliable);
  if (flagged.length && options.caption === undefined) {
    const minUnits = res && typeof res.minUnits === "number" ? res.minUnits : 5;
    text += `${text ? "<br>" : ""}† ${flagged.map((k) => groups.get(k)!.name).join(", ")}: fewer than ${minUnits} units, interval indicative only (dotted band)`;
  }
  if (text) {
    layout.annotations = [captionAnnotation(text, 62, options.width)];
    layout.margin = { l: 70, r: 30, t: 90, b: captionMargin(text, options.width) };
  }
  return { data: traces, layout };
}

// ---- Dagum components with intervals -------------------------------------------------------------

/** Options of {@link dagumIntervalFigure}. */
export interface DagumIntervalFigureOptions extends BaseFigureOptions {
  /** Field of the time (result: its time key; plain records: "year"). */
  time?: string;
  /** Field of the component id (default "component": G, Gw, Gnb, Gt, share_within, share_between, share_transvariation). */
  component?: string;
  /** Fields of the estimate and bounds (default "estimate", "lower", "upper"). */
  y?: string;
  lower?: string;
  upper?: string;
  /** Which panels: "both" (default: the components, then the shares), "components" or "shares". */
  parts?: "both" | "components" | "shares";
  caption?: string;
}

/** Each component's legend name, colour, panel and part (a part and its share share a legend entry). */
const PART_STYLE: Record<string, { name: string; color: string; share: boolean; part: string }> = {
  G: { name: "总体 G Overall", color: GINI_PART_COLORS.G, share: false, part: "G" },
  Gw: { name: "区域内 Gw Within", color: GINI_PART_COLORS.within, share: false, part: "within" },
  Gnb: { name: "区域间净 Gnb Between (net)", color: GINI_PART_COLORS.between, share: false, part: "between" },
  Gt: { name: "超变密度 Gt Transvariation", color: GINI_PART_COLORS.transvariation, share: false, part: "transvariation" },
  share_within: { name: "区域内 Gw Within", color: GINI_PART_COLORS.within, share: true, part: "within" },
  share_between: { name: "区域间净 Gnb Between (net)", color: GINI_PART_COLORS.between, share: true, part: "between" },
  share_transvariation: { name: "超变密度 Gt Transvariation", color: GINI_PART_COLORS.transvariation, share: true, part: "transvariation" },
};

/**
 * Dagum's decomposition over time with bootstrap intervals as error bars: the Gini G and its
 * parts Gw, Gnb, Gt (left panel), and the parts' shares of G in percent (right panel). Intervals
 * flagged unreliable (a group with fewer than 5 units) have hollow markers, and the caption says
 * why.
 *
 * From a `dagumIntervals` result; from plain records with a component field holding the ids
 * G, Gw, Gnb, Gt, share_within, share_between, share_transvariation (shares as fractions).
 *
 * @example
 * cc.dagumIntervalFigure(cc.dagumIntervals(cd, { group: cc.NBS_REGIONS, resamples: 199 }));
 */
export function dagumIntervalFigure(data: TableResult | readonly Row[], options: DagumIntervalFigureOptions = {}): Figure {
  const fn = "dagumIntervalFigure";
  const src = readSource(fn, data);
  const res = src.result?.kind === "dagum-intervals" ? (src.result as TableResult & Row) : undefined;
  const timeF = timeField(src, options.time);
  const compF = options.component ?? "component";
  const fields = { y: options.y ?? "estimate", lower: options.lower ?? "lower", upper: options.upper ?? "upper" };
  const parts = options.parts ?? "both";
  if (!["both", "components", "shares"].includes(parts)) throw new PlotInputError(`${fn}: parts must be "both", "components" or "shares", got ${show(parts)}`);
  const f = new Fields(fn, src.rows);
  const series = new Map<string, Array<{ t: number; v: number; lo: number; hi: number; unreliable: boolean }>>();
  src.rows.forEach((_, i) => {
    const c = f.id(i, compF, "component");
    if (!PART_STYLE[c]) throw new PlotInputError(`${fn}: record ${i + 1} field "${compF}" is ${show(c)}, expected one of ${Object.keys(PART_STYLE).join(", ")}`);
    const t = f.num(i, timeF, "time");
    const iv = readInterval(f, i, fields);
    if (!series.has(c)) series.set(c, []);
    series.get(c)!.push({ t, ...iv, unreliable: boolField(f, i, "unreliable") });
  });
  const panels: Array<{ share: boolean; axis: string }> = [];
  if (parts !== "shares") panels.push({ share: false, axis: "" });
  if (parts !== "components") panels.push({ share: true, axis: panels.length ? "2" : "" });
  const traces: PlotTrace[] = [];
  const times = new Set<number>();
  const inLegend = new Set<string>();
  for (const panel of panels) {
    const ids = Object.keys(PART_STYLE).filter((c) => PART_STYLE[c].share === panel.share && series.has(c));
    if (!ids.length) throw new PlotInputError(`${fn}: no ${panel.share ? "share" : "component"} records (field "${compF}"; records have: ${[...series.keys()].join(", ") || "none"})`);
    for (const c of ids) {
      const pts = series.get(c)!.sort((a, b) => a.t - b.t);
      pts.forEach((p) => times.add(p.t));
      const k = panel.share ? 100 : 1;
      const st = PART_STYLE[c];
      traces.push({
        type: "scatter",
        mode: "lines+markers",
        name: st.name,
        legendgroup: st.part,
        showlegend: !inLegend.has(st.part),
        x: pts.map((p) => p.t),
        y: pts.map((p) => p.v * k),
        error_y: { type: "data", symmetric: false, array: pts.map((p) => (p.hi - p.v) * k), arrayminus: pts.map((p) => (p.v - p.lo) * k), color: st.color, thickness: 1.2, width: 3 },
        customdata: pts.map((p) => [p.lo * k, p.hi * k]),
        line: { color: st.color, width: c === "G" ? 2.5 : 1.8, ...(panel.share ? { dash: "dot" } : {}) },
        marker: { color: st.color, size: 7, symbol: pts.map((p) => (p.unreliable ? "circle-open" : "circle")), line: { color: st.color, width: 1.5 } },
        hovertemplate: panel.share
          ? `${st.name} %{x}: %{y:.1f}% [%{customdata[0]:.1f}, %{customdata[1]:.1f}]<extra></extra>`
          : `${st.name} %{x}: %{y:.4f} [%{customdata[0]:.4f}, %{customdata[1]:.4f}]<extra></extra>`,
        ...(panel.axis ? { xaxis: `x${panel.axis}`, yaxis: `y${panel.axis}` } : {}),
      });
      inLegend.add(st.part);
    }
  }
  const layout: PlotLayout = baseLayout(options.title ?? "基尼系数分解及其置信区间 / Dagum decomposition with bootstrap intervals", options);
  const sorted = [...times].sort((a, b) => a - b);
  const gap = 0.08;
  const w = panels.length === 2 ? (1 - gap) / 2 : 1;
  panels.forEach((panel, j) => {
    const x0 = j * (w + gap);
    layout[`xaxis${panel.axis}`] = cartesianAxis(bilingual("年份", "Year"), { ...integerTimeTicks(sorted), domain: [x0, x0 + w], anchor: `y${panel.axis}` });
    layout[`yaxis${panel.axis}`] = cartesianAxis(panel.share ? bilingual("贡献率 (%)", "Share of G (%)") : bilingual("基尼系数", "Gini"), {
      anchor: `x${panel.axis}`,
      ...(panel.share ? { rangemode: "tozero" } : { rangemode: "tozero", tickformat: ".3f" }),
    });
  });
  layout.legend = topLegend(panels.length === 2 ? { y: 1.12 } : {});
  let text = options.caption ?? (res ? intervalCaption(res) : "");
  const anyUnreliable = [...series.values()].some((ps) => ps.some((p) => p.unreliable));
  if (anyUnreliable && options.caption === undefined) {
    const small = res && Array.isArray(res.strata) ? (res.strata as Array<{ id: string; zh: string; en: string; n: number }>).filter((g) => g.n < ((res.minUnits as number) ?? 5)) : [];
    text += `${text ? "<br>" : ""}hollow markers: a group has fewer than ${res ? String(res.minUnits) : "5"} units${small.length ? ` (${small.map((g) => `${g.zh === g.en ? g.id : `${g.zh} ${g.en}`} n = ${g.n}`).join(", ")})` : ""}: its part of the variance is understated, intervals indicative only`;
  }
  if (panels.length === 2) {
    // panel titles above each panel
    layout.annotations = panels.map((panel, j) => ({
      xref: "paper", yref: "paper", x: j * (w + gap) + w / 2, xanchor: "center", y: 1, yanchor: "bottom", yshift: 4, showarrow: false, font: { size: 13 },
      text: panel.share ? bilingual("各部分贡献率", "shares of G (dotted)") : bilingual("基尼系数及其分解", "G and its parts"),
    }));
  }
  layout.margin = { l: 70, r: 30, t: 130, b: 60 };
  if (text) {
    layout.annotations = [...((layout.annotations as Record<string, unknown>[]) ?? []), captionAnnotation(text, 62, options.width)];
    layout.margin = { l: 70, r: 30, t: 130, b: captionMargin(text, options.width) };
  }
  return { data: traces, layout };
}

// ---- robustness grid --------------------------------------------------------------------------------

/** Options of {@link robustnessGrid}. */
export interface RobustnessGridOptions extends BaseFigureOptions {
  /** Fields (defaults "conclusion", "scenario", "value", "holds"). */
  conclusion?: string;
  scenario?: string;
  value?: string;
  holds?: string;
  /** Show the value as text in each cell (default true). */
  showValues?: boolean;
  /** Longest cell text before it is cut with "…" (default 28; the hover shows it whole). */
  maxText?: number;
  /** Colours of holds and fails (default green #a6d96a, red #f4a582). */
  colors?: { holds?: string; fails?: string };
}

/**
 * The conclusion x scenario grid of a robustness run as a heatmap: one row per scenario (the
 * baseline first, in bold), one column per conclusion, green where the conclusion holds and red
 * where it fails, with the value found as text in each cell (cut to `maxText` characters; the
 * hover shows it whole, with the scenario's choices when the result carries them).
 *
 * From a `robustness` result; from plain records `{ conclusion, scenario, value, holds }`.
 *
 * @example
 * const rob = cc.robustness(panel, spec, { group: cc.NBS_REGIONS, scenarios: cc.modelScenarios(), conclusions: [cc.risesConclusion()] });
 * cc.robustnessGrid(rob);
 */
export function robustnessGrid(data: TableResult | readonly Row[], options: RobustnessGridOptions = {}): Figure {
  const fn = "robustnessGrid";
  const src = readSource(fn, data);
  const res = src.result?.kind === "robustness" ? (src.result as TableResult & Row) : undefined;
  const cF = options.conclusion ?? "conclusion";
  const sF = options.scenario ?? "scenario";
  const vF = options.value ?? "value";
  const hF = options.holds ?? "holds";
  const maxText = options.maxText ?? 28;
  const holdsColor = options.colors?.holds ?? "#a6d96a";
  const failsColor = options.colors?.fails ?? "#f4a582";
  if (!src.rows.length) throw new PlotInputError(`${fn}: no records`);
  const f = new Fields(fn, src.rows);
  const conclusions: string[] = [];
  const scenarios: string[] = [];
  const cells = new Map<string, { value: string; holds: boolean }>();
  src.rows.forEach((_, i) => {
    const c = f.id(i, cF, "conclusion");
    const s = f.id(i, sF, "scenario");
    const raw = f.get(i, vF, "value");
    if (typeof raw !== "string" && !(typeof raw === "number" && Number.isFinite(raw))) throw new PlotInputError(`${fn}: record ${i + 1} field "${vF}" is ${show(raw)}, expected text or a finite number`);
    const h = f.get(i, hF, "holds");
    if (typeof h !== "boolean") throw new PlotInputError(`${fn}: record ${i + 1} field "${hF}" is ${show(h)}, expected true or false`);
    if (!conclusions.includes(c)) conclusions.push(c);
    if (!scenarios.includes(s)) scenarios.push(s);
    const key = `${c}\u0000${s}`;
    if (cells.has(key)) throw new PlotInputError(`${fn}: record ${i + 1} repeats conclusion ${show(c)} under scenario ${show(s)}`);
    cells.set(key, { value: typeof raw === "number" ? String(Number(raw.toPrecision(6))) : raw, holds: h });
  });
  const choices = new Map<string, string>();
  if (res && Array.isArray(res.scenarios)) for (const s of res.scenarios as Array<{ name: string; choices: string }>) choices.set(s.name, s.choices);
  const baseline = res && typeof res.baseline === "string" ? res.baseline : scenarios[0];
  const z: (number | null)[][] = [];
  const text: string[][] = [];
  const custom: string[][][] = [];
  for (const s of scenarios) {
    const zr: (number | null)[] = [];
    const tr: string[] = [];
    const cr: string[][] = [];
    for (const c of conclusions) {
      const cell = cells.get(`${c}\u0000${s}`);
      zr.push(cell ? (cell.holds ? 1 : 0) : null);
      const v = cell?.value ?? "";
      tr.push(v.length > maxText ? `${v.slice(0, maxText - 1)}…` : v);
      cr.push([cell ? (cell.holds ? "成立 holds" : "不成立 fails") : "—", v, choices.get(s) ?? ""]);
    }
    z.push(zr);
    text.push(tr);
    custom.push(cr);
  }
  const xLabels = conclusions.map((c) => wrapText(c.replace(/ \/ /g, "<br>"), 22));
  const trace: PlotTrace = {
    type: "heatmap",
    x: conclusions.map((_, j) => j),
    y: scenarios.map((_, i) => i),
    z,
    zmin: 0,
    zmax: 1,
    colorscale: [
      [0, failsColor],
      [0.5, failsColor],
      [0.5, holdsColor],
      [1, holdsColor],
    ],
    showscale: false,
    xgap: 2,
    ygap: 2,
    customdata: custom,
    hovertemplate: "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
    ...(options.showValues ?? true ? { text, texttemplate: "%{text}", textfont: { size: 10, color: "#222222" } } : {}),
  };
  const legendKey = (name: string, color: string): PlotTrace => ({
    type: "scatter",
    mode: "markers",
    name,
    x: [null],
    y: [null],
    marker: { symbol: "square", size: 12, color },
    hoverinfo: "skip",
  });
  const layout = baseLayout(options.title ?? "结论稳健性 / Robustness of conclusions", options);
  // numeric axes with category labels: every row and column labelled, the baseline in bold
  layout.xaxis = { tickmode: "array", tickvals: conclusions.map((_, j) => j), ticktext: xLabels, side: "top", showgrid: false, zeroline: false, showline: false, ticks: "", automargin: true, tickfont: { size: 11 }, range: [-0.5, conclusions.length - 0.5] };
  layout.yaxis = {
    tickmode: "array",
    tickvals: scenarios.map((_, i) => i),
    ticktext: scenarios.map((s) => (s === baseline ? `<b>${s}</b>` : s)),
    autorange: "reversed",
    showgrid: false,
    zeroline: false,
    showline: false,
    ticks: "",
    automargin: true,
    tickfont: { size: 11 },
  };
  layout.legend = { orientation: "h", x: 0, xanchor: "left", y: 0, yanchor: "top", bgcolor: "rgba(255,255,255,0)" };
  layout.margin = { l: 60, r: 20, t: 150, b: 50 };
  if (options.height === undefined && options.width === undefined) {
    layout.height = 230 + 26 * scenarios.length;
    layout.width = Math.max(600, 200 + 150 * conclusions.length);
    delete layout.autosize;
  }
  return { data: [trace, legendKey("成立 holds", holdsColor), legendKey("不成立 fails", failsColor)], layout };
}

// ---- Moran permutation null ---------------------------------------------------------------------------

/** Options of {@link moranNullHistogram}. */
export interface MoranNullHistogramOptions extends BaseFigureOptions {
  /** The time to draw (default the last time of the records; records without a time field: all). */
  time?: number;
  /** Field of the time (result: its time key; plain records: "year" when present). */
  timeField?: string;
  /** Field of the permuted statistic (default "I"). */
  value?: string;
  /** The observed I (moranNull result: from its `observed`; plain records: required). */
  observed?: number;
  /** E[I] = -1/(n - 1), drawn dashed (result: from `observed`). */
  EI?: number;
  /** The permutation p-value shown beside the observed I (result: p_sim). */
  p?: number;
  /** Number of bins (default 40). */
  bins?: number;
  caption?: string;
}

const NULL_COLOR = "#9ecae1";
const OBSERVED_COLOR = "#b2182b";

/**
 * The permutation null distribution of Moran's I as a histogram, with the observed I marked (a
 * red line) and E[I] = -1/(n-1) dashed; the title's second line gives I, the pseudo p-value and
 * the permutations; the caption says why Moran's I has a permutation null and no bootstrap
 * interval. Bins are fixed here (`bins` equal bins over the draws and the observed I), not by
 * Plotly.
 *
 * From a `moranNull` result (one time, default the last); from plain records with the draws in a
 * field (`value`, default "I") and `{ observed }`.
 *
 * @example
 * cc.moranNullHistogram(cc.moranNull(cd, w));
 * cc.moranNullHistogram([{ I: -0.1 }, { I: 0.02 }, { I: 0.05 }], { observed: 0.3 });
 */
export function moranNullHistogram(data: TableResult | readonly Row[], options: MoranNullHistogramOptions = {}): Figure {
  const fn = "moranNullHistogram";
  const src = readSource(fn, data);
  const res = src.result?.kind === "moran-null" ? (src.result as TableResult & Row) : undefined;
  const valueF = options.value ?? "I";
  const tf = options.timeField ?? (src.keys ? src.keys.time : "year");
  const withTime = hasField(src.rows, tf);
  if (!withTime && (options.time !== undefined || options.timeField !== undefined)) {
    throw new PlotInputError(`${fn}: the records have no time field "${tf}" (fields of record 1: ${fieldList(src.rows[0])}); name it with { timeField: "..." }`);
  }
  const f = new Fields(fn, src.rows);
  let time: number | undefined;
  let index = src.rows.map((_, i) => i);
  if (withTime) {
    const ts = src.rows.map((_, i) => f.num(i, tf, "timeField"));
    const distinct = [...new Set(ts)].sort((a, b) => a - b);
    if (options.time !== undefined && !distinct.includes(options.time)) throw new PlotInputError(`${fn}: no record has ${tf} = ${options.time} (times: ${distinct.join(", ")})`);
    time = options.time ?? distinct[distinct.length - 1];
    index = index.filter((i) => ts[i] === time);
  }
  if (!index.length) throw new PlotInputError(`${fn}: no draws to draw`);
  const draws = index.map((i) => f.num(i, valueF, "value"));
  const obsRow = res ? (res.observed as TableResult).rows.find((r) => time === undefined || Number(r[tf]) === time) : undefined;
  const observed = options.observed ?? (obsRow ? (obsRow.I as number) : undefined);
  if (observed === undefined || typeof observed !== "number" || !Number.isFinite(observed)) {
    throw new PlotInputError(`${fn}: the observed I is needed: pass the moranNull result, or { observed: <I> } with plain records (got ${show(observed)})`);
  }
  const EI = options.EI ?? (obsRow ? (obsRow.EI as number) : undefined);
  const p = options.p ?? (obsRow ? (obsRow.p_sim as number) : undefined);
  const bins = options.bins ?? 40;
  if (!(Number.isInteger(bins) && bins >= 1)) throw new PlotInputError(`${fn}: bins must be a positive integer, got ${show(options.bins)}`);
  let lo = Math.min(observed, ...draws);
  let hi = Math.max(observed, ...draws);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const size = (hi - lo) / bins;
  // counts per bin (the last bin closed), drawn as bars: the figure does not depend on Plotly's binning
  const counts = new Array<number>(bins).fill(0);
  for (const d of draws) counts[Math.min(bins - 1, Math.floor((d - lo) / size))]++;
  const centres = counts.map((_, k) => lo + (k + 0.5) * size);
  const traces: PlotTrace[] = [
    {
      type: "bar",
      name: bilingual("置换零分布", "permutation null"),
      x: centres,
      y: counts,
      width: size,
      marker: { color: NULL_COLOR, line: { color: "#ffffff", width: 0.5 } },
      customdata: centres.map((c) => [c - size / 2, c + size / 2]),
      hovertemplate: "[%{customdata[0]:.3f}, %{customdata[1]:.3f}): %{y}<extra></extra>",
    },
  ];
  const top = Math.max(...counts);
  traces.push({
    type: "scatter",
    mode: "lines",
    name: `${bilingual("观测值", "observed")} I = ${observed.toFixed(3)}`,
    x: [observed, observed],
    y: [0, top * 1.08],
    line: { color: OBSERVED_COLOR, width: 2.5 },
    hovertemplate: `I = ${observed.toFixed(4)}<extra></extra>`,
  });
  if (EI !== undefined) {
    traces.push({
      type: "scatter",
      mode: "lines",
      name: `E[I] = ${EI.toFixed(3)}`,
      x: [EI, EI],
      y: [0, top * 1.08],
      line: { color: "#666666", width: 1.5, dash: "dash" },
      hovertemplate: `E[I] = ${EI.toFixed(4)}<extra></extra>`,
    });
  }
  const R = res ? (res.permutations as number) : draws.length;
  const head = options.title ?? `莫兰指数置换零分布 / Permutation null of Moran's I${time !== undefined ? ` (${time})` : ""}`;
  const sub = `I = ${observed.toFixed(3)}${p !== undefined ? `, p_sim = ${p.toFixed(3)}` : ""}; ${R} permutations${res ? `, seed ${String(res.seed)}` : ""}`;
  const layout = baseLayout(head, options);
  layout.xaxis = cartesianAxis(bilingual("莫兰指数 I", "Moran's I"), { zeroline: true, zerolinecolor: "#bbbbbb" });
  layout.yaxis = cartesianAxis(bilingual("频数", "Count"), { rangemode: "tozero" });
  layout.bargap = 0;
  layout.legend = topLegend();
  const text = options.caption ?? (res ? String(res.note) : "");
  // the observed I, its p-value and the permutations under the title, above the legend
  const subtitle = { xref: "paper", yref: "paper", x: 0, xanchor: "left", y: 1, yanchor: "bottom", yshift: 34, showarrow: false, align: "left", font: { size: 12, color: "#333333" }, text: sub };
  layout.annotations = [subtitle, ...(text ? [captionAnnotation(text, 62, options.width)] : [])];
  layout.margin = { l: 70, r: 30, t: 110, b: text ? captionMargin(text, options.width) : 60 };
  return { data: traces, layout };
}
