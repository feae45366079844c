/** Obstacle degree by year and over the period (paper 1 eqs 11-12, Tables 5-6). */
import { obstacleDegree } from "../core/obstacle";
import { FrameError } from "./errors";
import { KeyOptions } from "./panel";
import { makeResult, ObstacleResult, Row } from "./results";
import { FrameInput, inputRows } from "./table";
import { describeValue, numberOption, parseTime, unbalancedWarning, validatePanel } from "./validate";

/** What `obstacles` returns: an obstacle result, with notes on how it was computed. */
export interface ObstaclesResult extends ObstacleResult {
  /** Notes the reader must see (`showTable` prints them): the gaps of a panel accepted with `balanced: false`. */
  readonly warnings: string[];
}

export interface ObstaclesOptions extends KeyOptions {
  /** `"criterion"` (Table 5: the criterion layers) or `"indicator"` (default; Table 6). */
  by?: "indicator" | "criterion";
  /**
   * Times shown as columns (default: the first and the last), each a time of the panel, listed
   * once: numbers or their text ("2019", "2019年"). The period mean always uses every time.
   */
  years?: ReadonlyArray<number | string>;
  /** Keep the top k per system, ranked by the period mean: a positive integer or `Infinity` (default: all); text "5" is read as 5. */
  top?: number | string;
  /**
   * An unbalanced panel (a unit without a row in some time) is an error by default, since each
   * year's obstacle degree is a mean over that year's units; `false` computes over the rows
   * present and lists the gaps in the result's `warnings`.
   */
  balanced?: boolean;
}

/**
 * Obstacle degrees from the normalised panel and the weights of {@link entropy}: per unit-time
 * within each system, averaged over the units of each time; the period mean is the mean of those
 * yearly values. Records, ranked by the period mean within each system: `{ rank, system, factor,
 * factor_zh, indicator | criterion, ..., <time>: value for each shown time, mean }`, values as
 * fractions (each system's factors sum to 1 per time); the display table shows them in percent.
 * Per-year weights (columns `w_<year>`) are used year by year when the table has them.
 *
 * Refused with a message: `top` other than a positive integer or `Infinity` (0 or -1 would drop
 * rows silently); `years` that are not times of the panel, listed twice or empty; an unbalanced
 * panel unless `balanced: false` (the gaps are then listed in `warnings`).
 *
 * @example
 * const e = cc.entropy(panel, spec);
 * cc.obstacles(e.normalized, e.weights, { by: "criterion", years: [2012, 2019] });
 * cc.obstacleBars(cc.obstacles(e.normalized, e.weights, { by: "indicator", top: 5 }));
 */
export function obstacles(normalized: FrameInput, weightsTable: FrameInput, options: ObstaclesOptions = {}): ObstaclesResult {
  const { records, years, keys, warnings } = obstacleRecords(normalized, weightsTable, options);
  const by = options.by ?? "indicator";
  const timeCols = years.map(String);
  const head = by === "indicator" ? ["rank", "system", "indicator", "name", "criterion"] : ["rank", "system", "criterion", "criterion_zh"];
  const tableRows = records.map((r) => {
    const o: Row = {};
    for (const c of head) o[c] = r[c];
    for (const c of [...timeCols, "mean"]) o[c] = (r[c] as number) * 100;
    return o;
  });
  return makeResult<ObstaclesResult>("obstacles", records, keys, {
    warnings,
    tableRows,
    // year columns are integer-like keys, which objects list first: give the order explicitly
    columns: [...head, ...timeCols, "mean"],
    by,
    times: years,
    valueColumns: [...timeCols, "mean"],
  });
}

