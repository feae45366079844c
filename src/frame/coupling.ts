/** Coupling coordination over score rows (paper 1 eqs 8-10; paper 2 for three systems). */
import { couplingCoordination, CouplingModel } from "../core/coupling";
import { coordinationLevel, LevelOptions } from "../core/level";
import { FrameError } from "./errors";
import { DataFrame, FrameInput, toFrame } from "./table";
import { PanelKeys, validatePanel } from "./validate";

export interface CouplingFrameOptions extends PanelKeys {
  /** Score columns, one per system (for example `["security", "resources"]`). */
  systems: string[];
  /** Contribution coefficients of T, one per system, summing to 1 (default equal). */
  weights?: number[];
  /** `"classic"` (default), `"wang2021"` (corrected) or `"fan2024"`. */
  model?: CouplingModel;
  /** Which end of a level band is closed (default `"left"`: `[a, b)`). */
  closed?: LevelOptions["closed"];
}

/**
 * The unit-time rows with `C, T, D, level, level_zh, level_en` added after the system scores.
 *
 * @example
 * const cd = cc.coupling(scores, { systems: ["security", "resources"] });             // classic, 0.5 / 0.5
 * const cd3 = cc.coupling(scores, { systems: ["basic", "commercial", "economy"], model: "wang2021" });
 */
export function coupling(scores: FrameInput, options: CouplingFrameOptions): DataFrame {
  return toFrame(couplingRows(scores, options));
}

/** As {@link coupling}, as plain rows. */
export function couplingRows(scores: FrameInput, options: CouplingFrameOptions): Array<Record<string, unknown>> {
  if (!options || !Array.isArray(options.systems) || options.systems.length < 2) {
    throw new FrameError("coupling: name at least two score columns in { systems: [...] }");
  }
  const valid = validatePanel(scores, { ...options, indicators: options.systems, what: "coupling" });
  let res;
  try {
    res = couplingCoordination(
      options.systems.map((s) => Float64Array.from(valid.rows, (r) => r[s] as number)),
      { weights: options.weights, model: options.model, names: options.systems },
    );
  } catch (e) {
    throw new FrameError(`coupling: ${(e as Error).message}`);
  }
  return valid.rows.map((r, i) => {
    const lv = coordinationLevel(res.D[i], { closed: options.closed });
    const out: Record<string, unknown> = { [valid.unit]: r[valid.unit] };
    if (valid.label) out[valid.label] = r[valid.label];
    out[valid.time] = r[valid.time];
    for (const s of options.systems) out[s] = r[s];
    Object.assign(out, { C: res.C[i], T: res.T[i], D: res.D[i], level: lv.level, level_zh: lv.zh, level_en: lv.en });
    return out;
  });
}
