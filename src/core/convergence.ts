/**
 * Sigma and beta convergence of a panel (units x times), e.g. of the coupling coordination degree
 * D over the provinces (METHODS.md section 18): per-time dispersion (sigma), the cross-section
 * regression of average log growth on the initial log level (absolute beta), and the panel forms
 * (pooled, unit fixed effects, two-way fixed effects), with classical OLS standard errors as
 * statsmodels `OLS(...).fit()` and Student t p-values.
 */
import { studentTTwoSided } from "./distributions";

/** Thrown for a panel or option the convergence analysis cannot use. */
export class ConvergenceInputError extends Error {
  override name = "ConvergenceInputError";
}

/** What to do with zero values (ln 0 is undefined): see {@link convergence}. */
export type ZeroRule = "start-later" | "drop-units";

/** One time of the sigma table (golden file names). */
export interface SigmaRow {
  /** The time (year). */
  year: number;
  /** Number of units. */
  n: number;
  /** Mean of the values. */
  mean: number;
  /** Standard deviation with the n - 1 denominator. */
  sd_ddof1: number;
  /** Standard deviation with the n denominator. */
  sd_ddof0: number;
  /** `sd_ddof1 / mean` (null when the mean is 0). */
  cv_ddof1: number | null;
  /** `sd_ddof0 / mean` (null when the mean is 0). */
  cv_ddof0: number | null;
  /** Standard deviation (n - 1) of the natural logs; null when a value is 0. */
  sd_log_ddof1: number | null;
}

/** Absolute beta convergence: cross-section OLS of average log growth on the initial log level. */
export interface BetaAbsolute {
  /** Number of units. */
  n: number;
  /** `end_year - base_year` (time steps, not number of years). */
  T: number;
  alpha: number;
  beta: number;
  se_alpha: number;
  se_beta: number;
  t_alpha: number;
  t_beta: number;
  /** Two-sided Student t p-value of alpha (df = n - 2). */
  p_alpha: number;
  /** Two-sided Student t p-value of beta (df = n - 2). */
  p_beta: number;
  /** n - 2. */
  df_resid: number;
  r2: number;
  /** `1 - (1 - r2)(n - 1)/(n - 2)`. */
  r2_adj: number;
  /** Sum of squared residuals. */
  ssr: number;
  /** Convergence speed `-ln(1 + beta T) / T` (null when 1 + beta T <= 0). */
  lambda: number | null;
  /** `ln 2 / lambda` (null unless lambda > 0). */
  half_life: number | null;
  /** The regressand `(ln D_end - ln D_base) / T`, one per unit (in the order of the units used). */
  y: number[];
  /** The regressor `ln D_base`. */
  x: number[];
  base_year: number;
  end_year: number;
}

/** A panel regression of annual log growth on the lagged log level. */
export interface PanelFixedEffects {
  /** Observations: units x growth periods. */
  n_obs: number;
  n_units: number;
  /** Growth periods (times used - 1). */
  n_periods: number;
  beta: number;
  se_beta: number;
  t_beta: number;
  p_beta: number;
  df_resid: number;
  /** `-ln(1 + beta)` (annual; null when 1 + beta <= 0). */
  lambda: number | null;
  /** `ln 2 / lambda` (null unless lambda > 0). */
  half_life: number | null;
  first_year: number;
  last_year: number;
}

/** The pooled form also has an intercept and R^2. */
export interface PanelPooled extends PanelFixedEffects {
  alpha: number;
  se_alpha: number;
  r2: number;
  r2_adj: number;
}

/** What {@link convergence} did about zero values. */
export interface ZerosReport {
  /** The rule applied. */
  rule: ZeroRule;
  /** Times at which some value is 0. */
  times_with_zero: number[];
  /** Units with a 0 at some time: labels from `options.units`, else "row k" (k from 1). */
  units_with_zero: string[];
  /** The same units as 0-based row indices of `values`. */
  unit_rows_with_zero: number[];
  /** Times left out of beta and the panel forms ("start-later"); sigma keeps every time. */
  skipped_times: number[];
  /** Units left out of everything, sigma included ("drop-units"). */
  dropped_units: string[];
  /** The same units as 0-based row indices. */
  dropped_rows: number[];
  /** One sentence saying what was done. */
  note: string;
}

