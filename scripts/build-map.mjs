// Rebuild data/provinces/ from data/sources/raw/ (run after `npm run build`):
//   node scripts/build-map.mjs
// Writes china-provinces.geojson (decoded echarts@4.9.0 map, RFC 7946 rings, 5 decimals),
// LICENSE/NOTICE of echarts beside it, provinces.csv and province-aliases.csv (from the registry),
// adjacency.csv (rook contiguity among the 31 provinces; also checks queen gives the same pairs).
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const data = require(path.join(root, "dist", "data"));
const core = require(path.join(root, "dist", "core", "contiguity.js"));

const raw = path.join(root, "data", "sources", "raw");
const out = path.join(root, "data", "provinces");
fs.mkdirSync(out, { recursive: true });

const json = JSON.parse(fs.readFileSync(path.join(raw, "echarts-4.9.0-china.json"), "utf8"));
const fc = data.buildProvinceMap(json, { digits: 5 });
const dropped = data.decodeEchartsMap(json, { digits: 5 }).dropped;
// one feature per line: small diffs, still valid JSON
const body = fc.features.map((f) => JSON.stringify(f)).join(",\n");
fs.writeFileSync(path.join(out, "china-provinces.geojson"), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
fs.copyFileSync(path.join(raw, "echarts-4.9.0-LICENSE.txt"), path.join(out, "LICENSE-echarts.txt"));
fs.copyFileSync(path.join(raw, "echarts-4.9.0-NOTICE.txt"), path.join(out, "NOTICE-echarts.txt"));
fs.writeFileSync(path.join(out, "provinces.csv"), data.provincesCsv());
fs.writeFileSync(path.join(out, "province-aliases.csv"), data.provinceAliasesCsv());

const analysed = { type: "FeatureCollection", features: fc.features.filter((f) => f.properties.analysed) };
const rook = core.contiguityWeights(analysed, { rule: "rook", idProperty: "adcode" }).toPairs();
const queen = core.contiguityWeights(analysed, { rule: "queen", idProperty: "adcode" }).toPairs();
const key = (p) => p.join("-");
const qs = new Set(queen.map(key));
if (rook.length !== queen.length || !rook.every((p) => qs.has(key(p)))) {
  console.warn(`warning: rook (${rook.length}) and queen (${queen.length}) pairs differ`);
}
const pairs = rook.map(([a, b]) => (a < b ? [a, b] : [b, a])).sort((x, y) => key(x).localeCompare(key(y)));
fs.writeFileSync(path.join(out, "adjacency.csv"), ["adcode_a,adcode_b", ...pairs.map(key).map((s) => s.replace("-", ","))].join("\n") + "\n");
console.log(`degenerate rings dropped ${dropped}, features ${fc.features.length} (analysed ${analysed.features.length}), rook pairs ${rook.length}, queen pairs ${queen.length}`);
