/**
 * Loaders of the statistics bureau's files and of a user's own panels.
 *
 * Vocabulary: the *unit* is the observation unit (a province, a city, a county); the *measure*
 * is the measurement unit of an indicator (万人, 亿元, %).
 *
 * - `readPanel(file, opts)`: a user's panel of ANY units (provinces, cities, counties), CSV
 *   (UTF-8 or GBK) or XLSX, laid out as a panel, a long table or a wide table, returned as one
 *   row per unit and time, one column per indicator (`ReadPanelResult`). Units that are all
 *   provinces are resolved through the registry (adcode + short name); other units are kept as
 *   given.
 * - The bureau's readers (`readNbsProvincial`, `readNbsEnglish`, `readNbsExport`) and `readLong`
 *   (a user's province file as a tidy long table) return `LongRow`s
 *   `{ adcode, province, year, indicator, measure, value }`, sorted by adcode, year, then
 *   indicator in the order the file lists them; `adcode` is the 6-digit id ("110000"),
 *   `province` the registry's short name (北京).
 *
 * Every indicator cell goes through `parseNumber` (reshape.ts): missing markers -> null (never
 * zero), plain decimals, thousands separators only with a valid grouping; anything else is an
 * error naming the file, line, column (and unit).
 *
 * Also errors: a duplicated unit-time(-indicator) row (both lines are named), an unknown
 * province where provinces are required (with the closest known names), a file that looks
 * GBK-encoded where UTF-8 was asked for, a row with the wrong number of cells, a year that is not
 * a 4-digit integer.
 */
import * as path from "path";
import { parseCsv, readText, CsvRecord, Encoding } from "./csv";
import { DataError, DataFileError } from "./errors";
import { dataPath } from "./paths";
import { closestProvinceNames, Province, provinceByAdcode, resolveProvince, tryResolveProvince } from "./registry";
import { keyText, parseNumber, parseYear, PanelKeys, toWide, WideBuilder } from "./reshape";
import { readTableFile, ReadTableOptions, TableGrid } from "./table-file";

/** One observation of the tidy long table. */
export interface LongRow {
  adcode: string;
  /** Short Chinese name from the registry (北京, 内蒙古). */
  province: string;
  year: number;
  indicator: string;
  /** Measure (measurement unit: 万人, 亿元); "" when the source gives none. */
  measure: string;
  /** The value, or null when the source cell is missing (never 0 for missing). */
  value: number | null;
}

/**
 * Split a header `指标(单位)` into indicator and measure: the measure is the LAST parenthesised
 * group at the end of the header (ASCII or full-width parentheses, nesting respected), so
 * `执业(助理)医师数(万人)` -> { indicator: "执业(助理)医师数", measure: "万人" }. A header that does not
 * end in a parenthesised group gives measure "".
 */
export function parseIndicatorHeader(header: string): { indicator: string; measure: string } {
  const h = header.trim();
  const last = h[h.length - 1];
  if (last !== ")" && last !== "）") return { indicator: h, measure: "" };
  let depth = 0;
  for (let i = h.length - 1; i >= 0; i--) {
    const c = h[i];
    if (c === ")" || c === "）") depth++;
    else if (c === "(" || c === "（") {
      depth--;
      if (depth === 0) {
        const indicator = h.slice(0, i).trim();
        if (!indicator) return { indicator: h, measure: "" };
        return { indicator, measure: h.slice(i + 1, h.length - 1).trim() };
      }
    }
  }
  return { indicator: h, measure: "" };
}

/** Collects rows, checking for duplicates, and sorts them at the end. */
class RowCollector {
  private rows: (LongRow & { order: number })[] = [];
  private seen = new Map<string, number | undefined>();
  private indicatorOrder = new Map<string, number>();
  constructor(private file: string) {}
  add(p: Province, year: number, indicator: string, measure: string, value: number | null, line: number | undefined, column?: string): void {
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
    this.rows.push({ adcode: p.adcode, province: p.shortName, year, indicator, measure, value, order: this.indicatorOrder.get(indicator)! });
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
 * Read one long UTF-8 CSV of `nbs-provincial/` (`省份编码,省份,年份,<indicator (measure)>...`).
 * Indicator and measure come from each header (`parseIndicatorHeader`). The code and the name of
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
      out.add(p, year, c.indicator, c.measure, parseNumber(rec.cells[3 + j], { file, line: rec.line, column: head[3 + j], unit: `${p.adcode} (${p.shortName})` }), rec.line, head[3 + j]);
    });
  }
  return out.result();
}

/** One entry of `data/sources/nbs-english/indicators.csv`. */
export interface NbsEnglishIndicator {
  file: string;
  indicator: string;
  /** Measure (the file's `unit` column). */
  measure: string;
  indicatorEn: string;
  /** English measure (the file's `unit_en` column). */
  measureEn: string;
}

let englishLookup: NbsEnglishIndicator[] | undefined;

/** The committed lookup table giving indicator names and measures of the `nbs-english/` files. */
export function nbsEnglishIndicators(): NbsEnglishIndicator[] {
  if (!englishLookup) {
    const file = dataPath("sources", "nbs-english", "indicators.csv");
    const recs = parseCsv(readText(file, "utf-8").text, { file });
    const head = recs[0].cells;
    const need = ["file", "indicator", "unit", "indicator_en", "unit_en"];
    if (need.some((h, i) => head[i] !== h)) throw new DataFileError(file, 1, undefined, `expected header ${need.join(",")}`);
    englishLookup = recs.slice(1).map((r) => {
      checkWidth(file, r, need.length);
      return { file: r.cells[0], indicator: r.cells[1], measure: r.cells[2], indicatorEn: r.cells[3], measureEn: r.cells[4] };
    });
  }
  return englishLookup.map((x) => ({ ...x }));
}

