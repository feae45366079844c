/**
 * Indicator specifications: one CSV per system of indicators (`data/specs/*.csv`, format in
 * `data/specs/README.md`). The same format is what users fill in for their own data.
 *
 * Required columns (any order): `id, system, direction`. Optional, with their defaults:
 * `criterion` (""), `name_zh` and `name_en` (the id), `measure` (""; `unit` is accepted as its
 * old name), `formula`, `source`, `note` (""), `status` ("real"), `system_zh`, `system_en`,
 * `criterion_zh`, `criterion_en` (""), `weight_published` (null). Other columns are kept,
 * unvalidated, in `extra`.
 *
 * Rules checked by `parseSpec` / `readSpec` (each error names the file, the 1-based line and
 * the column):
 * - every required column is in the header, no column appears twice, not both `measure` and
 *   `unit`;
 * - `id` is the indicator's column name in the panel: any non-empty text, Chinese included
 *   (trimmed), without control characters or U+FFFD, not one of the spec's column names
 *   (`SPEC_RESERVED_IDS`: a repeated header line), unique. Whether an id clashes with the
 *   panel's key columns is checked where the keys are known (the frame layer), not here;
 * - `system` is non-empty;
 * - `direction` is `+` or `-`; `status`, when given, is `real`, `derived`, `proxy` or
 *   `unavailable`;
 * - `weight_published`, when present and non-empty, is a number in [0, 1];
 * - `system_zh` / `system_en` / `criterion_zh` / `criterion_en` do not contradict each other
 *   between rows of the same system / criterion.
 */
import * as fs from "fs";
import { decodeBytes, parseCsv } from "./csv";
import { DataFileError } from "./errors";
import { dataPath } from "./paths";

/** Status of an indicator's data in a specification. */
export type SpecStatus = "real" | "derived" | "proxy" | "unavailable";
/** Direction of an indicator: `+` larger is better, `-` smaller is better. */
export type SpecDirection = "+" | "-";

export const SPEC_STATUSES: readonly SpecStatus[] = Object.freeze(["real", "derived", "proxy", "unavailable"] as SpecStatus[]);
/** Columns a specification must have. */
export const SPEC_REQUIRED_COLUMNS: readonly string[] = Object.freeze(["id", "system", "direction"]);
/** Columns a specification may have (defaults in the file comment). */
export const SPEC_OPTIONAL_COLUMNS: readonly string[] = Object.freeze([
  "criterion",
  "name_zh",
  "name_en",
  "measure",
  "formula",
  "source",
  "status",
  "note",
  "system_zh",
  "system_en",
  "criterion_zh",
  "criterion_en",
  "weight_published",
]);
/** Old column names still accepted, and the column they stand for (`unit` -> `measure`). */
export const SPEC_OLD_COLUMNS: Readonly<Record<string, string>> = Object.freeze({ unit: "measure" });
/** Words an indicator id may not be (compared in lower case): the spec's column names, old ones included. */
export const SPEC_RESERVED_IDS: readonly string[] = Object.freeze([...SPEC_REQUIRED_COLUMNS, ...SPEC_OPTIONAL_COLUMNS, ...Object.keys(SPEC_OLD_COLUMNS)]);
/**
 * Key columns of the bundled panels (`adcode`, `province`, `year`). No longer checked by
 * `parseSpec` (a user's panel has its own key columns; the frame layer checks ids against them).
 */
export const PANEL_KEY_COLUMNS: readonly string[] = Object.freeze(["adcode", "province", "year"]);

/** One indicator of a specification (one line of the CSV). */
export interface SpecRow {
  id: string;
  system: string;
  systemZh: string;
  systemEn: string;
  criterion: string;
  criterionZh: string;
  criterionEn: string;
  /** Chinese name (default: the id). */
  nameZh: string;
  /** English name (default: the id). */
  nameEn: string;
  /** Measure (measurement unit) of the panel column: 元/人, %, "" when none. */
  measure: string;
  formula: string;
  direction: SpecDirection;
  source: string;
  status: SpecStatus;
  note: string;
  /** Weight printed in the paper, or null. */
  weightPublished: number | null;
  /** Columns that are neither required nor optional, as text. */
  extra: Record<string, string>;
  /** File the row was read from and its 1-based line. */
  file: string;
  line: number;
}

