/**
 * Trends: the small readings a paper's findings make of values by time and group ("D rises every
 * year", "the east is first in every year", "the ranking in 2012 was west > east > central >
 * northeast", "the central region grew faster after 2016"), as tested functions instead of
 * one-line helpers written again in every notebook.
 *
 * Everything reads one shape, a {@link TimeSeries}: ascending times, named groups, one finite
 * value per group and time (no gaps: a finding over a time some group lacks would silently
 * compare different things). Build it once with {@link timeSeries} from a result (e.g.
 * `summarize(cd, { by: NBS_REGIONS })`) or from plain records in one of three layouts, then ask:
 * - {@link rises}: does a group's value rise at every step (how many steps of how many);
 * - {@link countTimes}: in how many times a condition on the values holds;
 * - {@link ranking}, {@link topGroup}, {@link bottomGroup}, {@link extremesByTime}: order of groups;
 * - {@link valuesAt}, {@link periodMeans}: the values of one time, the means over a period;
 * - {@link changeBetween}: the change of a group between two times (absolute, relative, per time);
 * - {@link selectSeries}, {@link mergeSeries}: restrict to times or groups, put series side by side.
 *
 * Ties keep the order of `groups` (the first group wins a tie for top or bottom); values are
 * compared exactly as given (round first if a finding is about printed values).
 */
import { isTableResult, Row, TableResult } from "./results";

/** Thrown for an input the trend helpers cannot read: it names the column, group and time. */
export class TrendError extends Error {
  override name = "TrendError";
}

/** Values by time and group: `values[group][k]` is the value of `group` at `times[k]`. */
export interface TimeSeries {
  readonly kind: "timeSeries";
  /** Name of the time (e.g. "year"): counts read "3 of 8 years" when it is "year". */
  readonly time: string;
  /** Ascending, distinct. */
  readonly times: number[];
  /** In the order given (or first seen); ties are broken in this order. */
  readonly groups: string[];
  readonly values: Record<string, number[]>;
}

/** How to read records into a {@link TimeSeries}. */
export interface TimeSeriesOptions {
  /** Time column (long and wide layouts). Default: the result's `keys.time`; required for plain records. */
  time?: string;
  /** Long layout: the column naming each record's group (default `"group"` when records have it). */
  group?: string;
  /** Long layout: the value column. Default: the result's `value` (e.g. "D" of `summarize`). */
  value?: string;
  /** Wide layout (one record per time, one column per group): the group columns. */
  groups?: string[];
  /**
   * Transposed layout (one record per group, one column per time, like Table 7): the time
   * columns, e.g. `["2012", "2013"]`; `group` names the column that labels each record.
   */
  times?: string[];
  /** Only these groups, in this order (long and transposed layouts; names before `rename`). */
  only?: string[];
  /** New names of groups, e.g. `{ all: "nation" }` or `{ D: "nation" }` (a wide column). */
  rename?: Record<string, string>;
}

/** A count of the times (or steps) in which something holds. */
export interface TimeCount {
  /** How many times it holds. */
  count: number;
  /** Of how many times. */
  total: number;
  /** `count === total` (and total > 0). */
  holds: boolean;
  /** The times in which it holds (for a step, the later time). */
  times: number[];
  /** The times in which it does not. */
  failing: number[];
  /** `"7 of 8 years"`. */
  text: string;
}

/** The change of one group between two times. */
export interface Change {
  group: string;
  from: number;
  to: number;
  /** Value at `from`. */
  start: number;
  /** Value at `to`. */
  end: number;
  /** `end - start`. */
  difference: number;
  /** `(end - start) / start`; `null` when `start` is 0. */
  relative: number | null;
  /** `(end - start) / (to - from)`: the mean change per unit of time. */
  rate: number;
}

type SeriesInput = TimeSeries | TableResult | readonly Row[];

const isSeries = (x: unknown): x is TimeSeries => typeof x === "object" && x !== null && (x as { kind?: unknown }).kind === "timeSeries";

function numberAt(v: unknown, where: string): number {
  const x = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof x !== "number" || !Number.isFinite(x)) throw new TrendError(`timeSeries: ${where} is ${v === undefined ? "missing" : JSON.stringify(v)}, not a finite number`);
  return x;
}

