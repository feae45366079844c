/**
 * Tables as a notebook shows them: a pandas-style HTML table (`<table class="dataframe">`) and a
 * plain-text fallback, from an array of row objects or anything DataFrame-like (read through its
 * `columns` and `values`, so this layer imports no danfo). Pure functions, no I/O.
 */

/** Anything with `columns` and row-major `values`, such as a danfo DataFrame. */
export interface TableLike {
  columns: string[];
  values: unknown[][] | unknown[];
  index?: Array<string | number>;
}

/** A frame result (read through its display rows and columns; this layer imports no frame code). */
export interface ResultLike {
  tableRows: Array<Record<string, unknown>>;
  columns: string[];
}

export type TableInput = Array<Record<string, unknown>> | TableLike | ResultLike;

export interface TableOptions {
  /** Shown above the table (HTML `<caption>`, first line of the text form). */
  caption?: string;
  /** Decimals for non-integer numbers: one number for all columns, or per column (default 4). */
  digits?: number | Record<string, number>;
  /** Longest table shown in full; longer ones show `head` and `tail` rows around a "…" row (default 60). */
  maxRows?: number;
  /** Rows kept at each end of a cut table (default 10). */
  headTail?: number;
  /** Show the row index (default: only when it is not 0, 1, 2, …). */
  index?: boolean;
  /** Show only these columns, in this order (default: all). */
  columns?: string[];
}

/** A table normalised to columns and rows of cells. */
export interface NormalTable {
  columns: string[];
  rows: unknown[][];
  index?: string[];
}

function isTableLike(t: unknown): t is TableLike {
  return typeof t === "object" && t !== null && !Array.isArray(t) && Array.isArray((t as TableLike).columns) && "values" in (t as object);
}

function isResultLike(t: unknown): t is ResultLike {
  return typeof t === "object" && t !== null && Array.isArray((t as ResultLike).tableRows) && Array.isArray((t as ResultLike).columns);
}

/**
 * Read rows of objects (columns in first-seen order), a frame result (its display table) or a
 * DataFrame-like value into columns and rows; `columns` keeps only those, in that order.
 */
export function normalizeTable(table: TableInput, columns?: readonly string[]): NormalTable {
  const t = normalizeAll(table);
  if (!columns) return t;
  const idx = columns.map((c) => {
    const j = t.columns.indexOf(c);
    if (j < 0) throw new TypeError(`showTable: no column "${c}" (the table has ${t.columns.join(", ")})`);
    return j;
  });
  return { columns: [...columns], rows: t.rows.map((r) => idx.map((j) => r[j])), index: t.index };
}

function normalizeAll(table: TableInput): NormalTable {
  if (isResultLike(table)) {
    return { columns: [...table.columns], rows: table.tableRows.map((r) => table.columns.map((c) => r[c])) };
  }
  if (Array.isArray(table)) {
    const columns: string[] = [];
    const seen = new Set<string>();
    for (const row of table) {
      if (typeof row !== "object" || row === null) throw new TypeError("showTable: every row must be an object of column -> value");
      for (const k of Object.keys(row)) if (!seen.has(k)) (seen.add(k), columns.push(k));
    }
    return { columns, rows: table.map((r) => columns.map((c) => r[c])) };
  }
  if (isTableLike(table)) {
    const columns = table.columns.map(String);
    const values = table.values as unknown[];
    // a danfo Series-like value is one-dimensional
    const rows = values.map((v) => (Array.isArray(v) ? v : [v]));
    const idx = Array.isArray(table.index) ? table.index.map(String) : undefined;
    const trivial = !idx || idx.every((v, i) => v === String(i));
    return { columns, rows, index: trivial ? undefined : idx };
  }
  throw new TypeError("showTable: expected an array of row objects or a DataFrame (something with columns and values)");
}

function digitsFor(options: TableOptions, column: string): number {
  const d = options.digits;
  if (typeof d === "number") return d;
  if (d && typeof d === "object" && column in d) return d[column];
  return 4;
}

/**
 * One cell as text: numbers rounded to `digits` decimals (integers as they are when
 * `integerColumn`: a column whose numbers are all integers, such as years), missing values empty.
 */
