import { describe, expect, it } from "vitest";
import { PlotInputError, REGION_COLORS, trendFigure } from "../../src/plot";
import { summaryResult, trendRows, YEARS } from "./samples";

const NAMES = ["全国 National", "东部 East", "中部 Central", "西部 West", "东北 Northeast"];
const COLORS = [REGION_COLORS.nation, REGION_COLORS.east, REGION_COLORS.central, REGION_COLORS.west, REGION_COLORS.northeast];

describe("trendFigure from a summary result", () => {
  it("one line per group (group_zh group_en), national first then the regions, in region colours", () => {
    const fig = trendFigure(summaryResult());
    expect(fig.data.map((t) => t.name)).toEqual(NAMES);
    expect(fig.data.map((t) => (t.line as { color: string }).color)).toEqual(COLORS);
    // the national series ("all") is drawn thicker
    expect(fig.data.map((t) => (t.line as { width: number }).width)).toEqual([3, 2, 2, 2, 2]);
    for (const t of fig.data) {
      expect(t.type).toBe("scatter");
      expect(t.x).toEqual(YEARS);
    }
    // x = the time key, y = the value column: east in 2012 is 0.366 + 0.004 sin(4)
    expect((fig.data[1].y as number[])[0]).toBeCloseTo(0.366 + 0.004 * Math.sin(4), 4);
  });
  it("group names come from the records' group_zh / group_en, not from the plot layer", () => {
    const r = summaryResult();
    const renamed = { ...r, rows: r.rows.map((row) => (row.group === "east" ? { ...row, group_zh: "沿海", group_en: "Coast" } : row)) };
    expect(trendFigure(renamed as typeof r).data[1].name).toBe("沿海 Coast");
  });
  it("bilingual title and axis titles, CJK font", () => {
    const fig = trendFigure(summaryResult());
    expect((fig.layout.title as { text: string }).text).toBe("耦合协调度 / Coupling coordination degree");
    expect((fig.layout.xaxis as { title: { text: string } }).title.text).toBe("年份 / Year");
    expect((fig.layout.yaxis as { title: { text: string } }).title.text).toMatch(/耦合协调度 D \/ Coupling coordination degree D/);
    expect((fig.layout.font as { family: string }).family).toMatch(/^Noto Sans CJK SC/);
    expect(fig.layout.autosize).toBe(true);
  });
});

describe("trendFigure from plain records", () => {
  it("with field names gives the same lines as the result (order of records does not matter)", () => {
    const fromRows = trendFigure(trendRows().reverse(), { x: "time", y: "value", series: "series" });
    const fromResult = trendFigure(summaryResult());
    expect(fromRows.data.map((t) => t.name)).toEqual(NAMES);
    expect(fromRows.data.map((t) => [t.x, t.y, t.line, t.marker])).toEqual(fromResult.data.map((t) => [t.x, t.y, t.line, t.marker]));
  });
  it("other series ids take the neutral palette; seriesLabel names them from a field", () => {
    const fig = trendFigure(
      [
        { s: "a", label: "样本 A", t: 1, v: 0.1 },
        { s: "a", t: 2, v: 0.2 },
      ],
      { x: "t", y: "v", series: "s", seriesLabel: "label", title: "T", width: 500, height: 300 },
    );
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0].name).toBe("样本 A");
    expect((fig.data[0].line as { color: string }).color).toBe("#4e79a7");
    expect(fig.layout.width).toBe(500);
    expect(fig.layout.showlegend).toBe(false);
  });
  it("without series: one line named by its y field", () => {
    const fig = trendFigure([{ year: 2012, D: 0.3 }, { year: 2013, D: 0.35 }], { x: "year", y: "D" });
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0].name).toBe("D");
  });
  it("plain records without field names: an error saying which options to pass", () => {
    expect(() => trendFigure([{ year: 2012, D: 0.3 }])).toThrow(PlotInputError);
    expect(() => trendFigure([{ year: 2012, D: 0.3 }])).toThrow(/pass \{ x: "<time field>", y: "<value field>" \}.*fields: year, D/);
  });
  it("a missing or non-finite field names the record (from 1), the field and the value", () => {
    const rows = [
      { year: 2012, D: 0.3 },
      { year: 2013, D: 0.31 },
      { year: 2014, D: NaN },
    ];
    expect(() => trendFigure(rows, { x: "year", y: "D" })).toThrow('trendFigure: record 3 field "D" is NaN, expected a finite number');
    expect(() => trendFigure([{ year: 2012, D: "0.3" }], { x: "year", y: "D" })).toThrow('record 1 field "D" is "0.3", expected a finite number');
    expect(() => trendFigure([{ year: 2012, d: 0.3 }], { x: "year", y: "D" })).toThrow(/record 1 has no field "D" \(its fields: year, d\); name the field with \{ y: "\.\.\." \}/);
  });
  it("refuses something that is neither a result nor records", () => {
    expect(() => trendFigure({ rows: 1 } as never)).toThrow(/expected a frame result .* or an array of records/);
    expect(() => trendFigure([1] as never, { x: "a", y: "b" })).toThrow(/record 1 is 1, not an object/);
  });
});
