/**
 * coupling-coordination: regional coupling coordination studies, step by step.
 *
 * The package's one index: every name a notebook user needs, listed here by name (the layers'
 * helpers stay internal). Layers (data flows one way): data -> frame -> core -> frame -> plot /
 * notebook.
 * - core: the mathematics, plain numbers in and out (no danfo: importing the package and calling
 *   a core function never loads danfo or TensorFlow.js).
 * - data: files, the province registry, indicator specifications.
 * - frame: panels in (danfo DataFrames or rows, keys named once), results out.
 * - plot: Plotly figures as plain `{ data, layout }`, built straight from results.
 * - notebook: showing and saving tables and figures in a tslab cell.
 */

// ---- core: the mathematics ------------------------------------------------------------------
export { entropyWeights, type ZeroConvention, type EntropyDirection, type EntropyOptions, type EntropyResult } from "./core/entropy";
export { couplingCoordination, type CouplingModel, type CouplingOptions } from "./core/coupling";
export { coordinationLevel, coordinationLevels, COORDINATION_LEVELS, type CoordinationLevel, type LevelOptions } from "./core/level";
export { obstacleDegree, type ObstacleOptions, type ObstacleResult as ObstacleDegreeResult } from "./core/obstacle";
export { gini } from "./core/gini";
export { dagum, type DagumOptions, type DagumResult as DagumDecomposition } from "./core/dagum";
export { weightsFromNeighbors, weightsFromPairs, type SpatialWeights, type WeightsStyle } from "./core/weights";
export { contiguityWeights, type ContiguityOptions } from "./core/contiguity";
export { moran, type MoranOptions, type MoranResult as MoranStatistic, type Alternative } from "./core/moran";
export { localMoran, LISA_CLUSTERS, type LocalMoranOptions, type LocalMoranResult, type Quadrant, type LisaCluster, type LisaCorrection } from "./core/lisa";
export { createRandom, DEFAULT_SEED, type Random } from "./core/random";
export { kernelDensity } from "./core/kde";
export { classify, markov } from "./core/markov";
export { spatialMarkov } from "./core/spatial-markov";
export { theil } from "./core/theil";
export { geodetector } from "./core/geodetector";
export { meanCenter, standardEllipse, polygonCentroid } from "./core/ellipse";
export { gm11 } from "./core/gm11";
export { convergence } from "./core/convergence";
export { bootstrap } from "./core/bootstrap";
export { correlation } from "./core/correlation";

// ---- data: files, registry, specifications -------------------------------------------------
export { dataPath } from "./data/paths";
export { readPanel, readLong, type ReadPanelOptions, type ReadPanelResult, type ReadLongOptions } from "./data/loaders";
export { toWide, type ToWideOptions, type WideTable } from "./data/reshape";
export { readSpec, loadSpec, specSystems, type SpecRow, type SpecSystem } from "./data/spec";
export { loadProvinceMap } from "./data/map";
export { provinceWeights, type ProvinceWeightsOptions, type ProvinceWeights, type HainanLink } from "./data/adjacency";
export { PROVINCES, REGIONS, provinceByAdcode, resolveProvince, regionOf, type Province, type Region, type RegionCode } from "./data/registry";
export { publishedRecords, readPublished, listPublished } from "./data/published";

