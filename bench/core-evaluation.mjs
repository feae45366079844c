// Bench of the evaluation core: entropyWeights on a county panel (2,851 counties x 20 years x 40
// indicators = 2.28 million values, Float64Array columns) and couplingCoordination on 1,000,000
// rows x 3 systems (every model). Prints median wall times over several repetitions.
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json && node bench/core-evaluation.mjs
//
// It imports ../dist/index.js. If that fails (e.g. another layer is mid-edit and the barrel does
// not load), it compiles just src/core/{entropy,coupling,level,obstacle}.ts into a temporary
// directory and imports them from there, and says so.
// Target: each under 0.5 s on the 2-core reference machine.

import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

async function loadCore() {
  try {
    const lib = require(join(root, "dist", "index.js"));
    if (typeof lib.entropyWeights === "function" && typeof lib.couplingCoordination === "function") {
      return { lib, from: "dist/index.js" };
    }
    throw new Error("dist/index.js does not export entropyWeights / couplingCoordination");
  } catch (e) {
    const out = mkdtempSync(join(tmpdir(), "cc-core-bench-"));
    const files = ["entropy", "coupling", "level", "obstacle"].map((f) => join(root, "src", "core", `${f}.ts`));
    execFileSync(
      process.execPath,
      [
        join(root, "node_modules", "typescript", "bin", "tsc"),
        "--outDir", out, "--rootDir", join(root, "src", "core"),
        "--module", "commonjs", "--target", "ES2022", "--strict", "--skipLibCheck",
        ...files,
      ],
      { stdio: "inherit" },
    );
    const lib = {};
    for (const f of ["entropy", "coupling", "level", "obstacle"]) Object.assign(lib, require(join(out, `${f}.js`)));
    process.on("exit", () => rmSync(out, { recursive: true, force: true }));
    return { lib, from: `src/core compiled to a temporary directory (dist/index.js failed: ${String(e.message).split("\n")[0]})` };
  }
}

// xorshift32, seeded: the same data every run
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function median(xs) {
  const a = [...xs].sort((x, y) => x - y);
  const h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
}

function time(label, reps, f) {
  f(); // warm-up (JIT)
  const t = [];
  let keep;
  for (let r = 0; r < reps; r++) {
    const t0 = process.hrtime.bigint();
    keep = f();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const med = median(t);
  console.log(
    `${label.padEnd(58)} median ${med.toFixed(1).padStart(7)} ms   (min ${Math.min(...t).toFixed(1)}, max ${Math.max(...t).toFixed(1)}, ${reps} reps)`,
  );
  return { med, keep };
}

const { lib, from } = await loadCore();
const { entropyWeights, couplingCoordination, obstacleDegree, coordinationLevels } = lib;
console.log(`core loaded from ${from}`);
console.log(`node ${process.version}`);

// entropy: 2,851 counties x 20 years = 57,020 rows, 40 indicators
const counties = 2851;
const years = 20;
const k = 40;
const m = counties * years;
const rand = rng(20240601);
const columns = [];
const directions = [];
for (let j = 0; j < k; j++) {
  const c = new Float64Array(m);
  const scale = 1 + 99 * rand();
  const skew = 1 + 3 * rand();
  for (let i = 0; i < m; i++) c[i] = scale * Math.pow(rand(), skew) + (i % years) * 0.01 * scale;
  columns.push(c);
  directions.push(j % 5 === 4 ? "-" : "+");
}
console.log(`\nentropyWeights: ${counties} counties x ${years} years x ${k} indicators = ${(m * k).toLocaleString("en")} values`);
const reps = 7;
const results = {};
for (const [name, zero] of [
  ["limit", "limit"],
  ["shift 0.0001", { shift: 0.0001 }],
  ["epsilon 0.002", { epsilon: 0.002 }],
]) {
  const { med, keep } = time(`  entropyWeights (zero: ${name})`, reps, () => entropyWeights(columns, { directions, zero }));
  results[`entropy ${name}`] = med;
  const wsum = keep.weights.reduce((s, w) => s + w, 0);
  if (Math.abs(wsum - 1) > 1e-12) throw new Error(`weights sum to ${wsum}`);
}
const ew = entropyWeights(columns, { directions });
const groups = Array.from({ length: k }, (_, j) => `criterion ${j % 4}`);
results.obstacle = time("  obstacleDegree on its output (40 indicators, 4 criteria)", reps, () =>
  obstacleDegree(ew.normalized, ew.weights, { groups }),
).med;

// coupling: 1,000,000 rows x 3 systems
const rows = 1_000_000;
const systems = [0, 1, 2].map(() => {
  const s = new Float64Array(rows);
  for (let i = 0; i < rows; i++) s[i] = rand();
  return s;
});
console.log(`\ncouplingCoordination: ${rows.toLocaleString("en")} rows x 3 systems`);
for (const model of ["classic", "wang2021", "fan2024"]) {
  const { med, keep } = time(`  couplingCoordination (model: ${model})`, reps, () => couplingCoordination(systems, { model }));
  results[`coupling ${model}`] = med;
  if (keep.D.length !== rows) throw new Error("wrong length");
}
const two = systems.slice(0, 2);
results["coupling classic n=2"] = time("  couplingCoordination (model: classic, 2 systems)", reps, () =>
  couplingCoordination(two),
).med;
const cc = couplingCoordination(systems);
results.levels = time("  coordinationLevels over the 1,000,000 D values", reps, () => coordinationLevels(cc.D)).med;

const target = 500;
const checked = ["entropy limit", "entropy shift 0.0001", "entropy epsilon 0.002", "coupling classic", "coupling wang2021", "coupling fan2024"];
const slow = checked.filter((key) => results[key] >= target);
console.log(
  `\ntarget: entropyWeights and couplingCoordination each under ${target} ms: ${slow.length === 0 ? "met" : `NOT met by ${slow.join(", ")}`}`,
);
