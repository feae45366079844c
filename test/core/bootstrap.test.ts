import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bootstrap, BootstrapInputError } from "../../src/core/bootstrap";
import { normalCdf } from "../../src/core/normal";
import { createRandom, DEFAULT_SEED } from "../../src/core/random";

const mean = (s: ArrayLike<number>): number => {
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i];
  return t / s.length;
};

/**
 * Hyndman and Fan's type 7, written from its 1-based definition: h = (m - 1) p + 1,
 * Q = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)).
 */
function type7(values: ArrayLike<number>, p: number): number {
  const x = Array.from(values).sort((a, b) => a - b);
  const h = (x.length - 1) * p + 1;
  const lo = Math.floor(h);
  const xlo = x[lo - 1];
  const xhi = lo < x.length ? x[lo] : xlo;
  return xlo + (h - lo) * (xhi - xlo);
}

/** Standard normal draws by Box-Muller from the library's generator (test data only). */
function normalSample(n: number, seed: number, mu = 0, sigma = 1): number[] {
  const r = createRandom(seed);
  const out: number[] = [];
  while (out.length < n) {
    const u1 = 1 - r.nextFloat(); // (0, 1]
    const u2 = r.nextFloat();
    const rad = Math.sqrt(-2 * Math.log(u1));
    out.push(mu + sigma * rad * Math.cos(2 * Math.PI * u2));
    if (out.length < n) out.push(mu + sigma * rad * Math.sin(2 * Math.PI * u2));
  }
  return out;
}

function exponentialSample(n: number, seed: number): number[] {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => -Math.log(1 - r.nextFloat()));
}

const Z975 = 1.959963984540054; // Phi^-1(0.975), e.g. R qnorm(0.975)

describe("bootstrap: doc examples", () => {
  it("mean of [0, 1]: estimate 0.5, percentile interval [0, 1]", () => {
    const r = bootstrap(mean, [0, 1]);
    expect(r.estimate).toBe(0.5);
    expect(r.lower).toBe(0);
    expect(r.upper).toBe(1);
    // the resample means are 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4: counts near 250, 500, 250
    // (within 5 binomial sd: sqrt(999 * 0.25 * 0.75) = 13.7), so far more than 25 at each end
    const zeros = r.replicates.filter((v) => v === 0).length;
    const ones = r.replicates.filter((v) => v === 1).length;
    const halves = r.replicates.filter((v) => v === 0.5).length;
    expect(zeros + ones + halves).toBe(999);
    expect(Math.abs(zeros - 249.75)).toBeLessThan(5 * 13.7);
    expect(Math.abs(ones - 249.75)).toBeLessThan(5 * 13.7);
    expect(Math.abs(halves - 499.5)).toBeLessThan(5 * 15.8);
  });

  it("constant data [3, 3, 3, 3] with BCa: zero width, z0 = 0, a = 0", () => {
    const r = bootstrap(mean, [3, 3, 3, 3], { method: "bca" });
    expect([r.estimate, r.lower, r.upper]).toEqual([3, 3, 3]);
    expect(Math.abs(r.z0!)).toBeLessThan(1e-12);
    expect(r.acceleration).toBe(0);
  });

  it("strata are echoed in order of first appearance with their sizes", () => {
    const r = bootstrap(mean, [1, 2, 10, 20], { strata: ["a", "a", "b", "b"] });
    expect(r.strata).toEqual([
      { label: "a", size: 2 },
      { label: "b", size: 2 },
    ]);
  });
});

describe("bootstrap: defaults and echo", () => {
  it("echoes defaults: 999 resamples, DEFAULT_SEED, level 0.95, percentile, type 7", () => {
    const r = bootstrap(mean, [1, 2, 3, 4, 5]);
    expect(r.resamples).toBe(999);
    expect(r.replicates.length).toBe(999);
    expect(r.seed).toBe(DEFAULT_SEED);
    expect(r.level).toBe(0.95);
    expect(r.method).toBe("percentile");
    expect(r.quantile).toBe("type 7");
    expect(r.probabilities[0]).toBeCloseTo(0.025, 15);
    expect(r.probabilities[1]).toBeCloseTo(0.975, 15);
    expect(r.strata).toBeNull();
    expect(r.z0).toBeNull();
    expect(r.acceleration).toBeNull();
  });
});

