/**
 * Dagum (1997) decomposition of the Gini coefficient into within-group, net between-group and
 * transvariation parts (paper 1, section 1.2.4 and Table 7; METHODS.md section 4).
 */
import { checkInequalityValues, InequalityInputError, scaleToUnit, sumAbsDiffSorted } from "./gini";

/** One group of a {@link DagumResult}. */
export interface DagumGroup {
  /** The group label (as a string). */
  name: string;
  /** Number of units `n_j`. */
  n: number;
  /** Group mean `mu_j`. */
  mean: number;
  /** Population share `p_j = n_j / n`. */
  p: number;
  /** Income (value) share `s_j = n_j mu_j / (n mu)`. */
  s: number;
  /** Within-group Gini `G_jj` (Table 7 "区域内差异"). */
  Gjj: number;
  /** The group's part of the within-group component: `G_jj p_j s_j` (these sum to `Gw`). */
  contribution: number;
}

/** One pair of groups of a {@link DagumResult}, oriented with the higher mean first. */
export interface DagumPair {
  /** Name of the group with the higher mean (j, `mu_j >= mu_h`). */
  high: string;
  /** Name of the group with the lower mean (h). */
  low: string;
  /** Between-group Gini `G_jh` (Table 7 "区域间差异"). */
  Gjh: number;
  /** Relative economic affluence `D_jh = (d_jh - p_jh) / (d_jh + p_jh)` (0 when both are 0). */
  Djh: number;
  /** Gross economic affluence: mean of `max(y_ji - y_hr, 0)` over all pairs. */
  djh: number;
  /** First-order moment of transvariation: mean of `max(y_hr - y_ji, 0)`. */
  pjh: number;
  /** The pair's part of `Gnb`: `G_jh (p_j s_h + p_h s_j) D_jh`. */
  contributionNb: number;
  /** The pair's part of `Gt`: `G_jh (p_j s_h + p_h s_j) (1 - D_jh)`. */
  contributionT: number;
}

/** Result of {@link dagum}. */
export interface DagumResult {
  /** Overall Gini coefficient (population form). */
  G: number;
  /** Within-group component. */
  Gw: number;
  /** Net between-group component. */
  Gnb: number;
  /** Transvariation (overlap) component. */
  Gt: number;
  /** Gross between-group component `Gnb + Gt`. */
  Gb: number;
  /** Fractions of G (multiply by 100 for the papers' percentages): they sum to 1 (all 0 when G = 0). */
  shares: { within: number; between: number; transvariation: number };
  /** Groups in ascending order of mean (ties: first appearance in `groups` first). */
  groups: DagumGroup[];
  /**
   * Pairs j > h in Dagum's order: for j = 2..k (ascending mean), h = 1..j-1; i.e. (2,1), (3,1),
   * (3,2), (4,1), ... `high` is group j, `low` group h.
   */
  pairs: DagumPair[];
}

/** Options of {@link dagum}. */
export interface DagumOptions {
  /**
   * The expected group names (e.g. the four regions): every label must be one of them and every
   * one of them must have at least one unit. Default: the labels found in `groups`.
   */
  groupNames?: readonly (string | number)[];
}

/**
 * `sum_{a in A, b in B} max(a - b, 0)` and `sum max(b - a, 0)` for sorted A, B: one merge pass.
 */
function crossSums(A: Float64Array, B: Float64Array): { pos: number; neg: number } {
  let sumB = 0;
  for (let t = 0; t < B.length; t++) sumB += B[t];
  const nB = B.length;
  let cnt = 0; // number of b <= a
  let sumLE = 0; // their sum
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < A.length; i++) {
    const a = A[i];
    while (cnt < nB && B[cnt] <= a) sumLE += B[cnt++];
    pos += cnt * a - sumLE;
    neg += sumB - sumLE - (nB - cnt) * a;
  }
  return { pos, neg };
}