/** One system of a specification, in order of first appearance. */
export interface SpecSystem {
  id: string;
  zh: string;
  en: string;
  /** Indicator ids in file order. */
  indicators: string[];
  /** Criterion ids in order of first appearance ("" when the system has none). */
  criteria: string[];
}

/** A specification file that breaks a rule; `file` and `line` say where. */
export class SpecFormatError extends DataFileError {}

const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/**
 * Parse the text of a specification CSV; `file` names it in errors.
 * @example parseSpec("id,system,direction\n地区生产总值,经济,+\n")[0] // { id: "地区生产总值", system: "经济", direction: "+", status: "real", nameZh: "地区生产总值", measure: "", ... }
 */
export function parseSpec(text: string, file = "<spec>"): SpecRow[] {
  const recs = parseCsv(text, { file });
  if (recs.length === 0) throw new SpecFormatError(file, 1, undefined, "empty specification (no header)");
  const head = recs[0].cells.map((c) => c.trim());
  const headLine = recs[0].line;
  const seen = new Map<string, number>();
  head.forEach((h, j) => {
    if (h === "") throw new SpecFormatError(file, headLine, undefined, `header cell ${j + 1} is empty`);
    if (seen.has(h)) throw new SpecFormatError(file, headLine, h, `column "${h}" appears twice in the header`);
    seen.set(h, j);
  });
  for (const [old, now] of Object.entries(SPEC_OLD_COLUMNS)) {
    if (!seen.has(old)) continue;
    if (seen.has(now)) throw new SpecFormatError(file, headLine, old, `columns "${now}" and "${old}" (its old name) are both present; keep "${now}"`);
    seen.set(now, seen.get(old)!);
    seen.delete(old);
  }
  const missing = SPEC_REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw new SpecFormatError(
      file,
      headLine,
      undefined,
      `missing required column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} (required: ${SPEC_REQUIRED_COLUMNS.join(", ")})`,
    );
  }
  const known = new Set([...SPEC_REQUIRED_COLUMNS, ...SPEC_OPTIONAL_COLUMNS, ...Object.keys(SPEC_OLD_COLUMNS)]);
  const get = (cells: string[], name: string): string => {
    const j = seen.get(name);
    return j === undefined ? "" : (cells[j] ?? "").trim();
  };
  const reserved = new Set(SPEC_RESERVED_IDS.map((w) => w.toLowerCase()));
  const rows: SpecRow[] = [];
  const idLine = new Map<string, number>();
  for (const rec of recs.slice(1)) {
    const line = rec.line;
    if (rec.cells.length !== head.length) {
      throw new SpecFormatError(file, line, undefined, `expected ${head.length} cells (as in the header), found ${rec.cells.length}`);
    }
    const c = rec.cells;
    const id = get(c, "id");
    if (id === "") throw new SpecFormatError(file, line, "id", "empty id");
    if (CONTROL_RE.test(id)) throw new SpecFormatError(file, line, "id", `id ${JSON.stringify(id)} holds a control character (a line break or tab)`);
    if (id.includes("\uFFFD")) {
      throw new SpecFormatError(file, line, "id", `id "${id}" holds U+FFFD replacement characters: the file was decoded with the wrong encoding (re-save it as UTF-8, or read the GBK original with readSpec)`);
    }
    if (reserved.has(id.toLowerCase())) {
      throw new SpecFormatError(file, line, "id", `id "${id}" is reserved (a column name of the specification: a repeated header line?)`);
    }
    if (idLine.has(id)) throw new SpecFormatError(file, line, "id", `duplicate id "${id}" (first on line ${idLine.get(id)})`);
    idLine.set(id, line);
    const system = get(c, "system");
    if (system === "") throw new SpecFormatError(file, line, "system", `indicator ${id}: empty system`);
    const direction = get(c, "direction");
    if (direction !== "+" && direction !== "-") {
      throw new SpecFormatError(file, line, "direction", `indicator ${id}: direction "${direction}" must be "+" (larger is better) or "-" (smaller is better)`);
    }
    const status = get(c, "status") || "real";
    if (!(SPEC_STATUSES as readonly string[]).includes(status)) {
      throw new SpecFormatError(file, line, "status", `indicator ${id}: status "${status}" must be one of ${SPEC_STATUSES.join(", ")}`);
    }
    const w = get(c, "weight_published");
    let weightPublished: number | null = null;
    if (w !== "") {
      if (!NUM_RE.test(w)) throw new SpecFormatError(file, line, "weight_published", `indicator ${id}: weight_published "${w}" is not a number`);
      weightPublished = Number(w);
      if (weightPublished < 0 || weightPublished > 1) {
        throw new SpecFormatError(file, line, "weight_published", `indicator ${id}: weight_published ${w} is outside [0, 1]`);
      }
    }
    const extra: Record<string, string> = {};
    head.forEach((h, j) => {
      if (!known.has(h)) extra[h] = c[j];
    });
    rows.push({
      id,
      system,
      systemZh: get(c, "system_zh"),
      systemEn: get(c, "system_en"),
      criterion: get(c, "criterion"),
      criterionZh: get(c, "criterion_zh"),
      criterionEn: get(c, "criterion_en"),
      nameZh: get(c, "name_zh") || id,
      nameEn: get(c, "name_en") || id,
      measure: get(c, "measure"),
      formula: get(c, "formula"),
      direction,
      source: get(c, "source"),
      status: status as SpecStatus,
      note: get(c, "note"),
      weightPublished,
      extra,
      file,
      line,
    });
  }
  if (rows.length === 0) throw new SpecFormatError(file, headLine, undefined, "the specification lists no indicator");
  checkLabels(rows, "system", "systemZh", "system_zh");
  checkLabels(rows, "system", "systemEn", "system_en");
  checkLabels(rows, "criterion", "criterionZh", "criterion_zh");
  checkLabels(rows, "criterion", "criterionEn", "criterion_en");
  return rows;
}

