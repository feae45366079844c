/**
 * The geographical detector (Wang et al. 2010; Wang and Xu 2017; METHODS.md section 15): how much
 * of the spatial variance of y a stratification x explains (factor detector, q statistic), how two
 * stratifications act together (interaction detector), whether the strata means differ (risk
 * detector, Welch t-tests) and whether two factors differ in their power (ecological detector).
 *
 * It reproduces R geodetector 1.0-5 (the reference in the field) number for number, its quirks
 * included and named: the factor p-value is the upper tail of a NONcentral F; the interaction types
 * follow R's rule order, which never reports "Independent"; the ecological detector compares a
 * ratio of q values with the 0.9 quantile of F(N-1, N-1) although R labels it a 0.05 test. Where R
 * reports only TRUE/FALSE, the result adds the numbers behind it (t, df, p, critical values).
 */
import { fQuantile, fSf, noncentralFSf, studentTTwoSided } from "./distributions";

/** Thrown for input the geographical detector cannot use; the message names the factor and index. */
export class GeodetectorInputError extends Error {
  override name = "GeodetectorInputError";
}

/** A stratum label: a category name or a class number (one type per factor). */
export type StratumLabel = string | number;

/** Interaction types, in R geodetector's wording. */
export type InteractionType =
  | "Weaken, nonlinear"
  | "Weaken, uni-"
  | "Independent"
  | "Enhance, bi-"
  | "Enhance, nonlinear";

/** Options of {@link geodetector}. */
export interface GeodetectorOptions {
  /**
   * Keep strata with a single observation (default false: an error names the factor, the stratum
   * and the index). R geodetector keeps them: such a stratum adds 0 to SSW, and its risk-detector
   * pairs are skipped (`sig_R` null). With true, R's dispersion rule also applies: a factor with
   * more strata than N/2 is refused, as R does.
   */
  allowSingletonStrata?: boolean;
}

/** Factor detector row (names of the golden file / R geodetector). */
export interface GeodetectorFactor {
  /** Factor name. */
  x: string;
  /** Number of strata L. */
  strata: number;
  /** `q = 1 - SSW/SST`, in [0, 1]. */
  q: number;
  /** `P(F' > F)`, F' noncentral F(L-1, N-L, lambda_ncp) (R's p, to about 1e-14 instead of 1e-9). */
  p: number;
  /** `F = (N - L)/(L - 1) * q/(1 - q)` (Infinity when SSW = 0). */
  F: number;
  df1: number;
  df2: number;
  /** R's noncentrality `[sum_h ybar_h^2 - (sum_h sqrt(N_h) ybar_h)^2 / N] / var(y)`. */
  lambda_ncp: number;
  /** Within-strata sum of squares `sum_h sum_{i in h} (y_i - ybar_h)^2`. */
  ssw: number;
  /** Total sum of squares `sum_i (y_i - ybar)^2`. */
  sst: number;
}

/** Interaction detector row. */
export interface GeodetectorInteraction {
  x1: string;
  x2: string;
  q1: number;
  q2: number;
  /** q of the overlay stratification x1 ∩ x2 (every observed pair of labels is one stratum). */
  q12: number;
  /** Factor-detector p of the overlay; null when the overlay has as many strata as observations. */
  p12: number | null;
  /** Number of strata of the overlay. */
  overlay_strata: number;
  /** Overlay strata with a single observation (allowed in overlays, as in R). */
  overlay_singletons: number;
  /** R geodetector's classification, in its rule order (never "Independent"; see {@link geodetector}). */
  type: InteractionType;
  /** The classification of Wang and Xu (2017), in which `q12 = q1 + q2` is "Independent". */
  type_textbook: InteractionType;
}

