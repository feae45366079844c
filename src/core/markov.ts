/**
 * Discrete (classic, a-spatial) Markov chains of a panel's classes: pooled quantile or fixed-edge
 * classes, transition counts and probabilities, steady state(s), mean first passage times and
 * sojourn times (giddy `Markov`, mapclassify `Quantiles` / `UserDefined`; docs/METHODS.md
 * section 12).
 *
 * Layout everywhere: units x times (one row per unit, columns in time order); a transition is
 * (unit i, time t) -> (unit i, time t + 1), pooled over units and consecutive time pairs. Classes are
 * 0-based as in giddy.
 */
import { quantileType7 } from "./kde";

/** Thrown for input the Markov functions cannot use; names the row / column (from 1) and value. */
export class MarkovInputError extends Error {
  override name = "MarkovInputError";
}

/** Which end of a class interval is closed. */
export type ClassClosed = "right" | "left";

/** Options of {@link classify}: give `k` or `cutoffs`, not both. */
export interface ClassifyOptions {
  /** Number of pooled quantile classes (integer >= 2); the default when neither is given is 4. */
  k?: number;
  /** Inner class edges c_1 < ... < c_(k-1): `k = cutoffs.length + 1` classes. */
  cutoffs?: readonly number[];
  /**
   * `"right"` (default; mapclassify, giddy): intervals `(a, b]`, a value equal to an edge goes to
   * the LOWER class. `"left"`: intervals `[a, b)`, a value equal to an edge goes to the UPPER class
   * (the coordination-level table: D = 0.5 is "barely coordinated").
   */
  closed?: ClassClosed;
}

/** Result of {@link classify}. */
export interface ClassifyResult<C> {
  /** Class id (0-based) of each value, in the shape of the input (matrix or flat array). */
  class_ids: C;
  /** Inner edges (k - 1 of them): the class of x is the number of cutoffs below x (`"right"`) or at or below x (`"left"`). */
  cutoffs: number[];
  /**
   * Upper bound of each class: the cutoffs, then the maximum of the values (mapclassify's
   * `bins`); with fixed cutoffs all at or above the maximum the top class is empty and its
   * bound is `Infinity`.
   */
  upper_bounds: number[];
  /** Number of classes (fewer than the requested k when duplicate quantile bounds collapsed). */
  k: number;
  /** Number of values in each class. */
  class_counts: number[];
  /** `"pooled quantiles k=4"` or `"fixed cutoffs [0.3, 0.4]"`. */
  method: string;
  /** The interval convention used. */
  closed: ClassClosed;
}

function isRow(v: unknown): v is ArrayLike<number> {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * Reads a units x times matrix (rows of equal length, finite numbers) into a flat row-major array.
 * @internal shared with spatialMarkov.
 */
export function readMatrix(
  values: readonly (readonly number[])[],
  what: string,
  argName: string,
  minCols: number,
): { data: Float64Array; rows: number; cols: number } {
  if (!Array.isArray(values)) throw new MarkovInputError(`${what}: ${argName} must be an array of rows (units x times)`);
  const rows = values.length;
  if (rows === 0) throw new MarkovInputError(`${what}: ${argName} has no rows`);
  const first: unknown = values[0];
  if (!isRow(first)) {
    throw new MarkovInputError(`${what}: ${argName} row 1 is not an array`);
  }
  const cols = first.length;
  if (cols < minCols) {
    throw new MarkovInputError(`${what}: ${argName} has ${cols} column(s) (times); need at least ${minCols}`);
  }
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row: unknown = values[i];
    if (!isRow(row)) {
      throw new MarkovInputError(`${what}: ${argName} row ${i + 1} is not an array`);
    }
    if (row.length !== cols) {
      throw new MarkovInputError(
        `${what}: ${argName} is ragged: row ${i + 1} has ${row.length} columns, row 1 has ${cols}`,
      );
    }
    for (let t = 0; t < cols; t++) {
      const v = row[t];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new MarkovInputError(`${what}: ${argName} row ${i + 1}, column ${t + 1} is ${String(v)}, not a finite number`);
      }
      data[i * cols + t] = v;
    }
  }
  return { data, rows, cols };
}

/**
 * Pooled quantile or fixed-edge classes over a flat array of values (the engine of classify).
 * @internal shared with spatialMarkov.
 */
