import { describe, expect, it } from "vitest";
import { formatCell, normalizeTable, tableToHtml, tableToText, textWidth } from "../../src/notebook/table";

describe("normalizeTable", () => {
  it("reads row objects with columns in first-seen order", () => {
    const t = normalizeTable([{ a: 1, b: 2 }, { b: 3, c: 4 }]);
    expect(t.columns).toEqual(["a", "b", "c"]);
    expect(t.rows).toEqual([[1, 2, undefined], [undefined, 3, 4]]);
  });
  it("reads a DataFrame-like value through columns and values", () => {
    const t = normalizeTable({ columns: ["省份", "D"], values: [["北京", 0.5]], index: [0] });
    expect(t).toEqual({ columns: ["省份", "D"], rows: [["北京", 0.5]], index: undefined });
    const labelled = normalizeTable({ columns: ["x"], values: [[1], [2]], index: ["a", "b"] });
    expect(labelled.index).toEqual(["a", "b"]);
  });
  it("rejects what is not a table", () => {
    expect(() => normalizeTable(42 as never)).toThrow(/array of row objects or a DataFrame/);
    expect(() => normalizeTable([1 as never])).toThrow(/every row must be an object/);
  });
});

describe("formatCell", () => {
  it("keeps integers (years) as they are and rounds other numbers", () => {
    expect(formatCell(2019, 3)).toBe("2019");
    expect(formatCell(0.36849, 3)).toBe("0.368");
    expect(formatCell(-0.00001, 3)).toBe("0.000");
  });
  it("shows missing values as empty cells", () => {
    expect(formatCell(null, 3)).toBe("");
    expect(formatCell(undefined, 3)).toBe("");
    expect(formatCell(NaN, 3)).toBe("");
  });
});

describe("tableToHtml", () => {
  const rows = [
    { 年份: 2012, 东部: 0.366, name: "<b>x</b> & y" },
    { 年份: 2013, 东部: 0.37149, name: "中部" },
  ];
  it("is a pandas-style table with Chinese headers, numbers right-aligned and rounded, text escaped", () => {
    const html = tableToHtml(rows, { caption: "表3 Table 3", digits: 3 });
    expect(html).toContain('<table border="1" class="dataframe">');
    expect(html).toContain("<caption>表3 Table 3</caption>");
    expect(html).toContain('<th style="text-align:right">年份</th><th style="text-align:right">东部</th><th style="text-align:left">name</th>');
    expect(html).toContain('<td class="num">2012</td><td class="num">0.366</td>');
    expect(html).toContain('<td class="num">0.371</td>');
    expect(html).toContain("&lt;b&gt;x&lt;/b&gt; &amp; y");
    expect(html).not.toContain("<b>x</b>");
  });
  it("takes digits per column", () => {
    const html = tableToHtml([{ a: 0.12345, b: 0.12345 }], { digits: { a: 1 } });
    expect(html).toContain('<td class="num">0.1</td><td class="num">0.1235</td>');
  });
  it("cuts long tables to head and tail with a marker row and a size line", () => {
    const long = Array.from({ length: 100 }, (_, i) => ({ i }));
    const html = tableToHtml(long, { maxRows: 20, headTail: 3 });
    const cells = [...html.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(cells).toEqual([0, 1, 2, 97, 98, 99]);
    expect(html).toContain("<td>…</td>");
    expect(html).toContain("100 rows × 1 columns");
  });
});

describe("tableToText", () => {
  it("aligns columns counting CJK characters as two cells wide", () => {
    expect(textWidth("北京a")).toBe(5);
    const text = tableToText([{ 省份: "北京", D: 0.5 }, { 省份: "内蒙古", D: 0.25 }], { digits: 2 });
    const lines = text.split("\n");
    expect(lines[0]).toBe("省份       D");
    expect(lines[1]).toBe("北京    0.50");
    expect(lines[2]).toBe("内蒙古  0.25");
  });
  it("puts the caption first and marks a cut table", () => {
    const text = tableToText(Array.from({ length: 30 }, (_, i) => ({ i })), { caption: "cap", maxRows: 10, headTail: 2 });
    const lines = text.split("\n");
    expect(lines[0]).toBe("cap");
    expect(lines.some((l) => l.trim() === "…")).toBe(true);
    expect(lines[lines.length - 1]).toBe("[30 rows × 1 columns]");
  });
});

describe("integer and float columns", () => {
  it("prints a whole number in a column of decimals with the column's decimals", () => {
    const text = tableToText([{ year: 2012, u: 1 }, { year: 2013, u: 0.5 }], { digits: 3 });
    expect(text.split("\n")).toEqual(["year      u", "2012  1.000", "2013  0.500"]);
  });
});
