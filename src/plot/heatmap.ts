import type { CouplingResult, Row } from "../frame/results";
import { defaultLabel, Fields, PlotInputError, readLevel, readSource, resultValue, timeField, unitField } from "./records";
import {
  baseLayout,
  bilingual,
  CATEGORY_COLORS,
  cartesianAxis,
  LEVEL_COLORS,
  levelLabel,
  REGION_COLORS,
  REGION_ORDER,
  regionCode,
  seriesLabel,
} from "./style";
import type { BaseFigureOptions, Figure } from "./types";
import { provinceRegion, provinceShortName } from "./provinces";

export interface LevelHeatmapOptions extends BaseFigureOptions {
  /** Field of the unit id (coupling result: its unit key; plain records: "adcode"). */
  unit?: string;
  /**
   * Field of the row label (result: its label key; plain records: "province" when present).
   * Without one, a province adcode shows its short name ("北京"), any other id itself.
   */
  label?: string;
  /** Field of the time (result: its time key; plain records: "year"). */
  time?: string;
  /** Field of D (result: its value column "D"; plain records: "D"). */
  value?: string;
  /** Field of the coordination level 1..10 (default "level"): read, never re-classified. */
  level?: string;
  /**
   * Field of the group that bands the rows (result: its group key). Without one, province
   * adcodes are banded by NBS region; other units are not banded.
   */
  group?: string;
  /** Write D in each cell (default false: 31 x 10 numbers crowd a page). */
  showValues?: boolean;
  /** Draw group bands (coloured bar and separators beside the row labels, and a key; default true). */
  regionBands?: boolean;
}

/**
 * Unit x time heatmap of coordination levels (paper 1's province-year table as colours): z = the
 * level each record carries (1..10, from the coupling result, classified once by the core with the
 * result's `closed`), on a discrete colour scale from `LEVEL_COLORS`, the colour bar labelled with
 * the level names (zh/en); hover shows D and the level.
 *
 * Rows are ordered by group (NBS regions first, east, central, west, northeast, then other
 * groups in order of appearance) and unit id, top to bottom. Records without a level are refused:
 * pass the coupling result, or records with a `level` field (or name it with `{ level }`).
 *
 * @example
 * cc.levelHeatmap(cd);                                            // a coupling result
 * cc.levelHeatmap(cd.rows, { unit: "adcode", time: "year", value: "D", level: "level" });
 */
export function levelHeatmap(data: CouplingResult | readonly Row[], options: LevelHeatmapOptions = {}): Figure {
  const fn = "levelHeatmap";
  const src = readSource(fn, data);
  const unitF = unitField(src, options.unit);
  const timeF = timeField(src, options.time);
  const valueF = options.value ?? resultValue(src) ?? "D";
  const levelF = options.level ?? "level";
  const labelF = defaultLabel(src, options.label);
  const groupF = options.group ?? src.keys?.group;
  const f = new Fields(fn, src.rows);
  const units = new Map<string, { name: string; group: string }>();
  const cells = new Map<string, { d: number; level: number }>();
  const timeSet = new Set<number>();
  src.rows.forEach((r, i) => {
    const unit = f.id(i, unitF, "unit");
    const t = f.num(i, timeF, "time");
    const d = f.num(i, valueF, "value");
    const level = readLevel(fn, f, i, levelF, options.level !== undefined);
    const key = `${unit}|${t}`;
    if (cells.has(key)) throw new PlotInputError(`${fn}: record ${i + 1} repeats unit ${unit} at time ${t}`);
    cells.set(key, { d, level });
    timeSet.add(t);
    if (!units.has(unit)) {
      units.set(unit, {
        name: f.text(i, labelF) ?? provinceShortName(unit) ?? unit,
        group: groupF !== undefined ? f.id(i, groupF, "group") : provinceRegion(unit) ?? "",
      });
    }
  });
  const groupsSeen = [...new Set([...units.values()].map((u) => u.group))];
  const groupRank = (g: string) => {
    const r = regionCode(g);
    return r ? REGION_ORDER.indexOf(r) : REGION_ORDER.length + groupsSeen.indexOf(g);
  };
  const unitKeys = [...units.keys()].sort(
    (a, b) => groupRank(units.get(a)!.group) - groupRank(units.get(b)!.group) || a.localeCompare(b),
  );
  const times = [...timeSet].sort((a, b) => a - b);
  // labels are the y categories: a label shared by two units would merge their rows, so add the id
  const nameCount = new Map<string, number>();
  for (const u of unitKeys) nameCount.set(units.get(u)!.name, (nameCount.get(units.get(u)!.name) ?? 0) + 1);
  const labels = unitKeys.map((u) => (nameCount.get(units.get(u)!.name)! > 1 ? `${units.get(u)!.name} (${u})` : units.get(u)!.name));
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
    hovertemplate: `%{y} %{x}<br>${valueF} = %{customdata[0]:.3f}<br>%{customdata[1]} (%{customdata[2]})<extra></extra>`,
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
    const nUnits = unitKeys.length;
    layout.height = Math.max(450, 20 * nUnits + 150);
    delete layout.autosize;
  }

  // Region bands: a narrow coloured bar between the province labels and the cells, white
  // separators between regions, and a colour key above the plot.
  const groups = groupsSeen.filter((g) => g !== "").sort((a, b) => groupRank(a) - groupRank(b));
  const groupColor = (g: string) => {
    const r = regionCode(g);
    return r ? REGION_COLORS[r] : CATEGORY_COLORS[groups.indexOf(g) % CATEGORY_COLORS.length];
  };
  if ((options.regionBands ?? true) && groups.length > 0) {
    const shapes: Record<string, unknown>[] = [];
    let start = 0;
    for (let i = 1; i <= unitKeys.length; i++) {
      const group = units.get(unitKeys[start])!.group;
      if (i < unitKeys.length && units.get(unitKeys[i])!.group === group) continue;
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
        fillcolor: group === "" ? "#999999" : groupColor(group),
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
    {
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
          text: groups.map((g) => `<span style="color:${groupColor(g)}">■</span> ${seriesLabel(g)}`).join("    "),
        },
      ];
    }
  }
  return { data: [trace], layout };
}

