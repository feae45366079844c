// featureCentroids and southeastGradient. Expected values: centroids of squares by hand, the old
// notebooks' largest-ring formula written out below, the regression solved from its normal
// equations on the raw values (not from correlations), group means by hand, and paper 2's 2011 and
// 2019 numbers as notebook 02 printed them before these functions existed.
import { describe, expect, it } from "vitest";
import { dataPath } from "../../src/data/paths";
import { loadProvinceMap } from "../../src/data/map";
import { readSpec } from "../../src/data/spec";
import { loadPanel } from "../../src/data/panel";
import { coupling } from "../../src/frame/coupling";
import { entropy } from "../../src/frame/entropy";
import { FrameError } from "../../src/frame/errors";
import { featureCentroids, southeastGradient, type CentroidFeatures } from "../../src/frame/gradient";

const square = (x: number, y: number, s: number) => [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]];

/** Unit squares of side 0.2 centred on the given points, as a FeatureCollection with property "id". */
function squares(points: Record<string, [number, number]>): CentroidFeatures {
  return {
    type: "FeatureCollection",
    features: Object.entries(points).map(([id, [x, y]]) => ({ properties: { id, name: `unit ${id}` }, geometry: { type: "Polygon", coordinates: square(x - 0.1, y - 0.1, 0.2) } })),
  };
}

describe("featureCentroids", () => {
  const fcol: CentroidFeatures = {
    type: "FeatureCollection",
    features: [
      { properties: { adcode: "A", name: "甲" }, geometry: { type: "Polygon", coordinates: square(0, 0, 1) } },
      { properties: { adcode: 2 }, geometry: { type: "MultiPolygon", coordinates: [square(10, 0, 2), square(20, 0, 1)] } },
      { properties: { adcode: "P" }, geometry: { type: "Point", coordinates: [5, 5] } },
    ],
  };

  it("all polygons area-weighted, or the largest one; points skipped; ids as text", () => {
    const c = featureCentroids(fcol);
    expect(c.rows.map((r) => r.adcode)).toEqual(["A", "2"]);
    expect(c.of("A")).toEqual([0.5, 0.5]);
    // the 2x2 square (area 4, centre [11, 1]) and the unit square (area 1, centre [20.5, 0.5]): (4 [11, 1] + [20.5, 0.5]) / 5
    expect(c.of(2)[0]).toBeCloseTo(12.9, 12);
    expect(c.of("2")[1]).toBeCloseTo(0.9, 12);
    const big = featureCentroids(fcol, { part: "largest" });
    expect(big.of("2")).toEqual([11, 1]);
    expect(big.part).toBe("largest");
    expect(c.rows[0].name).toBe("甲");
    expect(c.rows[1].name).toBe("2");
  });

  it("errors name the feature and the id", () => {
    expect(() => featureCentroids(fcol).of("B")).toThrow('featureCentroids: no feature with adcode = "B" (2 features)');
    const noId = { type: "FeatureCollection", features: [{ properties: { name: "x" }, geometry: { type: "Polygon", coordinates: square(0, 0, 1) } }] };
    expect(() => featureCentroids(noId)).toThrow("feature 1 (counted from 1) has no usable id in properties.adcode");
    const twice = { type: "FeatureCollection", features: [fcol.features[0], fcol.features[0]] };
    expect(() => featureCentroids(twice)).toThrow("features 1 and 2 (counted from 1) both have adcode = A");
    expect(() => featureCentroids(fcol, { part: "main" as "all" })).toThrow('part must be "all" or "largest"');
    expect(() => featureCentroids({ type: "Feature", features: [] })).toThrow(FrameError);
  });

  it("part 'largest' on the bundled map is the old notebooks' centroid of the largest outer ring", () => {
    // the formula notebooks 02-04 used: shoelace centroid of the outer ring of the polygon with the largest |area|
    const old = (g: { type: string; coordinates: number[][][] | number[][][][] }) => {
      let best = { a: 0, x: 0, y: 0 };
      for (const p of (g.type === "Polygon" ? [g.coordinates] : g.coordinates) as number[][][][]) {
        const ring = p[0];
        let a = 0, x = 0, y = 0;
        for (let i = 0; i + 1 < ring.length; i++) {
          const f = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
          a += f;
          x += (ring[i][0] + ring[i + 1][0]) * f;
          y += (ring[i][1] + ring[i + 1][1]) * f;
        }
        if (Math.abs(a) > Math.abs(best.a)) best = { a, x: x / (3 * a), y: y / (3 * a) };
      }
      return [best.x, best.y];
    };
    const map = loadProvinceMap({ includeNonAnalysed: true });
    const c = featureCentroids(map as unknown as CentroidFeatures, { part: "largest" });
    expect(c.rows).toHaveLength(34);
    for (const f of map.features) {
      const [x, y] = old(f.geometry as never);
      const [lon, lat] = c.of(String(f.properties.adcode));
      // 1e-8 degrees: the old formula sums in absolute coordinates and loses ~2e-9 on Macao's tiny polygon
      expect(Math.abs(lon - x), String(f.properties.adcode)).toBeLessThan(1e-8);
      expect(Math.abs(lat - y), String(f.properties.adcode)).toBeLessThan(1e-8);
    }
  });
});

