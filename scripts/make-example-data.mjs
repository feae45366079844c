#!/usr/bin/env node
// Writes the bundled SYNTHETIC example of `npm run analyse` and notebooks/your-data.ipynb:
//
//   node scripts/make-example-data.mjs [--out data/examples/cities]
//
// 16 invented prefecture-level cities (甲市 ... 巳市, codes 990100 ... 991600: no real city has a
// code starting with 99) on a 4 x 4 grid of square-ish polygons, 2015-2022, three groups (区域:
// 北片 / 中片 / 南片), two systems (经济, 医疗) of three indicators each with Chinese ids. Every
// value is made up by the formulas below from a seeded generator: running the script again
// writes the same bytes. Files:
//   panel.csv    # SYNTHETIC comment lines, then 城市代码,城市,年份,区域 and the six indicators
//   spec.csv     id,system,direction (the minimal specification) and a note saying SYNTHETIC
//   map.geojson  FeatureCollection with a top-level "description" saying SYNTHETIC; properties
//                城市代码 (the id, a string) and name; RFC 7946 rings (exterior counter-clockwise)
//
// The map is a contiguity test as well as a picture: interior borders are straight horizontal
// lines and slanted shared vertical lines; at three places a city's bottom corner does not meet
// the corner of the city below (T-junctions: a vertex in the middle of the neighbour's edge, so
// rook contiguity must compare edges, not vertices), and two cities carry an extra vertex on a
// border that the neighbour does not have. Outer edges are bent outward so that the cities do not
// look like a chessboard.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let outDir = join(root, "data", "examples", "cities");
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--out" && args[i + 1]) outDir = resolve(args[++i]);
  else {
    console.error(`make-example-data: unknown argument ${args[i]} (usage: node scripts/make-example-data.mjs [--out DIR])`);
    process.exit(2);
  }
}

// mulberry32: a small seeded generator (Tommy Ettinger's constants), enough for made-up numbers.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = generator(20240917);
const uniform = (lo, hi) => lo + (hi - lo) * rand();
const round = (x, d) => Number(x.toFixed(d));

// ---- the cities ------------------------------------------------------------------------------
const NAMES = ["甲市", "乙市", "丙市", "丁市", "戊市", "己市", "庚市", "辛市", "壬市", "癸市", "子市", "丑市", "寅市", "卯市", "辰市", "巳市"];
const GROUP_OF_ROW = ["北片", "中片", "中片", "南片"];
const N = 4; // 4 x 4 grid, row 0 in the north, column 0 in the west
const cities = [];
for (let r = 0; r < N; r++) {
  for (let c = 0; c < N; c++) {
    const k = r * N + c;
    cities.push({ k, r, c, code: String(990100 + 100 * k), name: NAMES[k], group: GROUP_OF_ROW[r] });
  }
}

// ---- the map ---------------------------------------------------------------------------------
const LON0 = 114, LAT0 = 31, STEP = 0.5; // the grid spans 114E-116E, 29N-31N
const Y = (k) => LAT0 - STEP * k; // horizontal line k (0 = north edge, 4 = south edge)
// X[k][c]: where vertical boundary c (1..3) meets horizontal line k; outer boundaries straight
const X = [];
for (let k = 0; k <= N; k++) {
  X.push([LON0, ...[1, 2, 3].map((c) => round(LON0 + STEP * c + uniform(-0.06, 0.06), 5)), LON0 + STEP * N]);
}
// T-junctions: row r's boundary c ends on line r+1 at X + shift, while row r+1's starts at X
const T_SHIFT = new Map([["0|2", 0.12], ["1|1", -0.11], ["2|3", 0.1]]);
const bottomX = (r, c) => round(X[r + 1][c] + (T_SHIFT.get(`${r}|${c}`) ?? 0), 5);
// extra vertex on one city's border (the neighbour's polygon has none there): [row, col, "top" | "bottom"]
const EXTRA = [[1, 2, "top"], [2, 0, "bottom"]];
const bend = () => round(uniform(0.03, 0.07), 5);

function ring(city) {
  const { r, c } = city;
  const yt = Y(r), yb = Y(r + 1);
  const tl = [X[r][c], yt], tr = [X[r][c + 1], yt];
  const bl = [c === 0 ? LON0 : bottomX(r, c), yb], br = [c === N - 1 ? LON0 + STEP * N : bottomX(r, c + 1), yb];
  const mid = (p, q) => [round((p[0] + q[0]) / 2, 5), round((p[1] + q[1]) / 2, 5)];
  const pts = [bl];
  // bottom edge, west to east
  if (r === N - 1) pts.push([mid(bl, br)[0], round(yb - bend(), 5)]);
  else if (EXTRA.some(([er, ec, side]) => er === r && ec === c && side === "bottom")) pts.push(mid(bl, br));
  pts.push(br);
  // east edge, south to north
  if (c === N - 1) pts.push([round(LON0 + STEP * N + bend(), 5), mid(br, tr)[1]]);
  pts.push(tr);
  // top edge, east to west
  if (r === 0) pts.push([mid(tr, tl)[0], round(yt + bend(), 5)]);
  else if (EXTRA.some(([er, ec, side]) => er === r && ec === c && side === "top")) pts.push(mid(tr, tl));
  pts.push(tl);
  // west edge, north to south
  if (c === 0) pts.push([round(LON0 - bend(), 5), mid(tl, bl)[1]]);
  pts.push(bl); // closed; counter-clockwise (RFC 7946 exterior)
  return pts;
}
const features = cities.map((city) => ({
  type: "Feature",
  properties: { 城市代码: city.code, name: city.name },
  geometry: { type: "Polygon", coordinates: [ring(city)] },
}));

