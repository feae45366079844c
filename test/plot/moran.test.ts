import { describe, expect, it } from "vitest";
import { LISA_COLORS, moranScatter, moranTrend } from "../../src/plot";
import { lisaOf, lisaResult, moranResult, moranTrendRows, scatterPoints, YEARS } from "./samples";

type Trace = Record<string, any>;

describe("moranTrend", () => {
  it("from a Moran result: a line of I, filled markers where p_rand <= alpha, hollow otherwise, dashed E[I]", () => {
    const fig = moranTrend(moranResult());
    const [line, sig, ns, ei] = fig.data as Trace[];
    expect(line.mode).toBe("lines");
    expect(line.x).toEqual(YEARS);
    expect(line.y[7]).toBe(0.264);
    expect(sig.x).toEqual([2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]);
    expect(sig.marker.symbol).toBe("circle");
    expect(ns.x).toEqual([2012, 2013]);
    expect(ns.marker.symbol).toBe("circle-open");
    expect(sig.name).toBe("显著 p_rand ≤ 0.05 / significant"); // the legend says which p
    expect(ns.customdata[0]).toEqual([0.061, 1.9]); // p_rand and z_rand of 2012
    expect(ei.line.dash).toBe("dash");
    expect(ei.y[0]).toBeCloseTo(-1 / 30, 12);
    expect((fig.layout.title as any).text).toBe("全局莫兰指数 / Global Moran's I");
  });
  it("another p field of the result by name", () => {
    const fig = moranTrend(moranResult(), { p: "p_norm" });
    // every p_norm is below 0.05: no hollow markers
    expect(fig.data.map((t) => t.name)).toEqual(["Moran's I", "显著 p_norm ≤ 0.05 / significant", "E[I] = −1/(n−1)"]);
  });
  it("from plain records: the same figure as before (fields time, I, p, EI, z named)", () => {
    const fig = moranTrend(moranTrendRows(), { time: "time" });
    const fromResult = moranTrend(moranResult());
    expect(fig.data.map((t) => [t.x, t.y])).toEqual(fromResult.data.map((t) => [t.x, t.y]));
    expect((fig.data[1] as Trace).name).toBe("显著 p ≤ 0.05 / significant");
  });
  it("alpha moves the split; no E[I] line when the records carry none", () => {
    const rows = moranTrendRows().map(({ EI: _ei, ...r }) => r);
    const fig = moranTrend(rows, { time: "time", alpha: 0.01 });
    expect(fig.data).toHaveLength(3);
    expect((fig.data[1] as Trace).x).toEqual([2019, 2021]);
  });
  it("a named optional field must be in every record", () => {
    const rows = moranTrendRows().map(({ EI: _ei, ...r }) => r);
    expect(() => moranTrend(rows, { time: "time", EI: "EI" })).toThrow(/record 1 has no field "EI"/);
    expect(() => moranTrend([{ year: 2020, I: 0.2 }])).toThrow(/record 1 has no field "p" .* name the field with \{ p: "\.\.\." \}/);
  });
});

