/**
 * How sure is each number? Bootstrap intervals where resampling means something, and the
 * permutation null where it does not (docs/methods-draft/robustness.md):
 *
 * - `meanIntervals`: the national and group means of D per time, units resampled with the entropy
 *   weights held fixed (the D of each unit as computed);
 * - `meanIntervalsReweighted`: the national mean per time, units resampled with all their times
 *   and the pooled entropy weights re-estimated on every resample (entropy -> coupling -> mean);
 * - `dagumIntervals`: the Dagum components and shares per time, units resampled within their groups;
 * - `moranNull`: Moran's I is not bootstrapped (resampling units breaks the map); its permutation
 *   null distribution is given instead, beside the observed I.
 *
 * Every interval comes from the core's `bootstrap` (one seeded generator, a documented draw
 * order), so a notebook prints the same interval on every machine. Units enter each bootstrap in
 * the order of their ids (code-unit order, as Moran's permutations), not in the order of the rows:
 * the intervals do not depend on how the panel is sorted, and with one seed for every time the
 * b-th resample picks the same units in every time (a unit is resampled with all its times).
 */
import { bootstrap, BootstrapMethod, BootstrapResult } from "../core/bootstrap";
import { couplingCoordination, CouplingModel } from "../core/coupling";
import { dagum, DagumResult as CoreDagumResult } from "../core/dagum";
import { EntropyDirection, entropyWeights, ZeroConvention } from "../core/entropy";
import { Alternative, moran } from "../core/moran";
import { DEFAULT_SEED } from "../core/random";
import { SpatialWeights } from "../core/weights";
import { specSystems, SpecRow } from "../data/spec";
import { tryResolveProvince } from "../data/registry";
import { FrameError } from "./errors";
import { GroupPreset, groupInfos, KeyOptions } from "./panel";
import { GroupInfo, makeResult, Row, TableResult } from "./results";
import { resolveSpec, SpecInput } from "./spec";
import { summarize } from "./summarize";
import { FrameInput } from "./table";
import { describeValue, numberOption, timeOption, validatePanel, ValidPanel } from "./validate";

// ---- shared ------------------------------------------------------------------------------------

/** Groups with fewer units than this get `unreliable: true` (default of `minUnits`). */
export const MIN_BOOTSTRAP_UNITS = 5;

/** The bootstrap settings every interval call takes (numbers may be given as text). */
export interface IntervalOptions {
  /** Number of resamples (default 999; at least 99); text "999" is read as 999. */
  resamples?: number | string;
  /** Seed (default the library's DEFAULT_SEED); text "7" is read as 7. */
  seed?: number | string;
  /** Confidence level in (0, 1) (default 0.95); text "0.9" is read as 0.9. */
  level?: number | string;
  /** `"percentile"` (default) or `"bca"`: the core's interval method. */
  interval?: BootstrapMethod;
  /**
   * A group (or stratum) with fewer units than this has its interval flagged `unreliable: true`
   * with a note (default 5): a bootstrap of n values has only C(2n - 1, n) distinct resamples
   * (10 for n = 3) and understates the spread of a mean by the factor sqrt((n - 1) / n).
   */
  minUnits?: number | string;
}

/** One interval record: the keys of what it is about, then the interval in the house style. */
export interface IntervalRow extends Row {
  estimate: number;
  lower: number;
  upper: number;
  /** Bootstrap standard error: the sd (n - 1) of the resampled statistics. */
  se: number;
  /**
   * Bootstrap estimate of bias: the mean of the resampled statistics minus the estimate. Near 0
   * for a mean of fixed values; far from 0 (in units of `se`) the percentile interval is shifted
   * and `interval: "bca"` corrects for it.
   */
  bias: number;
  level: number;
  /** What was resampled and what was held fixed, in words. */
  method: string;
  /** The core's interval method: "percentile" or "bca". */
  interval: BootstrapMethod;
  resamples: number;
  seed: number;
  /** Built on fewer than `minUnits` units (or with a stratum that small): read as indicative only. */
  unreliable: boolean;
  /** Why it is unreliable, else "". */
  note: string;
}

interface Settings {
  resamples: number;
  seed: number;
  level: number;
  interval: BootstrapMethod;
  minUnits: number;
}

function readSettings(o: IntervalOptions, what: string): Settings {
  const resamples = numberOption(o.resamples, "resamples", what) ?? 999;
  const seed = numberOption(o.seed, "seed", what) ?? DEFAULT_SEED;
  const level = numberOption(o.level, "level", what) ?? 0.95;
  const interval = o.interval ?? "percentile";
  const minUnits = numberOption(o.minUnits, "minUnits", what) ?? MIN_BOOTSTRAP_UNITS;
  if (interval !== "percentile" && interval !== "bca") throw new FrameError(`${what}: interval must be "percentile" or "bca", got ${describeValue(interval)}`);
  if (!(Number.isInteger(minUnits) && minUnits >= 1)) throw new FrameError(`${what}: minUnits must be a positive integer, got ${describeValue(o.minUnits)}`);
  // resamples, seed and level are checked by the core, whose message names them
  return { resamples, seed, level, interval, minUnits };
}

