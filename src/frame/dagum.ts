/** Dagum Gini decomposition by time and group, in paper 1 Table 7's layout. */
import { dagum, DagumResult as CoreDagumResult } from "../core/dagum";
import { FrameError } from "./errors";
import { GroupPreset, groupInfos, KeyOptions } from "./panel";
import { DagumResult, makeResult, Row } from "./results";
import { FrameInput } from "./table";
import { describeRow, validatePanel } from "./validate";

export interface DagumByYearOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Group column or preset (default: the panel's group; `NBS_REGIONS` for the four regions). */
  group?: string | GroupPreset;
}

/**
 * The Dagum decomposition of `value` for every time: records `{ <time>, G, Gw, Gnb, Gt,
 * share_within, share_between, share_transvariation, Gjj, Gjh }` with the shares as fractions
 * (summing to 1), `Gjj` the within-group Gini per group and `Gjh` the between-group Gini per pair
 * `"a|b"` in display order. The display table is paper 1 Table 7: overall G; within-group Gini
 * of each group; between-group Gini of each pair (with `NBS_REGIONS` in the fixed order 东—中,
 * 东—西, 东—东北, 中—西, 中—东北, 西—东北 whatever the year's means: the core orders pairs by
 * mean, this layer maps them back); contributions in percent; times as columns.
 *
 * @example
 * const t7 = cc.dagumByYear(cd, { group: cc.NBS_REGIONS });
 * cc.showTable(t7);                 // part | item | 2012 | 2013 | ...
 * cc.giniContributions(t7);         // the shares over time, straight from the result
 */
export function dagumByYear(input: FrameInput, options: DagumByYearOptions = {}): DagumResult {
  const value = options.value ?? "D";
  const valid = validatePanel(input, { ...options, indicators: [value], what: "dagumByYear" });
  if (!valid.group) {
    throw new FrameError(
      "dagumByYear: no group: name a group column or preset, e.g. { group: cc.NBS_REGIONS } or { group: \"区域\" }",
      [],
      "Or name the group once: cc.panel(df, { ..., group }).",
    );
  }
  const groupCol = valid.group;
  // the Gini coefficient compares shares of a total: negative values are refused, by row from 1
  const negative = valid.rows.flatMap((r, i) => ((r[value] as number) < 0 ? [`${describeRow(valid, i)}: ${value} = ${String(r[value])}`] : []));
  if (negative.length) {
    throw new FrameError(
      `dagumByYear: ${negative.length} negative value${negative.length > 1 ? "s" : ""} of ${value}: the Gini coefficient needs values >= 0`,
      negative,
      "Shift or rescale the variable first.",
    );
  }
  const groups = groupInfos(valid.rows.map((r) => String(r[groupCol])), valid.preset);
  const order = groups.map((g) => g.id);
  const pairs: Array<[string, string]> = order.flatMap((a, i) => order.slice(i + 1).map((b) => [a, b] as [string, string]));
  const records: Row[] = valid.times.map((t) => {
    const idx = valid.rows.flatMap((r, i) => (Number(r[valid.time]) === t ? [i] : []));
    let res: CoreDagumResult;
    try {
      res = dagum(
        Float64Array.from(idx, (i) => valid.rows[i][value] as number),
        idx.map((i) => String(valid.rows[i][groupCol])),
      );
    } catch (e) {
      throw new FrameError(`dagumByYear: ${t}: ${(e as Error).message}`);
    }
    const missing = order.filter((g) => !res.groups.some((x) => x.name === g));
    if (missing.length) throw new FrameError(`dagumByYear: ${t}: no unit of group ${missing.join(", ")} in this time (every time needs every group)`);
    const Gjj: Record<string, number> = {};
    for (const g of res.groups) Gjj[g.name] = g.Gjj;
    const Gjh: Record<string, number> = {};
    for (const p of res.pairs) {
      // map the core's mean-ordered pair back onto the fixed (group-order) pair key
      const [a, b] = order.indexOf(p.high) < order.indexOf(p.low) ? [p.high, p.low] : [p.low, p.high];
      Gjh[`${a}|${b}`] = p.Gjh;
    }
    return {
      [valid.time]: t,
      G: res.G,
      Gw: res.Gw,
      Gnb: res.Gnb,
      Gt: res.Gt,
      share_within: res.shares.within,
      share_between: res.shares.between,
      share_transvariation: res.shares.transvariation,
      Gjj,
      Gjh,
    };
  });
  const zhOf = new Map(groups.map((g) => [g.id, g.zh]));
  const short = (id: string) => (valid.preset ? (zhOf.get(id) ?? id).replace(/部$/, "") : id);
  const tableRows: Row[] = [];
  const add = (part: string, item: string, get: (r: Row) => number | undefined) => {
    const row: Row = { part, item };
    for (const r of records) row[String(r[valid.time])] = get(r) ?? null;
    tableRows.push(row);
  };
  add("总体 overall", "G", (r) => r.G as number);
  for (const g of groups) add("区域内差异 within", valid.preset ? g.zh : g.id, (r) => (r.Gjj as Record<string, number>)[g.id]);
  for (const [a, b] of pairs) add("区域间差异 between", `${short(a)}—${short(b)}`, (r) => (r.Gjh as Record<string, number>)[`${a}|${b}`]);
  add("贡献率(%) contribution", "区域内 within", (r) => (r.share_within as number) * 100);
  add("贡献率(%) contribution", "区域间 between", (r) => (r.share_between as number) * 100);
  add("贡献率(%) contribution", "超变密度 transvariation", (r) => (r.share_transvariation as number) * 100);
  return makeResult<DagumResult>("dagum", records, valid.keys, {
    tableRows,
    columns: ["part", "item", ...valid.times.map(String)],
    value,
    groups,
    pairs,
  });
}
