/**
 * Robustness of conclusions: run a list of conclusions under a list of scenarios and say, for
 * each, whether it holds (docs/methods-draft/robustness.md).
 *
 * A scenario is a named set of choices applied to the pipeline entropy -> coupling -> summaries,
 * Dagum, obstacles, Moran (the ln 0 convention, pooled or per-year weights, the coupling model and
 * coefficients, indicators left out, equal weights instead of entropy weights; for the spatial
 * steps the province weights' Hainan link and style, the permutations and seed of the Moran and
 * LISA tests; another panel with its specification, e.g. paper 2's employee-only variant). Each scenario runs
 * the library's own frame calls (`entropy`, `coupling`, `summarize`, `dagumByYear`, `obstacles`,
 * `moranByYear`), so the numbers a conclusion reads are those a notebook would print with the same
 * choices. A conclusion is a named function of those results returning `{ value, holds }`.
 *
 * The first scenario is the baseline. Conclusions that state a value (a level, a ranking, the
 * largest obstacle) compare with the value given to them (`expected`) or, by default, with the
 * baseline's value: "the same conclusion as the baseline analysis draws". Conclusions that state a
 * direction (D rises, Gini falls, a share is the largest) are decided by the numbers alone.
 */
import { CouplingModel } from "../core/coupling";
import { COORDINATION_LEVELS } from "../core/level";
import { SpatialWeights } from "../core/weights";
import { HainanLink, provinceWeights, ProvinceWeights } from "../data/adjacency";
import { SpecRow, SpecStatus } from "../data/spec";
import { coupling } from "./coupling";
import { dagumByYear } from "./dagum";
import { entropy, EntropyFrameOptions, EntropyFrameResult } from "./entropy";
import { FrameError } from "./errors";
import { obstacles, ObstaclesResult } from "./obstacles";
import { GroupPreset, KeyOptions } from "./panel";
import { CouplingResult, DagumResult, LisaResult, makeResult, MoranResult, PanelKeys, Row, SummaryResult, TableResult } from "./results";
import { lisa, moranByYear } from "./spatial";
import { resolveSpec, SpecInput } from "./spec";
import { summarize } from "./summarize";
import { FrameInput } from "./table";
import { describeValue } from "./validate";

// ---- scenarios ---------------------------------------------------------------------------------

/** The choices a scenario may set (any it leaves out come from `base`, else the library's defaults). */
export interface ScenarioChoices {
  /** The ln 0 convention: "limit" (default), `{ shift: 0.0001 }`, `{ epsilon: 0.002 }`. */
  zero?: EntropyFrameOptions["zero"];
  /** Entropy weights over all unit-times ("pooled", default) or per time ("per-year"). */
  panel?: "pooled" | "per-year";
  /** Coupling model: "classic" (default), "wang2021", "fan2024". */
  model?: CouplingModel;
  /** Coefficients a_i of T (default equal). */
  coefficients?: number[];
  /** Indicators left out: their ids, or every indicator of a specification status (e.g. `{ status: "proxy" }`). */
  drop?: readonly string[] | { status: SpecStatus };
  /** "entropy" (default) or "equal": within each system every indicator weighted 1/k (on the same normalised values). */
  weights?: "entropy" | "equal";
  /**
   * Another panel and its specification instead of those passed to `robustness` (e.g. paper 2's
   * employee-only 2010-2019 variant); `name` is shown in the choices (default "data").
   */
  data?: ScenarioData;
  /** Province weights (`run.spatialWeights`): Hainan linked to "guangdong" (default), "isolated", "guangdong+guangxi". */
  hainan?: HainanLink;
  /** Province weights: "W" row-standardised (default) or "B" binary. */
  style?: "W" | "B";
  /** Permutations of the Moran and LISA tests (default: those of `moranByYear` / `lisa`, 999). */
  permutations?: number;
  /** Seed of the permutation tests (default the library's `DEFAULT_SEED`). */
  seed?: number;
}

/** A panel and its specification for {@link ScenarioChoices.data}. */
export interface ScenarioData {
  panel: FrameInput;
  spec: SpecInput;
  /** Shown in the choices (default "data"). */
  name?: string;
}

/** A named set of choices. */
export interface Scenario extends ScenarioChoices {
  /** Unique name, shown in the rows and the figure. */
  name: string;
}

const CHOICE_KEYS = new Set(["name", "zero", "panel", "model", "coefficients", "drop", "weights", "data", "hainan", "style", "permutations", "seed"]);
const CHOICE_LIST = "zero, panel, model, coefficients, drop, weights, data, hainan, style, permutations, seed";

/** A scenario as run: its name, the choices in force (base and defaults filled in) and the indicators left out. */
export interface ResolvedScenario {
  name: string;
  zero: NonNullable<EntropyFrameOptions["zero"]>;
  panel: "pooled" | "per-year";
  model: CouplingModel;
  coefficients: number[] | null;
  weights: "entropy" | "equal";
  /** Ids of the indicators left out (beyond those of status "unavailable"). */
  dropped: string[];
  /** The other panel's name, or null for the panel passed to `robustness`. */
  data: string | null;
  /** Province weights: Hainan's link and the style (defaults "guangdong", "W"). */
  hainan: HainanLink;
  style: "W" | "B";
  /** Permutations and seed of the spatial tests, null for the defaults of `moranByYear` / `lisa`. */
  permutations: number | null;
  seed: number | null;
  /** The choices in words: "limit, pooled, classic, entropy weights, all indicators". */
  choices: string;
}

function zeroText(z: ResolvedScenario["zero"]): string {
  if (z === "limit") return "0 ln 0 := 0";
  if (typeof z === "object" && "shift" in z) return `shift ${z.shift}`;
  if (typeof z === "object" && "epsilon" in z) return `epsilon ${z.epsilon}`;
  return String(z);
}

function sameChoices(a: ResolvedScenario, b: ResolvedScenario): boolean {
  return (
    zeroText(a.zero) === zeroText(b.zero) &&
    a.panel === b.panel &&
    a.model === b.model &&
    JSON.stringify(a.coefficients) === JSON.stringify(b.coefficients) &&
    a.weights === b.weights &&
    JSON.stringify([...a.dropped].sort()) === JSON.stringify([...b.dropped].sort()) &&
    a.data === b.data &&
    a.hainan === b.hainan &&
    a.style === b.style &&
    a.permutations === b.permutations &&
    a.seed === b.seed
  );
}