/** Run the core's bootstrap, turning its error into a FrameError that says where. */
function boot<T>(what: string, where: string, statistic: (s: T[]) => number, data: T[], s: Settings, strata?: string[]): BootstrapResult {
  try {
    return bootstrap(statistic, data, { resamples: s.resamples, seed: s.seed, level: s.level, method: s.interval, strata });
  } catch (e) {
    throw new FrameError(`${what}: ${where}: ${(e as Error).message}`);
  }
}

/** Mean and sample sd (n - 1) of the replicates. */
function replicateMoments(r: Float64Array): { mean: number; sd: number } {
  let m = 0;
  for (let i = 0; i < r.length; i++) m += r[i];
  m /= r.length;
  let ss = 0;
  for (let i = 0; i < r.length; i++) ss += (r[i] - m) * (r[i] - m);
  return { mean: m, sd: Math.sqrt(ss / (r.length - 1)) };
}

function intervalFields(b: BootstrapResult, method: string, unreliable: boolean, note: string): IntervalRow {
  const { mean: m, sd } = replicateMoments(b.replicates);
  return {
    estimate: b.estimate,
    lower: b.lower,
    upper: b.upper,
    se: sd,
    bias: m - b.estimate,
    level: b.level,
    method,
    interval: b.method,
    resamples: b.resamples,
    seed: b.seed,
    unreliable,
    note,
  };
}

/** Bias beyond this many standard errors is worth a warning (Efron and Tibshirani 1993, section 10.6: below 0.25 se it can be ignored). */
export const BIAS_WARNING_SE = 0.25;

/**
 * A warning when some interval's bootstrap bias exceeds {@link BIAS_WARNING_SE} standard errors
 * under the percentile method (whose interval the bias shifts); "" otherwise.
 */
function biasWarning(records: readonly Row[], interval: BootstrapMethod, label: (r: Row) => string): string {
  if (interval !== "percentile") return "";
  const off = records.filter((r) => (r.se as number) > 0 && Math.abs(r.bias as number) > BIAS_WARNING_SE * (r.se as number));
  if (!off.length) return "";
  const shown = off.slice(0, 4).map((r) => `${label(r)}: bias ${(r.bias as number) >= 0 ? "+" : ""}${(r.bias as number).toPrecision(2)} = ${((r.bias as number) / (r.se as number)).toFixed(2)} se`);
  return (
    `bootstrap bias 偏差: ${off.length} of ${records.length} intervals have a bias (mean of the resamples minus the estimate) above ${BIAS_WARNING_SE} se ` +
    `(${shown.join("; ")}${off.length > shown.length ? "; …" : ""}): the percentile interval is shifted by it; interval: "bca" corrects for bias`
  );
}

/** Plain mean in the order given. */
function mean(s: readonly number[]): number {
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i];
  return t / s.length;
}

/** Units in code-unit order of their ids (the order every bootstrap here draws from). */
function idOrder(ids: readonly string[]): string[] {
  return [...ids].sort();
}

/** C(2n - 1, n): the number of distinct bootstrap resamples (multisets) of n values. */
function distinctResamples(n: number): number {
  let c = 1;
  for (let k = 1; k <= n; k++) c = (c * (n - 1 + k)) / k;
  return Math.round(c);
}

function smallNote(name: string, n: number, minUnits: number): string {
  return (
    `${name}: ${n} unit${n > 1 ? "s" : ""} (fewer than ${minUnits}): a bootstrap of ${n} value${n > 1 ? "s" : ""} has only ${distinctResamples(n)} distinct ` +
    `resample${distinctResamples(n) > 1 ? "s" : ""} and understates the spread of a mean by the factor sqrt((n - 1)/n) = ${Math.sqrt((n - 1) / n).toFixed(3)}; read the interval as indicative only`
  );
}

/** Result of the mean-interval calls: one record per time and group. */
export interface MeanIntervalResult extends TableResult<Row> {
  readonly kind: "mean-intervals";
  /** The value column whose means are given ("D"). */
  readonly value: string;
  /** What was resampled and what was held fixed. */
  readonly method: string;
  readonly interval: BootstrapMethod;
  readonly level: number;
  readonly resamples: number;
  readonly seed: number;
  readonly minUnits: number;
  /** The series in display order: "all" first (national), then the groups. */
  readonly groups: GroupInfo[];
  /** Notes the reader must see (small groups); `showTable` prints them. */
  readonly warnings: string[];
}

