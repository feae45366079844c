// bandCounts, levelChanges and panelInfo. Expected values are counted by hand on small panels,
// by brute force (a filter per band) in the property, and, for paper 2, are the numbers notebook
// 02 printed before these functions existed (its own loops).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPanel } from "../../src/data/panel";
import { dataPath } from "../../src/data/paths";
import { publishedRecords } from "../../src/data/published";
import { readSpec } from "../../src/data/spec";
import { bandCounts, levelChanges, panelInfo } from "../../src/frame/bands";
import { coupling } from "../../src/frame/coupling";
import { entropy } from "../../src/frame/entropy";

const toy = [
  { id: "a", t: 2019, D: 0 },
  { id: "b", t: 2019, D: 0.29 },
  { id: "c", t: 2019, D: 0.3 },
  { id: "d", t: 2019, D: 0.59 },
  { id: "e", t: 2019, D: 1 },
  { id: "a", t: 2020, D: 0.1 },
  { id: "b", t: 2020, D: 0.6 },
  { id: "c", t: 2020, D: 0.35 },
  { id: "d", t: 2020, D: 0.61 },
  { id: "e", t: 2020, D: 0.2 },
];
const keys = { unit: "id", time: "t" };

describe("bandCounts", () => {
  it("counts [a, b) bands with the last closed, beside printed counts; an unprinted band is 0 when the printed ones hold every unit", () => {
    // 2019: 0 and 0.29 in [0, 0.3); 0.3 and 0.59 in [0.3, 0.6); 1 in [0.6, 1]
    // 2020: 0.1, 0.2 | 0.35 | 0.6, 0.61
    const published = [
      { t: 2019, lower: 0, provinces: 2 },
      { t: 2019, lower: 0.3, provinces: 3 },
    ];
    const b = bandCounts(toy, { ...keys, published, panelName: "toy" });
    expect(b.bands).toEqual(["[0, 0.3)", "[0.3, 0.6)", "[0.6, 1]"]);
    expect(b.counts).toEqual({ 2019: [2, 2, 1], 2020: [2, 1, 2] });
    const r2019 = b.rows.filter((r) => r.t === 2019);
    expect(r2019.map((r) => r.published)).toEqual([2, 3, 0]);
    expect(r2019.map((r) => r.printed)).toEqual([true, true, false]);
    expect(r2019.map((r) => r.agrees)).toEqual([true, false, false]);
    expect(b.rows.filter((r) => r.t === 2020).map((r) => r.published)).toEqual([null, null, null]);
    expect(b.tableRows[0]).toEqual({
      t: 2019, "面板 panel": "toy", "[0, 0.3) 计算": 2, "[0, 0.3) 论文": 2, "[0.3, 0.6) 计算": 2, "[0.3, 0.6) 论文": 3, "[0.6, 1] 计算": 1, "[0.6, 1] 论文": 0,
    });
    expect(b.readings).toEqual([
      "2019, toy: [0, 0.3): 2 vs 2 一致 agrees; [0.3, 0.6): 2 vs 3 不一致 disagrees; 1 个 ≥ 0.6（论文：无 / paper: none）",
      "2020, toy: [0, 0.3): 2; [0.3, 0.6): 1; 2 个 ≥ 0.6",
    ]);
  });

  it("printed counts that do not hold every unit leave the other bands unknown; no published: every band read", () => {
    const b = bandCounts(toy, { ...keys, times: ["2019"], published: [{ t: 2019, lower: 0, provinces: 2 }] });
    expect(b.rows.map((r) => r.published)).toEqual([2, null, null]);
    const plain = bandCounts(toy, { ...keys, times: [2020], breaks: [0, 0.5, 1] });
    expect(plain.counts).toEqual({ 2020: [3, 2] });
    expect(plain.readings).toEqual(["2020: [0, 0.5): 3; [0.5, 1]: 2"]);
    expect(Object.keys(plain.tableRows[0])).toEqual(["t", "[0, 0.5) 计算", "[0.5, 1] 计算"]);
  });

  it("errors name the unit, time, record or edge", () => {
    const out = [...toy, { id: "f", t: 2019, D: 1.2 }];
    expect(() => bandCounts(out, keys)).toThrow("bandCounts: f, 2019: D = 1.2 lies outside the bands [0, 1]");
    expect(() => bandCounts(toy, { ...keys, breaks: [0, 0.6, 0.3, 1] })).toThrow("breaks[3] = 0.3 follows 0.6");
    expect(() => bandCounts(toy, { ...keys, breaks: [0] })).toThrow("at least two finite numbers");
    expect(() => bandCounts(toy, { ...keys, published: [{ t: 2019, lower: 0.25, provinces: 1 }] })).toThrow(
      "published record 1 (2019) has lower = 0.25, not the lower edge of a band",
    );
    expect(() => bandCounts(toy, { ...keys, published: [{ t: 2019, lower: 0, provinces: 1.5 }] })).toThrow("provinces = 1.5 is not a count");
    expect(() => bandCounts(toy, { ...keys, published: [{ t: 2019, lower: 0, provinces: 1 }, { t: 2019, lower: 0, provinces: 1 }] })).toThrow(
      "give [0, 0.3) at 2019 twice",
    );
  });

  it("property: the counts are the brute-force counts per band and add up to the units", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { maxLength: 5 }),
        (values, inner) => {
          const breaks = [0, ...[...inner].sort((x, y) => x - y), 1];
          const rows = values.map((D, i) => ({ id: `u${i}`, t: 1, D }));
          const got = bandCounts(rows, { ...keys, breaks }).counts[1];
          const K = breaks.length - 1;
          const brute = breaks.slice(0, K).map((lo, k) => values.filter((v) => v >= lo && (k === K - 1 ? v <= breaks[k + 1] : v < breaks[k + 1])).length);
          expect(got).toEqual(brute);
          expect(got.reduce((a, b) => a + b, 0)).toBe(values.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("paper 2: the counts notebook 02 printed, against the paper's Table 3", () => {
    const e = entropy(loadPanel("zhou-xu-li"), readSpec(dataPath("specs", "zhou-xu-li.csv")));
    const cd = coupling(e.scores, { systems: e.systems.map((s) => s.id) });
    const b = bandCounts(cd, { times: [2011, 2019], published: publishedRecords("zhou-xu-li.table3") });
    expect(b.counts).toEqual({ 2011: [14, 17, 0], 2019: [4, 17, 10] });
    expect(b.rows.filter((r) => r.year === 2019).map((r) => r.published)).toEqual([17, 14, 0]);
    expect(b.rows.filter((r) => r.year === 2011).map((r) => r.published)).toEqual([null, null, null]);
    expect(b.readings[0]).toBe("2011: [0, 0.3): 14; [0.3, 0.6): 17");
    const eE = entropy(loadPanel("zhou-xu-li-employee"), readSpec(dataPath("specs", "zhou-xu-li-employee.csv")));
    const cdE = coupling(eE.scores, { systems: eE.systems.map((s) => s.id) });
    expect(bandCounts(cdE, { times: [2010, 2019] }).counts).toEqual({ 2010: [13, 18, 0], 2019: [4, 18, 9] });
  });
});

describe("levelChanges", () => {
  const rows = [
    { id: "a", name: "甲", t: 1, D: 0.15, level: 2, level_zh: "严重失调" },
    { id: "b", name: "乙", t: 1, D: 0.45, level: 5, level_zh: "濒临失调" },
    { id: "c", name: "丙", t: 1, D: 0.52, level: 6, level_zh: "勉强协调" },
    { id: "a", name: "甲", t: 2, D: 0.35, level: 4, level_zh: "轻度失调" },
    { id: "b", name: "乙", t: 2, D: 0.41, level: 5, level_zh: "濒临失调" },
    { id: "c", name: "丙", t: 2, D: 0.48, level: 5, level_zh: "濒临失调" },
    { id: "d", name: "丁", t: 2, D: 0.9, level: 10, level_zh: "优质协调" },
  ];
  const opts = { unit: "id", time: "t", label: "name", from: 1, to: 2, panelName: "toy" };

  it("the changed units in Table 4's layout, every unit in rows, the tally by hand", () => {
    const ch = levelChanges(rows, opts);
    // a: 2 -> 4 (up 2, D rose); b: 5 -> 5 (D fell); c: 6 -> 5 (down 1, D fell); d has no row at time 1
    expect(ch.rows.map((r) => [r.id, r.change])).toEqual([["a", 2], ["b", 0], ["c", -1]]);
    expect(ch.tableRows).toEqual([
      { name: "甲", "D 1": 0.15, "等级 1": "严重失调", "D 2": 0.35, "等级 2": "轻度失调", 变化: "↑2" },
      { name: "丙", "D 1": 0.52, "等级 1": "勉强协调", "D 2": 0.48, "等级 2": "濒临失调", 变化: "↓1" },
    ]);
    expect(ch.tally).toEqual({ changed: 2, down: 1, up: 1, fell: 2, rose: 1, total: 3 });
    expect(ch.tallyRow).toEqual({
      "面板 panel": "toy", 年份: "1→2", "等级改变 level changed": 2, "等级下降 level down": 1, "等级上升 level up": 1, "D 下降 D fell": 2, "D 上升 D rose": 1,
    });
    expect(ch.of("c").to_level_zh).toBe("濒临失调");
    expect(() => ch.of("d")).toThrow('levelChanges: no unit "d" with a row in both 1 and 2');
  });

  it("refuses rows without levels and equal times", () => {
    expect(() => levelChanges(rows.map(({ level: _l, ...r }) => r), opts)).toThrow('levelChanges: the rows have no column "level"');
    expect(() => levelChanges(rows, { ...opts, to: 1 })).toThrow("from and to are the same time (1)");
    expect(() => levelChanges(rows, { ...opts, to: 3 })).toThrow("to 3 is not in the rows");
  });

  it("paper 2: every province rose a level from 2011 to 2019 (as notebook 02 counted), Guangdong by four", () => {
    const e = entropy(loadPanel("zhou-xu-li"), readSpec(dataPath("specs", "zhou-xu-li.csv")));
    const ch = levelChanges(coupling(e.scores, { systems: e.systems.map((s) => s.id) }), { from: 2011, to: 2019 });
    expect(ch.tally).toEqual({ changed: 31, down: 0, up: 31, fell: 0, rose: 31, total: 31 });
    expect([ch.of("440000").from_level, ch.of("440000").to_level]).toEqual([6, 10]);
    expect(ch.of(220000).to_level_zh).toBe("轻度失调");
  });
});

describe("panelInfo", () => {
  it("units, times, rows and columns of a panel; the file's name without folders", () => {
    const p = [
      { adcode: "110000", province: "北京", year: 2012, x: 1 },
      { adcode: "120000", province: "天津", year: 2012, x: 2 },
      { adcode: "110000", province: "北京", year: 2011, x: 3, note: "" },
    ];
    const info = panelInfo(p, { file: "/data/panels/p.csv" });
    expect([info.units, info.times, info.first, info.last, info.n]).toEqual([["110000", "120000"], [2011, 2012], 2011, 2012, 3]);
    expect(info.panelColumns).toEqual(["adcode", "province", "year", "x", "note"]);
    expect(info.tableRows).toEqual([{ "文件 file": "p.csv", "单位 units": 2, "时间 times": 2, "行 rows": 3, "列 columns": "adcode province year x note" }]);
    expect(() => panelInfo([{ id: 1, t: 2 }])).toThrow("panelInfo: the panel lacks 2 key columns: adcode, year");
    expect(() => panelInfo([...p, { adcode: "130000", year: "2012a" }])).toThrow('row 4 (counted from 1, unit 130000) has no time in "year" (got the string "2012a")');
  });
});
