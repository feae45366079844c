/**
 * Panels: one row per province-year (`adcode, province, year, <one column per indicator>`),
 * built from the loaders' long tables and an indicator specification.
 *
 * - `INDICATOR_RECIPES` holds, keyed by indicator id, how each bundled indicator is obtained from
 *   `nbs-provincial/` columns, named by their exact header (`入院人数(万人)`): a real indicator
 *   copies one column, a derived or proxy one applies its formula to its input columns.
 * - `buildPanel` pivots the long rows (`pivotLong`) and computes each indicator of the spec that
 *   is not `unavailable`. A cell whose inputs are missing stays missing (`null`): no value is
 *   invented. Unavailable indicators stay in the spec and are absent from the panel.
 * - `panelToCsv` / `coverageToCsv` write the panel and its coverage table (indicator x year:
 *   number of provinces with a value) with a fixed number format (`formatPanelNumber`: at most
 *   10 significant digits, no locale, no exponent for the magnitudes found here), so that a
 *   rebuild gives the same bytes.
 * - `buildBundledPanel(name)` does everything for the panels in `data/panels/`
 *   (`PANEL_DEFINITIONS`); `scripts/build-panels.mjs` writes them, a test compares them.
 * - `loadPanel(name)` reads a committed panel back as plain rows.
 */
import * as fs from "fs";
import { parseCsv } from "./csv";
import { DataError, DataFileError } from "./errors";
import { LongRow, readNbsProvincial } from "./loaders";
import { dataPath } from "./paths";
import { PROVINCES, provinceByAdcode } from "./registry";
import { loadSpec, SpecRow, SpecStatus } from "./spec";

/** One input series: a table of `nbs-provincial/` (topic/file) and the column's exact header. */
export interface SeriesRef {
  /** Path below `nbs-provincial/`, e.g. `卫生/医疗卫生机构.csv`. */
  table: string;
  /** The exact column header, indicator and measure: `医疗卫生机构数(个)`. */
  column: string;
}

/** How one indicator is computed from its inputs. */
export interface IndicatorRecipe {
  status: Exclude<SpecStatus, "unavailable">;
  inputs: SeriesRef[];
  /** The formula in words, with the input headers. */
  formula: string;
  /** The value from the input values (same order as `inputs`, all present). */
  compute: (v: number[]) => number;
}

const T = {
  pop: { table: "人口/总人口.csv", column: "年末常住人口(万人)" },
  bmiN: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇基本医疗保险年末参保人数(万人)" },
  empN: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇职工基本医疗保险年末参保人数(万人)" },
  resN: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇居民基本医疗保险年末参保人数(万人)" },
  bmiIn: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇基本医疗保险基金收入(万元)" },
  empIn: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇职工医疗保险基金收入(万元)" },
  bmiOut: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇基本医疗保险基金支出(万元)" },
  empOut: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇职工医疗保险基金支出(万元)" },
  resOut: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇居民医疗保险基金支出(万元)" },
  empBal: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇职工医疗保险基金累计结余(万元)" },
  resBal: { table: "公共管理、社会保障及其他/城镇基本医疗保险.csv", column: "城镇居民医疗保险基金累计结余(万元)" },
  life: { table: "金融业/原保险保费收入和赔付支出情况.csv", column: "人身险保费收入(亿元)" },
  gdp: { table: "国民经济核算/地区生产总值.csv", column: "地区生产总值(亿元)" },
  gdpPc: { table: "国民经济核算/地区生产总值.csv", column: "人均地区生产总值(元/人)" },
  gdpIdx: { table: "国民经济核算/地区生产总值指数.csv", column: "地区生产总值指数(上年=100)" },
  inst: { table: "卫生/医疗卫生机构.csv", column: "医疗卫生机构数(个)" },
  beds: { table: "卫生/医疗卫生机构床位.csv", column: "卫生机构床位数(万张)" },
  adm: { table: "卫生/医疗卫生机构住院服务情况.csv", column: "入院人数(万人)" },
  disch: { table: "卫生/医疗卫生机构住院服务情况.csv", column: "医疗卫生机构出院人数(万人)" },
  los: { table: "卫生/医院床位利用情况.csv", column: "医院平均住院日(日)" },
  occ: { table: "卫生/医院床位利用情况.csv", column: "医院病床使用率(%)" },
  tech: { table: "卫生/卫生人员.csv", column: "卫生技术人员数(万人)" },
  doc: { table: "卫生/卫生人员.csv", column: "执业(助理)医师数(万人)" },
  nurse: { table: "卫生/卫生人员.csv", column: "注册护士数(万人)" },
  visits: { table: "卫生/医疗卫生机构门诊服务情况.csv", column: "医疗卫生机构诊疗人次(亿次)" },
  healthExp: { table: "财政/地方财政支出.csv", column: "地方财政医疗卫生支出(亿元)" },
} satisfies Record<string, SeriesRef>;

