// Speed figures for the spatial and inequality core (prints figures; not a timed test).
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json && node bench/core-spatial.mjs
//
// If other people's unfinished files break the whole build, compile just the core files:
//   node node_modules/typescript/bin/tsc -p bench/tsconfig.core-spatial.json
//   CORE_DIST=/tmp/core-spatial-dist node bench/core-spatial.mjs
// (REPEATS=5 node bench/core-spatial.mjs for more runs; the median and the minimum are printed.)
//
// Runs on a rook lattice built here. GeoDa's WebAssembly LISA (@geoda/lisa 0.0.22, devDependency)
// runs side by side in the same process: under Node it needs a `navigator` stub, and its loader
// fetches the .wasm by URL, so `fetch` is wrapped to serve that one file from node_modules.
import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import os from "node:os";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = process.env.CORE_DIST ?? path.join(here, "..", "dist", "core");
// load the modules one by one, so that a partial compile of just these files works too
const mod = (name) => require(path.join(distDir, `${name}.js`));
const { dagum } = mod("dagum");
const { moran } = mod("moran");
const { localMoran } = mod("lisa");
const { weightsFromNeighbors } = mod("weights");
const { contiguityWeights } = mod("contiguity");
const { createRandom } = mod("random");

const REPEATS = Number(process.env.REPEATS ?? 3);

function rookLattice(rows, cols) {
  const nb = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const list = [];
      if (r > 0) list.push((r - 1) * cols + c);
      if (c > 0) list.push(r * cols + c - 1);
      if (c < cols - 1) list.push(r * cols + c + 1);
      if (r < rows - 1) list.push((r + 1) * cols + c);
      nb.push(list);
    }
  }
  return nb;
}

/** Positive, spatially smooth values plus noise (seeded). */
function latticeValues(rows, cols, seed) {
  const rng = createRandom(seed);
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      y[r * cols + c] = 10 + 3 * Math.sin(r / 9) + 3 * Math.cos(c / 13) + 2 * rng.nextFloat();
    }
  }
  return y;
}

/**
 * Runs fn REPEATS times; returns the median and minimum wall-clock time and the median CPU time of
 * this process (user + system: what the run cost, whatever else the shared machine is doing), in
 * seconds, and the last result.
 */
async function time(fn) {
  const t = [];
  const c = [];
  let out;
  for (let k = 0; k < REPEATS; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    out = await fn();
    t.push((performance.now() - t0) / 1000);
    const dc = process.cpuUsage(c0);
    c.push((dc.user + dc.system) / 1e6);
  }
  t.sort((a, b) => a - b);
  c.sort((a, b) => a - b);
  const mid = Math.floor(t.length / 2);
  return { median: t[mid], min: t[0], cpu: c[mid], out };
}

const fmt = (s) => `${s.toFixed(3)} s`;
const line = (label, r, target) =>
  console.log(
    `${label.padEnd(60)} wall median ${fmt(r.median)} min ${fmt(r.min)} | cpu median ${fmt(r.cpu)}` +
      `${target ? `  (target ${target})` : ""}`,
  );

console.log(`node ${process.version}, ${REPEATS} runs each; library from ${distDir}`);
console.log(`load average at start: ${os.loadavg().map((v) => v.toFixed(2)).join(" ")} on ${os.cpus().length} cores (figures are wall-clock)`);

// ---------------------------------------------------------------- Dagum
for (const n of [30_000, 1_000_000]) {
  const rng = createRandom(7);
  const y = new Float64Array(n);
  const g = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 8;
    g[i] = `g${k}`;
    y[i] = (1 + k) * (0.5 + rng.nextFloat()) * 10;
  }
  const r = await time(() => dagum(y, g));
  line(`dagum, 8 groups, n = ${n.toLocaleString("en")}`, r, n === 30_000 ? "< 0.1 s" : "< 3 s");
  console.log(`    G = ${r.out.G.toFixed(6)}, Gw + Gnb + Gt - G = ${(r.out.Gw + r.out.Gnb + r.out.Gt - r.out.G).toExponential(2)}`);
}

