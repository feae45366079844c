/**
 * Contiguity weights from polygons (GeoJSON Polygon / MultiPolygon features), computed without
 * any geometry package.
 *
 * Rook links two features whose boundaries share a stretch of positive length, queen links two
 * features whose boundaries share a point; both are decided edge against edge, with a distance
 * tolerance, so that a border where one polygon has a vertex and its neighbour has none (a
 * T-junction, common in boundary files not cut from one topology) is found. Candidate edge pairs
 * come from a uniform grid of buckets, so the cost is close to linear in the number of vertices.
 */
import { SpatialInputError, SpatialWeights, WeightsStyle, weightsFromNeighbors } from "./weights";

/** Minimal GeoJSON types (only what contiguity reads). */
export interface GeoJsonGeometry {
  type: string;
  coordinates?: unknown;
}
export interface GeoJsonFeature {
  type?: string;
  id?: string | number;
  properties?: Record<string, unknown> | null;
  geometry: GeoJsonGeometry | null;
}
export interface GeoJsonFeatureCollection {
  type?: string;
  features: readonly GeoJsonFeature[];
}

/** Options of {@link contiguityWeights}. */
export interface ContiguityOptions {
  /** `"rook"` (default): a shared boundary stretch longer than `tolerance`; `"queen"`: a shared point. */
  rule?: "rook" | "queen";
  /**
   * Property holding each feature's id (converted to a string), e.g. `"adcode"`. Default:
   * `properties.id`, then the feature's own `id` member.
   */
  idProperty?: string;
  /**
   * Distance, in coordinate units (degrees for lon/lat), within which two points count as the same
   * point and a vertex counts as lying on an edge; a shared stretch must also be longer than it.
   * Default 1e-7 (about 1 cm in latitude).
   */
  tolerance?: number;
  /** `"W"` row-standardised (default) or `"B"` binary. */
  style?: WeightsStyle;
}

