/**
 * Grey model GM(1,1): fit and forecast of a short positive series (METHODS.md section 17), as
 * R mathmodels `GM11`, with the level-ratio test enforced (a series that fails it is refused, not
 * shifted silently) and the posterior-variance-ratio check (C, P) of mathmodels' `GM1N` lines.
 */

/** Thrown for a series GM(1,1) cannot take (too short, NaN, non-positive) or bad options. */
export class GreyModelInputError extends Error {
  override name = "GreyModelInputError";
}

/**
 * Thrown when the series fails the level-ratio test and no `shift` was passed. `failures` lists
 * every failing ratio; `minShift` is the infimum of the shifts that make every ratio pass.
 */
export class LevelRatioError extends GreyModelInputError {
  override name = "LevelRatioError";
  constructor(
    message: string,
    /** Failing ratios: `k` counted from 2 to n (the ratio x(k-1)/x(k)) and its value. */
    readonly failures: { k: number; lambda: number }[],
    /** The open interval `(e^{-2/(n+1)}, e^{2/(n+1)})`. */
    readonly bounds: [number, number],
    /** Every shift c > minShift makes the series x + c pass the test. */
    readonly minShift: number,
  ) {
    super(message);
  }
}

/** Grade of the posterior-variance check: see {@link gm11}. */
export type GM11Grade = "good" | "qualified" | "barely" | "unqualified";

/** Options of {@link gm11}. */
export interface GM11Options {
  /** Number of forecast steps after the last value (default 3; 0 allowed). */
  horizon?: number;
  /**
   * Translation constant c: model `x + c` instead of x and shift fitted values and forecasts back
   * by c (the textbook "translation transformation"). Passing it (0 included) means the caller
   * accepts the series as it is: the level-ratio test of `x + c` is then reported, not enforced.
   * Default: no shift, and a series failing the test is refused with a LevelRatioError.
   */
  shift?: number;
}

/** Result of {@link gm11} (names as the golden file `grey-gm11.json`). */
export interface GM11Result {
  /** Length of the series. */
  n: number;
  /** Development coefficient a (negative for growth). */
  a: number;
  /** Grey input b. */
  b: number;
  /** `b / a` (null when a = 0). */
  b_over_a: number | null;
  /** `xhat0(1..n)` in the units of the input (shift removed); `xhat0(1) = x0(1)` exactly. */
  fitted: number[];
  /** `xhat0(n+1..n+horizon)` (shift removed). */
  forecast: number[];
  /** The horizon used. */
  forecast_horizon: number;
  /**
   * Level-ratio test of the modelled series (x + shift): `lambda[k-2] = x(k-1)/x(k)`, k = 2..n;
   * pass iff every lambda lies strictly inside `bounds = [e^{-2/(n+1)}, e^{2/(n+1)}]`.
   */
  level_ratio: { lambda: number[]; bounds: [number, number]; pass: boolean };
  /** `e(k) = x0(k) - xhat0(k)`, k = 1..n (e(1) = 0). */
  residual: number[];
  /** `|e(k)| / x0(k)`. */
  relative_error: number[];
  /** Mean relative error over k = 2..n (k = 1 is 0 by construction). */
  mean_relative_error_k2n: number;
  /** Mean relative error over all k = 1..n. */
  mean_relative_error_k1n: number;
  /** `rho(k) = 1 - ((1 - a/2)/(1 + a/2)) lambda(k)`, k = 2..n. */
  level_ratio_deviation: number[];
  /** Mean of `|rho(k)|`. */
  mean_abs_level_ratio_deviation: number;
  /** Sample standard deviation (n - 1) of x0 over k = 1..n. */
  S1: number;
  /** Sample standard deviation (n - 1) of the residuals over k = 1..n (e(1) = 0 included). */
  S2: number;
  /** Posterior variance ratio `C = S2 / S1`. */
  C: number;
  /** Small-error probability: share of k with `|e(k) - mean(e)| < 0.6745 S1`. */
  P: number;
  /** "good" (C < 0.35, P > 0.95), "qualified" (C < 0.5, P > 0.8), "barely" (C < 0.65, P > 0.7), else "unqualified". */
  grade: GM11Grade;
  /** The shift applied (null when none was passed). */
  shift: number | null;
}

/** Level-ratio bounds `e^{-+2/(n+1)}`. */
function boundsOf(n: number): [number, number] {
  return [Math.exp(-2 / (n + 1)), Math.exp(2 / (n + 1))];
}

