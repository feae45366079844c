#!/usr/bin/env node
// A report on your own data: runs the template notebooks/your-data.ipynb on your files through the
// project's notebook runner (scripts/run-notebooks.mjs, the real tslab kernel) and writes into DIR
// the executed notebook, its offline HTML page and the CSV tables.
//
//   npm run analyse -- --panel P --spec S [--map M] [--map-id PROP] [--unit COL] [--label COL]
//     [--time COL] [--group COL] [--zero limit|shift:x|epsilon:x] [--model classic|wang2021|fan2024]
//     [--rule rook|queen] [--permutations N] [--seed N] --out DIR
//
// The options reach the notebook as environment variables CC_ANALYSE_<NAME> (PANEL, SPEC, MAP,
// MAP_ID, UNIT, LABEL, TIME, GROUP, ZERO, MODEL, RULE, PERMUTATIONS, SEED, OUT); an option not
// given is not set (any CC_ANALYSE_* of the calling shell is removed first), so the notebook's own
// defaults apply. Relative paths are read from the folder npm was called in (INIT_CWD).
//
// Output (DIR): report.ipynb, report.html, weights.csv, coupling.csv, summary.csv, dagum.csv (with
// a group), moran.csv and lisa.csv (with a map), kde.csv, markov.csv, spatial_markov.csv (with a
// map), theil.csv (with a group), convergence.csv (the chains and convergence with a balanced
// panel), intervals.csv (bootstrap intervals of the mean D), robustness.csv (the conclusions under
// the scenarios), analyse.log (the runner's output). Earlier copies of these files are removed first, so
// that a table from an earlier run never looks like this one's.
//
// Messages: a bad command line gives "analyse: <what is wrong>" (exit 2) before anything runs; a
// failed run gives one line "analyse: step <name> failed: <message>" (exit 1), where the step is
// the `// step: <name>` comment that opens the failing cell of the template and the message is the
// error's first line with the place it names (file, line, column, unit). report.ipynb and
// report.html are kept as far as the run got.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TEMPLATE = join(root, "notebooks", "your-data.ipynb");
const TABLES = [
  "weights.csv", "coupling.csv", "summary.csv", "dagum.csv", "moran.csv", "lisa.csv",
  "kde.csv", "markov.csv", "spatial_markov.csv", "theil.csv", "convergence.csv", "intervals.csv", "robustness.csv",
];
const PRODUCTS = ["report.ipynb", "report.html", "analyse.log", ...TABLES];

/** Option -> [environment variable suffix, what the value is]. */
const OPTIONS = {
  panel: ["PANEL", "panel file: CSV (UTF-8 or GBK) or XLSX"],
  spec: ["SPEC", "indicator specification CSV (at least id, system, direction)"],
  map: ["MAP", "GeoJSON polygons of the units (optional: without it the spatial steps are skipped)"],
  "map-id": ["MAP_ID", "feature property holding the unit ids, a bare property name (default adcode)"],
  unit: ["UNIT", "unit id column (default: detected by readPanel, e.g. adcode, 城市代码)"],
  label: ["LABEL", "label column (default: a name column beside a code column, else none)"],
  time: ["TIME", "time column (default: detected, e.g. year, 年份)"],
  group: ["GROUP", "group column (default: detected, e.g. 区域, group; none: no Dagum decomposition)"],
  zero: ["ZERO", "ln 0 convention of the entropy weights: limit (0 ln 0 := 0, default), shift:x, epsilon:x"],
  model: ["MODEL", "coupling model: classic (default), wang2021, fan2024"],
  rule: ["RULE", "contiguity rule: rook (default), queen"],
  permutations: ["PERMUTATIONS", "permutations of Moran's I and LISA (default 999)"],
  seed: ["SEED", "seed of the permutations (default: the library's fixed seed)"],
  out: ["OUT", "output folder"],
};
const SPATIAL_ONLY = ["map-id", "rule", "permutations", "seed"];

const USAGE =
  "usage: npm run analyse -- --panel P --spec S [--map M] [--map-id PROP] [--unit COL] [--label COL] [--time COL] " +
  "[--group COL] [--zero limit|shift:x|epsilon:x] [--model classic|wang2021|fan2024] [--rule rook|queen] " +
  "[--permutations N] [--seed N] --out DIR";

function help() {
  const width = Math.max(...Object.keys(OPTIONS).map((k) => k.length)) + 4;
  console.log(
    [
      USAGE,
      "",
      "Runs notebooks/your-data.ipynb on your files and writes report.ipynb, report.html and CSV tables into DIR.",
      "",
      ...Object.entries(OPTIONS).map(([k, [, what]]) => `  --${k.padEnd(width - 2)}${what}`),
      "",
      "Example (the bundled synthetic cities):",
      "  npm run analyse -- --panel data/examples/cities/panel.csv --spec data/examples/cities/spec.csv \\",
      "    --map data/examples/cities/map.geojson --map-id 城市代码 --group 区域 --out out/cities-report",
    ].join("\n"),
  );
}

