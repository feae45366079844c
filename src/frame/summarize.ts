/** Means by time, over all units or by group (paper 1 Tables 3-4), with levels. */
import { coordinationLevel, LevelOptions } from "../core/level";
import { AREAS, NON_ANALYSED_ADCODES } from "../data/registry";
import { FrameError } from "./errors";
import { GroupPreset, groupInfos, isGroupPreset, KeyOptions, presetOf } from "./panel";
import { GroupInfo, makeResult, Row, SummaryResult } from "./results";
import { FrameInput } from "./table";
import { booleanOption, unbalancedWarning, validatePanel } from "./validate";

/** What `summarize` returns: a summary result, with notes on how it was computed. */
export interface SummarizeResult extends SummaryResult {
  /**
   * Notes the reader must see beside the numbers (`showTable` prints them under the table):
   * here, the gaps of an unbalanced panel accepted with `{ balanced: false }`. Empty otherwise.
   */
  readonly warnings: string[];
}

export interface SummarizeOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /**
   * `"all"` (default: the mean over all units; `"nation"` is the old name, labelled 全国 National),
   * a group column of the rows, or a preset such as `NBS_REGIONS`.
   */
  by?: "all" | "nation" | string | GroupPreset;
  /** Add the level of each mean (default true; the means must lie in [0, 1]). */
  levels?: boolean;
  /** Band rule of the levels (default `[a, b)`). */
  closed?: LevelOptions["closed"];
  /** Label of the period-mean row of the display table (default "均值 mean"). */
  meanLabel?: string;
  /**
   * An unbalanced panel (a unit without a row in some time) is an error by default, since a
   * mean per time over a different set of units moves by composition; `false` computes over
   * the rows present and lists the gaps in the result's `warnings`.
   */
  balanced?: boolean;
  /**
   * Province units (adcodes) that include Taiwan 710000, Hong Kong 810000 or Macao 820000, which
   * are not among the 31 analysed provinces: with `by: "all"` / `"nation"` that is an error by
   * default (their rows would enter the national mean); `true` averages them in (a study area
   * that does contain them; the registry's option of the same name). Units that are not all
   * provincial adcodes are not concerned.
   */
  includeNonAnalysed?: boolean;
}

/**
 * Mean of `value` per time over all units (Table 3) or per group (Table 4: with `NBS_REGIONS`,
 * 东部 east, 中部 central, 西部 west, 东北 northeast; plain means over each group's units), with
 * the level of each mean. Records: `{ <time>, group, group_zh, group_en, <value>, n, level,
 * level_zh, level_en }`; the display table has times as rows and one column per group, then the
 * period mean (the mean of the yearly means).
 *
 * Refused, with a message saying what to do: a mean outside [0, 1] when levels are asked for
 * (`levels: false` for another scale); an unbalanced panel (`balanced: false` to accept it, the
 * gaps then listed in `warnings`); a mean over all units of province adcodes that include
 * Taiwan, Hong Kong or Macao (`includeNonAnalysed: true` to accept them; or drop their rows).
 *
 * @example
 * const t4 = cc.summarize(cd, { by: cc.NBS_REGIONS });   // year | east | central | west | northeast | east_level_zh ...
 * cc.trendFigure(t4);                                    // one line per region, straight from the result
 * cc.summarize(cd).rows[0];                             // { year: 2012, group: "all", D: ..., level: ... }
 */