export interface ReadNbsEnglishOptions extends ReadOptions {
  /** Indicator name; default from the lookup table by file name. */
  indicator?: string;
  /** Measure; default from the lookup table by file name. */
  measure?: string;
}

/** An option renamed by the vocabulary change (`unit` now means the observation unit). */
function refuseRenamed(opts: object, old: string, now: string, fn: string): void {
  if (Object.prototype.hasOwnProperty.call(opts, old)) {
    throw new DataError(`${fn}: option "${old}" was renamed "${now}" ("unit" now means the observation unit; the measurement unit is the "measure")`);
  }
}

/**
 * Read one `;`-separated wide file of `nbs-english/` (`Region;2021;2020;...`, English province
 * names, one column per year newest first). The header has no indicator or measure: they come
 * from `nbsEnglishIndicators()` looked up by the file's base name (e.g. `Gross_regional_product`),
 * or from `opts`.
 */
export function readNbsEnglish(file: string, opts: ReadNbsEnglishOptions = {}): LongRow[] {
  refuseRenamed(opts, "unit", "measure", "readNbsEnglish");
  const base = path.basename(file).replace(/\.csv$/i, "");
  let indicator = opts.indicator;
  let measure = opts.measure;
  if (indicator === undefined || measure === undefined) {
    const entry = nbsEnglishIndicators().find((e) => e.file === base);
    if (!entry) {
      throw new DataFileError(file, undefined, undefined, `"${base}" is not in data/sources/nbs-english/indicators.csv; pass { indicator, measure }`);
    }
    indicator = indicator ?? entry.indicator;
    measure = measure ?? entry.measure;
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
    years.forEach((y, j) =>
      out.add(p, y, indicator!, measure!, parseNumber(rec.cells[1 + j], { file, line: rec.line, column: head[1 + j], unit: `${p.adcode} (${p.shortName})` }), rec.line, head[1 + j]),
    );
  }
  return out.result();
}

/**
 * Read a download of the statistics bureau's data portal (data.stats.gov.cn) exactly as it
 * comes: GBK or UTF-8 (detected: strict UTF-8 first, else GBK), CRLF line ends, header lines
 * `数据库：...`, `指标：<indicator>(<measure>)`, `时间：...`, then a table `地区,2024年,2023年,...`
 * (one column per year, newest first), then footnote lines (`注：...`, `数据来源：...`), which are
 * skipped. The indicator and measure come from the `指标` line (`opts` may override them).
 */
export function readNbsExport(file: string, opts: { indicator?: string; measure?: string; encoding?: Encoding } = {}): LongRow[] {
  refuseRenamed(opts, "unit", "measure", "readNbsExport");
  const { text } = readText(file, opts.encoding ?? "auto");
  const recs = parseCsv(text, { file });
  let indicator = opts.indicator;
  let measure = opts.measure;
  let i = 0;
  const meta = /^(数据库|指标|时间|地区|数据|单位)[：:](.*)$/;
  for (; i < recs.length; i++) {
    const first = recs[i].cells[0].trim();
    const m = meta.exec(first);
    if (!m) break;
    if (m[1] === "指标") {
      const parsed = parseIndicatorHeader(m[2].trim());
      if (indicator === undefined) indicator = parsed.indicator;
      if (measure === undefined) measure = parsed.measure;
    }
  }
  if (indicator === undefined) {
    throw new DataFileError(file, recs[0]?.line ?? 1, undefined, "no 指标： line in the header; pass { indicator, measure }");
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
    years.forEach((y, j) =>
      out.add(p, y, indicator!, measure ?? "", parseNumber(rec.cells[1 + j], { file, line: rec.line, column: head[1 + j], unit: `${p.adcode} (${p.shortName})` }), rec.line, head[1 + j]),
    );
  }
  return out.result();
}

// ---------------------------------------------------------------------------------------------
// A user's province file as a tidy long table (readLong)

/** Options of `readLong` (a province file read as a tidy long table). */
export interface ReadLongOptions extends ReadTableOptions {
  /** Header of the column that identifies the province (adcode or any name in the alias table). Default: detected. */
  unit?: string;
  /** Header of the year column (forces the long layout). Default: detected. */
  time?: string;
  /** Force the layout instead of detecting it. */
  layout?: "long" | "wide";
  /** Wide layout without an indicator column: the indicator name (default: the file's base name). */
  indicator?: string;
  /** Wide layout without a measure column: the measure (default ""). */
  indicatorMeasure?: string;
}

const LONG_UNIT_HEADERS = ["adcode", "省份编码", "地区编码", "行政区划代码", "code", "province", "省份", "省", "地区", "省份名称", "省区市", "region", "name"];
const TIME_HEADERS = ["year", "年份", "年", "时间", "年度", "time", "period"];
const INDICATOR_HEADERS = ["indicator", "指标", "变量", "variable"];
const LONG_MEASURE_HEADERS = ["measure", "unit", "单位", "计量单位"];
const VALUE_HEADERS = ["value", "值", "数值"];

