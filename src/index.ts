/**
 * coupling-coordination: regional coupling coordination studies, step by step.
 *
 * Layers (data flows one way): data -> frame -> core -> frame -> plot / notebook.
 * - core: the mathematics (entropy weights, coupling coordination, obstacle degree, Dagum Gini,
 *   spatial weights, Moran's I, LISA), plain numbers in and out.
 * - data: files, the province registry, indicator specifications, panels.
 * - frame: danfo DataFrames in, paper-style tables out.
 * - plot: Plotly figures as plain `{ data, layout }` objects.
 * - notebook: showing tables and figures in a tslab cell.
 */
export * from "./core";
export * from "./data";
export * from "./frame";
export * from "./plot";
export * from "./notebook";
