/**
 * Local Moran's I (LISA) with conditional permutation inference and cluster labels
 * (paper 2, Figure 3 and Table 5; METHODS.md section 7).
 */
import {
  Alternative,
  checkPermutationOptions,
  describeOption,
  numericOption,
  permutationPValue,
  spatialDeviations,
  TIE_TOLERANCE,
  TieRule,
} from "./moran";
import { createRandom, DEFAULT_SEED } from "./random";
import { SpatialInputError, SpatialWeights } from "./weights";

/** Moran scatter plot quadrant: first letter from z_i, second from its lag. */
export type Quadrant = "HH" | "LH" | "LL" | "HL";
/** LISA cluster label: a quadrant when significant, "ns" when not, "isolated" for an island. */
export type LisaCluster = Quadrant | "ns" | "isolated";
/**
 * The LISA clusters with their names, in the legend order readers know from GeoDa (HH, LL, LH,
 * HL, not significant, isolated): the one place these names are defined; tables, legends and
 * hovers read them from here.
 */
export const LISA_CLUSTERS: ReadonlyArray<{ readonly code: LisaCluster; readonly zh: string; readonly en: string }> = Object.freeze([
  Object.freeze({ code: "HH" as LisaCluster, zh: "高-高", en: "High-High" }),
  Object.freeze({ code: "LL" as LisaCluster, zh: "低-低", en: "Low-Low" }),
  Object.freeze({ code: "LH" as LisaCluster, zh: "低-高", en: "Low-High" }),
  Object.freeze({ code: "HL" as LisaCluster, zh: "高-低", en: "High-Low" }),
  Object.freeze({ code: "ns" as LisaCluster, zh: "不显著", en: "Not significant" }),
  Object.freeze({ code: "isolated" as LisaCluster, zh: "孤立", en: "Isolated" }),
]);

/** Multiple-testing correction of the significance cut-off. */
export type LisaCorrection = "none" | "bonferroni" | "fdr";

/** Options of {@link localMoran}. */
export interface LocalMoranOptions {
  /**
   * Conditional permutations per unit (default 999; at least 1, at most MAX_PERMUTATIONS =
   * 10,000,000). A numeric string such as `"999"` (as read from `process.env`) is accepted.
   */
  permutations?: number | string;
  /** Seed (default DEFAULT_SEED from random.ts); an integer or a numeric string. */
  seed?: number | string;
  /** Significance level (default 0.05), in (0, 1); a number or a numeric string. */
  alpha?: number | string;
  /** `"none"` (default), `"bonferroni"` (alpha / m) or `"fdr"` (Benjamini-Hochberg, as GeoDa). */
  correction?: LisaCorrection;
  /** `"two-sided"` (default: folded p, as esda and GeoDa), `"greater"` or `"less"`. */
  alternative?: Alternative;
  /** How permuted statistics that tie the observed one count: `"both"` (default), `"mid"` or `"esda"`. */
  ties?: TieRule;
  /**
   * `false` (default): `I_i = (n - 1) z_i (W z)_i / sum z^2` (esda, GeoDa, spdep `mlvar = FALSE`);
   * `true`: spdep's default scaling `I_i = z_i (W z)_i / (sum z^2 / n)`, n/(n-1) times larger
   * (with `EI_cond` and `VI_cond` scaled to match; `z_cond` and `p_sim` do not change).
   */
  mlvar?: boolean;
}

