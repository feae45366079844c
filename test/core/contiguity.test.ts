import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "fs";
import { join } from "path";
import { contiguityWeights, GeoJsonFeature, GeoJsonFeatureCollection } from "../../src/core/contiguity";
import { createRandom, Random } from "../../src/core/random";
import { SpatialInputError, SpatialWeights } from "../../src/core/weights";
import { loadProvinceMap } from "../../src/data/map";
import { provinceAdjacencyPairs } from "../../src/data/adjacency";

const sq = (id: string, x: number, y: number, s = 1) => ({
  type: "Feature",
  properties: { id },
  geometry: {
    type: "Polygon",
    coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]],
  },
});

/** Axis-aligned rectangle [x0, x1] x [y0, y1] as a Polygon feature (corners only). */
const rect = (id: string, x0: number, y0: number, x1: number, y1: number) => ({
  type: "Feature",
  properties: { id },
  geometry: { type: "Polygon", coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
});

/** r x c grid of unit squares with a small coordinate noise (below the tolerance). */
function grid(r: number, c: number, noise: (i: number) => number = () => 0): GeoJsonFeatureCollection {
  const features = [];
  let t = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const f = sq(`${i}-${j}`, 100 + j, 30 + i);
      const ring = f.geometry.coordinates[0];
      for (const p of ring) {
        p[0] += noise(t++);
        p[1] += noise(t++);
      }
      features.push(f);
    }
  }
  return { type: "FeatureCollection", features };
}

/** Each link once as "a,b" with a < b, sorted. */
const pairKeys = (w: SpatialWeights): string[] =>
  w
    .toPairs()
    .map(([a, b]) => (a < b ? `${a},${b}` : `${b},${a}`))
    .sort();

const both = (features: object[], opts: { tolerance?: number } = {}) => ({
  rook: pairKeys(contiguityWeights({ features } as GeoJsonFeatureCollection, { ...opts, rule: "rook" })),
  queen: pairKeys(contiguityWeights({ features } as GeoJsonFeatureCollection, { ...opts, rule: "queen" })),
});

const expectQueenIncludesRook = (fcol: GeoJsonFeatureCollection, opts: { tolerance?: number; idProperty?: string }) => {
  const queen = new Set(pairKeys(contiguityWeights(fcol, { ...opts, rule: "queen" })));
  for (const p of pairKeys(contiguityWeights(fcol, { ...opts, rule: "rook" }))) expect(queen.has(p), p).toBe(true);
};

