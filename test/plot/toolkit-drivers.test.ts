// Figures of the toolkit drivers, each built straight from its frame result (no reshaping in
// between) and from plain records; the ellipse outlines on the bundled province map checked
// against standardEllipse of the centroids computed here with paper 2's D.
import { describe, expect, it } from "vitest";
import { polygonCentroid, standardEllipse, type PolygonalGeometry } from "../../src/core/ellipse";
import { loadPanel } from "../../src/data/panel";
import { dataPath } from "../../src/data/paths";
import { loadProvinceMap } from "../../src/data/map";
import { coupling, entropy } from "../../src/frame";
import { NBS_REGIONS, panel } from "../../src/frame/panel";
import { centreOfGravity, convergenceOf, detectFactors, greyForecast } from "../../src/frame/toolkit-drivers";
import { PlotInputError } from "../../src/plot/records";
import {
  betaScatter,
  ellipseMap,
  ellipsePath,
  geodetectorBars,
  greyForecastFigure,
  INTERACTION_TYPE_LABELS,
  interactionHeatmap,
  sigmaTrend,
} from "../../src/plot/toolkit-drivers";
import type { MapFeatureCollection } from "../../src/plot/types";

type Trace = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const cd2 = coupling(entropy(loadPanel("zhou-xu-li"), dataPath("specs", "zhou-xu-li.csv")).scores);
const p2 = panel(cd2, { group: NBS_REGIONS });
const map = loadProvinceMap();
const captionOf = (layout: Record<string, unknown>) => ((layout.annotations as Trace[]) ?? []).map((a) => String(a.text)).join("\n");

// ---------------------------------------------------------------------------------------------

describe("geodetectorBars", () => {
  const g = detectFactors(p2, { factors: { region: "categorical", economy: { k: 4 }, basic: { k: 5 } }, year: 2019 });

  it("from the detectFactors result: bars sorted by q, dark where p <= alpha, q and p written", () => {
    const fig = geodetectorBars(g, { alpha: 0.01 });
    const [sig, ns] = fig.data as Trace[];
    const byQ = g.rows.slice().sort((a, b) => b.q - a.q);
    expect((fig.layout.yaxis as Trace).categoryarray).toEqual(byQ.map((r) => r.x));
    expect(sig.y).toEqual(byQ.filter((r) => r.p <= 0.01).map((r) => r.x));
    expect(sig.x).toEqual(byQ.filter((r) => r.p <= 0.01).map((r) => r.q));
    expect(ns.y).toEqual(["region"]);
    expect(ns.text[0]).toBe(`q = ${g.rows[0].q.toFixed(3)}, p = ${g.rows[0].p.toFixed(4)} **`);
    expect(sig.marker.color).not.toBe(ns.marker.color);
    const cap = captionOf(fig.layout);
    expect(cap).toContain("2019: 31 units");
    expect(cap).toMatch(/economy: quantile k = 4; basic: quantile k = 5/);
  });

  it("from plain records, with display names", () => {
    const fig = geodetectorBars([{ x: "GDP", q: 0.2, p: 0.3 }, { x: "人口", q: 0.61, p: 0.001 }], { labels: { GDP: "国内生产总值" } });
    expect((fig.layout.yaxis as Trace).categoryarray).toEqual(["人口", "国内生产总值"]);
    expect((fig.data as Trace[]).map((t) => t.name)).toEqual(["显著 p ≤ 0.05 / significant", "不显著 p > 0.05 / not significant"]);
  });

  it("errors name the record and the field", () => {
    expect(() => geodetectorBars([{ x: "a", q: 1.2, p: 0.1 }])).toThrow(/record 1 field "q" is 1.2, outside \[0, 1\]/);
    expect(() => geodetectorBars([{ x: "a", q: 0.2 }])).toThrow(PlotInputError);
    expect(() => geodetectorBars([{ x: "a", q: 0.2 }])).toThrow(/record 1 has no field "p"/);
  });
});