/** A short description of a value, for error messages. */
function preview(v: unknown): string {
  let s: string;
  try {
    s = v === undefined ? "undefined" : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** "feature 3 of 120 (name "X")": a feature named by its position counted from 1. */
function featureLabel(features: readonly GeoJsonFeature[], k: number): string {
  const name = features[k]?.properties?.["name"];
  const tag = typeof name === "string" && name !== "" ? ` (name ${JSON.stringify(name)})` : "";
  return `GeoJSON feature ${k + 1} of ${features.length}${tag}`;
}

/** What the first feature offers as an id, for the "no usable id" messages. */
function firstFeatureProperties(features: readonly GeoJsonFeature[]): string {
  const f0 = features[0];
  const p = f0?.properties;
  const keys = p && typeof p === "object" ? Object.keys(p) : [];
  const own = f0 && f0.id !== undefined ? `; its feature.id is ${preview(f0.id)}` : "";
  if (keys.length === 0) return `the first feature has no properties${own}`;
  return `the first feature's properties are ${keys.map((key) => `${key} = ${preview(p![key])}`).join(", ")}${own}`;
}

const missing = (v: unknown): boolean => v === undefined || v === null || v === "";

/** The ids of all features (strings), with the property each was read from. */
function featureIds(features: readonly GeoJsonFeature[], idProperty: string | undefined): string[] {
  if (idProperty !== undefined && (typeof idProperty !== "string" || idProperty === "")) {
    throw new SpatialInputError(`idProperty must be a non-empty string (a property name), got ${preview(idProperty)}`);
  }
  const ids: string[] = [];
  const sources: string[] = [];
  const seen = new Map<string, number>();
  features.forEach((f, k) => {
    if (f === null || typeof f !== "object") {
      throw new SpatialInputError(`${featureLabel(features, k)} is ${preview(f)}, not a GeoJSON Feature object`);
    }
    let v: unknown;
    let source: string;
    if (idProperty !== undefined) {
      source = `properties.${idProperty}`;
      v = f.properties?.[idProperty];
      if (missing(v)) {
        const has = f.properties && Object.prototype.hasOwnProperty.call(f.properties, idProperty);
        throw new SpatialInputError(
          `${featureLabel(features, k)} has no usable id: ${source} is ${has ? preview(v) : "missing"}; ` +
            `${firstFeatureProperties(features)} (idProperty must name a property every feature has, with unique values)`,
        );
      }
    } else {
      source = "properties.id";
      v = f.properties?.["id"];
      if (missing(v)) {
        source = "feature.id";
        v = f.id;
      }
      if (missing(v)) {
        throw new SpatialInputError(
          `${featureLabel(features, k)} has no usable id: neither properties.id nor feature.id is set; ` +
            `pass idProperty naming the property that holds the id (${firstFeatureProperties(features)})`,
        );
      }
    }
    if (typeof v !== "string" && typeof v !== "number") {
      throw new SpatialInputError(
        `${featureLabel(features, k)}: ${source} is ${preview(v)}, but an id must be a string or a number`,
      );
    }
    const id = String(v);
    const j = seen.get(id);
    if (j !== undefined) {
      const jName = features[j]?.properties?.["name"];
      throw new SpatialInputError(
        `duplicate id ${JSON.stringify(id)} (${source}) in GeoJSON features ${j + 1}` +
          `${sources[j] !== source ? ` (${sources[j]})` : ""}` +
          `${typeof jName === "string" && jName !== "" ? ` (name ${JSON.stringify(jName)})` : ""} and ` +
          `${featureLabel(features, k).replace("GeoJSON feature ", "")}: ids must be unique` +
          (idProperty !== undefined ? `; ${firstFeatureProperties(features)}` : ""),
      );
    }
    seen.set(id, k);
    ids.push(id);
    sources.push(source);
  });
  return ids;
}

/** Edges of all features in flat arrays: edge e runs from (ax[e], ay[e]) to (bx[e], by[e]). */
interface Edges {
  n: number;
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  feature: Int32Array;
}

/**
 * The rings of each feature, as edges. Consecutive repeated vertices are dropped, an unclosed ring
 * is closed, and a ring whose vertices are all equal becomes one zero-length edge (a point).
 */
function collectEdges(features: readonly GeoJsonFeature[], ids: readonly string[]): Edges {
  const ax: number[] = [];
  const ay: number[] = [];
  const bx: number[] = [];
  const by: number[] = [];
  const feature: number[] = [];
  features.forEach((f, k) => {
    const g = f.geometry;
    if (g === null || g === undefined) return; // no geometry: an island
    const where = `${featureLabel(features, k)} (id ${JSON.stringify(ids[k])})`;
    const bad = (what: string): never => {
      throw new SpatialInputError(`${where}: malformed ${String(g.type)} coordinates (${what})`);
    };
    const addRing = (r: unknown, label: string): void => {
      if (!Array.isArray(r)) return bad(`${label} is not an array of positions`);
      let x0 = NaN;
      let y0 = NaN;
      let px = NaN;
      let py = NaN;
      let count = 0;
      for (let t = 0; t < r.length; t++) {
        const p: unknown = r[t];
        if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
          return bad(`${label}, position ${t + 1} is ${preview(p)}`);
        }
        const x = p[0] as number;
        const y = p[1] as number;
        if (t === 0) {
          x0 = x;
          y0 = y;
        } else if (x !== px || y !== py) {
          ax.push(px), ay.push(py), bx.push(x), by.push(y), feature.push(k);
          count++;
        }
        px = x;
        py = y;
      }
      if (r.length === 0) return;
      if (px !== x0 || py !== y0) {
        ax.push(px), ay.push(py), bx.push(x0), by.push(y0), feature.push(k);
        count++;
      }
      if (count === 0) {
        ax.push(x0), ay.push(y0), bx.push(x0), by.push(y0), feature.push(k);
      }
    };
    if (g.type === "Polygon") {
      if (!Array.isArray(g.coordinates)) return bad("coordinates is not an array of rings");
      (g.coordinates as unknown[]).forEach((r, i) => addRing(r, `ring ${i + 1}`));
    } else if (g.type === "MultiPolygon") {
      if (!Array.isArray(g.coordinates)) return bad("coordinates is not an array of polygons");
      (g.coordinates as unknown[]).forEach((poly, q) => {
        if (!Array.isArray(poly)) return bad(`polygon ${q + 1} is not an array of rings`);
        poly.forEach((r, i) => addRing(r, `polygon ${q + 1}, ring ${i + 1}`));
      });
    } else {
      throw new SpatialInputError(
        `${where} has geometry type ${String(g.type)}: only Polygon and MultiPolygon are supported`,
      );
    }
  });
  return {
    n: feature.length,
    ax: Float64Array.from(ax),
    ay: Float64Array.from(ay),
    bx: Float64Array.from(bx),
    by: Float64Array.from(by),
    feature: Int32Array.from(feature),
  };
}

/** Squared distance from point p to the segment a-b (a point when a = b). */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const qx = ax - px + t * dx;
  const qy = ay - py + t * dy;
  return qx * qx + qy * qy;
}

