/**
 * Spatial Markov chain (Rey 2001): class transitions conditioned on the class of the spatial lag,
 * with the chi-square and Bickenbach-Bode homogeneity tests (giddy `Spatial_Markov(fixed=True)`;
 * docs/METHODS.md section 13).
 */
import { chiSquareSf } from "./distributions";
import { chainFromCounts, classesOf, ClassClosed, MarkovInputError, readMatrix } from "./markov";
import { SpatialWeights } from "./weights";

/** Options of {@link spatialMarkov}. */
export interface SpatialMarkovOptions {
  /** Pooled quantile classes of the values (default 4); ignored when `cutoffs` is given. */
  k?: number;
  /** Pooled quantile classes of the spatial lags (default 4); ignored when `lagCutoffs` is given. */
  m?: number;
  /** Fixed inner edges of the value classes (k = cutoffs.length + 1); override `k`. */
  cutoffs?: readonly number[];
  /** Fixed inner edges of the lag classes (m = lagCutoffs.length + 1); override `m`. */
  lagCutoffs?: readonly number[];
  /** Interval convention for both classifications: `"right"` (default, giddy) or `"left"`; see `classify`. */
  closed?: ClassClosed;
}

/** A chi-square test: statistic, degrees of freedom and upper-tail p-value (null when dof = 0). */
export interface ChiSquareTest {
  statistic: number;
  dof: number;
  p_value: number | null;
}

/** Bickenbach-Bode homogeneity tests of the m conditional matrices against the pooled one. */
export interface HomogeneityTests {
  /** Pearson-type statistic `Q = sum_l sum_i n_il sum_j (p_ijl - p_ij)^2 / p_ij` (over p_ij > 0). */
  Q: number;
  /** Likelihood ratio `LR = 2 sum_l sum_ij n_ijl ln(p_ijl / p_ij)` (over n_ijl > 0). */
  LR: number;
  /** `sum_i (b_i - 1)(A_i - 1)` over rows i with transitions (see spatialMarkov). */
  dof: number;
  Q_p_value: number | null;
  LR_p_value: number | null;
}

/** Result of {@link spatialMarkov} (giddy names). */
export interface SpatialMarkovResult {
  /** Number of value classes and of lag classes. */
  k: number;
  m: number;
  /** Inner edges of the value classes (k - 1) and of the lag classes (m - 1). */
  cutoffs: number[];
  lag_cutoffs: number[];
  /** Value classes and lag classes, units x times, 0-based. */
  class_ids: number[][];
  lag_class_ids: number[][];
  /** Spatial lag `sum_j w_ij y_jt` with row-standardised weights (the neighbours' mean), units x times. */
  lag: number[][];
  /** The a-spatial chain: pooled counts, probabilities, steady state and passage times. */
  transitions: number[][];
  p: number[][];
  s: number[] | number[][];
  f: number[][];
  /** `T[l][i][j]`: transitions i -> j of units whose lag was in class l in the start year. */
  T: number[][][];
  /** `P[l]`: `T[l]` row-normalised; rows without transitions stay zero. */
  P: number[][][];
  /** `empty_rows[l]`: the zero rows of `P[l]`. */
  empty_rows: number[][];
  /** `P[l]` with 1 on the diagonal of its empty rows. */
  P_filled: number[][][];
  /** Steady state of each `P_filled[l]` (a vector, or a list of vectors when it has several recurrent classes). */
  S: (number[] | number[][])[];
  /** Mean first passage times of each `P_filled[l]` (`Infinity` where not reached surely). */
  F: number[][][];
  /** Per lag class, the chi-square test of `T[l]` against the pooled probabilities. */
  chi2: ChiSquareTest[];
  /** Sum of the m chi-square statistics, its dof `k (k - 1)^2` and p-value (giddy). */
  x2: number;
  x2_dof: number;
  x2_pvalue: number;
  /** Bickenbach-Bode Q and LR tests with their own dof. */
  homogeneity: HomogeneityTests;
}

