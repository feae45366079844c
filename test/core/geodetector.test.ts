import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { geodetector, GeodetectorInputError, StratumLabel } from "../../src/core/geodetector";
import { studentTTwoSided } from "../../src/core/distributions";
import golden from "../golden/toolkit/geodetector.json";

type GoldenCase = (typeof golden.cases)[number];

const ABS = golden.tolerance.absolute; // 1e-12: q, F, lambda, means, t, df, p_welch
const REL = golden.tolerance.relative; // 1e-9: everything else numeric
const P_TOL = 2e-9; // p / p12 against p_exact (golden tolerance.p_factor)

function near(got: number | null, want: number | null, what: string, tol: { abs?: number; rel?: number }): void {
  if (want === null) {
    expect(got, what).toBeNull();
    return;
  }
  expect(got, what).not.toBeNull();
  const g = got as number;
  const d = Math.abs(g - want);
  const ok = (tol.abs !== undefined && d <= tol.abs) || (tol.rel !== undefined && d <= tol.rel * Math.abs(want));
  if (!ok) throw new Error(`${what}: got ${g}, want ${want} (difference ${d})`);
}

function runCase(c: GoldenCase) {
  const data = c.input.data as unknown as Record<string, (string | number)[]>;
  const strata: Record<string, StratumLabel[]> = {};
  for (const x of c.input.x) strata[x] = data[x];
  return geodetector(data[c.input.y] as number[], strata);
}

