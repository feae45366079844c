// The toolkit figures (geodetector, centre of gravity and ellipse, GM(1,1), sigma/beta
// convergence) drawn in headless Chromium (offline) from the frame results on paper 2's bundled
// panel, counting what Plotly drew; each PNG saved under out/figures/ for a person to look at.
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPanel } from "../../src/data/panel";
import { dataPath } from "../../src/data/paths";
import { loadProvinceMap } from "../../src/data/map";
import { coupling, entropy } from "../../src/frame";
import { NBS_REGIONS, panel } from "../../src/frame/panel";
import { centreOfGravity, convergenceOf, detectFactors, greyForecast } from "../../src/frame/toolkit-drivers";
import {
  betaScatter,
  ellipseMap,
  geodetectorBars,
  greyForecastFigure,
  interactionHeatmap,
  sigmaTrend,
} from "../../src/plot/toolkit-drivers";
import type { Figure } from "../../src/plot/types";
import { closeRenderer, countRenderedTraces, withFigurePage, type RenderedTraceCount } from "../../src/notebook/save";
import { findChromium } from "../../src/notebook/chromium";

const chromium = findChromium();
if (!chromium) console.warn("render tests skipped: no Chromium found (set CHROMIUM_PATH or install chromium)");
const OUT = join(__dirname, "../../out/figures");

async function draw(name: string, figure: Figure, width = 900, height = 560): Promise<RenderedTraceCount> {
  return withFigurePage(figure, { width, height, scale: 1.5 }, async (page) => {
    const counts = await countRenderedTraces(page);
    mkdirSync(OUT, { recursive: true });
    const png: Buffer = await (await page.$("#fig")).screenshot({ type: "png" });
    writeFileSync(join(OUT, `${name}.png`), png);
    return counts;
  });
}

const cd2 = coupling(entropy(loadPanel("zhou-xu-li"), dataPath("specs", "zhou-xu-li.csv")).scores);
const p2 = panel(cd2, { group: NBS_REGIONS });
const map = loadProvinceMap();

afterAll(async () => {
  await closeRenderer();
});

describe.skipIf(!chromium)("toolkit figures drawn in headless Chromium (paper 2's panel)", () => {
  const g = detectFactors(p2, { factors: { region: "categorical", economy: { k: 4 }, basic: { k: 5 }, commercial: { k: 5 } }, year: 2019 });

  it("geodetectorBars: every factor significant at 0.05 in 2019 (one trace)", async () => {
    const c = await draw("toolkit-geodetector-bars", geodetectorBars(g, { labels: { region: "区域 region", economy: "经济 economy", basic: "基本公共服务 basic", commercial: "商业 commercial" } }));
    expect(c.cartesian).toBe(1);
    expect(c.legendTexts).toEqual(["显著 p ≤ 0.05 / significant"]);
  });

  it("geodetectorBars: significant and not significant bars (alpha 0.01)", async () => {
    const c = await draw("toolkit-geodetector-bars-alpha", geodetectorBars(g, { alpha: 0.01 }));
    expect(c.cartesian).toBe(2);
    expect(c.legendTexts).toEqual(["显著 p ≤ 0.01 / significant", "不显著 p > 0.01 / not significant"]);
  });

  it("interactionHeatmap: one heatmap of the four factors", async () => {
    const c = await draw("toolkit-interaction-heatmap", interactionHeatmap(g), 820, 700);
    expect(c.heatmaps).toBe(1);
  });

  it("ellipseMap: base map, centroids, two ellipses, the path and its inset", async () => {
    const cog = centreOfGravity(cd2, map);
    const fig = ellipseMap(map, cog, { years: [2011, 2019], width: 900, height: 640 });
    const c = await draw("toolkit-ellipse-map", fig, 900, 640);
    expect(c.choropleths).toBe(1);
    expect(c.choroplethPaths).toBe(31);
    expect(c.geoScatters).toBe(5);
    expect(c.legendTexts).toEqual(["单元质心 / Unit centroids", "2011 标准差椭圆 / SDE", "2019 标准差椭圆 / SDE", "重心轨迹 / Centre of gravity"]);
  });

  it("greyForecastFigure: national mean, fit and forecast", async () => {
    const c = await draw("toolkit-grey-forecast", greyForecastFigure(greyForecast(cd2)));
    expect(c.cartesian).toBe(3);
    expect(c.legendTexts).toEqual(["观测值 / Observed", "GM(1,1) 拟合 / GM(1,1) fit", "预测 / Forecast"]);
  });

  it("greyForecastFigure: one model per region", async () => {
    const c = await draw("toolkit-grey-forecast-regions", greyForecastFigure(greyForecast(p2, { by: NBS_REGIONS })), 900, 600);
    expect(c.cartesian).toBe(12);
    expect(c.legendTexts).toEqual(["东部 East", "中部 Central", "西部 West", "东北 Northeast"]);
  });

  it("sigmaTrend: cv and sd of ln D (a gap in 2011, Tibet's 0)", async () => {
    const c = await draw("toolkit-sigma", sigmaTrend(convergenceOf(cd2), { measure: ["cv_ddof1", "sd_log_ddof1"] }));
    expect(c.cartesian).toBe(2);
  });

  it("betaScatter: 31 provinces by region and the fitted line", async () => {
    const c = await draw("toolkit-beta", betaScatter(convergenceOf(p2)), 900, 620);
    expect(c.cartesian).toBe(5);
  });
});
