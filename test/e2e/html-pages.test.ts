// Looked at, not assumed: every exported notebook page under out/ is opened in Debian's headless
// Chromium with the network cut off. Each Plotly figure of the notebook must have drawn its SVG
// with the expected number of traces, each table must be there, LaTeX must be typeset, and a
// screenshot is saved beside the page for a person to look at.
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
}

function expectedFrom(ipynb: string): Expected {
  const nb = JSON.parse(readFileSync(ipynb, "utf8"));
  const figures: number[] = [];
  let tables = 0;
  let math = false;
  for (const cell of nb.cells) {
    const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    if (cell.cell_type === "markdown" && /\$[^$]+\$/.test(src)) math = true;
    for (const o of cell.outputs ?? []) {
      const data = o.data ?? {};
      const fig = data["application/vnd.plotly.v1+json"];
      if (fig) figures.push(fig.data.length);
      const html = data["text/html"];
      const text = Array.isArray(html) ? html.join("") : html;
      if (typeof text === "string") tables += (text.match(/<table border="1" class="dataframe">/g) ?? []).length;
    }
  }
  return { figures, tables, math };
}

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
    it(`${relative(out, file)} draws every figure and table offline`, async () => {
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
      await page.screenshot({ path: file.replace(/\.html$/, ".png"), fullPage: true });
      await context.close();
      expect(errors, "script errors on the page").toEqual([]);
      expect(drawn, "traces drawn per figure").toEqual(expected.figures);
      expect(tables, "tables on the page").toBe(expected.tables);
      // the page may try the network (nbconvert's template); nothing it shows may depend on it
      expect(requests.filter((u) => !/cdnjs|unpkg|jsdelivr|mathjax/i.test(u))).toEqual([]);
    });
  }
});
