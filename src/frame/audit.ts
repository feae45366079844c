/**
 * Audit checks of published tables that need no raw data (METHODS.md section 9): relations that
 * must hold between a paper's tables, and between its tables and its text, recomputed from the
 * printed numbers with the rounding those numbers carry.
 *
 * Each kind of check is one function that takes published records (as `publishedRecords` returns
 * them) and returns check rows: what was printed, what the printed inputs give, their distance
 * and the tolerance the rounding allows, and pass or fail. `audit(group, ...)` collects rows into
 * a result to show (`cc.showTable(a, { caption: a.caption })`), `auditSummary` closes the audit.
 *
 * Tolerance rule: a value printed to d decimals carries a rounding error of at most half a unit,
 * h = 0.5 × 10^-d ({@link halfUnit}). A recomputed quantity gets the bound of the rounding of its
 * inputs (added up for sums; the weighted mean of the inputs' bounds for a weighted mean; for
 * ratios, the extremes over every corner of the inputs' rounding boxes), plus half a unit of the
 * printed value it is compared with. A check passes when distance ≤ tolerance + 1e-9 (the slack
 * absorbs binary representation: 1.1 − 1 is 0.10000000000000009 in doubles).
 */
import { coordinationLevel, LevelOptions } from "../core/level";
import { makeResult, Row, TableResult } from "./results";
import { TimeSeries, valuesAt } from "./trends";

/** Thrown for published records an audit check cannot read: it names the record and column. */
export class AuditError extends Error {
  override name = "AuditError";
}

/** One check: printed against recomputed, with the distance and the tolerance of rounding. */
export interface AuditCheck {
  /** The check group (set by {@link audit}). */
  group: string;
  id: string;
  /** What is checked, with the printed inputs. */
  check: string;
  /** The value (or statement) as the paper prints it. */
  printed: string;
  /** The value recomputed from other printed values (rounded for display), or the finding. */
  recomputed: string;
  /** |printed − recomputed| (unrounded), or null for a yes/no check. */
  distance: number | null;
  /** The rounding tolerance, or null for a yes/no check. */
  tolerance: number | null;
  pass: boolean;
}

/** A group of checks, ready to show: `rows` are the checks, the display table has bilingual columns. */
export interface AuditResult extends TableResult<AuditCheck & Row> {
  readonly kind: "audit";
  readonly group: string;
  /** `"<group>: k of n pass"`. */
  readonly caption: string;
  readonly passed: number;
  readonly total: number;
  readonly failed: AuditCheck[];
}

/** All groups of an audit: one row per group and a total; `failed` lists every failed check. */
export interface AuditSummary extends TableResult {
  readonly kind: "auditSummary";
  /** `"全部核对 All checks: k of n pass"`. */
  readonly caption: string;
  readonly passed: number;
  readonly total: number;
  readonly failed: AuditCheck[];
}

const SLACK = 1e-9;
const KEYS = { unit: "", time: "" };

function num(v: unknown, where: string): number {
  const x = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof x !== "number" || !Number.isFinite(x)) throw new AuditError(`${where} is ${v === undefined ? "missing" : JSON.stringify(v)}, not a finite number`);
  return x;
}

function nonNegative(x: number, name: string, what: string): number {
  if (!(x >= 0) || !Number.isFinite(x)) throw new AuditError(`${what}: ${name} must be a finite number >= 0, got ${x}`);
  return x;
}

/**
 * Half a unit of the last printed decimal of the first number in `printed`: "0.050" -> 0.0005,
 * "39.39%" -> 0.005, "14%" -> 0.5.
 *
 * @example
 * cc.halfUnit("39.39%");   // 0.005
 * cc.halfUnit("14%");      // 0.5
 */
export function halfUnit(printed: string | number): number {
  const m = /-?\d+(?:\.(\d+))?/.exec(String(printed));
  if (!m) throw new AuditError(`halfUnit: no number in "${printed}"`);
  return 0.5 * 10 ** -(m[1]?.length ?? 0);
}

/**
 * One numeric check: `printed` against `recomputed` within `tolerance` (recomputed shown to
 * `digits` decimals, default 4).
 *
 * @example
 * const c = cc.checkValue({ id: "D-2012", check: "national D 2012: text vs Table 3", printed: 0.368, recomputed: 0.368, tolerance: 0 });
 * c.pass;   // true
 */