describe("geodetector: golden file (R geodetector 1.0-5, mpmath p_exact)", () => {
  for (const c of golden.cases) {
    it(`${c.name}: factor detector`, () => {
      const r = runCase(c);
      expect(r.n).toBe(c.expected.n);
      expect(r.factor.map((f) => f.x)).toEqual(c.expected.factor.map((f) => f.x));
      c.expected.factor.forEach((e, k) => {
        const f = r.factor[k];
        const w = `${c.name} ${e.x}`;
        expect(f.strata, w).toBe(e.strata);
        expect(f.df1, w).toBe(e.df1);
        expect(f.df2, w).toBe(e.df2);
        near(f.q, e.q, `${w} q`, { abs: ABS });
        near(f.F, e.F, `${w} F`, { abs: ABS, rel: 1e-15 * 64 }); // F up to 51: 1e-12 absolute is 2e-14 relative
        near(f.lambda_ncp, e.lambda_ncp, `${w} lambda`, { abs: ABS, rel: 1e-14 });
        near(f.ssw, e.ssw, `${w} ssw`, { rel: REL });
        near(f.sst, e.sst, `${w} sst`, { rel: REL });
        near(f.p, e.p_exact, `${w} p vs p_exact`, { abs: P_TOL });
        near(f.p, e.p_exact, `${w} p vs p_exact (accurate)`, { abs: 1e-12, rel: 1e-12 });
        near(f.p, e.p, `${w} p vs R's pf`, { abs: P_TOL }); // R's own p is ~1e-9 off p_exact
      });
    });

    it(`${c.name}: interaction detector`, () => {
      const r = runCase(c);
      expect(r.interaction.length).toBe(c.expected.interaction.length);
      c.expected.interaction.forEach((e, k) => {
        const g = r.interaction[k];
        const w = `${c.name} ${e.x1} x ${e.x2}`;
        expect([g.x1, g.x2], w).toEqual([e.x1, e.x2]);
        near(g.q1, e.q1, `${w} q1`, { abs: ABS });
        near(g.q2, e.q2, `${w} q2`, { abs: ABS });
        near(g.q12, e.q12, `${w} q12`, { abs: ABS });
        near(g.p12, e.p12_exact, `${w} p12`, { abs: P_TOL });
        near(g.p12, e.p12_exact, `${w} p12 (accurate)`, { abs: 1e-12, rel: 1e-12 });
        expect(g.overlay_strata, w).toBe(e.overlay_strata);
        expect(g.type, w).toBe(e.type);
        expect(g.type_textbook, w).toBe(e.type); // "type_mismatch_vs_textbook": 0 (no case on a tie)
        // R's interaction_detector returns q12 as a character string of 15 significant digits
        expect(Number(g.q12.toPrecision(15)), w).toBe(Number(e.q12_as_returned_by_interaction_detector));
      });
    });

    it(`${c.name}: risk detector (Welch t-tests)`, () => {
      const r = runCase(c);
      c.expected.risk.forEach((e, k) => {
        const g = r.risk[k];
        const w = `${c.name} ${e.x}`;
        expect(g.x).toBe(e.x);
        expect(g.strata, w).toEqual(e.strata);
        expect(g.n, w).toEqual(e.n);
        e.mean.forEach((m, h) => near(g.mean[h], m, `${w} mean ${h}`, { abs: ABS }));
        expect(g.pairs.length, w).toBe(e.pairs.length);
        e.pairs.forEach((ep, j) => {
          const gp = g.pairs[j];
          const wp = `${w} ${ep.a}-${ep.b}`;
          expect([gp.a, gp.b, gp.n_a, gp.n_b], wp).toEqual([ep.a, ep.b, ep.n_a, ep.n_b]);
          expect(gp.sig_R, wp).toBe(ep.sig_R);
          expect(gp.df_rounded_R, wp).toBe(ep.df_rounded_R);
          near(gp.t_welch, ep.t_welch, `${wp} t`, { abs: ABS });
          near(gp.df_welch, ep.df_welch, `${wp} df`, { abs: ABS, rel: 1e-14 });
          near(gp.p_welch, ep.p_welch, `${wp} p`, { abs: ABS });
          // t_crit_R is R's qt(0.975, df), itself off by up to 4.1e-9 relative (mpmath: qt(0.975, 6)
          // = 2.4469118511449700, R 2.4469118487916806), so it is checked to 1e-8 here and exactly
          // below against mpmath and the defining equation
          near(gp.t_crit_R, ep.t_crit_R, `${wp} t_crit`, { rel: 1e-8 });
        });
      });
    });

    it(`${c.name}: ecological detector`, () => {
      const r = runCase(c);
      c.expected.ecological.forEach((e, k) => {
        const g = r.ecological[k];
        const w = `${c.name} ${e.x1} x ${e.x2}`;
        expect([g.x1, g.x2, g.df1, g.df2], w).toEqual([e.x1, e.x2, e.df1, e.df2]);
        near(g.q1, e.q1, `${w} q1`, { abs: ABS });
        near(g.q2, e.q2, `${w} q2`, { abs: ABS });
        near(g.F_q2_over_q1, e.F_q2_over_q1, `${w} q2/q1`, { rel: REL });
        near(g.F_q1_over_q2, e.F_q1_over_q2, `${w} q1/q2`, { rel: REL });
        near(g["F_crit_0.9"], e["F_crit_0.9"], `${w} F crit`, { rel: REL });
        expect(g.sig_R, w).toBe(e.sig_R);
        near(g.reference_only_textbook_F_ssw1_over_ssw2, e.reference_only_textbook_F_ssw1_over_ssw2, `${w} ssw ratio`, { rel: REL });
        near(g.reference_only_textbook_p_upper, e.reference_only_textbook_p_upper, `${w} textbook p`, { rel: REL });
      });
    });
  }

  it("qt(0.975, df) exactly: mpmath values and P(|T| > t) = 0.05", () => {
    const r = runCase(golden.cases[1]); // CollectData: df from 6 to 105
    // mpmath 1.3.0, 40 digits: findroot of I_{df/(df+t^2)}(df/2, 1/2) = 0.05
    const mp: Record<number, number> = { 6: 2.44691185114497, 7: 2.3646242515927853, 14: 2.1447866879178038, 35: 2.0301079282503432 };
    const seen = new Set<number>();
    for (const f of r.risk) {
      for (const p of f.pairs) {
        if (p.df_rounded_R === null || p.t_crit_R === null) continue;
        expect(Math.abs(studentTTwoSided(p.t_crit_R, p.df_rounded_R) - 0.05)).toBeLessThan(1e-15);
        if (mp[p.df_rounded_R] !== undefined) {
          expect(Math.abs(p.t_crit_R - mp[p.df_rounded_R])).toBeLessThan(4e-15);
          seen.add(p.df_rounded_R);
        }
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(1);
    const hand = runCase(golden.cases[0]);
    expect(Math.abs((hand.risk[0].pairs[0].t_crit_R as number) - mp[6])).toBeLessThan(4e-15);
  });
});

describe("geodetector: doc example by hand", () => {
  it("hand-8 numbers", () => {
    const r = geodetector([1, 2, 3, 4, 6, 7, 8, 9], {
      x1: ["a", "a", "a", "a", "b", "b", "b", "b"],
      x2: ["c", "d", "d", "c", "c", "c", "d", "d"],
    });
    // x1: SST = 60, SSW = 5 + 5 = 10, q = 5/6, F = 6 * (5/6)/(1/6) = 30,
    // lambda = (2.5^2 + 7.5^2 - (2 * 2.5 + 2 * 7.5)^2 / 8) / (60/7) = (62.5 - 50) * 7/60 = 35/24
    expect(r.factor[0].q).toBeCloseTo(5 / 6, 15);
    expect(r.factor[0].F).toBeCloseTo(30, 13);
    expect(r.factor[0].lambda_ncp).toBeCloseTo(35 / 24, 15);
    expect(r.factor[0].ssw).toBe(10);
    expect(r.factor[0].sst).toBe(60);
    expect(Math.abs(r.factor[0].p - 0.009320760857599182)).toBeLessThan(1e-16);
    // x2: means 4.5 and 5.5, SSW = 21 + 37 = 58, q = 2/60
    expect(r.factor[1].q).toBeCloseTo(1 / 30, 15);
    // overlay a_c {1, 4}, a_d {2, 3}, b_c {6, 7}, b_d {8, 9}: SSW = 4.5 + 0.5 + 0.5 + 0.5 = 6, q12 = 0.9
    expect(r.interaction[0].q12).toBeCloseTo(0.9, 15);
    expect(r.interaction[0].type).toBe("Enhance, nonlinear"); // 0.9 > 5/6 + 1/30
    // Welch a vs b: variances 5/3 each, t = (2.5 - 7.5) / sqrt(5/12 + 5/12), df = 6
    const p = r.risk[0].pairs[0];
    expect(p.t_welch).toBeCloseTo(-5 / Math.sqrt(5 / 6), 14);
    expect(p.df_welch).toBeCloseTo(6, 13);
    expect(p.sig_R).toBe(true);
    // ecological: q1/q2 = 25 > qf(0.9, 7, 7) = 2.784930117504441
    expect(r.ecological[0].F_q1_over_q2).toBeCloseTo(25, 12);
    expect(r.ecological[0]["F_crit_0.9"]).toBeCloseTo(2.784930117504441, 14);
    expect(r.ecological[0].sig_R).toBe(true);
    expect(r.notes.some((s) => /never reports 'Independent'/.test(s))).toBe(true);
    expect(r.notes.some((s) => /0\.9 quantile/.test(s))).toBe(true);
  });

  it("numbers as labels sort numerically, strings by code unit; a Map keeps its order", () => {
    const y = [1, 2, 3, 4, 5, 6];
    const num = geodetector(y, { k: [10, 10, 9, 9, 2, 2] });
    expect(num.risk[0].strata).toEqual(["2", "9", "10"]);
    expect(num.risk[0].mean).toEqual([5.5, 3.5, 1.5]);
    const str = geodetector(y, { k: ["10", "10", "9", "9", "2", "2"] });
    expect(str.risk[0].strata).toEqual(["10", "2", "9"]);
    expect(str.factor[0].q).toBe(num.factor[0].q);
    const m = geodetector(
      y,
      new Map<string, StratumLabel[]>([
        ["zeta", ["a", "a", "a", "b", "b", "b"]],
        ["2019", ["a", "b", "a", "b", "a", "b"]],
      ]),
    );
    expect(m.factor.map((f) => f.x)).toEqual(["zeta", "2019"]);
  });
});

describe("geodetector: the interaction rules", () => {
  it("nested factors give q12 = max(q1, q2): R says 'Enhance, bi-', the textbook too", () => {
    // x2 refines x1, so the overlay is x2 itself
    const y = [1, 2, 4, 3, 7, 9, 8, 12];
    const r = geodetector(y, {
      x1: ["a", "a", "a", "a", "b", "b", "b", "b"],
      x2: ["p", "p", "q", "q", "r", "r", "s", "s"],
    });
    const i = r.interaction[0];
    expect(i.q12).toBe(i.q2);
    expect(i.type).toBe("Enhance, bi-");
    expect(i.type_textbook).toBe("Enhance, bi-");
  });

  it("a refinement x2 of x1: q12 = q2 and R's type is 'Enhance, bi-' whatever the rounding (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }), fc.double({ min: -50, max: 50, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-100)), {
          minLength: 30,
          maxLength: 60,
        }),
        (rows) => {
          // 3 coarse strata, each split in 2 fine ones; keep samples where every fine stratum has 2+ rows
          const fine = rows.map(([a, b]) => `f${2 - a}${b}`); // fine labels sort in another order than coarse
          const counts = new Map<string, number>();
          fine.forEach((f) => counts.set(f, (counts.get(f) ?? 0) + 1));
          if (counts.size < 6 || [...counts.values()].some((c) => c < 2)) return;
          const y = rows.map(([, , v]) => v);
          if (new Set(y).size < 2) return;
          const r = geodetector(y, { coarse: rows.map(([a]) => a), fine });
          const i = r.interaction[0];
          expect(Math.abs(i.q12 - i.q2)).toBeLessThan(1e-14);
          expect(i.q12).toBeGreaterThanOrEqual(Math.max(i.q1, i.q2));
          expect(i.type).toBe("Enhance, bi-");
        },
      ),
      { numRuns: 150 },
    );
  });

  it("R never reports 'Independent': q12 = q1 + q2 exactly is 'Enhance, bi-' in R, 'Independent' in the textbook", () => {
    // a balanced 2 x 2 design with additive effects and no within-cell noise: y = 0, 1, 2, 3 per cell,
    // each cell twice (with +-1 noise, symmetric): SSB1 + SSB2 = SSB12 exactly
    const y = [0 - 1, 0 + 1, 1 - 1, 1 + 1, 2 - 1, 2 + 1, 3 - 1, 3 + 1];
    const x1 = ["a", "a", "a", "a", "b", "b", "b", "b"];
    const x2 = ["c", "c", "d", "d", "c", "c", "d", "d"];
    const r = geodetector(y, { x1, x2 });
    const i = r.interaction[0];
    // by hand: SST = 18, x1 means 0.5 / 2.5 -> SSB1 = 8, x2 means 1 / 2 -> SSB2 = 2, cells -> SSB12 = 10
    expect(r.factor[0].sst).toBe(18);
    expect(i.q1).toBe(8 / 18);
    expect(i.q2).toBe(2 / 18);
    expect(i.q12).toBe(10 / 18);
    expect(i.q12 === i.q1 + i.q2).toBe(true);
    expect(i.type).toBe("Enhance, bi-");
    expect(i.type_textbook).toBe("Independent");
  });
});

