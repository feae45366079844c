/**
 * Kernel density estimation of one variable, e.g. the provinces' coupling coordination degree D
 * in one year (the "dynamic evolution" figures of this literature; docs/METHODS.md section 11).
 *
 * `f(t) = (1/n) sum_i K_bw(t - x_i)` evaluated as an exact sum over all n points at every grid
 * point, with R's conventions (`stats::density`): `bw` is the kernel's standard deviation for both
 * kernels, bandwidth rules `nrd0` / `nrd` with type-7 quantiles, grid from `min - 3 bw` to
 * `max + 3 bw`. R's `density()` itself bins the data and convolves by FFT, which moves values by
 * up to a few tenths of a percent of the peak; this module does not bin.
 */

/** Thrown for input {@link kernelDensity} cannot use (NaN, too few values, bad options). */
export class KernelDensityInputError extends Error {
  override name = "KernelDensityInputError";
}

/** Kernel shape. */
export type Kernel = "gaussian" | "epanechnikov";

/** A bandwidth rule: `"nrd0"` (R's default, "Silverman") or `"nrd"` ("Scott" in R's sense). */
export type BandwidthRule = "nrd0" | "nrd";

/** Options of {@link kernelDensity}. */
export interface KernelDensityOptions {
  /** `"gaussian"` (default) or `"epanechnikov"`. */
  kernel?: Kernel;
  /**
   * The kernel's standard deviation (a positive number), or a rule: `"nrd0"` (default),
   * `"nrd"`. For the Epanechnikov kernel the support is then `+-sqrt(5) bw`.
   */
  bandwidth?: number | BandwidthRule;
  /** Number of grid points (integer >= 2; default 512). */
  n?: number;
  /** First grid point (default `min(values) - 3 bw`). */
  from?: number;
  /** Last grid point (default `max(values) + 3 bw`). */
  to?: number;
}

/** Result of {@link kernelDensity}. */
export interface KernelDensityResult {
  /** Grid points `x_j = from + j (to - from)/(n - 1)`, j = 0..n-1; the last is exactly `to`. */
  x: number[];
  /** Estimated density at each grid point. */
  density: number[];
  /** The bandwidth used (the kernel's standard deviation). */
  bandwidth: number;
  /** The kernel used. */
  kernel: Kernel;
  /** How the bandwidth was chosen: `"nrd0"`, `"nrd"`, or `"given"`. */
  rule: BandwidthRule | "given";
  /** The grid's ends. */
  from: number;
  to: number;
  /** Number of data values. */
  nValues: number;
  /** Sample standard deviation of the values (n - 1 denominator; NaN-free: 0 for one value). */
  sd: number;
  /** Interquartile range with type-7 quantiles. */
  iqr: number;
}

/**
 * Quantile of sorted (ascending) values by linear interpolation, Hyndman-Fan type 7 (R's default,
 * numpy "linear"): position `h = (N - 1) p`, value `x[floor h] + (x[floor h + 1] - x[floor h]) (h - floor h)`.
 * Written as `a + (b - a) f` so that interpolating between equal values returns that value exactly
 * (mapclassify's duplicate-bound collapse relies on it).
 * @internal shared with classify (markov.ts).
 *
 * @example
 * quantileType7([0, 1, 1, 3], 0.25); // 0.75
 * quantileType7([0, 1, 1, 3], 0.75); // 1.5
 */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  const N = sorted.length;
  const h = (N - 1) * p;
  const lo = Math.floor(h);
  if (lo >= N - 1) return sorted[N - 1];
  if (lo < 0) return sorted[0];
  const f = h - lo;
  const a = sorted[lo];
  if (f === 0) return a;
  return a + (sorted[lo + 1] - a) * f;
}

function checkValues(values: ArrayLike<number>, what: string): Float64Array {
  if (values === null || values === undefined || typeof values.length !== "number") {
    throw new KernelDensityInputError(`${what}: values must be an array of numbers`);
  }
  const n = values.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new KernelDensityInputError(`${what}: value ${i + 1} (counted from 1) is ${String(v)}, not a finite number`);
    }
    x[i] = v;
  }
  return x;
}