/** Result of {@link localMoran}; arrays are in the order of `w.ids`. */
export interface LocalMoranResult {
  ids: string[];
  /**
   * Local Moran `I_i = (n - 1) z_i (W z)_i / sum z^2` (esda `Is`, GeoDa, spdep mlvar = FALSE), or
   * n/(n-1) times that with `mlvar: true` (spdep's default `Ii`).
   */
  Is: number[];
  /** y standardised with the population sd (ddof 0): the scatter plot's x axis. */
  z: number[];
  /** Spatial lag of z, `W z`: the scatter plot's y axis (0 for an island). */
  lag: number[];
  quadrant: Quadrant[];
  /** Conditional-randomisation expectation of I_i (0 for an island). */
  EI_cond: number[];
  /** Conditional-randomisation variance of I_i (0 for an island). */
  VI_cond: number[];
  /** `(I_i - EI_cond) / sqrt(VI_cond)`; NaN where VI_cond = 0 (islands, z_i = 0). */
  z_cond: number[];
  /** Pseudo p-value from conditional permutations; NaN for an island. */
  p_sim: number[];
  /** How many of the R conditional permutations tie the observed I_i; NaN for an island. */
  ties_sim: number[];
  cluster: LisaCluster[];
  /** Echo of what was used (numeric strings converted). */
  alpha: number;
  correction: LisaCorrection;
  alternative: Alternative;
  ties: TieRule;
  mlvar: boolean;
  permutations: number;
  seed: number;
  /** The p-value cut-off actually applied (`p_sim <= cutoff` is significant). */
  cutoff: number;
  /** Number of units tested (non-islands): the m of the corrections. */
  tested: number;
  islandIds: string[];
  /** Wall-clock time of the call in milliseconds (the one field that differs between runs). */
  elapsed_ms: number;
  /** Estimate of the working memory of the call in bytes (typed arrays allocated). */
  memory_bytes: number;
}

/** H when above the dead band (`> tol`), else L. */
const quadrantOf = (z: number, lag: number, zTol: number, lagTol: number): Quadrant =>
  z > zTol ? (lag > lagTol ? "HH" : "HL") : lag > lagTol ? "LH" : "LL";

/** Table entries (permutation rows x draws per row) processed at once: bounds the memory whatever R. */
const BLOCK_ENTRIES = 1 << 18;

/**
 * The conditional permutation counts of every unit (canonical indices): how many of the R simulated
 * lags lie above `lag[a] + band[a]` and below `lag[a] - band[a]` (the rest tie). Shared table: R
 * rows, each a sequence of K = kmax + 1 distinct units drawn without replacement from all n
 * (partial Fisher-Yates, one generator seeded with `seed`). For unit a the first k_a units other
 * than a are a uniform sample of k_a of the other n - 1 units (removing a from a uniform random
 * ordering of all n leaves a uniform random ordering of the others). With equal weights in a row
 * (styles W and B) the simulated lag is a prefix sum of the row's values, corrected in the few rows
 * where a itself was drawn: O(R) per unit instead of O(R k). The rows are drawn in order and
 * processed `blockEntries / K` at a time: the counts do not depend on the block size, the memory
 * does not grow with R. Units flagged in `skip` (islands) and units with `dev[a] = 0` get no count
 * (every draw ties).
 * @internal exported for the block-size test; not part of the documented API.
 */
