/**
 * Published numbers of the two papers, transcribed into `data/published/<name>.json`.
 *
 * Each file is one table (or the numbers of a text) with its source (`source`, and the table
 * title as quoted, `source_quote`), typed `columns` and `rows`. Every row carries `quote`: the
 * line of the paper's seed text it was transcribed from (or a list of lines when one sentence is
 * broken over several), copied verbatim into `data/published/quotes/paper1.txt` / `paper2.txt`.
 * A column's `check` says how a test verifies it against the quote: `number` (the value is one
 * of the numbers printed in the quote), `text` (the string appears in the quote), `printed`
 * (the value equals the row's `printed` text read as a number: "14%" -> 14, "1/3" -> 1/3) or
 * `none` (ids, English names, filled-down merged cells; the column description says why).
 *
 * Names: `zhang-ouyang-2025.table1` ... `table7`, `zhang-ouyang-2025.text`, `zhou-xu-li.table3`,
 * `zhou-xu-li.table4`, `zhou-xu-li.table5`, `zhou-xu-li.text` (`listPublished()`).
 */
import * as fs from "fs";
import { DataError, DataFileError } from "./errors";
import { dataPath } from "./paths";

export interface PublishedColumn {
  name: string;
  type: "number" | "integer" | "string" | "boolean";
  check: "number" | "text" | "printed" | "none";
  description: string;
}

export type PublishedValue = number | string | boolean | null;

export interface PublishedRow {
  [column: string]: PublishedValue | string[];
  /** The quoted seed line(s) the row comes from. */
  quote: string | string[];
}

export interface PublishedTable {
  name: string;
  /** Paper id: `zhang-ouyang-2025` or `zhou-xu-li`. */
  paper: string;
  citation: string;
  /** Path of the quotes file, relative to `data/published/`. */
  quotes_file: string;
  source: string;
  source_quote: string | null;
  description: string;
  columns: PublishedColumn[];
  rows: PublishedRow[];
  notes: string[];
}

/**
 * Names of the published tables, sorted.
 *
 * @example
 * cc.listPublished();   // ["zhang-ouyang-2025.table1", ..., "zhou-xu-li.table5"]
 */
export function listPublished(): string[] {
  return fs
    .readdirSync(dataPath("published"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * Read a published table by name, e.g. `readPublished("zhang-ouyang-2025.table3").rows[0].D === 0.368`.
 * The structure is checked (columns, row keys, value types); the numbers against the quotes are
 * checked by the tests.
 *
 * @example
 * const t3 = cc.readPublished("zhang-ouyang-2025.table3");
 * t3.rows[0].D;          // 0.368, with t3.rows[0].quote the line it was typed from
 */
export function readPublished(name: string): PublishedTable {
  const file = dataPath("published", `${name}.json`);
  if (!fs.existsSync(file)) throw new DataError(`readPublished: no table "${name}" (known: ${listPublished().join(", ")})`);
  let t: PublishedTable;
  try {
    t = JSON.parse(fs.readFileSync(file, "utf-8")) as PublishedTable;
  } catch (e) {
    throw new DataFileError(file, undefined, undefined, `not valid JSON (${(e as Error).message})`);
  }
  if (t.name !== name) throw new DataFileError(file, undefined, "name", `name "${t.name}" differs from the file name`);
  if (!Array.isArray(t.columns) || !Array.isArray(t.rows)) throw new DataFileError(file, undefined, undefined, "columns and rows must be arrays");
  const names = t.columns.map((c) => c.name);
  t.rows.forEach((r, i) => {
    const keys = Object.keys(r);
    const expect = [...names, "quote"];
    if (keys.length !== expect.length || expect.some((k) => !(k in r))) {
      throw new DataFileError(file, undefined, undefined, `row ${i + 1}: keys ${keys.join(",")} differ from the columns ${expect.join(",")}`);
    }
    for (const c of t.columns) {
      const v = r[c.name];
      if (v === null) continue;
      const ok =
        c.type === "string" ? typeof v === "string" : c.type === "boolean" ? typeof v === "boolean" : typeof v === "number" && Number.isFinite(v) && (c.type !== "integer" || Number.isInteger(v));
      if (!ok) throw new DataFileError(file, undefined, c.name, `row ${i + 1}: ${JSON.stringify(v)} is not of type ${c.type}`);
    }
  });
  return t;
}

/**
 * The rows of a published table without the quotes (plain records for frames and tables).
 *
 * @example
 * cc.compare(cc.summarize(cd, { levels: false }), cc.publishedRecords("zhang-ouyang-2025.table3"), { on: "year", columns: ["D"] });
 */
export function publishedRecords(name: string): Record<string, PublishedValue>[] {
  return readPublished(name).rows.map(({ quote: _q, ...rest }) => rest as Record<string, PublishedValue>);
}

/** The verbatim quoted lines of a paper (`paper1.txt` / `paper2.txt`, by file name relative to data/published). */
export function readPublishedQuotes(quotesFile: string): string[] {
  const text = fs.readFileSync(dataPath("published", ...quotesFile.split("/")), "utf-8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * The numbers printed in a text, in order: unsigned decimals such as 2012, 0.050, 45.45
 * (thousands separators are not read; a dash between numbers is a range, not a sign).
 * @example numbersIn("从 2012 年的 0.050 降至 0.043,降幅达 14%") // [2012, 0.05, 0.043, 14]
 */
export function numbersIn(text: string): number[] {
  return (text.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
}

/** The value of a printed number: "14%" -> 14, "0.050" -> 0.05, "1/3" -> 1/3. */
export function printedValue(printed: string): number {
  const s = printed.trim().replace(/%$/, "");
  const frac = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(s);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  if (!/^\d+(?:\.\d+)?$/.test(s)) throw new DataError(`printedValue: "${printed}" is not a printed number`);
  return Number(s);
}
