import { afterAll, describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import writeExcelFile from "write-excel-file/node";
import { readPanel, ReadPanelResult } from "../../src/data/loaders";
import { loadPanel } from "../../src/data/panel";
import { readSpec } from "../../src/data/spec";
import { DataError, DataFileError, EncodingError, UnknownProvinceError } from "../../src/data/errors";
import { NumberFormatError } from "../../src/data/reshape";
import { readTableFile } from "../../src/data/table-file";
import { dataPath } from "../../src/data/paths";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cc-read-panel-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
function write(name: string, content: string | Uint8Array): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

/** A GBK encoder for the tests, built from the platform's GBK decoder (every two-byte code). */
function makeGbkEncoder(): (s: string) => Uint8Array {
  const dec = new TextDecoder("gbk", { fatal: true });
  const map = new Map<string, [number, number]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      try {
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && !map.has(ch)) map.set(ch, [a, b]);
      } catch {
        // not a GBK code
      }
    }
  }
  return (s) => {
    const out: number[] = [];
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) out.push(c);
      else {
        const m = map.get(ch);
        if (!m) throw new Error(`no GBK code for ${ch}`);
        out.push(...m);
      }
    }
    return new Uint8Array(out);
  };
}

// The 21-unit fixture: SYNTHETIC data (see the comment lines at the top of the file), 21 units
// with Jiangsu-style codes 320100..322100, Chinese names, group column 区域 (苏南/苏中/苏北),
// 2019-2021; one empty cell (连云港市 2020 失业率) and one "—" (样本市丙 2021 医生数).
const FIXTURE = path.join(__dirname, "..", "fixtures", "jiangsu-21-cities.csv");
const SPEC = path.join(__dirname, "..", "fixtures", "jiangsu-21-cities.spec.csv");
const fixtureText = fs.readFileSync(FIXTURE, "utf8");
const INDICATORS = ["地区生产总值", "常住人口", "城镇登记失业率", "每千人医生数"];

/** The oracle: the fixture split by hand (no quotes in it), rows grouped by unit in file order, years ascending. */
function oracle(): Array<Record<string, string | number | null>> {
  const lines = fixtureText.split("\n").filter((l) => l && !l.startsWith("#"));
  const head = lines[0].split(",");
  expect(head).toEqual(["城市代码", "城市", "年份", "区域", ...INDICATORS]);
  const recs = lines.slice(1).map((l) => {
    const c = l.split(",");
    const r: Record<string, string | number | null> = { 城市代码: c[0], 城市: c[1], 年份: Number(c[2]), 区域: c[3] };
    INDICATORS.forEach((k, j) => (r[k] = c[4 + j] === "" || c[4 + j] === "—" ? null : Number(c[4 + j])));
    return r;
  });
  const order = [...new Set(recs.map((r) => r.城市代码))];
  return order.flatMap((u) => recs.filter((r) => r.城市代码 === u).sort((a, b) => (a.年份 as number) - (b.年份 as number)));
}

function expectFixture(p: ReadPanelResult, encoding: string): void {
  expect(p.layout).toBe("panel");
  expect(p.provinces).toBe(false);
  expect(p.encoding).toBe(encoding);
  expect(p.keys).toEqual({ unit: "城市代码", label: "城市", time: "年份", group: "区域" });
  expect(p.columns).toEqual(["城市代码", "城市", "年份", "区域", ...INDICATORS]);
  expect(p.indicators).toEqual(INDICATORS);
  expect(p.rows).toHaveLength(63);
  expect(p.rows).toEqual(oracle());
  // cells checked by eye against the file
  expect(p.rows[0]).toEqual({ 城市代码: "320100", 城市: "南京市", 年份: 2019, 区域: "苏南", 地区生产总值: 1500, 常住人口: 300, 城镇登记失业率: 2.1, 每千人医生数: 2.35 });
  expect(p.rows.find((r) => r.城市 === "连云港市" && r.年份 === 2020)!.城镇登记失业率).toBeNull();
  expect(p.rows.find((r) => r.城市 === "样本市丙" && r.年份 === 2021)!.每千人医生数).toBeNull();
  // the last unit's rows are 2021, 2019, 2020 in the file: sorted in the result
  expect(p.rows.slice(-3).map((r) => [r.城市代码, r.年份, r.地区生产总值])).toEqual([
    ["322100", 2019, 14513.11],
    ["322100", 2020, 14723.48],
    ["322100", 2021, 14933.85],
  ]);
  expect(new Set(p.rows.map((r) => r.城市代码)).size).toBe(21);
  expect([...new Set(p.rows.map((r) => r.区域))].sort()).toEqual(["苏中", "苏北", "苏南"].sort());
}

