#!/usr/bin/env node
// Runs every notebook under notebooks/ through the real Jupyter kernel protocol (nbclient with the
// tslab kernel registered into the project-local prefix .jupyter/), in path order, and writes under
// the output folder the executed notebook and a self-contained HTML page per notebook.
//
//   node scripts/run-notebooks.mjs [--out out] [--png] [--timeout 900] [notebook paths...]
//
// --png adds a static PNG (rendered in headless Chromium) beside every Plotly figure output, so a
// notebook opened untrusted (scripts stripped) still shows its figures. One line per notebook:
// name, cells run, seconds, ok or the first error with its cell number. Exit code 1 on any failure.
// Environment variables (for example CC_PANEL, CC_SPEC of the paper notebooks) pass through to the
// kernel unchanged.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findTslab, registerKernel } from "../bin/kernel.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = { out: "out", png: false, timeout: 900, summary: null, files: [] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--out") opt.out = args[++i];
  else if (a === "--png") opt.png = true;
  else if (a === "--timeout") opt.timeout = Number(args[++i]);
  else if (a === "--summary") opt.summary = args[++i];
  else opt.files.push(a);
}
const outDir = resolve(root, opt.out);
const python = process.env.PYTHON || (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const prefix = join(root, ".jupyter");
const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") + (process.env.JUPYTER_PATH ? ":" + process.env.JUPYTER_PATH : "") };

function run(cmd, argv, options = {}) {
  return spawnSync(cmd, argv, { cwd: root, env, encoding: "utf8", maxBuffer: 1 << 28, ...options });
}

// 1. Jupyter present? Otherwise the project's system-setup script installs it or says what to do.
function haveJupyter() {
  return run(python, ["-c", "import nbclient, nbconvert, jupyter_client, ipykernel, nbformat"]).status === 0;
}
if (!haveJupyter()) {
  console.log(`Jupyter is not importable by ${python}: running scripts/setup-system.sh`);
  const r = run("bash", [join(root, "scripts", "setup-system.sh")], { stdio: "inherit" });
  if (r.status !== 0 || !haveJupyter()) {
    console.error("Jupyter is missing: see the message above (or set PYTHON to a python that has nbclient and nbconvert).");
    process.exit(1);
  }
}

// 2. The tslab kernel, registered into .jupyter/ (never over the system's kernels) with the absolute
// path of node_modules/.bin/tslab, by the logic the package's own command uses (bin/kernel.mjs).
const tslab = findTslab(root);
if (!tslab) {
  console.error("tslab is not installed (node_modules/tslab): run npm install first.");
  process.exit(1);
}
try {
  registerKernel({ tslab, python, prefix, reuse: true, env });
} catch (e) {
  console.error("Could not register the tslab kernel:\n" + e.message);
  process.exit(1);
}

// 3. The notebooks, in path order.
function findNotebooks(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...findNotebooks(p));
    else if (name.endsWith(".ipynb")) found.push(p);
  }
  return found;
}
const notebooks = opt.files.length ? opt.files.map((f) => resolve(f)) : findNotebooks(join(root, "notebooks"));
if (notebooks.length === 0) {
  console.error("No notebooks found under notebooks/.");
  process.exit(1);
}

// 4. PNG fallbacks for figures (headless Chromium through the compiled library).
let addPngs;
if (opt.png) {
  try {
    const lib = await import(join(root, "dist", "notebook", "png.js"));
    addPngs = lib.addPngFallbacks;
  } catch (e) {
    console.error("--png: the compiled library has no notebook/png.js (run npm run build): " + e.message);
    process.exit(1);
  }
}

let failures = 0;
const started = Date.now();
const results = [];
for (const nbPath of notebooks) {
  const rel = relative(join(root, "notebooks"), nbPath);
  const dst = join(outDir, rel);
  const html = dst.replace(/\.ipynb$/, ".html");
  mkdirSync(dirname(dst), { recursive: true });
  const r = run(python, [join(root, "scripts", "notebook_exec.py"), "execute", nbPath, dst, "tslab", String(opt.timeout)]);
  let res;
  try {
    res = JSON.parse(r.stdout.trim().split("\n").pop());
  } catch {
    res = { ok: false, cells: 0, ran: 0, seconds: 0, error: (r.stderr || r.stdout || "executor crashed").trim().split("\n").slice(-3).join(" | ") };
  }
  let extra = "";
  if (res.ok && addPngs) {
    try {
      const n = await addPngs(dst);
      extra = `, ${n} PNG`;
    } catch (e) {
      res.ok = false;
      res.error = "PNG fallback: " + e.message;
    }
  }
  if (existsSync(dst)) {
    const h = run(python, [join(root, "scripts", "notebook_exec.py"), "html", dst, html]);
    if (h.status !== 0) {
      res.ok = false;
      res.error = (res.error ? res.error + "; " : "") + "HTML export failed: " + h.stderr.trim().split("\n").pop();
    } else {
      const { inlineMathJax } = await import(join(root, "scripts", "html-offline.mjs"));
      writeFileSync(html, inlineMathJax(readFileSync(html, "utf8")));
    }
  }
  const status = res.ok ? "ok" : `FAILED at cell ${res.error_cell ?? "?"}: ${String(res.error).split("\n")[0].slice(0, 300)}`;
  console.log(`${rel}  ${res.ran}/${res.cells} cells  ${res.seconds}s  ${status}${extra}`);
  results.push({ notebook: rel, ...res });
  if (!res.ok) {
    failures++;
    if (res.error && String(res.error).includes("\n")) console.log(String(res.error).split("\n").slice(0, 25).map((l) => "    " + l).join("\n"));
  }
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`notebooks: ${notebooks.length - failures} ok, ${failures} failed (${secs}s); executed copies and HTML in ${relative(root, outDir) || "."}/`);
if (opt.summary) {
  mkdirSync(dirname(resolve(root, opt.summary)), { recursive: true });
  writeFileSync(resolve(root, opt.summary), JSON.stringify({ passed: notebooks.length - failures, failed: failures, results }, null, 2));
}
process.exit(failures ? 1 : 0);
