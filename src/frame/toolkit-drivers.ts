/**
 * Frame calls for four of the field's other methods (METHODS.md sections 15-18), each on a panel
 * whose keys were named once with `panel()`:
 * - `discretize`: quantile, equal-interval or given-edge classes of a numeric column, the bins
 *   echoed (label, bounds, count);
 * - `detectFactors`: the geographical detector (factor, interaction, risk, ecological) of a value
 *   column stratified by other columns of one time or of the pooled panel;
 * - `centreOfGravity`: the weighted mean centre and standard deviational ellipse of the units'
 *   polygon centroids, per time;
 * - `greyForecast`: GM(1,1) of the yearly mean series, over all units or per group;
 * - `convergenceOf`: sigma (per time) and beta (absolute and panel forms) convergence.
 *
 * Each validates the panel once (`validatePanel`), calls the core, and returns a result in the
 * house style (records, keys, a display table, the settings and conventions used); the figures
 * of `src/plot/toolkit-drivers.ts` take these results as they are.
 */
import { convergence, type ConvergenceResult, type ZeroRule } from "../core/convergence";
import { polygonCentroid, standardEllipse, type EllipseCorrection, type PolygonalGeometry } from "../core/ellipse";
import { geodetector, type GeodetectorFactor, type GeodetectorResult, type StratumLabel } from "../core/geodetector";
import { gm11, LevelRatioError, type GM11Result } from "../core/gm11";
import { AREAS, editDistance, NON_ANALYSED_ADCODES, tryResolveProvince } from "../data/registry";
import { FrameError } from "./errors";
import { groupInfos, isGroupPreset, unitId, type GroupPreset, type KeyOptions } from "./panel";
import { makeResult, type GroupInfo, type PanelKeys, type Row, type TableResult } from "./results";
import { inputRows, type FrameInput } from "./table";
import { booleanOption, numberOption, timeOption, unbalancedWarning, validatePanel, type ValidPanel } from "./validate";

// ---------------------------------------------------------------------------------------------
// shared helpers

/** "110000 北京" (label from the panel, else a province's short name), or the id alone. */
function unitName(valid: ValidPanel, id: string): string {
  const row = valid.label ? valid.rows.find((r) => String(r[valid.unit]) === id && r[valid.label!] != null) : undefined;
  const l = row ? row[valid.label!] : /^\d{6}$/.test(id) ? tryResolveProvince(id)?.shortName : undefined;
  return l ? `${id} ${String(l)}` : id;
}

/** A number as bin labels show it: four significant digits, no trailing zeros. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/**
 * The rows of one time (or all rows for "pooled"): `year` as a number or text ("2019", read by
 * `timeOption`), default the last time.
 */
function sampleRows(valid: ValidPanel, year: unknown, what: string): { rows: ValidPanel["rows"]; year: number | "pooled" } {
  if (typeof year === "string" && year.trim().toLowerCase() === "pooled") return { rows: valid.rows, year: "pooled" };
  const t = timeOption(year, "year", what, valid.times) ?? valid.times[valid.times.length - 1];
  return { rows: valid.rows.filter((r) => Number(r[valid.time]) === t), year: t };
}

// ---------------------------------------------------------------------------------------------
// discretize

/** How {@link discretize} cuts: type-7 quantiles, equal intervals, or the edges given. */
export type DiscretizeMethod = "quantile" | "equal" | "edges";

/** Options of {@link discretize} (and of each numeric factor of {@link detectFactors}). */
export interface DiscretizeOptions {
  /** `"quantile"` (default), `"equal"` (equal intervals) or `"edges"` (the `edges` given). */
  method?: DiscretizeMethod;
  /** Number of classes for "quantile" and "equal" (default 5). */
  k?: number;
  /** For "edges": the k + 1 class boundaries, strictly increasing; every value must lie in [first, last]. */
  edges?: readonly number[];
}

/** Options of {@link discretize} when it is given a panel: the column, and optionally one time. */
export interface DiscretizePanelOptions extends DiscretizeOptions, KeyOptions {
  /** The numeric column to classify (required for a panel). */
  column?: string;
  /** Only the rows of this time (default: every row of the panel). */
  year?: number;
}

/** One class: number (from 1), label ("[a, b]" for the first, "(a, b]" for the others), bounds, count. */
export interface DiscretizeBin extends Row {
  bin: number;
  label: string;
  lower: number;
  upper: number;
  count: number;
}

/**
 * `discretize()`: one record per class (`{ bin, label, lower, upper, count }`); `classes` holds the
 * class (1..k) of every value in the order given.
 */
export interface DiscretizeResult extends TableResult {
  readonly kind: "discretize";
  readonly rows: DiscretizeBin[];
  readonly method: DiscretizeMethod;
  /** Classes kept (fewer than asked when quantiles coincide: see `notes`). */
  readonly k: number;
  /** Classes asked for. */
  readonly kRequested: number;
  /** The k + 1 boundaries: the minimum (or first edge), then each class's upper bound. */
  readonly edges: number[];
  /** Classes are right-closed `(a, b]`, the first closed on both sides `[a, b]` (mapclassify, R cut(include.lowest = TRUE)). */
  readonly closed: "right";
  /** The class of each value, 1..k, in input order. */
  readonly classes: number[];
  readonly values: number[];
  /** For a panel: one record per row classified `{ <unit>, <label>?, <time>, <column>, class, bin }`. */
  readonly assignments?: Row[];
  readonly column?: string;
  /** One line for the method ("quantile, k = 4 (type-7 quantiles, right-closed)"). */
  readonly description: string;
  readonly notes: string[];
}