describe("interactionHeatmap", () => {
  const g = detectFactors(p2, { factors: { region: "categorical", economy: { k: 4 }, basic: { k: 5 } }, year: 2019 });

  it("from the detectFactors result: lower triangle q12, diagonal q, the type in each cell", () => {
    const fig = interactionHeatmap(g);
    const hm = fig.data[0] as Trace;
    expect(hm.x).toEqual(["region", "economy", "basic"]);
    const q = Object.fromEntries(g.rows.map((r) => [r.x, r.q]));
    const q12 = (a: string, b: string) => g.interaction.rows.find((r) => (r.x1 === a && r.x2 === b) || (r.x1 === b && r.x2 === a))!.q12;
    expect(hm.z).toEqual([
      [q.region, null, null],
      [q12("economy", "region"), q.economy, null],
      [q12("basic", "region"), q12("basic", "economy"), q.basic],
    ]);
    const cells = (fig.layout.annotations as Trace[]).filter((a) => a.xref === "x");
    expect(cells).toHaveLength(6);
    const cell = cells.find((a) => a.x === "region" && a.y === "economy")!;
    expect(cell.text).toBe(`${(q12("economy", "region") as number).toFixed(3)}<br>${INTERACTION_TYPE_LABELS["Enhance, bi-"].zh}`);
    expect(captionOf(fig.layout)).toMatch(/双因子增强 = bi-variable enhance/);
    // the sub-result itself gives the same figure
    expect(interactionHeatmap(g.interaction).data[0]).toEqual(hm);
  });

  it("plain records, the textbook type, a chosen order", () => {
    const recs = [
      { x1: "a", x2: "b", q1: 0.2, q2: 0.3, q12: 0.5, type: "Enhance, bi-", type_textbook: "Independent" },
      { x1: "a", x2: "c", q1: 0.2, q2: 0.1, q12: 0.45, type: "Enhance, nonlinear", type_textbook: "Enhance, nonlinear" },
      { x1: "b", x2: "c", q1: 0.3, q2: 0.1, q12: 0.35, type: "Enhance, bi-", type_textbook: "Enhance, bi-" },
    ];
    const fig = interactionHeatmap(recs, { type: "type_textbook", order: ["c", "b", "a"] });
    expect((fig.data[0] as Trace).z).toEqual([[0.1, null, null], [0.35, 0.3, null], [0.45, 0.5, 0.2]]);
    const cell = (fig.layout.annotations as Trace[]).find((a) => a.x === "b" && a.y === "a")!;
    expect(cell.text).toBe("0.500<br>独立");
    expect(() => interactionHeatmap([{ ...recs[0], type: "Stronger" }])).toThrow(/record 1 field "type" is "Stronger", not an interaction type/);
    expect(() => interactionHeatmap([recs[0], { ...recs[0], x1: "b", x2: "a", q1: 0.3, q2: 0.2 }])).toThrow(/record 2 repeats the pair b ∩ a/);
    expect(() => interactionHeatmap(recs, { order: ["a", "b"] })).toThrow(/order must list the factors a, b, c \(missing: c\)/);
  });
});

// ---------------------------------------------------------------------------------------------

describe("ellipsePath", () => {
  it("a unit circle in four steps, clockwise and closed (by hand)", () => {
    const p = ellipsePath(0, 0, 1, 1, 0, 4);
    const r = (v: number[]) => v.map((x) => Math.round(x * 1e12) / 1e12 + 0);
    expect(r(p.x)).toEqual([1, 0, -1, 0, 1]);
    expect(r(p.y)).toEqual([0, -1, 0, 1, 0]);
  });

  it("an ellipse turned by 30 degrees: its points satisfy the ellipse equation in the turned frame", () => {
    const a = Math.PI / 6;
    const p = ellipsePath(10, 20, 3, 1, a, 24);
    p.x.forEach((x, k) => {
      const dx = x - 10;
      const dy = p.y[k] - 20;
      const u = dx * Math.cos(a) + dy * Math.sin(a);
      const v = -dx * Math.sin(a) + dy * Math.cos(a);
      expect((u / 3) ** 2 + v ** 2).toBeCloseTo(1, 12);
    });
  });
});

