import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  chiSquareSf,
  DistributionInputError,
  fQuantile,
  fSf,
  logGamma,
  noncentralFSf,
  normalQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
  studentTSf,
  studentTTwoSided,
} from "../../src/core/distributions";
import { erfc, normalCdf, normalSf } from "../../src/core/normal";
import golden from "../golden/toolkit/geodetector.json";

/** |got - want| <= tol * |want| (relative), with want = 0 only matched by got = 0. */
function expectRel(got: number, want: number, tol: number): void {
  if (want === 0) {
    expect(got).toBe(0);
    return;
  }
  const rel = Math.abs(got - want) / Math.abs(want);
  if (!(rel <= tol)) throw new Error(`got ${got}, want ${want}: relative error ${rel} > ${tol}`);
}

// Reference values marked "mpmath" were computed with mpmath 1.3.0 at 50 significant digits from the
// definitions (gammainc, betainc, loggamma, findroot; the noncentral F as its Poisson mixture summed
// to 1e-45) at the exact double inputs, and are written out here to 17 digits.

describe("logGamma", () => {
  it("doc examples, exact zeros, ln(n!) by brute force", () => {
    expectRel(logGamma(0.5), 0.5 * Math.log(Math.PI), 2e-16);
    expectRel(logGamma(10), Math.log(362880), 2e-16);
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    let fact = 1;
    for (let n = 1; n <= 25; n++) {
      fact *= n; // exact up to 22!, then within 1 ulp
      expectRel(logGamma(n + 1), Math.log(fact), 4e-16);
    }
  });

  it("keeps relative accuracy next to its zeros at 1 and 2, and far out (mpmath)", () => {
    const ref: [number, number][] = [
      [1.00000001, -5.77215653168851219e-9],
      [0.999999, 5.7721648738556523794e-7],
      [1.99999, -4.2278111042416735176e-6],
      [2.0001, 4.2281658112919946317e-5],
      [1.5, -0.12078223763524522235],
      [0.4999, 0.57256131860411841589],
      [2.5, 0.28468287047291915963],
      [2.6, 0.35741186354897977006],
      [3.5, 1.2009736023470742248],
      [7.3, 7.1478925230222486921],
      [0.1, 2.252712651734205959869],
      [1e-300, 690.77552789821370518],
      [1e10, 220258509288.81058147],
    ];
    for (const [x, want] of ref) expectRel(logGamma(x), want, 5e-16);
  });

  it("satisfies ln Gamma(x + 1) = ln Gamma(x) + ln x and Legendre's duplication formula (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x) => {
        const a = logGamma(x + 1);
        const b = logGamma(x) + Math.log(x);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(4e-15 * Math.max(1, Math.abs(a)));
        // ln Gamma(2x) = (2x - 1) ln 2 - ln(pi)/2 + ln Gamma(x) + ln Gamma(x + 1/2)
        const d = logGamma(2 * x);
        const e = (2 * x - 1) * Math.LN2 - 0.5 * Math.log(Math.PI) + logGamma(x) + logGamma(x + 0.5);
        expect(Math.abs(d - e)).toBeLessThanOrEqual(6e-15 * Math.max(1, Math.abs(d), Math.abs(logGamma(x))));
      }),
      { numRuns: 200 },
    );
  });
});

