// Frame calls on units that are not provinces: six (synthetic) cities with their own codes, a
// label column other than "province", Chinese column names, a group column literally called
// "region", keys named once with panel() and carried by every later call.
import { describe, expect, it } from "vitest";
import { couplingCoordination } from "../../src/core/coupling";
import { dagum } from "../../src/core/dagum";
import { localMoran } from "../../src/core/lisa";
import { moran } from "../../src/core/moran";
import { weightsFromNeighbors } from "../../src/core/weights";
import { coupling } from "../../src/frame/coupling";
import { dagumByYear } from "../../src/frame/dagum";
import { NBS_REGIONS, panel } from "../../src/frame/panel";
import { lisa, moranByYear } from "../../src/frame/spatial";
import { summarize } from "../../src/frame/summarize";
import { isTableResult } from "../../src/frame/results";
import { rows } from "../../src/frame/table";
import { entropy } from "../../src/frame/entropy";
import { readPanel } from "../../src/data/loaders";
import { join } from "path";

// six cities on a path A-B-C-D-E-F; scores of two systems named in Chinese; two groups
const cities = [
  { code: "320100", name: "南京", group: "苏南" },
  { code: "320200", name: "无锡", group: "苏南" },
  { code: "320500", name: "苏州", group: "苏南" },
  { code: "320300", name: "徐州", group: "苏北" },
  { code: "320700", name: "连云港", group: "苏北" },
  { code: "320800", name: "淮安", group: "苏北" },
];
const score = (i: number, t: number, k: number) => 0.15 + 0.1 * ((i * 7 + k * 3 + t) % 6) + 0.02 * t;
const table = [1, 2].flatMap((t) =>
  cities.map((c, i) => ({ 城市代码: Number(c.code), 城市: c.name, 年份: String(2018 + t), region: c.group, 经济: score(i, t, 1), 医疗: score(i, t, 2) })),
);
const keys = { unit: "城市代码", label: "城市", time: "年份", group: "region" };
const w = weightsFromNeighbors(cities.map((c) => c.code), [[1], [0, 2], [1, 3], [2, 4], [3, 5], [4]]);

describe("any units: panel() names the keys once", () => {
  const p = panel(table, keys);

  it("a panel is a result carrying its keys and candidate indicators", () => {
    expect(isTableResult(p)).toBe(true);
    expect(p.keys).toEqual(keys);
    expect(p.indicators).toEqual(["经济", "医疗"]);
  });

  it("coupling on Chinese score columns keeps unit, label, group and time as named", () => {
    const cd = coupling(p, { systems: ["经济", "医疗"] });
    expect(cd.keys).toEqual(keys);
    expect(Object.keys(cd.rows[0]).slice(0, 6)).toEqual(["城市代码", "城市", "region", "年份", "经济", "医疗"]);
    expect(cd.rows[0]).toMatchObject({ 城市代码: "320100", 城市: "南京", region: "苏南", 年份: 2019 });
    const core = couplingCoordination([table.map((r) => r.经济), table.map((r) => r.医疗)]);
    expect(cd.rows.map((r) => r.D)).toEqual(Array.from(core.D));
    // the level is a number 1-10 beside its names, decided once here
    for (const r of cd.rows) {
      expect(Number.isInteger(r.level)).toBe(true);
      expect(typeof r.level_zh).toBe("string");
    }
  });

  it("a group column named region is a column: the statistics bureau's regions are not assumed", () => {
    const cd = coupling(p, { systems: ["经济", "医疗"] });
    const s = summarize(cd, { by: "region" });
    expect(s.groups.map((g) => g.id)).toEqual(["苏南", "苏北"]);
    const mean = (g: string, t: number) => {
      const v = cd.rows.filter((r) => r.region === g && r.年份 === t).map((r) => r.D as number);
      return v.reduce((a, b) => a + b) / v.length;
    };
    expect(s.rows.find((r) => r.group === "苏北" && r.年份 === 2020)!.D).toBeCloseTo(mean("苏北", 2020), 15);
    expect(s.columns).toEqual(["年份", "苏南", "苏北", "苏南_level_zh", "苏北_level_zh"]);
    // the NBS preset on city codes says why it does not apply
    expect(() => summarize(cd, { by: NBS_REGIONS })).toThrow(/NBS_REGIONS: unit "320100" is not one of the 31 provinces/);
  });

  it("Dagum by the carried group equals the core on each year", () => {
    const cd = coupling(p, { systems: ["经济", "医疗"] });
    const d = dagumByYear(cd);
    const y = cd.rows.filter((r) => r.年份 === 2019);
    const core = dagum(y.map((r) => r.D as number), y.map((r) => String(r.region)));
    expect(d.rows[0].G).toBe(core.G);
    expect(d.tableRows.map((r) => r.item)).toEqual(["G", "苏南", "苏北", "苏南—苏北", "区域内 within", "区域间 between", "超变密度 transvariation"]);
  });

  it("Moran and LISA match the weights by the user's unit ids and list members by label", () => {
    const cd = coupling(p, { systems: ["经济", "医疗"] });
    const D = (t: number) => cities.map((c) => cd.rows.find((r) => r.城市代码 === c.code && r.年份 === t)!.D as number);
    const m = moranByYear(cd, w, { permutations: 99, seed: 5 });
    expect(m.rows.map((r) => r.年份)).toEqual([2019, 2020]);
    expect(m.rows[1].I).toBe(moran(D(2020), w, { permutations: 99, seed: 5 }).I);
    const l = lisa(cd, w, { permutations: 99, seed: 5 });
    const core = localMoran(D(2020), w, { permutations: 99, seed: 5 });
    expect(l.rows.map((r) => r.quadrant)).toEqual(core.quadrant);
    expect(l.rows.map((r) => r.城市)).toEqual(cities.map((c) => c.name));
    const all = Object.values(l.clusters).flat().sort();
    expect(all).toEqual(cities.map((c) => c.name).sort());
    expect(l.membership.columns).toEqual(["cluster", "count", "units"]);
  });

  it("keys given to a call override the carried ones; errors name the missing key column", () => {
    expect(() => coupling(p, { systems: ["经济", "医疗"], unit: "city" })).toThrow(/lacks 1 required column: city/);
    expect(() => panel(table, { unit: "code" })).toThrow(/panel: no column "code"/);
    expect(() => coupling(p, { systems: ["经济", "城市"] })).toThrow(/"城市" is a key column of the panel, not an indicator/);
  });

  it("a result's table is built on first access, and rows() copies its records", () => {
    const cd = coupling(p, { systems: ["经济", "医疗"] });
    expect(Object.keys(cd)).not.toContain("table");
    expect(cd.table.shape).toEqual([12, cd.columns.length]);
    const copy = rows(cd);
    copy[0].D = -1;
    expect(cd.rows[0].D).not.toBe(-1);
  });
});

