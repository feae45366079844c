import { afterAll, describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import writeExcelFile from "write-excel-file/node";
import {
  parseIndicatorHeader,
  readNbsEnglish,
  readNbsExport,
  readNbsProvincial,
  readLong,
  nbsEnglishIndicators,
  LongRow,
} from "../../src/data/loaders";
import { NumberFormatError, parseNumber } from "../../src/data/reshape";
import { parseCsv, decodeBytes } from "../../src/data/csv";
import { DataFileError, EncodingError, UnknownProvinceError } from "../../src/data/errors";
import { dataPath } from "../../src/data/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cc-loaders-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
function write(name: string, content: string | Uint8Array): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}
const pick = (rows: LongRow[], adcode: string, year: number, indicator?: string) =>
  rows.filter((r) => r.adcode === adcode && r.year === year && (indicator === undefined || r.indicator === indicator));

describe("CSV parser", () => {
  it("handles BOM, quotes, doubled quotes, CRLF and line breaks in quotes", () => {
    const recs = parseCsv('\uFEFFa,"b,""c"""\r\n1,"x\r\ny"\r\n\r\n3,4', { file: "t.csv" });
    expect(recs).toEqual([
      { line: 1, cells: ["a", 'b,"c"'] },
      { line: 2, cells: ["1", "x\r\ny"] },
      { line: 5, cells: ["3", "4"] },
    ]);
    expect(parseCsv("a;b;;\n", { delimiter: ";" })[0].cells).toEqual(["a", "b", "", ""]);
    expect(() => parseCsv('a,"b\nc', { file: "t.csv" })).toThrow(/t\.csv, line 1: unterminated quoted field/);
  });

  it("parses cells: numbers, missing markers, errors naming file, line and column", () => {
    const at = { file: "f.csv", line: 3, column: "x" };
    expect(parseNumber("12.5", at)).toBe(12.5);
    expect(parseNumber(" -1e3 ", at)).toBe(-1000);
    for (const m of ["", "  ", "—", "——", "-", "--", "...", "…"]) expect(parseNumber(m, at)).toBeNull();
    expect(() => parseNumber("n/a", at)).toThrow(/f\.csv, line 3, column "x": "n\/a" is not a number/);
    expect(() => parseNumber("1,5", at)).toThrow(NumberFormatError);
  });

  it("parses indicator headers: the measure is the last parenthesised group", () => {
    expect(parseIndicatorHeader("卫生人员数(万人)")).toEqual({ indicator: "卫生人员数", measure: "万人" });
    expect(parseIndicatorHeader("执业(助理)医师数(万人)")).toEqual({ indicator: "执业(助理)医师数", measure: "万人" });
    expect(parseIndicatorHeader("妇幼保健院(所、站)床位数(万张)")).toEqual({ indicator: "妇幼保健院(所、站)床位数", measure: "万张" });
    expect(parseIndicatorHeader("病床使用率（%）")).toEqual({ indicator: "病床使用率", measure: "%" });
    expect(parseIndicatorHeader("床位数")).toEqual({ indicator: "床位数", measure: "" });
    expect(parseIndicatorHeader("x(a(b))")).toEqual({ indicator: "x", measure: "a(b)" });
  });
});

