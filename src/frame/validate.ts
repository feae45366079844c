/**
 * Panel validation on entry, for every frame call: required columns, one row per unit-time,
 * numeric cells, the missing-value policy, and (for calls whose numbers depend on which units a
 * time has) a balanced panel. Errors name the row as the user counts it (from 1, in the order
 * given), its unit and time, and the column; short message first.
 *
 * One rule for cells, shared with the file readers: an indicator cell is read by the data layer's
 * `parseNumber` (so "1,5", "2019年", "12.3%" and the text "NA" are errors here as they are in
 * `readPanel`, and "—", "..." or an empty cell are missing values); a time cell is a number or
 * the text "2019" / "2019年" (`parseYear`), as `readPanel` reads it.
 *
 * Also here: the options a notebook parameter fills from an environment variable (text) are read
 * by `numberOption`, `timeOption` and `booleanOption`: "999" is 999, "2019" is 2019, "true" is
 * true; "999a" is an error that says it got the string "999a".
 */
import { applyMissingPolicy, MissingPolicy, MissingReport, PlainRow } from "../data/missing";
import { parseNumber, parseYear } from "../data/reshape";
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
  /**
   * Set by a call whose numbers depend on which units each time has (pooled weights, means per
   * time): an unbalanced panel (a unit without a row in some time) is then an error, unless the
   * user passed `balanced: false`. Calls that work row by row leave it unset.
   */
  requireBalanced?: boolean;
  /** Why balance matters to the caller, for the error's last line (e.g. "a mean per time is over the units present"). */
  balanceReason?: string;
  /**
   * The user's answer to an unbalanced panel: `false` computes over the rows present (the caller
   * then says so in its result's `warnings`); `true` or absent requires a balanced panel where
   * the call needs one. Text "true" / "false" is read too.
   */
  balanced?: boolean;
}

/** A unit-time without a row in an unbalanced panel. */
export interface PanelGap {
  unit: string;
  label?: string;
  time: number;
}

/**
 * A validated panel: plain rows with string units, numeric times and numeric indicator cells.
 * `rows[i]` is row `i + 1` of the input (same order, none removed), so `describeRow(valid, i)`
 * names it as the user counts it.
 */
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
  /** Unit-times with no row (empty for a balanced panel), units in first-seen order, times ascending. */
  gaps: PanelGap[];
}

/** Plain decimal notation, the only text read as a number option or a non-year time. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const REPLACEMENT = "\uFFFD";
const ENCODING_HINT =
  "U+FFFD replacement characters are the sign of a GBK-encoded file read as UTF-8 (dfd.readCSV reads UTF-8 only): " +
  "read the file with cc.readPanel(path), which detects GBK, then cc.panel(...).";

/**
 * A value as a message shows it: text quoted and called a string (`the string "7"`), so that a
 * text that looks like a number is never shown as one.
 * @example describeValue("7") === 'the string "7"'; describeValue(7) === "7"
 */
