// provinceWeights({ units }): the weights fitted to the provinces a panel has, with the dropped ones
// named. Expected values are written out by hand from the map's borders (listed in each test) or
// come from the core's weightsFromPairs called on the pairs filtered by hand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { moran } from "../../src/core/moran";
import { SpatialInputError, weightsFromPairs } from "../../src/core/weights";
import { provinceAdjacencyPairs, provinceWeights } from "../../src/data/adjacency";
import { PROVINCE_ADCODES } from "../../src/data/registry";
import { moranByYear } from "../../src/frame/spatial";

const ALL = [...PROVINCE_ADCODES];
const XINJIANG = "650000";
const TIBET = "540000";
const QINGHAI = "630000";
const GUANGDONG = "440000";
const GUANGXI = "450000";
const HAINAN = "460000";
const HEBEI = "130000";
const BEIJING = "110000";
const TIANJIN = "120000";
const without = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

describe("provinceWeights without units", () => {
  it("is the 31 provinces, nothing dropped, the description as before", () => {
    const w = provinceWeights();
    expect(w.n).toBe(31);
    expect(w.dropped).toEqual([]);
    expect(w.description).toBe(
      "Rook contiguity of the 31 provinces (echarts 4.9.0 map, 68 land borders), Hainan linked to Guangdong, row-standardised (W)",
    );
  });

  it("units listing all 31 (with repeats, numbers and text) give the same weights", () => {
    const units = [...ALL.map(Number), ...ALL, ...ALL.map((id) => ` ${id} `)];
    const w = provinceWeights({ units, hainan: "guangdong+guangxi", style: "B" });
    const full = provinceWeights({ hainan: "guangdong+guangxi", style: "B" });
    expect(w.ids).toEqual(full.ids);
    expect(w.toPairs()).toEqual(full.toPairs());
    expect(w.dropped).toEqual([]);
    expect(w.description).toBe(full.description);
  });
});