describe("any units from a file: readPanel -> panel -> entropy -> coupling -> summarize / dagum", () => {
  const dir = join(__dirname, "..", "fixtures");
  it("21 synthetic cities with Chinese indicator ids and a minimal spec, keys detected once and carried", async () => {
    const read = await readPanel(join(dir, "jiangsu-21-cities.csv"));
    // the fixture has two missing cells (连云港 2020 unemployment, 样本市丙 2021 "—"): fill them by hand
    expect(read.rows.filter((r) => r.城镇登记失业率 === null || r.每千人医生数 === null)).toHaveLength(2);
    const filled = read.rows.map((r) => ({ ...r, 城镇登记失业率: r.城镇登记失业率 ?? 2.5, 每千人医生数: r.每千人医生数 ?? 3 }));
    const p = panel({ rows: filled, keys: read.keys });
    expect(p.keys).toMatchObject({ unit: "城市代码", label: "城市", time: "年份", group: "区域" });
    const e = entropy(p, join(dir, "jiangsu-21-cities.spec.csv"));
    expect(e.scores.keys).toMatchObject(p.keys);
    // weights sum to 1 within each system, indicator ids are the Chinese column names
    for (const s of e.systems) {
      const w = e.weights.rows.filter((r) => r.system === s.id).reduce((a, r) => a + (r.weight as number), 0);
      expect(w).toBeCloseTo(1, 12);
    }
    expect(e.weights.rows.map((r) => r.indicator)).toContain("地区生产总值");
    const cd = coupling(e.scores);
    expect(cd.rows).toHaveLength(63);
    expect(cd.rows[0]).toMatchObject({ 城市代码: "320100", 城市: "南京市", 区域: "苏南", 年份: 2019 });
    const s = summarize(cd, { by: "区域" });
    expect(s.groups.map((g) => g.id)).toEqual(["苏南", "苏北", "苏中"]); // first appearance in the file
    const d = dagumByYear(cd);
    const y = cd.rows.filter((r) => r.年份 === 2021);
    expect(d.rows[2].G).toBeCloseTo(dagum(y.map((r) => r.D as number), y.map((r) => String(r.区域))).G, 15);
  });
});

describe("a preset's column named again keeps the preset's names", () => {
  it("summarize(cd, { by: \"region\" }) on a panel grouped by NBS_REGIONS labels 东部 East", () => {
    const rowsP = [
      { adcode: "110000", year: 2019, a: 0.5, b: 0.6 },
      { adcode: "140000", year: 2019, a: 0.3, b: 0.4 },
    ];
    const cd = coupling(panel(rowsP, { group: NBS_REGIONS }), { systems: ["a", "b"] });
    expect(cd.keys).toMatchObject({ group: "region", groupPreset: "NBS_REGIONS" });
    const s = summarize(cd, { by: "region" });
    expect(s.groups.map((g) => `${g.zh} ${g.en}`)).toEqual(["东部 East", "中部 Central"]);
  });
});

describe("the tie rule and spdep's scaling reach the core", () => {
  it("lisa and moranByYear pass ties and mlvar through", () => {
    const p = panel(table, keys);
    const cd = coupling(p, { systems: ["经济", "医疗"] });
    const D = cities.map((c) => cd.rows.find((r) => r.城市代码 === c.code && r.年份 === 2020)!.D as number);
    for (const ties of ["both", "mid", "esda"] as const) {
      const l = lisa(cd, w, { permutations: 99, seed: 5, ties, mlvar: true });
      const core = localMoran(D, w, { permutations: 99, seed: 5, ties, mlvar: true });
      expect(l.rows.map((r) => r.p_sim)).toEqual(core.p_sim);
      expect(l.rows.map((r) => r.Is)).toEqual(core.Is);
      expect(moranByYear(cd, w, { permutations: 99, seed: 5, ties }).rows[1].p_sim).toBe(moran(D, w, { permutations: 99, seed: 5, ties }).p_sim);
    }
  });
});
