/**
 * Loaders: every reader returns one tidy long table, an array of rows
 * `{ adcode, province, year, indicator, unit, value }`, sorted by adcode, year, then indicator
 * in the order the file lists them.
 *
 * - `adcode` is the 6-digit id ("110000"); `province` the registry's short name (北京).
 * - `value` is a number, or `null` when the cell is missing. Missing is never zero.
 *
 * Missing-value markers (`MISSING_MARKERS`), compared after trimming white space:
 * the empty cell; "—", "——", "-", "--" (the bureau's dash for "not available"); "...", "…"
 * (the bureau's ellipsis). Every other cell must be a plain decimal number (optional sign,
 * decimal point, exponent; no thousands separators, no "%"); anything else, e.g. "n/a", "12万",
 * "1,234", is an error naming the file, line and column.
 *
 * Also errors: a duplicated province-year(-indicator) row (both lines are named), an unknown
 * province (with the closest known names), a file that looks GBK-encoded where UTF-8 was
 * expected, a row with the wrong number of cells, a year that is not a 4-digit integer.
 */
import * as path from "path";
import { parseCsv, readText, CsvRecord, Encoding } from "./csv";
import { DataFileError } from "./errors";
import { dataPath } from "./paths";
import { Province, provinceByAdcode, resolveProvince } from "./registry";
// read-excel-file v9, Node entry point (not `xlsx`, CVE-2023-30533).
import { readSheet } from "read-excel-file/node";

/** One observation of the tidy long table. */
export interface LongRow {
  adcode: string;
  /** Short Chinese name from the registry (北京, 内蒙古). */
  province: string;
  year: number;
  indicator: string;
  /** Measurement unit (万人, 亿元); "" when the source gives none. */
  unit: string;
  /** The value, or null when the source cell is missing (never 0 for missing). */
  value: number | null;
}

/** Cell texts read as "missing" (after trimming). */
export const MISSING_MARKERS: readonly string[] = Object.freeze(["", "—", "——", "-", "--", "...", "…"]);

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse one cell: a number, `null` for a missing marker, or an error naming file, line, column.
 * @example parseCell(" 12.5 ", "f.csv", 3, "x") === 12.5; parseCell("—", "f.csv", 3, "x") === null
 */
export function parseCell(raw: unknown, file: string, line: number | undefined, column: string): number | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw new DataFileError(file, line, column, `non-finite number ${raw}`);
    return raw;
  }
  if (typeof raw !== "string") {
    throw new DataFileError(file, line, column, `expected a number, found ${typeof raw} ${JSON.stringify(raw)}`);
  }
  const s = raw.trim();
  if (MISSING_MARKERS.includes(s)) return null;
  if (!NUMBER_RE.test(s)) {
    throw new DataFileError(
      file,
      line,
      column,
      `"${raw}" is not a number (missing values must be empty or one of ${MISSING_MARKERS.filter((m) => m).map((m) => `"${m}"`).join(" ")})`,
    );
  }
  return Number(s);
}

/**
 * Split a header `指标(单位)` into indicator and unit: the unit is the LAST parenthesised group at
 * the end of the header (ASCII or full-width parentheses, nesting respected), so
 * `执业(助理)医师数(万人)` -> { indicator: "执业(助理)医师数", unit: "万人" }. A header that does not
 * end in a parenthesised group gives unit "".
 */
export function parseIndicatorHeader(header: string): { indicator: string; unit: string } {
  const h = header.trim();
  const last = h[h.length - 1];
  if (last !== ")" && last !== "）") return { indicator: h, unit: "" };
  let depth = 0;
  for (let i = h.length - 1; i >= 0; i--) {
    const c = h[i];
    if (c === ")" || c === "）") depth++;
    else if (c === "(" || c === "（") {
      depth--;
      if (depth === 0) {
        const indicator = h.slice(0, i).trim();
        if (!indicator) return { indicator: h, unit: "" };
        return { indicator, unit: h.slice(i + 1, h.length - 1).trim() };
      }
    }
  }
  return { indicator: h, unit: "" };
}

const YEAR_RE = /^(\d{4})(年)?$/;

/** Year from a cell or header such as 2019, "2019", "2019年"; undefined if it is not one. */
export function parseYear(raw: unknown): number | undefined {
  if (typeof raw === "number") return Number.isInteger(raw) && raw >= 1000 && raw <= 9999 ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  const m = YEAR_RE.exec(raw.trim());
  return m ? Number(m[1]) : undefined;
}