function sdOf(x: Float64Array): number {
  const n = x.length;
  if (n < 2) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  return Math.sqrt(ss / (n - 1));
}

function spread(x: Float64Array): { sd: number; iqr: number } {
  const sorted = Float64Array.from(x).sort();
  return { sd: sdOf(x), iqr: quantileType7(sorted, 0.75) - quantileType7(sorted, 0.25) };
}

function needTwo(x: Float64Array, what: string): void {
  if (x.length < 2) {
    throw new KernelDensityInputError(`${what}: a bandwidth rule needs at least 2 values, got ${x.length}`);
  }
}

function nrd0From(sd: number, iqr: number, x: Float64Array): number {
  let lo = Math.min(sd, iqr / 1.34);
  // R bw.nrd0's fallbacks when sd or IQR is 0: sd, then |x[1]|, then 1
  if (!lo) lo = sd || Math.abs(x[0]) || 1;
  return 0.9 * lo * Math.pow(x.length, -0.2);
}

function nrdFrom(sd: number, iqr: number, n: number, what: string): number {
  const bw = 1.06 * Math.min(sd, iqr / 1.34) * Math.pow(n, -0.2);
  if (!(bw > 0)) {
    throw new KernelDensityInputError(
      `${what}: the "nrd" rule gives bandwidth ${bw} (sd = ${sd}, IQR = ${iqr}); give a positive bandwidth or use "nrd0"`,
    );
  }
  return bw;
}

/**
 * R's `bw.nrd0` ("Silverman's rule of thumb", R's default):
 * `0.9 min(sd, IQR/1.34) n^(-1/5)`, sd with the n - 1 denominator, IQR from type-7 quantiles;
 * when `min(sd, IQR/1.34)` is 0 it falls back to sd, then `|x_1|`, then 1 (as R).
 * Not SciPy's `"silverman"` (`(3n/4)^(-1/5) sd`).
 *
 * Errors (KernelDensityInputError): fewer than 2 values, a NaN or infinite value (position named).
 *
 * @example
 * bandwidthNrd0([0, 1, 1, 3]); // 0.3817569710427308 (sd 1.2583, IQR 0.75: 0.9 * 0.75/1.34 * 4^-0.2)
 */
export function bandwidthNrd0(values: ArrayLike<number>): number {
  const x = checkValues(values, "bandwidthNrd0");
  needTwo(x, "bandwidthNrd0");
  const { sd, iqr } = spread(x);
  return nrd0From(sd, iqr, x);
}

/**
 * R's `bw.nrd` ("Scott's" variant in R): `1.06 min(sd, IQR/1.34) n^(-1/5)`, same sd / IQR
 * conventions as {@link bandwidthNrd0}, no fallback: a zero result throws. Not SciPy's `"scott"`
 * (`sd n^(-1/5)`).
 *
 * Errors (KernelDensityInputError): fewer than 2 values, a NaN or infinite value, a zero bandwidth.
 *
 * @example
 * bandwidthNrd([0, 1, 1, 3]); // 0.449624877005883 (1.06 * 0.75/1.34 * 4^-0.2)
 */
export function bandwidthNrd(values: ArrayLike<number>): number {
  const x = checkValues(values, "bandwidthNrd");
  needTwo(x, "bandwidthNrd");
  const { sd, iqr } = spread(x);
  return nrdFrom(sd, iqr, x.length, "bandwidthNrd");
}

/** Steps between exact re-evaluations of the Gaussian recurrence (bounds the rounding drift). */
const REANCHOR = 32;

