/**
 * Paper 2's readings of the coupling coordination degree by bands and levels, and the facts of a
 * panel read from a file:
 * - `bandCounts`: how many units have D in each band `[b_0, b_1), [b_1, b_2), ..., [b_{K-1}, b_K]`
 *   at each time (the paper's "16 provinces in [0, 0.3) and 15 in [0.3, 0.6) in 2010"), beside
 *   the counts a paper printed;
 * - `levelChanges`: the units whose coordination level differs between two times (the paper's
 *   Table 4), with the counts of changes up and down and of D rising and falling;
 * - `panelInfo`: units, times, rows and columns of a panel (what a notebook shows after reading it).
 *
 * Bands are half-open `[a, b)` except the last, closed `[a, b]`, as the ten coordination levels
 * (METHODS.md section 3). Levels are read from the `level` column the coupling call wrote (the
 * core's table, decided once), never recomputed here.
 */
import { FrameError } from "./errors";
import { resolveKeys, unitId, type KeyOptions } from "./panel";
import { makeResult, type Row, type TableResult } from "./results";
import { inputRows, type FrameInput } from "./table";
import { describeValue, parseTime, timeOption, validatePanel } from "./validate";

/** Options of {@link bandCounts}. */
export interface BandCountsOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Band edges, ascending, at least two (default `[0, 0.3, 0.6, 1]`, paper 2's bands). */
  breaks?: readonly number[];
  /** Times to count (numbers or text such as "2019"); default every time of the panel. */
  times?: ReadonlyArray<number | string>;
  /**
   * Counts a paper printed: records `{ <time>, lower, <count> }` (e.g.
   * `publishedRecords("zhou-xu-li.table3")`), matched to a band by its lower edge. A band the
   * records leave out at a time they cover counts 0 when their counts add up to the units of that
   * time (the printed bands hold every unit), else it is unknown (null).
   */
  published?: readonly Row[];
  /** The count field of `published` (default "provinces"). */
  publishedCount?: string;
  /** A name shown in a first column `面板 panel` (e.g. which panel the values come from). */
  panelName?: string;
}

/** One band at one time. */
export interface BandRecord extends Row {
  band: string;
  lower: number;
  upper: number;
  count: number;
  /** What the paper printed (or 0 when implied, see `published`); null when unknown. */
  published: number | null;
  /** Whether the paper printed this count itself (false when implied or unknown). */
  printed: boolean;
  /** count === published; null when published is unknown. */
  agrees: boolean | null;
  panel?: string;
}

/** Result of {@link bandCounts}. */
export interface BandCountsResult extends TableResult {
  readonly kind: "bands";
  readonly rows: BandRecord[];
  readonly value: string;
  readonly breaks: number[];
  /** Band labels in order: "[0, 0.3)", ..., "[0.6, 1]". */
  readonly bands: string[];
  /** Counts per time, one per band in order: `counts[2019]` = [4, 17, 10]. */
  readonly counts: Record<number, number[]>;
  /**
   * One line per time comparing with the paper: "[0, 0.3): 13 vs 16 不一致 disagrees; ...", the
   * bands the paper prints (at any time), then any unit in a band the paper implies is empty.
   */
  readonly readings: string[];
}

const bandLabel = (lo: number, hi: number, last: boolean) => `[${lo}, ${hi}${last ? "]" : ")"}`;

/**
 * The number of units with `value` in each band at each time, beside the counts a paper printed.
 * Records: one per time and band `{ <time>, band, lower, upper, count, published, printed, agrees }`;
 * the display table has one row per time and two columns per band, `<band> 计算` (computed) and,
 * with `published`, `<band> 论文` (the paper). A value outside `[b_0, b_K]` is an error naming the
 * unit and the time (no band would hold it).
 *
 * @example
 * const b = cc.bandCounts(cd2, { times: [2011, 2019], published: cc.publishedRecords("zhou-xu-li.table3") });
 * b.counts[2019];   // [4, 17, 10]: 4 provinces in [0, 0.3), 17 in [0.3, 0.6), 10 in [0.6, 1]
 * b.readings[1];    // "2019: [0, 0.3): 4 vs 17 不一致 disagrees; [0.3, 0.6): 17 vs 14 不一致 disagrees; 10 个 ≥ 0.6（论文：无 / paper: none）"
 */
