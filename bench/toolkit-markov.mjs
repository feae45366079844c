// Speed figures for kernel density, Markov and spatial Markov chains (prints figures; not a timed
// test), and the headline numbers of the golden files' paper cases computed by the library.
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json && node bench/toolkit-markov.mjs
//
// If other people's unfinished files break the whole build, compile just the files used here:
//   node node_modules/typescript/bin/tsc --outDir /tmp/toolkit-markov-dist --rootDir src/core \
//     --module commonjs --target ES2022 --strict --skipLibCheck \
//     src/core/kde.ts src/core/markov.ts src/core/spatial-markov.ts src/core/weights.ts \
//     src/core/distributions.ts src/core/random.ts
//   CORE_DIST=/tmp/toolkit-markov-dist node bench/toolkit-markov.mjs
// (REPEATS=9 for more runs; the median and the minimum are printed.)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import os from "node:os";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = process.env.CORE_DIST ?? path.join(here, "..", "dist", "core");
const mod = (name) => require(path.join(distDir, `${name}.js`));
const { kernelDensity } = mod("kde");
const { classify, markov } = mod("markov");
const { spatialMarkov } = mod("spatial-markov");
const { weightsFromNeighbors } = mod("weights");
const { createRandom } = mod("random");

const REPEATS = Number(process.env.REPEATS ?? 5);

function time(fn) {
  const ms = [];
  let out;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    out = fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], out };
}
const fmt = (t) => `median ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)} ms, ${REPEATS} runs)`;

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

console.log(`toolkit-markov bench: node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"})`);
console.log(`dist: ${distDir}\n`);

// --- spatial Markov: 60 x 50 rook lattice (3,000 units), 20 periods --------------------------
{
  const rows = 60;
  const cols = 50;
  const T = 20;
  const nb = rookLattice(rows, cols);
  const w = weightsFromNeighbors(nb.map((_, i) => `u${i}`), nb);
  const rng = createRandom(7);
  // a smooth surface that drifts upward, plus noise: every class moves, lag classes matter
  const y = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const base = 0.4 + 0.1 * Math.sin(r / 8) + 0.1 * Math.cos(c / 11);
      const row = [];
      for (let t = 0; t < T; t++) row.push(base + 0.01 * t + 0.03 * rng.nextFloat());
      y.push(row);
    }
  }
  spatialMarkov(y, w); // warm-up
  const t = time(() => spatialMarkov(y, w, { k: 5, m: 5 }));
  const r = t.out;
  console.log(`spatialMarkov, ${rows} x ${cols} rook lattice (${rows * cols} units) x ${T} periods, k = m = 5:`);
  console.log(`  ${fmt(t)}`);
  console.log(
    `  ${r.transitions.flat().reduce((a, b) => a + b, 0)} transitions; Q = ${r.homogeneity.Q.toFixed(2)} ` +
      `(dof ${r.homogeneity.dof}), x2 = ${r.x2.toFixed(2)} (dof ${r.x2_dof})`,
  );
  const ids = classify(y, { k: 5 });
  const tm = time(() => markov(ids.class_ids, { k: ids.k }));
  console.log(`markov on the same classes (3,000 x 20): ${fmt(tm)}\n`);
}

// --- kernel density: n = 100,000 on 512 points ------------------------------------------------
{
  const rng = createRandom(11);
  const n = 100000;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // a two-bump mixture (Box-Muller normals)
    const u = rng.nextFloat() || 1e-300;
    const v = rng.nextFloat();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    x[i] = (i % 3 === 0 ? 0.7 : 0.4) + 0.08 * z;
  }
  kernelDensity(x); // warm-up
  const g = time(() => kernelDensity(x));
  const e = time(() => kernelDensity(x, { kernel: "epanechnikov" }));
  console.log(`kernelDensity, n = ${n} values on 512 points (bw nrd0 = ${g.out.bandwidth.toPrecision(6)}):`);
  console.log(`  gaussian:     ${fmt(g)}`);
  console.log(`  epanechnikov: ${fmt(e)}`);
  // trapezoid integral as a sanity figure
  const integ = (r) => {
    const h = (r.to - r.from) / (r.x.length - 1);
    let s = 0;
    r.density.forEach((d, j) => (s += (j === 0 || j === r.x.length - 1 ? 0.5 : 1) * d));
    return s * h;
  };
  console.log(`  trapezoid integrals: ${integ(g.out).toFixed(6)} (gaussian), ${integ(e.out).toFixed(6)} (epanechnikov)\n`);
}

// --- headline numbers of the golden files' paper cases, from the library ----------------------
const load = (f) => JSON.parse(readFileSync(path.join(here, "..", "test", "golden", "toolkit", f), "utf8"));
const pct = (v) => `${(100 * v).toFixed(1)}%`;
const vec = (v) => `[${v.map((a) => a.toFixed(4)).join(", ")}]`;
{
  const g = load("markov.json");
  console.log("Markov chains of D (pooled classes; markov.json paper cases):");
  for (const c of g.cases.filter((q) => /^paper/.test(q.name))) {
    const cl = classify(c.input.values, c.input.cutoffs ? { cutoffs: c.input.cutoffs } : { k: c.input.k });
    const m = markov(cl.class_ids, { k: cl.k });
    const ss = m.steady_states.length === 1 ? m.steady_states[0] : null;
    console.log(
      `  ${c.name}: steady state ${ss ? vec(ss) : JSON.stringify(m.steady_states)}; top class ${ss ? pct(ss[ss.length - 1]) : "-"}; ` +
        `recurrent classes ${JSON.stringify(m.recurrent_classes)}; sojourn ${vec(m.sojourn_time)}`,
    );
  }
}
{
  const g = load("spatial-markov.json");
  console.log("\nSpatial Markov chains (spatial-markov.json paper cases; rook + Hainan-Guangdong):");
  for (const c of g.cases.filter((q) => /^paper/.test(q.name))) {
    const w = weightsFromNeighbors(c.input.unit_ids.map(String), c.input.neighbors);
    const r = spatialMarkov(c.input.values, w, {
      k: c.input.k,
      m: c.input.m,
      cutoffs: c.input.cutoffs ?? undefined,
      lagCutoffs: c.input.lag_cutoffs ?? undefined,
    });
    const h = r.homogeneity;
    console.log(
      `  ${c.name}: Q = ${h.Q.toFixed(4)} (dof ${h.dof}, p = ${h.Q_p_value.toExponential(3)}), ` +
        `LR = ${h.LR.toFixed(4)} (p = ${h.LR_p_value.toExponential(3)}), x2 = ${r.x2.toFixed(4)} ` +
        `(dof ${r.x2_dof}, p = ${r.x2_pvalue.toFixed(4)})`,
    );
  }
}
{
  const g = load("kernel-density.json");
  console.log("\nKernel density of D (kernel-density.json paper cases, Gaussian, nrd0, 512 points):");
  for (const c of g.cases.filter((q) => /^paper/.test(q.name))) {
    const r = kernelDensity(c.input.x);
    let jmax = 0;
    r.density.forEach((d, j) => (d > r.density[jmax] ? (jmax = j) : 0));
    console.log(
      `  ${c.name}: bandwidth ${r.bandwidth.toPrecision(8)} (nrd ${kernelDensity(c.input.x, { bandwidth: "nrd" }).bandwidth.toPrecision(8)}), ` +
        `peak ${r.density[jmax].toFixed(4)} at D = ${r.x[jmax].toFixed(4)}`,
    );
  }
}