/** Gaussian sums `sum_i exp(-(t_j - x_i)^2 / (2 h^2))` on the grid t_j = from + j step (last = to). */
function gaussianSums(x: Float64Array, grid: Float64Array, from: number, step: number, h: number): Float64Array {
  const n = grid.length;
  const out = new Float64Array(n);
  const c = 1 / (2 * h * h);
  const a2 = Math.exp(-2 * step * step * c); // ratio of successive step factors
  const s2 = step * step;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    let j0 = Math.round((xi - from) / step);
    if (j0 < 0) j0 = 0;
    else if (j0 > n - 1) j0 = n - 1;
    // to the right of the nearest grid point, then to the left (distances grow both ways):
    // e_(j+1) = e_j f_j, f_j = exp(-(2 step d_j + step^2) c), f_(j+1) = f_j a2, where d_j is the
    // distance to the value; e and f are re-evaluated with exp at the start of every block
    right: for (let j = j0; j < n; ) {
      const d = grid[j] - xi;
      let e = Math.exp(-d * d * c);
      let f = Math.exp(-(2 * step * d + s2) * c);
      const end = Math.min(n, j + REANCHOR);
      for (; j < end; j++) {
        if (e === 0) break right;
        out[j] += e;
        e *= f;
        f *= a2;
      }
    }
    left: for (let j = j0 - 1; j >= 0; ) {
      const d = xi - grid[j];
      let e = Math.exp(-d * d * c);
      let f = Math.exp(-(2 * step * d + s2) * c);
      const end = Math.max(-1, j - REANCHOR);
      for (; j > end; j--) {
        if (e === 0) break left;
        out[j] += e;
        e *= f;
        f *= a2;
      }
    }
  }
  return out;
}

/** Epanechnikov sums `sum_i (1 - ((t_j - x_i)/a)^2)` over |t_j - x_i| < a. */
function epanechnikovSums(x: Float64Array, grid: Float64Array, from: number, step: number, a: number): Float64Array {
  const n = grid.length;
  const out = new Float64Array(n);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    let lo = Math.floor((xi - a - from) / step);
    let hi = Math.ceil((xi + a - from) / step);
    if (lo < 0) lo = 0;
    if (hi > n - 1) hi = n - 1;
    for (let j = lo; j <= hi; j++) {
      const u = grid[j] - xi;
      if (Math.abs(u) < a) {
        const v = u / a;
        out[j] += 1 - v * v;
      }
    }
  }
  return out;
}

/**
 * Kernel density estimate on an even grid, as an exact sum (no binning):
 *
 * `f(t) = (1/n) sum_i K_bw(t - x_i)`, with
 * - Gaussian: `K_bw(u) = exp(-u^2 / (2 bw^2)) / (bw sqrt(2 pi))`;
 * - Epanechnikov in R's convention: `bw` is the kernel's standard deviation, so
 *   `K_bw(u) = 3/(4a) (1 - (u/a)^2)` for `|u| < a = sqrt(5) bw`, else 0. The textbook kernel
 *   `3/4 (1 - u^2)` with half-width h is the same with `bw = h / sqrt(5)`.
 *
 * Bandwidth: a positive number, or `"nrd0"` (default; {@link bandwidthNrd0}) or `"nrd"`
 * ({@link bandwidthNrd}). Grid: `n` points (default 512) from `from` (default `min - 3 bw`) to `to`
 * (default `max + 3 bw`), R's default `cut = 3`; so the default grid moves with the bandwidth.
 *
 * Algorithm: the Gaussian sum is evaluated for each data point along the grid with the exact
 * recurrence `e_{j+1} = e_j exp(-(2 step d_j + step^2)/(2 bw^2))` (the factor itself is updated by
 * multiplication), re-evaluated with `exp` every 32 grid steps, and stopped where the term
 * underflows to 0 (where the direct sum adds exact zeros); this is the direct sum reordered, equal
 * to it to about 1e-13 relative, and O(n x grid) multiplications instead of exponentials. R's
 * `density()` bins and uses an FFT instead, and differs from the exact sum by up to ~0.3% of the
 * peak.
 *
 * Errors (KernelDensityInputError): no values, a NaN or infinite value (position from 1), a rule
 * with fewer than 2 values, a non-positive or non-finite bandwidth, an unknown kernel or rule,
 * `n` not an integer >= 2, `from >= to` or non-finite ends.
 *
 * @example
 * // x = {0, 1, 1, 3}, bw = 1, grid -3..6 (10 points): at t = 1,
 * // Gaussian (phi(1) + 2 phi(0) + phi(2)) / 4 = 0.2734615629587992
 * const r = kernelDensity([0, 1, 1, 3], { bandwidth: 1, n: 10 });
 * r.x;          // [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]
 * r.density[4]; // 0.2734615629587992
 * r.rule;       // "given"
 * // R-convention Epanechnikov, a = sqrt(5): at t = 0, (3/(4 sqrt 5)) (1 + 2 (1 - 1/5) + 0) / 4
 * kernelDensity([0, 1, 1, 3], { kernel: "epanechnikov", bandwidth: 1, n: 10 }).density[3]; // 0.21801662780622952
 * kernelDensity([0, 1, 1, 3]).bandwidth; // 0.3817569710427308 (nrd0)
 */