export function conditionalCounts(
  dev: Float64Array,
  lag: Float64Array,
  band: Float64Array,
  rowConst: Uint8Array,
  skip: Uint8Array,
  offsets: Int32Array,
  wv: Float64Array,
  K: number,
  R: number,
  seed: number,
  blockEntries: number,
): { above: Int32Array; below: Int32Array; bytes: number } {
  const n = dev.length;
  const B = Math.max(1, Math.min(R, Math.floor(blockEntries / K)));
  const rng = createRandom(seed);
  const pool = new Int32Array(n);
  for (let t = 0; t < n; t++) pool[t] = t;
  const table = new Int32Array(B * K);
  const drawn = new Float64Array(B * K);
  const prefix = new Float64Array(B * (K + 1));
  const occStart = new Int32Array(n + 1);
  const occRow = new Int32Array(B * K);
  const occPos = new Int32Array(B * K);
  const fillAt = new Int32Array(n);
  const above = new Int32Array(n);
  const below = new Int32Array(n);
  for (let r0 = 0; r0 < R; r0 += B) {
    const rows = Math.min(B, R - r0);
    for (let r = 0; r < rows; r++) {
      const base = r * K;
      for (let t = 0; t < K; t++) {
        // partial Fisher-Yates: pick from pool[t .. n-1] (the pool's current order does not matter)
        const j = t + rng.nextInt(n - t);
        const v = pool[j];
        pool[j] = pool[t];
        pool[t] = v;
        table[base + t] = v;
      }
    }
    // values drawn and their prefix sums per row: prefix[r * (K + 1) + t] = sum of the first t values
    for (let r = 0; r < rows; r++) {
      let acc = 0;
      for (let t = 0; t < K; t++) {
        const v = dev[table[r * K + t]];
        drawn[r * K + t] = v;
        acc += v;
        prefix[r * (K + 1) + t + 1] = acc;
      }
    }
    // where each unit was drawn in this block: rows (ascending) and positions, as CSR
    occStart.fill(0);
    const entries = rows * K;
    for (let q = 0; q < entries; q++) occStart[table[q] + 1]++;
    for (let a = 0; a < n; a++) occStart[a + 1] += occStart[a];
    fillAt.set(occStart.subarray(0, n));
    for (let q = 0; q < entries; q++) {
      const at = fillAt[table[q]]++;
      occRow[at] = (q / K) | 0;
      occPos[at] = q % K;
    }
    for (let a = 0; a < n; a++) {
      if (skip[a] || dev[a] === 0) continue;
      const lo = offsets[a];
      const k = offsets[a + 1] - lo;
      const hiBand = lag[a] + band[a];
      const loBand = lag[a] - band[a];
      let nAbove = 0;
      let nBelow = 0;
      if (rowConst[a]) {
        const w0 = wv[lo];
        let ptr = occStart[a];
        const ptrEnd = occStart[a + 1];
        let nextRow = ptr < ptrEnd ? occRow[ptr] : -1;
        for (let r = 0; r < rows; r++) {
          let sum = prefix[r * (K + 1) + k];
          if (r === nextRow) {
            // a was drawn in this row: if among the first k, replace it by the (k+1)-th draw
            if (occPos[ptr] < k) sum = sum - drawn[r * K + occPos[ptr]] + drawn[r * K + k];
            ptr++;
            nextRow = ptr < ptrEnd ? occRow[ptr] : -1;
          }
          const l = sum * w0;
          if (l > hiBand) nAbove++;
          else if (l < loBand) nBelow++;
        }
      } else {
        for (let r = 0; r < rows; r++) {
          let l = 0;
          let t = 0;
          for (let u = 0; t < k; u++) {
            const j = table[r * K + u];
            if (j === a) continue;
            l += wv[lo + t] * dev[j];
            t++;
          }
          if (l > hiBand) nAbove++;
          else if (l < loBand) nBelow++;
        }
      }
      above[a] += nAbove;
      below[a] += nBelow;
    }
  }
  const bytes = B * K * (4 + 8 + 4 + 4) + B * (K + 1) * 8 + n * (4 * 5 + 4);
  return { above, below, bytes };
}

