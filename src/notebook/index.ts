// Showing tables and figures in a tslab cell, and writing them to files.
export * from "./assets";
export * from "./chromium";
export * from "./table";
export * from "./display";
export * from "./save";
export * from "./png";