/** Type-7 quantile (R's default, numpy's "linear"): `x[h] + (h - floor h)(x[h+1] - x[h])`, h = (n - 1) p, x sorted. */
function quantile7(sorted: readonly number[], num: number, den: number): number {
  const n = sorted.length;
  // h = (n - 1) num / den: the product is an exact integer, so h is exact whenever it is whole
  const h = ((n - 1) * num) / den;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

interface Cut {
  method: DiscretizeMethod;
  k: number;
  kRequested: number;
  edges: number[];
  classes: number[];
  bins: DiscretizeBin[];
  description: string;
  notes: string[];
}

/** Classes of plain values; `where(i)` names value i (0-based) in messages. */
function cut(values: readonly number[], options: DiscretizeOptions, what: string, where: (i: number) => string): Cut {
  const method = options.method ?? (options.edges !== undefined ? "edges" : "quantile");
  if (method !== "quantile" && method !== "equal" && method !== "edges") {
    throw new FrameError(`${what}: method ${JSON.stringify(method)} is not "quantile", "equal" or "edges"`);
  }
  const n = values.length;
  if (n === 0) throw new FrameError(`${what}: no values to classify`);
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new FrameError(`${what}: ${where(i)} is ${String(v)}, not a finite number`);
  });
  const notes: string[] = [];
  let upper: number[];
  let lower0: number;
  let kRequested: number;
  let description: string;
  if (method === "edges") {
    if (options.k !== undefined) throw new FrameError(`${what}: k is for "quantile" and "equal"; with edges the classes are the edges given`);
    const e = options.edges;
    if (!Array.isArray(e) || e.length < 3) {
      throw new FrameError(`${what}: method "edges" needs edges: at least 3 boundaries (2 classes), e.g. [0, 0.4, 0.6, 1]; got ${JSON.stringify(e)}`);
    }
    e.forEach((b, j) => {
      if (typeof b !== "number" || Number.isNaN(b)) throw new FrameError(`${what}: edges[${j + 1}] (counted from 1) is ${String(b)}, not a number`);
      if (j > 0 && !(b > e[j - 1])) throw new FrameError(`${what}: edges must increase strictly: edges[${j + 1}] = ${b} follows edges[${j}] = ${e[j - 1]}`);
    });
    const outside = values.flatMap((v, i) => (v < e[0] || v > e[e.length - 1] ? [`${where(i)} = ${v}`] : []));
    if (outside.length) {
      throw new FrameError(`${what}: ${outside.length} value${outside.length > 1 ? "s lie" : " lies"} outside the edges [${e[0]}, ${e[e.length - 1]}]`, outside, "Widen the first or last edge (-Infinity and Infinity are allowed).");
    }
    lower0 = e[0];
    upper = e.slice(1);
    kRequested = upper.length;
    description = `edges ${e.map(fmt).join(", ")} (right-closed, the first class closed)`;
  } else {
    if (options.edges !== undefined) throw new FrameError(`${what}: edges are for method "edges" (method is "${method}")`);
    const k = numberOption(options.k, "k", what) ?? 5;
    if (!Number.isInteger(k) || k < 2) throw new FrameError(`${what}: k must be an integer of at least 2 (got ${String(options.k)})`);
    kRequested = k;
    const sorted = values.slice().sort((a, b) => a - b);
    const min = sorted[0];
    const max = sorted[n - 1];
    if (!(max > min)) throw new FrameError(`${what}: every value is ${min}: there is nothing to classify`);
    lower0 = min;
    if (method === "quantile") {
      upper = Array.from({ length: k }, (_, i) => (i + 1 === k ? max : quantile7(sorted, i + 1, k)));
      description = `quantile, k = ${k} (type-7 quantiles as upper bounds, right-closed: mapclassify Quantiles)`;
    } else {
      upper = Array.from({ length: k }, (_, i) => (i + 1 === k ? max : min + ((max - min) * (i + 1)) / k));
      description = `equal intervals, k = ${k} (upper bounds min + i (max - min) / k, right-closed: mapclassify EqualInterval)`;
    }
    const distinct = upper.filter((u, i) => i === 0 || u !== upper[i - 1]);
    if (distinct.length < upper.length) {
      notes.push(`${upper.length - distinct.length} upper bound(s) coincide (tied values): ${distinct.length} classes instead of ${k}`);
      upper = distinct;
    }
  }
  const classes = values.map((v) => {
    for (let j = 0; j < upper.length; j++) if (v <= upper[j]) return j + 1;
    return upper.length; // not reached: the last bound is the maximum (or the last edge)
  });
  const counts = new Array<number>(upper.length).fill(0);
  for (const c of classes) counts[c - 1]++;
  const edges = [lower0, ...upper];
  const bins: DiscretizeBin[] = upper.map((u, j) => ({
    bin: j + 1,
    label: `${j === 0 ? "[" : "("}${fmt(edges[j])}, ${fmt(u)}]`,
    lower: edges[j],
    upper: u,
    count: counts[j],
  }));
  const empty = bins.filter((b) => b.count === 0).map((b) => b.bin);
  if (empty.length) notes.push(`class${empty.length > 1 ? "es" : ""} ${empty.join(", ")} hold${empty.length > 1 ? "" : "s"} no value`);
  return { method, k: upper.length, kRequested, edges, classes, bins, description, notes };
}

function isNumberArray(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x)) return true;
  return Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === "number");
}

/**
 * Classes of a numeric variable, with the bins echoed (each class's number, label, bounds and
 * count), for the geographical detector or any classed map.
 *
 * - `"quantile"` (default, k = 5): the upper bounds are the type-7 quantiles (R's default,
 *   `x[h] + (h - floor h)(x[h+1] - x[h])`, h = (n - 1) i / k, i = 1..k-1) and the maximum;
 *   classes are right-closed `(a, b]`, the first `[min, b]` (mapclassify `Quantiles`). When tied
 *   values make bounds coincide, the duplicates are dropped and `notes` says so (fewer classes).
 * - `"equal"`: upper bounds `min + i (max - min) / k` and the maximum (mapclassify `EqualInterval`).
 * - `"edges"`: the k + 1 boundaries given, `[e0, e1], (e1, e2], ...`; a value outside [e0, ek] is
 *   an error naming it.
 *
 * Takes plain numbers (`classes[i]` is the class of `values[i]`), or a panel with `{ column }`
 * (and optionally `{ year }`), which adds `assignments`: one record per row with its class.
 *
 * @example
 * const b = cc.discretize([1, 2, 3, 4, 5, 6, 7, 8, 9], { k: 3 });
 * b.edges;     // [1, 3.6666666666666665, 6.333333333333333, 9]  (h = 8/3 and 16/3)
 * b.classes;   // [1, 1, 1, 2, 2, 2, 3, 3, 3]
 * b.rows[0];   // { bin: 1, label: "[1, 3.667]", lower: 1, upper: 3.6666666666666665, count: 3 }
 * cc.discretize(cd2, { column: "economy", year: 2019, k: 4 }).assignments?.slice(0, 2);
 */
export function discretize(values: ArrayLike<number> | FrameInput, options: DiscretizePanelOptions = {}): DiscretizeResult {
  const what = "discretize";
  if (isNumberArray(values)) {
    const vals = Array.from(values as ArrayLike<number>);
    const c = cut(vals, options, what, (i) => `value ${i + 1} (counted from 1)`);
    return makeResult<DiscretizeResult>("discretize", c.bins, { unit: "unit", time: "time" }, {
      method: c.method,
      k: c.k,
      kRequested: c.kRequested,
      edges: c.edges,
      closed: "right",
      classes: c.classes,
      values: vals,
      description: c.description,
      notes: c.notes,
    });
  }
  if (Array.isArray(values) && values.length === 0) throw new FrameError(`${what}: no values to classify`);
  const column = options.column;
  if (typeof column !== "string" || column === "") {
    throw new FrameError(`${what}: name the column to classify: discretize(panel, { column: "...", k })`, [], "Or pass an array of numbers.");
  }
  const valid = validatePanel(values as FrameInput, { ...options, indicators: [column], what });
  const rows = options.year === undefined ? valid.rows : sampleRows(valid, options.year, what).rows;
  const vals = rows.map((r) => r[column] as number);
  const c = cut(vals, options, what, (i) => `${column} of ${unitName(valid, String(rows[i][valid.unit]))} in ${rows[i][valid.time]}`);
  const assignments: Row[] = rows.map((r, i) => ({
    [valid.unit]: r[valid.unit],
    ...(valid.label ? { [valid.label]: r[valid.label] } : {}),
    [valid.time]: r[valid.time],
    [column]: vals[i],
    class: c.classes[i],
    bin: c.bins[c.classes[i] - 1].label,
  }));
  return makeResult<DiscretizeResult>("discretize", c.bins, valid.keys, {
    method: c.method,
    k: c.k,
    kRequested: c.kRequested,
    edges: c.edges,
    closed: "right",
    classes: c.classes,
    values: vals,
    assignments,
    column,
    description: c.description,
    notes: c.notes,
  });
}

