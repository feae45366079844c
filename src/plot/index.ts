/**
 * Plotly figures as plain `{ data, layout }` objects: the only layer that knows Plotly's schema.
 * Builders take plain rows or result objects (never DataFrames) and draw nothing themselves.
 */
export * from "./types";
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
export { trendFigure, type TrendRow, type TrendOptions } from "./trend";
export { levelHeatmap, type LevelRow, type LevelHeatmapOptions } from "./heatmap";
export {
  choroplethMap,
  categoryMap,
  lisaClusterMap,
  regionsMap,
  windForPlotly,
  type MapValueRow,
  type MapCategoryRow,
  type LisaClusterRow,
  type MapOptions,
  type CategoryMapOptions,
  type ChoroplethOptions,
  type RegionsMapOptions,
} from "./maps";
export {
  moranTrend,
  moranScatter,
  type MoranTrendRow,
  type MoranTrendOptions,
  type MoranScatterPoint,
  type MoranScatterOptions,
} from "./moran";
export { obstacleBars, type ObstacleRow, type ObstacleBarsOptions } from "./obstacle";
export { giniContributions, GINI_PART_COLORS, type GiniContributionRow, type GiniContributionsOptions } from "./gini";
