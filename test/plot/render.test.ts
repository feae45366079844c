// Every figure builder drawn in headless Chromium (offline), counting what Plotly drew, and each
// PNG saved under out/figures/ for a person to look at.
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { afterAll, describe, expect, it } from "vitest";
import {
  categoryMap,
  choroplethMap,
  giniContributions,
  levelHeatmap,
  lisaClusterMap,
  moranScatter,
  moranTrend,
  obstacleBars,
  regionsMap,
  trendFigure,
  type Figure,
} from "../../src/plot";
import { closeRenderer, countRenderedTraces, withFigurePage, type RenderedTraceCount } from "../../src/notebook/save";
import { findChromium } from "../../src/notebook/chromium";
import {
  ADCODES,
  chinaGeojson,
  clusterOf,
  dValue,
  giniRows,
  levelRows,
  moranTrendRows,
  obstacleRows,
  scatterPoints,
  squaresGeojson,
  trendRows,
} from "./samples";

const chromium = findChromium();
if (!chromium) console.warn("render tests skipped: no Chromium found (set CHROMIUM_PATH or install chromium)");
const OUT = join(__dirname, "../../out/figures");
const china = chinaGeojson();
if (!china) console.warn("real China map tests skipped: data/provinces/china-provinces.geojson not found");

async function draw(name: string, figure: Figure, width = 900, height = 560): Promise<RenderedTraceCount> {
  return withFigurePage(figure, { width, height, scale: 1.5 }, async (page) => {
    const counts = await countRenderedTraces(page);
    mkdirSync(OUT, { recursive: true });
    const png: Buffer = await (await page.$("#fig")).screenshot({ type: "png" });
    writeFileSync(join(OUT, `${name}.png`), png);
    return counts;
  });
}

afterAll(async () => {
  await closeRenderer();
});

describe.skipIf(!chromium)("figures drawn in headless Chromium", () => {
  it("trendFigure: five lines", async () => {
    const c = await draw("trend", trendFigure(trendRows()));
    expect(c.cartesian).toBe(5);
    expect(c.legendTexts).toEqual(["全国 National", "东部 East", "中部 Central", "西部 West", "东北 Northeast"]);
  });

  it("trendFigure: a single national series", async () => {
    const rows = trendRows().filter((r) => r.series === "nation");
    const c = await draw("trend-national", trendFigure(rows, { title: "全国耦合协调度均值 / National mean D" }));
    expect(c.cartesian).toBe(1);
  });

  it("levelHeatmap: one heatmap, 31 provinces x 10 years", async () => {
    const c = await draw("level-heatmap", levelHeatmap(levelRows()), 1000, 820);
    expect(c.heatmaps).toBe(1);
  });

  it("moranTrend: line, significant, not significant, E[I]", async () => {
    const c = await draw("moran-trend", moranTrend(moranTrendRows()));
    expect(c.cartesian).toBe(4);
  });

  it("moranScatter: four quadrants and the fitted line", async () => {
    const c = await draw("moran-scatter", moranScatter(scatterPoints(), { I: 0.264 }), 900, 700);
    expect(c.cartesian).toBe(5);
  });

  it("moranScatter coloured by LISA cluster", async () => {
    const pts = scatterPoints().map((p, k) => ({ ...p, cluster: clusterOf(k) }));
    const fig = moranScatter(pts, { colorBy: "cluster" });
    const c = await draw("moran-scatter-clusters", fig, 900, 700);
    expect(c.cartesian).toBe(fig.data.length);
    expect(c.legendTexts.slice(0, 5)).toEqual(["高-高 HH", "低-低 LL", "低-高 LH", "高-低 HL", "不显著 Not significant"]);
  });

  it("obstacleBars: two systems x three groups", async () => {
    const c = await draw("obstacle-bars", obstacleBars(obstacleRows()), 900, 650);
    expect(c.cartesian).toBe(6);
  });

  it("obstacleBars: one system, no groups", async () => {
    const rows = obstacleRows().filter((r) => r.group === "2021" && r.system?.startsWith("数字"));
    const c = await draw("obstacle-bars-single", obstacleBars(rows.map((r) => ({ factor: r.factor, value: r.value })), { topK: 3 }));
    expect(c.cartesian).toBe(1);
  });

  it("giniContributions: three stacked parts and G", async () => {
    const c = await draw("gini-contributions", giniContributions(giniRows()));
    expect(c.cartesian).toBe(4);
  });

  it("choroplethMap on the synthetic squares: one path per province", async () => {
    const geo = squaresGeojson();
    const rows = geo.features.map((f, k) => ({ unit: String(f.properties!.adcode), value: 0.15 + 0.2 * k }));
    const fig = choroplethMap(geo, rows);
    const c = await draw("choropleth-squares", fig);
    expect(c.choropleths).toBe(1);
    expect(c.choroplethPaths).toBe(4);
    expect(c.geoScatters).toBe(4);
    expect(c.legendTexts).toEqual(["严重失调 serious imbalance", "轻度失调 mild imbalance", "勉强协调 barely coordinated", "中级协调 intermediate coordination"]);
  });

  it("categoryMap on the synthetic squares", async () => {
    const geo = squaresGeojson();
    const rows = geo.features.map((f, k) => ({ unit: String(f.properties!.adcode), category: k % 2 ? "B" : "A" }));
    const c = await draw("category-squares", categoryMap(geo, rows, { colors: { A: "#1b9e77", B: "#d95f02" }, order: ["B", "A"] }));
    expect(c.choroplethPaths).toBe(4);
    expect(c.legendTexts).toEqual(["B", "A"]);
  });

  it.skipIf(!china)("regionsMap on the real map: 31 provinces in four regions, 3 areas without data", async () => {
    const c = await draw("regions-map", regionsMap(china!, { width: 900, height: 640 }), 900, 640);
    expect(c.choropleths).toBe(1);
    expect(c.choroplethPaths).toBe(china!.features.length);
    expect(c.legendTexts).toEqual(["东部 East", "中部 Central", "西部 West", "东北 Northeast", "无数据 No data"]);
  });

  it.skipIf(!china)("choroplethMap on the real map: D 2019 in levels", async () => {
    const rows = ADCODES.map((u) => ({ unit: u, value: dValue(u, 2019) }));
    const c = await draw("choropleth-china", choroplethMap(china!, rows, { title: "2019年耦合协调度 / Coupling coordination degree, 2019", width: 900, height: 640 }), 900, 640);
    expect(c.choroplethPaths).toBe(china!.features.length);
  });

  it.skipIf(!china)("lisaClusterMap on the real map with made-up clusters", async () => {
    const rows = ADCODES.map((u, k) => ({ unit: u, cluster: u === "460000" ? "isolated" : clusterOf(k) }));
    const c = await draw("lisa-cluster-china", lisaClusterMap(china!, rows, { width: 900, height: 640 }), 900, 640);
    expect(c.choroplethPaths).toBe(china!.features.length);
    expect(c.legendTexts).toEqual(["高-高 HH", "低-低 LL", "低-高 LH", "高-低 HL", "不显著 Not significant", "孤立 Isolated", "无数据 No data"]);
  });

  it.skipIf(!china)("choroplethMap on the real map with only the 31 provinces drawn (showMissing false)", async () => {
    const rows = ADCODES.map((u) => ({ unit: u, value: dValue(u, 2012) }));
    const c = await draw("choropleth-china-31", choroplethMap(china!, rows, { showMissing: false }), 900, 640);
    expect(c.choroplethPaths).toBe(31);
  });
});