export function classesOf(
  data: Float64Array,
  opts: { k?: number; cutoffs?: readonly number[]; closed?: ClassClosed },
  what: string,
  names: { k: string; cutoffs: string } = { k: "k", cutoffs: "cutoffs" },
): { ids: Int32Array; cutoffs: number[]; upper: number[]; k: number; counts: number[]; method: string; closed: ClassClosed } {
  const closed = opts.closed ?? "right";
  if (closed !== "right" && closed !== "left") {
    throw new MarkovInputError(`${what}: closed must be "right" or "left", got ${JSON.stringify(closed)}`);
  }
  const N = data.length;
  let max = -Infinity;
  for (let q = 0; q < N; q++) if (data[q] > max) max = data[q];
  let cutoffs: number[];
  let upper: number[];
  let method: string;
  if (opts.cutoffs !== undefined && opts.cutoffs !== null) {
    const c = opts.cutoffs;
    if (!Array.isArray(c) || c.length === 0) {
      throw new MarkovInputError(`${what}: ${names.cutoffs} must be a non-empty array of increasing numbers`);
    }
    for (let j = 0; j < c.length; j++) {
      if (typeof c[j] !== "number" || !Number.isFinite(c[j])) {
        throw new MarkovInputError(`${what}: ${names.cutoffs} entry ${j + 1} is ${String(c[j])}, not a finite number`);
      }
      if (j > 0 && !(c[j] > c[j - 1])) {
        throw new MarkovInputError(
          `${what}: ${names.cutoffs} must be strictly increasing: entry ${j + 1} (${c[j]}) is not above entry ${j} (${c[j - 1]})`,
        );
      }
    }
    cutoffs = c.slice();
    upper = [...cutoffs, max > cutoffs[cutoffs.length - 1] ? max : Infinity];
    method = `fixed cutoffs [${cutoffs.join(", ")}]`;
  } else {
    const k = opts.k ?? 4;
    if (typeof k !== "number" || !Number.isInteger(k) || k < 2) {
      throw new MarkovInputError(`${what}: ${names.k} must be an integer >= 2, got ${String(k)}`);
    }
    const sorted = Float64Array.from(data).sort();
    const bounds: number[] = [];
    for (let j = 1; j <= k; j++) {
      const b = j === k ? sorted[N - 1] : quantileType7(sorted, j / k);
      if (bounds.length === 0 || b !== bounds[bounds.length - 1]) bounds.push(b);
    }
    upper = bounds;
    cutoffs = bounds.slice(0, -1);
    method = `pooled quantiles k=${k}`;
  }
  const kk = cutoffs.length + 1;
  const ids = new Int32Array(N);
  const counts = new Array<number>(kk).fill(0);
  const left = closed === "left";
  for (let q = 0; q < N; q++) {
    const v = data[q];
    // number of cutoffs below v (right-closed) or at or below v (left-closed): binary search
    let lo = 0;
    let hi = cutoffs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (left ? cutoffs[mid] <= v : cutoffs[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    ids[q] = lo;
    counts[lo]++;
  }
  return { ids, cutoffs, upper, k: kk, counts, method, closed };
}

/**
 * Classes of a panel (units x times matrix) or of a flat array of values.
 *
 * - `k` (default 4 when no cutoffs are given): pooled quantile classes as mapclassify
 *   `Quantiles(y.flatten(), k)` computes them: upper bounds are the `100 j/k` percentiles of ALL
 *   values (every unit and year together), j = 1..k, type-7 linear interpolation
 *   (`h = (N - 1) j/k`), the last bound is the maximum; duplicate bounds collapse, so ties can
 *   leave fewer than k classes (`result.k` says how many).
 * - `cutoffs`: fixed inner edges c_1 < ... < c_(k-1), k = cutoffs.length + 1 classes (giddy
 *   `Spatial_Markov(cutoffs=)`; the top class is everything above the last edge).
 * - `closed: "right"` (default): class j is `b_(j-1) < x <= b_j`, so a value equal to an edge goes
 *   to the lower class (mapclassify, giddy). `closed: "left"`: `b_(j-1) <= x < b_j`, a value equal to
 *   an edge goes to the upper class (the half-open coordination-level table). The two differ only
 *   for values equal to an edge. No rounding is applied: round D first (as `coordinationLevel`
 *   does, to 12 decimals) if a computed 0.30000000000000004 must count as the edge 0.3.
 *
 * Class ids are 0-based and `class_ids` has the input's shape.
 *
 * Errors (MarkovInputError): both `k` and `cutoffs`; a ragged matrix (row named); NaN or infinite
 * values (row and column from 1, or position from 1); no values; k not an integer >= 2; cutoffs
 * not strictly increasing (entries named); an unknown `closed`.
 *
 * @example
 * // values 1..8 over 2 units x 4 years: pooled quartile bounds 2.75, 4.5, 6.25, 8
 * const c = classify([[1, 3, 5, 7], [2, 4, 6, 8]], { k: 4 });
 * c.upper_bounds; // [2.75, 4.5, 6.25, 8]
 * c.class_ids;    // [[0, 1, 2, 3], [0, 1, 2, 3]]
 * // fixed edges: 0.5 is in class 1 (0.4, 0.5] by default, in class 2 [0.5, 0.6) with closed "left"
 * classify([0.3, 0.5, 0.61], { cutoffs: [0.3, 0.4, 0.5, 0.6] }).class_ids;                   // [0, 2, 4]
 * classify([0.3, 0.5, 0.61], { cutoffs: [0.3, 0.4, 0.5, 0.6], closed: "left" }).class_ids;   // [1, 3, 4]
 */
export function classify(values: readonly (readonly number[])[], options?: ClassifyOptions): ClassifyResult<number[][]>;
export function classify(values: readonly number[], options?: ClassifyOptions): ClassifyResult<number[]>;
export function classify(
  values: readonly (readonly number[])[] | readonly number[],
  options: ClassifyOptions = {},
): ClassifyResult<number[][] | number[]> {
  const what = "classify";
  if (options.k !== undefined && options.k !== null && options.cutoffs !== undefined && options.cutoffs !== null) {
    throw new MarkovInputError(`${what}: give k (quantile classes) or cutoffs (fixed edges), not both`);
  }
  if (!Array.isArray(values)) throw new MarkovInputError(`${what}: values must be an array (units x times, or flat)`);
  if (values.length === 0) throw new MarkovInputError(`${what}: no values`);
  const matrix = isRow(values[0] as unknown);
  let data: Float64Array;
  let rows = 0;
  let cols = 0;
  if (matrix) {
    ({ data, rows, cols } = readMatrix(values as readonly (readonly number[])[], what, "values", 1));
  } else {
    const flat = values as readonly number[];
    data = new Float64Array(flat.length);
    for (let q = 0; q < flat.length; q++) {
      const v = flat[q];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new MarkovInputError(`${what}: value ${q + 1} (counted from 1) is ${String(v)}, not a finite number`);
      }
      data[q] = v;
    }
  }
  const r = classesOf(data, options, what);
  let class_ids: number[][] | number[];
  if (matrix) {
    const m: number[][] = [];
    for (let i = 0; i < rows; i++) m.push(Array.from(r.ids.subarray(i * cols, (i + 1) * cols)));
    class_ids = m;
  } else {
    class_ids = Array.from(r.ids);
  }
  return {
    class_ids,
    cutoffs: r.cutoffs,
    upper_bounds: r.upper,
    k: r.k,
    class_counts: r.counts,
    method: r.method,
    closed: r.closed,
  };
}

/** Options of {@link markov}. */
export interface MarkovOptions {
  /** Number of classes: ids must lie in 0..k-1; rows and columns of the matrices are all k classes. */
  k: number;
}

/** Result of {@link markov} (giddy / PySAL names). */
export interface MarkovResult {
  /** Number of classes. */
  k: number;
  /** `transitions[i][j]`: number of (unit, t) -> (unit, t + 1) moves from class i to class j. */
  transitions: number[][];
  /** Row-normalised transitions; a row without transitions stays all zero. */
  p: number[][];
  /** Classes with no outgoing transition (their rows of `p` are zero), ascending. */
  empty_rows: number[];
  /** `p` with 1 on the diagonal of every empty row (giddy `fill_empty_classes=True`). */
  p_filled: number[][];
  /**
   * Stationary distribution of `p_filled`: one vector when the filled chain has one recurrent
   * class (transient states get 0); a list of vectors, one per recurrent class ordered by its
   * smallest state, when it has several (giddy's layout).
   */
  steady_state: number[] | number[][];
  /** Always a list: one stationary distribution per recurrent class (same order). */
  steady_states: number[][];
  /** Number of recurrent (closed communicating) classes of `p_filled`. */
  n_recurrent_classes: number;
  /** The recurrent classes, each ascending, ordered by smallest state. */
  recurrent_classes: number[][];
  /** States in no recurrent class, ascending. */
  transient_states: number[];
  /**
   * Mean first passage times of `p_filled`: `mfpt[i][j]` is the expected number of steps from i to
   * first reach j (i != j); the diagonal is the mean recurrence time (`1/pi_j` in an ergodic chain).
   * `Infinity` where j is not reached with probability 1.
   */
  mfpt: number[][];
  /** `1 / (1 - p_ii)` from `p_filled`; `Infinity` when `p_ii = 1`. */
  sojourn_time: number[];
  /** Number of cells in each class (all units and times). */
  class_counts: number[];
  /** Number of transitions counted (`units x (times - 1)`). */
  n_transitions: number;
}

/**
 * Reads and checks a class-id matrix (integers in 0..k-1, rectangular, >= 2 columns).
 * @internal shared with spatialMarkov.
 */
export function readClassIds(
  class_ids: readonly (readonly number[])[],
  k: number,
  what: string,
): { ids: Int32Array; rows: number; cols: number } {
  if (typeof k !== "number" || !Number.isInteger(k) || k < 2) {
    throw new MarkovInputError(`${what}: k (number of classes) must be an integer >= 2, got ${String(k)}`);
  }
  const { data, rows, cols } = readMatrix(class_ids, what, "class_ids", 2);
  const ids = new Int32Array(rows * cols);
  for (let q = 0; q < data.length; q++) {
    const v = data[q];
    if (!Number.isInteger(v) || v < 0 || v >= k) {
      const i = Math.floor(q / cols);
      throw new MarkovInputError(
        `${what}: class_ids row ${i + 1}, column ${(q % cols) + 1} is ${v}, not a class id in 0..${k - 1} (k = ${k})`,
      );
    }
    ids[q] = v;
  }
  return { ids, rows, cols };
}

/** Row-normalise counts; empty rows stay zero. */
export function rowNormalise(T: number[][]): { p: number[][]; empty: number[]; filled: number[][] } {
  const k = T.length;
  const p: number[][] = [];
  const filled: number[][] = [];
  const empty: number[] = [];
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += T[i][j];
    const row = T[i].map((c) => (s > 0 ? c / s : 0));
    p.push(row);
    if (s > 0) filled.push(row.slice());
    else {
      empty.push(i);
      const f = new Array<number>(k).fill(0);
      f[i] = 1;
      filled.push(f);
    }
  }
  return { p, empty, filled };
}

