/**
 * Showing tables and figures in a tslab cell: the only module that knows tslab.
 *
 * A figure goes out as one display bundle. By default (`cc.setupNotebook()`, or no setup call) it
 * is light: `application/vnd.plotly.v1+json` (the figure's JSON, drawn interactively by front ends
 * with a Plotly renderer: VS Code natively, JupyterLab / Notebook 7 with Plotly's renderer
 * extension) and `text/plain`; plotly.js is not in the notebook. `npm run reproduce` later adds a
 * static `image/png` that every other front end shows (and that a front end with the renderer
 * ignores), and the exported HTML page carries plotly.js once and draws every figure from its JSON.
 * The output's metadata names the figure's id (`{"coupling-coordination": {"figure": id}}`), which
 * the HTML page gives the figure's element.
 *
 * `cc.setupNotebook({ inline: true })` makes the notebook self-contained instead: the cell emits
 * plotly.js (4.8 MB) and every figure also carries a `text/html` that draws with it, so a trusted
 * notebook shows interactive figures in classic Jupyter / JupyterLab with no extension and no
 * network. (Such a figure is shown from its HTML, not from a PNG: an untrusted notebook shows it
 * blank there.)
 *
 * Reruns are byte-identical: a figure's id is `cc-fig-<n>-<hash>`, `n` counting the figures of
 * the kernel session from 1 and `hash` the first 12 hex digits of the SHA-256 of the figure's JSON,
 * so two runs of a notebook write the same bytes (no random ids, no clock). Each figure's script
 * draws into the element just before it (`document.currentScript`), falling back to the id, so two
 * notebooks open side by side in one page cannot draw into each other's figure even if both have a
 * figure numbered alike.
 *
 * Testable outside a kernel: `setDisplaySink(fn)` replaces the tslab writer.
 */
import { createHash } from "crypto";
import { plotlyScriptTag, plotlyVersion } from "./assets";
import { escapeHtml, tableToHtml, tableToText, TableInput, TableOptions } from "./table";

/** A Jupyter display message's content. */
export interface DisplayBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient?: Record<string, unknown>;
}
export type DisplaySink = (bundle: DisplayBundle) => void;

/** A Plotly figure as the plot layer builds it. */
export interface FigureLike {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

let injected: DisplaySink | undefined;
/** Figures carry plotly.js-drawing HTML (`inline`) or only their JSON (`light`, the default). */
let inline = false;
/** Figures given an id in this kernel session (the `n` of `cc-fig-<n>-<hash>`). */
let figureCount = 0;

/**
 * The key of this library's entry in an output's metadata: `{ figure: id }` on a figure,
 * `{ setup: "light" | "inline" }` on `setupNotebook`'s output (the HTML export drops that one: the
 * page carries plotly.js itself).
 */
export const OUTPUT_METADATA_KEY = "coupling-coordination";

/** Replace the display writer (tests, or another front end). `undefined` restores tslab's. Starts a new session: light figures, count from 1. */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  injected = sink;
  resetNotebookState();
}

/** Start a new session: light figures (as before any `setupNotebook`), the figure count from 1. */
export function resetNotebookState(): void {
  inline = false;
  figureCount = 0;
}

function sink(): DisplaySink {
  if (injected) return injected;
  let jupyter: { lastWriteDisplayData?: (d: DisplayBundle, update: boolean) => void };
  try {
    // tslab's own display-data writer: the only way to send several MIME types in one output
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    jupyter = require("tslab/dist/jupyter");
  } catch {
    throw new Error("show()/showTable() need a tslab notebook kernel. Outside a notebook, use saveFigure() / saveTable() or setDisplaySink().");
  }
  const write = jupyter.lastWriteDisplayData;
  if (typeof write !== "function") {
    throw new Error("show()/showTable(): no tslab cell is running (call them from a notebook cell, or use setDisplaySink()).");
  }
  return (bundle) => write(bundle, false);
}

function plotlyScriptHtml(): string {
  return (
    plotlyScriptTag() +
    `<div style="font-size:11px;color:#888">plotly.js ${escapeHtml(plotlyVersion())} loaded (offline) / 已加载 plotly.js（离线）</div>`
  );
}

/** Options of `setupNotebook`. */
export interface SetupOptions {
  /**
   * `true`: put plotly.js (4.8 MB) into this cell's output and give every later figure a `text/html`
   * that draws with it, so the `.ipynb` alone shows interactive figures offline in classic Jupyter
   * and JupyterLab without extensions (trusted notebooks). Default `false`: light figures (Plotly
   * JSON; a PNG added by `npm run reproduce`), see the module comment.
   */
  inline?: boolean;
}

/** The note `setupNotebook()` shows in light mode (Markdown). */
export const LIGHT_SETUP_NOTE =
  "图形以 Plotly JSON 输出：VS Code 与装有 Plotly 扩展的 JupyterLab 交互显示；`cc.setupNotebook({ inline: true })` 把 plotly.js 嵌入笔记本。 / " +
  "Figures go out as Plotly JSON: interactive in VS Code and in JupyterLab with Plotly's extension; `cc.setupNotebook({ inline: true })` embeds plotly.js in the notebook.";

