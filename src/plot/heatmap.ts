import type { BaseFigureOptions, Figure } from "./types";
import {
  baseLayout,
  bilingual,
  cartesianAxis,
  LEVEL_COLORS,
  levelLabel,
  levelOf,
  REGION_COLORS,
  REGION_LABELS,
  REGION_ORDER,
  requireFinite,
} from "./style";
import type { RegionCode } from "../data/registry";
import { provinceRegion, provinceShortName } from "./provinces";

/** One province-year value: `unit` is the adcode, `value` the coupling coordination degree D. */
export interface LevelRow {
  unit: string;
  /** Short Chinese name; defaults to the built-in table ("北京"), else the adcode. */
  name?: string;
  /** NBS region code; defaults to the built-in table. Used to order the rows. */
  region?: RegionCode | string;
  time: number;
  value: number;
  /** Coordination level 1..10; computed from `value` with `closed` when missing. */
  level?: number;
}

export interface LevelHeatmapOptions extends BaseFigureOptions {
  /** Band rule to classify D when rows carry no level (core `coordinationLevel`; default "left": `[a, b)`). */
  closed?: "left" | "right";
  /** Write D in each cell (default false: 31 x 10 numbers crowd a page). */
  showValues?: boolean;
  /** Draw region bands (coloured labels and separators) beside the province labels (default true). */
  regionBands?: boolean;
}

/**
 * Province x year heatmap of coordination levels: z = level 1..10 on a discrete colour scale from
 * `LEVEL_COLORS`, the colour bar labelled with the level names (zh/en), hover shows D and the level.
 * Provinces are ordered by region (east, central, west, northeast) then adcode, top to bottom,
 * and labelled with short Chinese names.
 */
