/**
 * The ten coordination levels of the coupling coordination degree D (paper 1, Table 1;
 * docs/METHODS.md section 2).
 */

/** One row of the level table. */
export interface CoordinationLevel {
  /** 1 (extreme imbalance) to 10 (high-quality coordination). */
  readonly level: number;
  /** Chinese name, e.g. 轻度失调. */
  readonly zh: string;
  /** English name, e.g. "mild imbalance". */
  readonly en: string;
  /** Stage of paper 1 in English, e.g. "antagonistic stage". */
  readonly stage: string;
  /** Stage of paper 1 in Chinese, e.g. 颉颃阶段. */
  readonly stageZh: string;
  /** Lower bound of the band. */
  readonly lower: number;
  /** Upper bound of the band. */
  readonly upper: number;
}

function row(
  level: number,
  lower: number,
  upper: number,
  zh: string,
  en: string,
  stageZh: string,
  stage: string,
): CoordinationLevel {
  return Object.freeze({ level, zh, en, stage, stageZh, lower, upper });
}

/**
 * The level table (paper 1, Table 1), ordered by level. Bounds are the decimal literals 0, 0.1,
 * ..., 1. Stage names follow paper 1 (颉颃阶段 "antagonistic stage"; the seed text's 颀颀阶段 is an
 * OCR error). Which end of a band is closed is decided by {@link coordinationLevel}'s `closed`.
 */
export const COORDINATION_LEVELS: readonly CoordinationLevel[] = Object.freeze([
  row(1, 0, 0.1, "极度失调", "extreme imbalance", "低水平耦合", "low-level coupling"),
  row(2, 0.1, 0.2, "严重失调", "serious imbalance", "低水平耦合", "low-level coupling"),
  row(3, 0.2, 0.3, "中度失调", "moderate imbalance", "低水平耦合", "low-level coupling"),
  row(4, 0.3, 0.4, "轻度失调", "mild imbalance", "颉颃阶段", "antagonistic stage"),
  row(5, 0.4, 0.5, "濒临失调", "on the verge of imbalance", "颉颃阶段", "antagonistic stage"),
  row(6, 0.5, 0.6, "勉强协调", "barely coordinated", "磨合阶段", "running-in stage"),
  row(7, 0.6, 0.7, "初级协调", "primary coordination", "磨合阶段", "running-in stage"),
  row(8, 0.7, 0.8, "中级协调", "intermediate coordination", "较高水平耦合", "higher-level coupling"),
  row(9, 0.8, 0.9, "良好协调", "good coordination", "较高水平耦合", "higher-level coupling"),
  row(10, 0.9, 1, "优质协调", "high-quality coordination", "高水平耦合", "high-level coupling"),
]);

/** Options of {@link coordinationLevel}. */
export interface LevelOptions {
  /**
   * `"left"` (default): bands `[a, b)`, the last one `[0.9, 1]` closed.
   * `"right"`: bands `(a, b]`, the first one `[0, 0.1]` closed (as some papers print them).
   */
  closed?: "left" | "right";
}

/** Thrown for a D that cannot be classified (NaN, outside [0, 1]) or a bad option. */
export class LevelInputError extends Error {
  override name = "LevelInputError";
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
  }
}

/** Decimals D is rounded to before it is compared with the band edges. */
export const LEVEL_ROUNDING_DECIMALS = 12;
const SCALE = 1e12;

function classify(d: number, right: boolean, where: string, row?: number): CoordinationLevel {
  if (typeof d !== "number" || Number.isNaN(d)) {
    throw new LevelInputError(`coordinationLevel: D${where} is ${String(d)}, not a number`, row);
  }
  // Round to 12 decimals: 0.30000000000000004 -> 0.3 (the double nearest 0.3, equal to the edge
  // literal), so floating error at a band edge never moves D into the neighbouring band.
  const x = Math.round(d * SCALE) / SCALE;
  if (!(x >= 0 && x <= 1)) {
    throw new LevelInputError(`coordinationLevel: D${where} = ${d} is outside [0, 1]`, row);
  }
  const L = COORDINATION_LEVELS;
  if (!right) {
    // [a, b): the first band whose upper edge is above x; 1 belongs to the last band
    for (let k = 0; k < 9; k++) if (x < L[k].upper) return L[k];
    return L[9];
  }
  // (a, b]: the first band whose upper edge is at or above x; 0 belongs to the first band
  for (let k = 0; k < 9; k++) if (x <= L[k].upper) return L[k];
  return L[9];
}

function parseClosed(options: LevelOptions | undefined): boolean {
  const closed = options?.closed ?? "left";
  if (closed !== "left" && closed !== "right") {
    throw new LevelInputError(`coordinationLevel: options.closed must be "left" or "right", got ${JSON.stringify(closed)}`);
  }
  return closed === "right";
}

/**
 * The coordination level of a coupling coordination degree D (paper 1, Table 1; D from eq 10).
 *
 * Bands of width 0.1 from 0 to 1. Default `closed: "left"`: `[a, b)` with the last band
 * `[0.9, 1]` closed; `closed: "right"`: `(a, b]` with the first band `[0, 0.1]` closed.
 * Rounding rule: D is first rounded to 12 decimals ({@link LEVEL_ROUNDING_DECIMALS}), so that a
 * D computed as 0.30000000000000004 (or 0.29999999999999993) is the edge 0.3 itself; D outside
 * [0, 1] after rounding, or NaN, throws {@link LevelInputError}. The returned objects are the
 * (frozen) rows of {@link COORDINATION_LEVELS}, not copies.
 *
 * @example
 * coordinationLevel(0.3).level;                        // 4 (轻度失调, 颉颃阶段)
 * coordinationLevel(0.1 + 0.2).zh;                     // "轻度失调" (0.30000000000000004)
 * coordinationLevel(0.5).level;                        // 6 (勉强协调), [0.5, 0.6)
 * coordinationLevel(0.5, { closed: "right" }).level;   // 5 (濒临失调), (0.4, 0.5]
 * coordinationLevel(1).en;                             // "high-quality coordination"
 */
export function coordinationLevel(D: number, options?: LevelOptions): CoordinationLevel {
  return classify(D, parseClosed(options), "");
}

/**
 * {@link coordinationLevel} over an array: one level row per D, same order. Errors name the row.
 *
 * @example
 * coordinationLevels([0.05, 0.3, 0.95]).map((l) => l.level); // [1, 4, 10]
 */
export function coordinationLevels(Ds: ArrayLike<number>, options?: LevelOptions): CoordinationLevel[] {
  if (Ds == null || typeof Ds.length !== "number") {
    throw new LevelInputError("coordinationLevels: expected an array of D values");
  }
  const right = parseClosed(options);
  const out: CoordinationLevel[] = new Array(Ds.length);
  for (let i = 0; i < Ds.length; i++) out[i] = classify(Ds[i], right, ` at row ${i}`, i);
  return out;
}
