/**
 * Output that lasts: figures to PNG/SVG through headless Chromium (offline: the page carries
 * plotly.js and the base map, and every network request is refused), tables to CSV (UTF-8 with
 * BOM, RFC 4180) or XLSX.
 *
 * One browser serves every render of a process. It closes itself after a short idle time (so a
 * script that saved a figure still exits), on `closeRenderer()`, and on process exit. Its pages are
 * reused: a page, once it has loaded plotly.js and the base map (a 5 MB script to parse), draws one
 * figure after another (purged in between), so a render costs a `Plotly.newPlot` and not a page
 * load; renders running at the same time each get a page of their own.
 */
import { mkdirSync, writeFileSync } from "fs";
import { dirname, extname } from "path";
import { standaloneFigureHtml } from "./assets";
import { findChromium, launchChromium, NO_CHROMIUM_MESSAGE, type Browser } from "./chromium";
import { normalizeTable, type TableInput } from "./table";

/** A Plotly figure as the plot layer builds it. */
export interface RenderableFigure {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export interface RenderOptions {
  /** CSS pixels (default 900 x 560, or the figure's own layout.width / layout.height). */
  width?: number;
  height?: number;
  /** Device pixel ratio of PNG output (default 2: sharp in print and on high-DPI screens). */
  scale?: number;
}

/** Thrown when Plotly refuses a figure (the message is Plotly's) or the page does not finish. */
export class FigureRenderError extends Error {
  override name = "FigureRenderError";
}

/** Milliseconds the shared browser stays open after the last render. */
export const RENDERER_IDLE_MS = 3000;
const RENDER_TIMEOUT_MS = 60_000;

let browserPromise: Promise<Browser> | undefined;
let active = 0;

/** A page with plotly.js loaded and nothing drawn, ready for the next figure (at its device scale). */
interface FigurePage {
  browser: Browser;
  context: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  page: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  scale: number;
}
let idlePages: FigurePage[] = [];
let idleTimer: NodeJS.Timeout | undefined;
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    // cannot await here; playwright also kills its browsers on exit
    void browserPromise?.then((b) => b.close()).catch(() => undefined);
  });
}

async function acquireBrowser(): Promise<Browser> {
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  active++;
  if (!browserPromise) {
    installExitHook();
    const p: Promise<Browser> = launchChromium();
    browserPromise = p;
    p.then(
      (b: Browser) =>
        b.on?.("disconnected", () => {
          if (browserPromise === p) browserPromise = undefined;
        }),
      () => {
        if (browserPromise === p) browserPromise = undefined;
      },
    );
  }
  try {
    return await browserPromise;
  } catch (e) {
    active--;
    throw e;
  }
}

function releaseBrowser(): void {
  active--;
  if (active > 0) return;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = undefined;
    if (active === 0) void closeRenderer();
  }, RENDERER_IDLE_MS);
  idleTimer.unref();
}

/** Close the shared browser now (it reopens on the next render). */
export async function closeRenderer(): Promise<void> {
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = undefined;
  }
  const p = browserPromise;
  browserPromise = undefined;
  idlePages = [];
  if (!p) return;
  try {
    const b = await p;
    await b.close();
  } catch {
    // a browser that failed to launch or already died has nothing to close
  }
}

/** True when a Chromium executable is available for rendering. */
export function canRenderFigures(): boolean {
  return findChromium() !== undefined;
}

function sizeOf(figure: RenderableFigure, options: RenderOptions): { width: number; height: number } {
  const lw = figure.layout?.width;
  const lh = figure.layout?.height;
  const width = options.width ?? (typeof lw === "number" ? lw : 900);
  const height = options.height ?? (typeof lh === "number" ? lh : 560);
  for (const [k, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isFinite(v) || v < 10 || v > 10000) throw new RangeError(`render: ${k} must be a number of pixels in [10, 10000], got ${v}`);
  }
  return { width, height };
}

/**
 * Open a figure in a fresh offline page of the shared headless Chromium, wait until Plotly has
 * drawn it, run `fn(page)` and close the page. Throws `FigureRenderError` with Plotly's message
 * when the figure cannot be drawn. The page is playwright's `Page` (`#fig` holds the plot).
 */