describe("bootstrap: determinism", () => {
  const x = exponentialSample(25, 11);

  it("same seed, same draws and interval (default seed = DEFAULT_SEED)", () => {
    const a = bootstrap(mean, x, { seed: 5 });
    const b = bootstrap(mean, x, { seed: 5 });
    expect(Array.from(a.replicates)).toEqual(Array.from(b.replicates));
    expect([a.lower, a.upper]).toEqual([b.lower, b.upper]);
    const d1 = bootstrap(mean, x, { method: "bca" });
    const d2 = bootstrap(mean, x, { method: "bca", seed: DEFAULT_SEED });
    expect([d1.lower, d1.upper, d1.z0, d1.acceleration]).toEqual([d2.lower, d2.upper, d2.z0, d2.acceleration]);
  });

  it("different seed, different draws (and bounds)", () => {
    const a = bootstrap(mean, x, { seed: 5 });
    const b = bootstrap(mean, x, { seed: 6 });
    let same = 0;
    for (let i = 0; i < 999; i++) if (a.replicates[i] === b.replicates[i]) same++;
    expect(same).toBeLessThan(5);
    expect(a.lower).not.toBe(b.lower);
    expect(a.upper).not.toBe(b.upper);
  });

  it("follows the documented draw order (one nextInt(n) per position, resample by resample)", () => {
    // contract check of the documented order, for a reader reproducing the draws elsewhere
    const data = [10, 20, 40];
    const r = bootstrap(mean, data, { resamples: 99, seed: 7 });
    const g = createRandom(7);
    for (let b = 0; b < 99; b++) {
      const s = [data[g.nextInt(3)], data[g.nextInt(3)], data[g.nextInt(3)]];
      expect(r.replicates[b]).toBe(mean(s));
    }
    // stratified: position i draws from the members of its own stratum, in data order
    const strata = ["a", "b", "a", "b", "b"];
    const d2 = [1, 100, 2, 200, 300];
    const seen: number[][] = [];
    bootstrap((s: number[]) => (seen.push(s.slice()), 0), d2, { resamples: 99, seed: 8, strata });
    const h = createRandom(8);
    const memA = [1, 2];
    const memB = [100, 200, 300];
    for (let b = 0; b < 99; b++) {
      const s = strata.map((l) => (l === "a" ? memA[h.nextInt(2)] : memB[h.nextInt(3)]));
      expect(seen[b + 1]).toEqual(s); // call 1 is the estimate
    }
  });
});