/**
 * Local Moran's I with conditional permutation inference.
 *
 * - `I_i = (n - 1) z_i (W z)_i / sum_j z_j^2` with z = y - mean(y) over all n units (esda `Is`,
 *   GeoDa's lisa values, spdep `localmoran(mlvar = FALSE)`); with `mlvar: true`, spdep's default
 *   `I_i = n z_i (W z)_i / sum_j z_j^2`, n/(n-1) times larger. With row-standardised W,
 *   `mean(I_i) = ((n - 1) / n) I` (`= I` with `mlvar`).
 * - Result `z` = y standardised with the population sd (ddof 0, as esda) and `lag = W z` (GeoDa's lag
 *   uses the n - 1 sd: times sqrt((n-1)/n) of this one).
 * - Conditional-randomisation moments (Sokal et al. 1998) of the reported I_i, with m2 = sum z^2 / n,
 *   W_i = sum_j w_ij, W_i2 = sum_j w_ij^2, f = (n - 1) / n (f = 1 with `mlvar`):
 *   `EI_cond = -f z_i^2 W_i / ((n - 1) m2)`,
 *   `VI_cond = f^2 (z_i / m2)^2 (n / (n - 2)) (W_i2 - W_i^2 / (n - 1)) (m2 - z_i^2 / (n - 1))`;
 *   `z_cond` equals spdep's `localmoran(mlvar = TRUE)` `Z.Ii` under either scaling.
 * - Quadrant (esda's rule): H when z_i > 0 else L, then H when lag_i > 0 else L: HH, LH, LL, HL;
 *   a z_i within 1e-12 max|z| of 0, or a lag within 1e-12 W_i max|z| of 0 (W_i = sum_j |w_ij|), is
 *   a rounding residue (a value at the mean, neighbours that cancel) and counts as 0 (L).
 * - Scale: every output is scale-free and computed so (y, then z, divided by powers of two, exactly):
 *   y times 1e300 or 1e-300 gives the same result.
 * - Conditional permutation (as esda `crand` and GeoDa, one table shared by all units): R rows, each
 *   `kmax + 1` distinct units (kmax = the largest number of neighbours) drawn without replacement
 *   from the n units sorted by id (partial Fisher-Yates, seeded xoshiro128**). For unit i with k_i
 *   neighbours the first k_i units other than i give its simulated neighbours: a uniform sample,
 *   without replacement, of k_i of the other n - 1 values (islands of w included, as esda; GeoDa
 *   leaves them out). Because the table is drawn over the units in id order, and every sum (the
 *   mean, sum z^2, each lag over the neighbours in id order) runs in that order, each unit's result
 *   depends on the seed, the ids, the weights and the values by id, not on the order of the rows.
 *   With equal weights in a row (styles W and B) the simulated lags are prefix sums of the table's
 *   values: O(R) per unit; the table is processed in blocks, so the memory does not grow with R.
 * - Ties: a simulated I_i ties the observed one when `|I_sim - I_i| <= 1e-12 S_i`, with
 *   `S_i = c W_i max_j z_j^2` (c = (n - 1) / sum z^2, W_i = sum_j |w_ij|) the largest |I_i| any
 *   arrangement of the values can give at a unit with i's weights. A unit whose every draw
 *   reproduces its lag (its neighbours are all the other units), or with z_i = 0, ties in every
 *   permutation. `p_sim` (see `permutationPValue`), with `gt`, `eq`, `lt` the simulated I_i above,
 *   tying and below I_i: `ties: "both"` (default) counts a tie on both sides, two-sided (folded, as
 *   esda's `p_sim`) `(min(gt + eq, lt + eq) + 1) / (R + 1)`, `greater` `(gt + eq + 1) / (R + 1)`,
 *   `less` `(lt + eq + 1) / (R + 1)`; `"mid"` counts half a tie on each side; `"esda"` folds as esda
 *   and GeoDa, `(min(gt + eq, lt) + 1) / (R + 1)` (a unit tied in every permutation gets
 *   1/(R + 1) there, and is labelled a significant cluster). Never below 1 / (R + 1).
 * - Significance: `p_sim <= cutoff` with `cutoff = alpha` (`"none"`), `alpha / m` (`"bonferroni"`),
 *   or (`"fdr"`, Benjamini-Hochberg as GeoDa's FDR) `i* alpha / m` where i* is the largest i with
 *   `p_(i) <= i alpha / m` over the ascending p-values (0 when there is none); m = number of
 *   non-island units. `cluster` = the quadrant when significant, `"ns"` otherwise.
 * - Islands (no neighbour): `Is = 0`, `lag = 0`, `EI_cond = VI_cond = 0`, `z_cond = NaN`,
 *   `p_sim = NaN`, `ties_sim = NaN` (no test: documented, METHODS.md section 5), cluster
 *   `"isolated"` (GeoDa code 6).
 * - Cost: `elapsed_ms` and `memory_bytes` say what the call spent.
 *
 * Numeric options may be numeric strings (`"999"`, `"0.05"`, as `process.env` gives them).
 *
 * Errors (SpatialInputError): values length differs from `w.n` (both counts named), a NaN value
 * (index and id), fewer than 3 units, a constant variable, bad options.
 *
 * @example
 * // six units, unit "c" isolated (test/golden/lisa-geoda-isolate.json, from GeoDa's own tests)
 * const w = weightsFromNeighbors(["a", "b", "c", "d", "e", "f"], [[1], [0], [], [4, 5], [3, 5], [3, 4]]);
 * const r = localMoran([3, 3, 0, 9, 8, 8.5], w, { permutations: 99 });
 * r.Is[0];      // 0.3622540250447227 (GeoDa's lisa value)
 * r.cluster[2]; // "isolated"
 * r.p_sim[2];   // NaN
 * localMoran([3, 3, 0, 9, 8, 8.5], w, { permutations: 99, mlvar: true }).Is[0]; // 0.4347048300536672 (6/5 times)
 *
 * // ties: "hub" neighbours every other unit, so every draw reproduces its lag
 * const star = weightsFromNeighbors(["hub", "p", "q", "r", "s"], [[1, 2, 3, 4], [0], [0], [0], [0]]);
 * const s = localMoran([10, 1, 2, 3, 5], star);
 * s.ties_sim[0]; // 999
 * s.p_sim[0];    // 1 (esda's count gives 0.001 and calls it a cluster)
 * s.cluster[0];  // "ns"
 */