/** "0.615 [0.589, 0.641]" (with † when unreliable). */
function cellText(r: Row, digits: number): string {
  const f = (v: unknown) => (v as number).toFixed(digits);
  return `${f(r.estimate)} [${f(r.lower)}, ${f(r.upper)}]${r.unreliable ? " †" : ""}`;
}

function meanTable(records: Row[], time: string, groups: GroupInfo[], digits = 3): { tableRows: Row[]; columns: string[] } {
  const times = [...new Set(records.map((r) => r[time] as number))];
  const colOf = (g: GroupInfo) => (g.id === "all" ? g.zh === "全国" ? "全国 National" : "全部 All" : g.zh === g.en ? g.id : `${g.zh} ${g.en}`);
  const tableRows = times.map((t) => {
    const row: Row = { [time]: t };
    for (const g of groups) {
      const r = records.find((x) => x[time] === t && x.group === g.id);
      row[colOf(g)] = r ? cellText(r, digits) : "";
    }
    return row;
  });
  return { tableRows, columns: [time, ...groups.map(colOf)] };
}

// ---- group and national means, weights fixed -----------------------------------------------------

/** Options of {@link meanIntervals}. */
export interface MeanIntervalsOptions extends KeyOptions, IntervalOptions {
  /** Value column (default "D"). */
  value?: string;
  /**
   * `"all"` (default: the mean over all units; `"nation"` labels it 全国 National), or a group
   * column / preset (e.g. `cc.NBS_REGIONS`): then each group's mean, and the national mean too
   * unless `national: false`.
   */
  by?: "all" | "nation" | string | GroupPreset;
  /** With a group: also the mean over all units (default true), as series "all". */
  national?: boolean;
  /**
   * Province adcodes that include Taiwan, Hong Kong or Macao: refused in a mean over all units
   * unless `true` (as `summarize`).
   */
  includeNonAnalysed?: boolean;
}

export const METHOD_WEIGHTS_FIXED = "units resampled, weights fixed";

/**
 * Bootstrap intervals of the mean of `value` (D) per time, over all units and per group, with the
 * entropy weights held fixed: each unit's D is taken as computed, and the units are resampled
 * (within a group for a group's mean). For each time and series the core's `bootstrap` is called
 * on that series' values in the order of the unit ids, with one seed for all: so the b-th
 * resample picks the same units in every time (units resampled with all their times), and the
 * interval is reproducible anywhere. A group with fewer than `minUnits` (5) units is flagged
 * `unreliable: true` with a note (the northeast has 3 provinces).
 *
 * Records: `{ <time>, group, group_zh, group_en, n, estimate, lower, upper, se, level, method:
 * "units resampled, weights fixed", interval, resamples, seed, unreliable, note }`; display table:
 * times as rows, "estimate [lower, upper]" per series (†: unreliable). The panel must be balanced
 * (the same units every time), as for `summarize`.
 *
 * The variability this measures is that of the units' sample, given the weights: it leaves out
 * the variability the weights themselves carry (see {@link meanIntervalsReweighted}).
 *
 * @example
 * const ci = cc.meanIntervals(cd, { by: cc.NBS_REGIONS });   // national + 4 regions, 999 resamples
 * ci.rows.find((r) => r.year === 2019 && r.group === "all");  // { estimate, lower, upper, ... }
 * ci.rows.find((r) => r.group === "northeast").unreliable;    // true: 3 provinces
 */