/** One pair of strata in the risk detector. */
export interface GeodetectorRiskPair {
  a: string;
  b: string;
  n_a: number;
  n_b: number;
  /**
   * R's TRUE/FALSE: `|t| > qt(0.975, round(df))` (Welch t and Welch-Satterthwaite df, df rounded
   * half to even as R's round). null where R skips the pair (a singleton stratum, or both strata
   * without variance).
   */
  sig_R: boolean | null;
  /** Welch t, signed: `(mean_a - mean_b) / sqrt(var_a/n_a + var_b/n_b)` (R t.test(var.equal = FALSE)). */
  t_welch: number | null;
  /** Welch-Satterthwaite degrees of freedom (unrounded). */
  df_welch: number | null;
  /** Two-sided p-value of t_welch with df_welch. */
  p_welch: number | null;
  /** `round(df_welch)`, half to even, as R uses it. */
  df_rounded_R: number | null;
  /** `qt(0.975, df_rounded_R)`. */
  t_crit_R: number | null;
}

/** Risk detector block of one factor. */
export interface GeodetectorRisk {
  x: string;
  /** Stratum labels as strings, in R's sort order (numbers numerically, strings by code unit). */
  strata: string[];
  /** Mean of y in each stratum. */
  mean: number[];
  /** Observations in each stratum. */
  n: number[];
  /** Every pair (a before b in `strata`). */
  pairs: GeodetectorRiskPair[];
}

/** Ecological detector row (R geodetector 1.0-5's test, with the textbook one beside it). */
export interface GeodetectorEcological {
  x1: string;
  x2: string;
  q1: number;
  q2: number;
  /** `q2 / q1` (null when both are 0). */
  F_q2_over_q1: number | null;
  /** `q1 / q2` (null when both are 0). */
  F_q1_over_q2: number | null;
  /** N - 1. */
  df1: number;
  /** N - 1. */
  df2: number;
  /** `qf(0.9, N - 1, N - 1)`: the critical value R uses, although it labels the test 0.05. */
  "F_crit_0.9": number;
  /** R's TRUE/FALSE: either ratio exceeds F_crit_0.9 (null when both q are 0: R gives NA). */
  sig_R: boolean | null;
  /** Textbook statistic `SSW(x1) / SSW(x2)` (Wang et al. 2010), for reference only. */
  reference_only_textbook_F_ssw1_over_ssw2: number | null;
  /** Its upper tail with df (N - 1, N - 1), for reference only. */
  reference_only_textbook_p_upper: number | null;
}

/** Result of {@link geodetector}. */
export interface GeodetectorResult {
  /** Number of observations N. */
  n: number;
  factor: GeodetectorFactor[];
  interaction: GeodetectorInteraction[];
  risk: GeodetectorRisk[];
  ecological: GeodetectorEcological[];
  /** The conventions a reader must know (R's rule order, the 0.9 quantile, ...) and data warnings. */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------

interface Stratification {
  name: string;
  codes: Int32Array;
  L: number;
  labels: string[]; // sorted order
}

interface StrataStats {
  counts: Float64Array;
  means: Float64Array;
  /** Within-stratum sums of squares. */
  ss: Float64Array;
  ssw: number;
  ssb: number;
}

function where(i: number): string {
  return `index ${i + 1} (counting from 1)`;
}

function checkY(y: ArrayLike<number>): Float64Array {
  if (y === null || y === undefined || typeof (y as ArrayLike<number>).length !== "number" || typeof y === "string") {
    throw new GeodetectorInputError("geodetector: y must be an array of numbers");
  }
  const n = y.length;
  if (n < 2) throw new GeodetectorInputError(`geodetector: y has ${n} value(s); need at least 2 observations`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new GeodetectorInputError(`geodetector: y at ${where(i)} is ${String(v)} (not a number)`);
    }
    if (!Number.isFinite(v)) throw new GeodetectorInputError(`geodetector: y at ${where(i)} is ${v} (not finite)`);
    out[i] = v;
  }
  return out;
}