describe("readPanel: a 21-city panel (synthetic fixture)", () => {
  it("CSV UTF-8: keys detected (code unit, name label, year, group), units kept as given, every cell as in the file", async () => {
    expectFixture(await readPanel(FIXTURE), "utf-8");
  });

  it("CSV UTF-8 with BOM", async () => {
    const f = write("bom.csv", "\uFEFF" + fixtureText);
    expectFixture(await readPanel(f), "utf-8");
  });

  it("CSV GBK (detected), and refused as UTF-8 with a pointer to GBK", async () => {
    const encode = makeGbkEncoder();
    const bytes = encode(fixtureText);
    expect(new TextDecoder("gbk").decode(bytes)).toBe(fixtureText);
    expect(bytes.length).toBeLessThan(Buffer.byteLength(fixtureText, "utf8"));
    const f = write("gbk.csv", bytes);
    expectFixture(await readPanel(f), "gbk");
    expectFixture(await readPanel(f, { encoding: "gbk" }), "gbk");
    await expect(readPanel(f, { encoding: "utf-8" })).rejects.toThrow(EncodingError);
    await expect(readPanel(f, { encoding: "utf-8" })).rejects.toThrow(/gbk\.csv, line 1: the file is not valid UTF-8 and looks GBK-encoded/);
  });

  it("XLSX: numeric codes become their integer text, 2019 / 2019年 years, blank cells missing", async () => {
    const lines = fixtureText.split("\n").filter((l) => l && !l.startsWith("#"));
    const grid = lines.map((l, i) => {
      const c = l.split(",");
      if (i === 0) return c;
      return [
        Number(c[0]),
        c[1],
        i % 2 ? Number(c[2]) : `${c[2]}年`,
        c[3],
        ...c.slice(4).map((v) => (v === "" ? null : v === "—" ? "—" : Number(v))),
      ];
    });
    const f = path.join(tmp, "cities.xlsx");
    await writeExcelFile(grid as never).toFile(f);
    const p = await readPanel(f);
    expectFixture(p, "xlsx");
    expect(p.file).toBe(f);
  });

  it("a spec with Chinese indicator ids (minimal: id, system, direction) names the panel's columns", async () => {
    const spec = readSpec(SPEC);
    const p = await readPanel(FIXTURE);
    expect(spec.map((r) => r.id)).toEqual(p.indicators);
    expect(spec.map((r) => [r.id, r.system, r.direction, r.status])).toEqual([
      ["地区生产总值", "经济", "+", "real"],
      ["常住人口", "经济", "+", "real"],
      ["城镇登记失业率", "社会", "-", "real"],
      ["每千人医生数", "社会", "+", "real"],
    ]);
  });

  it("options name the columns; provinces: false keeps even province-like units as given", async () => {
    const f = write("opts.csv", "code,名字,t,带,x\n11,甲,2019,a,1\n11,甲,2020,a,2\n");
    const p = await readPanel(f, { unit: "code", label: "名字", time: "t", group: "带" });
    expect(p.keys).toEqual({ unit: "code", label: "名字", time: "t", group: "带" });
    expect(p.rows).toEqual([
      { code: "11", 名字: "甲", t: 2019, 带: "a", x: 1 },
      { code: "11", 名字: "甲", t: 2020, 带: "a", x: 2 },
    ]);
    const q = await readPanel(write("prov.csv", "地区,年份,x\n北京,2019,1\n上海市,2019,2\n"), { provinces: false });
    expect(q.provinces).toBe(false);
    expect(q.keys).toEqual({ unit: "地区", time: "年份" });
    expect(q.rows).toEqual([
      { 地区: "北京", 年份: 2019, x: 1 },
      { 地区: "上海市", 年份: 2019, x: 2 },
    ]);
  });
});