/**
 * GM(1,1) grey model.
 *
 * With the modelled series `x0` (the input plus `shift`, if given), `x1 = cumsum(x0)` and the
 * background values `z1(k) = (x1(k) + x1(k-1)) / 2`, k = 2..n, the coefficients solve
 * `x0(k) + a z1(k) = b` by least squares (`[a, b] = pinv(B) Y`, `B = [-z1, 1]`, `Y = x0(2..n)`;
 * computed as the simple regression of Y on z1 with centred sums). The time response is
 * `xhat0(1) = x0(1)`, `xhat0(k+1) = (x0(1) - b/a)(1 - e^a) e^{-a k}` (k >= 1; `b` when a = 0);
 * `fitted` is k = 1..n and `forecast` k = n+1..n+horizon, both shifted back. Matches mathmodels
 * `GM11(x)`: `u`, `fitted`, `f((n+1):(n+3))`, `lambda`, `rng`.
 *
 * Level-ratio test: `lambda(k) = x0(k-1)/x0(k)`, k = 2..n, must lie strictly inside
 * `(e^{-2/(n+1)}, e^{2/(n+1)})`. mathmodels only prints "failed" and fits anyway; here a failing
 * series is refused (LevelRatioError naming each failing ratio, its k and the bounds, and the
 * smallest helpful shift) unless the caller passes `shift` explicitly.
 *
 * Checks: residuals `e(k) = x0(k) - xhat0(k)`, relative errors `|e(k)|/x0(k)`; the posterior
 * variance ratio `C = S2/S1` with S1 = sd(x0), S2 = sd(e), both with the n - 1 denominator over
 * all k = 1..n (e(1) = 0 included), and `P` = share of k with `|e(k) - mean(e)| < 0.6745 S1`, as
 * mathmodels' `GM1N` evaluation (textbooks also use k = 2..n or n denominators: these give other C).
 * `grade`: C < 0.35 and P > 0.95 "good"; C < 0.5 and P > 0.8 "qualified"; C < 0.65 and P > 0.7
 * "barely"; otherwise "unqualified" (strict inequalities).
 *
 * Errors: GreyModelInputError for fewer than 4 values, NaN / infinite or non-positive values
 * (index from 1; GM(1,1) models a positive series), a shift that leaves a value <= 0, a bad horizon
 * or shift; LevelRatioError as above.
 *
 * @example
 * const r = gm11([100, 120, 145, 175, 210]); // mathmodels' ?GM11 example
 * r.a;        // -0.18562589243217514 (mathmodels -0.1856258924321753)
 * r.b;        // 90.56996668253213
 * r.fitted;   // [100, 119.91839792002101, 144.37836474021293, 173.82747407083025, 209.2833700964427]
 * r.forecast; // [251.9712676781888, 303.3662909102429, 365.2444475462095]
 * r.C; r.P; r.grade; // 0.011069384834845477, 1, "good"
 * try {
 *   gm11([1, 1, 1, 3]);
 * } catch (err) {
 *   // LevelRatioError: ... lambda(4) = x(3)/x(4) = 0.3333333333333333 is outside the bounds
 *   // (e^(-2/(n+1)), e^(2/(n+1))) = (0.6703200460356393, 1.4918246976412703) for n = 4 ...
 *   // pass { shift: c }: every c > 3.0664895634394727 passes the test.
 * }
 */
