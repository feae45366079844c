// Paper 2's notebooks take their data and conventions from their own environment variables
// (CC_P2_*), not from edits. This test writes a second panel (the 2011-2019 panel without E3, GDP
// growth, and without Xinjiang) and its spec under out/paper2-alt/data/, runs notebooks 01-03 of
// notebooks/zhou-xu-li/ on them with CC_P2_PANEL / CC_P2_SPEC, CC_P2_HAINAN=isolated and
// CC_P2_PERMUTATIONS=99, and checks that the executed tables follow: Table 1 loses E3 and
// re-weights E1/E2 as the library does on the new panel, Figure 1's national mean D is the new
// panel's (and differs from the bundled one), the employee-only variant (not overridden) is
// unchanged, the spatial weights are fitted to the 30 provinces and name Xinjiang as dropped,
// Hainan has no neighbour and the Moran table says 99 permutations with n = 30. Paper 1's
// variables (CC_P1_*) are set to a file that does not exist: paper 2's notebooks must not read
// them. Runs after the notebooks (needs dist/, Jupyter and the tslab kernel).
import { spawnSync } from "child_process";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPanel } from "../../src/data/panel";
import { dataPath } from "../../src/data/paths";
import { readSpec } from "../../src/data/spec";
import { coupling, entropy, rows } from "../../src/frame";

const root = join(__dirname, "..", "..");
const outRel = join("out", "paper2-alt");
const outDir = join(root, outRel);
const dataDir = join(outDir, "data");
const notebooks = ["01-indicators-and-weights", "02-coupling-coordination", "03-spatial-autocorrelation"];
const DROP = "E3";
const XINJIANG = "650000";

interface HtmlTable {
  caption: string;
  header: string[];
  rows: string[][];
}

const unescape = (s: string) =>
  s.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** Every `showTable` output of an executed notebook, parsed from its HTML. */
function tablesOf(name: string): HtmlTable[] {
  const nb = JSON.parse(readFileSync(join(outDir, "zhou-xu-li", `${name}.ipynb`), "utf8"));
  const out: HtmlTable[] = [];
  for (const cell of nb.cells) {
    for (const o of cell.outputs ?? []) {
      const h = o.data?.["text/html"];
      const html = Array.isArray(h) ? h.join("") : h;
      if (typeof html !== "string") continue;
      for (const t of html.match(/<table border="1" class="dataframe">[\s\S]*?<\/table>/g) ?? []) {
        const cells = (s: string) => [...s.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => unescape(m[1]).trim());
        out.push({
          caption: unescape(/<caption>([\s\S]*?)<\/caption>/.exec(t)?.[1] ?? ""),
          header: cells(/<thead>([\s\S]*?)<\/thead>/.exec(t)?.[1] ?? ""),
          rows: [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(t)?.[1] ?? "").matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1])),
        });
      }
    }
  }
  return out;
}

/** The text of every markdown output (showMarkdown) of an executed notebook. */
function markdownOf(name: string): string[] {
  const nb = JSON.parse(readFileSync(join(outDir, "zhou-xu-li", `${name}.ipynb`), "utf8"));
  const out: string[] = [];
  for (const cell of nb.cells) {
    for (const o of cell.outputs ?? []) {
      const md = o.data?.["text/markdown"];
      if (md !== undefined) out.push(Array.isArray(md) ? md.join("") : String(md));
    }
  }
  return out;
}

function table(name: string, captionStart: string): HtmlTable {
  const t = tablesOf(name).find((x) => x.caption.startsWith(captionStart));
  if (!t) throw new Error(`${name}: no table whose caption starts with "${captionStart}"`);
  return t;
}

function column(t: HtmlTable, header: string): string[] {
  const j = t.header.indexOf(header);
  if (j < 0) throw new Error(`no column "${header}" in "${t.caption}" (${t.header.join(" | ")})`);
  return t.rows.map((r) => r[j]);
}

