import { describe, expect, it } from "vitest";
import { dagum } from "../../src/core/dagum";
import { localMoran } from "../../src/core/lisa";
import { moran } from "../../src/core/moran";
import { provinceWeights } from "../../src/data/adjacency";
import { PROVINCES } from "../../src/data/registry";
import { compare } from "../../src/frame/compare";
import { dagumByYear } from "../../src/frame/dagum";
import { NBS_REGIONS } from "../../src/frame/panel";
import { obstacles } from "../../src/frame/obstacles";
import { provenance } from "../../src/frame/provenance";
import { lisa, moranByYear } from "../../src/frame/spatial";
import { summarize } from "../../src/frame/summarize";
import { rows } from "../../src/frame/table";

// one province from each region: 北京 east, 山西 central, 内蒙古 west, 辽宁 northeast
const four = [
  { adcode: "110000", year: 2018, D: 0.5 },
  { adcode: "140000", year: 2018, D: 0.3 },
  { adcode: "150000", year: 2018, D: 0.4 },
  { adcode: "210000", year: 2018, D: 0.2 },
  { adcode: "110000", year: 2019, D: 0.6 },
  { adcode: "140000", year: 2019, D: 0.4 },
  { adcode: "150000", year: 2019, D: 0.45 },
  { adcode: "210000", year: 2019, D: 0.35 },
];

describe("summarize", () => {
  it("national means by year, a period-mean row and levels", () => {
    const s = summarize(four, { by: "nation" });
    const t = s.tableRows;
    expect(t.map((r) => r.year)).toEqual([2018, 2019, "均值 mean"]);
    expect(t[0].D).toBeCloseTo(0.35, 15);
    expect(t[1].D).toBeCloseTo(0.45, 15);
    expect(t[2].D).toBeCloseTo(0.4, 15);
    expect(t.map((r) => r.level_zh)).toEqual(["轻度失调", "濒临失调", "濒临失调"]);
    // the records: one per time, group "all", with the level as a number beside its names
    expect(s.rows.map((r) => [r.year, r.group, r.n, r.level, r.level_zh])).toEqual([
      [2018, "all", 4, 4, "轻度失调"],
      [2019, "all", 4, 5, "濒临失调"],
    ]);
    expect(s.means.all).toBeCloseTo(0.4, 15);
  });
  it("one column per region in the order east, central, west, northeast", () => {
    const s = summarize(four, { by: NBS_REGIONS, levels: false });
    const t = s.tableRows;
    expect(s.columns).toEqual(["year", "east", "central", "west", "northeast"]);
    expect(t[1]).toEqual({ year: 2019, east: 0.6, central: 0.4, west: 0.45, northeast: 0.35 });
    expect(t[2].east).toBeCloseTo(0.55, 15);
    expect(s.groups.map((g) => `${g.zh} ${g.en}`)).toEqual(["东部 East", "中部 Central", "西部 West", "东北 Northeast"]);
    expect(s.rows.filter((r) => r.year === 2019).map((r) => [r.group, r.D])).toEqual([["east", 0.6], ["central", 0.4], ["west", 0.45], ["northeast", 0.35]]);
  });
  it("says which unit is not a province when grouping by region", () => {
    expect(() => summarize([{ adcode: "999999", year: 2019, D: 0.5 }], { by: NBS_REGIONS })).toThrow(/unit "999999" is not one of the 31 provinces/);
    // "region" is a column name like any other: no silent switch to the statistics bureau's regions
    expect(() => summarize(four, { by: "region" })).toThrow(/lacks 1 required column: region/);
  });
});

