/**
 * Entropy weights over a panel (paper 1, eqs 1-7), system by system, pooled over all unit-years
 * (default) or year by year.
 */
import { entropyWeights, ZeroConvention } from "../core/entropy";
import { MissingPolicy, MissingReport } from "../data/missing";
import { SpecRow, specSystems } from "../data/spec";
import { FrameError } from "./errors";
import { resolveSpec, SpecInput } from "./spec";
import { KeyOptions } from "./panel";
import { makeResult, TableResult } from "./results";
import { FrameInput, inputRows, Row } from "./table";
import { describeValue, numberOption, unbalancedWarning, validatePanel } from "./validate";

/** System and criterion scores per unit-time: the input of `coupling` (which reads `systems`). */
export interface ScoresResult extends TableResult {
  readonly kind: "scores";
  /** Score columns of the systems, in specification order. */
  readonly systems: string[];
  /** The warnings of the entropy call (shown by `showTable`). */
  readonly warnings: string[];
}

/** A table of the entropy call, carrying its warnings (shown by `showTable`). */
export interface EntropyTable extends TableResult {
  readonly warnings: string[];
}

export interface EntropyFrameOptions extends KeyOptions {
  /** `"pooled"` (default: one weight set over all unit-years, m = units x years) or `"per-year"`. */
  panel?: "pooled" | "per-year";
  /** The ln 0 convention (default `"limit"`: 0 ln 0 := 0); `{ shift: "0.01" }` / `{ epsilon: "0.002" }` text is read as a number. */
  zero?: ZeroConvention | { shift: number | string } | { epsilon: number | string };
  /** Missing-value policy (default `"error"`). */
  missing?: MissingPolicy;
  /** A constant indicator: `"error"` (default) or `"drop"` (weight 0, reported). */
  constant?: "error" | "drop";
  /**
   * An indicator of the specification (not `unavailable`) that the panel does not have:
   * `"error"` (default) or `"drop"` (left out and reported in `dropped`).
   */
  absent?: "error" | "drop";
  /**
   * An unbalanced panel (a unit without a row in some year) is an error by default: pooled
   * weights count each unit once per row, and per-year weights are over that year's units, so a
   * missing row moves every weight. `false` computes over the rows present and lists the gaps in
   * the result's `warnings`.
   */
  balanced?: boolean;
}

/** Result of {@link entropy}: three tables and what was done. */
export interface EntropyFrameResult {
  /** Paper 1 Table 2's layout: system, criterion, indicator, name, direction, status, weight (per-year: one column per year and their mean). */
  weights: EntropyTable;
  /** The panel of x' (after min-max by direction and the ln 0 convention), with the panel's keys. */
  normalized: EntropyTable;
  /** One row per unit-time, one column per system and per criterion (criterion score = sum of w x' over its indicators). */
  scores: ScoresResult;
  /** Conventions in force, echoed. */
  convention: { panel: "pooled" | "per-year"; zero: string; constant: "error" | "drop"; missing: MissingPolicy };
  /** Systems with their indicators and criteria (score column names). */
  systems: Array<{ id: string; zh: string; en: string; indicators: string[]; criteria: string[] }>;
  /** Indicators left out, with why (unavailable in the spec, absent from the panel, dropped for missing values, constant). */
  dropped: Array<{ indicator: string; reason: string }>;
  /** The missing-value report of the panel validation. */
  missing: MissingReport;
  /** Notes the reader must see: the gaps of an unbalanced panel accepted with `balanced: false`; empty otherwise. */
  warnings: string[];
}

/** The `zero` option with numbers given as text read strictly ("0.002" -> 0.002). */
function zeroOption(z: EntropyFrameOptions["zero"]): ZeroConvention | undefined {
  if (z === undefined || z === null || typeof z === "string") return z as ZeroConvention | undefined;
  if (typeof z === "object" && "shift" in z) return { shift: numberOption(z.shift, "zero.shift", "entropy") as number };
  if (typeof z === "object" && "epsilon" in z) return { epsilon: numberOption(z.epsilon, "zero.epsilon", "entropy") as number };
  throw new FrameError(`entropy: zero must be "limit", { shift } or { epsilon }, got ${describeValue(z)}`);
}