/** Reachability closure of the graph with edges i -> j where P[i][j] > 0 (reach[i][i] = true). */
function reachability(P: number[][]): boolean[][] {
  const k = P.length;
  const reach: boolean[][] = [];
  for (let i = 0; i < k; i++) {
    const seen = new Array<boolean>(k).fill(false);
    seen[i] = true;
    const stack = [i];
    while (stack.length) {
      const a = stack.pop()!;
      for (let b = 0; b < k; b++) {
        if (!seen[b] && P[a][b] > 0) {
          seen[b] = true;
          stack.push(b);
        }
      }
    }
    reach.push(seen);
  }
  return reach;
}

/**
 * Recurrent classes of a stochastic matrix: the closed communicating classes (no positive
 * probability leaves them), each ascending, ordered by smallest state; plus the transient states.
 * @internal
 */
export function recurrentClasses(P: number[][]): { classes: number[][]; transient: number[] } {
  const k = P.length;
  const reach = reachability(P);
  const assigned = new Array<boolean>(k).fill(false);
  const classes: number[][] = [];
  const transient: number[] = [];
  for (let i = 0; i < k; i++) {
    if (assigned[i]) continue;
    const cls: number[] = [];
    for (let j = 0; j < k; j++) if (reach[i][j] && reach[j][i]) cls.push(j);
    for (const j of cls) assigned[j] = true;
    // closed iff every state reachable from i is in its class
    let closed = true;
    for (let j = 0; j < k && closed; j++) if (reach[i][j] && !reach[j][i]) closed = false;
    if (closed) classes.push(cls);
    else transient.push(...cls);
  }
  transient.sort((a, b) => a - b);
  return { classes, transient };
}