function table(m: number, k: number): number[][][] {
  return Array.from({ length: m }, () => Array.from({ length: k }, () => new Array<number>(k).fill(0)));
}

function sf(x: number, dof: number): number | null {
  return dof > 0 ? chiSquareSf(x, dof) : null;
}

/** giddy `chi2(T1, T2)`: observed T1 against expected (row sums of T1) x (row-normalised T2). */
function chi2Test(T1: number[][], T2: number[][]): ChiSquareTest {
  const k = T1.length;
  let r1 = 0;
  let r2 = 0;
  let stat = 0;
  for (let i = 0; i < k; i++) {
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < k; j++) {
      s1 += T1[i][j];
      s2 += T2[i][j];
    }
    if (s1 > 0) r1++;
    if (s2 > 0) r2++;
    for (let j = 0; j < k; j++) {
      const E = s2 > 0 ? (s1 * T2[i][j]) / s2 : 0;
      const d = T1[i][j] - E;
      stat += (d * d) / (E === 0 ? 1 : E);
    }
  }
  const dof = (r1 - 1) * (r2 - 1);
  return { statistic: stat, dof, p_value: sf(stat, dof) };
}

/** Bickenbach and Bode (2003) Q and LR tests over the conditional count matrices. */
function homogeneityTests(Ts: number[][][], pooled: number[][]): HomogeneityTests {
  const k = pooled.length;
  const n_i = pooled.map((r) => r.reduce((a, b) => a + b, 0));
  const pij = pooled.map((r, i) => r.map((c) => (n_i[i] > 0 ? c / n_i[i] : 0)));
  let Q = 0;
  let LR = 0;
  const b = new Array<number>(k).fill(0);
  for (const T of Ts) {
    for (let i = 0; i < k; i++) {
      let nil = 0;
      for (let j = 0; j < k; j++) nil += T[i][j];
      if (nil === 0) continue;
      b[i]++;
      for (let j = 0; j < k; j++) {
        const p = pij[i][j];
        if (p === 0) continue; // then T[i][j] = 0 too
        const pl = T[i][j] / nil;
        Q += (nil * (pl - p) * (pl - p)) / p;
        if (T[i][j] > 0) LR += T[i][j] * Math.log(pl / p);
      }
    }
  }
  LR *= 2;
  let dof = 0;
  for (let i = 0; i < k; i++) {
    if (b[i] === 0) continue; // a class with no transitions at all tests nothing
    let A = 0;
    for (let j = 0; j < k; j++) if (pooled[i][j] > 0) A++;
    dof += (b[i] - 1) * (A - 1);
  }
  return { Q, LR, dof, Q_p_value: sf(Q, dof), LR_p_value: sf(LR, dof) };
}

function isWeights(w: unknown): w is SpatialWeights {
  return (
    !!w &&
    typeof w === "object" &&
    typeof (w as SpatialWeights).n === "number" &&
    (w as SpatialWeights).offsets instanceof Int32Array &&
    typeof (w as SpatialWeights).transform === "function"
  );
}