// ---------------------------------------------------------------------------------------------
// geographical detector

/** How a factor of {@link detectFactors} is stratified: its values as they are, or classes. */
export type FactorSpec = "categorical" | DiscretizeOptions;

export interface DetectFactorsOptions extends KeyOptions {
  /** The explained variable (default "D"). */
  value?: string;
  /**
   * The stratifying columns. A list: text columns are used as they are (each value a stratum),
   * numeric columns are cut into 5 quantile classes. An object: per column, `"categorical"` or
   * the {@link DiscretizeOptions} of its classes (e.g. `{ economy: { k: 4 }, region: "categorical" }`).
   */
  factors: readonly string[] | Readonly<Record<string, FactorSpec>>;
  /** The time analysed (default: the last time of the panel), or `"pooled"`: every unit-time row. */
  year?: number | "pooled";
  /** Keep strata with a single observation as R geodetector does (default false: an error names it). */
  allowSingletonStrata?: boolean;
}

/** Factor detector record: the core's factor row (R geodetector's names) and how x was stratified. */
export interface FactorRecord extends Row, GeodetectorFactor {
  /** "categorical", or the classes ("quantile, k = 4 ..."). */
  stratification: string;
}

/** Risk detector: one record per stratum, with its pairs' Welch tests in `pairs`. */
export interface RiskResult extends TableResult {
  readonly kind: "geodetector-risk";
  readonly pairs: TableResult;
}

/**
 * `detectFactors()`: one record per factor `{ x, stratification, strata, q, p, F, df1, df2,
 * lambda_ncp, ssw, sst }` in the order given; `interaction`, `risk` (with `risk.pairs`) and
 * `ecological` as results of their own; the classes of each numeric factor in `bins`.
 */
export interface GeodetectorFrameResult extends TableResult {
  readonly kind: "geodetector";
  readonly rows: FactorRecord[];
  readonly value: string;
  /** The time analysed, or "pooled". */
  readonly year: number | "pooled";
  /** Times in the sample (one, or all when pooled). */
  readonly times: number[];
  /** Observations N. */
  readonly n: number;
  /** "2019: 31 units" or "pooled 2011-2019: 279 unit-times (each unit-time one observation)". */
  readonly sample: string;
  readonly factors: string[];
  /** Numeric factors: their classes (bins with labels, bounds and counts); categorical: null. */
  readonly bins: Record<string, DiscretizeResult | null>;
  /** Interaction detector: `{ x1, x2, q1, q2, q12, p12, overlay_strata, overlay_singletons, type, type_textbook }`. */
  readonly interaction: TableResult;
  readonly risk: RiskResult;
  /** Ecological detector (R's ratio of q values against qf(0.9, N-1, N-1), the textbook form beside it). */
  readonly ecological: TableResult;
  /** The core's conventions (R geodetector 1.0-5) and data notes. */
  readonly notes: string[];
  /** The core's result as it is. */
  readonly core: GeodetectorResult;
}

/**
 * The geographical detector (Wang et al. 2010; METHODS.md section 15) of `value` stratified by
 * columns of the panel: the factor detector (q = 1 - SSW/SST, F, the noncentral-F p of R
 * geodetector 1.0-5), the interaction detector (q of each overlay x1 ∩ x2 and R's type), the risk
 * detector (stratum means, Welch tests) and the ecological detector, from the core's `geodetector`.
 *
 * The sample is one time (`year`, default the last), or `"pooled"`: every unit-time row one
 * observation (the result says which). Text columns are strata as they are; numeric columns are
 * cut by {@link discretize} on the sample's values (default 5 quantile classes), and each
 * factor's bins are echoed in `bins` (label, bounds, count); strata are the class numbers 1..k.
 * A stratum with a single observation is refused (the error names the column, the stratum, the
 * unit and the time) unless `allowSingletonStrata`.
 *
 * @example
 * const g = cc.detectFactors(cc.panel(cd2, { group: cc.NBS_REGIONS }), {
 *   factors: { region: "categorical", economy: { k: 4 }, basic: { k: 5 } },
 *   year: 2019,
 * });
 * g.rows.map((r) => [r.x, r.q.toFixed(3), r.p.toExponential(1)]);   // factor detector
 * g.bins.economy?.rows;                                            // the four classes of economy
 * g.interaction.rows[0].type;                                      // "Enhance, bi-"
 * cc.geodetectorBars(g); cc.interactionHeatmap(g);
 */
