/**
 * A table file as a grid of cells: CSV (UTF-8 or GBK, BOM or not; `.csv`, `.txt`, `.tsv`) or an
 * Excel workbook (`.xlsx`). The readers of user files (`readPanel`, `readLong`) start here.
 *
 * - CSV: decoded by `readText` (default "auto": strict UTF-8, else GBK, as the statistics
 *   portal's and Excel's Chinese exports are); the delimiter is `opts.delimiter`, else the one of
 *   ",", ";" and tab that the header line holds most of ("," on a tie); lines starting with `#`
 *   before the header are skipped (comments such as `# source: ...`). Cells are strings, not
 *   trimmed. A record with a number of cells other than the header's is an error only for the
 *   reader that knows the columns; `cells` keeps it as it is.
 * - XLSX: read by `read-excel-file` (not `xlsx`, CVE-2023-30533): cells are strings (trimmed by
 *   the library), numbers, booleans, dates or null; the sheet is `opts.sheet` (name or 1-based
 *   number, default the first). Messages call the file `path [sheet X]` when a sheet is named.
 * - Old `.xls` workbooks are refused (save as .xlsx or .csv).
 * Leading blank rows are skipped: the header is the first row with a non-empty cell.
 */
import { readText, parseCsv, Encoding } from "./csv";
import { DataFileError } from "./errors";
// read-excel-file v9, Node entry point.
import { readSheet } from "read-excel-file/node";

export interface ReadTableOptions {
  /** CSV only: delimiter (default: detected from the header line among ",", ";" and tab). */
  delimiter?: string;
  /** CSV only: encoding (default "auto": strict UTF-8, else GBK). */
  encoding?: Encoding;
  /** XLSX only: sheet name or 1-based number (default the first sheet). */
  sheet?: string | number;
}

/** A table file's cells, the header first. */
export interface TableGrid {
  /** Rows of cells; `cells[0]` is the header. */
  cells: unknown[][];
  /** 1-based line (CSV) or row (XLSX) of each entry of `cells`. */
  lines: number[];
  /** The file as messages name it (with the sheet for a workbook when one was asked for). */
  label: string;
  encoding: "utf-8" | "gbk" | "xlsx";
}

const blank = (row: unknown[]) => row.every((c) => c === null || c === undefined || (typeof c === "string" && c.trim() === ""));

/**
 * Read a CSV or XLSX file into a grid (see the file comment).
 * @example
 * const t = await readTableFile("test/fixtures/jiangsu-21-cities.csv"); // two "#" lines, then the header
 * t.lines[0] === 3; t.cells[0][0] === "城市代码"; t.encoding === "utf-8"
 */
export async function readTableFile(file: string, opts: ReadTableOptions = {}): Promise<TableGrid> {
  if (/\.xlsx$/i.test(file)) {
    let grid: unknown[][];
    try {
      grid = (await readSheet(file, opts.sheet ?? 1)) as unknown[][];
    } catch (e) {
      const err = e as Error & { sheets?: string[] };
      if (err.name === "SheetNotFoundError") {
        throw new DataFileError(file, undefined, undefined, `no sheet ${JSON.stringify(opts.sheet)}${err.sheets ? ` (sheets: ${err.sheets.join(", ")})` : ""}`);
      }
      throw new DataFileError(file, undefined, undefined, `cannot read the workbook (${err.message})`);
    }
    const label = opts.sheet !== undefined ? `${file} [sheet ${opts.sheet}]` : file;
    let skip = 0;
    while (skip < grid.length && blank(grid[skip])) skip++;
    return { cells: grid.slice(skip), lines: grid.map((_, k) => k + 1).slice(skip), label, encoding: "xlsx" };
  }
  if (/\.xls$/i.test(file)) {
    throw new DataFileError(file, undefined, undefined, "old .xls workbooks are not supported; save the sheet as .xlsx or .csv");
  }
  const { text, encoding } = readText(file, opts.encoding ?? "auto");
  let delimiter = opts.delimiter;
  if (!delimiter) {
    const firstLine =
      text
        .replace(/^\uFEFF/, "")
        .split(/\r\n|\n|\r/)
        .find((l) => l.trim() !== "" && !l.trimStart().startsWith("#")) ?? "";
    const count = (d: string) => firstLine.split(d).length - 1;
    delimiter = ",";
    for (const d of [";", "\t"]) if (count(d) > count(delimiter)) delimiter = d;
  }
  let recs = parseCsv(text, { file, delimiter });
  let skip = 0;
  while (skip < recs.length && (recs[skip].cells[0].trimStart().startsWith("#") || blank(recs[skip].cells))) skip++;
  recs = recs.slice(skip);
  return { cells: recs.map((r) => r.cells), lines: recs.map((r) => r.line), label: file, encoding };
}
