/**
 * Overlays as options, in one place for every cartesian figure: reference bands on the value
 * axis, a second series to compare with (the published numbers beside the computed ones),
 * emphasised series or units, and notes at data points. A notebook passes them to the builder
 * instead of pushing traces into `figure.data` or writing `layout.shapes` afterwards.
 */
import type { Row, TableResult } from "../frame/results";
import { COORDINATION_LEVELS } from "../core/level";
import { Fields, PlotInputError, readSource, resultValue, show, timeField } from "./records";
import { LEVEL_COLORS, levelLabel } from "./style";
import type { Figure, PlotLayout, PlotTrace } from "./types";

/** A reference band on the value (y) axis: `from` .. `to`, shaded, with an optional label at its right end. */
export interface ReferenceBand {
  from: number;
  to: number;
  label?: string;
  /** Fill colour (default a light blue); drawn at 35 % opacity under the data. */
  color?: string;
}

/**
 * A second series drawn beside the figure's own: `data` are records (or a frame result), `x` and
 * `y` name their fields (for a result: default its time key and value column), `name` is the
 * legend entry.
 */
export interface CompareSeries {
  data: readonly Row[] | TableResult;
  x?: string;
  y?: string;
  name: string;
  /** Plotly line dash (default "dash"; "solid" for none). */
  dash?: string;
  /** Colour (default dark grey). */
  color?: string;
}

/** A note at a data point: an arrow to (`x`, `y`) with `text`. */
export interface FigureAnnotation {
  x: number | string;
  y: number;
  text: string;
}

/** Overlay options of the cartesian builders (trendFigure, moranTrend, moranScatter, giniContributions). */
export interface OverlayOptions {
  /**
   * Reference bands on the value axis, e.g. `[{ from: 0.5, to: 0.6, label: "勉强协调" }]`, or
   * `"levels"`: the coordination-level bands (the core's level table) that the values reach.
   */
  bands?: readonly ReferenceBand[] | "levels";
  /** One or more series to draw beside the figure's own (e.g. the published values). */
  compare?: CompareSeries | readonly CompareSeries[];
  /** Ids to emphasise: series ids (trend), unit ids (Moran scatter) or times (Moran trend). */
  highlight?: readonly (string | number)[];
  /** Notes at data points. */
  annotations?: readonly FigureAnnotation[];
}

/** What a builder tells the overlays about its figure. */
export interface OverlayContext {
  /** Builder name for messages. */
  fn: string;
  /** How compare series are drawn: lines with markers (time series) or markers (scatter). */
  mode: "lines+markers" | "markers";
  /** The values on the y axis (to choose the level bands they reach). */
  yValues: readonly number[];
}

const BAND_COLOR = "#c6dbef";
const COMPARE_COLOR = "#4d4d4d";

/**
 * The set of ids to emphasise; an id that matches nothing in `known` throws (a typo never
 * silently emphasises nothing).
 */
export function highlightSet(fn: string, highlight: OverlayOptions["highlight"], known: Iterable<string>, what: string): Set<string> {
  const set = new Set<string>();
  if (highlight === undefined) return set;
  if (!Array.isArray(highlight)) throw new PlotInputError(`${fn}: highlight must be an array of ids, got ${show(highlight)}`);
  const all = new Set(known);
  for (const h of highlight) {
    const id = String(h);
    if (!all.has(id)) {
      const list = [...all];
      throw new PlotInputError(
        `${fn}: highlight ${show(h)} matches no ${what} (the figure has: ${list.slice(0, 12).join(", ")}${list.length > 12 ? ", ..." : ""})`,
      );
    }
    set.add(id);
  }
  return set;
}

/** The bands to draw: the given ones checked, or the level bands the values reach. */
export function resolveBands(fn: string, bands: OverlayOptions["bands"], yValues: readonly number[]): ReferenceBand[] {
  if (bands === undefined) return [];
  if (bands === "levels") {
    const finite = yValues.filter(Number.isFinite);
    if (finite.length === 0) return [];
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    // a band is drawn when some value lies in it (its edges included, as either closing rule may put a value there)
    return COORDINATION_LEVELS.filter((l) => l.upper >= lo && l.lower <= hi).map((l) => ({
      from: l.lower,
      to: l.upper,
      label: levelLabel(l.level),
      color: LEVEL_COLORS[l.level]!,
    }));
  }
  if (!Array.isArray(bands)) throw new PlotInputError(`${fn}: bands must be an array of { from, to, label? } or "levels", got ${show(bands)}`);
  return bands.map((b, i) => {
    if (typeof b !== "object" || b === null) throw new PlotInputError(`${fn}: bands[${i}] is ${show(b)}, expected { from, to, label? }`);
    for (const k of ["from", "to"] as const) {
      if (typeof b[k] !== "number" || !Number.isFinite(b[k])) {
        throw new PlotInputError(`${fn}: bands[${i}].${k} is ${show(b[k])}, expected a finite number`);
      }
    }
    if (!(b.from < b.to)) throw new PlotInputError(`${fn}: bands[${i}] runs from ${b.from} to ${b.to}; "from" must be below "to"`);
    return b;
  });
}