function resolveScenario(s: Scenario, base: ScenarioChoices, mainSpec: readonly SpecRow[], what: string): ResolvedScenario {
  const pick = <K extends keyof ScenarioChoices>(k: K): ScenarioChoices[K] => (s[k] !== undefined ? s[k] : base[k]);
  const data = pick("data");
  if (data !== undefined && (!data || typeof data !== "object" || data.panel === undefined || data.spec === undefined)) {
    throw new FrameError(`${what}: scenario "${s.name}": data must be { panel, spec, name? }, got ${describeValue(data)}`);
  }
  const spec = data ? resolveSpec(data.spec) : mainSpec;
  const dataName = data ? (data.name ?? "data") : null;
  const hainan = pick("hainan") ?? "guangdong";
  const style = pick("style") ?? "W";
  const permutations = pick("permutations") ?? null;
  const seed = pick("seed") ?? null;
  if (!["guangdong", "isolated", "guangdong+guangxi"].includes(hainan)) throw new FrameError(`${what}: scenario "${s.name}": hainan must be "guangdong", "isolated" or "guangdong+guangxi", got ${describeValue(hainan)}`);
  if (style !== "W" && style !== "B") throw new FrameError(`${what}: scenario "${s.name}": style must be "W" or "B", got ${describeValue(style)}`);
  if (permutations !== null && !(Number.isInteger(permutations) && permutations >= 0)) throw new FrameError(`${what}: scenario "${s.name}": permutations must be a whole number >= 0, got ${describeValue(permutations)}`);
  if (seed !== null && !(typeof seed === "number" && Number.isFinite(seed))) throw new FrameError(`${what}: scenario "${s.name}": seed must be a finite number, got ${describeValue(seed)}`);
  const zero = pick("zero") ?? "limit";
  const panel = pick("panel") ?? "pooled";
  const model = pick("model") ?? "classic";
  const coefficients = pick("coefficients") ?? null;
  const weights = pick("weights") ?? "entropy";
  if (panel !== "pooled" && panel !== "per-year") throw new FrameError(`${what}: scenario "${s.name}": panel must be "pooled" or "per-year", got ${describeValue(panel)}`);
  if (!["classic", "wang2021", "fan2024"].includes(model)) throw new FrameError(`${what}: scenario "${s.name}": model must be "classic", "wang2021" or "fan2024", got ${describeValue(model)}`);
  if (weights !== "entropy" && weights !== "equal") throw new FrameError(`${what}: scenario "${s.name}": weights must be "entropy" or "equal", got ${describeValue(weights)}`);
  const drop = pick("drop");
  let dropped: string[] = [];
  const ids = spec.map((r) => r.id);
  if (drop !== undefined) {
    if (Array.isArray(drop)) {
      for (const id of drop as readonly unknown[]) {
        const row = spec.find((r) => r.id === id);
        if (!row) throw new FrameError(`${what}: scenario "${s.name}": drop names ${describeValue(id)}, which is not an indicator of the specification (${ids.join(", ")})`);
        if (row.status === "unavailable") throw new FrameError(`${what}: scenario "${s.name}": drop names ${row.id}, which is left out already (status "unavailable" in the specification)`);
      }
      dropped = [...new Set(drop as string[])];
    } else if (typeof drop === "object" && drop !== null && "status" in drop) {
      dropped = spec.filter((r) => r.status === drop.status).map((r) => r.id);
      if (!dropped.length) throw new FrameError(`${what}: scenario "${s.name}": no indicator of the specification has status ${describeValue(drop.status)}`);
      if (drop.status === "unavailable") throw new FrameError(`${what}: scenario "${s.name}": indicators of status "unavailable" are left out in every scenario`);
    } else {
      throw new FrameError(`${what}: scenario "${s.name}": drop must be an array of indicator ids or { status }, got ${describeValue(drop)}`);
    }
  }
  const choices = [
    zeroText(zero),
    panel,
    model + (coefficients ? ` (${coefficients.join(", ")})` : ""),
    weights === "equal" ? "equal weights" : "entropy weights",
    dropped.length ? `without ${dropped.join(", ")}` : "all indicators",
    // the spatial and data choices are named only when set, so the text of the other scenarios stays
    ...(dataName !== null ? [`data: ${dataName}`] : []),
    ...(pick("hainan") !== undefined ? [`Hainan: ${hainan}`] : []),
    ...(pick("style") !== undefined ? [`weights style ${style}`] : []),
    ...(permutations !== null ? [`${permutations} permutations`] : []),
    ...(seed !== null ? [`seed ${seed}`] : []),
  ].join(", ");
  return { name: s.name, zero, panel, model, coefficients, weights, dropped, data: dataName, hainan, style, permutations, seed, choices };
}

/**
 * The three ln 0 conventions of the entropy step: `limit` (0 ln 0 := 0, the papers' formulas),
 * an additive shift of 0.0001, a rescaling into [0.002, 0.998] (R mathmodels).
 *
 * @example
 * cc.zeroScenarios().map((s) => s.name);   // ["zero: limit", "zero: shift 0.0001", "zero: epsilon 0.002"]
 */
export function zeroScenarios(): Scenario[] {
  return [
    { name: "zero: limit", zero: "limit" },
    { name: "zero: shift 0.0001", zero: { shift: 0.0001 } },
    { name: "zero: epsilon 0.002", zero: { epsilon: 0.002 } },
  ];
}

/**
 * Pooled entropy weights (one set over all unit-times) against per-year weights.
 *
 * @example
 * cc.poolingScenarios().map((s) => s.name);   // ["weights: pooled", "weights: per-year"]
 */
export function poolingScenarios(): Scenario[] {
  return [
    { name: "weights: pooled", panel: "pooled" },
    { name: "weights: per-year", panel: "per-year" },
  ];
}

/**
 * The three coupling models: classic, Wang et al. 2021 (corrected), Fan et al. 2024.
 *
 * @example
 * cc.modelScenarios().map((s) => s.model);   // ["classic", "wang2021", "fan2024"]
 */
export function modelScenarios(): Scenario[] {
  return [
    { name: "model: classic", model: "classic" },
    { name: "model: wang2021", model: "wang2021" },
    { name: "model: fan2024", model: "fan2024" },
  ];
}

/**
 * With and without some indicators: given by id, or by their status in the specification
 * (`{ status: "proxy" }`: paper 1's two proxy indicators S7 and S8).
 *
 * @example
 * cc.dropScenarios({ status: "proxy" });   // [{ name: "all indicators" }, { name: "without proxy indicators", drop: { status: "proxy" } }]
 * cc.dropScenarios(["R3"], "without admissions");
 */
export function dropScenarios(drop: readonly string[] | { status: SpecStatus }, name?: string): Scenario[] {
  const label = name ?? (Array.isArray(drop) ? `without ${(drop as readonly string[]).join(", ")}` : `without ${(drop as { status: string }).status} indicators`);
  return [{ name: "all indicators" }, { name: label, drop: Array.isArray(drop) ? [...(drop as readonly string[])] : { ...(drop as { status: SpecStatus }) } }];
}

