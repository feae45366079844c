/**
 * Global Moran's I with analytic (normality, randomisation) and permutation inference
 * (paper 2, Figure 2; METHODS.md section 6).
 */
import { normalPValue } from "./normal";
import { createRandom, DEFAULT_SEED } from "./random";
import { SpatialInputError, SpatialWeights } from "./weights";

/** Alternative hypothesis: two-sided (default), or one-sided `greater` (clustering) / `less`. */
export type Alternative = "two-sided" | "greater" | "less";

/**
 * How a permuted statistic that ties the observed one counts in a pseudo p-value (see
 * {@link permutationPValue}): `"both"` (default) on both sides, `"mid"` half on each side,
 * `"esda"` as esda and GeoDa count (on the upper side only).
 */
export type TieRule = "both" | "mid" | "esda";

/**
 * The largest number of permutations accepted (10,000,000): a p-value resolution of 1e-7, finer
 * than any significance level in use (a Bonferroni cut-off of 0.05 over 30,000 units is 1.7e-6).
 * Global Moran keeps the R simulated statistics (8 bytes each: 80 MB at the cap); local Moran
 * works in blocks of permutations, so its memory does not grow with R. The time grows linearly:
 * see `elapsed_ms` in the results.
 */
export const MAX_PERMUTATIONS = 10_000_000;

/**
 * Relative tolerance of a tie: a permuted statistic within `TIE_TOLERANCE` times the statistic's
 * scale (the largest absolute value any permutation can give it) of the observed one ties it.
 */
export const TIE_TOLERANCE = 1e-12;

/** Options of {@link moran}. */
export interface MoranOptions {
  /**
   * Number of random permutations (default 999; 0 = no permutation inference; at most
   * {@link MAX_PERMUTATIONS}). A numeric string such as `"999"` (as read from `process.env`) is
   * accepted.
   */
  permutations?: number | string;
  /** Seed of the permutations (default DEFAULT_SEED from random.ts); an integer or a numeric string. */
  seed?: number | string;
  /** `"two-sided"` (default), `"greater"` or `"less"`: applies to the analytic and permutation p-values. */
  alternative?: Alternative;
  /** How permuted statistics that tie the observed one count: `"both"` (default), `"mid"` or `"esda"`. */
  ties?: TieRule;
  /**
   * Units without neighbours: `"drop"` (default) removes them from n (spdep `adjust.n = TRUE`,
   * GeoDa); `"keep"` counts them (esda). Their values still enter the mean and variance of y.
   */
  islands?: "drop" | "keep";
}

/** Result of {@link moran}: PySAL esda names. */
export interface MoranResult {
  /** Moran's I. */
  I: number;
  /** Expectation under the null, `-1 / (n - 1)`. */
  EI: number;
  /** Variance under normality (spdep `moran.test(randomisation = FALSE)`, esda `VI_norm`). */
  VI_norm: number;
  seI_norm: number;
  z_norm: number;
  /** Analytic p-value under normality for `alternative`. */
  p_norm: number;
  /** Variance under randomisation (with the kurtosis term; spdep default, esda `VI_rand`). */
  VI_rand: number;
  seI_rand: number;
  z_rand: number;
  /** Analytic p-value under randomisation for `alternative`. */
  p_rand: number;
  /** The R permuted statistics (null when `permutations` is 0). */
  sim: Float64Array | null;
  /** Pseudo p-value (see {@link moran}); null when `permutations` is 0. */
  p_sim: number | null;
  /** How many of the R permuted statistics tie the observed I (null when `permutations` is 0). */
  ties_sim: number | null;
  /** Mean of `sim`. */
  EI_sim: number | null;
  /** Standard deviation of `sim` (population, ddof 0, as esda). */
  seI_sim: number | null;
  /** Variance of `sim` (`seI_sim^2`). */
  VI_sim: number | null;
  /** `(I - EI_sim) / seI_sim`. */
  z_sim: number | null;
  /** Number of units used in the formulas (n minus islands when `islands` is "drop"). */
  n: number;
  /** All units, islands included. */
  nUnits: number;
  /** Ids of the islands. */
  islandIds: string[];
  /** Weight style and the Cliff-Ord constants used. */
  style: SpatialWeights["style"];
  s0: number;
  s1: number;
  s2: number;
  /** Echo of the options actually used (numeric strings converted). */
  permutations: number;
  seed: number;
  alternative: Alternative;
  ties: TieRule;
  islands: "drop" | "keep";
  /** Wall-clock time of the call in milliseconds (the one field that differs between runs). */
  elapsed_ms: number;
  /** Estimate of the working memory of the call in bytes (typed arrays allocated, `sim` included). */
  memory_bytes: number;
}