describe("nbs-provincial", () => {
  it("reads 卫生人员 with nested-parenthesis headers, missing cells null", () => {
    const rows = readNbsProvincial(dataPath("sources", "nbs-provincial", "卫生", "卫生人员.csv"));
    const bj = pick(rows, "110000", 2019);
    expect(bj.find((r) => r.indicator === "卫生人员数")).toEqual({
      adcode: "110000", province: "北京", year: 2019, indicator: "卫生人员数", measure: "万人", value: 34.3167,
    });
    expect(bj.find((r) => r.indicator === "执业(助理)医师数")?.value).toBe(10.5866);
    expect(new Set(rows.map((r) => r.adcode)).size).toBe(31);
    const nulls = rows.filter((r) => r.value === null);
    expect(nulls.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.value === 0 && nulls.includes(r))).toBe(false);
  });

  it("keeps the 2010 gap of urban basic medical insurance totals as null", () => {
    const rows = readNbsProvincial(dataPath("sources", "nbs-provincial", "公共管理、社会保障及其他", "城镇基本医疗保险.csv"));
    const y2010 = rows.filter((r) => r.year === 2010 && r.indicator.includes("城镇居民"));
    expect(y2010.length).toBeGreaterThan(0);
    expect(y2010.every((r) => r.value === null)).toBe(true);
  });

  it("refuses a GBK file read as UTF-8 with a clear message", () => {
    const gbk = dataPath("sources", "raw", "nbs-gdp-by-province-2006-2024.gbk.csv");
    expect(() => readNbsProvincial(gbk)).toThrow(EncodingError);
    expect(() => readNbsProvincial(gbk)).toThrow(/looks GBK-encoded/);
    const mojibake = write("mojibake.csv", "省份编码,省份,年份,x(万人)\n110000,\uFFFD\uFFFD,2019,1\n");
    expect(() => readNbsProvincial(mojibake)).toThrow(/mojibake\.csv, line 2: .*U\+FFFD/);
  });

  it("errors: unknown province, code/name mismatch, duplicates, bad cell, ragged row", () => {
    const h = "省份编码,省份,年份,卫生人员数(万人)\n";
    expect(() => readNbsProvincial(write("p1.csv", h + "110000,北京市,2019,1\n110000,北京市,2019,2\n"))).toThrow(
      /p1\.csv, line 3, column "卫生人员数\(万人\)": duplicate row for 北京 \(110000\), 2019, 卫生人员数 \(first seen on line 2\)/,
    );
    expect(() => readNbsProvincial(write("p2.csv", h + "110000,北京,2019,abc\n"))).toThrow(/p2\.csv, line 2, column "卫生人员数\(万人\)", unit 110000 \(北京\): "abc" is not a number/);
    expect(() => readNbsProvincial(write("p3.csv", h + "110000,天津市,2019,1\n"))).toThrow(/does not match/);
    expect(() => readNbsProvincial(write("p4.csv", h + "110000,北京市,2019\n"))).toThrow(/p4\.csv, line 2: expected 4 cells, found 3/);
    expect(() => readNbsProvincial(write("p5.csv", h + "999999,北京市,2019,1\n"))).toThrow(UnknownProvinceError);
  });
});

describe("nbs-english", () => {
  it("reads a ;-separated wide file with indicator and measure from the lookup table", () => {
    expect(nbsEnglishIndicators()).toHaveLength(10);
    const rows = readNbsEnglish(dataPath("sources", "nbs-english", "Gross_regional_product.csv"));
    expect(rows).toHaveLength(31 * 20);
    expect(pick(rows, "110000", 2021)[0]).toEqual({
      adcode: "110000", province: "北京", year: 2021, indicator: "地区生产总值", measure: "亿元", value: 40269.6,
    });
    expect(pick(rows, "150000", 2002)[0].province).toBe("内蒙古");
    // sorted by adcode then year ascending
    expect(rows[0]).toMatchObject({ adcode: "110000", year: 2002 });
  });

  it("keeps empty cells null (health-care expenditure has no 2021 values)", () => {
    const rows = readNbsEnglish(dataPath("sources", "nbs-english", "Health_Care_Expenditures.csv"));
    expect(rows.filter((r) => r.year === 2021).every((r) => r.value === null)).toBe(true);
    expect(pick(rows, "110000", 2020)[0].value).toBe(605.64);
    expect(rows[0].measure).toBe("亿元");
  });

  it("reads every nbs-english file", () => {
    for (const e of nbsEnglishIndicators()) {
      const rows = readNbsEnglish(dataPath("sources", "nbs-english", `${e.file}.csv`));
      expect(new Set(rows.map((r) => r.adcode)).size).toBe(31);
    }
  });

  it("an unknown province names the file and line and suggests names", () => {
    const f = write("Gross_regional_product.csv", "Region;2021;2020\nBeijing;1;2\nInner Mongolai;3;4\n");
    expect(() => readNbsEnglish(f)).toThrow(UnknownProvinceError);
    expect(() => readNbsEnglish(f)).toThrow(/Gross_regional_product\.csv, line 3: unknown province "Inner Mongolai"\. Closest known names: Inner Mongolia/);
    expect(() => readNbsEnglish(write("Mystery.csv", "Region;2021\nBeijing;1\n"))).toThrow(/not in data\/sources\/nbs-english\/indicators\.csv/);
  });
});

