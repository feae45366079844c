/**
 * Nonparametric bootstrap confidence intervals of any statistic: percentile, and bias-corrected and
 * accelerated (BCa, Efron 1987), optionally stratified, seeded with the library's generator so that
 * a notebook prints the same interval on every machine.
 *
 * Draw order (the contract that makes a seed reproducible): one generator `createRandom(seed)`;
 * for resample b = 1..R, for position i = 1..n in order, one draw `nextInt(m)`, where m is n
 * (unstratified) or the size of the stratum of element i, picking a member of that stratum (its
 * members in their order in `data`). Nothing else consumes the generator.
 */
import { normalQuantile } from "./distributions";
import { normalCdf } from "./normal";
import { createRandom, DEFAULT_SEED } from "./random";

/** Thrown for unusable input: bad data, strata or options, or a statistic that fails on a sample. */
export class BootstrapInputError extends Error {
  override name = "BootstrapInputError";
}

/** Interval method: `"percentile"` (default) or `"bca"` (bias-corrected and accelerated). */
export type BootstrapMethod = "percentile" | "bca";

/** A stratum label: a string or a finite number (compared with `===`: 1 and "1" are different strata). */
export type StratumLabel = string | number;

/** Options of {@link bootstrap}. */
export interface BootstrapOptions {
  /** Number of resamples R (default 999; an integer of at least 99). */
  resamples?: number;
  /** Seed of the resampling (default DEFAULT_SEED from random.ts). */
  seed?: number;
  /**
   * One label per element of `data` (same length): each resample then draws within each stratum,
   * which keeps its own size (and its positions: element i of a resample comes from the stratum of
   * data[i]). Default: no strata (one stratum of all elements).
   */
  strata?: ArrayLike<StratumLabel> | null;
  /** Confidence level, strictly between 0 and 1 (default 0.95). */
  level?: number;
  /** `"percentile"` (default) or `"bca"`. */
  method?: BootstrapMethod;
}

/** Result of {@link bootstrap}. */
export interface BootstrapResult {
  /** `statistic(data)`. */
  estimate: number;
  /** Lower bound of the interval. */
  lower: number;
  /** Upper bound of the interval. */
  upper: number;
  /** Echo of the options actually used. */
  level: number;
  method: BootstrapMethod;
  resamples: number;
  seed: number;
  /** The strata in order of first appearance with their sizes; null when unstratified. */
  strata: { label: StratumLabel; size: number }[] | null;
  /**
   * The quantile definition of the bounds: always `"type 7"` (Hyndman and Fan 1996; R's default
   * `quantile(type = 7)`, NumPy's `"linear"`), taken on the sorted resampled statistics.
   */
  quantile: "type 7";
  /**
   * The probabilities at which the type-7 quantiles were taken: `[(1 - level) / 2, (1 + level) / 2]`
   * for the percentile method, the BCa-adjusted `[alpha1, alpha2]` for BCa.
   */
  probabilities: [number, number];
  /** BCa bias correction z0 (null for the percentile method). */
  z0: number | null;
  /** BCa acceleration a from the jackknife (null for the percentile method). */
  acceleration: number | null;
  /** The R resampled statistics in draw order (resample 1 first). */
  replicates: Float64Array;
}

function describeValue(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  return `a value of type ${typeof v}`;
}

/** Calls the statistic on one sample and insists on a finite number. */
function evaluate<T>(statistic: (sample: T[]) => number, sample: T[], where: string): number {
  let v: unknown;
  try {
    v = statistic(sample);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new BootstrapInputError(`bootstrap: the statistic threw ${where}: ${msg}`, { cause: e });
  }
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new BootstrapInputError(
      `bootstrap: the statistic returned ${describeValue(v)} ${where}; it must return a finite number ` +
        `for every sample (the interval would otherwise have NaN bounds)`,
    );
  }
  return v;
}