function stratify(name: string, labels: ArrayLike<StratumLabel>, n: number, allowSingletons: boolean): Stratification {
  if (labels === null || labels === undefined || typeof labels.length !== "number" || typeof labels === "string") {
    throw new GeodetectorInputError(`geodetector: factor '${name}' must be an array of labels (strings or numbers)`);
  }
  if (labels.length !== n) {
    throw new GeodetectorInputError(
      `geodetector: factor '${name}' has ${labels.length} labels but y has ${n} values (one label per observation)`,
    );
  }
  const codes = new Int32Array(n);
  const first = labels[0];
  const numeric = typeof first === "number";
  const seen = new Map<string | number, number>();
  const raw: (string | number)[] = [];
  const firstIndex: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = labels[i] as unknown;
    if (v === null || v === undefined) {
      throw new GeodetectorInputError(`geodetector: factor '${name}': label at ${where(i)} is ${String(v)} (a missing label)`);
    }
    if (typeof v === "number") {
      if (!numeric) {
        throw new GeodetectorInputError(
          `geodetector: factor '${name}': label at ${where(i)} is the number ${v} but the first label is a string; ` +
            `use one type (all numbers or all strings) per factor`,
        );
      }
      if (!Number.isFinite(v)) {
        throw new GeodetectorInputError(`geodetector: factor '${name}': label at ${where(i)} is ${v} (a missing or non-finite label)`);
      }
    } else if (typeof v === "string") {
      if (numeric) {
        throw new GeodetectorInputError(
          `geodetector: factor '${name}': label at ${where(i)} is the string ${JSON.stringify(v)} but the first label is ` +
            `a number; use one type (all numbers or all strings) per factor`,
        );
      }
      if (v === "") throw new GeodetectorInputError(`geodetector: factor '${name}': label at ${where(i)} is empty (a missing label)`);
    } else {
      throw new GeodetectorInputError(`geodetector: factor '${name}': label at ${where(i)} is ${String(v)} (not a string or number)`);
    }
    const key = numeric ? (v as number) + 0 : (v as string); // + 0 merges -0 into 0
    let c = seen.get(key);
    if (c === undefined) {
      c = raw.length;
      seen.set(key, c);
      raw.push(key);
      firstIndex.push(i);
    }
    codes[i] = c;
  }
  const L = raw.length;
  if (L < 2) {
    throw new GeodetectorInputError(
      `geodetector: factor '${name}' has only one stratum (${JSON.stringify(raw[0])}); q needs at least two strata`,
    );
  }
  // R's sort order: numbers numerically, strings by code unit (R's sort in the C locale)
  const order = raw.map((_, k) => k);
  order.sort((a, b) => {
    const ra = raw[a];
    const rb = raw[b];
    return ra < rb ? -1 : ra > rb ? 1 : 0;
  });
  const rank = new Int32Array(L);
  order.forEach((k, r) => (rank[k] = r));
  const counts = new Int32Array(L);
  for (let i = 0; i < n; i++) {
    const r = rank[codes[i]];
    codes[i] = r;
    counts[r]++;
  }
  const labelsSorted = order.map((k) => String(raw[k]));
  if (!allowSingletons) {
    for (let r = 0; r < L; r++) {
      if (counts[r] === 1) {
        const i = firstIndex[order[r]];
        throw new GeodetectorInputError(
          `geodetector: factor '${name}': stratum '${labelsSorted[r]}' has a single observation, at ${where(i)}; ` +
            `merge it with a neighbouring class, or pass allowSingletonStrata: true to keep it as R geodetector ` +
            `does (it adds 0 to SSW and its risk-detector pairs are skipped)`,
        );
      }
    }
  } else if (L > n / 2) {
    throw new GeodetectorInputError(
      `geodetector: factor '${name}' has ${L} strata for ${n} observations (more than N/2 = ${n / 2}); ` +
        `R geodetector refuses it ("data should be dispersed"): use fewer, larger classes`,
    );
  }
  return { name, codes, L, labels: labelsSorted };
}