/**
 * Entropy weights against equal weights (each indicator 1/k within its system, on the same
 * normalised values).
 *
 * @example
 * cc.equalWeightsScenarios().map((s) => s.name);   // ["weights: entropy", "weights: equal"]
 */
export function equalWeightsScenarios(): Scenario[] {
  return [
    { name: "weights: entropy", weights: "entropy" },
    { name: "weights: equal", weights: "equal" },
  ];
}

/**
 * Leave one indicator out at a time: one scenario per indicator of the specification that is
 * not "unavailable", named "without <id>".
 *
 * @example
 * cc.leaveOneOutScenarios(spec).length;   // 19 for paper 1 (S1-S8, R1-R11)
 */
export function leaveOneOutScenarios(spec: SpecInput): Scenario[] {
  return resolveSpec(spec)
    .filter((r) => r.status !== "unavailable")
    .map((r) => ({ name: `without ${r.id}`, drop: [r.id] }));
}

/**
 * The standard set, one choice changed at a time around a baseline (the library's defaults, or
 * `base`): the baseline first, then the other ln 0 conventions, per-year weights, the other two
 * coupling models, without the proxy indicators (when the specification has any of status
 * "proxy"), equal weights, and each indicator left out in turn. A scenario whose choices equal the
 * baseline's is left out (it would repeat it). Paper 1: 27 scenarios.
 *
 * @example
 * cc.standardScenarios(spec).map((s) => s.name).slice(0, 8);
 * // ["baseline", "zero: shift 0.0001", "zero: epsilon 0.002", "weights: per-year", "model: wang2021",
 * //  "model: fan2024", "without proxy indicators", "weights: equal"]
 */
export function standardScenarios(spec: SpecInput, options: { base?: ScenarioChoices; proxies?: boolean } = {}): Scenario[] {
  const rows = resolveSpec(spec);
  const base = options.base ?? {};
  const what = "standardScenarios";
  const baseline: Scenario = { name: "baseline", ...base };
  const hasProxy = rows.some((r) => r.status === "proxy");
  const candidates: Scenario[] = [
    ...zeroScenarios(),
    ...poolingScenarios(),
    ...modelScenarios(),
    ...((options.proxies ?? true) && hasProxy ? dropScenarios({ status: "proxy" }) : []),
    ...equalWeightsScenarios(),
    ...leaveOneOutScenarios(rows),
  ];
  const ref = resolveScenario(baseline, {}, rows, what);
  const out: Scenario[] = [baseline];
  const seen: ResolvedScenario[] = [ref];
  for (const c of candidates) {
    const r = resolveScenario(c, base, rows, what);
    if (seen.some((x) => sameChoices(x, r))) continue;
    seen.push(r);
    out.push(c);
  }
  return out;
}

// ---- one pipeline run ----------------------------------------------------------------------------

/**
 * The pipeline's results under one scenario, computed when first read (a conclusion reads what it
 * needs; results are shared by all conclusions of the scenario).
 */
export interface RobustnessRun {
  readonly scenario: ResolvedScenario;
  /** The times of the panel, ascending. */
  readonly times: number[];
  /** The entropy result (weights, normalised values, scores) under the scenario's choices. */
  readonly entropy: EntropyFrameResult;
  /** System and criterion scores (the entropy scores, or equal-weight scores). */
  readonly scores: { rows: Row[]; keys: PanelKeys; systems: string[] };
  /** The weights table the obstacles use (entropy weights, or 1/k). */
  readonly weights: { rows: Row[]; keys: PanelKeys };
  /** `coupling(scores, { model, coefficients })`. */
  readonly coupling: CouplingResult;
  /** `summarize(coupling)`: the mean of D per time over all units. */
  readonly national: SummaryResult;
  /** `summarize(coupling, { by: group })`: the mean per time and group (needs a group). */
  readonly groups: SummaryResult;
  /** `dagumByYear(coupling)` (needs a group). */
  readonly dagum: DagumResult;
  /** `obstacles(normalized, weights, { by })` (criterion layers by default). */
  obstacles(by?: "criterion" | "indicator"): ObstaclesResult;
  /** `moranByYear` of one time (default the last) with the given spatial weights. */
  moran(w: SpatialWeights, options?: { time?: number; permutations?: number; seed?: number; alternative?: "two-sided" | "greater" | "less" }): MoranResult;
  /**
   * Province weights under the scenario's choices, fitted to the units of its coupling result:
   * `provinceWeights({ hainan, style, units })`.
   */
  readonly spatialWeights: ProvinceWeights;
  /** `moranByYear(coupling, w)` over every time, with the scenario's permutations and seed (w default `spatialWeights`). */
  moranByYear(w?: SpatialWeights): MoranResult;
  /** `lisa(coupling, w, { year, alpha })` with the scenario's permutations and seed (year default the last, w default `spatialWeights`). */
  lisa(options?: { time?: number; alpha?: number; w?: SpatialWeights }): LisaResult;
}

class Run implements RobustnessRun {
  private cache = new Map<string, unknown>();
  constructor(
    readonly scenario: ResolvedScenario,
    private readonly panelInput: FrameInput,
    private readonly spec: SpecRow[],
    private readonly keyOptions: KeyOptions,
  ) {}

  get times(): number[] {
    return this.memo("times", () => {
      const cd = this.coupling;
      return [...new Set(cd.rows.map((r) => Number(r[cd.keys.time])))].sort((a, b) => a - b);
    });
  }