/**
 * Read values by time and group into a {@link TimeSeries}, from a frame result or plain records in
 * one of three layouts:
 * - long, one record per time and group: `{ time, group, value }` (a `summarize` result's rows;
 *   the default for a result: time `keys.time`, group `"group"`, value the result's `value`);
 * - wide, one record per time: `{ time, groups: [...] }` (Table 4: `year, east, central, ...`);
 * - transposed, one record per group: `{ group, times: [...] }` (Table 7: years as columns).
 *
 * Refused (a {@link TrendError} naming the record, column, group and time): a time or value that
 * is not a finite number (numeric text is read as a number), the same group and time twice, and a
 * group without a value at some time (select the times first: a gap is never filled or skipped).
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, west: 0.386 }, { year: 2013, east: 0.381, west: 0.392 }],
 *   { time: "year", groups: ["east", "west"] });
 * ts.times;          // [2012, 2013]
 * ts.values.west;    // [0.386, 0.392]
 * cc.timeSeries(cc.summarize(cd), { rename: { all: "nation" } }).groups;   // ["nation"]
 */
export function timeSeries(input: TableResult | readonly Row[], options: TimeSeriesOptions = {}): TimeSeries {
  const result = isTableResult(input) ? input : undefined;
  const records: readonly Row[] = result ? result.rows : (input as readonly Row[]);
  if (!Array.isArray(records)) throw new TrendError("timeSeries: expected a frame result or an array of records");
  const cells = new Map<string, Map<number, number>>();
  const order: string[] = [];
  const put = (g: string, t: number, v: number, where: string) => {
    if (!cells.has(g)) {
      cells.set(g, new Map());
      order.push(g);
    }
    const m = cells.get(g)!;
    if (m.has(t)) throw new TrendError(`timeSeries: group "${g}" has two values at time ${t} (the second in ${where})`);
    m.set(t, v);
  };
  let timeName: string;
  if (options.times) {
    const groupCol = options.group;
    if (!groupCol) throw new TrendError("timeSeries: the transposed layout (`times` given) needs `group`, the column that names each record");
    timeName = options.time ?? result?.keys.time ?? "time";
    records.forEach((r, i) => {
      const g = String(r[groupCol]);
      if (options.only && !options.only.includes(g)) return;
      for (const c of options.times!) put(g, numberAt(c, `time column name "${c}"`), numberAt(r[c], `record ${i + 1} (${groupCol} "${g}"), column "${c}"`), `record ${i + 1}`);
    });
  } else {
    const time = options.time ?? result?.keys.time;
    if (!time) throw new TrendError("timeSeries: name the time column (`time`) for plain records");
    timeName = time;
    if (options.groups) {
      records.forEach((r, i) => {
        const t = numberAt(r[time], `record ${i + 1}, time column "${time}"`);
        for (const g of options.groups!) put(g, t, numberAt(r[g], `record ${i + 1} (${time} ${t}), column "${g}"`), `record ${i + 1}`);
      });
    } else {
      const value = options.value ?? (result as { value?: unknown } | undefined)?.value;
      if (typeof value !== "string") throw new TrendError("timeSeries: name the value column (`value`), or the group columns (`groups`) of a wide table");
      const groupCol = options.group ?? (records.length > 0 && "group" in records[0] ? "group" : undefined);
      records.forEach((r, i) => {
        const t = numberAt(r[time], `record ${i + 1}, time column "${time}"`);
        const g = groupCol ? String(r[groupCol]) : value;
        if (options.only && !options.only.includes(g)) return;
        put(g, t, numberAt(r[value], `record ${i + 1} (${time} ${t}${groupCol ? `, ${groupCol} "${g}"` : ""}), column "${value}"`), `record ${i + 1}`);
      });
    }
  }
  const groups = options.only && !options.groups ? options.only.filter((g) => cells.has(g)) : order;
  if (options.only) {
    const absent = options.only.filter((g) => !cells.has(g));
    if (absent.length) throw new TrendError(`timeSeries: no records for the group(s) ${absent.map((g) => `"${g}"`).join(", ")} named in \`only\``);
  }
  if (groups.length === 0) throw new TrendError("timeSeries: no records");
  const times = [...new Set(groups.flatMap((g) => [...cells.get(g)!.keys()]))].sort((a, b) => a - b);
  const values: Record<string, number[]> = {};
  const named = groups.map((g) => options.rename?.[g] ?? g);
  if (new Set(named).size !== named.length) throw new TrendError(`timeSeries: \`rename\` gives two groups the same name (${named.join(", ")})`);
  groups.forEach((g, k) => {
    const m = cells.get(g)!;
    const gaps = times.filter((t) => !m.has(t));
    if (gaps.length) throw new TrendError(`timeSeries: group "${g}" has no value at time(s) ${gaps.join(", ")} (other groups have them); select the common times first`);
    values[named[k]] = times.map((t) => m.get(t)!);
  });
  return { kind: "timeSeries", time: timeName, times, groups: named, values };
}