/**
 * Dagum (1997) Gini decomposition: `G = Gw + Gnb + Gt`.
 *
 * With k groups ordered by increasing mean (Dagum's convention; METHODS.md section 4),
 * `p_j = n_j / n`, `s_j = n_j mu_j / (n mu)`:
 * - `G = sum_j sum_h sum_i sum_r |y_ji - y_hr| / (2 n^2 mu)` (Dagum eq. 2),
 * - `G_jj = sum_i sum_r |y_ji - y_jr| / (2 n_j^2 mu_j)`,
 *   `G_jh = sum_i sum_r |y_ji - y_hr| / (n_j n_h (mu_j + mu_h))`,
 * - `d_jh` = mean of `max(y_ji - y_hr, 0)`, `p_jh` = mean of `max(y_hr - y_ji, 0)`,
 *   `D_jh = (d_jh - p_jh) / (d_jh + p_jh)` (0 when both are 0),
 * - `Gw = sum_j G_jj p_j s_j`, `Gnb = sum_{j>h} G_jh (p_j s_h + p_h s_j) D_jh`,
 *   `Gt = sum_{j>h} G_jh (p_j s_h + p_h s_j) (1 - D_jh)`.
 *
 * Exact (no sampling, no binning) and O(k n log n): each group is sorted once, `sum |a - b|` within
 * a group uses the sorted-rank formula and across two groups one merge pass over both sorted arrays
 * (no n_j x n_h matrices). G is computed directly from all values, so `G - (Gw + Gnb + Gt)` is
 * rounding only. Matches R dineq::gini_decomp (between = Gnb, overlap = Gt) and laeken::gini.
 *
 * Scale: G, its components, shares, G_jj, G_jh, D_jh, p_j and s_j are scale-free, and computed so:
 * the values are divided by a power of two (exactly) that brings the largest into [1, 2) before
 * anything is summed, and the means, d_jh and p_jh are multiplied back (exactly). Values near 1e308
 * do not overflow, values near 1e-300 do not underflow, and ordinary data give bit for bit the same
 * numbers as without the rescaling.
 *
 * Group order: ascending mean; groups with equal means keep the order in which their label first
 * appears in `groups` (a stable sort), and in a pair of equal means the later one is `high`
 * (then `D_jh = 0`). A group whose values are all zero has `G_jj = 0`; two such groups have
 * `G_jh = 0`.
 *
 * Errors (InequalityInputError): lengths differ, no units, NaN / infinite / negative values (index
 * named), all values zero, a missing label, a label outside `options.groupNames`, a declared group
 * with no unit.
 *
 * @example
 * const r = dagum([1, 4, 2, 5], ["A", "A", "B", "B"]);
 * r.G;   // 0.2916666666666667 (= 7/24)
 * r.Gw;  // 0.125
 * r.Gnb; // 0.08333333333333333 (= 1/12)
 * r.Gt;  // 0.08333333333333333
 * r.pairs[0]; // { high: "B", low: "A", djh: 1.5, pjh: 0.5, Djh: 0.5, ... } (mean B = 3.5 > mean A = 2.5)
 */
