import type { ObstacleResult, Row } from "../frame/results";
import { Fields, hasField, PlotInputError, readSource, show } from "./records";
import { axisTitle, baseLayout, bilingual, topLegend } from "./style";
import type { BaseFigureOptions, Figure, PlotTrace } from "./types";

export interface ObstacleBarsOptions extends BaseFigureOptions {
  /** Field of the factor name (obstacle result: "factor_zh" when present, else "factor"; plain records: "factor"). */
  factor?: string;
  /**
   * Value columns, one bar (and legend entry) per column: an obstacle result's `valueColumns`
   * (the shown times, then "mean"). For plain records in the long layout use `value` and `group`.
   */
  values?: string | readonly string[];
  /** Long layout: field of the value (default "value" when the records carry it). */
  value?: string;
  /** Long layout: field of the bar group, e.g. a year (default "group" when the records carry it). */
  group?: string;
  /** Legend name per value column or group (default: the name itself; "mean" is "均值 Mean"). */
  valueLabels?: Record<string, string>;
  /** Field of the system, one facet per system (default "system" when the records carry it). */
  system?: string;
  /** Facet title per system id (default: the id). */
  systemLabels?: Record<string, string>;
  /**
   * Plain records give percentages (0..100) rather than fractions (0..1). Results are fractions;
   * plain records are read as fractions too unless this is set, and a value outside the range
   * is an error (so a percentage is never drawn as 100 times itself).
   */
  percent?: boolean;
  /** Keep the k largest factors per system (default 5; `Infinity` keeps all). */
  topK?: number;
  /** Value column or group whose value ranks the factors (result: "mean"; default: the mean over the bars). */
  rankBy?: string | number;
  /** Order of the bars (value columns or groups; default: as given, or in order of first appearance). */
  groupOrder?: (string | number)[];
  /** Order of the systems (default: order of first appearance). */
  systemOrder?: string[];
  /** Digits of the percentage labels (default 2). */
  digits?: number;
}

const SYSTEM_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#e15759"];
const GROUP_COLORS = ["#9ecae1", "#3182bd", "#08519c", "#fdae6b", "#e6550d"];

/**
 * Obstacle degrees as horizontal bars in percent: one facet (row of the figure) per system, the
 * top-k factors per system sorted with the largest on top, one bar per value column (e.g. 2012,
 * 2021 and the mean, as in paper 1 Tables 5-6) or per group.
 *
 * From an `ObstacleResult` (`obstacles()`): factor = "factor_zh" (or "factor"), bars = its
 * `valueColumns`, ranked by "mean". Values are fractions in the result; the axis and labels show
 * percent (multiplied by 100 for display only). From plain records: `{ factor, values: [...] }`
 * (wide) or `{ factor, value, group }` (long), fractions unless `percent: true`.
 *
 * @example
 * cc.obstacleBars(cc.obstacles(e.normalized, e.weights, { by: "criterion" }), { topK: Infinity });
 */
