import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  bandwidthNrd,
  bandwidthNrd0,
  kernelDensity,
  KernelDensityInputError,
  quantileType7,
} from "../../src/core/kde";
import golden from "../golden/toolkit/kernel-density.json";

const tol = golden.tolerance; // |got - exp| <= 1e-12 + 1e-9 |exp|
let worst = 0; // worst |got - exp| / (abs + rel |exp|) over all golden comparisons
function near(got: number, exp: number, what: string) {
  const allowed = tol.absolute + tol.relative * Math.abs(exp);
  const dev = Math.abs(got - exp);
  worst = Math.max(worst, dev / allowed);
  expect(dev, `${what}: ${got} vs ${exp}`).toBeLessThanOrEqual(allowed);
}
function nearAll(got: readonly number[], exp: readonly number[], what: string) {
  expect(got.length, what).toBe(exp.length);
  exp.forEach((e, j) => near(got[j], e, `${what}[${j}]`));
}

type Estimate = {
  bw_rule: string;
  bw: number;
  grid: { from: number; to: number; n: number; x: number[] };
  gaussian: number[];
  epanechnikov: number[];
  r_fft_gaussian: number[];
  r_fft_epanechnikov: number[];
  epanechnikov_textbook_h: number[];
};
const ruleOf = (r: string, bw: number) => (r === "silverman_nrd0" ? "nrd0" : r === "scott_nrd" ? "nrd" : bw);