function findHeader(head: string[], names: string[], exclude: Set<number>): number {
  for (const n of names) {
    const j = head.findIndex((h, k) => !exclude.has(k) && h.trim().toLowerCase() === n);
    if (j >= 0) return j;
  }
  return -1;
}

const isBlankRow = (row: unknown[]) => row.every((c) => c === null || c === undefined || (typeof c === "string" && c.trim() === ""));

/** The grid of a province file as the tidy long table (see `readLong`). */
function longFromGrid(grid: unknown[][], lines: number[], file: string, opts: ReadLongOptions, strictWidth: boolean): LongRow[] {
  if (grid.length === 0) throw new DataFileError(file, 1, undefined, "empty table");
  const head = grid[0].map((h) => (h === null || h === undefined ? "" : String(h).trim()));
  const headLine = lines[0];
  const used = new Set<number>();
  const col = (name: string, what: string): number => {
    const j = head.indexOf(name);
    if (j < 0) throw new DataFileError(file, headLine, undefined, `no column "${name}" (${what}); the header has ${head.join(", ")}`);
    return j;
  };
  const unitCol = opts.unit !== undefined ? col(opts.unit, "unit option") : findHeader(head, LONG_UNIT_HEADERS, used);
  if (unitCol < 0) {
    throw new DataFileError(file, headLine, undefined, `no province column (name it one of ${LONG_UNIT_HEADERS.join(", ")} or pass { unit })`);
  }
  used.add(unitCol);
  // A second id column (e.g. 省份 beside 省份编码) is checked, not read as data.
  const otherIdCol = findHeader(head, LONG_UNIT_HEADERS, used);
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
  const checkRowWidth = (row: unknown[], k: number) => {
    if (row.length > width || (strictWidth && row.length < width)) {
      throw new DataFileError(file, lineOf(k), undefined, `expected ${width} cells (as in the header), found ${row.length}`);
    }
  };
  const rowsOf = () => grid.slice(1).map((row, i) => ({ row, k: i + 1 })).filter(({ row }) => !isBlankRow(row));
  const cell = (raw: unknown, k: number, j: number, p: Province) => parseNumber(raw, { file, line: lineOf(k), column: head[j], unit: `${p.adcode} (${p.shortName})` });

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
      measureCol = findHeader(head, LONG_MEASURE_HEADERS, used);
      if (measureCol >= 0) used.add(measureCol);
      const extra = head.filter((_, j) => !used.has(j));
      if (extra.length > 0) throw new DataFileError(file, headLine, extra[0], "unexpected column in a tidy long table (province, year, indicator, [measure], value)");
    }
    const dataCols = head.map((_, j) => j).filter((j) => !used.has(j));
    const parsedHeads = dataCols.map((j) => parseIndicatorHeader(head[j]));
    for (const { row, k } of rowsOf()) {
      checkRowWidth(row, k);
      const p = provinceOf(row, k);
      const year = parseYear(row[timeCol]);
      if (year === undefined) throw new DataFileError(file, lineOf(k), head[timeCol], `"${String(row[timeCol] ?? "")}" is not a year`);
      if (tidy) {
        const ind = String(row[indCol] ?? "").trim();
        if (!ind) throw new DataFileError(file, lineOf(k), head[indCol], "empty indicator cell");
        const m = measureCol >= 0 ? String(row[measureCol] ?? "").trim() : "";
        out.add(p, year, ind, m, cell(row[valCol], k, valCol, p), lineOf(k), head[valCol]);
      } else {
        dataCols.forEach((j, t) => {
          out.add(p, year, parsedHeads[t].indicator, parsedHeads[t].measure, cell(row[j], k, j, p), lineOf(k), head[j]);
        });
      }
    }
    return out.result();
  }

  // Wide layout.
  const indCol = findHeader(head, INDICATOR_HEADERS, used);
  if (indCol >= 0) used.add(indCol);
  const measureCol = findHeader(head, LONG_MEASURE_HEADERS, used);
  if (measureCol >= 0) used.add(measureCol);
  const years = new Map<number, number>();
  head.forEach((h, j) => {
    if (used.has(j)) return;
    const y = parseYear(h);
    if (y === undefined) {
      throw new DataFileError(file, headLine, h, "in the wide layout every column other than province, indicator and measure must be a year (2019 or 2019年)");
    }
    years.set(j, y);
  });
  const defaultIndicator = opts.indicator ?? path.basename(file).replace(/\.(csv|txt|tsv|xlsx)$/i, "").replace(/ \[sheet .*\]$/, "");
  for (const { row, k } of rowsOf()) {
    checkRowWidth(row, k);
    const p = provinceOf(row, k);
    const ind = indCol >= 0 ? String(row[indCol] ?? "").trim() : defaultIndicator;
    if (!ind) throw new DataFileError(file, lineOf(k), head[indCol], "empty indicator cell");
    const m = measureCol >= 0 ? String(row[measureCol] ?? "").trim() : (opts.indicatorMeasure ?? "");
    for (const [j, y] of years) out.add(p, y, ind, m, cell(row[j], k, j, p), lineOf(k), head[j]);
  }
  return out.result();
}