  /** Computed once; an error travels up to `robustness`, which names the conclusion and the scenario. */
  private memo<T>(key: string, f: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, f());
    return this.cache.get(key) as T;
  }

  get entropy(): EntropyFrameResult {
    return this.memo("entropy", () => {
      const spec = this.spec.filter((r) => !this.scenario.dropped.includes(r.id));
      return entropy(this.panelInput, spec, { ...this.keyOptions, zero: this.scenario.zero, panel: this.scenario.panel });
    });
  }

  get scores(): RobustnessRun["scores"] {
    return this.memo("scores", () => {
      const e = this.entropy;
      if (this.scenario.weights === "entropy") return { rows: e.scores.rows, keys: e.scores.keys, systems: e.scores.systems };
      return equalScores(e);
    });
  }

  get weights(): RobustnessRun["weights"] {
    return this.memo("weights", () => {
      const e = this.entropy;
      if (this.scenario.weights === "entropy") return { rows: e.weights.rows, keys: e.weights.keys };
      return { rows: equalWeightRows(e), keys: e.weights.keys };
    });
  }

  get coupling(): CouplingResult {
    return this.memo("coupling", () => coupling(this.scores, { model: this.scenario.model, ...(this.scenario.coefficients ? { coefficients: this.scenario.coefficients } : {}) }));
  }

  get national(): SummaryResult {
    return this.memo("national", () => summarize(this.coupling));
  }

  private groupKey(): string {
    const g = this.coupling.keys.group;
    if (!g) {
      throw new FrameError(
        "this conclusion needs a group: name one with cc.panel(df, { group }) or robustness(..., { group: cc.NBS_REGIONS })",
      );
    }
    return g;
  }

  get groups(): SummaryResult {
    return this.memo("groups", () => summarize(this.coupling, { by: this.groupKey() }));
  }

  get dagum(): DagumResult {
    return this.memo("dagum", () => {
      this.groupKey();
      return dagumByYear(this.coupling);
    });
  }

  obstacles(by: "criterion" | "indicator" = "criterion"): ObstaclesResult {
    return this.memo(`obstacles:${by}`, () => obstacles(this.entropy.normalized, this.weights, { by }));
  }

  get spatialWeights(): ProvinceWeights {
    return this.memo("spatialWeights", () => {
      const cd = this.coupling;
      return provinceWeights({ hainan: this.scenario.hainan, style: this.scenario.style, units: cd.rows.map((r) => String(r[cd.keys.unit])) });
    });
  }

  private permutationOptions(): { permutations?: number; seed?: number } {
    const s = this.scenario;
    return { ...(s.permutations !== null ? { permutations: s.permutations } : {}), ...(s.seed !== null ? { seed: s.seed } : {}) };
  }

  moranByYear(w?: SpatialWeights): MoranResult {
    const weights = w ?? this.spatialWeights;
    const byW = this.memo("moranByYear", () => new Map<SpatialWeights, MoranResult>());
    let r = byW.get(weights);
    if (!r) {
      r = moranByYear(this.coupling, weights, this.permutationOptions());
      byW.set(weights, r);
    }
    return r;
  }

  lisa(options: { time?: number; alpha?: number; w?: SpatialWeights } = {}): LisaResult {
    const weights = options.w ?? this.spatialWeights;
    const time = options.time ?? this.times[this.times.length - 1];
    const byW = this.memo(`lisa:${time}:${options.alpha ?? ""}`, () => new Map<SpatialWeights, LisaResult>());
    let r = byW.get(weights);
    if (!r) {
      r = lisa(this.coupling, weights, { year: time, ...(options.alpha !== undefined ? { alpha: options.alpha } : {}), ...this.permutationOptions() });
      byW.set(weights, r);
    }
    return r;
  }

  moran(w: SpatialWeights, options: { time?: number; permutations?: number; seed?: number; alternative?: "two-sided" | "greater" | "less" } = {}): MoranResult {
    options = { ...options, permutations: options.permutations ?? this.scenario.permutations ?? undefined, seed: options.seed ?? this.scenario.seed ?? undefined };
    const time = options.time ?? this.times[this.times.length - 1];
    const key = `moran:${time}:${options.permutations ?? ""}:${options.seed ?? ""}:${options.alternative ?? ""}`;
    // one weights object per run in practice; keyed by identity through a WeakMap would be overkill
    const byW = this.memo(key, () => new Map<SpatialWeights, MoranResult>());
    let r = byW.get(w);
    if (!r) {
      const cd = this.coupling;
      const rows = cd.rows.filter((x) => Number(x[cd.keys.time]) === time);
      r = moranByYear({ rows, keys: cd.keys }, w, { permutations: options.permutations, seed: options.seed, alternative: options.alternative });
      byW.set(w, r);
    }
    return r;
  }
}

/** For each system: indicator -> the score column of its criterion (as `entropy` names them). */
function criterionColumns(e: EntropyFrameResult): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const w of e.weights.rows) {
    const sys = e.systems.find((s) => s.id === w.system)!;
    const crit = String(w.criterion ?? "");
    const col = crit === "" ? undefined : sys.criteria.includes(`${sys.id}_${crit}`) ? `${sys.id}_${crit}` : crit;
    out.set(String(w.indicator), col);
  }
  return out;
}

/** Scores with every indicator of a system weighted 1/k (k = its indicators), on the entropy step's normalised values. */
function equalScores(e: EntropyFrameResult): RobustnessRun["scores"] {
  const critOf = criterionColumns(e);
  const scoreCols = new Set([...e.systems.map((s) => s.id), ...e.systems.flatMap((s) => s.criteria)]);
  const rows = e.normalized.rows.map((nr, i) => {
    const src = e.scores.rows[i];
    const out: Row = {};
    for (const [k, v] of Object.entries(src)) if (!scoreCols.has(k)) out[k] = v;
    for (const s of e.systems) {
      out[s.id] = 0;
      for (const c of s.criteria) out[c] = 0;
    }
    for (const s of e.systems) {
      const w = 1 / s.indicators.length;
      for (const id of s.indicators) {
        const v = w * (nr[id] as number);
        out[s.id] = (out[s.id] as number) + v;
        const c = critOf.get(id);
        if (c) out[c] = (out[c] as number) + v;
      }
    }
    return out;
  });
  return { rows, keys: e.scores.keys, systems: e.scores.systems };
}

/** The weights table with 1/k per indicator of a system (per-year columns removed: one weight set). */
function equalWeightRows(e: EntropyFrameResult): Row[] {
  return e.weights.rows.map((r) => {
    const sys = e.systems.find((s) => s.id === r.system)!;
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) if (!/^w_/.test(k)) out[k] = v;
    out.weight = 1 / sys.indicators.length;
    return out;
  });
}

// ---- conclusions ---------------------------------------------------------------------------------

/** What a conclusion returns under one scenario. */
export interface ConclusionValue {
  /** What was found, as text or a number ("0.396 → 0.615, 7 of 7 steps up"). */
  value: string | number;
  holds: boolean;
}

/** A named statement about the pipeline's results. */
export interface Conclusion {
  /** Unique name, shown in the rows and the figure. */
  name: string;
  /**
   * Evaluate the statement under one scenario. `baseline` is the run of the first scenario (the
   * same object as `run` for the baseline itself): conclusions that state a value compare with it.
   */
  evaluate(run: RobustnessRun, baseline: RobustnessRun): ConclusionValue;
}

type TimeRef = "first" | "last" | number;

function timeOf(run: RobustnessRun, t: TimeRef, what: string): number {
  if (t === "first") return run.times[0];
  if (t === "last") return run.times[run.times.length - 1];
  if (typeof t === "number" && run.times.includes(t)) return t;
  throw new FrameError(`${what}: time ${describeValue(t)} is not a time of the panel (${run.times.join(", ")}), nor "first" / "last"`);
}