export function checkValue(o: { id: string; check: string; printed: number; recomputed: number; tolerance: number; digits?: number }): AuditCheck {
  const printed = num(o.printed, `checkValue ${o.id}: printed`);
  const recomputed = num(o.recomputed, `checkValue ${o.id}: recomputed`);
  const tolerance = nonNegative(o.tolerance, "tolerance", `checkValue ${o.id}`);
  const distance = Math.abs(printed - recomputed);
  return { group: "", id: o.id, check: o.check, printed: String(printed), recomputed: recomputed.toFixed(o.digits ?? 4), distance, tolerance, pass: distance <= tolerance + SLACK };
}

/**
 * One yes/no check: a statement of the paper against what the printed tables give.
 *
 * @example
 * const c = cc.checkStatement({ id: "I-rank-2012", check: "2012 ranking", printed: "west > east", recomputed: "west > east", pass: true });
 * c.distance;   // null
 */
export function checkStatement(o: { id: string; check: string; printed: string; recomputed: string; pass: boolean }): AuditCheck {
  if (typeof o.pass !== "boolean") throw new AuditError(`checkStatement ${o.id}: pass must be true or false, got ${String(o.pass)}`);
  return { group: "", id: o.id, check: o.check, printed: String(o.printed), recomputed: String(o.recomputed), distance: null, tolerance: null, pass: o.pass };
}

/**
 * A statement "in every time, ...": `predicate({ group: value }, time)` over the series' times.
 * Recomputed reads "9 of 10; not in 2012 (<detail>)"; `printed` defaults to "n of n years".
 *
 * @example
 * const ts = cc.timeSeries([{ year: 2012, east: 0.366, nation: 0.368 }, { year: 2013, east: 0.396, nation: 0.389 }], { time: "year", groups: ["east", "nation"] });
 * const c = cc.checkEveryTime(ts, (v) => v.east > v.nation, { id: "I-east-above", check: "east above the national mean every year", detail: (v) => `${v.east} vs ${v.nation}` });
 * c.recomputed;   // "1 of 2; not in 2012 (0.366 vs 0.368)"
 */
export function checkEveryTime(
  series: TimeSeries,
  predicate: (values: Record<string, number>, time: number) => boolean,
  o: { id: string; check: string; printed?: string; detail?: (values: Record<string, number>, time: number) => string },
): AuditCheck {
  const n = series.times.length;
  const failing = series.times.filter((t) => predicate(valuesAt(series, t), t) !== true);
  const where = failing.map((t) => (o.detail ? `${t} (${o.detail(valuesAt(series, t), t)})` : String(t)));
  const unit = series.time === "year" ? "years" : "times";
  return checkStatement({
    id: o.id,
    check: o.check,
    printed: o.printed ?? `${n} of ${n} ${unit}`,
    recomputed: `${n - failing.length} of ${n}${failing.length ? "; not in " + where.join(", ") : ""}`,
    pass: n > 0 && failing.length === 0,
  });
}

function timeOf(r: Row, time: string): number | null {
  const v = r[time];
  return v === null || v === undefined || v === "" ? null : num(v, `column "${time}"`);
}

/**
 * A total per time equals the weighted mean of its parts (Table 3 = (10 east + 6 central + 12 west
 * + 3 northeast) / 31 of Table 4): recomputed Σ_g w_g x_g / Σ_g w_g from `parts` (one record per
 * time, one column per group), compared with `totals[value]`. Tolerance: `half` (a weighted mean
 * of values each within `half` is within `half`) + `totalHalf` (default `half`).
 *
 * @example
 * const t3 = [{ year: 2012, D: 0.368 }];
 * const t4 = [{ year: 2012, east: 0.366, central: 0.352, west: 0.386, northeast: 0.34 }];
 * const [c] = cc.checkWeightedMeans(t3, t4, { time: "year", value: "D", weights: { east: 10, central: 6, west: 12, northeast: 3 }, half: 0.0005, prefix: "A" });
 * c.recomputed;   // "0.3685" (11.424 / 31), distance 0.0005 within 0.001
 */
