import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EllipseInputError, meanCenter, polygonCentroid, standardEllipse, type EllipseCorrection } from "../../src/core/ellipse";
import { decodeEchartsMap } from "../../src/data/echarts";
import golden from "../golden/toolkit/ellipse.json";

// golden tolerance: centres, axes, area, flattening absolute 1e-10 or relative 1e-9;
// angles absolute 1e-9 rad / 1e-7 deg, modulo pi (180 deg)
const ABS = golden.tolerance.absolute;
const REL = golden.tolerance.relative;
function close(a: number, b: number, what: string, abs = ABS, rel = REL) {
  const d = Math.abs(a - b);
  if (!(d <= abs || d <= rel * Math.abs(b))) throw new Error(`${what}: ${a} vs ${b} (|diff| ${d})`);
}
/** Distance between two directions modulo `period`. */
function modDist(a: number, b: number, period: number) {
  const d = (((a - b) % period) + period) % period;
  return Math.min(d, period - d);
}
const GOLDEN_NAME: Record<EllipseCorrection, string> = { none: "uncorrected", sqrt2: "sqrt2", dof: "dof", crimestat: "crimestat" };

describe("standardEllipse / meanCenter: hand computation (doc examples)", () => {
  it("cross (2,0),(-2,0),(0,1),(0,-1): axes sqrt2 and sqrt(1/2) along x", () => {
    const e = standardEllipse([[2, 0], [-2, 0], [0, 1], [0, -1]]);
    expect(e.center).toEqual([0, 0]);
    expect(e.weighted_mean_center).toBeNull();
    close(e.major, Math.sqrt(8 / 4), "major", 1e-15);
    close(e.minor, Math.sqrt(2 / 4), "minor", 1e-15);
    expect(e.angle).toBe(0);
    expect(e.azimuth).toBe(90);
    expect(e.correction).toBe("none");
    expect(e.factor).toBe(1);
    close(e.axes.crimestat.major, Math.SQRT2 * Math.sqrt(4 / 2) * Math.SQRT2, "crimestat", 1e-15);
    close(e.area, Math.PI * Math.SQRT2 * Math.SQRT1_2, "area", 1e-15);
    expect(e.coordinates).toBe("planar");
    const w = standardEllipse([[1, 0], [-1, 0], [0, 1], [0, -1]], { weights: [3, 1, 1, 1] });
    close(w.center[0], 1 / 3, "wx", 1e-15);
    expect(w.center[1]).toBe(0);
    expect(w.mean_center).toEqual([0, 0]);
    // weighted sum of squares about (1/3, 0): x 3(2/3)^2 + (4/3)^2 + 2(1/3)^2 = 10/3, y 2; sum w = 6
    close(w.major, Math.sqrt(10 / 3 / 6), "wmajor", 1e-15);
    close(w.minor, Math.sqrt(2 / 6), "wminor", 1e-15);
  });

  it("meanCenter", () => {
    const m = meanCenter([[0, 0], [2, 0], [0, 4]]);
    close(m[0], 2 / 3, "x", 1e-15);
    close(m[1], 4 / 3, "y", 1e-15);
    const w = meanCenter([[1, 0], [-1, 0], [0, 1], [0, -1]], [3, 1, 1, 1]);
    close(w[0], 1 / 3, "wx", 1e-15);
    expect(w[1]).toBe(0);
  });

  it("a vertical ellipse has angle pi/2 (not -pi/2) and azimuth 0; a circle angle 0", () => {
    const v = standardEllipse([[0, 2], [0, -2], [1, 0], [-1, 0]]);
    expect(v.angle).toBe(Math.PI / 2);
    expect(v.azimuth).toBe(0);
    const c = standardEllipse([[1, 0], [-1, 0], [0, 1], [0, -1]]);
    expect(c.angle).toBe(0);
    expect(c.flattening).toBe(0);
    // 45 degrees: along y = x
    const d = standardEllipse([[2, 2], [-2, -2], [1, -1], [-1, 1]]);
    close(d.angle, Math.PI / 4, "45", 1e-15);
    close(d.azimuth, 45, "az45", 1e-13);
    const e = standardEllipse([[2, -2], [-2, 2], [1, 1], [-1, -1]]);
    close(e.angle, -Math.PI / 4, "-45", 1e-15);
    close(e.azimuth, 135, "az135", 1e-13);
  });
});

