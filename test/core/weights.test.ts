import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SpatialInputError, weightsFromNeighbors, weightsFromPairs } from "../../src/core/weights";
import lattice from "../golden/moran-lattice-3x3.json";
import columbus from "../golden/moran-columbus.json";

const ids9 = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];

describe("weightsFromNeighbors", () => {
  it("doc example: 3x3 rook lattice", () => {
    const w = weightsFromNeighbors(ids9, lattice.input.neighbors);
    expect(w.n).toBe(9);
    expect(w.nLinks).toBe(12);
    expect(w.s0).toBeCloseTo(9, 14);
    expect(w.transform("B").s0).toBe(24);
    expect(w.style).toBe("W");
  });

  it("binary constants by hand: s1 = 2 * 24 directed links, s2 = sum (2 k_i)^2", () => {
    const b = weightsFromNeighbors(ids9, lattice.input.neighbors, { style: "B" });
    expect(b.s1).toBe(48);
    // cardinalities 2 (corners x4), 3 (edges x4), 4 (centre)
    expect(b.s2).toBe(4 * 16 + 4 * 36 + 64);
    expect(b.cardinalities).toEqual([2, 3, 2, 3, 4, 3, 2, 3, 2]);
    expect(b.weights[4]).toEqual([1, 1, 1, 1]);
  });

  it("row-standardised rows sum to 1 and islands have zero rows (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 })),
        ),
        ([n, raw]) => {
          const ids = Array.from({ length: n }, (_, i) => `u${i}`);
          const pairs = raw.filter(([a, b]) => a !== b).map(([a, b]) => [ids[a], ids[b]] as const);
          const w = weightsFromPairs(ids, pairs);
          for (let i = 0; i < n; i++) {
            const s = w.weights[i].reduce((x, y) => x + y, 0);
            if (w.neighbors[i].length === 0) {
              expect(s).toBe(0);
              expect(w.islands).toContain(ids[i]);
            } else expect(Math.abs(s - 1)).toBeLessThan(1e-12);
            for (const j of w.neighbors[i]) expect(w.neighbors[j]).toContain(i);
          }
          expect(w.s0).toBeCloseTo(n - w.islands.length, 12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("CSR arrays agree with the lists", () => {
    const w = weightsFromNeighbors(columbus.input.ids, columbus.input.neighbors);
    for (let i = 0; i < w.n; i++) {
      const js = Array.from(w.indices.subarray(w.offsets[i], w.offsets[i + 1]));
      expect(js).toEqual([...w.neighbors[i]]);
      expect(Array.from(w.values.subarray(w.offsets[i], w.offsets[i + 1]))).toEqual([...w.weights[i]]);
    }
  });

  it("errors: asymmetric, self-link, out of range, duplicate ids, length", () => {
    expect(() => weightsFromNeighbors(["a", "b"], [[1], []])).toThrow(/asymmetric.*"a".*"b"/);
    const sym = weightsFromNeighbors(["a", "b"], [[1], []], { asymmetric: "symmetrize" });
    expect(sym.neighbors).toEqual([[1], [0]]);
    expect(() => weightsFromNeighbors(["a", "b"], [[0], []])).toThrow(/self-link/);
    expect(() => weightsFromNeighbors(["a", "b"], [[2], []])).toThrow(/outside 0..1/);
    expect(() => weightsFromNeighbors(["a", "a"], [[1], [0]])).toThrow(/duplicate id "a"/);
    expect(() => weightsFromNeighbors(["a", "b"], [[1]])).toThrow(/1 lists but there are 2 ids/);
    expect(() => weightsFromNeighbors(["a", "b"], [[1, 1], [0]])).toThrow(/twice/);
    expect(() => weightsFromNeighbors(["a", "b"], [[1], [0]], { style: "R" as never })).toThrow(SpatialInputError);
  });
});

describe("weightsFromPairs", () => {
  it("doc example", () => {
    const w = weightsFromPairs(["A", "B", "C", "D"], [["A", "B"], ["B", "C"], ["C", "B"]]);
    expect(w.neighborIds("B")).toEqual(["A", "C"]);
    expect(w.weights[1]).toEqual([0.5, 0.5]);
    expect(w.islands).toEqual(["D"]);
    expect(w.islandIndices).toEqual([3]);
    expect(w.nLinks).toBe(2);
    expect(w.toPairs()).toEqual([["A", "B"], ["B", "C"]]);
  });

  it("withLinks adds symmetric links and returns a new object (Hainan-Guangdong)", () => {
    const w = weightsFromPairs(["440000", "450000", "460000"], [["440000", "450000"]]);
    expect(w.islands).toEqual(["460000"]);
    const w2 = w.withLinks([["460000", "440000"]]);
    expect(w.islands).toEqual(["460000"]); // unchanged
    expect(w2.islands).toEqual([]);
    expect(w2.neighborIds("440000")).toEqual(["450000", "460000"]);
    expect(w2.neighborIds("460000")).toEqual(["440000"]);
    expect(w2.style).toBe("W");
    expect(w2.weights[0]).toEqual([0.5, 0.5]);
    const again = w2.withLinks([["440000", "460000"]]);
    expect(again.nLinks).toBe(2);
  });

  it("transform gives a differently styled copy", () => {
    const w = weightsFromPairs(["A", "B", "C"], [["A", "B"], ["A", "C"]]);
    const b = w.transform("B");
    expect(b.style).toBe("B");
    expect(b.weights[0]).toEqual([1, 1]);
    expect(w.weights[0]).toEqual([0.5, 0.5]);
    expect(b.transform("W").toMatrix()).toEqual(w.toMatrix());
    expect(b.toMatrix()).toEqual([
      [0, 1, 1],
      [1, 0, 0],
      [1, 0, 0],
    ]);
  });

  it("errors: unknown id, self-link, duplicate ids, unknown id lookups", () => {
    expect(() => weightsFromPairs(["A", "B"], [["A", "Z"]])).toThrow(/pair 0 \[A, Z\] names an unknown id "Z"/);
    expect(() => weightsFromPairs(["A", "B"], [["A", "A"]])).toThrow(/self-link/);
    expect(() => weightsFromPairs(["A", "A"], [])).toThrow(/duplicate id "A"/);
    const w = weightsFromPairs(["A", "B"], [["A", "B"]]);
    expect(() => w.index("Q")).toThrow(/unknown id "Q"/);
    expect(() => w.withLinks([["A", "Q"]])).toThrow(/withLinks: pair 0 .*unknown id "Q"/);
  });
});