export function detectFactors(input: FrameInput, options: DetectFactorsOptions): GeodetectorFrameResult {
  const what = "detectFactors";
  const value = options.value ?? "D";
  if (!options || options.factors === undefined || options.factors === null) {
    throw new FrameError(`${what}: name the factors: { factors: ["region", "economy"] } or { factors: { economy: { k: 4 } } }`);
  }
  const given: Array<[string, FactorSpec | undefined]> = Array.isArray(options.factors)
    ? (options.factors as string[]).map((f) => [f, undefined])
    : Object.entries(options.factors as Record<string, FactorSpec>);
  if (given.length === 0) throw new FrameError(`${what}: no factors given`);
  const names = given.map(([f]) => f);
  const dup = names.find((f, i) => names.indexOf(f) !== i);
  if (dup !== undefined) throw new FrameError(`${what}: factor "${dup}" is named twice`);
  if (names.includes(value)) throw new FrameError(`${what}: "${value}" is the explained value; it cannot also be a factor`);

  const { rows: raw, keys: carried } = inputRows(input);
  const present = new Set<string>();
  for (const r of raw) for (const c of Object.keys(r)) present.add(c);
  // a factor is numeric when the options give classes, or (in a list) when every cell is a number
  const numericCol = (c: string) => raw.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number") && raw.some((r) => typeof r[c] === "number");
  const specs = new Map<string, FactorSpec>();
  for (const [f, spec] of given) {
    if (spec !== undefined && spec !== "categorical" && (typeof spec !== "object" || spec === null)) {
      throw new FrameError(`${what}: factor "${f}": ${JSON.stringify(spec)} is neither "categorical" nor discretize options such as { k: 4 }`);
    }
    specs.set(f, spec ?? (present.has(f) && numericCol(f) ? { method: "quantile", k: 5 } : "categorical"));
  }
  const numeric = names.filter((f) => specs.get(f) !== "categorical");
  const valid = validatePanel(input, { ...options, indicators: [value, ...numeric], what });
  const categorical = names.filter((f) => specs.get(f) === "categorical");
  const absent = categorical.filter((f) => !present.has(f) && f !== valid.group);
  if (absent.length) {
    throw new FrameError(`${what}: no column ${absent.map((c) => `"${c}"`).join(", ")} in the panel`, [`columns present: ${[...present].join(", ")}`]);
  }
  const { rows, year } = sampleRows(valid, options.year, what);
  const times = year === "pooled" ? valid.times.slice() : [year];
  const allowSingletonStrata = booleanOption(options.allowSingletonStrata, "allowSingletonStrata", what) ?? false;
  const where = (i: number) => `${unitName(valid, String(rows[i][valid.unit]))}, ${rows[i][valid.time]}`;

  // categorical labels: from the validated rows (group, label) or the input rows by unit and time
  const rawByKey = new Map<string, Row>();
  for (const r of raw) rawByKey.set(`${unitId(r[valid.unit])}|${Number(r[valid.time])}`, r);
  const strata = new Map<string, StratumLabel[]>();
  const bins: Record<string, DiscretizeResult | null> = {};
  for (const f of names) {
    const spec = specs.get(f)!;
    if (spec === "categorical") {
      const missing: string[] = [];
      const labels = rows.map((r, i) => {
        const src = f in r ? (r as Row) : rawByKey.get(`${r[valid.unit]}|${r[valid.time]}`);
        const v = src?.[f];
        if (v === null || v === undefined || (typeof v === "string" && v.trim() === "") || (typeof v === "number" && !Number.isFinite(v))) {
          missing.push(`${where(i)}: ${String(v)}`);
          return "";
        }
        return typeof v === "number" ? v : String(v).trim();
      });
      if (missing.length) throw new FrameError(`${what}: factor "${f}" has ${missing.length} missing label${missing.length > 1 ? "s" : ""}`, missing);
      const types = new Set(labels.map((l) => typeof l));
      // numbers and text mixed in one column: compare them all as text (R pastes labels as strings)
      strata.set(f, types.size > 1 ? labels.map(String) : labels);
      bins[f] = null;
    } else {
      const vals = rows.map((r) => r[f] as number);
      const c = cut(vals, spec, `${what}: factor "${f}"`, (i) => `${f} of ${where(i)}`);
      strata.set(f, c.classes);
      bins[f] = makeResult<DiscretizeResult>("discretize", c.bins, valid.keys, {
        method: c.method,
        k: c.k,
        kRequested: c.kRequested,
        edges: c.edges,
        closed: "right",
        classes: c.classes,
        values: vals,
        column: f,
        description: c.description,
        notes: c.notes,
      });
    }
  }
  if (!allowSingletonStrata) {
    for (const f of names) {
      const labels = strata.get(f)!;
      const count = new Map<string, number>();
      for (const l of labels) count.set(String(l), (count.get(String(l)) ?? 0) + 1);
      const single = labels.map((l, i) => (count.get(String(l)) === 1 ? i : -1)).filter((i) => i >= 0);
      if (single.length) {
        const b = bins[f];
        const name = (l: StratumLabel) => (b ? `class ${l} ${b.rows[(l as number) - 1].label}` : `"${l}"`);
        throw new FrameError(
          `${what}: factor "${f}" has ${single.length} stratum${single.length > 1 ? "s" : ""} with a single observation`,
          single.map((i) => `${name(labels[i])}: only ${where(i)}`),
          b
            ? "Use fewer classes ({ k }), other edges, or { allowSingletonStrata: true } (R geodetector keeps them)."
            : "Merge the stratum with a neighbouring one, or pass { allowSingletonStrata: true } (R geodetector keeps them).",
        );
      }
    }
  }
  const y = rows.map((r) => r[value] as number);
  let core: GeodetectorResult;
  try {
    core = geodetector(y, new Map(names.map((f) => [f, strata.get(f)!])), { allowSingletonStrata });
  } catch (e) {
    const msg = (e as Error).message;
    const m = /index (\d+) \(count/.exec(msg);
    throw new FrameError(`${what}: ${msg}`, m ? [`index ${m[1]} is ${where(Number(m[1]) - 1)}`] : []);
  }
  const describe = (f: string) => (bins[f] ? bins[f]!.description : "categorical");
  const records: FactorRecord[] = core.factor.map((r) => ({
    x: r.x,
    stratification: describe(r.x),
    strata: r.strata,
    q: r.q,
    p: r.p,
    F: r.F,
    df1: r.df1,
    df2: r.df2,
    lambda_ncp: r.lambda_ncp,
    ssw: r.ssw,
    sst: r.sst,
  }));
  const binLabel = (f: string, s: string) => (bins[f] ? bins[f]!.rows[Number(s) - 1].label : s);
  const interaction = makeResult<TableResult>("geodetector-interaction", core.interaction.map((r) => ({ ...r })), valid.keys, {
    columns: ["x1", "x2", "q1", "q2", "q12", "p12", "overlay_strata", "overlay_singletons", "type", "type_textbook"],
  });
  const riskRows: Row[] = core.risk.flatMap((b) => b.strata.map((s, j) => ({ x: b.x, stratum: s, bin: binLabel(b.x, s), n: b.n[j], mean: b.mean[j] })));
  const pairRows: Row[] = core.risk.flatMap((b) => b.pairs.map((p) => ({ x: b.x, ...p })));
  const pairs = makeResult<TableResult>("geodetector-risk-pairs", pairRows, valid.keys, {
    columns: ["x", "a", "b", "n_a", "n_b", "t_welch", "df_welch", "p_welch", "sig_R"],
  });
  const risk = makeResult<RiskResult>("geodetector-risk", riskRows, valid.keys, { pairs });
  const ecological = makeResult<TableResult>("geodetector-ecological", core.ecological.map((r) => ({ ...r })), valid.keys, {
    columns: ["x1", "x2", "q1", "q2", "F_q2_over_q1", "F_q1_over_q2", "F_crit_0.9", "sig_R"],
  });
  const nUnits = new Set(rows.map((r) => r[valid.unit])).size;
  const sample =
    year === "pooled"
      ? `pooled ${times[0]}-${times[times.length - 1]}: ${rows.length} unit-times of ${nUnits} units (each unit-time one observation)`
      : `${year}: ${rows.length} units`;
  const notes = [`sample: ${sample}`, ...names.flatMap((f) => (bins[f] ? bins[f]!.notes.map((n) => `${f}: ${n}`) : [])), ...core.notes];
  return makeResult<GeodetectorFrameResult>("geodetector", records, valid.keys, {
    columns: ["x", "stratification", "strata", "q", "p", "F", "df1", "df2"],
    value,
    year,
    times,
    n: core.n,
    sample,
    factors: names,
    bins,
    interaction,
    risk,
    ecological,
    notes,
    core,
  });
}

// ---------------------------------------------------------------------------------------------
// centre of gravity and standard deviational ellipse

/** A GeoJSON FeatureCollection as the map loaders return it (only what is read here). */
export interface CentreGeoJson {
  type: "FeatureCollection";
  features: ReadonlyArray<{ properties: Record<string, unknown> | null; geometry: { type: string; coordinates: unknown } | null }>;
}

export interface CentreOfGravityOptions extends KeyOptions {
  /** The weight of each unit (default "D"): the centre of gravity of this value. */
  value?: string;
  /** The feature property holding the unit ids (default "adcode"). */
  idProperty?: string;
  /** Scaling of the ellipse's axes (default "none": the weighted standard deviations): see `standardEllipse`. */
  correction?: EllipseCorrection;
  /**
   * The map's coordinates: `"lonlat"` (default; longitude/latitude degrees, checked to be in range
   * and used as planar) or `"planar"` (projected coordinates, e.g. metres).
   */
  coordinates?: "lonlat" | "planar";
}

/** One time of {@link centreOfGravity}. */
export interface CentreRecord extends Row {
  /** Weighted mean centre (the centre of gravity), x (longitude). */
  x: number;
  y: number;
  /** Semi-axes after `correction` (in the map's units: degrees for lon/lat). */
  major: number;
  minor: number;
  /** Direction of the major axis, radians counter-clockwise from east (+x), in (-pi/2, pi/2]. */
  angle: number;
  /** Direction of the major axis, degrees clockwise from north, in [0, 180). */
  azimuth: number;
  /** `pi major minor`. */
  area: number;
  /** `1 - minor / major`. */
  flattening: number;
  /** Plain (unweighted) mean centre of the points. */
  x_unweighted: number;
  y_unweighted: number;
  /** Move of the centre since the previous time (null for the first). */
  dx: number | null;
  dy: number | null;
  /** `sqrt(dx^2 + dy^2)` in the map's units (null for the first time). */
  distance: number | null;
  n: number;
}

/**
 * `centreOfGravity()`: one record per time `{ <time>, x, y, major, minor, angle, azimuth, area,
 * flattening, x_unweighted, y_unweighted, dx, dy, distance, n }`; `points` the unit points.
 */
export interface CentreResult extends TableResult {
  readonly kind: "centre-of-gravity";
  readonly rows: CentreRecord[];
  readonly value: string;
  readonly idProperty: string;
  readonly correction: EllipseCorrection;
  /** "lon/lat degrees treated as planar" (no projection) or "planar". */
  readonly coordinates: "lon/lat degrees treated as planar" | "planar";
  /** The point of each unit (area-weighted centroid of its polygons): `{ <unit>, <label>?, x, y }`. */
  readonly points: TableResult;
  readonly notes: string[];
}

function closestIds(id: string, pool: readonly string[]): string {
  return pool
    .map((p, k) => ({ p, k, d: editDistance(id, p) }))
    .sort((a, b) => a.d - b.d || a.k - b.k)
    .slice(0, 3)
    .map((c) => JSON.stringify(c.p))
    .join(", ");
}

/**
 * The centre of gravity of `value` and its standard deviational ellipse, per time (METHODS.md
 * section 16). Each unit's point is the area-weighted centroid of all its polygons
 * (`polygonCentroid` of the feature whose `properties[idProperty]` is the unit id); per time,
 * the centre is `sum w_i p_i / sum w_i` with w = the unit's value (`meanCenter`), and the
 * ellipse is `standardEllipse(points, { weights, correction })`: axes = weighted standard
 * deviations along the major and minor axis (times the correction's factor), `angle` radians
 * counter-clockwise from east, `azimuth` degrees clockwise from north.
 *
 * Longitude/latitude degrees are used as planar coordinates (no projection; the result says
 * "lon/lat degrees treated as planar"): east-west degrees are shorter by cos(latitude), so axes
 * and angle are in degree space, as in the SDE papers on Chinese provinces.
 *
 * Every unit of the panel needs a feature and every polygonal feature a unit (an error names the
 * property and the closest ids), and every unit a row at every time; a negative value is an error
 * naming the unit and time (a 0 is a weight of 0, e.g. Tibet's D in 2011).
 *
 * @example
 * const g = cc.centreOfGravity(cd2, map);
 * g.rows.map((r) => [r.year, r.x.toFixed(3), r.y.toFixed(3), r.azimuth.toFixed(1)]);
 * g.coordinates;   // "lon/lat degrees treated as planar"
 * cc.ellipseMap(map, g, { years: [2011, 2019] });
 */
export function centreOfGravity(input: FrameInput, geojson: CentreGeoJson, options: CentreOfGravityOptions = {}): CentreResult {
  const what = "centreOfGravity";
  const value = options.value ?? "D";
  const idProperty = options.idProperty ?? "adcode";
  const correction = options.correction ?? "none";
  const coords = options.coordinates ?? "lonlat";
  if (coords !== "lonlat" && coords !== "planar") throw new FrameError(`${what}: coordinates must be "lonlat" or "planar" (got ${JSON.stringify(coords)})`);
  if (typeof idProperty !== "string" || idProperty === "" || idProperty.startsWith("properties.")) {
    throw new FrameError(`${what}: idProperty must be a bare property name of the features, e.g. "adcode" (got ${JSON.stringify(idProperty)})`);
  }
  if (!geojson || geojson.type !== "FeatureCollection" || !Array.isArray(geojson.features)) {
    throw new FrameError(`${what}: the map must be a GeoJSON FeatureCollection (e.g. cc.loadProvinceMap())`);
  }
  const valid = validatePanel(input, { ...options, indicators: [value], what });
  const notes: string[] = [];
  // polygons by id (several features of one id are one unit: all their parts)
  const polys = new Map<string, unknown[]>();
  for (const f of geojson.features) {
    const g = f.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) continue;
    const v = f.properties?.[idProperty];
    const id = typeof v === "string" ? v.trim() : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;
    if (id === undefined || id === "") continue;
    const parts = g.type === "Polygon" ? [g.coordinates] : (g.coordinates as unknown[]);
    if (polys.has(id)) notes.push(`features with ${idProperty} = ${id} are taken together (all their polygons)`);
    polys.set(id, [...(polys.get(id) ?? []), ...parts]);
  }
  const featureIds = [...polys.keys()];
  if (featureIds.length === 0) {
    const first = geojson.features[0]?.properties ?? {};
    throw new FrameError(
      `${what}: no polygon feature has a property "${idProperty}"`,
      [`the first feature has properties: ${Object.keys(first).join(", ") || "none"}`],
      "Name the property holding the unit ids: { idProperty: \"...\" }.",
    );
  }
  const units = valid.units;
  const unitSet = new Set(units);
  const noFeature = units.filter((u) => !polys.has(u));
  if (noFeature.length) {
    const first = geojson.features[0]?.properties ?? {};
    throw new FrameError(
      `${what}: ${noFeature.length} unit${noFeature.length > 1 ? "s" : ""} of the panel match${noFeature.length > 1 ? "" : "es"} no polygon feature by properties.${idProperty}`,
      noFeature.map((u) => `${unitName(valid, u)}: closest feature ids ${closestIds(u, featureIds)}`),
      `The unit column "${valid.unit}" must hold the features' ${idProperty}; if the features name their units in another property, pass { idProperty }` +
        ` (the first feature has: ${Object.entries(first).slice(0, 8).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")}).`,
    );
  }
  const noUnit = featureIds.filter((id) => !unitSet.has(id));
  if (noUnit.length) {
    throw new FrameError(
      `${what}: ${noUnit.length} polygon feature${noUnit.length > 1 ? "s have" : " has"} no unit in the panel (properties.${idProperty})`,
      noUnit.map((id) => `feature ${id}: closest unit ids ${closestIds(id, units)}`),
      "The centre of gravity weighs every unit of the map: keep only the features of the panel's units (the bundled cc.loadProvinceMap() has the 31 provinces).",
    );
  }
  const pointOf = new Map<string, [number, number]>();
  for (const u of units) {
    try {
      pointOf.set(u, polygonCentroid({ type: "MultiPolygon", coordinates: polys.get(u)! } as PolygonalGeometry));
    } catch (e) {
      throw new FrameError(`${what}: the polygons of ${idProperty} = ${u}: ${(e as Error).message}`);
    }
  }
  const points = units.map((u) => pointOf.get(u)!);
  const records: CentreRecord[] = [];
  for (const t of valid.times) {
    const byUnit = new Map(valid.rows.filter((r) => Number(r[valid.time]) === t).map((r) => [String(r[valid.unit]), r[value] as number]));
    const lacking = units.filter((u) => !byUnit.has(u));
    if (lacking.length) {
      throw new FrameError(`${what}: ${lacking.length} unit${lacking.length > 1 ? "s have" : " has"} no row in ${t}`, lacking.map((u) => `${unitName(valid, u)}: no row in ${t}`), "Every unit needs a value at every time (the centre would move because a unit is missing).");
    }
    const w = units.map((u) => byUnit.get(u)!);
    const negative = units.flatMap((u, i) => (w[i] < 0 ? [`${unitName(valid, u)}, ${t}: ${value} = ${w[i]}`] : []));
    if (negative.length) throw new FrameError(`${what}: ${value} is negative for ${negative.length} unit-time${negative.length > 1 ? "s" : ""}: weights must be >= 0`, negative);
    if (!w.some((v) => v > 0)) throw new FrameError(`${what}: every ${value} is 0 in ${t}: the weighted centre is undefined`);
    let e;
    try {
      e = standardEllipse(points, { weights: w, correction, lonlat: coords === "lonlat" });
    } catch (err) {
      throw new FrameError(`${what}: ${t}: ${(err as Error).message}`);
    }
    const prev = records[records.length - 1];
    const dx = prev ? e.center[0] - prev.x : null;
    const dy = prev ? e.center[1] - prev.y : null;
    records.push({
      [valid.time]: t,
      x: e.center[0],
      y: e.center[1],
      major: e.major,
      minor: e.minor,
      angle: e.angle,
      azimuth: e.azimuth,
      area: e.area,
      flattening: e.flattening,
      x_unweighted: e.mean_center[0],
      y_unweighted: e.mean_center[1],
      dx,
      dy,
      distance: dx === null || dy === null ? null : Math.hypot(dx, dy),
      n: e.n,
    });
  }
  const zeros = valid.rows.filter((r) => r[value] === 0).map((r) => `${unitName(valid, String(r[valid.unit]))} ${r[valid.time]}`);
  if (zeros.length) notes.push(`${value} = 0 (weight 0, the unit still counts in n): ${zeros.join(", ")}`);
  const coordinates = coords === "lonlat" ? "lon/lat degrees treated as planar" : "planar";
  notes.push(
    coords === "lonlat"
      ? "points: area-weighted centroids of each unit's polygons in longitude/latitude degrees, used as planar coordinates (no projection): axes and angles are in degree space"
      : "points: area-weighted centroids of each unit's polygons, planar coordinates",
    `axes: weighted standard deviations along the major and minor axis, correction "${correction}"`,
  );
  const pointRows: Row[] = units.map((u) => {
    const any = valid.label ? valid.rows.find((r) => String(r[valid.unit]) === u) : undefined;
    return { [valid.unit]: u, ...(valid.label ? { [valid.label]: any?.[valid.label] ?? null } : {}), x: pointOf.get(u)![0], y: pointOf.get(u)![1] };
  });
  const pointsResult = makeResult<TableResult>("centre-points", pointRows, valid.keys, {});
  return makeResult<CentreResult>("centre-of-gravity", records, valid.keys, {
    columns: [valid.time, "x", "y", "major", "minor", "azimuth", "area", "flattening", "dx", "dy", "distance"],
    value,
    idProperty,
    correction,
    coordinates,
    points: pointsResult,
    notes,
  });
}