describe("readNbsExport (the portal download as it comes)", () => {
  it("reads the GBK export with header and footnote lines", () => {
    const file = dataPath("sources", "raw", "nbs-gdp-by-province-2006-2024.gbk.csv");
    const rows = readNbsExport(file);
    expect(rows).toHaveLength(31 * 19);
    expect(pick(rows, "110000", 2019)[0]).toEqual({
      adcode: "110000", province: "北京", year: 2019, indicator: "地区生产总值", measure: "亿元", value: 37767.0,
    });
    expect(pick(rows, "650000", 2006)[0].value).toBe(2984.5);
    expect(new Set(rows.map((r) => r.year)).size).toBe(19);
  });

  it("reads the same export re-saved as UTF-8 with a BOM", () => {
    const bytes = fs.readFileSync(dataPath("sources", "raw", "nbs-gdp-by-province-2006-2024.gbk.csv"));
    const text = new TextDecoder("gbk").decode(bytes);
    const f = write("export-utf8.csv", "\uFEFF" + text);
    const a = readNbsExport(f);
    expect(pick(a, "110000", 2019)[0].value).toBe(37767.0);
    expect(decodeBytes(bytes, "x").encoding).toBe("gbk");
  });

  it("keeps portal blanks as null and rejects a non-numeric cell", () => {
    const head = "数据库：分省年度数据\r\n指标：地区生产总值(亿元)\r\n时间：最近2年\r\n地区,2024年,2023年\r\n";
    const ok = readNbsExport(write("e1.csv", head + "北京市,,2\r\n天津市,—,3\r\n注：x\r\n数据来源：国家统计局\r\n"));
    expect(ok.filter((r) => r.year === 2024).map((r) => r.value)).toEqual([null, null]);
    expect(() => readNbsExport(write("e2.csv", head + "北京市,abc,2\r\n"))).toThrow(/e2\.csv, line 5, column "2024年", unit 110000 \(北京\): "abc" is not a number/);
  });
});

describe("readLong (a user's province file as tidy long rows)", () => {
  it("long CSV: province, year, one column per indicator", async () => {
    const f = write("long.csv", "province,year,GDP(亿元),beds(万张)\n北京,2019,10,\n广西壮族自治区,2019,5,1.5\n北京,2020,11,2\n");
    const rows = await readLong(f);
    expect(rows).toEqual([
      { adcode: "110000", province: "北京", year: 2019, indicator: "GDP", measure: "亿元", value: 10 },
      { adcode: "110000", province: "北京", year: 2019, indicator: "beds", measure: "万张", value: null },
      { adcode: "110000", province: "北京", year: 2020, indicator: "GDP", measure: "亿元", value: 11 },
      { adcode: "110000", province: "北京", year: 2020, indicator: "beds", measure: "万张", value: 2 },
      { adcode: "450000", province: "广西", year: 2019, indicator: "GDP", measure: "亿元", value: 5 },
      { adcode: "450000", province: "广西", year: 2019, indicator: "beds", measure: "万张", value: 1.5 },
    ]);
  });

  it("tidy long CSV with indicator/unit/value columns, custom unit and time names", async () => {
    const f = write("tidy.csv", "where,when,indicator,unit,value\nShaanxi,2019年,x,元,1\nShanxi,2019,x,元,2\n");
    const rows = await readLong(f, { unit: "where", time: "when" });
    expect(rows.map((r) => [r.adcode, r.year, r.value])).toEqual([["140000", 2019, 2], ["610000", 2019, 1]]);
  });

  it("wide CSV: one column per year, indicator from options", async () => {
    const f = write("wide.csv", "地区,2021年,2020年\n江蘇,3,—\n陕西,1,2\n");
    const rows = await readLong(f, { indicator: "GDP", indicatorMeasure: "亿元" });
    expect(rows.map((r) => [r.adcode, r.year, r.indicator, r.measure, r.value])).toEqual([
      ["320000", 2020, "GDP", "亿元", null],
      ["320000", 2021, "GDP", "亿元", 3],
      ["610000", 2020, "GDP", "亿元", 2],
      ["610000", 2021, "GDP", "亿元", 1],
    ]);
  });

  it("wide CSV with indicator column, ;-separated", async () => {
    const f = write("wide2.csv", "adcode;indicator;unit;2019;2020\n110000;a;个;1;2\n110000;b;个;3;\n");
    const rows = await readLong(f);
    expect(rows.filter((r) => r.indicator === "b").map((r) => r.value)).toEqual([3, null]);
  });

  it("errors: unknown province, duplicate, mixed layout, bad cell, undecidable layout", async () => {
    await expect(readLong(write("u.csv", "province,year,x\nAtlantis,2019,1\n"))).rejects.toThrow(/u\.csv, line 2, column "province": unknown province "Atlantis"/);
    await expect(readLong(write("d.csv", "province,year,x\nBeijing,2019,1\n北京市,2019,2\n"))).rejects.toThrow(/d\.csv, line 3, column "x": duplicate row for 北京 \(110000\), 2019, x \(first seen on line 2\)/);
    await expect(readLong(write("m.csv", "province,2019,note\nBeijing,1,a\n"))).rejects.toThrow(/column "note": in the wide layout/);
    await expect(readLong(write("b.csv", "province,year,x\nBeijing,2019,12万\n"))).rejects.toThrow(/b\.csv, line 2, column "x", unit 110000 \(北京\): "12万" is not a number/);
    await expect(readLong(write("n.csv", "province,x\nBeijing,1\n"))).rejects.toThrow(/cannot tell the layout/);
    await expect(readLong(write("g.csv", new Uint8Array([0])))).rejects.toThrow(DataFileError);
  });

  it("a GBK user CSV is detected (auto) or refused (utf-8)", async () => {
    // the portal export's table lines only (drop 3 header and 2 footnote lines), still GBK bytes
    const gbkBytes = fs.readFileSync(dataPath("sources", "raw", "nbs-gdp-by-province-2006-2024.gbk.csv"));
    const starts = [0];
    gbkBytes.forEach((b, i) => { if (b === 0x0a) starts.push(i + 1); });
    const f = write("gbk.csv", gbkBytes.subarray(starts[3], starts[starts.length - 3]));
    expect(new TextDecoder("gbk").decode(gbkBytes.subarray(starts[3], starts[4])).startsWith("地区,2024年")).toBe(true);
    const rows = await readLong(f, { indicator: "GDP" });
    expect(pick(rows, "110000", 2019)[0].value).toBe(37767.0);
    await expect(readLong(f, { encoding: "utf-8", indicator: "GDP" })).rejects.toThrow(/looks GBK-encoded/);
  });

  it("reads a user XLSX (long layout, numbers, text numbers and blanks)", async () => {
    const f = path.join(tmp, "panel.xlsx");
    await writeExcelFile([
      ["省份", "年份", "卫生人员数(万人)", "GDP(亿元)"],
      ["北京市", 2019, 34.3167, "35371.3"],
      ["Innermongolia", 2019, null, 17212.5],
      ["广西", "2020年", 30.1, "—"],
    ]).toFile(f);
    const rows = await readLong(f);
    expect(rows).toEqual([
      { adcode: "110000", province: "北京", year: 2019, indicator: "卫生人员数", measure: "万人", value: 34.3167 },
      { adcode: "110000", province: "北京", year: 2019, indicator: "GDP", measure: "亿元", value: 35371.3 },
      { adcode: "150000", province: "内蒙古", year: 2019, indicator: "卫生人员数", measure: "万人", value: null },
      { adcode: "150000", province: "内蒙古", year: 2019, indicator: "GDP", measure: "亿元", value: 17212.5 },
      { adcode: "450000", province: "广西", year: 2020, indicator: "卫生人员数", measure: "万人", value: 30.1 },
      { adcode: "450000", province: "广西", year: 2020, indicator: "GDP", measure: "亿元", value: null },
    ]);
  });

  it("reads a user XLSX in wide layout and names the row of a bad cell", async () => {
    const f = path.join(tmp, "wide.xlsx");
    await writeExcelFile([
      ["province", 2020, 2019],
      ["Hebei", 1, 2],
      ["Hunan", "abc", 3],
    ]).toFile(f);
    await expect(readLong(f, { indicator: "x" })).rejects.toThrow(/wide\.xlsx, line 3, column "2020", unit 430000 \(湖南\): "abc" is not a number/);
  });
});