function asSeries(input: SeriesInput, what: string): TimeSeries {
  if (isSeries(input)) return input;
  if (isTableResult(input)) return timeSeries(input);
  throw new TrendError(`${what}: expected a TimeSeries (cc.timeSeries(...)) or a frame result`);
}

function indexOfTime(ts: TimeSeries, t: number, what: string): number {
  const k = ts.times.indexOf(t);
  if (k < 0) throw new TrendError(`${what}: time ${t} is not in the series (times ${ts.times[0]}–${ts.times[ts.times.length - 1]})`);
  return k;
}

function checkGroup(ts: TimeSeries, g: string, what: string): void {
  if (!(g in ts.values)) throw new TrendError(`${what}: no group "${g}" (groups: ${ts.groups.join(", ")})`);
}

function unitWord(ts: TimeSeries, unit?: string): string {
  return unit ?? (ts.time === "year" ? "years" : "times");
}

function count(ts: TimeSeries, times: number[], ok: boolean[], unit?: string): TimeCount {
  const yes = times.filter((_, k) => ok[k]);
  return { count: yes.length, total: times.length, holds: times.length > 0 && yes.length === times.length, times: yes, failing: times.filter((_, k) => !ok[k]), text: `${yes.length} of ${times.length} ${unitWord(ts, unit)}` };
}

/**
 * The values of every group at one time, as `{ group: value }`.
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, west: 0.386 }], { time: "year", groups: ["east", "west"] });
 * cc.valuesAt(ts, 2012);   // { east: 0.366, west: 0.386 }
 */
export function valuesAt(series: SeriesInput, time: number): Record<string, number> {
  const ts = asSeries(series, "valuesAt");
  const k = indexOfTime(ts, time, "valuesAt");
  return Object.fromEntries(ts.groups.map((g) => [g, ts.values[g][k]]));
}

/**
 * The mean of each group over the times from `from` to `to` (inclusive; default all times):
 * `{ group: (1/T) Σ_t v(group, t) }`.
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.3, west: 0.5 }, { year: 2013, east: 0.4, west: 0.4 }], { time: "year", groups: ["east", "west"] });
 * cc.periodMeans(ts);   // { east: 0.35, west: 0.45 }
 */
export function periodMeans(series: SeriesInput, options: { from?: number; to?: number } = {}): Record<string, number> {
  const ts = selectSeries(asSeries(series, "periodMeans"), options);
  return Object.fromEntries(ts.groups.map((g) => [g, ts.values[g].reduce((s, x) => s + x, 0) / ts.times.length]));
}

/**
 * The groups from the largest value to the smallest (`order: "asc"` for the reverse) at one
 * time, or of a `{ group: value }` record (e.g. {@link periodMeans}). Ties keep the groups' order.
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, central: 0.352, west: 0.386 }], { time: "year", groups: ["east", "central", "west"] });
 * cc.ranking(ts, 2012);                      // ["west", "east", "central"]
 * cc.ranking({ a: 1, b: 3, c: 2 }).join(" > ");   // "b > c > a"
 */