/**
 * The units of w in the order of their ids (UTF-16 code-unit order), and w in that order: what
 * makes every permutation result a function of (seed, ids, weights, values by id) and not of the
 * order of the rows. Computed once per weights object (they are immutable).
 * @internal shared by moran and localMoran.
 */
export interface CanonicalWeights {
  /** `order[a]` = position in w of the unit with the a-th smallest id. */
  order: Int32Array;
  /** `rank[i]` = canonical index of position i (inverse of `order`). */
  rank: Int32Array;
  /** CSR of w in canonical indices, each row's neighbours in ascending canonical index. */
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /**
   * The computation order of global Moran's cross product: `slotOf[c]` = the canonical index of the
   * c-th unit of a breadth-first traversal (components in order of their smallest id, neighbours
   * queued in id order). A function of the ids and the links only, like the canonical order, but
   * neighbours get nearby numbers: the link loop reads memory in order.
   */
  slotOf: Int32Array;
  /**
   * Each undirected link once, in computation indices (`li < lj`), ordered by `li` then `lj`, with
   * coefficient `lc = w_ij + w_ji`.
   */
  li: Int32Array;
  lj: Int32Array;
  lc: Float64Array;
  /** `max_i (sum_j |w_ij| + sum_j |w_ji|) / 2`: bounds `|z' W z| / z' z` for every z. */
  halfDegree: number;
  /** `sum_j |w_ij|` per canonical unit. */
  rowAbs: Float64Array;
  /** Cliff-Ord constants `S0`, `S1`, `S2` (as `w.s0`, `w.s1`, `w.s2`), summed in canonical order. */
  s0: number;
  s1: number;
  s2: number;
}

const canonicalCache = new WeakMap<SpatialWeights, CanonicalWeights>();

/** Position of `i` in the sorted row `indices[lo .. hi)` (rows of SpatialWeights are sorted), or -1. */
function findInRow(indices: Int32Array, lo: number, hi: number, i: number): number {
  hi -= 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (indices[mid] < i) lo = mid + 1;
    else hi = mid;
  }
  return lo <= hi && indices[lo] === i ? lo : -1;
}

/**
 * The canonical (id-sorted) form of w, cached per weights object.
 * @internal shared by moran and localMoran.
 */