/** Queen test of two edges: an end point of one within `tol` of the other (`tol2 = tol^2`). */
function touchAtPoint(E: Edges, e: number, f: number, tol2: number): boolean {
  const { ax, ay, bx, by } = E;
  return (
    segmentDistance2(ax[f], ay[f], ax[e], ay[e], bx[e], by[e]) <= tol2 ||
    segmentDistance2(bx[f], by[f], ax[e], ay[e], bx[e], by[e]) <= tol2 ||
    segmentDistance2(ax[e], ay[e], ax[f], ay[f], bx[f], by[f]) <= tol2 ||
    segmentDistance2(bx[e], by[e], ax[f], ay[f], bx[f], by[f]) <= tol2
  );
}

/**
 * Rook test of two edges: project both on the longer one, e (parameter s along e, 0 to L); their
 * common stretch is `[max(0, s_min(f)), min(L, s_max(f))]`. They share a boundary segment when
 * that stretch is longer than `tol` and, at each of its two ends, the vertex that defines the end
 * (an end point of e, or one of f) lies within `tol` of the other edge. The distance from one
 * segment to the other is convex along it, so then the whole stretch lies within `tol`.
 */
function shareStretch(E: Edges, e0: number, f0: number, tol: number, tol2: number): boolean {
  const { ax, ay, bx, by } = E;
  let e = e0;
  let f = f0;
  const le = (bx[e] - ax[e]) ** 2 + (by[e] - ay[e]) ** 2;
  const lf = (bx[f] - ax[f]) ** 2 + (by[f] - ay[f]) ** 2;
  // the longer edge is the reference (ties: by coordinates, so the answer does not depend on order)
  if (lf > le || (lf === le && (ax[f] < ax[e] || (ax[f] === ax[e] && ay[f] < ay[e])))) {
    e = f0;
    f = e0;
  }
  const dx = bx[e] - ax[e];
  const dy = by[e] - ay[e];
  const L = Math.sqrt(dx * dx + dy * dy);
  if (!(L > tol)) return false;
  const ux = dx / L;
  const uy = dy / L;
  const sa = (ax[f] - ax[e]) * ux + (ay[f] - ay[e]) * uy;
  const sb = (bx[f] - ax[e]) * ux + (by[f] - ay[e]) * uy;
  const fFirstIsA = sa <= sb;
  const smin = fFirstIsA ? sa : sb;
  const smax = fFirstIsA ? sb : sa;
  const lo = smin > 0 ? smin : 0;
  const hi = smax < L ? smax : L;
  if (!(hi - lo > tol)) return false;
  // low end: f's vertex if it projects inside e, else e's start
  const lowOk =
    smin > 0
      ? fFirstIsA
        ? segmentDistance2(ax[f], ay[f], ax[e], ay[e], bx[e], by[e]) <= tol2
        : segmentDistance2(bx[f], by[f], ax[e], ay[e], bx[e], by[e]) <= tol2
      : segmentDistance2(ax[e], ay[e], ax[f], ay[f], bx[f], by[f]) <= tol2;
  if (!lowOk) return false;
  return smax < L
    ? fFirstIsA
      ? segmentDistance2(bx[f], by[f], ax[e], ay[e], bx[e], by[e]) <= tol2
      : segmentDistance2(ax[f], ay[f], ax[e], ay[e], bx[e], by[e]) <= tol2
    : segmentDistance2(bx[e], by[e], ax[f], ay[f], bx[f], by[f]) <= tol2;
}

/**
 * Neighbouring feature pairs, found edge against edge through a uniform grid of buckets: each
 * edge is entered in every cell its tol-neighbourhood meets (column by column along the edge, so a
 * long diagonal edge meets O(length / cell) cells, not its whole bounding box), and only edges of
 * different features sharing a cell are compared. A vertex within `tol` of another edge lies in a
 * cell both edges are entered in, so no neighbouring pair is missed. Cell size: the mean edge
 * extent (at least 2 tol, and at most 2^20 cells along the longer side of the map); the mean, not
 * the median, keeps the number of (edge, cell) entries at a few per edge whatever the mix of long
 * and short edges.
 */