describe("regularized incomplete gamma", () => {
  it("doc examples and closed forms: a = 1 (exponential), a = 1/2 (erfc), integer a (Poisson sum)", () => {
    expectRel(regularizedGammaP(1, 2), 1 - Math.exp(-2), 1e-15);
    expectRel(regularizedGammaQ(1, 50), Math.exp(-50), 3e-15);
    for (const x of [1e-8, 0.01, 0.3, 1, 2, 7, 40, 300]) {
      expectRel(regularizedGammaP(1, x), -Math.expm1(-x), 3e-15);
      expectRel(regularizedGammaQ(1, x), Math.exp(-x), 1e-15 * Math.max(1, x));
      // Q(1/2, x) = erfc(sqrt x), with normal.ts's independent erfc
      expectRel(regularizedGammaQ(0.5, x), erfc(Math.sqrt(x)), 5e-15 * Math.max(1, x));
    }
    // Q(n, x) = e^-x sum_{k < n} x^k / k!
    for (const n of [2, 3, 5, 10, 20]) {
      for (const x of [0.5, 3, 10, 25, 60]) {
        let term = 1;
        let sum = 1;
        for (let k = 1; k < n; k++) {
          term *= x / k;
          sum += term;
        }
        expectRel(regularizedGammaQ(n, x), Math.exp(-x) * sum, 2e-15 * Math.max(1, x));
      }
    }
  });

  it("subnormal x: P(1/2, x) = erf(sqrt x) = 2 sqrt(x / pi) (1 - x/3 + ...)", () => {
    for (const x of [1e-320, 5e-324, 1e-300, 1e-200]) {
      const want = (2 * Math.sqrt(x)) / Math.sqrt(Math.PI);
      expectRel(regularizedGammaP(0.5, x), want, 1e-15 - 3e-16 * Math.log(want)); // e^-k: k ulps
      expect(regularizedGammaQ(0.5, x)).toBe(1);
    }
    expect(regularizedGammaP(0.03, 1e-322)).toBeGreaterThan(0); // x^a / Gamma(1 + a) ~ 1e-9.6
  });

  it("small tails computed directly (mpmath)", () => {
    expectRel(regularizedGammaQ(0.001, 0.5), 5.6006665647074987702e-4, 2e-15);
    expectRel(regularizedGammaQ(0.5, 700), 2.1010145162642174950e-306, 1e-13);
    expectRel(regularizedGammaQ(100, 130), 2.7504083673065262770e-3, 5e-15);
    expectRel(regularizedGammaQ(1e4, 1.05e4), 4.2758724550596472692e-7, 5e-15);
    expectRel(regularizedGammaP(100, 80), 1.7108313035133114166e-2, 1e-14);
    expectRel(regularizedGammaP(2.5, 1e-5), 9.5152606531127656e-14, 1e-14);
  });

  it("P + Q = 1 (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (a, r) => {
        const x = a * r;
        expect(Math.abs(regularizedGammaP(a, x) + regularizedGammaQ(a, x) - 1)).toBeLessThan(1e-14);
      }),
      { numRuns: 200 },
    );
  });
});

