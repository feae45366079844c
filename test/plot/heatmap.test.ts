import { describe, expect, it } from "vitest";
import { LEVEL_COLORS, levelHeatmap } from "../../src/plot";
import { ADCODES, levelRows } from "./samples";

describe("levelHeatmap", () => {
  it("provinces ordered by region then adcode, short Chinese names, years sorted", () => {
    const rows = levelRows().reverse();
    const fig = levelHeatmap(rows);
    expect(fig.data).toHaveLength(1);
    const t = fig.data[0] as { y: string[]; x: number[]; z: number[][]; type: string };
    expect(t.type).toBe("heatmap");
    expect(t.y.slice(0, 10)).toEqual(["北京", "天津", "河北", "上海", "江苏", "浙江", "福建", "山东", "广东", "海南"]);
    expect(t.y.slice(10, 16)).toEqual(["山西", "安徽", "江西", "河南", "湖北", "湖南"]);
    expect(t.y.slice(28)).toEqual(["辽宁", "吉林", "黑龙江"]);
    expect(t.y).toHaveLength(ADCODES.length);
    expect(t.x).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]);
  });
  it("is tall enough to label every province (about 20 px a row) unless the caller sets a height", () => {
    const fig = levelHeatmap(levelRows());
    expect(fig.layout.height).toBe(20 * ADCODES.length + 150);
    expect((fig.layout.yaxis as { dtick: number }).dtick).toBe(1);
    expect(levelHeatmap(levelRows(), { height: 600 }).layout.height).toBe(600);
  });
  it("z is the level, on a stepped colour scale with the ten level colours and named ticks", () => {
    const fig = levelHeatmap([
      { unit: "110000", time: 2020, value: 0.05 },
      { unit: "110000", time: 2021, value: 0.95 },
      { unit: "120000", time: 2020, value: 0.5, level: 5 }, // a level carried by the row wins
    ]);
    const t = fig.data[0] as Record<string, any>;
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
  it("duplicate rows and bad levels are refused", () => {
    expect(() => levelHeatmap([{ unit: "110000", time: 1, value: 0.2 }, { unit: "110000", time: 1, value: 0.3 }])).toThrow(/duplicate row for unit 110000/);
    expect(() => levelHeatmap([{ unit: "110000", time: 1, value: 0.2, level: 11 }])).toThrow(/level must be 1..10/);
  });
});