export function canonicalWeights(w: SpatialWeights): CanonicalWeights {
  const hit = canonicalCache.get(w);
  if (hit) return hit;
  const n = w.n;
  const ids = w.ids;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (!(ids[i - 1] < ids[i])) sorted = false;
  if (!sorted) {
    // sort the ids (code-unit order, the default of Array.prototype.sort) and look their positions up
    const where = new Map<string, number>();
    for (let i = 0; i < n; i++) where.set(ids[i], i);
    const byId = ids.slice().sort();
    for (let a = 0; a < n; a++) order[a] = where.get(byId[a])!;
  }
  const rank = new Int32Array(n);
  for (let a = 0; a < n; a++) rank[order[a]] = a;
  const { offsets: po, indices: pi, values: pv } = w;
  const offsets = new Int32Array(n + 1);
  const m2 = po[n];
  const indices = new Int32Array(m2);
  const values = new Float64Array(m2);
  const rowAbs = new Float64Array(n);
  const colAbs = new Float64Array(n);
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  let s0 = 0;
  let q = 0;
  let links = 0;
  let kmax = 0;
  for (let i = 0; i < n; i++) if (po[i + 1] - po[i] > kmax) kmax = po[i + 1] - po[i];
  const tmpRow = new Int32Array(kmax);
  for (let a = 0; a < n; a++) {
    offsets[a] = q;
    const i = order[a];
    const lo = po[i];
    const hi = po[i + 1];
    // the row's entries by canonical index of the neighbour (insertion sort: rows are short)
    const len = hi - lo;
    for (let u = 0; u < len; u++) {
      const t = lo + u;
      const key = rank[pi[t]];
      let v = u;
      while (v > 0 && rank[pi[tmpRow[v - 1]]] > key) {
        tmpRow[v] = tmpRow[v - 1];
        v--;
      }
      tmpRow[v] = t;
    }
    for (let u = 0; u < len; u++) {
      const t = tmpRow[u];
      const b = rank[pi[t]];
      indices[q] = b;
      values[q] = pv[t];
      rowAbs[a] += Math.abs(pv[t]);
      colAbs[b] += Math.abs(pv[t]);
      rowSum[a] += pv[t];
      colSum[b] += pv[t];
      s0 += pv[t];
      if (b > a) links++;
      q++;
    }
  }
  offsets[n] = q;
  let halfDegree = 0;
  let s2 = 0;
  for (let a = 0; a < n; a++) {
    const d = (rowAbs[a] + colAbs[a]) / 2;
    if (d > halfDegree) halfDegree = d;
    s2 += (rowSum[a] + colSum[a]) * (rowSum[a] + colSum[a]);
  }
  // breadth-first computation order over the canonical graph
  const slotOf = new Int32Array(n);
  const compOf = new Int32Array(n).fill(-1);
  let head = 0;
  let tail = 0;
  for (let a0 = 0; a0 < n; a0++) {
    if (compOf[a0] >= 0) continue;
    compOf[a0] = tail;
    slotOf[tail++] = a0;
    while (head < tail) {
      const a = slotOf[head++];
      for (let t = offsets[a]; t < offsets[a + 1]; t++) {
        const b = indices[t];
        if (compOf[b] < 0) {
          compOf[b] = tail;
          slotOf[tail++] = b;
        }
      }
    }
  }
  const li = new Int32Array(links);
  const lj = new Int32Array(links);
  const lc = new Float64Array(links);
  let e = 0;
  for (let c = 0; c < n; c++) {
    const a = slotOf[c];
    const i = order[a];
    // the links to later units, by computation index (insertion sort)
    let len = 0;
    for (let t = offsets[a]; t < offsets[a + 1]; t++) {
      const key = compOf[indices[t]];
      if (key <= c) continue;
      let v = len++;
      while (v > 0 && compOf[indices[tmpRow[v - 1]]] > key) {
        tmpRow[v] = tmpRow[v - 1];
        v--;
      }
      tmpRow[v] = t;
    }
    for (let u = 0; u < len; u++) {
      const t = tmpRow[u];
      // w_ji: i in j's row (positions)
      const j = order[indices[t]];
      const at = findInRow(pi, po[j], po[j + 1], i);
      li[e] = c;
      lj[e] = compOf[indices[t]];
      lc[e] = values[t] + (at >= 0 ? pv[at] : 0);
      e++;
    }
  }
  // S1 = (1/2) sum_ij (w_ij + w_ji)^2 = sum over links of (w_ij + w_ji)^2 (the lists are symmetric)
  let s1 = 0;
  for (let q = 0; q < links; q++) s1 += lc[q] * lc[q];
  const out: CanonicalWeights = { order, rank, offsets, indices, values, slotOf, li, lj, lc, halfDegree, rowAbs, s0, s1, s2 };
  canonicalCache.set(w, out);
  return out;
}

/** floor(log2 x) for a finite x > 0, exactly. */
function exponentOf(x: number): number {
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  else if (e < 1023 && 2 ** (e + 1) <= x) e++;
  return e;
}

