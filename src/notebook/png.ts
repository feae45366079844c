/**
 * Static PNG fallbacks for the figure outputs of an executed notebook, and the notebook's file
 * format.
 *
 * `npm run reproduce` adds an `image/png` beside every light figure output (Plotly JSON with no
 * `text/html`, see display.ts): a front end with a Plotly renderer (VS Code; JupyterLab with
 * Plotly's extension) draws the JSON and ignores the PNG, every other one (JupyterLab or classic
 * Jupyter without the extension, trusted or not; GitHub's viewer) shows the PNG. A figure that
 * carries its own `text/html` (`setupNotebook({ inline: true })`) gets none: a front end that
 * cannot draw the JSON shows the HTML, so the PNG would only add weight.
 *
 * Speed: one headless Chromium page, with plotly.js and the base map loaded once, draws every
 * figure of a run in turn (`openPngRenderer`): a figure costs a `Plotly.newPlot` and a screenshot,
 * not a browser start and a 4.8 MB script parse.
 *
 * Weight: the screenshot (24-bit colour) is re-encoded with a palette of at most 256 colours
 * (`palettePng`), about 40 % of the bytes; a chart's background, fills and text keep their exact
 * colours, only anti-aliased edge shades move to a near palette colour.
 */
import { readFileSync, writeFileSync } from "fs";
import { deflateSync, inflateSync } from "zlib";
import { standaloneFigureHtml } from "./assets";
import { launchChromium, type Browser } from "./chromium";
import { FigureRenderError } from "./save";