export function bandCounts(input: FrameInput, options: BandCountsOptions = {}): BandCountsResult {
  const what = "bandCounts";
  const value = options.value ?? "D";
  const breaks = [...(options.breaks ?? [0, 0.3, 0.6, 1])];
  if (breaks.length < 2 || breaks.some((b) => typeof b !== "number" || !Number.isFinite(b))) {
    throw new FrameError(`${what}: breaks must be at least two finite numbers (got ${JSON.stringify(options.breaks)})`);
  }
  breaks.forEach((b, k) => {
    if (k > 0 && !(b > breaks[k - 1])) throw new FrameError(`${what}: breaks must increase, but breaks[${k + 1}] = ${b} follows ${breaks[k - 1]} (counted from 1)`);
  });
  const valid = validatePanel(input, { ...options, indicators: [value], what });
  const times = options.times === undefined ? valid.times : options.times.map((t) => timeOption(t, "times", what, valid.times)!);
  const K = breaks.length - 1;
  const labels = breaks.slice(0, K).map((lo, k) => bandLabel(lo, breaks[k + 1], k === K - 1));
  const countField = options.publishedCount ?? "provinces";
  // published counts by time and band index
  const printedAt = new Map<number, Map<number, number>>();
  if (options.published) {
    options.published.forEach((r, i) => {
      const t = Number(r[valid.time]);
      const lo = Number(r.lower);
      const c = r[countField];
      if (!Number.isFinite(t)) throw new FrameError(`${what}: published record ${i + 1} has no time in "${valid.time}" (got ${describeValue(r[valid.time])})`);
      const k = breaks.slice(0, K).findIndex((b) => Math.abs(b - lo) < 1e-12);
      if (k < 0) throw new FrameError(`${what}: published record ${i + 1} (${t}) has lower = ${describeValue(r.lower)}, not the lower edge of a band (${labels.join(", ")})`);
      if (typeof c !== "number" || !Number.isInteger(c) || c < 0) throw new FrameError(`${what}: published record ${i + 1} (${t}): ${countField} = ${describeValue(c)} is not a count`);
      if (!printedAt.has(t)) printedAt.set(t, new Map());
      if (printedAt.get(t)!.has(k)) throw new FrameError(`${what}: published records give ${labels[k]} at ${t} twice`);
      printedAt.get(t)!.set(k, c);
    });
  }
  const printedBands = new Set([...printedAt.values()].flatMap((m) => [...m.keys()]));
  const records: BandRecord[] = [];
  const counts: Record<number, number[]> = {};
  const readings: string[] = [];
  const tableRows: Row[] = [];
  for (const t of times) {
    const rs = valid.rows.filter((r) => Number(r[valid.time]) === t);
    const c = new Array<number>(K).fill(0);
    for (const r of rs) {
      const v = r[value] as number;
      const k = v === breaks[K] ? K - 1 : breaks.findIndex((b, j) => j < K && v >= b && v < breaks[j + 1]);
      if (k < 0) {
        const label = valid.label && r[valid.label] != null ? ` ${String(r[valid.label])}` : "";
        throw new FrameError(`${what}: ${String(r[valid.unit])}${label}, ${t}: ${value} = ${v} lies outside the bands [${breaks[0]}, ${breaks[K]}]`);
      }
      c[k]++;
    }
    counts[t] = c;
    const printed = printedAt.get(t);
    const sum = printed ? [...printed.values()].reduce((a, b) => a + b, 0) : NaN;
    const pub = c.map((_, k) => (printed?.has(k) ? printed.get(k)! : printed && sum === rs.length ? 0 : null));
    const row: Row = { [valid.time]: t, ...(options.panelName !== undefined ? { "面板 panel": options.panelName } : {}) };
    const parts: string[] = [];
    const extra: string[] = [];
    c.forEach((n, k) => {
      const p = pub[k];
      records.push({
        [valid.time]: t,
        ...(options.panelName !== undefined ? { panel: options.panelName } : {}),
        band: labels[k],
        lower: breaks[k],
        upper: breaks[k + 1],
        count: n,
        published: p,
        printed: printed?.has(k) ?? false,
        agrees: p === null ? null : n === p,
      });
      row[`${labels[k]} 计算`] = n;
      if (options.published) row[`${labels[k]} 论文`] = p;
      if (!options.published || printedBands.has(k)) {
        parts.push(p === null || !printed?.has(k) ? `${labels[k]}: ${n}` : `${labels[k]}: ${n} vs ${p} ${n === p ? "一致 agrees" : "不一致 disagrees"}`);
      } else if (n > 0) {
        extra.push(p === 0 ? `${n} 个 ≥ ${breaks[k]}（论文：无 / paper: none）` : `${n} 个 ≥ ${breaks[k]}`);
      }
    });
    tableRows.push(row);
    readings.push(`${t}${options.panelName !== undefined ? `, ${options.panelName}` : ""}: ${[...parts, ...extra].join("; ")}`);
  }
  return makeResult<BandCountsResult>("bands", records, valid.keys, { tableRows, value, breaks, bands: labels, counts, readings });
}

