/**
 * What frame calls return: one shape for every result, so that tables, figures and later calls
 * read the same records.
 *
 * A result is a plain object (no danfo inside until `table` is read):
 * - `rows`: the tidy records, one per unit-time (coupling, LISA), per time (Moran, Dagum), per
 *   time and group (summaries) or per factor (obstacles). Figures read these.
 * - `keys`: the column names the user gave once to `panel()` (unit, time, label, group), carried
 *   by every later call, so a figure knows which field is the unit and which the time.
 * - `tableRows`: the display table as plain rows, in the paper's layout where the literature has
 *   one (Table 4's one column per region, Table 7's parts x years). For most results it is `rows`
 *   itself. `showTable`, `saveTable` and `compare` read it.
 * - `table`: `tableRows` as a danfo DataFrame, built on first access (danfo is loaded only then).
 * - `kind` names the result, and each kind adds its own settings (systems, model, seed, ...).
 *
 * Scales: every share (Dagum contributions, obstacle degrees) is a fraction in `rows`; display
 * tables show them in percent with "(%)" in the header. Levels are numbers 1-10 (`level`) beside
 * their names (`level_zh`, `level_en`), computed once, in the frame call, by the core.
 *
 * This module holds types and one constructor only: the plot layer imports the types (never
 * danfo), the frame layer builds results.
 */
import type { LisaCluster } from "../core/lisa";
import type { PanelKeys as DataPanelKeys } from "../data/reshape";
import { toFrame, type DataFrame } from "./table";

/**
 * Column names of a panel, named once by the user (`panel(df, { unit, time, label, group })`):
 * the data layer's keys (unit, time, label, group) plus the group preset in force, if any.
 */
export interface PanelKeys extends DataPanelKeys {
  /** Set when the group column was added by a preset (e.g. "NBS_REGIONS"): its names and order apply. */
  groupPreset?: string;
}

/** One record: column name -> value. */
export type Row = Record<string, unknown>;

/** The shape every frame result shares (see the module comment). */
export interface TableResult<R extends Row = Row> {
  readonly kind: string;
  readonly rows: R[];
  readonly keys: PanelKeys;
  /** Display columns in order (of `tableRows`). */
  readonly columns: string[];
  readonly tableRows: Row[];
  /** `tableRows` as a danfo DataFrame (built on first access). */
  readonly table: DataFrame;
}

/** Is `x` a frame result (anything with `rows`, `keys` and `tableRows`)? */
export function isTableResult(x: unknown): x is TableResult {
  return (
    typeof x === "object" &&
    x !== null &&
    Array.isArray((x as { rows?: unknown }).rows) &&
    typeof (x as { keys?: unknown }).keys === "object" &&
    Array.isArray((x as { tableRows?: unknown }).tableRows)
  );
}

/** A group of a summary or decomposition, with its display names. */
export interface GroupInfo {
  /** The group's value in the group column (or a preset's code, e.g. "east"); "all" for every unit. */
  id: string;
  zh: string;
  en: string;
}

/** `coupling()`: one record per unit-time. Fields named by `keys` plus these. */
export interface CouplingResult extends TableResult {
  readonly kind: "coupling";
  /** Score columns, one per system, in order. */
  readonly systems: string[];
  readonly model: string;
  readonly coefficients: number[];
  /** Level bands: "left" `[a, b)` (default) or "right" `(a, b]`. */
  readonly closed: "left" | "right";
  /** The value column ("D"). Records: `<systems>, C, T, D, level, level_zh, level_en`. */
  readonly value: "D";
}

/**
 * `summarize()`: one record per time and group: `{ <time>, group, group_zh, group_en, <value>,
 * n, level, level_zh, level_en }`; `tableRows` in the paper's layout (times as rows, a column per
 * group, then the period mean).
 */
export interface SummaryResult extends TableResult {
  readonly kind: "summary";
  readonly value: string;
  readonly groups: GroupInfo[];
  /** Period mean per group (mean of the yearly means). */
  readonly means: Record<string, number>;
  readonly closed: "left" | "right";
}

/**
 * `moranByYear()`: one record per time: `{ <time>, I, EI, VI_norm, z_norm, p_norm, VI_rand,
 * z_rand, p_rand, p_sim, z_sim, n, permutations, seed, alternative }`.
 */
export interface MoranResult extends TableResult {
  readonly kind: "moran";
  readonly value: string;
  /** Description of the spatial weights used. */
  readonly weights: string;
}

/**
 * `lisa()`: one record per unit of one time: `{ <unit>, <label>?, <group>?, <time>, <value>, z,
 * lag, Is, quadrant, p_sim, cluster }` (`quadrant` and `cluster` from the core, never recomputed).
 */
export interface LisaResult extends TableResult {
  readonly kind: "lisa";
  readonly value: string;
  readonly time: number;
  /** Global Moran's I of the same values and weights (for the scatter's slope). */
  readonly I: number;
  readonly alpha: number;
  readonly cutoff: number;
  /** Labels (or unit ids) of the members of each cluster. */
  readonly clusters: Record<LisaCluster, string[]>;
  /** Cluster membership, paper 2 Table 5's layout: `{ cluster, cluster_zh, cluster_en, count, units }`. */
  readonly membership: TableResult;
  readonly settings: Row;
}

/**
 * `obstacles()`: one record per factor (indicator or criterion) and system, ranked within the
 * system by the period mean: `{ rank, system, factor, factor_zh, criterion?, <time>: value per
 * shown time, mean }` with values as fractions; display table in percent.
 */
export interface ObstacleResult extends TableResult {
  readonly kind: "obstacles";
  readonly by: "indicator" | "criterion";
  /** Times shown as columns; their column names are `String(time)`. */
  readonly times: number[];
  /** The value columns of a record in order: the shown times, then "mean". */
  readonly valueColumns: string[];
}

/**
 * `dagumByYear()`: one record per time: `{ <time>, G, Gw, Gnb, Gt, share_within, share_between,
 * share_transvariation, Gjj: { group: G_jj }, Gjh: { "a|b": G_jh } }` (shares as fractions);
 * `tableRows` in paper 1 Table 7's layout (parts x years, contributions in percent).
 */
export interface DagumResult extends TableResult {
  readonly kind: "dagum";
  readonly value: string;
  readonly groups: GroupInfo[];
  /** Group pairs `[a, b]` in display order. */
  readonly pairs: Array<[string, string]>;
}

/**
 * Build a result: `rows` are the records; `tableRows` default to `rows`; `columns` default to the
 * first-seen keys of `tableRows`; `table` is a DataFrame built on first access.
 */
export function makeResult<T extends TableResult>(
  kind: T["kind"],
  rows: Row[],
  keys: PanelKeys,
  extra: Omit<T, keyof TableResult> & Partial<Pick<TableResult, "tableRows" | "columns">>,
): T {
  const { tableRows = rows, columns, ...rest } = extra as Partial<Pick<TableResult, "tableRows" | "columns">> & Row;
  const cols = columns ?? firstSeenColumns(tableRows);
  let frame: DataFrame | undefined;
  const result = { kind, rows, keys: { ...keys }, columns: cols, tableRows, ...rest } as Row;
  Object.defineProperty(result, "table", {
    enumerable: false,
    get() {
      if (!frame) frame = toFrame(tableRows, cols);
      return frame;
    },
  });
  return result as unknown as T;
}

function firstSeenColumns(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}