/**
 * Stationary distribution of an irreducible stochastic matrix by the GTH algorithm
 * (Grassmann, Taksar and Heyman 1985, "Regenerative analysis and steady state distributions for
 * Markov chains", Operations Research 33(5)): state reduction without subtractions, accurate to a
 * few ulps. Written from the published description.
 */
function gth(P: number[][]): number[] {
  const n = P.length;
  const A = P.map((r) => r.slice());
  for (let m = n - 1; m > 0; m--) {
    let s = 0;
    for (let j = 0; j < m; j++) s += A[m][j];
    for (let i = 0; i < m; i++) A[i][m] /= s;
    for (let i = 0; i < m; i++) {
      const aim = A[i][m];
      if (aim === 0) continue;
      for (let j = 0; j < m; j++) A[i][j] += aim * A[m][j];
    }
  }
  const pi = new Array<number>(n).fill(0);
  pi[0] = 1;
  let total = 1;
  for (let j = 1; j < n; j++) {
    let s = 0;
    for (let i = 0; i < j; i++) s += pi[i] * A[i][j];
    pi[j] = s;
    total += s;
  }
  return pi.map((v) => v / total);
}

/** Stationary distributions, one per recurrent class, embedded in k-vectors (0 elsewhere). @internal */
export function steadyStates(P: number[][], classes: number[][]): number[][] {
  const k = P.length;
  return classes.map((cls) => {
    const sub = cls.map((a) => cls.map((b) => P[a][b]));
    const pi = gth(sub);
    const out = new Array<number>(k).fill(0);
    cls.forEach((a, q) => (out[a] = pi[q]));
    return out;
  });
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A small and non-singular). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (piv !== c) [M[piv], M[c]] = [M[c], M[piv]];
    const d = M[c][c];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / d;
      if (f === 0) continue;
      for (let q = c; q <= n; q++) M[r][q] -= f * M[c][q];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let q = r + 1; q < n; q++) s -= M[r][q] * x[q];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Mean first passage times of a stochastic matrix, by absorption analysis per target j:
 * the states from which j is reached with probability 1 are found on the graph of positive
 * entries (i reaches j surely iff no state reachable from i while avoiding j is cut off from j);
 * on them `m_ij = 1 + sum_{l != j} p_il m_lj` is solved exactly; the others get `Infinity`. The
 * diagonal is `m_jj = 1 + sum_{l != j} p_jl m_lj` (Infinity when a return is not sure).
 * Deciding infinity on the graph, not by a tolerance on a near-singular solve, avoids the huge
 * finite "passage times" giddy can return for unreachable targets.
 * @internal
 */