const f3 = (v: number) => v.toFixed(3);

/** The series of one group (or "all") from a summary, ordered by time. */
function series(s: SummaryResult, group: string): Array<{ t: number; v: number }> {
  const time = s.keys.time;
  return s.rows
    .filter((r) => r.group === group)
    .map((r) => ({ t: Number(r[time]), v: r[s.value] as number }))
    .sort((a, b) => a.t - b.t);
}

function groupIds(s: SummaryResult): string[] {
  return s.groups.map((g) => g.id);
}

/** Options of {@link risesConclusion}. */
export interface RisesOptions {
  /** Every step up (default true), or only the last time above the first (`false`). */
  every?: boolean;
  /** A group's mean instead of the mean over all units (a group id, e.g. "east"). */
  group?: string;
  name?: string;
}

/**
 * "The mean D rises every time" (each time above the one before), or with `every: false` "from the
 * first to the last time". Decided by the numbers alone. Value: "0.396 → 0.615, 7 of 7 steps up".
 *
 * @example
 * cc.risesConclusion({ name: "D rises every year" });
 * cc.risesConclusion({ every: false, group: "west" });
 */
export function risesConclusion(options: RisesOptions = {}): Conclusion {
  const every = options.every ?? true;
  const who = options.group === undefined ? "the mean D" : `the mean D of ${options.group}`;
  const name = options.name ?? (every ? `${who} rises every time` : `${who} rises from the first to the last time`);
  return {
    name,
    evaluate(run) {
      const pts = options.group === undefined ? series(run.national, "all") : groupSeries(run, options.group, name);
      const first = pts[0].v;
      const last = pts[pts.length - 1].v;
      let ups = 0;
      const downs: number[] = [];
      for (let i = 1; i < pts.length; i++) {
        if (pts[i].v > pts[i - 1].v) ups++;
        else downs.push(pts[i].t);
      }
      if (!every) return { value: `${f3(first)} → ${f3(last)}`, holds: last > first };
      return {
        value: `${f3(first)} → ${f3(last)}, ${ups} of ${pts.length - 1} steps up${downs.length ? ` (not in ${downs.join(", ")})` : ""}`,
        holds: ups === pts.length - 1,
      };
    },
  };
}

function groupSeries(run: RobustnessRun, group: string, name: string): Array<{ t: number; v: number }> {
  const s = run.groups;
  if (!groupIds(s).includes(group)) throw new FrameError(`conclusion "${name}": no group "${group}" (groups: ${groupIds(s).join(", ")})`);
  return series(s, group);
}

/** Options of {@link levelConclusion}. */
export interface LevelOptions {
  /** The times whose level is stated (default the first and the last): "first", "last" or a time. */
  times?: TimeRef[];
  /**
   * The expected level of each time: a number 1-10 or a level's name ("轻度失调", "mild
   * imbalance"). Default: the baseline's levels.
   */
  expected?: Array<number | string>;
  name?: string;
}

function levelNumber(x: number | string, what: string): number {
  if (typeof x === "number" && Number.isInteger(x) && x >= 1 && x <= 10) return x;
  if (typeof x === "string") {
    const s = x.trim().toLowerCase();
    const l = COORDINATION_LEVELS.find((c) => c.zh === x.trim() || c.en.toLowerCase() === s);
    if (l) return l.level;
  }
  throw new FrameError(`${what}: expected level ${describeValue(x)} is neither 1-10 nor a level's name (${COORDINATION_LEVELS.map((c) => c.zh).join(", ")})`);
}

/**
 * "The national level (the coordination level of the mean D) in the first and last time is ...":
 * holds when each time's level equals the expected one (default: the baseline's). Value:
 * "轻度失调 mild imbalance (0.396) → 初级协调 primary coordination (0.615)".
 *
 * @example
 * cc.levelConclusion();                                             // first and last time, as the baseline
 * cc.levelConclusion({ times: [2019], expected: ["初级协调"] });
 */
export function levelConclusion(options: LevelOptions = {}): Conclusion {
  const times = options.times ?? ["first", "last"];
  const name = options.name ?? "national level in the first and last time";
  if (options.expected !== undefined && options.expected.length !== times.length) {
    throw new FrameError(`levelConclusion: expected has ${options.expected.length} levels for ${times.length} times`);
  }
  const expected = options.expected?.map((x) => levelNumber(x, "levelConclusion"));
  const measure = (run: RobustnessRun) => {
    const nat = run.national;
    return times.map((tr) => {
      const t = timeOf(run, tr, `conclusion "${name}"`);
      const r = nat.rows.find((x) => Number(x[nat.keys.time]) === t)!;
      return { level: r.level as number, text: `${String(r.level_zh)} ${String(r.level_en)} (${f3(r[nat.value] as number)})` };
    });
  };
  return {
    name,
    evaluate(run, baseline) {
      const got = measure(run);
      const want = expected ?? measure(baseline).map((x) => x.level);
      return { value: got.map((g) => g.text).join(" → "), holds: got.every((g, i) => g.level === want[i]) };
    },
  };
}

/** Options of {@link rankingConclusion}. */
export interface RankingOptions {
  /** Times (default the first and the last). */
  times?: TimeRef[];
  /** The expected order of group ids per time, highest mean first. Default: the baseline's. */
  expected?: string[][];
  name?: string;
}

/**
 * "The ranking of the groups by mean D in the first and last time is ...": holds when each
 * time's order (highest first) equals the expected one (default: the baseline's). Value:
 * "east > west > northeast > central (2012); east > west > central > northeast (2019)".
 *
 * @example
 * cc.rankingConclusion({ name: "regional ranking in the first and last year" });
 */
export function rankingConclusion(options: RankingOptions = {}): Conclusion {
  const times = options.times ?? ["first", "last"];
  const name = options.name ?? "group ranking in the first and last time";
  if (options.expected !== undefined && options.expected.length !== times.length) {
    throw new FrameError(`rankingConclusion: expected has ${options.expected.length} orders for ${times.length} times`);
  }
  const measure = (run: RobustnessRun) => {
    const s = run.groups;
    return times.map((tr) => {
      const t = timeOf(run, tr, `conclusion "${name}"`);
      const order = s.rows
        .filter((x) => Number(x[s.keys.time]) === t)
        .map((x) => ({ g: String(x.group), v: x[s.value] as number }))
        .sort((a, b) => b.v - a.v)
        .map((x) => x.g);
      return { t, order };
    });
  };
  return {
    name,
    evaluate(run, baseline) {
      const got = measure(run);
      const want = options.expected ?? measure(baseline).map((x) => x.order);
      return {
        value: got.map((g) => `${g.order.join(" > ")} (${g.t})`).join("; "),
        holds: got.every((g, i) => g.order.join("|") === want[i].join("|")),
      };
    },
  };
}

