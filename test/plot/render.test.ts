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
  couplingOf,
  couplingResult,
  dagumResult,
  dValue,
  KEYS,
  leftLevel,
  levelFields,
  lisaResult,
  moranResult,
  obstacleResult,
  squaresGeojson,
  summaryResult,
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
    const c = await draw("trend", trendFigure(summaryResult()));
    expect(c.cartesian).toBe(5);
    expect(c.legendTexts).toEqual(["全国 National", "东部 East", "中部 Central", "西部 West", "东北 Northeast"]);
  });

  it("trendFigure: a single national series", async () => {
    const s = summaryResult();
    const national = { ...s, rows: s.rows.filter((r) => r.group === "all") } as typeof s;
    const c = await draw("trend-national", trendFigure(national, { title: "全国耦合协调度均值 / National mean D" }));
    expect(c.cartesian).toBe(1);
  });

  it("trendFigure with overlays: level bands, a compared series, a highlight and a note", async () => {
    const fig = trendFigure(summaryResult(), {
      bands: "levels",
      compare: { data: [{ year: 2012, D: 0.35 }, { year: 2016, D: 0.41 }, { year: 2021, D: 0.47 }], x: "year", y: "D", name: "论文 paper" },
      highlight: ["east"],
      annotations: [{ x: 2020, y: 0.5, text: "东部 2020" }],
    });
    const c = await draw("trend-overlays", fig);
    expect(c.cartesian).toBe(6);
    expect(c.legendTexts).toEqual(["全国 National", "东部 East", "中部 Central", "西部 West", "东北 Northeast", "论文 paper"]);
  });

  it("levelHeatmap: one heatmap, 31 provinces x 10 years", async () => {
    const c = await draw("level-heatmap", levelHeatmap(couplingResult()), 1000, 820);
    expect(c.heatmaps).toBe(1);
  });

  it("moranTrend: line, significant, not significant, E[I]", async () => {
    const c = await draw("moran-trend", moranTrend(moranResult()));
    expect(c.cartesian).toBe(4);
  });

  it("moranScatter: four quadrants and the fitted line", async () => {
    const c = await draw("moran-scatter", moranScatter(lisaResult()), 900, 700);
    expect(c.cartesian).toBe(5);
  });

  it("moranScatter coloured by LISA cluster", async () => {
    const fig = moranScatter(lisaResult(), { colorBy: "cluster" });
    const c = await draw("moran-scatter-clusters", fig, 900, 700);
    expect(c.cartesian).toBe(fig.data.length);
    expect(c.legendTexts.slice(0, 5)).toEqual(["高-高 HH", "低-低 LL", "低-高 LH", "高-低 HL", "不显著 Not significant"]);
  });

  it("obstacleBars: two systems x three groups", async () => {
    const c = await draw(
      "obstacle-bars",
      obstacleBars(obstacleResult(), { systemLabels: { digital: "数字经济 Digital economy", green: "绿色发展 Green development" } }),
      900,
      650,
    );
    expect(c.cartesian).toBe(6);
  });

  it("obstacleBars: one system, no groups", async () => {
    const rows = obstacleResult().rows.filter((r) => r.system === "digital");
    const c = await draw("obstacle-bars-single", obstacleBars(rows, { factor: "factor_zh", values: "2021", topK: 3 }));
    expect(c.cartesian).toBe(1);
  });

  it("giniContributions: three stacked parts and G", async () => {
    const c = await draw("gini-contributions", giniContributions(dagumResult()));
    expect(c.cartesian).toBe(4);
  });

  it("choroplethMap on the synthetic squares: one path per province", async () => {
    const geo = squaresGeojson();
    const rows = geo.features.map((f, k) => ({ adcode: String(f.properties!.adcode), year: 2020, D: 0.15 + 0.2 * k, ...levelFields(leftLevel(0.15 + 0.2 * k)) }));
    const fig = choroplethMap(geo, couplingOf(rows, KEYS, "left"));
    const c = await draw("choropleth-squares", fig);
    expect(c.choropleths).toBe(1);
    expect(c.choroplethPaths).toBe(4);
    expect(c.geoScatters).toBe(4);
    expect(c.legendTexts).toEqual(["严重失调 serious imbalance", "轻度失调 mild imbalance", "勉强协调 barely coordinated", "中级协调 intermediate coordination"]);
  });

  it("categoryMap on the synthetic squares", async () => {
    const geo = squaresGeojson();
    const rows = geo.features.map((f, k) => ({ adcode: String(f.properties!.adcode), category: k % 2 ? "B" : "A" }));
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
    const c = await draw("choropleth-china", choroplethMap(china!, couplingResult(), { time: 2019, title: "2019年耦合协调度 / Coupling coordination degree, 2019", width: 900, height: 640 }), 900, 640);
    expect(c.choroplethPaths).toBe(china!.features.length);
  });

  it.skipIf(!china)("lisaClusterMap on the real map with made-up clusters", async () => {
    const c = await draw("lisa-cluster-china", lisaClusterMap(china!, lisaResult(), { width: 900, height: 640 }), 900, 640);
    expect(c.choroplethPaths).toBe(china!.features.length);
    expect(c.legendTexts).toEqual(["高-高 HH", "低-低 LL", "低-高 LH", "高-低 HL", "不显著 Not significant", "孤立 Isolated", "无数据 No data"]);
  });

  it.skipIf(!china)("choroplethMap on the real map with only the 31 provinces drawn (showMissing false)", async () => {
    const rows = ADCODES.map((u) => ({ adcode: u, D: dValue(u, 2012), level: leftLevel(dValue(u, 2012)) }));
    const c = await draw("choropleth-china-31", choroplethMap(china!, rows, { showMissing: false }), 900, 640);
    expect(c.choroplethPaths).toBe(31);
  });
});
