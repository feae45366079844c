import { describe, expect, it } from "vitest";
import { LISA_COLORS, moranScatter, moranTrend } from "../../src/plot";
import { moranTrendRows, scatterPoints } from "./samples";

describe("moranTrend", () => {
  it("a line of I, filled markers where p <= alpha, hollow otherwise, dashed E[I]", () => {
    const fig = moranTrend(moranTrendRows());
    const [line, sig, ns, ei] = fig.data as any[];
    expect(line.mode).toBe("lines");
    expect(line.y).toHaveLength(10);
    expect(sig.x).toEqual([2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]);
    expect(sig.marker.symbol).toBe("circle");
    expect(ns.x).toEqual([2012, 2013]);
    expect(ns.marker.symbol).toBe("circle-open");
    expect(sig.name).toMatch(/显著 p ≤ 0.05/);
    expect(ei.line.dash).toBe("dash");
    expect(ei.y[0]).toBeCloseTo(-1 / 30, 12);
    expect((fig.layout.title as any).text).toBe("全局莫兰指数 / Global Moran's I");
  });
  it("alpha moves the split; no E[I] line when not given", () => {
    const rows = moranTrendRows().map(({ EI: _ei, ...r }) => r);
    const fig = moranTrend(rows, { alpha: 0.01 });
    expect(fig.data).toHaveLength(3);
    expect((fig.data[1] as any).x).toEqual([2019, 2021]);
  });
});

describe("moranScatter", () => {
  it("points by quadrant in LISA colours, fitted line with slope I, quadrant lines at 0, equal scales", () => {
    const pts = [
      { unit: "110000", z: 1, lag: 0.5 },
      { unit: "120000", z: -1, lag: -0.4 },
      { unit: "130000", z: -0.5, lag: 0.2 },
      { unit: "140000", z: 0.5, lag: -0.3 },
    ];
    const fig = moranScatter(pts, { I: 0.4 });
    const names = fig.data.map((t) => t.name);
    expect(names.slice(0, 4)).toEqual(["高-高 HH", "低-低 LL", "低-高 LH", "高-低 HL"]);
    expect(fig.data.slice(0, 4).map((t) => (t as any).marker.color)).toEqual([LISA_COLORS.HH, LISA_COLORS.LL, LISA_COLORS.LH, LISA_COLORS.HL]);
    expect((fig.data[0] as any).text).toEqual(["北京"]);
    const fit = fig.data[4] as any;
    expect(fit.y[1] / fit.x[1]).toBeCloseTo(0.4, 12);
    expect(fit.x[0]).toBe(-fit.x[1]);
    expect((fig.layout.yaxis as any).scaleanchor).toBe("x");
    expect((fig.layout.shapes as any[]).map((s) => [s.x0, s.x1, s.y0, s.y1].filter((v) => v === 0).length)).toEqual([2, 2]);
  });
  it("the default slope is the OLS slope through the origin", () => {
    const pts = scatterPoints();
    const fig = moranScatter(pts);
    const num = pts.reduce((s, p) => s + p.z * p.lag, 0);
    const den = pts.reduce((s, p) => s + p.z * p.z, 0);
    const fit = fig.data[fig.data.length - 1] as any;
    expect(fit.y[1] / fit.x[1]).toBeCloseTo(num / den, 12);
  });
  it("colour by cluster: not significant and isolated get their own legend entries", () => {
    const fig = moranScatter(
      [
        { unit: "110000", z: 1, lag: 1, cluster: "HH" },
        { unit: "120000", z: 1, lag: 1, cluster: "not significant" },
        { unit: "460000", z: 0.2, lag: 0, cluster: "isolated" },
      ],
      { colorBy: "cluster" },
    );
    expect(fig.data.map((t) => t.name).slice(0, 3)).toEqual(["高-高 HH", "不显著 Not significant", "孤立 Isolated"]);
    expect(() => moranScatter([{ unit: "110000", z: 1, lag: 1 }], { colorBy: "cluster" })).toThrow(/has no cluster/);
  });
});
