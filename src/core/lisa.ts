/**
 * Local Moran's I (LISA) with conditional permutation inference and cluster labels
 * (paper 2, Figure 3 and Table 5; METHODS.md section 7).
 */
import { Alternative, checkPermutationOptions, permutationPValue, spatialDeviations } from "./moran";
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
  /** Conditional permutations per unit (default 999; at least 1). */
  permutations?: number;
  /** Seed (default DEFAULT_SEED from random.ts). */
  seed?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** `"none"` (default), `"bonferroni"` (alpha / m) or `"fdr"` (Benjamini-Hochberg, as GeoDa). */
  correction?: LisaCorrection;
  /** `"two-sided"` (default: folded p, as esda and GeoDa), `"greater"` or `"less"`. */
  alternative?: Alternative;
}

/** Result of {@link localMoran}; arrays are in the order of `w.ids`. */
export interface LocalMoranResult {
  ids: string[];
  /** Local Moran `I_i = (n - 1) z_i (W z)_i / sum z^2` (esda `Is`, GeoDa, spdep mlvar = FALSE). */
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
  cluster: LisaCluster[];
  /** Echo of what was used. */
  alpha: number;
  correction: LisaCorrection;
  alternative: Alternative;
  permutations: number;
  seed: number;
  /** The p-value cut-off actually applied (`p_sim <= cutoff` is significant). */
  cutoff: number;
  /** Number of units tested (non-islands): the m of the corrections. */
  tested: number;
  islandIds: string[];
}

const quadrantOf = (z: number, lag: number): Quadrant => (z > 0 ? (lag > 0 ? "HH" : "HL") : lag > 0 ? "LH" : "LL");

/**
 * Local Moran's I with conditional permutation inference.
 *
 * - `I_i = (n - 1) z_i (W z)_i / sum_j z_j^2` with z = y - mean(y) over all n units (esda `Is`,
 *   GeoDa's lisa values, spdep `localmoran(mlvar = FALSE)`; spdep's default is n/(n-1) times larger).
 *   With row-standardised W, `mean(I_i) = ((n - 1) / n) I`.
 * - Result `z` = y standardised with the population sd (ddof 0, as esda) and `lag = W z` (GeoDa's lag
 *   uses the n - 1 sd: times sqrt((n-1)/n) of this one).
 * - Conditional-randomisation moments (Sokal et al. 1998) of the reported I_i, with m2 = sum z^2 / n,
 *   W_i = sum_j w_ij, W_i2 = sum_j w_ij^2, f = (n - 1) / n:
 *   `EI_cond = -f z_i^2 W_i / ((n - 1) m2)`,
 *   `VI_cond = f^2 (z_i / m2)^2 (n / (n - 2)) (W_i2 - W_i^2 / (n - 1)) (m2 - z_i^2 / (n - 1))`;
 *   `z_cond` equals spdep's `localmoran(mlvar = TRUE)` `Z.Ii`.
 * - Quadrant (esda's rule): H when z_i > 0 else L, then H when lag_i > 0 else L: HH, LH, LL, HL.
 * - Conditional permutation (as esda `crand` and GeoDa, one table shared by all units): R rows, each
 *   `kmax + 1` distinct positions (kmax = the largest number of neighbours) drawn without
 *   replacement from the n units (partial Fisher-Yates, seeded xoshiro128**). For unit i with k_i
 *   neighbours the first k_i positions other than i give its simulated neighbours: a uniform sample,
 *   without replacement, of k_i of the other n - 1 values (islands of w included, as esda; GeoDa
 *   leaves them out). With equal weights in a row (styles W and B) the simulated lags are prefix
 *   sums of the table's values: O(R) per unit. `p_sim`: with `ge = #{I_sim >= I_i}`, two-sided (default)
 *   folded `(min(ge, R - ge) + 1) / (R + 1)` (esda `p_sim`, GeoDa), `greater` `(ge + 1) / (R + 1)`,
 *   `less` `(#{I_sim <= I_i} + 1) / (R + 1)`. Never below 1 / (R + 1).
 * - Significance: `p_sim <= cutoff` with `cutoff = alpha` (`"none"`), `alpha / m` (`"bonferroni"`),
 *   or (`"fdr"`, Benjamini-Hochberg as GeoDa's FDR) `i* alpha / m` where i* is the largest i with
 *   `p_(i) <= i alpha / m` over the ascending p-values (0 when there is none); m = number of
 *   non-island units. `cluster` = the quadrant when significant, `"ns"` otherwise.
 * - Islands (no neighbour): `Is = 0`, `lag = 0`, `EI_cond = VI_cond = 0`, `z_cond = NaN`,
 *   `p_sim = NaN` (no test: documented, METHODS.md section 5), cluster `"isolated"` (GeoDa code 6).
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
 */