/** Collects rows, checking for duplicates, and sorts them at the end. */
class RowCollector {
  private rows: (LongRow & { order: number })[] = [];
  private seen = new Map<string, number | undefined>();
  private indicatorOrder = new Map<string, number>();
  constructor(private file: string) {}
  add(p: Province, year: number, indicator: string, unit: string, value: number | null, line: number | undefined, column?: string): void {
    const key = `${p.adcode}|${year}|${indicator}`;
    if (this.seen.has(key)) {
      const first = this.seen.get(key);
      throw new DataFileError(
        this.file,
        line,
        column,
        `duplicate row for ${p.shortName} (${p.adcode}), ${year}, ${indicator}${first !== undefined ? ` (first seen on line ${first})` : ""}`,
      );
    }
    this.seen.set(key, line);
    if (!this.indicatorOrder.has(indicator)) this.indicatorOrder.set(indicator, this.indicatorOrder.size);
    this.rows.push({ adcode: p.adcode, province: p.shortName, year, indicator, unit, value, order: this.indicatorOrder.get(indicator)! });
  }
  result(): LongRow[] {
    this.rows.sort((a, b) => (a.adcode < b.adcode ? -1 : a.adcode > b.adcode ? 1 : a.year - b.year || a.order - b.order));
    return this.rows.map(({ order: _o, ...r }) => r);
  }
}

function where(file: string, line: number): string {
  return `${file}, line ${line}`;
}

function checkWidth(file: string, rec: CsvRecord, width: number): void {
  if (rec.cells.length !== width) {
    throw new DataFileError(file, rec.line, undefined, `expected ${width} cells, found ${rec.cells.length}`);
  }
}

export interface ReadOptions {
  /** Text encoding; default "utf-8" (a GBK file is then reported as such). */
  encoding?: Encoding;
}

/**
 * Read one long UTF-8 CSV of `nbs-provincial/` (`省份编码,省份,年份,<indicator (unit)>...`).
 * Indicator and unit come from each header (`parseIndicatorHeader`). The code and the name of
 * each row must agree with the registry.
 */
export function readNbsProvincial(file: string, opts: ReadOptions = {}): LongRow[] {
  const { text } = readText(file, opts.encoding ?? "utf-8");
  const recs = parseCsv(text, { file });
  if (recs.length === 0) throw new DataFileError(file, 1, undefined, "empty file");
  const head = recs[0].cells.map((c) => c.trim());
  if (head[0] !== "省份编码" || head[1] !== "省份" || head[2] !== "年份") {
    throw new DataFileError(file, recs[0].line, undefined, `expected the header to start with 省份编码,省份,年份; found ${head.slice(0, 3).join(",")}`);
  }
  const cols = head.slice(3).map(parseIndicatorHeader);
  const out = new RowCollector(file);
  for (const rec of recs.slice(1)) {
    checkWidth(file, rec, head.length);
    const ctx = where(file, rec.line);
    const p = provinceByAdcode(rec.cells[0], { context: ctx });
    const byName = resolveProvince(rec.cells[1], { context: ctx });
    if (byName.adcode !== p.adcode) {
      throw new DataFileError(file, rec.line, "省份", `code ${p.adcode} (${p.shortName}) does not match name "${rec.cells[1]}" (${byName.adcode})`);
    }
    const year = parseYear(rec.cells[2]);
    if (year === undefined) throw new DataFileError(file, rec.line, "年份", `"${rec.cells[2]}" is not a year`);
    cols.forEach((c, j) => {
      out.add(p, year, c.indicator, c.unit, parseCell(rec.cells[3 + j], file, rec.line, head[3 + j]), rec.line, head[3 + j]);
    });
  }
  return out.result();
}

/** One entry of `data/sources/nbs-english/indicators.csv`. */
export interface NbsEnglishIndicator {
  file: string;
  indicator: string;
  unit: string;
  indicatorEn: string;
  unitEn: string;
}

let englishLookup: NbsEnglishIndicator[] | undefined;

