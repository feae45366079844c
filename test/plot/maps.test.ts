import { describe, expect, it } from "vitest";
import { categoryMap, choroplethMap, LEVEL_COLORS, LISA_COLORS, lisaClusterMap, REGION_COLORS, regionsMap, windForPlotly } from "../../src/plot";
import { loadProvinceMap } from "../../src/data/map";
import { squaresGeojson } from "./samples";

const area2 = (ring: number[][]) => ring.slice(0, -1).reduce((s, p, i) => s + p[0] * ring[i + 1][1] - ring[i + 1][0] * p[1], 0);

describe("choroplethMap", () => {
  it("one choropleth trace over the GeoJSON by adcode, legend entries per level present in order", () => {
    const geo = squaresGeojson();
    const fig = choroplethMap(geo, [
      { unit: "140000", value: 0.75 },
      { unit: "110000", value: 0.15 },
      { unit: "120000", value: 0.35 },
      { unit: "130000", value: 0.36 },
    ]);
    const [ch, ...legend] = fig.data as Record<string, any>[];
    expect(ch.type).toBe("choropleth");
    expect(ch.featureidkey).toBe("properties.adcode");
    expect(ch.locations).toEqual(["140000", "110000", "120000", "130000"]);
    expect(ch.geojson.features).toHaveLength(4);
    expect(ch.showscale).toBe(false);
    // levels 8, 2, 4, 4 -> categories in level order 2, 4, 8 -> z indices
    expect(ch.z).toEqual([2, 0, 1, 1]);
    expect(ch.colorscale[0][1]).toBe(LEVEL_COLORS[2]);
    expect(ch.colorscale[5][1]).toBe(LEVEL_COLORS[8]);
    expect(legend.map((t) => t.name)).toEqual(["严重失调 serious imbalance", "轻度失调 mild imbalance", "中级协调 intermediate coordination"]);
    expect(legend.map((t) => t.marker.color)).toEqual([LEVEL_COLORS[2], LEVEL_COLORS[4], LEVEL_COLORS[8]]);
    expect(legend.every((t) => t.type === "scattergeo")).toBe(true);
    const g = fig.layout.geo as Record<string, any>;
    expect(g.visible).toBe(false);
    expect(g.projection.type).toBe("conic equal area");
    expect(ch.text[1]).toBe("北京<br>D = 0.150<br>严重失调 serious imbalance");
  });
  it("rings are wound clockwise for Plotly, and the input is left alone", () => {
    const geo = squaresGeojson();
    const ring0 = (geo.features[0].geometry!.coordinates as number[][][])[0];
    expect(area2(ring0)).toBeGreaterThan(0); // RFC 7946
    const fig = choroplethMap(geo, [{ unit: "110000", value: 0.5 }]);
    const wound = (fig.data[0] as any).geojson.features[0].geometry.coordinates[0];
    expect(area2(wound)).toBeLessThan(0);
    expect(area2(ring0)).toBeGreaterThan(0);
    expect(area2((windForPlotly(windForPlotly(geo)).features[0].geometry!.coordinates as number[][][])[0])).toBeLessThan(0);
  });
  it("winds the real province map as Plotly reads it: every exterior ring clockwise, every hole counter-clockwise", () => {
    const wound = windForPlotly(loadProvinceMap({ includeNonAnalysed: true }) as never);
    for (const f of wound.features) {
      const polys = f.geometry!.type === "Polygon" ? [f.geometry!.coordinates as number[][][]] : (f.geometry!.coordinates as number[][][][]);
      for (const poly of polys) poly.forEach((ring, k) => expect(area2(ring) < 0).toBe(k === 0));
    }
  });
  it("features without a row are drawn as no data (or left out)", () => {
    const geo = squaresGeojson();
    const fig = choroplethMap(geo, [{ unit: "110000", value: 0.5 }]);
    expect((fig.data[0] as any).locations).toEqual(["110000", "120000", "130000", "140000"]);
    expect(fig.data.map((t) => t.name)).toEqual(["", "勉强协调 barely coordinated", "无数据 No data"]);
    const fig2 = choroplethMap(geo, [{ unit: "110000", value: 0.5 }], { showMissing: false });
    expect((fig2.data[0] as any).locations).toEqual(["110000"]);
  });
  it("names the unknown province", () => {
    expect(() => choroplethMap(squaresGeojson(), [{ unit: "999999", value: 0.5 }])).toThrow(/no polygon feature with properties.adcode = "999999"/);
  });
});

describe("categoryMap / lisaClusterMap / regionsMap", () => {
  it("categoryMap: order and colours as given", () => {
    const fig = categoryMap(squaresGeojson(), [
      { unit: "110000", category: "a" },
      { unit: "120000", category: "b" },
      { unit: "130000", category: "c" },
      { unit: "140000", category: "a" },
    ], { colors: { a: "#111111", b: "#222222" }, order: ["b", "a"], labels: { a: "甲 A" }, title: "T" });
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["b", "甲 A", "c"]);
    expect((fig.data[1] as any).marker.color).toBe("#222222");
    expect((fig.data[2] as any).marker.color).toBe("#111111");
    expect((fig.data[0] as any).z).toEqual([1, 0, 2, 1]);
  });
  it("lisaClusterMap: LISA colours, bilingual labels, legend order HH LL LH HL ns isolated", () => {
    const fig = lisaClusterMap(squaresGeojson(), [
      { unit: "110000", cluster: "not significant" },
      { unit: "120000", cluster: "HL" },
      { unit: "130000", cluster: "High-High" },
      { unit: "140000", cluster: 6 },
    ]);
    const legend = fig.data.slice(1) as any[];
    expect(legend.map((t) => t.name)).toEqual(["高-高 HH", "高-低 HL", "不显著 Not significant", "孤立 Isolated"]);
    expect(legend.map((t) => t.marker.color)).toEqual([LISA_COLORS.HH, LISA_COLORS.HL, LISA_COLORS.ns, LISA_COLORS.isolated]);
    expect((fig.layout.title as any).text).toBe("LISA 集聚图 / LISA cluster map");
    expect(() => lisaClusterMap(squaresGeojson(), [{ unit: "110000", cluster: "?" }])).toThrow(/province 110000/);
  });
  it("regionsMap: regions from the registry in REGION_COLORS", () => {
    const fig = regionsMap(squaresGeojson());
    // 北京 天津 河北 are east, 山西 central
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["东部 East", "中部 Central"]);
    expect(fig.data.slice(1).map((t) => (t as any).marker.color)).toEqual([REGION_COLORS.east, REGION_COLORS.central]);
  });
});