export function obstacleBars(data: ObstacleResult | readonly Row[], options: ObstacleBarsOptions = {}): Figure {
  const fn = "obstacleBars";
  const src = readSource(fn, data);
  const result = src.result?.kind === "obstacles" ? (src.result as ObstacleResult) : undefined;
  const topK = options.topK ?? 5;
  const digits = options.digits ?? 2;
  const factorF = options.factor ?? (result && hasField(src.rows, "factor_zh") ? "factor_zh" : "factor");
  const systemF = options.system ?? (hasField(src.rows, "system") ? "system" : undefined);
  const percent = result ? false : options.percent ?? false;
  if (result && options.percent) throw new PlotInputError(`${fn}: an obstacle result holds fractions; percent: true is for plain records in percent`);
  const scale = percent ? 1 : 100;
  const wide =
    options.values !== undefined
      ? typeof options.values === "string"
        ? [options.values]
        : [...options.values]
      : options.value === undefined && options.group === undefined && result
        ? [...result.valueColumns]
        : undefined;
  const valueF = wide ? undefined : options.value ?? (hasField(src.rows, "value") ? "value" : undefined);
  const groupF = wide ? undefined : options.group ?? (hasField(src.rows, "group") ? "group" : undefined);
  if (!wide && valueF === undefined) {
    throw new PlotInputError(
      `${fn}: name the values: { values: ["2012", "mean"] } for one bar per column, or { value: "...", group: "..." } for one record per bar`,
    );
  }
  const f = new Fields(fn, src.rows);
  const systems: string[] = [];
  const groups: string[] = wide ? wide.slice() : [];
  const cell = new Map<string, number>();
  const factorsBySystem = new Map<string, string[]>();
  const readValue = (i: number, field: string) => {
    const v = f.num(i, field);
    const hi = percent ? 100 : 1;
    if (v < 0 || v > hi) {
      throw new PlotInputError(
        `${fn}: record ${i + 1} field "${field}" is ${v}, outside [0, ${hi}]: obstacle degrees are ${percent ? "percentages" : "fractions"}` +
          (percent ? "" : "; if the records hold percentages, pass { percent: true }"),
      );
    }
    return v * scale;
  };
  src.rows.forEach((_, i) => {
    const system = systemF === undefined ? "" : f.id(i, systemF, "system");
    const factor = f.id(i, factorF, "factor");
    if (!systems.includes(system)) systems.push(system);
    const fs = factorsBySystem.get(system) ?? [];
    if (!fs.includes(factor)) fs.push(factor);
    factorsBySystem.set(system, fs);
    const entries: [string, number][] = wide
      ? wide.map((c) => [c, readValue(i, c)])
      : [[groupF === undefined ? "" : f.id(i, groupF, "group"), readValue(i, valueF!)]];
    for (const [group, v] of entries) {
      if (!groups.includes(group)) groups.push(group);
      const key = `${system}\u0000${factor}\u0000${group}`;
      if (cell.has(key)) {
        throw new PlotInputError(`${fn}: record ${i + 1} repeats system ${show(system)}, factor ${show(factor)}${group ? `, group ${show(group)}` : ""}`);
      }
      cell.set(key, v);
    }
  });
  if (options.systemOrder) systems.sort((a, b) => orderIndex(options.systemOrder!, a) - orderIndex(options.systemOrder!, b));
  if (options.groupOrder) {
    const go = options.groupOrder.map(String);
    groups.sort((a, b) => orderIndex(go, a) - orderIndex(go, b));
  }
  const groupName = (g: string) => options.valueLabels?.[g] ?? (g === "mean" ? "均值 Mean" : g);
  // a system's name: the option, else the records' system_zh (obstacles() carries it), else the id
  const zhOf = new Map<string, string>();
  if (systemF && hasField(src.rows, "system_zh")) for (const r of src.rows) zhOf.set(String(r[systemF]), String(r.system_zh));
  const systemName = (s: string) => options.systemLabels?.[s] ?? (zhOf.has(s) && zhOf.get(s) !== s ? `${zhOf.get(s)} ${s}` : s);
  if (options.rankBy === undefined && result && groups.includes("mean")) options = { ...options, rankBy: "mean" };
  const rankGroup = options.rankBy === undefined ? undefined : String(options.rankBy);
  const score = (system: string, factor: string) => {
    const vals = (rankGroup !== undefined ? [rankGroup] : groups)
      .map((g) => cell.get(`${system}\u0000${factor}\u0000${g}`))
      .filter((v): v is number => v !== undefined);
    return vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : -Infinity;
  };

  const nFacets = systems.length;
  const gap = nFacets > 1 ? 0.12 / (nFacets - 1) : 0;
  const facetHeight = (1 - gap * (nFacets - 1)) / nFacets;
  const traces: PlotTrace[] = [];
  const layout = baseLayout(options.title ?? "障碍度 / Obstacle degree", options);
  const annotations: Record<string, unknown>[] = [];
  const grouped = groups.length > 1 || groups[0] !== "";
  let maxValue = 0;
  systems.forEach((system, s) => {
    const factors = factorsBySystem.get(system)!
      .slice()
      .sort((a, b) => score(system, b) - score(system, a))
      .slice(0, topK);
    const suffix = s === 0 ? "" : String(s + 1);
    const top = 1 - s * (facetHeight + gap);
    const domain = [Math.max(0, top - facetHeight), top];
    groups.forEach((g, gi) => {
      const xs = factors.map((f) => cell.get(`${system}\u0000${f}\u0000${g}`) ?? null);
      xs.forEach((v) => {
        if (v !== null) maxValue = Math.max(maxValue, v);
      });
      traces.push({
        type: "bar",
        orientation: "h",
        name: grouped ? groupName(g) : systemName(system) || bilingual("障碍度", "Obstacle degree"),
        legendgroup: grouped ? g : system,
        showlegend: grouped ? s === 0 : false,
        x: xs,
        y: factors,
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        marker: { color: grouped ? GROUP_COLORS[gi % GROUP_COLORS.length] : SYSTEM_COLORS[s % SYSTEM_COLORS.length] },
        text: xs.map((v) => (v === null ? "" : `${v.toFixed(digits)}%`)),
        textposition: "outside",
        cliponaxis: false,
        constraintext: "none",
        textfont: { size: 11 },
        hovertemplate: `%{y}: %{x:.${digits}f}%<extra>${[systemName(system), groupName(g)].filter(Boolean).join(" ")}</extra>`,
      });
    });
    layout[`yaxis${suffix}`] = {
      domain,
      anchor: `x${suffix}`,
      autorange: "reversed",
      automargin: true,
      type: "category",
      ticks: "",
      tickfont: { size: 12 },
    };
    if (system !== "") {
      annotations.push({
        xref: "paper",
        yref: "paper",
        x: 0,
        xanchor: "left",
        y: top,
        yanchor: "bottom",
        text: `<b>${systemName(system)}</b>`,
        showarrow: false,
        font: { size: 13 },
      });
    }
  });
  const xmax = maxValue * 1.18 || 1;
  systems.forEach((_, s) => {
    const suffix = s === 0 ? "" : String(s + 1);
    layout[`xaxis${suffix}`] = {
      anchor: `y${suffix}`,
      range: [0, xmax],
      showgrid: true,
      gridcolor: "#e6e6e6",
      zeroline: true,
      zerolinecolor: "#888888",
      ticksuffix: "%",
      automargin: true,
      ...(s === systems.length - 1 ? { title: axisTitle(bilingual("障碍度 (%)", "Obstacle degree (%)")) } : {}),
      ...(s > 0 ? { matches: "x" } : {}),
    };
  });
  layout.annotations = annotations;
  layout.barmode = "group";
  layout.bargap = 0.25;
  layout.bargroupgap = 0.05;
  layout.showlegend = grouped;
  layout.legend = topLegend({ x: 1, xanchor: "right", y: 1.0, yanchor: "bottom" });
  layout.margin = { l: 20, r: 30, t: nFacets > 1 || grouped ? 90 : 70, b: 60 };
  return { data: traces, layout };
}

function orderIndex(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i >= 0 ? i : order.length;
}

