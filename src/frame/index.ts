// The notebook API: danfo DataFrames in, paper-style tables out (the only layer that knows danfo).
export { rows, toFrame, columnsOf, type DataFrame, type FrameInput, type Row } from "./table";
export * from "./errors";
export * from "./validate";
export * from "./spec";
export * from "./entropy";
export * from "./coupling";
export * from "./summarize";
export * from "./obstacles";
export * from "./dagum";
export * from "./spatial";
export * from "./compare";
export * from "./provenance";
