/**
 * Showing tables and figures in a tslab cell: the only module that knows tslab.
 *
 * Every figure goes out as one display bundle with three MIME types:
 * `application/vnd.plotly.v1+json` (JupyterLab's and VS Code's Plotly renderers), `text/html`
 * (draws with the plotly.js bundle inlined in the notebook, so an exported HTML page needs no
 * network) and `text/plain`. `npm run reproduce` later adds `image/png` for readers whose front
 * end strips scripts.
 *
 * plotly.js (4.8 MB) is inlined once per notebook: by `setupNotebook()` (put it in the first cell;
 * running that cell again emits it again) or, failing that, by the first `show()` of the kernel
 * session.
 *
 * Reruns are byte-identical: a figure's element id is `cc-fig-<n>-<hash>`, `n` counting the
 * figures of the kernel session from 1 and `hash` the first 12 hex digits of the SHA-256 of the
 * figure's JSON, so two runs of a notebook write the same bytes (no random ids, no clock). Each
 * figure's script draws into the element just before it (`document.currentScript`), falling back
 * to the id, so two notebooks open side by side in one page cannot draw into each other's figure
 * even if both have a figure numbered alike.
 *
 * Testable outside a kernel: `setDisplaySink(fn)` replaces the tslab writer.
 */
import { createHash } from "crypto";
import { geoAssetsScript, plotlyBundle, plotlyVersion } from "./assets";
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
let bundleEmitted = false;
/** Figures given an id in this kernel session (the `n` of `cc-fig-<n>-<hash>`). */
let figureCount = 0;

/** Replace the display writer (tests, or another front end). `undefined` restores tslab's. Starts the figure count again. */
export function setDisplaySink(sink: DisplaySink | undefined): void {
  injected = sink;
  bundleEmitted = false;
  figureCount = 0;
}

/** Forget that plotly.js was emitted (the next figure carries it again) and start the figure count again. */
export function resetNotebookState(): void {
  bundleEmitted = false;
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
  const js = (geoAssetsScript() + "\n" + plotlyBundle()).replace(/<\/script/gi, "<\\/script");
  return (
    `<script type="text/javascript">${js}\n` +
    `;(window.__ccPlotlyQueue || []).splice(0).forEach(function (f) { f(); });</script>` +
    `<div style="font-size:11px;color:#888">plotly.js ${escapeHtml(plotlyVersion())} loaded (offline) / 已加载 plotly.js（离线）</div>`
  );
}

/**
 * Emit the plotly.js bundle (and the base map Plotly's `geo` needs) into this cell's output, so
 * that every figure of the notebook draws with no network, also in the exported HTML page.
 * Put it in the first code cell; running the cell again emits it again.
 *
 * @example
 * cc.setupNotebook();   // first cell of every notebook: figures then draw offline
 */
export function setupNotebook(): void {
  sink()({ data: { "text/html": plotlyScriptHtml(), "text/plain": `plotly.js ${plotlyVersion()} loaded` }, metadata: {} });
  bundleEmitted = true;
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

/**
 * Show a Plotly figure `{data, layout}` in the cell (one bundle: Plotly JSON, HTML, text).
 *
 * @example
 * cc.show(cc.trendFigure(cc.summarize(cd, { by: cc.NBS_REGIONS })));
 */
export function show(figure: FigureLike): void {
  if (!figure || !Array.isArray(figure.data)) throw new TypeError("show(figure): expected a Plotly figure { data: [...], layout }");
  const write = sink();
  const includePlotly = !bundleEmitted;
  const payload = { data: figure.data, layout: figure.layout ?? {}, config: figure.config ?? {} };
  write({
    data: {
      "application/vnd.plotly.v1+json": JSON.parse(JSON.stringify(payload)),
      "text/html": figureHtml(figure, { includePlotly }),
      "text/plain": figureText(figure),
    },
    metadata: {},
  });
  bundleEmitted = true;
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