describe("kernelDensity: golden cases (R stats::density conventions, exact sums)", () => {
  for (const c of golden.cases as any[]) {
    const x: number[] = c.input.x;
    const e = c.expected;
    it(`${c.name}: bandwidths, sd and type-7 IQR`, () => {
      near(bandwidthNrd0(x), e.bandwidth.silverman_nrd0, "nrd0");
      near(bandwidthNrd(x), e.bandwidth.scott_nrd, "nrd");
      const r = kernelDensity(x, { n: 16 });
      near(r.sd, e.bandwidth.sd, "sd");
      near(r.iqr, e.bandwidth.iqr_type7, "iqr");
      expect(r.nValues).toBe(x.length);
    });
    const ests: Estimate[] = [...e.estimates, e.common_grid];
    ests.forEach((est, q) => {
      const common = q === ests.length - 1;
      it(`${c.name}: ${common ? "common grid" : "default grid"}, bw ${est.bw_rule}`, () => {
        const bandwidth = ruleOf(est.bw_rule, est.bw);
        const grid = common ? { n: est.grid.n, from: est.grid.from, to: est.grid.to } : { n: est.grid.n };
        const g = kernelDensity(x, { bandwidth, ...grid });
        const ep = kernelDensity(x, { bandwidth, kernel: "epanechnikov", ...grid });
        expect(g.kernel).toBe("gaussian");
        expect(ep.kernel).toBe("epanechnikov");
        expect(g.rule).toBe(typeof bandwidth === "number" ? "given" : bandwidth);
        near(g.bandwidth, est.bw, "bw");
        near(g.from, est.grid.from, "from");
        near(g.to, est.grid.to, "to");
        nearAll(g.x, est.grid.x, "grid.x");
        expect(g.x[g.x.length - 1]).toBe(g.to); // last point exactly "to"
        nearAll(ep.x, est.grid.x, "grid.x (epanechnikov)");
        nearAll(g.density, est.gaussian, "gaussian");
        nearAll(ep.density, est.epanechnikov, "epanechnikov");
        // textbook Epanechnikov with half-width h = bw is R's convention with bw' = bw / sqrt(5)
        if (!est.epanechnikov_textbook_h) return; // listed for the hand case only
        const tb = kernelDensity(x, {
          bandwidth: est.bw / Math.sqrt(5),
          kernel: "epanechnikov",
          n: est.grid.n,
          from: est.grid.from,
          to: est.grid.to,
        });
        nearAll(tb.density, est.epanechnikov_textbook_h, "epanechnikov_textbook_h");
        // R's binned FFT is only an approximation: within 1% of the peak of the exact sums
        const peakG = Math.max(...est.gaussian);
        const peakE = Math.max(...est.epanechnikov);
        est.r_fft_gaussian.forEach((v, j) => expect(Math.abs(v - g.density[j])).toBeLessThanOrEqual(0.01 * peakG));
        est.r_fft_epanechnikov.forEach((v, j) => expect(Math.abs(v - ep.density[j])).toBeLessThanOrEqual(0.01 * peakE));
      });
    });
  }

  it("worst deviation over all golden values is within tolerance (reported)", () => {
    // eslint-disable-next-line no-console
    console.log(`kernel-density.json: worst |got - exp| / (1e-12 + 1e-9 |exp|) = ${worst.toExponential(3)}`);
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe("kernelDensity: hand computations", () => {
  const x = [0, 1, 1, 3];
  const phi = (u: number) => Math.exp(-u * u / 2) / Math.sqrt(2 * Math.PI);

  it("Gaussian bw = 1 at t = 1: (phi(1) + 2 phi(0) + phi(2)) / 4", () => {
    const r = kernelDensity(x, { bandwidth: 1, n: 10 });
    expect(r.x).toEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]);
    const hand = (phi(1) + 2 * phi(0) + phi(2)) / 4; // 0.27346156...
    expect(Math.abs(r.density[4] - hand)).toBeLessThan(1e-15);
    expect(r.density[4]).toBeCloseTo(0.2734615629587992, 15);
  });

  it("R-convention Epanechnikov bw = 1 at t = 0: (3/(4 sqrt 5)) (1 + 2 (1 - 1/5) + 0) / 4", () => {
    const r = kernelDensity(x, { kernel: "epanechnikov", bandwidth: 1, n: 10 });
    const hand = (3 / (4 * Math.sqrt(5))) * (1 + 2 * (1 - 1 / 5) + 0) / 4; // x = 3: (3/sqrt5)^2 > 1 -> 0
    expect(Math.abs(r.density[3] - hand)).toBeLessThan(1e-15);
    expect(r.density[3]).toBeCloseTo(0.2180166278062295, 15);
  });

  it("textbook Epanechnikov h = 1 at t = 0.5: (0.5625 + 2 * 0.5625 + 0) / 4 = 0.421875", () => {
    const r = kernelDensity(x, { kernel: "epanechnikov", bandwidth: 1 / Math.sqrt(5), n: 11, from: -1, to: 4 });
    expect(r.x[3]).toBe(0.5);
    expect(r.density[3]).toBeCloseTo(0.421875, 14);
  });

  it("nrd0 / nrd by hand: sd, IQR (type 7) and n^-1/5", () => {
    // mean 1.25, squares of deviations 1.5625 + 0.0625 * 2 + 3.0625 = 4.75, var 4.75/3
    const sd = Math.sqrt(4.75 / 3);
    // type 7 quartiles of 0, 1, 1, 3: h = 0.75 -> 0.75; h = 2.25 -> 1 + 0.25 * 2 = 1.5; IQR 0.75
    expect(quantileType7([0, 1, 1, 3], 0.25)).toBe(0.75);
    expect(quantileType7([0, 1, 1, 3], 0.75)).toBe(1.5);
    const lo = Math.min(sd, 0.75 / 1.34);
    expect(bandwidthNrd0(x)).toBeCloseTo(0.9 * lo * Math.pow(4, -0.2), 15);
    expect(bandwidthNrd(x)).toBeCloseTo(1.06 * lo * Math.pow(4, -0.2), 15);
    expect(kernelDensity(x).bandwidth).toBe(bandwidthNrd0(x)); // default rule
    expect(kernelDensity(x).rule).toBe("nrd0");
    expect(kernelDensity(x).x.length).toBe(512); // default grid size
  });

  it("nrd0 falls back as R when IQR is 0: sd, then |x1|, then 1", () => {
    // IQR 0, sd > 0: lo = sd
    const y = [1, 1, 1, 1, 5];
    const sd = Math.sqrt((4 * 0.8 * 0.8 + 3.2 * 3.2) / 4);
    expect(bandwidthNrd0(y)).toBeCloseTo(0.9 * sd * Math.pow(5, -0.2), 15);
    // constant: sd 0 -> |x1| = 2; zeros -> 1
    expect(bandwidthNrd0([2, 2, 2])).toBeCloseTo(0.9 * 2 * Math.pow(3, -0.2), 15);
    expect(bandwidthNrd0([0, 0])).toBeCloseTo(0.9 * Math.pow(2, -0.2), 15);
    expect(() => bandwidthNrd([2, 2, 2])).toThrow(/"nrd" rule gives bandwidth 0/);
  });

  it("the Gaussian recurrence equals the plain direct sum on a fine, long grid (1e-12 relative)", () => {
    const data = Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.7) * 3 + (i % 7) * 0.3);
    const r = kernelDensity(data, { bandwidth: 0.05, n: 4000, from: -5, to: 6 });
    const c = 1 / (data.length * 0.05 * Math.sqrt(2 * Math.PI));
    for (let j = 0; j < r.x.length; j += 37) {
      let s = 0;
      for (const v of data) s += Math.exp(-((r.x[j] - v) ** 2) / (2 * 0.05 * 0.05));
      const direct = s * c;
      expect(Math.abs(r.density[j] - direct)).toBeLessThanOrEqual(1e-300 + 1e-12 * direct);
    }
  });

  it("values outside a user grid still contribute their tails", () => {
    const r = kernelDensity([-10, 10], { bandwidth: 2, n: 5, from: -1, to: 1 });
    const hand = (t: number) => (phi((t + 10) / 2) + phi((t - 10) / 2)) / (2 * 2);
    r.x.forEach((t, j) => expect(Math.abs(r.density[j] - hand(t))).toBeLessThanOrEqual(1e-12 * hand(t)));
  });
});

