/**
 * Obstacle degree (paper 1, eqs 11-12; docs/METHODS.md section 3).
 */

/** Options of {@link obstacleDegree}. */
export interface ObstacleOptions {
  /** Criterion (layer) name of each indicator: the criterion's obstacle is the sum of its indicators'. */
  groups?: readonly string[];
  /** Indicator names, used in error messages and echoed in the result. */
  names?: readonly string[];
}

/** Criterion-layer obstacles. */
export interface CriterionObstacle {
  /** Criterion names in order of first appearance in `options.groups`. */
  names: string[];
  /** Per criterion (same order as `names`), one value per row, as a fraction (rows sum to 1). */
  obstacle: Float64Array[];
  /** Per criterion, the mean over rows, as a fraction. */
  mean: number[];
}

/** Result of {@link obstacleDegree}. */
export interface ObstacleResult {
  /** Per indicator (column layout, same order as the input), one value per row, as a fraction; rows sum to 1. */
  obstacle: Float64Array[];
  /** Per indicator, the mean over all rows, as a fraction (sums to 1 unless some rows are all zero). */
  mean: number[];
  /** Criterion-layer obstacles, when `options.groups` is given. */
  criteria?: CriterionObstacle;
  /** Rows with `sum_j w_j (1 - x'_ij) <= 0` (every weighted indicator at its best): all their obstacles are 0. */
  zeroRows: number[];
  /** Indicator names (given, or `"column <j>"`). */
  names: string[];
}

/** Thrown for bad input to {@link obstacleDegree}; carries the column / row when they apply. */
export class ObstacleInputError extends Error {
  override name = "ObstacleInputError";
  constructor(
    message: string,
    readonly column?: number,
    readonly row?: number,
  ) {
    super(message);
  }
}

/**
 * Obstacle degree of each indicator, per row (unit or unit-year), as a fraction of the row's total obstacle (paper 1, eqs 11-12;
 * the paper prints it x 100 in percent: display layers do that, the data stay fractions).
 *
 * Orientation: indicators x rows, in and out. `normalized[j][i]` is indicator j of row i (as
 * `entropyWeights(...).normalized`), `weights[j]` its weight, and `obstacle[j][i]` its obstacle
 * degree in row i.
 *
 * Formulas, with `x'` and `w` from the entropy step (the same `ln 0` convention: pass
 * `entropyWeights(...).normalized` and `.weights`):
 * - eq 11, deviation `I_ij = 1 - x'_ij`, factor contribution `F_j = w_j`;
 * - eq 12, `O_ij = w_j I_ij / sum_j w_j I_ij` (the paper's x 100 is left to display), so each row sums to 1;
 * - a criterion layer's obstacle is the sum of its indicators' `O_ij` (`options.groups`).
 *
 * Conventions: the weights need not sum to exactly 1 (the ratio is invariant to their scale, so
 * the 4-decimal weights of a published table work), but must be finite, non-negative and not all 0.
 * A row where `sum_j w_j (1 - x'_ij) <= 0`, i.e. every weighted indicator is at its best
 * (x' = 1), has no obstacle: every `O_ij` of that row is 0 (the row sums to 0, not 1) and the row
 * is listed in `zeroRows`. Under the `shift` convention the best value is `1 + shift`, so its
 * deviation is `-shift` and its obstacle slightly negative: that is what the formulas give.
 * `mean` is the plain mean over all rows (for a balanced panel, the mean of the yearly means that
 * paper 1's Tables 5-6 print).
 *
 * Errors ({@link ObstacleInputError}, naming the column by index or by name, and the row): no
 * columns, an empty or ragged column, NaN or +-Infinity, weights of the wrong length, negative,
 * non-finite or all 0, `groups` / `names` of the wrong length.
 *
 * @example
 * // hand computation: two indicators, w = (0.5, 0.5)
 * // row 0: x' = (0, 0.5): deviations weighted 0.5, 0.25 -> 2/3, 1/3
 * // row 1: x' = (1, 0.5): 0, 0.25 -> 0, 1
 * const r = obstacleDegree([[0, 1], [0.5, 0.5]], [0.5, 0.5], { groups: ["A", "B"] });
 * r.obstacle[0]; // Float64Array [0.6666..., 0]
 * r.obstacle[1]; // Float64Array [0.3333..., 1]
 * r.mean;        // [0.3333..., 0.6666...]
 * r.criteria!.names; // ["A", "B"]
 */
