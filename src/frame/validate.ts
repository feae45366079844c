/**
 * Panel validation on entry, for every frame call: required columns, one row per unit-time,
 * numeric cells, the missing-value policy, and (for spatial calls) units known to the weights.
 * Errors name the row, column and province, short message first.
 */
import { applyMissingPolicy, MissingPolicy, MissingReport, PlainRow } from "../data/missing";
import { parseNumber } from "../data/reshape";
import { FrameError } from "./errors";
import { GroupPreset, isGroupPreset, KeyOptions, presetOf, resolveKeys, unitId, withPresetColumn } from "./panel";
import { PanelKeys, Row } from "./results";
import { FrameInput, inputRows } from "./table";

export { unitId } from "./panel";

export interface ValidateOptions extends KeyOptions {
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
  /** The key names in force (what every result carries on). */
  keys: PanelKeys;
  unit: string;
  time: string;
  label?: string;
  group?: string;
  /** The group preset in force, if the group comes from one. */
  preset?: GroupPreset;
  /** Indicators kept (all of them, unless the policy "drop-indicator" removed some). */
  indicators: string[];
  units: string[];
  times: number[];
  report: MissingReport;
}

const MISSING_TEXT = new Set(["", "NA", "NaN", "nan", "null"]);

/** Check and clean a panel; see the module comment. */
export function validatePanel(input: FrameInput, options: ValidateOptions): ValidPanel {
  const what = options.what ?? "panel";
  const { rows: given, keys: carried } = inputRows(input);
  const keys = resolveKeys(given, options, carried);
  const { unit, time, label, group } = keys;
  const presetOption = isGroupPreset(options.group) ? options.group : undefined;
  const preset = presetOption ?? presetOf(keys);
  let raw: Row[] = given;
  if (raw.length === 0) throw new FrameError(`${what}: the panel has no rows`);
  if (presetOption || (preset && group && !(group in raw[0]))) {
    const derived = withPresetColumn(raw, unit, preset!);
    const differs = raw.findIndex((r, i) => group! in r && r[group!] != null && String(r[group!]) !== derived[i][group!]);
    if (differs >= 0) {
      throw new FrameError(
        `${what}: the table has a column "${group}" of its own, which ${preset!.preset} would replace`,
        [`row ${differs + 1} (${unitId(raw[differs][unit])}): "${String(raw[differs][group!])}" in the table, "${String(derived[differs][group!])}" from ${preset!.preset}`],
        `Rename the column, or group by it: { by: "${group}" } / { group: "${group}" }.`,
      );
    }
    raw = derived;
  }
  const present = new Set<string>();
  for (const r of raw) for (const k of Object.keys(r)) present.add(k);
  const keyCols = [unit, time, ...(label ? [label] : []), ...(group ? [group] : [])];
  const clash = options.indicators.filter((c) => keyCols.includes(c));
  if (clash.length) {
    throw new FrameError(
      `${what}: ${clash.map((c) => `"${c}"`).join(", ")} ${clash.length > 1 ? "are key columns" : "is a key column"} of the panel, not ${clash.length > 1 ? "indicators" : "an indicator"}`,
      [`keys: unit "${unit}", time "${time}"${label ? `, label "${label}"` : ""}${group ? `, group "${group}"` : ""}`],
    );
  }
  const needed = [...keyCols, ...options.indicators];
  const absent = needed.filter((c) => !present.has(c));
  if (absent.length) {
    throw new FrameError(
      `${what}: the panel lacks ${absent.length} required column${absent.length > 1 ? "s" : ""}: ${absent.join(", ")}`,
      [`columns present: ${[...present].join(", ")}`],
      absent.some((c) => keyCols.includes(c))
        ? "Name the key columns as the table has them: cc.panel(df, { unit, time, label, group })."
        : "Check the panel against its specification (the spec's id column names the panel's columns).",
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
    if (group) {
      const g = r[group];
      if (g === null || g === undefined || String(g).trim() === "") bad.push(`${where}: empty group in column ${group}`);
      out[group] = g == null ? null : String(g).trim();
    }
    for (const c of options.indicators) {
      const v = r[c];
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) out[c] = null;
      else if (typeof v === "number") {
        if (!Number.isFinite(v)) bad.push(`${where}, column ${c}: ${v} is not a finite number`);
        out[c] = v;
      } else {
        // one rule for what a number is, shared with the file readers ("1,234.5" yes, "1,5" no)
        const s = String(v).trim();
        if (MISSING_TEXT.has(s)) out[c] = null;
        else {
          try {
            out[c] = parseNumber(s);
          } catch (e) {
            bad.push(`${where}, column ${c}: ${(e as Error).message}`);
            out[c] = null;
          }
        }
      }
    }
    return out;
  });
  if (bad.length) {
    throw new FrameError(
      `${what}: ${bad.length} cell${bad.length > 1 ? "s are" : " is"} not numeric`,
      bad,
      'A cell must be a number ("1234.5" or "1,234.5"); the markers "—", "..." and empty cells are missing values (choose a missing-value policy).',
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
  return { rows: result.rows, keys, unit, time, label, group, preset, indicators: kept, units, times, report: result.report };
}
