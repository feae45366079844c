/** Obstacle degree by year and over the period (paper 1 eqs 11-12, Tables 5-6). */
import { obstacleDegree } from "../core/obstacle";
import { FrameError } from "./errors";
import { DataFrame, FrameInput, Row, rows as toRows, toFrame } from "./table";
import { PanelKeys, validatePanel } from "./validate";

export interface ObstaclesOptions extends PanelKeys {
  /** `"criterion"` (Table 5: the criterion layers) or `"indicator"` (default; Table 6). */
  by?: "indicator" | "criterion";
  /** Years shown as columns (default: the first and the last); the period mean always uses every year. */
  years?: number[];
  /** Keep the top k per system, ranked by the period mean (default: all). */
  top?: number;
}

/**
 * Obstacle degrees (percent) from the normalised panel and the weights table of {@link entropy}:
 * per unit-year within each system, averaged over the units of each year; the period mean is the
 * mean of those yearly values. Rows are ranked by the period mean within each system.
 * Per-year weights (columns `w_<year>`) are used year by year when the table has them.
 *
 * @example
 * const e = cc.entropy(panel, spec);
 * cc.obstacles(e.normalized, e.weights, { by: "criterion", years: [2012, 2019] });
 * cc.obstacles(e.normalized, e.weights, { by: "indicator", top: 5 });
 */
export function obstacles(normalized: FrameInput, weightsTable: FrameInput, options: ObstaclesOptions = {}): DataFrame {
  const out = obstacleRows(normalized, weightsTable, options);
  // year columns are integer-like keys, which objects list first: give the order explicitly
  const years = Object.keys(out[0]).filter((k) => /^\d+$/.test(k));
  const head = (options.by ?? "indicator") === "indicator" ? ["rank", "system", "indicator", "name", "criterion"] : ["rank", "system", "criterion", "criterion_zh"];
  return toFrame(out, [...head, ...years, "mean"]);
}

export function obstacleRows(normalized: FrameInput, weightsTable: FrameInput, options: ObstaclesOptions = {}): Row[] {
  const by = options.by ?? "indicator";
  if (by !== "indicator" && by !== "criterion") throw new FrameError(`obstacles: unknown "by" ${String(by)} (use "indicator" or "criterion")`);
  const wrows = toRows(weightsTable);
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
      const row: Row = { system: sys };
      if (by === "indicator") Object.assign(row, { indicator: k, name: d.name ?? k, criterion: d.criterion ?? "" });
      else Object.assign(row, { criterion: k, criterion_zh: d.criterion_zh ?? k });
      for (const y of years) row[String(y)] = yearly.get(y)![j];
      const all = valid.times.map((t) => yearly.get(t)![j]);
      row.mean = all.reduce((a, b) => a + b, 0) / all.length;
      return row;
    });
    rowsOfSys.sort((a, b) => (b.mean as number) - (a.mean as number));
    rowsOfSys.forEach((r, i) => (r.rank = i + 1));
    out.push(...(options.top ? rowsOfSys.slice(0, options.top) : rowsOfSys));
  }
  return out.map((r) => {
    const { rank, ...rest } = r;
    return { rank, ...rest };
  });
}
