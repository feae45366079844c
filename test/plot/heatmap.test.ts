import { describe, expect, it } from "vitest";
import { CATEGORY_COLORS } from "../../src/plot/style";
import { provinceByAdcode } from "../../src/data/registry";
import { LEVEL_COLORS, levelHeatmap, REGION_COLORS } from "../../src/plot";
import { ADCODES, couplingOf, couplingResult, KEYS, levelFields, YEARS } from "./samples";

type Trace = Record<string, any>;

describe("levelHeatmap from a coupling result", () => {
  it("provinces ordered by region then adcode, short Chinese names, years sorted", () => {
    const r = couplingResult();
    const fig = levelHeatmap({ ...r, rows: r.rows.slice().reverse() } as typeof r);
    expect(fig.data).toHaveLength(1);
    const t = fig.data[0] as { y: string[]; x: number[]; z: number[][]; type: string };
    expect(t.type).toBe("heatmap");
    expect(t.y.slice(0, 10)).toEqual(["北京", "天津", "河北", "上海", "江苏", "浙江", "福建", "山东", "广东", "海南"]);
    expect(t.y.slice(10, 16)).toEqual(["山西", "安徽", "江西", "河南", "湖北", "湖南"]);
    expect(t.y.slice(28)).toEqual(["辽宁", "吉林", "黑龙江"]);
    expect(t.y).toHaveLength(ADCODES.length);
    expect(t.x).toEqual(YEARS);
  });
  it("z is each record's level, cell by cell", () => {
    const r = couplingResult();
    const t = levelHeatmap(r).data[0] as Trace;
    // 北京 (row 0) in 2012: D = 0.15 -> level 2 in the records
    expect(t.z[0][0]).toBe(2);
    for (const rec of r.rows) {
      const row = (t.y as string[]).indexOf(provinceByAdcode(rec.adcode as string).shortName);
      expect(t.z[row][YEARS.indexOf(rec.year as number)]).toBe(rec.level);
    }
  });
  it("is tall enough to label every province (about 20 px a row) unless the caller sets a height", () => {
    const fig = levelHeatmap(couplingResult());
    expect(fig.layout.height).toBe(20 * ADCODES.length + 150);
    expect((fig.layout.yaxis as { dtick: number }).dtick).toBe(1);
    expect(levelHeatmap(couplingResult(), { height: 600 }).layout.height).toBe(600);
  });
  it("stepped colour scale with the ten level colours and named ticks; hover shows D and the level", () => {
    const fig = levelHeatmap(
      couplingOf(
        [
          { adcode: "110000", year: 2020, D: 0.05, ...levelFields(1) },
          { adcode: "110000", year: 2021, D: 0.95, ...levelFields(10) },
          { adcode: "120000", year: 2020, D: 0.5, ...levelFields(5) },
        ],
        KEYS,
        "right",
      ),
    );
    const t = fig.data[0] as Trace;
    expect(t.z).toEqual([[1, 10], [5, null]]);
    expect(t.zmin).toBe(0.5);
    expect(t.zmax).toBe(10.5);
    expect(t.colorscale[0]).toEqual([0, LEVEL_COLORS[1]]);
    expect(t.colorscale[19]).toEqual([1, LEVEL_COLORS[10]]);
    expect(t.colorbar.tickvals).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.colorbar.ticktext[0]).toBe("1 极度失调 extreme imbalance");
    expect(t.customdata[0][0]).toEqual([0.05, "极度失调 extreme imbalance", 1]);
    expect(t.hovertemplate).toMatch(/D = %\{customdata\[0\]:\.3f\}/);
  });
  it("region bands from the result's group key; groups that are not regions take the neutral palette", () => {
    const r = couplingResult({ keys: { ...KEYS, group: "zone" }, extra: (u) => ({ zone: u < "400000" ? "北方 North" : "南方 South" }) });
    const fig = levelHeatmap(r);
    const t = fig.data[0] as Trace;
    expect(t.y[0]).toBe("北京");
    expect(t.y.indexOf("河南")).toBeGreaterThan(t.y.indexOf("山东")); // North before South, then by adcode
    const rects = (fig.layout.shapes as Trace[]).filter((s) => s.type === "rect");
    expect(rects.map((s) => s.fillcolor)).toEqual([CATEGORY_COLORS[0], CATEGORY_COLORS[1]]);
    expect((fig.layout.annotations as Trace[])[0].text).toMatch(/北方 North.*南方 South/);
    // without a group key, provinces are banded by their NBS region
    const plain = levelHeatmap(couplingResult());
    expect((plain.layout.shapes as Trace[]).filter((s) => s.type === "rect").map((s) => s.fillcolor)).toEqual([
      REGION_COLORS.east, REGION_COLORS.central, REGION_COLORS.west, REGION_COLORS.northeast,
    ]);
    expect((plain.layout.annotations as Trace[])[0].text).toMatch(/东部 East.*中部 Central.*西部 West.*东北 Northeast/);
  });
});

describe("levelHeatmap from plain records", () => {
  it("field names as options; labels from a label field", () => {
    const fig = levelHeatmap(
      [
        { city: "A01", name: "甲市", t: 2020, dd: 0.35, lv: 4 },
        { city: "A02", name: "乙市", t: 2020, dd: 0.55, lv: 6 },
      ],
      { unit: "city", label: "name", time: "t", value: "dd", level: "lv" },
    );
    const t = fig.data[0] as Trace;
    expect(t.y).toEqual(["甲市", "乙市"]);
    expect(t.z).toEqual([[4], [6]]);
    expect(t.hovertemplate).toMatch(/dd = /);
    expect(fig.layout.shapes).toBeUndefined(); // no groups, not provinces: no bands
  });
  it("records without a level: an error telling to pass the coupling result or a level field", () => {
    expect(() => levelHeatmap([{ adcode: "110000", year: 2020, D: 0.5 }])).toThrow(
      /record 1 has no coordination level in field "level": pass the coupling result .* add a "level" field .* or name the field with \{ level: "\.\.\." \}/,
    );
  });
  it("repeated unit-times and bad levels are refused", () => {
    expect(() => levelHeatmap([{ adcode: "110000", year: 1, D: 0.2, level: 3 }, { adcode: "110000", year: 1, D: 0.3, level: 4 }])).toThrow(
      /record 2 repeats unit 110000 at time 1/,
    );
    expect(() => levelHeatmap([{ adcode: "110000", year: 1, D: 0.2, level: 11 }])).toThrow(/record 1 field "level" is 11, expected a coordination level 1..10/);
  });
});
