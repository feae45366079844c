/** Means by year, nationally or by region (paper 1 Tables 3-4), with levels. */
import { coordinationLevel, LevelOptions } from "../core/level";
import { provinceByAdcode, REGIONS } from "../data/registry";
import { FrameError } from "./errors";
import { DataFrame, FrameInput, Row, toFrame } from "./table";
import { PanelKeys, validatePanel } from "./validate";

export interface SummarizeOptions extends PanelKeys {
  /** Value column (default "D"). */
  value?: string;
  /** `"nation"` (default: mean over all units) or `"region"` (one column per NBS region). */
  by?: "nation" | "region";
  /** Add the level name of each mean (default true). */
  levels?: boolean;
  /** Band rule of the levels (default `[a, b)`). */
  closed?: LevelOptions["closed"];
  /** Label of the period-mean row (default "均值 mean"). */
  meanLabel?: string;
}

/** The region code of a province adcode, with a clear error for a unit that is not a province. */
export function regionOfUnit(unit: string): string {
  let region: string | null;
  try {
    region = provinceByAdcode(unit).region;
  } catch (e) {
    throw new FrameError(`grouping by region: unit "${unit}" is not one of the 31 provinces`, [(e as Error).message]);
  }
  if (!region) throw new FrameError(`grouping by region: ${unit} is not in one of the four NBS regions (Taiwan, Hong Kong and Macao are not analysed)`);
  return region;
}

/**
 * Years as rows: the national mean of `value` over the units (Table 3), or one column per region
 * (Table 4: 东部 east, 中部 central, 西部 west, 东北 northeast; plain means over each region's
 * provinces), then a period-mean row (the mean of the yearly values), and the level of each mean.
 *
 * @example
 * cc.summarize(cd, { value: "D", by: "region" })   // year | east | central | west | northeast | east_level | ...
 */
export function summarize(input: FrameInput, options: SummarizeOptions = {}): DataFrame {
  return toFrame(summarizeRows(input, options));
}

export function summarizeRows(input: FrameInput, options: SummarizeOptions = {}): Row[] {
  const value = options.value ?? "D";
  const by = options.by ?? "nation";
  if (by !== "nation" && by !== "region") throw new FrameError(`summarize: unknown grouping "${String(by)}" (use "nation" or "region")`);
  const valid = validatePanel(input, { ...options, indicators: [value], what: "summarize" });
  const groups = by === "nation" ? ["nation"] : REGIONS.map((r) => r.code as string);
  const groupOf = (u: string) => (by === "nation" ? "nation" : regionOfUnit(u));
  const levels = options.levels ?? true;
  const out: Row[] = [];
  const perGroup: Record<string, number[]> = Object.fromEntries(groups.map((g) => [g, []]));
  for (const t of valid.times) {
    const row: Row = { [valid.time]: t };
    for (const g of groups) {
      const vals = valid.rows.filter((r) => Number(r[valid.time]) === t && groupOf(String(r[valid.unit])) === g).map((r) => r[value] as number);
      const mean = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : NaN;
      row[by === "nation" ? value : g] = mean;
      if (vals.length) perGroup[g].push(mean);
    }
    out.push(row);
  }
  const meanRow: Row = { [valid.time]: options.meanLabel ?? "均值 mean" };
  for (const g of groups) meanRow[by === "nation" ? value : g] = perGroup[g].reduce((a, b) => a + b, 0) / perGroup[g].length;
  out.push(meanRow);
  if (levels) {
    for (const row of out) {
      for (const g of groups) {
        const col = by === "nation" ? value : g;
        const v = row[col] as number;
        const name = by === "nation" ? "level" : `${g}_level`;
        row[name] = Number.isFinite(v) && v >= 0 && v <= 1 ? coordinationLevel(v, { closed: options.closed }).zh : "";
      }
    }
  }
  return out;
}
