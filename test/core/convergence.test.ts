import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { convergence, ConvergenceInputError, type ConvergenceResult } from "../../src/core/convergence";
import golden from "../golden/toolkit/convergence.json";

// golden tolerance: absolute 1e-12 or relative 1e-9 for every number; p-values absolute 1e-12
const ABS = golden.tolerance.absolute;
const REL = golden.tolerance.relative;
function close(a: unknown, b: unknown, what: string, pValue = false) {
  if (b === null) {
    expect(a, what).toBeNull();
    return;
  }
  if (Array.isArray(b)) {
    expect(Array.isArray(a), what).toBe(true);
    expect((a as unknown[]).length, `${what} length`).toBe(b.length);
    b.forEach((v, i) => close((a as unknown[])[i], v, `${what}[${i}]`));
    return;
  }
  expect(typeof a, `${what}: ${String(a)}`).toBe("number");
  const d = Math.abs((a as number) - (b as number));
  const ok = pValue ? d <= ABS : d <= ABS || d <= REL * Math.abs(b as number);
  if (!ok) throw new Error(`${what}: ${a} vs ${b} (|diff| ${d})`);
}
function checkBlock(r: Record<string, unknown> | null, e: Record<string, unknown> | null, what: string) {
  if (e === null) {
    expect(r, what).toBeNull();
    return;
  }
  expect(r, what).not.toBeNull();
  for (const k of Object.keys(e)) close(r![k], e[k], `${what}.${k}`, k.startsWith("p_"));
}
function checkCase(r: ConvergenceResult, e: any, name: string) {
  expect(r.sigma.length).toBe(e.sigma.length);
  r.sigma.forEach((row, t) => checkBlock(row as any, e.sigma[t], `${name} sigma[${t}]`));
  checkBlock(r.beta_absolute as any, e.beta_absolute, `${name} beta_absolute`);
  checkBlock(r.panel_pooled as any, e.panel_pooled, `${name} panel_pooled`);
  checkBlock(r.panel_fe_unit as any, e.panel_fe_unit, `${name} panel_fe_unit`);
  checkBlock(r.panel_fe_twoway as any, e.panel_fe_twoway, `${name} panel_fe_twoway`);
}
const caseOf = (name: string) => golden.cases.find((c) => c.name === name)! as any;

describe("convergence: golden cases (statsmodels OLS, pandas std), every number", () => {
  for (const c of golden.cases as any[]) {
    it(c.name, () => {
      const r = convergence(c.input.D, c.input.years, { units: c.input.unit_ids });
      checkCase(r, c.expected, c.name);
    });
  }

  it("paper 2 with Tibet: start-later (the default) starts beta and the panels in 2012 and says so", () => {
    const c = caseOf("paper2-A-D-2011-2019");
    const r = convergence(c.input.D, c.input.years, { units: c.input.unit_ids });
    expect(r.zeros.rule).toBe("start-later");
    expect(r.zeros.times_with_zero).toEqual([2011]);
    expect(r.zeros.units_with_zero).toEqual(["540000"]);
    expect(r.zeros.unit_rows_with_zero).toEqual([25]);
    expect(r.zeros.skipped_times).toEqual([2011]);
    expect(r.zeros.dropped_units).toEqual([]);
    expect(r.zeros.note).toMatch(/start at 2012/);
    expect(r.sigma[0].year).toBe(2011);
    expect(r.sigma[0].sd_log_ddof1).toBeNull();
    expect(r.beta_absolute.base_year).toBe(2012);
    expect(r.panel_note).toBeNull();
  });

  it("paper 2 with Tibet and drop-units = the golden case without Tibet, sigma included", () => {
    const c = caseOf("paper2-A-D-2011-2019");
    const r = convergence(c.input.D, c.input.years, { units: c.input.unit_ids, zeros: "drop-units" });
    checkCase(r, caseOf("paper2-A-D-2011-2019-without-Tibet").expected, "drop-units");
    expect(r.zeros.dropped_units).toEqual(["540000"]);
    expect(r.zeros.dropped_rows).toEqual([25]);
    expect(r.zeros.skipped_times).toEqual([]);
    expect(r.zeros.note).toMatch(/540000.*left out/);
  });

  it("headline half-lives: paper 1 7.23 years (beta -0.0698, p < 1e-6); paper 2 406 years (beta not significant)", () => {
    const p1 = convergence(caseOf("paper1-D-2012-2019").input.D, caseOf("paper1-D-2012-2019").input.years);
    expect(p1.beta_absolute.half_life!).toBeCloseTo(7.233459912294044, 9);
    expect(p1.beta_absolute.p_beta).toBeLessThan(1e-6);
    const p2 = convergence(caseOf("paper2-A-D-2011-2019").input.D, caseOf("paper2-A-D-2011-2019").input.years);
    expect(p2.beta_absolute.half_life!).toBeCloseTo(405.81289414475754, 6);
    expect(p2.beta_absolute.p_beta).toBeGreaterThan(0.7);
  });
});