describe("contiguityWeights", () => {
  it("doc example: 2x2 block, and the T-junction", () => {
    const fcol = { type: "FeatureCollection", features: [sq("a", 0, 1), sq("b", 1, 1), sq("c", 0, 0), sq("d", 1, 0)] };
    expect(contiguityWeights(fcol, { rule: "rook" }).neighborIds("a")).toEqual(["b", "c"]);
    expect(contiguityWeights(fcol, { rule: "queen" }).neighborIds("a")).toEqual(["b", "c", "d"]);
    expect(contiguityWeights(fcol).neighborIds("d")).toEqual(["b", "c"]);
    const r = rect("r", 0, -1, 2, 0);
    const t = { type: "FeatureCollection", features: [sq("a", 0, 0), sq("b", 1, 0), r] };
    expect(contiguityWeights(t, { rule: "rook" }).neighborIds("r")).toEqual(["a", "b"]);
  });

  it("rook on a 3x4 grid: 17 links; queen: 17 + 2*6 diagonals", () => {
    const g = grid(3, 4);
    expect(contiguityWeights(g, { rule: "rook" }).nLinks).toBe(3 * 3 + 2 * 4);
    expect(contiguityWeights(g, { rule: "queen" }).nLinks).toBe(17 + 2 * 2 * 3);
  });

  it("tolerates floating-point noise below the tolerance, opposite ring orientation and MultiPolygons", () => {
    const g = grid(3, 3, (t) => ((t * 7919) % 13) * 1e-10);
    const w = contiguityWeights(g, { rule: "rook" });
    expect(w.nLinks).toBe(12);
    // reverse the orientation of one ring and wrap another in a MultiPolygon with an extra islet
    const g2 = grid(2, 2);
    (g2.features[0].geometry!.coordinates as number[][][])[0].reverse();
    const f3 = g2.features[3] as any;
    f3.geometry = {
      type: "MultiPolygon",
      coordinates: [f3.geometry.coordinates, [[[50, 50], [51, 50], [51, 51], [50, 50]]]],
    };
    expect(contiguityWeights(g2).toPairs()).toEqual([
      ["0-0", "0-1"],
      ["0-0", "1-0"],
      ["0-1", "1-1"],
      ["1-0", "1-1"],
    ]);
  });

  it("a feature touching only at a corner is a queen neighbour, not a rook one; far features are islands", () => {
    const fcol = { features: [sq("a", 0, 0), sq("b", 1, 1), sq("z", 10, 10)] };
    expect(contiguityWeights(fcol, { rule: "rook" }).islands).toEqual(["a", "b", "z"]);
    const q = contiguityWeights(fcol, { rule: "queen" });
    expect(q.neighborIds("a")).toEqual(["b"]);
    expect(q.islands).toEqual(["z"]);
  });

  it("T-junction: a 2x1 rectangle under two unit squares is a rook and queen neighbour of both", () => {
    // the rectangle's top edge (0,1)-(2,1) has no vertex at (1,1), where the squares meet
    const features = [sq("a", 0, 1), sq("b", 1, 1), rect("r", 0, 0, 2, 1)];
    expect(both(features)).toEqual({ rook: ["a,b", "a,r", "b,r"], queen: ["a,b", "a,r", "b,r"] });
    // the same, at lon/lat magnitudes, rotated by 30 degrees (no edge axis-parallel), tolerance 1e-7
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const rot = (f: ReturnType<typeof rect>) => {
      const ring = f.geometry.coordinates[0].map(([x, y]) => [113.25 + 0.1 * (c * x - s * y), 23.5 + 0.1 * (s * x + c * y)]);
      return { ...f, geometry: { type: "Polygon", coordinates: [ring] } };
    };
    expect(both(features.map(rot))).toEqual({ rook: ["a,b", "a,r", "b,r"], queen: ["a,b", "a,r", "b,r"] });
  });

  it("a long rotated rectangle under a row of 50 squares: a link to each (long edges cross many grid cells)", () => {
    const c = Math.cos(0.65);
    const s = Math.sin(0.65);
    const rot = (f: ReturnType<typeof rect>) => {
      const ring = f.geometry.coordinates[0].map(([x, y]) => [100 + 0.02 * (c * x - s * y), 30 + 0.02 * (s * x + c * y)]);
      return { ...f, geometry: { type: "Polygon", coordinates: [ring] } };
    };
    const features = [rect("long", 0, -1, 50, 0)];
    for (let k = 0; k < 50; k++) features.push(rect(`s${k}`, k, 0, k + 1, 1));
    for (const rule of ["rook", "queen"] as const) {
      const w = contiguityWeights({ features: features.map(rot) }, { rule });
      expect(w.neighborIds("long")).toHaveLength(50);
      expect(w.nLinks).toBe(50 + 49); // to the rectangle, and square k to square k + 1
      expect(w.neighborIds("s7")).toEqual(["long", "s6", "s8"]);
    }
  });

  it("near misses: a gap wider than the tolerance links nothing, a gap within it links both ways", () => {
    const tol = 1e-3;
    // unit squares side by side, the second moved right by `gap`
    const pair = (gap: number) => [sq("a", 0, 0), sq("b", 1 + gap, 0)];
    expect(both(pair(2 * tol), { tolerance: tol })).toEqual({ rook: [], queen: [] });
    expect(both(pair(1.2 * tol), { tolerance: tol })).toEqual({ rook: [], queen: [] });
    expect(both(pair(0.8 * tol), { tolerance: tol })).toEqual({ rook: ["a,b"], queen: ["a,b"] });
    expect(both(pair(0.5 * tol), { tolerance: tol })).toEqual({ rook: ["a,b"], queen: ["a,b"] });
    // overlapping by less than the tolerance (a sliver) still links
    expect(both(pair(-0.5 * tol), { tolerance: tol })).toEqual({ rook: ["a,b"], queen: ["a,b"] });
    // the default tolerance (1e-7) does not bridge a 1e-6 gap
    expect(both(pair(1e-6))).toEqual({ rook: [], queen: [] });
    // a corner that misses by 2 tol diagonally: no queen link either
    expect(both([sq("a", 0, 0), sq("b", 1 + 1.5 * tol, 1 + 1.5 * tol)], { tolerance: tol })).toEqual({ rook: [], queen: [] });
    expect(both([sq("a", 0, 0), sq("b", 1 + 0.5 * tol, 1 + 0.5 * tol)], { tolerance: tol })).toEqual({ rook: [], queen: ["a,b"] });
  });

  it("collinear edges meeting in a single point: queen, not rook; overlapping by more than the tolerance: rook", () => {
    const tol = 0.01;
    // a = [0,1]^2; b below and to the right: a's bottom edge and b's top edge lie on y = 0
    const b = (x0: number) => rect("b", x0, -1, x0 + 1, 0);
    expect(both([sq("a", 0, 0), b(1)], { tolerance: tol })).toEqual({ rook: [], queen: ["a,b"] });
    // common stretch of 0.005 (< tol): still not rook
    expect(both([sq("a", 0, 0), b(1 - 0.005)], { tolerance: tol })).toEqual({ rook: [], queen: ["a,b"] });
    // common stretch of 0.02 (> tol): rook
    expect(both([sq("a", 0, 0), b(1 - 0.02)], { tolerance: tol })).toEqual({ rook: ["a,b"], queen: ["a,b"] });
  });

  it("collinear but disjoint edges: no link", () => {
    // a's bottom edge is [0,1] on y = 0, b's top edge [2,3] on y = 0
    expect(both([sq("a", 0, 0), rect("b", 2, -1, 3, 0)])).toEqual({ rook: [], queen: [] });
    // and with a tolerance close to, but below, the distance between them
    expect(both([sq("a", 0, 0), rect("b", 1.5, -1, 3, 0)], { tolerance: 0.4 })).toEqual({ rook: [], queen: [] });
  });

  it("edges meeting at a vertex at an angle, or folding back over each other at a small angle, are not rook", () => {
    // triangles sharing only the vertex (1,0); their edges are not collinear
    const tri = (id: string, pts: number[][]) => ({
      properties: { id },
      geometry: { type: "Polygon", coordinates: [[...pts, pts[0]]] },
    });
    const a = tri("a", [[0, 0], [1, 0], [0, 1]]);
    const b = tri("b", [[1, 0], [2, 0.3], [2, 1]]);
    expect(both([a, b], { tolerance: 0.01 })).toEqual({ rook: [], queen: ["a,b"] });
    // c's edge (1,0)-(0.2,0.05) runs back over a's edge (0,0)-(1,0) at about 3.6 degrees: the two
    // are within 0.01 of each other only over about 0.16 of their length, not at both ends
    const c = tri("c", [[1, 0], [0.2, 0.05], [0.5, -1]]);
    expect(both([a, c], { tolerance: 0.01 })).toEqual({ rook: [], queen: ["a,c"] });
    // with a tolerance above the 0.05 gap at the far end, they are collinear within it: rook
    expect(both([a, c], { tolerance: 0.06 })).toEqual({ rook: ["a,c"], queen: ["a,c"] });
  });

  it("MultiPolygon parts and holes", () => {
    // m has two parts: one under a (T-junction), one right of b
    const m = {
      properties: { id: "m" },
      geometry: {
        type: "MultiPolygon",
        coordinates: [
          [[[-0.5, -1], [0.5, -1], [0.5, 0], [-0.5, 0], [-0.5, -1]]],
          [[[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]]],
        ],
      },
    };
    expect(both([sq("a", 0, 0), sq("b", 1, 0), m])).toEqual({ rook: ["a,b", "a,m", "b,m"], queen: ["a,b", "a,m", "b,m"] });
    // a 3x3 square with a 1x1 hole; the enclave fills the hole with extra vertices on its edges
    const holed = {
      properties: { id: "holed" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]],
          [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]],
        ],
      },
    };
    const enclave = {
      properties: { id: "enclave" },
      geometry: { type: "Polygon", coordinates: [[[1, 1], [1.5, 1], [2, 1], [2, 1.25], [2, 2], [1, 2], [1, 1]]] },
    };
    expect(both([holed, enclave])).toEqual({ rook: ["enclave,holed"], queen: ["enclave,holed"] });
    // a smaller polygon floating inside the hole touches nothing
    expect(both([holed, rect("inner", 1.2, 1.2, 1.8, 1.8)])).toEqual({ rook: [], queen: [] });
    // a triangle inside the hole touching the hole's boundary at its corner (1,1) only
    const corner = { properties: { id: "corner" }, geometry: { type: "Polygon", coordinates: [[[1, 1], [1.5, 1.2], [1.2, 1.5], [1, 1]]] } };
    expect(both([holed, corner])).toEqual({ rook: [], queen: ["corner,holed"] });
  });

  it("repeated vertices, repeated closing vertices, unclosed rings and 3-D positions", () => {
    const a = {
      properties: { id: "a" },
      geometry: {
        type: "Polygon",
        coordinates: [[[0, 0], [0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 1], [0, 0], [0, 0], [0, 0]]],
      },
    };
    // unclosed ring (the closing edge (1,1)-(1,0) is implied) with heights
    const b = { properties: { id: "b" }, geometry: { type: "Polygon", coordinates: [[[1, 0, 5], [2, 0, 5], [2, 1, 5], [1, 1, 5]]] } };
    // a ring reduced to one repeated point at a's corner (0,1): a queen touch only
    const p = { properties: { id: "p" }, geometry: { type: "Polygon", coordinates: [[[0, 1], [0, 1], [0, 1]]] } };
    expect(both([a, b, p])).toEqual({ rook: ["a,b"], queen: ["a,b", "a,p"] });
  });

  it("features without geometry are islands; an empty collection gives empty weights", () => {
    const w = contiguityWeights({ features: [sq("a", 0, 0), { properties: { id: "x" }, geometry: null }, sq("b", 1, 0)] });
    expect(w.toPairs()).toEqual([["a", "b"]]);
    expect(w.islands).toEqual(["x"]);
    expect(contiguityWeights({ features: [] }).n).toBe(0);
  });

  it("prefecture fixture (T-junctions, MultiPolygon, hole, near miss, corner touches), links written out by hand", () => {
    const fcol = JSON.parse(
      readFileSync(join(__dirname, "../fixtures/prefectures-t-junctions.geojson"), "utf8"),
    ) as GeoJsonFeatureCollection;
    // 1001 [0,1]x[1,2], 1002 [1,2]x[1,2], 1003 [0,2]x[0,1], 1004 [2,3]x[0,2], 1005 [3,4]x[2,3],
    // 1006 = [3,4]x[0,1] + [0.5,1.5]x[2,3], 1007 [5,9]x[0,4] with hole [6,8]x[1,3], 1008 the
    // enclave [6,8]x[1,3], 1009 [9.002,10]x[0,4], 1010 [10,11]x[-1,0] (units of 0.5 degree)
    const rook = [
      "1001,1002", "1001,1003", "1001,1006", "1002,1003", "1002,1004", "1002,1006", "1003,1004", "1004,1006", "1007,1008",
    ];
    const queenOnly = ["1004,1005", "1009,1010"];
    const w = (rule: "rook" | "queen", tolerance?: number) =>
      pairKeys(contiguityWeights(fcol, { rule, idProperty: "code", tolerance }));
    expect(w("rook")).toEqual(rook);
    expect(w("queen")).toEqual([...rook, ...queenOnly].sort());
    // 1009 is 0.001 degree east of 1007: a tolerance of 0.002 degree bridges the gap
    expect(w("rook", 0.002)).toEqual([...rook, "1007,1009"].sort());
    expect(w("queen", 0.002)).toEqual([...rook, ...queenOnly, "1007,1009"].sort());
    // ids from the Chinese property
    expect(contiguityWeights(fcol, { idProperty: "城市代码" }).neighborIds("C1004")).toEqual(["C1002", "C1003", "C1006"]);
  });

  it("is symmetric (property: random subsets of a grid, random noise)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
        fc.constantFrom<"rook" | "queen">("rook", "queen"),
        (r, c, keep, rule) => {
          const g = grid(r, c, (t) => ((t * 31) % 7) * 1e-9);
          const sub = { features: g.features.filter((_, k) => keep[k]) };
          const w = contiguityWeights(sub, { rule, tolerance: 1e-6 });
          for (let i = 0; i < w.n; i++) for (const j of w.neighbors[i]) expect(w.neighbors[j]).toContain(i);
          // rook neighbours are a subset of queen neighbours
          const q = contiguityWeights(sub, { rule: "queen", tolerance: 1e-6 });
          for (let i = 0; i < w.n; i++) for (const j of w.neighbors[i]) if (rule === "rook") expect(q.neighbors[i]).toContain(j);
        },
      ),
      { numRuns: 40 },
    );
  });
});

