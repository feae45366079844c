/**
 * Dynamics and inequality of a panel over time, the "dynamic evolution" section of a coupling
 * coordination study: kernel densities of each year on one grid, classic and spatial Markov
 * chains of the units' classes, and Theil's indices by year beside Dagum's decomposition
 * (docs/METHODS.md sections 11-14).
 *
 * Every call validates the panel once (`validatePanel`: unit, time and group columns as the user
 * named them), lays the numbers out for the core (one vector per time, or a units x times matrix
 * aligned to the spatial weights), calls the core unchanged and returns a result in the house
 * style: `rows` (records for figures), `keys`, a display table, and the settings used, echoed.
 */
import { BandwidthRule, Kernel, kernelDensity, KernelDensityResult } from "../core/kde";
import { ClassClosed, classify, markov } from "../core/markov";
import { ChiSquareTest, HomogeneityTests, spatialMarkov, SpatialMarkovResult } from "../core/spatial-markov";
import { theil, TheilResult as CoreTheilResult } from "../core/theil";
import { SpatialWeights } from "../core/weights";
import { tryResolveProvince } from "../data/registry";
import { dagumByYear } from "./dagum";
import { FrameError } from "./errors";
import { GroupPreset, groupInfos, KeyOptions } from "./panel";
import { DagumResult, GroupInfo, makeResult, Row, TableResult } from "./results";
import { FrameInput } from "./table";
import { validatePanel, ValidPanel } from "./validate";

// ---- shared helpers -----------------------------------------------------------------------------

/** "110000 北京" for messages: the id with its label (from any time of the panel, else the registry's short name). */
function unitName(valid: ValidPanel, id: string): string {
  const any = valid.label ? valid.rows.find((r) => String(r[valid.unit]) === id && r[valid.label!] != null) : undefined;
  const l = any ? any[valid.label!] : /^\d{6}$/.test(id) ? tryResolveProvince(id)?.shortName : undefined;
  return l ? `${id} ${String(l)}` : id;
}

/** Run a core call, turning its error into a FrameError that names the call (and the time). */
function core<T>(what: string, f: () => T, where?: string | number): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FrameError) throw e;
    throw new FrameError(`${what}: ${where !== undefined ? `${where}: ` : ""}${(e as Error).message}`);
  }
}

/**
 * The units x times matrix of `value` for the given unit order: every unit needs a row in every
 * time (a chain follows each unit from one time to the next); the error lists each missing
 * unit-time, and each unit of the rows that is not in `units` (when `units` comes from weights).
 */
function unitsByTimes(valid: ValidPanel, value: string, units: readonly string[], what: string, unitsFrom: "panel" | "weights"): number[][] {
  const cell = new Map<string, number>();
  for (const r of valid.rows) cell.set(`${String(r[valid.unit])}|${Number(r[valid.time])}`, r[value] as number);
  const problems: string[] = [];
  if (unitsFrom === "weights") {
    const known = new Set(units);
    for (const u of valid.units) if (!known.has(u)) problems.push(`${unitName(valid, u)}: in the data, not in the weights`);
  }
  const matrix = units.map((u) =>
    valid.times.map((t) => {
      const v = cell.get(`${u}|${t}`);
      if (v === undefined) problems.push(`${unitName(valid, u)}: ${unitsFrom === "weights" ? "in the weights, " : ""}no row in ${t}`);
      return v as number;
    }),
  );
  if (problems.length) {
    throw new FrameError(
      unitsFrom === "weights" ? `${what}: the units of the panel do not match the weights' ids in every time` : `${what}: the panel is not balanced: every unit needs a row in every time`,
      problems,
      unitsFrom === "weights"
        ? `The weights' ids must be the values of the unit column "${valid.unit}" (for provinces, adcodes), with the same set of units in every time.`
        : "A Markov chain follows each unit from one time to the next: fill the missing rows, or keep only the units (or times) present throughout.",
    );
  }
  return matrix;
}

/** Each value divided by the mean of its time (column): relative values. */
function relativeMatrix(matrix: number[][], times: readonly number[], value: string, what: string): number[][] {
  const means = times.map((t, j) => {
    let s = 0;
    for (const row of matrix) s += row[j];
    const mean = s / matrix.length;
    if (!(mean > 0)) throw new FrameError(`${what}: ${t}: the mean of ${value} is ${mean}; relative values (value / mean of its time) need a positive mean`);
    return mean;
  });
  return matrix.map((row) => row.map((v, j) => v / means[j]));
}

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

function classLabels(k: number, given: readonly string[] | undefined, option: string, what: string): string[] {
  if (given !== undefined) {
    if (!Array.isArray(given) || given.length !== k || given.some((g) => typeof g !== "string" || g === "")) {
      throw new FrameError(`${what}: ${option} must be ${k} non-empty strings, one per class (the classification has k = ${k}), got ${JSON.stringify(given)}`);
    }
    if (new Set(given).size !== k) throw new FrameError(`${what}: ${option} must be distinct, got ${JSON.stringify(given)}`);
    return [...given];
  }
  return Array.from({ length: k }, (_, j) => ROMAN[j] ?? String(j + 1));
}