export function gm11(series: ArrayLike<number>, options: GM11Options = {}): GM11Result {
  if (series === null || series === undefined || typeof series.length !== "number" || typeof series === "string") {
    throw new GreyModelInputError("gm11: series must be an array of numbers");
  }
  const n = series.length;
  if (n < 4) throw new GreyModelInputError(`gm11: ${n} value(s); GM(1,1) needs at least 4`);
  const horizon = options.horizon ?? 3;
  if (!Number.isInteger(horizon) || horizon < 0) {
    throw new GreyModelInputError(`gm11: horizon must be a non-negative integer (got ${String(horizon)})`);
  }
  const hasShift = options.shift !== undefined && options.shift !== null;
  const shift = hasShift ? options.shift! : 0;
  if (typeof shift !== "number" || !Number.isFinite(shift)) {
    throw new GreyModelInputError(`gm11: shift must be a finite number (got ${String(options.shift)})`);
  }
  const x = new Float64Array(n); // the input
  for (let i = 0; i < n; i++) {
    const v = series[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new GreyModelInputError(`gm11: series[${i + 1}] (counted from 1) is ${String(v)} (not a finite number)`);
    }
    if (!(v > 0)) {
      throw new GreyModelInputError(
        `gm11: series[${i + 1}] (counted from 1) is ${v}; GM(1,1) models a positive series (the shift option ` +
          `exists to pass the level-ratio test, not to admit zero or negative values)`,
      );
    }
    x[i] = v;
  }
  const x0 = new Float64Array(n); // the modelled series
  for (let i = 0; i < n; i++) {
    x0[i] = x[i] + shift;
    if (!(x0[i] > 0)) {
      throw new GreyModelInputError(`gm11: series[${i + 1}] + shift = ${x0[i]} is not positive; use a larger shift`);
    }
  }

  // level-ratio test
  const bounds = boundsOf(n);
  const [lo, hi] = bounds;
  const lambda: number[] = [];
  const failures: { k: number; lambda: number }[] = [];
  for (let k = 1; k < n; k++) {
    const l = x0[k - 1] / x0[k];
    lambda.push(l);
    if (!(lo < l && l < hi)) failures.push({ k: k + 1, lambda: l });
  }
  if (failures.length > 0 && !hasShift) {
    let minShift = -Infinity;
    for (let k = 1; k < n; k++) {
      const p = x[k - 1];
      const q = x[k];
      minShift = Math.max(minShift, (lo * q - p) / (1 - lo), (p - hi * q) / (hi - 1));
    }
    const list = failures
      .map((f) => `lambda(${f.k}) = x(${f.k - 1})/x(${f.k}) = ${f.lambda}`)
      .join("; ");
    throw new LevelRatioError(
      `gm11: the series fails the level-ratio test: ${list} ` +
        `${failures.length === 1 ? "is" : "are"} outside the bounds (e^(-2/(n+1)), e^(2/(n+1))) = (${lo}, ${hi}) for n = ${n} ` +
        `(k counted from 1). GM(1,1) on this series is unreliable. To model x + c instead (fitted values and ` +
        `forecasts shifted back), pass { shift: c }: every c > ${minShift} passes the test.`,
      failures,
      bounds,
      minShift,
    );
  }

  // least squares: Y = x0(2..n) on z1(2..n): Y = b - a z
  const m = n - 1;
  const z = new Float64Array(m);
  let cum = x0[0];
  for (let k = 1; k < n; k++) {
    const next = cum + x0[k];
    z[k - 1] = (cum + next) / 2;
    cum = next;
  }
  let zm = 0;
  let ym = 0;
  for (let j = 0; j < m; j++) {
    zm += z[j];
    ym += x0[j + 1];
  }
  zm /= m;
  ym /= m;
  let szz = 0;
  let szy = 0;
  for (let j = 0; j < m; j++) {
    const dz = z[j] - zm;
    szz += dz * dz;
    szy += dz * (x0[j + 1] - ym);
  }
  const a = -szy / szz + 0; // + 0: no -0 for a constant series
  const b = ym + a * zm;

  // time response: xhat0(k+1) for k >= 1
  const resp = (k: number) => (a === 0 ? b : (x0[0] - b / a) * -Math.expm1(a) * Math.exp(-a * k));
  const fitted: number[] = [x[0]];
  for (let k = 1; k < n; k++) fitted.push(resp(k) - shift);
  const forecast: number[] = [];
  for (let h = 0; h < horizon; h++) forecast.push(resp(n + h) - shift);

  // checks
  const residual: number[] = [];
  const relative_error: number[] = [];
  for (let k = 0; k < n; k++) {
    const e = k === 0 ? 0 : x[k] - fitted[k];
    residual.push(e);
    relative_error.push(Math.abs(e) / x[k]);
  }
  const mean = (v: ArrayLike<number>, from = 0) => {
    let s = 0;
    for (let i = from; i < v.length; i++) s += v[i];
    return s / (v.length - from);
  };
  const sd = (v: ArrayLike<number>) => {
    const mu = mean(v);
    let s = 0;
    for (let i = 0; i < v.length; i++) s += (v[i] - mu) * (v[i] - mu);
    return Math.sqrt(s / (v.length - 1));
  };
  const S1 = sd(x);
  const S2 = sd(residual);
  const C = S2 / S1;
  const eMean = mean(residual);
  let hits = 0;
  for (let k = 0; k < n; k++) if (Math.abs(residual[k] - eMean) < 0.6745 * S1) hits++;
  const P = hits / n;
  const grade: GM11Grade =
    C < 0.35 && P > 0.95 ? "good" : C < 0.5 && P > 0.8 ? "qualified" : C < 0.65 && P > 0.7 ? "barely" : "unqualified";
  const ratio = (1 - 0.5 * a) / (1 + 0.5 * a);
  const level_ratio_deviation = lambda.map((l) => 1 - ratio * l);

  return {
    n,
    a,
    b,
    b_over_a: a === 0 ? null : b / a,
    fitted,
    forecast,
    forecast_horizon: horizon,
    level_ratio: { lambda, bounds, pass: failures.length === 0 },
    residual,
    relative_error,
    mean_relative_error_k2n: mean(relative_error, 1),
    mean_relative_error_k1n: mean(relative_error),
    level_ratio_deviation,
    mean_abs_level_ratio_deviation: mean(level_ratio_deviation.map(Math.abs)),
    S1,
    S2,
    C,
    P,
    grade,
    shift: hasShift ? shift : null,
  };
}
