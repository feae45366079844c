/**
 * Entropy weight method (paper 1, eqs 1-7; docs/METHODS.md section 1).
 *
 * Plain numbers in, plain result objects out: no I/O, no DataFrames.
 */

/** An indicator column: one value per unit (or unit-year). */
export type IndicatorColumn = ArrayLike<number>;

/** Direction of an indicator: `"+"` larger is better, `"-"` smaller is better. */
export type EntropyDirection = "+" | "-";

/**
 * The `ln 0` convention (METHODS.md section 1):
 * - `"limit"`: `0 ln 0 := 0`, the formulas as printed in the papers (default);
 * - `{ shift: s }`: add `s > 0` to every min-max value (0.0001, 0.001, 0.01 appear in the literature);
 * - `{ epsilon: e }`: rescale into `[e, 1 - e]` as `e + (1 - 2e) x'` (0.0001 in the common MATLAB
 *   code, 0.002 in R mathmodels), `0 < e < 0.5`.
 */
export type ZeroConvention = "limit" | { shift: number } | { epsilon: number };

/** Options of {@link entropyWeights}. */
export interface EntropyOptions {
  /** `"+"` or `"-"` for each column (required, same length as `columns`). */
  directions: readonly EntropyDirection[];
  /** The `ln 0` convention; default `"limit"` (`0 ln 0 := 0`). */
  zero?: ZeroConvention;
  /** Column names, used in error messages and echoed in the result. */
  names?: readonly string[];
  /**
   * What to do with a constant column (`max = min`, min-max is 0/0): `"error"` (default) throws,
   * `"drop"` gives it weight 0, entropy 1, divergence 0, a normalised column equal to the
   * transformed value of 0 (0, `shift`, or `epsilon`), and lists it in `dropped`.
   */
  constant?: "error" | "drop";
}

/** The convention actually used, echoed in every result. */
export interface EntropyConvention {
  /** `"limit"`, `"shift"` or `"epsilon"`. */
  zero: "limit" | "shift" | "epsilon";
  /** The shift or epsilon value (0 for `"limit"`). */
  value: number;
  /** Pooled min-max over all rows given (one weight set, `m` = number of rows). */
  pooled: true;
  constant: "error" | "drop";
  directions: EntropyDirection[];
}

/** Result of {@link entropyWeights}. Per-column arrays follow the order of `columns`. */
export interface EntropyResult {
  /** `w_j = (1 - e_j) / sum_j (1 - e_j)`, non-negative, summing to 1 (dropped columns: 0). */
  weights: number[];
  /** Information entropy `e_j` (golden files: `e`). */
  entropy: number[];
  /** Divergence `d_j = 1 - e_j`. */
  divergence: number[];
  /** `x'_ij` per column, after min-max by direction and then any shift or rescaling. */
  normalized: Float64Array[];
  /** Composite index `U_i = sum_j w_j x'_ij` per row (golden files: `score_x100 / 100`). */
  scores: Float64Array;
  /** Indices of dropped constant columns (only with `constant: "drop"`), ascending. */
  dropped: number[];
  /** Column names (given, or `"column <j>"`). */
  names: string[];
  /** Number of rows `m`. */
  m: number;
  convention: EntropyConvention;
}

/** Thrown for bad input to {@link entropyWeights}; carries the column / row when they apply. */
export class EntropyInputError extends Error {
  override name = "EntropyInputError";
  constructor(
    message: string,
    readonly column?: number,
    readonly row?: number,
  ) {
    super(message);
  }
}

function label(names: readonly string[] | undefined, j: number): string {
  return names ? `column ${j} ("${names[j]}")` : `column ${j}`;
}

function parseZero(zero: ZeroConvention | undefined): { kind: "limit" | "shift" | "epsilon"; value: number } {
  if (zero === undefined || zero === "limit") return { kind: "limit", value: 0 };
  if (typeof zero === "object" && zero !== null) {
    if ("shift" in zero) {
      const s = zero.shift;
      if (typeof s !== "number" || !Number.isFinite(s) || s <= 0) {
        throw new EntropyInputError(`entropyWeights: options.zero.shift must be a finite number > 0, got ${s}`);
      }
      return { kind: "shift", value: s };
    }
    if ("epsilon" in zero) {
      const e = zero.epsilon;
      if (typeof e !== "number" || !Number.isFinite(e) || e <= 0 || e >= 0.5) {
        throw new EntropyInputError(`entropyWeights: options.zero.epsilon must be a number in (0, 0.5), got ${e}`);
      }
      return { kind: "epsilon", value: e };
    }
  }
  throw new EntropyInputError(
    `entropyWeights: options.zero must be "limit", { shift: number } or { epsilon: number }, got ${JSON.stringify(zero)}`,
  );
}