/** A bad command line: one line, exit 2, nothing has run. */
function usage(message) {
  console.error(`analyse: ${message} (see npm run analyse -- --help)`);
  process.exit(2);
}

function editDistance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

// ---- 1. the command line ---------------------------------------------------------------------
function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      help();
      process.exit(0);
    }
    if (!a.startsWith("--") || a === "--") usage(`unexpected argument "${a}": every value follows its option, e.g. --panel my-panel.csv`);
    const eq = a.indexOf("=");
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (!Object.hasOwn(OPTIONS, name)) {
      const near = Object.keys(OPTIONS).sort((x, y) => editDistance(name, x) - editDistance(name, y))[0];
      usage(`unknown option --${name}${editDistance(name, near) <= 3 ? ` (did you mean --${near}?)` : ""}`);
    }
    if (Object.hasOwn(opts, name)) usage(`--${name} is given twice`);
    let value;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) usage(`--${name} needs a value (${OPTIONS[name][1]})`);
      i++;
    }
    if (value.trim() === "") usage(`--${name} is empty (${OPTIONS[name][1]})`);
    opts[name] = value.trim();
  }
  return opts;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function validate(opts) {
  for (const k of ["panel", "spec", "out"]) if (!opts[k]) usage(`--${k} is required: the ${OPTIONS[k][1]}`);
  if (!opts.map) {
    const stray = SPATIAL_ONLY.filter((k) => opts[k] !== undefined);
    if (stray.length) usage(`${stray.map((k) => `--${k}`).join(", ")} ${stray.length > 1 ? "apply" : "applies"} to the spatial steps, which need --map`);
  }
  if (opts.zero !== undefined) {
    const m = /^(limit)$|^(shift|epsilon):(.*)$/.exec(opts.zero);
    if (!m) usage(`--zero must be limit, shift:<x> or epsilon:<x> (e.g. shift:0.0001), got "${opts.zero}"`);
    if (m[2]) {
      const x = NUMBER.test(m[3].trim()) ? Number(m[3]) : NaN;
      if (m[2] === "shift" && !(x > 0 && Number.isFinite(x))) usage(`--zero shift:<x> needs a number x > 0, got "${m[3]}"`);
      if (m[2] === "epsilon" && !(x > 0 && x < 0.5)) usage(`--zero epsilon:<x> needs a number 0 < x < 0.5, got "${m[3]}"`);
    }
  }
  if (opts.model !== undefined && !["classic", "wang2021", "fan2024"].includes(opts.model)) {
    usage(`--model must be classic, wang2021 or fan2024, got "${opts.model}"`);
  }
  if (opts.rule !== undefined && !["rook", "queen"].includes(opts.rule)) usage(`--rule must be rook or queen, got "${opts.rule}"`);
  if (opts.permutations !== undefined && !(/^\d+$/.test(opts.permutations) && Number(opts.permutations) >= 1 && Number(opts.permutations) <= 1e6)) {
    usage(`--permutations must be a whole number from 1 to 1000000 (LISA needs at least 1), got "${opts.permutations}"`);
  }
  if (opts.seed !== undefined && !(/^[+-]?\d+$/.test(opts.seed) && Number.isSafeInteger(Number(opts.seed)))) {
    usage(`--seed must be a whole number, got "${opts.seed}"`);
  }
  if (opts["map-id"] !== undefined && opts["map-id"].startsWith("properties.")) {
    usage(`--map-id is a bare property name of the features: --map-id ${opts["map-id"].slice("properties.".length)}, not ${opts["map-id"]}`);
  }
  const base = process.env.INIT_CWD || process.cwd();
  for (const k of ["panel", "spec", "map"]) {
    if (opts[k] === undefined) continue;
    opts[k] = resolve(base, opts[k]);
    if (!existsSync(opts[k])) usage(`--${k}: no such file: ${opts[k]}`);
    if (!statSync(opts[k]).isFile()) usage(`--${k}: not a file: ${opts[k]}`);
  }
  opts.out = resolve(base, opts.out);
  if (existsSync(opts.out) && !statSync(opts.out).isDirectory()) usage(`--out: ${opts.out} exists and is not a folder`);
  return opts;
}

// ---- 2. what went wrong, in one line ---------------------------------------------------------
/** The step of the n-th code cell (from 1) of the template: its `// step: <name>` comment. */
function stepOf(n) {
  try {
    const nb = JSON.parse(readFileSync(TEMPLATE, "utf8"));
    const cell = nb.cells.filter((c) => c.cell_type === "code")[n - 1];
    const src = Array.isArray(cell?.source) ? cell.source.join("") : String(cell?.source ?? "");
    return /^\s*\/\/\s*step:\s*([\w-]+)/.exec(src)?.[1] ?? `cell ${n}`;
  } catch {
    return `cell ${n}`;
  }
}