function fmt(v: number, digits: number): string {
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "−∞";
  return v.toFixed(digits);
}

/** One class of a classification: its 0-based id, label, bounds, the interval as text and its count. */
export interface ClassRow extends Row {
  class: number;
  label: string;
  lower: number;
  upper: number;
  interval: string;
  count: number;
}

/**
 * The class table of a classification: class j holds the values between `cutoffs[j - 1]` and
 * `cutoffs[j]` (the first from the minimum, the last to the maximum, or infinity when it is empty),
 * closed on the side `closed` says.
 */
function classRows(data: readonly number[], ids: readonly number[], cutoffs: readonly number[], closed: ClassClosed, labels: readonly string[], digits = 3): ClassRow[] {
  const k = cutoffs.length + 1;
  let min = Infinity;
  let max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(k).fill(0);
  for (const c of ids) counts[c]++;
  return labels.map((label, j) => {
    const lower = j === 0 ? (counts[0] > 0 ? min : -Infinity) : cutoffs[j - 1];
    const upper = j === k - 1 ? (counts[k - 1] > 0 ? max : Infinity) : cutoffs[j];
    // the data's own ends are reached (closed); an edge is closed on the side of `closed`
    const open = j === 0 ? (lower === -Infinity ? "(" : "[") : closed === "right" ? "(" : "[";
    const shut = j === k - 1 ? (upper === Infinity ? ")" : "]") : closed === "right" ? "]" : ")";
    return { class: j, label, lower, upper, interval: `${open}${fmt(lower, digits)}, ${fmt(upper, digits)}${shut}`, count: counts[j] };
  });
}

/** "0.984 (61)"; an empty row "— (0)". */
function cellText(p: number, count: number, rowTotal: number, digits: number): string {
  return rowTotal === 0 ? "— (0)" : `${p.toFixed(digits)} (${count})`;
}

function checkBoth(what: string, k: unknown, cutoffs: unknown, kName: string, cName: string): void {
  if (k !== undefined && k !== null && cutoffs !== undefined && cutoffs !== null) {
    throw new FrameError(`${what}: give ${kName} (pooled quantile classes) or ${cName} (fixed edges), not both`);
  }
}

// ---- kernel density -------------------------------------------------------------------------------

/** Options of {@link densityByYear}. */
export interface DensityByYearOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Times to estimate (default: every time of the panel). The common grid spans these times only. */
  times?: readonly number[];
  /** `"gaussian"` (default) or `"epanechnikov"` (R's convention: bandwidth = the kernel's sd). */
  kernel?: Kernel;
  /**
   * `"nrd0"` (default, R's rule of thumb) or `"nrd"`: applied to each time's values separately,
   * so each year has its own bandwidth (listed in `bandwidths`); or one positive number for every
   * time (the fair comparison of shapes).
   */
  bandwidth?: number | BandwidthRule;
  /** Grid points (default 512). */
  n?: number;
  /** First grid point (default: the smallest `min_t - 3 bw_t` over the times). */
  from?: number;
  /** Last grid point (default: the largest `max_t + 3 bw_t` over the times). */
  to?: number;
}

/** One point of one time's curve. */
export interface DensityRow extends Row {
  /** The time (under the panel's time key, "year" by default). */
  x: number;
  density: number;
}

/** One time's bandwidth and what it was computed from. */
export interface BandwidthRow extends Row {
  bandwidth: number;
  /** `"nrd0"`, `"nrd"` or `"given"`. */
  rule: BandwidthRule | "given";
  kernel: Kernel;
  /** Number of values (units) of this time. */
  n: number;
  /** Sample sd (n - 1) and type-7 IQR of the values (the inputs of the rule). */
  sd: number;
  iqr: number;
  /** Grid point where this time's density is highest, and the density there. */
  peak_x: number;
  peak_density: number;
}

/** `densityByYear()`: records `{ <time>, x, density }` (long); display table: the bandwidths. */
export interface DensityResult extends TableResult {
  readonly kind: "density";
  readonly value: string;
  readonly times: number[];
  readonly kernel: Kernel;
  /** The rule applied to each time, or "given" (one number for every time). */
  readonly rule: BandwidthRule | "given";
  /** The common grid: `gridPoints` points from `from` to `to`. */
  readonly from: number;
  readonly to: number;
  readonly gridPoints: number;
  /** One record per time: `{ <time>, bandwidth, rule, kernel, n, sd, iqr, peak_x, peak_density }`. */
  readonly bandwidths: TableResult;
  /** One line saying how the curves were made (kernel, bandwidths and grid). */
  readonly note: string;
}

