/**
 * Spatial weights: who is whose neighbour, and with what weight.
 *
 * The library's weights are built from symmetric binary links (contiguity, an adjacency list or
 * explicit extra links such as Hainan-Guangdong) and carry one of two styles:
 * - `"W"` (default): row-standardised, `w_ij = 1 / k_i` for each of the k_i neighbours of i
 *   (spdep style "W", esda transformation "r", GeoDa's default);
 * - `"B"`: binary, `w_ij = 1` for each neighbour (spdep "B", esda "b").
 * An island (a unit with no neighbour) has an all-zero row in both styles.
 *
 * Neighbour lists are 0-based indices into `ids`, sorted ascending, without self-links and
 * symmetric (j in neighbors[i] iff i in neighbors[j]). The object is immutable: `transform` and
 * `withLinks` return new objects.
 */

/** Thrown for unusable spatial input: unknown or duplicate ids, self-links, asymmetric lists. */
export class SpatialInputError extends Error {
  override name = "SpatialInputError";
}

/** Weight style: `"W"` row-standardised (default), `"B"` binary. */
export type WeightsStyle = "W" | "B";

/** A pair of ids, `[a, b]`: an undirected link. */
export type IdPair = readonly [string, string];

/**
 * Spatial weights over `n` units.
 *
 * - `ids[i]`: the id of unit i (adcode strings for provinces); `index(id)` is the reverse.
 * - `neighbors[i]`: indices of i's neighbours, ascending; `weights[i][t]` the weight of
 *   `neighbors[i][t]` under `style`; `cardinalities[i] = neighbors[i].length`.
 * - `islands`: ids with no neighbour (`islandIndices` their indices); their rows are zero.
 * - `s0 = sum_ij w_ij`, `s1 = (1/2) sum_ij (w_ij + w_ji)^2`, `s2 = sum_i (w_i. + w_.i)^2` (Cliff and
 *   Ord; as spdep `spweights.constants` and esda), over all units.
 * - `nLinks`: the number of undirected neighbouring pairs.
 * - CSR arrays for fast loops: the neighbours of i are `indices[offsets[i] .. offsets[i+1])` with
 *   weights `values[...]`.
 */
export interface SpatialWeights {
  readonly ids: readonly string[];
  readonly n: number;
  readonly style: WeightsStyle;
  readonly neighbors: readonly (readonly number[])[];
  readonly weights: readonly (readonly number[])[];
  readonly cardinalities: readonly number[];
  readonly islands: readonly string[];
  readonly islandIndices: readonly number[];
  readonly nLinks: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Index of `id` in `ids`; throws SpatialInputError for an unknown id. */
  index(id: string): number;
  /** Ids of the neighbours of `id`. */
  neighborIds(id: string): string[];
  /** The same links under another style (`"W"` or `"B"`). */
  transform(style: WeightsStyle): SpatialWeights;
  /** A copy with extra symmetric links `[a, b]` (ids); links already present are kept once. */
  withLinks(pairs: readonly IdPair[]): SpatialWeights;
  /** Each undirected link once, `[ids[i], ids[j]]` with i < j, ordered by i then j. */
  toPairs(): [string, string][];
  /** Dense n x n matrix (for small n: tests and display). */
  toMatrix(): number[][];
}

/** Options shared by the weights constructors. */
export interface WeightsOptions {
  /** `"W"` row-standardised (default) or `"B"` binary. */
  style?: WeightsStyle;
}

/** Options of {@link weightsFromNeighbors}. */
export interface NeighborsOptions extends WeightsOptions {
  /**
   * What to do when j lists i but i does not list j: `"error"` (default) or `"symmetrize"` (add
   * the missing direction, i.e. use the union of both lists).
   */
  asymmetric?: "error" | "symmetrize";
}

function checkStyle(style: unknown): WeightsStyle {
  if (style !== "W" && style !== "B") {
    throw new SpatialInputError(`weights style must be "W" (row-standardised) or "B" (binary), got ${String(style)}`);
  }
  return style;
}

function checkIds(ids: readonly (string | number)[]): string[] {
  if (!Array.isArray(ids)) throw new SpatialInputError("ids must be an array of strings");
  const out = ids.map((v, i) => {
    if ((typeof v !== "string" && typeof v !== "number") || String(v) === "") {
      throw new SpatialInputError(`ids[${i}] is not a usable id: ${JSON.stringify(v)}`);
    }
    return String(v);
  });
  const seen = new Map<string, number>();
  out.forEach((id, i) => {
    const j = seen.get(id);
    if (j !== undefined) throw new SpatialInputError(`duplicate id "${id}" at positions ${j} and ${i}`);
    seen.set(id, i);
  });
  return out;
}