// ------------------------------------------------------------------ random rectangle tilings

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A guillotine tiling of [0,w] x [0,h] by integer rectangles (random splits). */
function tiling(rng: Random, w: number, h: number, stop: number): Rect[] {
  const out: Rect[] = [];
  const split = (r: Rect): void => {
    const dw = r.x1 - r.x0;
    const dh = r.y1 - r.y0;
    if ((dw < 2 && dh < 2) || rng.nextFloat() < stop) {
      out.push(r);
      return;
    }
    const vertical = dh < 2 || (dw >= 2 && rng.nextFloat() < 0.5);
    if (vertical) {
      const x = r.x0 + 1 + rng.nextInt(dw - 1);
      split({ ...r, x1: x });
      split({ ...r, x0: x });
    } else {
      const y = r.y0 + 1 + rng.nextInt(dh - 1);
      split({ ...r, y1: y });
      split({ ...r, y0: y });
    }
  };
  split({ x0: 0, y0: 0, x1: w, y1: h });
  return out;
}

/**
 * Brute-force definitions for closed rectangles with disjoint interiors: queen = they intersect;
 * rook = they intersect in a segment of positive length (one overlap zero, the other positive).
 */
function oraclePairs(rects: Rect[], ids: string[]): { rook: string[]; queen: string[] } {
  const rook: string[] = [];
  const queen: string[] = [];
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i];
      const b = rects[j];
      const xo = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const yo = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      const key = ids[i] < ids[j] ? `${ids[i]},${ids[j]}` : `${ids[j]},${ids[i]}`;
      if (xo >= 0 && yo >= 0) queen.push(key);
      if ((xo > 0 && yo === 0) || (xo === 0 && yo > 0)) rook.push(key);
    }
  }
  return { rook: rook.sort(), queen: queen.sort() };
}