/**
 * Read a user's province file, CSV (`.csv`, `.txt`; UTF-8 or GBK) or Excel (`.xlsx`), into the
 * tidy long table `LongRow[]` (provinces only). This is what `readPanel` returned before it read
 * any units; `readPanel` is the reader for analysis, `readLong` keeps the indicator/measure split.
 *
 * Columns are recognised by their header (case-insensitive, exact):
 * - province (`unit`): adcode, 省份编码, 地区编码, 行政区划代码, code, province, 省份, 省, 地区,
 *   省份名称, 省区市, region, name. Cells are adcodes or any name of the alias table. If a
 *   second such column exists (a code beside a name) the two must agree.
 * - year (`time`): year, 年份, 年, 时间, 年度, time, period; cells 2019, "2019" or "2019年".
 *
 * Layouts:
 * - **long**: one row per province and year, with a year column. Either (a) every other column
 *   is an indicator whose header is `name(measure)` or `name` (like `nbs-provincial/`), or
 *   (b) "tidy": columns indicator/指标, value/值/数值 and optionally measure/unit/单位, one row
 *   per province, year and indicator.
 * - **wide**: one row per province (and indicator), one column per year whose header is a year
 *   (`2019` or `2019年`), any order; optional indicator/指标 and measure/unit/单位 columns;
 *   without them the indicator is `opts.indicator` (default: the file's base name) and the
 *   measure `opts.indicatorMeasure` (default "").
 *
 * CSV: see `readTableFile` (encoding detection, delimiter, `#` comment lines before the header).
 * Decision: `opts.layout` if given; else long if `opts.time` is given; else wide if some header
 * is a year; else long if a year column is found; else an error.
 * @example
 * // panel.xlsx: 省份 | 年份 | 卫生人员数(万人) | GDP(亿元), first row 北京市 | 2019 | 34.3167 | "35371.3"
 * (await readLong("panel.xlsx"))[0] // { adcode: "110000", province: "北京", year: 2019, indicator: "卫生人员数", measure: "万人", value: 34.3167 }
 */
export async function readLong(file: string, opts: ReadLongOptions = {}): Promise<LongRow[]> {
  refuseRenamed(opts, "indicatorUnit", "indicatorMeasure", "readLong");
  const t = await readTableFile(file, opts);
  return longFromGrid(t.cells, t.lines, t.label, opts, t.encoding !== "xlsx");
}

// ---------------------------------------------------------------------------------------------
// A user's panel of any units (readPanel)

/** Header lists by which `readPanel` recognises its key and long-table columns (lower case, exact match after trimming). */
export const PANEL_HEADERS = Object.freeze({
  /** Unit columns holding codes (the unit when present; a name column beside it is the label). */
  unitCode: Object.freeze(["adcode", "省份编码", "地区编码", "行政区划代码", "区划代码", "城市代码", "城市编码", "区县代码", "code", "代码"]),
  /** Unit columns holding names. */
  unitName: Object.freeze([
    "province", "省份", "省", "省份名称", "省区市", "地区", "地区名称", "城市", "城市名称", "市", "地级市", "区县", "区县名称", "县", "city", "county", "region", "name",
  ]),
  time: Object.freeze(TIME_HEADERS),
  group: Object.freeze(["group", "区域", "分组", "组别", "地带", "板块", "片区", "zone"]),
  indicator: Object.freeze(INDICATOR_HEADERS),
  value: Object.freeze(VALUE_HEADERS),
  /** Measure column of a long or wide table ("unit" is not one: it would mean the observation unit). */
  measure: Object.freeze(["measure", "单位", "计量单位"]),
});

/** Options of `readPanel`. Column options name a header exactly (after trimming). */
export interface ReadPanelOptions extends ReadTableOptions {
  /** Header of the unit column (the observation unit: province, city, county...). Default: detected. */
  unit?: string;
  /** Header of a label column (a name beside a code). Default: a name column when the unit column holds codes. */
  label?: string;
  /** Header of the time column (a year). Default: detected. */
  time?: string;
  /** Header of a group column (e.g. 区域: 苏南/苏中/苏北). Default: detected. */
  group?: string;
  /**
   * Resolve units through the province registry: `"auto"` (default) when every unit cell is a
   * province (adcode or any alias), `true` always (an unknown cell is an error), `false` never.
   */
  provinces?: boolean | "auto";
  /** Force the layout instead of detecting it. */
  layout?: "panel" | "long" | "wide";
  /** Wide layout without an indicator column: the indicator name (default: the file's base name). */
  indicator?: string;
  /** Wide layout without a measure column: the measure (default ""). */
  indicatorMeasure?: string;
}

/** A user's panel as read by `readPanel`: one row per unit-time, wide by indicator. */
export interface ReadPanelResult {
  /** One row per unit-time: keys, then each indicator (a number, or null when missing). */
  rows: Array<Record<string, string | number | null>>;
  /** Column order: unit, [label], time, [group], indicators... */
  columns: string[];
  /** Column names of the keys in `rows`. */
  keys: PanelKeys;
  /** Indicator columns, in file order (long layout: order of first appearance). */
  indicators: string[];
  /** Measure of each indicator: from a measure column or `indicatorMeasure` (long / wide layouts), else "". */
  measures: Record<string, string>;
  /** True when the units were resolved through the province registry (keys `adcode` and `province`). */
  provinces: boolean;
  /** How the file was laid out. */
  layout: "panel" | "long" | "wide";
  file: string;
  encoding: "utf-8" | "gbk" | "xlsx";
}

const blankCell = (c: unknown) => c === null || c === undefined || (typeof c === "string" && c.trim() === "");

interface ParsedRow {
  row: unknown[];
  at: number;
  unit: string;
  label?: string;
  time?: number;
  group?: string;
}