/**
 * Spatial Markov chain of a panel: each unit's transition from year t to t + 1 is counted in the
 * matrix of its spatial lag's class in year t (Rey 2001; giddy `Spatial_Markov(y, w, k, m,
 * fixed=True, cutoffs, lag_cutoffs)`).
 *
 * - Lag: `lag_it = sum_j w_ij y_jt` with the row-standardised weights (`weights.transform("W")`:
 *   the mean of the neighbours' values in the same year), every year including the last.
 * - Classes: values and lags are classified separately, each pooled over all n x t cells
 *   (pooled type-7 quantiles into `k` / `m` classes, or fixed `cutoffs` / `lagCutoffs`, which
 *   override k / m: three cutoffs mean four classes), right-closed by default; see `classify`.
 *   The last year's lags enter the lag quantiles although they condition no transition (giddy).
 * - Counts `T[l]` beside probabilities `P[l]` (empty rows stay zero and are listed; `P_filled`
 *   fills them with 1 on the diagonal), steady states `S[l]` and passage times `F[l]` from
 *   `P_filled[l]` (as `markov`). The a-spatial chain (`transitions`, `p`, `s`, `f`) is the sum over l.
 * - Chi-square per lag class (giddy `chi2(T[l], transitions)`): `E_ij = n_il p_ij` with the pooled
 *   `p`, cells with E = 0 divided by 1, `dof = (rows of T[l] with transitions - 1) x (rows of the
 *   pooled matrix with transitions - 1)`. `x2` = sum of the m statistics with giddy's
 *   `x2_dof = k (k - 1)^2` (k, not m).
 * - Homogeneity (Bickenbach and Bode 2003): Q and LR as in {@link HomogeneityTests}, with
 *   `dof = sum_i (b_i - 1)(A_i - 1)`, b_i = number of lag classes whose row i has transitions,
 *   A_i = number of positive entries in row i of the pooled matrix. A class with no transitions at
 *   all adds nothing (giddy's formula would add (0 - 1)(0 - 1) = 1 for it; the golden cases have no
 *   such class).
 * - p-values are upper tails of the chi-square distribution (`chiSquareSf`); `null` when dof = 0.
 * - Ties: the lag is the continuous neighbour mean, so no categorical tie-breaking happens (giddy's
 *   `discrete=True` lag picks the most common neighbour class and breaks ties at random, giddy
 *   #215/#216: not offered here). Lags equal to each other always share a class, and a lag equal to a
 *   cutoff goes to the lower class (`closed: "right"`) or the upper (`"left"`), deterministically.
 *   The lag sums `w_ij y_jt` in ascending order of the neighbours' values, so its rounding, and
 *   hence its side of a cutoff it ties with, does not depend on how the units are numbered
 *   (libpysal sums in neighbour order: the two can differ in the last bit). Lags that are equal
 *   only mathematically (e.g. the mean of 0.1 and 0.3 vs the mean of 0.2 and 0.2) may still differ
 *   in the last bit, as in any floating-point code.
 *
 * Orientation: units x times. `values[i][t]` is unit i at time t: one array per unit, one column
 * per time. `values[i]` belongs to `weights.ids[i]`. A unit without neighbours has no lag: error.
 *
 * Errors (MarkovInputError): a ragged matrix, NaN or infinite values (row and column from 1),
 * fewer than 2 times, weights that are not SpatialWeights or whose n differs from the number of
 * rows, a unit without neighbours (id named), bad k / m / cutoffs (see `classify`).
 *
 * @example
 * // 4 units on a path 0-1-2-3, 3 years, cutoffs 0.5 for values and lags
 * // (test/golden/toolkit/spatial-markov.json "hand-path4")
 * const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
 * const r = spatialMarkov([[0.2, 0.6, 0.7], [0.4, 0.3, 0.8], [0.6, 0.7, 0.2], [0.9, 0.8, 0.6]], w,
 *   { cutoffs: [0.5], lagCutoffs: [0.5] });
 * r.lag[1];          // [0.4, 0.6499999999999999, 0.44999999999999996]: means of units a and c
 * r.T;               // [[[1, 1], [0, 1]], [[0, 1], [1, 3]]]
 * r.x2;              // 1.0625 (0.5 + 0.5625), x2_dof 2
 * r.homogeneity.Q;   // 1.0625, dof 2, Q_p_value 0.58787 (= e^(-Q/2) with 2 dof)
 * r.homogeneity.LR;  // 1.551839365960508
 */