/** Options of {@link aboveMeanConclusion}. */
export interface AboveMeanOptions {
  /** The group id (e.g. "east"). */
  group: string;
  /** Every time (default true), or the last time only (`false`). */
  every?: boolean;
  name?: string;
}

/**
 * "The group's mean D is above the mean over all units every time" (or in the last time).
 * Value: "8 of 8 times" (with the times it is not).
 *
 * @example
 * cc.aboveMeanConclusion({ group: "east", name: "east above the national mean every year" });
 */
export function aboveMeanConclusion(options: AboveMeanOptions): Conclusion {
  if (!options || typeof options.group !== "string" || options.group === "") throw new FrameError("aboveMeanConclusion: name the group, e.g. { group: \"east\" }");
  const every = options.every ?? true;
  const name = options.name ?? `${options.group} above the overall mean ${every ? "every time" : "in the last time"}`;
  return {
    name,
    evaluate(run) {
      const g = groupSeries(run, options.group, name);
      const all = new Map(series(run.national, "all").map((p) => [p.t, p.v]));
      const pts = every ? g : [g[g.length - 1]];
      const not = pts.filter((p) => !(p.v > all.get(p.t)!)).map((p) => p.t);
      return { value: `${pts.length - not.length} of ${pts.length} time${pts.length > 1 ? "s" : ""}${not.length ? ` (not in ${not.join(", ")})` : ""}`, holds: not.length === 0 };
    },
  };
}

/** Options of {@link largestObstacleConclusion}. */
export interface LargestObstacleOptions {
  /** Criterion layers (default) or indicators. */
  by?: "criterion" | "indicator";
  /** One system only (default: every system, one answer each). */
  system?: string;
  /** The expected largest factor per system (`{ security: "basic" }`), or one id when `system` is given. Default: the baseline's. */
  expected?: string | Record<string, string>;
  name?: string;
}

/**
 * "The largest obstacle (by the period mean of the obstacle degree) is ...", per system: holds
 * when each system's largest factor equals the expected one (default: the baseline's). Value:
 * "security: basic (0.775); resources: material (0.414)".
 *
 * @example
 * cc.largestObstacleConclusion({ name: "largest obstacle layer" });
 */
export function largestObstacleConclusion(options: LargestObstacleOptions = {}): Conclusion {
  const by = options.by ?? "criterion";
  const name = options.name ?? `largest obstacle ${by === "criterion" ? "layer" : "indicator"}`;
  const measure = (run: RobustnessRun) => {
    const ob = run.obstacles(by);
    const systems = [...new Set(ob.rows.map((r) => String(r.system)))];
    if (options.system !== undefined && !systems.includes(options.system)) throw new FrameError(`conclusion "${name}": no system "${options.system}" (systems: ${systems.join(", ")})`);
    return (options.system !== undefined ? [options.system] : systems).map((sys) => {
      const top = ob.rows.filter((r) => r.system === sys).sort((a, b) => (b.mean as number) - (a.mean as number))[0];
      return { system: sys, factor: String(top.factor), mean: top.mean as number };
    });
  };
  return {
    name,
    evaluate(run, baseline) {
      const got = measure(run);
      const want = (sys: string): string | undefined => {
        if (options.expected === undefined) return measure(baseline).find((x) => x.system === sys)?.factor;
        if (typeof options.expected === "string") return options.expected;
        return options.expected[sys];
      };
      return {
        value: got.map((g) => `${options.system !== undefined ? "" : `${g.system}: `}${g.factor} (${f3(g.mean)})`).join("; "),
        holds: got.every((g) => g.factor === want(g.system)),
      };
    },
  };
}

/**
 * "The Gini coefficient of D is lower in the last time than in the first" (Dagum's overall G).
 * Value: "0.0829 → 0.0519".
 *
 * @example
 * cc.giniFallsConclusion({ name: "Gini lower in the last year than in the first" });
 */
export function giniFallsConclusion(options: { name?: string } = {}): Conclusion {
  const name = options.name ?? "Gini lower in the last time than in the first";
  return {
    name,
    evaluate(run) {
      const d = run.dagum;
      const rows = [...d.rows].sort((a, b) => Number(a[d.keys.time]) - Number(b[d.keys.time]));
      const first = rows[0].G as number;
      const last = rows[rows.length - 1].G as number;
      return { value: `${first.toFixed(4)} → ${last.toFixed(4)}`, holds: last < first };
    },
  };
}

/**
 * "The net between-group share is the largest of Dagum's three parts every time" (or, with
 * `every: false`, in the last time). Value: "8 of 8 times" (with the times it is not).
 *
 * @example
 * cc.betweenLargestConclusion({ name: "between-region share the largest every year" });
 */
export function betweenLargestConclusion(options: { every?: boolean; name?: string } = {}): Conclusion {
  const every = options.every ?? true;
  const name = options.name ?? `between-group share the largest of the three ${every ? "every time" : "in the last time"}`;
  return {
    name,
    evaluate(run) {
      const d = run.dagum;
      const rows = [...d.rows].sort((a, b) => Number(a[d.keys.time]) - Number(b[d.keys.time]));
      const pts = every ? rows : [rows[rows.length - 1]];
      const not = pts
        .filter((r) => !((r.share_between as number) > (r.share_within as number) && (r.share_between as number) > (r.share_transvariation as number)))
        .map((r) => String(r[d.keys.time]));
      return { value: `${pts.length - not.length} of ${pts.length} time${pts.length > 1 ? "s" : ""}${not.length ? ` (not in ${not.join(", ")})` : ""}`, holds: not.length === 0 };
    },
  };
}

/** Options of {@link moranConclusion}. */
export interface MoranConclusionOptions {
  /** The spatial weights (e.g. `cc.provinceWeights()`). */
  weights: SpatialWeights;
  /** The time (default the last). */
  time?: TimeRef;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Which p-value: the permutation p ("sim", default, folded) or the analytic one under randomisation ("rand"). */
  p?: "sim" | "rand";
  permutations?: number;
  seed?: number;
  alternative?: "two-sided" | "greater" | "less";
  name?: string;
}

/**
 * "Moran's I of D is positive and significant in the last time": I > 0 and p <= alpha (the
 * permutation p of `moranByYear`, 999 permutations and the library's seed by default). Value:
 * "I = 0.412, p_sim = 0.001".
 *
 * @example
 * cc.moranConclusion({ weights: w });
 */