describe("standardEllipse: golden cases (pointpats), every number", () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const e = c.expected as any;
      const inp = c.input as { points: [number, number][]; weights: number[] | null };
      const lonlat = c.name.startsWith("provinces");
      for (const corr of ["none", "sqrt2", "dof", "crimestat"] as const) {
        const r = standardEllipse(inp.points, { weights: inp.weights ?? undefined, correction: corr, lonlat });
        expect(r.n).toBe(e.n);
        close(r.mean_center[0], e.mean_center[0], "mean_center x");
        close(r.mean_center[1], e.mean_center[1], "mean_center y");
        if (e.weighted_mean_center === null) {
          expect(r.weighted_mean_center).toBeNull();
          expect(r.center).toEqual(r.mean_center);
        } else {
          close(r.weighted_mean_center![0], e.weighted_mean_center[0], "wmc x");
          close(r.weighted_mean_center![1], e.weighted_mean_center[1], "wmc y");
          expect(r.center).toEqual(r.weighted_mean_center);
        }
        expect(modDist(r.angle, e.angle_major_rad_ccw_from_x, Math.PI)).toBeLessThanOrEqual(1e-9);
        expect(modDist(r.angle_major_deg_ccw_from_x, e.angle_major_deg_ccw_from_x, 180)).toBeLessThanOrEqual(1e-7);
        expect(modDist(r.azimuth, e.azimuth_major_deg_cw_from_north, 180)).toBeLessThanOrEqual(1e-7);
        close(r.flattening, e.flattening, "flattening");
        for (const k of ["none", "sqrt2", "dof", "crimestat"] as const) {
          const ea = e.axes[GOLDEN_NAME[k]];
          for (const f of ["major", "minor", "factor", "area"] as const) close(r.axes[k][f], ea[f], `${c.name} ${k} ${f}`);
        }
        const ea = e.axes[GOLDEN_NAME[corr]];
        close(r.major, ea.major, "major");
        close(r.minor, ea.minor, "minor");
        close(r.area, ea.area, "area");
        expect(r.correction).toBe(corr);
        expect(r.coordinates).toBe(lonlat ? "lon/lat degrees treated as planar" : "planar");
      }
    });
  }

  it("paper 2: the D-weighted centre moves from 2011 to 2019, the azimuth turns from 68.8 to 71.9 degrees", () => {
    const get = (name: string) => golden.cases.find((x) => x.name === name)!.input as any;
    const a = standardEllipse(get("provinces-centroids-paper2-A-D-2011").points, {
      weights: get("provinces-centroids-paper2-A-D-2011").weights,
      lonlat: true,
    });
    const b = standardEllipse(get("provinces-centroids-paper2-A-D-2019").points, {
      weights: get("provinces-centroids-paper2-A-D-2019").weights,
      lonlat: true,
    });
    close(b.center[0] - a.center[0], 113.11587488062291 - 113.50729547850099, "dx", 1e-10);
    close(b.center[1] - a.center[1], 33.19538028627013 - 33.45164938213754, "dy", 1e-10);
    close(b.azimuth - a.azimuth, 71.85535019593094 - 68.83151870966111, "daz", 1e-7);
  });
});