export function ranking(source: SeriesInput | Record<string, number>, time?: number, options: { order?: "desc" | "asc"; groups?: string[] } = {}): string[] {
  let values: Record<string, number>;
  let names: string[];
  if (isSeries(source) || isTableResult(source)) {
    if (time === undefined) throw new TrendError("ranking: give the time to rank at (or rank a { group: value } record)");
    values = valuesAt(source, time);
    names = options.groups ?? Object.keys(values);
  } else if (!Array.isArray(source) && typeof source === "object" && source !== null) {
    values = source as Record<string, number>;
    names = options.groups ?? Object.keys(values);
    for (const g of names) numberAt(values[g], `ranking: the value of "${g}"`);
  } else throw new TrendError("ranking: expected a TimeSeries, a frame result or a { group: value } record");
  for (const g of names) if (!(g in values)) throw new TrendError(`ranking: no group "${g}"`);
  const sign = options.order === "asc" ? 1 : -1;
  return names.map((g, i) => ({ g, i })).sort((a, b) => sign * (values[a.g] - values[b.g]) || a.i - b.i).map((x) => x.g);
}

/**
 * The group with the largest value at `time` (among `groups`, default all; a tie goes to the
 * first in order).
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, west: 0.386 }], { time: "year", groups: ["east", "west"] });
 * cc.topGroup(ts, 2012);   // "west"
 */
export function topGroup(series: SeriesInput, time: number, options: { groups?: string[] } = {}): string {
  return ranking(asSeries(series, "topGroup"), time, { groups: options.groups })[0];
}

/**
 * The group with the smallest value at `time` (a tie goes to the first in order).
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, west: 0.386 }], { time: "year", groups: ["east", "west"] });
 * cc.bottomGroup(ts, 2012);   // "east"
 */
export function bottomGroup(series: SeriesInput, time: number, options: { groups?: string[] } = {}): string {
  return ranking(asSeries(series, "bottomGroup"), time, { groups: options.groups, order: "asc" })[0];
}

/**
 * The top and bottom group of every time: `[{ time, top, bottom }]`.
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, west: 0.386 }, { year: 2013, east: 0.4, west: 0.39 }], { time: "year", groups: ["east", "west"] });
 * cc.extremesByTime(ts);   // [{ time: 2012, top: "west", bottom: "east" }, { time: 2013, top: "east", bottom: "west" }]
 */
export function extremesByTime(series: SeriesInput, options: { groups?: string[] } = {}): Array<{ time: number; top: string; bottom: string }> {
  const ts = asSeries(series, "extremesByTime");
  return ts.times.map((t) => ({ time: t, top: topGroup(ts, t, options), bottom: bottomGroup(ts, t, options) }));
}

/**
 * In how many times a condition on the values holds: `predicate({ group: value }, time)` for each
 * time from `from` to `to` (default all), e.g. "the east above the national mean".
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, nation: 0.368 }, { year: 2013, east: 0.39, nation: 0.38 }], { time: "year", groups: ["east", "nation"] });
 * cc.countTimes(ts, (v) => v.east > v.nation).text;   // "1 of 2 years"
 */
export function countTimes(series: SeriesInput, predicate: (values: Record<string, number>, time: number) => boolean, options: { from?: number; to?: number; unit?: string } = {}): TimeCount {
  const ts = selectSeries(asSeries(series, "countTimes"), options);
  return count(ts, ts.times, ts.times.map((t) => predicate(valuesAt(ts, t), t) === true), options.unit);
}

/**
 * Does `group` rise at every step from one time to the next: the steps (t_{k-1}, t_k) with
 * v(t_k) > v(t_{k-1}) (`strict: false`: >=), counted over the T - 1 steps, `times` naming the
 * later time of each. `group` may be omitted when the series has one group.
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, D: 0.37 }, { year: 2013, D: 0.38 }, { year: 2014, D: 0.38 }], { time: "year", groups: ["D"] });
 * cc.rises(ts).text;                     // "1 of 2 years" (2014 is level)
 * cc.rises(ts, "D", { strict: false }).holds;   // true
 */