interface NotebookOutput {
  output_type: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

interface NotebookLike {
  cells?: Array<{ outputs?: NotebookOutput[] }>;
}

interface FigureJson {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Width and height of a figure's PNG: its layout's, else 900 x 450 CSS pixels (450: the height the notebook's HTML gives a figure). */
export function pngSize(figure: FigureJson, defaults: { width?: number; height?: number } = {}): { width: number; height: number } {
  const layout = figure.layout ?? {};
  const width = typeof layout.width === "number" ? layout.width : (defaults.width ?? 900);
  const height = typeof layout.height === "number" ? layout.height : (defaults.height ?? 450);
  for (const [k, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isFinite(v) || v < 10 || v > 10000) throw new RangeError(`PNG fallback: ${k} must be a number of pixels in [10, 10000], got ${v}`);
  }
  return { width, height };
}

/** One Chromium page that draws figures to PNG, one after another (see the module comment). */
export interface PngRenderer {
  /** PNG bytes of `figure` drawn at `width` x `height` CSS pixels, device scale 1, static (no mode bar). */
  render(figure: FigureJson, size: { width: number; height: number }): Promise<Buffer>;
  /** Close the page and its browser. */
  close(): Promise<void>;
}

const RENDER_TIMEOUT_MS = 60_000;

/**
 * Open headless Chromium with one offline page holding plotly.js and the base map, ready to draw
 * figures to PNG. Close it with `close()`. Throws with the install hint when no Chromium is found.
 */
export async function openPngRenderer(): Promise<PngRenderer> {
  const browser: Browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 900, height: 450 }, deviceScaleFactor: 1 });
    // offline: nothing leaves the page (the bundle and the base map are inline)
    await context.route("**/*", (route: any) => route.abort()); // eslint-disable-line @typescript-eslint/no-explicit-any
    const page = await context.newPage();
    await page.setContent(standaloneFigureHtml({ data: [] }, { width: 900, height: 450 }), { waitUntil: "load", timeout: RENDER_TIMEOUT_MS });
    await page.waitForFunction("window.__figureDone === true", undefined, { timeout: RENDER_TIMEOUT_MS });
    let queue: Promise<unknown> = Promise.resolve();
    const renderOne = async (figure: FigureJson, size: { width: number; height: number }): Promise<Buffer> => {
      const { width, height } = size;
      await page.setViewportSize({ width, height });
      const error: string | null = await page.evaluate(
        async (arg: { data: unknown[]; layout: Record<string, unknown>; config: Record<string, unknown>; width: number; height: number }) => {
          const w = window as unknown as { Plotly: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
          const el = document.getElementById("fig")!;
          w.Plotly.purge(el);
          el.style.width = `${arg.width}px`;
          el.style.height = `${arg.height}px`;
          try {
            await w.Plotly.newPlot(el, arg.data, arg.layout, arg.config);
            return null;
          } catch (e) {
            return String(e);
          }
        },
        {
          data: figure.data,
          // the PNG's size wins over a size fixed in the figure's layout
          layout: { ...(figure.layout ?? {}), width, height },
          config: { ...(figure.config ?? {}), staticPlot: true, displayModeBar: false },
          width,
          height,
        },
      );
      if (error) throw new FigureRenderError(`PNG fallback: Plotly could not draw the figure: ${error}`);
      return palettePng((await page.screenshot({ type: "png", clip: { x: 0, y: 0, width, height }, animations: "disabled" })) as Buffer);
    };
    return {
      // one page: renders run one at a time, in call order
      render(figure, size) {
        const next = queue.then(() => renderOne(figure, size));
        queue = next.catch(() => undefined);
        return next;
      },
      async close() {
        await browser.close().catch(() => undefined);
      },
    };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}

/** Does this output want a PNG fallback: a Plotly figure with neither a PNG nor its own HTML? */
export function wantsPng(out: NotebookOutput): boolean {
  const data = out.data;
  return !!data && !!data[PLOTLY_MIME] && !data["image/png"] && !data["text/html"];
}

/**
 * Add PNGs to the light figure outputs of a notebook object (in place), drawn by `renderer`;
 * returns how many were added. The output's metadata gets `"image/png": { width, height }`.
 */
export async function addPngs(nb: NotebookLike, renderer: PngRenderer, defaults: { width?: number; height?: number } = {}): Promise<number> {
  let added = 0;
  for (const cell of nb.cells ?? []) {
    for (const out of cell.outputs ?? []) {
      if (!wantsPng(out)) continue;
      const fig = out.data![PLOTLY_MIME] as FigureJson;
      const size = pngSize(fig, defaults);
      const png = await renderer.render(fig, size);
      out.data!["image/png"] = png.toString("base64");
      out.metadata = { ...(out.metadata ?? {}), "image/png": size };
      added++;
    }
  }
  return added;
}

/**
 * Add PNGs to the light figure outputs of the notebook file at `path` (in place; written by
 * `notebookJson`); returns how many were added. Uses `options.renderer` when given (left open),
 * else opens one and closes it.
 */
export async function addPngFallbacks(path: string, options: { width?: number; height?: number; renderer?: PngRenderer } = {}): Promise<number> {
  const nb = JSON.parse(readFileSync(path, "utf8"));
  const renderer = options.renderer ?? (await openPngRenderer());
  let added: number;
  try {
    added = await addPngs(nb, renderer, options);
  } finally {
    if (!options.renderer) await renderer.close();
  }
  writeFileSync(path, notebookJson(nb));
  return added;
}

// ---- palette PNG ----------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42 polynomial, as the PNG specification gives it). */
function crc32(buf: Buffer): number {
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Pixels of an 8-bit, non-interlaced, opaque RGB or RGBA PNG as 0xRRGGBB; null for any other kind. */
function decodeRgb(png: Buffer): { width: number; height: number; rgb: Uint32Array } | null {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  const idat: Buffer[] = [];
  let ihdr: Buffer | undefined;
  for (let p = 8; p + 12 <= png.length; ) {
    const len = png.readUInt32BE(p);
    const type = png.toString("latin1", p + 4, p + 8);
    const data = png.subarray(p + 8, p + 8 + len);
    if (type === "IHDR") ihdr = data;
    else if (type === "IDAT") idat.push(data);
    p += 12 + len;
  }
  if (!ihdr) return null;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [depth, colourType, , , interlace] = [ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]];
  if (depth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) return null;
  const bpp = colourType === 6 ? 4 : 3;
  const stride = width * bpp;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length < height * (stride + 1)) return null;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const up = row - stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? px[row + i - bpp] : 0;
      const b = y > 0 ? px[up + i] : 0;
      const c = i >= bpp && y > 0 ? px[up + i - bpp] : 0;
      let v = raw[src + i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) return null;
      px[row + i] = v & 255;
    }
  }
  const rgb = new Uint32Array(width * height);
  for (let i = 0, j = 0; i < rgb.length; i++, j += bpp) {
    if (bpp === 4 && px[j + 3] !== 255) return null; // transparency: keep the original
    rgb[i] = (px[j] << 16) | (px[j + 1] << 8) | px[j + 2];
  }
  return { width, height, rgb };
}

/**
 * At most `n` colours for a histogram by median cut (Heckbert, "Color image quantization for frame
 * buffer display", 1982): the box whose widest channel range times the square root of its pixel
 * count is largest is split at the pixel median of that channel, until there are `n` boxes; each
 * box is then represented by its most frequent colour (not the mean), so that flat colours stay
 * exact.
 */
function medianCut(hist: Map<number, number>, n: number): number[] {
  const channel = (c: number, k: number) => (c >> (16 - 8 * k)) & 255;
  interface Box {
    colours: number[];
    /** The channel with the widest range, and the split score: that range times sqrt(pixels). */
    k: number;
    score: number;
  }
  const box = (colours: number[]): Box => {
    let count = 0;
    const lo = [255, 255, 255];
    const hi = [0, 0, 0];
    for (const c of colours) {
      count += hist.get(c)!;
      for (let k = 0; k < 3; k++) {
        const v = channel(c, k);
        if (v < lo[k]) lo[k] = v;
        if (v > hi[k]) hi[k] = v;
      }
    }
    let k = 0;
    for (let q = 1; q < 3; q++) if (hi[q] - lo[q] > hi[k] - lo[k]) k = q;
    return { colours, k, score: colours.length < 2 ? 0 : (hi[k] - lo[k]) * Math.sqrt(count) };
  };
  const boxes: Box[] = [box([...hist.keys()])];
  while (boxes.length < n) {
    let bi = -1;
    for (let i = 0; i < boxes.length; i++) if (boxes[i].score > 0 && (bi < 0 || boxes[i].score > boxes[bi].score)) bi = i;
    if (bi < 0) break;
    const { colours, k } = boxes[bi];
    colours.sort((x, y) => channel(x, k) - channel(y, k) || x - y);
    let total = 0;
    for (const c of colours) total += hist.get(c)!;
    let acc = 0;
    let cut = colours.length - 1;
    for (let i = 0; i < colours.length - 1; i++) {
      acc += hist.get(colours[i])!;
      if (acc * 2 >= total) {
        cut = i + 1;
        break;
      }
    }
    boxes.splice(bi, 1, box(colours.slice(0, cut)), box(colours.slice(cut)));
  }
  return boxes.map(({ colours }) => {
    let top = colours[0];
    for (const c of colours) if (hist.get(c)! > hist.get(top)! || (hist.get(c) === hist.get(top) && c < top)) top = c;
    return top;
  });
}