describe("bootstrap: percentile interval", () => {
  it("the bounds are the type-7 quantiles of the resampled statistics at (1 -+ level) / 2", () => {
    const x = exponentialSample(30, 3);
    for (const level of [0.8, 0.9, 0.95, 0.99]) {
      for (const resamples of [99, 500, 999, 2000]) {
        const r = bootstrap(mean, x, { level, resamples, seed: 21 });
        expect(r.lower).toBe(type7(r.replicates, (1 - level) / 2));
        expect(r.upper).toBe(type7(r.replicates, (1 + level) / 2));
      }
    }
  });

  it("constant data and a statistic that ignores the data give a zero-width interval", () => {
    for (const method of ["percentile", "bca"] as const) {
      const c = bootstrap(mean, [2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5], { method });
      expect([c.lower, c.estimate, c.upper]).toEqual([2.5, 2.5, 2.5]);
      let calls = 0;
      const k = bootstrap(() => (calls++, 7), [1, 5, 9, 2], { method });
      expect([k.lower, k.estimate, k.upper]).toEqual([7, 7, 7]);
      // estimate + 999 resamples (+ 4 jackknife samples for BCa)
      expect(calls).toBe(method === "bca" ? 1 + 999 + 4 : 1 + 999);
    }
  });

  it("lower < estimate < upper for the mean of continuous samples (both methods)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const x = exponentialSample(30, 1000 + seed);
      for (const method of ["percentile", "bca"] as const) {
        const r = bootstrap(mean, x, { method, seed });
        expect(r.lower).toBeLessThan(r.estimate);
        expect(r.estimate).toBeLessThan(r.upper);
      }
    }
  });

  it("widens with the level: nested intervals for the same seed (property, both methods)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 20 }),
        fc.double({ min: 0.5, max: 0.9, noNaN: true }),
        fc.double({ min: 0.001, max: 0.09, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom("percentile" as const, "bca" as const),
        (x, l1, dl, seed, method) => {
          const a = bootstrap(mean, x, { level: l1, seed, method, resamples: 199 });
          const b = bootstrap(mean, x, { level: l1 + dl, seed, method, resamples: 199 });
          expect(a.lower).toBeLessThanOrEqual(a.upper);
          expect(b.lower).toBeLessThanOrEqual(a.lower);
          expect(a.upper).toBeLessThanOrEqual(b.upper);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("mean of a large normal sample: close to mean -+ 1.96 s / sqrt(n)", () => {
    const n = 2000;
    const x = normalSample(n, 99, 10, 3);
    const m = mean(x);
    let ss = 0;
    for (const v of x) ss += (v - m) * (v - m);
    const se = Math.sqrt(ss / n) / Math.sqrt(n); // the bootstrap's own sd of the mean (ddof 0)
    for (const method of ["percentile", "bca"] as const) {
      const r = bootstrap(mean, x, { resamples: 1999, seed: 4, method });
      // Monte Carlo sd of a 2.5% quantile of 1999 draws: sqrt(0.025 * 0.975 / 1999) / phi(1.96) = 0.06 se
      expect(Math.abs(r.lower - (m - Z975 * se))).toBeLessThan(0.25 * se);
      expect(Math.abs(r.upper - (m + Z975 * se))).toBeLessThan(0.25 * se);
      // sd of the resampled means is se within 10 % (relative sd about 1 / sqrt(2 * 1999) = 1.6 %)
      const rm = mean(r.replicates);
      let rs = 0;
      for (const v of r.replicates) rs += (v - rm) * (v - rm);
      expect(Math.abs(Math.sqrt(rs / 1998) / se - 1)).toBeLessThan(0.1);
    }
  });
});

describe("bootstrap: strata", () => {
  it("each stratum keeps its size and its positions in every resample (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ g: fc.constantFrom("north", "south", 3), x: fc.integer({ min: 0, max: 50 }) }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.integer({ min: 0, max: 1000 }),
        (data, seed) => {
          const strata = data.map((d) => d.g);
          const ids = new Map(data.map((d, i) => [d, i]));
          let bad = 0;
          const stat = (s: { g: string | number; x: number }[]) => {
            if (s.length !== data.length) bad++;
            for (let i = 0; i < s.length; i++) {
              if (s[i].g !== data[i].g) bad++; // the element at position i comes from data[i]'s stratum
              if (!ids.has(s[i])) bad++; // and is one of the data's elements
            }
            return 0;
          };
          const r = bootstrap(stat, data, { strata, seed, resamples: 99 });
          expect(bad).toBe(0);
          const sizes = new Map<string | number, number>();
          for (const g of strata) sizes.set(g, (sizes.get(g) ?? 0) + 1);
          expect(r.strata).toEqual([...sizes].map(([label, size]) => ({ label, size })));
        },
      ),
      { numRuns: 50 },
    );
  });

  it("strata constant within: every stratified resample mean is the data mean (zero width)", () => {
    // strata a = [1, 1, 1], b = [5, 5]: each resample has three 1s and two 5s, mean (3 + 10) / 5 = 2.6
    const x = [1, 5, 1, 5, 1];
    const strata = ["a", "b", "a", "b", "a"];
    for (const method of ["percentile", "bca"] as const) {
      const r = bootstrap(mean, x, { strata, method });
      expect(r.estimate).toBeCloseTo(2.6, 15);
      expect(r.lower).toBe(r.upper);
      expect(r.lower).toBeCloseTo(2.6, 15);
    }
    const u = bootstrap(mean, x);
    expect(u.upper - u.lower).toBeGreaterThan(1);
  });

  it("numeric and string labels are different strata (1 and '1')", () => {
    const r = bootstrap(mean, [1, 2, 3, 4], { strata: [1, "1", 1, "1"] });
    expect(r.strata).toEqual([
      { label: 1, size: 2 },
      { label: "1", size: 2 },
    ]);
  });
});