export function meanIntervals(input: FrameInput, options: MeanIntervalsOptions = {}): MeanIntervalResult {
  const what = "meanIntervals";
  const s = readSettings(options, what);
  const value = options.value ?? "D";
  const by = options.by ?? "all";
  const all = by === "all" || by === "nation";
  const national = all || (options.national ?? true);
  const { value: _v, resamples: _r, seed: _s, level: _l, interval: _i, minUnits: _m, national: _n, by: _b, includeNonAnalysed, ...keyOptions } = options;
  // summarize's checks (balanced panel, Taiwan / HK / Macao in a national mean, the group column)
  // and its series in display order
  const byGroup = all ? undefined : summarize(input, { ...keyOptions, by, value, levels: false, includeNonAnalysed });
  const byAll = national ? summarize(input, { ...keyOptions, by: all ? by : "all", value, levels: false, includeNonAnalysed }) : undefined;
  const valid = validatePanel(input, { ...keyOptions, group: all ? options.group : (by as string | GroupPreset), indicators: [value], what, requireBalanced: true });
  const groups: GroupInfo[] = [...(byAll ? byAll.groups : []), ...(byGroup ? byGroup.groups : [])];
  const groupCol = all ? undefined : valid.group;
  const units = idOrder(valid.units);
  const cell = new Map<string, number>();
  const groupOfUnit = new Map<string, string>();
  for (const r of valid.rows) {
    cell.set(`${String(r[valid.unit])}|${Number(r[valid.time])}`, r[value] as number);
    if (groupCol) groupOfUnit.set(String(r[valid.unit]), String(r[groupCol]));
  }
  const records: Row[] = [];
  const warnings: string[] = [];
  for (const g of groups) {
    const members = g.id === "all" ? units : units.filter((u) => groupOfUnit.get(u) === g.id);
    const n = members.length;
    const unreliable = n < s.minUnits;
    const name = g.zh === g.en ? g.id : `${g.zh} ${g.en}`;
    const note = unreliable ? smallNote(name, n, s.minUnits) : "";
    if (unreliable) warnings.push(note);
    for (const t of valid.times) {
      const data = members.map((u) => cell.get(`${u}|${t}`)!);
      const b = boot(what, `${t}${g.id === "all" ? "" : ` (group ${g.id})`}`, mean, data, s);
      records.push({ [valid.time]: t, group: g.id, group_zh: g.zh, group_en: g.en, n, ...intervalFields(b, METHOD_WEIGHTS_FIXED, unreliable, note) });
    }
  }
  // times first, then the series in display order
  const order = new Map(groups.map((g, i) => [g.id, i]));
  records.sort((a, b) => (a[valid.time] as number) - (b[valid.time] as number) || order.get(a.group as string)! - order.get(b.group as string)!);
  const keys = { ...valid.keys };
  if (all) delete keys.group;
  const { tableRows, columns } = meanTable(records, valid.time, groups);
  const bias = biasWarning(records, s.interval, (r) => `${String(r[valid.time])} ${String(r.group)}`);
  if (bias) warnings.push(bias);
  return makeResult<MeanIntervalResult>("mean-intervals", records, keys, {
    tableRows,
    columns,
    value,
    method: METHOD_WEIGHTS_FIXED,
    interval: s.interval,
    level: s.level,
    resamples: s.resamples,
    seed: s.seed,
    minUnits: s.minUnits,
    groups,
    warnings,
  });
}

// ---- national mean, weights re-estimated on every resample ---------------------------------------

/** Options of {@link meanIntervalsReweighted}. */
export interface MeanIntervalsReweightedOptions extends KeyOptions, IntervalOptions {
  /** The ln 0 convention of the entropy step (default "limit"), as `entropy`. */
  zero?: ZeroConvention;
  /** `"pooled"` (default: one weight set over all unit-times of the resample) or `"per-year"`. */
  panel?: "pooled" | "per-year";
  /** Coupling model (default "classic") and coefficients (default equal), as `coupling`. */
  model?: CouplingModel;
  coefficients?: number[];
}

export const METHOD_REWEIGHTED = "units resampled with all their times, entropy weights re-estimated on each resample";

/**
 * Bootstrap intervals of the national mean of D per time in which the entropy weights are part of
 * what is resampled: each resample draws units with replacement (with all their times), and the
 * whole pipeline runs again on it: min-max and entropy weights over the resample's unit-times
 * (pooled; or per time with `panel: "per-year"`), system scores, coupling coordination D, and the
 * mean of D per time. A unit drawn twice counts twice in the weights. Slower than
 * {@link meanIntervals} (one entropy step per resample) and wider, since it adds the weights'
 * own sampling variability.
 *
 * The estimate is the pipeline on the panel itself: the national mean of `coupling(entropy(panel,
 * spec, { zero, panel }).scores, { model, coefficients })` (to rounding: the sums run in unit-id
 * order). Indicators of status "unavailable" are left out, as `entropy` does; every other
 * indicator of the specification must be a column of the panel. A resample in which an indicator
 * is constant (possible only with very few units) stops with the resample named.
 *
 * Records as {@link meanIntervals} (series "all"), `method` saying what was re-estimated.
 *
 * @example
 * const ci = cc.meanIntervalsReweighted(panel, spec, { resamples: 199 });
 * ci.rows.at(-1);   // 2019: { estimate, lower, upper, method: "units resampled with all their times, ..." }
 */