/**
 * Entropy weights and composite scores of a set of indicator columns (paper 1, eqs 1-7).
 *
 * Orientation: indicators x rows. `columns[j][i]` is indicator j of row i: one array per
 * indicator, one value per row (unit or unit-year), not one array per row.
 *
 * Formulas (pooled over all `m` rows given, e.g. units x years, so that scores are comparable
 * across years; for per-year weights call it once per year's rows):
 * - eqs 1-2, min-max by direction: positive `x' = (x - min)/(max - min)`, negative
 *   `x' = (max - x)/(max - min)`; then, by `options.zero`, nothing (`"limit"`), `x' + shift`, or
 *   `eps + (1 - 2 eps) x'`. From there on `x'` means the transformed value everywhere
 *   (proportions, scores, `normalized`, and the obstacle degree computed from it).
 * - eq 3, `p_ij = x'_ij / sum_i x'_ij`;
 * - eq 4, `e_j = -(1 / ln m) sum_i p_ij ln p_ij`, with `0 ln 0 := 0` under `"limit"`;
 * - eqs 5-6, `d_j = 1 - e_j`, `w_j = d_j / sum_j d_j`;
 * - eq 7, `U_i = sum_j w_j x'_ij`, in [0, 1] under `"limit"` and `epsilon` (under `shift`,
 *   in `[shift, 1 + shift]`).
 *
 * Errors ({@link EntropyInputError}, naming the column by index, or by name with `options.names`,
 * and the row where it applies): no columns, fewer than 2 rows, ragged columns, NaN or
 * +-Infinity, a constant column (unless `constant: "drop"`), a direction list of the wrong length
 * or with a value other than `"+"`/`"-"`, a `names` list of the wrong length, a bad `zero` option.
 *
 * @example
 * // golden/entropy.json, case "two-columns" (plain min-max, 0 ln 0 = 0)
 * const r = entropyWeights([[3, 5, 2, 7], [10, 20, 15, 25]], { directions: ["+", "-"] });
 * r.weights;   // [0.54519975, 0.45480025]
 * r.entropy;   // [0.67582206, 0.72957396]
 * r.scores;    // Float64Array [0.5638402, 0.47871993, 0.30320017, 0.54519975]
 * r.normalized[0]; // Float64Array [0.2, 0.6, 0, 1]  ((x - 2) / 5)
 */