/** The committed lookup table giving indicator names and units of the `nbs-english/` files. */
export function nbsEnglishIndicators(): NbsEnglishIndicator[] {
  if (!englishLookup) {
    const file = dataPath("sources", "nbs-english", "indicators.csv");
    const recs = parseCsv(readText(file, "utf-8").text, { file });
    const head = recs[0].cells;
    const need = ["file", "indicator", "unit", "indicator_en", "unit_en"];
    if (need.some((h, i) => head[i] !== h)) throw new DataFileError(file, 1, undefined, `expected header ${need.join(",")}`);
    englishLookup = recs.slice(1).map((r) => {
      checkWidth(file, r, need.length);
      return { file: r.cells[0], indicator: r.cells[1], unit: r.cells[2], indicatorEn: r.cells[3], unitEn: r.cells[4] };
    });
  }
  return englishLookup.map((x) => ({ ...x }));
}

export interface ReadNbsEnglishOptions extends ReadOptions {
  /** Indicator name; default from the lookup table by file name. */
  indicator?: string;
  /** Unit; default from the lookup table by file name. */
  unit?: string;
}

/**
 * Read one `;`-separated wide file of `nbs-english/` (`Region;2021;2020;...`, English province
 * names, one column per year newest first). The header has no indicator or unit: they come from
 * `nbs-englishIndicators()` looked up by the file's base name (e.g. `Gross_regional_product`), or
 * from `opts`.
 */
export function readNbsEnglish(file: string, opts: ReadNbsEnglishOptions = {}): LongRow[] {
  const base = path.basename(file).replace(/\.csv$/i, "");
  let indicator = opts.indicator;
  let unit = opts.unit;
  if (indicator === undefined || unit === undefined) {
    const entry = nbsEnglishIndicators().find((e) => e.file === base);
    if (!entry) {
      throw new DataFileError(file, undefined, undefined, `"${base}" is not in data/sources/nbs-english/indicators.csv; pass { indicator, unit }`);
    }
    indicator = indicator ?? entry.indicator;
    unit = unit ?? entry.unit;
  }
  const { text } = readText(file, opts.encoding ?? "utf-8");
  const recs = parseCsv(text, { file, delimiter: ";" });
  if (recs.length === 0) throw new DataFileError(file, 1, undefined, "empty file");
  const head = recs[0].cells.map((c) => c.trim());
  const years = head.slice(1).map((h, j) => {
    const y = parseYear(h);
    if (y === undefined) throw new DataFileError(file, recs[0].line, h, `column ${j + 2} of the header is not a year`);
    return y;
  });
  const out = new RowCollector(file);
  for (const rec of recs.slice(1)) {
    checkWidth(file, rec, head.length);
    const p = resolveProvince(rec.cells[0], { context: where(file, rec.line) });
    years.forEach((y, j) => out.add(p, y, indicator!, unit!, parseCell(rec.cells[1 + j], file, rec.line, head[1 + j]), rec.line, head[1 + j]));
  }
  return out.result();
}

/**
 * Read a download of the statistics bureau's data portal (data.stats.gov.cn) exactly as it
 * comes: GBK or UTF-8 (detected: strict UTF-8 first, else GBK), CRLF line ends, header lines
 * `数据库：...`, `指标：<indicator>(<unit>)`, `时间：...`, then a table `地区,2024年,2023年,...`
 * (one column per year, newest first), then footnote lines (`注：...`, `数据来源：...`), which are
 * skipped. The indicator and unit come from the `指标` line (`opts` may override them).
 */
export function readNbsExport(file: string, opts: { indicator?: string; unit?: string; encoding?: Encoding } = {}): LongRow[] {
  const { text } = readText(file, opts.encoding ?? "auto");
  const recs = parseCsv(text, { file });
  let indicator = opts.indicator;
  let unit = opts.unit;
  let i = 0;
  const meta = /^(数据库|指标|时间|地区|数据|单位)[：:](.*)$/;
  for (; i < recs.length; i++) {
    const first = recs[i].cells[0].trim();
    const m = meta.exec(first);
    if (!m) break;
    if (m[1] === "指标") {
      const parsed = parseIndicatorHeader(m[2].trim());
      if (indicator === undefined) indicator = parsed.indicator;
      if (unit === undefined) unit = parsed.unit;
    }
  }
  if (indicator === undefined) {
    throw new DataFileError(file, recs[0]?.line ?? 1, undefined, "no 指标： line in the header; pass { indicator, unit }");
  }
  if (i >= recs.length) throw new DataFileError(file, undefined, undefined, "no table after the header lines");
  const headRec = recs[i];
  const head = headRec.cells.map((c) => c.trim());
  if (head[0] !== "地区") {
    throw new DataFileError(file, headRec.line, undefined, `expected the table header to start with 地区 (provinces in rows, years in columns); found "${head[0]}"`);
  }
  const years = head.slice(1).map((h) => {
    const y = parseYear(h);
    if (y === undefined) throw new DataFileError(file, headRec.line, h, "not a year column (expected e.g. 2024年)");
    return y;
  });
  const out = new RowCollector(file);
  for (const rec of recs.slice(i + 1)) {
    const first = rec.cells[0].trim();
    if (/^(注|数据来源|资料来源|说明)[：:]/.test(first)) break;
    if (rec.cells.every((c) => c.trim() === "")) continue;
    checkWidth(file, rec, head.length);
    const p = resolveProvince(first, { context: where(file, rec.line) });
    years.forEach((y, j) => out.add(p, y, indicator!, unit ?? "", parseCell(rec.cells[1 + j], file, rec.line, head[1 + j]), rec.line, head[1 + j]));
  }
  return out.result();
}