/**
 * Kernel density of `value` for each time, every time on ONE grid so the curves overlay: records
 * `{ <time>, x, density }` (long: `gridPoints` records per time), and per time its bandwidth in
 * `bandwidths` (also the display table). The core's `kernelDensity` does the estimate (exact sum,
 * R's conventions: METHODS.md section 11).
 *
 * - Bandwidth: a rule (`"nrd0"` default, `"nrd"`) is applied to each time's values separately, so
 *   the years' curves have different smoothness (the table and `note` say so, with the range); a
 *   number is used for every time (`rule: "given"`).
 * - Grid: `n` points (default 512) from `from` to `to`; by default the union of the core's
 *   default grids over the times, `min_t (min_t - 3 bw_t)` to `max_t (max_t + 3 bw_t)` (R's `cut = 3`
 *   per year), so that each year's curve is whole on it.
 *
 * Errors (FrameError): a time in `times` that is not in the panel; a time whose values the core
 * refuses (fewer than 2 values for a rule, a zero "nrd" bandwidth: the time is named); a rule's
 * bandwidth too small to evaluate (values that coincide to ~1e-154: never a NaN curve); the
 * panel's own problems (missing column, non-numeric cell, duplicate unit-time).
 *
 * @example
 * const k = cc.densityByYear(cd);                 // paper 1, D, 2012-2019
 * k.bandwidths.rows.at(-1);                       // { year: 2019, bandwidth: 0.02127, rule: "nrd0", ..., peak_x: 0.595 }
 * k.rows.filter((r) => r.year === 2019).length;   // 512 grid points
 * cc.densityCurves(k);  cc.densityRidgeline(k);
 */
export function densityByYear(input: FrameInput, options: DensityByYearOptions = {}): DensityResult {
  const what = "densityByYear";
  const value = options.value ?? "D";
  const valid = validatePanel(input, { ...options, indicators: [value], what });
  let times = valid.times;
  if (options.times !== undefined) {
    if (!Array.isArray(options.times) || options.times.length === 0) throw new FrameError(`${what}: times must be a non-empty array of times of the panel`);
    const absent = options.times.filter((t) => !valid.times.includes(t));
    if (absent.length) throw new FrameError(`${what}: ${valid.time} ${absent.join(", ")} not in the panel (its times: ${valid.times.join(", ")})`);
    times = [...new Set(options.times)].sort((a, b) => a - b);
  }
  const kernel = options.kernel ?? "gaussian";
  const bandwidth = options.bandwidth ?? "nrd0";
  const gridPoints = options.n ?? 512;
  const valuesOf = new Map<number, Float64Array>();
  for (const t of times) {
    valuesOf.set(t, Float64Array.from(valid.rows.filter((r) => Number(r[valid.time]) === t), (r) => r[value] as number));
  }
  // the common grid: each time's default grid (the core's, from a 2-point evaluation), united
  let from = options.from;
  let to = options.to;
  if (from === undefined || to === undefined) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const t of times) {
      const r = core(what, () => kernelDensity(valuesOf.get(t)!, { kernel, bandwidth, n: 2 }), t);
      lo = Math.min(lo, r.from);
      hi = Math.max(hi, r.to);
    }
    from = from ?? lo;
    to = to ?? hi;
  }
  const records: Row[] = [];
  const bwRows: BandwidthRow[] = [];
  for (const t of times) {
    const r: KernelDensityResult = core(what, () => kernelDensity(valuesOf.get(t)!, { kernel, bandwidth, n: gridPoints, from, to }), t);
    // a bandwidth whose square underflows (values that differ only below ~1e-154) cannot be
    // evaluated in double precision: say so rather than pass on NaN or a flat zero curve
    if (!Number.isFinite(1 / (2 * r.bandwidth * r.bandwidth)) || r.density.some((d) => !Number.isFinite(d))) {
      throw new FrameError(
        `${what}: ${t}: the bandwidth ${r.bandwidth} (${r.rule}) is too small to evaluate the density in double precision`,
        [`${value} of ${t}: sd ${r.sd}, IQR ${r.iqr}`],
        "The values of this time (almost) coincide: give a bandwidth ({ bandwidth: 0.05 }) or leave the time out ({ times: [...] }).",
      );
    }
    let peak = 0;
    for (let j = 0; j < r.x.length; j++) {
      records.push({ [valid.time]: t, x: r.x[j], density: r.density[j] });
      if (r.density[j] > r.density[peak]) peak = j;
    }
    bwRows.push({ [valid.time]: t, bandwidth: r.bandwidth, rule: r.rule, kernel: r.kernel, n: r.nValues, sd: r.sd, iqr: r.iqr, peak_x: r.x[peak], peak_density: r.density[peak] });
  }
  const rule: BandwidthRule | "given" = typeof bandwidth === "number" ? "given" : bandwidth;
  const bws = bwRows.map((b) => b.bandwidth);
  const bwText =
    rule === "given"
      ? `one bandwidth ${+bws[0].toPrecision(4)} for every ${valid.time}`
      : `bandwidth by ${rule} for each ${valid.time} separately (${Math.min(...bws).toPrecision(3)} to ${Math.max(...bws).toPrecision(3)})`;
  const note = `${kernel === "gaussian" ? "Gaussian" : "Epanechnikov (R convention: bandwidth = kernel sd)"} kernel; ${bwText}; common grid of ${gridPoints} points from ${from.toPrecision(4)} to ${to.toPrecision(4)}`;
  const bandwidths = makeResult<TableResult>("density-bandwidths", bwRows, valid.keys, {});
  return makeResult<DensityResult>("density", records, valid.keys, {
    tableRows: bwRows,
    value,
    times,
    kernel,
    rule,
    from,
    to,
    gridPoints,
    bandwidths,
    note,
  });
}