describe("bootstrap: BCa", () => {
  it("z0 counts ties with the estimate as half: Phi(z0) = (#below + #equal / 2) / R", () => {
    // mean of [0, 1]: resample means 0, 0.5 (= the estimate) or 1
    const r = bootstrap(mean, [0, 1], { method: "bca" });
    const below = r.replicates.filter((v) => v < 0.5).length;
    const equal = r.replicates.filter((v) => v === 0.5).length;
    expect(equal).toBeGreaterThan(400);
    expect(Math.abs(normalCdf(r.z0!) - (below + equal / 2) / 999)).toBeLessThan(1e-12);
  });

  it("acceleration of the mean of [1, 2, 3, 4, 10] by hand", () => {
    // jackknife: t_(i) = (20 - y_i) / 4, mean 4, so mean - t_(i) = (y_i - 4) / 4: proportional to
    // l = y - 4 = (-3, -2, -1, 0, 6); sum l^3 = -27 - 8 - 1 + 0 + 216 = 180, sum l^2 = 50
    const r = bootstrap(mean, [1, 2, 3, 4, 10], { method: "bca" });
    expect(r.acceleration!).toBeCloseTo(180 / (6 * Math.pow(50, 1.5)), 14); // 0.0848528137423857
  });

  it("stratified acceleration by hand: strata a = [1, 2, 4], b = [10, 30], statistic = overall mean", () => {
    // t_(i) = (47 - y_i) / 4. Stratum a: mean_a(t) - t_(i) = (y_i - 7/3) / 4 = (-1/3, -1/12, 5/12),
    // times (n_a - 1) / n_a = 2/3: u = (-2/9, -1/18, 5/18). Stratum b: (y_i - 20) / 4 = (-5/2, 5/2),
    // times 1/2: u = (-5/4, 5/4).
    const u = [-2 / 9, -1 / 18, 5 / 18, -5 / 4, 5 / 4];
    const s2 = u.reduce((a, v) => a + v * v, 0); // 42/324 + 25/8
    const s3 = u.reduce((a, v) => a + v * v * v, 0); // 60/5832
    expect(s3).toBeCloseTo(60 / 5832, 15);
    const r = bootstrap(mean, [1, 2, 10, 4, 30], { method: "bca", strata: ["a", "a", "b", "a", "b"] });
    expect(r.acceleration!).toBeCloseTo(s3 / (6 * Math.pow(s2, 1.5)), 14);
    // unstratified: l = y - 9.4
    const l = [1, 2, 10, 4, 30].map((y) => y - 9.4);
    const a0 = l.reduce((a, v) => a + v ** 3, 0) / (6 * Math.pow(l.reduce((a, v) => a + v * v, 0), 1.5));
    expect(bootstrap(mean, [1, 2, 10, 4, 30], { method: "bca" }).acceleration!).toBeCloseTo(a0, 14);
  });

  it("acceleration of the mean = sample skewness / (6 sqrt(n)) (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 3, maxLength: 30 }), (x) => {
        const n = x.length;
        const m = mean(x);
        const m2 = x.reduce((a, v) => a + (v - m) ** 2, 0) / n;
        fc.pre(m2 > 0.5);
        const m3 = x.reduce((a, v) => a + (v - m) ** 3, 0) / n;
        const r = bootstrap(mean, x, { method: "bca", resamples: 99 });
        expect(Math.abs(r.acceleration! - m3 / Math.pow(m2, 1.5) / (6 * Math.sqrt(n)))).toBeLessThan(1e-12);
      }),
      { numRuns: 100 },
    );
  });

  it("acceleration is scale-free, also for tiny and huge statistics (no underflow or overflow)", () => {
    const x = [1, 2, 3, 4, 10];
    const a = bootstrap(mean, x, { method: "bca" }).acceleration!;
    for (const c of [1e-160, 1e-300, 1e150, 1e300]) {
      const r = bootstrap(mean, x.map((v) => v * c), { method: "bca" });
      expect(r.acceleration!).toBeCloseTo(a, 12);
    }
  });

  it("bounds are the type-7 quantiles at alpha_k = Phi(z0 + (z0 + z_k) / (1 - a (z0 + z_k)))", () => {
    const x = exponentialSample(40, 17);
    const r = bootstrap(mean, x, { method: "bca", seed: 3 });
    const z0 = r.z0!;
    const a = r.acceleration!;
    const adj = (z: number) => normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
    expect(r.probabilities[0]).toBeCloseTo(adj(-Z975), 12);
    expect(r.probabilities[1]).toBeCloseTo(adj(Z975), 12);
    expect(r.lower).toBeCloseTo(type7(r.replicates, adj(-Z975)), 12);
    expect(r.upper).toBeCloseTo(type7(r.replicates, adj(Z975)), 12);
    // right-skewed data: positive acceleration, and BCa moves both bounds right of the percentile ones
    expect(a).toBeGreaterThan(0);
    const p = bootstrap(mean, x, { seed: 3 });
    expect(r.lower).toBeGreaterThan(p.lower);
    expect(r.upper).toBeGreaterThan(p.upper);
  });

  it("refuses when z0 is infinite (every resample below the estimate)", () => {
    let calls = 0;
    const odd = (s: number[]) => (calls++ === 0 ? 100 : mean(s));
    expect(() => bootstrap(odd, [1, 2, 3, 4], { method: "bca" })).toThrow(
      /BCa is undefined here: all 999 resampled statistics are below the estimate 100.*method "percentile"/,
    );
    calls = 0;
    expect(bootstrap(odd, [1, 2, 3, 4]).upper).toBeLessThanOrEqual(4); // the percentile interval is still defined
  });

  it("refuses when the adjustment breaks down (1 - a (z0 + z) <= 0)", () => {
    // a jackknife with one huge value gives a = -(n - 2) / sqrt(n (n - 1)) / 6 = -0.164 for n = 100;
    // at level 1 - 1e-12, z = -7.13 and 1 - a (z0 + z) < 0
    const x = normalSample(100, 5);
    const stat = (s: number[]) => (s.length === 99 && s[0] !== x[0] ? 1000 : mean(s));
    expect(() => bootstrap(stat, x, { method: "bca", level: 1 - 1e-12 })).toThrow(/BCa adjustment breaks down/);
  });
});