/**
 * The rectangles as lon/lat polygons (cell `scale` degrees), each vertex moved by a uniform noise
 * of at most `noise` per coordinate, with random extra vertices on the edges (at integer points,
 * so sometimes matching a neighbour's vertex, mostly not), a random start vertex, a random
 * orientation and a randomly repeated closing vertex.
 */
function toFeatures(rng: Random, rects: Rect[], ids: string[], scale: number, noise: number): GeoJsonFeature[] {
  const jit = () => (2 * rng.nextFloat() - 1) * noise;
  return rects.map((r, k) => {
    const corners = [
      [r.x0, r.y0],
      [r.x1, r.y0],
      [r.x1, r.y1],
      [r.x0, r.y1],
    ];
    const pts: number[][] = [];
    for (let c = 0; c < 4; c++) {
      const [x, y] = corners[c];
      const [nx, ny] = corners[(c + 1) % 4];
      pts.push([x, y]);
      const len = Math.abs(nx - x) + Math.abs(ny - y);
      for (let t = 1; t < len; t++) {
        if (rng.nextFloat() < 0.3) pts.push([x + (Math.sign(nx - x) * t), y + Math.sign(ny - y) * t]);
      }
    }
    const start = rng.nextInt(pts.length);
    let ring = [...pts.slice(start), ...pts.slice(0, start)].map(([x, y]) => [100 + x * scale + jit(), 30 + y * scale + jit()]);
    if (rng.nextFloat() < 0.5) ring.reverse();
    ring = [...ring, ring[0]];
    if (rng.nextFloat() < 0.3) ring.push(ring[0]);
    return { type: "Feature", properties: { code: ids[k] }, geometry: { type: "Polygon", coordinates: [ring] } };
  });
}