// ---- classic Markov chain ----------------------------------------------------------------------

/** Options of {@link markovChain}. */
export interface MarkovChainOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Pooled quantile classes (default 4 when no `cutoffs`); ties can leave fewer (`result.k`). */
  k?: number;
  /** Fixed inner class edges c_1 < ... < c_(k-1) (k = cutoffs.length + 1), e.g. the level edges [0.3, 0.4, 0.5, 0.6]. */
  cutoffs?: readonly number[];
  /** `"right"` (default; mapclassify, giddy): `(a, b]`; `"left"`: `[a, b)` as the coordination-level table. */
  closed?: ClassClosed;
  /**
   * Divide each value by the mean of its time before classifying (default false): the chain of
   * relative positions. D that rises every year makes the top class absorb every unit; relative D
   * asks who moves up or down the ranking instead (METHODS.md section 12).
   */
  relative?: boolean;
  /** Class names, one per class (default "I", "II", ...). */
  labels?: readonly string[];
}

/** One cell of a transition matrix: moves from class `from` at t to class `to` at t + 1 (0-based ids). */
export interface TransitionRow extends Row {
  from: number;
  to: number;
  from_label: string;
  to_label: string;
  /** Number of moves counted. */
  count: number;
  /** `count / row_total`; 0 in a row without moves (`row_total` 0: see `empty_rows`). */
  p: number;
  /** Moves out of class `from` (the row's n). */
  row_total: number;
}

/** `markovChain()`: one record per (from, to) cell; display table the k x k matrix of "p (n)". */
export interface MarkovChainResult extends TableResult {
  readonly kind: "markov";
  readonly value: string;
  readonly relative: boolean;
  readonly closed: ClassClosed;
  /** `"pooled quantiles k=4"` or `"fixed cutoffs [...]"` (the core's words). */
  readonly method: string;
  readonly k: number;
  readonly cutoffs: number[];
  readonly labels: string[];
  /** One record per class `{ class, label, lower, upper, interval, count }` (counts over all units and times). */
  readonly classes: TableResult<ClassRow>;
  readonly transitions: number[][];
  readonly p: number[][];
  readonly empty_rows: number[];
  readonly steady_state: number[] | number[][];
  readonly steady_states: number[][];
  readonly recurrent_classes: number[][];
  readonly transient_states: number[];
  readonly mfpt: number[][];
  readonly sojourn_time: number[];
  readonly n_transitions: number;
  /** Unit ids in the order of the matrix rows, and the times (columns). */
  readonly units: string[];
  readonly times: number[];
}

function transitionRecords(T: number[][], P: number[][], labels: readonly string[], extra: Row = {}): TransitionRow[] {
  const out: TransitionRow[] = [];
  T.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, j) => out.push({ ...extra, from: i, to: j, from_label: labels[i], to_label: labels[j], count, p: P[i][j], row_total: total }));
  });
  return out;
}

function matrixTable(T: number[][], P: number[][], labels: readonly string[], classes: readonly ClassRow[], digits: number, extra: Row = {}): Row[] {
  return T.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const out: Row = { ...extra, from: `${labels[i]} ${classes[i].interval}` };
    row.forEach((c, j) => (out[labels[j]] = cellText(P[i][j], c, total, digits)));
    out.n = total;
    return out;
  });
}

/**
 * Classic (a-spatial) Markov chain of `value`: classes pooled over every unit and time
 * (`classify`: quartiles by default, or fixed `cutoffs`), then the core's `markov`: counts of the
 * moves (unit, t) -> (unit, t + 1), row-normalised probabilities, steady state(s), mean first
 * passage and sojourn times (METHODS.md section 12). Records: one per (from, to) cell with `p`,
 * `count` and the row's total; `classes` the class table (bounds, interval, count); the display
 * table the k x k matrix with "p (n)" in every cell and the row totals, so that a row of 1.000
 * built on two moves does not read like a law.
 *
 * With `relative: true` each value is first divided by the mean of its time (over the units).
 * Units are the panel's, in order of appearance; every unit needs a value in every time.
 *
 * Errors (FrameError): an unbalanced panel (each missing unit and time named); both `k` and
 * `cutoffs`; `labels` not one per class; a time whose mean is not positive with `relative`; the
 * core's refusals (bad k, cutoffs not increasing), prefixed with the call.
 *
 * @example
 * const mc = cc.markovChain(cd2, { relative: true });   // paper 2, D / yearly mean, quartiles
 * mc.steady_state;                                       // ergodic, unlike D itself
 * cc.showTable(mc);                                      // from | I | II | III | IV | n, cells "p (n)"
 * cc.transitionHeatmap(mc);
 */
