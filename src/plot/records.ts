/**
 * Reading what a builder is given: a frame result (its `rows`, with field names from its `keys`)
 * or plain records with the field names passed as options, in the manner of Observable Plot's
 * channels. Every figure reads its numbers through here, so that a missing field or a value that
 * is not a finite number stops with the record (counted from 1), the field and the value named,
 * never a NaN drawn as a gap.
 */
import type { PanelKeys, Row, TableResult } from "../frame/results";
import { isTableResult } from "../frame/results";

/** Thrown for input a figure cannot draw: the message names the builder, record, field and value. */
export class PlotInputError extends Error {
  override name = "PlotInputError";
}

/** The records of a figure and, when it was given a frame result, that result and its keys. */
export interface Source {
  rows: readonly Row[];
  result?: TableResult;
  keys?: PanelKeys;
}

/** A value as an error message shows it: strings quoted, so that "0.5" and 0.5 differ. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "undefined";
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** Read a builder's data: a frame result, or an array of plain records (objects). */
export function readSource(fn: string, data: unknown): Source {
  if (isTableResult(data)) {
    checkRecords(fn, data.rows);
    return { rows: data.rows, result: data, keys: data.keys };
  }
  if (Array.isArray(data)) {
    checkRecords(fn, data);
    return { rows: data as Row[] };
  }
  throw new PlotInputError(
    `${fn}: expected a frame result (with rows and keys) or an array of records, got ${data === null ? "null" : typeof data}`,
  );
}

function checkRecords(fn: string, rows: readonly unknown[]): void {
  rows.forEach((r, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) {
      throw new PlotInputError(`${fn}: record ${i + 1} is ${show(r)}, not an object of fields`);
    }
  });
}

/** Does any record carry `field` (with a value other than undefined)? */
export function hasField(rows: readonly Row[], field: string): boolean {
  return rows.some((r) => r[field] !== undefined);
}

/** The fields of a record, for messages: "year, group, D". */
export function fieldList(row: Row | undefined): string {
  if (!row) return "no records";
  const keys = Object.keys(row);
  return keys.length ? keys.join(", ") : "no fields";
}

/**
 * Reads fields of the records of one builder. `option` names the option that sets the field, so
 * that a missing field says how to name another: `(name it with { y: "..." })`.
 */
export class Fields {
  constructor(
    readonly fn: string,
    readonly rows: readonly Row[],
  ) {}

  /** The raw value; a missing field (or undefined / null) throws. */
  get(i: number, field: string, option?: string): unknown {
    const row = this.rows[i];
    const v = row[field];
    if (v === undefined || v === null) {
      const has = Object.prototype.hasOwnProperty.call(row, field);
      throw new PlotInputError(
        `${this.fn}: record ${i + 1} ${has ? `has ${field} = ${show(v)}` : `has no field "${field}"`} (its fields: ${fieldList(row)})` +
          (option ? `; name the field with { ${option}: "..." }` : ""),
      );
    }
    return v;
  }

  /** A finite number (not a numeric string: a CSV column read as text is an error, not a guess). */
  num(i: number, field: string, option?: string): number {
    const v = this.get(i, field, option);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new PlotInputError(`${this.fn}: record ${i + 1} field "${field}" is ${show(v)}, expected a finite number`);
    }
    return v;
  }

  /** A finite number, or undefined when the field is absent from this record. */
  optNum(i: number, field: string): number | undefined {
    const v = this.rows[i][field];
    return v === undefined || v === null ? undefined : this.num(i, field);
  }

  /** An id (unit, series, group, category): a non-empty string or a finite number, as a string. */
  id(i: number, field: string, option?: string): string {
    const v = this.get(i, field, option);
    if ((typeof v === "string" && v !== "") || (typeof v === "number" && Number.isFinite(v))) return String(v);
    throw new PlotInputError(`${this.fn}: record ${i + 1} field "${field}" is ${show(v)}, expected an id (a non-empty string or a number)`);
  }

  /** A text field when present (label), else undefined. */
  text(i: number, field: string | undefined): string | undefined {
    if (field === undefined) return undefined;
    const v = this.rows[i][field];
    return v === undefined || v === null || v === "" ? undefined : String(v);
  }
}

/**
 * The label field of plain records: the option when given, else "province" when the records
 * carry it (the panel's own default, `PanelKeys.label`), else none.
 */
export function defaultLabel(src: Source, option: string | undefined): string | undefined {
  if (option !== undefined) return option;
  if (src.keys) return src.keys.label;
  return hasField(src.rows, "province") ? "province" : undefined;
}

/** The field holding the unit id: option, else the result's `keys.unit`, else "adcode". */
export function unitField(src: Source, option: string | undefined): string {
  return option ?? src.keys?.unit ?? "adcode";
}

/** The field holding the time: option, else the result's `keys.time`, else "year". */
export function timeField(src: Source, option: string | undefined): string {
  return option ?? src.keys?.time ?? "year";
}

/** The result's value column (`result.value`, e.g. "D") when it has one. */
export function resultValue(src: Source): string | undefined {
  const v = (src.result as { value?: unknown } | undefined)?.value;
  return typeof v === "string" ? v : undefined;
}

/**
 * The records of one time (a map draws one time), as indices into `src.rows`: `time` when given,
 * else the last time in the records. Records without the time field at all (plain records of one
 * time, a LISA result) are all kept, unless the caller named a time or a time field.
 */
export function oneTime(fn: string, src: Source, options: { time?: number; timeField?: string }): { index: number[]; time?: number } {
  const field = timeField(src, options.timeField);
  if (!hasField(src.rows, field)) {
    if (options.time !== undefined || options.timeField !== undefined) {
      throw new PlotInputError(
        `${fn}: the records have no time field "${field}" (fields of record 1: ${fieldList(src.rows[0])}); name it with { timeField: "..." }`,
      );
    }
    return { index: src.rows.map((_, i) => i) };
  }
  const f = new Fields(fn, src.rows);
  const times = src.rows.map((_, i) => f.num(i, field, "timeField"));
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  if (options.time !== undefined && !distinct.includes(options.time)) {
    throw new PlotInputError(`${fn}: no record has ${field} = ${options.time} (times in the records: ${distinct.join(", ") || "none"})`);
  }
  const t = options.time ?? distinct[distinct.length - 1];
  return { index: times.map((v, i) => (v === t ? i : -1)).filter((i) => i >= 0), time: t };
}

/** The level of record i: an integer 1..10 from the records (never re-classified here). */
export function readLevel(fn: string, f: Fields, i: number, field: string, named: boolean): number {
  const row = f.rows[i];
  if (row[field] === undefined || row[field] === null) {
    throw new PlotInputError(
      `${fn}: record ${i + 1} has no coordination level in field "${field}": pass the coupling result (its records carry ` +
        `the level, classified once by the core), add a "level" field to the records${named ? "" : ', or name the field with { level: "..." }'}`,
    );
  }
  const level = f.num(i, field, "level");
  if (!Number.isInteger(level) || level < 1 || level > 10) {
    throw new PlotInputError(`${fn}: record ${i + 1} field "${field}" is ${level}, expected a coordination level 1..10`);
  }
  return level;
}