export async function withFigurePage<T>(
  figure: RenderableFigure,
  options: RenderOptions,
  fn: (page: any) => Promise<T>, // eslint-disable-line @typescript-eslint/no-explicit-any
): Promise<T> {
  const { width, height } = sizeOf(figure, options);
  const scale = options.scale ?? 2;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 8) throw new RangeError(`render: scale must be in (0, 8], got ${scale}`);
  const browser = await acquireBrowser();
  let fp: FigurePage | undefined;
  let reusable = false;
  try {
    fp = await figurePage(browser, scale);
    const page = fp.page;
    await page.setViewportSize({ width, height });
    // the render size wins over a size fixed in the figure's layout
    const drawn = page.evaluate(
      `(() => {
        const fig = document.getElementById("fig");
        window.Plotly.purge(fig);
        fig.style.width = "${width}px";
        fig.style.height = "${height}px";
        window.__figureDone = false;
        window.__figureError = undefined;
        Plotly.newPlot(fig, ${json(figure.data)}, ${json({ ...(figure.layout ?? {}), width, height })}, ${json({ staticPlot: true, displayModeBar: false, ...(figure.config ?? {}) })})
          .then(function () { window.__figureDone = true; })
          .catch(function (e) { window.__figureError = String(e); window.__figureDone = true; });
      })()`,
    );
    await drawn;
    try {
      await page.waitForFunction("window.__figureDone === true", undefined, { timeout: RENDER_TIMEOUT_MS });
    } catch (e) {
      throw new FigureRenderError(`render: Plotly did not finish drawing within ${RENDER_TIMEOUT_MS / 1000} s (${(e as Error).message})`);
    }
    const error = await page.evaluate("window.__figureError");
    if (error) {
      reusable = true;
      throw new FigureRenderError(`render: Plotly could not draw the figure: ${String(error)}`);
    }
    const result = await fn(page);
    reusable = true;
    return result;
  } finally {
    if (fp) {
      // a page whose figure or caller failed half-way is closed, not reused
      if (reusable && browserPromise && (await browserPromise.catch(() => undefined)) === fp.browser) idlePages.push(fp);
      else await fp.context.close().catch(() => undefined);
    }
    releaseBrowser();
  }
}

function json(x: unknown): string {
  return JSON.stringify(x ?? {}).replace(/</g, "\\u003c");
}

/** An idle page of `browser` at device scale `scale`, or a new one with plotly.js and the base map loaded. */
async function figurePage(browser: Browser, scale: number): Promise<FigurePage> {
  const i = idlePages.findIndex((p) => p.browser === browser && p.scale === scale);
  if (i >= 0) return idlePages.splice(i, 1)[0];
  const context = await browser.newContext({ viewport: { width: 900, height: 560 }, deviceScaleFactor: scale });
  try {
    // offline: nothing leaves the page (the bundle and the base map are inline)
    await context.route("**/*", (route: any) => route.abort()); // eslint-disable-line @typescript-eslint/no-explicit-any
    const page = await context.newPage();
    await page.setContent(standaloneFigureHtml({ data: [] }, { width: 900, height: 560 }), { waitUntil: "load", timeout: RENDER_TIMEOUT_MS });
    await page.waitForFunction("window.__figureDone === true", undefined, { timeout: RENDER_TIMEOUT_MS });
    return { browser, context, page, scale };
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

/** Counts of what Plotly drew in a page (see `countRenderedTraces`). */
export interface RenderedTraceCount {
  /** Traces Plotly drew, over all trace types (cartesian `g.trace`, heatmaps, choropleths, geo scatters). */
  traces: number;
  /** Cartesian scatter / bar / line traces (`g.trace` in `.cartesianlayer`). */
  cartesian: number;
  /** Heatmap traces (`g.hm`). */
  heatmaps: number;
  /** Choropleth traces (`g.trace.choropleth`). */
  choropleths: number;
  /** Filled region paths of all choropleth traces (`path.choroplethlocation`): one per province drawn. */
  choroplethPaths: number;
  /** Scattergeo traces (`g.trace.scattergeo`). */
  geoScatters: number;
  /** Legend entries (`g.legend g.traces`). */
  legendItems: number;
  /** Text of the legend entries, in order. */
  legendTexts: string[];
}

/** Count the traces Plotly drew in a page opened by `withFigurePage`. */
export async function countRenderedTraces(page: any): Promise<RenderedTraceCount> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return page.evaluate(`(() => {
    const root = document.getElementById("fig");
    const n = (sel) => root.querySelectorAll(sel).length;
    const cartesian = n(".cartesianlayer g.trace");
    const heatmaps = n(".cartesianlayer g.hm");
    const choropleths = n(".geolayer g.trace.choropleth");
    const geoScatters = n(".geolayer g.trace.scattergeo");
    const legendTexts = Array.from(root.querySelectorAll("g.legend g.traces text.legendtext")).map((t) => t.textContent);
    return {
      traces: cartesian + heatmaps + choropleths + geoScatters,
      cartesian,
      heatmaps,
      choropleths,
      choroplethPaths: n(".geolayer path.choroplethlocation"),
      geoScatters,
      legendItems: n("g.legend g.traces"),
      legendTexts,
    };
  })()`);
}

/** Render a figure to PNG bytes (`format: "png"`, a screenshot of the plot) or SVG text (`"svg"`, Plotly's own export). */
export async function renderFigure(figure: RenderableFigure, options: RenderOptions & { format: "png" }): Promise<Buffer>;
export async function renderFigure(figure: RenderableFigure, options: RenderOptions & { format: "svg" }): Promise<string>;
export async function renderFigure(
  figure: RenderableFigure,
  options: RenderOptions & { format: "png" | "svg" },
): Promise<Buffer | string>;
export async function renderFigure(
  figure: RenderableFigure,
  options: RenderOptions & { format: "png" | "svg" },
): Promise<Buffer | string> {
  if (options.format !== "png" && options.format !== "svg") {
    throw new RangeError(`renderFigure: format must be "png" or "svg", got ${JSON.stringify(options.format)}`);
  }
  const { width, height } = sizeOf(figure, options);
  return withFigurePage(figure, options, async (page) => {
    if (options.format === "png") {
      const el = await page.$("#fig");
      return (await el.screenshot({ type: "png", animations: "disabled" })) as Buffer;
    }
    const url: string = await page.evaluate(
      `Plotly.toImage(document.getElementById("fig"), { format: "svg", width: ${width}, height: ${height} })`,
    );
    return decodeDataUrl(url);
  });
}

function decodeDataUrl(url: string): string {
  const comma = url.indexOf(",");
  if (!url.startsWith("data:") || comma < 0) throw new FigureRenderError("renderFigure: Plotly.toImage returned no data URL");
  const head = url.slice(5, comma);
  const body = url.slice(comma + 1);
  return /;base64$/.test(head) ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

/**
 * Save a figure as PNG or SVG, chosen by the file extension (`.png`, `.svg`). Creates the folder.
 * Needs Chromium: without one it throws with `NO_CHROMIUM_MESSAGE` (how to install it).
 *
 * @example
 * await cc.saveFigure(cc.regionsMap(map), "figures/regions.png");   // or .svg
 */
export async function saveFigure(figure: RenderableFigure, path: string, options: RenderOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".png" && ext !== ".svg") {
    throw new Error(`saveFigure: "${path}": the extension must be .png or .svg (got "${ext || "none"}")`);
  }
  if (!findChromium()) throw new Error(`saveFigure: cannot write "${path}". ${NO_CHROMIUM_MESSAGE}`);
  const out = await renderFigure(figure, { ...options, format: ext === ".png" ? "png" : "svg" });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, out);
}

