/**
 * The Gini coefficient (population form) and the sorted-prefix-sum helpers shared with Dagum's
 * decomposition.
 */

/** Thrown for input the inequality measures cannot use (NaN, negative values, zero mean, empty). */
export class InequalityInputError extends Error {
  override name = "InequalityInputError";
}

/**
 * Checks values are finite and non-negative; returns a Float64Array copy.
 * @internal shared by gini and dagum.
 */
export function checkInequalityValues(values: ArrayLike<number>, what: string): Float64Array {
  if (values === null || values === undefined || typeof values.length !== "number") {
    throw new InequalityInputError(`${what}: values must be an array of numbers`);
  }
  const n = values.length;
  if (n === 0) throw new InequalityInputError(`${what}: no values (need at least one unit)`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new InequalityInputError(`${what}: value at index ${i} is ${String(v)} (not a number)`);
    }
    if (!Number.isFinite(v)) throw new InequalityInputError(`${what}: value at index ${i} is ${v} (not finite)`);
    if (v < 0) {
      throw new InequalityInputError(
        `${what}: value at index ${i} is negative (${v}); the Gini coefficient assumes non-negative values ` +
          `with a positive mean (it compares shares of a total), so shift or rescale the variable first`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Scales `x` in place by a power of two so that its largest magnitude lies in [1, 2), and returns
 * the exponent e (x was 2^e times the result; 0 when every value is 0). Multiplying by a power of
 * two is exact in floating point (short of the subnormal range), so every +, -, *, / and sqrt on
 * the scaled values gives, bit for bit, the result on the original values times a power of two:
 * scale-free results are unchanged for ordinary data, and sums of values near 1e308 (overflow) or
 * products of values near 1e-300 (underflow) stay finite and exact.
 * @internal shared by gini and dagum.
 *
 * @example
 * const x = new Float64Array([1e308, 1.5e308]);
 * const e = scaleToUnit(x); // 1023: x is now [1e308 / 2^1023, 1.5e308 / 2^1023] = [1.1125369292536007, 1.668805393880401]
 */
export function scaleToUnit(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]);
    if (v > m) m = v;
  }
  if (!(m > 0) || !Number.isFinite(m)) return 0;
  // e = floor(log2 m), corrected where log2 rounds across an integer
  let e = Math.floor(Math.log2(m));
  if (2 ** e > m) e--;
  else if (e < 1023 && 2 ** (e + 1) <= m) e++;
  // multiply by 2^-e in at most two exact steps (2^-e may exceed 2^1023 when m is subnormal)
  let k = -e;
  while (k !== 0) {
    const step = k > 1023 ? 1023 : k;
    const f = 2 ** step;
    for (let i = 0; i < x.length; i++) x[i] *= f;
    k -= step;
  }
  return e;
}

/**
 * `sum_i sum_r |x_i - x_r|` over all ordered pairs of one sorted (ascending) array:
 * `2 sum_i (2i - n - 1) x_(i)` (1-based i). O(n).
 * @internal shared by gini and dagum.
 *
 * @example
 * sumAbsDiffSorted([1, 2, 4]); // 12 (ordered pairs: 2 * (1 + 3 + 2))
 */
export function sumAbsDiffSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += (2 * i + 1 - n) * sorted[i];
  return 2 * s;
}

/**
 * The Gini coefficient, population form (as Dagum 1997 and METHODS.md section 4):
 *
 * `G = sum_i sum_j |y_i - y_j| / (2 n^2 mu)`,
 *
 * computed in O(n log n) as `G = sum_i (2i - n - 1) y_(i) / (n^2 mu)` over the sorted values.
 * This is R `ineq::Gini(corr = FALSE)` and laeken's unweighted Gini / 100; the "sample" form
 * multiplies by n / (n - 1). One unit gives 0; all values equal give 0.
 *
 * Scale-free, and computed so: the values are first divided by a power of two (exactly) that brings
 * the largest into [1, 2), so values near 1e308 do not overflow the sum (`gini([1e308, 1.5e308,
 * 1e308])` is 0.0952..., not NaN) and ordinary data give bit for bit the same number as without.
 *
 * Errors (InequalityInputError): empty input, NaN or infinite values (index named), negative values
 * (the Gini coefficient assumes non-negative values with a positive mean), all values zero.
 *
 * @example
 * gini([1, 2, 3, 4, 6]); // 0.3 (sum |yi - yj| = 48, n = 5, mu = 3.2: 48 / (2 * 25 * 3.2))
 * gini([5, 5, 5]);       // 0
 * gini([1e308, 1.5e308, 1e308]); // 0.09523809523809523 (= 2/21, as gini([2, 3, 2]); no overflow)
 */
export function gini(values: ArrayLike<number>): number {
  const x = checkInequalityValues(values, "gini");
  const n = x.length;
  scaleToUnit(x);
  x.sort();
  let total = 0;
  for (let i = 0; i < n; i++) total += x[i];
  if (!(total > 0)) {
    throw new InequalityInputError("gini: all values are zero; the Gini coefficient needs a positive mean");
  }
  const mu = total / n;
  return sumAbsDiffSorted(x) / (2 * n * n * mu);
}