/** OLS of y on (1, x1, x2) from the 3x3 normal equations (Cramer's rule), then b_k sd(x_k) / sd(y). */
function standardisedOls(y: number[], x1: number[], x2: number[]): [number, number] {
  const n = y.length;
  const s = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i)).reduce((a, b) => a + b, 0);
  const A = [
    [n, s((i) => x1[i]), s((i) => x2[i])],
    [s((i) => x1[i]), s((i) => x1[i] * x1[i]), s((i) => x1[i] * x2[i])],
    [s((i) => x2[i]), s((i) => x1[i] * x2[i]), s((i) => x2[i] * x2[i])],
  ];
  const rhs = [s((i) => y[i]), s((i) => x1[i] * y[i]), s((i) => x2[i] * y[i])];
  const det = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const col = (k: number) => A.map((row, r) => row.map((v, c) => (c === k ? rhs[r] : v)));
  const d = det(A);
  const b1 = det(col(1)) / d;
  const b2 = det(col(2)) / d;
  const sd = (v: number[]) => {
    const m = v.reduce((a, b) => a + b, 0) / n;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0));
  };
  return [(b1 * sd(x1)) / sd(y), (b2 * sd(x2)) / sd(y)];
}

describe("southeastGradient", () => {
  const points: Record<string, [number, number]> = { A: [0, 0], B: [1, 0], C: [0, 1], D: [2, 1], E: [1, 2] };
  const map = squares(points);
  const centroids = featureCentroids(map, { idProperty: "id" });
  const D2019: Record<string, number> = { A: 0.1, B: 0.5, C: 0.2, D: 0.6, E: 0.3 };
  const D2020: Record<string, number> = { A: 0.6, B: 0.2, C: 0.5, D: 0.1, E: 0.3 };
  const group: Record<string, string> = { A: "west", B: "west", C: "west", D: "east", E: "east" };
  const rows = Object.keys(points).flatMap((id) => [
    { id, t: 2019, g: group[id], D: D2019[id] },
    { id, t: 2020, g: group[id], D: D2020[id] },
  ]);

  it("the standardised coefficients of the least-squares fit, the group means by hand", () => {
    const r = southeastGradient(rows, centroids, { unit: "id", time: "t", group: "g", higher: ["east"], panelName: "toy" });
    expect(r.rows.map((x) => x.t)).toEqual([2019, 2020]);
    for (const [k, Dv] of [D2019, D2020].entries()) {
      const ids = Object.keys(points);
      const [b1, b2] = standardisedOls(ids.map((i) => Dv[i]), ids.map((i) => points[i][0]), ids.map((i) => points[i][1]));
      expect(r.rows[k].beta_lon).toBeCloseTo(b1, 10);
      expect(r.rows[k].beta_lat).toBeCloseTo(b2, 10);
      expect(r.rows[k].southeast_high).toBe(b1 > 0 && b2 < 0);
      expect(r.rows[k].n).toBe(5);
    }
    // 2019 is higher to the east (B and D) and 2020 to the west (A and C): one reads SE-high, one not
    expect([r.rows[0].beta_lon > 0, r.rows[1].beta_lon > 0]).toEqual([true, false]);
    // 2019: west (A, B, C) = (0.1 + 0.5 + 0.2) / 3 = 0.2666..., east (D, E) = (0.6 + 0.3) / 2 = 0.45
    expect(r.rows[0].means.west).toBeCloseTo(0.8 / 3, 14);
    expect(r.rows[0].means.east).toBeCloseTo(0.45, 14);
    expect(r.rows[0].higher_holds).toBe(true);
    // 2020: west (0.6 + 0.2 + 0.5) / 3 = 0.4333..., east (0.1 + 0.3) / 2 = 0.2
    expect(r.rows[1].means.east).toBeCloseTo(0.2, 14);
    expect(r.rows[1].higher_holds).toBe(false);
    expect(r.tableRows[0]).toMatchObject({ t: 2019, "面板 panel": "toy", "β 经度 lon": r.rows[0].beta_lon, "west": r.rows[0].means.west });
    expect(r.tableRows[0]["east更高 east higher"]).toBe("是 yes");
    expect(r.tableRows[1]["east更高 east higher"]).toBe("否 no");
  });

  it("one time when asked; no higher groups gives null and no column", () => {
    const r = southeastGradient(rows, centroids, { unit: "id", time: "t", group: "g", times: ["2020"] });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].higher_holds).toBeNull();
    expect(Object.keys(r.tableRows[0])).toEqual(["t", "β 经度 lon", "β 纬度 lat", "west", "east", "东南高西北低 SE high"]);
  });

  it("paper 2: the numbers notebook 02 printed for 2011 and 2019 (NBS regions by default)", () => {
    const e = entropy(loadPanel("zhou-xu-li"), readSpec(dataPath("specs", "zhou-xu-li.csv")));
    const cd = coupling(e.scores, { systems: e.systems.map((s) => s.id) });
    const c = featureCentroids(loadProvinceMap() as unknown as CentroidFeatures, { part: "largest" });
    const g = southeastGradient(cd, c, { times: [2011, 2019] });
    const printed = [
      { beta_lon: 0.582, beta_lat: -0.131, east: 0.414, central: 0.335, west: 0.236, northeast: 0.305 },
      { beta_lon: 0.527, beta_lat: -0.233, east: 0.675, central: 0.579, west: 0.412, northeast: 0.449 },
    ];
    printed.forEach((p, k) => {
      const r = g.rows[k];
      expect(Math.abs(r.beta_lon - p.beta_lon)).toBeLessThanOrEqual(5e-4);
      expect(Math.abs(r.beta_lat - p.beta_lat)).toBeLessThanOrEqual(5e-4);
      for (const region of ["east", "central", "west", "northeast"] as const) expect(Math.abs(r.means[region] - p[region])).toBeLessThanOrEqual(5e-4);
      expect(r.southeast_high).toBe(true);
      expect(r.higher_holds).toBe(true);
      expect(r.n).toBe(31);
    });
    expect(g.higher).toEqual(["east", "central"]);
    expect(g.groups.map((x) => x.id)).toEqual(["east", "central", "west", "northeast"]);
  });

  it("errors name the unit or the time", () => {
    const noF = [...rows, { id: "Z", t: 2019, g: "east", D: 0.4 }, { id: "Z", t: 2020, g: "east", D: 0.4 }];
    expect(() => southeastGradient(noF, centroids, { unit: "id", time: "t", group: "g" })).toThrow(/1 unit has no centroid \(by id\)\n  - unit Z/);
    const flat = rows.map((r) => ({ ...r, D: 0.3 }));
    expect(() => southeastGradient(flat, centroids, { unit: "id", time: "t", group: "g" })).toThrow(/southeastGradient: 2019: .*constant D/);
    const two = rows.filter((r) => r.id === "A" || r.id === "B");
    expect(() => southeastGradient(two, centroids, { unit: "id", time: "t", group: "g" })).toThrow("2019 has 2 units; the regression on longitude and latitude needs at least 3");
    expect(() => southeastGradient(rows, centroids, { unit: "id", time: "t", group: "g", higher: ["north"] })).toThrow('higher names the group "north"');
    expect(() => southeastGradient(rows, centroids, { unit: "id", time: "t", group: "g", times: [2030] })).toThrow("times 2030 is not in the rows");
    expect(() => southeastGradient(rows, {} as never, { unit: "id", time: "t" })).toThrow("centroids must be a cc.featureCentroids(...) result");
    // without a group the NBS regions apply, which know provinces only
    expect(() => southeastGradient(rows, centroids, { unit: "id", time: "t" })).toThrow(/NBS_REGIONS: unit "A" is not one of the 31 provinces/);
  });
});