/** Anything `saveTable` accepts: rows of objects, or a DataFrame-like `{ columns, values }`. */
export type SaveTableInput = TableInput;

function cellValue(v: unknown): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" || typeof v === "boolean" || v instanceof Date) return v;
  return String(v);
}

function csvField(v: unknown): string {
  const c = cellValue(v);
  if (c === null) return "";
  const s = c instanceof Date ? c.toISOString() : String(c);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV text of a table: header row, then one line per row, RFC 4180 (fields with commas, quotes
 * or line breaks quoted, quotes doubled, CRLF line ends). Missing values and NaN are empty.
 * No BOM (saveTable adds it).
 */
export function tableToCsv(table: SaveTableInput): string {
  const t = normalizeTable(table);
  const lines = [t.columns.map(csvField).join(",")];
  for (const row of t.rows) lines.push(t.columns.map((_, j) => csvField(row[j])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/**
 * Save a table as CSV (UTF-8 with BOM, so that Excel opens Chinese correctly; RFC 4180) or XLSX
 * (one sheet, bold header), chosen by the file extension. Creates the folder. Numbers stay numbers
 * in XLSX; NaN and missing values are empty cells.
 *
 * @example
 * await cc.saveTable(cc.summarize(cd, { by: cc.NBS_REGIONS }), "tables/table4.csv");   // or .xlsx
 */
export async function saveTable(table: SaveTableInput, path: string, options: { sheet?: string } = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".csv" && ext !== ".xlsx") {
    throw new Error(`saveTable: "${path}": the extension must be .csv or .xlsx (got "${ext || "none"}")`);
  }
  let t: ReturnType<typeof normalizeTable>;
  try {
    t = normalizeTable(table);
  } catch (e) {
    throw new TypeError(`saveTable: "${path}": ${(e as Error).message.replace(/^showTable: /, "")}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  if (ext === ".csv") {
    writeFileSync(path, "\uFEFF" + tableToCsv({ columns: t.columns, values: t.rows }), "utf8");
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const writeXlsxFile = require("write-excel-file/node");
  const header = t.columns.map((c) => ({ value: c, fontWeight: "bold" }));
  const rows = t.rows.map((r) => t.columns.map((_, j) => {
    const v = cellValue(r[j]);
    return v === null ? null : { value: v };
  }));
  const sheet = (options.sheet ?? "Sheet1").replace(/[\\/?*[\]:]/g, "_").slice(0, 31);
  const fn = writeXlsxFile.default ?? writeXlsxFile;
  await fn([header, ...rows], { sheet }).toFile(path);
}