describe("convergence: hand computation (doc example)", () => {
  it("four units, two times two years apart", () => {
    const growth = [0.12, 0.18, 0.31, 0.39];
    const D = [-1, -2, -3, -4].map((l, i) => [Math.exp(l), Math.exp(l + 2 * growth[i])]);
    const r = convergence(D, [2000, 2002]);
    const b = r.beta_absolute;
    // x = -1..-4 (mean -2.5, sum dx^2 = 5), y = growth (mean 0.25): sum dx dy = -0.47
    expect(b.beta).toBeCloseTo(-0.47 / 5, 14);
    expect(b.alpha).toBeCloseTo(0.25 + (-0.094) * 2.5, 14);
    // residuals 0.12 - (0.015 + 0.094) = 0.011, ... SSR = 0.00082; s^2 = SSR / 2
    expect(b.ssr).toBeCloseTo(0.00082, 15);
    expect(b.se_beta).toBeCloseTo(Math.sqrt(0.00082 / 2 / 5), 14);
    expect(b.lambda!).toBeCloseTo(-Math.log(1 - 0.094 * 2) / 2, 14);
    expect(b.half_life!).toBeCloseTo(Math.LN2 / (-Math.log(1 - 0.188) / 2), 12);
    expect(b.T).toBe(2);
    expect(r.panel_pooled).toBeNull();
    expect(r.panel_fe_unit).toBeNull();
    expect(r.panel_note).toMatch(/consecutive times one step apart/);
    expect(r.zeros.note).toMatch(/no value is 0/);
  });

  it("a zero in a middle year: start-later starts after it; a zero in the last year needs drop-units", () => {
    const D = [
      [0.2, 0.3, 0.4, 0.5, 0.6],
      [0.3, 0.0, 0.35, 0.45, 0.5],
      [0.5, 0.55, 0.6, 0.62, 0.7],
      [0.4, 0.42, 0.5, 0.55, 0.58],
    ];
    const years = [2010, 2011, 2012, 2013, 2014];
    const r = convergence(D, years);
    expect(r.zeros.skipped_times).toEqual([2010, 2011]);
    expect(r.beta_absolute.base_year).toBe(2012);
    expect(r.beta_absolute.T).toBe(2);
    expect(r.panel_pooled!.n_obs).toBe(8);
    expect(r.sigma.length).toBe(5);
    expect(r.sigma[1].sd_log_ddof1).toBeNull();
    expect(r.sigma[0].sd_log_ddof1).not.toBeNull();
    expect(r.zeros.units_with_zero).toEqual(["row 2"]);
    const d = convergence(D, years, { zeros: "drop-units" });
    expect(d.beta_absolute.n).toBe(3);
    expect(d.beta_absolute.base_year).toBe(2010);
    expect(d.sigma[0].n).toBe(3);
    const last = D.map((row, i) => (i === 0 ? [...row.slice(0, 4), 0] : row));
    expect(() => convergence(last, years)).toThrow(/0 at time 2014.*zeros: "drop-units"/);
  });
});