describe("contiguityWeights on random rectangle tilings (T-junctions everywhere)", () => {
  it("rook and queen equal the brute-force rectangle definitions; queen includes rook", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.constantFrom(0, 0.3),
        (seed, w, h, stop, noiseShare) => {
          const rng = createRandom(seed);
          const rects = tiling(rng, w, h, stop);
          const ids = rects.map((_, k) => `t${String(k).padStart(3, "0")}`);
          const tol = 1e-6;
          const features = toFeatures(rng, rects, ids, 0.01, noiseShare * tol);
          const got = both(features.map((f) => ({ ...f, properties: { id: f.properties!["code"] } })), { tolerance: tol });
          const want = oraclePairs(rects, ids);
          expect(got.rook).toEqual(want.rook);
          expect(got.queen).toEqual(want.queen);
          expectQueenIncludesRook({ features }, { tolerance: tol, idProperty: "code" });
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rows of squares offset by half a cell: 3 rook links per inner square to the row above", () => {
    // rows r = 0..3 of 5 unit squares, odd rows shifted right by 0.5: square (r, c) touches
    // (r, c +- 1) and two squares of each adjacent row (fewer at the row ends); no corner-only touch
    const features = [];
    for (let r = 0; r < 4; r++) for (let c = 0; c < 5; c++) features.push(sq(`${r}-${c}`, c + (r % 2) * 0.5, r));
    const w = contiguityWeights({ features }, { rule: "rook" });
    // within rows: 4 * 4 = 16; between each pair of rows: 5 + 4 = 9, three pairs of rows: 27
    expect(w.nLinks).toBe(16 + 27);
    expect(w.neighborIds("1-2").sort()).toEqual(["0-2", "0-3", "1-1", "1-3", "2-2", "2-3"]);
    expect(contiguityWeights({ features }, { rule: "queen" }).nLinks).toBe(16 + 27);
  });
});