// ---------------------------------------------------------------------------------------------
// User panels (CSV or XLSX, long or wide)

export interface ReadPanelOptions {
  /** Header of the column that identifies the province (adcode or any name in the alias table). Default: detected. */
  unit?: string;
  /** Header of the year column (forces the long layout). Default: detected. */
  time?: string;
  /** Force the layout instead of detecting it. */
  layout?: "long" | "wide";
  /** Wide layout without an indicator column: the indicator name (default: the file's base name). */
  indicator?: string;
  /** Wide layout without a unit column: the measurement unit (default ""). */
  indicatorUnit?: string;
  /** CSV only: delimiter (default: "," or, if the header line has more ";" than ",", ";"). */
  delimiter?: string;
  /** CSV only: encoding (default "auto": strict UTF-8, else GBK). */
  encoding?: Encoding;
  /** XLSX only: sheet name or 1-based number (default the first sheet). */
  sheet?: string | number;
}

const UNIT_HEADERS = ["adcode", "省份编码", "地区编码", "行政区划代码", "code", "province", "省份", "省", "地区", "省份名称", "省区市", "region", "name"];
const TIME_HEADERS = ["year", "年份", "年", "时间", "年度", "time", "period"];
const INDICATOR_HEADERS = ["indicator", "指标", "变量", "variable"];
const MEASURE_HEADERS = ["unit", "单位"];
const VALUE_HEADERS = ["value", "值", "数值"];

function findHeader(head: string[], names: string[], exclude: Set<number>): number {
  for (const n of names) {
    const j = head.findIndex((h, k) => !exclude.has(k) && h.trim().toLowerCase() === n);
    if (j >= 0) return j;
  }
  return -1;
}

/**
 * Turn a grid of cells (first row = header) into the tidy long table. `lines[k]` is the line
 * (CSV) or row number (XLSX) of `grid[k]`, for error messages. See `readPanel` for the layouts.
 */