/**
 * Multiplies every element by 2^k (k an integer): exact for every result in the normal range, so
 * that any computation made of +, -, *, / and sqrt on the scaled values gives bit for bit the
 * result on the original values times a power of two.
 * @internal shared by the scale-free statistics (Moran, Gini, Dagum, coupling).
 */
export function scaleByPowerOfTwo(a: Float64Array, k: number): void {
  while (k !== 0) {
    const s = k > 1023 ? 1023 : k < -1074 ? -1074 : k;
    const f = 2 ** s;
    for (let i = 0; i < a.length; i++) a[i] *= f;
    k -= s;
  }
}

/**
 * The exponent e with `2^e <= max |a_i| < 2^(e+1)` (0 when every a_i is 0): dividing by 2^e
 * brings the largest magnitude into [1, 2).
 * @internal
 */
export function magnitudeExponent(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m > 0 ? exponentOf(m) : 0;
}

/**
 * Checks values against weights: same length as `w.ids` (they are in that order), finite, at least
 * `minUnits` units and not constant. Returns, in the canonical (id-sorted) order of
 * {@link canonicalWeights}, the deviations from the mean `z = y - mean(y)` rescaled by a power of
 * two so that `max |z|` lies in [1, 2) (the statistics built on them are scale-free, and the
 * rescaling is exact: no overflow at 1e300, no underflow at 1e-300), and `sum z^2`. Sums run in the
 * canonical order, so the result does not depend on the order of the units.
 * @internal shared by moran and localMoran; not part of the documented API.
 */
export function spatialDeviations(
  values: ArrayLike<number>,
  w: SpatialWeights,
  what: string,
  minUnits: number,
): { z: Float64Array; zz: number; canon: CanonicalWeights } {
  if (!w || typeof w.n !== "number" || !w.offsets) {
    throw new SpatialInputError(`${what}: the second argument must be SpatialWeights (see weightsFromPairs)`);
  }
  if (values === null || values === undefined || typeof values.length !== "number") {
    throw new SpatialInputError(`${what}: values must be an array of numbers`);
  }
  const n = values.length;
  if (n !== w.n) {
    throw new SpatialInputError(
      `${what}: ${n} values but the weights have ${w.n} units; values must be given in the order of w.ids ` +
        `(match them by id first)`,
    );
  }
  if (n < minUnits) throw new SpatialInputError(`${what}: ${n} units, need at least ${minUnits}`);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new SpatialInputError(`${what}: value at index ${i} (id "${w.ids[i]}") is ${String(v)}, not a finite number`);
    }
  }
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (values[i] !== values[0]) constant = false;
  if (constant) {
    throw new SpatialInputError(`${what}: the variable is constant (all ${n} values equal ${values[0]}); Moran's I is undefined`);
  }
  const canon = canonicalWeights(w);
  const { order } = canon;
  // values in canonical order, scaled into [1, 2) by a power of two (exact): the sum cannot overflow
  const z = new Float64Array(n);
  for (let a = 0; a < n; a++) z[a] = values[order[a]];
  scaleByPowerOfTwo(z, -magnitudeExponent(z));
  let sum = 0;
  for (let a = 0; a < n; a++) sum += z[a];
  const mean = sum / n;
  for (let a = 0; a < n; a++) z[a] -= mean;
  // deviations scaled into [1, 2) (exact): z^2 and z^4 can neither overflow nor underflow
  scaleByPowerOfTwo(z, -magnitudeExponent(z));
  let zz = 0;
  for (let a = 0; a < n; a++) zz += z[a] * z[a];
  if (!(zz > 0)) {
    // unreachable for values that are not all equal; kept as a guard against a NaN travelling on
    throw new SpatialInputError(`${what}: the variable is constant up to rounding; Moran's I is undefined`);
  }
  return { z, zz, canon };
}

/**
 * A numeric option given as a number or a numeric string (`"0.05"`, `"999"`, as `process.env`
 * delivers numbers): the number; any other value unchanged (the caller's check then rejects it and
 * names it with {@link describeOption}).
 * @internal shared by moran and localMoran.
 */