/** National mean D by year, as the notebooks compute it (pooled entropy, classic model). */
function nationalMeanD(panelRows: Record<string, unknown>[], spec: ReturnType<typeof readSpec>): Map<number, number> {
  const e = entropy(panelRows, spec);
  const cd = rows(coupling(e.scores, { systems: e.systems.map((s) => s.id) }));
  const out = new Map<number, number[]>();
  for (const r of cd) out.set(r.year as number, [...(out.get(r.year as number) ?? []), r.D as number]);
  return new Map([...out].map(([y, ds]) => [y, ds.reduce((a, b) => a + b, 0) / ds.length]));
}

let altPanel: Record<string, unknown>[];
let altSpec: ReturnType<typeof readSpec>;
let run: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  mkdirSync(dataDir, { recursive: true });
  const panelLines = readFileSync(dataPath("panels", "zhou-xu-li.csv"), "utf8").trim().split("\n");
  const drop = panelLines[0].split(",").indexOf(DROP);
  const kept = panelLines.filter((l) => !l.startsWith(`${XINJIANG},`));
  writeFileSync(join(dataDir, "panel-no-e3.csv"), kept.map((l) => l.split(",").filter((_, j) => j !== drop).join(",")).join("\n") + "\n");
  const specLines = readFileSync(dataPath("specs", "zhou-xu-li.csv"), "utf8").trim().split("\n");
  writeFileSync(join(dataDir, "spec-no-e3.csv"), specLines.filter((l) => !l.startsWith(`${DROP},`)).join("\n") + "\n");
  altSpec = readSpec(join(dataDir, "spec-no-e3.csv"));
  altPanel = loadPanel("zhou-xu-li")
    .filter((r) => String(r.adcode) !== XINJIANG)
    .map(({ [DROP]: _dropped, ...rest }) => rest);

  const r = spawnSync(
    "node",
    ["scripts/run-notebooks.mjs", "--out", outRel, ...notebooks.map((n) => join("notebooks", "zhou-xu-li", `${n}.ipynb`))],
    {
      cwd: root,
      encoding: "utf8",
      timeout: 540_000,
      env: {
        ...process.env,
        CC_P2_PANEL: join(dataDir, "panel-no-e3.csv"),
        CC_P2_SPEC: join(dataDir, "spec-no-e3.csv"),
        CC_P2_HAINAN: "isolated",
        CC_P2_PERMUTATIONS: "99",
        // paper 1's variables: paper 2's notebooks must not read them
        CC_P1_PANEL: join(dataDir, "no-such-file.csv"),
        CC_P1_SPEC: join(dataDir, "no-such-file.csv"),
      },
    },
  );
  run = { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}, 600_000);