function obstacleRecords(normalized: FrameInput, weightsTable: FrameInput, options: ObstaclesOptions) {
  const by = options.by ?? "indicator";
  if (by !== "indicator" && by !== "criterion") throw new FrameError(`obstacles: by must be "indicator" or "criterion", got ${describeValue(by)}`);
  const top = numberOption(options.top, "top", "obstacles", { infinity: true }) ?? Infinity;
  if (!(top === Infinity || (Number.isInteger(top) && top >= 1))) {
    throw new FrameError(`obstacles: top must be a positive integer (or Infinity for every factor), got ${describeValue(options.top)}`);
  }
  const wrows = inputRows(weightsTable).rows;
  for (const c of ["system", "indicator", "weight"]) {
    if (!wrows.length || !(c in wrows[0])) throw new FrameError(`obstacles: the weights table needs a "${c}" column (pass the weights of cc.entropy)`);
  }
  const indicators = wrows.map((w) => String(w.indicator));
  const valid = validatePanel(normalized, {
    ...options,
    indicators,
    what: "obstacles",
    requireBalanced: true,
    balanceReason: "each year's obstacle degree is a mean over the units that year has",
  });
  const years = shownYears(options.years, valid.times);
  const systems = [...new Set(wrows.map((w) => String(w.system)))];
  const out: Row[] = [];
  for (const sys of systems) {
    const defs = wrows.filter((w) => w.system === sys);
    const keys = by === "indicator" ? defs.map((d) => String(d.indicator)) : [...new Set(defs.map((d) => String(d.criterion ?? "")))];
    const yearly = new Map<number, number[]>(); // year -> mean per key
    for (const t of valid.times) {
      const rs = valid.rows.filter((r) => Number(r[valid.time]) === t);
      const w = defs.map((d) => {
        const v = d[`w_${t}`] ?? d.weight;
        if (typeof v !== "number" || !Number.isFinite(v)) throw new FrameError(`obstacles: indicator ${String(d.indicator)} has no numeric weight for ${t}`);
        return v;
      });
      let res;
      try {
        res = obstacleDegree(
          defs.map((d) => Float64Array.from(rs, (r) => r[String(d.indicator)] as number)),
          w,
          { groups: defs.map((d) => String(d.criterion ?? "")), names: defs.map((d) => String(d.indicator)) },
        );
      } catch (e) {
        throw new FrameError(`obstacles: system ${sys}, ${t}: ${(e as Error).message}`);
      }
      yearly.set(t, by === "indicator" ? res.mean : keys.map((k) => res.criteria!.mean[res.criteria!.names.indexOf(k)]));
    }
    const rowsOfSys = keys.map((k, j) => {
      const d = by === "indicator" ? defs[j] : defs.find((x) => String(x.criterion ?? "") === k)!;
      const row: Row = { system: sys, system_zh: String(defs[0].system_zh ?? sys) };
      if (by === "indicator") Object.assign(row, { factor: k, factor_zh: d.name ?? k, indicator: k, name: d.name ?? k, criterion: d.criterion ?? "" });
      else Object.assign(row, { factor: k, factor_zh: d.criterion_zh ?? k, criterion: k, criterion_zh: d.criterion_zh ?? k });
      for (const y of years) row[String(y)] = yearly.get(y)![j];
      const all = valid.times.map((t) => yearly.get(t)![j]);
      row.mean = all.reduce((a, b) => a + b, 0) / all.length;
      return row;
    });
    rowsOfSys.sort((a, b) => (b.mean as number) - (a.mean as number));
    rowsOfSys.forEach((r, i) => (r.rank = i + 1));
    out.push(...rowsOfSys.slice(0, top));
  }
  const records: Row[] = out.map((r) => {
    const { rank, ...rest } = r;
    return { rank, ...rest };
  });
  const warning = unbalancedWarning(valid);
  return { records, years, keys: valid.keys, warnings: warning ? [warning] : [] };
}

/** The `years` option read strictly: an array of times of the panel, each once (default: the first and the last). */
function shownYears(given: unknown, times: readonly number[]): number[] {
  if (given === undefined || given === null) return times.length > 1 ? [times[0], times[times.length - 1]] : [times[0]];
  if (!Array.isArray(given)) {
    throw new FrameError(`obstacles: years must be an array of times, e.g. [${times[0]}, ${times[times.length - 1]}], got ${describeValue(given)}`);
  }
  if (given.length === 0) throw new FrameError("obstacles: years is empty: list the times to show as columns (the period mean uses every time anyway)");
  const out: number[] = [];
  given.forEach((g, i) => {
    const t = parseTime(g);
    if (t === undefined) throw new FrameError(`obstacles: years[${i + 1}] must be a time (a number such as 2019), got ${describeValue(g)}`);
    if (!times.includes(t)) throw new FrameError(`obstacles: year ${t} is not in the panel (times: ${times.join(", ")})`);
    if (out.includes(t)) throw new FrameError(`obstacles: year ${t} is listed twice in years (positions ${out.indexOf(t) + 1} and ${i + 1})`);
    out.push(t);
  });
  return out;
}
