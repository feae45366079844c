// Post-processing of nbconvert's HTML pages so they need no network: nbconvert's lab template
// loads MathJax 2 from a CDN; offline the LaTeX would stay raw. Replace that block with MathJax 3's
// single-file SVG build inlined from the npm package `mathjax` (no fonts to fetch).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
let mathjax;

function mathjaxSource() {
  if (mathjax !== undefined) return mathjax;
  try {
    const file = join(dirname(require.resolve("mathjax/package.json")), "es5", "tex-svg.js");
    mathjax = existsSync(file) ? readFileSync(file, "utf8") : null;
  } catch {
    mathjax = null;
  }
  return mathjax;
}

export function inlineMathJax(html) {
  const src = mathjaxSource();
  if (!src) return html;
  // the template's MathJax block: a <script src=".../MathJax.js?..."> and its config script
  const start = html.search(/<!-- Load mathjax -->/);
  const endMarker = "<!-- End of mathjax configuration -->";
  const end = html.indexOf(endMarker);
  const config = `<script>window.MathJax = { tex: { inlineMath: [["$","$"],["\\\\(","\\\\)"]], displayMath: [["$$","$$"],["\\\\[","\\\\]"]], processEscapes: true }, svg: { fontCache: "global" }, startup: { typeset: true } };</script>`;
  const inline = `${config}\n<script>${src.replace(/<\/script/gi, "<\\/script")}</script>`;
  if (start >= 0 && end > start) return html.slice(0, start) + inline + html.slice(end + endMarker.length);
  return html.replace("</head>", inline + "\n</head>");
}