describe("moranScatter", () => {
  it("from a LISA result: quadrants as the records say, slope = result.I, labels from the label key", () => {
    const res = lisaOf(
      [
        { adcode: "110000", province: "北京市", z: 1, lag: 0.5, quadrant: "HH", cluster: "HH" },
        { adcode: "120000", province: "天津市", z: -1, lag: -0.4, quadrant: "LL", cluster: "ns" },
        { adcode: "130000", province: "河北省", z: -0.5, lag: 0.2, quadrant: "LH", cluster: "ns" },
        { adcode: "140000", province: "山西省", z: 0.5, lag: -0.3, quadrant: "HL", cluster: "ns" },
      ],
      0.4,
    );
    const fig = moranScatter(res);
    expect(fig.data.slice(0, 4).map((t) => t.name)).toEqual(["高-高 HH", "低-低 LL", "低-高 LH", "高-低 HL"]);
    expect(fig.data.slice(0, 4).map((t) => (t as Trace).marker.color)).toEqual([LISA_COLORS.HH, LISA_COLORS.LL, LISA_COLORS.LH, LISA_COLORS.HL]);
    expect(fig.data.slice(0, 4).map((t) => t.legendgroup)).toEqual(["HH", "LL", "LH", "HL"]);
    expect((fig.data[0] as Trace).text).toEqual(["北京市"]);
    const fit = fig.data[4] as Trace;
    expect(fit.y[1] / fit.x[1]).toBeCloseTo(0.4, 12);
    expect(fit.x[0]).toBe(-fit.x[1]);
    expect((fig.layout.yaxis as Trace).scaleanchor).toBe("x");
    expect((fig.layout.shapes as Trace[]).map((s) => [s.x0, s.x1, s.y0, s.y1].filter((v) => v === 0).length)).toEqual([2, 2]);
    expect((fig.layout.annotations as Trace[]).map((a) => a.text)).toEqual(["HH 高-高", "LH 低-高", "LL 低-低", "HL 高-低"]);
  });
  it("a quadrant in the records is drawn as it is, even where z and lag would say otherwise", () => {
    // the plot layer never recomputes: a record saying LL at z > 0, lag > 0 is drawn LL
    const fig = moranScatter([{ adcode: "110000", z: 1, lag: 1, quadrant: "LL" }], { I: 0.1 });
    expect(fig.data[0].name).toBe("低-低 LL");
  });
  it("from plain records: field names as options; the default slope is the OLS slope through the origin", () => {
    const pts = scatterPoints().map((p) => ({ id: p.adcode, zz: p.z, wz: p.lag, q: p.quadrant }));
    const fig = moranScatter(pts, { unit: "id", z: "zz", lag: "wz", quadrant: "q" });
    const num = pts.reduce((s, p) => s + p.zz * p.wz, 0);
    const den = pts.reduce((s, p) => s + p.zz * p.zz, 0);
    const fit = fig.data[fig.data.length - 1] as Trace;
    expect(fit.y[1] / fit.x[1]).toBeCloseTo(num / den, 12);
    expect((fig.data[0] as Trace).text[0]).toMatch(/^[\u4e00-\u9fff]+$/); // provinces show their short names
  });
  it("plain records without a quadrant: an error saying to pass the LISA result or a quadrant field", () => {
    expect(() => moranScatter([{ adcode: "110000", z: 1, lag: 1 }])).toThrow(
      /record 1 has no quadrant in field "quadrant": pass the LISA result .* or colour by \{ colorBy: "cluster" \}/,
    );
    expect(() => moranScatter([{ adcode: "110000", z: 1, lag: 1, quadrant: "HX" }])).toThrow(/record 1 field "quadrant" is "HX", expected a quadrant/);
  });
  it("colour by cluster: not significant and isolated get their own legend entries", () => {
    const fig = moranScatter(
      [
        { adcode: "110000", z: 1, lag: 1, cluster: "HH" },
        { adcode: "120000", z: 1, lag: 1, cluster: "not significant" },
        { adcode: "460000", z: 0.2, lag: 0, cluster: "isolated" },
      ],
      { colorBy: "cluster" },
    );
    expect(fig.data.map((t) => t.name).slice(0, 3)).toEqual(["高-高 HH", "不显著 Not significant", "孤立 Isolated"]);
    expect((fig.layout.legend as Trace).title.text).toBe("LISA 集聚 Cluster");
    expect(() => moranScatter([{ adcode: "110000", z: 1, lag: 1 }], { colorBy: "cluster" })).toThrow(/record 1 has no field "cluster"/);
  });
  it("a whole LISA result draws every unit once", () => {
    const fig = moranScatter(lisaResult());
    expect(fig.data.slice(0, -1).reduce((s, t) => s + (t.x as number[]).length, 0)).toBe(31);
  });
});
