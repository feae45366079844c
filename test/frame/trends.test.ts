import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  bottomGroup,
  changeBetween,
  countTimes,
  extremesByTime,
  mergeSeries,
  periodMeans,
  ranking,
  rises,
  selectSeries,
  timeSeries,
  TrendError,
  valuesAt,
} from "../../src/frame/trends";
import { summarize } from "../../src/frame/summarize";
import { NBS_REGIONS } from "../../src/frame/panel";

// Shaped like paper 1's Table 4 (2012 as printed; 2013-2014 made up, with a tie east = west in 2014).
const T4 = [
  { year: 2012, east: 0.366, central: 0.352, west: 0.386, northeast: 0.34 },
  { year: 2013, east: 0.381, central: 0.362, west: 0.392, northeast: 0.348 },
  { year: 2014, east: 0.397, central: 0.375, west: 0.397, northeast: 0.356 },
];
const REG = ["east", "central", "west", "northeast"];

describe("timeSeries", () => {
  it("reads the wide layout", () => {
    const ts = timeSeries(T4, { time: "year", groups: REG });
    expect(ts.times).toEqual([2012, 2013, 2014]);
    expect(ts.groups).toEqual(REG);
    expect(ts.values.west).toEqual([0.386, 0.392, 0.397]);
    expect(ts.time).toBe("year");
  });

  it("reads the long layout in any row order, and the transposed layout (numeric text as numbers)", () => {
    const long = [
      { t: 2, g: "b", v: 5 },
      { t: 1, g: "a", v: 1 },
      { t: 2, g: "a", v: 2 },
      { t: 1, g: "b", v: "4" },
    ];
    const ts = timeSeries(long, { time: "t", group: "g", value: "v" });
    expect(ts.times).toEqual([1, 2]);
    expect(ts.groups).toEqual(["b", "a"]);
    expect(ts.values).toEqual({ b: [4, 5], a: [1, 2] });
    const tr = timeSeries([{ label: "G", "2012": 0.05, "2021": 0.043 }, { label: "x", "2012": 1, "2021": 2 }], { group: "label", times: ["2012", "2021"], only: ["G"] });
    expect(tr.times).toEqual([2012, 2021]);
    expect(tr.values).toEqual({ G: [0.05, 0.043] });
  });

  it("reads a summarize result with its keys and value (means computed by hand)", () => {
    // two groups of provinces: east 110000 (0.2, 0.4) and 120000 (0.4, 0.6); west 620000 (0.1, 0.3)
    const rows = [
      { adcode: "110000", year: 2012, D: 0.2 },
      { adcode: "120000", year: 2012, D: 0.4 },
      { adcode: "620000", year: 2012, D: 0.1 },
      { adcode: "110000", year: 2013, D: 0.4 },
      { adcode: "120000", year: 2013, D: 0.6 },
      { adcode: "620000", year: 2013, D: 0.3 },
    ];
    const s = summarize(rows, { unit: "adcode", time: "year", by: NBS_REGIONS, levels: false });
    const ts = timeSeries(s);
    expect(ts.time).toBe("year");
    expect(ts.groups).toEqual(["east", "west"]);
    expect(ts.values.east[0]).toBeCloseTo(0.3, 15);
    expect(ts.values.east[1]).toBeCloseTo(0.5, 15);
    expect(ts.values.west).toEqual([0.1, 0.3]);
    const all = timeSeries(summarize(rows, { unit: "adcode", time: "year" }), { rename: { all: "nation" } });
    expect(all.groups).toEqual(["nation"]);
    expect(all.values.nation[0]).toBeCloseTo(0.7 / 3, 15);
    expect(() => timeSeries(T4, { time: "year", groups: ["east", "west"], rename: { east: "west" } })).toThrow(/the same name/);
  });

  it("refuses gaps, duplicates, non-numbers and missing names, naming the place", () => {
    expect(() => timeSeries([{ year: 2012, a: 1 }, { year: 2013, a: null }], { time: "year", groups: ["a"] })).toThrow(/record 2 \(year 2013\), column "a" is null/);
    expect(() => timeSeries([{ y: 1, g: "a", v: 1 }, { y: 1, g: "a", v: 2 }], { time: "y", group: "g", value: "v" })).toThrow(/group "a" has two values at time 1/);
    expect(() => timeSeries([{ y: 1, g: "a", v: 1 }, { y: 2, g: "a", v: 2 }, { y: 1, g: "b", v: 2 }], { time: "y", group: "g", value: "v" })).toThrow(/group "b" has no value at time\(s\) 2/);
    expect(() => timeSeries([{ y: "x", a: 1 }], { time: "y", groups: ["a"] })).toThrow(/time column "y" is "x"/);
    expect(() => timeSeries([{ y: 1, a: 1 }], { groups: ["a"] })).toThrow(TrendError);
    expect(() => timeSeries([{ y: 1, a: 1 }], { time: "y" })).toThrow(/name the value column/);
    expect(() => timeSeries([{ y: 1, g: "a", v: 1 }], { time: "y", group: "g", value: "v", only: ["z"] })).toThrow(/"z" named in `only`/);
  });
});