describe("paper 2 notebooks on a second panel, through their CC_P2_* variables", () => {
  it("run without error", () => {
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it("01: provenance names the new files, Table 1 drops E3 and re-weights the economy system", () => {
    const prov = table("01-indicators-and-weights", "来源与约定");
    expect(column(prov, "item").some((x) => x.includes("panel-no-e3.csv"))).toBe(true);
    const t1 = table("01-indicators-and-weights", "表1 指标权重");
    expect(column(t1, "id")).toEqual(["B1", "B2", "B3", "B4", "H1", "E1", "E2"]);
    const w = new Map(column(t1, "id").map((id, i) => [id, Number(column(t1, "w 混合 pooled")[i])]));
    const lib = new Map(entropy(altPanel, altSpec).weights.rows.map((r) => [r.indicator as string, r.weight as number]));
    const bundled = new Map(entropy(loadPanel("zhou-xu-li"), readSpec(dataPath("specs", "zhou-xu-li.csv"))).weights.rows.map((r) => [r.indicator as string, r.weight as number]));
    for (const id of ["E1", "E2", "B1", "H1"]) expect(w.get(id)).toBeCloseTo(lib.get(id)!, 3);
    expect(w.get("E1")! + w.get("E2")!).toBeCloseTo(1, 2);
    expect(Math.abs(w.get("E1")! - bundled.get("E1")!)).toBeGreaterThan(0.01);
    // the employee-only variant was not overridden: it keeps E3
    expect(column(table("01-indicators-and-weights", "表1（变体）"), "id")).toContain("E3");
  });

  it("02: Figure 1's national mean D is the new panel's, the variant's is unchanged", () => {
    const f1 = table("02-coupling-coordination", "图1 数据");
    const years = column(f1, "year").map(Number);
    const main = column(f1, "D 2011-2019 面板 panel");
    const variant = column(f1, "D 2010-2019 仅职工 employee-only");
    const alt = nationalMeanD(altPanel, altSpec);
    const bundled = nationalMeanD(loadPanel("zhou-xu-li"), readSpec(dataPath("specs", "zhou-xu-li.csv")));
    const employee = nationalMeanD(loadPanel("zhou-xu-li-employee"), readSpec(dataPath("specs", "zhou-xu-li-employee.csv")));
    let differs = 0;
    years.forEach((y, i) => {
      if (alt.has(y)) {
        expect(Number(main[i]), `D ${y}`).toBeCloseTo(alt.get(y)!, 3);
        if (Math.abs(alt.get(y)! - bundled.get(y)!) > 0.0015) differs++;
      }
      expect(Number(variant[i]), `variant D ${y}`).toBeCloseTo(employee.get(y)!, 3);
    });
    expect(differs).toBeGreaterThan(0);
    // the band counts of 2019 follow the new panel
    const counts = table("02-coupling-coordination", "各区间省份数");
    const row = counts.rows.find((r) => r[0] === "2019" && r[1].startsWith("2011-2019"))!;
    const e = entropy(altPanel, altSpec);
    const d2019 = rows(coupling(e.scores, { systems: e.systems.map((s) => s.id) })).filter((r) => r.year === 2019).map((r) => r.D as number);
    expect(Number(row[counts.header.indexOf("[0, 0.3) 计算")])).toBe(d2019.filter((d) => d < 0.3).length);
    expect(Number(row[counts.header.indexOf("[0.3, 0.6) 计算")])).toBe(d2019.filter((d) => d >= 0.3 && d < 0.6).length);
  });

  it("03: weights on the 30 provinces with Xinjiang named as dropped, Hainan isolated, 99 permutations", () => {
    const nb = table("03-spatial-autocorrelation", "邻接表");
    expect(nb.rows).toHaveLength(30);
    expect(nb.rows.some((r) => r[0] === "新疆")).toBe(false);
    const hainan = nb.rows.find((r) => r[0] === "海南")!;
    expect(hainan[nb.header.indexOf("邻居数 k")]).toBe("0");
    // Gansu borders Xinjiang on the map: one neighbour fewer than its 6
    const gansu = nb.rows.find((r) => r[0] === "甘肃")!;
    expect(gansu[nb.header.indexOf("邻居数 k")]).toBe("5");
    expect(markdownOf("03-spatial-autocorrelation").some((t) => t.includes("dropped: 650000 新疆") && t.includes("面板中没有而去掉的省份 dropped: 新疆"))).toBe(true);
    const mo = table("03-spatial-autocorrelation", "图2 数据");
    expect(mo.caption).toContain("99 permutations");
    expect(mo.caption).toContain("Hainan isolated");
    expect(mo.rows.length).toBe(9);
    // 30 provinces, less Hainan: an island is left out of n (islands "drop", as spdep and GeoDa)
    expect(new Set(column(mo, "n"))).toEqual(new Set(["29"]));
    // the employee-only variant keeps its 31 provinces (its own weights; Hainan isolated there too)
    const moE = tablesOf("03-spatial-autocorrelation").filter((t) => t.caption.startsWith("图2 数据"))[1];
    expect(new Set(column(moE, "n"))).toEqual(new Set(["30"]));
  });
});