export function meanIntervalsReweighted(panelInput: FrameInput, specInput: SpecInput, options: MeanIntervalsReweightedOptions = {}): MeanIntervalResult {
  const what = "meanIntervalsReweighted";
  const s = readSettings(options, what);
  const mode = options.panel ?? "pooled";
  if (mode !== "pooled" && mode !== "per-year") throw new FrameError(`${what}: panel must be "pooled" or "per-year", got ${describeValue(mode)}`);
  const spec = resolveSpec(specInput);
  const usable = spec.filter((r) => r.status !== "unavailable");
  const { zero: _z, panel: _p, model: _mo, coefficients: _c, resamples: _r, seed: _s, level: _l, interval: _i, minUnits: _m, ...keyOptions } = options;
  const valid = validatePanel(panelInput, { ...keyOptions, indicators: usable.map((r) => r.id), what, requireBalanced: true });
  const systems = specSystems(usable);
  if (systems.length < 2) throw new FrameError(`${what}: the specification has ${systems.length} system${systems.length === 1 ? "" : "s"} with usable indicators; coupling needs at least 2`);
  const units = idOrder(valid.units);
  const times = valid.times;
  const T = times.length;
  const uIndex = new Map(units.map((u, i) => [u, i]));
  const tIndex = new Map(times.map((t, j) => [t, j]));
  // each indicator as a units x times block (unit-major)
  const block = new Map<string, Float64Array>();
  for (const r of usable) block.set(r.id, new Float64Array(units.length * T));
  for (const row of valid.rows) {
    const at = uIndex.get(String(row[valid.unit]))! * T + tIndex.get(Number(row[valid.time]))!;
    for (const r of usable) block.get(r.id)![at] = row[r.id] as number;
  }
  const defs = systems.map((sys) => sys.indicators.map((id) => usable.find((r) => r.id === id)!));
  const pipeline = reweightedPipeline(defs, block, T, mode, options.zero, options.model, options.coefficients);
  // one pipeline run per resample, shared by the bootstraps of every time (same seed, same draws)
  const cache = new Map<string, Float64Array>();
  const meansOf = (sample: number[]): Float64Array => {
    const key = sample.join(",");
    let m = cache.get(key);
    if (!m) {
      m = pipeline(sample);
      cache.set(key, m);
    }
    return m;
  };
  const data = units.map((_, i) => i);
  const records: Row[] = times.map((t, j) => {
    const b = boot(what, String(t), (sample: number[]) => meansOf(sample)[j], data, s);
    return { [valid.time]: t, group: "all", group_zh: "全部", group_en: "All", n: units.length, ...intervalFields(b, METHOD_REWEIGHTED, units.length < s.minUnits, units.length < s.minUnits ? smallNote("all", units.length, s.minUnits) : "") };
  });
  const groups: GroupInfo[] = [{ id: "all", zh: "全部", en: "All" }];
  const keys = { ...valid.keys };
  delete keys.group;
  const { tableRows, columns } = meanTable(records, valid.time, groups);
  return makeResult<MeanIntervalResult>("mean-intervals", records, keys, {
    tableRows,
    columns,
    value: "D",
    method: METHOD_REWEIGHTED,
    interval: s.interval,
    level: s.level,
    resamples: s.resamples,
    seed: s.seed,
    minUnits: s.minUnits,
    groups,
    warnings: [records[0].unreliable ? (records[0].note as string) : "", biasWarning(records, s.interval, (r) => String(r[valid.time]))].filter(Boolean),
  });
}

/**
 * The pipeline on a resample of units (indices into the blocks): national mean of D per time.
 * Rows of the resample are laid out unit by unit, each unit's times in order.
 */
function reweightedPipeline(
  defs: SpecRow[][],
  block: Map<string, Float64Array>,
  T: number,
  mode: "pooled" | "per-year",
  zero: ZeroConvention | undefined,
  model: CouplingModel | undefined,
  coefficients: number[] | undefined,
): (sample: number[]) => Float64Array {
  return (sample) => {
    const n = sample.length;
    const m = n * T;
    const scores = defs.map(() => new Float64Array(m));
    defs.forEach((ds, k) => {
      const directions = ds.map((d) => d.direction as EntropyDirection);
      const names = ds.map((d) => d.id);
      const full = ds.map((d) => {
        const src = block.get(d.id)!;
        const col = new Float64Array(m);
        for (let a = 0; a < n; a++) for (let j = 0; j < T; j++) col[a * T + j] = src[sample[a] * T + j];
        return col;
      });
      if (mode === "pooled") {
        scores[k].set(entropyWeights(full, { directions, zero, names }).scores);
      } else {
        for (let j = 0; j < T; j++) {
          const cols = full.map((c) => Float64Array.from({ length: n }, (_, a) => c[a * T + j]));
          const sc = entropyWeights(cols, { directions, zero, names }).scores;
          for (let a = 0; a < n; a++) scores[k][a * T + j] = sc[a];
        }
      }
    });
    const D = couplingCoordination(scores, { model, coefficients }).D;
    const out = new Float64Array(T);
    for (let j = 0; j < T; j++) {
      let t = 0;
      for (let a = 0; a < n; a++) t += D[a * T + j];
      out[j] = t / n;
    }
    return out;
  };
}