/**
 * Read a user's panel of ANY units (31 provinces, 21 cities, counties...), CSV (`.csv`, `.txt`,
 * `.tsv`: UTF-8 or GBK, BOM or not, detected) or Excel (`.xlsx`), into one row per unit and
 * time, one column per indicator.
 *
 * Layouts (`opts.layout`, else detected: a time column and columns indicator + value -> long; a
 * time column -> panel; no time column and year headers -> wide):
 * - **panel** (the usual one): one row per unit and time; columns unit, [label], time, [group],
 *   then one column per indicator, whose header is the indicator name exactly as written
 *   (`GDP(亿元)` stays `GDP(亿元)`; `readLong` splits it).
 * - **long**: one row per unit, time and indicator; columns indicator/指标/变量/variable,
 *   value/值/数值, optional measure/单位/计量单位; reshaped by `toWide`.
 * - **wide**: one row per unit (and indicator), one column per year (`2019`, `2019年`); optional
 *   indicator and measure columns, else `opts.indicator` (default the file's base name) and
 *   `opts.indicatorMeasure`; reshaped by `toWide`. The time column of the result is `year`.
 *
 * Key columns: `opts.unit` / `label` / `time` / `group`, else by header (`PANEL_HEADERS`,
 * case-insensitive, exact): a code column (adcode, 省份编码, 城市代码, code...) is the unit and a
 * name column (province, 省份, 地区, 城市, 市, 地级市, 区县, 县, city, county, region, name...) its
 * label; without a code column the name column is the unit. Two candidate columns of one kind, or
 * a leftover column whose header is a key header, is an error asking for the options. Time
 * cells: 2019, "2019", "2019年". Unit, label and group cells: trimmed text, numbers as their text
 * (320100).
 *
 * Provinces (`opts.provinces`, default "auto"): when every unit cell resolves through the
 * province registry (adcode or any alias), the units are provinces: the unit column of the
 * result is `adcode`, the label `province` (registry short name), rows sorted by adcode, as in
 * `data/panels/*.csv`; a label column of the file must name the same province. Otherwise the
 * units are kept exactly as given, in file order, and the registry is not consulted. In "auto",
 * when most but not all units resolve (a misspelt province, a 全国 row), that is an error naming
 * the cell, with the closest names: fix it, or pass `provinces: false`. `true` requires every
 * unit to resolve (the error names the cell and the closest names); `false` never resolves.
 *
 * Indicator cells: `parseNumber` (missing markers -> null; "1,234.5" only with valid grouping;
 * "1,5", "12.3%", "2019年", "NaN" are errors).
 *
 * Errors (file, line from 1, column, unit): no unit or time column; a duplicated unit-time row
 * (both lines), an empty unit cell, a unit or label cell holding U+FFFD (a GBK file decoded as
 * UTF-8: read it with `{ encoding: "gbk" }`), a row with a number of cells other than the
 * header's, a label or group that differs between rows of one unit (both lines), a time that is
 * not a year, an indicator cell that is not a number.
 * @example
 * const p = await readPanel("cities.csv"); // 城市代码,城市,年份,区域,地区生产总值,... (21 synthetic cities)
 * p.keys // { unit: "城市代码", label: "城市", time: "年份", group: "区域" }
 * p.rows[0] // { 城市代码: "320100", 城市: "南京市", 年份: 2019, 区域: "苏南", 地区生产总值: 1500, 常住人口: 300, 城镇登记失业率: 2.1, 每千人医生数: 2.35 }
 * p.provinces // false: the units are kept as given
 * const cities = cc.panel(p);  // the keys travel on
 */
export async function readPanel(file: string, opts: ReadPanelOptions = {}): Promise<ReadPanelResult> {
  refuseRenamed(opts, "indicatorUnit", "indicatorMeasure", "readPanel");
  if (opts.provinces !== undefined && opts.provinces !== true && opts.provinces !== false && opts.provinces !== "auto") {
    throw new DataError(`readPanel: provinces must be true, false or "auto", not ${JSON.stringify(opts.provinces)}`);
  }
  if (opts.layout !== undefined && !["panel", "long", "wide"].includes(opts.layout)) {
    throw new DataError(`readPanel: layout must be "panel", "long" or "wide", not ${JSON.stringify(opts.layout)}`);
  }
  const t = await readTableFile(file, opts);
  return { ...panelFromTable(t, opts, file), file, encoding: t.encoding };
}