export function localMoran(
  values: ArrayLike<number>,
  w: SpatialWeights,
  options: LocalMoranOptions = {},
): LocalMoranResult {
  const t0 = performance.now();
  const { permutations, seed, alternative, ties } = checkPermutationOptions(
    "localMoran",
    options.permutations ?? 999,
    options.seed ?? DEFAULT_SEED,
    options.alternative ?? "two-sided",
    options.ties ?? "both",
  );
  const alphaIn = options.alpha ?? 0.05;
  const alpha = numericOption(alphaIn);
  const correction = options.correction ?? "none";
  const mlvar = options.mlvar ?? false;
  if (permutations < 1) {
    throw new SpatialInputError("localMoran: permutations must be at least 1 (p_sim and the clusters come from them)");
  }
  if (!(typeof alpha === "number" && alpha > 0 && alpha < 1)) {
    throw new SpatialInputError(`localMoran: alpha must be a number in (0, 1), got ${describeOption(alphaIn)}`);
  }
  if (correction !== "none" && correction !== "bonferroni" && correction !== "fdr") {
    throw new SpatialInputError(`localMoran: correction must be "none", "bonferroni" or "fdr", got ${describeOption(correction)}`);
  }
  if (mlvar !== true && mlvar !== false) {
    throw new SpatialInputError(`localMoran: mlvar must be true or false, got ${describeOption(mlvar)}`);
  }
  // z in the canonical (id-sorted) order, scaled so that max |z| is in [1, 2)
  const { z: dev, zz, canon } = spatialDeviations(values, w, "localMoran", 3);
  const n = w.n;
  const { order, offsets, indices, values: wv, rowAbs } = canon;
  const m2 = zz / n;
  const sd = Math.sqrt(m2);
  const f = mlvar ? 1 : (n - 1) / n;
  const c = (mlvar ? n : n - 1) / zz;
  let M = 0;
  for (let a = 0; a < n; a++) if (Math.abs(dev[a]) > M) M = Math.abs(dev[a]);

  // everything below is indexed canonically (a); outputs are written at position order[a]
  const Is = new Array<number>(n);
  const zOut = new Array<number>(n);
  const lagOut = new Array<number>(n);
  const quadrant = new Array<Quadrant>(n);
  const EI = new Array<number>(n);
  const VI = new Array<number>(n);
  const zc = new Array<number>(n);
  const p = new Array<number>(n);
  const tiesOut = new Array<number>(n);
  const lagDev = new Float64Array(n);
  const rowConst = new Uint8Array(n);
  let kmax = 0;
  for (let a = 0; a < n; a++) {
    const lo = offsets[a];
    const hi = offsets[a + 1];
    if (hi - lo > kmax) kmax = hi - lo;
    let Wi = 0;
    let Wi2 = 0;
    let constRow = true;
    for (let q = lo; q < hi; q++) {
      Wi += wv[q];
      Wi2 += wv[q] * wv[q];
      if (wv[q] !== wv[lo]) constRow = false;
    }
    let lag = 0;
    if (constRow && hi > lo) {
      // the same arithmetic as the permutation loop: the sum, then one multiplication
      let sum = 0;
      for (let q = lo; q < hi; q++) sum += dev[indices[q]];
      lag = sum * wv[lo];
      rowConst[a] = 1;
    } else {
      for (let q = lo; q < hi; q++) lag += wv[q] * dev[indices[q]];
    }
    lagDev[a] = lag;
    const i = order[a];
    const zi = dev[a];
    Is[i] = c * zi * lag;
    zOut[i] = zi / sd;
    lagOut[i] = lag / sd;
    // a z or lag within 1e-12 of its scale of 0 is a rounding residue (a value at the mean, a lag
    // of values that cancel): it counts as 0, i.e. L, so that rounding does not pick the quadrant
    quadrant[i] = quadrantOf(zi, lag, TIE_TOLERANCE * M, TIE_TOLERANCE * rowAbs[a] * M);
    const zi2 = zi * zi;
    EI[i] = (-f * zi2 * Wi) / ((n - 1) * m2);
    VI[i] = f * f * (zi / m2) * (zi / m2) * (n / (n - 2)) * (Wi2 - (Wi * Wi) / (n - 1)) * (m2 - zi2 / (n - 1));
    zc[i] = VI[i] > 0 ? (Is[i] - EI[i]) / Math.sqrt(VI[i]) : NaN;
  }

  // Per unit: the tie band on the lag, |z_a| |lag_sim - lag_a| <= 1e-12 W_a M^2 (the statistic's
  // scale c W_a M^2 divided by c |z_a|); z_a = 0 ties always.
  const band = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    band[a] = dev[a] === 0 ? Infinity : (TIE_TOLERANCE * rowAbs[a] * M * M) / Math.abs(dev[a]);
  }
  const isIsland = new Uint8Array(n);
  for (const i of w.islandIndices) isIsland[canon.rank[i]] = 1;

  const R = permutations;
  const K = kmax + 1;
  const { above, below, bytes } = conditionalCounts(dev, lagDev, band, rowConst, isIsland, offsets, wv, K, R, seed, BLOCK_ENTRIES);
  for (let a = 0; a < n; a++) {
    const i = order[a];
    if (isIsland[a]) {
      p[i] = NaN;
      tiesOut[i] = NaN;
      continue;
    }
    // I_sim - I_i = c z_a (lag_sim - lag_a): the sign of z_a says which way the lags count
    const gt = dev[a] > 0 ? above[a] : below[a];
    const lt = dev[a] > 0 ? below[a] : above[a];
    const eq = R - gt - lt;
    tiesOut[i] = eq;
    p[i] = permutationPValue(gt, eq, lt, alternative, ties);
  }

  // significance cut-off
  const tested = n - w.islandIndices.length;
  let cutoff = alpha;
  if (correction === "bonferroni") cutoff = tested > 0 ? alpha / tested : 0;
  else if (correction === "fdr") {
    const ps = p.filter((v) => !Number.isNaN(v)).sort((x, y) => x - y);
    let iStar = 0;
    for (let i = 0; i < ps.length; i++) if (ps[i] <= ((i + 1) * alpha) / tested) iStar = i + 1;
    cutoff = (iStar * alpha) / tested;
  }
  const cluster = new Array<LisaCluster>(n);
  for (let i = 0; i < n; i++) {
    if (isIsland[canon.rank[i]]) {
      Is[i] = 0;
      lagOut[i] = 0;
      cluster[i] = "isolated";
    } else cluster[i] = p[i] <= cutoff ? quadrant[i] : "ns";
  }
  // typed arrays of this call (the table's blocks, per-unit arrays) and the result's arrays
  const memory = bytes + n * (8 * 2 + 1 * 3) + n * 8 * 10;
  return {
    ids: [...w.ids],
    Is,
    z: zOut,
    lag: lagOut,
    quadrant,
    EI_cond: EI,
    VI_cond: VI,
    z_cond: zc,
    p_sim: p,
    ties_sim: tiesOut,
    cluster,
    alpha,
    correction,
    alternative,
    ties,
    mlvar,
    permutations,
    seed,
    cutoff,
    tested,
    islandIds: [...w.islands],
    elapsed_ms: performance.now() - t0,
    memory_bytes: memory,
  };
}
