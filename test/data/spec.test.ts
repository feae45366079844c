import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadSpec, parseSpec, readSpec, SpecFormatError, specStatusCounts, specSystems } from "../../src/data/spec";
import { recipeFor } from "../../src/data/panel";

const HEAD = "id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note";
const ok = (line: string) => `${HEAD}\n${line}\n`;

describe("bundled specifications", () => {
  it("paper 1: 24 indicators, two systems with criteria, 3 real / 14 derived / 2 proxy / 5 unavailable", () => {
    const s = loadSpec("zhang-ouyang-2025");
    expect(s.map((r) => r.id)).toEqual([...Array.from({ length: 12 }, (_, i) => `S${i + 1}`), ...Array.from({ length: 12 }, (_, i) => `R${i + 1}`)]);
    expect(specStatusCounts(s)).toEqual({ real: 3, derived: 14, proxy: 2, unavailable: 5 });
    const sys = specSystems(s);
    expect(sys.map((x) => [x.id, x.zh, x.en])).toEqual([
      ["security", "多层次医疗保障", "multi-level medical security"],
      ["resources", "医疗资源配置", "medical resource allocation"],
    ]);
    expect(sys[0].criteria).toEqual(["basic", "supplementary", "assistance"]);
    expect(sys[1].criteria).toEqual(["material", "human", "financial"]);
    expect(s.filter((r) => r.status === "unavailable").map((r) => r.id)).toEqual(["S9", "S10", "S11", "S12", "R12"]);
    expect(s.find((r) => r.id === "R4")!.direction).toBe("-");
    expect(s.every((r) => r.weightPublished !== null)).toBe(true);
  });

  it("paper 2 and its employee-only variant: three systems, 5 real / 2 derived / 1 proxy", () => {
    const a = loadSpec("zhou-xu-li");
    const b = loadSpec("zhou-xu-li-employee");
    expect(a.map((r) => r.id)).toEqual(["B1", "B2", "B3", "B4", "H1", "E1", "E2", "E3"]);
    expect(b.map((r) => r.id)).toEqual(["B1e", "B2e", "B3e", "B4e", "H1", "E1", "E2", "E3"]);
    for (const s of [a, b]) {
      expect(specStatusCounts(s)).toEqual({ real: 5, derived: 2, proxy: 1, unavailable: 0 });
      expect(specSystems(s).map((x) => x.id)).toEqual(["basic", "commercial", "economy"]);
      expect(s.every((r) => r.weightPublished === null && r.direction === "+")).toBe(true);
    }
  });

  it("every available indicator's source names the exact inputs of its recipe, with the same status", () => {
    for (const name of ["zhang-ouyang-2025", "zhou-xu-li", "zhou-xu-li-employee"]) {
      for (const r of loadSpec(name)) if (r.status !== "unavailable") expect(() => recipeFor(r), `${name} ${r.id}`).not.toThrow();
    }
  });
});

describe("readSpec / parseSpec validation", () => {
  it("reads a minimal spec with typed rows", () => {
    const rows = parseSpec(ok("X1,sys,,甲,A,%,a/b,-,,derived,"), "mine.csv");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: "X1", system: "sys", direction: "-", status: "derived", weightPublished: null, file: "mine.csv", line: 2 });
  });

  it("keeps unknown columns in extra and reads optional ones", () => {
    const rows = parseSpec(`${HEAD},weight_published,system_zh,mine\nX1,s,,甲,A,%,,+,,real,,0.25,系统,hello\n`, "m.csv");
    expect(rows[0].weightPublished).toBe(0.25);
    expect(rows[0].systemZh).toBe("系统");
    expect(rows[0].extra).toEqual({ mine: "hello" });
  });

  const cases: [string, string, RegExp][] = [
    ["missing columns", "id,system,name_zh\nX1,s,甲\n", /m\.csv, line 1: missing required columns "criterion", "name_en", "unit", "formula", "direction", "source", "status", "note"/],
    ["bad direction", ok("X1,s,,甲,A,%,,positive,,real,"), /m\.csv, line 2, column "direction": indicator X1: direction "positive" must be "\+"/],
    ["direction as 1", ok("X1,s,,甲,A,%,,1,,real,"), /line 2, column "direction"/],
    ["bad status", ok("X1,s,,甲,A,%,,+,,estimated,"), /m\.csv, line 2, column "status": indicator X1: status "estimated" must be one of real, derived, proxy, unavailable/],
    ["duplicate id", `${HEAD}\nX1,s,,甲,A,%,,+,,real,\nX2,s,,乙,B,%,,+,,real,\nX1,s,,丙,C,%,,+,,real,\n`, /m\.csv, line 4, column "id": duplicate id "X1" \(first on line 2\)/],
    ["empty id", ok(",s,,甲,A,%,,+,,real,"), /line 2, column "id": empty id/],
    ["id with a space", ok("X 1,s,,甲,A,%,,+,,real,"), /id "X 1" must start with a letter/],
    ["reserved id", ok("year,s,,甲,A,%,,+,,real,"), /reserved/],
    ["empty system", ok("X1,,,甲,A,%,,+,,real,"), /line 2, column "system"/],
    ["no name", ok("X1,s,,,,%,,+,,real,"), /name_zh and name_en are both empty/],
    ["wrong width", `${HEAD}\nX1,s,,甲,A,%,,+,,real\n`, /m\.csv, line 2: expected 11 cells/],
    ["duplicate header", `${HEAD},id\nX1,s,,甲,A,%,,+,,real,,X\n`, /line 1, column "id": column "id" appears twice/],
    ["weight not a number", `${HEAD},weight_published\nX1,s,,甲,A,%,,+,,real,,abc\n`, /weight_published "abc" is not a number/],
    ["weight out of range", `${HEAD},weight_published\nX1,s,,甲,A,%,,+,,real,,1.5\n`, /outside \[0, 1\]/],
    ["conflicting system labels", `${HEAD},system_zh\nX1,s,,甲,A,%,,+,,real,,系统\nX2,s,,乙,B,%,,+,,real,,别的\n`, /line 3, column "system_zh": system "s": system_zh "别的" differs from "系统" on line 2/],
    ["no indicator", `${HEAD}\n`, /lists no indicator/],
    ["empty file", "", /empty specification/],
  ];
  for (const [what, text, re] of cases) {
    it(`error: ${what}`, () => {
      expect(() => parseSpec(text, "m.csv")).toThrow(SpecFormatError);
      expect(() => parseSpec(text, "m.csv")).toThrow(re);
    });
  }

  it("line numbers count the file as stored (a quoted note over two lines)", () => {
    const text = `${HEAD}\nX1,s,,甲,A,%,,+,,real,"two\nlines"\nX2,s,,乙,B,%,,up,,real,\n`;
    expect(() => parseSpec(text, "m.csv")).toThrow(/line 4, column "direction"/);
  });

  it("readSpec names the file; a missing file is an error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec-"));
    const f = path.join(dir, "user.csv");
    fs.writeFileSync(f, ok("X1,s,,甲,A,%,,+,,maybe,"));
    expect(() => readSpec(f)).toThrow(`${f}, line 2, column "status"`);
    fs.writeFileSync(f, ok("X1,s,,甲,A,%,,+,,real,"));
    expect(readSpec(f)[0].file).toBe(f);
    expect(() => readSpec(path.join(dir, "none.csv"))).toThrow(/cannot read the specification/);
    fs.rmSync(dir, { recursive: true });
  });
});