export function spatialMarkov(
  values: readonly (readonly number[])[],
  weights: SpatialWeights,
  options: SpatialMarkovOptions = {},
): SpatialMarkovResult {
  const what = "spatialMarkov";
  const { data, rows, cols } = readMatrix(values, what, "values", 2);
  if (!isWeights(weights)) {
    throw new MarkovInputError(`${what}: weights must be SpatialWeights (weightsFromNeighbors / weightsFromPairs)`);
  }
  if (weights.n !== rows) {
    throw new MarkovInputError(
      `${what}: values has ${rows} rows (units) but the weights have ${weights.n} units; ` +
        `row i must belong to weights.ids[i]`,
    );
  }
  const w = weights.style === "W" ? weights : weights.transform("W");
  for (let i = 0; i < rows; i++) {
    if (w.offsets[i + 1] === w.offsets[i]) {
      throw new MarkovInputError(
        `${what}: unit ${i + 1} (id "${w.ids[i]}") has no neighbours, so its spatial lag is undefined; ` +
          `link it (e.g. withLinks([["460000", "440000"]]) for Hainan) or leave it out`,
      );
    }
  }
  // lag, row-major units x times: w_ij y_jt summed in ascending order of y_jt, so that the
  // rounding (and a lag's side of a cutoff it ties with) depends on the neighbours' values only,
  // not on how the units are numbered
  const lag = new Float64Array(rows * cols);
  let buf = new Float64Array(16);
  for (let i = 0; i < rows; i++) {
    const q0 = w.offsets[i];
    const deg = w.offsets[i + 1] - q0;
    const wi = w.values[q0]; // row-standardised: 1 / deg for every neighbour
    if (buf.length < deg) buf = new Float64Array(deg);
    const nbv = buf.subarray(0, deg);
    for (let t = 0; t < cols; t++) {
      for (let q = 0; q < deg; q++) nbv[q] = data[w.indices[q0 + q] * cols + t];
      if (deg > 1) nbv.sort();
      let s = 0;
      for (let q = 0; q < deg; q++) s += wi * nbv[q];
      lag[i * cols + t] = s;
    }
  }
  const closed = options.closed ?? "right";
  const vc = classesOf(data, { k: options.k, cutoffs: options.cutoffs, closed }, what);
  const lc = classesOf(lag, { k: options.m, cutoffs: options.lagCutoffs, closed }, what, {
    k: "m",
    cutoffs: "lagCutoffs",
  });
  const k = vc.k;
  const m = lc.k;
  const T = table(m, k);
  const pooled: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t + 1 < cols; t++) {
      const a = vc.ids[i * cols + t];
      const b = vc.ids[i * cols + t + 1];
      T[lc.ids[i * cols + t]][a][b]++;
      pooled[a][b]++;
    }
  }
  const aspatial = chainFromCounts(pooled);
  const chains = T.map((Tl) => chainFromCounts(Tl));
  const chi2 = T.map((Tl) => chi2Test(Tl, pooled));
  const x2 = chi2.reduce((acc, c) => acc + c.statistic, 0);
  const x2_dof = k * (k - 1) * (k - 1);
  const toRows = (a: Float64Array | Int32Array) =>
    Array.from({ length: rows }, (_, i) => Array.from(a.subarray(i * cols, (i + 1) * cols)));
  return {
    k,
    m,
    cutoffs: vc.cutoffs,
    lag_cutoffs: lc.cutoffs,
    class_ids: toRows(vc.ids),
    lag_class_ids: toRows(lc.ids),
    lag: toRows(lag),
    transitions: pooled,
    p: aspatial.p,
    s: aspatial.steady_state,
    f: aspatial.mfpt,
    T,
    P: chains.map((c) => c.p),
    empty_rows: chains.map((c) => c.empty_rows),
    P_filled: chains.map((c) => c.p_filled),
    S: chains.map((c) => c.steady_state),
    F: chains.map((c) => c.mfpt),
    chi2,
    x2,
    x2_dof,
    x2_pvalue: chiSquareSf(x2, x2_dof),
    homogeneity: homogeneityTests(T, pooled),
  };
}
