import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contiguityWeights, GeoJsonFeatureCollection } from "../../src/core/contiguity";
import { SpatialInputError } from "../../src/core/weights";

const sq = (id: string, x: number, y: number, s = 1) => ({
  type: "Feature",
  properties: { id },
  geometry: {
    type: "Polygon",
    coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]],
  },
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

describe("contiguityWeights", () => {
  it("doc example: 2x2 block", () => {
    const fcol = { type: "FeatureCollection", features: [sq("a", 0, 1), sq("b", 1, 1), sq("c", 0, 0), sq("d", 1, 0)] };
    expect(contiguityWeights(fcol, { rule: "rook" }).neighborIds("a")).toEqual(["b", "c"]);
    expect(contiguityWeights(fcol, { rule: "queen" }).neighborIds("a")).toEqual(["b", "c", "d"]);
    expect(contiguityWeights(fcol).neighborIds("d")).toEqual(["b", "c"]);
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

  it("ids: idProperty, feature.id fallback, numbers become strings", () => {
    const a = { type: "Feature", id: 110000, properties: { name: "北京" }, geometry: sq("x", 0, 0).geometry };
    const b = { type: "Feature", properties: { adcode: 120000, name: "天津" }, geometry: sq("y", 1, 0).geometry };
    expect(() => contiguityWeights({ features: [a, b] })).toThrow(/feature 1 has no usable id/);
    const c = { ...b, id: "120000" };
    expect(contiguityWeights({ features: [a, c] }).ids).toEqual(["110000", "120000"]);
    const d = { ...a, properties: { adcode: 110000 } };
    expect(contiguityWeights({ features: [d, b] }, { idProperty: "adcode" }).toPairs()).toEqual([["110000", "120000"]]);
    expect(() => contiguityWeights({ features: [d, b] }, { idProperty: "code" })).toThrow(
      /feature 0 has no usable id: properties.code/,
    );
  });

  it("errors: duplicate ids, unsupported geometry, bad tolerance, not a collection", () => {
    expect(() => contiguityWeights({ features: [sq("a", 0, 0), sq("a", 1, 0)] })).toThrow(/duplicate id "a"/);
    const pt = { properties: { id: "p" }, geometry: { type: "Point", coordinates: [0, 0] } };
    expect(() => contiguityWeights({ features: [pt] })).toThrow(/feature 0 \(id "p"\) has geometry type Point/);
    expect(() => contiguityWeights({ features: [sq("a", 0, 0)] }, { tolerance: 0 })).toThrow(/tolerance/);
    expect(() => contiguityWeights({} as never)).toThrow(SpatialInputError);
  });
});