export function checkWeightedMeans(
  totals: readonly Row[],
  parts: readonly Row[],
  o: { time: string; value: string; weights: Record<string, number>; half: number; totalHalf?: number; prefix: string; digits?: number },
): AuditCheck[] {
  const groups = Object.keys(o.weights);
  const wsum = groups.reduce((s, g) => s + nonNegative(o.weights[g], `the weight of "${g}"`, "checkWeightedMeans"), 0);
  if (!(wsum > 0)) throw new AuditError("checkWeightedMeans: the weights sum to 0");
  const tol = nonNegative(o.half, "half", "checkWeightedMeans") + nonNegative(o.totalHalf ?? o.half, "totalHalf", "checkWeightedMeans");
  return totals.flatMap((r, i) => {
    const t = timeOf(r, o.time);
    if (t === null) return [];
    const p = parts.find((x) => timeOf(x, o.time) === t);
    if (!p) throw new AuditError(`checkWeightedMeans: no part record for ${o.time} ${t} (total record ${i + 1})`);
    const x = groups.map((g) => num(p[g], `checkWeightedMeans: part record of ${o.time} ${t}, column "${g}"`));
    const mean = groups.reduce((s, g, k) => s + o.weights[g] * x[k], 0) / wsum;
    const terms = groups.map((g) => `${o.weights[g]}·${String(p[g])}`).join(" + ");
    return [checkValue({ id: `${o.prefix}-${t}`, check: `${t}: (${terms}) / ${wsum}`, printed: num(r[o.value], `checkWeightedMeans: total record ${i + 1}, column "${o.value}"`), recomputed: mean, tolerance: tol, digits: o.digits })];
  });
}

/**
 * A printed mean row (the record whose `time` is empty) equals the mean of the other records, per
 * group column. Tolerance: `half` (a mean of values each within `half`) + `half` (the printed mean).
 *
 * @example
 * const t4 = [{ year: 2012, east: 0.366 }, { year: 2013, east: 0.396 }, { year: null, east: 0.381 }];
 * cc.checkMeanRow(t4, { time: "year", groups: ["east"], half: 0.0005, prefix: "B" })[0].recomputed;   // "0.3810"
 */
export function checkMeanRow(records: readonly Row[], o: { time: string; groups: string[]; half: number; prefix: string; digits?: number }): AuditCheck[] {
  const means = records.filter((r) => timeOf(r, o.time) === null);
  if (means.length !== 1) throw new AuditError(`checkMeanRow: expected one mean record (empty "${o.time}"), found ${means.length}`);
  const rows = records.filter((r) => timeOf(r, o.time) !== null);
  if (rows.length === 0) throw new AuditError("checkMeanRow: no records besides the mean row");
  const unit = o.time === "year" ? "years" : "times";
  const h = nonNegative(o.half, "half", "checkMeanRow");
  return o.groups.map((g) => {
    const m = rows.reduce((s, r) => s + num(r[g], `checkMeanRow: ${o.time} ${String(r[o.time])}, column "${g}"`), 0) / rows.length;
    return checkValue({ id: `${o.prefix}-${g}`, check: `${g}: mean of ${rows.length} ${unit}`, printed: num(means[0][g], `checkMeanRow: the mean record, column "${g}"`), recomputed: m, tolerance: 2 * h, digits: o.digits });
  });
}

/**
 * Parts that must add up to a known total (Table 2's weights to 1 per system, Table 5's criteria
 * to 100% per column, Table 7's shares to 100% per year): for each value of `by` (or all records)
 * and each of `columns`, Σ records[column] against `total`. Tolerance: n × `half` for n terms.
 * The check lists the terms (`terms: false`: "Σ of n <noun>").
 *
 * @example
 * const t7 = [{ g: "within", "2012": 25.306 }, { g: "between", "2012": 46.376 }, { g: "trans", "2012": 28.318 }];
 * cc.checkSums(t7, { columns: ["2012"], total: 100, half: 0.0005, prefix: "E", digits: 3 })[0].check;   // "2012: 25.306 + 46.376 + 28.318 = 100"
 */
export function checkSums(
  records: readonly Row[],
  o: { columns: string[]; total: number; half: number; prefix: string; by?: string; terms?: boolean; noun?: string; digits?: number },
): AuditCheck[] {
  const keys = o.by ? [...new Set(records.map((r) => String(r[o.by!])))] : [undefined];
  const h = nonNegative(o.half, "half", "checkSums");
  return keys.flatMap((k) => {
    const rs = k === undefined ? records : records.filter((r) => String(r[o.by!]) === k);
    return o.columns.map((col) => {
      const xs = rs.map((r, i) => num(r[col], `checkSums: ${k === undefined ? "" : `${o.by} "${k}", `}record ${i + 1}, column "${col}"`));
      // the column names the check when there are several, or when there is no `by`
      const colPart = o.columns.length > 1 || k === undefined ? col : undefined;
      const label = [k, colPart].filter((x) => x !== undefined).join(", ");
      const what = o.terms === false ? `Σ of ${xs.length} ${o.noun ?? "values"}` : rs.map((r) => String(r[col])).join(" + ");
      const id = [o.prefix, k, colPart].filter((x) => x !== undefined).join("-");
      return checkValue({ id, check: `${label}: ${what} = ${o.total}`, printed: o.total, recomputed: xs.reduce((s, x) => s + x, 0), tolerance: xs.length * h, digits: o.digits });
    });
  });
}

