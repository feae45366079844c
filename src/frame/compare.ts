/** Computed beside published: the paper notebooks' side-by-side tables. */
import { FrameError } from "./errors";
import { isTableResult, makeResult, TableResult } from "./results";
import { columnsOf, FrameInput, inputRows, Row } from "./table";
import { describeValue, numberOption } from "./validate";

/** The display rows of a result (the paper's layout), or the rows of anything else. */
function displayRows(x: FrameInput): Row[] {
  return isTableResult(x) ? x.tableRows : inputRows(x).rows;
}

export interface CompareOptions {
  /** Key column(s) matching rows of the two tables (default: the first column of `computed`). */
  on?: string | string[];
  /** Value columns to compare (default: the numeric columns both tables have, keys excluded). */
  columns?: string[];
  /** Round computed values and differences to this many decimals (default: keep full precision). */
  digits?: number | string;
  /** Suffixes of the three columns per value (default "计算 computed", "论文 paper", "差 diff"). */
  labels?: [string, string, string];
}

const round = (x: unknown, d?: number) => (typeof x === "number" && d !== undefined && Number.isFinite(x) ? Number(x.toFixed(d)) : x);

/**
 * For each value column: computed, published and computed - published, side by side, for the
 * rows whose keys match (rows only in one table are kept, with the other side empty).
 *
 * The key must identify a row in each table: a key value found on two rows of either table is
 * an error naming the key column(s), the value and the rows (counted from 1), since matching
 * would otherwise pair every row with the last match. `digits` is an integer 0-20 (text "3" is
 * read as 3).
 *
 * @example
 * const t3 = cc.summarize(cd, { levels: false });
 * cc.compare(t3, cc.publishedRecords("zhang-ouyang-2025.table3"), { on: "year", columns: ["D"], digits: 3 })
 */
export function compare(computed: FrameInput, published: FrameInput, options: CompareOptions = {}): TableResult {
  const out = compareRows(computed, published, options);
  return makeResult<TableResult>("compare", out, { unit: "", time: "" }, {});
}

function compareRows(computed: FrameInput, published: FrameInput, options: CompareOptions = {}): Row[] {
  const a = displayRows(computed);
  const b = displayRows(published);
  const colsA = columnsOf(computed);
  const colsB = columnsOf(published);
  const on = options.on === undefined ? [colsA[0]] : Array.isArray(options.on) ? options.on : [options.on];
  for (const k of on) {
    if (!colsA.includes(k)) throw new FrameError(`compare: key column "${k}" is not in the computed table (${colsA.join(", ")})`);
    if (!colsB.includes(k)) throw new FrameError(`compare: key column "${k}" is not in the published table (${colsB.join(", ")})`);
  }
  const columns =
    options.columns ?? colsA.filter((c) => !on.includes(c) && colsB.includes(c) && a.some((r) => typeof r[c] === "number") && b.some((r) => typeof r[c] === "number"));
  for (const c of columns) {
    if (!colsA.includes(c)) throw new FrameError(`compare: column "${c}" is not in the computed table`);
    if (!colsB.includes(c)) throw new FrameError(`compare: column "${c}" is not in the published table`);
  }
  if (!columns.length) throw new FrameError("compare: no numeric column in common to compare");
  const digits = numberOption(options.digits, "digits", "compare");
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 0 && digits <= 20)) {
    throw new FrameError(`compare: digits must be an integer from 0 to 20, got ${describeValue(options.digits)}`);
  }
  const [lc, lp, ld] = options.labels ?? ["计算 computed", "论文 paper", "差 diff"];
  const key = (r: Row) => on.map((k) => String(r[k])).join("|");
  const shownKey = (r: Row) => on.map((k) => (typeof r[k] === "string" ? JSON.stringify(r[k]) : String(r[k]))).join(" + ");
  for (const [name, rs] of [["computed", a], ["published", b]] as const) {
    const first = new Map<string, number>();
    const dups = new Map<string, number[]>();
    rs.forEach((r, i) => {
      const k = key(r);
      const j = first.get(k);
      if (j === undefined) first.set(k, i);
      else dups.set(k, [...(dups.get(k) ?? [j]), i]);
    });
    if (dups.size) {
      throw new FrameError(
        `compare: the key ${on.map((k) => `"${k}"`).join(" + ")} is not unique in the ${name} table: ${dups.size} value${dups.size > 1 ? "s" : ""} on several rows`,
        [...dups.values()].map((is) => `${shownKey(rs[is[0]])}: rows ${is.map((i) => i + 1).join(", ")}`),
        "Match on columns that identify one row in each table: { on: [...] } with every key column (e.g. unit and time).",
      );
    }
  }
  const bByKey = new Map(b.map((r) => [key(r), r]));
  const seen = new Set<string>();
  const out: Row[] = [];
  const emit = (ra: Row | undefined, rb: Row | undefined) => {
    const base = ra ?? rb!;
    const row: Row = Object.fromEntries(on.map((k) => [k, base[k]]));
    for (const c of columns) {
      const x = ra?.[c];
      const y = rb?.[c];
      row[`${c} ${lc}`] = round(x ?? null, digits);
      row[`${c} ${lp}`] = y ?? null;
      row[`${c} ${ld}`] = typeof x === "number" && typeof y === "number" ? round(x - y, digits) : null;
    }
    out.push(row);
  };
  for (const ra of a) {
    const k = key(ra);
    seen.add(k);
    emit(ra, bByKey.get(k));
  }
  for (const rb of b) if (!seen.has(key(rb))) emit(undefined, rb);
  return out;
}
