/**
 * Cells and reshaping: the one number parser of the library (`parseNumber`), the year parser
 * (`parseYear`), and the long-to-wide reshape (`toWide`) that turns a statistics-bureau long
 * table (one row per unit, time and indicator) into a panel (one row per unit and time, one
 * column per indicator). `readPanel` uses `toWide` for its long and wide layouts, so there is
 * one reshape in the library.
 *
 * Vocabulary: the *unit* is the observation unit (a province, a city, a county: whatever a row
 * of the panel is about); the *measure* is the measurement unit of an indicator (万人, 亿元, %).
 *
 * No file I/O here: messages name a file and line when the caller says where the rows come from
 * (`ToWideOptions.file` / `lines`), else the row of the input array, counted from 1.
 */
import { DataError, DataFileError } from "./errors";

// ---------------------------------------------------------------------------------------------
// Cells

/** Cell texts read as "missing" (after trimming): empty, the bureau's dashes and ellipses. */
export const MISSING_MARKERS: readonly string[] = Object.freeze(["", "—", "——", "-", "--", "...", "…"]);

/**
 * Where a cell is, for messages: a file place (`file`, 1-based `line`), or a row of an array
 * (`row`, from 1), with the column header and the unit of the row when known. A plain string is
 * used as given (e.g. `row 3 (110000 北京, 2019), column B1`).
 */
export type CellPlace = string | { file?: string; line?: number; row?: number; column?: string; unit?: string };

/**
 * The text of a place: `f.csv, line 3, column "GDP", unit 320100 (南京市)`; `line` wins over `row`.
 * @example formatPlace({ file: "a.csv", row: 2, line: 5 }) === "a.csv, line 5"
 */
export function formatPlace(where: CellPlace | undefined): string {
  if (where === undefined) return "";
  if (typeof where === "string") return where;
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  else if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  if (where.unit !== undefined) parts.push(`unit ${where.unit}`);
  return parts.join(", ");
}

/** A cell that should hold a number (or a missing marker) and does not; `where` says where. */
export class NumberFormatError extends DataError {
  override name = "NumberFormatError";
  /** The cell as found. */
  readonly raw: unknown;
  /** Why it is not a number. */
  readonly reason: string;
  readonly where?: CellPlace;
  constructor(raw: unknown, reason: string, where?: CellPlace) {
    const place = formatPlace(where);
    super(`${place ? place + ": " : ""}${reason}`);
    this.raw = raw;
    this.reason = reason;
    this.where = where;
  }
}

const PLAIN_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Thousands separators: 1 to 3 digits, then groups of exactly three, then an optional fraction. */
const GROUPED_RE = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const YEAR_TEXT_RE = /^\d{4}\s*年$/;
const NON_FINITE_RE = /^[+-]?(inf|infinity|nan|∞)$/i;
const SUFFIX_RE = /^[+-]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*([^\d\s.,+-].*)$/;
const PREFIX_RE = /^([^\d\s.,+-]+)\s*[+-]?(?:\d[\d,]*\.?\d*|\.\d+)$/;

const markerList = () => MISSING_MARKERS.filter((m) => m).map((m) => `"${m}"`).join(" ");

/**
 * Parse one indicator cell: a finite number, `null` for a missing cell, or a
 * `NumberFormatError` naming `where` and saying why.
 *
 * Conventions (text is trimmed first):
 * - missing: `null`, `undefined`, a JavaScript `NaN` (how danfo marks a missing cell), or one
 *   of `MISSING_MARKERS` (empty, "—", "——", "-", "--", "...", "…"). Missing is never 0.
 * - a number: a finite JavaScript number as is; text in plain decimal notation (optional sign,
 *   decimal point, exponent: "12.5", "-1e3", ".5"); or with a comma as thousands separator when
 *   the grouping is valid: 1 to 3 digits, then groups of exactly three ("1,234.5" -> 1234.5,
 *   "12,345,678" -> 12345678).
 * - errors: a comma that is not a valid thousands separator ("1,5": a decimal comma, "1,23",
 *   "1234,567"); a year ("2019年": a time cell read as an indicator); a measure stuck to the
 *   number ("12.3%", "12万", "¥5"); non-finite values ("Infinity", "NaN", "inf", "∞", or a number
 *   ±Infinity); any other text ("n/a"); booleans and dates.
 * @example parseNumber(" 12.5 ", "x") === 12.5; parseNumber("1,234.5", "x") === 1234.5; parseNumber("—", "x") === null
 * @throws NumberFormatError, e.g. `f.csv, line 3, column "GDP": "1,5" is not a number: ...`
 */