/**
 * Percentage changes stated in the text ("降幅达 14%") against the printed values they come from:
 * 100 (a − b) / a for a decline (`direction: "decline"`, default), 100 (b − a) / a for an increase.
 * `printed` is the text as printed ("39.39%"); the tolerance is half its last unit
 * ({@link halfUnit}): the recomputation uses the printed table values themselves.
 *
 * @example
 * const [c] = cc.checkPercentChanges([{ id: "gini-decline", label: "overall", from: 0.05, to: 0.043, printed: "14%" }]);
 * c.recomputed;   // "14.00", tolerance 0.5
 */
export function checkPercentChanges(
  items: ReadonlyArray<{ id: string; label: string; from: number; to: number; printed: string }>,
  o: { direction?: "decline" | "increase"; digits?: number } = {},
): AuditCheck[] {
  const d = o.digits ?? 3;
  return items.map((it) => {
    const a = num(it.from, `checkPercentChanges ${it.id}: from`), b = num(it.to, `checkPercentChanges ${it.id}: to`);
    if (a === 0) throw new AuditError(`checkPercentChanges ${it.id}: a change relative to 0`);
    const change = o.direction === "increase" ? (100 * (b - a)) / a : (100 * (a - b)) / a;
    const formula = o.direction === "increase" ? `(${b.toFixed(d)} − ${a.toFixed(d)}) / ${a.toFixed(d)}` : `(${a.toFixed(d)} − ${b.toFixed(d)}) / ${a.toFixed(d)}`;
    const printed = num(/-?\d+(?:\.\d+)?/.exec(String(it.printed))?.[0], `checkPercentChanges ${it.id}: the number in "${it.printed}"`);
    return checkValue({ id: it.id, check: `${it.label}: ${formula}`, printed, recomputed: change, tolerance: halfUnit(it.printed), digits: 2 });
  });
}

/** A rule of {@link checkQuotes}: which quotes it reads (by id) and where their value is in the tables. */
export interface QuoteRule {
  /** Matched against the quote's `id`; the match is passed to the other fields. */
  match: RegExp;
  check: (m: RegExpMatchArray) => string;
  /** The value the tables give. */
  value: (m: RegExpMatchArray) => number;
  /** Default 0 (the text repeats a printed number at the same precision). */
  tolerance?: number;
  digits?: number;
}

/**
 * Numbers the text quotes (`{ id, value }` records) against the tables: each quote is read by the
 * first rule whose `match` fits its id; quotes no rule fits are not checked here (list them with
 * other checks).
 *
 * @example
 * const t3 = { 2012: 0.368 } as Record<number, number>;
 * const rules = [{ match: /^D-(\d{4})$/, check: (m) => `national D ${m[1]}: text vs Table 3`, value: (m) => t3[Number(m[1])], digits: 3 }];
 * cc.checkQuotes([{ id: "D-2012", value: 0.368 }, { id: "other", value: 1 }], rules).length;   // 1
 */
export function checkQuotes(quotes: readonly Row[], rules: readonly QuoteRule[]): AuditCheck[] {
  return quotes.flatMap((q, i) => {
    const id = String(q.id);
    for (const rule of rules) {
      const m = id.match(rule.match);
      if (!m) continue;
      return [checkValue({ id, check: rule.check(m), printed: num(q.value, `checkQuotes: quote ${i + 1} (${id}), value`), recomputed: rule.value(m), tolerance: rule.tolerance ?? 0, digits: rule.digits })];
    }
    return [];
  });
}

/**
 * Each printed D lies in the coordination level the paper names beside it (`level`: a column
 * with the level's Chinese or English name or its number). A D within `half` of a band edge is
 * marked in the check (its rounding could cross the edge).
 *
 * @example
 * const [c] = cc.checkLevels([{ year: 2018, D: 0.507, level_zh: "勉强协调" }], { time: "year", value: "D", level: "level_zh", half: 0.0005, prefix: "H" });
 * c.recomputed;   // "勉强协调 [0.5, 0.6)"
 */