/** Per-stratum counts, means (corrected two-pass) and sums of squares; SSW and SSB. */
function strataStats(y: Float64Array, codes: Int32Array, L: number, ybar: number): StrataStats {
  const n = y.length;
  const counts = new Float64Array(L);
  const sums = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    counts[c] += 1;
    sums[c] += y[i];
  }
  const means = new Float64Array(L);
  for (let h = 0; h < L; h++) means[h] = sums[h] / counts[h];
  const res = new Float64Array(L);
  const ss = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    const d = y[i] - means[c];
    res[c] += d;
    ss[c] += d * d;
  }
  let ssw = 0;
  let ssb = 0;
  for (let h = 0; h < L; h++) {
    // corrected two-pass (Chan, Golub and LeVeque 1983): the residual sum fixes the rounding of the mean
    const corr = res[h] / counts[h];
    ss[h] = Math.max(0, ss[h] - res[h] * corr);
    means[h] += corr;
    ssw += ss[h];
    const dm = means[h] - ybar;
    ssb += counts[h] * dm * dm;
  }
  return { counts, means, ss, ssw, ssb };
}

interface QResult {
  q: number;
  F: number;
  df1: number;
  df2: number;
  lambda: number;
  p: number | null;
  ssw: number;
}

/** q, F, lambda and the noncentral-F p of one stratification. */
function qStatistic(st: StrataStats, L: number, n: number, sst: number): QResult {
  const { counts, means, ssw, ssb } = st;
  const tot = ssw + ssb;
  // the two forms are equal; each is the accurate one on its side of 1/2
  let q = ssb <= ssw ? ssb / tot : 1 - ssw / tot;
  q = Math.min(1, Math.max(0, q));
  const df1 = L - 1;
  const df2 = n - L;
  const F = df2 > 0 ? (ssw > 0 ? (df2 / df1) * (ssb / ssw) : Infinity) : NaN;
  // lambda * var(y) = |m|^2 - (u . m)^2 with u_h = sqrt(N_h / N): the squared norm of the part of
  // the vector of means orthogonal to u, summed as squares (no cancellation of two large sums)
  let um = 0;
  for (let h = 0; h < L; h++) um += Math.sqrt(counts[h] / n) * means[h];
  let lv = 0;
  for (let h = 0; h < L; h++) {
    const w = means[h] - um * Math.sqrt(counts[h] / n);
    lv += w * w;
  }
  const lambda = lv / (sst / (n - 1));
  const p = df2 > 0 ? noncentralFSf(F, df1, df2, lambda) : null;
  return { q, F, df1, df2, lambda, p, ssw };
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const tCritCache = new Map<number, number>();
/** `qt(0.975, df)` through `P(|T| <= t) = P(F(1, df) <= t^2) = 0.95`. */
function tCrit975(df: number): number {
  let v = tCritCache.get(df);
  if (v === undefined) {
    v = Math.sqrt(fQuantile(0.95, 1, df));
    tCritCache.set(df, v);
  }
  return v;
}

function interactionTypeR(q1: number, q2: number, q12: number): InteractionType {
  // R geodetector 1.0-5 interaction_detector: later rules overwrite earlier ones
  const mx = Math.max(q1, q2);
  const mn = Math.min(q1, q2);
  let type: InteractionType = "Weaken, nonlinear";
  if (q12 <= q1 && q12 <= q2) type = "Weaken, nonlinear";
  if (q12 < mx && q12 > mn) type = "Weaken, uni-";
  if (q12 === q1 + q2) type = "Independent";
  let nonlinear = false;
  if (q12 > q1 + q2) {
    type = "Enhance, nonlinear";
    nonlinear = true;
  }
  if (!nonlinear && q12 >= mx) type = "Enhance, bi-";
  return type;
}

function interactionTypeTextbook(q1: number, q2: number, q12: number): InteractionType {
  const mx = Math.max(q1, q2);
  const mn = Math.min(q1, q2);
  if (q12 < mn) return "Weaken, nonlinear";
  if (q12 < mx) return "Weaken, uni-";
  if (q12 === q1 + q2) return "Independent";
  if (q12 > q1 + q2) return "Enhance, nonlinear";
  return "Enhance, bi-";
}

function overlay(a: Stratification, b: Stratification, n: number): { codes: Int32Array; L: number } {
  const codes = new Int32Array(n);
  const prod = a.L * b.L;
  let L = 0;
  if (prod <= 4 * n + 1024) {
    const map = new Int32Array(prod).fill(-1);
    for (let i = 0; i < n; i++) {
      const k = a.codes[i] * b.L + b.codes[i];
      let c = map[k];
      if (c < 0) {
        c = L++;
        map[k] = c;
      }
      codes[i] = c;
    }
  } else {
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = a.codes[i] * b.L + b.codes[i];
      let c = map.get(k);
      if (c === undefined) {
        c = L++;
        map.set(k, c);
      }
      codes[i] = c;
    }
  }
  return { codes, L };
}

