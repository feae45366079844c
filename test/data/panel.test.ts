import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as path from "path";
import {
  buildBundledPanel,
  buildPanel,
  coverageToCsv,
  formatPanelNumber,
  loadPanel,
  PANEL_DEFINITIONS,
  panelToCsv,
  recipeFor,
} from "../../src/data/panel";
import type { LongRow } from "../../src/data/loaders";
import { loadSpec, parseSpec } from "../../src/data/spec";

const root = path.join(__dirname, "..", "..");

/** One cell of a source table, read independently of the loaders (plain split; these files have no quotes). */
function sourceCell(table: string, adcode: string, year: number, header: string): number {
  const text = fs.readFileSync(path.join(root, "data", "sources", "nbs-provincial", ...table.split("/")), "utf-8");
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  const head = lines[0].split(",");
  const j = head.indexOf(header);
  if (j < 0) throw new Error(`${table}: no column ${header}`);
  const row = lines.find((l) => l.startsWith(`${adcode},`) && l.split(",")[2] === String(year));
  if (!row) throw new Error(`${table}: no row ${adcode} ${year}`);
  const s = row.split(",")[j];
  if (s === "") throw new Error(`${table}: empty ${adcode} ${year} ${header}`);
  return Number(s);
}

const built = Object.fromEntries(Object.keys(PANEL_DEFINITIONS).map((n) => [n, buildBundledPanel(n)]));
const cell = (name: string, adcode: string, year: number, id: string) => {
  const r = built[name].panel.rows.find((x) => x.adcode === adcode && x.year === year)!;
  return r[id] as number;
};
/** relative closeness at the panel's 10 significant digits */
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 1e-9);

