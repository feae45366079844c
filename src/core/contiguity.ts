/**
 * Contiguity weights from polygons (GeoJSON Polygon / MultiPolygon features), computed without
 * any geometry package: coordinates are snapped to a grid, and boundaries are compared by hashing.
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
  /** `"rook"` (default): a shared boundary segment; `"queen"`: a shared point. */
  rule?: "rook" | "queen";
  /**
   * Property holding each feature's id (converted to a string). Default: `properties.id`, then the
   * feature's own `id` member.
   */
  idProperty?: string;
  /** Snapping grid, in coordinate units (degrees for lon/lat). Default 1e-7 (about 1 cm). */
  tolerance?: number;
  /** `"W"` row-standardised (default) or `"B"` binary. */
  style?: WeightsStyle;
}

type Ring = readonly (readonly number[])[];

function featureId(f: GeoJsonFeature, k: number, idProperty: string | undefined): string {
  let v: unknown;
  if (idProperty !== undefined) {
    v = f.properties?.[idProperty];
    if (v === undefined || v === null || v === "") {
      throw new SpatialInputError(
        `GeoJSON feature ${k} has no usable id: properties.${idProperty} is ${JSON.stringify(v)}`,
      );
    }
  } else {
    v = f.properties?.["id"];
    if (v === undefined || v === null || v === "") v = f.id;
    if (v === undefined || v === null || v === "") {
      throw new SpatialInputError(
        `GeoJSON feature ${k} has no usable id: neither properties.id nor feature.id is set (pass idProperty)`,
      );
    }
  }
  if (typeof v !== "string" && typeof v !== "number") {
    throw new SpatialInputError(`GeoJSON feature ${k} has an id that is not a string or number: ${JSON.stringify(v)}`);
  }
  return String(v);
}

function ringsOf(f: GeoJsonFeature, k: number, id: string): Ring[] {
  const g = f.geometry;
  if (g === null || g === undefined) return []; // no geometry: an island
  const bad = (): never => {
    throw new SpatialInputError(`GeoJSON feature ${k} (id "${id}"): malformed ${g.type} coordinates`);
  };
  const checkRing = (r: unknown): Ring => {
    if (!Array.isArray(r)) return bad();
    for (const p of r) {
      if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return bad();
    }
    return r as Ring;
  };
  if (g.type === "Polygon") {
    if (!Array.isArray(g.coordinates)) return bad();
    return (g.coordinates as unknown[]).map(checkRing);
  }
  if (g.type === "MultiPolygon") {
    if (!Array.isArray(g.coordinates)) return bad();
    const out: Ring[] = [];
    for (const poly of g.coordinates as unknown[]) {
      if (!Array.isArray(poly)) return bad();
      for (const r of poly) out.push(checkRing(r));
    }
    return out;
  }
  throw new SpatialInputError(
    `GeoJSON feature ${k} (id "${id}") has geometry type ${g.type}: only Polygon and MultiPolygon are supported`,
  );
}

/**
 * Contiguity weights from Polygon / MultiPolygon features.
 *
 * Method: every vertex is snapped to a grid of step `tolerance` (`round(x / tol)`,
 * `round(y / tol)`). Rook: two features are neighbours when they share a boundary segment, i.e.
 * an edge whose two snapped end points both appear, as consecutive vertices, in a ring of each
 * feature (either direction; rings may be oriented either way). Queen: when they share a snapped
 * vertex. Segments and vertices are hashed, so the cost is linear in the number of vertices.
 * All rings (outer and holes) count.
 *
 * Limits (documented, no geometry package): the two features must have the shared boundary's
 * vertices in common (true of maps cut from one topology, such as the ECharts / TopoJSON province
 * maps); a vertex of one feature lying in the middle of another feature's edge is not detected,
 * and two points closer than `tolerance` may still snap to adjacent cells. Features without
 * geometry are islands.
 *
 * Errors (SpatialInputError): a feature without a usable id (its index is named), duplicate ids,
 * geometry other than Polygon/MultiPolygon, malformed coordinates, a non-positive tolerance.
 *
 * @example
 * const sq = (id: string, x: number, y: number) => ({ type: "Feature", properties: { id },
 *   geometry: { type: "Polygon", coordinates: [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]] } });
 * // a 2x2 block of unit squares: a b / c d (a at the top left)
 * const fc = { type: "FeatureCollection", features: [sq("a", 0, 1), sq("b", 1, 1), sq("c", 0, 0), sq("d", 1, 0)] };
 * contiguityWeights(fc, { rule: "rook" }).neighborIds("a");  // ["b", "c"]
 * contiguityWeights(fc, { rule: "queen" }).neighborIds("a"); // ["b", "c", "d"]
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
    throw new SpatialInputError(`tolerance must be a positive number, got ${String(tol)}`);
  }
  if (!geojson || !Array.isArray(geojson.features)) {
    throw new SpatialInputError("contiguityWeights needs a GeoJSON FeatureCollection with a features array");
  }
  const features = geojson.features;
  const ids: string[] = [];
  const seen = new Map<string, number>();
  features.forEach((f, k) => {
    const id = featureId(f, k, options.idProperty);
    const j = seen.get(id);
    if (j !== undefined) throw new SpatialInputError(`duplicate id "${id}" in GeoJSON features ${j} and ${k}`);
    seen.set(id, k);
    ids.push(id);
  });

  // key -> first feature index, then a list for keys shared by several features
  const owners = new Map<string, number | number[]>();
  const add = (key: string, k: number): void => {
    const o = owners.get(key);
    if (o === undefined) owners.set(key, k);
    else if (typeof o === "number") {
      if (o !== k) owners.set(key, [o, k]);
    } else if (!o.includes(k)) o.push(k);
  };
  const snap = (p: readonly number[]): string => `${Math.round(p[0] / tol)},${Math.round(p[1] / tol)}`;

  features.forEach((f, k) => {
    for (const ring of ringsOf(f, k, ids[k])) {
      if (ring.length === 0) continue;
      let prev = snap(ring[0]);
      if (rule === "queen") add(prev, k);
      for (let t = 1; t < ring.length; t++) {
        const cur = snap(ring[t]);
        if (rule === "queen") add(cur, k);
        else if (cur !== prev) add(prev < cur ? `${prev}|${cur}` : `${cur}|${prev}`, k);
        prev = cur;
      }
      // close an unclosed ring
      const first = snap(ring[0]);
      if (rule === "rook" && first !== prev) add(prev < first ? `${prev}|${first}` : `${first}|${prev}`, k);
    }
  });

  const sets = ids.map(() => new Set<number>());
  for (const o of owners.values()) {
    if (typeof o === "number") continue;
    for (let a = 0; a < o.length; a++) {
      for (let b = a + 1; b < o.length; b++) {
        sets[o[a]].add(o[b]);
        sets[o[b]].add(o[a]);
      }
    }
  }
  return weightsFromNeighbors(
    ids,
    sets.map((s) => [...s].sort((x, y) => x - y)),
    { style: options.style ?? "W" },
  );
}