describe("geodetector: properties", () => {
  // y values and labels for 2..4 strata, at least 2 observations each
  const sample = fc
    .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 6 }))
    .chain(([L, per]) =>
      fc.record({
        // multiples of 1/64 in [-100, 100]: no underflow, and SST > 0 unless all are equal
        y: fc.array(
          fc.integer({ min: -6400, max: 6400 }).map((k) => k / 64),
          { minLength: L * per, maxLength: L * per },
        ),
        labels: fc.constant(Array.from({ length: L * per }, (_, i) => `s${i % L}`)),
        perm: fc.shuffledSubarray(
          Array.from({ length: L * per }, (_, i) => i),
          { minLength: L * per, maxLength: L * per },
        ),
      }),
    )
    .filter((s) => new Set(s.y).size > 1);

  it("q in [0, 1]; unchanged by a positive rescaling, a shift, and a joint permutation", () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true }), (s, a, b) => {
        const q = geodetector(s.y, { x: s.labels }).factor[0].q;
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(1);
        const qa = geodetector(s.y.map((v) => a * v + b), { x: s.labels }).factor[0].q;
        expect(Math.abs(qa - q)).toBeLessThan(1e-9);
        const qp = geodetector(
          s.perm.map((i) => s.y[i]),
          { x: s.perm.map((i) => s.labels[i]) },
        ).factor[0].q;
        expect(Math.abs(qp - q)).toBeLessThan(1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it("q = 1 when y is constant within strata and differs between them", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.integer({ min: -8e6, max: 8e6 }).map((k) => k / 8),
          { minLength: 2, maxLength: 6 },
        ),
        fc.integer({ min: 2, max: 5 }),
        (levels, per) => {
          const y: number[] = [];
          const x: number[] = [];
          levels.forEach((v, h) => {
            for (let k = 0; k < per; k++) {
              y.push(v);
              x.push(h);
            }
          });
          const f = geodetector(y, { x }).factor[0];
          expect(f.q).toBe(1);
          expect(f.F).toBe(Infinity);
          expect(f.p).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("geodetector: singleton strata as R keeps them (allowSingletonStrata)", () => {
  it("a singleton adds 0 to SSW, its risk pairs are skipped; R's dispersion rule applies", () => {
    const y = [1, 2, 3, 10, 11, 30];
    const x = ["a", "a", "a", "b", "b", "c"];
    const r = geodetector(y, { x }, { allowSingletonStrata: true });
    // SSW = 2 (a: 1, 2, 3) + 0.5 (b: 10, 11) + 0 (c); SST = sum (y - 9.5)^2
    // = 72.25 + 56.25 + 42.25 + 0.25 + 2.25 + 420.25 = 593.5
    expect(r.factor[0].ssw).toBeCloseTo(2.5, 13);
    expect(r.factor[0].sst).toBeCloseTo(593.5, 12);
    expect(r.factor[0].q).toBeCloseTo(1 - 2.5 / 593.5, 15);
    const pairs = r.risk[0].pairs;
    expect(pairs.map((p) => [p.a, p.b, p.sig_R === null])).toEqual([
      ["a", "b", false],
      ["a", "c", true],
      ["b", "c", true],
    ]);
    expect(pairs[1].t_welch).toBeNull();
    expect(r.notes.some((s) => /stratum\(s\) 'c' with one observation/.test(s))).toBe(true);
    expect(() => geodetector([1, 2, 3, 4], { x: ["a", "b", "c", "c"] }, { allowSingletonStrata: true })).toThrow(
      /factor 'x' has 3 strata for 4 observations \(more than N\/2 = 2\)/,
    );
  });
});

describe("geodetector: errors name the factor and the index (from 1)", () => {
  const y = [1, 2, 3, 4, 5, 6];
  it("bad y, bad labels, bad shapes", () => {
    expect(() => geodetector([1, NaN, 3, 4], { x: ["a", "a", "b", "b"] })).toThrow(/y at index 2 \(counting from 1\) is NaN/);
    expect(() => geodetector([1, Infinity, 3, 4], { x: ["a", "a", "b", "b"] })).toThrow(GeodetectorInputError);
    expect(() => geodetector(y, { region: ["a", "a", "b", "b", "c"] })).toThrow(
      /factor 'region' has 5 labels but y has 6 values/,
    );
    expect(() => geodetector(y, { region: ["a", "a", "b", "b", "c", "c"], soil: [1, 1, 1, 2, 2, "2"] })).toThrow(
      /factor 'soil': label at index 6 \(counting from 1\) is the string "2" but the first label is a number/,
    );
    expect(() => geodetector(y, { soil: [1, 1, 2, 2, NaN, 2] })).toThrow(/factor 'soil': label at index 5 \(counting from 1\) is NaN/);
    expect(() => geodetector(y, { r: ["a", "a", "", "b", "b", "b"] })).toThrow(/factor 'r': label at index 3 \(counting from 1\) is empty/);
    expect(() =>
      geodetector(y, { r: ["a", "a", undefined, "b", "b", "b"] as unknown as string[] }),
    ).toThrow(/factor 'r': label at index 3 \(counting from 1\) is undefined \(a missing label\)/);
    expect(() => geodetector(y, { r: ["a", "a", 3, "b", "b", "b"] })).toThrow(/is the number 3 but the first label is a string/);
    expect(() => geodetector(y, { r: [true, true, false, false, true, true] as unknown as string[] })).toThrow(
      /label at index 1 \(counting from 1\) is true \(not a string or number\)/,
    );
    expect(() => geodetector(y, {})).toThrow(/no factors/);
  });

  it("one stratum, a singleton stratum, constant y", () => {
    expect(() => geodetector(y, { region: ["east", "east", "east", "east", "east", "east"] })).toThrow(
      /factor 'region' has only one stratum \("east"\)/,
    );
    expect(() => geodetector(y, { region: ["east", "east", "west", "west", "west", "north"] })).toThrow(
      /factor 'region': stratum 'north' has a single observation, at index 6 \(counting from 1\)/,
    );
    expect(() => geodetector([2, 2, 2, 2], { x: ["a", "a", "b", "b"] })).toThrow(/y is constant/);
  });
});