/**
 * Type-7 quantile (Hyndman and Fan 1996) of an ascending array: with h = (m - 1) p, j = floor(h),
 * `x[j] + (h - j) (x[j+1] - x[j])` (0-based), exactly x[j] when the two neighbours are equal.
 */
function quantileType7(sorted: Float64Array, p: number): number {
  const m = sorted.length;
  const h = (m - 1) * p;
  const j = Math.floor(h);
  if (j >= m - 1) return sorted[m - 1];
  if (j < 0) return sorted[0];
  const lo = sorted[j];
  const hi = sorted[j + 1];
  return lo === hi ? lo : lo + (h - j) * (hi - lo);
}

/**
 * Bootstrap confidence interval of `statistic` on `data`.
 *
 * Each of the R resamples draws `data.length` elements with replacement (within each stratum when
 * `strata` is given: each stratum keeps its size, and element i of a resample is a member of the
 * stratum of data[i]); `statistic` is called on each resample (a fresh array every call: it may sort
 * it in place) and on a copy of `data` for the estimate. The bounds are type-7 quantiles of the
 * sorted resampled statistics `t*_(1) <= ... <= t*_(R)`:
 *
 * - percentile: at p = (1 - level) / 2 and (1 + level) / 2;
 * - BCa (Efron 1987; Efron and Tibshirani 1993, section 14.3): at
 *   `alpha_k = Phi(z0 + (z0 + z_k) / (1 - a (z0 + z_k)))` with z_k = Phi^-1 of the percentile
 *   probabilities, the bias correction `z0 = Phi^-1((#{t* < t} + #{t* = t} / 2) / R)` (ties with
 *   the estimate t counted as half), and the acceleration from the delete-one jackknife,
 *   `a = sum u_i^3 / (6 (sum u_i^2)^(3/2))`, `u_i = (mean_s(t_(.)) - t_(i)) (n_s - 1) / n_s`,
 *   where t_(i) is the statistic without element i and the mean runs over the jackknife values of
 *   i's stratum s of size n_s (one stratum of size n when unstratified, where the factor cancels:
 *   Efron and Tibshirani's eq. 14.15; stratified as Davison and Hinkley 1997, section 3.7: the third
 *   cumulant over the variance^(3/2) of the stratified linear approximation). A singleton stratum
 *   contributes u = 0 (its statistic is not called); a = 0 when every u is 0 (constant data).
 *
 * Errors (BootstrapInputError): `statistic` not a function; `data` not an array or empty; `strata`
 * not as long as `data` or a label that is not a string or finite number (position counted from 1);
 * `resamples` not an integer >= 99; `level` not in (0, 1); unknown `method`; non-integer seed; the
 * statistic returning NaN, an infinite value or a non-number (or throwing) on the data, on
 * resample b (counted from 1) or on a jackknife sample; BCa when no resampled statistic lies on one
 * side of the estimate (z0 infinite) or when `1 - a (z0 + z_k) <= 0` (the adjustment breaks down).
 *
 * @example
 * const mean = (s: number[]) => s.reduce((a, b) => a + b, 0) / s.length;
 * bootstrap(mean, [0, 1]);           // estimate 0.5, lower 0, upper 1 (each resample mean is 0, 0.5
 *                                    // or 1 with probabilities 1/4, 1/2, 1/4: far more than 25 of
 *                                    // the 999 are 0 and 1, the 2.5% and 97.5% quantiles)
 * bootstrap(mean, [3, 3, 3, 3], { method: "bca" }); // lower = upper = 3, z0 = 0, acceleration = 0
 * bootstrap(mean, [1, 2, 10, 20], { strata: ["a", "a", "b", "b"] }).strata;
 *                                    // [{ label: "a", size: 2 }, { label: "b", size: 2 }]
 */
