#!/usr/bin/env node
// Build the bundled panels (data/panels/<name>.csv and <name>.coverage.csv) from the source
// tables in data/sources/ and the specifications in data/specs/, with the compiled library.
//
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json && node scripts/build-panels.mjs
//   node scripts/build-panels.mjs --check   # compare with the committed files, write nothing
//
// The pivot, the derivations (keyed by indicator id) and the number format live in
// src/data/panel.ts; test/data/panel.test.ts rebuilds the panels in memory and compares bytes.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const distPanel = join(root, "dist", "data", "panel.js");
if (!existsSync(distPanel)) {
  console.error(`${distPanel} not found: build first (node node_modules/typescript/bin/tsc -p tsconfig.build.json)`);
  process.exit(2);
}
const { PANEL_DEFINITIONS, buildBundledPanel } = require(distPanel);
const { specStatusCounts } = require(join(root, "dist", "data", "spec.js"));

const check = process.argv.includes("--check");
const outDir = join(root, "data", "panels");
mkdirSync(outDir, { recursive: true });
let differ = 0;
for (const name of Object.keys(PANEL_DEFINITIONS)) {
  const { panel, spec, panelCsv, coverageCsv } = buildBundledPanel(name);
  const files = [
    [join(outDir, `${name}.csv`), panelCsv],
    [join(outDir, `${name}.coverage.csv`), coverageCsv],
  ];
  for (const [file, text] of files) {
    if (check) {
      const old = existsSync(file) ? readFileSync(file, "utf-8") : null;
      if (old !== text) {
        differ++;
        console.log(`DIFFERS: ${file}`);
      }
    } else {
      writeFileSync(file, text, "utf-8");
    }
  }
  const n = specStatusCounts(spec);
  const def = PANEL_DEFINITIONS[name];
  console.log(
    `${name}: ${def.from}-${def.to}, ${panel.rows.length} rows x ${panel.indicators.length} indicators ` +
      `(spec: ${n.real} real, ${n.derived} derived, ${n.proxy} proxy, ${n.unavailable} unavailable), ${panel.gaps.length} missing cells`,
  );
  for (const g of panel.gaps) console.log(`  missing ${g.province} (${g.adcode}) ${g.year} ${g.indicator}: ${g.missingInputs.join(", ")}`);
}
if (check && differ > 0) process.exit(1);