/** Options of {@link levelChanges}. */
export interface LevelChangesOptions extends KeyOptions {
  /** The earlier time (number or text). */
  from: number | string;
  /** The later time. */
  to: number | string;
  /** Value column (default "D"); the level columns are `level` (1-10) and `level_zh`. */
  value?: string;
  /** A name shown in the tally row (`面板 panel`). */
  panelName?: string;
}

/** One unit's change between the two times. */
export interface LevelChangeRecord extends Row {
  from_value: number;
  to_value: number;
  from_level: number;
  to_level: number;
  from_level_zh: string;
  to_level_zh: string;
  /** to_level - from_level. */
  change: number;
}

/** Result of {@link levelChanges}. */
export interface LevelChangesResult extends TableResult {
  readonly kind: "level-changes";
  /** Every unit present at both times (changed or not), in the panel's order. */
  readonly rows: LevelChangeRecord[];
  readonly from: number;
  readonly to: number;
  /** Counts over the units: level changed, down, up; value fell, rose; of `total`. */
  readonly tally: { changed: number; down: number; up: number; fell: number; rose: number; total: number };
  /** The tally as a display row: 面板 panel, 年份, 等级改变 level changed, 等级下降 level down, 等级上升 level up, D 下降 D fell, D 上升 D rose. */
  readonly tallyRow: Row;
  /** Records of one unit (by id); an error names an unknown unit. */
  of(unit: string | number): LevelChangeRecord;
}

/**
 * The units whose coordination level differs between `from` and `to` (paper 2's Table 4): the
 * display table lists them with the value and level at both times and the change ("↑3", "↓1");
 * `rows` hold every unit present at both times, `tally` the counts (changed, down, up; value
 * fell, rose). The levels are the `level` / `level_zh` columns of a coupling result.
 *
 * @example
 * const ch = cc.levelChanges(cd2, { from: 2011, to: 2019 });
 * ch.tally;                        // { changed: 31, down: 0, up: 31, fell: 0, rose: 31, total: 31 }
 * ch.of("440000").change;          // 4: Guangdong from 勉强协调 (6) to 优质协调 (10)
 */
export function levelChanges(input: FrameInput, options: LevelChangesOptions): LevelChangesResult {
  const what = "levelChanges";
  const value = options.value ?? "D";
  const given = inputRows(input).rows;
  for (const col of ["level", "level_zh"]) {
    if (!given.some((r) => col in r)) throw new FrameError(`${what}: the rows have no column "${col}"`, [], "Pass a coupling result (cc.coupling(...)): its rows carry the level of each D.");
  }
  const valid = validatePanel(input, { ...options, indicators: [value, "level"], what });
  const from = timeOption(options.from, "from", what, valid.times);
  const to = timeOption(options.to, "to", what, valid.times);
  if (from === undefined || to === undefined) throw new FrameError(`${what}: give the two times, { from, to }`);
  if (from === to) throw new FrameError(`${what}: from and to are the same time (${from})`);
  // the validated rows keep keys and numbers; the level names are read from the same row as given
  const at = (t: number) =>
    new Map(valid.rows.flatMap((r, i) => (Number(r[valid.time]) === t ? [[String(r[valid.unit]), { ...r, level_zh: given[i].level_zh } as Row] as const] : [])));
  const a = at(from);
  const b = at(to);
  const records: LevelChangeRecord[] = [];
  for (const [id, r1] of b) {
    const r0 = a.get(id);
    if (!r0) continue;
    records.push({
      [valid.unit]: id,
      ...(valid.label ? { [valid.label]: r1[valid.label] } : {}),
      from_value: r0[value] as number,
      to_value: r1[value] as number,
      from_level: r0.level as number,
      to_level: r1.level as number,
      from_level_zh: String(r0.level_zh),
      to_level_zh: String(r1.level_zh),
      change: (r1.level as number) - (r0.level as number),
    });
  }
  const name = valid.label ?? valid.unit;
  const tableRows = records
    .filter((r) => r.change !== 0)
    .map((r) => ({
      [name]: r[name],
      [`${value} ${from}`]: r.from_value,
      [`等级 ${from}`]: r.from_level_zh,
      [`${value} ${to}`]: r.to_value,
      [`等级 ${to}`]: r.to_level_zh,
      变化: `${r.change > 0 ? "↑" : "↓"}${Math.abs(r.change)}`,
    }));
  const tally = {
    changed: records.filter((r) => r.change !== 0).length,
    down: records.filter((r) => r.change < 0).length,
    up: records.filter((r) => r.change > 0).length,
    fell: records.filter((r) => r.to_value < r.from_value).length,
    rose: records.filter((r) => r.to_value > r.from_value).length,
    total: records.length,
  };
  const tallyRow: Row = {
    "面板 panel": options.panelName ?? "",
    年份: `${from}→${to}`,
    "等级改变 level changed": tally.changed,
    "等级下降 level down": tally.down,
    "等级上升 level up": tally.up,
    [`${value} 下降 ${value} fell`]: tally.fell,
    [`${value} 上升 ${value} rose`]: tally.rose,
  };
  const byId = new Map(records.map((r) => [String(r[valid.unit]), r]));
  const result = makeResult<LevelChangesResult>("level-changes", records, valid.keys, { tableRows, from, to, tally, tallyRow } as unknown as Omit<LevelChangesResult, keyof TableResult>);
  Object.defineProperty(result, "of", {
    enumerable: false,
    value(unit: string | number): LevelChangeRecord {
      const r = byId.get(String(unit).trim());
      if (!r) throw new FrameError(`${what}: no unit "${String(unit)}" with a row in both ${from} and ${to}`);
      return r;
    },
  });
  return result;
}