describe("obstacles", () => {
  // one system, two criteria; x' and weights chosen so the percentages are easy by hand
  const normalized = [
    { adcode: "110000", year: 2018, p: 0, q: 1, r: 0.5 },
    { adcode: "120000", year: 2018, p: 1, q: 0, r: 1 },
    { adcode: "110000", year: 2019, p: 0.5, q: 0.5, r: 0.5 },
    { adcode: "120000", year: 2019, p: 0, q: 0, r: 0 },
  ];
  const weights = [
    { system: "s", criterion: "A", indicator: "p", name: "P", weight: 0.5 },
    { system: "s", criterion: "A", indicator: "q", name: "Q", weight: 0.25 },
    { system: "s", criterion: "B", indicator: "r", name: "R", weight: 0.25 },
  ];
  // 2018: row1 w(1-x') = .5, 0, .125 -> 80%, 0, 20%; row2: 0, .25, 0 -> 0, 100%, 0. means p 40, q 50, r 10
  // 2019: row1 .25, .125, .125 -> 50, 25, 25; row2 .5, .25, .25 -> 50, 25, 25. means p 50, q 25, r 25
  it("indicator obstacles by year (fractions; percent in the display table), the period mean of the yearly means, ranked", () => {
    const o = obstacles(normalized, weights, { by: "indicator" });
    expect(o.rows[0]["2018"]).toBeCloseTo(0.4, 14);
    expect(o.valueColumns).toEqual(["2018", "2019", "mean"]);
    const t = o.tableRows;
    expect(t.map((r) => r.indicator)).toEqual(["p", "q", "r"]);
    expect(t[0]).toMatchObject({ rank: 1, system: "s", indicator: "p", name: "P" });
    expect(t[0]["2018"]).toBeCloseTo(40, 12);
    expect(t[0]["2019"]).toBeCloseTo(50, 12);
    expect(t[0].mean).toBeCloseTo(45, 12);
    expect(t[1].mean).toBeCloseTo(37.5, 12);
    expect(t[2].mean).toBeCloseTo(17.5, 12);
  });
  it("criterion obstacles are the sums of their indicators; top-k keeps the first k", () => {
    const t = obstacles(normalized, weights, { by: "criterion" }).tableRows;
    expect(t.map((r) => r.criterion)).toEqual(["A", "B"]);
    expect(t[0]["2018"]).toBeCloseTo(90, 12);
    expect(t[1]["2019"]).toBeCloseTo(25, 12);
    expect(rows(obstacles(normalized, weights, { top: 1 }))).toHaveLength(1);
  });
  it("rejects a year that is not in the panel", () => {
    expect(() => obstacles(normalized, weights, { years: [2030] })).toThrow(/year 2030 is not in the panel/);
  });
});

describe("dagumByYear", () => {
  // two provinces per region; east above central in 2018, below it in 2019
  const byRegion: Record<string, string[]> = { east: ["110000", "120000"], central: ["140000", "340000"], west: ["150000", "450000"], northeast: ["210000", "220000"] };
  const values: Record<number, Record<string, number[]>> = {
    2018: { east: [0.6, 0.5], central: [0.3, 0.35], west: [0.4, 0.2], northeast: [0.25, 0.3] },
    2019: { east: [0.3, 0.35], central: [0.6, 0.55], west: [0.4, 0.2], northeast: [0.25, 0.3] },
  };
  const data = Object.entries(values).flatMap(([y, g]) => Object.entries(g).flatMap(([reg, vs]) => vs.map((D, i) => ({ adcode: byRegion[reg][i], year: Number(y), D }))));
  const brute = (a: number[], b: number[]) => {
    let s = 0;
    for (const x of a) for (const y of b) s += Math.abs(x - y);
    const ma = a.reduce((p, q) => p + q) / a.length;
    const mb = b.reduce((p, q) => p + q) / b.length;
    return s / (a.length * b.length * (ma + mb));
  };
  it("keeps the fixed pair order 东—中 … 西—东北 when two regions' means swap between years", () => {
    const t = dagumByYear(data, { group: NBS_REGIONS }).tableRows;
    expect(t.map((r) => r.item)).toEqual(["G", "东部", "中部", "西部", "东北", "东—中", "东—西", "东—东北", "中—西", "中—东北", "西—东北", "区域内 within", "区域间 between", "超变密度 transvariation"]);
    for (const y of [2018, 2019]) {
      const v = values[y];
      expect(t[5][String(y)]).toBeCloseTo(brute(v.east, v.central), 14);
      expect(t[7][String(y)]).toBeCloseTo(brute(v.east, v.northeast), 14);
      expect(t[9][String(y)]).toBeCloseTo(brute(v.central, v.northeast), 14);
    }
    // the core orders the pair by mean, so the orientation does change between the years
    const pairOf = (y: number) => {
      const d = data.filter((r) => r.year === y);
      const core = dagum(d.map((r) => r.D), d.map((r) => Object.keys(byRegion).find((g) => byRegion[g].includes(r.adcode))!));
      return core.pairs.find((p) => [p.high, p.low].sort().join() === "central,east")!;
    };
    expect(pairOf(2018).high).toBe("east");
    expect(pairOf(2019).high).toBe("central");
    // and the records keep the fixed key "east|central" in both years
    const recs = dagumByYear(data, { group: NBS_REGIONS }).rows;
    for (const r of recs) {
      expect(Object.keys(r.Gjh as object)).toContain("east|central");
      expect(Object.keys(r.Gjh as object)).not.toContain("central|east");
    }
  });
  it("gives the core's G and shares as fractions summing to 1 (percent in the display table)", () => {
    const res = dagumByYear(data, { group: NBS_REGIONS });
    const y = res.rows[0];
    const core = dagum(data.filter((r) => r.year === 2018).map((r) => r.D), ["east", "east", "central", "central", "west", "west", "northeast", "northeast"]);
    expect(y.G).toBe(core.G);
    expect(y.share_within).toBe(core.shares.within);
    expect((y.share_within as number) + (y.share_between as number) + (y.share_transvariation as number)).toBeCloseTo(1, 12);
    expect(res.tableRows.at(-3)!["2018"]).toBeCloseTo(core.shares.within * 100, 12);
    expect(res.columns).toEqual(["part", "item", "2018", "2019"]);
  });
  it("needs a group, and every group in every year", () => {
    expect(() => dagumByYear(data)).toThrow(/dagumByYear: no group/);
    const gap = data.filter((r) => !(r.year === 2019 && byRegion.northeast.includes(r.adcode)));
    expect(() => dagumByYear(gap, { group: NBS_REGIONS })).toThrow(/2019: no unit of group northeast/);
  });
});