// ---- Dagum components ---------------------------------------------------------------------------

/** Options of {@link dagumIntervals}. */
export interface DagumIntervalsOptions extends KeyOptions, IntervalOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Group column or preset (default: the panel's group). */
  group?: string | GroupPreset;
}

/** The Dagum components given intervals, in order, with their display names. */
export const DAGUM_COMPONENTS: ReadonlyArray<{ id: string; zh: string; en: string; share: boolean }> = Object.freeze([
  { id: "G", zh: "总体基尼系数", en: "Overall Gini G", share: false },
  { id: "Gw", zh: "区域内差异", en: "Within-group Gw", share: false },
  { id: "Gnb", zh: "区域间净差异", en: "Net between-group Gnb", share: false },
  { id: "Gt", zh: "超变密度", en: "Transvariation Gt", share: false },
  { id: "share_within", zh: "区域内贡献率", en: "Within share", share: true },
  { id: "share_between", zh: "区域间贡献率", en: "Between share", share: true },
  { id: "share_transvariation", zh: "超变密度贡献率", en: "Transvariation share", share: true },
]);

const componentValue = (r: CoreDagumResult, id: string): number =>
  id === "share_within" ? r.shares.within : id === "share_between" ? r.shares.between : id === "share_transvariation" ? r.shares.transvariation : (r[id as "G"] as number);

export const METHOD_WITHIN_GROUPS = "units resampled within groups (strata = groups), D fixed";

/** Result of {@link dagumIntervals}: one record per time and component. */
export interface DagumIntervalResult extends TableResult<Row> {
  readonly kind: "dagum-intervals";
  readonly value: string;
  readonly method: string;
  readonly interval: BootstrapMethod;
  readonly level: number;
  readonly resamples: number;
  readonly seed: number;
  readonly minUnits: number;
  /** The groups (strata) with their numbers of units. */
  readonly strata: Array<GroupInfo & { n: number }>;
  readonly warnings: string[];
}

/**
 * Bootstrap intervals of the Dagum decomposition per time (G, Gw, Gnb, Gt and the three shares),
 * resampling units within their groups: the core's `bootstrap` with `strata` = the groups, so each
 * resample keeps every group's size (a decomposition needs every group). For each time, the units
 * in the order of their ids; one seed for every time and component, so each component's b-th
 * resample is the same draw (the decomposition is computed once per resample). When a group has
 * fewer than `minUnits` (5) units every record of the call is flagged `unreliable: true`: the
 * resampling of a stratum of n units understates its variance by the factor (n - 1)/n and has few
 * distinct resamples (10 for the northeast's 3 provinces), which moves every component.
 *
 * Records: `{ <time>, component, component_zh, component_en, estimate, lower, upper, se, level,
 * method, interval, resamples, seed, unreliable, note }` (shares as fractions); display table:
 * components as rows, times as columns, "estimate [lower, upper]".
 *
 * @example
 * const di = cc.dagumIntervals(cd, { group: cc.NBS_REGIONS, resamples: 199 });
 * di.rows.filter((r) => r.component === "share_between");   // per year, with its interval
 */