describe("polygonCentroid", () => {
  const sq = (x0: number, y0: number, s = 1) => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];

  it("hand shapes: unit square, L-shape, two squares, a square with a hole, orientation, open rings", () => {
    expect(polygonCentroid({ type: "Polygon", coordinates: [sq(0, 0)] })).toEqual([0.5, 0.5]);
    // L: the bar [0,2]x[0,1] (area 2, centroid (1, 0.5)) + the square [0,1]x[1,2] (area 1, centroid (0.5, 1.5))
    const L = polygonCentroid({ type: "Polygon", coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] });
    close(L[0], (2 * 1 + 1 * 0.5) / 3, "Lx", 1e-15);
    close(L[1], (2 * 0.5 + 1 * 1.5) / 3, "Ly", 1e-15);
    // two squares: unit square at the origin (area 1) and a 2x2 square at (4, 0) (area 4, centroid (5, 1))
    const two = polygonCentroid({ type: "MultiPolygon", coordinates: [[sq(0, 0)], [sq(4, 0, 2)]] });
    close(two[0], (1 * 0.5 + 4 * 5) / 5, "two x", 1e-15);
    close(two[1], (1 * 0.5 + 4 * 1) / 5, "two y", 1e-15);
    // 4x4 square minus the unit hole [0,1]x[0,1]: (16 * (2, 2) - 1 * (0.5, 0.5)) / 15
    const hole = polygonCentroid({ type: "Polygon", coordinates: [sq(0, 0, 4), sq(0, 0)] });
    close(hole[0], (16 * 2 - 0.5) / 15, "hole x", 1e-15);
    close(hole[1], (16 * 2 - 0.5) / 15, "hole y", 1e-15);
    // clockwise exterior, hole in either orientation, ring not closed
    const cw = polygonCentroid({ type: "Polygon", coordinates: [sq(0, 0, 4).reverse(), sq(0, 0).slice(0, 4)] });
    close(cw[0], (16 * 2 - 0.5) / 15, "cw x", 1e-15);
    // a zero-area sliver part adds nothing
    const sliver = polygonCentroid({ type: "MultiPolygon", coordinates: [[sq(0, 0)], [[[9, 9], [10, 10], [9, 9]]]] });
    expect(sliver).toEqual([0.5, 0.5]);
    // far from the origin (lon/lat-like magnitudes): exact centre of a square
    const far = polygonCentroid({ type: "Polygon", coordinates: [sq(116.25, 39.5, 0.5)] });
    close(far[0], 116.5, "far x", 1e-13);
    close(far[1], 39.75, "far y", 1e-13);
  });

  it("reproduces the golden file's province points from the echarts 4.9.0 map (decoded, not rounded)", () => {
    const raw = JSON.parse(readFileSync(join(__dirname, "../../data/sources/raw/echarts-4.9.0-china.json"), "utf8"));
    const map = decodeEchartsMap(raw);
    const c = golden.cases.find((x) => x.name === "provinces-centroids-unweighted")!.input as any;
    const byId = new Map(map.features.map((f) => [String(f.id), f]));
    c.unit_ids.forEach((id: number, i: number) => {
      const f = byId.get(String(id));
      expect(f, String(id)).toBeDefined();
      const p = polygonCentroid(f!.geometry as any);
      close(p[0], c.points[i][0], `${id} x`);
      close(p[1], c.points[i][1], `${id} y`);
    });
  });

  it("the packaged map (coordinates rounded to 1e-5 degree) gives the same points to 1e-5", () => {
    const gj = JSON.parse(readFileSync(join(__dirname, "../../data/provinces/china-provinces.geojson"), "utf8"));
    const c = golden.cases.find((x) => x.name === "provinces-centroids-unweighted")!.input as any;
    c.unit_ids.forEach((id: number, i: number) => {
      const f = gj.features.find((x: any) => String(x.properties.adcode) === String(id));
      const p = polygonCentroid(f.geometry);
      expect(Math.abs(p[0] - c.points[i][0]), `${id} x`).toBeLessThan(1e-5);
      expect(Math.abs(p[1] - c.points[i][1]), `${id} y`).toBeLessThan(1e-5);
    });
  });

  it("errors", () => {
    expect(() => polygonCentroid({ type: "Point", coordinates: [0, 0] } as any)).toThrow(/Polygon or MultiPolygon.*"Point"/);
    expect(() => polygonCentroid({ type: "Polygon", coordinates: [[[0, 0], [1, NaN], [1, 1]]] })).toThrow(
      /coordinates\[1\]\[2\].*two finite numbers/,
    );
    expect(() => polygonCentroid({ type: "Polygon", coordinates: [[[0, 0], [1, 1], [0, 0]]] })).toThrow(/no area/);
    expect(() => polygonCentroid(null as any)).toThrow(EllipseInputError);
  });
});