function neighbourSets(E: Edges, nFeatures: number, rule: "rook" | "queen", tol: number): Set<number>[] {
  const sets = Array.from({ length: nFeatures }, () => new Set<number>());
  const m = E.n;
  if (m === 0) return sets;
  const { ax, ay, bx, by, feature } = E;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let extent = 0;
  for (let e = 0; e < m; e++) {
    minX = Math.min(minX, ax[e], bx[e]);
    maxX = Math.max(maxX, ax[e], bx[e]);
    minY = Math.min(minY, ay[e], by[e]);
    maxY = Math.max(maxY, ay[e], by[e]);
    extent += Math.max(Math.abs(bx[e] - ax[e]), Math.abs(by[e] - ay[e]));
  }
  const span = Math.max(maxX - minX, maxY - minY);
  const h = Math.max(extent / m, 2 * tol, span / 2 ** 20);
  // grid origin one cell below the data, so that every cell index is >= 0
  const ox = minX - h;
  const oy = minY - h;
  const rows = Math.floor((maxY - oy + tol) / h) + 2;
  const pad = tol * 1.01 + span * 1e-12; // conservative reach (only widens the candidate set)

  const cells = new Map<number, number[]>();
  const enter = (key: number, e: number): void => {
    const list = cells.get(key);
    if (list === undefined) cells.set(key, [e]);
    else list.push(e);
  };
  for (let e = 0; e < m; e++) {
    const x0 = Math.min(ax[e], bx[e]);
    const x1 = Math.max(ax[e], bx[e]);
    const ylow = Math.min(ay[e], by[e]);
    const yhigh = Math.max(ay[e], by[e]);
    const dx = bx[e] - ax[e];
    const slope = dx !== 0 ? (by[e] - ay[e]) / dx : 0;
    const c0 = Math.floor((x0 - pad - ox) / h);
    const c1 = Math.floor((x1 + pad - ox) / h);
    for (let c = c0; c <= c1; c++) {
      let ylo = ylow;
      let yhi = yhigh;
      if (dx !== 0 && c1 > c0) {
        // the part of the edge whose x is within pad of this column
        const xl = Math.max(x0, ox + c * h - pad);
        const xr = Math.min(x1, ox + (c + 1) * h + pad);
        const yl = ay[e] + (xl - ax[e]) * slope;
        const yr = ay[e] + (xr - ax[e]) * slope;
        ylo = Math.max(ylow, Math.min(yl, yr));
        yhi = Math.min(yhigh, Math.max(yl, yr));
      }
      const r0 = Math.floor((ylo - pad - oy) / h);
      const r1 = Math.floor((yhi + pad - oy) / h);
      for (let r = r0; r <= r1; r++) enter(c * rows + r, e);
    }
  }

  const tol2 = tol * tol;
  for (const list of cells.values()) {
    const len = list.length;
    if (len < 2) continue;
    // edges were entered in edge order, so each cell's list is grouped by feature: compare each
    // edge only with the edges after its own feature's group
    let groupEnd = 0;
    for (let i = 0; i < len; i++) {
      const e = list[i];
      const fe = feature[e];
      if (i >= groupEnd) {
        groupEnd = i + 1;
        while (groupEnd < len && feature[list[groupEnd]] === fe) groupEnd++;
      }
      for (let j = groupEnd; j < len; j++) {
        const f = list[j];
        const ff = feature[f];
        if (sets[fe].has(ff)) continue;
        // bounding boxes, grown by tol, must meet
        if (
          Math.min(ax[e], bx[e]) - tol > Math.max(ax[f], bx[f]) ||
          Math.min(ax[f], bx[f]) - tol > Math.max(ax[e], bx[e]) ||
          Math.min(ay[e], by[e]) - tol > Math.max(ay[f], by[f]) ||
          Math.min(ay[f], by[f]) - tol > Math.max(ay[e], by[e])
        ) {
          continue;
        }
        const linked = rule === "queen" ? touchAtPoint(E, e, f, tol2) : shareStretch(E, e, f, tol, tol2);
        if (linked) {
          sets[fe].add(ff);
          sets[ff].add(fe);
        }
      }
    }
  }
  return sets;
}