export function formatCell(value: unknown, digits: number, integerColumn = true): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "";
    if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
    if (Number.isInteger(value) && integerColumn) return String(value);
    const s = value.toFixed(digits);
    return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map((v) => formatCell(v, digits)).join(" ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

interface Cut {
  rows: Array<{ cells: unknown[]; label?: string } | null>; // null = the "…" row
  total: number;
}

function cut(t: NormalTable, options: TableOptions): Cut {
  const maxRows = options.maxRows ?? 60;
  const k = options.headTail ?? 10;
  const all = t.rows.map((cells, i) => ({ cells, label: t.index?.[i] }));
  if (all.length <= maxRows) return { rows: all, total: all.length };
  return { rows: [...all.slice(0, k), null, ...all.slice(all.length - k)], total: all.length };
}

function isNumeric(v: unknown): boolean {
  return typeof v === "number";
}

/** For each column: are all its numbers integers (then they print without decimals)? */
function integerColumns(t: NormalTable): boolean[] {
  return t.columns.map((_, j) => t.rows.every((r) => typeof r[j] !== "number" || Number.isInteger(r[j]) || Number.isNaN(r[j] as number)));
}

/** The table as pandas-style HTML: numbers right-aligned and rounded, text HTML-escaped. */
export function tableToHtml(table: TableInput, options: TableOptions = {}): string {
  const t = normalizeTable(table, options.columns);
  const { rows, total } = cut(t, options);
  const showIndex = options.index ?? t.index !== undefined;
  const ints = integerColumns(t);
  const out: string[] = [];
  out.push('<div class="cc-table" style="overflow-x:auto;max-width:100%">');
  out.push(
    "<style>.cc-table table.dataframe{border-collapse:collapse;font-size:12px}" +
      ".cc-table table.dataframe th,.cc-table table.dataframe td{padding:3px 8px;border-bottom:1px solid #ddd;white-space:nowrap}" +
      ".cc-table table.dataframe thead th{border-bottom:2px solid #888;text-align:right}" +
      ".cc-table td.num{text-align:right;font-variant-numeric:tabular-nums}.cc-table td.txt{text-align:left}" +
      ".cc-table caption{caption-side:top;text-align:left;font-weight:600;padding:4px 0}</style>",
  );
  out.push('<table border="1" class="dataframe">');
  if (options.caption) out.push(`<caption>${escapeHtml(options.caption)}</caption>`);
  out.push('<thead><tr style="text-align: right;">');
  if (showIndex) out.push("<th></th>");
  // a header sits over its cells: right for numeric columns, left for text
  const numericCol = t.columns.map((_, j) => t.rows.some((r) => isNumeric(r[j])) && t.rows.every((r) => r[j] == null || isNumeric(r[j])));
  t.columns.forEach((c, j) => out.push(`<th style="text-align:${numericCol[j] ? "right" : "left"}">${escapeHtml(c)}</th>`));
  out.push("</tr></thead><tbody>");
  rows.forEach((r, i) => {
    if (r === null) {
      out.push(`<tr>${showIndex ? "<th>…</th>" : ""}${t.columns.map(() => "<td>…</td>").join("")}</tr>`);
      return;
    }
    out.push("<tr>");
    if (showIndex) out.push(`<th>${escapeHtml(r.label ?? String(i))}</th>`);
    r.cells.forEach((v, j) => {
      const cls = isNumeric(v) ? "num" : "txt";
      out.push(`<td class="${cls}">${escapeHtml(formatCell(v, digitsFor(options, t.columns[j]), ints[j]))}</td>`);
    });
    out.push("</tr>");
  });
  out.push("</tbody></table>");
  if (total > rows.length - 1 && rows.includes(null)) out.push(`<p style="font-size:11px;color:#666">${total} rows × ${t.columns.length} columns</p>`);
  out.push("</div>");
  return out.join("");
}

/** Display width of a string in a monospace terminal (CJK and full-width characters count 2). */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/** The table as aligned plain text (the fallback a terminal or a text-only front end shows). */
export function tableToText(table: TableInput, options: TableOptions = {}): string {
  const t = normalizeTable(table, options.columns);
  const { rows, total } = cut(t, options);
  const showIndex = options.index ?? t.index !== undefined;
  const ints = integerColumns(t);
  const header = [...(showIndex ? [""] : []), ...t.columns];
  const body = rows.map((r, i) =>
    r === null
      ? header.map(() => "…")
      : [...(showIndex ? [r.label ?? String(i)] : []), ...r.cells.map((v, j) => formatCell(v, digitsFor(options, t.columns[j]), ints[j]))],
  );
  const numeric = header.map((_, j) => rows.some((r) => r !== null && isNumeric(r.cells[j - (showIndex ? 1 : 0)])));
  const widths = header.map((h, j) => Math.max(textWidth(h), ...body.map((r) => textWidth(r[j]))));
  const pad = (s: string, j: number) => {
    const fill = " ".repeat(widths[j] - textWidth(s));
    return numeric[j] ? fill + s : s + fill;
  };
  const lines = [header.map(pad).join("  "), ...body.map((r) => r.map(pad).join("  "))].map((l) => l.replace(/\s+$/, ""));
  if (options.caption) lines.unshift(options.caption);
  if (rows.includes(null)) lines.push(`[${total} rows × ${t.columns.length} columns]`);
  return lines.join("\n");
}
