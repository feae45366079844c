import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { correlation } from "../../src/core/correlation";

describe("correlation", () => {
  it("doc examples, worked by hand", () => {
    expect(correlation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 15);
    // deviations (-1.5,-0.5,0.5,1.5) and (-1.5,0.5,-0.5,1.5): sum of products 4, sums of squares 5 and 5
    expect(correlation([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 15);
    expect(correlation([1, 2, 3, 4], [1, 8, 27, 64], { method: "spearman" })).toBe(1);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
  });
  it("Spearman gives tied values their mean rank (R's cor(method = \"spearman\"))", () => {
    // ranks of (1, 2, 2, 3) are (1, 2.5, 2.5, 4); of (1, 2, 3, 4) themselves
    // deviations (-1.5, 0, 0, 1.5) and (-1.5, -0.5, 0.5, 1.5): products 4.5, squares 4.5 and 5
    expect(correlation([1, 2, 2, 3], [1, 2, 3, 4], { method: "spearman" })).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 15);
  });
  it("is unchanged by positive affine maps and the order of the pairs (property)", () => {
    const pairs = fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true })), { minLength: 3, maxLength: 20 })
      .filter((p) => {
        const spread = (k: 0 | 1) => Math.max(...p.map((q) => q[k])) - Math.min(...p.map((q) => q[k]));
        return spread(0) > 1e-3 && spread(1) > 1e-3; // well away from constant, so 3 + c v is not
      });
    fc.assert(fc.property(pairs, fc.double({ min: 0.1, max: 10, noNaN: true }), (p, c) => {
      const a = p.map((q) => q[0]), b = p.map((q) => q[1]);
      const r = correlation(a, b);
      expect(Math.abs(correlation(a.map((v) => c * v + 3), b) - r)).toBeLessThan(1e-9);
      expect(Math.abs(correlation([...a].reverse(), [...b].reverse()) - r)).toBeLessThan(1e-12);
      expect(Math.abs(r)).toBeLessThanOrEqual(1);
    }), { numRuns: 200 });
  });
  it("refuses what has no correlation", () => {
    expect(() => correlation([1, 2], [1])).toThrow("correlation: the samples have 2 and 1 values");
    expect(() => correlation([1], [1])).toThrow("needs at least 2 pairs, got 1");
    expect(() => correlation([1, 1, 1], [1, 2, 3])).toThrow("the first sample is constant");
    expect(() => correlation([1, NaN], [1, 2])).toThrow("pair 2 is not finite (NaN, 2)");
  });
});
