/** Dagum Gini decomposition by year, in paper 1 Table 7's layout. */
import { dagum, DagumResult } from "../core/dagum";
import { REGIONS } from "../data/registry";
import { FrameError } from "./errors";
import { regionOfUnit } from "./summarize";
import { DataFrame, FrameInput, Row, rows as toRows, toFrame } from "./table";
import { PanelKeys, validatePanel } from "./validate";

export interface DagumByYearOptions extends PanelKeys {
  /** Value column (default "D"). */
  value?: string;
  /** `"region"` (default, the four NBS regions) or a column of the rows holding each unit's group. */
  group?: string;
}

/** The fixed pair order of Table 7 (东—中, 东—西, 东—东北, 中—西, 中—东北, 西—东北). */
export const TABLE7_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["east", "central"],
  ["east", "west"],
  ["east", "northeast"],
  ["central", "west"],
  ["central", "northeast"],
  ["west", "northeast"],
];

const SHORT_ZH: Record<string, string> = { east: "东", central: "中", west: "西", northeast: "东北" };

/** One year of the decomposition, flattened: what the chart and the checks read. */
export interface DagumYear {
  time: number;
  G: number;
  Gw: number;
  Gnb: number;
  Gt: number;
  /** Contributions in percent (sum to 100). */
  within: number;
  between: number;
  transvariation: number;
  /** Within-group Gini per group, and between-group Gini per pair `a|b` (pair key in the fixed order). */
  Gjj: Record<string, number>;
  Gjh: Record<string, number>;
  result: DagumResult;
}

function groupsOf(valid: ReturnType<typeof validatePanel>, group: string, raw: Row[]): { labels: string[]; order: string[] } {
  if (group === "region") {
    return { labels: valid.rows.map((r) => regionOfUnit(String(r[valid.unit]))), order: REGIONS.map((r) => r.code) };
  }
  const labels = valid.rows.map((_, i) => {
    const g = raw[i]?.[group];
    if (g === undefined || g === null || g === "") throw new FrameError(`dagumByYear: row ${i + 1} has no group in column "${group}"`);
    return String(g);
  });
  return { labels, order: [...new Set(labels)] };
}

/** The decomposition of every year, in year order. */
export function dagumYears(rows: FrameInput, options: DagumByYearOptions = {}): DagumYear[] {
  const value = options.value ?? "D";
  const group = options.group ?? "region";
  const valid = validatePanel(rows, { ...options, indicators: [value], what: "dagumByYear" });
  const raw = group === "region" ? [] : toRows(rows); // the group column, row for row
  const { labels, order } = groupsOf(valid, group, raw);
  return valid.times.map((t) => {
    const idx = valid.rows.flatMap((r, i) => (Number(r[valid.time]) === t ? [i] : []));
    let res: DagumResult;
    try {
      res = dagum(Float64Array.from(idx, (i) => valid.rows[i][value] as number), idx.map((i) => labels[i]));
    } catch (e) {
      throw new FrameError(`dagumByYear: ${t}: ${(e as Error).message}`);
    }
    const Gjj: Record<string, number> = {};
    for (const g of res.groups) Gjj[g.name] = g.Gjj;
    const Gjh: Record<string, number> = {};
    for (const p of res.pairs) {
      // map the core's mean-ordered pair back onto the fixed (order-based) pair key
      const [a, b] = order.indexOf(p.high) < order.indexOf(p.low) ? [p.high, p.low] : [p.low, p.high];
      Gjh[`${a}|${b}`] = p.Gjh;
    }
    return {
      time: t,
      G: res.G,
      Gw: res.Gw,
      Gnb: res.Gnb,
      Gt: res.Gt,
      within: res.shares.within * 100,
      between: res.shares.between * 100,
      transvariation: res.shares.transvariation * 100,
      Gjj,
      Gjh,
      result: res,
    };
  });
}

/**
 * Paper 1 Table 7: rows overall G; within-region Gini of each region (东部, 中部, 西部, 东北);
 * between-region Gini of each pair in the fixed order 东—中, 东—西, 东—东北, 中—西, 中—东北,
 * 西—东北 (whatever the year's means: the core orders pairs by mean, this layer maps them
 * back); contributions in percent; years as columns.
 *
 * @example
 * cc.dagumByYear(cd, { value: "D" })   // part | item | 2012 | 2013 | ...
 */
export function dagumByYear(rows: FrameInput, options: DagumByYearOptions = {}): DataFrame {
  const years = dagumYears(rows, options);
  const group = options.group ?? "region";
  const regionName = (code: string) => REGIONS.find((r) => r.code === code)?.zh ?? code;
  const out: Row[] = [];
  const add = (part: string, item: string, get: (y: DagumYear) => number | undefined) => {
    const row: Row = { part, item };
    for (const y of years) row[String(y.time)] = get(y) ?? null;
    out.push(row);
  };
  add("总体 overall", "G", (y) => y.G);
  const groups = group === "region" ? REGIONS.map((r) => r.code as string) : Object.keys(years[0].Gjj);
  for (const g of groups) add("区域内差异 within", group === "region" ? regionName(g) : g, (y) => y.Gjj[g]);
  const pairs =
    group === "region"
      ? TABLE7_PAIRS.map(([a, b]) => [a, b] as const)
      : groups.flatMap((a, i) => groups.slice(i + 1).map((b) => [a, b] as const));
  for (const [a, b] of pairs) {
    const label = group === "region" ? `${SHORT_ZH[a]}—${SHORT_ZH[b]}` : `${a}—${b}`;
    add("区域间差异 between", label, (y) => y.Gjh[`${a}|${b}`] ?? y.Gjh[`${b}|${a}`]);
  }
  add("贡献率(%) contribution", "区域内 within", (y) => y.within);
  add("贡献率(%) contribution", "区域间 between", (y) => y.between);
  add("贡献率(%) contribution", "超变密度 transvariation", (y) => y.transvariation);
  return toFrame(out, ["part", "item", ...years.map((y) => String(y.time))]);
}
