#!/usr/bin/env node
// The notebook chain of `npm run reproduce`, timed stage by stage and notebook by notebook:
//
//   node bench/notebooks.mjs [--runs N] [--out DIR] [--jobs N] [--no-build] [notebook paths...]
//
// Runs what `npm run reproduce` runs (scripts/setup-system.sh, the build, scripts/run-notebooks.mjs
// --png) N times (default 1) into DIR (default a fresh folder under the system's temp folder, so
// out/ is left alone), and prints the median of the runs: one line per stage, one line per
// notebook (execute = kernel start + cells, PNG, page; sizes of the .ipynb and the .html), the
// total and the seconds per notebook, with the machine's cores and load average before and after
// (wall times mean little on a loaded machine), and the CPU seconds each stage used over all its
// processes (Linux: from /proc, the children's times once they have ended), which load changes
// little: on an idle machine with C cores a stage takes at least its CPU seconds / C. Prints
// figures only: it asserts nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = { runs: 1, out: null, jobs: null, build: true, files: [] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--runs") opt.runs = Number(args[++i]);
  else if (a === "--out") opt.out = resolve(args[++i]);
  else if (a === "--jobs") opt.jobs = args[++i];
  else if (a === "--no-build") opt.build = false;
  else if (a.startsWith("--")) {
    console.error(`bench/notebooks: unknown option ${a}`);
    process.exit(2);
  } else opt.files.push(a);
}
if (!Number.isInteger(opt.runs) || opt.runs < 1) {
  console.error(`bench/notebooks: --runs must be a whole number of at least 1, got ${opt.runs}`);
  process.exit(2);
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const s = (x) => (x == null ? "-" : `${x.toFixed(1)}s`);
const mb = (x) => (x == null ? "-" : `${(x / 1e6).toFixed(2)} MB`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

/** CPU seconds (user + system) of this process's ended children and theirs; null off Linux. */
function childrenCpu() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

function timed(cmd, argv) {
  const t = process.hrtime.bigint();
  const cpu0 = childrenCpu();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const cpu1 = childrenCpu();
  return {
    seconds: Number(process.hrtime.bigint() - t) / 1e9,
    cpu: cpu0 == null || cpu1 == null ? null : cpu1 - cpu0,
    status: r.status,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
  };
}

function folderBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    total += st.isDirectory() ? folderBytes(p) : st.size;
  }
  return total;
}

console.log(`bench/notebooks: ${availableParallelism()} cores, load average ${load()} (1, 5, 15 min) at the start; ${opt.runs} run(s), medians`);
const runs = [];
for (let k = 0; k < opt.runs; k++) {
  const out = opt.out ?? mkdtempSync(join(tmpdir(), "cc-bench-notebooks-"));
  const setup = timed("bash", [join(root, "scripts", "setup-system.sh")]);
  if (setup.status !== 0) {
    console.error(setup.stdout + setup.stderr);
    process.exit(1);
  }
  const build = opt.build ? timed(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"]) : { seconds: 0, cpu: 0, status: 0 };
  if (build.status !== 0) {
    console.error("build failed:\n" + build.stdout + build.stderr);
    process.exit(1);
  }
  const summaryFile = join(out, "bench-summary.json");
  const runner = timed(process.execPath, [
    join(root, "scripts", "run-notebooks.mjs"),
    "--out",
    out,
    "--png",
    "--summary",
    summaryFile,
    ...(opt.jobs ? ["--jobs", opt.jobs] : []),
    ...opt.files,
  ]);
  let summary;
  try {
    summary = JSON.parse(readFileSync(summaryFile, "utf8"));
  } catch {
    console.error("the runner wrote no summary:\n" + runner.stdout + runner.stderr);
    process.exit(1);
  }
  if (summary.failed) console.log(`run ${k + 1}: ${summary.failed} notebook(s) failed (timings still shown):\n${runner.stdout.split("\n").filter((l) => l.includes("FAILED")).join("\n")}`);
  runs.push({ setup: setup.seconds, build: build.seconds, runner: runner.seconds, cpu: { setup: setup.cpu, build: build.cpu, runner: runner.cpu }, summary, outBytes: folderBytes(out), out });
}

const pick = (f) => median(runs.map(f));
const first = runs[0].summary;
const n = first.results.length;
const total = pick((r) => r.setup + r.build + r.runner);
const cpu = (k) => {
  const v = pick((r) => r.cpu[k]);
  return v == null ? "" : `, CPU ${v.toFixed(1)}s`;
};
console.log(`stage setup-system: ${s(pick((r) => r.setup))}${cpu("setup")}`);
console.log(`stage build: ${opt.build ? s(pick((r) => r.build)) + cpu("build") : "skipped (--no-build)"}`);
console.log(
  `stage execute: ${s(pick((r) => r.summary.stages.execute.wall))} wall on ${first.jobs} kernels at a time ` +
    `(summed ${s(pick((r) => r.summary.stages.execute.summed))}: kernel start ${s(pick((r) => r.summary.stages.execute.kernel))}, cells ${s(pick((r) => r.summary.stages.execute.cells))})`,
);
console.log(`stage png: ${pick((r) => r.summary.stages.png.count)} PNG in ${s(pick((r) => r.summary.stages.png.summed))} summed over notebooks (browser start ${s(pick((r) => r.summary.stages.png.browserStart))})`);
console.log(
  `stage html: ${s(pick((r) => r.summary.stages.html.summed))} summed over pages (nbconvert ${s(pick((r) => r.summary.stages.html.nbconvert))}, MathJax ${s(pick((r) => r.summary.stages.html.mathjax))}); ` +
    `${s(pick((r) => r.summary.stages.html.afterLastKernel))} after the last kernel`,
);
console.log(`stage notebooks (the runner): ${s(pick((r) => r.runner))} wall${cpu("runner")} over all its processes (kernels, Chromium, nbconvert)`);
for (let i = 0; i < n; i++) {
  const at = (f) => pick((r) => f(r.summary.results[i]));
  const res = first.results[i];
  console.log(
    `  ${res.notebook}: execute ${s(at((x) => x.timings.execute))} (kernel ${s(at((x) => x.timings.kernel))}), ` +
      `${res.png} PNG ${s(at((x) => x.timings.png))}, page ${s(at((x) => x.timings.html))}; ipynb ${mb(at((x) => x.bytes.ipynb))}, html ${mb(at((x) => x.bytes.html))}${res.ok ? "" : " FAILED"}`,
  );
}
const totalCpu = pick((r) => (r.cpu.runner == null ? null : r.cpu.setup + r.cpu.build + r.cpu.runner));
console.log(
  `npm run reproduce equivalent: ${s(total)} for ${n} notebooks = ${s(total / n)} per notebook` +
    (totalCpu == null ? "" : ` (CPU ${totalCpu.toFixed(1)}s = ${(totalCpu / n).toFixed(1)}s per notebook; / ${availableParallelism()} cores = ${(totalCpu / n / availableParallelism()).toFixed(1)}s)`) +
    `; output folder ${mb(pick((r) => r.outBytes))} (${runs[0].out})`,
);
console.log(`load average at the end: ${load()}`);