export function panelFromGrid(grid: unknown[][], lines: number[], file: string, opts: ReadPanelOptions = {}): LongRow[] {
  if (grid.length === 0) throw new DataFileError(file, 1, undefined, "empty table");
  const head = grid[0].map((h) => (h === null || h === undefined ? "" : String(h).trim()));
  const headLine = lines[0];
  const used = new Set<number>();
  const col = (name: string, what: string): number => {
    const j = head.indexOf(name);
    if (j < 0) throw new DataFileError(file, headLine, undefined, `no column "${name}" (${what}); the header has ${head.join(", ")}`);
    return j;
  };
  // Province column.
  const unitCol = opts.unit !== undefined ? col(opts.unit, "unit option") : findHeader(head, UNIT_HEADERS, used);
  if (unitCol < 0) {
    throw new DataFileError(file, headLine, undefined, `no province column (name it one of ${UNIT_HEADERS.join(", ")} or pass { unit })`);
  }
  used.add(unitCol);
  // A second id column (e.g. 省份 beside 省份编码) is checked, not read as data.
  const otherIdCol = findHeader(head, UNIT_HEADERS, used);
  if (otherIdCol >= 0) used.add(otherIdCol);

  const yearCols = head.map((h, j) => (!used.has(j) && parseYear(h) !== undefined ? j : -1)).filter((j) => j >= 0);
  let timeCol = opts.time !== undefined ? col(opts.time, "time option") : -1;
  let layout = opts.layout;
  if (!layout) {
    if (timeCol >= 0) layout = "long";
    else if (yearCols.length > 0) layout = "wide";
    else if (findHeader(head, TIME_HEADERS, used) >= 0) layout = "long";
    else {
      throw new DataFileError(file, headLine, undefined, `cannot tell the layout: no year column (${TIME_HEADERS.join(", ")}) for the long layout and no year headers (2019 or 2019年) for the wide layout; pass { time } or { layout }`);
    }
  }
  const out = new RowCollector(file);
  const lineOf = (k: number) => lines[k];
  const provinceOf = (row: unknown[], k: number): Province => {
    const raw = row[unitCol];
    const ctx = `${file}, line ${lineOf(k)}, column "${head[unitCol]}"`;
    if (raw === null || raw === undefined || String(raw).trim() === "") {
      throw new DataFileError(file, lineOf(k), head[unitCol], "empty province cell");
    }
    const p = resolveProvince(String(raw), { context: ctx });
    if (otherIdCol >= 0) {
      const other = row[otherIdCol];
      if (other !== null && other !== undefined && String(other).trim() !== "") {
        const q = resolveProvince(String(other), { context: `${file}, line ${lineOf(k)}, column "${head[otherIdCol]}"` });
        if (q.adcode !== p.adcode) {
          throw new DataFileError(file, lineOf(k), head[otherIdCol], `"${String(other)}" (${q.adcode}) does not match "${String(raw)}" (${p.adcode})`);
        }
      }
    }
    return p;
  };
  const width = head.length;
  const rowsOf = () =>
    grid.slice(1).map((row, i) => ({ row, k: i + 1 })).filter(({ row }) => row.some((c) => c !== null && c !== undefined && String(c).trim() !== ""));

  if (layout === "long") {
    if (timeCol < 0) timeCol = findHeader(head, TIME_HEADERS, used);
    if (timeCol < 0) throw new DataFileError(file, headLine, undefined, `no year column (${TIME_HEADERS.join(", ")}); pass { time }`);
    used.add(timeCol);
    const indCol = findHeader(head, INDICATOR_HEADERS, used);
    const valCol = findHeader(head, VALUE_HEADERS, used);
    const tidy = indCol >= 0 && valCol >= 0;
    let measureCol = -1;
    if (tidy) {
      used.add(indCol);
      used.add(valCol);
      measureCol = findHeader(head, MEASURE_HEADERS, used);
      if (measureCol >= 0) used.add(measureCol);
      const extra = head.filter((_, j) => !used.has(j));
      if (extra.length > 0) throw new DataFileError(file, headLine, extra[0], "unexpected column in a tidy long table (province, year, indicator, [unit], value)");
    }
    const dataCols = head.map((_, j) => j).filter((j) => !used.has(j));
    const parsedHeads = dataCols.map((j) => parseIndicatorHeader(head[j]));
    for (const { row, k } of rowsOf()) {
      if (row.length > width) throw new DataFileError(file, lineOf(k), undefined, `expected ${width} cells, found ${row.length}`);
      const p = provinceOf(row, k);
      const year = parseYear(row[timeCol]);
      if (year === undefined) throw new DataFileError(file, lineOf(k), head[timeCol], `"${String(row[timeCol] ?? "")}" is not a year`);
      if (tidy) {
        const ind = String(row[indCol] ?? "").trim();
        if (!ind) throw new DataFileError(file, lineOf(k), head[indCol], "empty indicator cell");
        const u = measureCol >= 0 ? String(row[measureCol] ?? "").trim() : "";
        out.add(p, year, ind, u, parseCell(row[valCol], file, lineOf(k), head[valCol]), lineOf(k), head[valCol]);
      } else {
        dataCols.forEach((j, t) => {
          out.add(p, year, parsedHeads[t].indicator, parsedHeads[t].unit, parseCell(row[j], file, lineOf(k), head[j]), lineOf(k), head[j]);
        });
      }
    }
    return out.result();
  }

  // Wide layout.
  const indCol = findHeader(head, INDICATOR_HEADERS, used);
  if (indCol >= 0) used.add(indCol);
  const measureCol = findHeader(head, MEASURE_HEADERS, used);
  if (measureCol >= 0) used.add(measureCol);
  const years = new Map<number, number>();
  head.forEach((h, j) => {
    if (used.has(j)) return;
    const y = parseYear(h);
    if (y === undefined) {
      throw new DataFileError(file, headLine, h, "in the wide layout every column other than province, indicator and unit must be a year (2019 or 2019年)");
    }
    years.set(j, y);
  });
  const defaultIndicator = opts.indicator ?? path.basename(file).replace(/\.(csv|xlsx)$/i, "");
  for (const { row, k } of rowsOf()) {
    if (row.length > width) throw new DataFileError(file, lineOf(k), undefined, `expected ${width} cells, found ${row.length}`);
    const p = provinceOf(row, k);
    const ind = indCol >= 0 ? String(row[indCol] ?? "").trim() : defaultIndicator;
    if (!ind) throw new DataFileError(file, lineOf(k), head[indCol], "empty indicator cell");
    const u = measureCol >= 0 ? String(row[measureCol] ?? "").trim() : (opts.indicatorUnit ?? "");
    for (const [j, y] of years) out.add(p, y, ind, u, parseCell(row[j], file, lineOf(k), head[j]), lineOf(k), head[j]);
  }
  return out.result();
}

