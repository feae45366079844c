// Looked at, not assumed: every exported notebook page under out/ is opened in Debian's headless
// Chromium with the network cut off. Each Plotly figure of the notebook must have drawn its SVG
// with the expected number of traces, each table must be there, LaTeX must be typeset (to SVG at
// export). The executed .ipynb beside it must carry each figure as its Plotly MIME bundle and a
// PNG (the runner's --png, as npm test runs it), no plotly.js, and the paper notebooks must stay
// light: at most 1.5 MB a notebook and 6 MB a page.
//
// CC_PAGE_SCREENSHOTS=1 also saves a full-page screenshot beside each page for a person to look
// at (off by default: the figures' PNGs in the .ipynb already show each figure).
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, launchChromium, type Browser } from "../../src/notebook/chromium";

const root = join(__dirname, "..", "..");
const out = join(root, "out");

// the pages of the notebooks under notebooks/ (out/ may also hold runs on other data)
function pages(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return pages(p);
      const source = join(root, "notebooks", relative(out, p)).replace(/\.html$/, ".ipynb");
      return n.endsWith(".html") && existsSync(p.replace(/\.html$/, ".ipynb")) && existsSync(source) ? [p] : [];
    });
}

interface Expected {
  figures: number[]; // trace count of each figure output, in order
  tables: number;
  math: boolean;
  /** Figure outputs without a PNG beside their Plotly JSON (light figures: no text/html of their own). */
  withoutPng: number;
  /** Outputs carrying plotly.js itself (setupNotebook({ inline: true })). */
  inlineBundles: number;
}

function expectedFrom(ipynb: string): Expected {
  const nb = JSON.parse(readFileSync(ipynb, "utf8"));
  const figures: number[] = [];
  let tables = 0;
  let math = false;
  let withoutPng = 0;
  let inlineBundles = 0;
  for (const cell of nb.cells) {
    const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    if (cell.cell_type === "markdown" && /\$[^$]+\$/.test(src)) math = true;
    for (const o of cell.outputs ?? []) {
      const data = o.data ?? {};
      const fig = data["application/vnd.plotly.v1+json"];
      if (fig) {
        figures.push(fig.data.length);
        if (!data["text/html"] && typeof data["image/png"] !== "string") withoutPng++;
      }
      const html = data["text/html"];
      const text = Array.isArray(html) ? html.join("") : html;
      if (typeof text === "string") {
        tables += (text.match(/<table border="1" class="dataframe">/g) ?? []).length;
        if (text.length > 1_000_000) inlineBundles++;
      }
    }
  }
  return { figures, tables, math, withoutPng, inlineBundles };
}

// the two papers' notebooks: the size limits apply to them
const isPaper = (page: string) => /^(zhang-ouyang-2025|zhou-xu-li)\//.test(relative(out, page));
const MB = 1e6;

const files = pages(out);
const chromium = findChromium();
let browser: Browser;

beforeAll(async () => {
  if (chromium && files.length) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("exported notebook pages, opened offline in headless Chromium", () => {
  it("has pages to look at and a browser to look with", () => {
    expect(chromium, "Chromium is needed: npm run setup:system").toBeTruthy();
    expect(files.length, "run the notebooks first (scripts/run-notebooks.mjs)").toBeGreaterThan(0);
  });

  for (const file of files) {
    // two pages at a time (vitest.e2e.config.mts: maxConcurrency), one per core
    it.concurrent(`${relative(out, file)} draws every figure and table offline`, async ({ expect }) => {
      const expected = expectedFrom(file.replace(/\.html$/, ".ipynb"));
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, offline: true });
      const page = await context.newPage();
      const requests: string[] = [];
      await page.route("**/*", (route: any) => {
        const url = route.request().url();
        if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const errors: string[] = [];
      page.on("pageerror", (e: Error) => errors.push(e.message));
      await page.goto("file://" + file, { waitUntil: "load", timeout: 120_000 });
      await page.waitForFunction(
        (n: number) => document.querySelectorAll(".js-plotly-plot .main-svg").length >= n,
        expected.figures.length,
        { timeout: 60_000 },
      );
      if (expected.math) await page.waitForSelector("mjx-container", { timeout: 60_000 });
      const drawn: number[] = await page.evaluate(() =>
        Array.from(document.querySelectorAll(".js-plotly-plot")).map((gd: any) => {
          const svgTraces = gd.querySelectorAll(".main-svg .trace, .main-svg .hm, .main-svg .choroplethlocation").length;
          return Math.min(svgTraces, gd._fullData?.length ?? 0) === (gd._fullData?.length ?? -1) ? gd._fullData.length : -svgTraces - 1;
        }),
      );
      const tables = await page.evaluate(() => document.querySelectorAll("table.dataframe").length);
      if (process.env.CC_PAGE_SCREENSHOTS === "1") await page.screenshot({ path: file.replace(/\.html$/, ".png"), fullPage: true });
      await context.close();
      expect(errors, "script errors on the page").toEqual([]);
      expect(drawn, "traces drawn per figure").toEqual(expected.figures);
      expect(tables, "tables on the page").toBe(expected.tables);
      // the page may try the network (nbconvert's template); nothing it shows may depend on it
      expect(requests.filter((u) => !/cdnjs|unpkg|jsdelivr|mathjax/i.test(u))).toEqual([]);
    });

    it(`${relative(out, file)}: plotly.js once, in the page; the .ipynb has each figure's Plotly JSON and PNG and no plotly.js`, () => {
      const ipynb = file.replace(/\.html$/, ".ipynb");
      const expected = expectedFrom(ipynb);
      const html = readFileSync(file, "utf8");
      const head = html.slice(0, html.indexOf("</head>"));
      expect(head.split("* plotly.js v").length - 1, "plotly.js in the page's head").toBe(1);
      expect(html.split("* plotly.js v").length - 1, "plotly.js in the page").toBe(1);
      expect(expected.withoutPng, "figure outputs without a PNG (run the notebooks with --png, as npm test does)").toBe(0);
      expect(expected.inlineBundles, "outputs carrying plotly.js in the .ipynb").toBe(0);
      if (isPaper(file)) {
        expect(statSync(ipynb).size / MB, "executed notebook, MB").toBeLessThanOrEqual(1.5);
        expect(statSync(file).size / MB, "HTML page, MB").toBeLessThanOrEqual(6);
      }
    });
  }
});