/** Read one compare series into x and y arrays (sorted by x for lines). */
function compareTrace(fn: string, c: CompareSeries, k: number, mode: OverlayContext["mode"]): PlotTrace {
  const where = `${fn}: compare[${k}]`;
  if (typeof c !== "object" || c === null) throw new PlotInputError(`${where} is ${show(c)}, expected { data, x, y, name }`);
  if (typeof c.name !== "string" || c.name === "") throw new PlotInputError(`${where}: name the series with { name: "..." }`);
  const src = readSource(where, c.data);
  const x = c.x ?? (src.keys ? timeField(src, undefined) : undefined);
  const y = c.y ?? resultValue(src);
  if (x === undefined || y === undefined) {
    throw new PlotInputError(`${where} (${c.name}): plain records need their field names: { x: "...", y: "..." }`);
  }
  const f = new Fields(where, src.rows);
  const pts = src.rows.map((_, i) => ({ x: f.num(i, x, "x"), y: f.num(i, y, "y") }));
  if (mode === "lines+markers") pts.sort((a, b) => a.x - b.x);
  const color = c.color ?? COMPARE_COLOR;
  return {
    type: "scatter",
    mode,
    name: c.name,
    x: pts.map((p) => p.x),
    y: pts.map((p) => p.y),
    ...(mode === "lines+markers" ? { line: { color, width: 1.5, dash: c.dash ?? "dash" } } : {}),
    marker: mode === "markers" ? { color, size: 8, symbol: "diamond-open", line: { color, width: 1.5 } } : { color, size: 6, symbol: "square" },
    hovertemplate: `%{x}: %{y:.4f}<extra>${c.name}</extra>`,
  };
}

/**
 * Apply bands, compare series and annotations to a built figure (highlight is the builder's:
 * it knows which traces carry the ids). Bands go under the data as rectangles across the plot
 * width on the y axis, their labels inside the right end; compare traces go after the figure's
 * own; annotations are appended to any the figure already has.
 */
export function applyOverlays(figure: Figure, options: OverlayOptions, ctx: OverlayContext): Figure {
  const { fn } = ctx;
  const compare = options.compare === undefined ? [] : Array.isArray(options.compare) ? options.compare : [options.compare as CompareSeries];
  const traces = compare.map((c, k) => compareTrace(fn, c, k, ctx.mode));
  const yValues = [...ctx.yValues, ...traces.flatMap((t) => t.y as number[])];
  const bands = resolveBands(fn, options.bands, yValues);
  const layout: PlotLayout = figure.layout;
  if (bands.length > 0) {
    const shapes = Array.isArray(layout.shapes) ? (layout.shapes as unknown[]).slice() : [];
    const notes = Array.isArray(layout.annotations) ? (layout.annotations as unknown[]).slice() : [];
    for (const b of bands) {
      shapes.push({
        type: "rect",
        xref: "paper",
        x0: 0,
        x1: 1,
        yref: "y",
        y0: b.from,
        y1: b.to,
        fillcolor: b.color ?? BAND_COLOR,
        opacity: options.bands === "levels" ? 0.18 : 0.35,
        line: { width: 0 },
        layer: "below",
      });
      if (b.label) {
        notes.push({
          xref: "paper",
          x: 0.99,
          xanchor: "right",
          yref: "y",
          y: b.to,
          yanchor: "top",
          showarrow: false,
          text: b.label,
          font: { size: 11, color: "#555555" },
        });
      }
    }
    layout.shapes = shapes;
    layout.annotations = notes;
  }
  if (options.annotations !== undefined) {
    if (!Array.isArray(options.annotations)) {
      throw new PlotInputError(`${fn}: annotations must be an array of { x, y, text }, got ${show(options.annotations)}`);
    }
    const notes = Array.isArray(layout.annotations) ? (layout.annotations as unknown[]).slice() : [];
    options.annotations.forEach((a, i) => {
      if (typeof a !== "object" || a === null) throw new PlotInputError(`${fn}: annotations[${i}] is ${show(a)}, expected { x, y, text }`);
      if (!(typeof a.x === "string" || (typeof a.x === "number" && Number.isFinite(a.x)))) {
        throw new PlotInputError(`${fn}: annotations[${i}].x is ${show(a.x)}, expected a finite number or a category`);
      }
      if (typeof a.y !== "number" || !Number.isFinite(a.y)) throw new PlotInputError(`${fn}: annotations[${i}].y is ${show(a.y)}, expected a finite number`);
      if (typeof a.text !== "string") throw new PlotInputError(`${fn}: annotations[${i}].text is ${show(a.text)}, expected text`);
      notes.push({
        xref: "x",
        yref: "y",
        x: a.x,
        y: a.y,
        text: a.text,
        showarrow: true,
        arrowhead: 2,
        arrowsize: 0.8,
        arrowcolor: "#555555",
        ax: 0,
        ay: -32,
        font: { size: 11, color: "#333333" },
        bgcolor: "rgba(255,255,255,0.85)",
      });
    });
    layout.annotations = notes;
  }
  figure.data.push(...traces);
  return figure;
}
