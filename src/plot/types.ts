/**
 * Plain Plotly figure types. A figure is `{ data, layout }`: the exact objects `Plotly.newPlot`
 * takes. Builders in this layer return them and never draw anything themselves.
 */

/** One Plotly trace (`type: "scatter" | "bar" | "heatmap" | "choropleth" | ...`). */
export type PlotTrace = Record<string, unknown>;

/** A Plotly layout object. */
export type PlotLayout = Record<string, unknown>;

/** A figure as Plotly takes it: `Plotly.newPlot(div, figure.data, figure.layout, figure.config)`. */
export interface Figure {
  data: PlotTrace[];
  layout: PlotLayout;
  config?: Record<string, unknown>;
}

/** Minimal GeoJSON types (only what the maps read; the data layer's province map fits them). */
export interface MapFeature {
  type: "Feature";
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown } | null;
  id?: string | number;
}

export interface MapFeatureCollection {
  type: "FeatureCollection";
  features: MapFeature[];
}

/** Options shared by every builder. */
export interface BaseFigureOptions {
  /** Figure title; every builder has a bilingual default ("中文 / English"). */
  title?: string;
  /** Fixed size in pixels; left unset (the renderer or notebook decides) by default. */
  width?: number;
  height?: number;
}