// ---------------------------------------------------------------- lattice, weights
const ROWS = 150;
const COLS = 200;
const N = ROWS * COLS;
const nb = rookLattice(ROWS, COLS);
const ids = Array.from({ length: N }, (_, i) => String(i));
const y = latticeValues(ROWS, COLS, 11);
const tw = await time(() => weightsFromNeighbors(ids, nb));
line(`weightsFromNeighbors, rook lattice ${ROWS} x ${COLS} (n = ${N})`, tw);
const w = tw.out;

// contiguity from 30,000 square polygons
const features = [];
for (let r = 0; r < ROWS; r++) {
  for (let c = 0; c < COLS; c++) {
    const x = 100 + c * 0.01;
    const yy = 20 + r * 0.01;
    features.push({
      type: "Feature",
      properties: { id: String(r * COLS + c) },
      geometry: { type: "Polygon", coordinates: [[[x, yy], [x + 0.01, yy], [x + 0.01, yy + 0.01], [x, yy + 0.01], [x, yy]]] },
    });
  }
}
const tc = await time(() => contiguityWeights({ type: "FeatureCollection", features }, { rule: "rook" }));
line(`contiguityWeights (rook) from ${N.toLocaleString("en")} square polygons`, tc);
console.log(`    links: ${tc.out.nLinks} (lattice: ${w.nLinks})`);

// ---------------------------------------------------------------- global Moran
const tm = await time(() => moran(y, w, { permutations: 999 }));
line(`moran, 999 permutations, n = ${N}`, tm, "< 0.5 s");
console.log(`    I = ${tm.out.I.toFixed(6)}, z_rand = ${tm.out.z_rand.toFixed(2)}, p_sim = ${tm.out.p_sim}`);

// ---------------------------------------------------------------- local Moran: ours and GeoDa's
const tl = await time(() => localMoran(y, w, { permutations: 999 }));
line(`localMoran (this library), 999 permutations, n = ${N}`, tl);

let geodaLine = "GeoDa @geoda/lisa: not run";
try {
  if (typeof globalThis.navigator === "undefined") {
    globalThis.navigator = { language: "en-US", userAgent: "node" };
  }
  const wasmFile = path.join(path.dirname(require.resolve("@geoda/lisa")), "..", "wasm", "geoda-lisa.wasm");
  if (!existsSync(wasmFile)) throw new Error(`no ${wasmFile}`);
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, opts) => {
    const u = String(url);
    if (u.endsWith(".wasm") && !/^https?:/.test(u)) {
      const file = u.startsWith("file://") ? fileURLToPath(u) : u;
      return new Response(readFileSync(file), { headers: { "Content-Type": "application/wasm" } });
    }
    return realFetch(url, opts);
  };
  const geoda = require("@geoda/lisa");
  geoda.setDeliveryWASM(wasmFile);
  await geoda.initWASM(); // load once, outside the timing
  const data = Array.from(y);
  const tg = await time(() => geoda.localMoran({ data, neighbors: nb, permutation: 999, significanceCutoff: 0.05 }));
  line(`localMoran (GeoDa wasm, @geoda/lisa 0.0.22), 999 permutations`, tg);
  const ours = tl.out;
  const theirs = tg.out;
  let maxRel = 0;
  for (let i = 0; i < N; i++) {
    const d = Math.abs(ours.Is[i] - theirs.lisaValues[i]) / Math.max(Math.abs(theirs.lisaValues[i]), 1e-12);
    if (d > maxRel) maxRel = d;
  }
  let agree = 0;
  for (let i = 0; i < N; i++) if ((ours.p_sim[i] <= 0.05) === (theirs.pValues[i] <= 0.05)) agree++;
  console.log(`    max relative difference of I_i vs GeoDa's lisa values: ${maxRel.toExponential(2)}`);
  console.log(`    significance decisions at 0.05 agreeing with GeoDa: ${((100 * agree) / N).toFixed(1)}%`);
  geodaLine =
    `ratio (this library / GeoDa wasm): wall median ${(tl.median / tg.median).toFixed(2)}, ` +
    `wall min ${(tl.min / tg.min).toFixed(2)}, cpu median ${(tl.cpu / tg.cpu).toFixed(2)} (below 1 = faster)`;
} catch (e) {
  geodaLine = `GeoDa @geoda/lisa could not run: ${e && e.message}`;
}
console.log(geodaLine);
