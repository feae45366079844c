import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DataFileError } from "../../src/data/errors";
import { formatPlace, keyText, MISSING_MARKERS, NumberFormatError, parseNumber, parseYear, ReshapeError, toWide } from "../../src/data/reshape";

describe("parseNumber", () => {
  it("doc examples: plain decimals, valid thousands separators, missing markers", () => {
    expect(parseNumber(" 12.5 ", "x")).toBe(12.5);
    expect(parseNumber("1,234.5", "x")).toBe(1234.5);
    expect(parseNumber("—", "x")).toBeNull();
    expect(parseNumber("12,345,678", "x")).toBe(12345678);
    expect(parseNumber("-1,000", "x")).toBe(-1000);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber("-1e3")).toBe(-1000);
    expect(parseNumber("+7")).toBe(7);
    expect(parseNumber(3.25)).toBe(3.25);
    expect(parseNumber(NaN)).toBeNull();
    expect(parseNumber(null)).toBeNull();
    expect(parseNumber(undefined)).toBeNull();
    for (const m of MISSING_MARKERS) expect(parseNumber(` ${m} `)).toBeNull();
    expect(MISSING_MARKERS).toEqual(["", "—", "——", "-", "--", "...", "…"]);
  });

  const bad: [unknown, RegExp][] = [
    ["1,5", /"1,5" is not a number: a comma is read only as a thousands separator \(1,234\.5: groups of three digits\); a decimal comma \("1,5"\) is not accepted/],
    ["1,23", /a comma is read only as a thousands separator/],
    ["1234,567", /a comma is read only as a thousands separator/],
    ["1,234,5", /a comma is read only as a thousands separator/],
    ["1.234,5", /a comma is read only as a thousands separator/],
    [",123", /a comma is read only as a thousands separator/],
    ["2019年", /"2019年" is not a number: it is a year; is this column a time column\?/],
    ["12.3%", /"12\.3%" is not a number: the cell carries a measure "%"; keep only the number in the cell \(a percentage stays in percent: 12\.3\)/],
    ["12万", /"12万" is not a number: the cell carries a measure "万"; keep only the number in the cell and write/],
    ["3.5 亿元", /the cell carries a measure "亿元"/],
    ["¥5", /the cell carries a measure "¥"/],
    ["Infinity", /"Infinity" is not a number: non-finite values are not data; a missing value is an empty cell or one of "—"/],
    ["-inf", /non-finite values are not data/],
    ["NaN", /non-finite values are not data/],
    ["∞", /non-finite values are not data/],
    [Infinity, /Infinity is not a finite number/],
    [-Infinity, /-Infinity is not a finite number/],
    ["n/a", /"n\/a" is not a number \(missing values must be empty or one of "—" "——" "-" "--" "\.\.\." "…"\)/],
    ["1 234", /"1 234" is not a number/],
    [true, /expected a number, found boolean true/],
    [new Date(Date.UTC(2019, 0, 1)), /expected a number, found a date \(2019-01-01\)/],
  ];
  for (const [raw, re] of bad) {
    it(`refuses ${JSON.stringify(raw) ?? String(raw)}`, () => {
      expect(() => parseNumber(raw, "here")).toThrow(NumberFormatError);
      expect(() => parseNumber(raw, "here")).toThrow(re);
    });
  }

  it("names the place: a file place, an array row, or a text", () => {
    expect(() => parseNumber("x", { file: "f.csv", line: 3, column: "GDP", unit: "320100 (南京市)" })).toThrow(/^f\.csv, line 3, column "GDP", unit 320100 \(南京市\): "x" is not a number/);
    expect(() => parseNumber("x", { row: 4, column: "v" })).toThrow(/^row 4, column "v": "x"/);
    expect(() => parseNumber("x", "row 3 (110000 北京, 2019), column B1")).toThrow(/^row 3 \(110000 北京, 2019\), column B1: "x"/);
    expect(() => parseNumber("x")).toThrow(/^"x" is not a number/);
    try {
      parseNumber("1,5", { file: "f.csv", line: 3 });
    } catch (e) {
      expect(e).toBeInstanceOf(NumberFormatError);
      expect((e as NumberFormatError).raw).toBe("1,5");
      expect((e as NumberFormatError).where).toEqual({ file: "f.csv", line: 3 });
      expect((e as NumberFormatError).reason).toMatch(/^"1,5" is not a number: a comma/);
    }
    expect(formatPlace({ file: "a.csv", row: 2, line: 5 })).toBe("a.csv, line 5");
  });

  it("reads back the text of any finite double (property)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseNumber(String(x))).toBe(x === 0 ? 0 : x);
        expect(parseNumber(` ${x} `)).toBe(x === 0 ? 0 : x);
        expect(parseNumber(x)).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  /** Insert commas every three digits from the right, by hand (the oracle). */
  const group = (digits: string): string => {
    let out = "";
    for (let i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
      out += digits[i];
    }
    return out;
  };
  const digitsArb = fc.stringMatching(/^[1-9][0-9]{0,14}$/);
  const fracArb = fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined });

  it("valid thousands grouping reads as the number without commas (property)", () => {
    expect(group("1234567")).toBe("1,234,567");
    fc.assert(
      fc.property(digitsArb, fracArb, fc.boolean(), (d, frac, neg) => {
        const text = `${neg ? "-" : ""}${group(d)}${frac !== undefined ? "." + frac : ""}`;
        const plain = `${neg ? "-" : ""}${d}${frac !== undefined ? "." + frac : ""}`;
        expect(parseNumber(text)).toBe(Number(plain));
      }),
      { numRuns: 300 },
    );
  });

  it("a comma moved one place left of a valid grouping is refused (property)", () => {
    fc.assert(
      fc.property(
        digitsArb.filter((d) => d.length >= 4),
        fc.nat(),
        (d, k) => {
          const g = group(d);
          const commas = [...g].flatMap((c, i) => (c === "," ? [i] : []));
          const at = commas[k % commas.length];
          const moved = g.slice(0, at - 1) + "," + g[at - 1] + g.slice(at + 1);
          expect(() => parseNumber(moved)).toThrow(/a comma is read only as a thousands separator/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("parseYear and keyText", () => {
  it("years: 2019, \"2019\", \"2019年\"; nothing else", () => {
    expect(parseYear(2019)).toBe(2019);
    expect(parseYear(" 2019 ")).toBe(2019);
    expect(parseYear("2019年")).toBe(2019);
    for (const x of ["2019-01", "19", "2019.0", "", null, 2019.5, 99]) expect(parseYear(x)).toBeUndefined();
  });
  it("key cells: trimmed text, integer codes as text, dates refused", () => {
    expect(keyText(" 南京市 ")).toBe("南京市");
    expect(keyText(320100)).toBe("320100");
    expect(keyText(null)).toBe("");
    expect(() => keyText(new Date(Date.UTC(2020, 4, 1)), { file: "f.xlsx", line: 2, column: "code" })).toThrow(/f\.xlsx, line 2, column "code": found a date \(2020-05-01\)/);
  });
});

describe("toWide", () => {
  it("doc example", () => {
    const w = toWide(
      [
        { 地区: "南京市", 年份: "2019年", 指标: "GDP", 值: "14030.15" },
        { 地区: "南京市", 年份: "2019年", 指标: "人口", 值: "850.0" },
        { 地区: "无锡市", 年份: "2019年", 指标: "GDP", 值: "—" },
      ],
      { unit: "地区", time: "年份", indicator: "指标", value: "值" },
    );
    expect(w.rows).toEqual([
      { 地区: "南京市", 年份: 2019, GDP: 14030.15, 人口: 850 },
      { 地区: "无锡市", 年份: 2019, GDP: null, 人口: null },
    ]);
    expect(w.columns).toEqual(["地区", "年份", "GDP", "人口"]);
    expect(w.keys).toEqual({ unit: "地区", time: "年份" });
    expect(w.indicators).toEqual(["GDP", "人口"]);
    expect(w.measures).toEqual({ GDP: "", 人口: "" });
  });

  it("label, group and measure; units in order of first appearance, times ascending", () => {
    const long = [
      { code: 320300, name: "徐州市", g: "苏北", y: 2020, ind: "x", m: "亿元", v: 5 },
      { code: "320100", name: "南京市", g: "苏南", y: 2021, ind: "x", m: "亿元", v: "1,000" },
      { code: "320100", name: "南京市", g: "苏南", y: "2020", ind: "x", m: "亿元", v: 2 },
      { code: "320300", name: "徐州市", g: "苏北", y: 2020, ind: "z", m: "%", v: 7 },
    ];
    const w = toWide(long, { unit: "code", label: "name", group: "g", time: "y", indicator: "ind", measure: "m", value: "v" });
    expect(w.columns).toEqual(["code", "name", "y", "g", "x", "z"]);
    expect(w.rows).toEqual([
      { code: "320300", name: "徐州市", y: 2020, g: "苏北", x: 5, z: 7 },
      { code: "320100", name: "南京市", y: 2020, g: "苏南", x: 2, z: null },
      { code: "320100", name: "南京市", y: 2021, g: "苏南", x: 1000, z: null },
    ]);
    expect(w.measures).toEqual({ x: "亿元", z: "%" });
  });

  const base = { unit: "u", time: "t", indicator: "i", value: "v" };
  const cases: [string, Record<string, unknown>[], object, RegExp][] = [
    ["duplicates name both rows", [{ u: "A", t: 2019, i: "x", v: 1 }, { u: "B", t: 2019, i: "x", v: 1 }, { u: "A", t: "2019年", i: "x", v: 2 }], base, /^row 3, column "v": duplicate value for unit A, time 2019, indicator "x" \(first on row 1\)/],
    ["conflicting labels name both rows", [{ u: "A", l: "甲", t: 2019, i: "x", v: 1 }, { u: "A", l: "乙", t: 2020, i: "x", v: 1 }], { ...base, label: "l" }, /^row 2, column "l": unit A: label "乙" differs from "甲" on row 1 \(a unit has one label\)/],
    ["conflicting groups", [{ u: "A", g: "南", t: 2019, i: "x", v: 1 }, { u: "A", g: "北", t: 2019, i: "y", v: 1 }], { ...base, group: "g" }, /^row 2, column "g": unit A: group "北" differs from "南" on row 1/],
    ["conflicting measures", [{ u: "A", m: "元", t: 2019, i: "x", v: 1 }, { u: "B", m: "万元", t: 2019, i: "x", v: 1 }], { ...base, measure: "m" }, /^row 2, column "m": indicator "x": measure "万元" differs from "元" on row 1/],
    ["a missing field", [{ u: "A", t: 2019, i: "x" }], base, /^row 1: no field "v" \(fields: u, t, i\)/],
    ["an empty unit", [{ u: " ", t: 2019, i: "x", v: 1 }], base, /^row 1, column "u": empty unit cell/],
    ["a time that is not a year", [{ u: "A", t: "2019Q1", i: "x", v: 1 }], base, /^row 1, column "t": unit A: "2019Q1" is not a year/],
    ["an empty indicator", [{ u: "A", t: 2019, i: "", v: 1 }], base, /^row 1, column "i": unit A: empty indicator cell/],
    ["an indicator named like a key column", [{ u: "A", t: 2019, i: "t", v: 1 }], base, /indicator "t" has the name of a key column in the result \(keys: u, t\); rename it/],
    ["a field given for two roles", [{ u: "A", t: 2019, i: "x", v: 1 }], { ...base, label: "u" }, /toWide: field "u" is given for two roles/],
  ];
  for (const [what, rows, opts, re] of cases) {
    it(`error: ${what}`, () => {
      expect(() => toWide(rows, opts as never)).toThrow(ReshapeError);
      expect(() => toWide(rows, opts as never)).toThrow(re);
    });
  }

  it("a bad value throws NumberFormatError naming the row, column and unit", () => {
    expect(() => toWide([{ u: "A", l: "甲", t: 2019, i: "x", v: "1,5" }], { ...base, label: "l" })).toThrow(NumberFormatError);
    expect(() => toWide([{ u: "A", l: "甲", t: 2019, i: "x", v: "1,5" }], { ...base, label: "l" })).toThrow(/^row 1, column "v", unit A \(甲\): "1,5" is not a number/);
  });

  it("with file and lines, errors name the file and its lines", () => {
    const rows = [{ u: "A", t: 2019, i: "x", v: 1 }, { u: "A", t: 2019, i: "x", v: 2 }];
    expect(() => toWide(rows, { ...base, file: "f.csv", lines: [4, 9] })).toThrow(DataFileError);
    expect(() => toWide(rows, { ...base, file: "f.csv", lines: [4, 9] })).toThrow(/^f\.csv, line 9, column "v": duplicate value for unit A, time 2019, indicator "x" \(first on line 4\)/);
    expect(() => toWide(rows, { ...base, file: "f.csv", lines: [4] })).toThrow(/1 line numbers for 2 rows/);
  });

  it("melting a panel in any order and reshaping gives the panel back (property)", () => {
    const panelArb = fc
      .record({
        units: fc.uniqueArray(fc.constantFrom("南京市", "无锡市", "徐州市", "A", "320100", "b c"), { minLength: 1, maxLength: 4 }),
        years: fc.uniqueArray(fc.integer({ min: 2000, max: 2030 }), { minLength: 1, maxLength: 4 }),
        indicators: fc.uniqueArray(fc.constantFrom("GDP", "人口", "x1", "每千人医生数"), { minLength: 1, maxLength: 4 }),
        seed: fc.integer(),
      })
      .chain((p) =>
        fc
          .array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), {
            minLength: p.units.length * p.years.length * p.indicators.length,
            maxLength: p.units.length * p.years.length * p.indicators.length,
          })
          .chain((values) => {
            const long: Record<string, unknown>[] = [];
            let k = 0;
            for (const u of p.units) for (const y of p.years) for (const ind of p.indicators) long.push({ unit: u, year: y, ind, value: values[k++] });
            return fc.shuffledSubarray(long, { minLength: long.length, maxLength: long.length }).map((shuffled) => ({ p, long, shuffled }));
          }),
      );
    fc.assert(
      fc.property(panelArb, ({ p, long, shuffled }) => {
        const w = toWide(shuffled, { unit: "unit", time: "year", indicator: "ind", value: "value" });
        const unitOrder = [...new Set(shuffled.map((r) => r.unit as string))];
        const indOrder = [...new Set(shuffled.map((r) => r.ind as string))];
        const expected = unitOrder.flatMap((u) =>
          [...p.years].sort((a, b) => a - b).map((y) => {
            const r: Record<string, string | number | null> = { unit: u, year: y };
            for (const ind of indOrder) {
              const v = long.find((x) => x.unit === u && x.year === y && x.ind === ind)!.value as number | null;
              r[ind] = v === null ? null : v;
            }
            return r;
          }),
        );
        expect(w.indicators).toEqual(indOrder);
        expect(w.rows).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
