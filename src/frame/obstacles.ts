/** Obstacle degree by year and over the period (paper 1 eqs 11-12, Tables 5-6). */
import { obstacleDegree } from "../core/obstacle";
import { FrameError } from "./errors";
import { KeyOptions } from "./panel";
import { makeResult, ObstacleResult, Row } from "./results";
import { FrameInput, inputRows } from "./table";
import { validatePanel } from "./validate";

export interface ObstaclesOptions extends KeyOptions {
  /** `"criterion"` (Table 5: the criterion layers) or `"indicator"` (default; Table 6). */
  by?: "indicator" | "criterion";
  /** Times shown as columns (default: the first and the last); the period mean always uses every time. */
  years?: number[];
  /** Keep the top k per system, ranked by the period mean (default: all). */
  top?: number;
}

/**
 * Obstacle degrees from the normalised panel and the weights of {@link entropy}: per unit-time
 * within each system, averaged over the units of each time; the period mean is the mean of those
 * yearly values. Records, ranked by the period mean within each system: `{ rank, system, factor,
 * factor_zh, indicator | criterion, ..., <time>: value for each shown time, mean }`, values as
 * fractions (each system's factors sum to 1 per time); the display table shows them in percent.
 * Per-year weights (columns `w_<year>`) are used year by year when the table has them.
 *
 * @example
 * const e = cc.entropy(panel, spec);
 * cc.obstacles(e.normalized, e.weights, { by: "criterion", years: [2012, 2019] });
 * cc.obstacleBars(cc.obstacles(e.normalized, e.weights, { by: "indicator", top: 5 }));
 */
export function obstacles(normalized: FrameInput, weightsTable: FrameInput, options: ObstaclesOptions = {}): ObstacleResult {
  const { records, years, keys } = obstacleRecords(normalized, weightsTable, options);
  const by = options.by ?? "indicator";
  const timeCols = years.map(String);
  const head = by === "indicator" ? ["rank", "system", "indicator", "name", "criterion"] : ["rank", "system", "criterion", "criterion_zh"];
  const tableRows = records.map((r) => {
    const o: Row = {};
    for (const c of head) o[c] = r[c];
    for (const c of [...timeCols, "mean"]) o[c] = (r[c] as number) * 100;
    return o;
  });
  return makeResult<ObstacleResult>("obstacles", records, keys, {
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
  if (by !== "indicator" && by !== "criterion") throw new FrameError(`obstacles: unknown "by" ${String(by)} (use "indicator" or "criterion")`);
  const wrows = inputRows(weightsTable).rows;
  for (const c of ["system", "indicator", "weight"]) {
    if (!wrows.length || !(c in wrows[0])) throw new FrameError(`obstacles: the weights table needs a "${c}" column (pass the weights of cc.entropy)`);
  }
  const indicators = wrows.map((w) => String(w.indicator));
  const valid = validatePanel(normalized, { ...options, indicators, what: "obstacles" });
  const years = options.years ?? [valid.times[0], valid.times[valid.times.length - 1]];
  for (const y of years) if (!valid.times.includes(y)) throw new FrameError(`obstacles: year ${y} is not in the panel (${valid.times[0]}-${valid.times[valid.times.length - 1]})`);
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
    out.push(...(options.top ? rowsOfSys.slice(0, options.top) : rowsOfSys));
  }
  const records: Row[] = out.map((r) => {
    const { rank, ...rest } = r;
    return { rank, ...rest };
  });
  return { records, years, keys: valid.keys };
}