export function parseNumber(raw: unknown, where?: CellPlace): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "number") {
    if (Number.isNaN(raw)) return null;
    if (!Number.isFinite(raw)) throw new NumberFormatError(raw, `${raw} is not a finite number`, where);
    return raw;
  }
  if (raw instanceof Date) {
    throw new NumberFormatError(raw, `expected a number, found a date (${raw.toISOString().slice(0, 10)}): is the cell formatted as a date in Excel?`, where);
  }
  if (typeof raw !== "string") {
    throw new NumberFormatError(raw, `expected a number, found ${typeof raw} ${JSON.stringify(raw)}`, where);
  }
  const s = raw.trim();
  if (MISSING_MARKERS.includes(s)) return null;
  if (PLAIN_RE.test(s)) return Number(s);
  if (GROUPED_RE.test(s)) return Number(s.replace(/,/g, ""));
  const q = `"${raw}" is not a number`;
  if (/^[+-]?[\d.,]*\d[\d.,]*$/.test(s) && s.includes(",")) {
    throw new NumberFormatError(
      raw,
      `${q}: a comma is read only as a thousands separator (1,234.5: groups of three digits); a decimal comma ("1,5") is not accepted: write the number with a decimal point`,
      where,
    );
  }
  if (YEAR_TEXT_RE.test(s)) {
    throw new NumberFormatError(raw, `${q}: it is a year; is this column a time column? (name it with { time })`, where);
  }
  if (NON_FINITE_RE.test(s)) {
    throw new NumberFormatError(raw, `${q}: non-finite values are not data; a missing value is an empty cell or one of ${markerList()}`, where);
  }
  const suffix = SUFFIX_RE.exec(s);
  const prefix = suffix ? null : PREFIX_RE.exec(s);
  if (suffix || prefix) {
    const m = (suffix ?? prefix)![1].trim();
    throw new NumberFormatError(
      raw,
      `${q}: the cell carries a measure "${m}"; keep only the number in the cell${m === "%" || m === "％" ? " (a percentage stays in percent: 12.3)" : ""} and write the measure in the header or the spec's measure column`,
      where,
    );
  }
  throw new NumberFormatError(raw, `${q} (missing values must be empty or one of ${markerList()})`, where);
}

const YEAR_RE = /^(\d{4})\s*(年)?$/;

/**
 * Year from a cell or header: an integer number 1000-9999, or the text "2019" / "2019年"
 * (trimmed); `undefined` for anything else.
 * @example parseYear("2019年") === 2019; parseYear(2019) === 2019; parseYear("2019-01") === undefined
 */