export function checkLevels(records: readonly Row[], o: { time: string; value: string; level: string; half: number; prefix: string; closed?: LevelOptions["closed"] }): AuditCheck[] {
  return records.map((r, i) => {
    const t = String(r[o.time]);
    const D = num(r[o.value], `checkLevels: record ${i + 1} (${o.time} ${t}), column "${o.value}"`);
    const lv = coordinationLevel(D, { closed: o.closed });
    const named = r[o.level];
    const edge = Math.min(lv.lower === 0 ? Infinity : Math.abs(D - lv.lower), lv.upper === 1 ? Infinity : Math.abs(D - lv.upper));
    const right = o.closed === "right";
    const band = right ? `${lv.level === 1 ? "[" : "("}${lv.lower}, ${lv.upper}]` : `[${lv.lower}, ${lv.upper}${lv.level === 10 ? "]" : ")"}`;
    return checkStatement({
      id: `${o.prefix}-${t}`,
      check: `${t}: ${o.value} = ${D.toFixed(3)}${edge < o.half ? " (within rounding of a band edge)" : ""}`,
      printed: String(named),
      recomputed: `${lv.zh} ${band}`,
      pass: named === lv.zh || named === lv.en || Number(named) === lv.level,
    });
  });
}

/**
 * Totals made of parts listed elsewhere (Table 5's criteria from Table 6's indicators, eq 12):
 * each part's total is found through `universe` (all parts, e.g. Table 2, with the `key` column).
 * When every part of a total is listed, their sum must equal it (tolerance (n + 1) × `half`);
 * when only some are, their sum cannot exceed it (by more than n × `half`). Totals without a
 * listed part are skipped.
 *
 * @example
 * const t2 = [{ id: "R11", criterion: "financial" }, { id: "R12", criterion: "financial" }];
 * const t5 = [{ criterion: "financial", mean: 38.38 }];
 * const t6 = [{ id: "R11", mean: 21.24 }, { id: "R12", mean: 17.14 }];
 * cc.checkPartSums(t5, t6, { key: "criterion", universe: t2, columns: ["mean"], half: 0.005, prefix: "J" })[0].check;   // "financial mean = R11 + R12"
 */
export function checkPartSums(
  totals: readonly Row[],
  parts: readonly Row[],
  o: { key: string; universe: readonly Row[]; columns: string[]; half: number; prefix: string; id?: string; label?: string; noun?: string; digits?: number },
): AuditCheck[] {
  const idCol = o.id ?? "id";
  const keyOf = (partId: unknown) => {
    const u = o.universe.find((r) => r[idCol] === partId);
    if (!u) throw new AuditError(`checkPartSums: part "${String(partId)}" is not in the universe (column "${idCol}")`);
    return String(u[o.key]);
  };
  const h = nonNegative(o.half, "half", "checkPartSums");
  return totals.flatMap((c) => {
    const k = String(c[o.key]);
    const listed = parts.filter((p) => keyOf(p[idCol]) === k);
    const all = o.universe.filter((u) => String(u[o.key]) === k);
    if (!listed.length) return [];
    const label = String(c[o.label ?? o.key]);
    const ids = listed.map((p) => String(p[idCol])).join(" + ");
    return o.columns.map((col) => {
      const s = listed.reduce((acc, p) => acc + num(p[col], `checkPartSums: part ${String(p[idCol])}, column "${col}"`), 0);
      const total = num(c[col], `checkPartSums: total ${k}, column "${col}"`);
      const id = `${o.prefix}-${k}-${col}`;
      if (listed.length === all.length) return checkValue({ id, check: `${label} ${col} = ${ids}`, printed: total, recomputed: s, tolerance: (listed.length + 1) * h, digits: o.digits ?? 2 });
      return checkStatement({
        id,
        check: `${label} ${col} ≥ ${ids} (${listed.length} of ${all.length} ${o.noun ?? "parts"})`,
        printed: String(c[col]),
        recomputed: s.toFixed(o.digits ?? 2),
        pass: s <= total + listed.length * h + SLACK,
      });
    });
  });
}

/**
 * Records printed in ranked order are in that order (Table 6 by its mean), per value of `by`.
 *
 * @example
 * const t6 = [{ system: "s", mean: 14.83 }, { system: "s", mean: 13.18 }];
 * cc.checkSorted(t6, { by: "system", value: "mean", prefix: "J-order", label: "ranked by mean" })[0].pass;   // true
 */
export function checkSorted(records: readonly Row[], o: { by: string; value: string; prefix: string; label?: string; order?: "desc" | "asc" }): AuditCheck[] {
  const asc = o.order === "asc";
  return [...new Set(records.map((r) => String(r[o.by])))].map((k) => {
    const xs = records.filter((r) => String(r[o.by]) === k).map((r, i) => num(r[o.value], `checkSorted: ${o.by} "${k}", record ${i + 1}, column "${o.value}"`));
    const ok = xs.every((x, i) => i === 0 || (asc ? x >= xs[i - 1] : x <= xs[i - 1]));
    const word = asc ? "ascending" : "descending";
    return checkStatement({ id: `${o.prefix}-${k}`, check: `${k}: ${o.label ?? `ranked by ${o.value}`}`, printed: xs.join(asc ? " ≤ " : " ≥ "), recomputed: ok ? word : `not ${word}`, pass: ok });
  });
}