export function markovChain(input: FrameInput, options: MarkovChainOptions = {}): MarkovChainResult {
  const what = "markovChain";
  const value = options.value ?? "D";
  checkBoth(what, options.k, options.cutoffs, "k", "cutoffs");
  const valid = validatePanel(input, { ...options, indicators: [value], what });
  if (valid.times.length < 2) throw new FrameError(`${what}: the panel has one ${valid.time} (${valid.times.join(", ")}); a chain needs at least 2`);
  const units = valid.units;
  let matrix = unitsByTimes(valid, value, units, what, "panel");
  const relative = options.relative ?? false;
  if (relative) matrix = relativeMatrix(matrix, valid.times, value, what);
  const closed = options.closed ?? "right";
  const cls = core(what, () => classify(matrix, options.cutoffs !== undefined && options.cutoffs !== null ? { cutoffs: options.cutoffs, closed } : { k: options.k ?? 4, closed }));
  const chain = core(what, () => markov(cls.class_ids, { k: cls.k }));
  const labels = classLabels(cls.k, options.labels, "labels", what);
  const classes = classRows(matrix.flat(), cls.class_ids.flat(), cls.cutoffs, cls.closed, labels);
  const records = transitionRecords(chain.transitions, chain.p, labels);
  const classesResult = makeResult<TableResult<ClassRow>>("markov-classes", classes, valid.keys, {});
  return makeResult<MarkovChainResult>("markov", records, valid.keys, {
    tableRows: matrixTable(chain.transitions, chain.p, labels, classes, 3),
    columns: ["from", ...labels, "n"],
    value,
    relative,
    closed: cls.closed,
    method: cls.method,
    k: cls.k,
    cutoffs: cls.cutoffs,
    labels,
    classes: classesResult,
    transitions: chain.transitions,
    p: chain.p,
    empty_rows: chain.empty_rows,
    steady_state: chain.steady_state,
    steady_states: chain.steady_states,
    recurrent_classes: chain.recurrent_classes,
    transient_states: chain.transient_states,
    mfpt: chain.mfpt,
    sojourn_time: chain.sojourn_time,
    n_transitions: chain.n_transitions,
    units,
    times: valid.times,
  });
}

// ---- spatial Markov chain --------------------------------------------------------------------------

/** Options of {@link spatialMarkovChain}. */
export interface SpatialMarkovChainOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Pooled quantile classes of the values (default 4 when no `cutoffs`). */
  k?: number;
  /** Pooled quantile classes of the spatial lags (default 4 when no `lagCutoffs`). */
  m?: number;
  /** Fixed inner edges of the value classes. */
  cutoffs?: readonly number[];
  /** Fixed inner edges of the lag classes. */
  lagCutoffs?: readonly number[];
  /** Interval convention of both classifications (default "right"). */
  closed?: ClassClosed;
  /** Divide each value by the mean of its time (over the weights' units) first (default false). */
  relative?: boolean;
  /** Names of the value classes (default "I", "II", ...). */
  labels?: readonly string[];
  /** Names of the lag classes (default "I", "II", ...). */
  lagLabels?: readonly string[];
}

/** One cell of one lag class's matrix. */
export interface SpatialTransitionRow extends TransitionRow {
  /** Lag class (0-based) of the unit's neighbourhood in the start time. */
  lag: number;
  lag_label: string;
}

/** A test of "the neighbourhood does not matter", as a table row. */
export interface TestRow extends Row {
  test: string;
  statistic: number;
  dof: number;
  /** Upper-tail chi-square p-value; null when dof = 0. */
  p_value: number | null;
}

/** `spatialMarkovChain()`: one record per (lag class, from, to); display table the m stacked k x k matrices. */
export interface SpatialMarkovChainResult extends TableResult {
  readonly kind: "spatial-markov";
  readonly value: string;
  readonly relative: boolean;
  readonly closed: ClassClosed;
  readonly k: number;
  readonly m: number;
  readonly cutoffs: number[];
  readonly lag_cutoffs: number[];
  readonly labels: string[];
  readonly lagLabels: string[];
  /** Value classes and lag classes: `{ class, label, lower, upper, interval, count }`. */
  readonly classes: TableResult<ClassRow>;
  readonly lagClasses: TableResult<ClassRow>;
  /** The a-spatial chain (sum over lag classes): counts, probabilities, steady state. */
  readonly transitions: number[][];
  readonly p: number[][];
  readonly s: number[] | number[][];
  /** Per lag class: counts, probabilities, empty rows, steady states, passage times (the core's). */
  readonly T: number[][][];
  readonly P: number[][][];
  readonly empty_rows: number[][];
  readonly S: (number[] | number[][])[];
  readonly F: number[][][];
  /** Bickenbach-Bode Q and LR (one dof), giddy's chi-square per lag class and x2 (dof k (k - 1)^2). */
  readonly homogeneity: HomogeneityTests;
  readonly chi2: ChiSquareTest[];
  readonly x2: number;
  readonly x2_dof: number;
  readonly x2_pvalue: number;
  /** The tests as a table: Q, LR, x2, then chi-square per lag class. */
  readonly tests: TableResult<TestRow>;
  /** The weights used (description). */
  readonly weights: string;
  /** Unit ids (the weights' order, the matrix rows) and the times. */
  readonly units: string[];
  readonly times: number[];
}