export function parseYear(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isInteger(raw) && raw >= 1000 && raw <= 9999 ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  const m = YEAR_RE.exec(raw.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The text of a key cell (unit, label, group, indicator name): strings trimmed; a number as its
 * text (an integer code 320100 -> "320100"); `null`/`undefined` -> "". A date is refused (a code
 * or name formatted as a date in Excel).
 * @example keyText(320100) === "320100"; keyText(" 南京市 ") === "南京市"
 */
export function keyText(raw: unknown, where?: CellPlace): string {
  if (raw === null || raw === undefined) return "";
  if (typeof raw === "string") return raw.trim();
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw new ReshapeError(`${formatPlace(where)}: ${raw} is not a key`);
    return String(raw);
  }
  if (raw instanceof Date) throw new ReshapeError(`${formatPlace(where)}: found a date (${raw.toISOString().slice(0, 10)}) where a name or code is expected`);
  return String(raw).trim();
}

// ---------------------------------------------------------------------------------------------
// Long to wide

/** A problem in rows given as an array (not read from a file); the message names the row, from 1. */
export class ReshapeError extends DataError {
  override name = "ReshapeError";
}

/** Column names of the keys in a wide table's rows. */
export interface PanelKeys {
  unit: string;
  label?: string;
  time: string;
  group?: string;
}

/** A panel: one row per unit and time, one column per indicator. */
export interface WideTable {
  /** One row per unit-time: keys, then each indicator (a number, or null when missing). */
  rows: Array<Record<string, string | number | null>>;
  /** Column order: unit, [label], time, [group], indicators... */
  columns: string[];
  keys: PanelKeys;
  /** Indicator columns in order of first appearance. */
  indicators: string[];
  /** Measure of each indicator ("" when none was given). */
  measures: Record<string, string>;
}

/** Which fields of the long rows hold what, and where the rows come from (for messages). */
export interface ToWideOptions {
  /** Field of the unit (province, city, county: any id). */
  unit: string;
  /** Field of the time (a year: 2019, "2019", "2019年"). */
  time: string;
  /** Field of the indicator name (becomes a column of the wide table). */
  indicator: string;
  /** Field of the value (parsed by `parseNumber`). */
  value: string;
  /** Field of a label of the unit (e.g. a name beside a code); the same in every row of a unit. */
  label?: string;
  /** Field of a group of the unit (e.g. 苏南/苏中/苏北); the same in every row of a unit. */
  group?: string;
  /** Field of the indicator's measure (万人, %); the same in every row of an indicator. */
  measure?: string;
  /** The file the rows were read from: messages then say `file, line N`. */
  file?: string;
  /** 1-based line of each row in `file` (default: the row's position, from 1). */
  lines?: readonly number[];
}

interface UnitEntry {
  unit: string;
  order: number;
  label?: string;
  labelAt?: number;
  group?: string;
  groupAt?: number;
  times: Map<number, TimeEntry>;
}
interface TimeEntry {
  time: number;
  at: number;
  values: Map<string, { value: number | null; at: number }>;
}

/**
 * Collects the cells of a panel, checking duplicates and the consistency of labels, groups and
 * measures, and lays out the wide table. Used by `toWide` and by `readPanel`'s panel layout.
 * @internal (not part of the public API)
 */
export class WideBuilder {
  private units = new Map<string, UnitEntry>();
  private indicatorSet = new Map<string, number>();
  private measureOf = new Map<string, { measure: string; at: number }>();

  constructor(
    readonly keys: PanelKeys,
    private file?: string,
  ) {}

  /** "line 5" for a file, "row 5" for an array. */
  at(n: number): string {
    return this.file !== undefined ? `line ${n}` : `row ${n}`;
  }

  fail(at: number, column: string | undefined, message: string): never {
    if (this.file !== undefined) throw new DataFileError(this.file, at, column, message);
    throw new ReshapeError(`row ${at}${column !== undefined ? `, column "${column}"` : ""}: ${message}`);
  }

  /** `320100 (南京市)`, or `320100` without a label. */
  describe(unit: string, label?: string): string {
    return label ? `${unit} (${label})` : unit;
  }

  /**
   * The row of `unit` and `time`, created on first use. `exclusive`: a second call for the same
   * unit and time is an error (one file row per unit-time, the panel layout).
   */
  row(unit: string, time: number, at: number, opt: { label?: string; group?: string; exclusive?: boolean; labelColumn?: string; groupColumn?: string }): TimeEntry {
    let u = this.units.get(unit);
    if (!u) {
      u = { unit, order: this.units.size, times: new Map() };
      if (this.keys.label !== undefined) {
        u.label = opt.label ?? "";
        u.labelAt = at;
      }
      if (this.keys.group !== undefined) {
        u.group = opt.group ?? "";
        u.groupAt = at;
      }
      this.units.set(unit, u);
    } else {
      if (this.keys.label !== undefined && (opt.label ?? "") !== u.label) {
        this.fail(at, opt.labelColumn ?? this.keys.label, `unit ${unit}: label "${opt.label ?? ""}" differs from "${u.label}" on ${this.at(u.labelAt!)} (a unit has one label)`);
      }
      if (this.keys.group !== undefined && (opt.group ?? "") !== u.group) {
        this.fail(at, opt.groupColumn ?? this.keys.group, `unit ${this.describe(unit, u.label)}: group "${opt.group ?? ""}" differs from "${u.group}" on ${this.at(u.groupAt!)} (a unit has one group)`);
      }
    }
    let t = u.times.get(time);
    if (!t) {
      t = { time, at, values: new Map() };
      u.times.set(time, t);
    } else if (opt.exclusive) {
      this.fail(at, undefined, `duplicate row for unit ${this.describe(unit, u.label)}, time ${time} (first on ${this.at(t.at)})`);
    }
    return t;
  }

  /** Set one cell; a second value for the same unit, time and indicator is an error naming both rows. */
  set(row: TimeEntry, unit: string, indicator: string, value: number | null, at: number, column?: string): void {
    const prev = row.values.get(indicator);
    if (prev) {
      const u = this.units.get(unit)!;
      this.fail(at, column, `duplicate value for unit ${this.describe(unit, u.label)}, time ${row.time}, indicator "${indicator}" (first on ${this.at(prev.at)})`);
    }
    if (!this.indicatorSet.has(indicator)) this.indicatorSet.set(indicator, this.indicatorSet.size);
    row.values.set(indicator, { value, at });
  }

  /** Record the measure of an indicator; a different measure on another row is an error naming both rows. */
  measure(indicator: string, measure: string, at: number, column?: string): void {
    const prev = this.measureOf.get(indicator);
    if (!prev) this.measureOf.set(indicator, { measure, at });
    else if (prev.measure !== measure) {
      this.fail(at, column, `indicator "${indicator}": measure "${measure}" differs from "${prev.measure}" on ${this.at(prev.at)}`);
    }
  }

  /** Declare an indicator column (so that it is present even when it has no cell). */
  declare(indicator: string): void {
    if (!this.indicatorSet.has(indicator)) this.indicatorSet.set(indicator, this.indicatorSet.size);
  }

  /**
   * The wide table. Units in order of first appearance unless `compareUnits` is given; times
   * ascending within a unit. A column name used twice (an indicator named like a key column) is
   * an error.
   */
  result(compareUnits?: (a: string, b: string) => number): WideTable {
    const indicators = [...this.indicatorSet.keys()];
    const k = this.keys;
    const keyCols = [k.unit, ...(k.label !== undefined ? [k.label] : []), k.time, ...(k.group !== undefined ? [k.group] : [])];
    const columns = [...keyCols, ...indicators];
    const seen = new Set<string>();
    for (const c of columns) {
      if (seen.has(c)) {
        const what = indicators.includes(c) && keyCols.includes(c) ? `indicator "${c}" has the name of a key column` : `column name "${c}" is used twice`;
        throw this.file !== undefined
          ? new DataFileError(this.file, undefined, c, `${what} in the result (keys: ${keyCols.join(", ")}); rename it`)
          : new ReshapeError(`${what} in the result (keys: ${keyCols.join(", ")}); rename it`);
      }
      seen.add(c);
    }
    const units = [...this.units.values()];
    if (compareUnits) units.sort((a, b) => compareUnits(a.unit, b.unit));
    const rows: Array<Record<string, string | number | null>> = [];
    for (const u of units) {
      for (const t of [...u.times.values()].sort((a, b) => a.time - b.time)) {
        const r: Record<string, string | number | null> = { [k.unit]: u.unit };
        if (k.label !== undefined) r[k.label] = u.label ?? "";
        r[k.time] = t.time;
        if (k.group !== undefined) r[k.group] = u.group ?? "";
        for (const ind of indicators) r[ind] = t.values.get(ind)?.value ?? null;
        rows.push(r);
      }
    }
    const measures: Record<string, string> = {};
    for (const ind of indicators) measures[ind] = this.measureOf.get(ind)?.measure ?? "";
    return { rows, columns, keys: { ...k }, indicators, measures };
  }
}

/**
 * Long to wide: rows of a long table (one per unit, time and indicator, as the statistics bureau
 * publishes them) to a panel (one per unit and time, one column per indicator).
 *
 * - Keys: the unit (`keyText`: trimmed text, integer codes as their text; never empty), the time
 *   (`parseYear`: 2019, "2019", "2019年"), optional label and group (the same on every row of a
 *   unit), optional measure (the same on every row of an indicator).
 * - Values: `parseNumber` (missing markers -> null). A unit-time without a row for some indicator
 *   gets null there.
 * - Layout: units in order of first appearance, times ascending; columns unit, [label], time,
 *   [group], then the indicators in order of first appearance. The key columns keep the names
 *   given in `opts`.
 * - Errors (naming the row from 1, or `file, line N` when `opts.file` is given): a missing field,
 *   an empty unit or indicator, a time that is not a year, a value that is not a number, two rows
 *   for the same unit, time and indicator (both rows named), a label, group or measure that
 *   differs from an earlier row (both rows named), an indicator named like a key column.
 * @example
 * toWide([
 *   { 地区: "南京市", 年份: "2019年", 指标: "GDP", 值: "14030.15" },
 *   { 地区: "南京市", 年份: "2019年", 指标: "人口", 值: "850.0" },
 *   { 地区: "无锡市", 年份: "2019年", 指标: "GDP", 值: "—" },
 * ], { unit: "地区", time: "年份", indicator: "指标", value: "值" }).rows
 * // [{ 地区: "南京市", 年份: 2019, GDP: 14030.15, 人口: 850 }, { 地区: "无锡市", 年份: 2019, GDP: null, 人口: null }]
 */
export function toWide(longRows: readonly Record<string, unknown>[], opts: ToWideOptions): WideTable {
  const keys: PanelKeys = { unit: opts.unit, time: opts.time };
  if (opts.label !== undefined) keys.label = opts.label;
  if (opts.group !== undefined) keys.group = opts.group;
  const fields = [opts.unit, opts.time, opts.indicator, opts.value, opts.label, opts.group, opts.measure].filter((f): f is string => f !== undefined);
  const dup = fields.find((f, i) => fields.indexOf(f) !== i);
  if (dup !== undefined) throw new ReshapeError(`toWide: field "${dup}" is given for two roles`);
  if (opts.lines !== undefined && opts.lines.length !== longRows.length) {
    throw new ReshapeError(`toWide: ${opts.lines.length} line numbers for ${longRows.length} rows`);
  }
  const b: WideBuilder = new WideBuilder(keys, opts.file);
  longRows.forEach((rec, i) => {
    const at = opts.lines ? opts.lines[i] : i + 1;
    const place = (column: string, unit?: string): CellPlace =>
      opts.file !== undefined ? { file: opts.file, line: at, column, unit } : { row: at, column, unit };
    for (const f of fields) {
      if (rec === null || typeof rec !== "object" || !(f in rec)) {
        b.fail(at, undefined, `no field "${f}" (fields: ${rec && typeof rec === "object" ? Object.keys(rec).join(", ") : String(rec)})`);
      }
    }
    const unit = keyText(rec[opts.unit], place(opts.unit));
    if (unit === "") b.fail(at, opts.unit, "empty unit cell");
    const label = opts.label !== undefined ? keyText(rec[opts.label], place(opts.label)) : undefined;
    const unitDesc = b.describe(unit, label);
    const time = parseYear(rec[opts.time]);
    if (time === undefined) b.fail(at, opts.time, `unit ${unitDesc}: "${String(rec[opts.time] ?? "")}" is not a year (2019, "2019" or "2019年")`);
    const indicator = keyText(rec[opts.indicator], place(opts.indicator));
    if (indicator === "") b.fail(at, opts.indicator, `unit ${unitDesc}: empty indicator cell`);
    const group = opts.group !== undefined ? keyText(rec[opts.group], place(opts.group)) : undefined;
    const row = b.row(unit, time, at, { label, group });
    if (opts.measure !== undefined) b.measure(indicator, keyText(rec[opts.measure], place(opts.measure)), at, opts.measure);
    b.set(row, unit, indicator, parseNumber(rec[opts.value], place(opts.value, unitDesc)), at, opts.value);
  });
  return b.result();
}