/**
 * Every year the text names lies in the study period [start, end]: one failing check per quote
 * outside it, and one check for the others.
 *
 * @example
 * const rows = cc.checkQuotedYears([{ id: "a", year: 2012 }, { id: "b", year: 2022 }, { id: "c", year: null }], { start: 2012, end: 2021, prefix: "L" });
 * rows.map((r) => r.pass);   // [false, true]
 */
export function checkQuotedYears(quotes: readonly Row[], o: { start: number; end: number; prefix: string; year?: string }): AuditCheck[] {
  const col = o.year ?? "year";
  const named = quotes.filter((q) => q[col] !== null && q[col] !== undefined);
  const yearOf = (q: Row) => num(q[col], `checkQuotedYears: quote ${String(q.id)}, column "${col}"`);
  const outside = named.filter((q) => yearOf(q) < o.start || yearOf(q) > o.end);
  return [
    ...outside.map((q) => checkStatement({ id: `${o.prefix}-${String(q.id)}`, check: `text statement ${String(q.id)} names ${yearOf(q)}`, printed: String(yearOf(q)), recomputed: `outside ${o.start}–${o.end}`, pass: false })),
    checkStatement({ id: `${o.prefix}-all-other-years`, check: `the other years the text names lie in ${o.start}–${o.end}`, printed: `${named.length - outside.length} statements`, recomputed: "inside", pass: true }),
  ];
}

/** The printed parts of a Dagum table, each as values by time (see {@link checkDagumIdentities}). */
export interface DagumTables {
  /** Overall G: a series with one group. */
  G: TimeSeries;
  /** Within-group Gini G_jj, one group per group. */
  within: TimeSeries;
  /** Between-group Gini G_jh, one group per pair named "a<separator>b". */
  between: TimeSeries;
  /** Contribution shares, groups "within" and "between" (percent unless `percent: false`). */
  shares: TimeSeries;
  /** Group means μ_j (e.g. Table 4). */
  means: TimeSeries;
  /** Group sizes n_j. */
  sizes: Record<string, number>;
}

/**
 * The Dagum (1997) identities a printed decomposition must satisfy, per time, with
 * p_j = n_j / n, s_j = n_j μ_j / Σ_k n_k μ_k and pair weights p_j s_h + p_h s_j:
 * - K1: within share = 100 Σ_j G_jj p_j s_j / G;
 * - K2: between share = 100 G_nb / G, where G_nb = Σ_{j<h} (p_j s_h + p_h s_j) |μ_j − μ_h| / (μ_j + μ_h)
 *   depends on the group means only (d_jh − p_jh = μ_j − μ_h, so G_jh D_jh (μ_j + μ_h) = |μ_j − μ_h|);
 * - K3: G = G_w + Σ_{j<h} G_jh (p_j s_h + p_h s_j) (G_w + G_nb + G_t, from the table's own rows).
 * Tolerance: every printed input moved to both ends of its rounding interval (± `half`), the
 * extremes over all 2^k corners (exact for a function monotone in each input over the box, which
 * these ratios are near the printed point), plus half a unit of the compared value (`shareHalf`
 * for shares, `half` for G).
 *
 * @example
 * const s = (g: Record<string, number>) => cc.timeSeries([{ year: 2012, ...g }], { time: "year", groups: Object.keys(g) });
 * // two groups A = {1, 3}, B = {2, 4, 6}: G_AA = 1/4, G_BB = 2/9, G_AB = 7/18, G = 0.3; G_w = 0.125, G_nb = 0.15
 * const k = cc.checkDagumIdentities({ G: s({ G: 0.3 }), within: s({ A: 0.25, B: 2 / 9 }), between: s({ "A-B": 7 / 18 }),
 *   shares: s({ within: 125 / 3, between: 50 }), means: s({ A: 2, B: 4 }), sizes: { A: 2, B: 3 } }, { half: 0, shareHalf: 0 });
 * k.every((c) => c.pass);   // true
 */
