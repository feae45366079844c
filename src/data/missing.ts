/**
 * Missing-value policy, an explicit option of every step that takes a panel.
 *
 * Works on plain rows (`Record<string, number | null | string>[]`) with a unit key (default
 * `adcode`), a time key (default `year`) and indicator columns; returns `{ rows, report }` and
 * never changes its input. A cell is missing when it is `null`, `undefined`, `NaN` or an empty
 * (white-space) string. Any other non-number (text, `Infinity`) in an indicator column is an error.
 *
 * Policies:
 * - `"error"` (default): any missing cell throws a `MissingValueError` whose message lists each
 *   missing unit-time-indicator cell.
 * - `"drop-indicator"`: every indicator with at least one missing cell is removed from all rows
 *   (reported, with its missing cells). If nothing is left, that is an error.
 * - `"interpolate"`: linear interpolation within a unit over time, between the nearest earlier
 *   and later observed values of that unit, weighted by the time distance:
 *   `v(t) = v0 + (v1 - v0) (t - t0) / (t1 - t0)`. Edge gaps (no earlier or no later value) are
 *   not extrapolated: they are an error that lists them. Interpolated cells are reported.
 */
import { DataError } from "./errors";

export type MissingPolicy = "error" | "drop-indicator" | "interpolate";
export const MISSING_POLICIES: readonly MissingPolicy[] = Object.freeze(["error", "drop-indicator", "interpolate"] as MissingPolicy[]);

export type PlainRow = Record<string, number | null | string>;

export interface MissingOptions {
  /** Policy (default "error"). */
  policy?: MissingPolicy;
  /** Key of the unit (province) column (default "adcode"). */
  unit?: string;
  /** Key of the time column (default "year"); values must be numbers or numeric text for "interpolate". */
  time?: string;
  /** Indicator columns (default: every key of the first row except unit, time and `label`, whose values are not text). */
  indicators?: readonly string[];
  /** Optional label column shown in messages beside the unit (default "province" when present). */
  label?: string;
}

export interface MissingCell {
  unit: string;
  label?: string;
  time: number | string;
  indicator: string;
}

export interface InterpolatedCell extends MissingCell {
  value: number;
  /** The observed neighbours used: [time, value] before and after. */
  from: [number, number];
  to: [number, number];
}

export interface MissingReport {
  policy: MissingPolicy;
  indicators: string[];
  /** Every missing cell of the input, in row order then indicator order. */
  missing: MissingCell[];
  /** "drop-indicator": the indicators removed. */
  dropped: string[];
  /** "interpolate": the cells filled. */
  interpolated: InterpolatedCell[];
}

export interface MissingResult {
  rows: PlainRow[];
  report: MissingReport;
}

/** Missing values that the policy does not allow; `cells` lists them. */
export class MissingValueError extends DataError {
  readonly cells: MissingCell[];
  readonly policy: MissingPolicy;
  constructor(policy: MissingPolicy, cells: MissingCell[], intro: string) {
    const list = cells.map(describeCell).join("; ");
    super(`${intro} (${cells.length} cell${cells.length === 1 ? "" : "s"}): ${list}`);
    this.cells = cells;
    this.policy = policy;
  }
}

/** "110000 北京 2019 S1" */
export function describeCell(c: MissingCell): string {
  return `${c.unit}${c.label ? ` ${c.label}` : ""} ${c.time} ${c.indicator}`;
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) || (typeof v === "string" && v.trim() === "");
}

/**
 * Apply a missing-value policy.
 * @example
 * applyMissingPolicy([{adcode:"A",year:2010,x:1},{adcode:"A",year:2011,x:null},{adcode:"A",year:2012,x:3}], {policy:"interpolate"}).rows[1].x === 2
 */