export function levelHeatmap(rows: readonly LevelRow[], options: LevelHeatmapOptions = {}): Figure {
  const rule = options.closed ?? "left";
  const units = new Map<string, { name: string; region: string }>();
  const cells = new Map<string, { d: number; level: number }>();
  const timeSet = new Set<number>();
  rows.forEach((r, i) => {
    const unit = String(r.unit);
    const t = requireFinite(r.time, `levelHeatmap: row ${i} (unit ${unit}) time`);
    const d = requireFinite(r.value, `levelHeatmap: row ${i} (unit ${unit}, time ${t}) value D`);
    const level = r.level ?? levelOf(d, rule);
    if (!Number.isInteger(level) || level < 1 || level > 10) {
      throw new RangeError(`levelHeatmap: row ${i} (unit ${unit}, time ${t}) level must be 1..10, got ${level}`);
    }
    const key = `${unit}|${t}`;
    if (cells.has(key)) throw new Error(`levelHeatmap: duplicate row for unit ${unit} and time ${t} (row ${i})`);
    cells.set(key, { d, level });
    timeSet.add(t);
    if (!units.has(unit)) {
      units.set(unit, {
        name: r.name ?? provinceShortName(unit) ?? unit,
        region: r.region ?? provinceRegion(unit) ?? "other",
      });
    }
  });
  const regionRank = (r: string) => {
    const i = (REGION_ORDER as readonly string[]).indexOf(r);
    return i >= 0 ? i : REGION_ORDER.length;
  };
  const unitKeys = [...units.keys()].sort(
    (a, b) => regionRank(units.get(a)!.region) - regionRank(units.get(b)!.region) || a.localeCompare(b),
  );
  const times = [...timeSet].sort((a, b) => a - b);
  const labels = unitKeys.map((u) => units.get(u)!.name);
  const z: (number | null)[][] = [];
  const customdata: (string | number)[][][] = [];
  const text: string[][] = [];
  for (const u of unitKeys) {
    const zRow: (number | null)[] = [];
    const cRow: (string | number)[][] = [];
    const tRow: string[] = [];
    for (const t of times) {
      const c = cells.get(`${u}|${t}`);
      zRow.push(c ? c.level : null);
      cRow.push(c ? [c.d, levelLabel(c.level), c.level] : [NaN, "", 0]);
      tRow.push(c ? c.d.toFixed(3) : "");
    }
    z.push(zRow);
    customdata.push(cRow);
    text.push(tRow);
  }

  // Discrete colour scale: level k occupies [(k-1)/10, k/10] of the range [0.5, 10.5].
  const colorscale: [number, string][] = [];
  for (let k = 1; k <= 10; k++) {
    colorscale.push([(k - 1) / 10, LEVEL_COLORS[k]!], [k / 10, LEVEL_COLORS[k]!]);
  }
  const levels = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const trace: Record<string, unknown> = {
    type: "heatmap",
    x: times,
    y: labels,
    z,
    zmin: 0.5,
    zmax: 10.5,
    colorscale,
    xgap: 1,
    ygap: 1,
    customdata,
    hovertemplate: "%{y} %{x}<br>D = %{customdata[0]:.3f}<br>%{customdata[1]} (%{customdata[2]})<extra></extra>",
    colorbar: {
      title: { text: bilingual("协调等级", "Level"), side: "top" },
      tickmode: "array",
      tickvals: levels,
      ticktext: levels.map((k) => `${k} ${levelLabel(k)}`),
      len: 1,
      y: 0.5,
      yanchor: "middle",
      thickness: 16,
      outlinewidth: 0,
    },
  };
  if (options.showValues) {
    trace.text = text;
    trace.texttemplate = "%{text}";
    trace.textfont = { size: 9 };
  }

  const layout = baseLayout(options.title ?? "耦合协调等级 / Coupling coordination level", options);
  layout.xaxis = cartesianAxis(bilingual("年份", "Year"), {
    type: "category",
    showgrid: false,
    showline: false,
    ticks: "",
  });
  layout.yaxis = cartesianAxis("", {
    type: "category",
    autorange: "reversed",
    showgrid: false,
    showline: false,
    ticks: "",
    tickfont: { size: 12 },
    // every province labelled: Plotly otherwise thins category labels when rows are short
    dtick: 1,
  });
  layout.margin = { l: 70, r: 20, t: 70, b: 60 };
  // tall enough for one readable row per province (about 20 px each) unless the caller sized it
  if (options.height === undefined) {
    const nUnits = new Set(rows.map((r) => r.unit)).size;
    layout.height = Math.max(450, 20 * nUnits + 150);
    delete layout.autosize;
  }

  // Region bands: a narrow coloured bar between the province labels and the cells, white
  // separators between regions, and a colour key above the plot.
  if (options.regionBands ?? true) {
    const shapes: Record<string, unknown>[] = [];
    let start = 0;
    for (let i = 1; i <= unitKeys.length; i++) {
      const region = units.get(unitKeys[start])!.region;
      if (i < unitKeys.length && units.get(unitKeys[i])!.region === region) continue;
      shapes.push({
        type: "rect",
        xref: "paper",
        yref: "y",
        xsizemode: "pixel",
        xanchor: 0,
        x0: -7,
        x1: -2,
        y0: start - 0.5,
        y1: i - 0.5,
        fillcolor: (REGION_COLORS as Record<string, string>)[region] ?? "#999999",
        line: { width: 0 },
      });
      if (i < unitKeys.length) {
        shapes.push({
          type: "line",
          xref: "paper",
          yref: "y",
          x0: 0,
          x1: 1,
          y0: i - 0.5,
          y1: i - 0.5,
          line: { color: "#ffffff", width: 3 },
          layer: "above",
        });
      }
      start = i;
    }
    layout.shapes = shapes;
    (layout.yaxis as Record<string, unknown>).ticklabelstandoff = 8;
    const present = REGION_ORDER.filter((r) => unitKeys.some((u) => units.get(u)!.region === r));
    if (present.length > 0) {
      layout.annotations = [
        {
          xref: "paper",
          yref: "paper",
          x: 0,
          xanchor: "left",
          y: 1,
          yanchor: "bottom",
          yshift: 4,
          showarrow: false,
          align: "left",
          font: { size: 12 },
          text: present.map((r) => `<span style="color:${REGION_COLORS[r]}">■</span> ${REGION_LABELS[r]}`).join("    "),
        },
      ];
    }
  }
  return { data: [trace], layout };
}