export function checkDagumIdentities(
  tables: DagumTables,
  o: { half: number; shareHalf: number; prefix?: string; separator?: string; percent?: boolean; meansLabel?: string; digits?: number },
): AuditCheck[] {
  const prefix = o.prefix ?? "K";
  const sep = o.separator ?? "-";
  const scale = o.percent === false ? 1 : 100;
  const groups = tables.within.groups;
  for (const g of groups) {
    if (!(g in tables.sizes)) throw new AuditError(`checkDagumIdentities: no size for group "${g}"`);
    if (!tables.means.groups.includes(g)) throw new AuditError(`checkDagumIdentities: no mean for group "${g}"`);
  }
  const pairs = tables.between.groups.map((name) => {
    const ab = name.split(sep);
    const a = groups.indexOf(ab[0]), b = groups.indexOf(ab[1]);
    if (ab.length !== 2 || a < 0 || b < 0) throw new AuditError(`checkDagumIdentities: between-group "${name}" is not "a${sep}b" for two groups of ${groups.join(", ")}`);
    return [a, b] as [number, number];
  });
  const n = groups.reduce((s, g) => s + nonNegative(tables.sizes[g], `the size of "${g}"`, "checkDagumIdentities"), 0);
  const p = groups.map((g) => tables.sizes[g] / n);
  const sOf = (mu: number[]) => {
    const tot = groups.reduce((acc, g, j) => acc + tables.sizes[g] * mu[j], 0);
    return groups.map((g, j) => (tables.sizes[g] * mu[j]) / tot);
  };
  const gw = (gjj: number[], mu: number[]) => {
    const s = sOf(mu);
    return gjj.reduce((acc, x, j) => acc + x * p[j] * s[j], 0);
  };
  const pw = (s: number[], a: number, b: number) => p[a] * s[b] + p[b] * s[a];
  const gnb = (mu: number[]) => {
    const s = sOf(mu);
    return pairs.reduce((acc, [a, b]) => acc + (pw(s, a, b) * Math.abs(mu[a] - mu[b])) / (mu[a] + mu[b]), 0);
  };
  const gb = (gjh: number[], mu: number[]) => {
    const s = sOf(mu);
    return pairs.reduce((acc, [a, b], k) => acc + gjh[k] * pw(s, a, b), 0);
  };
  const h = nonNegative(o.half, "half", "checkDagumIdentities");
  const sh = nonNegative(o.shareHalf, "shareHalf", "checkDagumIdentities");
  const spread = (x: number[], f: (v: number[]) => number) => {
    const c = cornerBounds(x, x.map(() => h), f);
    return Math.max(c.hi - c.mid, c.mid - c.lo);
  };
  const meansLabel = o.meansLabel ?? "group means";
  return tables.G.times.flatMap((t) => {
    const G = valuesAt(tables.G, t)[tables.G.groups[0]];
    const wv = valuesAt(tables.within, t), bv = valuesAt(tables.between, t), mv = valuesAt(tables.means, t), shv = valuesAt(tables.shares, t);
    const gjj = groups.map((g) => wv[g]), mu = groups.map((g) => mv[g]), gjh = tables.between.groups.map((g) => bv[g]);
    const k = groups.length, m = pairs.length;
    const f1 = (v: number[]) => (scale * gw(v.slice(1, 1 + k), v.slice(1 + k))) / v[0];
    const f2 = (v: number[]) => (scale * gnb(v.slice(1))) / v[0];
    const f3 = (v: number[]) => gw(v.slice(0, k), v.slice(k + m)) + gb(v.slice(k, k + m), v.slice(k + m));
    const x1 = [G, ...gjj, ...mu], x2 = [G, ...mu], x3 = [...gjj, ...gjh, ...mu];
    return [
      checkValue({ id: `${prefix}1-${t}`, check: `${t} within share = 100·Σ G_jj p_j s_j / G`, printed: shv.within, recomputed: f1(x1), tolerance: spread(x1, f1) + sh, digits: 2 }),
      checkValue({ id: `${prefix}2-${t}`, check: `${t} between share = 100·G_nb(${meansLabel}) / G`, printed: shv.between, recomputed: f2(x2), tolerance: spread(x2, f2) + sh, digits: 2 }),
      checkValue({ id: `${prefix}3-${t}`, check: `${t} G = G_w + Σ G_jh (p_j s_h + p_h s_j)`, printed: G, recomputed: f3(x3), tolerance: spread(x3, f3) + h, digits: o.digits ?? 4 }),
    ];
  });
}

/**
 * The extremes of `f` over every corner of the box Π [x_i − h_i, x_i + h_i] (2^k evaluations, k ≤ 20),
 * and its value at the centre: the rounding bound of a quantity computed from k printed values.
 * Exact when `f` is monotone in each argument over the box.
 *
 * @example
 * const b = cc.cornerBounds([0.05, 0.043], [0.0005, 0.0005], ([a, b]) => (a - b) / a);
 * [b.lo, b.mid, b.hi];   // [0.1212... (0.006 / 0.0495), 0.14, 0.1584... (0.008 / 0.0505)]
 */