describe("regularizedBeta", () => {
  it("doc example and closed forms", () => {
    expect(regularizedBeta(0.5, 2, 3)).toBe(0.6875);
    for (const x of [1e-6, 0.01, 0.2, 0.5, 0.7, 0.99]) {
      expectRel(regularizedBeta(x, 2, 3), 6 * x * x - 8 * x ** 3 + 3 * x ** 4, 2e-15);
      // a tail of size e^-k is computed through its logarithm: about k ulps (see the file header)
      expectRel(regularizedBeta(x, 3.7, 1), x ** 3.7, 2e-15 * Math.max(1, -3.7 * Math.log(x)));
      expectRel(regularizedBeta(x, 1, 4.2), -Math.expm1(4.2 * Math.log1p(-x)), 2e-15);
      expectRel(regularizedBeta(x, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(x)), 2e-15);
    }
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it("integer a, b: the binomial tail P(Bin(a + b - 1, x) >= a), summed by brute force", () => {
    for (const [a, b] of [[1, 1], [2, 7], [5, 5], [12, 3], [30, 40]]) {
      const m = a + b - 1;
      for (const x of [0.05, 0.3, 0.5, 0.8]) {
        let s = 0;
        let c = 1; // C(m, j)
        for (let j = 0; j <= m; j++) {
          if (j >= a) s += c * x ** j * (1 - x) ** (m - j);
          c = (c * (m - j)) / (j + 1);
        }
        expectRel(regularizedBeta(x, a, b), s, 1e-13);
      }
    }
  });

  it("tails far from the centre (mpmath)", () => {
    expectRel(regularizedBeta(0.3, 100, 200), 0.10884306564490983653, 5e-15);
    expectRel(regularizedBeta(0.2, 100, 200), 3.5460073665672375188e-8, 2e-14);
    expectRel(regularizedBeta(1e-5, 3, 4), 1.999955000359999e-14, 5e-15);
    expectRel(regularizedBeta(0.99, 5, 0.1), 0.23091107921565371497, 5e-15);
    // x near 1 with a huge: the A&S form of the continued fraction loses ~a ulps here (6e-9)
    expectRel(regularizedBeta(0.9999999641682928, 72987598.00324287, 0.1084437370336113), 0.0027927072856321715602, 1e-13);
  });

  it("I_x(a, b) = 1 - I_{1-x}(b, a) (property; x on a grid where 1 - x is exact)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 30 }).map((k) => k / 2 ** 30),
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        (x, a, b) => {
          const s = regularizedBeta(x, a, b) + regularizedBeta(1 - x, b, a);
          expect(Math.abs(s - 1)).toBeLessThan(1e-13);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("chiSquareSf", () => {
  it("table values and closed forms", () => {
    expectRel(chiSquareSf(3.841458820694124, 1), 0.05, 3e-15); // 0.95 quantile, df 1
    expectRel(chiSquareSf(18.307038053275146, 10), 0.05, 2e-15); // 0.95 quantile, df 10
    expectRel(chiSquareSf(4, 2), Math.exp(-2), 2e-15);
    for (const x of [0.01, 1, 10, 100, 700]) expectRel(chiSquareSf(x, 2), Math.exp(-x / 2), 2e-15 * Math.max(1, x));
    // df 1: P(X > z^2) = P(|Z| > z) = 2 normalSf(z)
    for (const z of [0.1, 1, 3, 8, 30]) expectRel(chiSquareSf(z * z, 1), 2 * normalSf(z), 1e-14 * Math.max(1, z * z));
    expectRel(chiSquareSf(500, 10), 4.4147360999137312769e-101, 5e-14); // mpmath
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-1, 3)).toBe(1);
    expect(chiSquareSf(Infinity, 3)).toBe(0);
    expect(chiSquareSf(1, 2.5)).toBeGreaterThan(chiSquareSf(1, 2)); // fractional df
  });
});

describe("fSf and fQuantile", () => {
  it("table values and closed forms", () => {
    // F(3, 20): the 5% point is 3.0983912121407792 (mpmath; tables print 3.098391); at
    // 3.098391212407 (a digit short of it) mpmath gives 0.049999999987501625
    expectRel(fSf(3.098391212407, 3, 20), 0.049999999987501625, 2e-15);
    expectRel(fQuantile(0.95, 3, 20), 3.0983912121407792, 2e-16);
    expectRel(fSf(3.0983912121407792, 3, 20), 0.05, 2e-15);
    // df1 = 2: P(F > x) = (1 + 2x/d2)^(-d2/2); df2 = 2: P(F > x) = 1 - (d1 x / (d1 x + 2))^(d1/2)
    for (const x of [0.01, 0.5, 1, 4, 30, 1000]) {
      for (const d of [0.7, 3, 10, 57.5]) {
        expectRel(fSf(x, 2, d), Math.exp((-d / 2) * Math.log1p((2 * x) / d)), 1e-14);
        expectRel(fSf(x, d, 2), -Math.expm1((-d / 2) * Math.log1p(2 / (d * x))), 1e-14);
      }
    }
    expect(fSf(0, 3, 4)).toBe(1);
    expect(fSf(Infinity, 3, 4)).toBe(0);
  });

  it("F(1, d) at t^2 is the two-sided t p-value; quantiles of the golden file (R qf)", () => {
    for (const [t, d] of [[0.3, 4], [2.228138851986274, 10], [5, 3.5], [12, 69]]) {
      expectRel(fSf(t * t, 1, d), studentTTwoSided(t, d), 1e-14);
    }
    for (const c of golden.cases) {
      for (const e of c.expected.ecological) {
        expectRel(fQuantile(0.9, e.df1, e.df2), e["F_crit_0.9"], 1e-14);
      }
    }
  });

  it("quantiles in the tails and with fractional df (mpmath)", () => {
    expectRel(fQuantile(1e-10, 3, 4), 1.5594763824033160187e-7, 1e-14);
    expectRel(fQuantile(1 - 1e-12, 3, 4), 1825760.4974051846832, 1e-14);
    expectRel(fQuantile(0.5, 2.5, 0.7), 2.3730803883023541640, 1e-14);
  });

  it("fSf(fQuantile(p)) = 1 - p (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }),
        fc.double({ min: 0.2, max: 2000, noNaN: true }),
        fc.double({ min: 0.2, max: 2000, noNaN: true }),
        (p, d1, d2) => {
          const x = fQuantile(p, d1, d2);
          // lower tail P(F(d1, d2) <= x) = P(F(d2, d1) >= 1/x); the tail moves by (d ln tail / d ln x)
          // times the quantile's own rounding, hence a looser bound than the quantile's 1e-14
          if (p <= 0.5) expectRel(fSf(1 / x, d2, d1), p, 1e-11);
          else expectRel(fSf(x, d1, d2), 1 - p, 1e-11);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("Student t", () => {
  it("table value, Cauchy (df 1) and df 2 closed forms, sign symmetry", () => {
    expectRel(studentTTwoSided(2.228138851986274, 10), 0.05, 2e-15);
    expectRel(studentTSf(2.228138851986274, 10), 0.025, 2e-15);
    expect(studentTSf(1, 1)).toBeCloseTo(0.25, 15);
    for (const t of [-1e6, -30, -2, -0.5, 0, 0.1, 1, 7, 1e3, 1e8]) {
      // Cauchy: 1/2 - atan(t)/pi; for t > 0 as atan(1/t)/pi (no cancellation)
      const cauchy = t > 0 ? Math.atan(1 / t) / Math.PI : 0.5 - Math.atan(t) / Math.PI;
      expectRel(studentTSf(t, 1), cauchy, 2e-15);
      // df 2: 1/2 - t / (2 sqrt(t^2 + 2)) = 1 / (sqrt(t^2 + 2) (sqrt(t^2 + 2) + t)) for t > 0
      const r = Math.sqrt(t * t + 2);
      const df2 = t > 0 ? 1 / (r * (r + t)) : 0.5 - t / (2 * r);
      expectRel(studentTSf(t, 2), df2, 2e-15 * Math.max(1, -Math.log(df2)));
      expectRel(studentTSf(t, 7.3) + studentTSf(-t, 7.3), 1, 1e-15);
    }
    expect(studentTTwoSided(0, 4)).toBe(1);
    expectRel(studentTTwoSided(12.3, 68.99973789225834), 4.6428838882553167465e-19, 1e-14); // mpmath
    // very large df (mpmath): the beta variable df/(df + t^2) is within 1e-7 of 1
    expectRel(studentTSf(3, 1e8), 0.0013498983640187471935, 1e-14);
    expectRel(studentTTwoSided(4, 1e5), 6.3387997557195339204e-5, 1e-14);
  });

  it("Welch p-values of the golden file (R t.test)", () => {
    for (const c of golden.cases) {
      for (const r of c.expected.risk) {
        for (const p of r.pairs) {
          if (p.t_welch === null || p.df_welch === null || p.p_welch === null) continue;
          expect(Math.abs(studentTTwoSided(p.t_welch, p.df_welch) - p.p_welch)).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe("noncentralFSf", () => {
  it("matches every p_exact and p12_exact of the golden file (50-digit mpmath) to 1e-12 relative", () => {
    for (const c of golden.cases) {
      for (const f of c.expected.factor) {
        expectRel(noncentralFSf(f.F, f.df1, f.df2, f.lambda_ncp), f.p_exact, 1e-12);
      }
    }
    expectRel(noncentralFSf(30, 1, 6, 35 / 24), 0.009320760857599182, 1e-14); // doc example
  });

  it("equals the central F when ncp = 0, grows with ncp, tails (mpmath)", () => {
    for (const [x, d1, d2] of [[0.3, 1, 6], [2, 5, 10], [40, 3.5, 2.2], [1e4, 2, 30]]) {
      expect(noncentralFSf(x, d1, d2, 0)).toBe(fSf(x, d1, d2));
      let prev = fSf(x, d1, d2);
      for (const l of [0.01, 1, 10, 100]) {
        const p = noncentralFSf(x, d1, d2, l);
        expect(p).toBeGreaterThanOrEqual(prev);
        prev = p;
      }
    }
    expectRel(noncentralFSf(100, 3, 20, 5), 1.1072278797193702339e-9, 1e-14);
    expectRel(noncentralFSf(1000, 3, 20, 50), 8.2484962641847779265e-14, 1e-14);
    expectRel(noncentralFSf(3, 2.5, 7.5, 30), 0.99223205078519518822, 1e-14);
    expectRel(noncentralFSf(60, 4, 26, 300), 0.80997146585926964196, 1e-14);
    expect(noncentralFSf(0, 3, 4, 2)).toBe(1);
  });
});

describe("normalQuantile", () => {
  it("known quantiles (mpmath) and the inverse of normalCdf (property)", () => {
    expectRel(normalQuantile(0.975), 1.959963984540054, 1e-15);
    expectRel(normalQuantile(0.995), 2.5758293035489007610, 1e-15);
    expectRel(normalQuantile(0.3), -0.52440051270804078404, 1e-15);
    expectRel(normalQuantile(1e-10), -6.361340902404056, 1e-15);
    expectRel(normalQuantile(1e-300), -37.047096299361199237, 1e-15);
    expect(normalQuantile(0.5)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 0.4999, noNaN: true }), (p) => {
        const z = normalQuantile(p);
        // the inverse is as good as the CDF's condition allows (|d ln Phi / d ln z| ~ z^2), and the
        // round trip adds normalCdf's own error (a few units in 1e-15: src/core/normal.ts); seen:
        // 2.5e-15 at p = 0.025 (z = -1.96)
        expectRel(normalCdf(z), p, 1e-15 * Math.max(4, z * z));
        const q = 0.5 + p; // upper half
        const zq = normalQuantile(q);
        expectRel(normalSf(zq), 1 - q, 1e-15 * Math.max(4, zq * zq));
      }),
      { numRuns: 200 },
    );
  });
});

describe("argument errors", () => {
  it("throws DistributionInputError with the argument and value", () => {
    expect(() => chiSquareSf(1, -2)).toThrow(DistributionInputError);
    expect(() => chiSquareSf(1, -2)).toThrow(/chiSquareSf: df must be a finite positive number, got -2/);
    expect(() => fSf(NaN, 1, 2)).toThrow(/fSf: x is NaN/);
    expect(() => fSf(1, 0, 2)).toThrow(/df1 must be a finite positive number, got 0/);
    expect(() => fQuantile(1, 3, 4)).toThrow(/p must lie strictly between 0 and 1, got 1/);
    expect(() => fQuantile(0, 3, 4)).toThrow(DistributionInputError);
    expect(() => normalQuantile(-0.1)).toThrow(/normalQuantile: p must lie strictly between 0 and 1/);
    expect(() => normalQuantile(NaN)).toThrow(/p is NaN/);
    expect(() => studentTSf(1, NaN)).toThrow(/df is NaN/);
    expect(() => studentTTwoSided(1, Infinity)).toThrow(/df must be a finite positive number/);
    expect(() => regularizedBeta(1.5, 1, 1)).toThrow(/x must lie in \[0, 1\], got 1.5/);
    expect(() => regularizedGammaP(-1, 1)).toThrow(/a must be a finite positive number/);
    expect(() => regularizedGammaQ(1, -1)).toThrow(/x must be >= 0, got -1/);
    expect(() => logGamma(0)).toThrow(/logGamma: x must be positive, got 0/);
    expect(() => noncentralFSf(1, 2, 3, -1)).toThrow(/ncp must be a finite number >= 0, got -1/);
  });
});