/**
 * The geographical detector of Wang et al. (2010) and Wang and Xu (2017), as R geodetector 1.0-5
 * computes it (METHODS.md section 15; golden file `toolkit/geodetector.json`).
 *
 * - Factor detector: `q = 1 - SSW/SST`, `SSW = sum_h sum_{i in h} (y_i - ybar_h)^2`,
 *   `SST = sum_i (y_i - ybar)^2`; `F = (N - L)/(L - 1) * q/(1 - q)`; p is the upper tail of the
 *   NONcentral F(L - 1, N - L, lambda) with R's
 *   `lambda = [sum_h ybar_h^2 - (sum_h sqrt(N_h) ybar_h)^2 / N] / var(y)` (var with N - 1). R's own
 *   p (pf with ncp, AS 226) is accurate to about 1e-9; this one to about 1e-14. Note that this
 *   lambda, hence p, changes when y is shifted (q does not).
 * - Interaction detector, for each pair of factors (in the given order): q12 is the q of the
 *   overlay (every observed pair of labels one stratum; singleton overlay strata are allowed, as in
 *   R), p12 its factor-detector p. `type` applies R's rules in R's order, each overwriting the one
 *   before: q12 <= q1 and q12 <= q2 -> "Weaken, nonlinear"; min < q12 < max -> "Weaken, uni-";
 *   q12 == q1 + q2 -> "Independent"; q12 > q1 + q2 -> "Enhance, nonlinear"; finally, unless
 *   nonlinear, q12 >= max -> "Enhance, bi-", which overwrites "Independent": R can NEVER report
 *   "Independent". `type_textbook` is Wang and Xu's table, where q12 == q1 + q2 is "Independent".
 *   (An overlay refines both factors, so q12 >= max(q1, q2) always, and only the two "Enhance"
 *   types occur; q12 is held at max(q1, q2) when rounding puts it an ulp below.)
 * - Risk detector: the mean of y in each stratum (strata in R's sort order: numbers numerically,
 *   strings by code unit), and for each pair a Welch t-test: `sig_R` is R's
 *   `|t| > qt(0.975, round(df))`; t (signed, mean_a - mean_b), the unrounded Welch-Satterthwaite df
 *   and the two-sided p are added (R t.test(var.equal = FALSE)).
 * - Ecological detector, for each pair: R's statistic is the ratio of q values `q2/q1` (and, if
 *   not significant, `q1/q2`) against `qf(0.9, N - 1, N - 1)`, although R labels it
 *   "Significance F-test: 0.05"; the textbook statistic SSW(x1)/SSW(x2) with df (N-1, N-1) and its
 *   upper-tail p are given beside it, as reference only.
 *
 * Strata are the distinct labels of a factor (strings or numbers, one type per factor; numbers are
 * compared as numbers). Factors are taken in the order of `strata`'s keys (a JavaScript object
 * lists integer-like keys such as "2019" first: pass a Map to fix another order).
 *
 * Errors (GeodetectorInputError, naming the factor and the index counted from 1): y not finite,
 * fewer than 2 observations, y constant (q is 0/0), labels of the wrong length, a missing or
 * empty label, a factor mixing numbers and strings, a factor with one stratum, a stratum with one
 * observation (unless `allowSingletonStrata`).
 *
 * @example
 * const r = geodetector([1, 2, 3, 4, 6, 7, 8, 9], {
 *   x1: ["a", "a", "a", "a", "b", "b", "b", "b"],
 *   x2: ["c", "d", "d", "c", "c", "c", "d", "d"],
 * });
 * r.factor[0].q;          // 0.8333333333333334 (SST = 60, SSW = 5 + 5: q = 5/6)
 * r.factor[0].F;          // 30 (6 * (5/6) / (1/6)); lambda_ncp = 35/24
 * r.factor[0].p;          // 0.009320760857599182 (noncentral F(1, 6, 35/24) above 30)
 * r.interaction[0].q12;   // 0.9 (overlay SSW = 4.5 + 0.5 + 0.5 + 0.5 = 6) -> "Enhance, nonlinear"
 * r.risk[0].pairs[0].t_welch; // -5.477225575051661 (-5 / sqrt(5/6)), df 6, sig_R true
 * r.ecological[0].sig_R;  // true (q1/q2 = 25 > qf(0.9, 7, 7) = 2.784930117504441)
 */