/** Result of {@link panelInfo}: a panel's facts. */
export interface PanelInfo extends TableResult {
  readonly kind: "panel-info";
  /** Unit ids in first-seen order. */
  readonly units: string[];
  /** Times, ascending. */
  readonly times: number[];
  readonly first: number;
  readonly last: number;
  /** Number of rows. */
  readonly n: number;
  /** The panel's column names in order (`columns` are the display table's). */
  readonly panelColumns: string[];
}

/**
 * What a panel holds, for the table a notebook shows after reading it: the number of units, of
 * times, of rows, and its columns; `first` and `last` time. The display row is
 * `{ 文件 file, 单位 units, 时间 times, 行 rows, 列 columns }` (the file name only, without folders,
 * when `file` is given). Every row needs a unit and a time (an error names the row, from 1).
 *
 * @example
 * const info = cc.panelInfo(panel2, { file: cc.dataPath("panels", "zhou-xu-li.csv") });
 * [info.first, info.last, info.units.length];   // [2011, 2019, 31]
 */
export function panelInfo(input: FrameInput, options: KeyOptions & { file?: string } = {}): PanelInfo {
  const what = "panelInfo";
  const { rows, keys: carried } = inputRows(input);
  if (rows.length === 0) throw new FrameError(`${what}: the panel has no rows`);
  const keys = resolveKeys(rows, options, carried);
  const panelColumns: string[] = [];
  for (const r of rows) for (const c of Object.keys(r)) if (!panelColumns.includes(c)) panelColumns.push(c);
  const absent = [keys.unit, keys.time].filter((c) => !panelColumns.includes(c));
  if (absent.length) {
    throw new FrameError(`${what}: the panel lacks ${absent.length} key column${absent.length > 1 ? "s" : ""}: ${absent.join(", ")}`, [`columns present: ${panelColumns.join(", ")}`], "Name the key columns as the table has them: { unit, time }.");
  }
  const units: string[] = [];
  const times = new Set<number>();
  rows.forEach((r, i) => {
    const u = unitId(r[keys.unit]);
    const t = parseTime(r[keys.time]);
    if (u === "") throw new FrameError(`${what}: row ${i + 1} (counted from 1) has no unit in "${keys.unit}" (got ${describeValue(r[keys.unit])})`);
    if (t === undefined) throw new FrameError(`${what}: row ${i + 1} (counted from 1, unit ${u}) has no time in "${keys.time}" (got ${describeValue(r[keys.time])})`);
    if (!units.includes(u)) units.push(u);
    times.add(t);
  });
  const sorted = [...times].sort((a, b) => a - b);
  const file = options.file === undefined ? undefined : options.file.split(/[\\/]/).pop();
  const tableRows = [
    {
      ...(file !== undefined ? { "文件 file": file } : {}),
      "单位 units": units.length,
      "时间 times": sorted.length,
      "行 rows": rows.length,
      "列 columns": panelColumns.join(" "),
    },
  ];
  return makeResult<PanelInfo>("panel-info", tableRows, keys, {
    tableRows,
    units,
    times: sorted,
    first: sorted[0],
    last: sorted[sorted.length - 1],
    n: rows.length,
    panelColumns,
  } as unknown as Omit<PanelInfo, keyof TableResult>);
}