describe("bundled panels", () => {
  for (const name of Object.keys(PANEL_DEFINITIONS)) {
    it(`${name}: rebuilding from the sources reproduces the committed files byte for byte`, () => {
      const { panelCsv, coverageCsv } = built[name];
      expect(panelCsv).toBe(fs.readFileSync(path.join(root, "data", "panels", `${name}.csv`), "utf-8"));
      expect(coverageCsv).toBe(fs.readFileSync(path.join(root, "data", "panels", `${name}.coverage.csv`), "utf-8"));
    });
  }

  it("shapes: one row per province-year, unavailable indicators absent, key columns first", () => {
    const p1 = built["zhang-ouyang-2025"].panel;
    expect(p1.rows).toHaveLength(31 * 8);
    expect(p1.indicators).toEqual(["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11"]);
    expect(built["zhang-ouyang-2025"].panelCsv.split("\n")[0]).toBe("adcode,province,year,S1,S2,S3,S4,S5,S6,S7,S8,R1,R2,R3,R4,R5,R6,R7,R8,R9,R10,R11");
    expect(built["zhou-xu-li"].panel.rows).toHaveLength(31 * 9);
    expect(built["zhou-xu-li-employee"].panel.rows).toHaveLength(31 * 10);
    expect(built["zhou-xu-li"].panel.years[0]).toBe(2011);
    expect(built["zhou-xu-li-employee"].panel.years[0]).toBe(2010);
    // coverage lists unavailable indicators with zero counts
    expect(built["zhang-ouyang-2025"].coverageCsv).toContain("\nS9,unavailable,0,0,0,0,0,0,0,0\n");
    expect(built["zhang-ouyang-2025"].coverageCsv).toContain("\nR3,real,31,31,31,31,31,31,31,31\n");
    for (const name of Object.keys(PANEL_DEFINITIONS)) expect(built[name].panel.gaps).toEqual([]);
  });

  it("Beijing 2019: real cells equal the source cells", () => {
    expect(cell("zhou-xu-li", "110000", 2019, "B1")).toBe(2082.6597);
    expect(sourceCell("公共管理、社会保障及其他/城镇基本医疗保险.csv", "110000", 2019, "城镇基本医疗保险年末参保人数(万人)")).toBe(2082.6597);
    expect(cell("zhou-xu-li", "110000", 2019, "E1")).toBe(35445.1);
    expect(cell("zhou-xu-li", "110000", 2019, "E2")).toBe(164563);
    expect(cell("zhou-xu-li-employee", "110000", 2019, "B1e")).toBe(1682.5174);
    expect(cell("zhang-ouyang-2025", "110000", 2019, "R3")).toBe(sourceCell("卫生/医疗卫生机构住院服务情况.csv", "110000", 2019, "入院人数(万人)"));
    expect(cell("zhang-ouyang-2025", "110000", 2019, "R4")).toBe(sourceCell("卫生/医院床位利用情况.csv", "110000", 2019, "医院平均住院日(日)"));
    // H1 (proxy) is the personal-insurance premium cell
    expect(cell("zhou-xu-li", "110000", 2019, "H1")).toBe(sourceCell("金融业/原保险保费收入和赔付支出情况.csv", "110000", 2019, "人身险保费收入(亿元)"));
  });

  it("Beijing 2019: derived cells recomputed by hand from their source cells", () => {
    const pop = sourceCell("人口/总人口.csv", "110000", 2019, "年末常住人口(万人)");
    expect(pop).toBe(2154);
    const income = sourceCell("公共管理、社会保障及其他/城镇基本医疗保险.csv", "110000", 2019, "城镇基本医疗保险基金收入(万元)");
    expect(income).toBe(15536352.786905);
    // B4 = fund income (万元) / enrolees (万人) = 元 per enrolee
    close(cell("zhou-xu-li", "110000", 2019, "B4"), 15536352.786905 / 2082.6597); // 7459.84...
    // the committed file holds it to 10 significant digits
    expect(loadPanel("zhou-xu-li").find((x) => x.adcode === "110000" && x.year === 2019)!.B4).toBe(7459.861439);
    // E3 = GDP index (previous year = 100) - 100
    expect(sourceCell("国民经济核算/地区生产总值指数.csv", "110000", 2019, "地区生产总值指数(上年=100)")).toBe(106.1);
    close(cell("zhou-xu-li", "110000", 2019, "E3"), 6.1);
    // S1 = fund income / population (元/人)
    close(cell("zhang-ouyang-2025", "110000", 2019, "S1"), income / 2154);
    // R7 = health technicians (万人) / population (万人) x 1000
    const tech = sourceCell("卫生/卫生人员.csv", "110000", 2019, "卫生技术人员数(万人)");
    close(cell("zhang-ouyang-2025", "110000", 2019, "R7"), (tech / 2154) * 1000);
    // R1 = institutions / (population x 10) (per 1,000 residents)
    close(cell("zhang-ouyang-2025", "110000", 2019, "R1"), 10336 / (2154 * 10));
    // R6 = discharges / beds
    const disch = sourceCell("卫生/医疗卫生机构住院服务情况.csv", "110000", 2019, "医疗卫生机构出院人数(万人)");
    const beds = sourceCell("卫生/医疗卫生机构床位.csv", "110000", 2019, "卫生机构床位数(万张)");
    close(cell("zhang-ouyang-2025", "110000", 2019, "R6"), disch / beds);
    // S7 (proxy) = personal insurance premiums (亿元) x 1e4 / population (万人) = 元/人
    const life = sourceCell("金融业/原保险保费收入和赔付支出情况.csv", "110000", 2019, "人身险保费收入(亿元)");
    close(cell("zhang-ouyang-2025", "110000", 2019, "S7"), (life * 1e4) / 2154);
    // R11 = local health expenditure (亿元) x 1e7 / population (万人) = 元 per 1,000 residents
    const hx = sourceCell("财政/地方财政支出.csv", "110000", 2019, "地方财政医疗卫生支出(亿元)");
    close(cell("zhang-ouyang-2025", "110000", 2019, "R11"), (hx * 1e7) / 2154);
  });

  it("every cell of every bundled panel equals its recipe applied to the source cells (read without the loaders)", () => {
    for (const name of Object.keys(PANEL_DEFINITIONS)) {
      const { panel, spec } = built[name];
      // a sample of provinces across the panel (first, middle, last) and every year
      for (const adcode of ["110000", "420000", "540000", "650000"]) {
        for (const year of panel.years) {
          for (const r of spec.filter((x) => x.status !== "unavailable")) {
            const rec = recipeFor(r);
            const want = rec.compute(rec.inputs.map((s) => sourceCell(s.table, adcode, year, s.column)));
            close(cell(name, adcode, year, r.id), want);
          }
        }
      }
    }
  });

  it("loadPanel reads the committed file back as rows", () => {
    const rows = loadPanel("zhou-xu-li");
    expect(rows).toHaveLength(279);
    expect(rows[0]).toMatchObject({ adcode: "110000", province: "北京", year: 2011 });
    const bj = rows.find((r) => r.adcode === "110000" && r.year === 2019)!;
    expect(bj.B1).toBe(2082.6597);
    expect(() => loadPanel("nope")).toThrow(/cannot read the panel/);
  });
});