export function geodetector(
  y: ArrayLike<number>,
  strata: Record<string, ArrayLike<StratumLabel>> | Map<string, ArrayLike<StratumLabel>>,
  options: GeodetectorOptions = {},
): GeodetectorResult {
  const yy = checkY(y);
  const n = yy.length;
  if (strata === null || strata === undefined || typeof strata !== "object") {
    throw new GeodetectorInputError("geodetector: strata must be an object { factorName: labels[] } or a Map");
  }
  const entries: [string, ArrayLike<StratumLabel>][] =
    strata instanceof Map ? [...strata.entries()] : Object.entries(strata);
  if (entries.length === 0) throw new GeodetectorInputError("geodetector: no factors given in strata");
  const allowSingletons = options.allowSingletonStrata === true;

  // overall mean (corrected two-pass) and SST
  let s = 0;
  for (let i = 0; i < n; i++) s += yy[i];
  let ybar = s / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += yy[i] - ybar;
  ybar += r / n;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const d = yy[i] - ybar;
    sst += d * d;
  }
  if (!(sst > 0)) {
    const constant = yy.every((v) => v === yy[0]);
    throw new GeodetectorInputError(
      constant
        ? `geodetector: y is constant (every value is ${yy[0]}); q = 1 - SSW/SST is 0/0`
        : `geodetector: the spread of y is too small to compute (SST underflows to 0); rescale y`,
    );
  }

  const factors = entries.map(([name, labels]) => stratify(name, labels, n, allowSingletons));
  const stats = factors.map((f) => strataStats(yy, f.codes, f.L, ybar));
  const qs = factors.map((f, k) => qStatistic(stats[k], f.L, n, sst));
  const notes: string[] = [
    "factor p: upper tail of the noncentral F(L-1, N-L, lambda) as R geodetector 1.0-5 computes it " +
      "(R's pf is accurate to about 1e-9; this p to about 1e-14); lambda, hence p, depends on the location of y",
    "interaction type: R geodetector's rules in R's order, where 'Enhance, bi-' overwrites 'Independent', " +
      "so R never reports 'Independent'; type_textbook follows Wang and Xu (2017)",
    "ecological detector: R compares q(x2)/q(x1) (then q(x1)/q(x2)) with the 0.9 quantile of F(N-1, N-1), " +
      "although it labels the test 'Significance F-test: 0.05'; the textbook ratio of within sums of squares " +
      "is given as reference_only_*",
  ];

  const factor: GeodetectorFactor[] = factors.map((f, k) => ({
    x: f.name,
    strata: f.L,
    q: qs[k].q,
    p: qs[k].p as number,
    F: qs[k].F,
    df1: qs[k].df1,
    df2: qs[k].df2,
    lambda_ncp: qs[k].lambda,
    ssw: stats[k].ssw,
    sst,
  }));

  const interaction: GeodetectorInteraction[] = [];
  const ecological: GeodetectorEcological[] = [];
  const fCrit = fQuantile(0.9, n - 1, n - 1);
  for (let i = 0; i < factors.length - 1; i++) {
    for (let j = i + 1; j < factors.length; j++) {
      const a = factors[i];
      const b = factors[j];
      const ov = overlay(a, b, n);
      const ovStats = strataStats(yy, ov.codes, ov.L, ybar);
      const q12r = qStatistic(ovStats, ov.L, n, sst);
      let singletons = 0;
      for (let h = 0; h < ov.L; h++) if (ovStats.counts[h] === 1) singletons++;
      if (ov.L > n / 2) {
        notes.push(
          `overlay ${a.name} x ${b.name} has ${ov.L} strata for ${n} observations (more than N/2): ` +
            `R geodetector would stop here ("data should be dispersed"); q12 is computed all the same`,
        );
      }
      const q1 = qs[i].q;
      const q2 = qs[j].q;
      // the overlay refines both factors, so q12 >= max(q1, q2) exactly; a value an ulp below it
      // (sums taken in another order) is rounding and would flip R's rules to "Weaken, uni-"
      const q12 = Math.max(q12r.q, q1, q2);
      interaction.push({
        x1: a.name,
        x2: b.name,
        q1,
        q2,
        q12,
        p12: q12r.p,
        overlay_strata: ov.L,
        overlay_singletons: singletons,
        type: interactionTypeR(q1, q2, q12),
        type_textbook: interactionTypeTextbook(q1, q2, q12),
      });

      const both0 = q1 === 0 && q2 === 0;
      const F21 = both0 ? null : q2 / q1;
      const F12 = both0 ? null : q1 / q2;
      const ssw1 = qs[i].ssw;
      const ssw2 = qs[j].ssw;
      const tb = ssw1 === 0 && ssw2 === 0 ? null : ssw1 / ssw2;
      ecological.push({
        x1: a.name,
        x2: b.name,
        q1,
        q2,
        F_q2_over_q1: F21,
        F_q1_over_q2: F12,
        df1: n - 1,
        df2: n - 1,
        "F_crit_0.9": fCrit,
        sig_R: both0 ? null : (F21 as number) > fCrit || (F12 as number) > fCrit,
        reference_only_textbook_F_ssw1_over_ssw2: tb,
        reference_only_textbook_p_upper: tb === null ? null : fSf(tb, n - 1, n - 1),
      });
    }
  }

  const risk: GeodetectorRisk[] = factors.map((f, k) => {
    const st = stats[k];
    const pairs: GeodetectorRiskPair[] = [];
    for (let a = 0; a < f.L - 1; a++) {
      for (let b = a + 1; b < f.L; b++) {
        const na = st.counts[a];
        const nb = st.counts[b];
        const pair: GeodetectorRiskPair = {
          a: f.labels[a],
          b: f.labels[b],
          n_a: na,
          n_b: nb,
          sig_R: null,
          t_welch: null,
          df_welch: null,
          p_welch: null,
          df_rounded_R: null,
          t_crit_R: null,
        };
        if (na > 1 && nb > 1) {
          const va = st.ss[a] / (na - 1) / na;
          const vb = st.ss[b] / (nb - 1) / nb;
          const se2 = va + vb;
          if (se2 > 0) {
            const t = (st.means[a] - st.means[b]) / Math.sqrt(se2);
            const df = (se2 * se2) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
            const dfr = roundHalfEven(df);
            const crit = tCrit975(dfr);
            pair.t_welch = t;
            pair.df_welch = df;
            pair.p_welch = studentTTwoSided(t, df);
            pair.df_rounded_R = dfr;
            pair.t_crit_R = crit;
            pair.sig_R = Math.abs(t) > crit;
          }
        }
        pairs.push(pair);
      }
    }
    return {
      x: f.name,
      strata: f.labels.slice(),
      mean: Array.from(st.means),
      n: Array.from(st.counts),
      pairs,
    };
  });

  if (allowSingletons) {
    for (const f of risk) {
      const single = f.strata.filter((_, h) => f.n[h] === 1);
      if (single.length > 0) {
        notes.push(
          `factor ${f.x}: stratum(s) ${single.map((s1) => `'${s1}'`).join(", ")} with one observation: ` +
            `they add 0 to SSW and their risk-detector pairs are skipped (sig_R null), as in R`,
        );
      }
    }
  }

  return { n, factor, interaction, risk, ecological, notes };
}
