import { describe, expect, it } from "vitest";
import { REGION_COLORS, trendFigure } from "../../src/plot";
import { trendRows } from "./samples";

describe("trendFigure", () => {
  it("one line per series, nation first then the regions, in region colours", () => {
    const rows = trendRows().reverse(); // order of rows does not matter
    const fig = trendFigure(rows);
    expect(fig.data.map((t) => t.name)).toEqual(["全国 National", "东部 East", "中部 Central", "西部 West", "东北 Northeast"]);
    expect(fig.data.map((t) => (t.line as { color: string }).color)).toEqual([
      REGION_COLORS.nation,
      REGION_COLORS.east,
      REGION_COLORS.central,
      REGION_COLORS.west,
      REGION_COLORS.northeast,
    ]);
    for (const t of fig.data) {
      expect(t.type).toBe("scatter");
      expect(t.x).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]); // sorted by time
    }
  });
  it("bilingual title and axis titles, CJK font", () => {
    const fig = trendFigure(trendRows());
    expect((fig.layout.title as { text: string }).text).toBe("耦合协调度 / Coupling coordination degree");
    expect((fig.layout.xaxis as { title: { text: string } }).title.text).toBe("年份 / Year");
    expect((fig.layout.yaxis as { title: { text: string } }).title.text).toMatch(/耦合协调度 D \/ Coupling coordination degree D/);
    expect((fig.layout.font as { family: string }).family).toMatch(/^Noto Sans CJK SC/);
    expect(fig.layout.autosize).toBe(true);
  });
  it("other series keys keep their names and take the neutral palette", () => {
    const fig = trendFigure([
      { series: "a", name: "样本 A", time: 1, value: 0.1 },
      { series: "a", time: 2, value: 0.2 },
    ], { title: "T", width: 500, height: 300 });
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0].name).toBe("样本 A");
    expect(fig.layout.width).toBe(500);
    expect(fig.layout.showlegend).toBe(false);
  });
  it("refuses NaN with the series and time named", () => {
    expect(() => trendFigure([{ series: "east", time: 2012, value: NaN }])).toThrow(/series "east", time 2012\) value/);
  });
});