export function kernelDensity(values: ArrayLike<number>, options: KernelDensityOptions = {}): KernelDensityResult {
  const what = "kernelDensity";
  const x = checkValues(values, what);
  if (x.length === 0) throw new KernelDensityInputError(`${what}: no values`);
  const kernel = options.kernel ?? "gaussian";
  if (kernel !== "gaussian" && kernel !== "epanechnikov") {
    throw new KernelDensityInputError(`${what}: kernel must be "gaussian" or "epanechnikov", got ${JSON.stringify(kernel)}`);
  }
  const { sd, iqr } = spread(x);
  const bwOpt = options.bandwidth ?? "nrd0";
  let bw: number;
  let rule: BandwidthRule | "given";
  if (typeof bwOpt === "number") {
    if (!(Number.isFinite(bwOpt) && bwOpt > 0)) {
      throw new KernelDensityInputError(`${what}: bandwidth must be a positive finite number, got ${bwOpt}`);
    }
    bw = bwOpt;
    rule = "given";
  } else if (bwOpt === "nrd0") {
    needTwo(x, `${what} (bandwidth "nrd0")`);
    bw = nrd0From(sd, iqr, x);
    rule = "nrd0";
  } else if (bwOpt === "nrd") {
    needTwo(x, `${what} (bandwidth "nrd")`);
    bw = nrdFrom(sd, iqr, x.length, what);
    rule = "nrd";
  } else {
    throw new KernelDensityInputError(
      `${what}: bandwidth must be a positive number, "nrd0" or "nrd", got ${JSON.stringify(bwOpt)}`,
    );
  }
  const n = options.n ?? 512;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 2) {
    throw new KernelDensityInputError(`${what}: n (grid points) must be an integer >= 2, got ${String(n)}`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
  }
  const from = options.from ?? min - 3 * bw;
  const to = options.to ?? max + 3 * bw;
  if (typeof from !== "number" || !Number.isFinite(from) || typeof to !== "number" || !Number.isFinite(to)) {
    throw new KernelDensityInputError(`${what}: from and to must be finite numbers, got from = ${from}, to = ${to}`);
  }
  if (!(from < to)) throw new KernelDensityInputError(`${what}: from (${from}) must be below to (${to})`);
  const step = (to - from) / (n - 1);
  const grid = new Float64Array(n);
  for (let j = 0; j < n - 1; j++) grid[j] = from + j * step;
  grid[n - 1] = to;
  let density: number[];
  if (kernel === "gaussian") {
    const sums = gaussianSums(x, grid, from, step, bw);
    const scale = 1 / (x.length * bw * Math.sqrt(2 * Math.PI));
    density = Array.from(sums, (s) => s * scale);
  } else {
    const a = Math.sqrt(5) * bw;
    const sums = epanechnikovSums(x, grid, from, step, a);
    const scale = 3 / (4 * a * x.length);
    density = Array.from(sums, (s) => s * scale);
  }
  return { x: Array.from(grid), density, bandwidth: bw, kernel, rule, from, to, nValues: x.length, sd, iqr };
}