export function obstacleDegree(
  normalized: readonly ArrayLike<number>[],
  weights: ArrayLike<number>,
  options: ObstacleOptions = {},
): ObstacleResult {
  if (!Array.isArray(normalized) || normalized.length === 0) {
    throw new ObstacleInputError("obstacleDegree: no columns given (expected an array of normalised indicator columns)");
  }
  const k = normalized.length;
  const givenNames = options.names;
  if (givenNames !== undefined && (!Array.isArray(givenNames) || givenNames.length !== k)) {
    throw new ObstacleInputError(
      `obstacleDegree: options.names has ${Array.isArray(givenNames) ? givenNames.length : "no"} entries for ${k} columns`,
    );
  }
  const label = (j: number) => (givenNames ? `column ${j} ("${givenNames[j]}")` : `column ${j}`);
  const names: string[] = [];
  for (let j = 0; j < k; j++) names.push(givenNames ? String(givenNames[j]) : `column ${j}`);

  if (weights == null || typeof weights.length !== "number" || weights.length !== k) {
    throw new ObstacleInputError(
      `obstacleDegree: weights has ${weights == null || typeof weights.length !== "number" ? "no" : weights.length} entries for ${k} columns`,
    );
  }
  let wsum = 0;
  for (let j = 0; j < k; j++) {
    const w = weights[j];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new ObstacleInputError(`obstacleDegree: weight of ${label(j)} must be a finite number >= 0, got ${String(w)}`, j);
    }
    wsum += w;
  }
  if (!(wsum > 0)) throw new ObstacleInputError("obstacleDegree: every weight is 0");

  const groups = options.groups;
  if (groups !== undefined && (!Array.isArray(groups) || groups.length !== k)) {
    throw new ObstacleInputError(
      `obstacleDegree: options.groups has ${Array.isArray(groups) ? groups.length : "no"} entries for ${k} columns`,
    );
  }

  const first = normalized[0];
  if (first == null || typeof first.length !== "number") {
    throw new ObstacleInputError(`obstacleDegree: ${label(0)} is not an array`, 0);
  }
  const m = first.length;
  if (m === 0) throw new ObstacleInputError(`obstacleDegree: ${label(0)} is empty`, 0);
  for (let j = 0; j < k; j++) {
    const col = normalized[j];
    if (col == null || typeof col.length !== "number") {
      throw new ObstacleInputError(`obstacleDegree: ${label(j)} is not an array`, j);
    }
    if (col.length !== m) {
      throw new ObstacleInputError(
        `obstacleDegree: ragged columns: ${label(j)} has ${col.length} values, ${label(0)} has ${m}`,
        j,
      );
    }
    for (let i = 0; i < m; i++) {
      const v = col[i];
      if (typeof v !== "number" || v - v !== 0) {
        throw new ObstacleInputError(`obstacleDegree: ${label(j)}, row ${i}: value ${String(v)} is not a finite number`, j, i);
      }
    }
  }

  // total weighted deviation per row
  const total = new Float64Array(m);
  for (let j = 0; j < k; j++) {
    const w = weights[j];
    if (w === 0) continue;
    const col = normalized[j];
    for (let i = 0; i < m; i++) total[i] += w * (1 - col[i]);
  }
  const zeroRows: number[] = [];
  // scale[i] = 1 / total[i], or 0 for a row without obstacle
  const scale = total;
  for (let i = 0; i < m; i++) {
    if (total[i] > 0) scale[i] = 1 / total[i];
    else {
      scale[i] = 0;
      zeroRows.push(i);
    }
  }

  const obstacle: Float64Array[] = new Array(k);
  const mean: number[] = new Array(k);
  for (let j = 0; j < k; j++) {
    const w = weights[j];
    const col = normalized[j];
    const out = new Float64Array(m);
    let s = 0;
    if (w !== 0) {
      for (let i = 0; i < m; i++) {
        const o = w * (1 - col[i]) * scale[i];
        out[i] = o;
        s += o;
      }
    }
    obstacle[j] = out;
    mean[j] = s / m;
  }

  const result: ObstacleResult = { obstacle, mean, zeroRows, names };
  if (groups) {
    const gnames: string[] = [];
    const index = new Map<string, number>();
    const gobs: Float64Array[] = [];
    for (let j = 0; j < k; j++) {
      const g = String(groups[j]);
      let gi = index.get(g);
      if (gi === undefined) {
        gi = gnames.length;
        index.set(g, gi);
        gnames.push(g);
        gobs.push(new Float64Array(m));
      }
      const acc = gobs[gi];
      const o = obstacle[j];
      for (let i = 0; i < m; i++) acc[i] += o[i];
    }
    const gmean = gobs.map((a) => {
      let s = 0;
      for (let i = 0; i < m; i++) s += a[i];
      return s / m;
    });
    result.criteria = { names: gnames, obstacle: gobs, mean: gmean };
  }
  return result;
}
