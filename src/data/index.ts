// The data layer: files, the province registry, the map, adjacency, loaders (no danfo).
export * from "./errors";
export * from "./paths";
export * from "./registry";
export * from "./csv";
export * from "./loaders";
export * from "./echarts";
export * from "./map";
export * from "./adjacency";
export * from "./spec";
export * from "./panel";
export * from "./missing";
export * from "./published";