function weightsNote(w: SpatialWeights): string {
  const d = (w as SpatialWeights & { description?: string }).description;
  return d ?? `${w.n} units, ${w.nLinks} links, ${w.style === "W" ? "row-standardised (W)" : "binary (B)"}`;
}

/**
 * Spatial Markov chain (Rey 2001) of `value`: each unit's move from t to t + 1 counted in the
 * matrix of its neighbourhood's class in t (the class of the spatial lag, the neighbours' mean),
 * with the homogeneity tests (the core's `spatialMarkov`, METHODS.md section 13). Values are
 * aligned to the weights' ids in every time (every unit in every time; errors name the unit and
 * time). Records: one per (lag class, from, to) with `p`, `count`, `row_total`; `tests` echoes
 * Bickenbach-Bode Q and LR with their dof and p, giddy's x2 (dof `k (k - 1)^2`, which overstates
 * the dof when most cells are structural zeros: read Q and LR) and the chi-square of each lag class.
 * The display table stacks the m matrices with "p (n)" in every cell and the row totals.
 *
 * Errors (FrameError): a unit of the rows missing from the weights, a unit of the weights without
 * a row in some time (each named with the time); both `k` and `cutoffs` (or `m` and `lagCutoffs`);
 * a unit without neighbours (from the core: link it or leave it out); bad labels.
 *
 * @example
 * const sm = cc.spatialMarkovChain(cd2, w, { relative: true });
 * sm.homogeneity;          // { Q, LR, dof, Q_p_value, LR_p_value }
 * cc.showTable(sm.tests);  // Q, LR, x2 and each lag class's chi-square
 * cc.spatialTransitionHeatmaps(sm);
 */
export function spatialMarkovChain(input: FrameInput, weights: SpatialWeights, options: SpatialMarkovChainOptions = {}): SpatialMarkovChainResult {
  const what = "spatialMarkovChain";
  const value = options.value ?? "D";
  checkBoth(what, options.k, options.cutoffs, "k", "cutoffs");
  checkBoth(what, options.m, options.lagCutoffs, "m", "lagCutoffs");
  if (!weights || typeof weights !== "object" || !Array.isArray((weights as SpatialWeights).ids)) {
    throw new FrameError(`${what}: weights must be SpatialWeights (cc.provinceWeights(), cc.contiguityWeights(...), cc.weightsFromNeighbors(...))`);
  }
  const valid = validatePanel(input, { ...options, indicators: [value], what });
  if (valid.times.length < 2) throw new FrameError(`${what}: the panel has one ${valid.time} (${valid.times.join(", ")}); a chain needs at least 2`);
  const units = weights.ids.map(String);
  let matrix = unitsByTimes(valid, value, units, what, "weights");
  const relative = options.relative ?? false;
  if (relative) matrix = relativeMatrix(matrix, valid.times, value, what);
  const closed = options.closed ?? "right";
  const r: SpatialMarkovResult = core(what, () =>
    spatialMarkov(matrix, weights, {
      ...(options.cutoffs !== undefined && options.cutoffs !== null ? { cutoffs: options.cutoffs } : { k: options.k ?? 4 }),
      ...(options.lagCutoffs !== undefined && options.lagCutoffs !== null ? { lagCutoffs: options.lagCutoffs } : { m: options.m ?? 4 }),
      closed,
    }),
  );
  const labels = classLabels(r.k, options.labels, "labels", what);
  const lagLabels = classLabels(r.m, options.lagLabels, "lagLabels", what);
  const classes = classRows(matrix.flat(), r.class_ids.flat(), r.cutoffs, closed, labels);
  const lagClasses = classRows(r.lag.flat(), r.lag_class_ids.flat(), r.lag_cutoffs, closed, lagLabels);
  const records: SpatialTransitionRow[] = r.T.flatMap(
    (Tl, l) => transitionRecords(Tl, r.P[l], labels, { lag: l, lag_label: lagLabels[l] }) as SpatialTransitionRow[],
  );
  const h = r.homogeneity;
  const testRows: TestRow[] = [
    { test: "Q (Bickenbach-Bode)", statistic: h.Q, dof: h.dof, p_value: h.Q_p_value },
    { test: "LR (Bickenbach-Bode)", statistic: h.LR, dof: h.dof, p_value: h.LR_p_value },
    { test: "x2 (giddy, dof k(k-1)^2)", statistic: r.x2, dof: r.x2_dof, p_value: r.x2_pvalue },
    ...r.chi2.map((c, l) => ({ test: `chi2 lag ${lagLabels[l]}`, statistic: c.statistic, dof: c.dof, p_value: c.p_value })),
  ];
  const tableRows = r.T.flatMap((Tl, l) => matrixTable(Tl, r.P[l], labels, classes, 3, { lag: `${lagLabels[l]} ${lagClasses[l].interval}` }));
  return makeResult<SpatialMarkovChainResult>("spatial-markov", records, valid.keys, {
    tableRows,
    columns: ["lag", "from", ...labels, "n"],
    value,
    relative,
    closed,
    k: r.k,
    m: r.m,
    cutoffs: r.cutoffs,
    lag_cutoffs: r.lag_cutoffs,
    labels,
    lagLabels,
    classes: makeResult<TableResult<ClassRow>>("markov-classes", classes, valid.keys, {}),
    lagClasses: makeResult<TableResult<ClassRow>>("markov-classes", lagClasses, valid.keys, {}),
    transitions: r.transitions,
    p: r.p,
    s: r.s,
    T: r.T,
    P: r.P,
    empty_rows: r.empty_rows,
    S: r.S,
    F: r.F,
    homogeneity: r.homogeneity,
    chi2: r.chi2,
    x2: r.x2,
    x2_dof: r.x2_dof,
    x2_pvalue: r.x2_pvalue,
    tests: makeResult<TableResult<TestRow>>("markov-tests", testRows, valid.keys, {}),
    weights: weightsNote(weights),
    units,
    times: valid.times,
  });
}