// ---------------------------------------------------------------------------------------------
// GM(1,1)

export interface GreyForecastOptions extends KeyOptions {
  /** The value averaged each year (default "D"). */
  value?: string;
  /** `"all"` (default: the mean over all units), a group column, or a preset such as `NBS_REGIONS`: one model per group. */
  by?: "all" | string | GroupPreset;
  /** Forecast steps after the last time (default 3). */
  horizon?: number;
  /**
   * Translation constant c of GM(1,1) (model x + c, results shifted back): one number for every
   * series or one per series id. Without it a series failing the level-ratio test is refused.
   */
  shift?: number | Readonly<Record<string, number>>;
  /**
   * An unbalanced panel (a unit without a row in some time) is an error by default, since a mean
   * per time over a different set of units moves by composition; `false` computes over the rows
   * present and lists the gaps in the result's `warnings`.
   */
  balanced?: boolean;
  /**
   * With `by: "all"` on province adcodes that include Taiwan 710000, Hong Kong 810000 or Macao
   * 820000 (not among the 31 analysed provinces): an error by default, as in `summarize`; `true`
   * averages them in.
   */
  includeNonAnalysed?: boolean;
}

/** One time of one series: observed times carry `observed` and `fitted`, forecast times `forecast`. */
export interface GreyRecord extends Row {
  series: string;
  series_zh: string;
  series_en: string;
  observed: number | null;
  fitted: number | null;
  forecast: number | null;
}