export function dagumIntervals(input: FrameInput, options: DagumIntervalsOptions = {}): DagumIntervalResult {
  const what = "dagumIntervals";
  const s = readSettings(options, what);
  const value = options.value ?? "D";
  const { value: _v, resamples: _r, seed: _s, level: _l, interval: _i, minUnits: _m, ...keyOptions } = options;
  const valid = validatePanel(input, { ...keyOptions, indicators: [value], what, requireBalanced: true });
  if (!valid.group) {
    throw new FrameError(`${what}: no group: name a group column or preset, e.g. { group: cc.NBS_REGIONS } or { group: "区域" }`, [], "Or name the group once: cc.panel(df, { ..., group }).");
  }
  const groupCol = valid.group;
  const units = idOrder(valid.units);
  const groupOfUnit = new Map<string, string>();
  const cell = new Map<string, number>();
  for (const r of valid.rows) {
    groupOfUnit.set(String(r[valid.unit]), String(r[groupCol]));
    cell.set(`${String(r[valid.unit])}|${Number(r[valid.time])}`, r[value] as number);
  }
  const infos = groupInfos(units.map((u) => groupOfUnit.get(u)!), valid.preset);
  const strata = infos.map((g) => ({ ...g, n: units.filter((u) => groupOfUnit.get(u) === g.id).length }));
  const small = strata.filter((g) => g.n < s.minUnits);
  const warnings = small.map((g) => smallNote(`group ${g.zh === g.en ? g.id : `${g.zh} ${g.en}`}`, g.n, s.minUnits).replace("the spread of a mean", "the spread of its part"));
  const note = warnings.join("; ");
  const labels = units.map((u) => groupOfUnit.get(u)!);
  const records: Row[] = [];
  for (const t of valid.times) {
    const values = units.map((u) => cell.get(`${u}|${t}`)!);
    const cache = new Map<string, CoreDagumResult>();
    const decompose = (sample: number[]): CoreDagumResult => {
      const key = sample.join(",");
      let r = cache.get(key);
      if (!r) {
        // the labels of the units drawn (a stratified resample keeps them in place; a jackknife sample is one shorter)
        r = dagum(
          Float64Array.from(sample, (i) => values[i]),
          sample.map((i) => labels[i]),
        );
        cache.set(key, r);
      }
      return r;
    };
    const data = units.map((_, i) => i);
    for (const c of DAGUM_COMPONENTS) {
      const b = boot(what, `${t} (${c.id})`, (sample: number[]) => componentValue(decompose(sample), c.id), data, s, labels);
      records.push({ [valid.time]: t, component: c.id, component_zh: c.zh, component_en: c.en, ...intervalFields(b, METHOD_WITHIN_GROUPS, small.length > 0, note) });
    }
  }
  const digits = 3;
  const tableRows: Row[] = DAGUM_COMPONENTS.map((c) => {
    const row: Row = { component: `${c.zh} ${c.en}` };
    for (const t of valid.times) {
      const r = records.find((x) => x[valid.time] === t && x.component === c.id)!;
      const scale = c.share ? 100 : 1;
      const f = (v: unknown) => ((v as number) * scale).toFixed(c.share ? 1 : digits + 1);
      row[String(t)] = `${f(r.estimate)} [${f(r.lower)}, ${f(r.upper)}]${c.share ? " %" : ""}${r.unreliable ? " †" : ""}`;
    }
    return row;
  });
  const bias = biasWarning(records, s.interval, (r) => `${String(r[valid.time])} ${String(r.component)}`);
  if (bias) warnings.push(bias);
  return makeResult<DagumIntervalResult>("dagum-intervals", records, valid.keys, {
    tableRows,
    columns: ["component", ...valid.times.map(String)],
    value,
    method: METHOD_WITHIN_GROUPS,
    interval: s.interval,
    level: s.level,
    resamples: s.resamples,
    seed: s.seed,
    minUnits: s.minUnits,
    strata,
    warnings,
  });
}

// ---- Moran's I: the permutation null ------------------------------------------------------------

/** Options of {@link moranNull}. */
export interface MoranNullOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Times (default: every time of the panel); each a time of the panel ("2019" is read as 2019). */
  times?: ReadonlyArray<number | string>;
  /** Permutations (default 999, at least 1); text "999" is read as 999. */
  permutations?: number | string;
  /** Seed (default the library's DEFAULT_SEED); text "7" is read as 7. */
  seed?: number | string;
  /** `"two-sided"` (default), `"greater"` or `"less"`: the p-value printed beside the null. */
  alternative?: Alternative;
  /** Islands: `"drop"` from n (default) or `"keep"`, as `moran`. */
  islands?: "drop" | "keep";
}

/** Result of {@link moranNull}: the draws (rows) and the observed statistics per time (`observed`). */
export interface MoranNullResult extends TableResult<Row> {
  readonly kind: "moran-null";
  readonly value: string;
  /** One record per time: `{ <time>, I, EI, EI_sim, seI_sim, z_sim, p_sim, p_rand, n, permutations, seed, alternative }`. */
  readonly observed: TableResult;
  readonly permutations: number;
  readonly seed: number;
  /** Why Moran's I gets a permutation null and no bootstrap interval. */
  readonly note: string;
  /** Description of the spatial weights. */
  readonly weights: string;
}

export const MORAN_NO_BOOTSTRAP_NOTE =
  "Moran's I is not bootstrapped: resampling units with replacement breaks the map (a unit drawn twice has one place on it, " +
  "and the neighbours of a drawn unit are not drawn with it), so a resampled I measures no spatial structure. Its reference is " +
  "the permutation null: the values permuted over the fixed weights, I recomputed each time; the observed I is judged against it.";

function weightsNote(w: SpatialWeights): string {
  const d = (w as SpatialWeights & { description?: string }).description;
  return d ?? `${w.n} units, ${w.nLinks} links, ${w.style === "W" ? "row-standardised (W)" : "binary (B)"}`;
}