/**
 * Set up the figures of this notebook; put it in the first code cell.
 *
 * - `cc.setupNotebook()`: light figures (the default): each figure is its Plotly JSON, which VS
 *   Code and JupyterLab with Plotly's renderer extension draw interactively; `npm run reproduce`
 *   adds a static PNG for every other front end, and the exported HTML page draws every figure
 *   offline. The cell shows a one-line note saying so.
 * - `cc.setupNotebook({ inline: true })`: a self-contained notebook: the cell emits plotly.js (and
 *   the base map Plotly's `geo` needs) and every figure also carries HTML that draws with it, in
 *   classic Jupyter and JupyterLab with no extension and no network. Running the cell again emits
 *   plotly.js again.
 *
 * @example
 * cc.setupNotebook();                   // light: Plotly JSON (+ PNG from npm run reproduce)
 * cc.setupNotebook({ inline: true });   // self-contained: plotly.js in the notebook (+4.8 MB)
 */
export function setupNotebook(options: SetupOptions = {}): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`setupNotebook(options): options must be an object such as { inline: true }, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== "inline") throw new TypeError(`setupNotebook(options): unknown option "${key}" (the only option is inline: true | false)`);
  }
  if (options.inline !== undefined && typeof options.inline !== "boolean") {
    throw new TypeError(`setupNotebook(options): inline must be true or false, got ${JSON.stringify(options.inline)}`);
  }
  const write = sink();
  if (options.inline) {
    write({
      data: { "text/html": plotlyScriptHtml(), "text/plain": `plotly.js ${plotlyVersion()} loaded` },
      metadata: { [OUTPUT_METADATA_KEY]: { setup: "inline" } },
    });
    inline = true;
  } else {
    write({ data: { "text/markdown": LIGHT_SETUP_NOTE, "text/plain": LIGHT_SETUP_NOTE }, metadata: { [OUTPUT_METADATA_KEY]: { setup: "light" } } });
    inline = false;
  }
}

function figureTitle(fig: FigureLike): string {
  const t = fig.layout?.title as unknown;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return "";
}

/** Plain-text summary of a figure: title and its traces. */
export function figureText(fig: FigureLike): string {
  const kinds = fig.data.map((d) => String(d.type ?? "scatter"));
  const title = figureTitle(fig).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  return `Figure${title ? `: ${title}` : ""} (${kinds.length} trace${kinds.length === 1 ? "" : "s"}: ${[...new Set(kinds)].join(", ")})`;
}

/**
 * The element id of the next figure: `cc-fig-<n>-<hash>` (see the module comment), the same in
 * every run of the same cells.
 */
export function figureId(fig: FigureLike): string {
  figureCount += 1;
  const hash = createHash("sha256")
    .update(JSON.stringify({ data: fig.data, layout: fig.layout ?? {}, config: fig.config ?? {} }) ?? "")
    .digest("hex")
    .slice(0, 12);
  return `cc-fig-${figureCount}-${hash}`;
}

/** The `text/html` of one figure: a div and a script that draws it once plotly.js is there. */
export function figureHtml(fig: FigureLike, options: { includePlotly?: boolean; id?: string } = {}): string {
  const id = options.id ?? figureId(fig);
  const layout = fig.layout ?? {};
  const height = typeof layout.height === "number" ? layout.height : 450;
  const width = typeof layout.width === "number" ? `${layout.width}px` : "100%";
  const json = (x: unknown) => JSON.stringify(x ?? {}).replace(/</g, "\\u003c");
  const config = { responsive: true, displaylogo: false, ...(fig.config ?? {}) };
  const draw =
    `<div id="${id}" class="cc-figure" style="width:${width};max-width:100%;height:${height}px"></div>` +
    `<script type="text/javascript">(function () {` +
    // the element just before this script, when it is this figure's; else the id
    `var s = document.currentScript, el = s && s.previousElementSibling;` +
    `var target = el && el.id === ${JSON.stringify(id)} ? el : ${JSON.stringify(id)};` +
    `var draw = function () { window.Plotly.newPlot(target, ${json(fig.data)}, ${json(layout)}, ${json(config)}); };` +
    `if (window.Plotly) { draw(); } else { (window.__ccPlotlyQueue = window.__ccPlotlyQueue || []).push(draw); }` +
    `})();</script>`;
  return (options.includePlotly ? plotlyScriptHtml() : "") + draw;
}

function positionsOf(coords: unknown, visit: (position: number[]) => void): void {
  if (!Array.isArray(coords)) return;
  if (coords.length >= 2 && typeof coords[0] === "number") visit(coords as number[]);
  else for (const c of coords) positionsOf(c, visit);
}

function eachCoordinates(node: unknown, visit: (coordinates: unknown) => void): void {
  if (Array.isArray(node)) for (const x of node) eachCoordinates(x, visit);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "coordinates") visit(v);
      else eachCoordinates(v, visit);
    }
  }
}

/**
 * A copy of a GeoJSON with its coordinates rounded to the power of ten at or below 1/10,000 of its
 * extent (the larger of its longitude and latitude ranges): 0.001 degree for China's provinces
 * (whose bundled outline is itself stored to 1/1024 degree), 0.0001 for a city's districts. On a
 * map drawn 900 pixels wide that moves a point by at most 1/20 of a pixel; a province map's JSON
 * shrinks by a fifth. Nothing else changes (no point is dropped).
 *
 * @example
 * roundGeoJson({ type: "LineString", coordinates: [[100.123456, 30.5], [110.987654, 40.25]] }).coordinates
 * // extent 10.86 degrees -> step 0.001: [[100.123, 30.5], [110.988, 40.25]]
 */
export function roundGeoJson<T>(geojson: T): T {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  eachCoordinates(geojson, (c) =>
    positionsOf(c, (p) => {
      for (let k = 0; k < 2; k++) {
        if (Number.isFinite(p[k])) {
          lo[k] = Math.min(lo[k], p[k]);
          hi[k] = Math.max(hi[k], p[k]);
        }
      }
    }),
  );
  const extent = Math.max(hi[0] - lo[0], hi[1] - lo[1]);
  const copy = JSON.parse(JSON.stringify(geojson)) as T;
  if (!(extent > 0) || !Number.isFinite(extent)) return copy;
  const decimals = Math.max(0, -Math.floor(Math.log10(extent / 10_000)));
  if (decimals > 12) return copy;
  const scale = 10 ** decimals;
  eachCoordinates(copy, (c) =>
    positionsOf(c, (p) => {
      for (let k = 0; k < p.length; k++) if (Number.isFinite(p[k])) p[k] = Math.round(p[k] * scale) / scale;
    }),
  );
  return copy;
}

/**
 * Show a Plotly figure `{data, layout}` in the cell: one bundle with its Plotly JSON and a text
 * summary (and, after `setupNotebook({ inline: true })`, HTML that draws it with the inlined
 * plotly.js); the output's metadata names the figure's id. A map trace's `geojson` goes into the
 * bundle with its coordinates rounded to display precision (`roundGeoJson`).
 *
 * @example
 * cc.show(cc.trendFigure(cc.summarize(cd, { by: cc.NBS_REGIONS })));
 */
export function show(figure: FigureLike): void {
  if (!figure || !Array.isArray(figure.data)) throw new TypeError("show(figure): expected a Plotly figure { data: [...], layout }");
  const write = sink();
  const id = figureId(figure);
  const traces = figure.data.map((t) =>
    t && typeof t.geojson === "object" && t.geojson !== null ? { ...t, geojson: roundGeoJson(t.geojson) } : t,
  );
  const payload = { data: traces, layout: figure.layout ?? {}, config: figure.config ?? {} };
  const data: Record<string, unknown> = {
    "application/vnd.plotly.v1+json": JSON.parse(JSON.stringify(payload)),
    "text/plain": figureText(figure),
  };
  if (inline) data["text/html"] = figureHtml({ ...figure, data: traces }, { id });
  write({ data, metadata: { [OUTPUT_METADATA_KEY]: { figure: id } } });
}

/** The `warnings` a frame result carries (e.g. an unbalanced panel accepted with `balanced: false`). */
function warningsOf(table: unknown): string[] {
  const w = typeof table === "object" && table !== null ? (table as { warnings?: unknown }).warnings : undefined;
  return Array.isArray(w) ? w.filter((x): x is string => typeof x === "string" && x !== "") : [];
}

/**
 * Show a table: rows of objects or a DataFrame, as a pandas-style HTML table with a plain-text
 * fallback. Numbers are right-aligned and rounded (`digits`, default 4; integers as they are),
 * missing values are empty, Chinese headers stay intact, long tables are cut to head and tail.
 * A frame result's `warnings` (how it was computed, e.g. over an unbalanced panel) are shown
 * under the table, one line each, prefixed with "⚠".
 *
 * @example
 * cc.showTable(cd, { caption: "D by province and year", digits: 3, maxRows: 12 });
 * cc.showTable(e.weights, { columns: ["system", "indicator", "weight"] });
 */
export function showTable(table: TableInput, options: TableOptions = {}): void {
  const warnings = warningsOf(table);
  const html =
    tableToHtml(table, options) +
    warnings.map((w) => `<div class="cc-warning" style="color:#a15c00;font-size:12px">⚠ ${escapeHtml(w)}</div>`).join("");
  const text = [tableToText(table, options), ...warnings.map((w) => `⚠ ${w}`)].join("\n");
  sink()({ data: { "text/html": html, "text/plain": text }, metadata: {} });
}

/**
 * Show Markdown (bilingual notes computed in a cell).
 *
 * @example
 * cc.showMarkdown(`**D rises** every year: ${cc.summarize(cd).rows.map((r) => (r.D as number).toFixed(3)).join(" → ")}`);
 */
export function showMarkdown(markdown: string): void {
  sink()({ data: { "text/markdown": markdown, "text/plain": markdown }, metadata: {} });
}