/**
 * `greyForecast()`: records `{ <time>, series, series_zh, series_en, observed, fitted, forecast }`
 * (observed times, then the forecast times); `checks` one record per series.
 */
export interface GreyResult extends TableResult {
  readonly kind: "grey-forecast";
  readonly rows: GreyRecord[];
  readonly value: string;
  readonly series: GroupInfo[];
  readonly horizon: number;
  /** The time step of the series (forecast times are last + h step). */
  readonly step: number;
  /**
   * Per series `{ series, n, a, b, C, P, grade, lambda_min, lambda_max, bound_low, bound_high,
   * level_ratio_pass, mean_relative_error, shift }` (C, P as mathmodels' GM1N; MRE over k = 2..n).
   */
  readonly checks: TableResult;
  /** The core's results by series id. */
  readonly models: Record<string, GM11Result>;
  /** Notes the reader must see beside the numbers (the gaps of an unbalanced panel accepted with `balanced: false`). */
  readonly warnings: string[];
}

/**
 * GM(1,1) fit and forecast (METHODS.md section 17) of the yearly mean of `value`, over all units
 * (`by: "all"`, default) or one model per group: the series are the plain means of each time
 * (as `summarize`), which must be equally spaced; `gm11` fits each with its checks: level ratios
 * `x(k-1)/x(k)` and their bounds `(e^(-2/(n+1)), e^(2/(n+1)))`, the posterior variance ratio C,
 * the small-error probability P and the grade (mathmodels' GM1N lines).
 *
 * A series failing the level-ratio test is refused, the error naming the series, its failing
 * ratios and the smallest shift that would pass; pass `{ shift }` (one number, or one per series
 * id) to model x + c (the textbooks' translation), which the checks then echo.
 *
 * As in `summarize`, an unbalanced panel is refused (the mean of a time over other units moves
 * by composition; `balanced: false` accepts it and lists the gaps in `warnings`), and so is a
 * mean over all units that would include Taiwan, Hong Kong or Macao (`includeNonAnalysed`).
 *
 * @example
 * const gf = cc.greyForecast(cd2, { horizon: 3 });
 * gf.rows.filter((r) => r.forecast !== null);   // 2020-2022: the national mean D extrapolated
 * gf.checks.rows[0];                            // { series: "all", C, P, grade, lambda_min, ... }
 * cc.greyForecastFigure(gf);
 */