class Weights implements SpatialWeights {
  readonly ids: readonly string[];
  readonly n: number;
  readonly style: WeightsStyle;
  readonly neighbors: readonly (readonly number[])[];
  readonly weights: readonly (readonly number[])[];
  readonly cardinalities: readonly number[];
  readonly islands: readonly string[];
  readonly islandIndices: readonly number[];
  readonly nLinks: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  private readonly lookup: Map<string, number>;

  /** `neighbors` must already be symmetric, sorted, without duplicates or self-links. */
  constructor(ids: readonly string[], neighbors: number[][], style: WeightsStyle, lookup?: Map<string, number>) {
    this.ids = Object.freeze(ids.slice());
    this.n = ids.length;
    this.style = style;
    this.lookup = lookup ?? new Map(ids.map((id, i) => [id, i]));
    this.neighbors = Object.freeze(neighbors.map((row) => Object.freeze(row.slice())));
    this.cardinalities = Object.freeze(neighbors.map((row) => row.length));
    this.weights = Object.freeze(
      neighbors.map((row) => Object.freeze(row.map(() => (style === "W" ? 1 / row.length : 1)))),
    );
    const islandIndices: number[] = [];
    let m = 0;
    for (let i = 0; i < this.n; i++) {
      if (neighbors[i].length === 0) islandIndices.push(i);
      m += neighbors[i].length;
    }
    this.islandIndices = Object.freeze(islandIndices);
    this.islands = Object.freeze(islandIndices.map((i) => this.ids[i]));
    this.nLinks = m / 2;
    this.offsets = new Int32Array(this.n + 1);
    this.indices = new Int32Array(m);
    this.values = new Float64Array(m);
    let p = 0;
    for (let i = 0; i < this.n; i++) {
      this.offsets[i] = p;
      const row = neighbors[i];
      const wv = style === "W" ? 1 / row.length : 1;
      for (const j of row) {
        this.indices[p] = j;
        this.values[p] = wv;
        p++;
      }
    }
    this.offsets[this.n] = p;
    // Cliff-Ord constants; the links are symmetric, so w_ji is found in j's row
    const colSum = new Float64Array(this.n);
    let s0 = 0;
    for (let q = 0; q < m; q++) {
      s0 += this.values[q];
      colSum[this.indices[q]] += this.values[q];
    }
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < this.n; i++) {
      let rowSum = 0;
      for (let q = this.offsets[i]; q < this.offsets[i + 1]; q++) {
        const j = this.indices[q];
        const wij = this.values[q];
        const wji = style === "W" ? 1 / neighbors[j].length : 1;
        s1 += (wij + wji) * (wij + wji);
        rowSum += wij;
      }
      s2 += (rowSum + colSum[i]) * (rowSum + colSum[i]);
    }
    this.s0 = s0;
    this.s1 = s1 / 2;
    this.s2 = s2;
    Object.freeze(this);
  }

  index(id: string): number {
    const i = this.lookup.get(String(id));
    if (i === undefined) throw new SpatialInputError(`unknown id "${id}": not among the ${this.n} ids of the weights`);
    return i;
  }

  neighborIds(id: string): string[] {
    return this.neighbors[this.index(id)].map((j) => this.ids[j]);
  }

  transform(style: WeightsStyle): SpatialWeights {
    checkStyle(style);
    return new Weights(this.ids, this.neighbors.map((r) => r.slice()), style, this.lookup);
  }

  withLinks(pairs: readonly IdPair[]): SpatialWeights {
    const sets = this.neighbors.map((r) => new Set(r));
    addPairs(sets, pairs, this.lookup, "withLinks");
    return new Weights(this.ids, sets.map((s) => [...s].sort((a, b) => a - b)), this.style, this.lookup);
  }

  toPairs(): [string, string][] {
    const out: [string, string][] = [];
    for (let i = 0; i < this.n; i++) {
      for (const j of this.neighbors[i]) if (j > i) out.push([this.ids[i], this.ids[j]]);
    }
    return out;
  }

  toMatrix(): number[][] {
    const out = Array.from({ length: this.n }, () => new Array<number>(this.n).fill(0));
    for (let i = 0; i < this.n; i++) {
      for (let q = this.offsets[i]; q < this.offsets[i + 1]; q++) out[i][this.indices[q]] = this.values[q];
    }
    return out;
  }
}

function addPairs(sets: Set<number>[], pairs: readonly IdPair[], lookup: Map<string, number>, what: string): void {
  if (!Array.isArray(pairs)) throw new SpatialInputError(`${what}: pairs must be an array of [idA, idB]`);
  pairs.forEach((pair, k) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new SpatialInputError(`${what}: pair ${k} is not an [idA, idB] pair: ${JSON.stringify(pair)}`);
    }
    const [a, b] = pair.map((v) => String(v));
    const i = lookup.get(a);
    const j = lookup.get(b);
    if (i === undefined || j === undefined) {
      const bad = i === undefined ? a : b;
      throw new SpatialInputError(`${what}: pair ${k} [${a}, ${b}] names an unknown id "${bad}"`);
    }
    if (i === j) throw new SpatialInputError(`${what}: pair ${k} [${a}, ${b}] is a self-link`);
    sets[i].add(j);
    sets[j].add(i);
  });
}

