import { describe, expect, it } from "vitest";
import { giniContributions, LEVEL_COLORS, moranScatter, moranTrend, PlotInputError, trendFigure } from "../../src/plot";
import { dagumResult, lisaResult, moranResult, summaryResult, YEARS } from "./samples";

type Trace = Record<string, any>;
const rects = (fig: { layout: Record<string, unknown> }) => ((fig.layout.shapes ?? []) as Trace[]).filter((s) => s.type === "rect");
const notes = (fig: { layout: Record<string, unknown> }) => (fig.layout.annotations ?? []) as Trace[];

describe("bands", () => {
  it("reference bands on the value axis, under the data, labelled at the right", () => {
    const fig = trendFigure(summaryResult(), { bands: [{ from: 0.5, to: 0.6, label: "勉强协调" }] });
    expect(rects(fig)).toEqual([
      { type: "rect", xref: "paper", x0: 0, x1: 1, yref: "y", y0: 0.5, y1: 0.6, fillcolor: "#c6dbef", opacity: 0.35, line: { width: 0 }, layer: "below" },
    ]);
    expect(notes(fig)).toHaveLength(1);
    expect(notes(fig)[0]).toMatchObject({ text: "勉强协调", xref: "paper", yref: "y", y: 0.6, x: 0.99, xanchor: "right" });
  });
  it('"levels": the coordination-level bands the values reach, in the level colours', () => {
    // the summary's values run from 0.34 (northeast 2012) to 0.52 (east 2021): levels 4, 5, 6
    const ys = trendFigure(summaryResult()).data.flatMap((t) => t.y as number[]);
    expect(Math.min(...ys)).toBeGreaterThan(0.3);
    expect(Math.max(...ys)).toBeGreaterThan(0.5);
    expect(Math.max(...ys)).toBeLessThan(0.6);
    const fig = trendFigure(summaryResult(), { bands: "levels" });
    expect(rects(fig).map((r) => [r.y0, r.y1, r.fillcolor])).toEqual([
      [0.3, 0.4, LEVEL_COLORS[4]],
      [0.4, 0.5, LEVEL_COLORS[5]],
      [0.5, 0.6, LEVEL_COLORS[6]],
    ]);
    expect(notes(fig).map((a) => a.text)).toEqual(["轻度失调 mild imbalance", "濒临失调 on the verge of imbalance", "勉强协调 barely coordinated"]);
  });
  it("on moranTrend, moranScatter (kept with the quadrant lines) and giniContributions too", () => {
    expect(rects(moranTrend(moranResult(), { bands: [{ from: 0.1, to: 0.26 }] })).map((r) => [r.y0, r.y1])).toEqual([[0.1, 0.26]]);
    const sc = moranScatter(lisaResult(), { bands: [{ from: -0.5, to: 0.5 }] });
    expect((sc.layout.shapes as Trace[]).map((s) => s.type)).toEqual(["line", "line", "rect"]);
    expect(rects(giniContributions(dagumResult(), { bands: [{ from: 25, to: 35, label: "区域内" }] })).map((r) => [r.y0, r.y1])).toEqual([[25, 35]]);
  });
  it("a band that runs backwards or is not a number is refused", () => {
    expect(() => trendFigure(summaryResult(), { bands: [{ from: 0.6, to: 0.5 }] })).toThrow(/bands\[0\] runs from 0.6 to 0.5/);
    expect(() => trendFigure(summaryResult(), { bands: [{ from: NaN, to: 0.5 }] })).toThrow(/bands\[0\].from is NaN/);
  });
});