export function greyForecast(input: FrameInput, options: GreyForecastOptions = {}): GreyResult {
  const what = "greyForecast";
  const value = options.value ?? "D";
  const by = options.by ?? "all";
  const all = by === "all";
  const preset = isGroupPreset(by) ? by : undefined;
  const valid = validatePanel(input, {
    ...options,
    group: all ? options.group : by,
    indicators: [value],
    what,
    requireBalanced: true,
    balanceReason: "a mean per time is over the units that time has",
  });
  if (all && !(booleanOption(options.includeNonAnalysed, "includeNonAnalysed", what) ?? false)) {
    const codes = new Set(AREAS.map((a) => a.adcode));
    const extra = valid.units.every((u) => codes.has(u)) ? valid.units.filter((u) => NON_ANALYSED_ADCODES.includes(u)) : [];
    if (extra.length) {
      throw new FrameError(
        `${what}: the mean over all units would include ${extra.map((u) => `${u} ${AREAS.find((a) => a.adcode === u)!.nameEn}`).join(", ")}, not among the 31 provinces analysed`,
        [],
        "Drop their rows for the mean of the 31 provinces; if your study area does contain them, pass { includeNonAnalysed: true }.",
      );
    }
  }
  const groupCol = all ? undefined : valid.group;
  const series: GroupInfo[] = all ? [{ id: "all", zh: "全部", en: "All" }] : groupInfos(valid.rows.map((r) => String(r[groupCol!])), preset ?? valid.preset);
  const horizon = numberOption(options.horizon, "horizon", what) ?? 3;
  if (!Number.isInteger(horizon) || horizon < 0) throw new FrameError(`${what}: horizon must be a whole number >= 0 (got ${String(horizon)})`);
  const times = valid.times;
  if (times.length < 2) throw new FrameError(`${what}: the panel has ${times.length} time(s); GM(1,1) needs at least 4`);
  const step = times[1] - times[0];
  const uneven = times.flatMap((t, i) => (i > 0 && t - times[i - 1] !== step ? [`${times[i - 1]} -> ${t}`] : []));
  if (uneven.length) {
    throw new FrameError(`${what}: GM(1,1) needs equally spaced times; the panel steps by ${step} first, then:`, uneven, "Fill the missing times (or model a sub-period that is equally spaced).");
  }
  const shiftOf = (id: string): number | undefined => {
    const s = options.shift as unknown;
    if (s === undefined || s === null) return undefined;
    if (typeof s === "object") return numberOption((s as Record<string, unknown>)[id], `shift of "${id}"`, what);
    return numberOption(s, "shift", what);
  };
  if (options.shift !== undefined && typeof options.shift === "object" && options.shift !== null) {
    const unknown = Object.keys(options.shift).filter((k) => !series.some((g) => g.id === k));
    if (unknown.length) throw new FrameError(`${what}: shift names ${unknown.map((k) => `"${k}"`).join(", ")}, not a series (series: ${series.map((g) => g.id).join(", ")})`);
  }
  const records: GreyRecord[] = [];
  const checks: Row[] = [];
  const models: Record<string, GM11Result> = {};
  for (const g of series) {
    const means = times.map((t) => {
      const vals = valid.rows.filter((r) => Number(r[valid.time]) === t && (groupCol === undefined || String(r[groupCol]) === g.id)).map((r) => r[value] as number);
      if (!vals.length) throw new FrameError(`${what}: series "${g.id}" has no unit in ${t}`, [], "Every series needs a mean at every time.");
      return vals.reduce((a, b) => a + b, 0) / vals.length;
    });
    const shift = shiftOf(g.id);
    const label = all ? `the mean of ${value}` : `series "${g.id}"${g.zh !== g.id ? ` (${g.zh})` : ""}`;
    let m: GM11Result;
    try {
      m = gm11(means, { horizon, shift });
    } catch (e) {
      if (e instanceof LevelRatioError) {
        const c = e.minShift;
        const suggest = Number((c > 0 ? c * 1.05 + 1e-9 : 0).toPrecision(3));
        throw new FrameError(
          `${what}: ${label} fails the level-ratio test (${e.failures.length} of ${means.length - 1} ratios outside (${fmt(e.bounds[0])}, ${fmt(e.bounds[1])}))`,
          e.failures.map((f) => `${times[f.k - 2]} -> ${times[f.k - 1]}: x(${f.k - 1})/x(${f.k}) = ${f.lambda}`),
          `GM(1,1) on this series is unreliable. To model x + c instead, pass { shift: ${all ? suggest : `{ "${g.id}": ${suggest} }`} } (every c > ${c} passes).`,
        );
      }
      throw new FrameError(`${what}: ${label}: ${(e as Error).message}`);
    }
    models[g.id] = m;
    times.forEach((t, k) => {
      records.push({ [valid.time]: t, series: g.id, series_zh: g.zh, series_en: g.en, observed: means[k], fitted: m.fitted[k], forecast: null });
    });
    m.forecast.forEach((v, h) => {
      records.push({ [valid.time]: times[times.length - 1] + (h + 1) * step, series: g.id, series_zh: g.zh, series_en: g.en, observed: null, fitted: null, forecast: v });
    });
    checks.push({
      series: g.id,
      series_zh: g.zh,
      series_en: g.en,
      n: m.n,
      a: m.a,
      b: m.b,
      C: m.C,
      P: m.P,
      grade: m.grade,
      lambda_min: Math.min(...m.level_ratio.lambda),
      lambda_max: Math.max(...m.level_ratio.lambda),
      bound_low: m.level_ratio.bounds[0],
      bound_high: m.level_ratio.bounds[1],
      level_ratio_pass: m.level_ratio.pass,
      mean_relative_error: m.mean_relative_error_k2n,
      shift: m.shift,
    });
  }
  const checksResult = makeResult<TableResult>("grey-checks", checks, valid.keys, {
    columns: ["series", "n", "a", "b", "C", "P", "grade", "lambda_min", "lambda_max", "bound_low", "bound_high", "level_ratio_pass", "mean_relative_error", "shift"],
  });
  const keys: PanelKeys = { ...valid.keys };
  if (all) delete keys.group;
  return makeResult<GreyResult>("grey-forecast", records, keys, {
    columns: [valid.time, "series", "observed", "fitted", "forecast"],
    value,
    series,
    horizon,
    step,
    checks: checksResult,
    models,
    warnings: (() => {
      const w = unbalancedWarning(valid);
      return w ? [w] : [];
    })(),
  });
}

// ---------------------------------------------------------------------------------------------
// sigma and beta convergence

export interface ConvergenceOfOptions extends KeyOptions {
  /** The level whose convergence is measured (default "D"; positive, logs are taken). */
  value?: string;
  /** Zero values (no log): `"start-later"` (default) or `"drop-units"`; see `convergence`. */
  zeros?: ZeroRule;
}

/** One time of sigma convergence (the core's names). */
export interface SigmaRecord extends Row {
  n: number;
  mean: number;
  sd_ddof1: number;
  sd_ddof0: number;
  cv_ddof1: number | null;
  cv_ddof0: number | null;
  sd_log_ddof1: number | null;
}

