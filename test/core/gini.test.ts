import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gini, InequalityInputError, sumAbsDiffSorted } from "../../src/core/gini";
import golden from "../golden/dagum.json";

/** Brute-force O(n^2) definition, for property checks only. */
function giniBrute(y: number[]): number {
  const n = y.length;
  const mu = y.reduce((a, b) => a + b, 0) / n;
  let s = 0;
  for (const a of y) for (const b of y) s += Math.abs(a - b);
  return s / (2 * n * n * mu);
}

const positives = fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 25 }).filter(
  (a) => a.some((v) => v > 1e-6),
);

describe("gini", () => {
  it("doc example and golden overall G of every dagum case", () => {
    expect(gini([1, 2, 3, 4, 6])).toBeCloseTo(0.3, 15);
    expect(gini([5, 5, 5])).toBe(0);
    expect(sumAbsDiffSorted([1, 2, 4])).toBe(12);
    for (const c of golden.cases) {
      expect(Math.abs(gini(c.input.values) - c.expected.G)).toBeLessThan(1e-9);
    }
  });

  it("agrees with the O(n^2) definition (property)", () => {
    fc.assert(
      fc.property(positives, (y) => {
        expect(Math.abs(gini(y) - giniBrute(y))).toBeLessThan(1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it("is scale-invariant (property)", () => {
    fc.assert(
      fc.property(positives, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (y, c) => {
        expect(Math.abs(gini(y.map((v) => v * c)) - gini(y))).toBeLessThan(1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it("accepts typed arrays and does not modify its input", () => {
    const y = new Float64Array([3, 1, 2]);
    gini(y);
    expect(Array.from(y)).toEqual([3, 1, 2]);
  });

  it("errors: negative (says why), NaN (index), empty, all zero", () => {
    expect(() => gini([1, -2, 3])).toThrow(/index 1 is negative.*non-negative values with a positive mean/);
    expect(() => gini([1, NaN])).toThrow(/index 1 is NaN/);
    expect(() => gini([1, Infinity])).toThrow(/index 1.*not finite/);
    expect(() => gini([])).toThrow(InequalityInputError);
    expect(() => gini([0, 0])).toThrow(/positive mean/);
  });
});