// ---- the panel -------------------------------------------------------------------------------
// Made-up levels: economy high in the north-east, health resources high in the north and the
// centre, both growing over time, with seeded noise; units and magnitudes of a prefecture city.
const YEARS = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];
const INDICATORS = [
  { id: "人均地区生产总值", system: "经济", direction: "+", digits: 0 },
  { id: "城镇居民人均可支配收入", system: "经济", direction: "+", digits: 0 },
  { id: "城镇登记失业率", system: "经济", direction: "-", digits: 2 },
  { id: "每千人执业医师数", system: "医疗", direction: "+", digits: 2 },
  { id: "每千人医疗机构床位数", system: "医疗", direction: "+", digits: 2 },
  { id: "个人卫生支出占比", system: "医疗", direction: "-", digits: 2 },
];
const noise = (s) => 1 + uniform(-s, s);
const rows = [];
for (const city of cities) {
  const east = city.c / (N - 1), north = 1 - city.r / (N - 1);
  const centre = 1 - (Math.abs(city.c - 1.5) + Math.abs(city.r - 1.5)) / 3;
  const se = 0.55 * east + 0.45 * north + uniform(-0.08, 0.08); // economic position, about 0..1
  const sh = 0.5 * se + 0.5 * centre + uniform(-0.08, 0.08); // health resources
  for (const [t, year] of YEARS.entries()) {
    const v = {
      人均地区生产总值: (42000 + 65000 * se) * Math.pow(1.062, t) * noise(0.04),
      城镇居民人均可支配收入: (26000 + 24000 * se) * Math.pow(1.058, t) * noise(0.03),
      城镇登记失业率: (4.3 - 1.6 * se - 0.06 * t) * noise(0.05),
      每千人执业医师数: (1.8 + 1.5 * sh + 0.07 * t * (0.6 + sh)) * noise(0.04),
      每千人医疗机构床位数: (4.2 + 2.6 * sh + 0.16 * t) * noise(0.04),
      个人卫生支出占比: (33 - 8 * sh - 0.55 * t) * noise(0.03),
    };
    rows.push([city.code, city.name, year, city.group, ...INDICATORS.map((d) => v[d.id].toFixed(d.digits))]);
  }
}

// ---- write -----------------------------------------------------------------------------------
const NOTE = "SYNTHETIC example data, not real statistics: made up by scripts/make-example-data.mjs (seeded, deterministic)";
mkdirSync(outDir, { recursive: true });
const csv = (cells) => cells.map((x) => (/[",\n]/.test(String(x)) ? `"${String(x).replace(/"/g, '""')}"` : String(x))).join(",");
const panel = [
  `# ${NOTE}.`,
  "# 16 invented prefecture-level cities (甲市 ... 巳市, codes 990100 ... 991600) on a 4 x 4 grid (map.geojson), 2015-2022,",
  "# groups 北片 / 中片 / 南片, systems 经济 and 医疗 of three indicators each (spec.csv). See data/examples/README.md.",
  csv(["城市代码", "城市", "年份", "区域", ...INDICATORS.map((d) => d.id)]),
  ...rows.map(csv),
];
writeFileSync(join(outDir, "panel.csv"), panel.join("\n") + "\n");
const spec = [csv(["id", "system", "direction", "note"]), ...INDICATORS.map((d) => csv([d.id, d.system, d.direction, "SYNTHETIC example"]))];
writeFileSync(join(outDir, "spec.csv"), spec.join("\n") + "\n");
const geo =
  `{"type":"FeatureCollection","description":${JSON.stringify(`${NOTE}. 16 invented cities on a 4 x 4 grid near 114-116E, 29-31N; id property 城市代码.`)},"features":[\n` +
  features.map((f) => JSON.stringify(f)).join(",\n") +
  "\n]}\n";
writeFileSync(join(outDir, "map.geojson"), geo);
console.log(`make-example-data: wrote ${rows.length} rows (${cities.length} cities x ${YEARS.length} years), ${INDICATORS.length} indicators and ${features.length} polygons to ${outDir}`);