/** Result of {@link convergence}. */
export interface ConvergenceResult {
  /** One row per time (every time, whatever the zero rule). */
  sigma: SigmaRow[];
  beta_absolute: BetaAbsolute;
  /** Pooled OLS; null when the panel cannot be formed (see `panel_note`). */
  panel_pooled: PanelPooled | null;
  /** Unit fixed effects (conditional beta convergence); null as above or when df_resid < 1. */
  panel_fe_unit: PanelFixedEffects | null;
  /** Unit and time fixed effects; null as above or when df_resid < 1. */
  panel_fe_twoway: PanelFixedEffects | null;
  /** Why a panel form is null (null when all three are there). */
  panel_note: string | null;
  zeros: ZerosReport;
}

/** Options of {@link convergence}. */
export interface ConvergenceOptions {
  /**
   * Zero values have no log. "start-later" (default): beta and the panel forms start at the first
   * time from which every value is positive; "drop-units": units with a zero at any time are left
   * out of everything (sigma included). Sigma keeps every time in both cases.
   */
  zeros?: ZeroRule;
  /** Unit labels (e.g. adcodes), used in the zeros report and messages. */
  units?: ArrayLike<string | number>;
}

/** Simple OLS with intercept, classical standard errors (centred sums). */
function ols(x: ArrayLike<number>, y: ArrayLike<number>) {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const beta = sxy / sxx;
  const alpha = my - beta * mx;
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i] - my - beta * (x[i] - mx);
    ssr += e * e;
  }
  const df = n - 2;
  const s2 = ssr / df;
  const se_beta = Math.sqrt(s2 / sxx);
  const se_alpha = Math.sqrt(s2 * (1 / n + (mx * mx) / sxx));
  const r2 = 1 - ssr / syy;
  return { alpha, beta, se_alpha, se_beta, ssr, df, r2, r2_adj: 1 - ((1 - r2) * (n - 1)) / df, sxx };
}

/** Slope through the origin of already-demeaned data, with `df` residual degrees of freedom. */
function within(x: ArrayLike<number>, y: ArrayLike<number>, df: number) {
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const beta = sxy / sxx;
  let ssr = 0;
  for (let i = 0; i < x.length; i++) {
    const e = y[i] - beta * x[i];
    ssr += e * e;
  }
  return { beta, se_beta: Math.sqrt(ssr / df / sxx), sxx };
}

function speed(beta: number, T: number): { lambda: number | null; half_life: number | null } {
  const g = 1 + beta * T;
  const lambda = g > 0 ? -Math.log(g) / T : null;
  return { lambda, half_life: lambda !== null && lambda > 0 ? Math.LN2 / lambda : null };
}

/**
 * Sigma and beta convergence of a units x times panel of positive levels (D).
 *
 * - **Sigma** (every time): mean, sd with n - 1 and n denominators, cv = sd / mean for both, and
 *   the sd (n - 1) of ln D (null at a time with a zero). Convergence = these fall over time.
 * - **Absolute beta**: OLS with intercept of `y_i = (ln D_i,end - ln D_i,base) / T` on
 *   `x_i = ln D_i,base`, T = end - base (in time units), classical standard errors, df = n - 2,
 *   two-sided Student t p-values; `lambda = -ln(1 + beta T) / T` (null if 1 + beta T <= 0),
 *   `half_life = ln 2 / lambda` (null unless lambda > 0). beta < 0 (significant) = convergence.
 * - **Panel forms** over consecutive times (each step 1, e.g. years): annual growth
 *   `g_it = ln D_it - ln D_i,t-1` on `ln D_i,t-1`; pooled OLS with one intercept
 *   (df = n_obs - 2); unit fixed effects by the within transformation (demeaning by unit), which
 *   equals statsmodels' dummy-variable OLS with df_resid = n_obs - n - 1; two-way fixed effects by
 *   double demeaning (unit and period means; the panel is balanced), df_resid =
 *   n_obs - n - (P - 1) - 1 for P growth periods, as statsmodels with unit dummies and P - 1
 *   period dummies. `lambda = -ln(1 + beta)`, half-life as above. When the times are not
 *   consecutive the panel forms are null (and `panel_note` says so); a form whose df_resid < 1
 *   is null too.
 *
 * Zeros (ln 0): with "start-later" (default) beta and the panels start at the first time from
 * which every value is positive (paper 2's public data have Tibet's D = 0 in 2011, so they start
 * in 2012); with "drop-units" the units with a zero are left out of everything. `zeros` reports
 * the times / units concerned and what was done. Results do not depend on the order of the units.
 *
 * Errors (ConvergenceInputError): values not an array of rows, ragged rows (row named, from 1),
 * NaN / infinite / negative values (unit and time named), times not finite and strictly
 * increasing, fewer than 2 times or 3 units (after dropping), no two times with every value
 * positive, an unknown zero rule, labels of another length.
 *
 * @example
 * // ln D at 2000: -1, -2, -3, -4; average growth to 2002: 0.12, 0.18, 0.31, 0.39 (T = 2)
 * const D = [-1, -2, -3, -4].map((l, i) => [Math.exp(l), Math.exp(l + 2 * [0.12, 0.18, 0.31, 0.39][i])]);
 * const r = convergence(D, [2000, 2002]);
 * r.beta_absolute.beta;      // -0.09400000000000006 (= -0.47 / 5: sum dx dy / sum dx^2)
 * r.beta_absolute.alpha;     // 0.014999999999999847 (= 0.25 - 0.094 * 2.5)
 * r.beta_absolute.se_beta;   // 0.009055385138137436 (= sqrt(0.00082 / 2 / 5))
 * r.beta_absolute.p_beta;    // 0.009152999813907844 (t = -10.38, df 2)
 * r.beta_absolute.half_life; // 6.65671781409728 (lambda = -ln(1 - 0.188) / 2 = 0.10412746941022966)
 * r.panel_pooled;            // null (2000 -> 2002 is not a yearly step)
 */
