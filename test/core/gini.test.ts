import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gini, InequalityInputError, scaleToUnit, sumAbsDiffSorted } from "../../src/core/gini";
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
// 0 or at least 1e-3, so that multiplying by 2^-1000 or 1e-200 cannot underflow an input to 0
const positivesNoTiny = positives.map((a) => a.map((v) => (v < 1e-3 ? 0 : v))).filter((a) => a.some((v) => v > 0));

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

  it("values near 1e308 and near 1e-323: no overflow, no underflow, no NaN", () => {
    // [1e308, 1.5e308, 1e308] = 0.5e308 [2, 3, 2]: sum |diff| = 4, n = 3, mu = 7/3, G = 4 / (18 * 7/3) = 2/21
    expect(Math.abs(gini([1e308, 1.5e308, 1e308]) - 2 / 21)).toBeLessThanOrEqual(1e-15);
    // 2^-1074 and 2^-1073 (subnormal) are exactly 1 : 2: G = 2 / (2 * 4 * 1.5) = 1/6
    expect(gini([5e-324, 1e-323])).toBe(gini([1, 2]));
    expect(Math.abs(gini([1, 2]) - 1 / 6)).toBeLessThanOrEqual(1e-16);
    expect(gini([1e-300, 2e-300, 4e-300])).toBe(gini([1, 2, 4]));
  });

  it("multiplying by a power of two changes nothing, bit for bit; by 1e-200 or 1e200, to 1e-12 relative (property)", () => {
    fc.assert(
      fc.property(positivesNoTiny, fc.constantFrom(2 ** -1000, 2 ** -500, 2 ** 500, 2 ** 900), (y, k) => {
        expect(gini(y.map((v) => v * k))).toBe(gini(y));
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(positivesNoTiny, fc.constantFrom(1e-200, 1e200), (y, k) => {
        const g = gini(y);
        // relative to G; for a nearly equal sample (G < 1e-3) relative to 1e-3: the rounded inputs
        // move G by about 1e-16 of the values, not of G
        expect(Math.abs(gini(y.map((v) => v * k)) - g)).toBeLessThanOrEqual(1e-12 * Math.max(g, 1e-3));
      }),
      { numRuns: 100 },
    );
  });

  it("scaleToUnit (doc example): the largest magnitude into [1, 2) by an exact power of two", () => {
    const x = new Float64Array([1e308, 1.5e308]);
    expect(scaleToUnit(x)).toBe(1023);
    expect(Array.from(x)).toEqual([1.1125369292536007, 1.668805393880401]);
    const t = new Float64Array([5e-324, 0]);
    expect(scaleToUnit(t)).toBe(-1074);
    expect(Array.from(t)).toEqual([1, 0]);
    expect(scaleToUnit(new Float64Array([0, 0]))).toBe(0);
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