describe("provinceWeights({ units }) on fewer provinces", () => {
  it("without Xinjiang and Tibet: 29 provinces, 62 land borders + Hainan-Guangdong, both named", () => {
    // Xinjiang borders Tibet, Gansu, Qinghai (3); Tibet borders Sichuan, Yunnan, Qinghai, Xinjiang (4);
    // the Xinjiang-Tibet border is counted in both: 68 - (3 + 4 - 1) = 62 land borders remain.
    const w = provinceWeights({ units: without(XINJIANG, TIBET) });
    expect(w.n).toBe(29);
    expect(w.ids).toEqual(without(XINJIANG, TIBET));
    expect(w.nLinks).toBe(63);
    expect(w.dropped).toEqual([TIBET, XINJIANG]);
    // Qinghai borders Sichuan, Tibet, Gansu, Xinjiang: Sichuan and Gansu remain
    expect(w.neighborIds(QINGHAI)).toEqual(["510000", "620000"]);
    expect(w.weights[w.index(QINGHAI)]).toEqual([0.5, 0.5]);
    expect(w.islands).toEqual([]);
    expect(w.description).toBe(
      "Rook contiguity of 29 of the 31 provinces (echarts 4.9.0 map, 62 land borders among them; dropped: 540000 西藏, 650000 新疆), " +
        "Hainan linked to Guangdong, row-standardised (W)",
    );
  });

  it("equals the core's weightsFromPairs on the pairs among the units", () => {
    const units = without(HEBEI, "310000", "500000");
    const pairs = provinceAdjacencyPairs().filter(([a, b]) => units.includes(a) && units.includes(b));
    const expected = weightsFromPairs(units, [...pairs, [GUANGDONG, HAINAN]], { style: "W" });
    const w = provinceWeights({ units });
    expect(w.ids).toEqual(expected.ids);
    expect(w.toMatrix()).toEqual(expected.toMatrix());
    expect([w.s0, w.s1, w.s2]).toEqual([expected.s0, expected.s1, expected.s2]);
  });

  it("a province whose neighbours are all dropped becomes an island", () => {
    // Beijing borders Tianjin and Hebei only
    const noHebei = provinceWeights({ units: without(HEBEI) });
    expect(noHebei.neighborIds(BEIJING)).toEqual([TIANJIN]);
    const alone = provinceWeights({ units: without(HEBEI, TIANJIN) });
    expect(alone.islands).toEqual([BEIJING]);
    expect(alone.dropped).toEqual([TIANJIN, HEBEI]);
  });

  it("Hainan's link follows its partners: isolated without Guangdong, to Guangxi alone when asked", () => {
    const noGd = provinceWeights({ units: without(GUANGDONG) });
    expect(noGd.islands).toEqual([HAINAN]);
    expect(noGd.hainan).toBe("guangdong");
    expect(noGd.description).toContain("Hainan isolated (Guangdong not among the units)");
    const both = provinceWeights({ units: without(GUANGDONG), hainan: "guangdong+guangxi" });
    expect(both.neighborIds(HAINAN)).toEqual([GUANGXI]);
    expect(both.description).toContain("Hainan linked to Guangxi (Guangdong not among the units)");
    const noHainan = provinceWeights({ units: without(HAINAN) });
    expect(noHainan.n).toBe(30);
    expect(noHainan.nLinks).toBe(68);
    expect(noHainan.description).toContain("Hainan not among the units");
  });

  it("refuses units that are not provinces, an empty list and a bare string, saying which", () => {
    expect(() => provinceWeights({ units: [BEIJING, "710000"] })).toThrow(SpatialInputError);
    expect(() => provinceWeights({ units: [BEIJING, "710000"] })).toThrow(
      'provinceWeights: units[2] (counted from 1) is "710000", not the adcode of one of the 31 provinces (Taiwan, Hong Kong and Macao have no weights here)',
    );
    expect(() => provinceWeights({ units: [BEIJING, Number.NaN] })).toThrow("units[2] (counted from 1) is NaN");
    expect(() => provinceWeights({ units: ["北京"] })).toThrow('units[1] (counted from 1) is "北京"');
    expect(() => provinceWeights({ units: [] })).toThrow("units is empty");
    expect(() => provinceWeights({ units: "110000" as unknown as string[] })).toThrow("units must be a list of adcodes");
  });

  it("property: any subset gives the weights restricted to it and names the rest", () => {
    const full = provinceWeights({ hainan: "isolated", style: "B" });
    fc.assert(
      fc.property(fc.subarray(ALL, { minLength: 1 }), fc.constantFrom("W" as const, "B" as const), (units, style) => {
        const w = provinceWeights({ units: [...units].reverse(), hainan: "isolated", style });
        expect(w.ids).toEqual(ALL.filter((id) => units.includes(id)));
        expect(w.dropped).toEqual(ALL.filter((id) => !units.includes(id)));
        const restricted = full.toPairs().filter(([a, b]) => units.includes(a) && units.includes(b));
        expect(w.toPairs()).toEqual(restricted);
        for (let i = 0; i < w.n; i++) {
          const sum = w.weights[i].reduce((s, x) => s + x, 0);
          if (w.cardinalities[i] === 0) expect(sum).toBe(0);
          else expect(sum).toBeCloseTo(style === "W" ? 1 : w.cardinalities[i], 12);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("moranByYear runs on a panel without Xinjiang with the fitted weights, as the core on the same values", () => {
    const units = without(XINJIANG);
    // a made-up D: the adcode's first two digits / 100 plus a year step
    const rows = [2018, 2019].flatMap((year) => units.map((adcode) => ({ adcode, year, D: Number(adcode.slice(0, 2)) / 100 + (year - 2018) * 0.01 })));
    const w = provinceWeights({ units: rows.map((r) => r.adcode) });
    const m = moranByYear(rows, w, { permutations: 0 });
    for (const year of [2018, 2019]) {
      const values = w.ids.map((id) => rows.find((r) => r.adcode === id && r.year === year)!.D);
      const core = moran(values, w, { permutations: 0 });
      const got = m.rows.find((r) => r.year === year)!;
      expect(got.I).toBe(core.I);
      expect(got.n).toBe(30);
    }
    // with all 31 weights the same panel is refused, naming the missing unit
    expect(() => moranByYear(rows, provinceWeights(), { permutations: 0 })).toThrow(/650000 新疆: in the weights, no row in 2018/);
  });
});