export function moranConclusion(options: MoranConclusionOptions): Conclusion {
  if (!options || !options.weights) throw new FrameError("moranConclusion: pass the spatial weights: { weights: cc.provinceWeights() }");
  const alpha = options.alpha ?? 0.05;
  const which = options.p ?? "sim";
  const name = options.name ?? `Moran's I positive and significant in the ${options.time === undefined || options.time === "last" ? "last time" : options.time === "first" ? "first time" : String(options.time)}`;
  return {
    name,
    evaluate(run) {
      const t = timeOf(run, options.time ?? "last", `conclusion "${name}"`);
      const m = run.moran(options.weights, { time: t, permutations: options.permutations, seed: options.seed, alternative: options.alternative });
      const r = m.rows[0];
      const p = (which === "sim" ? r.p_sim : r.p_rand) as number;
      return { value: `I = ${f3(r.I as number)}, p_${which} = ${f3(p)}`, holds: (r.I as number) > 0 && p <= alpha };
    },
  };
}

/**
 * Paper 1's conclusions (Zhang & Ouyang 2025), stated for its panel's years with the NBS regions:
 * D rises every year; the national level in the first and last year; the regional ranking in the
 * first and last year; the east above the national mean every year; the largest obstacle layer
 * (per system); Gini lower in the last year than in the first; the net between-region share the
 * largest of Dagum's three parts every year. Levels, rankings and the obstacle layer compare with
 * the baseline scenario's (the reproduction's own conclusions, not the paper's printed numbers).
 *
 * @example
 * cc.paper1Conclusions().map((c) => c.name);   // ["D 逐年上升 / D rises every year", "首末年全国协调等级 / national level ...", ...]
 */
export function paper1Conclusions(): Conclusion[] {
  return [
    risesConclusion({ name: "D 逐年上升 / D rises every year" }),
    levelConclusion({ name: "首末年全国协调等级 / national level in the first and last year" }),
    rankingConclusion({ name: "首末年区域排序 / regional ranking in the first and last year" }),
    aboveMeanConclusion({ group: "east", name: "东部逐年高于全国均值 / east above the national mean every year" }),
    largestObstacleConclusion({ name: "最大障碍准则层 / largest obstacle layer" }),
    giniFallsConclusion({ name: "末年基尼系数低于首年 / Gini lower in the last year than in the first" }),
    betweenLargestConclusion({ name: "区域间贡献逐年最大 / between-region share the largest every year" }),
  ];
}

// ---- running them ------------------------------------------------------------------------------------

/** Options of {@link robustness}. */
export interface RobustnessOptions extends KeyOptions {
  /** The scenarios; the first is the baseline. */
  scenarios: readonly Scenario[];
  /** The conclusions to test under each. */
  conclusions: readonly Conclusion[];
  /** Choices every scenario starts from (default the library's: limit, pooled, classic, entropy weights). */
  base?: ScenarioChoices;
  /** Group column or preset (default the panel's group), for group conclusions and Dagum. */
  group?: string | GroupPreset;
}

/** One summary record per conclusion. */
export interface RobustnessSummaryRow extends Row {
  conclusion: string;
  scenarios: number;
  holds: number;
  fails: number;
  /** Holds under every scenario. */
  robust: boolean;
  /** The value under the baseline. */
  baseline: string | number;
  /** Names of the scenarios under which it fails, "; "-separated ("" when none). */
  failing: string;
  /** One sentence computed from the rows. */
  reading: string;
}

/** Result of {@link robustness}. */
export interface RobustnessResult extends TableResult<Row> {
  readonly kind: "robustness";
  /** Scenarios as run (choices filled in), in order; the first is the baseline. */
  readonly scenarios: ResolvedScenario[];
  readonly conclusions: string[];
  /** Name of the baseline scenario. */
  readonly baseline: string;
  /** One record per conclusion: holds under every scenario, or fails under which, and a reading. */
  readonly summary: TableResult<RobustnessSummaryRow>;
  /** The readings, one sentence per conclusion. */
  readonly readings: string[];
  /**
   * The pipeline run of each scenario, in order (results computed once, shared with the
   * conclusions): a notebook's tables of the numbers behind the verdicts read them from here.
   */
  readonly runs: RobustnessRun[];
}

function valueText(v: string | number): string {
  return typeof v === "number" ? String(Number(v.toPrecision(6))) : v;
}

function reading(name: string, rows: Row[], baselineName: string): string {
  const n = rows.length;
  const holds = rows.filter((r) => r.holds).length;
  const base = rows.find((r) => r.scenario === baselineName)!;
  const bv = valueText(base.value as string | number);
  const fails = rows.filter((r) => !r.holds);
  const list = (xs: Row[], max = 6) =>
    xs
      .slice(0, max)
      .map((r) => `${String(r.scenario)} (${valueText(r.value as string | number)})`)
      .join(", ") + (xs.length > max ? ` and ${xs.length - max} more` : "");
  if (holds === n) return `${name}: holds under all ${n} scenario${n > 1 ? "s" : ""} (baseline: ${bv}).`;
  if (holds === 0) return `${name}: fails under every scenario, the baseline included (baseline: ${bv}).`;
  if (!base.holds) {
    const held = rows.filter((r) => r.holds);
    return `${name}: fails under the baseline (${bv}) and under ${fails.length - 1} other scenario${fails.length - 1 === 1 ? "" : "s"}; holds under ${held.length}: ${list(held)}.`;
  }
  return `${name}: holds under ${holds} of ${n} scenarios; fails under ${fails.length}: ${list(fails)}.`;
}