function checkLabels(rows: SpecRow[], key: "system" | "criterion", label: keyof SpecRow, column: string): void {
  const first = new Map<string, SpecRow>();
  for (const r of rows) {
    const k = key === "criterion" ? `${r.system}\u0000${r.criterion}` : r.system;
    const v = r[label] as string;
    if (v === "") continue;
    const f = first.get(k);
    if (!f) first.set(k, r);
    else if ((f[label] as string) !== v) {
      throw new SpecFormatError(r.file, r.line, column, `${key} "${r[key]}": ${column} "${v}" differs from "${f[label] as string}" on line ${f.line}`);
    }
  }
}

/**
 * Read and validate a specification CSV file: UTF-8 (BOM or not) or GBK (as Excel saves a CSV
 * on a Chinese system), detected as `readText` does ("auto").
 *
 * @example
 * const spec = cc.readSpec("cities.spec.csv");   // id,system,direction (Chinese ids)
 * spec.map((s) => s.id);                          // ["地区生产总值", "常住人口", "城镇登记失业率", "每千人医生数"]
 */
export function readSpec(path: string): SpecRow[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    throw new SpecFormatError(path, undefined, undefined, `cannot read the specification (${(e as Error).message})`);
  }
  return parseSpec(decodeBytes(bytes, path, "auto").text, path);
}

/**
 * Read a bundled specification by name, e.g. `loadSpec("zhang-ouyang-2025")` (`data/specs/<name>.csv`).
 *
 * @example
 * cc.loadSpec("zhou-xu-li").length;   // the bundled specification of paper 2
 */
export function loadSpec(name: string): SpecRow[] {
  return readSpec(dataPath("specs", `${name}.csv`));
}

/**
 * The systems of a specification, in order of first appearance, with their labels.
 *
 * @example
 * cc.specSystems(cc.loadSpec("zhang-ouyang-2025")).map((s) => s.id);   // ["security", "resources"]
 */
export function specSystems(rows: readonly SpecRow[]): SpecSystem[] {
  const out = new Map<string, SpecSystem>();
  for (const r of rows) {
    let s = out.get(r.system);
    if (!s) {
      s = { id: r.system, zh: r.systemZh, en: r.systemEn, indicators: [], criteria: [] };
      out.set(r.system, s);
    }
    if (!s.zh && r.systemZh) s.zh = r.systemZh;
    if (!s.en && r.systemEn) s.en = r.systemEn;
    s.indicators.push(r.id);
    if (!s.criteria.includes(r.criterion)) s.criteria.push(r.criterion);
  }
  return [...out.values()];
}

/** Count indicators by status: `{ real, derived, proxy, unavailable }`. */
export function specStatusCounts(rows: readonly SpecRow[]): Record<SpecStatus, number> {
  const n: Record<SpecStatus, number> = { real: 0, derived: 0, proxy: 0, unavailable: 0 };
  for (const r of rows) n[r.status]++;
  return n;
}
