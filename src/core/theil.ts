/**
 * Theil's entropy indices, T (GE(1)) and L (the mean log deviation, GE(0)), with their exact
 * between/within decomposition by groups (METHODS.md section 14), unweighted (each unit weight
 * 1/n, as PySAL inequality `Theil` / `TheilD`) or population-weighted (as R mathmodels `theil_g`,
 * for per-capita-like levels such as the coupling coordination degree D of a province).
 */
import { InequalityInputError } from "./gini";

/** One group of a {@link TheilResult} (field names as the golden file `theil.json`). */
export interface TheilGroup {
  /** The group label (as a string). */
  group: string;
  /** Number of units in the group. */
  n: number;
  /** The group's share of the weights `W_g` (population share; unweighted: `n_g / n`). */
  pop_share: number;
  /** The group's share of the total `S_g = W_g mu_g / mu` (its share of "income"). */
  y_share: number;
  /** The group's (population-weighted) mean `mu_g`. */
  mean: number;
  /** The group's own Theil T, `T_g` (0 for a group whose values are all zero). */
  T_g: number;
  /** `S_g T_g`: the group's part of `T_within` (these sum to `T_within`). */
  T_within_contrib: number;
  /** `S_g T_g / T` (mathmodels' `ratio`); null when T = 0. */
  T_within_contrib_share_of_T: number | null;
  /** The group's own Theil L, `L_g`; null when a value of the group is 0. */
  L_g: number | null;
  /** `W_g L_g`: the group's part of `L_within`; null with `L_g`. */
  L_within_contrib: number | null;
}

/** Result of {@link theil}. */
export interface TheilResult {
  /** Theil T = GE(1) = `sum_i w_i (y_i / mu) ln(y_i / mu)`. */
  T: number;
  /** Between-group part of T: `sum_g S_g ln(mu_g / mu)`. */
  T_between: number;
  /** Within-group part of T: `sum_g S_g T_g` (never negative). */
  T_within: number;
  /** `T_between / T`; null when T = 0 (all values equal). */
  T_share_between: number | null;
  /** `T_within / T`; null when T = 0. */
  T_share_within: number | null;
  /** Theil L = MLD = GE(0) = `sum_i w_i ln(mu / y_i)`; null when a value is 0. */
  L: number | null;
  /** Between-group part of L: `sum_g W_g ln(mu / mu_g)`; null with L. */
  L_between: number | null;
  /** Within-group part of L: `sum_g W_g L_g`; null with L. */
  L_within: number | null;
  /** True when population weights were used. */
  weighted: boolean;
  /** Number of units. */
  n: number;
  /** The (weighted) mean `mu`. */
  mean: number;
  /** Group labels in order of first appearance in `groups` (the order of `by_group`). */
  groups: string[];
  /** One entry per group, in order of first appearance of its label in `groups`. */
  by_group: TheilGroup[];
}

/** Options of {@link theil}. */
export interface TheilOptions {
  /**
   * One group label per value (e.g. the four NBS regions). Default: every unit in one group named
   * "all" (then `T_between = 0` and `T_within = T`).
   */
  groups?: ArrayLike<string | number>;
  /**
   * One positive population per value: the unit weights become population shares (mathmodels
   * `theil_g` semantics, for per-capita-like values). Default: every unit weight 1/n.
   */
  population?: ArrayLike<number>;
}

/**
 * `r ln r - r + 1` with r = 1 + d, written `(1 + d) log1p(d) - d`: non-negative for every r >= 0
 * (it is 1 at r = 0, the limit with 0 ln 0 = 0), and accurate near r = 1.
 * Because `sum_i w_i (r_i - 1) = 0` whenever r_i = y_i / mu with mu the w-weighted mean,
 * `sum w_i (r_i ln r_i - r_i + 1) = sum w_i r_i ln r_i`: the same T, as a sum of non-negative terms.
 */
function tTerm(y: number, m: number): number {
  if (y === 0) return 1;
  const d = (y - m) / m;
  let v: number;
  if (Math.abs(d) < 0.5) {
    v = (1 + d) * Math.log1p(d) - d;
  } else {
    // far from 1: ln r as ln y - ln m stays finite even when y / m underflows
    const r = y / m;
    v = r * (Math.log(y) - Math.log(m)) - r + 1;
  }
  return v > 0 ? v : 0;
}