describe("buildPanel on small inputs", () => {
  const spec = parseSpec(
    [
      "id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note",
      "E1,economy,,GDP,GDP,亿元,,+,nbs-provincial/国民经济核算/地区生产总值.csv: 地区生产总值(亿元),real,",
      "E3,economy,,增长率,growth,%,,+,nbs-provincial/国民经济核算/地区生产总值指数.csv: 地区生产总值指数(上年=100),derived,",
      "S7,s,,密度,density,元/人,,+,nbs-provincial/金融业/原保险保费收入和赔付支出情况.csv: 人身险保费收入(亿元); nbs-provincial/人口/总人口.csv: 年末常住人口(万人),proxy,",
      "S9,s,,规模,share,%,,+,,unavailable,",
    ].join("\n"),
    "t.csv",
  );
  const r = (adcode: string, year: number, indicator: string, measure: string, value: number | null): LongRow => ({ adcode, province: "", year, indicator, measure, value });
  const long: LongRow[] = [
    r("110000", 2019, "地区生产总值", "亿元", 100),
    r("110000", 2019, "地区生产总值指数", "上年=100", 106.5),
    r("110000", 2019, "人身险保费收入", "亿元", 2),
    r("110000", 2019, "年末常住人口", "万人", null),
    r("120000", 2019, "地区生产总值", "亿元", 50),
    r("120000", 2019, "人身险保费收入", "亿元", 1),
    r("120000", 2019, "年末常住人口", "万人", 4),
  ];

  it("missing inputs give missing cells (never invented), listed as gaps and counted in the coverage", () => {
    const p = buildPanel(long, spec, { from: 2019, to: 2019, adcodes: ["120000", "110000"] });
    expect(p.indicators).toEqual(["E1", "E3", "S7"]);
    expect(p.rows.map((x) => x.adcode)).toEqual(["110000", "120000"]);
    expect(p.rows[0]).toEqual({ adcode: "110000", province: "北京", year: 2019, E1: 100, E3: 6.5, S7: null });
    expect(p.rows[1]).toEqual({ adcode: "120000", province: "天津", year: 2019, E1: 50, E3: null, S7: 2500 });
    expect(p.gaps).toEqual([
      { adcode: "110000", province: "北京", year: 2019, indicator: "S7", missingInputs: ["年末常住人口(万人)"] },
      { adcode: "120000", province: "天津", year: 2019, indicator: "E3", missingInputs: ["地区生产总值指数(上年=100)"] },
    ]);
    expect(panelToCsv(p)).toBe("adcode,province,year,E1,E3,S7\n110000,北京,2019,100,6.5,\n120000,天津,2019,50,,2500\n");
    expect(coverageToCsv(p)).toBe("indicator,status,2019\nE1,real,2\nE3,derived,1\nS7,proxy,1\nS9,unavailable,0\n");
  });

  it("a zero denominator is an error naming the province, year and indicator", () => {
    const bad = long.map((x) => (x.adcode === "120000" && x.indicator === "年末常住人口" ? { ...x, value: 0 } : x));
    expect(() => buildPanel(bad, spec, { from: 2019, to: 2019, adcodes: ["120000"] })).toThrow(/天津 \(120000\) 2019, indicator S7 = Infinity/);
  });

  it("a spec that disagrees with the recipes is refused", () => {
    const wrongStatus = parseSpec("id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note\nS7,s,,x,x,,,+,nbs-provincial/金融业/原保险保费收入和赔付支出情况.csv: 人身险保费收入(亿元); nbs-provincial/人口/总人口.csv: 年末常住人口(万人),derived,\n", "w.csv");
    expect(() => buildPanel(long, wrongStatus, { from: 2019, to: 2019 })).toThrow(/w\.csv, line 2, column "status": indicator S7 is "derived" in the spec but "proxy"/);
    const wrongSource = parseSpec("id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note\nE1,e,,x,x,,,+,nbs-provincial/国民经济核算/地区生产总值.csv: 人均地区生产总值(元/人),real,\n", "w.csv");
    expect(() => buildPanel(long, wrongSource, { from: 2019, to: 2019 })).toThrow(/does not name input/);
    const noRecipe = parseSpec("id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note\nZ9,e,,x,x,,,+,,real,\n", "w.csv");
    expect(() => buildPanel(long, noRecipe, { from: 2019, to: 2019 })).toThrow(/no recipe for indicator Z9/);
  });

  it("formatPanelNumber: at most 10 significant digits, no locale, deterministic", () => {
    expect(formatPanelNumber(2082.6597)).toBe("2082.6597");
    expect(formatPanelNumber(1 / 3)).toBe("0.3333333333");
    expect(formatPanelNumber(15536352.786905)).toBe("15536352.79");
    expect(formatPanelNumber(1234567.0)).toBe("1234567");
    expect(formatPanelNumber(-0)).toBe("0");
    expect(formatPanelNumber(-2.5)).toBe("-2.5");
    expect(() => formatPanelNumber(NaN)).toThrow(/not finite/);
  });

  it("the bundled spec files load", () => {
    expect(loadSpec("zhang-ouyang-2025")).toHaveLength(24);
  });
});