/**
 * Run each conclusion under each scenario: one record per conclusion x scenario `{ conclusion,
 * scenario, value, holds }` (scenarios in the order given, the first the baseline), a summary per
 * conclusion (`summary`: how many scenarios it holds under, under which it fails, the baseline's
 * value and a one-sentence reading computed from the rows) and the display table (one row per
 * scenario with its choices, "✓" / "✗" per conclusion).
 *
 * A scenario applies its choices (over `base`, over the library's defaults) to the pipeline:
 * `entropy(panel, spec without the dropped indicators, { zero, panel })`, the scores (or
 * equal-weight scores on the same normalised values), `coupling(scores, { model, coefficients })`,
 * then, as the conclusions ask for them, `summarize` (all units, by group), `dagumByYear`,
 * `obstacles` (with the scenario's weights), `provinceWeights({ hainan, style, units })`,
 * `moranByYear` and `lisa` (with the scenario's permutations and seed), each computed once per
 * scenario. A scenario with `data` runs all of it on that panel and specification instead. The
 * runs are returned (`runs`), so a notebook's tables of the numbers behind the verdicts read the
 * same results the conclusions did.
 *
 * Refused with a message naming the scenario or conclusion: an empty list, names given twice, a
 * scenario key the pipeline does not know (a typo must not silently run the baseline), an
 * indicator to drop that is not in the specification, a conclusion that throws or returns
 * anything but `{ value: string | finite number, holds: boolean }`, a pipeline step that fails
 * under a scenario.
 *
 * @example
 * const spec = cc.dataPath("specs", "zhang-ouyang-2025.csv");
 * const rob = cc.robustness(panel, spec, { group: cc.NBS_REGIONS, scenarios: cc.standardScenarios(spec), conclusions: cc.paper1Conclusions() });
 * rob.readings;            // one sentence per conclusion
 * // paper 2's spatial choices: Hainan's link, binary weights, permutations and seed
 * const spec2 = cc.dataPath("specs", "zhou-xu-li.csv");
 * // (run.spatialWeights carries the scenario's choices; moranConclusion reads the weights it is given)
 * const positive: cc.Conclusion = { name: "I > 0 every year", evaluate: (run) => {
 *   const Is = run.moranByYear().rows.map((r) => r.I as number);
 *   return { value: Is.filter((I) => I > 0).length, holds: Is.every((I) => I > 0) };
 * } };
 * const hainan = cc.robustness(panel2, spec2, { base: { permutations: 99 }, conclusions: [positive],
 *   scenarios: [{ name: "Guangdong" }, { name: "isolated", hainan: "isolated" }, { name: "B", style: "B" }, { name: "seed 2", seed: 2 }] });
 * hainan.runs[1].moranByYear().rows;   // Moran's I per year with Hainan isolated (9 years)
 * cc.robustnessGrid(rob);  // conclusions x scenarios, green holds / red fails
 */
export function robustness(panelInput: FrameInput, specInput: SpecInput, options: RobustnessOptions): RobustnessResult {
  const what = "robustness";
  if (!options || typeof options !== "object") throw new FrameError(`${what}: pass { scenarios, conclusions }`);
  const { scenarios, conclusions, base = {}, ...keyOptions } = options;
  if (!Array.isArray(scenarios) || scenarios.length === 0) throw new FrameError(`${what}: scenarios must be a non-empty array (the first is the baseline), e.g. cc.standardScenarios(spec)`);
  if (!Array.isArray(conclusions) || conclusions.length === 0) throw new FrameError(`${what}: conclusions must be a non-empty array, e.g. cc.paper1Conclusions()`);
  const spec = resolveSpec(specInput);
  for (const k of Object.keys(base)) if (!CHOICE_KEYS.has(k) || k === "name") throw new FrameError(`${what}: base has an unknown choice "${k}" (choices: ${CHOICE_LIST})`);
  const names = new Set<string>();
  const resolved = scenarios.map((s, i) => {
    if (!s || typeof s !== "object" || typeof s.name !== "string" || s.name.trim() === "") throw new FrameError(`${what}: scenario ${i + 1} has no name (got ${describeValue(s)})`);
    if (names.has(s.name)) throw new FrameError(`${what}: scenario name "${s.name}" is given twice (positions ${scenarios.findIndex((x) => x.name === s.name) + 1} and ${i + 1})`);
    names.add(s.name);
    const unknown = Object.keys(s).filter((k) => !CHOICE_KEYS.has(k));
    if (unknown.length) throw new FrameError(`${what}: scenario "${s.name}" has unknown choice${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} (choices: ${CHOICE_LIST})`);
    return resolveScenario(s, base, spec, what);
  });
  const cnames = new Set<string>();
  conclusions.forEach((c, i) => {
    if (!c || typeof c !== "object" || typeof c.name !== "string" || c.name.trim() === "" || typeof c.evaluate !== "function") {
      throw new FrameError(`${what}: conclusion ${i + 1} must be { name, evaluate(run, baseline) } (e.g. cc.risesConclusion()), got ${describeValue(c)}`);
    }
    if (cnames.has(c.name)) throw new FrameError(`${what}: conclusion name "${c.name}" is given twice`);
    cnames.add(c.name);
  });
  const runs = resolved.map((r, i) => {
    const data = scenarios[i].data ?? base.data;
    return data ? new Run(r, data.panel, resolveSpec(data.spec), keyOptions) : new Run(r, panelInput, spec, keyOptions);
  });
  const baseline = runs[0];
  const rows: Row[] = [];
  for (const c of conclusions) {
    for (const run of runs) {
      let out: ConclusionValue;
      try {
        out = c.evaluate(run, baseline);
      } catch (e) {
        const msg = e instanceof FrameError ? e.message : (e as Error).message;
        throw new FrameError(`${what}: conclusion "${c.name}" under scenario "${run.scenario.name}": ${msg}`);
      }
      const ok = out && typeof out === "object" && typeof out.holds === "boolean" && (typeof out.value === "string" || (typeof out.value === "number" && Number.isFinite(out.value)));
      if (!ok) {
        throw new FrameError(`${what}: conclusion "${c.name}" under scenario "${run.scenario.name}" returned ${describeValue(out)}; expected { value: string | finite number, holds: boolean }`);
      }
      rows.push({ conclusion: c.name, scenario: run.scenario.name, value: out.value, holds: out.holds });
    }
  }
  const summaryRows: RobustnessSummaryRow[] = conclusions.map((c) => {
    const mine = rows.filter((r) => r.conclusion === c.name);
    const holds = mine.filter((r) => r.holds).length;
    return {
      conclusion: c.name,
      scenarios: mine.length,
      holds,
      fails: mine.length - holds,
      robust: holds === mine.length,
      baseline: mine[0].value as string | number,
      failing: mine.filter((r) => !r.holds).map((r) => String(r.scenario)).join("; "),
      reading: reading(c.name, mine, resolved[0].name),
    };
  });
  const keys = (runs[0] as Run).coupling.keys;
  const summary = makeResult<TableResult<RobustnessSummaryRow>>("robustness-summary", summaryRows, keys, {
    tableRows: summaryRows.map((r) => ({ conclusion: r.conclusion, holds: `${r.holds}/${r.scenarios}`, baseline: r.baseline, failing: r.failing, reading: r.reading })),
  });
  const tableRows: Row[] = resolved.map((s) => {
    const row: Row = { scenario: s.name, choices: s.choices };
    for (const c of conclusions) row[c.name] = rows.find((r) => r.conclusion === c.name && r.scenario === s.name)!.holds ? "✓" : "✗";
    return row;
  });
  return makeResult<RobustnessResult>("robustness", rows, keys, {
    tableRows,
    columns: ["scenario", "choices", ...conclusions.map((c) => c.name)],
    scenarios: resolved,
    conclusions: conclusions.map((c) => c.name),
    baseline: resolved[0].name,
    summary,
    readings: summaryRows.map((r) => r.reading),
    runs,
  });
}