function panelFromTable(t: TableGrid, opts: ReadPanelOptions, file: string): Omit<ReadPanelResult, "file" | "encoding"> {
  const F = t.label;
  const grid = t.cells;
  if (grid.length === 0) throw new DataFileError(F, 1, undefined, "empty table (no header)");
  const headLine = t.lines[0];
  const head = grid[0].map((h) => (blankCell(h) ? "" : String(h).trim()));
  const lower = head.map((h) => h.toLowerCase());
  const width = head.length;
  const strict = t.encoding !== "xlsx";
  const data = grid
    .slice(1)
    .map((row, i) => ({ row, at: t.lines[i + 1] }))
    .filter((r) => !isBlankRow(r.row));
  if (data.length === 0) throw new DataFileError(F, headLine, undefined, "the table has a header but no data rows");

  const wrongEncoding = (what: string) =>
    `${what} contains U+FFFD replacement characters: the text was decoded with the wrong encoding (the sign of a GBK file read as UTF-8). ` +
    (t.encoding === "gbk"
      ? "The bytes are not valid GBK either: check how the file was saved."
      : `Read the original CSV with { encoding: "gbk" }${t.encoding === "xlsx" ? " (or import it into Excel as 简体中文 GBK before saving the workbook)" : ""}.`);

  // Header: names, empty cells (ignored when the whole column is empty), repeats.
  const used = new Set<number>();
  const firstCol = new Map<string, number>();
  head.forEach((h, j) => {
    if (h === "") {
      if (data.every((r) => blankCell(r.row[j]))) {
        used.add(j);
        return;
      }
      throw new DataFileError(F, headLine, undefined, `header cell ${j + 1} is empty but its column holds values; give the column a name`);
    }
    if (h.includes("\uFFFD")) throw new DataFileError(F, headLine, h, wrongEncoding(`the header cell "${h}"`));
    if (firstCol.has(h)) throw new DataFileError(F, headLine, h, `column "${h}" appears twice in the header (cells ${firstCol.get(h)! + 1} and ${j + 1})`);
    firstCol.set(h, j);
  });
  const col = (name: string, option: string): number => {
    const j = head.indexOf(name.trim());
    if (j < 0 || name.trim() === "") throw new DataFileError(F, headLine, undefined, `no column "${name}" (the ${option} option); the header has ${head.filter((h) => h).join(", ")}`);
    if (used.has(j)) throw new DataFileError(F, headLine, name, `the ${option} option names a column that already has another role`);
    used.add(j);
    return j;
  };
  const matches = (list: readonly string[]) => head.map((_, j) => j).filter((j) => !used.has(j) && list.includes(lower[j]));
  const first = (list: readonly string[]): number => {
    for (const n of list) {
      const j = lower.findIndex((h, k) => !used.has(k) && h === n);
      if (j >= 0) return j;
    }
    return -1;
  };
  const ambiguous = (cols: number[], role: string): never => {
    throw new DataFileError(
      F,
      headLine,
      undefined,
      `several columns could be the ${role}: ${cols.map((j) => `"${head[j]}"`).join(", ")}; say which with { unit, label } (and { group } for a coarser one, e.g. { unit: "城市", group: "省份" })`,
    );
  };

  // Unit and label.
  let unitCol: number;
  if (opts.unit !== undefined) unitCol = col(opts.unit, "unit");
  else {
    const codes = matches(PANEL_HEADERS.unitCode);
    const names = matches(PANEL_HEADERS.unitName);
    if (codes.length > 1) ambiguous(codes, "unit (codes)");
    if (codes.length === 1) unitCol = codes[0];
    else if (names.length === 1) unitCol = names[0];
    else if (names.length > 1) unitCol = ambiguous(names, "unit");
    else {
      throw new DataFileError(
        F,
        headLine,
        undefined,
        `no unit column (a code column: ${PANEL_HEADERS.unitCode.join(", ")}; or a name column: ${PANEL_HEADERS.unitName.join(", ")}); pass { unit: "<header>" }. The header has ${head.filter((h) => h).join(", ")}`,
      );
    }
    used.add(unitCol);
  }
  let labelCol = -1;
  if (opts.label !== undefined) labelCol = col(opts.label, "label");
  else if (PANEL_HEADERS.unitCode.includes(lower[unitCol])) {
    const names = matches(PANEL_HEADERS.unitName);
    if (names.length > 1) ambiguous(names, "label");
    if (names.length === 1) {
      labelCol = names[0];
      used.add(labelCol);
    }
  }
  // Time and group.
  let timeCol = -1;
  if (opts.time !== undefined) timeCol = col(opts.time, "time");
  else {
    timeCol = first(TIME_HEADERS);
    if (timeCol >= 0) used.add(timeCol);
  }
  let groupCol = -1;
  if (opts.group !== undefined) groupCol = col(opts.group, "group");
  else {
    groupCol = first(PANEL_HEADERS.group);
    if (groupCol >= 0) used.add(groupCol);
  }
  const indCol = first(INDICATOR_HEADERS);
  const valCol = indCol >= 0 ? first(VALUE_HEADERS) : -1;

  // Layout.
  const yearHeaded = head.map((h, j) => (!used.has(j) && parseYear(h) !== undefined ? j : -1)).filter((j) => j >= 0);
  let layout = opts.layout;
  if (!layout) {
    if (timeCol >= 0) layout = indCol >= 0 && valCol >= 0 ? "long" : "panel";
    else if (yearHeaded.length > 0) layout = "wide";
    else {
      throw new DataFileError(
        F,
        headLine,
        undefined,
        `cannot tell the layout: no time column (${TIME_HEADERS.join(", ")}) for a panel or long table, and no year headers (2019 or 2019年) for a wide table; pass { time } or { layout }`,
      );
    }
  }
  if (layout !== "wide" && timeCol < 0) {
    throw new DataFileError(F, headLine, undefined, `no time column for the ${layout} layout (${TIME_HEADERS.join(", ")}); pass { time: "<header>" }`);
  }
  if (layout === "wide" && timeCol >= 0) {
    throw new DataFileError(F, headLine, head[timeCol], `a wide table has one column per year and no time column; drop the time option or choose another layout`);
  }
  let measCol = -1;
  if (layout === "long") {
    if (indCol < 0 || valCol < 0) {
      throw new DataFileError(F, headLine, undefined, `the long layout needs an indicator column (${INDICATOR_HEADERS.join(", ")}) and a value column (${VALUE_HEADERS.join(", ")}); for one column per indicator use the panel layout`);
    }
    used.add(indCol);
    used.add(valCol);
  } else if (layout === "wide" && indCol >= 0) used.add(indCol);
  if (layout !== "panel") {
    measCol = first(PANEL_HEADERS.measure);
    if (measCol >= 0) used.add(measCol);
  }
  // Columns left over.
  const rest = head.map((_, j) => j).filter((j) => !used.has(j));
  const keyLike = [...PANEL_HEADERS.unitCode, ...PANEL_HEADERS.unitName, ...TIME_HEADERS, ...PANEL_HEADERS.group];
  for (const j of rest) {
    if (keyLike.includes(lower[j])) {
      throw new DataFileError(F, headLine, head[j], `column "${head[j]}" looks like a key column but has no role; say what it is with { unit, label, time, group }, or remove it`);
    }
  }
  if (layout === "long" && rest.length > 0) {
    const h = head[rest[0]];
    throw new DataFileError(
      F,
      headLine,
      h,
      lower[rest[0]] === "unit"
        ? `a column "unit" is ambiguous: name the observation-unit column with { unit: "unit" }, or rename a measurement-unit column "measure"`
        : "unexpected column in a long table (unit, [label], time, [group], indicator, value, [measure])",
    );
  }
  const yearCols = new Map<number, number>();
  if (layout === "wide") {
    const firstYear = new Map<number, number>();
    for (const j of rest) {
      const y = parseYear(head[j]);
      if (y === undefined) {
        throw new DataFileError(F, headLine, head[j], "in the wide layout every column other than unit, label, group, indicator and measure must be a year (2019 or 2019年)");
      }
      if (firstYear.has(y)) throw new DataFileError(F, headLine, head[j], `year ${y} has two columns ("${head[firstYear.get(y)!]}" and "${head[j]}")`);
      firstYear.set(y, j);
      yearCols.set(j, y);
    }
  }
  if (layout === "panel" && rest.length === 0) throw new DataFileError(F, headLine, undefined, "no indicator column: every column is a key (unit, label, time, group)");

  // Pass 1: keys of every row.
  const parsed: ParsedRow[] = data.map(({ row, at }) => {
    if (row.length > width || (strict && row.length < width)) {
      const u = unitCol < row.length ? ` (unit ${JSON.stringify(keyText(row[unitCol]))})` : "";
      throw new DataFileError(F, at, undefined, `expected ${width} cells (as in the header), found ${row.length}${u}`);
    }
    const where = (j: number) => ({ file: F, line: at, column: head[j] });
    const unit = keyText(row[unitCol], where(unitCol));
    const label = labelCol >= 0 ? keyText(row[labelCol], where(labelCol)) : undefined;
    if (unit === "") throw new DataFileError(F, at, head[unitCol], `empty unit cell${label ? ` (label "${label}")` : ""}`);
    if (unit.includes("\uFFFD")) throw new DataFileError(F, at, head[unitCol], wrongEncoding(`the unit cell "${unit}"`));
    if (label !== undefined && label.includes("\uFFFD")) throw new DataFileError(F, at, head[labelCol], wrongEncoding(`the label cell "${label}" (unit ${unit})`));
    const desc = label ? `${unit} (${label})` : unit;
    const out: ParsedRow = { row, at, unit, label };
    if (timeCol >= 0) {
      const raw = row[timeCol];
      if (blankCell(raw)) throw new DataFileError(F, at, head[timeCol], `unit ${desc}: empty time cell`);
      const y = parseYear(raw);
      if (y === undefined) {
        const hint = raw instanceof Date ? " (the cell is formatted as a date in Excel: format the column as a number)" : "";
        throw new DataFileError(F, at, head[timeCol], `unit ${desc}: "${raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)}" is not a year (2019, "2019" or "2019年")${hint}`);
      }
      out.time = y;
    }
    if (groupCol >= 0) {
      const g = keyText(row[groupCol], where(groupCol));
      if (g === "") throw new DataFileError(F, at, head[groupCol], `unit ${desc}: empty group cell`);
      if (g.includes("\uFFFD")) throw new DataFileError(F, at, head[groupCol], wrongEncoding(`the group cell "${g}"`));
      out.group = g;
    }
    return out;
  });

  // Provinces?
  const mode = opts.provinces ?? "auto";
  const resolved = new Map<string, Province>();
  let provinces = false;
  if (mode !== false) {
    const firstAt = new Map<string, number>();
    for (const p of parsed) if (!firstAt.has(p.unit)) firstAt.set(p.unit, p.at);
    const unresolved: [string, number][] = [];
    for (const [u, at] of firstAt) {
      const q = tryResolveProvince(u);
      if (q) resolved.set(u, q);
      else unresolved.push([u, at]);
    }
    const context = (at: number) => `${F}, line ${at}, column "${head[unitCol]}"`;
    if (mode === true) {
      if (unresolved.length > 0) {
        const [u, at] = unresolved[0];
        resolveProvince(u, { context: context(at) }); // throws, with the closest names
        throw new DataFileError(F, at, head[unitCol], `unknown province "${u}"`);
      }
      provinces = true;
    } else if (unresolved.length === 0) provinces = true;
    else if (resolved.size > unresolved.length) {
      const [u, at] = unresolved[0];
      const near = closestProvinceNames(u);
      throw new DataFileError(
        F,
        at,
        head[unitCol],
        `"${u}" is not a province (adcode or name), but ${resolved.size} of the ${firstAt.size} units are${near.length ? `; closest known names: ${near.join(", ")}` : ""}. ` +
          `Correct it (or remove a total row such as 全国), or pass { provinces: false } to keep the units as given` +
          (unresolved.length > 1 ? ` (${unresolved.length} units do not resolve: ${unresolved.slice(0, 5).map(([x]) => `"${x}"`).join(", ")}${unresolved.length > 5 ? ", ..." : ""})` : ""),
      );
    }
  }
  if (provinces && labelCol >= 0) {
    for (const p of parsed) {
      if (!p.label) continue;
      const want = resolved.get(p.unit)!;
      const q = tryResolveProvince(p.label);
      if (!q || q.adcode !== want.adcode) {
        throw new DataFileError(F, p.at, head[labelCol], `label "${p.label}" ${q ? `is ${q.shortName} (${q.adcode})` : "is not a province name"}, but the unit "${p.unit}" is ${want.shortName} (${want.adcode})`);
      }
    }
  }
  const unitOf = (p: ParsedRow) => (provinces ? resolved.get(p.unit)!.adcode : p.unit);
  const labelOf = (p: ParsedRow) => (provinces ? resolved.get(p.unit)!.shortName : p.label);
  const keys: PanelKeys = provinces
    ? { unit: "adcode", label: "province", time: layout === "wide" ? "year" : head[timeCol] }
    : { unit: head[unitCol], ...(labelCol >= 0 ? { label: head[labelCol] } : {}), time: layout === "wide" ? "year" : head[timeCol] };
  if (groupCol >= 0) keys.group = head[groupCol];
  const byAdcode = provinces ? (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0) : undefined;
  const describe = (p: ParsedRow) => {
    const l = labelOf(p);
    return l ? `${unitOf(p)} (${l})` : unitOf(p);
  };

  let table;
  if (layout === "panel") {
    const b: WideBuilder = new WideBuilder(keys, F);
    for (const j of rest) b.declare(head[j]);
    for (const p of parsed) {
      const u = unitOf(p);
      const row = b.row(u, p.time!, p.at, {
        label: labelOf(p),
        group: p.group,
        exclusive: true,
        labelColumn: labelCol >= 0 ? head[labelCol] : undefined,
        groupColumn: groupCol >= 0 ? head[groupCol] : undefined,
      });
      for (const j of rest) b.set(row, u, head[j], parseNumber(p.row[j], { file: F, line: p.at, column: head[j], unit: describe(p) }), p.at, head[j]);
    }
    table = b.result(byAdcode);
  } else {
    const recs: Record<string, unknown>[] = [];
    const lines: number[] = [];
    const base = (p: ParsedRow): Record<string, unknown> => {
      const r: Record<string, unknown> = { [keys.unit]: unitOf(p) };
      if (keys.label !== undefined) r[keys.label] = labelOf(p) ?? "";
      if (keys.group !== undefined) r[keys.group] = p.group;
      return r;
    };
    let indField: string;
    let valField: string;
    let measField: string | undefined;
    if (layout === "long") {
      indField = head[indCol];
      valField = head[valCol];
      measField = measCol >= 0 ? head[measCol] : undefined;
      for (const p of parsed) {
        const r = base(p);
        r[keys.time] = p.time;
        r[indField] = p.row[indCol];
        r[valField] = p.row[valCol];
        if (measField !== undefined) r[measField] = p.row[measCol];
        recs.push(r);
        lines.push(p.at);
      }
    } else {
      indField = indCol >= 0 ? head[indCol] : "(indicator)";
      valField = "(value)";
      measField = measCol >= 0 ? head[measCol] : "(measure)";
      const defaultIndicator = opts.indicator ?? path.basename(file).replace(/\.(csv|txt|tsv|xlsx)$/i, "");
      const seen = new Map<string, number>();
      for (const p of parsed) {
        const ind = indCol >= 0 ? keyText(p.row[indCol], { file: F, line: p.at, column: head[indCol] }) : defaultIndicator;
        if (ind === "") throw new DataFileError(F, p.at, head[indCol], `unit ${describe(p)}: empty indicator cell`);
        const meas = measCol >= 0 ? keyText(p.row[measCol], { file: F, line: p.at, column: head[measCol] }) : (opts.indicatorMeasure ?? "");
        const k = `${unitOf(p)}\u0000${ind}`;
        if (seen.has(k)) {
          throw new DataFileError(F, p.at, undefined, `duplicate row for unit ${describe(p)}${indCol >= 0 ? `, indicator "${ind}"` : ""} (first on line ${seen.get(k)})`);
        }
        seen.set(k, p.at);
        for (const [j, y] of yearCols) {
          const r = base(p);
          r[keys.time] = y;
          r[indField] = ind;
          r[valField] = parseNumber(p.row[j], { file: F, line: p.at, column: head[j], unit: describe(p) });
          r[measField] = meas;
          recs.push(r);
          lines.push(p.at);
        }
      }
    }
    table = toWide(recs, {
      unit: keys.unit,
      label: keys.label,
      time: keys.time,
      group: keys.group,
      indicator: indField,
      value: valField,
      measure: measField,
      file: F,
      lines,
    });
    if (byAdcode) table.rows.sort((a, b) => byAdcode(String(a[keys.unit]), String(b[keys.unit])));
  }
  return { ...table, provinces, layout };
}