export function localMoran(
  values: ArrayLike<number>,
  w: SpatialWeights,
  options: LocalMoranOptions = {},
): LocalMoranResult {
  const permutations = options.permutations ?? 999;
  const seed = options.seed ?? DEFAULT_SEED;
  const alpha = options.alpha ?? 0.05;
  const correction = options.correction ?? "none";
  const alternative = options.alternative ?? "two-sided";
  checkPermutationOptions("localMoran", permutations, seed, alternative);
  if (permutations < 1) {
    throw new SpatialInputError("localMoran: permutations must be at least 1 (p_sim and the clusters come from them)");
  }
  if (!(typeof alpha === "number" && alpha > 0 && alpha < 1)) {
    throw new SpatialInputError(`localMoran: alpha must be in (0, 1), got ${String(alpha)}`);
  }
  if (correction !== "none" && correction !== "bonferroni" && correction !== "fdr") {
    throw new SpatialInputError(`localMoran: correction must be "none", "bonferroni" or "fdr", got ${String(correction)}`);
  }
  const { z: dev, zz } = spatialDeviations(values, w, "localMoran", 3);
  const n = w.n;
  const { offsets, indices, values: wv } = w;
  const m2 = zz / n;
  const sd = Math.sqrt(m2);
  const f = (n - 1) / n;
  const c = (n - 1) / zz;

  const Is = new Array<number>(n);
  const zOut = new Array<number>(n);
  const lagOut = new Array<number>(n);
  const quadrant = new Array<Quadrant>(n);
  const EI = new Array<number>(n);
  const VI = new Array<number>(n);
  const zc = new Array<number>(n);
  const p = new Array<number>(n);
  const lagDev = new Float64Array(n);
  let kmax = 0;
  for (let i = 0; i < n; i++) {
    const a = offsets[i];
    const b = offsets[i + 1];
    if (b - a > kmax) kmax = b - a;
    let lag = 0;
    let Wi = 0;
    let Wi2 = 0;
    let rowConst = true;
    for (let q = a; q < b; q++) {
      lag += wv[q] * dev[indices[q]];
      Wi += wv[q];
      Wi2 += wv[q] * wv[q];
      if (wv[q] !== wv[a]) rowConst = false;
    }
    if (rowConst && b > a) {
      // the same arithmetic as the permutation loop (sum, then one multiplication), so that a draw
      // of exactly the observed neighbours ties exactly
      let sum = 0;
      for (let q = a; q < b; q++) sum += dev[indices[q]];
      lag = sum * wv[a];
    }
    lagDev[i] = lag;
    const zi = dev[i];
    Is[i] = c * zi * lag;
    zOut[i] = zi / sd;
    lagOut[i] = lag / sd;
    quadrant[i] = quadrantOf(zi, lag);
    const zi2 = zi * zi;
    EI[i] = (-f * zi2 * Wi) / ((n - 1) * m2);
    VI[i] = f * f * (zi / m2) * (zi / m2) * (n / (n - 2)) * (Wi2 - (Wi * Wi) / (n - 1)) * (m2 - zi2 / (n - 1));
    zc[i] = VI[i] > 0 ? (Is[i] - EI[i]) / Math.sqrt(VI[i]) : NaN;
  }

  // Shared table: R rows, each a sequence of K = kmax + 1 distinct positions drawn without
  // replacement from all n (partial Fisher-Yates). For unit i the first k_i positions other than i
  // are a uniform sample of k_i of the other n - 1 units (removing i from a uniform random
  // ordering of all n leaves a uniform random ordering of the others). With equal weights in a
  // row (styles W and B) the simulated lag is a prefix sum of the row's values, corrected in the
  // few rows where i itself was drawn: O(R) per unit instead of O(R k).
  const R = permutations;
  const K = kmax + 1;
  const rng = createRandom(seed);
  const pool = new Int32Array(n);
  for (let t = 0; t < n; t++) pool[t] = t;
  const table = new Int32Array(R * K);
  for (let r = 0; r < R; r++) {
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
  const drawn = new Float64Array(R * K);
  const prefix = new Float64Array(R * (K + 1));
  for (let r = 0; r < R; r++) {
    let acc = 0;
    for (let t = 0; t < K; t++) {
      const v = dev[table[r * K + t]];
      drawn[r * K + t] = v;
      acc += v;
      prefix[r * (K + 1) + t + 1] = acc;
    }
  }
  // where each unit was drawn: rows (ascending) and positions, as CSR
  const occStart = new Int32Array(n + 1);
  for (let q = 0; q < R * K; q++) occStart[table[q] + 1]++;
  for (let i = 0; i < n; i++) occStart[i + 1] += occStart[i];
  const occRow = new Int32Array(R * K);
  const occPos = new Int32Array(R * K);
  const fillAt = occStart.slice(0, n);
  for (let q = 0; q < R * K; q++) {
    const at = fillAt[table[q]]++;
    occRow[at] = (q / K) | 0;
    occPos[at] = q % K;
  }
  const isIsland = new Uint8Array(n);
  for (const i of w.islandIndices) isIsland[i] = 1;
  for (let i = 0; i < n; i++) {
    if (isIsland[i]) {
      p[i] = NaN;
      continue;
    }
    const a = offsets[i];
    const k = offsets[i + 1] - a;
    const zi = dev[i];
    let ge = 0;
    let le = 0;
    if (zi === 0) {
      // I_i = 0 and every simulated I_i = 0
      ge = R;
      le = R;
    } else {
      // I_sim >= I_i  <=>  z_i lag_sim >= z_i lag_i: compare the lags, the sign of z_i says which way
      let rowConst = true;
      for (let t = 1; t < k; t++) if (wv[a + t] !== wv[a]) rowConst = false;
      const w0 = wv[a];
      const obs = lagDev[i];
      let above = 0;
      let below = 0;
      if (rowConst) {
        let ptr = occStart[i];
        const ptrEnd = occStart[i + 1];
        let nextRow = ptr < ptrEnd ? occRow[ptr] : -1;
        for (let r = 0; r < R; r++) {
          let sum = prefix[r * (K + 1) + k];
          if (r === nextRow) {
            // i was drawn in this row: if among the first k, replace it by the (k+1)-th draw
            if (occPos[ptr] < k) sum = sum - drawn[r * K + occPos[ptr]] + drawn[r * K + k];
            ptr++;
            nextRow = ptr < ptrEnd ? occRow[ptr] : -1;
          }
          const lag = sum * w0;
          if (lag >= obs) above++;
          if (lag <= obs) below++;
        }
      } else {
        for (let r = 0; r < R; r++) {
          let lag = 0;
          let t = 0;
          for (let u = 0; t < k; u++) {
            const j = table[r * K + u];
            if (j === i) continue;
            lag += wv[a + t] * dev[j];
            t++;
          }
          if (lag >= obs) above++;
          if (lag <= obs) below++;
        }
      }
      ge = zi > 0 ? above : below;
      le = zi > 0 ? below : above;
    }
    p[i] = permutationPValue(ge, le, R, alternative);
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
    if (isIsland[i]) {
      Is[i] = 0;
      lagOut[i] = 0;
      cluster[i] = "isolated";
    } else cluster[i] = p[i] <= cutoff ? quadrant[i] : "ns";
  }
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
    cluster,
    alpha,
    correction,
    alternative,
    permutations,
    seed,
    cutoff,
    tested,
    islandIds: [...w.islands],
  };
}
