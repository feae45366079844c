// Paper 2's permutation results, computed exactly as notebooks/zhou-xu-li/03-spatial-autocorrelation
// computes them (defaults of its parameter cell: pooled entropy, classic coupling, provinceWeights()
// with Hainan linked to Guangdong, style W, 999 permutations, seed 20240917, alpha 0.05), printed as
// JSON: every global p_sim per year (both panels), and for every LISA the notebook draws (the scatter
// years 2010, 2012, 2014, 2016, 2018, 2019 from the panel that has the year; 2019 with FDR; 2019 of
// the employee-only panel) each province's p_sim and cluster; then the same for the scenarios and
// the permutation runs of notebooks/zhou-xu-li/04-sensitivity.
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json
//   node bench/paper2-permutations.mjs > /tmp/paper2-after.json
//   node bench/paper2-permutations.mjs --diff /tmp/paper2-before.json /tmp/paper2-after.json
//
// The --diff form lists every value that differs between two such files (before -> after).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);

if (process.argv[2] === "--diff") {
  const a = JSON.parse(readFileSync(process.argv[3], "utf8"));
  const b = JSON.parse(readFileSync(process.argv[4], "utf8"));
  const lines = [];
  for (const key of Object.keys(a)) {
    const x = a[key];
    const y = b[key];
    if (key.startsWith("global")) {
      for (const year of Object.keys(x)) {
        if (x[year] !== y[year]) lines.push(`${key} ${year}: p_sim ${x[year]} -> ${y[year]}`);
      }
    } else {
      for (const id of Object.keys(x)) {
        const [p0, c0, n0] = x[id];
        const [p1, c1] = y[id];
        if (p0 !== p1 || c0 !== c1) {
          lines.push(`${key} ${id} ${n0}: p_sim ${p0} -> ${p1}${c0 !== c1 ? `, cluster ${c0} -> ${c1}` : `, cluster ${c0}`}`);
        }
      }
    }
  }
  console.log(lines.join("\n"));
  console.log(`${lines.length} changed values`);
  process.exit(0);
}

const cc = require("../dist/index.js");
const dfd = require("danfojs-node");

const SEED = 20240917;
const PERMUTATIONS = 999;
const ALPHA = 0.05;

const panel = await dfd.readCSV(cc.dataPath("panels", "zhou-xu-li.csv"));
const panelE = await dfd.readCSV(cc.dataPath("panels", "zhou-xu-li-employee.csv"));
const w = cc.provinceWeights({ hainan: "guangdong", style: "W" });
const e = cc.entropy(panel, cc.dataPath("specs", "zhou-xu-li.csv"), { panel: "pooled" });
const eE = cc.entropy(panelE, cc.dataPath("specs", "zhou-xu-li-employee.csv"), { panel: "pooled" });
const cd = cc.rows(cc.coupling(e.scores, { systems: e.systems.map((s) => s.id), model: "classic" }));
const cdE = cc.rows(cc.coupling(eE.scores, { systems: eE.systems.map((s) => s.id), model: "classic" }));
const sourceOf = (y) => (cd.some((r) => r.year === y) ? { rows: cd, tag: "panel" } : { rows: cdE, tag: "employee" });

const out = {};
const globalOf = (rs) => Object.fromEntries(cc.rows(cc.moranByYear(rs, w, { permutations: PERMUTATIONS, seed: SEED })).map((r) => [r.year, r.p_sim]));
out["global panel"] = globalOf(cd);
out["global employee"] = globalOf(cdE);
const local = (rs, year, correction) => {
  const l = cc.lisa(rs, w, { year, alpha: ALPHA, correction, permutations: PERMUTATIONS, seed: SEED });
  return Object.fromEntries(cc.rows(l).map((r) => [String(r.adcode), [r.p_sim, r.cluster, cc.provinceByAdcode(String(r.adcode)).shortName]]));
};
for (const y of [2010, 2012, 2014, 2016, 2018, 2019]) {
  const src = sourceOf(y);
  if (!src.rows.some((r) => r.year === y)) continue;
  out[`lisa ${y} ${src.tag}`] = local(src.rows, y, "none");
}
out["lisa 2019 fdr"] = local(sourceOf(2019).rows, 2019, "fdr");
out["lisa 2019 employee"] = local(cdE, 2019, "none");

// notebooks/zhou-xu-li/04-sensitivity: the scenarios other than S0 and S2 (those are the two panels
// above), each with moranByYear and the 2019 LISA (999 permutations, the default seed); then the
// permutation-count and seed runs on the baseline D
const dOf = (which, entropy, model) => {
  const ee = which === "main" ? cc.entropy(panel, cc.dataPath("specs", "zhou-xu-li.csv"), { panel: entropy })
    : cc.entropy(panelE, cc.dataPath("specs", "zhou-xu-li-employee.csv"), { panel: entropy });
  return cc.rows(cc.coupling(ee.scores, { systems: ee.systems.map((s) => s.id), model }));
};
const S0 = { panel: "main", entropy: "pooled", model: "classic", hainan: "guangdong", style: "W" };
const SCENARIOS = {
  S1: { ...S0, entropy: "per-year" },
  S3: { ...S0, panel: "employee", entropy: "per-year" },
  S4: { ...S0, hainan: "isolated" },
  S5: { ...S0, hainan: "guangdong+guangxi" },
  S6: { ...S0, style: "B" },
  S7: { ...S0, model: "wang2021" },
};
for (const [id, sc] of Object.entries(SCENARIOS)) {
  const rs = dOf(sc.panel, sc.entropy, sc.model);
  const ws = cc.provinceWeights({ hainan: sc.hainan, style: sc.style });
  out[`global 04-${id}`] = Object.fromEntries(cc.rows(cc.moranByYear(rs, ws, { permutations: 999, seed: SEED })).map((r) => [r.year, r.p_sim]));
  const l = cc.lisa(rs, ws, { year: 2019, alpha: ALPHA, permutations: 999, seed: SEED });
  out[`lisa 2019 04-${id}`] = Object.fromEntries(cc.rows(l).map((r) => [String(r.adcode), [r.p_sim, r.cluster, cc.provinceByAdcode(String(r.adcode)).shortName]]));
}
const wBase = cc.provinceWeights();
for (const [R, seed] of [[99, SEED], [99, SEED + 1], [99, SEED + 2], [999, SEED + 1], [999, SEED + 2], [9999, SEED], [9999, SEED + 1]]) {
  out[`global 04-runs R${R} seed${seed}`] = Object.fromEntries(cc.rows(cc.moranByYear(cd, wBase, { permutations: R, seed })).map((r) => [r.year, r.p_sim]));
  const l = cc.lisa(cd, wBase, { year: 2019, alpha: ALPHA, permutations: R, seed });
  out[`lisa 2019 04-runs R${R} seed${seed}`] = Object.fromEntries(cc.rows(l).map((r) => [String(r.adcode), [r.p_sim, r.cluster, cc.provinceByAdcode(String(r.adcode)).shortName]]));
}
console.log(JSON.stringify(out, null, 1));