/**
 * The error's own line ("FrameError: entropy: 1 cell is not numeric" without the class name) and
 * the first entries of the list under it ("  - row 5 (990100 甲市, 2019), column ...": where), in
 * one line; else the first line that is not a source location.
 */
function oneLine(text) {
  const lines = String(text ?? "").split(/\r?\n/);
  const head = /^([A-Za-z_$][\w$]*)?(Error|Exception): /; // "Error: ...", "FrameError: ...", "TypeError: ..."
  const at = lines.findIndex((l) => head.test(l));
  let message;
  if (at >= 0) {
    message = lines[at].replace(head, "");
    const details = [];
    for (let i = at + 1; i < lines.length && /^ {2}(- |… and )/.test(lines[i]); i++) details.push(lines[i].trim().replace(/^- /, ""));
    if (details.length) {
      const more = details.length > 3 ? `; … and ${details.length - 3} more` : "";
      message += `: ${details.slice(0, 3).join("; ")}${more}`;
    }
  } else {
    message = lines.map((l) => l.trim()).find((l) => l && !/^\S+:\d+(:\d+)?$/.test(l) && !/^\^+$/.test(l)) ?? "unknown error";
  }
  message = message.replace(/\s+/g, " ").trim();
  return message.length > 600 ? message.slice(0, 597) + "..." : message;
}

// ---- 3. run ----------------------------------------------------------------------------------
const opts = validate(parseArgs(process.argv.slice(2)));
if (!existsSync(join(root, "dist", "index.js"))) {
  console.error("analyse: step setup failed: the library is not built (dist/index.js is missing): run npm run build first");
  process.exit(1);
}
const outDir = opts.out;
mkdirSync(outDir, { recursive: true });
for (const f of PRODUCTS) rmSync(join(outDir, f), { force: true });
const runDir = join(outDir, ".analyse-run");
rmSync(runDir, { recursive: true, force: true });

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CC_ANALYSE_")));
for (const [k, v] of Object.entries(opts)) env[`CC_ANALYSE_${OPTIONS[k][0]}`] = v;

console.log(`analyse: running notebooks/your-data.ipynb on ${opts.panel}`);
const summaryFile = join(runDir, "summary.json");
const r = spawnSync(process.execPath, [join(root, "scripts", "run-notebooks.mjs"), "--out", runDir, "--summary", summaryFile, TEMPLATE], {
  cwd: root,
  env,
  encoding: "utf8",
  maxBuffer: 1 << 28,
});
writeFileSync(join(outDir, "analyse.log"), (r.stdout ?? "") + (r.stderr ?? "") + (r.error ? String(r.error) : ""));
for (const [from, to] of [["your-data.ipynb", "report.ipynb"], ["your-data.html", "report.html"]]) {
  if (existsSync(join(runDir, from))) renameSync(join(runDir, from), join(outDir, to));
}
let result;
try {
  result = JSON.parse(readFileSync(summaryFile, "utf8")).results[0];
} catch {
  result = undefined;
}
rmSync(runDir, { recursive: true, force: true });

if (!result || !result.ok) {
  const step = result?.error_cell ? stepOf(result.error_cell) : "run";
  const why = result ? oneLine(result.error) : oneLine((r.stderr || r.stdout || String(r.error ?? "")).trim().split("\n").slice(-3).join("\n"));
  console.error(`analyse: step ${step} failed: ${why}`);
  process.exit(1);
}

const rowsOf = (f) => readFileSync(join(outDir, f), "utf8").split(/\r\n/).filter((l) => l !== "").length - 1;
const tables = TABLES.filter((f) => existsSync(join(outDir, f)));
console.log(`analyse: ok (${result.ran} cells, ${result.seconds} s); in ${outDir}:`);
console.log(`  report.ipynb, report.html`);
console.log(`  ${tables.map((f) => `${f} (${rowsOf(f)} rows)`).join(", ")}`);
if (!tables.includes("dagum.csv")) {
  console.log("  no dagum.csv, theil.csv: the panel has no group column (name one with --group), so the Dagum and Theil splits were skipped; summary.csv and intervals.csv have the all-units rows only, robustness.csv no group conclusions (ranking, Gini, between-group share)");
}
if (!opts.map) {
  console.log("  no moran.csv, lisa.csv, spatial_markov.csv: no --map, so the spatial steps (weights, maps, Moran's I, LISA, spatial Markov chain) were skipped, and robustness.csv has no Moran conclusion");
}
if (!tables.includes("markov.csv")) {
  console.log(`  no markov.csv, ${opts.map ? "spatial_markov.csv, " : ""}convergence.csv: the chains and convergence need every unit at every time (at least two times); report.html names what is missing`);
}
