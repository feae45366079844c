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

  it("a minimal spec (id, system, direction) gets the documented defaults", () => {
    const rows = parseSpec("id,system,direction\nX1,经济,+\nX2,社会,-\n", "min.csv");
    expect(rows).toEqual([
      {
        id: "X1", system: "经济", systemZh: "", systemEn: "", criterion: "", criterionZh: "", criterionEn: "",
        nameZh: "X1", nameEn: "X1", measure: "", formula: "", direction: "+", source: "", status: "real", note: "",
        weightPublished: null, extra: {}, file: "min.csv", line: 2,
      },
      {
        id: "X2", system: "社会", systemZh: "", systemEn: "", criterion: "", criterionZh: "", criterionEn: "",
        nameZh: "X2", nameEn: "X2", measure: "", formula: "", direction: "-", source: "", status: "real", note: "",
        weightPublished: null, extra: {}, file: "min.csv", line: 3,
      },
    ]);
    expect(specSystems(rows).map((x) => [x.id, x.indicators, x.criteria])).toEqual([["经济", ["X1"], [""]], ["社会", ["X2"], [""]]]);
    expect(specStatusCounts(rows)).toEqual({ real: 2, derived: 0, proxy: 0, unavailable: 0 });
  });

  it("Chinese indicator ids (trimmed), ids with spaces, and ids the old parser refused as panel keys", () => {
    const rows = parseSpec("direction,id,system\n+, 地区生产总值 ,经济\n-,城镇登记失业率(%),社会\n+,GDP per capita,经济\n+,year,经济\n+,adcode,经济\n", "zh.csv");
    expect(rows.map((r) => r.id)).toEqual(["地区生产总值", "城镇登记失业率(%)", "GDP per capita", "year", "adcode"]);
    expect(rows.map((r) => r.direction)).toEqual(["+", "-", "+", "+", "+"]);
    expect(rows[0].nameZh).toBe("地区生产总值");
  });

  it("the measure column, and unit as its old name", () => {
    expect(parseSpec("id,system,direction,measure\nX1,s,+,元/人\n")[0].measure).toBe("元/人");
    const old = parseSpec("id,system,direction,unit\nX1,s,+,万人\n");
    expect(old[0].measure).toBe("万人");
    expect(old[0].extra).toEqual({});
    expect("unit" in old[0]).toBe(false);
    // the bundled specs still use the old name
    expect(loadSpec("zhou-xu-li").find((r) => r.id === "B1")!.measure).toBe("万人");
    expect(loadSpec("zhang-ouyang-2025").find((r) => r.id === "S1")!.measure).toBe("元/人");
  });

  it("status: empty or absent is real; given, it is checked", () => {
    expect(parseSpec("id,system,direction,status\nX1,s,+,\nX2,s,+,proxy\n").map((r) => r.status)).toEqual(["real", "proxy"]);
    expect(() => parseSpec("id,system,direction,status\nX1,s,+,guess\n", "m.csv")).toThrow(/m\.csv, line 2, column "status": indicator X1: status "guess"/);
  });

  it("names default to the id when empty or absent", () => {
    const rows = parseSpec("id,system,direction,name_zh,name_en\nX1,s,+,甲,\nX2,s,+,,B\nX3,s,+,,\n");
    expect(rows.map((r) => [r.nameZh, r.nameEn])).toEqual([["甲", "X1"], ["X2", "B"], ["X3", "X3"]]);
  });

  it("keeps unknown columns in extra and reads optional ones", () => {
    const rows = parseSpec(`${HEAD},weight_published,system_zh,mine\nX1,s,,甲,A,%,,+,,real,,0.25,系统,hello\n`, "m.csv");
    expect(rows[0].weightPublished).toBe(0.25);
    expect(rows[0].systemZh).toBe("系统");
    expect(rows[0].extra).toEqual({ mine: "hello" });
  });

  const cases: [string, string, RegExp][] = [
    ["missing columns", "id,name_zh\nX1,甲\n", /m\.csv, line 1: missing required columns "system", "direction" \(required: id, system, direction\)/],
    ["missing direction", "id,system,name_zh\nX1,s,甲\n", /m\.csv, line 1: missing required column "direction" \(required: id, system, direction\)/],
    ["measure and its old name unit both present", "id,system,direction,measure,unit\nX1,s,+,%,%\n", /m\.csv, line 1, column "unit": columns "measure" and "unit" \(its old name\) are both present; keep "measure"/],
    ["bad direction", ok("X1,s,,甲,A,%,,positive,,real,"), /m\.csv, line 2, column "direction": indicator X1: direction "positive" must be "\+"/],
    ["direction as 1", ok("X1,s,,甲,A,%,,1,,real,"), /line 2, column "direction"/],
    ["bad status", ok("X1,s,,甲,A,%,,+,,estimated,"), /m\.csv, line 2, column "status": indicator X1: status "estimated" must be one of real, derived, proxy, unavailable/],
    ["duplicate id", `${HEAD}\nX1,s,,甲,A,%,,+,,real,\nX2,s,,乙,B,%,,+,,real,\nX1,s,,丙,C,%,,+,,real,\n`, /m\.csv, line 4, column "id": duplicate id "X1" \(first on line 2\)/],
    ["empty id", ok(",s,,甲,A,%,,+,,real,"), /line 2, column "id": empty id/],
    ["id with a line break", `${HEAD}\n"X\n1",s,,甲,A,%,,+,,real,\n`, /m\.csv, line 2, column "id": id "X\\n1" holds a control character/],
    ["id with U+FFFD (mojibake)", ok("\uFFFD\uFFFD,s,,甲,A,%,,+,,real,"), /line 2, column "id": id "\uFFFD\uFFFD" holds U\+FFFD/],
    ["reserved id (a repeated header line)", `${HEAD}\nX1,s,,甲,A,%,,+,,real,\n${HEAD}\n`, /m\.csv, line 3, column "id": id "id" is reserved \(a column name of the specification/],
    ["reserved id, any case", ok("Direction,s,,甲,A,%,,+,,real,"), /id "Direction" is reserved/],
    ["duplicate Chinese id", "id,system,direction\n地区生产总值,经济,+\n 地区生产总值 ,经济,-\n", /m\.csv, line 3, column "id": duplicate id "地区生产总值" \(first on line 2\)/],
    ["empty system", ok("X1,,,甲,A,%,,+,,real,"), /line 2, column "system"/],
    ["direction missing in a minimal spec", "id,system,direction\nX1,s,\n", /m\.csv, line 2, column "direction": indicator X1: direction "" must be/],
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

  it("readSpec reads a GBK file (Excel's CSV on a Chinese system) and a UTF-8 file with BOM", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spec-"));
    const f = path.join(dir, "gbk.csv");
    // "id,system,direction\n医生数,社会,+\n" in GBK, byte by byte (医 d2bd, 生 c9fa, 数 cafd, 社 c9e7, 会 bbe1)
    const bytes = [
      ...Buffer.from("id,system,direction\n"), 0xd2, 0xbd, 0xc9, 0xfa, 0xca, 0xfd, 0x2c, 0xc9, 0xe7, 0xbb, 0xe1, ...Buffer.from(",+\n"),
    ];
    fs.writeFileSync(f, Buffer.from(bytes));
    expect(readSpec(f).map((r) => [r.id, r.system])).toEqual([["医生数", "社会"]]);
    fs.writeFileSync(f, "\uFEFFid,system,direction\n医生数,社会,+\n");
    expect(readSpec(f)[0].id).toBe("医生数");
    fs.rmSync(dir, { recursive: true });
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
