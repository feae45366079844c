// The dynamics and inequality figures drawn in headless Chromium (offline) from the frame results
// on the papers' own data, counting what Plotly drew; each PNG saved under out/figures/ for a
// person to look at. Run alone: it opens a browser.
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provinceWeights } from "../../src/data/adjacency";
import { dataPath } from "../../src/data/paths";
import { readPanel } from "../../src/data/loaders";
import { coupling } from "../../src/frame/coupling";
import { entropy } from "../../src/frame/entropy";
import { NBS_REGIONS, panel } from "../../src/frame/panel";
import type { CouplingResult } from "../../src/frame/results";
import { densityByYear, inequalityByYear, markovChain, spatialMarkovChain, theilByYear } from "../../src/frame/toolkit-dynamics";
import { dagumByYear } from "../../src/frame/dagum";
import { densityCurves, densityRidgeline, inequalityTrends, spatialTransitionHeatmaps, transitionHeatmap } from "../../src/plot/toolkit-dynamics";
import type { Figure } from "../../src/plot";
import { closeRenderer, countRenderedTraces, withFigurePage, type RenderedTraceCount } from "../../src/notebook/save";
import { findChromium } from "../../src/notebook/chromium";

const chromium = findChromium();
if (!chromium) console.warn("render tests skipped: no Chromium found (set CHROMIUM_PATH or install chromium)");
const OUT = join(__dirname, "../../out/figures");

async function draw(name: string, figure: Figure, width = 900, height = 560): Promise<RenderedTraceCount & { annotations: string[]; yTicks: string[] }> {
  return withFigurePage(figure, { width, height, scale: 1.5 }, async (page) => {
    const counts = await countRenderedTraces(page);
    const extra = await page.evaluate(`(() => {
      const root = document.getElementById("fig");
      return {
        annotations: Array.from(root.querySelectorAll(".annotation-text")).map((t) => t.textContent),
        yTicks: Array.from(root.querySelectorAll(".yaxislayer-above .ytick text, .yaxislayer-above text.ytick")).map((t) => t.textContent),
        cellTexts: root.querySelectorAll(".cartesianlayer g.hm text, .heatmaplayer text, g.hm text").length,
      };
    })()`);
    mkdirSync(OUT, { recursive: true });
    const png: Buffer = await (await page.$("#fig")).screenshot({ type: "png" });
    writeFileSync(join(OUT, `${name}.png`), png);
    return { ...counts, ...extra };
  });
}

let cd: CouplingResult;
let cd2: CouplingResult;

beforeAll(async () => {
  const p1 = panel(await readPanel(dataPath("panels", "zhang-ouyang-2025.csv")));
  cd = coupling(entropy(p1, dataPath("specs", "zhang-ouyang-2025.csv")).scores);
  const p2 = panel(await readPanel(dataPath("panels", "zhou-xu-li.csv")));
  cd2 = coupling(entropy(p2, dataPath("specs", "zhou-xu-li.csv")).scores);
}, 120_000);

afterAll(async () => {
  await closeRenderer();
});

describe.skipIf(!chromium)("dynamics figures drawn in headless Chromium", () => {
  it("densityCurves: paper 2, nine years, bandwidth in every legend entry", async () => {
    const k = densityByYear(cd2);
    const c = await draw("density-curves", densityCurves(k));
    expect(c.cartesian).toBe(9);
    expect(c.legendTexts).toHaveLength(9);
    for (const t of c.legendTexts) expect(t).toMatch(/^20\d\d \(bw 0\.\d{3}, nrd0\)$/);
    expect(c.legendTexts[8]).toBe("2019 (bw 0.079, nrd0)");
  });

  it("densityCurves: three years with peaks, one given bandwidth", async () => {
    const k = densityByYear(cd, { bandwidth: 0.03 });
    const c = await draw("density-curves-given", densityCurves(k, { times: [2012, 2016, 2019], peaks: true }));
    expect(c.cartesian).toBe(4);
    expect(c.legendTexts.slice(0, 3)).toEqual(["2012 (bw 0.030, given)", "2016 (bw 0.030, given)", "2019 (bw 0.030, given)"]);
  });

  it("densityRidgeline: paper 1, eight ridges with their bandwidths", async () => {
    const fig = densityRidgeline(densityByYear(cd));
    const c = await draw("density-ridgeline", fig, 900, (fig.layout.height as number) ?? 740);
    expect(c.cartesian).toBe(16); // a baseline and a filled curve per year
    expect(c.legendItems).toBe(0);
  });

  it("transitionHeatmap: paper 2 relative D, p (n) in every cell and a total column", async () => {
    const fig = transitionHeatmap(markovChain(cd2, { relative: true }));
    const c = await draw("markov-relative", fig, 760, 640);
    expect(c.heatmaps).toBe(1);
  });

  it("transitionHeatmap: paper 1 D, absorbing top class", async () => {
    const c = await draw("markov-d", transitionHeatmap(markovChain(cd)), 760, 640);
    expect(c.heatmaps).toBe(1);
  });

  it("transitionHeatmap: a row without moves shows a dash", async () => {
    // made-up 3 units x 3 years: class III only reached in the last year
    const rows = [
      { adcode: "a", year: 1, D: 0.1 }, { adcode: "a", year: 2, D: 0.2 }, { adcode: "a", year: 3, D: 0.9 },
      { adcode: "b", year: 1, D: 0.15 }, { adcode: "b", year: 2, D: 0.3 }, { adcode: "b", year: 3, D: 0.35 },
      { adcode: "c", year: 1, D: 0.2 }, { adcode: "c", year: 2, D: 0.25 }, { adcode: "c", year: 3, D: 0.3 },
    ];
    const c = await draw("markov-empty-row", transitionHeatmap(markovChain(rows, { cutoffs: [0.22, 0.5] })), 700, 560);
    expect(c.heatmaps).toBe(1);
  });

  it("spatialTransitionHeatmaps: paper 2 relative D, four lag panels, tests in the title", async () => {
    const fig = spatialTransitionHeatmaps(spatialMarkovChain(cd2, provinceWeights(), { relative: true }));
    const c = await draw("spatial-markov-relative", fig, fig.layout.width as number, fig.layout.height as number);
    expect(c.heatmaps).toBe(4);
  });

  it("spatialTransitionHeatmaps: paper 1 D with the pooled matrix first", async () => {
    const fig = spatialTransitionHeatmaps(spatialMarkovChain(cd, provinceWeights()), { pooled: true, columns: 3 });
    const c = await draw("spatial-markov-pooled", fig, fig.layout.width as number, fig.layout.height as number);
    expect(c.heatmaps).toBe(5);
  });

  it("inequalityTrends: paper 1, Theil beside Dagum", async () => {
    const c = await draw("inequality-trends", inequalityTrends(inequalityByYear(cd, { group: NBS_REGIONS })), 1000, 520);
    expect(c.cartesian).toBe(5);
    expect(c.legendTexts).toEqual([
      "泰尔指数 T / Theil T",
      "基尼系数 G / Dagum Gini G",
      "泰尔组间占比 / Theil between share",
      "Dagum 组间净差异占比 / Dagum net between share",
      "Dagum 组间+超变 / Dagum between + transvariation",
    ]);
  });

  it("inequalityTrends: paper 2 Theil result with a Dagum result beside it", async () => {
    const th = theilByYear(cd2, { group: NBS_REGIONS });
    const c = await draw("inequality-trends-2", inequalityTrends(th, { dagum: dagumByYear(cd2, { group: NBS_REGIONS }) }), 1000, 520);
    expect(c.cartesian).toBe(5);
  });
});
