/** Coupling coordination over score rows (paper 1 eqs 8-10; paper 2 for three systems). */
import { couplingCoordination, CouplingModel } from "../core/coupling";
import { coordinationLevel, LevelOptions } from "../core/level";
import { FrameError } from "./errors";
import { KeyOptions } from "./panel";
import { CouplingResult, makeResult, Row } from "./results";
import { FrameInput } from "./table";
import { describeRow, validatePanel } from "./validate";

export interface CouplingFrameOptions extends KeyOptions {
  /** Score columns, one per system (default: the `systems` of `entropy(...).scores`). */
  systems?: string[];
  /** Contribution coefficients `a_i` of T, one per system, summing to 1 (default equal). */
  coefficients?: number[];
  /** `"classic"` (default), `"wang2021"` (corrected) or `"fan2024"`. */
  model?: CouplingModel;
  /** Which end of a level band is closed (default `"left"`: `[a, b)`). */
  closed?: LevelOptions["closed"];
}

/**
 * Coupling degree C, coordination index T, coupling coordination degree D and its level for every
 * unit-time: records `{ <keys>, <system scores>, C, T, D, level, level_zh, level_en }`, with the
 * level (1-10) decided here, once, by the core's level table: tables and figures read it.
 *
 * @example
 * const e = cc.entropy(panel, "zhang-ouyang-2025");
 * const cd = cc.coupling(e.scores);                                  // classic, equal coefficients
 * const cd3 = cc.coupling(e2.scores, { model: "wang2021", coefficients: [0.4, 0.3, 0.3] });
 * cd.rows[0].D;  cd.rows[0].level;  cd.rows[0].level_zh;            // a number, 1-10, "勉强协调"
 */
export function coupling(scores: FrameInput, options: CouplingFrameOptions = {}): CouplingResult {
  if ((options as { weights?: unknown }).weights !== undefined) {
    throw new FrameError("coupling: the contribution coefficients of T are now called { coefficients: [...] } (\"weights\" are the entropy weights)");
  }
  const carried = (scores as { systems?: unknown }).systems;
  const systems = options.systems ?? (Array.isArray(carried) ? (carried as string[]) : undefined);
  if (!Array.isArray(systems) || systems.length < 2) {
    throw new FrameError("coupling: name at least two score columns in { systems: [...] } (or pass the scores of cc.entropy, which carry them)");
  }
  const valid = validatePanel(scores, { ...options, indicators: systems, what: "coupling" });
  // scores outside [0, 1] (e.g. in percent): name each row as the user counts it, from 1
  const outside: string[] = [];
  valid.rows.forEach((r, i) => {
    for (const s of systems) if (!((r[s] as number) >= 0 && (r[s] as number) <= 1)) outside.push(`${describeRow(valid, i)}, column ${s}: ${String(r[s])}`);
  });
  if (outside.length) {
    throw new FrameError(
      `coupling: ${outside.length} score${outside.length > 1 ? "s are" : " is"} outside [0, 1]`,
      outside,
      "System scores lie in [0, 1] (cc.entropy(...).scores); scores in percent must be divided by 100.",
    );
  }
  let res;
  try {
    res = couplingCoordination(
      systems.map((s) => Float64Array.from(valid.rows, (r) => r[s] as number)),
      { coefficients: options.coefficients, model: options.model, names: systems },
    );
  } catch (e) {
    throw new FrameError(`coupling: ${(e as Error).message}`);
  }
  const closed = options.closed ?? "left";
  const out: Row[] = valid.rows.map((r, i) => {
    const lv = coordinationLevel(res.D[i], { closed });
    const o: Row = { [valid.unit]: r[valid.unit] };
    if (valid.label) o[valid.label] = r[valid.label];
    if (valid.group) o[valid.group] = r[valid.group];
    o[valid.time] = r[valid.time];
    for (const s of systems) o[s] = r[s];
    Object.assign(o, { C: res.C[i], T: res.T[i], D: res.D[i], level: lv.level, level_zh: lv.zh, level_en: lv.en });
    return o;
  });
  return makeResult<CouplingResult>("coupling", out, valid.keys, {
    systems: [...systems],
    model: res.model,
    coefficients: res.coefficients,
    closed,
    value: "D",
  });
}