export function rises(series: SeriesInput, group?: string, options: { strict?: boolean; from?: number; to?: number; unit?: string } = {}): TimeCount {
  const ts = selectSeries(asSeries(series, "rises"), options);
  const g = group ?? (ts.groups.length === 1 ? ts.groups[0] : undefined);
  if (g === undefined) throw new TrendError(`rises: name the group (groups: ${ts.groups.join(", ")})`);
  checkGroup(ts, g, "rises");
  const v = ts.values[g];
  const strict = options.strict ?? true;
  const later = ts.times.slice(1);
  return count(ts, later, later.map((_, k) => (strict ? v[k + 1] > v[k] : v[k + 1] >= v[k])), options.unit);
}

/**
 * The change of `group` from time `from` to time `to`: difference, relative change
 * (end − start) / start, and the mean change per unit of time (end − start) / (to − from).
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, G: 0.05 }, { year: 2021, G: 0.043 }], { time: "year", groups: ["G"] });
 * const c = cc.changeBetween(ts, "G", 2012, 2021);
 * c.relative;   // -0.14 (a drop of 14%)
 * c.rate;       // -0.000777... per year
 */
export function changeBetween(series: SeriesInput, group: string, from: number, to: number): Change {
  const ts = asSeries(series, "changeBetween");
  checkGroup(ts, group, "changeBetween");
  if (from === to) throw new TrendError(`changeBetween: from and to are the same time (${from})`);
  const start = ts.values[group][indexOfTime(ts, from, "changeBetween")];
  const end = ts.values[group][indexOfTime(ts, to, "changeBetween")];
  const difference = end - start;
  return { group, from, to, start, end, difference, relative: start === 0 ? null : difference / start, rate: difference / (to - from) };
}

/**
 * The same series restricted to the times from `from` to `to` (inclusive) and/or to `groups`
 * (in that order). Refused when nothing is left.
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, a: 1, b: 2 }, { year: 2013, a: 3, b: 4 }], { time: "year", groups: ["a", "b"] });
 * cc.selectSeries(ts, { to: 2012, groups: ["b"] }).values;   // { b: [2] }
 */
export function selectSeries(series: SeriesInput, options: { from?: number; to?: number; groups?: string[] } = {}): TimeSeries {
  const ts = asSeries(series, "selectSeries");
  const lo = options.from ?? -Infinity, hi = options.to ?? Infinity;
  const keep = ts.times.map((t) => t >= lo && t <= hi);
  const times = ts.times.filter((_, k) => keep[k]);
  if (times.length === 0) throw new TrendError(`selectSeries: no time between ${options.from ?? "the start"} and ${options.to ?? "the end"} (times ${ts.times[0]}–${ts.times[ts.times.length - 1]})`);
  const groups = options.groups ?? ts.groups;
  for (const g of groups) checkGroup(ts, g, "selectSeries");
  const values = Object.fromEntries(groups.map((g) => [g, ts.values[g].filter((_, k) => keep[k])]));
  return { kind: "timeSeries", time: ts.time, times, groups: [...groups], values };
}

/**
 * Several series side by side (e.g. the regions and the nation): the same times are required, and
 * a group name may appear once.
 *
 * @example
 * const a = cc.timeSeries([{ year: 2012, east: 0.366 }], { time: "year", groups: ["east"] });
 * const b = cc.timeSeries([{ year: 2012, nation: 0.368 }], { time: "year", groups: ["nation"] });
 * cc.mergeSeries(a, b).groups;   // ["east", "nation"]
 */
export function mergeSeries(...series: SeriesInput[]): TimeSeries {
  if (series.length === 0) throw new TrendError("mergeSeries: no series");
  const all = series.map((s, i) => asSeries(s, `mergeSeries (series ${i + 1})`));
  const first = all[0];
  const values: Record<string, number[]> = {};
  const groups: string[] = [];
  all.forEach((ts, i) => {
    if (ts.times.length !== first.times.length || ts.times.some((t, k) => t !== first.times[k])) {
      throw new TrendError(`mergeSeries: series ${i + 1} has times ${ts.times.join(", ")}, series 1 has ${first.times.join(", ")}; select the common times first`);
    }
    for (const g of ts.groups) {
      if (g in values) throw new TrendError(`mergeSeries: group "${g}" is in more than one series (series ${i + 1})`);
      values[g] = ts.values[g];
      groups.push(g);
    }
  });
  return { kind: "timeSeries", time: first.time, times: [...first.times], groups, values };
}