// ---- frame: panels in, results out ------------------------------------------------------------
export { panel, NBS_REGIONS, type Panel, type GroupPreset, type KeyOptions } from "./frame/panel";
export {
  type TableResult,
  type PanelKeys,
  type Row,
  type GroupInfo,
  type CouplingResult,
  type SummaryResult,
  type MoranResult,
  type LisaResult,
  type ObstacleResult,
  type DagumResult,
} from "./frame/results";
export { rows, toFrame, type DataFrame, type FrameInput } from "./frame/table";
export { FrameError } from "./frame/errors";
export { entropy, type EntropyFrameOptions, type EntropyFrameResult, type ScoresResult } from "./frame/entropy";
export { coupling, type CouplingFrameOptions } from "./frame/coupling";
export { summarize, type SummarizeOptions } from "./frame/summarize";
export { obstacles, type ObstaclesOptions } from "./frame/obstacles";
export { dagumByYear, type DagumByYearOptions } from "./frame/dagum";
export { moranByYear, lisa, type MoranByYearOptions, type LisaFrameOptions } from "./frame/spatial";
export { compare, type CompareOptions } from "./frame/compare";
export { provenance, type ProvenanceOptions } from "./frame/provenance";
export { findings, type Finding, type FindingsTable } from "./frame/findings";
export {
  timeSeries,
  valuesAt,
  periodMeans,
  ranking,
  topGroup,
  bottomGroup,
  extremesByTime,
  countTimes,
  rises,
  changeBetween,
  selectSeries,
  mergeSeries,
} from "./frame/trends";
export {
  audit,
  auditSummary,
  checkValue,
  checkStatement,
  checkEveryTime,
  checkWeightedMeans,
  checkMeanRow,
  checkSums,
  checkPercentChanges,
  checkQuotes,
  checkLevels,
  checkPartSums,
  checkSorted,
  checkQuotedYears,
  checkDagumIdentities,
} from "./frame/audit";
export type { TimeSeries, TimeSeriesOptions, TimeCount, Change } from "./frame/trends";
export type { AuditCheck, AuditResult, AuditSummary, QuoteRule, DagumTables } from "./frame/audit";
export { bandCounts, levelChanges, panelInfo } from "./frame/bands";
export type {
  BandCountsOptions,
  BandRecord,
  BandCountsResult,
  LevelChangesOptions,
  LevelChangeRecord,
  LevelChangesResult,
  PanelInfo,
} from "./frame/bands";
export { featureCentroids, southeastGradient } from "./frame/gradient";
export type {
  CentroidFeatures,
  FeatureCentroidsOptions,
  CentroidRecord,
  CentroidsResult,
  SoutheastGradientOptions,
  GradientRecord,
  GradientResult,
} from "./frame/gradient";
export {
  meanIntervals,
  meanIntervalsReweighted,
  dagumIntervals,
  moranNull,
  type IntervalOptions,
  type MeanIntervalResult,
  type MeanIntervalsOptions,
  type MeanIntervalsReweightedOptions,
  type DagumIntervalsOptions,
  type DagumIntervalResult,
  type MoranNullOptions,
  type MoranNullResult,
} from "./frame/uncertainty";
export {
  robustness,
  zeroScenarios,
  poolingScenarios,
  modelScenarios,
  dropScenarios,
  equalWeightsScenarios,
  leaveOneOutScenarios,
  standardScenarios,
  risesConclusion,
  levelConclusion,
  rankingConclusion,
  aboveMeanConclusion,
  largestObstacleConclusion,
  giniFallsConclusion,
  betweenLargestConclusion,
  moranConclusion,
  paper1Conclusions,
  type Scenario,
  type Conclusion,
  type RobustnessOptions,
  type RobustnessResult,
  type RobustnessRun,
  type ScenarioChoices,
  type ScenarioData,
  type ResolvedScenario,
} from "./frame/robustness";
export {
  densityByYear,
  markovChain,
  spatialMarkovChain,
  theilByYear,
  inequalityByYear,
  type DensityByYearOptions,
  type DensityResult,
  type MarkovChainOptions,
  type MarkovChainResult,
  type SpatialMarkovChainOptions,
  type SpatialMarkovChainResult,
  type TheilByYearOptions,
  type TheilByYearResult,
  type InequalityByYearOptions,
  type InequalityResult,
} from "./frame/toolkit-dynamics";
export {
  discretize,
  detectFactors,
  centreOfGravity,
  greyForecast,
  convergenceOf,
  type DiscretizeOptions,
  type DiscretizePanelOptions,
  type DiscretizeResult,
  type DetectFactorsOptions,
  type GeodetectorFrameResult,
  type CentreOfGravityOptions,
  type CentreResult,
  type GreyForecastOptions,
  type GreyResult,
  type ConvergenceOfOptions,
  type ConvergenceFrameResult,
} from "./frame/toolkit-drivers";

// ---- plot: figures from results ---------------------------------------------------------------
export { type Figure, type PlotTrace, type PlotLayout, type MapFeatureCollection, type BaseFigureOptions } from "./plot/types";
export { PlotInputError } from "./plot/records";
export { REGION_COLORS, LEVEL_COLORS, LISA_COLORS } from "./plot/style";
export { type OverlayOptions, type ReferenceBand, type CompareSeries, type FigureAnnotation } from "./plot/overlays";
export { trendFigure, type TrendOptions } from "./plot/trend";
export { levelHeatmap, type LevelHeatmapOptions } from "./plot/heatmap";
export {
  choroplethMap,
  categoryMap,
  lisaClusterMap,
  regionsMap,
  type MapOptions,
  type MapRecordOptions,
  type CategoryMapOptions,
  type ChoroplethOptions,
  type LisaClusterMapOptions,
  type RegionsMapOptions,
} from "./plot/maps";
export { moranTrend, moranScatter, type MoranTrendOptions, type MoranScatterOptions } from "./plot/moran";
export { obstacleBars, type ObstacleBarsOptions } from "./plot/obstacle";
export { giniContributions, type GiniContributionsOptions } from "./plot/gini";
export {
  densityCurves,
  densityRidgeline,
  transitionHeatmap,
  spatialTransitionHeatmaps,
  inequalityTrends,
  type DensityCurvesOptions,
  type DensityRidgelineOptions,
  type TransitionHeatmapOptions,
  type SpatialTransitionHeatmapsOptions,
  type InequalityTrendsOptions,
} from "./plot/toolkit-dynamics";
export {
  geodetectorBars,
  interactionHeatmap,
  ellipseMap,
  greyForecastFigure,
  sigmaTrend,
  betaScatter,
  type GeodetectorBarsOptions,
  type InteractionHeatmapOptions,
  type EllipseMapOptions,
  type GreyForecastFigureOptions,
  type SigmaTrendOptions,
  type BetaScatterOptions,
} from "./plot/toolkit-drivers";
export { intervalTrend, dagumIntervalFigure, robustnessGrid, moranNullHistogram } from "./plot/uncertainty";

// ---- notebook: show and save ------------------------------------------------------------------
export { setupNotebook, show, showTable, showMarkdown } from "./notebook/display";
export { saveFigure, saveTable } from "./notebook/save";
export { params, parseZero, zeroText, ParameterError } from "./notebook/params";
export type { TableOptions } from "./notebook/table";
