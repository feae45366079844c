/**
 * Global Moran's I with analytic (normality, randomisation) and permutation inference
 * (paper 2, Figure 2; METHODS.md section 6).
 */
import { normalPValue } from "./normal";
import { createRandom, DEFAULT_SEED } from "./random";
import { SpatialInputError, SpatialWeights } from "./weights";

/** Alternative hypothesis: two-sided (default), or one-sided `greater` (clustering) / `less`. */
export type Alternative = "two-sided" | "greater" | "less";

/** Options of {@link moran}. */
export interface MoranOptions {
  /** Number of random permutations (default 999; 0 = no permutation inference). */
  permutations?: number;
  /** Seed of the permutations (default DEFAULT_SEED from random.ts). */
  seed?: number;
  /** `"two-sided"` (default), `"greater"` or `"less"`: applies to the analytic and permutation p-values. */
  alternative?: Alternative;
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
  /** Echo of the options actually used. */
  permutations: number;
  seed: number;
  alternative: Alternative;
  islands: "drop" | "keep";
}

/**
 * Checks values against weights: same length as `w.ids` (they are in that order), finite, at least
 * `minUnits` units and not constant. Returns deviations from the mean `z = y - mean(y)` and
 * `sum z^2`. Shared by {@link moran} and `localMoran`.
 * @internal exported for localMoran; not part of the documented API.
 */
export function spatialDeviations(
  values: ArrayLike<number>,
  w: SpatialWeights,
  what: string,
  minUnits: number,
): { z: Float64Array; zz: number } {
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
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new SpatialInputError(`${what}: value at index ${i} (id "${w.ids[i]}") is ${String(v)}, not a finite number`);
    }
    sum += v;
  }
  const mean = sum / n;
  const z = new Float64Array(n);
  let zz = 0;
  for (let i = 0; i < n; i++) {
    z[i] = values[i] - mean;
    zz += z[i] * z[i];
  }
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (values[i] !== values[0]) constant = false;
  if (constant || !(zz > 0)) {
    throw new SpatialInputError(`${what}: the variable is constant (all ${n} values equal ${values[0]}); Moran's I is undefined`);
  }
  return { z, zz };
}

/**
 * Checks the permutation options shared with localMoran.
 * @internal exported for localMoran; not part of the documented API.
 */
export function checkPermutationOptions(
  what: string,
  permutations: unknown,
  seed: unknown,
  alternative: unknown,
): void {
  if (typeof permutations !== "number" || !Number.isInteger(permutations) || permutations < 0) {
    throw new SpatialInputError(`${what}: permutations must be a non-negative integer, got ${String(permutations)}`);
  }
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new SpatialInputError(`${what}: seed must be an integer, got ${String(seed)}`);
  }
  if (alternative !== "two-sided" && alternative !== "greater" && alternative !== "less") {
    throw new SpatialInputError(`${what}: alternative must be "two-sided", "greater" or "less", got ${String(alternative)}`);
  }
}

/**
 * Pseudo p-value from the counts of simulated statistics `ge = #{sim >= obs}` and
 * `le = #{sim <= obs}` among R: two-sided folded `(min(ge, R - ge) + 1) / (R + 1)` (esda, GeoDa),
 * `greater` `(ge + 1) / (R + 1)`, `less` `(le + 1) / (R + 1)`.
 * @internal shared by moran and localMoran.
 *
 * @example
 * permutationPValue(990, 10, 999, "two-sided"); // 0.01 ((999 - 990 + 1) / 1000)
 * permutationPValue(990, 10, 999, "greater");   // 0.991
 */
export function permutationPValue(ge: number, le: number, R: number, alternative: Alternative): number {
  if (alternative === "greater") return (ge + 1) / (R + 1);
  if (alternative === "less") return (le + 1) / (R + 1);
  const larger = R - ge < ge ? R - ge : ge;
  return (larger + 1) / (R + 1);
}

/**
 * The links of w once each (i < j) with coefficient `w_ij + w_ji`, so that
 * `z' W z = sum over links of c_ij z_i z_j`: half the work of the CSR product in the permutation loop.
 */