describe("kernelDensity: properties", () => {
  it("integrates to 1 (trapezoid) on a wide grid, both kernels", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.constantFrom<"gaussian" | "epanechnikov">("gaussian", "epanechnikov"),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        (x, kernel, bw) => {
          const lo = Math.min(...x) - 8 * bw;
          const hi = Math.max(...x) + 8 * bw;
          const n = 4001;
          const r = kernelDensity(x, { kernel, bandwidth: bw, n, from: lo, to: hi });
          const h = (hi - lo) / (n - 1);
          let s = 0;
          for (let j = 0; j < n; j++) s += (j === 0 || j === n - 1 ? 0.5 : 1) * r.density[j];
          s *= h;
          // Gaussian: trapezoid is spectrally accurate; Epanechnikov: kinks at +-a, error O(h^2)
          expect(Math.abs(s - 1)).toBeLessThan(kernel === "gaussian" ? 1e-9 : 2e-3);
          expect(r.density.every((d) => d >= 0)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("is invariant to the order of the values (nrd0 too, unless its |x[1]| fallback applies, as in R)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 30 }), (x) => {
        const rev = [...x].reverse();
        const a0 = kernelDensity(x, { n: 64 });
        // (R's fallbacks apply when min(sd, IQR/1.34) is 0, e.g. [5e-324, 5e-324, 0], where IQR/1.34
        // underflows: then |x[1]| decides, as in R, and the order matters)
        if (Math.min(a0.sd, a0.iqr / 1.34) > 0) {
          expect(kernelDensity(rev, { n: 64 }).bandwidth).toBeCloseTo(a0.bandwidth, 14);
        }
        const a = kernelDensity(x, { n: 64, bandwidth: 0.07 });
        const b = kernelDensity(rev, { n: 64, bandwidth: 0.07 });
        a.density.forEach((d, j) => expect(Math.abs(b.density[j] - d)).toBeLessThanOrEqual(1e-12 * Math.max(d, 1e-300) + 1e-300));
      }),
      { numRuns: 50 },
    );
  });
});

describe("kernelDensity: errors", () => {
  it("rejects bad values and options with the position or the option named", () => {
    expect(() => kernelDensity([0.1, NaN, 0.3])).toThrow(KernelDensityInputError);
    expect(() => kernelDensity([0.1, NaN, 0.3])).toThrow(/value 2 \(counted from 1\) is NaN/);
    expect(() => kernelDensity([0.1, Infinity])).toThrow(/value 2 .* Infinity/);
    expect(() => kernelDensity([])).toThrow(/no values/);
    expect(() => kernelDensity([0.5])).toThrow(/at least 2 values, got 1/);
    expect(kernelDensity([0.5], { bandwidth: 0.1, n: 3 }).density[1]).toBeCloseTo(1 / (0.1 * Math.sqrt(2 * Math.PI)), 12);
    expect(() => kernelDensity([1, 2], { bandwidth: 0 })).toThrow(/positive finite number, got 0/);
    expect(() => kernelDensity([1, 2], { bandwidth: -1 })).toThrow(/bandwidth/);
    expect(() => kernelDensity([1, 2], { bandwidth: "silverman" as any })).toThrow(/"nrd0" or "nrd", got "silverman"/);
    expect(() => kernelDensity([1, 2], { kernel: "triangular" as any })).toThrow(/kernel must be/);
    expect(() => kernelDensity([1, 2], { n: 1 })).toThrow(/integer >= 2, got 1/);
    expect(() => kernelDensity([1, 2], { n: 10.5 })).toThrow(/n \(grid points\)/);
    expect(() => kernelDensity([1, 2], { from: 3, to: 2 })).toThrow(/from \(3\) must be below to \(2\)/);
    expect(() => kernelDensity([1, 2], { from: NaN })).toThrow(/finite/);
  });
});