export function convergence(
  values: ArrayLike<ArrayLike<number>>,
  times: ArrayLike<number>,
  options: ConvergenceOptions = {},
): ConvergenceResult {
  const rule: ZeroRule = options.zeros ?? "start-later";
  if (rule !== "start-later" && rule !== "drop-units") {
    throw new ConvergenceInputError(`convergence: zeros ${JSON.stringify(rule)} is not "start-later" or "drop-units"`);
  }
  if (times === null || times === undefined || typeof times.length !== "number" || typeof times === "string") {
    throw new ConvergenceInputError("convergence: times must be an array of numbers (e.g. years)");
  }
  const nt = times.length;
  if (nt < 2) throw new ConvergenceInputError(`convergence: ${nt} time(s); need at least 2`);
  const tv: number[] = [];
  for (let t = 0; t < nt; t++) {
    const v = times[t];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new ConvergenceInputError(`convergence: times[${t + 1}] (counted from 1) is ${String(v)} (not a finite number)`);
    }
    if (t > 0 && !(v > tv[t - 1])) {
      throw new ConvergenceInputError(
        `convergence: times must increase strictly: times[${t + 1}] = ${v} follows times[${t}] = ${tv[t - 1]}`,
      );
    }
    tv.push(v);
  }
  if (values === null || values === undefined || typeof values.length !== "number" || typeof values === "string") {
    throw new ConvergenceInputError("convergence: values must be an array of rows (one row per unit, one column per time)");
  }
  const nu = values.length;
  let labels: string[];
  if (options.units !== undefined && options.units !== null) {
    if (options.units.length !== nu) {
      throw new ConvergenceInputError(`convergence: ${nu} rows of values but ${options.units.length} unit labels`);
    }
    labels = Array.from(options.units, (u) => String(u));
  } else {
    labels = Array.from({ length: nu }, (_, i) => `row ${i + 1}`);
  }
  const D: Float64Array[] = [];
  for (let i = 0; i < nu; i++) {
    const row = values[i];
    if (row === null || row === undefined || typeof row.length !== "number" || typeof row === "string") {
      throw new ConvergenceInputError(`convergence: values[${i + 1}] (counted from 1) is not an array of numbers`);
    }
    if (row.length !== nt) {
      throw new ConvergenceInputError(
        `convergence: values[${i + 1}] (counted from 1, ${labels[i]}) has ${row.length} values but there are ${nt} times ` +
          `(ragged matrix: one row per unit, one column per time)`,
      );
    }
    const r = new Float64Array(nt);
    for (let t = 0; t < nt; t++) {
      const v = row[t];
      const where = `values[${i + 1}][${t + 1}] (counted from 1; ${labels[i]}, time ${tv[t]})`;
      if (typeof v !== "number" || !Number.isFinite(v)) throw new ConvergenceInputError(`convergence: ${where} is ${String(v)} (not a finite number)`);
      if (v < 0) {
        throw new ConvergenceInputError(`convergence: ${where} is negative (${v}); convergence takes logs of positive levels`);
      }
      r[t] = v;
    }
    D.push(r);
  }

  // zeros
  const zeroRows: number[] = [];
  const zeroTimes: number[] = [];
  for (let i = 0; i < nu; i++) if (D[i].some((v) => v === 0)) zeroRows.push(i);
  for (let t = 0; t < nt; t++) if (D.some((r) => r[t] === 0)) zeroTimes.push(t);
  let rows: number[] = Array.from({ length: nu }, (_, i) => i);
  let start = 0;
  let note: string;
  if (zeroRows.length === 0) {
    note = "no value is 0: every unit and time is used";
  } else if (rule === "drop-units") {
    rows = rows.filter((i) => !zeroRows.includes(i));
    note =
      `ln 0 is undefined: ${zeroRows.length} unit(s) with a 0 (${zeroRows.map((i) => labels[i]).join(", ")}) are left out ` +
      `of sigma, beta and the panel forms`;
  } else {
    start = zeroTimes[zeroTimes.length - 1] + 1;
    if (start >= nt - 1) {
      throw new ConvergenceInputError(
        `convergence: a value is 0 at time ${tv[zeroTimes[zeroTimes.length - 1]]} ` +
          `(${zeroRows.map((i) => labels[i]).join(", ")}), so fewer than 2 times remain with every value positive; ` +
          `use { zeros: "drop-units" } to leave those units out instead`,
      );
    }
    note =
      `ln 0 is undefined: a value is 0 at ${zeroTimes.map((t) => tv[t]).join(", ")} ` +
      `(${zeroRows.map((i) => labels[i]).join(", ")}), so beta and the panel forms start at ${tv[start]}; ` +
      `sigma keeps every time (sd_log null where a value is 0)`;
  }
  const n = rows.length;
  if (n < 3) {
    throw new ConvergenceInputError(
      `convergence: ${n} unit(s)${rule === "drop-units" && zeroRows.length > 0 ? " after dropping those with a 0" : ""}; ` +
        `the beta regression needs at least 3`,
    );
  }
  const zeros: ZerosReport = {
    rule,
    times_with_zero: zeroTimes.map((t) => tv[t]),
    units_with_zero: zeroRows.map((i) => labels[i]),
    unit_rows_with_zero: zeroRows.slice(),
    skipped_times: rule === "start-later" ? tv.slice(0, start) : [],
    dropped_units: rule === "drop-units" ? zeroRows.map((i) => labels[i]) : [],
    dropped_rows: rule === "drop-units" ? zeroRows.slice() : [],
    note,
  };

  // sigma
  const sigma: SigmaRow[] = [];
  for (let t = 0; t < nt; t++) {
    let s = 0;
    let anyZero = false;
    for (const i of rows) {
      s += D[i][t];
      if (D[i][t] === 0) anyZero = true;
    }
    const mean = s / n;
    let ss = 0;
    let ls = 0;
    for (const i of rows) {
      ss += (D[i][t] - mean) * (D[i][t] - mean);
      if (!anyZero) ls += Math.log(D[i][t]);
    }
    let sdLog: number | null = null;
    if (!anyZero) {
      const lm = ls / n;
      let lss = 0;
      for (const i of rows) lss += (Math.log(D[i][t]) - lm) ** 2;
      sdLog = Math.sqrt(lss / (n - 1));
    }
    const sd1 = Math.sqrt(ss / (n - 1));
    const sd0 = Math.sqrt(ss / n);
    sigma.push({
      year: tv[t],
      n,
      mean,
      sd_ddof1: sd1,
      sd_ddof0: sd0,
      cv_ddof1: mean > 0 ? sd1 / mean : null,
      cv_ddof0: mean > 0 ? sd0 / mean : null,
      sd_log_ddof1: sdLog,
    });
  }

  // logs of the times used by beta and the panels
  const L = rows.map((i) => Array.from(D[i].subarray(start), Math.log));
  const used = tv.slice(start);
  const last = used.length - 1;

  // absolute beta
  const T = used[last] - used[0];
  const bx = L.map((l) => l[0]);
  const by = L.map((l) => (l[last] - l[0]) / T);
  const fit = ols(bx, by);
  if (!(fit.sxx > 0)) {
    throw new ConvergenceInputError(`convergence: every unit has the same value at ${used[0]}; the beta regression has no variation in x`);
  }
  const tA = fit.alpha / fit.se_alpha;
  const tB = fit.beta / fit.se_beta;
  const beta_absolute: BetaAbsolute = {
    n,
    T,
    alpha: fit.alpha,
    beta: fit.beta,
    se_alpha: fit.se_alpha,
    se_beta: fit.se_beta,
    t_alpha: tA,
    t_beta: tB,
    p_alpha: studentTTwoSided(tA, fit.df),
    p_beta: studentTTwoSided(tB, fit.df),
    df_resid: fit.df,
    r2: fit.r2,
    r2_adj: fit.r2_adj,
    ssr: fit.ssr,
    ...speed(fit.beta, T),
    y: by,
    x: bx,
    base_year: used[0],
    end_year: used[last],
  };

  // panels
  let panel_pooled: PanelPooled | null = null;
  let panel_fe_unit: PanelFixedEffects | null = null;
  let panel_fe_twoway: PanelFixedEffects | null = null;
  const notes: string[] = [];
  const P = last; // growth periods
  const yearly = used.every((v, t) => t === 0 || v - used[t - 1] === 1);
  if (!yearly) {
    notes.push(`the panel forms need consecutive times one step apart (times used: ${used.join(", ")})`);
  } else {
    const nObs = n * P;
    const gx = new Float64Array(nObs); // lagged log level
    const gy = new Float64Array(nObs); // growth
    for (let a = 0; a < n; a++) {
      for (let p = 0; p < P; p++) {
        gx[a * P + p] = L[a][p];
        gy[a * P + p] = L[a][p + 1] - L[a][p];
      }
    }
    const common = { n_obs: nObs, n_units: n, n_periods: P, first_year: used[0], last_year: used[last] };
    const finish = (beta: number, se: number, df: number): Omit<PanelFixedEffects, keyof typeof common> => {
      const t = beta / se;
      return { beta, se_beta: se, t_beta: t, p_beta: studentTTwoSided(t, df), df_resid: df, ...speed(beta, 1) };
    };
    if (nObs - 2 >= 1) {
      const f = ols(gx, gy);
      if (f.sxx > 0) {
        panel_pooled = {
          ...common,
          ...finish(f.beta, f.se_beta, f.df),
          alpha: f.alpha,
          se_alpha: f.se_alpha,
          r2: f.r2,
          r2_adj: f.r2_adj,
        };
      } else notes.push("pooled: no variation in the lagged level");
    }
    // unit means and period means
    const ux = new Float64Array(n);
    const uy = new Float64Array(n);
    const px = new Float64Array(P);
    const py = new Float64Array(P);
    let ax = 0;
    let ay = 0;
    for (let a = 0; a < n; a++) {
      for (let p = 0; p < P; p++) {
        const k = a * P + p;
        ux[a] += gx[k] / P;
        uy[a] += gy[k] / P;
        px[p] += gx[k] / n;
        py[p] += gy[k] / n;
        ax += gx[k] / nObs;
        ay += gy[k] / nObs;
      }
    }
    const dfUnit = nObs - n - 1;
    if (dfUnit >= 1) {
      const wx = new Float64Array(nObs);
      const wy = new Float64Array(nObs);
      for (let a = 0; a < n; a++) {
        for (let p = 0; p < P; p++) {
          const k = a * P + p;
          wx[k] = gx[k] - ux[a];
          wy[k] = gy[k] - uy[a];
        }
      }
      const f = within(wx, wy, dfUnit);
      if (f.sxx > 0) panel_fe_unit = { ...common, ...finish(f.beta, f.se_beta, dfUnit) };
      else notes.push("unit fixed effects: no variation in the lagged level within units");
    } else {
      notes.push(`unit fixed effects: df_resid = ${dfUnit} (need more periods)`);
    }
    const dfTwo = nObs - n - (P - 1) - 1;
    if (dfTwo >= 1) {
      const wx = new Float64Array(nObs);
      const wy = new Float64Array(nObs);
      for (let a = 0; a < n; a++) {
        for (let p = 0; p < P; p++) {
          const k = a * P + p;
          wx[k] = gx[k] - ux[a] - px[p] + ax;
          wy[k] = gy[k] - uy[a] - py[p] + ay;
        }
      }
      const f = within(wx, wy, dfTwo);
      if (f.sxx > 0) panel_fe_twoway = { ...common, ...finish(f.beta, f.se_beta, dfTwo) };
      else notes.push("two-way fixed effects: no variation in the lagged level after removing unit and period means");
    } else {
      notes.push(`two-way fixed effects: df_resid = ${dfTwo} (need more periods)`);
    }
  }
  return {
    sigma,
    beta_absolute,
    panel_pooled,
    panel_fe_unit,
    panel_fe_twoway,
    panel_note: notes.length > 0 ? notes.join("; ") : null,
    zeros,
  };
}
