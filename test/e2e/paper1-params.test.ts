// The paper-1 notebooks take their data from CC_P1_PANEL / CC_P1_SPEC, not from the notebook text: build a
// second panel and spec with one indicator removed (S6, 居民医保人均累计结余), run the entropy
// notebook on them through the real kernel, and check that its tables follow the new inputs.
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const inputDir = join(root, "out", "paper1-alt-input");
const outDir = join(root, "out", "paper1-alt");
const NOTEBOOK = "notebooks/zhang-ouyang-2025/01-entropy-weights.ipynb";
const REMOVED = "S6";

/** Drop one column of a CSV (by header name); fields with quotes are kept whole. */
function dropColumn(csv: string, name: string): string {
  const split = (line: string) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, "")).slice(0, -1);
  const lines = csv.split(/\r?\n/).filter((l) => l.length > 0);
  const j = split(lines[0]).indexOf(name);
  if (j < 0) throw new Error(`column ${name} not in the CSV header`);
  return lines.map((l) => split(l).filter((_, k) => k !== j).join(",")).join("\n") + "\n";
}

/** The HTML tables of an executed notebook, as caption -> rows of header -> cell text. */
function tablesOf(ipynb: string): Map<string, Array<Record<string, string>>> {
  const nb = JSON.parse(readFileSync(ipynb, "utf8"));
  const out = new Map<string, Array<Record<string, string>>>();
  const text = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").trim();
  for (const cell of nb.cells) {
    for (const o of cell.outputs ?? []) {
      const html = o.data?.["text/html"];
      const h = Array.isArray(html) ? html.join("") : html;
      if (typeof h !== "string" || !h.includes('class="dataframe"')) continue;
      const caption = text(h.match(/<caption>([\s\S]*?)<\/caption>/)?.[1] ?? "");
      const heads = [...(h.match(/<thead>([\s\S]*?)<\/thead>/)?.[1] ?? "").matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]));
      const body = h.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? "";
      const rows = [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => {
        const cells = [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]));
        return Object.fromEntries(heads.map((hd, k) => [hd, cells[k] ?? ""]));
      });
      out.set(caption, rows);
    }
  }
  return out;
}

const find = (tables: Map<string, Array<Record<string, string>>>, prefix: string) => {
  const key = [...tables.keys()].find((k) => k.startsWith(prefix));
  if (!key) throw new Error(`no table whose caption starts with "${prefix}" (captions: ${[...tables.keys()].join(" | ")})`);
  return tables.get(key)!;
};

describe("paper 1 notebooks read their data from CC_P1_PANEL / CC_P1_SPEC", () => {
  it(`01-entropy-weights on a panel and spec without ${REMOVED}`, () => {
    mkdirSync(inputDir, { recursive: true });
    const panel = join(inputDir, "panel-without-S6.csv");
    const spec = join(inputDir, "spec-without-S6.csv");
    writeFileSync(panel, dropColumn(readFileSync(join(root, "data", "panels", "zhang-ouyang-2025.csv"), "utf8"), REMOVED));
    const specLines = readFileSync(join(root, "data", "specs", "zhang-ouyang-2025.csv"), "utf8").split(/\r?\n/);
    writeFileSync(spec, specLines.filter((l) => !l.startsWith(`${REMOVED},`)).join("\n"));
    const notRead = join(inputDir, "not-read.csv");

    const r = spawnSync("node", ["scripts/run-notebooks.mjs", "--out", "out/paper1-alt", NOTEBOOK], {
      cwd: root,
      // the old shared names and paper 2's names must not reach paper 1's notebooks
      env: { ...process.env, CC_P1_PANEL: panel, CC_P1_SPEC: spec, CC_PANEL: notRead, CC_SPEC: notRead, CC_P2_PANEL: notRead },
      encoding: "utf8",
      timeout: 170_000,
    });
    expect(r.stdout, r.stderr).toMatch(/01-entropy-weights\.ipynb\s+\d+\/\d+ cells\s+[\d.]+s\s+ok/);
    const executed = join(outDir, "zhang-ouyang-2025", "01-entropy-weights.ipynb");
    expect(existsSync(executed)).toBe(true);
    const tables = tablesOf(executed);

    // provenance names the alternative files
    const prov = find(tables, "来源 Provenance");
    expect(prov.some((row) => Object.values(row).some((v) => v.includes("panel-without-S6.csv")))).toBe(true);
    expect(prov.some((row) => Object.values(row).some((v) => v.includes("spec-without-S6.csv")))).toBe(true);
    expect(prov.some((row) => Object.values(row).some((v) => v.includes("not-read")))).toBe(false);

    // the computed weights no longer list S6, and still sum to 1 per system
    const weights = find(tables, "Computed entropy weights");
    const ids = weights.map((row) => row.indicator);
    expect(ids).not.toContain(REMOVED);
    expect(ids.filter((id) => id.startsWith("S"))).toEqual(["S1", "S2", "S3", "S4", "S5", "S7", "S8"]);
    expect(ids.filter((id) => id.startsWith("R"))).toHaveLength(11);
    for (const sys of ["security", "resources"]) {
      const sum = weights.filter((row) => row.system === sys).reduce((s, row) => s + Number(row.weight), 0);
      expect(Math.abs(sum - 1), `${sys} weights sum to ${sum}`).toBeLessThan(5e-4 * 12);
    }

    // Table 2 keeps the paper's 24 rows, with no computed weight for S6 and the caption counting 18 indicators
    const t2Key = [...tables.keys()].find((k) => k.startsWith("表 2 Table 2"))!;
    expect(t2Key).toContain("18 of the paper's 24 indicators");
    const t2 = tables.get(t2Key)!;
    expect(t2).toHaveLength(24);
    const s6 = t2.find((row) => row["指标层"].startsWith(`${REMOVED} `))!;
    expect(s6["w 计算 computed"]).toBe("");
    expect(s6["数据"]).toContain("not in spec");

    // the agreement table: computed sums are 1.000, the security system uses 7 of 12
    const agree = find(tables, "权重之和与一致程度");
    expect(agree.map((row) => row["Σ w 计算 computed"])).toEqual(["1.000", "1.000"]);
    expect(agree[0]["n used / paper"]).toBe("7 / 12");
  });
});
