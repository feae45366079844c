// Coverage simulation of bootstrap() (a slow check kept out of the unit suite): exponential data
// (rate 1, true mean 1), n = 40, 1,000 seeded repetitions; the 95% percentile and BCa intervals of
// the mean (999 resamples each). Prints the share of intervals that contain 1, with its binomial
// standard error, and the wall time. Expected: percentile a little under 95% (the mean of a skewed
// sample; about 92-93% in the literature for n = 40), BCa a little closer to 95%. The check asked
// for is 90% <= coverage <= 97%; it is printed, not asserted.
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json && node bench/bootstrap-coverage.mjs
//
// The whole simulation runs --runs times (default 3): the time printed is the median wall time,
// and the coverage must come out the same every run (seeded), which the script also prints.
//
// Options: --reps N (default 1000), --n N (default 40), --resamples R (default 999), --runs K (default 3).

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { bootstrap } = require(join(root, "dist", "core", "bootstrap.js"));
const { createRandom } = require(join(root, "dist", "core", "random.js"));

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const reps = opt("--reps", 1000);
const n = opt("--n", 40);
const resamples = opt("--resamples", 999);
const runs = opt("--runs", 3);

const mean = (s) => {
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i];
  return t / s.length;
};

// the data of repetition k: n exponential(1) draws from createRandom(100000 + k) by inversion
function sample(k) {
  const r = createRandom(100000 + k);
  const x = new Array(n);
  for (let i = 0; i < n; i++) x[i] = -Math.log(1 - r.nextFloat());
  return x;
}

function run(method) {
  let covered = 0;
  let below = 0; // interval entirely below the true mean
  let width = 0;
  const t0 = performance.now();
  for (let k = 0; k < reps; k++) {
    const r = bootstrap(mean, sample(k), { resamples, seed: k + 1, method, level: 0.95 });
    if (r.lower <= 1 && 1 <= r.upper) covered++;
    else if (r.upper < 1) below++;
    width += r.upper - r.lower;
  }
  const ms = performance.now() - t0;
  const c = covered / reps;
  const se = Math.sqrt((c * (1 - c)) / reps);
  return { method, coverage: c, se, missBelow: below / reps, missAbove: (reps - covered - below) / reps, meanWidth: width / reps, ms };
}

console.log(`bootstrap coverage: exponential(1) data, n = ${n}, ${reps} repetitions, ${resamples} resamples, 95% interval of the mean`);
for (const method of ["percentile", "bca"]) {
  const all = Array.from({ length: runs }, () => run(method));
  const r = all[0];
  const same = all.every((a) => a.coverage === r.coverage && a.meanWidth === r.meanWidth);
  const times = all.map((a) => a.ms).sort((a, b) => a - b);
  const ms = times[Math.floor((times.length - 1) / 2)];
  const inRange = r.coverage >= 0.9 && r.coverage <= 0.97 ? "in 90-97%" : "OUTSIDE 90-97%";
  console.log(
    `${method.padEnd(10)} coverage ${(100 * r.coverage).toFixed(1)}% (se ${(100 * r.se).toFixed(1)}, ${inRange}); ` +
      `misses: interval below 1 ${(100 * r.missBelow).toFixed(1)}%, above 1 ${(100 * r.missAbove).toFixed(1)}%; ` +
      `mean width ${r.meanWidth.toFixed(4)}; median ${ms.toFixed(0)} ms wall over ${runs} runs ` +
      `(${(ms / reps).toFixed(2)} ms per interval); same coverage every run: ${same ? "yes" : "NO"}`,
  );
}