// ---- Theil by year, and beside Dagum ------------------------------------------------------------

/** Options of {@link theilByYear}. */
export interface TheilByYearOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /**
   * Group column or preset for the between/within split (default: the panel's group; e.g.
   * `NBS_REGIONS`). Without any group every unit is in one group "all" (`T_between` = 0).
   */
  group?: string | GroupPreset;
  /**
   * Column of positive populations (one per unit and time): population-weighted Theil, each
   * resident counted once (mathmodels `theil_g`). Default: each unit counted once (PySAL).
   */
  population?: string;
}

/**
 * `theilByYear()`: one record per time `{ <time>, T, T_between, T_within, T_share_between,
 * T_share_within, L, L_between, L_within, n, mean, T_g, L_g }` (shares as fractions; the L fields
 * null in a time where a value is 0; `T_g` / `L_g` the index within each group).
 */
export interface TheilByYearResult extends TableResult {
  readonly kind: "theil";
  readonly value: string;
  /** True when weighted by the `population` column. */
  readonly weighted: boolean;
  readonly population?: string;
  /** The groups in display order (a preset's order, else first appearance); one group "all" without a group. */
  readonly groups: GroupInfo[];
}

/**
 * Theil's T (GE(1)) and L (mean log deviation) of `value` for every time, each split exactly into
 * between- and within-group parts (the core's `theil`, METHODS.md section 14): records `{ <time>,
 * T, T_between, T_within, T_share_between, T_share_within, L, L_between, L_within, n, mean, T_g,
 * L_g }` with the shares as fractions; `L` and its parts are null in a time where some value is
 * 0 (ln 0), T is still defined. The group is resolved as `dagumByYear` resolves it (a column or a
 * preset such as `NBS_REGIONS`, or the panel's group); without one, T is reported whole.
 * Unweighted by default (each unit once, PySAL); `population` names a column of populations for the
 * weighted index. The display table shows the shares in percent.
 *
 * Errors (FrameError): the panel's problems (missing or non-numeric cells, named); a time the core
 * refuses (negative values, all zero, a non-positive population: the time is named).
 *
 * @example
 * const th = cc.theilByYear(cd, { group: cc.NBS_REGIONS });
 * th.rows.at(-1).T_share_between;   // 2019: 0.339, a third of T lies between the four regions
 * cc.showTable(th);
 */
