/**
 * Correlation of two paired samples: Pearson's r, or Spearman's rho (Pearson's r of the ranks,
 * ties given their mean rank, as R's `cor(method = "spearman")`).
 */

/** Thrown for unusable input: unequal lengths, fewer than 2 pairs, non-finite values, a constant sample. */
export class CorrelationInputError extends Error {
  override name = "CorrelationInputError";
}

/** Mean ranks (1-based), ties sharing the mean of their positions. */
function ranks(x: readonly number[]): number[] {
  const idx = x.map((_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Array<number>(x.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1]] === x[idx[i]]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]] = mean;
    i = j + 1;
  }
  return r;
}

/**
 * `r = sum (a_i - mean a)(b_i - mean b) / sqrt(sum (a_i - mean a)^2 sum (b_i - mean b)^2)`, with
 * `method: "spearman"` on the mean ranks. A constant sample has no correlation: an error, not NaN.
 *
 * @example
 * correlation([1, 2, 3, 4], [2, 4, 6, 8]);                          // 1
 * correlation([1, 2, 3, 4], [1, 3, 2, 4]);                          // 0.8
 * correlation([1, 2, 3, 4], [1, 8, 27, 64], { method: "spearman" }); // 1
 */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>, options: { method?: "pearson" | "spearman" } = {}): number {
  const method = options.method ?? "pearson";
  if (method !== "pearson" && method !== "spearman") throw new CorrelationInputError(`correlation: method must be "pearson" or "spearman", got "${String(method)}"`);
  if (a.length !== b.length) throw new CorrelationInputError(`correlation: the samples have ${a.length} and ${b.length} values`);
  if (a.length < 2) throw new CorrelationInputError(`correlation: needs at least 2 pairs, got ${a.length}`);
  const x = Array.from(a), y = Array.from(b);
  x.forEach((v, i) => {
    if (!Number.isFinite(v) || !Number.isFinite(y[i])) throw new CorrelationInputError(`correlation: pair ${i + 1} is not finite (${v}, ${y[i]})`);
  });
  const u = method === "spearman" ? ranks(x) : x;
  const v = method === "spearman" ? ranks(y) : y;
  const mu = u.reduce((s, t) => s + t, 0) / u.length;
  const mv = v.reduce((s, t) => s + t, 0) / v.length;
  let suv = 0, suu = 0, svv = 0;
  for (let i = 0; i < u.length; i++) {
    const du = u[i] - mu, dv = v[i] - mv;
    suv += du * dv;
    suu += du * du;
    svv += dv * dv;
  }
  if (suu === 0 || svv === 0) throw new CorrelationInputError(`correlation: the ${suu === 0 ? "first" : "second"} sample is constant`);
  return Math.max(-1, Math.min(1, suv / Math.sqrt(suu * svv)));
}