/**
 * The same image as an 8-bit palette PNG: exact when it has at most 256 colours, else quantized by
 * median cut (`medianCut`) with each pixel mapped to the nearest palette colour (squared distance
 * weighted 2, 4, 3 for red, green, blue); deflated at zlib's default level 6 (level 9 takes ten
 * times as long for 8 % fewer bytes). Returns the input when it is not an
 * 8-bit opaque RGB(A) PNG or when the palette version is not smaller. Deterministic.
 */
export function palettePng(png: Buffer): Buffer {
  const image = decodeRgb(png);
  if (!image) return png;
  const { width, height, rgb } = image;
  const hist = new Map<number, number>();
  for (const c of rgb) hist.set(c, (hist.get(c) ?? 0) + 1);
  const palette = hist.size <= 256 ? [...hist.keys()].sort((a, b) => a - b) : medianCut(hist, 256);
  const index = new Map<number, number>();
  palette.forEach((c, i) => index.set(c, i));
  const nearest = (c: number): number => {
    let found = index.get(c);
    if (found !== undefined) return found;
    const r = c >> 16;
    const g = (c >> 8) & 255;
    const b = c & 255;
    let best = Infinity;
    found = 0;
    for (let i = 0; i < palette.length; i++) {
      const p = palette[i];
      const dr = r - (p >> 16);
      const dg = g - ((p >> 8) & 255);
      const db = b - (p & 255);
      const e = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
      if (e < best) {
        best = e;
        found = i;
      }
    }
    index.set(c, found);
    return found;
  };
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    const o = y * (width + 1);
    for (let x = 0; x < width; x++) raw[o + 1 + x] = nearest(rgb[y * width + x]);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // palette
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((c, i) => {
    plte[3 * i] = c >> 16;
    plte[3 * i + 1] = (c >> 8) & 255;
    plte[3 * i + 2] = c & 255;
  });
  const out = Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", ihdr), pngChunk("PLTE", plte), pngChunk("IDAT", deflateSync(raw, { level: 6 })), pngChunk("IEND", Buffer.alloc(0))]);
  return out.length < png.length ? out : png;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The text of a notebook file: nbformat's layout (keys sorted, one space of indent per level, no
 * ASCII escaping, a final newline), except that a Plotly figure's JSON is written compactly, each
 * trace on one line and the layout and config on one line each. nbformat's indent would otherwise
 * put every number of a map's outline on a line of its own (a province map is 32,000 numbers: about
 * 1 MB of indentation per map figure). Any Jupyter tool reads the result; the same notebook always
 * gives the same bytes.
 */
export function notebookJson(nb: unknown): string {
  return write(nb, 0) + "\n";

  function write(v: unknown, depth: number): string {
    const pad = " ".repeat(depth + 1);
    const end = " ".repeat(depth);
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return "[\n" + v.map((x) => pad + write(x, depth + 1)).join(",\n") + "\n" + end + "]";
    }
    if (isPlainObject(v)) {
      const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
      if (keys.length === 0) return "{}";
      const item = (k: string) => pad + JSON.stringify(k) + ": " + (k === PLOTLY_MIME && isPlainObject(v[k]) ? figure(v[k] as Record<string, unknown>, depth + 1) : write(v[k], depth + 1));
      return "{\n" + keys.map(item).join(",\n") + "\n" + end + "}";
    }
    return JSON.stringify(v) ?? "null";
  }

  function figure(f: Record<string, unknown>, depth: number): string {
    const pad = " ".repeat(depth + 1);
    const end = " ".repeat(depth);
    const keys = Object.keys(f).filter((k) => f[k] !== undefined).sort();
    if (keys.length === 0) return "{}";
    const item = (k: string) => {
      const x = f[k];
      if (k === "data" && Array.isArray(x) && x.length > 0) {
        return pad + '"data": [\n' + x.map((t) => pad + " " + JSON.stringify(t)).join(",\n") + "\n" + pad + "]";
      }
      return pad + JSON.stringify(k) + ": " + JSON.stringify(x);
    };
    return "{\n" + keys.map(item).join(",\n") + "\n" + end + "}";
  }
}