/** `r - 1 - ln r` with r = y / m: non-negative for r > 0 (the L term in the same form). */
function lTerm(y: number, m: number): number {
  const d = (y - m) / m;
  const v = Math.abs(d) < 0.5 ? d - Math.log1p(d) : y / m - 1 - (Math.log(y) - Math.log(m));
  return v > 0 ? v : 0;
}

function checkNumbers(values: ArrayLike<number>, what: string, positive: boolean): Float64Array {
  if (values === null || values === undefined || typeof values.length !== "number" || typeof values === "string") {
    throw new InequalityInputError(`theil: ${what} must be an array of numbers`);
  }
  const n = values.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new InequalityInputError(`theil: ${what}[${i + 1}] (counted from 1) is ${String(v)} (not a number)`);
    }
    if (!Number.isFinite(v)) throw new InequalityInputError(`theil: ${what}[${i + 1}] (counted from 1) is ${v} (not finite)`);
    if (positive ? !(v > 0) : v < 0) {
      throw new InequalityInputError(
        positive
          ? `theil: ${what}[${i + 1}] (counted from 1) is ${v}; populations must be positive`
          : `theil: ${what}[${i + 1}] (counted from 1) is negative (${v}); Theil's indices take logs of ` +
              `shares of a total, so values must be non-negative with a positive mean`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Theil T and Theil L with their between/within decomposition.
 *
 * With unit weights `w_i` (1/n, or `pop_i / sum pop`), `mu = sum_i w_i y_i`, and for each group g
 * `W_g = sum_{i in g} w_i`, `mu_g = sum_{i in g} w_i y_i / W_g`, `S_g = W_g mu_g / mu`:
 * - `T = sum_i w_i (y_i/mu) ln(y_i/mu)` (natural log, `0 ln 0 = 0`: a zero value adds 0),
 *   `T_g` the same within group g (weights `w_i / W_g`, mean `mu_g`),
 *   `T_between = sum_g S_g ln(mu_g/mu)`, `T_within = sum_g S_g T_g`, `T = T_between + T_within`;
 * - `L = sum_i w_i ln(mu/y_i)`, `L_between = sum_g W_g ln(mu/mu_g)`, `L_within = sum_g W_g L_g`,
 *   `L = L_between + L_within`; L and both parts are `null` when any value is 0 (ln 0), and so are
 *   `L_g` / `L_within_contrib` of a group holding a zero.
 *
 * Every index is computed as a sum of non-negative terms (`T = sum w_i (r ln r - r + 1)`,
 * `L = sum w_i (r - 1 - ln r)`, r = y_i / mu, equal to the textbook sums because
 * `sum w_i (r_i - 1) = 0`), so no part is ever negative: PySAL's `TheilD` reports
 * `within = T - between`, which rounding can make slightly negative (pysal/inequality#15).
 * T is computed directly from all units; `T - (T_between + T_within)` is rounding only.
 * Unweighted, this is PySAL `Theil(y).T` and `TheilD(y, groups).bg`; weighted, mathmodels
 * `theil_g(data, group, y, pop)` (`T`, `Tb`, `Tw`, `T_g`, `ratio`). T and L are unchanged when
 * every value is multiplied by the same positive constant, and when units are reordered.
 *
 * `by_group` and `groups` follow the order in which each label first appears in `groups`.
 *
 * Errors (InequalityInputError): values empty, NaN, infinite or negative (index named, from 1);
 * all values zero; `groups` or `population` of another length; a missing group label; a
 * population that is not a positive finite number.
 *
 * @example
 * const r = theil([1, 2, 3, 6], { groups: ["a", "a", "b", "b"] });
 * // mu = 3: T = (1/12) ln(1/3) + (2/12) ln(2/3) + (3/12) ln 1 + (6/12) ln 2
 * r.T;               // 0.18744504820626945
 * r.T_between;       // 0.13081203594113697 = (3/12) ln(1.5/3) + (9/12) ln(4.5/3)
 * r.T_within;        // 0.05663301226513248
 * r.L;               // 0.20273255405408222 = (1/4)(ln 3 + ln 1.5 + ln 1 + ln 0.5)
 * r.by_group[0];     // { group: "a", n: 2, pop_share: 0.5, y_share: 0.25, mean: 1.5, ... }
 * theil([0, 1, 2]).L; // null (a zero value: ln 0)
 */
export function theil(values: ArrayLike<number>, options: TheilOptions = {}): TheilResult {
  const y = checkNumbers(values, "values", false);
  const n = y.length;
  if (n === 0) throw new InequalityInputError("theil: no values (need at least one unit)");
  const { groups, population } = options;

  // weights
  const w = new Float64Array(n);
  const weighted = population !== undefined && population !== null;
  if (weighted) {
    const p = checkNumbers(population!, "population", true);
    if (p.length !== n) {
      throw new InequalityInputError(`theil: ${n} values but ${p.length} populations (they must match one to one)`);
    }
    let tot = 0;
    for (let i = 0; i < n; i++) tot += p[i];
    for (let i = 0; i < n; i++) w[i] = p[i] / tot;
  } else {
    w.fill(1 / n);
  }

  // groups, in order of first appearance
  const names: string[] = [];
  const gi = new Int32Array(n);
  if (groups === undefined || groups === null) {
    names.push("all");
  } else {
    if (typeof groups.length !== "number" || typeof groups === "string") {
      throw new InequalityInputError("theil: groups must be an array of labels, one per value");
    }
    if (groups.length !== n) {
      throw new InequalityInputError(`theil: ${n} values but ${groups.length} group labels (they must match one to one)`);
    }
    const index = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const g = groups[i];
      if (g === null || g === undefined || (typeof g !== "string" && typeof g !== "number") || g === "") {
        throw new InequalityInputError(`theil: group label at index ${i + 1} (counted from 1) is missing (${JSON.stringify(g)})`);
      }
      const s = String(g);
      let k = index.get(s);
      if (k === undefined) {
        k = names.length;
        index.set(s, k);
        names.push(s);
      }
      gi[i] = k;
    }
  }
  const k = names.length;

  let mu = 0;
  for (let i = 0; i < n; i++) mu += w[i] * y[i];
  if (!(mu > 0)) throw new InequalityInputError("theil: all values are zero; Theil's indices need a positive mean");

  const cnt = new Int32Array(k);
  const Wg = new Float64Array(k);
  const Yg = new Float64Array(k); // sum w_i y_i
  const zeros = new Int32Array(k);
  let anyZero = false;
  for (let i = 0; i < n; i++) {
    const g = gi[i];
    cnt[g]++;
    Wg[g] += w[i];
    Yg[g] += w[i] * y[i];
    if (y[i] === 0) {
      zeros[g]++;
      anyZero = true;
    }
  }
  const mug = new Float64Array(k);
  for (let g = 0; g < k; g++) mug[g] = Yg[g] / Wg[g];

  // totals and group sums of the non-negative terms
  let T = 0;
  let L = 0;
  const Tg = new Float64Array(k);
  const Lg = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const g = gi[i];
    T += w[i] * tTerm(y[i], mu);
    if (mug[g] > 0) Tg[g] += w[i] * tTerm(y[i], mug[g]);
    if (!anyZero) L += w[i] * lTerm(y[i], mu);
    if (zeros[g] === 0) Lg[g] += w[i] * lTerm(y[i], mug[g]);
  }
  let T_between = 0;
  let T_within = 0;
  let L_between = 0;
  let L_within = 0;
  const S = new Float64Array(k);
  for (let g = 0; g < k; g++) {
    S[g] = Yg[g] / mu;
    Tg[g] /= Wg[g];
    Lg[g] /= Wg[g];
    T_between += Wg[g] * tTerm(mug[g], mu); // = sum_g S_g ln(mu_g/mu) since sum_g W_g (mu_g/mu - 1) = 0
    T_within += S[g] * Tg[g];
    if (!anyZero) {
      L_between += Wg[g] * lTerm(mug[g], mu);
      L_within += Wg[g] * Lg[g];
    }
  }
  const share = (v: number) => (T > 0 ? v / T : null);
  const by_group: TheilGroup[] = names.map((name, g) => ({
    group: name,
    n: cnt[g],
    pop_share: Wg[g],
    y_share: S[g],
    mean: mug[g],
    T_g: Tg[g],
    T_within_contrib: S[g] * Tg[g],
    T_within_contrib_share_of_T: share(S[g] * Tg[g]),
    L_g: zeros[g] === 0 ? Lg[g] : null,
    L_within_contrib: zeros[g] === 0 ? Wg[g] * Lg[g] : null,
  }));
  return {
    T,
    T_between,
    T_within,
    T_share_between: share(T_between),
    T_share_within: share(T_within),
    L: anyZero ? null : L,
    L_between: anyZero ? null : L_between,
    L_within: anyZero ? null : L_within,
    weighted,
    n,
    mean: mu,
    groups: names,
    by_group,
  };
}
