/**
 * Panel validation on entry, for every frame call: required columns, one row per unit-time,
 * numeric cells, the missing-value policy, and (for spatial calls) units known to the weights.
 * Errors name the row, column and province, short message first.
 */
import { applyMissingPolicy, MissingPolicy, MissingReport, PlainRow } from "../data/missing";
import { FrameError } from "./errors";
import { FrameInput, Row, rows as toRows } from "./table";

export interface PanelKeys {
  /** Unit column (default "adcode"). */
  unit?: string;
  /** Time column (default "year"). */
  time?: string;
  /** Label column shown beside the unit (default "province" when present). */
  label?: string;
}

export interface ValidateOptions extends PanelKeys {
  /** Indicator (value) columns that must be present and numeric. */
  indicators: readonly string[];
  /** Missing-value policy (default "error"). */
  missing?: MissingPolicy;
  /** What the caller is doing, for the first line of an error ("entropy", "coupling", ...). */
  what?: string;
}

/** A validated panel: plain rows with string units, numeric times and numeric indicator cells. */
export interface ValidPanel {
  rows: Array<Record<string, number | string | null>>;
  unit: string;
  time: string;
  label?: string;
  /** Indicators kept (all of them, unless the policy "drop-indicator" removed some). */
  indicators: string[];
  units: string[];
  times: number[];
  report: MissingReport;
}

/** 110000 (a number read from a CSV) -> "110000"; strings are trimmed. */
export function unitId(v: unknown): string {
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  return String(v ?? "").trim();
}

const MISSING_TEXT = new Set(["", "NA", "NaN", "nan", "null"]);

/** Check and clean a panel; see the module comment. */
export function validatePanel(input: FrameInput, options: ValidateOptions): ValidPanel {
  const what = options.what ?? "panel";
  const unit = options.unit ?? "adcode";
  const time = options.time ?? "year";
  const raw = toRows(input);
  if (raw.length === 0) throw new FrameError(`${what}: the panel has no rows`);
  const present = new Set<string>();
  for (const r of raw) for (const k of Object.keys(r)) present.add(k);
  const label = options.label ?? (present.has("province") ? "province" : undefined);
  const needed = [unit, time, ...options.indicators];
  const absent = needed.filter((c) => !present.has(c));
  if (absent.length) {
    throw new FrameError(
      `${what}: the panel lacks ${absent.length} required column${absent.length > 1 ? "s" : ""}: ${absent.join(", ")}`,
      [`columns present: ${[...present].join(", ")}`],
      "Check the panel against its specification (the spec's id column names the panel's columns).",
    );
  }
  const bad: string[] = [];
  const clean: PlainRow[] = raw.map((r: Row, i) => {
    const u = unitId(r[unit]);
    const tRaw = r[time];
    const t = typeof tRaw === "number" ? tRaw : Number(String(tRaw ?? "").trim());
    const where = `row ${i + 1} (${u}${label && r[label] != null ? " " + String(r[label]) : ""}, ${String(tRaw)})`;
    if (!u) bad.push(`${where}: empty ${unit}`);
    if (!Number.isFinite(t)) bad.push(`${where}: ${time} "${String(tRaw)}" is not a number`);
    const out: PlainRow = { [unit]: u, [time]: t };
    if (label) out[label] = r[label] == null ? null : String(r[label]);
    for (const c of options.indicators) {
      const v = r[c];
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) out[c] = null;
      else if (typeof v === "number") {
        if (!Number.isFinite(v)) bad.push(`${where}, column ${c}: ${v} is not a finite number`);
        out[c] = v;
      } else {
        const s = String(v).trim();
        if (MISSING_TEXT.has(s)) out[c] = null;
        else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s.replace(/,/g, ""))) out[c] = Number(s.replace(/,/g, ""));
        else {
          bad.push(`${where}, column ${c}: "${s}" is not a number`);
          out[c] = null;
        }
      }
    }
    return out;
  });
  if (bad.length) {
    throw new FrameError(
      `${what}: ${bad.length} cell${bad.length > 1 ? "s are" : " is"} not numeric`,
      bad,
      'Markers such as "—" or "..." are not numbers: clean them to empty cells (missing) and choose a missing-value policy.',
    );
  }
  const seen = new Map<string, number>();
  const dups: string[] = [];
  clean.forEach((r, i) => {
    const key = `${r[unit]}|${r[time]}`;
    const j = seen.get(key);
    if (j !== undefined) dups.push(`rows ${j + 1} and ${i + 1}: ${r[unit]}${label && r[label] ? " " + r[label] : ""} ${r[time]}`);
    else seen.set(key, i);
  });
  if (dups.length) throw new FrameError(`${what}: ${dups.length} duplicate unit-time row${dups.length > 1 ? "s" : ""} (one row per ${unit} and ${time})`, dups);

  let result;
  try {
    result = applyMissingPolicy(clean, { policy: options.missing ?? "error", unit, time, indicators: options.indicators, label });
  } catch (e) {
    const err = e as Error & { cells?: Array<{ unit: string; label?: string; time: number | string; indicator: string }> };
    if (err.cells) {
      throw new FrameError(
        `${what}: ${err.cells.length} missing value${err.cells.length > 1 ? "s" : ""} under the missing-value policy "${options.missing ?? "error"}"`,
        err.cells.map((c) => `${c.unit}${c.label ? " " + c.label : ""} ${c.time} ${c.indicator}`),
        'Choose { missing: "drop-indicator" } or { missing: "interpolate" }, or fill the cells.',
      );
    }
    throw new FrameError(`${what}: ${err.message}`);
  }
  const kept = result.report.indicators.filter((c) => !result.report.dropped.includes(c));
  const units = [...new Set(result.rows.map((r) => String(r[unit])))];
  const times = [...new Set(result.rows.map((r) => Number(r[time])))].sort((a, b) => a - b);
  return { rows: result.rows, unit, time, label, indicators: kept, units, times, report: result.report };
}