/**
 * Read a CSV panel synchronously (see `readPanel` for the layouts).
 */
export function readPanelCsv(file: string, opts: ReadPanelOptions = {}): LongRow[] {
  const { text } = readText(file, opts.encoding ?? "auto");
  let delimiter = opts.delimiter;
  if (!delimiter) {
    const firstLine = text.split(/\r\n|\n|\r/).find((l) => !l.trimStart().replace(/^\uFEFF/, "").startsWith("#")) ?? "";
    delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  }
  let recs = parseCsv(text, { file, delimiter });
  // comment lines before the header ("# source: ...") are skipped
  let skip = 0;
  while (skip < recs.length && recs[skip].cells[0].trimStart().startsWith("#")) skip++;
  recs = recs.slice(skip);
  return panelFromGrid(recs.map((r) => r.cells), recs.map((r) => r.line), file, opts);
}

/**
 * Read a user's own panel, CSV (`.csv`, `.txt`) or Excel (`.xlsx`), in long or wide layout, into
 * the tidy long table.
 *
 * Columns are recognised by their header (case-insensitive, exact):
 * - province (`unit`): adcode, 省份编码, 地区编码, 行政区划代码, code, province, 省份, 省, 地区,
 *   省份名称, 省区市, region, name. Cells are adcodes or any name of the alias table. If a
 *   second such column exists (a code beside a name) the two must agree.
 * - year (`time`): year, 年份, 年, 时间, 年度, time, period; cells 2019, "2019" or "2019年".
 *
 * Layouts:
 * - **long**: one row per province and year, with a year column. Either (a) every other column
 *   is an indicator whose header is `name(unit)` or `name` (like `nbs-provincial/`), or
 *   (b) "tidy": columns indicator/指标, value/值/数值 and optionally unit/单位, one row per
 *   province, year and indicator.
 * - **wide**: one row per province (and indicator), one column per year whose header is a year
 *   (`2019` or `2019年`), any order; optional indicator/指标 and unit/单位 columns; without them
 *   the indicator is `opts.indicator` (default: the file's base name) and the unit
 *   `opts.indicatorUnit` (default "").
 *
 * CSV: lines starting with `#` before the header are skipped; the delimiter is "," unless the
 * first line has more ";" than "," (or `opts.delimiter`).
 *
 * Decision: `opts.layout` if given; else long if `opts.time` is given; else wide if some header
 * is a year; else long if a year column is found; else an error.
 * Returns a promise because XLSX files are read asynchronously (read-excel-file).
 */
export async function readPanel(file: string, opts: ReadPanelOptions = {}): Promise<LongRow[]> {
  if (/\.xlsx$/i.test(file)) {
    let grid: unknown[][];
    try {
      grid = (await readSheet(file, opts.sheet ?? 1)) as unknown[][];
    } catch (e) {
      throw new DataFileError(file, undefined, undefined, `cannot read the workbook (${(e as Error).message})`);
    }
    const label = opts.sheet !== undefined ? `${file} [sheet ${opts.sheet}]` : file;
    return panelFromGrid(grid, grid.map((_, k) => k + 1), label, opts);
  }
  if (/\.xls$/i.test(file)) {
    throw new DataFileError(file, undefined, undefined, "old .xls workbooks are not supported; save the sheet as .xlsx or .csv");
  }
  return readPanelCsv(file, opts);
}
