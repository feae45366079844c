/**
 * Locating the package's bundled `data/` folder.
 *
 * The compiled files live in `dist/data/` and the sources in `src/data/`; both are two levels
 * below the package root, which holds `data/`. `dataPath` does not rely on that alone: it walks
 * up from this file's directory to the first folder that has both a `package.json` and a
 * `data/` folder, so it works from `src/` (vitest), from `dist/` (compiled, installed under
 * node_modules/coupling-coordination) and from any nesting a bundler might add.
 */
import * as fs from "fs";
import * as path from "path";

let cachedRoot: string | undefined;

/** Absolute path of the package root (the folder holding package.json and data/). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "data"))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`dataPath: could not find the package's data/ folder above ${__dirname}`);
}

/**
 * Absolute path of a file in the package's `data/` folder.
 * @example dataPath("provinces", "adjacency.csv") // -> /.../coupling-coordination/data/provinces/adjacency.csv
 */
export function dataPath(...parts: string[]): string {
  return path.join(packageRoot(), "data", ...parts);
}
