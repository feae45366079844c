/**
 * Plotly figures as plain `{ data, layout }` objects: the only layer that knows Plotly's schema.
 * Builders take a frame result (its records, with field names from its keys) or plain records
 * with the field names as options, and draw nothing themselves. Overlays (reference bands, a
 * series to compare with, highlights, notes) are options, never edits of a returned figure.
 */
export * from "./types";
export { PlotInputError } from "./records";
export {
  FONT_FAMILY,
  REGION_ORDER,
  REGION_COLORS,
  REGION_LABELS,
  LEVEL_COLORS,
  LISA_ORDER,
  LISA_COLORS,
  LISA_LABELS,
  normalizeLisaCluster,
} from "./style";
export { type OverlayOptions, type ReferenceBand, type CompareSeries, type FigureAnnotation } from "./overlays";
export { trendFigure, type TrendOptions } from "./trend";
export { levelHeatmap, type LevelHeatmapOptions } from "./heatmap";
export {
  choroplethMap,
  categoryMap,
  lisaClusterMap,
  regionsMap,
  windForPlotly,
  type MapOptions,
  type MapRecordOptions,
  type CategoryMapOptions,
  type ChoroplethOptions,
  type LisaClusterMapOptions,
  type RegionsMapOptions,
} from "./maps";
export { moranTrend, moranScatter, type MoranTrendOptions, type MoranScatterOptions } from "./moran";
export { obstacleBars, type ObstacleBarsOptions } from "./obstacle";
export { giniContributions, GINI_PART_COLORS, type GiniContributionsOptions } from "./gini";