describe("renamed options (unit now means the observation unit)", () => {
  it("the old names of measure options are refused, not ignored", async () => {
    expect(() => readNbsEnglish(dataPath("sources", "nbs-english", "Gross_regional_product.csv"), { unit: "亿元" } as never)).toThrow(
      /readNbsEnglish: option "unit" was renamed "measure"/,
    );
    expect(() => readNbsExport(dataPath("sources", "raw", "nbs-gdp-by-province-2006-2024.gbk.csv"), { unit: "亿元" } as never)).toThrow(/readNbsExport: option "unit" was renamed "measure"/);
    await expect(readLong(write("r.csv", "地区,2019\n北京,1\n"), { indicatorUnit: "亿元" } as never)).rejects.toThrow(/readLong: option "indicatorUnit" was renamed "indicatorMeasure"/);
    const rows = readNbsEnglish(dataPath("sources", "nbs-english", "Gross_regional_product.csv"), { indicator: "GRP", measure: "100 million yuan" });
    expect(rows[0]).toMatchObject({ indicator: "GRP", measure: "100 million yuan" });
    expect(nbsEnglishIndicators().find((e) => e.file === "Gross_regional_product")).toMatchObject({ measure: "亿元" });
  });
});

describe("all bundled nbs-provincial files", () => {
  it("read without error, 31 provinces each", () => {
    const root = dataPath("sources", "nbs-provincial");
    let files = 0;
    let cells = 0;
    for (const topic of fs.readdirSync(root)) {
      for (const f of fs.readdirSync(path.join(root, topic)).filter((f) => f.endsWith(".csv"))) {
        const rows = readNbsProvincial(path.join(root, topic, f));
        expect(new Set(rows.map((r) => r.adcode)).size).toBe(31);
        files++;
        cells += rows.length;
      }
    }
    expect(files).toBe(44);
    expect(cells).toBeGreaterThan(100_000);
  });
});