/**
 * `convergenceOf()`: sigma records `{ <time>, n, mean, sd_ddof1, sd_ddof0, cv_ddof1, cv_ddof0,
 * sd_log_ddof1 }`; `beta` one record per form; `points` the absolute-beta scatter (one per unit).
 */
export interface ConvergenceFrameResult extends TableResult {
  readonly kind: "convergence";
  readonly rows: SigmaRecord[];
  readonly value: string;
  /**
   * `{ form, form_zh, beta, se_beta, t_beta, p_beta, df_resid, n_obs, first_year, last_year,
   * alpha, r2, lambda, half_life }` for "absolute", "pooled", "unit FE", "two-way FE" (nulls where
   * a form cannot be estimated; `panel_note` says why).
   */
  readonly beta: TableResult;
  /** `{ <unit>, <label>?, ln_start, growth }`: x = ln value at the base time, y = average annual log growth. */
  readonly points: TableResult;
  /** What was done about zeros (the core's report: rule, times and units with a zero, a sentence). */
  readonly zeros: ConvergenceResult["zeros"];
  readonly panelNote: string | null;
  /** The core's result as it is. */
  readonly core: ConvergenceResult;
}

/**
 * Sigma and beta convergence of `value` (METHODS.md section 18), from the core's `convergence`
 * on the units x times matrix of the panel (balanced: every unit at every time).
 *
 * - sigma, every time: mean, sd (n - 1 and n), cv = sd / mean, sd of ln value (null at a time
 *   with a zero);
 * - absolute beta: OLS of `(ln x_end - ln x_base) / T` on `ln x_base`, with `lambda = -ln(1 + beta
 *   T) / T` and half-life `ln 2 / lambda`; `points` are its (x, y), one per unit;
 * - panel forms over consecutive times: pooled, unit fixed effects, two-way fixed effects
 *   (annual `lambda = -ln(1 + beta)`).
 *
 * Zeros have no log: `"start-later"` (default) starts beta and the panel forms at the first time
 * from which every value is positive (paper 2's Tibet, D = 0 in 2011: beta runs 2012 -> 2019);
 * `"drop-units"` leaves those units out of everything. `zeros.note` says what was done.
 *
 * @example
 * const cv = cc.convergenceOf(cd2);
 * cv.zeros.note;          // "... so beta and the panel forms start at 2012 ..."
 * cv.beta.rows[0];        // { form: "absolute", beta: -0.001736, p_beta: 0.7156, half_life: 396.8, first_year: 2012, ... }
 * cc.sigmaTrend(cv); cc.betaScatter(cv);
 */
export function convergenceOf(input: FrameInput, options: ConvergenceOfOptions = {}): ConvergenceFrameResult {
  const what = "convergenceOf";
  const value = options.value ?? "D";
  const valid = validatePanel(input, { ...options, indicators: [value], what });
  const units = valid.units;
  const times = valid.times;
  const cell = new Map(valid.rows.map((r) => [`${r[valid.unit]}|${r[valid.time]}`, r[value] as number]));
  const lacking: string[] = [];
  const matrix = units.map((u) =>
    times.map((t) => {
      const v = cell.get(`${u}|${t}`);
      if (v === undefined) lacking.push(`${unitName(valid, u)}: no row in ${t}`);
      return v ?? NaN;
    }),
  );
  if (lacking.length) throw new FrameError(`${what}: the panel is not balanced (${lacking.length} unit-time${lacking.length > 1 ? "s" : ""} without a row)`, lacking, "Convergence compares every unit at every time.");
  const negative = units.flatMap((u, i) => times.flatMap((t, j) => (matrix[i][j] < 0 ? [`${unitName(valid, u)}, ${t}: ${value} = ${matrix[i][j]}`] : [])));
  if (negative.length) throw new FrameError(`${what}: ${value} is negative in ${negative.length} cell${negative.length > 1 ? "s" : ""}: convergence takes logs of positive levels`, negative);
  let core: ConvergenceResult;
  try {
    core = convergence(matrix, times, { zeros: options.zeros, units: units.map((u) => unitName(valid, u)) });
  } catch (e) {
    throw new FrameError(`${what}: ${(e as Error).message}`);
  }
  const sigma: SigmaRecord[] = core.sigma.map((s) => ({
    [valid.time]: s.year,
    n: s.n,
    mean: s.mean,
    sd_ddof1: s.sd_ddof1,
    sd_ddof0: s.sd_ddof0,
    cv_ddof1: s.cv_ddof1,
    cv_ddof0: s.cv_ddof0,
    sd_log_ddof1: s.sd_log_ddof1,
  }));
  const b = core.beta_absolute;
  const blank = { beta: null, se_beta: null, t_beta: null, p_beta: null, df_resid: null, n_obs: null, first_year: null, last_year: null, alpha: null, r2: null, lambda: null, half_life: null };
  const panelRow = (form: string, form_zh: string, p: ConvergenceResult["panel_fe_unit"] | ConvergenceResult["panel_pooled"]): Row =>
    p === null
      ? { form, form_zh, ...blank }
      : {
          form,
          form_zh,
          beta: p.beta,
          se_beta: p.se_beta,
          t_beta: p.t_beta,
          p_beta: p.p_beta,
          df_resid: p.df_resid,
          n_obs: p.n_obs,
          first_year: p.first_year,
          last_year: p.last_year,
          alpha: "alpha" in p ? p.alpha : null,
          r2: "r2" in p ? p.r2 : null,
          lambda: p.lambda,
          half_life: p.half_life,
        };
  const betaRows: Row[] = [
    {
      form: "absolute",
      form_zh: "绝对β收敛",
      beta: b.beta,
      se_beta: b.se_beta,
      t_beta: b.t_beta,
      p_beta: b.p_beta,
      df_resid: b.df_resid,
      n_obs: b.n,
      first_year: b.base_year,
      last_year: b.end_year,
      alpha: b.alpha,
      r2: b.r2,
      lambda: b.lambda,
      half_life: b.half_life,
    },
    panelRow("pooled", "混合面板", core.panel_pooled),
    panelRow("unit FE", "个体固定效应 (条件β)", core.panel_fe_unit),
    panelRow("two-way FE", "双向固定效应", core.panel_fe_twoway),
  ];
  const beta = makeResult<TableResult>("convergence-beta", betaRows, valid.keys, {});
  const dropped = new Set(core.zeros.dropped_rows);
  const used = units.filter((_, i) => !dropped.has(i));
  const pointRows: Row[] = used.map((u, k) => {
    const any = valid.label ? valid.rows.find((r) => String(r[valid.unit]) === u) : undefined;
    const anyRow = any ?? valid.rows.find((r) => String(r[valid.unit]) === u);
    return {
      [valid.unit]: u,
      ...(valid.label ? { [valid.label]: any?.[valid.label] ?? null } : {}),
      ...(valid.group ? { [valid.group]: anyRow?.[valid.group] ?? null } : {}),
      ln_start: b.x[k],
      growth: b.y[k],
      base_year: b.base_year,
      end_year: b.end_year,
    };
  });
  const points = makeResult<TableResult>("convergence-points", pointRows, valid.keys, {});
  return makeResult<ConvergenceFrameResult>("convergence", sigma, valid.keys, {
    value,
    beta,
    points,
    zeros: core.zeros,
    panelNote: core.panel_note,
    core,
  });
}
