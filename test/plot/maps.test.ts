import { describe, expect, it } from "vitest";
import {
  categoryMap,
  choroplethMap,
  LEVEL_COLORS,
  LISA_COLORS,
  lisaClusterMap,
  PlotInputError,
  REGION_COLORS,
  regionsMap,
  windForPlotly,
  type MapFeatureCollection,
} from "../../src/plot";
import { loadProvinceMap } from "../../src/data/map";
import { couplingOf, KEYS, levelFields, lisaOf, squaresGeojson } from "./samples";

type Trace = Record<string, any>;
const area2 = (ring: number[][]) => ring.slice(0, -1).reduce((s, p, i) => s + p[0] * ring[i + 1][1] - ring[i + 1][0] * p[1], 0);

/** Four records of one year, levels under [a, b): 0.75 -> 8, 0.15 -> 2, 0.35 -> 4, 0.36 -> 4. */
function fourProvinces(year = 2020) {
  return [
    { adcode: "140000", year, D: 0.75, ...levelFields(8) },
    { adcode: "110000", year, D: 0.15, ...levelFields(2) },
    { adcode: "120000", year, D: 0.35, ...levelFields(4) },
    { adcode: "130000", year, D: 0.36, ...levelFields(4) },
  ];
}

describe("choroplethMap", () => {
  it("from a coupling result: one choropleth trace by adcode, legend entries per level present in order", () => {
    const fig = choroplethMap(squaresGeojson(), couplingOf(fourProvinces(), KEYS, "left"));
    const [ch, ...legend] = fig.data as Trace[];
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
    const g = fig.layout.geo as Trace;
    expect(g.visible).toBe(false);
    expect(g.projection.type).toBe("conic equal area");
    expect(ch.text[1]).toBe("北京<br>D = 0.150<br>严重失调 serious imbalance");
  });
  it("draws one time: the last by default, or the one asked for", () => {
    const r = couplingOf(
      [...fourProvinces(2019).map((x) => ({ ...x, D: 0.95, ...levelFields(10) })), ...fourProvinces(2020)],
      KEYS,
      "left",
    );
    expect((choroplethMap(squaresGeojson(), r).data[0] as Trace).z).toEqual([2, 0, 1, 1]);
    expect(choroplethMap(squaresGeojson(), r, { time: 2019 }).data.slice(1).map((t) => t.name)).toEqual(["优质协调 high-quality coordination"]);
    expect(() => choroplethMap(squaresGeojson(), r, { time: 2018 })).toThrow(/no record has year = 2018 \(times in the records: 2019, 2020\)/);
  });
  it("from plain records with field names; hover uses the label field", () => {
    const fig = choroplethMap(squaresGeojson(), [{ code: "110000", name: "京", d: 0.5, lv: 6 }], { unit: "code", label: "name", value: "d", level: "lv" });
    expect((fig.data[0] as Trace).text[0]).toBe("京<br>d = 0.500<br>勉强协调 barely coordinated");
    expect(() => choroplethMap(squaresGeojson(), [{ adcode: "110000", D: 0.5 }])).toThrow(/record 1 has no coordination level in field "level": pass the coupling result/);
  });
  it("rings are wound clockwise for Plotly, and the input is left alone", () => {
    const geo = squaresGeojson();
    const ring0 = (geo.features[0].geometry!.coordinates as number[][][])[0];
    expect(area2(ring0)).toBeGreaterThan(0); // RFC 7946
    const fig = choroplethMap(geo, [{ adcode: "110000", D: 0.5, level: 6 }]);
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
  it("features without a record are drawn as no data (or left out)", () => {
    const geo = squaresGeojson();
    const fig = choroplethMap(geo, [{ adcode: "110000", D: 0.5, level: 6 }]);
    expect((fig.data[0] as any).locations).toEqual(["110000", "120000", "130000", "140000"]);
    expect(fig.data.map((t) => t.name)).toEqual(["", "勉强协调 barely coordinated", "无数据 No data"]);
    const fig2 = choroplethMap(geo, [{ adcode: "110000", D: 0.5, level: 6 }], { showMissing: false });
    expect((fig2.data[0] as any).locations).toEqual(["110000"]);
  });
  it("a unit twice in the drawn time is refused with both records named", () => {
    expect(() =>
      choroplethMap(squaresGeojson(), [
        { adcode: "110000", D: 0.5, level: 6 },
        { adcode: "110000", D: 0.6, level: 7 },
      ]),
    ).toThrow(/records 1 and 2 both have unit 110000/);
  });
  it("highlight: the outline of the named units is dark and thick", () => {
    const fig = choroplethMap(squaresGeojson(), couplingOf(fourProvinces(), KEYS, "left"), { highlight: ["110000"] });
    const line = (fig.data[0] as Trace).marker.line;
    expect(line.color).toEqual(["#ffffff", "#111111", "#ffffff", "#ffffff"]);
    expect(line.width).toEqual([0.8, 2.5, 0.8, 0.8]);
    expect(() => choroplethMap(squaresGeojson(), couplingOf(fourProvinces(), KEYS, "left"), { highlight: ["990000"] })).toThrow(/highlight "990000" matches no unit/);
  });
});

describe("map ids: idProperty and the error for ids that match no feature", () => {
  const cities = (): MapFeatureCollection => {
    const geo = squaresGeojson();
    const names = ["Alpha", "Bravo", "Charlie", "Delta"];
    geo.features.forEach((f, k) => (f.properties = { code: `C${k + 1}`, name: names[k], pop: 100 + k }));
    return geo;
  };
  it("idProperty names the feature property that holds the ids (featureidkey follows)", () => {
    const fig = categoryMap(cities(), [{ city: "Bravo", kind: "x" }], { unit: "city", category: "kind", idProperty: "name" });
    const ch = fig.data[0] as Trace;
    expect(ch.featureidkey).toBe("properties.name");
    expect(ch.locations).toEqual(["Bravo", "Alpha", "Charlie", "Delta"]);
    // not a province: the hover shows the id
    expect(ch.text[0]).toBe("Bravo<br>x");
  });
  it("names the property, the unmatched ids (up to 5) with their 3 closest feature ids, and the properties to choose from", () => {
    const rows = ["Alpah", "Brav", "C9", "X1", "Y2", "Z3", "Delta"].map((id) => ({ id, c: "a" }));
    let message = "";
    try {
      categoryMap(cities(), rows, { unit: "id", category: "c", idProperty: "name" });
    } catch (e) {
      expect(e).toBeInstanceOf(PlotInputError);
      message = (e as Error).message;
    }
    expect(message).toContain("categoryMap: 6 record ids match no polygon feature by properties.name (4 features)");
    // Levenshtein distances to Alpha, Bravo, Charlie, Delta, by hand:
    // "Alpah": Alpha 2 (two substitutions), Bravo 5 (five substitutions), Charlie 7, Delta 4 (A->D, +e, l, p->t, a, -h)
    expect(message).toContain('"Alpah" (closest: "Alpha", "Delta", "Bravo")');
    // "Brav": Bravo 1 (+o), Alpha 5, Delta 5 (ties keep the features' order), Charlie 6
    expect(message).toContain('"Brav" (closest: "Bravo", "Alpha", "Delta")');
    expect(message).toContain('"Y2" (closest:');
    expect(message).not.toContain('"Z3"');
    expect(message).toContain("and 1 more");
    expect(message).toContain("pass { idProperty: ... }");
    expect(message).toContain('the first feature has properties: code = "C1", name = "Alpha", pop = 100');
  });
  it("the default property is adcode, said in the message", () => {
    expect(() => choroplethMap(squaresGeojson(), [{ adcode: "999999", D: 0.5, level: 6 }])).toThrow(
      /1 record id matches no polygon feature by properties.adcode \(4 features\): "999999" \(closest: "110000", "120000", "130000"\)/,
    );
  });
  it("a property path instead of a bare name is refused with the bare name to pass", () => {
    expect(() => choroplethMap(squaresGeojson(), [{ adcode: "110000", D: 0.5, level: 6 }], { idProperty: "properties.adcode" })).toThrow(
      /pass \{ idProperty: "adcode" \}/,
    );
  });
});

describe("categoryMap / lisaClusterMap / regionsMap", () => {
  it("categoryMap: order and colours as given", () => {
    const fig = categoryMap(
      squaresGeojson(),
      [
        { adcode: "110000", category: "a" },
        { adcode: "120000", category: "b" },
        { adcode: "130000", category: "c" },
        { adcode: "140000", category: "a" },
      ],
      { colors: { a: "#111111", b: "#222222" }, order: ["b", "a"], labels: { a: "甲 A" }, title: "T" },
    );
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["b", "甲 A", "c"]);
    expect((fig.data[1] as any).marker.color).toBe("#222222");
    expect((fig.data[2] as any).marker.color).toBe("#111111");
    expect((fig.data[0] as any).z).toEqual([1, 0, 2, 1]);
  });
  it("lisaClusterMap from a LISA result: the records' clusters, LISA colours, labels from the core, legend order", () => {
    const res = lisaOf(
      [
        { adcode: "110000", province: "北京市", z: 0.1, lag: 0.1, quadrant: "HH", cluster: "ns" },
        { adcode: "120000", province: "天津市", z: 1, lag: 0, quadrant: "HL", cluster: "HL" },
        { adcode: "130000", province: "河北省", z: 1, lag: 1, quadrant: "HH", cluster: "HH" },
        { adcode: "140000", province: "山西省", z: 0, lag: 0, quadrant: "LL", cluster: "isolated" },
      ],
      0.2,
    );
    const fig = lisaClusterMap(squaresGeojson(), res);
    const legend = fig.data.slice(1) as Trace[];
    expect(legend.map((t) => t.name)).toEqual(["高-高 HH", "高-低 HL", "不显著 Not significant", "孤立 Isolated"]);
    expect(legend.map((t) => t.marker.color)).toEqual([LISA_COLORS.HH, LISA_COLORS.HL, LISA_COLORS.ns, LISA_COLORS.isolated]);
    expect((fig.data[0] as Trace).text[1]).toBe("天津市<br>高-低 HL"); // the label key of the result
    expect((fig.layout.title as any).text).toBe("LISA 集聚图 / LISA cluster map");
  });
  it("lisaClusterMap from plain records reads other tools' labels and GeoDa codes; a bad one names the record", () => {
    const fig = lisaClusterMap(squaresGeojson(), [
      { adcode: "110000", cluster: "not significant" },
      { adcode: "120000", cluster: "High-Low" },
      { adcode: "130000", cluster: 1 },
      { adcode: "140000", cluster: 6 },
    ]);
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["高-高 HH", "高-低 HL", "不显著 Not significant", "孤立 Isolated"]);
    expect(() => lisaClusterMap(squaresGeojson(), [{ adcode: "110000", cluster: "?" }])).toThrow(/record 1 field "cluster": unknown LISA cluster label "\?"/);
  });
  it("regionsMap: regions from the registry in REGION_COLORS, labels from REGIONS", () => {
    const fig = regionsMap(squaresGeojson());
    // 北京 天津 河北 are east, 山西 central
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["东部 East", "中部 Central"]);
    expect(fig.data.slice(1).map((t) => (t as any).marker.color)).toEqual([REGION_COLORS.east, REGION_COLORS.central]);
  });
  it("regionsMap: groupOf gives any grouping, by id and feature", () => {
    const fig = regionsMap(squaresGeojson(), { groupOf: (id) => (id === "140000" ? "西部" : id === "110000" ? "capital" : undefined) });
    // a region name takes the region's colour and bilingual name; features without a group are no data
    expect(fig.data.slice(1).map((t) => t.name)).toEqual(["西部 West", "capital", "无数据 No data"]);
    expect((fig.data[1] as Trace).marker.color).toBe(REGION_COLORS.west);
  });
});