export function cornerBounds(x: readonly number[], h: readonly number[], f: (v: number[]) => number): { lo: number; mid: number; hi: number } {
  if (x.length !== h.length) throw new AuditError(`cornerBounds: ${x.length} values but ${h.length} half units`);
  if (x.length > 20) throw new AuditError(`cornerBounds: ${x.length} inputs would take 2^${x.length} evaluations (at most 20)`);
  let lo = Infinity, hi = -Infinity;
  const v = new Array<number>(x.length);
  for (let mask = 0; mask < 1 << x.length; mask++) {
    for (let i = 0; i < x.length; i++) v[i] = x[i] + ((mask >> i) & 1 ? h[i] : -h[i]);
    const y = f(v);
    if (!Number.isFinite(y)) throw new AuditError(`cornerBounds: f is ${y} at the corner [${v.join(", ")}]`);
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  return { lo, mid: f([...x]), hi };
}

const COLUMNS = ["id", "检查 check", "论文 printed", "重算 recomputed", "距离 distance", "容差 tolerance", "结果 result"];

/**
 * A group of checks as a result to show: `cc.showTable(a, { caption: a.caption, digits: 4 })`.
 * Takes check rows and arrays of them (what the `check...` functions return).
 *
 * @example
 * const a = cc.audit("C. Sums", cc.checkSums([{ w: 0.6 }, { w: 0.4 }], { columns: ["w"], total: 1, half: 0.0005, prefix: "C" }));
 * a.caption;   // "C. Sums: 1 of 1 pass" (one check, id "C-w": "w: 0.6 + 0.4 = 1")
 */
export function audit(group: string, ...checks: Array<AuditCheck | AuditCheck[]>): AuditResult {
  const rows = checks.flat().map((c) => ({ ...c, group }));
  const ids = new Set<string>();
  for (const c of rows) {
    if (ids.has(c.id)) throw new AuditError(`audit "${group}": the id "${c.id}" is used twice`);
    ids.add(c.id);
  }
  const tableRows = rows.map((c) => ({
    id: c.id,
    "检查 check": c.check,
    "论文 printed": c.printed,
    "重算 recomputed": c.recomputed,
    "距离 distance": c.distance,
    "容差 tolerance": c.tolerance,
    "结果 result": c.pass ? "✓ pass" : "✗ FAIL",
  }));
  const failed = rows.filter((c) => !c.pass);
  const passed = rows.length - failed.length;
  return makeResult<AuditResult>("audit", rows as Array<AuditCheck & Row>, KEYS, {
    tableRows,
    columns: COLUMNS,
    group,
    caption: `${group}: ${passed} of ${rows.length} pass`,
    passed,
    total: rows.length,
    failed,
  });
}

/**
 * One row per group (checks, passed, failed, the largest distance, the failed ids: first … last
 * (n) when more than three) and a total row.
 *
 * @example
 * const a = cc.audit("A", [cc.checkValue({ id: "a1", check: "x", printed: 1, recomputed: 1.0004, tolerance: 0.001 })]);
 * cc.auditSummary([a]).caption;   // "全部核对 All checks: 1 of 1 pass"
 */
export function auditSummary(results: readonly AuditResult[]): AuditSummary {
  const all = results.flatMap((r) => r.rows as AuditCheck[]);
  const tableRows: Row[] = results.map((r) => {
    const cs = r.rows as AuditCheck[];
    const failed = cs.filter((c) => !c.pass);
    const ds = cs.filter((c) => c.distance !== null).map((c) => c.distance as number);
    return {
      "检查组 group": r.group,
      "检查数 checks": cs.length,
      "通过 pass": cs.length - failed.length,
      "未通过 fail": failed.length,
      "最大距离 max distance": ds.length ? Math.max(...ds) : null,
      "未通过 failed ids": failed.length > 3 ? `${failed[0].id} … ${failed[failed.length - 1].id} (${failed.length})` : failed.map((c) => c.id).join(", "),
    };
  });
  const failed = all.filter((c) => !c.pass);
  tableRows.push({ "检查组 group": "合计 total", "检查数 checks": all.length, "通过 pass": all.length - failed.length, "未通过 fail": failed.length, "最大距离 max distance": null, "未通过 failed ids": "" });
  return makeResult<AuditSummary>("auditSummary", tableRows, KEYS, {
    tableRows,
    caption: `全部核对 All checks: ${all.length - failed.length} of ${all.length} pass`,
    passed: all.length - failed.length,
    total: all.length,
    failed,
  });
}
