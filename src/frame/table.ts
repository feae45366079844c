/**
 * danfo at the edge: turning DataFrames into plain rows and back. Every other frame module works
 * on plain rows and hands DataFrames back to the caller through `toFrame`.
 */
import * as dfd from "danfojs-node";

export type DataFrame = dfd.DataFrame;
export type Row = Record<string, unknown>;
/** What the frame calls accept: a danfo DataFrame or rows of objects. */
export type FrameInput = DataFrame | readonly Row[];

/** A danfo DataFrame (or anything with `columns` and row-major `values`)? */
export function isFrameLike(x: unknown): x is { columns: string[]; values: unknown[][] } {
  return typeof x === "object" && x !== null && !Array.isArray(x) && Array.isArray((x as { columns?: unknown }).columns) && "values" in (x as object);
}

/** Plain row objects from a DataFrame (or a copy of rows given as rows). */
export function rows(input: FrameInput): Row[] {
  if (Array.isArray(input)) return input.map((r) => ({ ...r }));
  if (isFrameLike(input)) {
    const cols = input.columns.map(String);
    return (input.values as unknown[][]).map((v) => {
      const r: Row = {};
      cols.forEach((c, j) => (r[c] = Array.isArray(v) ? v[j] : v));
      return r;
    });
  }
  throw new TypeError("expected a danfo DataFrame or an array of row objects");
}

/** Column names of a DataFrame or of rows (first-seen order). */
export function columnsOf(input: FrameInput): string[] {
  if (isFrameLike(input)) return input.columns.map(String);
  const seen = new Set<string>();
  for (const r of input as readonly Row[]) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** A danfo DataFrame from rows, with columns in the given order (default: first-seen order). */
export function toFrame(data: readonly Row[], columns?: readonly string[]): DataFrame {
  const cols = columns ? [...columns] : columnsOf(data);
  if (data.length === 0) {
    // danfo cannot build an empty frame with named columns: one row of nulls would lie, so say so
    throw new Error(`no rows to put in a table (columns ${cols.join(", ")})`);
  }
  const values = data.map((r) => cols.map((c) => (r[c] === undefined ? null : r[c])));
  return new dfd.DataFrame(values, { columns: cols });
}