function zeroLabel(z: ZeroConvention | undefined): string {
  if (z === undefined || z === "limit") return "limit (0 ln 0 := 0)";
  if ("shift" in z) return `shift ${z.shift}`;
  return `epsilon ${z.epsilon}`;
}

/**
 * Entropy weights, normalised values and system / criterion scores of a panel.
 *
 * An unbalanced panel (a unit without a row in some year) is an error unless `balanced: false`
 * (the gaps are then listed in `warnings`); see {@link EntropyFrameOptions.balanced}.
 *
 * @example
 * const { weights, scores } = cc.entropy(panel, "zhang-ouyang-2025");            // pooled, 0 ln 0 := 0
 * const perYear = cc.entropy(panel, spec, { panel: "per-year", zero: { epsilon: 0.002 } });
 */
export function entropy(panel: FrameInput, specInput: SpecInput, options: EntropyFrameOptions = {}): EntropyFrameResult {
  const spec = resolveSpec(specInput);
  const zero = zeroOption(options.zero);
  const mode = options.panel ?? "pooled";
  if (mode !== "pooled" && mode !== "per-year") throw new FrameError(`entropy: unknown panel mode "${String(mode)}" (use "pooled" or "per-year")`);
  const dropped: Array<{ indicator: string; reason: string }> = [];
  const present = new Set<string>();
  for (const r of inputRows(panel).rows) for (const k of Object.keys(r)) present.add(k);
  let usable: SpecRow[] = [];
  const absent: string[] = [];
  for (const s of spec) {
    if (s.status === "unavailable") dropped.push({ indicator: s.id, reason: "unavailable (status in the specification)" });
    else if (!present.has(s.id)) absent.push(s.id);
    else usable.push(s);
  }
  if (absent.length) {
    if ((options.absent ?? "error") === "error") {
      const garbled = [...present].filter((c) => c.includes("\uFFFD"));
      throw new FrameError(
        `entropy: ${absent.length} indicator${absent.length > 1 ? "s" : ""} of the specification ${absent.length > 1 ? "are" : "is"} not in the panel: ${absent.join(", ")}`,
        garbled.length ? [`columns with U+FFFD replacement characters: ${garbled.join(", ")}`] : [],
        garbled.length
          ? "The panel's column names were decoded with the wrong encoding (a GBK file read as UTF-8, e.g. by dfd.readCSV): read the file with cc.readPanel(path), which detects GBK."
          : 'Mark them "unavailable" in the specification, or pass { absent: "drop" } to leave them out.',
      );
    }
    for (const a of absent) dropped.push({ indicator: a, reason: "absent from the panel" });
  }
  const valid = validatePanel(panel, {
    ...options,
    indicators: usable.map((s) => s.id),
    missing: options.missing,
    what: "entropy",
    requireBalanced: true,
    balanceReason: mode === "pooled" ? "pooled weights count each unit once per row present" : "per-year weights are over the units each year has",
  });
  for (const d of valid.report.dropped) dropped.push({ indicator: d, reason: "dropped for missing values" });
  usable = usable.filter((s) => valid.indicators.includes(s.id));
  const systems = specSystems(usable);
  if (systems.length === 0) throw new FrameError("entropy: no usable indicator left");

  const rows = valid.rows;
  const groupsOfRows: number[][] =
    mode === "pooled" ? [rows.map((_, i) => i)] : valid.times.map((t) => rows.flatMap((r, i) => (Number(r[valid.time]) === t ? [i] : [])));
  const normalized: number[][] = rows.map(() => []); // per row, per usable indicator (in `order`)
  const order = systems.flatMap((s) => s.indicators);
  const colOf = new Map(order.map((id, j) => [id, j]));
  const weightBy = new Map<string, number[]>(); // indicator -> weight per group
  const scoreCols = new Map<string, Float64Array>();
  const criterionName = (sys: string, crit: string) =>
    systems.some((o) => o.id !== sys && o.criteria.includes(crit)) ? `${sys}_${crit}` : crit;

  for (const sys of systems) {
    const defs = sys.indicators.map((id) => usable.find((s) => s.id === id)!);
    scoreCols.set(sys.id, new Float64Array(rows.length));
    for (const c of sys.criteria) if (c) scoreCols.set(criterionName(sys.id, c), new Float64Array(rows.length));
    groupsOfRows.forEach((idx, g) => {
      const columns = defs.map((d) => Float64Array.from(idx, (i) => rows[i][d.id] as number));
      let res;
      try {
        res = entropyWeights(columns, {
          directions: defs.map((d) => d.direction),
          zero,
          names: defs.map((d) => d.id),
          constant: options.constant ?? "error",
        });
      } catch (e) {
        const where = mode === "per-year" ? ` in ${valid.times[g]}` : "";
        throw new FrameError(`entropy: system ${sys.id}${where}: ${(e as Error).message}`);
      }
      defs.forEach((d, j) => {
        if (!weightBy.has(d.id)) weightBy.set(d.id, []);
        weightBy.get(d.id)![g] = res.weights[j];
        if (res.dropped.includes(j) && g === 0) dropped.push({ indicator: d.id, reason: "constant (weight 0)" });
        idx.forEach((i, k) => {
          normalized[i][colOf.get(d.id)!] = res.normalized[j][k];
          const contribution = res.weights[j] * res.normalized[j][k];
          scoreCols.get(sys.id)![i] += contribution;
          if (d.criterion) scoreCols.get(criterionName(sys.id, d.criterion))![i] += contribution;
        });
      });
    });
  }

  const keyCols = [valid.unit, ...(valid.label ? [valid.label] : []), ...(valid.group ? [valid.group] : []), valid.time];
  const keyOf = (r: Record<string, unknown>) => Object.fromEntries(keyCols.map((k) => [k, r[k]]));
  const normRows = rows.map((r, i) => ({ ...keyOf(r), ...Object.fromEntries(order.map((id, j) => [id, normalized[i][j]])) }));
  const scoreRows = rows.map((r, i) => ({ ...keyOf(r), ...Object.fromEntries([...scoreCols].map(([k, v]) => [k, v[i]])) }));
  const weightRows: Row[] = [];
  for (const sys of systems) {
    for (const id of sys.indicators) {
      const s = usable.find((x) => x.id === id)!;
      const w = weightBy.get(id)!;
      const row: Row = {
        system: sys.id,
        system_zh: sys.zh,
        criterion: s.criterion,
        criterion_zh: s.criterionZh,
        indicator: id,
        name: s.nameZh,
        name_en: s.nameEn,
        direction: s.direction,
        status: s.status,
      };
      if (mode === "pooled") row.weight = w[0];
      else {
        valid.times.forEach((t, g) => (row[`w_${t}`] = w[g]));
        row.weight = w.reduce((a, b) => a + b, 0) / w.length;
      }
      if (s.weightPublished !== null) row.weight_published = s.weightPublished;
      weightRows.push(row);
    }
  }
  const keys = valid.keys;
  const systemIds = systems.map((s) => s.id);
  const warnings = [unbalancedWarning(valid)].filter((w): w is string => w !== undefined);
  return {
    weights: makeResult<EntropyTable>("weights", weightRows, keys, { warnings: [...warnings] }),
    normalized: makeResult<EntropyTable>("normalized", normRows, keys, { warnings: [...warnings] }),
    scores: makeResult<ScoresResult>("scores", scoreRows, keys, { systems: systemIds, warnings: [...warnings] }),
    convention: { panel: mode, zero: zeroLabel(zero), constant: options.constant ?? "error", missing: options.missing ?? "error" },
    systems: systems.map((s) => ({ id: s.id, zh: s.zh, en: s.en, indicators: s.indicators, criteria: s.criteria.filter(Boolean).map((c) => criterionName(s.id, c)) })),
    dropped,
    missing: valid.report,
    warnings,
  };
}
