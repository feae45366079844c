#!/usr/bin/env node
// Runs every notebook under notebooks/ through the real Jupyter kernel protocol (nbclient with the
// tslab kernel registered into the project-local prefix .jupyter/) and writes under the output
// folder, at each notebook's path, the executed notebook and an HTML page that opens offline.
//
//   node scripts/run-notebooks.mjs [--out out] [--png] [--jobs N] [--timeout 900] [--summary FILE]
//                                  [notebook paths...]
//
// --png       adds a static PNG beside every light Plotly figure output (its JSON, no HTML), drawn
//             in headless Chromium, for front ends without a Plotly renderer (src/notebook/png.ts).
// --jobs N    notebooks executed at a time, each on its own kernel (default: the number of cores).
// --timeout S seconds a cell may take (default 900).
// --summary F writes {passed, failed, results: [...]} as JSON (CI: .ci/run; npm run analyse);
//             each result carries the notebook's stage timings (seconds) and output sizes (bytes).
//
// How (and why it is fast): the notebooks run on --jobs kernels at a time; as each one finishes,
// one Chromium page (opened once, plotly.js loaded once) draws its PNGs, and one nbconvert process
// (started once) exports its page, while the next notebooks execute. The page is built from the
// executed notebook: every figure drawn by plotly.js, which the page carries once in its head
// (with the base map, and each distinct GeoJSON of its maps once); LaTeX typeset here by MathJax
// into SVG, so the page needs no script for it. The .ipynb carries no plotly.js (see
// src/notebook/display.ts) and is written compactly (notebookJson in src/notebook/png.ts).
//
// Output: one line per notebook, in path order: name, cells run, seconds to execute, ok or
// "FAILED at cell N: <the error's message line>" (the error's whole text follows, indented), then
// the stage times and output sizes; then one line per stage and a total. Exit code 1 on any
// failure; a cell that writes to stderr counts as failed. A run over all notebooks (no paths
// given) removes from the output folder the notebooks and pages an earlier run wrote there that
// this run did not write (listed in <out>/.run-notebooks.json), and a page's screenshot beside it
// goes when the page is rewritten. Environment variables (for example
// CC_PANEL, CC_SPEC of the paper notebooks) pass through to the kernels unchanged.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { findTslab, registerKernel } from "../bin/kernel.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const t0 = Date.now();
const args = process.argv.slice(2);
const opt = { out: "out", png: false, timeout: 900, summary: null, jobs: availableParallelism(), files: [] };
function usage(message) {
  console.error(`run-notebooks: ${message}\nusage: node scripts/run-notebooks.mjs [--out DIR] [--png] [--jobs N] [--timeout S] [--summary FILE] [notebook.ipynb ...]`);
  process.exit(2);
}
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => (i + 1 < args.length ? args[++i] : usage(`${a} needs a value`));
  if (a === "--out") opt.out = value();
  else if (a === "--png") opt.png = true;
  else if (a === "--timeout") opt.timeout = Number(value());
  else if (a === "--jobs") opt.jobs = Number(value());
  else if (a === "--summary") opt.summary = value();
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else opt.files.push(a);
}
if (!Number.isInteger(opt.jobs) || opt.jobs < 1) usage(`--jobs must be a whole number of at least 1, got ${opt.jobs}`);
if (!Number.isFinite(opt.timeout) || opt.timeout <= 0) usage(`--timeout must be a number of seconds above 0, got ${opt.timeout}`);
const outDir = resolve(root, opt.out);
const python = process.env.PYTHON || (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const prefix = join(root, ".jupyter");
const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") + (process.env.JUPYTER_PATH ? ":" + process.env.JUPYTER_PATH : "") };
const execScript = join(root, "scripts", "notebook_exec.py");

function runSync(cmd, argv, options = {}) {
  return spawnSync(cmd, argv, { cwd: root, env, encoding: "utf8", maxBuffer: 1 << 28, ...options });
}

// 1. Jupyter present? Otherwise the project's system-setup script installs it or says what to do.
// (found, not imported: importing nbconvert alone takes most of a second)
function haveJupyter() {
  const probe = "import importlib.util as u, sys; sys.exit(0 if all(u.find_spec(m) for m in ('nbclient', 'nbconvert', 'jupyter_client', 'ipykernel', 'nbformat')) else 1)";
  return runSync(python, ["-c", probe]).status === 0;
}
if (!haveJupyter()) {
  console.log(`Jupyter is not importable by ${python}: running scripts/setup-system.sh`);
  const r = runSync("bash", [join(root, "scripts", "setup-system.sh")], { stdio: "inherit" });
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
for (const nb of notebooks) if (!existsSync(nb)) usage(`no such notebook: ${nb}`);

// 4. The compiled library: figure HTML and PNGs (dist/notebook).
let lib;
try {
  const display = await import(join(root, "dist", "notebook", "display.js"));
  const assets = await import(join(root, "dist", "notebook", "assets.js"));
  const png = await import(join(root, "dist", "notebook", "png.js"));
  lib = { ...display, ...assets, ...png };
  if (typeof lib.notebookJson !== "function" || typeof lib.plotlyScriptTag !== "function") throw new Error("dist/notebook is older than scripts/run-notebooks.mjs");
} catch (e) {
  console.error("The compiled library is missing or out of date (run npm run build): " + e.message);
  process.exit(1);
}

// ---- stages ----------------------------------------------------------------------------------
const stageTime = { execute: 0, kernel: 0, cells: 0, png: 0, pngStart: 0, html: 0, htmlStart: 0, nbconvert: 0, mathjax: 0 };
let pngCount = 0;
const since = (t) => (Date.now() - t) / 1000;

// Kernels start one at a time: a kernel's ports are chosen (free ports found, then released)
// by its python before the kernel binds them, and a second kernel starting in that window can be
// given the same ports; its client then talks to the first kernel, which dies of the wrong
// signature ("invalid hmac") while the second never answers. The next kernel starts when the
// previous one has answered (or its executor has ended).
let kernelGate = Promise.resolve();

/** Execute one notebook in its own python (nbclient) and kernel. */
async function execute(src, dst) {
  const previous = kernelGate;
  let opened;
  kernelGate = new Promise((r) => (opened = r));
  await previous;
  return new Promise((resolvePromise) => {
    const child = spawn(python, [execScript, "execute", src, dst, "tslab", String(opt.timeout)], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => {
      stdout += d;
      if (stdout.includes('"kernel_ready"')) opened();
    });
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", (e) => (stderr += String(e)));
    child.on("close", () => {
      opened();
      let res;
      try {
        res = JSON.parse(stdout.trim().split("\n").pop());
      } catch {
        const text = (stderr || stdout || "the executor ended without a result").trim();
        res = { ok: false, cells: 0, ran: 0, seconds: 0, kernel_seconds: null, error_cell: null, error: text, message: text.split("\n").filter(Boolean).pop() };
      }
      resolvePromise(res);
    });
  });
}

/** The one nbconvert process of the run (notebook_exec.py serve), started on first use. */
let htmlWorker;
function nbconvertWorker() {
  if (htmlWorker) return htmlWorker;
  const child = spawn(python, [execScript, "serve"], { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
  const pending = new Map();
  let nextId = 1;
  let stderr = "";
  let failed;
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const fail = (why) => {
    failed = why;
    for (const { reject } of pending.values()) reject(new Error(why));
    pending.clear();
  };
  child.on("error", (e) => fail(`nbconvert could not start: ${e.message}`));
  child.stdin.on("error", (e) => fail(`nbconvert stopped reading: ${e.message}; ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
  child.on("close", (code) => fail(`nbconvert ended (exit ${code}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
  createInterface({ input: child.stdout }).on("line", (line) => {
    let reply;
    try {
      reply = JSON.parse(line);
    } catch {
      return; // not ours (a library printing on stdout)
    }
    if (reply.ready) {
      stageTime.htmlStart = reply.seconds;
      return;
    }
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) {
      stageTime.nbconvert += reply.seconds;
      p.resolve(reply.html);
    } else p.reject(new Error(reply.error));
  });
  htmlWorker = {
    export(nb) {
      if (failed) return Promise.reject(new Error(failed));
      const id = nextId++;
      return new Promise((resolvePromise, reject) => {
        pending.set(id, { resolve: resolvePromise, reject });
        child.stdin.write(JSON.stringify({ id, nb }) + "\n");
      });
    },
    close() {
      child.stdin.end();
    },
  };
  return htmlWorker;
}

/** The one PNG renderer of the run (a Chromium page), opened on first use. */
let pngRenderer;
function renderer() {
  if (!pngRenderer) {
    const started = Date.now();
    pngRenderer = lib.openPngRenderer().then((r) => {
      stageTime.pngStart = since(started);
      return r;
    });
  }
  return pngRenderer;
}

// ---- the HTML page ---------------------------------------------------------------------------
const META = lib.OUTPUT_METADATA_KEY;

/**
 * The notebook nbconvert turns into the page: each figure output becomes the HTML that draws it
 * (its id the kernel's), with each distinct GeoJSON of a map replaced by a reference to one copy
 * in the page's head; setupNotebook's output (a note, or plotly.js itself) is left out, as the
 * page carries plotly.js.
 */
function pageNotebook(nb, geo) {
  let n = 0;
  const cells = nb.cells.map((cell) => {
    if (!cell.outputs) return cell;
    const outputs = [];
    for (const out of cell.outputs) {
      const meta = out.metadata?.[META];
      if (meta?.setup) continue;
      const fig = out.data?.[lib.PLOTLY_MIME];
      if (!fig) {
        outputs.push(out);
        continue;
      }
      n++;
      const id = typeof meta?.figure === "string" ? meta.figure : `cc-fig-page-${n}`;
      let html = lib.figureHtml(fig, { id });
      for (const trace of fig.data ?? []) {
        if (!trace || typeof trace.geojson !== "object" || trace.geojson === null) continue;
        const literal = JSON.stringify(trace.geojson).replace(/</g, "\\u003c");
        const key = createHash("sha256").update(literal).digest("hex").slice(0, 12);
        if (!html.includes(literal)) continue;
        geo.set(key, literal);
        html = html.split(literal).join(`window.__ccGeo(${JSON.stringify(key)})`);
      }
      outputs.push({ output_type: "display_data", data: { "text/html": html }, metadata: {} });
    }
    return { ...cell, outputs };
  });
  return { ...nb, cells };
}

let mathjax; // { typeset(html) -> { html, css } } | null when the mathjax package is missing
async function loadMathJax() {
  if (mathjax !== undefined) return mathjax;
  try {
    const require = createRequire(import.meta.url);
    const MathJax = await require("mathjax").init({
      loader: { load: ["input/tex", "output/svg", "adaptors/liteDOM"], versionWarnings: false },
      tex: { inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]], processEscapes: true },
      svg: { fontCache: "local" },
      startup: { typeset: false },
    });
    const adaptor = MathJax.startup.adaptor;
    const mj = MathJax._.mathjax.mathjax;
    let css;
    mathjax = {
      typeset(fragment) {
        const doc = mj.document(`<!DOCTYPE html><html><head></head><body>${fragment}</body></html>`, {
          InputJax: MathJax.startup.input,
          OutputJax: MathJax.startup.output,
        });
        doc.render();
        const count = Array.from(doc.math).length;
        if (count && css === undefined) css = adaptor.textContent(MathJax.startup.output.styleSheet(doc));
        // MathJax numbers its SVG ids with a counter shared by every page of the run: renumber them
        // per page in order of appearance, so a page's bytes do not depend on the pages before it
        const ids = new Map();
        const html = count
          ? adaptor.innerHTML(adaptor.body(doc.document)).replace(/MJX-(\d+)-/g, (_, n) => {
              if (!ids.has(n)) ids.set(n, ids.size + 1);
              return `MJX-${ids.get(n)}-`;
            })
          : fragment;
        return { html, count };
      },
      css: () => css,
    };
  } catch (e) {
    console.log(`(LaTeX stays as source in the pages: MathJax could not load: ${e.message})`);
    mathjax = null;
  }
  return mathjax;
}

/** The Markdown blocks of an nbconvert lab page (cells and text/markdown outputs): [start, end) of their inner HTML. */
function markdownBlocks(html) {
  const blocks = [];
  const open = /<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>/g;
  let m;
  while ((m = open.exec(html))) {
    const start = m.index + m[0].length;
    const tag = /<\/?div\b[^>]*>/g;
    tag.lastIndex = start;
    let depth = 1;
    let t;
    while (depth > 0 && (t = tag.exec(html))) depth += t[0][1] === "/" ? -1 : 1;
    if (depth > 0) break;
    blocks.push([start, t.index]);
    open.lastIndex = t.index;
  }
  return blocks;
}

/** From `at` (just after an opening brace) to just after its matching closing brace, skipping strings and comments. */
function blockEnd(css, at) {
  let depth = 1;
  let i = at;
  while (i < css.length && depth > 0) {
    const c = css[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < css.length && css[i] !== c) i += css[i] === "\\" ? 2 : 1;
    } else if (c === "/" && css[i + 1] === "*") {
      const e = css.indexOf("*/", i + 2);
      i = e < 0 ? css.length : e + 1;
    } else if (c === "{") depth++;
    else if (c === "}") depth--;
    i++;
  }
  return i;
}

/** The selector list split at its top-level commas (not those inside parentheses). */
function splitSelectors(list) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/**
 * The rules of a style sheet that can match the page: a rule is dropped when every selector of it
 * names, outside parentheses, a class that no element of the page has (nbconvert's lab template
 * carries JupyterLab's whole style sheet, 0.5 MB, mostly for widgets a static page never has).
 * Rules inside @media / @supports are pruned the same way; other at-rules are kept; comments go.
 */
function pruneCss(css, classes) {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const ws = /\s+|\/\*[\s\S]*?\*\//y;
    ws.lastIndex = i;
    const w = ws.exec(css);
    if (w && w.index === i) {
      i += w[0].length;
      continue;
    }
    const brace = css.indexOf("{", i);
    const semi = css.indexOf(";", i);
    if (css[i] === "@" && semi >= 0 && (brace < 0 || semi < brace)) {
      out += css.slice(i, semi + 1) + "\n";
      i = semi + 1;
      continue;
    }
    if (brace < 0) break;
    const prelude = css.slice(i, brace).replace(/\/\*[\s\S]*?\*\//g, "").trim();
    const end = blockEnd(css, brace + 1);
    const body = css.slice(brace + 1, end - 1);
    if (prelude.startsWith("@")) {
      if (/^@(media|supports|container|layer)\b/.test(prelude)) {
        const inner = pruneCss(body, classes);
        if (inner.trim()) out += `${prelude} {\n${inner}}\n`;
      } else out += `${prelude} {${body}}\n`;
    } else {
      const mayMatch = splitSelectors(prelude).some((sel) => {
        const outside = sel.replace(/\([^()]*\)/g, "");
        return [...outside.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].every((m) => classes.has(m[1]));
      });
      if (mayMatch) out += `${prelude} {${body.replace(/\/\*[\s\S]*?\*\//g, "")}}\n`;
    }
    i = end;
  }
  return out;
}

/** The page's style sheets without the rules that cannot match it (pruneCss). */
function pruneStyles(html) {
  const classes = new Set();
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) for (const c of m[1].split(/\s+/)) if (c) classes.add(c);
  return html.replace(/(<style[^>]*>)([\s\S]*?)(<\/style>)/g, (all, open, css, close) => (css.length > 2000 ? open + "\n" + pruneCss(css, classes) + close : all));
}

/** The final page: LaTeX typeset to SVG, MathJax's CDN loader removed, plotly.js and the maps' GeoJSON in the head. */
async function finishPage(html, geo) {
  const mj = await loadMathJax();
  let typesetCss = "";
  if (mj) {
    const t = Date.now();
    let out = "";
    let at = 0;
    let found = 0;
    for (const [start, end] of markdownBlocks(html)) {
      const inner = html.slice(start, end);
      if (!/\$|\\\(|\\\[/.test(inner)) continue;
      const r = mj.typeset(inner);
      found += r.count;
      out += html.slice(at, start) + r.html;
      at = end;
    }
    html = out + html.slice(at);
    if (found) typesetCss = `<style type="text/css">${mj.css() ?? ""}</style>`;
    stageTime.mathjax += since(t);
  }
  html = pruneStyles(html);
  // nbconvert's template loads MathJax 2 from a CDN: nothing left for it to do
  const start = html.indexOf("<!-- Load mathjax -->");
  const endMarker = "<!-- End of mathjax configuration -->";
  const end = html.indexOf(endMarker);
  if (mj && start >= 0 && end > start) html = html.slice(0, start) + html.slice(end + endMarker.length);
  const geoScript = geo.size
    ? `<script type="text/javascript">window.__ccGeoData = {${[...geo].map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(",\n")}};\n` +
      `window.__ccGeo = function (k) { var g = window.__ccGeoData[k]; return typeof structuredClone === "function" ? structuredClone(g) : JSON.parse(JSON.stringify(g)); };</script>`
    : "";
  const head = `${typesetCss}${geoScript}${lib.plotlyScriptTag()}\n</head>`;
  const close = html.indexOf("</head>");
  return close >= 0 ? html.slice(0, close) + head + html.slice(close + "</head>".length) : head + html;
}

// ---- one notebook, start to end ---------------------------------------------------------------
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

async function postProcess(item) {
  const { dst, html, res } = item;
  if (!existsSync(dst)) return;
  let nb;
  try {
    nb = JSON.parse(readFileSync(dst, "utf8"));
  } catch (e) {
    res.ok = false;
    res.error = (res.error ? res.error + "\n" : "") + `the executed notebook could not be read: ${e.message}`;
    res.message ??= "the executed notebook could not be read";
    return;
  }
  // the page from the executed notebook (no PNG needed: its figures draw) while the PNGs render
  const geo = new Map();
  const htmlStarted = Date.now();
  const page = nbconvertWorker()
    .export(pageNotebook(nb, geo))
    .then((body) => finishPage(body, geo))
    .then((body) => {
      writeFileSync(html, body);
      // a screenshot of the earlier page (test/e2e/html-pages.test.ts, CC_PAGE_SCREENSHOTS=1) is stale now
      rmSync(html.replace(/\.html$/, ".png"), { force: true });
      item.timings.html = since(htmlStarted);
      item.bytes.html = Buffer.byteLength(body);
    });
  let pngs = Promise.resolve();
  if (opt.png && nb.cells.some((c) => (c.outputs ?? []).some(lib.wantsPng))) {
    const started = Date.now();
    pngs = renderer()
      .then((r) => lib.addPngs(nb, r))
      .then((n) => {
        item.png = n;
        pngCount += n;
        item.timings.png = since(started);
      });
  }
  const [pageResult, pngResult] = await Promise.allSettled([page, pngs]);
  if (pngResult.status === "rejected") {
    res.ok = false;
    res.error = (res.error ? res.error + "\n" : "") + "PNG fallback: " + pngResult.reason.message;
    res.message ??= "PNG fallback: " + pngResult.reason.message.split("\n")[0];
  }
  if (pageResult.status === "rejected") {
    res.ok = false;
    res.error = (res.error ? res.error + "\n" : "") + "HTML export failed: " + pageResult.reason.message;
    res.message ??= "HTML export failed: " + pageResult.reason.message.split("\n")[0];
  }
  const text = lib.notebookJson(nb);
  writeFileSync(dst, text);
  item.bytes.ipynb = Buffer.byteLength(text);
}

function lineOf(item) {
  const { rel, res, timings, bytes } = item;
  const message = String(res.message ?? res.error ?? "error").slice(0, 300);
  const status = res.ok ? "ok" : res.error_cell ? `FAILED at cell ${res.error_cell}: ${message}` : `FAILED: ${message}`;
  const parts = [];
  if (res.kernel_seconds != null) parts.push(`kernel ${res.kernel_seconds.toFixed(1)}s + cells ${(res.seconds - res.kernel_seconds).toFixed(1)}s`);
  if (timings.png != null) parts.push(`${item.png} PNG ${timings.png.toFixed(1)}s`);
  if (timings.html != null) parts.push(`page ${timings.html.toFixed(1)}s`);
  if (bytes.ipynb != null) parts.push(`ipynb ${mb(bytes.ipynb)}`);
  if (bytes.html != null) parts.push(`html ${mb(bytes.html)}`);
  if (item.retried) parts.push(`run again on a new kernel after: ${item.retried.slice(0, 120)}`);
  let line = `${rel}  ${res.ran}/${res.cells} cells  ${Number(res.seconds).toFixed(1)}s  ${status}  (${parts.join(", ")})`;
  if (!res.ok && res.error) line += "\n" + String(res.error).split("\n").map((l) => "    " + l).join("\n");
  return line;
}

// ---- run -------------------------------------------------------------------------------------
mkdirSync(outDir, { recursive: true });
const items = notebooks.map((src) => {
  const rel = relative(join(root, "notebooks"), src);
  const dst = join(outDir, rel.startsWith("..") ? src.split(/[\\/]/).pop() : rel);
  return { src, rel, dst, html: dst.replace(/\.ipynb$/, ".html"), res: null, timings: {}, bytes: {}, png: 0, done: null };
});
// the nbconvert process starts (imports, template) while the first kernels start
nbconvertWorker();
if (opt.png && items.length) void renderer().catch(() => undefined);

// the longest notebooks first (their seconds in the previous run here), so that no kernel is left
// with a long notebook at the end while the other cores idle; lines still print in path order
const manifestFile = join(outDir, ".run-notebooks.json");
let manifest = {};
try {
  manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
} catch {
  // first run into this folder
}
const lastSeconds = manifest.seconds ?? {};
const order = [...items].sort((a, b) => (lastSeconds[b.rel] ?? Infinity) - (lastSeconds[a.rel] ?? Infinity));

let nextPrint = 0;
function printReady() {
  while (nextPrint < items.length && items[nextPrint].finished) console.log(lineOf(items[nextPrint++]));
}

/** A kernel that died or never answered, or was sent another kernel's messages: not the notebook's fault. */
const KERNEL_FAILURE = /Kernel didn't respond|Kernel died|DeadKernelError|invalid hmac|kernel_info/i;

const executeStarted = Date.now();
let executeEnded = executeStarted;
let cursor = 0;
const post = [];
async function worker() {
  while (cursor < order.length) {
    const item = order[cursor++];
    mkdirSync(dirname(item.dst), { recursive: true });
    item.res = await execute(item.src, item.dst);
    if (!item.res.ok && KERNEL_FAILURE.test(String(item.res.error ?? ""))) {
      // the kernel, not the notebook, failed (see kernelGate): once more, on a new kernel
      const first = item.res;
      item.res = await execute(item.src, item.dst);
      item.retried = String(first.message ?? first.error).split("\n")[0];
    }
    executeEnded = Date.now();
    stageTime.execute += item.res.seconds ?? 0;
    stageTime.kernel += item.res.kernel_seconds ?? 0;
    stageTime.cells += (item.res.seconds ?? 0) - (item.res.kernel_seconds ?? 0);
    post.push(
      postProcess(item)
        .catch((e) => {
          item.res.ok = false;
          item.res.error = (item.res.error ? item.res.error + "\n" : "") + e.message;
          item.res.message ??= e.message.split("\n")[0];
        })
        .finally(() => {
          item.finished = true;
          printReady();
        }),
    );
  }
}
await Promise.all(Array.from({ length: Math.min(opt.jobs, items.length) }, worker));
await Promise.all(post);
htmlWorker?.close();
if (pngRenderer) await pngRenderer.then((r) => r.close()).catch(() => undefined);
printReady();

// what an earlier full run wrote here and this one did not: removed
const written = items.flatMap((i) => [i.dst, i.html]).map((p) => relative(outDir, p));
let files = manifest.files ?? [];
if (!opt.files.length) {
  // and a stale page's screenshot beside it (test/e2e/html-pages.test.ts with CC_PAGE_SCREENSHOTS=1)
  const gone = files.filter((f) => !written.includes(f) && !f.startsWith(".."));
  const stale = [...gone, ...gone.filter((f) => f.endsWith(".html")).map((f) => f.replace(/\.html$/, ".png"))].filter((f) => existsSync(join(outDir, f)));
  for (const f of stale) rmSync(join(outDir, f), { force: true });
  if (stale.length) console.log(`removed ${stale.length} file(s) an earlier run wrote and this one did not: ${stale.join(", ")}`);
  files = written;
} else files = [...new Set([...files, ...written])];
const seconds = { ...lastSeconds };
for (const i of items) if (i.res.ok) seconds[i.rel] = i.res.seconds;
writeFileSync(manifestFile, JSON.stringify({ files, seconds }, null, 1) + "\n");

const failures = items.filter((i) => !i.res.ok).length;
const totalBytes = (k) => items.reduce((s, i) => s + (i.bytes[k] ?? 0), 0);
const wall = since(t0);
console.log(
  `stage execute: ${items.length} notebooks, ${Math.min(opt.jobs, items.length)} kernels at a time: ${since(executeStarted).toFixed(1)}s until the last kernel ended ` +
    `(summed over notebooks ${stageTime.execute.toFixed(1)}s: kernel start ${stageTime.kernel.toFixed(1)}s, cells ${stageTime.cells.toFixed(1)}s)`,
);
if (opt.png) console.log(`stage png: ${pngCount} PNG, one Chromium page: ${items.reduce((s, i) => s + (i.timings.png ?? 0), 0).toFixed(1)}s summed (browser start ${stageTime.pngStart.toFixed(1)}s)`);
console.log(
  `stage html: ${items.filter((i) => i.bytes.html != null).length} pages, one nbconvert process: ${items.reduce((s, i) => s + (i.timings.html ?? 0), 0).toFixed(1)}s summed ` +
    `(nbconvert ${stageTime.nbconvert.toFixed(1)}s, MathJax ${stageTime.mathjax.toFixed(1)}s, start ${stageTime.htmlStart.toFixed(1)}s); after the last kernel: ${((Date.now() - executeEnded) / 1000).toFixed(1)}s`,
);
console.log(
  `notebooks: ${items.length - failures} ok, ${failures} failed (${wall.toFixed(1)}s); ipynb ${mb(totalBytes("ipynb"))}, html ${mb(totalBytes("html"))} in ${relative(root, outDir) || "."}/`,
);
if (opt.summary) {
  const file = resolve(root, opt.summary);
  mkdirSync(dirname(file), { recursive: true });
  const results = items.map((i) => ({
    notebook: i.rel,
    ...i.res,
    ...(i.retried ? { retried_after: i.retried } : {}),
    png: i.png,
    timings: { execute: i.res.seconds, kernel: i.res.kernel_seconds, png: i.timings.png ?? null, html: i.timings.html ?? null },
    bytes: { ipynb: i.bytes.ipynb ?? null, html: i.bytes.html ?? null },
  }));
  writeFileSync(
    file,
    JSON.stringify(
      {
        passed: items.length - failures,
        failed: failures,
        seconds: wall,
        jobs: Math.min(opt.jobs, items.length),
        stages: {
          execute: { wall: (executeEnded - executeStarted) / 1000, summed: stageTime.execute, kernel: stageTime.kernel, cells: stageTime.cells },
          png: { count: pngCount, summed: items.reduce((s, i) => s + (i.timings.png ?? 0), 0), browserStart: stageTime.pngStart },
          html: { summed: items.reduce((s, i) => s + (i.timings.html ?? 0), 0), nbconvert: stageTime.nbconvert, mathjax: stageTime.mathjax, afterLastKernel: (Date.now() - executeEnded) / 1000 },
        },
        results,
      },
      null,
      2,
    ),
  );
}
process.exit(failures ? 1 : 0);