describe("bootstrap: the statistic's samples", () => {
  it("gets a fresh array every call: sorting it in place leaves data untouched", () => {
    const x = [5, 3, 9, 1];
    const median = (s: number[]) => {
      s.sort((a, b) => a - b);
      return (s[1] + s[2]) / 2;
    };
    const r = bootstrap(median, x, { method: "bca" });
    expect(x).toEqual([5, 3, 9, 1]);
    expect(r.estimate).toBe(4);
  });

  it("accepts typed arrays and records", () => {
    const t = bootstrap(mean, new Float64Array([1, 2, 3, 4]), { seed: 1 });
    const a = bootstrap(mean, [1, 2, 3, 4], { seed: 1 });
    expect([t.lower, t.upper]).toEqual([a.lower, a.upper]);
    const rec = bootstrap((s: { v: number }[]) => mean(s.map((d) => d.v)), [{ v: 1 }, { v: 2 }, { v: 3 }, { v: 4 }], { seed: 1 });
    expect([rec.lower, rec.upper]).toEqual([a.lower, a.upper]);
  });
});

describe("bootstrap: errors", () => {
  it("names the resample (from 1) on which the statistic returns NaN or a non-number, or throws", () => {
    const failOn = (call: number, value: unknown) => {
      let c = 0;
      return (s: number[]) => (++c === call ? (value as number) : mean(s));
    };
    // call 1 is the estimate, so call 5 is resample 4
    expect(() => bootstrap(failOn(5, NaN), [1, 2, 3])).toThrow(/returned NaN on resample 4 \(of 999\)/);
    expect(() => bootstrap(failOn(2, "x"), [1, 2, 3])).toThrow(/returned the string "x" on resample 1 \(of 999\)/);
    expect(() => bootstrap(failOn(1000, Infinity), [1, 2, 3])).toThrow(/returned Infinity on resample 999 \(of 999\)/);
    expect(() => bootstrap(failOn(1, undefined), [1, 2, 3])).toThrow(/returned undefined on the data \(the estimate\)/);
    // jackknife (BCa): calls 1001.. are the samples without element 1, 2, ...
    expect(() => bootstrap(failOn(1002, NaN), [1, 2, 3], { method: "bca" })).toThrow(
      /NaN on the jackknife sample without element 2 \(counted from 1; BCa acceleration\)/,
    );
    let c = 0;
    const throws = (s: number[]) => {
      if (++c === 12) throw new Error("log of zero");
      return mean(s);
    };
    try {
      bootstrap(throws, [1, 2, 3]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BootstrapInputError);
      expect((e as Error).name).toBe("BootstrapInputError");
      expect((e as Error).message).toMatch(/threw on resample 11 \(of 999\): log of zero/);
      expect(((e as Error).cause as Error).message).toBe("log of zero");
    }
  });

  it("refuses fewer than 99 resamples, and other bad options, with the value", () => {
    expect(() => bootstrap(mean, [1, 2], { resamples: 98 })).toThrow(/resamples must be an integer of at least 99, got 98/);
    expect(bootstrap(mean, [1, 2], { resamples: 99 }).replicates.length).toBe(99);
    expect(() => bootstrap(mean, [1, 2], { resamples: 999.5 })).toThrow(/at least 99, got 999.5/);
    expect(() => bootstrap(mean, [1, 2], { level: 1 })).toThrow(/level must be a number strictly between 0 and 1.*got 1/);
    expect(() => bootstrap(mean, [1, 2], { level: 0 })).toThrow(/got 0/);
    expect(() => bootstrap(mean, [1, 2], { level: 95 })).toThrow(/got 95/);
    expect(() => bootstrap(mean, [1, 2], { level: NaN })).toThrow(/got NaN/);
    expect(() => bootstrap(mean, [1, 2], { method: "bc" as "bca" })).toThrow(/method must be "percentile" or "bca", got the string "bc"/);
    expect(() => bootstrap(mean, [1, 2], { seed: 1.5 })).toThrow(/seed must be an integer, got 1.5/);
  });

  it("refuses bad data and strata, naming the position from 1", () => {
    expect(() => bootstrap(mean, [])).toThrow(/data is empty/);
    expect(() => bootstrap(mean, "123" as unknown as number[])).toThrow(/data must be an array/);
    expect(() => bootstrap(mean, null as unknown as number[])).toThrow(BootstrapInputError);
    expect(() => bootstrap(42 as unknown as typeof mean, [1])).toThrow(/first argument must be the statistic/);
    expect(() => bootstrap(mean, [1, 2, 3], { strata: ["a", "b"] })).toThrow(/strata has 2 labels but data has 3 elements/);
    expect(() => bootstrap(mean, [1, 2, 3], { strata: ["a", "b", null as unknown as string] })).toThrow(
      /stratum label at position 3 \(counted from 1\) is null/,
    );
    expect(() => bootstrap(mean, [1, 2, 3], { strata: ["a", NaN, "b"] })).toThrow(/position 2 .* is NaN/);
  });
});