/** Dummy-variable OLS by normal equations (Gaussian elimination): an independent FE oracle. */
function lsdv(D: number[][], twoway: boolean) {
  const n = D.length;
  const P = D[0].length - 1;
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < P; p++) {
      const row = [Math.log(D[i][p])];
      for (let u = 0; u < n; u++) row.push(u === i ? 1 : 0);
      if (twoway) for (let q = 1; q < P; q++) row.push(q === p ? 1 : 0);
      X.push(row);
      y.push(Math.log(D[i][p + 1]) - Math.log(D[i][p]));
    }
  }
  const k = X[0].length;
  const A = Array.from({ length: k }, (_, r) => [
    ...Array.from({ length: k }, (_, c) => X.reduce((s, row) => s + row[r] * row[c], 0)),
    X.reduce((s, row, o) => s + row[r] * y[o], 0),
  ]);
  // invert A[:, :k] alongside, to get (X'X)^-1_00
  const inv = Array.from({ length: k }, (_, r) => Array.from({ length: k }, (_, c) => (r === c ? 1 : 0)));
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    [inv[c], inv[piv]] = [inv[piv], inv[c]];
    const d = A[c][c];
    for (let j = 0; j <= k; j++) A[c][j] /= d;
    for (let j = 0; j < k; j++) inv[c][j] /= d;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = A[r][c];
      for (let j = 0; j <= k; j++) A[r][j] -= f * A[c][j];
      for (let j = 0; j < k; j++) inv[r][j] -= f * inv[c][j];
    }
  }
  const coef = A.map((row) => row[k]);
  let ssr = 0;
  X.forEach((row, o) => {
    const e = y[o] - row.reduce((s, v, j) => s + v * coef[j], 0);
    ssr += e * e;
  });
  const df = X.length - k;
  return { beta: coef[0], se: Math.sqrt((ssr / df) * inv[0][0]), df };
}

const panelArb = fc
  .record({ n: fc.integer({ min: 3, max: 7 }), T: fc.integer({ min: 3, max: 6 }) })
  .chain(({ n, T }) =>
    fc.array(fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: T, maxLength: T }), { minLength: n, maxLength: n }),
  )
  // well-posed panels: units differ at every time and every unit moves (else x has no variation)
  .filter((D) => {
    const range = (v: number[]) => Math.max(...v) - Math.min(...v);
    return D[0].every((_, t) => range(D.map((r) => r[t])) > 0.05) && D.every((r) => range(r.slice(0, -1)) > 0.05);
  });
const years = (T: number) => Array.from({ length: T }, (_, t) => 2010 + t);

