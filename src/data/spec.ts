/**
 * Indicator specifications: one CSV per system of indicators (`data/specs/*.csv`, format in
 * `data/specs/README.md`). The same format is what users fill in for their own data.
 *
 * Required columns (any order): `id, system, criterion, name_zh, name_en, unit, formula,
 * direction, source, status, note`. Optional: `system_zh, system_en, criterion_zh, criterion_en,
 * weight_published`. Other columns are kept, unvalidated, in `extra`.
 *
 * Rules checked by `parseSpec` / `readSpec` (each error names the file and the 1-based line):
 * - every required column is in the header, no column appears twice;
 * - `id` is non-empty, a plain identifier (`[A-Za-z][A-Za-z0-9_]*`, it becomes a panel column
 *   name), not one of the panel's key columns (`adcode`, `province`, `year`), and unique;
 * - `system` is non-empty; `name_zh` or `name_en` is non-empty;
 * - `direction` is `+` or `-`; `status` is `real`, `derived`, `proxy` or `unavailable`;
 * - `weight_published`, when present and non-empty, is a number in [0, 1];
 * - `system_zh` / `system_en` / `criterion_zh` / `criterion_en` do not contradict each other
 *   between rows of the same system / criterion.
 */
import * as fs from "fs";
import { parseCsv } from "./csv";
import { DataFileError } from "./errors";
import { dataPath } from "./paths";

/** Status of an indicator's data in a specification. */
export type SpecStatus = "real" | "derived" | "proxy" | "unavailable";
/** Direction of an indicator: `+` larger is better, `-` smaller is better. */
export type SpecDirection = "+" | "-";

export const SPEC_STATUSES: readonly SpecStatus[] = Object.freeze(["real", "derived", "proxy", "unavailable"] as SpecStatus[]);
export const SPEC_REQUIRED_COLUMNS: readonly string[] = Object.freeze([
  "id",
  "system",
  "criterion",
  "name_zh",
  "name_en",
  "unit",
  "formula",
  "direction",
  "source",
  "status",
  "note",
]);
export const SPEC_OPTIONAL_COLUMNS: readonly string[] = Object.freeze(["system_zh", "system_en", "criterion_zh", "criterion_en", "weight_published"]);
/** Column names a panel uses for its keys: an indicator id may not take them. */
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
  nameZh: string;
  nameEn: string;
  unit: string;
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

const ID_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse the text of a specification CSV; `file` names it in errors.
 * @example parseSpec("id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note\nX1,a,,甲,A,%,,+,,real,\n")[0].direction === "+"
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
  const missing = SPEC_REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw new SpecFormatError(
      file,
      headLine,
      undefined,
      `missing required column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} (required: ${SPEC_REQUIRED_COLUMNS.join(", ")})`,
    );
  }
  const known = new Set([...SPEC_REQUIRED_COLUMNS, ...SPEC_OPTIONAL_COLUMNS]);
  const get = (cells: string[], name: string): string => {
    const j = seen.get(name);
    return j === undefined ? "" : (cells[j] ?? "").trim();
  };
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
    if (!ID_RE.test(id)) {
      throw new SpecFormatError(file, line, "id", `id "${id}" must start with a letter and hold only letters, digits and "_" (it becomes a panel column name)`);
    }
    if (PANEL_KEY_COLUMNS.includes(id)) throw new SpecFormatError(file, line, "id", `id "${id}" is reserved for the panel's key columns`);
    if (idLine.has(id)) throw new SpecFormatError(file, line, "id", `duplicate id "${id}" (first on line ${idLine.get(id)})`);
    idLine.set(id, line);
    const system = get(c, "system");
    if (system === "") throw new SpecFormatError(file, line, "system", `indicator ${id}: empty system`);
    const nameZh = get(c, "name_zh");
    const nameEn = get(c, "name_en");
    if (nameZh === "" && nameEn === "") throw new SpecFormatError(file, line, "name_zh", `indicator ${id}: name_zh and name_en are both empty`);
    const direction = get(c, "direction");
    if (direction !== "+" && direction !== "-") {
      throw new SpecFormatError(file, line, "direction", `indicator ${id}: direction "${direction}" must be "+" (larger is better) or "-" (smaller is better)`);
    }
    const status = get(c, "status");
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
      nameZh,
      nameEn,
      unit: get(c, "unit"),
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

/** Read and validate a specification CSV file (UTF-8). */
export function readSpec(path: string): SpecRow[] {
  let text: string;
  try {
    text = fs.readFileSync(path, "utf-8");
  } catch (e) {
    throw new SpecFormatError(path, undefined, undefined, `cannot read the specification (${(e as Error).message})`);
  }
  return parseSpec(text, path);
}

/** Read a bundled specification by name, e.g. `loadSpec("zhang-ouyang-2025")` (`data/specs/<name>.csv`). */
export function loadSpec(name: string): SpecRow[] {
  return readSpec(dataPath("specs", `${name}.csv`));
}

/** The systems of a specification, in order of first appearance, with their labels. */
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