const real = (s: SeriesRef): IndicatorRecipe => ({ status: "real", inputs: [s], formula: s.column, compute: (v) => v[0] });
/** a / b x k */
const ratio = (status: "derived" | "proxy", a: SeriesRef, b: SeriesRef, k = 1): IndicatorRecipe => ({
  status,
  inputs: [a, b],
  formula: `${a.column} / ${b.column}${k !== 1 ? ` x ${k}` : ""}`,
  compute: (v) => (v[0] / v[1]) * k,
});

/**
 * The bundled indicators, keyed by id (ids are unique across the bundled specifications:
 * paper 1 S1-S12, R1-R12; paper 2 B1-B4, H1, E1-E3; employee-only variant B1e-B4e).
 * Measures: 万元 / 万人 = 元/人; 亿元 x 1e4 / 万人 = 元/人; 亿元 x 1e7 / 万人 = 元 per 1,000 residents;
 * 万 / 万人 x 1000 = per 1,000 residents; 个 / (万人 x 10) = per 1,000 residents.
 */
export const INDICATOR_RECIPES: Readonly<Record<string, IndicatorRecipe>> = Object.freeze({
  // paper 1, multi-level medical security
  S1: ratio("derived", T.bmiIn, T.pop),
  S2: ratio("derived", T.bmiN, T.pop, 100),
  S3: ratio("derived", T.empOut, T.empN),
  S4: ratio("derived", T.resOut, T.resN),
  S5: ratio("derived", T.empBal, T.empN),
  S6: ratio("derived", T.resBal, T.resN),
  S7: ratio("proxy", T.life, T.pop, 1e4),
  S8: ratio("proxy", T.life, T.gdp, 100),
  // paper 1, medical resource allocation
  R1: { status: "derived", inputs: [T.inst, T.pop], formula: `${T.inst.column} / (${T.pop.column} x 10)`, compute: (v) => v[0] / (v[1] * 10) },
  R2: ratio("derived", T.beds, T.pop, 1000),
  R3: real(T.adm),
  R4: real(T.los),
  R5: real(T.occ),
  R6: ratio("derived", T.disch, T.beds),
  R7: ratio("derived", T.tech, T.pop, 1000),
  R8: ratio("derived", T.doc, T.pop, 1000),
  R9: ratio("derived", T.nurse, T.pop, 1000),
  R10: ratio("derived", T.visits, T.pop, 1e4),
  R11: ratio("derived", T.healthExp, T.pop, 1e7),
  // paper 2
  B1: real(T.bmiN),
  B2: real(T.bmiIn),
  B3: real(T.bmiOut),
  B4: ratio("derived", T.bmiIn, T.bmiN),
  B1e: real(T.empN),
  B2e: real(T.empIn),
  B3e: real(T.empOut),
  B4e: ratio("derived", T.empIn, T.empN),
  H1: { status: "proxy", inputs: [T.life], formula: T.life.column, compute: (v) => v[0] },
  E1: real(T.gdp),
  E2: real(T.gdpPc),
  E3: { status: "derived", inputs: [T.gdpIdx], formula: `${T.gdpIdx.column} - 100`, compute: (v) => v[0] - 100 },
} as Record<string, IndicatorRecipe>);

/** The panels bundled in `data/panels/`: spec name and years (inclusive). */
export const PANEL_DEFINITIONS: Readonly<Record<string, { spec: string; from: number; to: number }>> = Object.freeze({
  "zhang-ouyang-2025": { spec: "zhang-ouyang-2025", from: 2012, to: 2019 },
  "zhou-xu-li": { spec: "zhou-xu-li", from: 2011, to: 2019 },
  "zhou-xu-li-employee": { spec: "zhou-xu-li-employee", from: 2010, to: 2019 },
});

/** A row of a panel: keys, then one number or null per indicator. */
export interface PanelRow {
  adcode: string;
  province: string;
  year: number;
  [indicator: string]: string | number | null;
}

/** Coverage of one indicator: number of provinces with a value, per year. */
export interface CoverageRow {
  indicator: string;
  status: SpecStatus;
  /** year -> number of provinces with a value */
  counts: Record<number, number>;
}

/** One missing cell of a panel. */
export interface PanelGap {
  adcode: string;
  province: string;
  year: number;
  indicator: string;
  /** The input headers that were missing. */
  missingInputs: string[];
}

