// Speed figures for the geographical detector (prints figures; not a timed test).
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json && node bench/toolkit-geodetector.mjs
//
// If other people's unfinished files break the whole build, compile just the files it needs:
//   node node_modules/typescript/bin/tsc --outDir /tmp/geodetector-dist --module commonjs \
//     --target ES2022 --strict --skipLibCheck --types node src/core/geodetector.ts src/core/random.ts
//   CORE_DIST=/tmp/geodetector-dist node bench/toolkit-geodetector.mjs
// (REPEATS=9 for more runs; the median and the minimum are printed.)
//
// Cases: 5 factors with 5 to 10 strata on n = 100,000 seeded values (all four detectors: 5 factor
// rows, 10 overlays, 10 ecological pairs, 175 Welch tests); the same with y far from 0 and strata
// of unequal sizes, where R's lambda (which depends on the location of y) is large and the
// noncentral F sum is long; and the headline q of the golden file's paper case (paper 2, D 2019).
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
const { geodetector } = mod("geodetector");
const { createRandom } = mod("random");

const REPEATS = Number(process.env.REPEATS ?? 5);

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(label, fn) {
  fn(); // warm-up
  const t = [];
  let out;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    out = fn();
    t.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(58)} median ${median(t).toFixed(1).padStart(7)} ms   min ${Math.min(...t).toFixed(1).padStart(7)} ms`);
  return out;
}

/** n observations, factors with the given stratum counts; y = effect of factor 0 + noise. */
function makeData(n, strataCounts, { offset = 0, skew = false, effect = 0.3 } = {}) {
  const rng = createRandom(20240917);
  const strata = {};
  strataCounts.forEach((L, k) => {
    const lab = new Array(n);
    for (let i = 0; i < n; i++) {
      // skew: stratum h drawn with probability proportional to h + 1 (unequal sizes)
      let h;
      if (skew) {
        const u = rng.nextFloat() * ((L * (L + 1)) / 2);
        h = Math.min(L - 1, Math.floor((Math.sqrt(8 * u + 1) - 1) / 2));
      } else h = rng.nextInt(L);
      lab[i] = k % 2 === 0 ? h + 1 : `s${h}`;
    }
    strata[`x${k + 1}`] = lab;
  });
  const y = new Float64Array(n);
  const first = strata.x1;
  for (let i = 0; i < n; i++) {
    // Box-Muller noise
    const u1 = rng.nextFloat() || 1e-12;
    const u2 = rng.nextFloat();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    y[i] = offset + effect * Number(first[i]) + z;
  }
  return { y, strata };
}

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"}, ${os.cpus().length} cores; ${REPEATS} runs each`);

const n = 100_000;
const counts = [5, 6, 8, 10, 7];
const a = makeData(n, counts);
const ra = time(`geodetector, n = ${n}, 5 factors (${counts.join("/")} strata)`, () => geodetector(a.y, a.strata));
console.log(
  `  q = ${ra.factor.map((f) => f.q.toFixed(4)).join(", ")}; lambda = ${ra.factor.map((f) => f.lambda_ncp.toPrecision(3)).join(", ")}`,
);

const b = makeData(n, counts, { offset: 1000, skew: true });
const rb = time(`same, y around 1000, unequal strata (large R lambda)`, () => geodetector(b.y, b.strata));
console.log(
  `  q = ${rb.factor.map((f) => f.q.toFixed(4)).join(", ")}; lambda = ${rb.factor.map((f) => f.lambda_ncp.toPrecision(3)).join(", ")}`,
);

const small = makeData(31, [4, 4, 5], { effect: 0.5 });
const smallStrata = {};
// 31 provinces: make sure no stratum is a singleton (the bench data are random)
for (const [k, v] of Object.entries(small.strata)) {
  const c = new Map();
  v.forEach((s) => c.set(s, (c.get(s) ?? 0) + 1));
  if ([...c.values()].every((m) => m >= 2)) smallStrata[k] = v;
}
if (Object.keys(smallStrata).length >= 2) time(`geodetector, n = 31, ${Object.keys(smallStrata).length} factors`, () => geodetector(small.y, smallStrata));

// the golden file's paper case: paper 2 (variant A), D in 2019 over 31 provinces
const golden = JSON.parse(readFileSync(path.join(here, "..", "test", "golden", "toolkit", "geodetector.json"), "utf8"));
const paper = golden.cases.find((c) => c.name === "paper2-A-D-2019");
const st = {};
for (const x of paper.input.x) st[x] = paper.input.data[x];
const rp = geodetector(paper.input.data[paper.input.y], st);
console.log(`\npaper 2 (variant A), D 2019, 31 provinces: factor detector`);
for (const f of rp.factor) {
  console.log(`  ${f.x.padEnd(8)} L = ${f.strata}  q = ${f.q.toFixed(4)}  F = ${f.F.toFixed(3)}  p = ${f.p.toExponential(4)}`);
}
for (const i of rp.interaction) {
  console.log(`  ${`${i.x1} x ${i.x2}`.padEnd(18)} q12 = ${i.q12.toFixed(4)}  ${i.type}`);
}