function linkList(w: SpatialWeights): { li: Int32Array; lj: Int32Array; lc: Float64Array } {
  const { offsets, indices, values, n } = w;
  const m = w.nLinks;
  const li = new Int32Array(m);
  const lj = new Int32Array(m);
  const lc = new Float64Array(m);
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let q = offsets[i]; q < offsets[i + 1]; q++) {
      const j = indices[q];
      if (j <= i) continue;
      // w_ji: find i in j's row (rows are sorted)
      let lo = offsets[j];
      let hi = offsets[j + 1] - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (indices[mid] < i) lo = mid + 1;
        else hi = mid;
      }
      li[e] = i;
      lj[e] = j;
      lc[e] = values[q] + values[lo];
      e++;
    }
  }
  return { li, lj, lc };
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
 * Permutation inference: R random permutations of all values (Fisher-Yates with the seeded
 * xoshiro128** generator of random.ts), `I` recomputed for each (`sim`). Pseudo p-value, with
 * `ge = #{sim >= I}`: two-sided (default) folded as esda's `p_sim` and GeoDa print it,
 * `(min(ge, R - ge) + 1) / (R + 1)`; `greater`: `(ge + 1) / (R + 1)`; `less`:
 * `(#{sim <= I} + 1) / (R + 1)`. (spdep `moran.mc` counts strictly greater and prints 1/(R+1) less.)
 * `EI_sim`, `seI_sim` (ddof 0), `z_sim = (I - EI_sim) / seI_sim` as esda.
 *
 * Islands: by default dropped from n (spdep `adjust.n = TRUE`, GeoDa): n in `n / S0`, `EI` and the
 * variances counts only units with neighbours; mean, `z'z` and K use all values, as spdep. With
 * `islands: "keep"` n counts every unit (esda).
 *
 * `values` are in the order of `w.ids` (matching by id belongs to the DataFrame layer).
 *
 * Errors (SpatialInputError): values length differs from `w.n` (both counts named), a NaN or
 * infinite value (index and id named), fewer than 4 units (the randomisation variance divides by
 * (n - 1)(n - 2)(n - 3)), a constant variable, all units islands, bad options.
 *
 * @example
 * // 3x3 rook lattice, y = 1..9 row by row (esda's test; test/golden/moran-lattice-3x3.json)
 * const w = weightsFromNeighbors(["1","2","3","4","5","6","7","8","9"],
 *   [[1, 3], [0, 2, 4], [1, 5], [0, 4, 6], [1, 3, 5, 7], [2, 4, 8], [3, 7], [4, 6, 8], [5, 7]]);
 * const m = moran([1, 2, 3, 4, 5, 6, 7, 8, 9], w);
 * m.I;      // 0.5555555555555556
 * m.EI;     // -0.125
 * m.z_rand; // 2.676437040844754
 * m.p_rand; // 0.00744095445201619 (two-sided)
 * m.p_sim;  // a multiple of 1/1000, seeded: the same on every run
 */
export function moran(values: ArrayLike<number>, w: SpatialWeights, options: MoranOptions = {}): MoranResult {
  const permutations = options.permutations ?? 999;
  const seed = options.seed ?? DEFAULT_SEED;
  const alternative = options.alternative ?? "two-sided";
  const islands = options.islands ?? "drop";
  checkPermutationOptions("moran", permutations, seed, alternative);
  if (islands !== "drop" && islands !== "keep") {
    throw new SpatialInputError(`moran: islands must be "drop" or "keep", got ${String(islands)}`);
  }
  const { z, zz } = spatialDeviations(values, w, "moran", 4);
  const N = w.n;
  const n = islands === "drop" ? N - w.islandIndices.length : N;
  if (w.islandIndices.length === N) throw new SpatialInputError("moran: every unit is an island (no neighbours at all)");
  if (n < 4) {
    throw new SpatialInputError(`moran: ${n} units with neighbours, need at least 4 (the randomisation variance divides by (n-1)(n-2)(n-3))`);
  }
  const { s0: S0, s1: S1, s2: S2 } = w;
  const { li, lj, lc } = linkList(w);
  const scale = n / (S0 * zz);
  const I = scale * crossProduct(z, li, lj, lc);
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
  let EI_sim: number | null = null;
  let seI_sim: number | null = null;
  let VI_sim: number | null = null;
  let z_sim: number | null = null;
  if (permutations > 0) {
    const R = permutations;
    sim = new Float64Array(R);
    const rng = createRandom(seed);
    const zp = Float64Array.from(z);
    let ge = 0;
    let le = 0;
    let sum = 0;
    for (let r = 0; r < R; r++) {
      // Fisher-Yates of the current order: uniform whatever the starting permutation
      rng.shuffle(zp);
      const Is = scale * crossProduct(zp, li, lj, lc);
      sim[r] = Is;
      sum += Is;
      if (Is >= I) ge++;
      if (Is <= I) le++;
    }
    p_sim = permutationPValue(ge, le, R, alternative);
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
    islands,
  };
}