// ------------------------------------------------------------------ the bundled province map

describe("contiguityWeights on the bundled province map", () => {
  const frozen = provinceAdjacencyPairs().map(([a, b]) => `${a},${b}`);

  it("rook and queen give the 68 frozen pairs, and queen includes rook", () => {
    const map = loadProvinceMap();
    const rook = pairKeys(contiguityWeights(map, { rule: "rook", idProperty: "adcode" }));
    const queen = pairKeys(contiguityWeights(map, { rule: "queen", idProperty: "adcode" }));
    expect(rook).toEqual(frozen);
    expect(queen).toEqual(frozen);
    expectQueenIncludesRook(map, { idProperty: "adcode" });
  });

  it("property: extra vertices in one province's edges only (T-junctions), rotated rings, shuffled features: same 68 pairs", () => {
    const base = loadProvinceMap();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = createRandom(seed);
        const map = JSON.parse(JSON.stringify(base)) as typeof base;
        for (const f of map.features) {
          const polys = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
          for (const poly of polys) {
            for (let i = 0; i < poly.length; i++) {
              const ring = poly[i].slice(0, -1); // drop the closing vertex
              const out: number[][] = [];
              for (let t = 0; t < ring.length; t++) {
                const p = ring[t];
                const q = ring[(t + 1) % ring.length];
                out.push(p);
                if (rng.nextFloat() < 0.2) {
                  const s = 0.05 + 0.9 * rng.nextFloat();
                  out.push([p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])]);
                }
              }
              const start = rng.nextInt(out.length);
              const rotated = [...out.slice(start), ...out.slice(0, start)];
              poly[i] = [...rotated, rotated[0]];
            }
          }
        }
        rng.shuffle(map.features);
        const rook = pairKeys(contiguityWeights(map, { rule: "rook", idProperty: "adcode" }));
        const queen = pairKeys(contiguityWeights(map, { rule: "queen", idProperty: "adcode" }));
        expect(rook).toEqual(frozen);
        expect(queen).toEqual(frozen);
      }),
      { numRuns: 8 },
    );
  });
});