describe("convergence: properties", () => {
  it("fixed effects by the within transformation = dummy-variable OLS (beta, se, df)", () => {
    fc.assert(
      fc.property(panelArb, (D) => {
        const r = convergence(D, years(D[0].length));
        for (const [block, twoway] of [
          [r.panel_fe_unit, false],
          [r.panel_fe_twoway, true],
        ] as const) {
          const o = lsdv(D, twoway);
          expect(block!.df_resid).toBe(o.df);
          expect(Math.abs(block!.beta - o.beta)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(o.beta)));
          expect(Math.abs(block!.se_beta - o.se)).toBeLessThanOrEqual(1e-7 * Math.max(1e-3, o.se));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("unchanged when units are reordered", () => {
    fc.assert(
      fc.property(
        panelArb.chain((D) => fc.tuple(fc.constant(D), fc.shuffledSubarray(D, { minLength: D.length, maxLength: D.length }))),
        ([D, E]) => {
          const y = years(D[0].length);
          const a = convergence(D, y);
          const b = convergence(E, y);
          const near = (u: number, v: number) => expect(Math.abs(u - v)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(u)));
          a.sigma.forEach((s, t) => {
            near(s.mean, b.sigma[t].mean);
            near(s.sd_ddof1, b.sigma[t].sd_ddof1);
            near(s.sd_log_ddof1!, b.sigma[t].sd_log_ddof1!);
          });
          near(a.beta_absolute.beta, b.beta_absolute.beta);
          near(a.beta_absolute.se_beta, b.beta_absolute.se_beta);
          near(a.panel_pooled!.beta, b.panel_pooled!.beta);
          near(a.panel_fe_unit!.beta, b.panel_fe_unit!.beta);
          near(a.panel_fe_unit!.se_beta, b.panel_fe_unit!.se_beta);
          near(a.panel_fe_twoway!.beta, b.panel_fe_twoway!.beta);
          near(a.panel_fe_twoway!.se_beta, b.panel_fe_twoway!.se_beta);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("rescaling every value leaves beta, its t and the cv unchanged (growth rates do not see the unit)", () => {
    fc.assert(
      fc.property(panelArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (D, c) => {
        const y = years(D[0].length);
        const a = convergence(D, y);
        const b = convergence(D.map((r) => r.map((v) => v * c)), y);
        const near = (u: number, v: number) => expect(Math.abs(u - v)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(u)));
        near(a.beta_absolute.beta, b.beta_absolute.beta);
        // t is ill-conditioned for a (near-)perfect fit (se ~ 0): compare it only for a real residual
        if (a.beta_absolute.r2 < 1 - 1e-6) near(a.beta_absolute.t_beta, b.beta_absolute.t_beta);
        near(a.panel_fe_twoway!.beta, b.panel_fe_twoway!.beta);
        near(a.sigma[0].cv_ddof1!, b.sigma[0].cv_ddof1!);
      }),
      { numRuns: 60 },
    );
  });
});

describe("convergence: errors", () => {
  const ok = [
    [0.1, 0.2],
    [0.3, 0.35],
    [0.5, 0.52],
  ];
  it("name the argument, the unit and the time (from 1)", () => {
    expect(() => convergence([[0.1, 0.2], [0.3], [0.5, 0.6]], [1, 2])).toThrow(/values\[2\].*has 1 values but there are 2 times.*ragged/);
    expect(() => convergence([[0.1, 0.2], [0.3, NaN], [0.5, 0.6]], [1, 2])).toThrow(/values\[2\]\[2\].*time 2\) is NaN/);
    expect(() => convergence([[0.1, 0.2], [0.3, -1], [0.5, 0.6]], [1, 2], { units: ["a", "b", "c"] })).toThrow(
      /values\[2\]\[2\] \(counted from 1; b, time 2\) is negative/,
    );
    expect(() => convergence(ok, [2, 1])).toThrow(/times must increase strictly: times\[2\] = 1/);
    expect(() => convergence(ok, [1])).toThrow(/1 time\(s\); need at least 2/);
    expect(() => convergence(ok, [1, NaN])).toThrow(/times\[2\].*NaN/);
    expect(() => convergence(ok.slice(0, 2), [1, 2])).toThrow(/2 unit\(s\).*at least 3/);
    expect(() => convergence(ok, [1, 2], { zeros: "impute" as any })).toThrow(/"impute" is not/);
    expect(() => convergence(ok, [1, 2], { units: ["a"] })).toThrow(/3 rows of values but 1 unit labels/);
    expect(() => convergence([[0.1, 0.2], [0, 0.3], [0.5, 0.6], [0, 0.1]], [1, 2], { zeros: "drop-units" })).toThrow(
      /2 unit\(s\) after dropping/,
    );
    expect(() => convergence([[1, 2], [1, 3], [1, 4]], [1, 2])).toThrow(/same value at 1/);
    expect(() => convergence("abc" as any, [1, 2])).toThrow(ConvergenceInputError);
  });

  it("accepts typed-array rows and does not modify its input", () => {
    const D = [new Float64Array([0.1, 0.2, 0.25]), new Float64Array([0.3, 0.35, 0.4]), new Float64Array([0.5, 0.52, 0.6])];
    const r = convergence(D, [2000, 2001, 2002]);
    expect(Array.from(D[0])).toEqual([0.1, 0.2, 0.25]);
    expect(r.panel_pooled!.n_obs).toBe(6);
  });
});
