import type { BaseFigureOptions, Figure, PlotTrace } from "./types";
import { axisTitle, baseLayout, bilingual, requireFinite, topLegend } from "./style";

/** One obstacle degree in percent: a factor (indicator or criterion) of a system, optionally for a group (a year, "均值 mean"). */
export interface ObstacleRow {
  /** System the factor belongs to (e.g. "数字经济 Digital economy"); one facet per system. */
  system?: string;
  /** Factor name (indicator or criterion layer). */
  factor: string;
  /** Obstacle degree in percent (0..100). */
  value: number;
  /** Group, e.g. the year ("2012", "2021") or "均值 Mean"; one bar colour per group. */
  group?: string | number;
}

export interface ObstacleBarsOptions extends BaseFigureOptions {
  /** Keep the k largest factors per system (default 5; `Infinity` keeps all). */
  topK?: number;
  /** Group whose value ranks the factors (default: the mean over groups). */
  rankBy?: string | number;
  /** Order of the groups (default: order of first appearance). */
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
 * top-k factors per system sorted with the largest on top, grouped bars when rows carry a
 * `group` (e.g. 2012, 2021 and the mean, as in paper 1 Tables 5-6).
 */
export function obstacleBars(rows: readonly ObstacleRow[], options: ObstacleBarsOptions = {}): Figure {
  const topK = options.topK ?? 5;
  const digits = options.digits ?? 2;
  const systems: string[] = [];
  const groups: string[] = [];
  const cell = new Map<string, number>();
  const factorsBySystem = new Map<string, string[]>();
  rows.forEach((r, i) => {
    const system = r.system ?? "";
    const group = r.group === undefined ? "" : String(r.group);
    const v = requireFinite(r.value, `obstacleBars: row ${i} (factor "${r.factor}") value`);
    if (!systems.includes(system)) systems.push(system);
    if (!groups.includes(group)) groups.push(group);
    const fs = factorsBySystem.get(system) ?? [];
    if (!fs.includes(r.factor)) fs.push(r.factor);
    factorsBySystem.set(system, fs);
    const key = `${system}\u0000${r.factor}\u0000${group}`;
    if (cell.has(key)) throw new Error(`obstacleBars: duplicate row for system "${system}", factor "${r.factor}", group "${group}" (row ${i})`);
    cell.set(key, v);
  });
  if (options.systemOrder) systems.sort((a, b) => orderIndex(options.systemOrder!, a) - orderIndex(options.systemOrder!, b));
  if (options.groupOrder) {
    const go = options.groupOrder.map(String);
    groups.sort((a, b) => orderIndex(go, a) - orderIndex(go, b));
  }
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
  const data: PlotTrace[] = [];
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
      data.push({
        type: "bar",
        orientation: "h",
        name: grouped ? g : system || bilingual("障碍度", "Obstacle degree"),
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
        hovertemplate: `%{y}: %{x:.${digits}f}%<extra>${[system, g].filter(Boolean).join(" ")}</extra>`,
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
        text: `<b>${system}</b>`,
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
  return { data, layout };
}

function orderIndex(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i >= 0 ? i : order.length;
}