export interface Panel {
  /** Indicator columns, in spec order (unavailable indicators left out). */
  indicators: string[];
  years: number[];
  rows: PanelRow[];
  coverage: CoverageRow[];
  gaps: PanelGap[];
}

export interface BuildPanelOptions {
  from: number;
  to: number;
  /** Recipes keyed by indicator id (default `INDICATOR_RECIPES`). */
  recipes?: Readonly<Record<string, IndicatorRecipe>>;
  /** Province adcodes, one panel row each per year (default: the 31 provinces of the registry). */
  adcodes?: readonly string[];
}

/** Header `indicator(measure)` of a long row, as in the `nbs-provincial/` files. */
export function longRowHeader(r: Pick<LongRow, "indicator" | "measure">): string {
  return r.measure ? `${r.indicator}(${r.measure})` : r.indicator;
}

/**
 * Pivot long rows into `adcode|year -> (header -> value)`, where header is `indicator(measure)`.
 * Two rows for the same province, year and header are an error.
 */
export function pivotLong(rows: readonly LongRow[]): Map<string, Map<string, number | null>> {
  const out = new Map<string, Map<string, number | null>>();
  for (const r of rows) {
    const key = `${r.adcode}|${r.year}`;
    let m = out.get(key);
    if (!m) {
      m = new Map();
      out.set(key, m);
    }
    const h = longRowHeader(r);
    if (m.has(h)) throw new DataError(`pivotLong: two values for ${r.province} (${r.adcode}), ${r.year}, ${h}`);
    m.set(h, r.value);
  }
  return out;
}

/** The recipe of a spec row, checked against the spec (status, and every input named in `source`). */
export function recipeFor(row: SpecRow, recipes: Readonly<Record<string, IndicatorRecipe>> = INDICATOR_RECIPES): IndicatorRecipe {
  const rec = recipes[row.id];
  const where = `${row.file}, line ${row.line}`;
  if (!rec) throw new DataFileError(row.file, row.line, "id", `no recipe for indicator ${row.id}: add one to the recipes, or mark it unavailable`);
  if (rec.status !== row.status) {
    throw new DataFileError(row.file, row.line, "status", `indicator ${row.id} is "${row.status}" in the spec but "${rec.status}" in its recipe`);
  }
  for (const s of rec.inputs) {
    if (!row.source.includes(`nbs-provincial/${s.table}: `) || !row.source.includes(s.column)) {
      throw new DataError(`${where}: indicator ${row.id}: the source column does not name input "nbs-provincial/${s.table}: ${s.column}"`);
    }
  }
  return rec;
}

/**
 * Build a panel from long rows and a specification. Every indicator that is not `unavailable`
 * needs a recipe; its cell is null when any input is missing. A non-finite result (a zero
 * denominator) is an error naming the province, year and indicator.
 */
export function buildPanel(long: readonly LongRow[], spec: readonly SpecRow[], opts: BuildPanelOptions): Panel {
  const { from, to } = opts;
  if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) throw new DataError(`buildPanel: bad year range ${from}-${to}`);
  const years: number[] = [];
  for (let y = from; y <= to; y++) years.push(y);
  const present = spec.filter((r) => r.status !== "unavailable");
  const recipes = new Map(present.map((r) => [r.id, recipeFor(r, opts.recipes)]));
  const cells = pivotLong(long);
  const adcodes = opts.adcodes ?? PROVINCES.map((p) => p.adcode);
  const rows: PanelRow[] = [];
  const gaps: PanelGap[] = [];
  const counts = new Map<string, Record<number, number>>(spec.map((r) => [r.id, Object.fromEntries(years.map((y) => [y, 0]))]));
  for (const adcode of [...adcodes].sort()) {
    const province = provinceByAdcode(adcode).shortName;
    for (const year of years) {
      const m = cells.get(`${adcode}|${year}`);
      const row: PanelRow = { adcode, province, year };
      for (const r of present) {
        const rec = recipes.get(r.id)!;
        const vals = rec.inputs.map((s) => m?.get(s.column) ?? null);
        const miss = rec.inputs.filter((_, k) => vals[k] === null).map((s) => s.column);
        if (miss.length > 0) {
          row[r.id] = null;
          gaps.push({ adcode, province, year, indicator: r.id, missingInputs: miss });
          continue;
        }
        const v = rec.compute(vals as number[]);
        if (!Number.isFinite(v)) {
          throw new DataError(`buildPanel: ${province} (${adcode}) ${year}, indicator ${r.id} = ${v} from ${rec.formula} with inputs ${vals.join(", ")}`);
        }
        row[r.id] = v;
        counts.get(r.id)![year]++;
      }
      rows.push(row);
    }
  }
  return {
    indicators: present.map((r) => r.id),
    years,
    rows,
    coverage: spec.map((r) => ({ indicator: r.id, status: r.status, counts: counts.get(r.id)! })),
    gaps,
  };
}

