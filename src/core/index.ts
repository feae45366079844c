// The mathematics: plain numbers and typed arrays in, plain result objects out.
// One method per file; each helper uncomments (or adds) its own export lines.
export * from "./random";
export * from "./entropy";
export * from "./coupling";
export * from "./level";
export * from "./obstacle";
export * from "./gini";
export * from "./dagum";
export * from "./weights";
export * from "./contiguity";
export * from "./moran";
export * from "./lisa";