export function entropyWeights(columns: readonly IndicatorColumn[], options: EntropyOptions): EntropyResult {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new EntropyInputError("entropyWeights: no columns given (expected an array of indicator columns)");
  }
  if (!options || !Array.isArray(options.directions)) {
    throw new EntropyInputError('entropyWeights: options.directions is required ("+" or "-" per column)');
  }
  const k = columns.length;
  const givenNames = options.names;
  if (givenNames !== undefined && (!Array.isArray(givenNames) || givenNames.length !== k)) {
    throw new EntropyInputError(
      `entropyWeights: options.names has ${Array.isArray(givenNames) ? givenNames.length : "no"} entries for ${k} columns`,
    );
  }
  const names: string[] = [];
  for (let j = 0; j < k; j++) names.push(givenNames ? String(givenNames[j]) : `column ${j}`);
  const directions = options.directions;
  if (directions.length !== k) {
    throw new EntropyInputError(
      `entropyWeights: options.directions has ${directions.length} entries for ${k} columns`,
    );
  }
  for (let j = 0; j < k; j++) {
    if (directions[j] !== "+" && directions[j] !== "-") {
      throw new EntropyInputError(
        `entropyWeights: direction of ${label(givenNames, j)} must be "+" or "-", got ${JSON.stringify(directions[j])}`,
        j,
      );
    }
  }
  const constant = options.constant ?? "error";
  if (constant !== "error" && constant !== "drop") {
    throw new EntropyInputError(`entropyWeights: options.constant must be "error" or "drop", got ${JSON.stringify(constant)}`);
  }
  const zero = parseZero(options.zero);

  const first = columns[0];
  if (first == null || typeof first.length !== "number") {
    throw new EntropyInputError(`entropyWeights: ${label(givenNames, 0)} is not an array`, 0);
  }
  const m = first.length;
  if (m === 0) throw new EntropyInputError(`entropyWeights: ${label(givenNames, 0)} is empty`, 0);
  for (let j = 0; j < k; j++) {
    const col = columns[j];
    if (col == null || typeof col.length !== "number") {
      throw new EntropyInputError(`entropyWeights: ${label(givenNames, j)} is not an array`, j);
    }
    if (col.length !== m) {
      throw new EntropyInputError(
        `entropyWeights: ragged columns: ${label(givenNames, j)} has ${col.length} values, ${label(givenNames, 0)} has ${m}`,
        j,
      );
    }
  }
  if (m < 2) {
    throw new EntropyInputError(`entropyWeights: need at least 2 rows (ln m = 0 for m = 1), got ${m}`);
  }

  const lnm = Math.log(m);
  // affine map from min-max value t in [0, 1] to the final x' = a t + b
  const a = zero.kind === "epsilon" ? 1 - 2 * zero.value : 1;
  const b = zero.kind === "limit" ? 0 : zero.value;

  const normalized: Float64Array[] = new Array(k);
  const entropy: number[] = new Array(k);
  const divergence: number[] = new Array(k);
  const dropped: number[] = [];

  for (let j = 0; j < k; j++) {
    const col = columns[j];
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < m; i++) {
      const v = col[i];
      // typeof catches undefined/null/strings in plain arrays; v - v !== 0 catches NaN and +-Infinity
      if (typeof v !== "number" || v - v !== 0) {
        throw new EntropyInputError(
          `entropyWeights: ${label(givenNames, j)}, row ${i}: value ${String(v)} is not a finite number`,
          j,
          i,
        );
      }
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const out = new Float64Array(m);
    normalized[j] = out;
    const range = max - min;
    if (!(range > 0) || !Number.isFinite(range)) {
      if (range > 0) {
        throw new EntropyInputError(
          `entropyWeights: ${label(givenNames, j)}: range max - min overflows (${max} - ${min})`,
          j,
        );
      }
      if (constant === "drop") {
        out.fill(b);
        entropy[j] = 1;
        divergence[j] = 0;
        dropped.push(j);
        continue;
      }
      throw new EntropyInputError(
        `entropyWeights: ${label(givenNames, j)} is constant (every value is ${min}): min-max is 0/0; ` +
          `remove it or pass options.constant = "drop"`,
        j,
      );
    }
    // divide (not multiply by 1/range) so that the extreme rows get exactly 0 and 1
    let sum = 0;
    if (directions[j] === "+") {
      for (let i = 0; i < m; i++) {
        const x = a * ((col[i] - min) / range) + b;
        out[i] = x;
        sum += x;
      }
    } else {
      for (let i = 0; i < m; i++) {
        const x = a * ((max - col[i]) / range) + b;
        out[i] = x;
        sum += x;
      }
    }
    // sum > 0: at least one row has min-max value 1
    const invSum = 1 / sum;
    let h = 0;
    for (let i = 0; i < m; i++) {
      const p = out[i] * invSum;
      if (p > 0) h += p * Math.log(p);
    }
    const e = -h / lnm;
    entropy[j] = e;
    divergence[j] = 1 - e;
  }

  if (dropped.length === k) {
    throw new EntropyInputError(`entropyWeights: every column is constant (${k} dropped): no weights can be computed`);
  }
  let dsum = 0;
  for (let j = 0; j < k; j++) dsum += divergence[j];
  if (!(dsum > 0)) {
    throw new EntropyInputError(`entropyWeights: the sum of divergences 1 - e_j is ${dsum}: no weights can be computed`);
  }
  const weights: number[] = new Array(k);
  for (let j = 0; j < k; j++) weights[j] = divergence[j] / dsum;

  const scores = new Float64Array(m);
  for (let j = 0; j < k; j++) {
    const w = weights[j];
    if (w === 0) continue;
    const col = normalized[j];
    for (let i = 0; i < m; i++) scores[i] += w * col[i];
  }

  return {
    weights,
    entropy,
    divergence,
    normalized,
    scores,
    dropped,
    names,
    m,
    convention: {
      zero: zero.kind,
      value: zero.value,
      pooled: true,
      constant,
      directions: Array.from(directions),
    },
  };
}