const pointArb = fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }));
const cloudArb = fc
  .array(fc.record({ p: pointArb, w: fc.double({ min: 0.1, max: 10, noNaN: true }) }), { minLength: 3, maxLength: 25 })
  .filter((u) => {
    // a clearly elongated cloud, so that the major axis is well defined
    try {
      return standardEllipse(u.map((t) => t.p)).flattening > 0.05;
    } catch {
      return false;
    }
  });

describe("standardEllipse: properties", () => {
  it("rotating the points by theta rotates the centre and the angle (modulo pi), axes unchanged", () => {
    fc.assert(
      fc.property(cloudArb, fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), fc.boolean(), (u, theta, weighted) => {
        const c = Math.cos(theta);
        const s = Math.sin(theta);
        const pts = u.map((t) => t.p);
        const rot = pts.map(([x, y]) => [c * x - s * y, s * x + c * y] as [number, number]);
        const opts = { weights: weighted ? u.map((t) => t.w) : undefined };
        const a = standardEllipse(pts, opts);
        if (weighted && a.flattening < 0.02) return; // weights can make the cloud round
        const b = standardEllipse(rot, opts);
        const scale = Math.max(1, a.major);
        expect(Math.abs(b.major - a.major)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(b.minor - a.minor)).toBeLessThanOrEqual(1e-9 * scale);
        expect(modDist(b.angle, a.angle + theta, Math.PI)).toBeLessThanOrEqual(1e-7);
        expect(Math.abs(b.center[0] - (c * a.center[0] - s * a.center[1]))).toBeLessThanOrEqual(1e-9 * 100);
        expect(Math.abs(b.center[1] - (s * a.center[0] + c * a.center[1]))).toBeLessThanOrEqual(1e-9 * 100);
        expect(b.angle).toBeGreaterThan(-Math.PI / 2);
        expect(b.angle).toBeLessThanOrEqual(Math.PI / 2);
        expect(b.azimuth).toBeGreaterThanOrEqual(0);
        expect(b.azimuth).toBeLessThan(180);
      }),
      { numRuns: 200 },
    );
  });

  it("unchanged when the points (with their weights) are reordered", () => {
    fc.assert(
      fc.property(
        cloudArb.chain((u) => fc.tuple(fc.constant(u), fc.shuffledSubarray(u, { minLength: u.length, maxLength: u.length }))),
        ([u, v]) => {
          const a = standardEllipse(u.map((t) => t.p), { weights: u.map((t) => t.w), correction: "crimestat" });
          const b = standardEllipse(v.map((t) => t.p), { weights: v.map((t) => t.w), correction: "crimestat" });
          const scale = Math.max(1, a.major);
          expect(Math.abs(a.major - b.major)).toBeLessThanOrEqual(1e-10 * scale);
          expect(Math.abs(a.minor - b.minor)).toBeLessThanOrEqual(1e-10 * scale);
          expect(Math.abs(a.center[0] - b.center[0])).toBeLessThanOrEqual(1e-10 * 100);
          expect(Math.abs(a.center[1] - b.center[1])).toBeLessThanOrEqual(1e-10 * 100);
          if (a.flattening > 0.01) expect(modDist(a.angle, b.angle, Math.PI)).toBeLessThanOrEqual(1e-8);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the axes are the weighted standard deviations along them: brute force over directions", () => {
    fc.assert(
      fc.property(cloudArb, (u) => {
        const pts = u.map((t) => t.p);
        const w = u.map((t) => t.w);
        const e = standardEllipse(pts, { weights: w });
        const W = w.reduce((a, b) => a + b, 0);
        const sdAlong = (phi: number) =>
          Math.sqrt(
            pts.reduce((s, [x, y], i) => {
              const d = (x - e.center[0]) * Math.cos(phi) + (y - e.center[1]) * Math.sin(phi);
              return s + w[i] * d * d;
            }, 0) / W,
          );
        // the major axis maximises the spread over 720 directions, the minor one minimises it
        let hi = 0;
        let lo = Infinity;
        for (let k = 0; k < 720; k++) {
          const v = sdAlong((k * Math.PI) / 720);
          hi = Math.max(hi, v);
          lo = Math.min(lo, v);
        }
        expect(e.major).toBeGreaterThanOrEqual(hi - 1e-9 * hi);
        expect(e.minor).toBeLessThanOrEqual(lo + 1e-9 * hi);
        expect(Math.abs(sdAlong(e.angle) - e.major)).toBeLessThanOrEqual(1e-9 * e.major);
        expect(Math.abs(sdAlong(e.angle + Math.PI / 2) - e.minor)).toBeLessThanOrEqual(1e-9 * e.major);
      }),
      { numRuns: 100 },
    );
  });
});

describe("standardEllipse: options and errors", () => {
  it("lonlat: checks the ranges and says how the coordinates were used", () => {
    const e = standardEllipse([[116, 40], [121, 31], [104, 30]], { lonlat: true });
    expect(e.coordinates).toBe("lon/lat degrees treated as planar");
    expect(() => standardEllipse([[116, 40], [31, 121], [104, 30]], { lonlat: true })).toThrow(
      /points\[2\].*\[31, 121\] is not \[longitude, latitude\].*swapped/,
    );
  });

  it("errors name the argument and the index (from 1)", () => {
    expect(() => standardEllipse([[0, 0], [1, 1]])).toThrow(/2 point\(s\); need at least 3/);
    expect(() => standardEllipse([[0, 0], [1, 1], [2, NaN]])).toThrow(/points\[3\].*y = NaN/);
    expect(() => standardEllipse([[0, 0], [1, 1], [2] as any])).toThrow(/points\[3\].*not an \[x, y\] pair/);
    expect(() => standardEllipse([[0, 0], [1, 1], [2, 0]], { weights: [1, 1] })).toThrow(/3 points but 2 weights/);
    expect(() => standardEllipse([[0, 0], [1, 1], [2, 0]], { weights: [1, -1, 1] })).toThrow(/weights\[2\].*negative/);
    expect(() => standardEllipse([[0, 0], [1, 1], [2, 0]], { weights: [0, 0, 0] })).toThrow(/every weight is 0/);
    expect(() => standardEllipse([[1, 1], [1, 1], [1, 1]])).toThrow(/same place/);
    expect(() => standardEllipse([[0, 0], [1, 1], [5, 5]], { weights: [0, 1, 0] })).toThrow(/same place/);
    expect(() => standardEllipse([[0, 0], [1, 1], [2, 0]], { correction: "arcgis" as any })).toThrow(/"arcgis" is not one of/);
    expect(() => meanCenter([])).toThrow(EllipseInputError);
    expect(() => meanCenter([[0, 0]], [Infinity])).toThrow(/weights\[1\].*not a finite number/);
  });

  it("a point of weight 0 still counts in n (the dof factor), as in pointpats", () => {
    const e = standardEllipse([[0, 0], [2, 0], [0, 1], [9, 9]], { weights: [1, 1, 1, 0], correction: "dof" });
    expect(e.n).toBe(4);
    close(e.factor, Math.sqrt(4 / 2), "factor", 1e-15);
  });
});