/**
 * The fixed number format of the bundled panels: at most 10 significant digits, shortest form,
 * no locale, "-0" written "0".
 * @example formatPanelNumber(2082.6597) === "2082.6597"; formatPanelNumber(1 / 3) === "0.3333333333"
 */
export function formatPanelNumber(x: number): string {
  if (!Number.isFinite(x)) throw new DataError(`formatPanelNumber: ${x} is not finite`);
  const r = Number(x.toPrecision(10));
  return r === 0 ? "0" : String(r);
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The panel as CSV text: header `adcode,province,year,<indicators>`, LF line ends, empty cell = missing. */
export function panelToCsv(panel: Panel): string {
  const lines = [["adcode", "province", "year", ...panel.indicators].join(",")];
  for (const r of panel.rows) {
    const cells = [r.adcode, csvCell(r.province), String(r.year)];
    for (const id of panel.indicators) {
      const v = r[id];
      cells.push(v === null || v === undefined ? "" : formatPanelNumber(v as number));
    }
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

/** The coverage table as CSV text: `indicator,status,<years>` (number of provinces with a value). */
export function coverageToCsv(panel: Panel): string {
  const lines = [["indicator", "status", ...panel.years.map(String)].join(",")];
  for (const c of panel.coverage) lines.push([c.indicator, c.status, ...panel.years.map((y) => String(c.counts[y]))].join(","));
  return lines.join("\n") + "\n";
}

/** The `nbs-provincial/` tables a spec needs (sorted). */
export function specSourceTables(spec: readonly SpecRow[], recipes: Readonly<Record<string, IndicatorRecipe>> = INDICATOR_RECIPES): string[] {
  const t = new Set<string>();
  for (const r of spec) if (r.status !== "unavailable") for (const s of recipeFor(r, recipes).inputs) t.add(s.table);
  return [...t].sort();
}

/** Read the `nbs-provincial/` tables (from `data/sources/nbs-provincial/`) with the Data I loader. */
export function loadSourceTables(tables: readonly string[]): LongRow[] {
  const out: LongRow[] = [];
  for (const t of tables) out.push(...readNbsProvincial(dataPath("sources", "nbs-provincial", ...t.split("/"))));
  return out;
}

/** Build a bundled panel in memory: the panel and the exact text of its two CSV files. */
export function buildBundledPanel(name: string): { panel: Panel; spec: SpecRow[]; panelCsv: string; coverageCsv: string } {
  const def = PANEL_DEFINITIONS[name];
  if (!def) throw new DataError(`buildBundledPanel: unknown panel "${name}" (known: ${Object.keys(PANEL_DEFINITIONS).join(", ")})`);
  const spec = loadSpec(def.spec);
  const long = loadSourceTables(specSourceTables(spec));
  const panel = buildPanel(long, spec, { from: def.from, to: def.to });
  return { panel, spec, panelCsv: panelToCsv(panel), coverageCsv: coverageToCsv(panel) };
}

/**
 * Read a bundled panel (`data/panels/<name>.csv`) as plain rows: adcode and province as text,
 * year as a number, each indicator a number or null (empty cell).
 */
export function loadPanel(name: string): PanelRow[] {
  const file = dataPath("panels", `${name}.csv`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf-8");
  } catch (e) {
    throw new DataFileError(file, undefined, undefined, `cannot read the panel (${(e as Error).message})`);
  }
  const recs = parseCsv(text, { file });
  const head = recs[0]?.cells ?? [];
  if (head[0] !== "adcode" || head[1] !== "province" || head[2] !== "year") {
    throw new DataFileError(file, 1, undefined, "expected the header to start with adcode,province,year");
  }
  return recs.slice(1).map((rec) => {
    if (rec.cells.length !== head.length) throw new DataFileError(file, rec.line, undefined, `expected ${head.length} cells, found ${rec.cells.length}`);
    const row: PanelRow = { adcode: rec.cells[0], province: rec.cells[1], year: Number(rec.cells[2]) };
    for (let j = 3; j < head.length; j++) {
      const s = rec.cells[j];
      const v = s === "" ? null : Number(s);
      if (v !== null && !Number.isFinite(v)) throw new DataFileError(file, rec.line, head[j], `"${s}" is not a number`);
      row[head[j]] = v;
    }
    return row;
  });
}