describe("compare", () => {
  const published = [
    { year: 2021, D: 0.5 },
    { year: 2012, D: 0.36 },
  ];
  it("a second series after the figure's own, dashed, sorted by x, in the legend", () => {
    const fig = trendFigure(summaryResult(), { compare: { data: published, x: "year", y: "D", name: "论文 paper" } });
    expect(fig.data).toHaveLength(6);
    const c = fig.data[5] as Trace;
    expect(c).toMatchObject({ type: "scatter", mode: "lines+markers", name: "论文 paper", x: [2012, 2021], y: [0.36, 0.5] });
    expect(c.line.dash).toBe("dash");
    expect(fig.layout.showlegend).toBe(true);
  });
  it("beside a single line it turns the legend on", () => {
    const one = summaryResult();
    const national = { ...one, rows: one.rows.filter((r) => r.group === "all") } as typeof one;
    expect(trendFigure(national).layout.showlegend).toBe(false);
    const fig = trendFigure(national, { compare: { data: published, x: "year", y: "D", name: "论文 paper", dash: "dot" } });
    expect(fig.layout.showlegend).toBe(true);
    expect((fig.data[1] as Trace).line.dash).toBe("dot");
  });
  it("a frame result as the compared data: x and y from its keys and value column", () => {
    const fig = moranTrend(moranResult(), { compare: { data: moranResult(), name: "另一面板 other panel", y: "I" } });
    const c = fig.data[fig.data.length - 1] as Trace;
    expect(c.x).toEqual(YEARS);
    expect(c.name).toBe("另一面板 other panel");
  });
  it("on the scatter, compared points are markers", () => {
    const fig = moranScatter(lisaResult(), { compare: { data: [{ z: 1, lag: 0.5 }], x: "z", y: "lag", name: "GeoDa" } });
    expect((fig.data[fig.data.length - 1] as Trace).mode).toBe("markers");
  });
  it("plain records without field names, or a bad value, are named", () => {
    expect(() => trendFigure(summaryResult(), { compare: { data: published, name: "p" } })).toThrow(/compare\[0\] \(p\): plain records need their field names/);
    expect(() => trendFigure(summaryResult(), { compare: { data: [{ year: 2012, D: null }], x: "year", y: "D", name: "p" } })).toThrow(
      /trendFigure: compare\[0\]: record 1 has D = null/,
    );
  });
});

describe("highlight", () => {
  it("trend: the named series thicker, the others faded", () => {
    const fig = trendFigure(summaryResult(), { highlight: ["east"] });
    expect(fig.data.map((t) => (t.line as Trace).width)).toEqual([3, 4, 2, 2, 2]);
    expect(fig.data.map((t) => t.opacity)).toEqual([0.35, undefined, 0.35, 0.35, 0.35]);
  });
  it("moranScatter: the named units larger, outlined, bold labels", () => {
    const fig = moranScatter(lisaResult(), { highlight: ["110000"] });
    const t = fig.data.find((d) => (d.text as string[] | undefined)?.includes("<b>北京</b>")) as Trace;
    const k = (t.text as string[]).indexOf("<b>北京</b>");
    expect(t.marker.size[k]).toBe(13);
    expect(t.marker.line.width[k]).toBe(2.5);
    expect(t.marker.line.color[k]).toBe("#111111");
  });
  it("moranTrend: the named times ringed", () => {
    const fig = moranTrend(moranResult(), { highlight: [2019] });
    const ring = fig.data.find((t) => t.showlegend === false) as Trace;
    expect(ring.x).toEqual([2019]);
    expect(ring.y).toEqual([0.264]);
  });
  it("an id that matches nothing is an error, not a silent no-op", () => {
    expect(() => trendFigure(summaryResult(), { highlight: ["South"] })).toThrow(PlotInputError);
    expect(() => trendFigure(summaryResult(), { highlight: ["South"] })).toThrow(/highlight "South" matches no series \(the figure has: all, east, central, west, northeast\)/);
    expect(() => moranScatter(lisaResult(), { highlight: ["北京"] })).toThrow(/highlight "北京" matches no unit/);
  });
});

describe("annotations", () => {
  it("notes at data points, after the figure's own notes", () => {
    const fig = moranScatter(lisaResult(), { annotations: [{ x: 1, y: 0.5, text: "上海" }] });
    const a = notes(fig);
    expect(a).toHaveLength(5); // four quadrant names, then the note
    expect(a[4]).toMatchObject({ x: 1, y: 0.5, text: "上海", xref: "x", yref: "y", showarrow: true });
    const t = trendFigure(summaryResult(), { annotations: [{ x: 2020, y: 0.45, text: "疫情 COVID-19" }] });
    expect(notes(t)).toHaveLength(1);
    expect(notes(giniContributions(dagumResult(), { annotations: [{ x: "2015", y: 50, text: "n" }] }))[0].x).toBe("2015");
  });
  it("a note without a finite y is refused", () => {
    expect(() => moranTrend(moranResult(), { annotations: [{ x: 2015, y: NaN, text: "?" }] })).toThrow(/annotations\[0\].y is NaN/);
  });
});