// ------------------------------------------------------------------ ids and errors

describe("contiguityWeights ids and errors", () => {
  it("ids: idProperty, feature.id fallback, numbers become strings", () => {
    const a = { type: "Feature", id: 110000, properties: { name: "北京" }, geometry: sq("x", 0, 0).geometry };
    const b = { type: "Feature", properties: { adcode: 120000, name: "天津" }, geometry: sq("y", 1, 0).geometry };
    expect(() => contiguityWeights({ features: [a, b] })).toThrow(/feature 2 of 2 \(name "天津"\) has no usable id/);
    const c = { ...b, id: "120000" };
    expect(contiguityWeights({ features: [a, c] }).ids).toEqual(["110000", "120000"]);
    const d = { ...a, properties: { adcode: 110000 } };
    expect(contiguityWeights({ features: [d, b] }, { idProperty: "adcode" }).toPairs()).toEqual([["110000", "120000"]]);
    expect(() => contiguityWeights({ features: [d, b] }, { idProperty: "code" })).toThrow(
      /feature 1 of 2 has no usable id: properties.code is missing/,
    );
  });

  it("a missing id property names the feature (from 1), the property, and lists the first feature's properties", () => {
    const fcol = JSON.parse(
      readFileSync(join(__dirname, "../fixtures/prefectures-t-junctions.geojson"), "utf8"),
    ) as GeoJsonFeatureCollection;
    let msg = "";
    try {
      contiguityWeights(fcol, { idProperty: "adcode" });
    } catch (e) {
      expect(e).toBeInstanceOf(SpatialInputError);
      msg = (e as Error).message;
    }
    expect(msg).toBe(
      'GeoJSON feature 1 of 10 (name "甲市") has no usable id: properties.adcode is missing; ' +
        'the first feature\'s properties are name = "甲市", code = 1001, 城市代码 = "C1001" ' +
        "(idProperty must name a property every feature has, with unique values)",
    );
    // the default (properties.id, then feature.id) fails the same way
    expect(() => contiguityWeights(fcol)).toThrow(
      /feature 1 of 10 \(name "甲市"\) has no usable id: neither properties.id nor feature.id is set; pass idProperty .*name = "甲市", code = 1001, 城市代码 = "C1001"/,
    );
    // missing on a later feature only: that feature is named
    const later = JSON.parse(JSON.stringify(fcol)) as GeoJsonFeatureCollection;
    delete (later.features[6].properties as Record<string, unknown>)["code"];
    expect(() => contiguityWeights(later, { idProperty: "code" })).toThrow(
      /^GeoJSON feature 7 of 10 \(name "庚市"\) has no usable id: properties.code is missing;/,
    );
    (later.features[6].properties as Record<string, unknown>)["code"] = null;
    expect(() => contiguityWeights(later, { idProperty: "code" })).toThrow(/feature 7 of 10 .* properties.code is null/);
    (later.features[6].properties as Record<string, unknown>)["code"] = { v: 1 };
    expect(() => contiguityWeights(later, { idProperty: "code" })).toThrow(
      /feature 7 of 10 \(name "庚市"\): properties.code is \{"v":1\}, but an id must be a string or a number/,
    );
    // no properties at all
    expect(() => contiguityWeights({ features: [{ geometry: null }] })).toThrow(/the first feature has no properties/);
  });

  it("a duplicated id names both features (from 1) and the property", () => {
    const fcol = JSON.parse(
      readFileSync(join(__dirname, "../fixtures/prefectures-t-junctions.geojson"), "utf8"),
    ) as GeoJsonFeatureCollection;
    (fcol.features[4].properties as Record<string, unknown>)["code"] = "1002"; // a string equal to feature 2's number
    expect(() => contiguityWeights(fcol, { idProperty: "code" })).toThrow(
      /^duplicate id "1002" \(properties.code\) in GeoJSON features 2 \(name "乙市"\) and 5 of 10 \(name "戊市"\): ids must be unique; the first feature's properties are name/,
    );
    expect(() => contiguityWeights({ features: [sq("a", 0, 0), sq("a", 1, 0)] })).toThrow(
      'duplicate id "a" (properties.id) in GeoJSON features 1 and 2 of 2: ids must be unique',
    );
  });

  it("errors: unsupported geometry, malformed coordinates, bad options, not a collection", () => {
    const pt = { properties: { id: "p" }, geometry: { type: "Point", coordinates: [0, 0] } };
    expect(() => contiguityWeights({ features: [pt] })).toThrow(/feature 1 of 1 \(id "p"\) has geometry type Point/);
    const badPos = { properties: { id: "q" }, geometry: { type: "Polygon", coordinates: [[[0, 0], [1, NaN], [1, 1], [0, 0]]] } };
    expect(() => contiguityWeights({ features: [sq("a", 5, 5), badPos] })).toThrow(
      'GeoJSON feature 2 of 2 (id "q"): malformed Polygon coordinates (ring 1, position 2 is [1,null])',
    );
    const badMulti = { properties: { id: "m" }, geometry: { type: "MultiPolygon", coordinates: [[[[0, 0], [1, 0], [0, 1]]], [[0, 0]]] } };
    expect(() => contiguityWeights({ features: [badMulti] })).toThrow(
      "GeoJSON feature 1 of 1 (id \"m\"): malformed MultiPolygon coordinates (polygon 2, ring 1, position 1 is 0)",
    );
    expect(() => contiguityWeights({ features: [sq("a", 0, 0)] }, { tolerance: 0 })).toThrow(/tolerance/);
    expect(() => contiguityWeights({ features: [sq("a", 0, 0)] }, { tolerance: NaN })).toThrow(/tolerance/);
    expect(() => contiguityWeights({ features: [sq("a", 0, 0)] }, { rule: "bishop" as never })).toThrow(/rook" or "queen/);
    expect(() => contiguityWeights({ features: [sq("a", 0, 0)] }, { idProperty: "" })).toThrow(/idProperty must be/);
    expect(() => contiguityWeights({} as never)).toThrow(SpatialInputError);
  });
});
