// Speed of contiguityWeights (prints figures; not a timed test).
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json && node bench/contiguity.mjs
//
// If other people's unfinished files break the whole build, compile just the two files it needs:
//   node node_modules/typescript/bin/tsc --outDir /tmp/contiguity-dist --rootDir src/core \
//     --module commonjs --target ES2022 --strict --skipLibCheck src/core/contiguity.ts
//   CORE_DIST=/tmp/contiguity-dist node bench/contiguity.mjs
// (REPEATS=9 node bench/contiguity.mjs for more runs; the median and the minimum are printed.)
//
// Cases: the bundled province map (31 analysed provinces, read straight from
// data/provinces/china-provinces.geojson), and a synthetic 60 x 50 grid of square polygons whose
// odd rows are offset by half a cell (a T-junction at every corner), first with 4 vertices per
// square, then with every side cut into 9 edges (36 vertices per square, about 111k in all; the
// cuts of two neighbours never meet, so every shared border is T-junctions only).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import os from "node:os";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = process.env.CORE_DIST ?? path.join(here, "..", "dist", "core");
const { contiguityWeights } = require(path.join(distDir, "contiguity.js"));

const REPEATS = Number(process.env.REPEATS ?? 5);

function time(fn) {
  const t = [];
  let out;
  fn(); // warm-up (JIT), not counted
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    out = fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)], min: t[0], out };
}

function countVertices(features) {
  let n = 0;
  const walk = (c) => {
    if (typeof c[0] === "number") n++;
    else for (const x of c) walk(x);
  };
  for (const f of features) if (f.geometry) walk(f.geometry.coordinates);
  return n;
}

function report(label, fcol, opts) {
  const nv = countVertices(fcol.features);
  for (const rule of ["rook", "queen"]) {
    const r = time(() => contiguityWeights(fcol, { ...opts, rule }));
    console.log(
      `${`${label}, ${rule}`.padEnd(58)} ${String(fcol.features.length).padStart(5)} polygons ` +
        `${String(nv).padStart(7)} vertices   median ${r.median.toFixed(1).padStart(6)} ms   min ${r.min.toFixed(1).padStart(6)} ms` +
        `   links ${r.out.nLinks}`,
    );
  }
}

/**
 * cols x rows unit squares (cell `size` degrees), odd rows shifted right by half a cell; each side
 * cut into `cuts` edges.
 */
function offsetGrid(cols, rows, size, cuts) {
  const features = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x0 = c + (r % 2) * 0.5;
      const corners = [[x0, r], [x0 + 1, r], [x0 + 1, r + 1], [x0, r + 1]];
      const ring = [];
      for (let k = 0; k < 4; k++) {
        const [ax, ay] = corners[k];
        const [bx, by] = corners[(k + 1) % 4];
        for (let j = 0; j < cuts; j++) ring.push([ax + ((bx - ax) * j) / cuts, ay + ((by - ay) * j) / cuts]);
      }
      ring.push(ring[0]);
      features.push({
        type: "Feature",
        properties: { id: `${r}-${c}` },
        geometry: { type: "Polygon", coordinates: [ring.map(([x, y]) => [100 + x * size, 25 + y * size])] },
      });
    }
  }
  return { type: "FeatureCollection", features };
}

console.log(`node ${process.version}, ${REPEATS} runs each after one warm-up; library from ${distDir}`);
console.log(`load average at start: ${os.loadavg().map((v) => v.toFixed(2)).join(" ")} on ${os.cpus().length} cores (wall-clock figures)`);

const map = JSON.parse(readFileSync(path.join(here, "..", "data", "provinces", "china-provinces.geojson"), "utf8"));
const provinces = { type: "FeatureCollection", features: map.features.filter((f) => f.properties.analysed) };
report("province map (68 pairs expected)", provinces, { idProperty: "adcode" });

// 60 columns x 50 rows: 50 * 59 links within rows + 49 * (60 + 59) between rows = 8781
report("60 x 50 offset squares (8781 links expected)", offsetGrid(60, 50, 0.05, 1), {});
report("60 x 50 offset squares, 9 edges per side", offsetGrid(60, 50, 0.05, 9), {});