/**
 * Weights from neighbour lists: `neighbors[i]` lists 0-based indices into `ids` (the layout of the
 * golden files and of esda's `W(neighbors)` with integer ids).
 *
 * Errors (SpatialInputError): duplicate ids, an index out of range or not an integer, a self-link,
 * a repeated neighbour, `neighbors.length !== ids.length`, and (by default) an asymmetric pair,
 * naming the two ids; `asymmetric: "symmetrize"` uses the union of both directions instead.
 *
 * @example
 * // 3x3 rook lattice, row-standardised (the esda test case of test/golden/moran-lattice-3x3.json)
 * const w = weightsFromNeighbors(["a","b","c","d","e","f","g","h","i"],
 *   [[1, 3], [0, 2, 4], [1, 5], [0, 4, 6], [1, 3, 5, 7], [2, 4, 8], [3, 7], [4, 6, 8], [5, 7]]);
 * w.nLinks; // 12
 * w.s0;     // 9 (one per row)
 * w.transform("B").s0; // 24 (twice the number of links)
 */
export function weightsFromNeighbors(
  ids: readonly (string | number)[],
  neighbors: readonly (readonly number[])[],
  options: NeighborsOptions = {},
): SpatialWeights {
  const style = checkStyle(options.style ?? "W");
  const asym = options.asymmetric ?? "error";
  if (asym !== "error" && asym !== "symmetrize") {
    throw new SpatialInputError(`asymmetric must be "error" or "symmetrize", got ${String(asym)}`);
  }
  const sid = checkIds(ids);
  const n = sid.length;
  if (!Array.isArray(neighbors) || neighbors.length !== n) {
    throw new SpatialInputError(
      `neighbors has ${Array.isArray(neighbors) ? neighbors.length : "no"} lists but there are ${n} ids`,
    );
  }
  const sets: Set<number>[] = [];
  for (let i = 0; i < n; i++) {
    const row = neighbors[i];
    if (!Array.isArray(row)) throw new SpatialInputError(`neighbors[${i}] (id "${sid[i]}") is not an array`);
    const s = new Set<number>();
    for (const j of row) {
      if (!Number.isInteger(j) || j < 0 || j >= n) {
        throw new SpatialInputError(`neighbors[${i}] (id "${sid[i]}") has index ${String(j)} outside 0..${n - 1}`);
      }
      if (j === i) throw new SpatialInputError(`neighbors[${i}] (id "${sid[i]}") lists itself (self-link)`);
      if (s.has(j)) throw new SpatialInputError(`neighbors[${i}] (id "${sid[i]}") lists ${j} (id "${sid[j]}") twice`);
      s.add(j);
    }
    sets.push(s);
  }
  for (let i = 0; i < n; i++) {
    for (const j of sets[i]) {
      if (!sets[j].has(i)) {
        if (asym === "error") {
          throw new SpatialInputError(
            `asymmetric neighbours: "${sid[i]}" (index ${i}) lists "${sid[j]}" (index ${j}) but not the reverse ` +
              `(pass { asymmetric: "symmetrize" } to use the union)`,
          );
        }
        sets[j].add(i);
      }
    }
  }
  return new Weights(sid, sets.map((s) => [...s].sort((a, b) => a - b)), style);
}

/**
 * Weights from a list of undirected id pairs, such as the rows `(adcode_a, adcode_b)` of an
 * adjacency CSV. Each pair links both ways; a pair listed twice (in either direction) counts once.
 * Units of `ids` that appear in no pair are islands.
 *
 * Errors (SpatialInputError): duplicate ids, a pair naming an unknown id (the pair's position and
 * the id are named), a self-link.
 *
 * @example
 * const w = weightsFromPairs(["A", "B", "C", "D"], [["A", "B"], ["B", "C"], ["C", "B"]]);
 * w.neighborIds("B"); // ["A", "C"]
 * w.weights[1];       // [0.5, 0.5]
 * w.islands;          // ["D"]
 */
export function weightsFromPairs(
  ids: readonly (string | number)[],
  pairs: readonly IdPair[],
  options: WeightsOptions = {},
): SpatialWeights {
  const style = checkStyle(options.style ?? "W");
  const sid = checkIds(ids);
  const lookup = new Map(sid.map((id, i) => [id, i]));
  const sets = sid.map(() => new Set<number>());
  addPairs(sets, pairs, lookup, "weightsFromPairs");
  return new Weights(sid, sets.map((s) => [...s].sort((a, b) => a - b)), style, lookup);
}
