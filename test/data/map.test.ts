import { describe, expect, it } from "vitest";
import * as fs from "fs";
import {
  decodeEchartsRing,
  decodeEchartsMap,
  ringSignedArea2,
  rewindPolygon,
  isDegenerateRing,
  LinearRing,
} from "../../src/data/echarts";
import { buildProvinceMap, loadProvinceMap } from "../../src/data/map";
import { dataPath } from "../../src/data/paths";
import { PROVINCE_ADCODES } from "../../src/data/registry";

const raw = () => JSON.parse(fs.readFileSync(dataPath("sources", "raw", "echarts-4.9.0-china.json"), "utf8"));

/** Encode integer points the way echarts does, to test the decoder on known numbers. */
function encode(points: [number, number][], offsets: [number, number]): string {
  let [px, py] = offsets;
  let s = "";
  for (const [x, y] of points) {
    const dx = x - px;
    const dy = y - py;
    px = x;
    py = y;
    s += String.fromCharCode(((dx << 1) ^ (dx >> 31)) + 64, ((dy << 1) ^ (dy >> 31)) + 64);
  }
  return s;
}

const rings = (g: { type: string; coordinates: unknown }): LinearRing[][] =>
  g.type === "Polygon" ? [g.coordinates as LinearRing[]] : (g.coordinates as LinearRing[][]);

describe("echarts decoder", () => {
  it("decodes zig-zag deltas from the offsets, scale 1024", () => {
    expect(decodeEchartsRing("@@BB", [1024, 2048])).toEqual([[1, 2], [1 + 1 / 1024, 2 + 1 / 1024]]);
    const pts: [number, number][] = [[120000, 30000], [120010, 29990], [119990, 30005], [120000, 30000]];
    const s = encode(pts, [120000, 30000]);
    expect(decodeEchartsRing(s, [120000, 30000])).toEqual(pts.map(([x, y]) => [x / 1024, y / 1024]));
  });

  it("orientation helpers follow RFC 7946", () => {
    const cw: LinearRing = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]];
    expect(ringSignedArea2(cw)).toBeLessThan(0);
    const [ext, hole] = rewindPolygon([cw, cw.slice().reverse()]);
    expect(ringSignedArea2(ext)).toBeGreaterThan(0);
    expect(ringSignedArea2(hole)).toBeLessThan(0);
    expect(isDegenerateRing([[0, 0], [1, 1], [0, 0]])).toBe(true);
  });

  it("decodes the echarts china map: 34 features, closed rings, bounding box of China", () => {
    const fc = decodeEchartsMap(raw());
    expect(fc.features).toHaveLength(34);
    expect(fc.dropped).toBe(30); // two-point "islands" of the source
    let minX = 180, minY = 90, maxX = -180, maxY = -90;
    for (const f of fc.features) for (const poly of rings(f.geometry)) poly.forEach((r, k) => {
      expect(r[0]).toEqual(r[r.length - 1]);
      expect(r.length).toBeGreaterThanOrEqual(4);
      expect(ringSignedArea2(r) > 0).toBe(k === 0);
      for (const [x, y] of r) { minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y); }
    });
    expect(minX).toBeGreaterThan(73); expect(maxX).toBeLessThan(136);
    expect(minY).toBeGreaterThan(18); expect(maxY).toBeLessThan(54);
  });
});

describe("bundled province map", () => {
  it("the committed GeoJSON equals a rebuild from the raw echarts file", () => {
    const built = buildProvinceMap(raw(), { digits: 5 });
    const committed = loadProvinceMap({ includeNonAnalysed: true });
    expect(committed).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it("31 analysed provinces by default, Taiwan / Hong Kong / Macao flagged and excluded", () => {
    const fc = loadProvinceMap();
    expect(fc.features.map((f) => f.properties.adcode)).toEqual([...PROVINCE_ADCODES]);
    const all = loadProvinceMap({ includeNonAnalysed: true });
    expect(all.features).toHaveLength(34);
    const off = all.features.filter((f) => !f.properties.analysed);
    expect(off.map((f) => [f.properties.adcode, f.properties.shortName, f.properties.region])).toEqual([
      ["710000", "台湾", null], ["810000", "香港", null], ["820000", "澳门", null],
    ]);
    const gx = fc.features.find((f) => f.id === "450000")!;
    expect(gx.properties).toEqual({
      adcode: "450000", name: "广西壮族自治区", shortName: "广西", nameEn: "Guangxi",
      region: "west", regionZh: "西部", regionEn: "West", analysed: true,
    });
    const counts: Record<string, number> = {};
    for (const f of fc.features) counts[f.properties.region!] = (counts[f.properties.region!] ?? 0) + 1;
    expect(counts).toEqual({ east: 10, central: 6, west: 12, northeast: 3 });
  });

  it("rings are RFC 7946 in the file: exterior counter-clockwise, holes clockwise", () => {
    const fc = loadProvinceMap({ includeNonAnalysed: true });
    fc.features.forEach((f) => {
      rings(f.geometry).forEach((poly) => poly.forEach((r, k) => expect(ringSignedArea2(r) > 0).toBe(k === 0)));
    });
  });

  it("coordinates have at most 5 decimals and the echarts LICENSE and NOTICE sit beside the map", () => {
    const text = fs.readFileSync(dataPath("provinces", "china-provinces.geojson"), "utf8");
    expect(/\d\.\d{6,}/.test(text)).toBe(false);
    expect(fs.readFileSync(dataPath("provinces", "LICENSE-echarts.txt"), "utf8")).toMatch(/Apache License/);
    expect(fs.readFileSync(dataPath("provinces", "NOTICE-echarts.txt"), "utf8")).toMatch(/Apache ECharts/);
  });
});