export function dagum(
  values: ArrayLike<number>,
  groups: ArrayLike<string | number>,
  options: DagumOptions = {},
): DagumResult {
  const y = checkInequalityValues(values, "dagum");
  const n = y.length;
  // y was 2^e times what it holds now (largest in [1, 2)): means, d_jh, p_jh are multiplied back
  const e = scaleToUnit(y);
  const unscale = 2 ** e;
  if (groups === null || groups === undefined || typeof groups.length !== "number") {
    throw new InequalityInputError("dagum: groups must be an array of labels, one per value");
  }
  if (groups.length !== n) {
    throw new InequalityInputError(`dagum: ${n} values but ${groups.length} group labels (they must match one to one)`);
  }
  // labels -> group index in order of first appearance (or of options.groupNames)
  const index = new Map<string, number>();
  const names: string[] = [];
  const declared = options.groupNames !== undefined;
  if (declared) {
    const gn = options.groupNames!;
    if (!Array.isArray(gn) || gn.length === 0) {
      throw new InequalityInputError("dagum: groupNames is empty (need at least one group)");
    }
    for (const g of gn) {
      const s = String(g);
      if (index.has(s)) throw new InequalityInputError(`dagum: group "${s}" is listed twice in groupNames`);
      index.set(s, names.length);
      names.push(s);
    }
  }
  const gi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (g === null || g === undefined || (typeof g !== "string" && typeof g !== "number") || g === "") {
      throw new InequalityInputError(`dagum: group label at index ${i} is missing (${JSON.stringify(g)})`);
    }
    const s = String(g);
    let k = index.get(s);
    if (k === undefined) {
      if (declared) {
        throw new InequalityInputError(
          `dagum: group label "${s}" at index ${i} is not one of the groupNames (${names.join(", ")})`,
        );
      }
      k = names.length;
      index.set(s, k);
      names.push(s);
    }
    gi[i] = k;
  }
  const k0 = names.length;
  const counts = new Int32Array(k0);
  for (let i = 0; i < n; i++) counts[gi[i]]++;
  for (let j = 0; j < k0; j++) {
    if (counts[j] === 0) throw new InequalityInputError(`dagum: group "${names[j]}" has no units (size 0)`);
  }
  // split into per-group typed arrays, sort each
  const parts = Array.from({ length: k0 }, (_, j) => new Float64Array(counts[j]));
  const fill = new Int32Array(k0);
  for (let i = 0; i < n; i++) parts[gi[i]][fill[gi[i]]++] = y[i];
  const sums = new Float64Array(k0);
  for (let j = 0; j < k0; j++) {
    parts[j].sort();
    let s = 0;
    for (let t = 0; t < parts[j].length; t++) s += parts[j][t];
    sums[j] = s;
  }
  let total = 0;
  for (let j = 0; j < k0; j++) total += sums[j];
  if (!(total > 0)) {
    throw new InequalityInputError("dagum: all values are zero; the Gini coefficient needs a positive mean");
  }
  const mu = total / n;
  // overall G directly from all values
  const all = y.slice().sort();
  const G = sumAbsDiffSorted(all) / (2 * n * n * mu);

  // order groups by ascending mean, ties by first appearance (Array.prototype.sort is stable)
  const order = Array.from({ length: k0 }, (_, j) => j).sort(
    (a, b) => sums[a] / counts[a] - sums[b] / counts[b],
  );
  const k = k0;
  const nj = order.map((j) => counts[j]);
  const muj = order.map((j) => sums[j] / counts[j]);
  const pj = nj.map((c) => c / n);
  const sj = order.map((j) => sums[j] / total);
  const sorted = order.map((j) => parts[j]);

  const groupsOut: DagumGroup[] = [];
  let Gw = 0;
  for (let a = 0; a < k; a++) {
    const S = sumAbsDiffSorted(sorted[a]);
    const Gjj = muj[a] > 0 ? S / (2 * nj[a] * nj[a] * muj[a]) : 0;
    const contribution = Gjj * pj[a] * sj[a];
    Gw += contribution;
    groupsOut.push({ name: names[order[a]], n: nj[a], mean: muj[a] * unscale, p: pj[a], s: sj[a], Gjj, contribution });
  }
  const pairsOut: DagumPair[] = [];
  let Gnb = 0;
  let Gt = 0;
  for (let a = 1; a < k; a++) {
    for (let b = 0; b < a; b++) {
      // a = j (higher mean), b = h
      const { pos, neg } = crossSums(sorted[a], sorted[b]);
      const nn = nj[a] * nj[b];
      const djh = pos / nn;
      const pjh = neg / nn;
      const denom = muj[a] + muj[b];
      const Gjh = denom > 0 ? (pos + neg) / (nn * denom) : 0;
      const Djh = djh + pjh > 0 ? (djh - pjh) / (djh + pjh) : 0;
      const wgt = pj[a] * sj[b] + pj[b] * sj[a];
      const contributionNb = Gjh * wgt * Djh;
      const contributionT = Gjh * wgt * (1 - Djh);
      Gnb += contributionNb;
      Gt += contributionT;
      pairsOut.push({
        high: names[order[a]],
        low: names[order[b]],
        Gjh,
        Djh,
        djh: djh * unscale,
        pjh: pjh * unscale,
        contributionNb,
        contributionT,
      });
    }
  }
  return {
    G,
    Gw,
    Gnb,
    Gt,
    Gb: Gnb + Gt,
    shares: G > 0 ? { within: Gw / G, between: Gnb / G, transvariation: Gt / G } : { within: 0, between: 0, transvariation: 0 },
    groups: groupsOut,
    pairs: pairsOut,
  };
}
