// Every function the package exports has a doc comment with a worked @example, and every example
// runs: the code of each @example block is compiled and executed against the package (as `cc`),
// with a few variables a notebook would have by then (below). A drifted example fails here.
import { copyFileSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cc from "../src";
import { setDisplaySink } from "../src/notebook/display";

const root = join(__dirname, "..");

/** The @example blocks of every exported declaration, by export name (via the compiler's symbols). */
function examplesByExport(): Map<string, string[]> {
  const program = ts.createProgram([join(root, "src/index.ts")], { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, strict: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(join(root, "src/index.ts"))!;
  const out = new Map<string, string[]>();
  for (const sym of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (!(target.flags & ts.SymbolFlags.Value)) continue;
    const examples: string[] = [];
    for (const decl of target.declarations ?? []) {
      for (const tag of ts.getJSDocTags(decl)) {
        if (tag.tagName.text !== "example") continue;
        const text = typeof tag.comment === "string" ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? "";
        if (text.trim()) examples.push(text);
      }
    }
    out.set(sym.name, examples);
  }
  return out;
}

const examples = examplesByExport();
let context: Record<string, unknown> = {};

beforeAll(async () => {
  setDisplaySink(() => {});
  const dfd = await import("danfojs-node");
  const panelDf = await dfd.readCSV(cc.dataPath("panels", "zhang-ouyang-2025.csv"));
  const panel = cc.panel(panelDf);
  const spec = cc.dataPath("specs", "zhang-ouyang-2025.csv");
  const e = cc.entropy(panel, spec);
  const cd = cc.coupling(e.scores);
  const panel2 = cc.panel(await dfd.readCSV(cc.dataPath("panels", "zhou-xu-li.csv")));
  const e2 = cc.entropy(panel2, cc.dataPath("specs", "zhou-xu-li.csv"));
  const cd2 = cc.coupling(e2.scores);
  const w = cc.provinceWeights();
  context = {
    // every export under its own name too: core examples call `gini(...)` as a reader of the core would
    ...Object.fromEntries(Object.entries(cc).filter(([k]) => /^[A-Za-z_$][\w$]*$/.test(k))),
    cc, dfd, df: panelDf, panel, panelPath: cc.dataPath("panels", "zhang-ouyang-2025.csv"), spec, e, cd, panel2, e2, cd2, w,
    map: cc.loadProvinceMap(), l: cc.lisa(cd2, w), m: cc.moranByYear(cd2, w),
  };
  // the files the examples name, in the folder they run in
  const dir = mkdtempSync(join(tmpdir(), "cc-examples-"));
  process.chdir(dir);
  copyFileSync(join(root, "test/fixtures/jiangsu-21-cities.csv"), "cities.csv");
  copyFileSync(join(root, "test/fixtures/jiangsu-21-cities.spec.csv"), "cities.spec.csv");
  await cc.saveTable([{ 省份: "北京市", 年份: 2019, "卫生人员数(万人)": 34.3167, "GDP(亿元)": "35371.3" }], "panel.xlsx");
}, 120_000);
afterAll(() => setDisplaySink(undefined));

describe("doc-comment examples", () => {
  it("every exported function has a worked @example", () => {
    // error classes are types to catch, not calls: they need no example
    const missing = [...examples]
      .filter(([name, ex]) => typeof (cc as Record<string, unknown>)[name] === "function" && !/Error$/.test(name) && ex.length === 0)
      .map(([n]) => n);
    expect(missing).toEqual([]);
  });

  for (const [name, blocks] of examples) {
    blocks.forEach((code, k) => {
      it(`${name} @example ${k + 1} runs`, async () => {
        const js = ts.transpileModule(`(async () => {\n${code}\n})()`, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
        const names = Object.keys(context);
        const fn = new Function(...names, "require", `return ${js.trim().replace(/;$/, "")};`);
        await fn(...names.map((n) => context[n]), (m: string) => (m === "coupling-coordination" ? cc : require(m)));
      }, 60_000);
    });
  }
});

void readFileSync;