describe("moranByYear and lisa", () => {
  const w = provinceWeights();
  const ids = [...w.ids];
  const vals = (t: number) => ids.map((id, i) => Math.sin(i * 1.3 + t) + Number(id.slice(0, 2)) / 20);
  const data = [2018, 2019].flatMap((t) => ids.map((id, i) => ({ adcode: id, province: PROVINCES.find((p) => p.adcode === id)!.shortName, year: t, D: vals(t)[i] })));

  it("gives the core's Moran's I per year, matching rows to the weights by id", () => {
    const shuffled = [...data].reverse();
    const m = moranByYear(shuffled, w, { permutations: 99, seed: 7 });
    const t = m.rows;
    const core = moran(vals(2019), w, { permutations: 99, seed: 7 });
    expect(t[1]).toMatchObject({ year: 2019, I: core.I, EI: core.EI, z_norm: core.z_norm, p_rand: core.p_rand, p_sim: core.p_sim, seed: 7, permutations: 99 });
    expect(m.weights).toMatch(/Hainan linked to Guangdong/);
  });
  it("names the provinces the data and the weights do not share", () => {
    const lacking = data.filter((r) => r.adcode !== "460000");
    expect(() => moranByYear(lacking, w)).toThrow(/460000 海南: in the weights, no row in 2018/);
    const extra = [...data, { adcode: "810000", province: "香港", year: 2018, D: 1 }];
    expect(() => moranByYear(extra, w)).toThrow(/810000.*in the data, not in the weights/);
  });
  it("lisa gives the core's local statistics and lists each cluster's members", () => {
    const l = lisa(data, w, { year: 2019, permutations: 99, seed: 3 });
    const core = localMoran(vals(2019), w, { permutations: 99, seed: 3 });
    expect(l.rows.map((r) => r.Is)).toEqual(core.Is);
    expect(l.rows.map((r) => r.cluster)).toEqual(core.cluster);
    expect(l.rows.map((r) => r.quadrant)).toEqual(core.quadrant);
    expect(l.I).toBeCloseTo(moran(vals(2019), w, { permutations: 0 }).I, 15);

    const hh = ids.filter((_, i) => core.cluster[i] === "HH").map((id) => PROVINCES.find((p) => p.adcode === id)!.shortName);
    expect(l.clusters.HH).toEqual(hh);
    expect(l.membership.tableRows[0]).toEqual({ cluster: "高-高 HH", count: hh.length, units: hh.join(" ") });
    expect(l.settings).toMatchObject({ year: 2019, alpha: 0.05, correction: "none", permutations: 99, seed: 3 });
  });
});

describe("compare", () => {
  it("puts computed, published and their difference side by side, keeping unmatched rows", () => {
    const t = rows(compare([{ year: 2012, D: 0.3686 }, { year: 2013, D: 0.4 }], [{ year: 2012, D: 0.368 }, { year: 2014, D: 0.5 }], { on: "year", digits: 3 }));
    expect(t).toEqual([
      { year: 2012, "D 计算 computed": 0.369, "D 论文 paper": 0.368, "D 差 diff": 0.001 },
      { year: 2013, "D 计算 computed": 0.4, "D 论文 paper": null, "D 差 diff": null },
      { year: 2014, "D 计算 computed": null, "D 论文 paper": 0.5, "D 差 diff": null },
    ]);
  });
  it("names a key that is missing", () => {
    expect(() => compare([{ a: 1 }], [{ b: 1 }], { on: "a" })).toThrow(/key column "a" is not in the published table/);
  });
});

describe("provenance", () => {
  it("lists the library, the data files with checksums and the conventions", () => {
    const t = rows(provenance({ files: [__filename], conventions: { panel: "pooled", seed: 1 } }));
    expect(t[0]).toEqual({ item: "library 库", value: expect.stringMatching(/^coupling-coordination \d+\.\d+\.\d+$/) });
    expect(t.find((r) => String(r.item).startsWith("data"))!.value).toMatch(/^sha256 [0-9a-f]{16}…, \d+ bytes$/);
    expect(t.slice(-2)).toEqual([
      { item: "convention 约定: panel", value: "pooled" },
      { item: "convention 约定: seed", value: "1" },
    ]);
  });
});