describe("readTableFile", () => {
  it("doc example: comment lines before the header skipped, lines counted in the file", async () => {
    const t = await readTableFile(FIXTURE);
    expect(t.lines[0]).toBe(3);
    expect(t.cells[0][0]).toBe("城市代码");
    expect(t.encoding).toBe("utf-8");
    expect(t.cells).toHaveLength(64);
    expect(t.lines[63]).toBe(66);
  });

  it("delimiter: the one of , ; tab the header line holds most of, or the option", async () => {
    expect((await readTableFile(write("s.csv", "a;b;c\n1;2,5;3\n"))).cells).toEqual([["a", "b", "c"], ["1", "2,5", "3"]]);
    expect((await readTableFile(write("t.tsv", "\n\na\tb\n1\t2\n"))).cells).toEqual([["a", "b"], ["1", "2"]]);
    expect((await readTableFile(write("t2.tsv", "\n\na\tb\n1\t2\n"))).lines).toEqual([3, 4]);
    expect((await readTableFile(write("o.csv", "a;b\n1;2\n"), { delimiter: "," })).cells).toEqual([["a;b"], ["1;2"]]);
  });
});

describe("readPanel: provinces", () => {
  it("a province panel in any spelling resolves to adcode / province (short name), sorted by adcode", async () => {
    const f = write("p.csv", "省份,年份,GDP(亿元),床位\n广西壮族自治区,2019,5,1.5\nBeijing,2020,11,2\n北京市,2019,10,\n");
    const p = await readPanel(f);
    expect(p.provinces).toBe(true);
    expect(p.layout).toBe("panel");
    expect(p.keys).toEqual({ unit: "adcode", label: "province", time: "年份" });
    expect(p.columns).toEqual(["adcode", "province", "年份", "GDP(亿元)", "床位"]);
    expect(p.rows).toEqual([
      { adcode: "110000", province: "北京", 年份: 2019, "GDP(亿元)": 10, 床位: null },
      { adcode: "110000", province: "北京", 年份: 2020, "GDP(亿元)": 11, 床位: 2 },
      { adcode: "450000", province: "广西", 年份: 2019, "GDP(亿元)": 5, 床位: 1.5 },
    ]);
  });

  it("a bundled panel read back by readPanel equals loadPanel's rows", async () => {
    for (const name of ["zhou-xu-li", "zhang-ouyang-2025"]) {
      const p = await readPanel(dataPath("panels", `${name}.csv`));
      expect(p.provinces).toBe(true);
      expect(p.keys).toEqual({ unit: "adcode", label: "province", time: "year" });
      expect(p.rows).toEqual(loadPanel(name));
    }
  });

  it("a code column and a name column must agree", async () => {
    const ok = await readPanel(write("cn.csv", "省份编码,省份,年份,x\n110000,北京市,2019,1\n120000,Tianjin,2019,2\n"));
    expect(ok.rows.map((r) => [r.adcode, r.province])).toEqual([["110000", "北京"], ["120000", "天津"]]);
    await expect(readPanel(write("cn2.csv", "省份编码,省份,年份,x\n110000,天津,2019,1\n"))).rejects.toThrow(
      /cn2\.csv, line 2, column "省份": label "天津" is 天津 \(120000\), but the unit "110000" is 北京 \(110000\)/,
    );
  });

  it("provinces: true requires every unit to resolve, naming the cell and the closest names", async () => {
    const f = write("pt.csv", "地区,年份,x\n北京,2019,1\nShanxii,2019,2\n");
    await expect(readPanel(f, { provinces: true })).rejects.toThrow(UnknownProvinceError);
    await expect(readPanel(f, { provinces: true })).rejects.toThrow(/pt\.csv, line 3, column "地区": unknown province "Shanxii"\. Closest known names: Shanxi/);
    await expect(readPanel(FIXTURE, { provinces: true })).rejects.toThrow(/jiangsu-21-cities\.csv, line 4, column "城市代码": unknown province "320100"/);
  });

  it('"auto": most units provinces but one not (a typo, a 全国 row) is an error with the closest names', async () => {
    const f = write("pa.csv", "地区,年份,x\n全国,2019,9\n北京,2019,1\n天津,2019,2\n河北,2019,3\n");
    await expect(readPanel(f)).rejects.toThrow(
      /pa\.csv, line 2, column "地区": "全国" is not a province \(adcode or name\), but 3 of the 4 units are; closest known names: .*pass \{ provinces: false \}/,
    );
    const p = await readPanel(f, { provinces: false });
    expect(p.rows.map((r) => r.地区)).toEqual(["全国", "北京", "天津", "河北"]);
    // a minority of province names among other units: kept as given
    const q = await readPanel(write("pm.csv", "城市,年份,x\n北京市,2019,1\n南京市,2019,2\n苏州市,2019,3\n"));
    expect(q.provinces).toBe(false);
    expect(q.rows.map((r) => r.城市)).toEqual(["北京市", "南京市", "苏州市"]);
  });

  it("the GBK portal table (wide, years newest first) as a province panel", async () => {
    const gbkBytes = fs.readFileSync(dataPath("sources", "raw", "nbs-gdp-by-province-2006-2024.gbk.csv"));
    const starts = [0];
    gbkBytes.forEach((b, i) => {
      if (b === 0x0a) starts.push(i + 1);
    });
    const f = write("portal.csv", gbkBytes.subarray(starts[3], starts[starts.length - 3]));
    const p = await readPanel(f, { indicator: "GDP", indicatorMeasure: "亿元" });
    expect(p).toMatchObject({ layout: "wide", provinces: true, encoding: "gbk", indicators: ["GDP"], measures: { GDP: "亿元" } });
    expect(p.keys).toEqual({ unit: "adcode", label: "province", time: "year" });
    expect(p.rows).toHaveLength(31 * 19);
    expect(p.rows.find((r) => r.adcode === "110000" && r.year === 2019)!.GDP).toBe(37767.0);
    expect(p.rows[0]).toMatchObject({ adcode: "110000", year: 2006 });
  });
});