export function describeValue(v: unknown): string {
  if (typeof v === "string") return v.trim() === "" ? `an empty string ${JSON.stringify(v)}` : `the string ${JSON.stringify(v)}`;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return `${v} (a boolean)`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array (${JSON.stringify(v).slice(0, 60)})`;
  if (v instanceof Date) return `a date (${Number.isNaN(v.getTime()) ? "invalid" : v.toISOString().slice(0, 10)})`;
  return `${typeof v} ${JSON.stringify(v)?.slice(0, 60) ?? String(v)}`;
}

/**
 * A time: a finite number as is, or text "2019", "2019年" (the file readers' year rule) or any
 * plain decimal ("3", "2019.5"); `undefined` for anything else (empty, "2019a", a date).
 * @example parseTime("2019年") === 2019; parseTime(" 2019 ") === 2019; parseTime("") === undefined
 */
export function parseTime(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  const s = raw.trim();
  const y = parseYear(s);
  if (y !== undefined) return y;
  return PLAIN_NUMBER.test(s) ? Number(s) : undefined;
}

/**
 * A numeric option of a frame call (a seed, a number of permutations, alpha, digits): a number
 * as given (its range is checked where it is used), or text in plain decimal notation, strictly
 * ("999" -> 999, " 0.05 " -> 0.05; "999a", "", "0x10" are errors), since a notebook parameter
 * read from an environment variable arrives as text. `infinity: true` also reads "Infinity".
 * `undefined` and `null` mean absent (the call's default).
 * @example numberOption("999", "permutations", "lisa") === 999
 * @throws FrameError `lisa: permutations must be a number, got the string "999a"`
 */
export function numberOption(value: unknown, name: string, what: string, opts: { infinity?: boolean } = {}): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const s = value.trim();
    if (PLAIN_NUMBER.test(s)) return Number(s);
    if (opts.infinity && /^\+?(Infinity|inf|∞)$/i.test(s)) return Infinity;
  }
  throw new FrameError(
    `${what}: ${name} must be a number, got ${describeValue(value)}`,
    [],
    typeof value === "string" ? `Text is read as a number when it is one in plain decimal notation ("999", "0.05"${opts.infinity ? ', "Infinity"' : ""}).` : undefined,
  );
}

/**
 * A time option (`lisa`'s `year`, each of `obstacles`' `years`): converted by {@link parseTime}
 * (2019, "2019", "2019年") and required to be one of the panel's `times`.
 * @example timeOption("2019", "year", "lisa", [2018, 2019]) === 2019
 * @throws FrameError `lisa: year 2030 is not in the rows (2018, 2019)`; `lisa: year must be a time (a number such as 2019), got the string "2019a"`
 */
export function timeOption(value: unknown, name: string, what: string, times: readonly number[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  const t = parseTime(value);
  if (t === undefined) throw new FrameError(`${what}: ${name} must be a time (a number such as 2019), got ${describeValue(value)}`);
  if (!times.includes(t)) throw new FrameError(`${what}: ${name} ${t} is not in the rows (${times.join(", ")})`);
  return t;
}

/**
 * A yes/no option: `true` / `false`, or the text "true" / "false" (a notebook parameter); anything
 * else is an error (the text "false" must never count as true).
 * @example booleanOption("false", "levels", "summarize") === false
 */
export function booleanOption(value: unknown, name: string, what: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw new FrameError(`${what}: ${name} must be true or false, got ${describeValue(value)}`);
}

/**
 * A row of a validated panel as the user counts it: `row 3 (110000 北京, 2019)` (from 1, in the
 * order given, with its unit, label and time).
 */
export function describeRow(valid: Pick<ValidPanel, "rows" | "unit" | "time" | "label">, i: number): string {
  const r = valid.rows[i];
  const label = valid.label && r[valid.label] != null ? ` ${String(r[valid.label])}` : "";
  return `row ${i + 1} (${String(r[valid.unit])}${label}, ${String(r[valid.time])})`;
}

/** A note for a result computed over an unbalanced panel (with `balanced: false`), or undefined. */
export function unbalancedWarning(valid: ValidPanel): string | undefined {
  if (!valid.gaps.length) return undefined;
  const shown = valid.gaps.slice(0, 5).map((g) => `${g.unit}${g.label ? " " + g.label : ""} ${g.time}`);
  const more = valid.gaps.length > shown.length ? `, … ${valid.gaps.length - shown.length} more` : "";
  return (
    `unbalanced panel 非平衡面板: ${valid.gaps.length} unit-time${valid.gaps.length > 1 ? "s" : ""} without a row (${shown.join("; ")}${more}); ` +
    `computed over the rows present (balanced: false)`
  );
}

/** Check and clean a panel; see the module comment. */
export function validatePanel(input: FrameInput, options: ValidateOptions): ValidPanel {
  const what = options.what ?? "panel";
  const { rows: given, keys: carried } = inputRows(input);
  const keys = resolveKeys(given, options, carried);
  const { unit, time, label, group } = keys;
  const presetOption = isGroupPreset(options.group) ? options.group : undefined;
  const preset = presetOption ?? presetOf(keys);
  const balanced = booleanOption(options.balanced, "balanced", what);
  let raw: Row[] = given;
  if (raw.length === 0) throw new FrameError(`${what}: the panel has no rows`);
  // "row 3 (110000 北京, 2019)": from 1, in the order given, with what the row has of unit, label and time
  const rawPlace = (i: number) => {
    const r = raw[i];
    const text = (v: unknown) => (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)) ? "" : String(v).trim());
    const who = [unitId(r[unit]), label ? text(r[label]) : ""].filter(Boolean).join(" ");
    const parts = [who, text(r[time])].filter(Boolean);
    return `row ${i + 1}${parts.length ? ` (${parts.join(", ")})` : ""}`;
  };
  if (presetOption || (preset && group && !(group in raw[0]))) {
    const derived = withPresetColumn(raw, unit, preset!);
    const differs = raw.findIndex((r, i) => group! in r && r[group!] != null && String(r[group!]) !== derived[i][group!]);
    if (differs >= 0) {
      throw new FrameError(
        `${what}: the table has a column "${group}" of its own, which ${preset!.preset} would replace`,
        [`${rawPlace(differs)}: "${String(raw[differs][group!])}" in the table, "${String(derived[differs][group!])}" from ${preset!.preset}`],
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
    const garbled = [...present].some((c) => c.includes(REPLACEMENT));
    throw new FrameError(
      `${what}: the panel lacks ${absent.length} required column${absent.length > 1 ? "s" : ""}: ${absent.join(", ")}`,
      [`columns present: ${[...present].join(", ")}`],
      garbled
        ? "Some column names hold U+FFFD replacement characters. " + ENCODING_HINT
        : absent.some((c) => keyCols.includes(c))
          ? "Name the key columns as the table has them: cc.panel(df, { unit, time, label, group })."
          : "Check the panel against its specification (the spec's id column names the panel's columns).",
    );
  }

  // key cells decoded with the wrong encoding: names with U+FFFD travel into every list and map
  const garbledKeys: string[] = [];
  raw.forEach((r, i) => {
    for (const c of [unit, ...(label ? [label] : []), ...(group ? [group] : [])]) {
      const v = r[c];
      if (typeof v === "string" && v.includes(REPLACEMENT)) garbledKeys.push(`${rawPlace(i)}, column ${c}: "${v}"`);
    }
  });
  if (garbledKeys.length) {
    throw new FrameError(
      `${what}: ${garbledKeys.length} key cell${garbledKeys.length > 1 ? "s hold" : " holds"} U+FFFD replacement characters (text decoded with the wrong encoding)`,
      garbledKeys,
      ENCODING_HINT,
    );
  }

  const badKeys: string[] = [];
  const bad: string[] = [];
  const clean: PlainRow[] = raw.map((r: Row, i) => {
    const u = unitId(r[unit]);
    const tRaw = r[time];
    const t = parseTime(tRaw);
    const where = rawPlace(i);
    if (!u) badKeys.push(`${where}: empty ${unit}`);
    if (t === undefined) {
      const empty = tRaw === null || tRaw === undefined || (typeof tRaw === "number" && Number.isNaN(tRaw)) || String(tRaw).trim() === "";
      badKeys.push(empty ? `${where}: empty ${time}` : `${where}: ${time} ${describeValue(tRaw)} is not a time (a number such as 2019, or the text "2019" / "2019年")`);
    }
    const out: PlainRow = { [unit]: u, [time]: t ?? null };
    if (label) out[label] = r[label] == null || (typeof r[label] === "number" && Number.isNaN(r[label])) ? null : String(r[label]);
    if (group) {
      const g = r[group];
      if (g === null || g === undefined || (typeof g === "number" && Number.isNaN(g)) || String(g).trim() === "") badKeys.push(`${where}: empty group in column ${group}`);
      out[group] = g == null ? null : String(g).trim();
    }
    for (const c of options.indicators) {
      // one rule for what a number is, shared with the file readers: "1,234.5" yes; "1,5",
      // "2019年", "12.3%", "NA" no; "—", "..." and empty cells are missing values
      try {
        out[c] = parseNumber(r[c]);
      } catch (e) {
        bad.push(`${where}, column ${c}: ${(e as Error).message}`);
        out[c] = null;
      }
    }
    return out;
  });
  if (badKeys.length) {
    throw new FrameError(
      `${what}: ${badKeys.length} key cell${badKeys.length > 1 ? "s are" : " is"} empty or not a time`,
      badKeys,
      `Every row needs a unit (${unit}) and a time (${time}: a number such as 2019, or the text "2019" / "2019年")${group ? ` and a group (${group})` : ""}.`,
    );
  }
  if (bad.length) {
    const garbled = bad.some((b) => b.includes(REPLACEMENT));
    throw new FrameError(
      `${what}: ${bad.length} cell${bad.length > 1 ? "s are" : " is"} not numeric`,
      bad,
      'A cell must be a number ("1234.5" or "1,234.5"); the markers "—", "..." and empty cells are missing values (choose a missing-value policy).' +
        (garbled ? " " + ENCODING_HINT : ""),
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

  // balance: every unit in every time
  const unitsSeen = [...new Set(clean.map((r) => String(r[unit])))];
  const timesSeen = [...new Set(clean.map((r) => Number(r[time])))].sort((a, b) => a - b);
  const gaps: PanelGap[] = [];
  if (clean.length < unitsSeen.length * timesSeen.length) {
    const labelOf = new Map<string, string>();
    if (label) for (const r of clean) if (r[label] != null && !labelOf.has(String(r[unit]))) labelOf.set(String(r[unit]), String(r[label]));
    for (const u of unitsSeen) {
      for (const t of timesSeen) {
        if (!seen.has(`${u}|${t}`)) gaps.push({ unit: u, ...(labelOf.has(u) ? { label: labelOf.get(u) } : {}), time: t });
      }
    }
  }
  if (gaps.length && options.requireBalanced && balanced !== false) {
    const byUnit = new Map<string, number[]>();
    for (const g of gaps) byUnit.set(g.unit, [...(byUnit.get(g.unit) ?? []), g.time]);
    throw new FrameError(
      `${what}: the panel is unbalanced: ${gaps.length} unit-time${gaps.length > 1 ? "s have" : " has"} no row (${unitsSeen.length} units x ${timesSeen.length} times = ${unitsSeen.length * timesSeen.length}, ${clean.length} rows)`,
      [...byUnit].map(([u, ts]) => {
        const g = gaps.find((x) => x.unit === u)!;
        return `${u}${g.label ? " " + g.label : ""}: no row for ${ts.join(", ")}`;
      }),
      `${options.balanceReason ? options.balanceReason + ": a" : "A"} time with fewer units moves the result by composition, not by change. ` +
        "Add the missing rows (a missing-value policy fills cells, not rows), or pass { balanced: false } to compute over the rows present (the result then lists the gaps in its warnings).",
    );
  }

  let result;
  try {
    result = applyMissingPolicy(clean, { policy: options.missing ?? "error", unit, time, indicators: options.indicators, label });
  } catch (e) {
    const err = e as Error & { cells?: Array<{ unit: string; label?: string; time: number | string; indicator: string }> };
    if (err.cells) {
      const place = (c: { unit: string; label?: string; time: number | string }) => {
        const i = seen.get(`${c.unit}|${c.time}`);
        return i === undefined ? `${c.unit}${c.label ? " " + c.label : ""}, ${c.time}` : rawPlace(i);
      };
      throw new FrameError(
        `${what}: ${err.cells.length} missing value${err.cells.length > 1 ? "s" : ""} under the missing-value policy "${options.missing ?? "error"}"`,
        err.cells.map((c) => `${place(c)}, column ${c.indicator}`),
        'Choose { missing: "drop-indicator" } or { missing: "interpolate" }, or fill the cells.',
      );
    }
    throw new FrameError(`${what}: ${err.message}`);
  }
  const kept = result.report.indicators.filter((c) => !result.report.dropped.includes(c));
  return { rows: result.rows, keys, unit, time, label, group, preset, indicators: kept, units: unitsSeen, times: timesSeen, report: result.report, gaps };
}