export function meanFirstPassage(P: number[][]): number[][] {
  const k = P.length;
  const M: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(Infinity));
  for (let j = 0; j < k; j++) {
    // canReach[s]: j reachable from s along edges leaving states other than j
    const canReach = new Array<boolean>(k).fill(false);
    canReach[j] = true;
    const stack = [j];
    while (stack.length) {
      const b = stack.pop()!;
      for (let a = 0; a < k; a++) {
        if (a !== j && !canReach[a] && P[a][b] > 0) {
          canReach[a] = true;
          stack.push(a);
        }
      }
    }
    // unsure[s]: from s (not j) a state that cannot reach j is reachable while avoiding j
    const unsure = new Array<boolean>(k).fill(false);
    const st: number[] = [];
    for (let s = 0; s < k; s++) {
      if (s !== j && !canReach[s]) {
        unsure[s] = true;
        st.push(s);
      }
    }
    while (st.length) {
      const b = st.pop()!;
      for (let a = 0; a < k; a++) {
        if (a !== j && !unsure[a] && P[a][b] > 0) {
          unsure[a] = true;
          st.push(a);
        }
      }
    }
    const sure: number[] = [];
    for (let s = 0; s < k; s++) if (s !== j && !unsure[s]) sure.push(s);
    if (sure.length) {
      const A = sure.map((a) => sure.map((b) => (a === b ? 1 : 0) - P[a][b]));
      const x = solve(A, sure.map(() => 1));
      sure.forEach((a, q) => (M[a][j] = x[q]));
    }
    let mjj = 1;
    for (let l = 0; l < k; l++) {
      if (l !== j && P[j][l] > 0) mjj += P[j][l] * M[l][j];
    }
    M[j][j] = mjj;
  }
  return M;
}