describe("readPanel: long and wide layouts go through toWide", () => {
  it("long (tidy) table of cities with a measure column", async () => {
    const f = write(
      "long.csv",
      "城市,年份,指标,单位,值\n南京市,2019年,GDP,亿元,\"14,030.15\"\n南京市,2019年,人口,万人,850\n无锡市,2019,GDP,亿元,—\n南京市,2020,GDP,亿元,14817.95\n",
    );
    const p = await readPanel(f);
    expect(p.layout).toBe("long");
    expect(p.provinces).toBe(false);
    expect(p.keys).toEqual({ unit: "城市", time: "年份" });
    expect(p.indicators).toEqual(["GDP", "人口"]);
    expect(p.measures).toEqual({ GDP: "亿元", 人口: "万人" });
    expect(p.rows).toEqual([
      { 城市: "南京市", 年份: 2019, GDP: 14030.15, 人口: 850 },
      { 城市: "南京市", 年份: 2020, GDP: 14817.95, 人口: null },
      { 城市: "无锡市", 年份: 2019, GDP: null, 人口: null },
    ]);
  });

  it("long table errors: duplicates and conflicting measures name both lines", async () => {
    await expect(readPanel(write("ld.csv", "城市,年份,指标,值\n南京市,2019,GDP,1\n无锡市,2019,GDP,2\n南京市,2019,GDP,3\n"))).rejects.toThrow(
      /ld\.csv, line 4, column "值": duplicate value for unit 南京市, time 2019, indicator "GDP" \(first on line 2\)/,
    );
    await expect(readPanel(write("lm.csv", "城市,年份,指标,单位,值\n南京市,2019,GDP,亿元,1\n南京市,2020,GDP,万元,2\n"))).rejects.toThrow(
      /lm\.csv, line 3, column "单位": indicator "GDP": measure "万元" differs from "亿元" on line 2/,
    );
    await expect(readPanel(write("lu.csv", "城市,年份,指标,unit,值\n南京市,2019,GDP,亿元,1\n"))).rejects.toThrow(/column "unit": a column "unit" is ambiguous/);
  });

  it("wide table of cities with a label and a group, indicator from the options", async () => {
    const f = write("wide.csv", "城市代码,城市,区域,2020年,2019年\n320100,南京市,苏南,2,1\n320300,徐州市,苏北,—,3\n");
    const p = await readPanel(f, { indicator: "GDP" });
    expect(p.layout).toBe("wide");
    expect(p.keys).toEqual({ unit: "城市代码", label: "城市", time: "year", group: "区域" });
    expect(p.rows).toEqual([
      { 城市代码: "320100", 城市: "南京市", year: 2019, 区域: "苏南", GDP: 1 },
      { 城市代码: "320100", 城市: "南京市", year: 2020, 区域: "苏南", GDP: 2 },
      { 城市代码: "320300", 城市: "徐州市", year: 2019, 区域: "苏北", GDP: 3 },
      { 城市代码: "320300", 城市: "徐州市", year: 2020, 区域: "苏北", GDP: null },
    ]);
    const byFile = await readPanel(write("人均GDP.csv", "城市,2019\n南京市,1\n"));
    expect(byFile.indicators).toEqual(["人均GDP"]);
  });

  it("wide table with an indicator column; a repeated unit-indicator row is an error naming both lines", async () => {
    const p = await readPanel(write("wi.csv", "county;指标;2019;2020\nA县;x;1;2\nA县;y;3;\n"));
    expect(p.rows).toEqual([
      { county: "A县", year: 2019, x: 1, y: 3 },
      { county: "A县", year: 2020, x: 2, y: null },
    ]);
    await expect(readPanel(write("wd.csv", "county,指标,2019\nA县,x,1\nB县,x,2\nA县,x,3\n"))).rejects.toThrow(
      /wd\.csv, line 4: duplicate row for unit A县, indicator "x" \(first on line 2\)/,
    );
  });
});