describe("readings", () => {
  const ts = timeSeries(T4, { time: "year", groups: REG });

  it("valuesAt, periodMeans (by hand)", () => {
    expect(valuesAt(ts, 2013)).toEqual({ east: 0.381, central: 0.362, west: 0.392, northeast: 0.348 });
    const m = periodMeans(ts);
    expect(m.east).toBeCloseTo((0.366 + 0.381 + 0.397) / 3, 15);
    expect(m.northeast).toBeCloseTo((0.34 + 0.348 + 0.356) / 3, 15);
    expect(periodMeans(ts, { from: 2013 }).central).toBeCloseTo((0.362 + 0.375) / 2, 15);
    expect(() => valuesAt(ts, 2020)).toThrow(/time 2020 is not in the series \(times 2012–2014\)/);
  });

  it("ranking: the paper's 2012 order, ties in the groups' order, records and ascending order", () => {
    expect(ranking(ts, 2012)).toEqual(["west", "east", "central", "northeast"]);
    // 2014: east and west both 0.397: east comes first in the groups' order
    expect(ranking(ts, 2014)).toEqual(["east", "west", "central", "northeast"]);
    expect(ranking(ts, 2012, { order: "asc" })).toEqual(["northeast", "central", "east", "west"]);
    expect(ranking({ a: 1, b: 3, c: 2 })).toEqual(["b", "c", "a"]);
    expect(ranking(ts, 2012, { groups: ["east", "central"] })).toEqual(["east", "central"]);
    expect(() => ranking(ts)).toThrow(/give the time/);
  });

  it("top and bottom, per time", () => {
    expect(bottomGroup(ts, 2013)).toBe("northeast");
    expect(extremesByTime(ts)).toEqual([
      { time: 2012, top: "west", bottom: "northeast" },
      { time: 2013, top: "west", bottom: "northeast" },
      { time: 2014, top: "east", bottom: "northeast" },
    ]);
    expect(extremesByTime(ts, { groups: ["east", "central"] }).map((r) => r.top)).toEqual(["east", "east", "east"]);
  });

  it("countTimes with a predicate (east above the national mean: 2012 no, Table 3's 0.368)", () => {
    const nation = timeSeries([{ year: 2012, nation: 0.368 }, { year: 2013, nation: 0.376 }, { year: 2014, nation: 0.387 }], { time: "year", groups: ["nation"] });
    const both = mergeSeries(ts, nation);
    const c = countTimes(both, (v) => v.east > v.nation);
    expect(c).toEqual({ count: 2, total: 3, holds: false, times: [2013, 2014], failing: [2012], text: "2 of 3 years" });
    expect(countTimes(both, (v) => v.northeast < v.nation, { to: 2013 }).text).toBe("2 of 2 years");
    expect(countTimes(both, (_, t) => t > 2012, { unit: "steps" }).text).toBe("2 of 3 steps");
  });

  it("rises counts steps; level steps rise only when not strict", () => {
    expect(rises(ts, "east")).toMatchObject({ count: 2, total: 2, holds: true, times: [2013, 2014], text: "2 of 2 years" });
    const flat = timeSeries([{ t: 1, v: 1 }, { t: 2, v: 1 }, { t: 3, v: 0.5 }], { time: "t", groups: ["v"] });
    expect(rises(flat)).toMatchObject({ count: 0, total: 2, holds: false, failing: [2, 3], text: "0 of 2 times" });
    expect(rises(flat, "v", { strict: false }).count).toBe(1);
    expect(() => rises(ts)).toThrow(/name the group/);
    expect(() => rises(ts, "south")).toThrow(/no group "south"/);
  });

  it("changeBetween: the text's 14% drop of the overall Gini 0.050 -> 0.043", () => {
    const g = timeSeries([{ year: 2012, G: 0.05 }, { year: 2016, G: 0.047 }, { year: 2021, G: 0.043 }], { time: "year", groups: ["G"] });
    const c = changeBetween(g, "G", 2012, 2021);
    expect(c.difference).toBeCloseTo(-0.007, 15);
    expect(c.relative).toBeCloseTo(-0.14, 12);
    expect(c.rate).toBeCloseTo(-0.007 / 9, 15);
    expect(c).toMatchObject({ group: "G", from: 2012, to: 2021, start: 0.05, end: 0.043 });
    const z = timeSeries([{ t: 1, v: 0 }, { t: 2, v: 1 }], { time: "t", groups: ["v"] });
    expect(changeBetween(z, "v", 1, 2).relative).toBeNull();
    expect(() => changeBetween(g, "G", 2012, 2012)).toThrow(/same time/);
  });

  it("selectSeries and mergeSeries", () => {
    expect(selectSeries(ts, { from: 2013, groups: ["west"] })).toEqual({ kind: "timeSeries", time: "year", times: [2013, 2014], groups: ["west"], values: { west: [0.392, 0.397] } });
    expect(() => selectSeries(ts, { from: 2020 })).toThrow(/no time between 2020 and the end/);
    expect(() => mergeSeries(ts, selectSeries(ts, { to: 2013, groups: ["east"] }))).toThrow(/series 2 has times 2012, 2013/);
    expect(() => mergeSeries(ts, selectSeries(ts, { groups: ["east"] }))).toThrow(/group "east" is in more than one series/);
  });
});

describe("properties", () => {
  const seriesArb = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 12 });

  it("rises holds exactly when the series is strictly increasing (brute force)", () => {
    fc.assert(
      fc.property(seriesArb, (xs) => {
        const ts = timeSeries(xs.map((v, i) => ({ t: 2000 + i, v })), { time: "t", groups: ["v"] });
        let inc = true;
        for (let i = 1; i < xs.length; i++) if (!(xs[i] > xs[i - 1])) inc = false;
        const r = rises(ts);
        return r.holds === inc && r.count + r.failing.length === xs.length - 1;
      }),
    );
  });

  it("ranking is a permutation, non-increasing in value, whose first is topGroup-consistent", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 8 }), (vs) => {
        const rec = Object.fromEntries(vs.map((v, i) => [`g${i}`, v]));
        const r = ranking(rec);
        const sorted = [...r].sort();
        const keys = Object.keys(rec).sort();
        return sorted.join() === keys.join() && r.every((g, i) => i === 0 || rec[r[i - 1]] >= rec[g]);
      }),
    );
  });
});