/**
 * Contiguity weights from Polygon / MultiPolygon features.
 *
 * Definitions (all rings count, outer rings and holes, of every part of a MultiPolygon; distances
 * are planar, in coordinate units; `tol` is the `tolerance` option):
 * - queen: features A and B are neighbours when a vertex of one lies within distance `tol` of an
 *   edge (end points included) of the other: they share a point, whether vertex to vertex or a
 *   vertex in the middle of the neighbour's edge (a T-junction);
 * - rook: A and B are neighbours when an edge e of one and an edge f of the other share a stretch
 *   longer than `tol`: projected on the longer of the two, e, their common stretch
 *   `[max(0, s_min(f)), min(|e|, s_max(f))]` is longer than `tol`, and at both ends of it the edges
 *   are within `tol` of each other (the vertex that ends the stretch lies within `tol` of the other
 *   edge). So edges must be collinear within `tol` and overlap by more than `tol`: a corner touch,
 *   or collinear edges meeting end to end in one point, is queen but not rook; a 2 x 1 rectangle
 *   under two unit squares is a rook neighbour of both although it has no vertex in the middle.
 * - Every rook link is a queen link (the end of a shared stretch is a vertex within `tol` of the
 *   other edge). A gap wider than `tol` never links; edges that cross without a vertex within
 *   `tol` (overlapping polygons) do not link either.
 *
 * Method: edges are bucketed in a uniform grid (cell about the mean edge length); only edges of
 * two different features in one cell are compared, so the cost is about linear in the number of
 * vertices (the bundled province map, 16k vertices, takes milliseconds). Repeated consecutive
 * vertices are ignored, unclosed rings are closed, features without geometry are islands.
 *
 * Tolerance: a distance, not a grid. The default 1e-7 (about 1 cm in latitude) merges only
 * rounding noise. Files whose neighbours were digitised separately can leave slivers or overlaps
 * wider than that: raise it (1e-5 to 1e-3 degrees is about 1 to 100 m), and check the islands and
 * neighbour counts. Keep it well below the length of the shortest real border and of most edges: a
 * border made only of edges shorter than `tol` is not a rook border.
 *
 * Errors (SpatialInputError): a feature without a usable id, or two features with the same id
 * (features named by position, counted from 1, and the property read; the message lists the first
 * feature's properties, so that the right `idProperty` can be chosen), geometry other than
 * Polygon/MultiPolygon, malformed coordinates (feature, ring and position named), a tolerance that
 * is not a positive finite number.
 *
 * @example
 * const sq = (id: string, x: number, y: number) => ({ type: "Feature", properties: { id },
 *   geometry: { type: "Polygon", coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] } });
 * // a 2x2 block of unit squares: a b / c d (a at the top left)
 * const fc = { type: "FeatureCollection", features: [sq("a", 0, 1), sq("b", 1, 1), sq("c", 0, 0), sq("d", 1, 0)] };
 * contiguityWeights(fc, { rule: "rook" }).neighborIds("a");  // ["b", "c"]
 * contiguityWeights(fc, { rule: "queen" }).neighborIds("a"); // ["b", "c", "d"]
 * // a T-junction: a 2 x 1 rectangle "r" under two unit squares "a" and "b"
 * const r = { type: "Feature", properties: { id: "r" },
 *   geometry: { type: "Polygon", coordinates: [[[0, -1], [2, -1], [2, 0], [0, 0], [0, -1]]] } };
 * const t = { type: "FeatureCollection", features: [sq("a", 0, 0), sq("b", 1, 0), r] };
 * contiguityWeights(t, { rule: "rook" }).neighborIds("r");   // ["a", "b"]
 */
export function contiguityWeights(
  geojson: GeoJsonFeatureCollection,
  options: ContiguityOptions = {},
): SpatialWeights {
  const rule = options.rule ?? "rook";
  if (rule !== "rook" && rule !== "queen") {
    throw new SpatialInputError(`contiguity rule must be "rook" or "queen", got ${String(rule)}`);
  }
  const tol = options.tolerance ?? 1e-7;
  if (!(typeof tol === "number" && tol > 0 && Number.isFinite(tol))) {
    throw new SpatialInputError(`tolerance must be a positive number (a distance in coordinate units), got ${String(tol)}`);
  }
  if (!geojson || !Array.isArray(geojson.features)) {
    throw new SpatialInputError("contiguityWeights needs a GeoJSON FeatureCollection with a features array");
  }
  const features = geojson.features;
  const ids = featureIds(features, options.idProperty);
  const edges = collectEdges(features, ids);
  const sets = neighbourSets(edges, features.length, rule, tol);
  return weightsFromNeighbors(
    ids,
    sets.map((s) => [...s].sort((x, y) => x - y)),
    { style: options.style ?? "W" },
  );
}