export function applyMissingPolicy(rows: readonly PlainRow[], opts: MissingOptions = {}): MissingResult {
  const policy = opts.policy ?? "error";
  if (!MISSING_POLICIES.includes(policy)) {
    throw new DataError(`unknown missing-value policy "${String(policy)}" (use ${MISSING_POLICIES.map((p) => `"${p}"`).join(", ")})`);
  }
  const unitKey = opts.unit ?? "adcode";
  const timeKey = opts.time ?? "year";
  const first = rows[0] ?? {};
  const label = opts.label ?? (rows.length > 0 && "province" in first ? "province" : undefined);
  const indicators = [
    ...(opts.indicators ??
      Object.keys(first).filter((k) => k !== unitKey && k !== timeKey && k !== label && rows.every((r) => typeof r[k] !== "string" || isMissing(r[k])))),
  ];
  if (indicators.length === 0) throw new DataError("applyMissingPolicy: no indicator columns");

  // validate keys and values
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    const u = r[unitKey];
    const t = r[timeKey];
    if (isMissing(u)) throw new DataError(`row ${i + 1}: missing unit "${unitKey}"`);
    if (isMissing(t)) throw new DataError(`row ${i + 1} (${String(u)}): missing time "${timeKey}"`);
    const key = `${String(u)}|${String(t)}`;
    if (seen.has(key)) throw new DataError(`rows ${seen.get(key)! + 1} and ${i + 1}: two rows for ${String(u)} ${String(t)}`);
    seen.set(key, i);
    for (const k of indicators) {
      if (!(k in r)) throw new DataError(`row ${i + 1} (${String(u)} ${String(t)}): no column "${k}"`);
      const v = r[k];
      if (isMissing(v)) continue;
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new DataError(`row ${i + 1} (${String(u)} ${String(t)}), indicator ${k}: ${JSON.stringify(v)} is not a finite number`);
      }
    }
  });

  const cellOf = (r: PlainRow, k: string): MissingCell => {
    const c: MissingCell = { unit: String(r[unitKey]), time: r[timeKey] as number | string, indicator: k };
    if (label && r[label] !== undefined && r[label] !== null) c.label = String(r[label]);
    return c;
  };
  const missing: MissingCell[] = [];
  for (const r of rows) for (const k of indicators) if (isMissing(r[k])) missing.push(cellOf(r, k));
  const report: MissingReport = { policy, indicators: [...indicators], missing, dropped: [], interpolated: [] };
  const copy = (): PlainRow[] => rows.map((r) => ({ ...r }));

  if (missing.length === 0) {
    // normalise NaN/undefined cannot occur here; return copies
    return { rows: copy(), report };
  }
  if (policy === "error") {
    throw new MissingValueError(policy, missing, `missing values (policy "error"; use "drop-indicator" or "interpolate" to handle them)`);
  }
  if (policy === "drop-indicator") {
    const dropped = indicators.filter((k) => missing.some((c) => c.indicator === k));
    if (dropped.length === indicators.length) {
      throw new MissingValueError(policy, missing, `every indicator has missing values, nothing would be left (policy "drop-indicator")`);
    }
    report.dropped = dropped;
    report.indicators = indicators.filter((k) => !dropped.includes(k));
    const out = rows.map((r) => {
      const o: PlainRow = { ...r };
      for (const k of dropped) delete o[k];
      return o;
    });
    return { rows: out, report };
  }

  // interpolate
  const out = copy();
  const times = out.map((r, i) => {
    const t = r[timeKey];
    const n = typeof t === "number" ? t : Number(String(t).trim());
    if (!Number.isFinite(n)) throw new DataError(`row ${i + 1}: time "${String(t)}" is not a number (needed to interpolate)`);
    return n;
  });
  const byUnit = new Map<string, number[]>();
  out.forEach((r, i) => {
    const u = String(r[unitKey]);
    if (!byUnit.has(u)) byUnit.set(u, []);
    byUnit.get(u)!.push(i);
  });
  const edges: MissingCell[] = [];
  const filled: InterpolatedCell[] = [];
  for (const idx of byUnit.values()) {
    idx.sort((a, b) => times[a] - times[b]);
    for (const k of indicators) {
      const obs = idx.filter((i) => !isMissing(rows[i][k]));
      for (const i of idx) {
        if (!isMissing(rows[i][k])) continue;
        const t = times[i];
        let before: number | undefined;
        let after: number | undefined;
        for (const j of obs) {
          if (times[j] < t) before = j;
          else if (times[j] > t && after === undefined) after = j;
        }
        if (before === undefined || after === undefined) {
          edges.push(cellOf(rows[i], k));
          continue;
        }
        const t0 = times[before];
        const t1 = times[after];
        const v0 = rows[before][k] as number;
        const v1 = rows[after][k] as number;
        const v = v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
        out[i][k] = v;
        filled.push({ ...cellOf(rows[i], k), value: v, from: [t0, v0], to: [t1, v1] });
      }
    }
  }
  if (edges.length > 0) {
    const order = new Map(missing.map((c, n) => [describeCell(c), n]));
    edges.sort((a, b) => order.get(describeCell(a))! - order.get(describeCell(b))!);
    throw new MissingValueError(policy, edges, `missing values at the start or end of a unit's series cannot be interpolated (no extrapolation; policy "interpolate")`);
  }
  const order = new Map(missing.map((c, n) => [describeCell(c), n]));
  filled.sort((a, b) => order.get(describeCell(a))! - order.get(describeCell(b))!);
  report.interpolated = filled;
  return { rows: out, report };
}