/** Values of one time in the order of `w.ids`; the ids and the units must match. */
function valuesByWeights(valid: ValidPanel, value: string, t: number, w: SpatialWeights, what: string): Float64Array {
  const byId = new Map(valid.rows.filter((r) => Number(r[valid.time]) === t).map((r) => [String(r[valid.unit]), r[value] as number]));
  const known = new Set(w.ids);
  const name = (id: string) => {
    const any = valid.label ? valid.rows.find((r) => String(r[valid.unit]) === id && r[valid.label!] != null) : undefined;
    const l = any ? any[valid.label!] : /^\d{6}$/.test(id) ? tryResolveProvince(id)?.shortName : undefined;
    return l ? `${id} ${String(l)}` : id;
  };
  const problems = [
    ...[...byId.keys()].filter((id) => !known.has(id)).map((id) => `${name(id)}: in the data, not in the weights`),
    ...w.ids.filter((id) => !byId.has(id)).map((id) => `${name(id)}: in the weights, no row in ${t}`),
  ];
  if (problems.length) {
    throw new FrameError(
      `${what}: the units of ${t} do not match the weights' ids`,
      problems,
      `The weights' ids must be the values of the unit column "${valid.unit}" (for provinces, adcodes), with the same set of units in every time.`,
    );
  }
  return Float64Array.from(w.ids, (id) => byId.get(id)!);
}

/**
 * The permutation null distribution of global Moran's I per time, beside the observed I: the
 * core's `moran` with its permuted statistics kept (`sim`: the values permuted over the fixed
 * weights, R times, seeded; the same draws and p-values as `moranByYear` with the same settings).
 * No bootstrap interval is given for I, and the result says why (`note`): resampling units
 * destroys the spatial structure the statistic measures.
 *
 * Records (the draws, for the histogram): `{ <time>, draw, I }` with draw = 1..R in the core's
 * order; `observed`: one record per time `{ <time>, I, EI, EI_sim, seI_sim, z_sim, p_sim, p_rand,
 * n, permutations, seed, alternative }`, which is also the display table.
 *
 * @example
 * const mn = cc.moranNull(cd, w, { times: [2019] });
 * mn.observed.rows[0];        // { year: 2019, I, p_sim, EI_sim, ... }
 * mn.rows.length;             // 999 draws
 * mn.note;                    // why no bootstrap
 */
export function moranNull(input: FrameInput, w: SpatialWeights, options: MoranNullOptions = {}): MoranNullResult {
  const what = "moranNull";
  const value = options.value ?? "D";
  const permutations = numberOption(options.permutations, "permutations", what) ?? 999;
  const seed = numberOption(options.seed, "seed", what) ?? DEFAULT_SEED;
  if (!(Number.isInteger(permutations) && permutations >= 1)) {
    throw new FrameError(`${what}: permutations must be a positive integer (the null distribution is made of them), got ${describeValue(options.permutations)}`);
  }
  const { value: _v, times: _t, permutations: _p, seed: _s, alternative: _a, islands: _i, ...keyOptions } = options;
  const valid = validatePanel(input, { ...keyOptions, indicators: [value], what });
  let times = valid.times;
  if (options.times !== undefined) {
    if (!Array.isArray(options.times) || options.times.length === 0) throw new FrameError(`${what}: times must be a non-empty array of times of the panel, got ${describeValue(options.times)}`);
    times = options.times.map((t, i) => timeOption(t, `times[${i + 1}]`, what, valid.times)!);
  }
  const draws: Row[] = [];
  const observed: Row[] = [];
  for (const t of times) {
    const values = valuesByWeights(valid, value, t, w, what);
    let r;
    try {
      r = moran(values, w, { permutations, seed, alternative: options.alternative, islands: options.islands });
    } catch (e) {
      throw new FrameError(`${what}: ${t}: ${(e as Error).message}`);
    }
    const sim = r.sim!;
    for (let b = 0; b < sim.length; b++) draws.push({ [valid.time]: t, draw: b + 1, I: sim[b] });
    observed.push({
      [valid.time]: t,
      I: r.I,
      EI: r.EI,
      EI_sim: r.EI_sim,
      seI_sim: r.seI_sim,
      z_sim: r.z_sim,
      p_sim: r.p_sim,
      p_rand: r.p_rand,
      n: r.n,
      permutations: r.permutations,
      seed: r.seed,
      alternative: r.alternative,
    });
  }
  const keys = { ...valid.keys };
  const obs = makeResult<TableResult>("moran-observed", observed, keys, {});
  return makeResult<MoranNullResult>("moran-null", draws, keys, {
    tableRows: observed,
    value,
    observed: obs,
    permutations,
    seed,
    note: MORAN_NO_BOOTSTRAP_NOTE,
    weights: weightsNote(w),
  });
}