describe("readPanel: errors name the file, line, column and unit", () => {
  const H = "城市代码,城市,年份,x\n";
  const cases: [string, string, RegExp][] = [
    ["duplicated unit-time row", H + "320100,南京市,2019,1\n320200,无锡市,2019,2\n320100,南京市,2019,3\n", /e\.csv, line 4: duplicate row for unit 320100 \(南京市\), time 2019 \(first on line 2\)/],
    ["empty unit cell", H + "320100,南京市,2019,1\n,无锡市,2019,2\n", /e\.csv, line 3, column "城市代码": empty unit cell \(label "无锡市"\)/],
    ["ragged row (too few cells)", H + "320100,南京市,2019,1\n320200,无锡市,2019\n", /e\.csv, line 3: expected 4 cells \(as in the header\), found 3 \(unit "320200"\)/],
    ["ragged row (too many cells)", H + "320100,南京市,2019,1,9\n", /e\.csv, line 2: expected 4 cells \(as in the header\), found 5 \(unit "320100"\)/],
    ["a label that disagrees with itself", H + "320100,南京市,2019,1\n320100,南京,2020,2\n", /e\.csv, line 3, column "城市": unit 320100: label "南京" differs from "南京市" on line 2 \(a unit has one label\)/],
    ["a group that disagrees with itself", "城市,年份,区域,x\n南京市,2019,苏南,1\n南京市,2020,苏中,2\n", /e\.csv, line 3, column "区域": unit 南京市: group "苏中" differs from "苏南" on line 2/],
    ["a time that is not a year", H + "320100,南京市,2019-01,1\n", /e\.csv, line 2, column "年份": unit 320100 \(南京市\): "2019-01" is not a year \(2019, "2019" or "2019年"\)/],
    ["a decimal comma", H + '320100,南京市,2019,"1,5"\n', /e\.csv, line 2, column "x", unit 320100 \(南京市\): "1,5" is not a number: a comma is read only as a thousands separator/],
    ["a bad grouping", H + '320100,南京市,2019,"12,34.5"\n', /line 2, column "x", unit 320100 \(南京市\): "12,34\.5" is not a number: a comma/],
    ["a year in an indicator cell", H + "320100,南京市,2019,2019年\n", /line 2, column "x", unit 320100 \(南京市\): "2019年" is not a number: it is a year/],
    ["a measure in the cell", H + "320100,南京市,2019,12.3%\n", /line 2, column "x", unit 320100 \(南京市\): "12\.3%" is not a number: the cell carries a measure "%"/],
    ["Infinity", H + "320100,南京市,2019,Infinity\n", /line 2, column "x", unit 320100 \(南京市\): "Infinity" is not a number: non-finite values are not data/],
    ["NaN", H + "320100,南京市,2019,NaN\n", /"NaN" is not a number: non-finite/],
    ["no unit column", "名称,年份,x\n南京,2019,1\n", /e\.csv, line 1: no unit column .*pass \{ unit: "<header>" \}/],
    ["two name columns", "省份,城市,年份,x\n江苏,南京市,2019,1\n", /e\.csv, line 1: several columns could be the unit: "省份", "城市"; say which with \{ unit, label \}/],
    ["a key-like column without a role", "城市代码,城市,省份,年份,x\n320100,南京市,江苏,2019,1\n", /several columns could be the label: "城市", "省份"/],
    ["an unknown option column", H + "320100,南京市,2019,1\n", /e\.csv, line 1: no column "人口" \(the group option\)/],
    ["no time column", "城市,x\n南京市,1\n", /cannot tell the layout/],
    ["header only", H, /e\.csv, line 1: the table has a header but no data rows/],
    ["a repeated header", "城市,年份,x,x\n南京市,2019,1,2\n", /e\.csv, line 1, column "x": column "x" appears twice in the header \(cells 3 and 4\)/],
  ];
  for (const [what, text, re] of cases) {
    it(what, async () => {
      const f = write("e.csv", text);
      await expect(readPanel(f, what === "an unknown option column" ? { group: "人口" } : {})).rejects.toThrow(re);
    });
  }

  it("indicator cells throw NumberFormatError; structural problems DataFileError", async () => {
    await expect(readPanel(write("n.csv", "城市,年份,x\n南京市,2019,n/a\n"))).rejects.toThrow(NumberFormatError);
    await expect(readPanel(write("n2.csv", "城市,年份,x\n南京市,2019,1\n南京市,2019,1\n"))).rejects.toThrow(DataFileError);
  });

  it("a thousands separator with valid grouping is a number", async () => {
    const p = await readPanel(write("t.csv", '城市,年份,x\n南京市,2019,"1,234.5"\n苏州市,2019,"12,345,678"\n'));
    expect(p.rows.map((r) => r.x)).toEqual([1234.5, 12345678]);
  });

  it("a leftover key-like column is an error asking for its role", async () => {
    const f = write("k.csv", "城市代码,城市,年份,年度,x\n320100,南京市,2019,2019,1\n");
    await expect(readPanel(f)).rejects.toThrow(/k\.csv, line 1, column "年度": column "年度" looks like a key column but has no role/);
    const g = write("k2.csv", "城市,省份,年份,x\n南京市,江苏,2019,1\n");
    const p = await readPanel(g, { unit: "城市", group: "省份" });
    expect(p.rows).toEqual([{ 城市: "南京市", 年份: 2019, 省份: "江苏", x: 1 }]);
    expect(p.columns).toEqual(["城市", "年份", "省份", "x"]);
  });

  it("U+FFFD in a unit or label cell (a GBK file decoded as UTF-8) points to encoding gbk", async () => {
    // test/fixtures/mojibake.xlsx: written by write-excel-file with placeholders, which were then
    // replaced by U+FFFD in xl/sharedStrings.xml (write-excel-file drops U+FFFD, Excel and WPS keep
    // it when a GBK CSV is imported as UTF-8). Sheet "label": a label cell "\uFFFD\uFFFD\uFFFD"
    // on row 3; sheet 2 ("unit"): a unit cell "\uFFFD\uFFFD市" on row 3.
    const f = path.join(__dirname, "..", "fixtures", "mojibake.xlsx");
    await expect(readPanel(f, { sheet: "label" })).rejects.toThrow(
      /mojibake\.xlsx \[sheet label\], line 3, column "城市": the label cell "\uFFFD\uFFFD\uFFFD" \(unit 320200\) contains U\+FFFD replacement characters.*GBK file read as UTF-8.*\{ encoding: "gbk" \}/,
    );
    await expect(readPanel(f, { sheet: 2 })).rejects.toThrow(/mojibake\.xlsx \[sheet 2\], line 3, column "城市": the unit cell "\uFFFD\uFFFD市" contains U\+FFFD.*\{ encoding: "gbk" \}/);
    await expect(readPanel(f, { sheet: "nope" })).rejects.toThrow(/mojibake\.xlsx: no sheet "nope" \(sheets: label, unit\)/);
    // a CSV decoded as UTF-8 with U+FFFD is refused by the decoder already
    await expect(readPanel(write("m.csv", "城市,年份,x\n\uFFFD\uFFFD,2019,1\n"))).rejects.toThrow(/line 2: the text contains U\+FFFD/);
    // invalid bytes forced through GBK decoding: the same check, saying GBK does not fit either
    // (0x81 is a GBK lead byte; followed by "," it is invalid and decodes to U+FFFD)
    const g = write("bad-gbk.csv", new Uint8Array([...Buffer.from("city,year,x\nA"), 0x81, ...Buffer.from(",2019,1\n")]));
    await expect(readPanel(g, { encoding: "gbk" })).rejects.toThrow(/bad-gbk\.csv, line 2, column "city": the unit cell "A\uFFFD" contains U\+FFFD.*not valid GBK either/);
  });

  it("a year cell formatted as a date in Excel is named as such", async () => {
    const f = path.join(tmp, "date.xlsx");
    await writeExcelFile([
      ["城市", "年份", "x"],
      ["南京市", { value: new Date(Date.UTC(2019, 0, 1)), type: Date, format: "yyyy" }, 1],
    ] as never).toFile(f);
    await expect(readPanel(f)).rejects.toThrow(/date\.xlsx, line 2, column "年份": unit 南京市: "2019-01-01" is not a year .*formatted as a date in Excel/);
  });

  it("renamed and bad options are refused", async () => {
    await expect(readPanel(FIXTURE, { indicatorUnit: "亿元" } as never)).rejects.toThrow(/readPanel: option "indicatorUnit" was renamed "indicatorMeasure"/);
    await expect(readPanel(FIXTURE, { provinces: "yes" } as never)).rejects.toThrow(DataError);
    await expect(readPanel(FIXTURE, { layout: "tall" } as never)).rejects.toThrow(/layout must be "panel", "long" or "wide"/);
    await expect(readPanel(path.join(tmp, "none.csv"))).rejects.toThrow(/cannot read the file/);
    await expect(readPanel(write("old.xls", "x"))).rejects.toThrow(/old \.xls workbooks are not supported/);
  });
});