export function numericOption(v: unknown): unknown {
  if (typeof v === "string" && /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return v;
}

/**
 * How a bad option value is shown in a message: `7.5`, `the string "seven"`.
 * @internal shared by moran and localMoran.
 */
export function describeOption(v: unknown): string {
  return typeof v === "string" ? `the string ${JSON.stringify(v)}` : String(v);
}

/** The permutation options of moran and localMoran, checked and converted. */
export interface PermutationSettings {
  permutations: number;
  seed: number;
  alternative: Alternative;
  ties: TieRule;
}

/**
 * Checks the permutation options shared with localMoran: numeric strings are converted; returns
 * the values to use.
 * @internal exported for localMoran; not part of the documented API.
 */
export function checkPermutationOptions(
  what: string,
  permutations: unknown,
  seed: unknown,
  alternative: unknown,
  ties: unknown = "both",
): PermutationSettings {
  const R = numericOption(permutations);
  if (typeof R !== "number" || !Number.isInteger(R) || R < 0) {
    throw new SpatialInputError(`${what}: permutations must be a non-negative integer, got ${describeOption(permutations)}`);
  }
  if (R > MAX_PERMUTATIONS) {
    throw new SpatialInputError(
      `${what}: permutations must be at most ${MAX_PERMUTATIONS.toLocaleString("en")} (a p-value resolution of 1e-7), ` +
        `got ${R.toLocaleString("en")}`,
    );
  }
  const s = numericOption(seed);
  if (typeof s !== "number" || !Number.isInteger(s)) {
    throw new SpatialInputError(`${what}: seed must be an integer, got ${describeOption(seed)}`);
  }
  if (alternative !== "two-sided" && alternative !== "greater" && alternative !== "less") {
    throw new SpatialInputError(`${what}: alternative must be "two-sided", "greater" or "less", got ${describeOption(alternative)}`);
  }
  if (ties !== "both" && ties !== "mid" && ties !== "esda") {
    throw new SpatialInputError(`${what}: ties must be "both", "mid" or "esda", got ${describeOption(ties)}`);
  }
  return { permutations: R, seed: s, alternative, ties };
}

/**
 * Pseudo p-value from the R permuted statistics, counted as `gt` above the observed one, `eq` tying
 * it and `lt` below (R = gt + eq + lt). The tying ones count, by `ties`:
 * - `"both"` (default): on both sides, `upper = gt + eq`, `lower = lt + eq`;
 * - `"mid"`: half on each side, `upper = gt + eq/2`, `lower = lt + eq/2`;
 * - `"esda"`: as esda and GeoDa, `upper = gt + eq`, `lower = lt` in the two-sided fold, and
 *   `lt + eq` for `"less"`.
 * Then `greater` = `(upper + 1) / (R + 1)`, `less` = `(lower + 1) / (R + 1)`, two-sided (folded, as
 * esda's `p_sim`) = `(min(upper, lower) + 1) / (R + 1)`. The + 1 is the observed statistic itself.
 * Without ties the three rules agree.
 * @internal shared by moran and localMoran.
 *
 * @example
 * // obs above 990 of 999 permuted statistics, below 9, no tie
 * permutationPValue(9, 0, 990, "two-sided");          // 0.01 ((9 + 1) / 1000)
 * // obs the smallest value the permutations reach, tied by 491 of them
 * permutationPValue(508, 491, 0, "two-sided");        // 0.492 ((0 + 491 + 1) / 1000)
 * permutationPValue(508, 491, 0, "two-sided", "mid");  // 0.2465 ((245.5 + 1) / 1000)
 * permutationPValue(508, 491, 0, "two-sided", "esda"); // 0.001 ((min(999, 0) + 1) / 1000)
 */
export function permutationPValue(
  gt: number,
  eq: number,
  lt: number,
  alternative: Alternative,
  ties: TieRule = "both",
): number {
  const R = gt + eq + lt;
  const half = ties === "mid" ? eq / 2 : eq;
  const upper = gt + half;
  const lower = lt + half;
  if (alternative === "greater") return (upper + 1) / (R + 1);
  if (alternative === "less") return (lower + 1) / (R + 1);
  if (ties === "esda") {
    // esda: larger = #{sim >= obs}; folded with R - larger = #{sim < obs}
    const larger = gt + eq;
    return ((lt < larger ? lt : larger) + 1) / (R + 1);
  }
  return ((lower < upper ? lower : upper) + 1) / (R + 1);
}

/** `z' W z` from the link list. */
function crossProduct(z: Float64Array, li: Int32Array, lj: Int32Array, lc: Float64Array): number {
  // four accumulators: breaks the chain of dependent additions (about twice as fast)
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const m = li.length;
  const m4 = m - (m % 4);
  let e = 0;
  for (; e < m4; e += 4) {
    s0 += lc[e] * z[li[e]] * z[lj[e]];
    s1 += lc[e + 1] * z[li[e + 1]] * z[lj[e + 1]];
    s2 += lc[e + 2] * z[li[e + 2]] * z[lj[e + 2]];
    s3 += lc[e + 3] * z[li[e + 3]] * z[lj[e + 3]];
  }
  for (; e < m; e++) s0 += lc[e] * z[li[e]] * z[lj[e]];
  return s0 + s1 + (s2 + s3);
}

/**
 * Global Moran's I: `I = (n / S0) (z' W z) / (z' z)`, z = y - mean(y), with
 * - `EI = -1 / (n - 1)`;
 * - `VI_norm = (n^2 S1 - n S2 + 3 S0^2) / (S0^2 (n^2 - 1)) - EI^2`;
 * - `VI_rand = [n((n^2 - 3n + 3) S1 - n S2 + 3 S0^2) - K(n(n - 1) S1 - 2n S2 + 6 S0^2)]
 *    / ((n - 1)(n - 2)(n - 3) S0^2) - EI^2` with kurtosis `K = N sum z^4 / (sum z^2)^2` over all N units
 *   (Cliff and Ord 1981; exactly spdep `moran.test` and esda `Moran`);
 * - `z_* = (I - EI) / sqrt(VI_*)` and normal p-values: two-sided `P(|Z| >= |z|)` by default (as
 *   spdep `alternative = "two.sided"`; esda's `p_norm`/`p_rand` are two-sided too), `greater` =
 *   `P(Z >= z)`, `less` = `P(Z <= z)`.
 *
 * Scale: every output is scale-free, and computed so: y is divided by a power of two (exact) before
 * the mean is taken, and z again so that max |z| lies in [1, 2); y times 1e300 or 1e-300 gives the
 * same I, variances, z-scores and p-values as y.
 *
 * Permutation inference: R random permutations of all values (Fisher-Yates with the seeded
 * xoshiro128** generator of random.ts), `I` recomputed for each (`sim`). The permutations act on
 * the units sorted by id (not on the order of `values`), and every sum runs in that order: the
 * result depends on the seed, the ids, the weights and each id's value, never on the order of the
 * rows. A permuted I ties the observed one when `|I_sim - I| <= 1e-12 S`, where
 * `S = (n / S0) max_i (sum_j w_ij + sum_j w_ji) / 2` bounds |I| for every arrangement of the values
 * (Gershgorin); `ties_sim` counts them. Pseudo p-value (see `permutationPValue`), with
 * `gt`, `eq`, `lt` the permuted statistics above, tying and below I: `ties: "both"` (default)
 * counts a tie on both sides, two-sided (folded, as esda's `p_sim`)
 * `(min(gt + eq, lt + eq) + 1) / (R + 1)`, `greater` `(gt + eq + 1) / (R + 1)`, `less`
 * `(lt + eq + 1) / (R + 1)`; `"mid"` counts half a tie on each side; `"esda"` folds as esda and
 * GeoDa, `(min(gt + eq, lt) + 1) / (R + 1)`, which reports 1/(R + 1) when I is the smallest value
 * the permutations reach even if half of them reach it. Without ties the three agree. (spdep
 * `moran.mc` counts strictly greater and prints 1/(R+1) less.) `EI_sim`, `seI_sim` (ddof 0),
 * `z_sim = (I - EI_sim) / seI_sim` as esda.
 *
 * Cost: `permutations` at most {@link MAX_PERMUTATIONS}; `elapsed_ms` and `memory_bytes` say what
 * the call spent (`sim` holds 8 bytes per permutation).
 *
 * Islands: by default dropped from n (spdep `adjust.n = TRUE`, GeoDa): n in `n / S0`, `EI` and the
 * variances counts only units with neighbours; mean, `z'z` and K use all values, as spdep. With
 * `islands: "keep"` n counts every unit (esda).
 *
 * `values` are in the order of `w.ids` (matching by id belongs to the DataFrame layer). Numeric
 * options may be numeric strings (`"999"`, as `process.env` gives them).
 *
 * Errors (SpatialInputError): values length differs from `w.n` (both counts named), a NaN or
 * infinite value (index and id named), fewer than 4 units (the randomisation variance divides by
 * (n - 1)(n - 2)(n - 3)), a constant variable, all units islands, bad options (a non-integer or
 * negative number of permutations, more than {@link MAX_PERMUTATIONS}, a non-integer seed, an
 * unknown alternative, tie rule or island rule).
 *
 * @example
 * // 3x3 rook lattice, y = 1..9 row by row (esda's test; test/golden/moran-lattice-3x3.json)
 * const w = weightsFromNeighbors(["1","2","3","4","5","6","7","8","9"],
 *   [[1, 3], [0, 2, 4], [1, 5], [0, 4, 6], [1, 3, 5, 7], [2, 4, 8], [3, 7], [4, 6, 8], [5, 7]]);
 * const m = moran([1, 2, 3, 4, 5, 6, 7, 8, 9], w);
 * m.I;      // 0.5555555555555556
 * m.EI;     // -0.125
 * m.z_rand; // 2.676437040844754
 * m.p_rand; // 0.007440954452016195 (two-sided)
 * m.p_sim;  // a multiple of 1/1000, seeded: the same on every run and in any order of the units
 *
 * // ties: a path of 4 units, one high value; I = -0.5 whenever the high value is inside the path
 * // (half of all arrangements), -1/6 at an end: -0.5 is the smallest I the permutations reach
 * const path = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * const t = moran([0, 10, 0, 0], path);
 * t.I;        // -0.5
 * t.ties_sim; // 491 of the 999 permutations tie it (about half)
 * t.p_sim;    // 0.492 = (491 + 1) / 1000: no evidence (esda and GeoDa print 0.001)
 * moran([0, 10, 0, 0], path, { ties: "esda" }).p_sim; // 0.001
 */
export function moran(values: ArrayLike<number>, w: SpatialWeights, options: MoranOptions = {}): MoranResult {
  const t0 = performance.now();
  const { permutations, seed, alternative, ties } = checkPermutationOptions(
    "moran",
    options.permutations ?? 999,
    options.seed ?? DEFAULT_SEED,
    options.alternative ?? "two-sided",
    options.ties ?? "both",
  );
  const islands = options.islands ?? "drop";
  if (islands !== "drop" && islands !== "keep") {
    throw new SpatialInputError(`moran: islands must be "drop" or "keep", got ${describeOption(islands)}`);
  }
  const { z, zz, canon } = spatialDeviations(values, w, "moran", 4);
  const N = w.n;
  const n = islands === "drop" ? N - w.islandIndices.length : N;
  if (w.islandIndices.length === N) throw new SpatialInputError("moran: every unit is an island (no neighbours at all)");
  if (n < 4) {
    throw new SpatialInputError(`moran: ${n} units with neighbours, need at least 4 (the randomisation variance divides by (n-1)(n-2)(n-3))`);
  }
  // the Cliff-Ord constants summed in canonical order (w.s0, w.s1, w.s2 up to rounding)
  const { slotOf, li, lj, lc, s0: S0, s1: S1, s2: S2 } = canon;
  const scale = n / (S0 * zz);
  // z in the computation order of the link list (breadth-first: memory read in order)
  const zc = new Float64Array(N);
  let inOrder = true; // the computation order is the canonical one: no gather needed
  for (let c = 0; c < N; c++) {
    zc[c] = z[slotOf[c]];
    if (slotOf[c] !== c) inOrder = false;
  }
  const I = scale * crossProduct(zc, li, lj, lc);
  const EI = -1 / (n - 1);
  let z4 = 0;
  for (let i = 0; i < N; i++) z4 += z[i] * z[i] * z[i] * z[i];
  const K = (N * z4) / (zz * zz);
  const S02 = S0 * S0;
  const nn = n * n;
  const VI_norm = (nn * S1 - n * S2 + 3 * S02) / (S02 * (nn - 1)) - EI * EI;
  const VI_rand =
    (n * ((nn - 3 * n + 3) * S1 - n * S2 + 3 * S02) - K * ((nn - n) * S1 - 2 * n * S2 + 6 * S02)) /
      ((n - 1) * (n - 2) * (n - 3) * S02) -
    EI * EI;
  const seI_norm = Math.sqrt(VI_norm);
  const seI_rand = Math.sqrt(VI_rand);
  const z_norm = (I - EI) / seI_norm;
  const z_rand = (I - EI) / seI_rand;

  let sim: Float64Array | null = null;
  let p_sim: number | null = null;
  let ties_sim: number | null = null;
  let EI_sim: number | null = null;
  let seI_sim: number | null = null;
  let VI_sim: number | null = null;
  let z_sim: number | null = null;
  let memory = 8 * (3 * N + 2 * lj.length) + 4 * (6 * N + 2 * lj.length);
  if (permutations > 0) {
    const R = permutations;
    sim = new Float64Array(R);
    memory += 8 * R + 8 * N;
    const rng = createRandom(seed);
    // the permutations act on the values in canonical (id) order; each permuted vector is gathered
    // into the computation order before the cross product
    const zp = Float64Array.from(z);
    // ties: within 1e-12 of the largest |I| any arrangement can give
    const tol = TIE_TOLERANCE * (n / S0) * canon.halfDegree;
    const upperBand = I + tol;
    const lowerBand = I - tol;
    let gt = 0;
    let lt = 0;
    let sum = 0;
    for (let r = 0; r < R; r++) {
      // Fisher-Yates of the current order: uniform whatever the starting permutation
      rng.shuffle(zp);
      if (!inOrder) for (let c = 0; c < N; c++) zc[c] = zp[slotOf[c]];
      const Is = scale * crossProduct(inOrder ? zp : zc, li, lj, lc);
      sim[r] = Is;
      sum += Is;
      if (Is > upperBand) gt++;
      else if (Is < lowerBand) lt++;
    }
    ties_sim = R - gt - lt;
    p_sim = permutationPValue(gt, ties_sim, lt, alternative, ties);
    EI_sim = sum / R;
    let ss = 0;
    for (let r = 0; r < R; r++) ss += (sim[r] - EI_sim) * (sim[r] - EI_sim);
    VI_sim = ss / R;
    seI_sim = Math.sqrt(VI_sim);
    z_sim = (I - EI_sim) / seI_sim;
  }
  return {
    I,
    EI,
    VI_norm,
    seI_norm,
    z_norm,
    p_norm: normalPValue(z_norm, alternative),
    VI_rand,
    seI_rand,
    z_rand,
    p_rand: normalPValue(z_rand, alternative),
    sim,
    p_sim,
    ties_sim,
    EI_sim,
    seI_sim,
    VI_sim,
    z_sim,
    n,
    nUnits: N,
    islandIds: [...w.islands],
    style: w.style,
    s0: S0,
    s1: S1,
    s2: S2,
    permutations,
    seed,
    alternative,
    ties,
    islands,
    elapsed_ms: performance.now() - t0,
    memory_bytes: memory,
  };
}
