/**
 * danfo at the edge: turning tables into plain rows and back. Every other frame module works on
 * plain rows; danfo itself is loaded only when a DataFrame is built (`toFrame`, a result's
 * `table`), so importing the package and calling the core never loads danfo or TensorFlow.js.
 */
import type * as dfdTypes from "danfojs-node";
import { isTableResult, PanelKeys, Row } from "./results";

export type DataFrame = dfdTypes.DataFrame;
export type { Row } from "./results";

/**
 * What the frame calls accept: a danfo DataFrame, rows of objects, a panel from `panel()`, any
 * frame result (its `rows` and `keys` are read), or what `readPanel` returns.
 */
export type FrameInput = DataFrame | readonly Row[] | { rows: readonly Row[]; keys?: Partial<PanelKeys> };

let danfo: typeof dfdTypes | undefined;
/** danfojs-node, loaded on first use. */
export function loadDanfo(): typeof dfdTypes {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  if (!danfo) danfo = require("danfojs-node") as typeof dfdTypes;
  return danfo;
}

/** A danfo DataFrame (or anything with `columns` and row-major `values`)? */
export function isFrameLike(x: unknown): x is { columns: string[]; values: unknown[][] } {
  return typeof x === "object" && x !== null && !Array.isArray(x) && Array.isArray((x as { columns?: unknown }).columns) && "values" in (x as object);
}

/** Rows and keys (when the input carries them) of any frame input. */
export function inputRows(input: FrameInput): { rows: Row[]; keys?: Partial<PanelKeys> } {
  if (Array.isArray(input)) return { rows: input as Row[] };
  if (isFrameLike(input)) {
    const cols = input.columns.map(String);
    return {
      rows: (input.values as unknown[][]).map((v) => {
        const r: Row = {};
        cols.forEach((c, j) => (r[c] = Array.isArray(v) ? v[j] : v));
        return r;
      }),
    };
  }
  const o = input as { rows?: unknown; keys?: Partial<PanelKeys> };
  if (typeof o === "object" && o !== null && Array.isArray(o.rows)) return { rows: o.rows as Row[], keys: o.keys };
  throw new TypeError("expected a danfo DataFrame, an array of row objects, a panel or a frame result");
}

/**
 * Plain row objects (copies) of a DataFrame, of rows, or of a frame result (its records).
 *
 * @example
 * cc.rows(cc.coupling(e.scores))[0].D   // the first unit-year's D
 */
export function rows(input: FrameInput): Row[] {
  return inputRows(input).rows.map((r) => ({ ...r }));
}

/** Column names of a DataFrame, a result's display table, or rows (first-seen order). */
export function columnsOf(input: FrameInput): string[] {
  if (isFrameLike(input)) return input.columns.map(String);
  if (isTableResult(input)) return [...input.columns];
  const seen = new Set<string>();
  for (const r of inputRows(input).rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/**
 * A danfo DataFrame from rows, with columns in the given order (default: first-seen order).
 *
 * @example
 * const df = cc.toFrame([{ year: 2019, D: 0.53 }, { year: 2020, D: 0.55 }]);
 * df.shape;   // [2, 2]
 */
export function toFrame(data: readonly Row[], columns?: readonly string[]): DataFrame {
  const cols = columns ? [...columns] : columnsOf(data);
  if (data.length === 0) {
    // danfo cannot build an empty frame with named columns: one row of nulls would lie, so say so
    throw new Error(`no rows to put in a table (columns ${cols.join(", ")})`);
  }
  const values = data.map((r) => cols.map((c) => (r[c] === undefined ? null : r[c])));
  return new (loadDanfo().DataFrame)(values, { columns: cols });
}