export function theilByYear(input: FrameInput, options: TheilByYearOptions = {}): TheilByYearResult {
  const what = "theilByYear";
  const value = options.value ?? "D";
  const pop = options.population;
  if (pop !== undefined && (typeof pop !== "string" || pop === "")) throw new FrameError(`${what}: population must be the name of a column, got ${JSON.stringify(pop)}`);
  if (pop !== undefined && pop === value) throw new FrameError(`${what}: population "${pop}" is the value column itself`);
  const valid = validatePanel(input, { ...options, indicators: pop ? [value, pop] : [value], what });
  const groupCol = valid.group;
  const groups: GroupInfo[] = groupCol ? groupInfos(valid.rows.map((r) => String(r[groupCol])), valid.preset) : [{ id: "all", zh: "全部", en: "All" }];
  const records: Row[] = valid.times.map((t) => {
    const rs = valid.rows.filter((r) => Number(r[valid.time]) === t);
    const res: CoreTheilResult = core(
      what,
      () =>
        theil(
          Float64Array.from(rs, (r) => r[value] as number),
          {
            ...(groupCol ? { groups: rs.map((r) => String(r[groupCol])) } : {}),
            ...(pop ? { population: Float64Array.from(rs, (r) => r[pop] as number) } : {}),
          },
        ),
      t,
    );
    const T_g: Record<string, number> = {};
    const L_g: Record<string, number | null> = {};
    for (const g of groups) {
      const bg = res.by_group.find((b) => b.group === g.id);
      if (bg) {
        T_g[g.id] = bg.T_g;
        L_g[g.id] = bg.L_g;
      }
    }
    return {
      [valid.time]: t,
      T: res.T,
      T_between: res.T_between,
      T_within: res.T_within,
      T_share_between: res.T_share_between,
      T_share_within: res.T_share_within,
      L: res.L,
      L_between: res.L_between,
      L_within: res.L_within,
      n: res.n,
      mean: res.mean,
      T_g,
      L_g,
    };
  });
  const pct = (v: unknown) => (typeof v === "number" ? v * 100 : null);
  const tableRows: Row[] = records.map((r) => ({
    [valid.time]: r[valid.time],
    T: r.T,
    T_between: r.T_between,
    T_within: r.T_within,
    "between (%)": pct(r.T_share_between),
    "within (%)": pct(r.T_share_within),
    L: r.L,
    L_between: r.L_between,
    L_within: r.L_within,
  }));
  return makeResult<TheilByYearResult>("theil", records, valid.keys, {
    tableRows,
    value,
    weighted: !!pop,
    ...(pop ? { population: pop } : {}),
    groups,
  });
}

/** Options of {@link inequalityByYear}: those of `theilByYear` (the population weights Theil only). */
export type InequalityByYearOptions = TheilByYearOptions;

/**
 * `inequalityByYear()`: one record per time with Theil's and Dagum's numbers side by side:
 * `{ <time>, T, T_between, T_within, T_share_between, L, G, Gw, Gnb, Gt, share_within,
 * share_between, share_transvariation }` (shares as fractions), plus both results whole.
 */
export interface InequalityResult extends TableResult {
  readonly kind: "inequality";
  readonly value: string;
  readonly theil: TheilByYearResult;
  readonly dagum: DagumResult;
  readonly groups: GroupInfo[];
  /** True when Theil is population-weighted (Dagum's G never is). */
  readonly weighted: boolean;
}

/**
 * Theil's and Dagum's decompositions of `value` by time for the same groups, side by side: calls
 * `theilByYear` and `dagumByYear` with the same panel and group, and joins their records by time.
 * The two split differently: Theil's between part is the gap of the group means; Dagum's
 * net between part `Gnb` leaves the overlap of the groups to the transvariation `Gt`, so
 * `share_between + share_transvariation` is the Dagum number closest to Theil's between share.
 * A `population` column weights Theil only (Dagum's G here is unweighted; `weighted` says so).
 * Display table: per time T, its between share (%), G, and Dagum's three shares (%).
 *
 * Errors: those of `theilByYear` and `dagumByYear` (a group is required: Dagum needs one).
 *
 * @example
 * const ineq = cc.inequalityByYear(cd, { group: cc.NBS_REGIONS });
 * ineq.rows[0];                 // { year: 2012, T, T_share_between, G, share_between, ... }
 * cc.inequalityTrends(ineq);    // totals and between-group shares of both, over time
 */
export function inequalityByYear(input: FrameInput, options: InequalityByYearOptions = {}): InequalityResult {
  const th = theilByYear(input, options);
  const { population: _pop, ...dagumOptions } = options;
  void _pop;
  let dg: DagumResult;
  try {
    dg = dagumByYear(input, dagumOptions);
  } catch (e) {
    if (e instanceof FrameError) throw new FrameError(`inequalityByYear: ${e.summary}`, e.details);
    throw e;
  }
  const time = th.keys.time;
  const byTime = new Map(dg.rows.map((r) => [Number(r[time]), r]));
  const records: Row[] = th.rows.map((r) => {
    const d = byTime.get(Number(r[time]))!;
    return {
      [time]: r[time],
      T: r.T,
      T_between: r.T_between,
      T_within: r.T_within,
      T_share_between: r.T_share_between,
      L: r.L,
      G: d.G,
      Gw: d.Gw,
      Gnb: d.Gnb,
      Gt: d.Gt,
      share_within: d.share_within,
      share_between: d.share_between,
      share_transvariation: d.share_transvariation,
    };
  });
  const pct = (v: unknown) => (typeof v === "number" ? v * 100 : null);
  const tableRows: Row[] = records.map((r) => ({
    [time]: r[time],
    T: r.T,
    "T between (%)": pct(r.T_share_between),
    G: r.G,
    "G within (%)": pct(r.share_within),
    "G between (%)": pct(r.share_between),
    "G transvariation (%)": pct(r.share_transvariation),
  }));
  return makeResult<InequalityResult>("inequality", records, th.keys, {
    tableRows,
    value: th.value,
    theil: th,
    dagum: dg,
    groups: dg.groups,
    weighted: th.weighted,
  });
}