describe("ellipseMap", () => {
  const g = centreOfGravity(cd2, map);
  const ids = [...new Set(cd2.rows.map((r) => String(r.adcode)))];
  const centroids = ids.map((id) => polygonCentroid(map.features.find((f) => f.properties.adcode === id)!.geometry as PolygonalGeometry));
  const D = (t: number) => ids.map((id) => cd2.rows.find((r) => r.adcode === id && r.year === t)!.D as number);

  it("paper 2 on the bundled map: each ellipse outline lies on standardEllipse of the centroids computed here", () => {
    const fig = ellipseMap(map as unknown as MapFeatureCollection, g, { years: [2011, 2019] });
    const traces = fig.data as Trace[];
    for (const t of [2011, 2019]) {
      const e = standardEllipse(centroids, { weights: D(t), lonlat: true });
      const tr = traces.find((x) => x.name === `${t} 标准差椭圆 / SDE`)!;
      expect(tr.type).toBe("scattergeo");
      expect(tr.fill).toBe("toself");
      expect(tr.lon).toHaveLength(97);
      expect(tr.lon[0]).toBe(tr.lon[96]);
      expect(tr.lat[0]).toBe(tr.lat[96]);
      // every point on the ellipse ((u / major)^2 + (v / minor)^2 = 1 in the frame of the major axis)
      const c = Math.cos(e.angle);
      const s = Math.sin(e.angle);
      tr.lon.forEach((lon: number, k: number) => {
        const dx = lon - e.center[0];
        const dy = tr.lat[k] - e.center[1];
        expect(((dx * c + dy * s) / e.major) ** 2 + ((-dx * s + dy * c) / e.minor) ** 2).toBeCloseTo(1, 9);
      });
      // the first point is the end of the major axis
      expect(tr.lon[0]).toBeCloseTo(e.center[0] + e.major * c, 9);
      expect(tr.lat[0]).toBeCloseTo(e.center[1] + e.major * s, 9);
      // clockwise (negative shoelace area), as d3-geo reads the inside of a filled ring
      let a2 = 0;
      for (let k = 0; k < 96; k++) a2 += tr.lon[k] * tr.lat[k + 1] - tr.lon[k + 1] * tr.lat[k];
      expect(a2).toBeLessThan(0);
      expect(Math.abs(a2) / 2).toBeCloseTo(Math.PI * e.major * e.minor * Math.sin((2 * Math.PI) / 96) / ((2 * Math.PI) / 96), 6);
    }
    // the centre path: one point per year, standardEllipse's centre
    const path = traces.find((x) => x.name === "重心轨迹 / Centre of gravity" && x.geo === undefined)!;
    expect(path.lon).toHaveLength(9);
    [2011, 2015, 2019].forEach((t) => {
      const e = standardEllipse(centroids, { weights: D(t), lonlat: true });
      expect(path.lon[t - 2011]).toBeCloseTo(e.center[0], 12);
      expect(path.lat[t - 2011]).toBeCloseTo(e.center[1], 12);
    });
    expect(path.text.filter((x: string) => x)).toEqual(["2011", "2019"]);
    // the inset repeats the path with every year labelled
    const inset = traces.find((x) => x.geo === "geo2")!;
    expect(inset.text).toEqual(["2011", "2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019"]);
    expect(fig.layout.geo2).toBeDefined();
    // the unit points and the base map (categoryMap's: 31 features, wound for Plotly)
    const pts = traces.find((x) => x.name === "单元质心 / Unit centroids")!;
    expect(pts.lon).toEqual(centroids.map((p) => p[0]));
    const base = traces[0];
    expect(base.type).toBe("choropleth");
    expect(base.locations).toHaveLength(31);
    expect(base.text[0]).toBe("北京");
    expect((fig.layout.geo as Trace).projection.type).toBe("conic equal area");
    expect(captionOf(fig.layout)).toMatch(/lon\/lat degrees treated as planar/);
  });

  it("by default the first and last year; plain records draw no unit points", () => {
    const fig = ellipseMap(map as unknown as MapFeatureCollection, g, { inset: false });
    expect((fig.data as Trace[]).filter((t) => /SDE/.test(String(t.name))).map((t) => t.name)).toEqual(["2011 标准差椭圆 / SDE", "2019 标准差椭圆 / SDE"]);
    expect(fig.layout.geo2).toBeUndefined();
    expect(() => ellipseMap(map as unknown as MapFeatureCollection, g.rows, { points: true })).toThrow(/points need a centreOfGravity\(\) result/);
    const plain = ellipseMap(map as unknown as MapFeatureCollection, g.rows, { years: [2015] });
    expect((plain.data as Trace[]).filter((t) => /SDE/.test(String(t.name)))).toHaveLength(1);
    expect((plain.data as Trace[]).some((t) => t.name === "单元质心 / Unit centroids")).toBe(false);
    expect(() => ellipseMap(map as unknown as MapFeatureCollection, g, { years: [2010] })).toThrow(/no record has year = 2010 \(times in the records: 2011, /);
    expect(() => ellipseMap(map as unknown as MapFeatureCollection, g, { idProperty: "code" })).toThrow(/no polygon feature has a property "code"/);
  });
});

// ---------------------------------------------------------------------------------------------

describe("greyForecastFigure", () => {
  it("from the greyForecast result: observed markers, fitted line, dashed forecast from the last fitted value; checks in the caption", () => {
    const gf = greyForecast(cd2);
    const fig = greyForecastFigure(gf);
    const [obs, fit, fc] = fig.data as Trace[];
    const observed = gf.rows.filter((r) => r.observed !== null);
    expect(obs.x).toEqual(observed.map((r) => r.year));
    expect(obs.y).toEqual(observed.map((r) => r.observed));
    expect(fit.y).toEqual(observed.map((r) => r.fitted));
    expect(fit.line.dash).toBeUndefined();
    expect(fc.line.dash).toBe("dash");
    expect(fc.x).toEqual([2019, 2020, 2021, 2022]);
    expect(fc.y[0]).toBe(observed[observed.length - 1].fitted);
    expect(fc.y.slice(1)).toEqual(gf.rows.filter((r) => r.forecast !== null).map((r) => r.forecast));
    const ck = gf.checks.rows[0];
    const cap = captionOf(fig.layout);
    expect(cap).toContain(`C = ${(ck.C as number).toFixed(3)}, P = ${(ck.P as number).toFixed(2)}, 好 good`);
    expect(cap).toContain(`${(ck.lambda_min as number).toFixed(3)}-${(ck.lambda_max as number).toFixed(3)} in (${(ck.bound_low as number).toFixed(3)}, ${(ck.bound_high as number).toFixed(3)}) pass`);
    expect((fig.layout.shapes as Trace[])[0]).toMatchObject({ x0: 2019 });
  });

  it("one model per region: one legend entry per series, its fit and forecast grouped with it", () => {
    const fig = greyForecastFigure(greyForecast(p2, { by: NBS_REGIONS }));
    const shown = (fig.data as Trace[]).filter((t) => t.showlegend !== false);
    expect(shown.map((t) => t.name)).toEqual(["东部 East", "中部 Central", "西部 West", "东北 Northeast"]);
    expect(fig.data).toHaveLength(12);
    expect(captionOf(fig.layout).match(/C = /g)).toHaveLength(5);
  });

  it("plain records", () => {
    const recs = [
      { year: 2020, observed: 1, fitted: 1 },
      { year: 2021, observed: 1.2, fitted: 1.19 },
      { year: 2022, forecast: 1.4 },
    ];
    const fig = greyForecastFigure(recs, { caption: ["by hand"] });
    expect((fig.data as Trace[]).map((t) => t.x)).toEqual([[2020, 2021], [2020, 2021], [2021, 2022]]);
    expect(captionOf(fig.layout)).toContain("by hand");
    expect(() => greyForecastFigure([{ year: 2020, value: 1 }])).toThrow(/record 1 has none of "observed", "fitted", "forecast"/);
  });
});

// ---------------------------------------------------------------------------------------------

describe("sigmaTrend and betaScatter", () => {
  const cv = convergenceOf(p2);

  it("sigmaTrend from the convergenceOf result: cv by default; the 2011 gap of sd of ln D named", () => {
    const fig = sigmaTrend(cv);
    const [line] = fig.data as Trace[];
    expect(line.x).toEqual(cv.rows.map((r) => r.year));
    expect(line.y).toEqual(cv.rows.map((r) => r.cv_ddof1));
    const two = sigmaTrend(cv, { measure: ["cv_ddof1", "sd_log_ddof1"] });
    const log = (two.data as Trace[])[1];
    expect(log.y[0]).toBeNull();
    expect(log.y.slice(1)).toEqual(cv.rows.slice(1).map((r) => r.sd_log_ddof1));
    expect(captionOf(two.layout)).toMatch(/none at 2011 \(a value is 0: no log\)/);
    expect(captionOf(two.layout)).toMatch(/start-later/);
    expect(() => sigmaTrend(cv, { measure: "sd" })).toThrow(/no record has a field "sd"/);
  });

  it("betaScatter from the convergenceOf result: one point per unit, the fitted line, beta and half-life in the title", () => {
    const fig = betaScatter(cv);
    const traces = fig.data as Trace[];
    const points = traces.filter((t) => t.mode === "markers");
    expect(points.map((t) => t.name)).toEqual(["东部 East", "中部 Central", "西部 West", "东北 Northeast"]);
    expect(points.reduce((s, t) => s + t.x.length, 0)).toBe(31);
    const abs = cv.beta.rows[0];
    const line = traces.find((t) => t.mode === "lines")!;
    line.x.forEach((x: number, k: number) => expect(line.y[k]).toBeCloseTo((abs.alpha as number) + (abs.beta as number) * x, 14));
    const title = String((fig.layout.title as Trace).text);
    expect(title).toContain(`β = ${(abs.beta as number).toFixed(4)} (p = ${(abs.p_beta as number).toFixed(4)})`);
    expect(title).toContain(`half-life ${(abs.half_life as number).toFixed(1)}`);
    expect(title).toContain("2012-2019");
    // Beijing's point: ln D 2012 and (ln D 2019 - ln D 2012) / 7, from the coupling records
    const d = (t: number) => cd2.rows.find((r) => r.adcode === "110000" && r.year === t)!.D as number;
    const east = points[0];
    const k = east.text.indexOf("北京");
    expect(east.x[k]).toBeCloseTo(Math.log(d(2012)), 14);
    expect(east.y[k]).toBeCloseTo((Math.log(d(2019)) - Math.log(d(2012))) / 7, 14);
  });

  it("betaScatter from plain records: a line only with { fit }; no half-life when beta >= 0", () => {
    const recs = [{ adcode: "110000", ln_start: -1, growth: 0.05 }, { adcode: "120000", ln_start: -2, growth: 0.03 }];
    expect((betaScatter(recs).data as Trace[]).some((t) => t.mode === "lines")).toBe(false);
    const fig = betaScatter(recs, { fit: { alpha: 0.07, beta: 0.02, half_life: null } });
    expect(String((fig.layout.title as Trace).text)).toMatch(/half-life: none/);
    expect((fig.data[0] as Trace).text).toEqual(["北京", "天津"]);
  });
});