export function bootstrap<T>(
  statistic: (sample: T[]) => number,
  data: ArrayLike<T>,
  options: BootstrapOptions = {},
): BootstrapResult {
  if (typeof statistic !== "function") {
    throw new BootstrapInputError(`bootstrap: the first argument must be the statistic (a function of a sample), got ${describeValue(statistic)}`);
  }
  if (data === null || data === undefined || typeof data === "string" || typeof (data as ArrayLike<T>).length !== "number") {
    throw new BootstrapInputError(`bootstrap: data must be an array (of numbers or of records), got ${describeValue(data)}`);
  }
  const n = data.length;
  if (n === 0) throw new BootstrapInputError("bootstrap: data is empty (need at least one element)");
  const opts = options ?? {};
  const resamples = opts.resamples ?? 999;
  const seed = opts.seed ?? DEFAULT_SEED;
  const level = opts.level ?? 0.95;
  const method = opts.method ?? "percentile";
  if (typeof resamples !== "number" || !Number.isInteger(resamples) || resamples < 99) {
    throw new BootstrapInputError(
      `bootstrap: resamples must be an integer of at least 99, got ${describeValue(resamples)} (fewer draws cannot ` +
        `locate the tail quantiles of an interval; 999 is the default, use 1999 or more for a 99% interval)`,
    );
  }
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new BootstrapInputError(`bootstrap: seed must be an integer, got ${describeValue(seed)}`);
  }
  if (typeof level !== "number" || !(level > 0 && level < 1)) {
    throw new BootstrapInputError(`bootstrap: level must be a number strictly between 0 and 1 (e.g. 0.95), got ${describeValue(level)}`);
  }
  if (method !== "percentile" && method !== "bca") {
    throw new BootstrapInputError(`bootstrap: method must be "percentile" or "bca", got ${describeValue(method)}`);
  }

  // strata: index of each element's stratum and the members of each stratum (in data order)
  const stratumOf = new Int32Array(n);
  let members: Int32Array[];
  let strataEcho: { label: StratumLabel; size: number }[] | null = null;
  const labels = opts.strata;
  if (labels === null || labels === undefined) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    members = [all];
  } else {
    if (typeof labels === "string" || typeof (labels as ArrayLike<StratumLabel>).length !== "number") {
      throw new BootstrapInputError("bootstrap: strata must be an array of labels, one per element of data");
    }
    if (labels.length !== n) {
      throw new BootstrapInputError(`bootstrap: strata has ${labels.length} labels but data has ${n} elements (need one label per element)`);
    }
    const index = new Map<StratumLabel, number>();
    const sizes: number[] = [];
    for (let i = 0; i < n; i++) {
      const l = labels[i];
      if (!(typeof l === "string" || (typeof l === "number" && Number.isFinite(l)))) {
        throw new BootstrapInputError(
          `bootstrap: stratum label at position ${i + 1} (counted from 1) is ${describeValue(l)}; labels must be strings or finite numbers`,
        );
      }
      let s = index.get(l);
      if (s === undefined) {
        s = sizes.length;
        index.set(l, s);
        sizes.push(0);
      }
      stratumOf[i] = s;
      sizes[s]++;
    }
    members = sizes.map((size) => new Int32Array(size));
    const fill = new Int32Array(sizes.length);
    for (let i = 0; i < n; i++) members[stratumOf[i]][fill[stratumOf[i]]++] = i;
    strataEcho = [...index.keys()].map((label, s) => ({ label, size: sizes[s] }));
  }

  const estimate = evaluate(statistic, Array.from(data), "on the data (the estimate)");

  // resampling, in the documented draw order
  const rng = createRandom(seed);
  const replicates = new Float64Array(resamples);
  const single = members.length === 1 ? members[0] : null;
  for (let b = 0; b < resamples; b++) {
    const sample = new Array<T>(n);
    if (single) {
      for (let i = 0; i < n; i++) sample[i] = data[single[rng.nextInt(n)]];
    } else {
      for (let i = 0; i < n; i++) {
        const m = members[stratumOf[i]];
        sample[i] = data[m[rng.nextInt(m.length)]];
      }
    }
    replicates[b] = evaluate(statistic, sample, `on resample ${b + 1} (of ${resamples})`);
  }
  const sorted = Float64Array.from(replicates).sort();

  const pLow = (1 - level) / 2;
  const pHigh = (1 + level) / 2;
  if (method === "percentile") {
    return {
      estimate,
      lower: quantileType7(sorted, pLow),
      upper: quantileType7(sorted, pHigh),
      level,
      method,
      resamples,
      seed,
      strata: strataEcho,
      quantile: "type 7",
      probabilities: [pLow, pHigh],
      z0: null,
      acceleration: null,
      replicates,
    };
  }

  // BCa: bias correction, ties with the estimate counted as half
  let below = 0;
  let ties = 0;
  for (let b = 0; b < resamples; b++) {
    if (replicates[b] < estimate) below++;
    else if (replicates[b] === estimate) ties++;
  }
  const share = (below + ties / 2) / resamples;
  if (share <= 0 || share >= 1) {
    throw new BootstrapInputError(
      `bootstrap: BCa is undefined here: all ${resamples} resampled statistics are ${share <= 0 ? "above" : "below"} the ` +
        `estimate ${estimate}, so the bias correction z0 is infinite; use method "percentile" or check the statistic`,
    );
  }
  const z0 = normalQuantile(share);

  // acceleration from the delete-one jackknife, within strata
  const u = new Float64Array(n); // 0 for the elements of singleton strata
  let scale = 0;
  for (const m of members) {
    const ns = m.length;
    if (ns < 2) continue;
    const jack = new Float64Array(ns);
    for (let k = 0; k < ns; k++) {
      const drop = m[k];
      const sample = new Array<T>(n - 1);
      for (let i = 0, q = 0; i < n; i++) if (i !== drop) sample[q++] = data[i];
      jack[k] = evaluate(statistic, sample, `on the jackknife sample without element ${drop + 1} (counted from 1; BCa acceleration)`);
    }
    // deviations from the first value, so that equal jackknife values give exactly u = 0
    let meanDev = 0;
    for (let k = 0; k < ns; k++) meanDev += jack[k] - jack[0];
    meanDev /= ns;
    const f = (ns - 1) / ns;
    for (let k = 0; k < ns; k++) {
      const v = (meanDev - (jack[k] - jack[0])) * f;
      u[m[k]] = v;
      if (Math.abs(v) > scale) scale = Math.abs(v);
    }
  }
  // a is scale-free: divide by max |u| first, so that tiny or huge statistics neither underflow nor overflow
  let s2 = 0;
  let s3 = 0;
  if (scale > 0) {
    for (let i = 0; i < n; i++) {
      const v = u[i] / scale;
      s2 += v * v;
      s3 += v * v * v;
    }
  }
  const acceleration = scale > 0 ? s3 / (6 * Math.pow(s2, 1.5)) : 0;

  const adjust = (p: number): number => {
    const w = z0 + normalQuantile(p);
    const denom = 1 - acceleration * w;
    if (!(denom > 0)) {
      throw new BootstrapInputError(
        `bootstrap: the BCa adjustment breaks down (1 - a (z0 + z) = ${denom} <= 0 with acceleration a = ${acceleration}, ` +
          `z0 = ${z0}, level ${level}): the statistic is too skewed for BCa at this level; use method "percentile"`,
      );
    }
    return normalCdf(z0 + w / denom);
  };
  const aLow = adjust(pLow);
  const aHigh = adjust(pHigh);
  return {
    estimate,
    lower: quantileType7(sorted, aLow),
    upper: quantileType7(sorted, aHigh),
    level,
    method,
    resamples,
    seed,
    strata: strataEcho,
    quantile: "type 7",
    probabilities: [aLow, aHigh],
    z0,
    acceleration,
    replicates,
  };
}