/**
 * Everything a chain reports, from its counts. @internal shared with spatialMarkov.
 */
export function chainFromCounts(T: number[][]): Omit<MarkovResult, "class_counts" | "n_transitions" | "k"> {
  const { p, empty, filled } = rowNormalise(T);
  const { classes, transient } = recurrentClasses(filled);
  const states = steadyStates(filled, classes);
  return {
    transitions: T,
    p,
    empty_rows: empty,
    p_filled: filled,
    steady_state: states.length === 1 ? states[0] : states,
    steady_states: states,
    n_recurrent_classes: classes.length,
    recurrent_classes: classes,
    transient_states: transient,
    mfpt: meanFirstPassage(filled),
    sojourn_time: filled.map((r, i) => 1 / (1 - r[i])),
  };
}

/**
 * Classic discrete Markov chain of class ids (giddy `Markov(class_ids, classes=arange(k))`).
 *
 * Orientation: units x times. `class_ids[u][t]` is the class of unit u at time t: one array per
 * unit, one column per time (as `classify` returns them for a units x times panel).
 *
 * - `transitions[i][j]` counts the moves (unit, t) -> (unit, t + 1) from class i to class j, pooled
 *   over all units and all consecutive time pairs; k x k even when a class never occurs.
 * - `p = transitions` row-normalised. A class with no outgoing transition keeps a zero row in `p`
 *   and is listed in `empty_rows`; `p_filled` puts 1 on the diagonal of such rows (the class is
 *   treated as absorbing), and the steady state, passage and sojourn times use `p_filled`.
 * - Steady state: the stationary distribution of each recurrent (closed communicating) class of
 *   `p_filled` (GTH state reduction), zero on the other states. One recurrent class: a single
 *   vector; several: a list ordered by each class's smallest state (`steady_states` is always the
 *   list). D rising every year makes the top class absorbing: steady state [0, ..., 0, 1].
 * - `mfpt[i][j]`: expected steps from i to first reach j; diagonal = mean recurrence time;
 *   `Infinity` where j is not reached with probability 1 (decided on the graph of the chain).
 * - `sojourn_time[i] = 1 / (1 - p_ii)`, `Infinity` for an absorbing class.
 *
 * Errors (MarkovInputError): k not an integer >= 2; a ragged matrix (row named); fewer than 2
 * columns; an id that is not an integer in 0..k-1 (row and column from 1, and the value).
 *
 * @example
 * // 4 units x 4 periods, k = 3 (test/golden/toolkit/markov.json "hand-given-classes")
 * const m = markov([[0, 0, 1, 2], [2, 2, 1, 0], [1, 1, 0, 1], [1, 2, 2, 1]], { k: 3 });
 * m.transitions;  // [[1, 2, 0], [2, 1, 2], [0, 2, 2]]
 * m.p[1];         // [0.4, 0.2, 0.4]
 * m.steady_state; // [0.25, 0.41666..., 0.33333...] (1/4, 5/12, 1/3)
 * m.mfpt[1][0];   // 4.5 (9/2); m.mfpt[0][0] = 4 = 1/pi_0
 */
export function markov(class_ids: readonly (readonly number[])[], options: MarkovOptions): MarkovResult {
  const what = "markov";
  if (!options || typeof options !== "object") {
    throw new MarkovInputError(`${what}: options { k } are required (the number of classes)`);
  }
  const k = options.k;
  const { ids, rows, cols } = readClassIds(class_ids, k, what);
  const T: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    counts[ids[base]]++;
    for (let t = 1; t < cols; t++) {
      T[ids[base + t - 1]][ids[base + t]]++;
      counts[ids[base + t]]++;
    }
  }
  return { k, ...chainFromCounts(T), class_counts: counts, n_transitions: rows * (cols - 1) };
}