export function summarize(input: FrameInput, options: SummarizeOptions = {}): SummarizeResult {
  const value = options.value ?? "D";
  const by = options.by ?? "all";
  const all = by === "all" || by === "nation";
  const preset = isGroupPreset(by) ? by : undefined;
  const keyGroup = all ? undefined : by;
  const includeNonAnalysed = booleanOption(options.includeNonAnalysed, "includeNonAnalysed", "summarize") ?? false;
  const valid = validatePanel(input, {
    ...options,
    group: keyGroup ?? options.group,
    indicators: [value],
    what: "summarize",
    requireBalanced: true,
    balanceReason: "a mean per time is over the units that time has",
  });
  if (all && !includeNonAnalysed) refuseNonAnalysed(valid.units, valid.unit, valid.rows, valid.time);
  const groupCol = all ? undefined : valid.group;
  const usedPreset = preset ?? (groupCol ? presetOf(valid.keys) : undefined);
  const groups: GroupInfo[] = all
    ? [by === "nation" ? { id: "all", zh: "全国", en: "National" } : { id: "all", zh: "全部", en: "All" }]
    : groupInfos(valid.rows.map((r) => String(r[groupCol!])), usedPreset);
  const groupOf = (r: Row) => (groupCol ? String(r[groupCol]) : "all");
  const levels = booleanOption(options.levels, "levels", "summarize") ?? true;
  const closed = options.closed ?? "left";
  const levelOf = (v: number, where: string) => {
    if (!(v >= 0 && v <= 1)) {
      throw new FrameError(
        `summarize: the mean of ${value} ${where} is ${v}, outside [0, 1]: coordination levels apply to D in [0, 1]`,
        [],
        "Pass { levels: false } for a value on another scale.",
      );
    }
    return coordinationLevel(v, { closed });
  };
  const records: Row[] = [];
  const yearly: Record<string, number[]> = Object.fromEntries(groups.map((g) => [g.id, []]));
  for (const t of valid.times) {
    for (const g of groups) {
      const vals = valid.rows.filter((r) => Number(r[valid.time]) === t && groupOf(r) === g.id).map((r) => r[value] as number);
      if (!vals.length) continue;
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      yearly[g.id].push(mean);
      const rec: Row = { [valid.time]: t, group: g.id, group_zh: g.zh, group_en: g.en, [value]: mean, n: vals.length };
      if (levels) {
        const lv = levelOf(mean, `in ${t}${all ? "" : ` (group ${g.id})`}`);
        Object.assign(rec, { level: lv.level, level_zh: lv.zh, level_en: lv.en });
      }
      records.push(rec);
    }
  }
  const means: Record<string, number> = {};
  for (const g of groups) means[g.id] = yearly[g.id].reduce((a, b) => a + b, 0) / yearly[g.id].length;

  // display table: times as rows, one column per group (the value column itself over all units)
  const colOf = (g: GroupInfo) => (all ? value : g.id);
  const levelCol = (g: GroupInfo) => (all ? "level_zh" : `${g.id}_level_zh`);
  const tableRows: Row[] = [];
  for (const t of valid.times) {
    const row: Row = { [valid.time]: t };
    for (const g of groups) row[colOf(g)] = records.find((r) => r[valid.time] === t && r.group === g.id)?.[value] ?? null;
    if (levels) for (const g of groups) row[levelCol(g)] = records.find((r) => r[valid.time] === t && r.group === g.id)?.level_zh ?? "";
    tableRows.push(row);
  }
  const meanRow: Row = { [valid.time]: options.meanLabel ?? "均值 mean" };
  for (const g of groups) meanRow[colOf(g)] = means[g.id];
  if (levels) for (const g of groups) meanRow[levelCol(g)] = levelOf(means[g.id], `over the period${all ? "" : ` (group ${g.id})`}`).zh;
  tableRows.push(meanRow);
  const columns = [valid.time, ...groups.map(colOf), ...(levels ? groups.map(levelCol) : [])];
  const keys = { ...valid.keys };
  if (all) delete keys.group;
  const warning = unbalancedWarning(valid);
  return makeResult<SummarizeResult>("summary", records, keys, { tableRows, columns, value, groups, means, closed, warnings: warning ? [warning] : [] });
}

const accessor = (v: string, col: string) => (/^[A-Za-z_$][\w$]*$/.test(col) ? `${v}.${col}` : `${v}[${JSON.stringify(col)}]`);

const AREA_CODES = new Set(AREAS.map((a) => a.adcode));

/**
 * Units that are all provincial-level adcodes (the registry's 34 areas) and include Taiwan, Hong
 * Kong or Macao: a mean over all of them is not the national mean of the 31 provinces. Refused
 * rather than dropped, so that the mean's n never changes behind the reader's back and a study
 * area that does contain them says so (`includeNonAnalysed: true`).
 */
function refuseNonAnalysed(units: readonly string[], unitCol: string, rows: ReadonlyArray<Record<string, unknown>>, timeCol: string): void {
  if (!units.every((u) => AREA_CODES.has(u))) return;
  const extra = units.filter((u) => NON_ANALYSED_ADCODES.includes(u));
  if (!extra.length) return;
  const details = extra.map((u) => {
    const p = AREAS.find((a) => a.adcode === u)!;
    const ts = rows.filter((r) => r[unitCol] === u).map((r) => Number(r[timeCol]));
    const span = Math.min(...ts) === Math.max(...ts) ? String(ts[0]) : `${Math.min(...ts)}-${Math.max(...ts)}`;
    return `${u} ${p.shortName} ${p.nameEn}: ${ts.length} row${ts.length > 1 ? "s" : ""} (${span})`;
  });
  throw new FrameError(
    `summarize: the mean over all units would include ${extra.map((u) => `${AREAS.find((a) => a.adcode === u)!.nameEn} ${u}`).join(", ")}, which ${extra.length > 1 ? "are" : "is"} not among the 31 provinces analysed`,
    details,
    `For the national mean of the 31 provinces drop their rows first: cc.summarize({ rows: cd.rows.filter((r) => ![${NON_ANALYSED_ADCODES.map((c) => `"${c}"`).join(", ")}].includes(String(${accessor("r", unitCol)}))), keys: cd.keys }); ` +
      'if your study area does contain them, pass { includeNonAnalysed: true }.',
  );
}
