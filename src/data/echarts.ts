/**
 * Decoder for ECharts' compressed map JSON (`"UTF8Encoding": true`, as in echarts@4.9.0
 * `map/json/china.json`) into plain GeoJSON, and ring-orientation helpers.
 *
 * Encoding (ECharts `parseGeoJson` / `decodePolygon`): each ring is a string; characters are
 * read in pairs (x, y); each character code minus 64 is a zig-zag encoded integer
 * (`v = (c >> 1) ^ -(c & 1)`), a delta added to the previous point, starting from the ring's
 * `encodeOffsets` pair; the integer coordinates divided by the scale (`UTF8Scale`, default 1024)
 * are longitude and latitude in degrees.
 */

/** A GeoJSON position [lon, lat]. */
export type Position = [number, number];
export type LinearRing = Position[];

export interface PolygonGeometry {
  type: "Polygon";
  coordinates: LinearRing[];
}
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: LinearRing[][];
}
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

export interface GeoFeature<P = Record<string, unknown>> {
  type: "Feature";
  id?: string;
  properties: P;
  geometry: AreaGeometry;
}
export interface GeoFeatureCollection<P = Record<string, unknown>> {
  type: "FeatureCollection";
  features: GeoFeature<P>[];
}

/**
 * Decode one compressed ring.
 * @example decodeEchartsRing("@@BB", [1024, 2048]) // [[1, 2], [1.0009765625, 2.0009765625]]
 */
export function decodeEchartsRing(encoded: string, offsets: readonly [number, number] | readonly number[], scale = 1024): LinearRing {
  if (encoded.length % 2 !== 0) throw new Error(`echarts ring has an odd number of characters (${encoded.length})`);
  let prevX = offsets[0];
  let prevY = offsets[1];
  const out: LinearRing = [];
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

/** Twice the signed area of a ring (shoelace; positive = counter-clockwise in lon/lat). */
export function ringSignedArea2(ring: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

/** Close a ring (last point = first) if it is open. Returns a new array. */
export function closeRing(ring: LinearRing): LinearRing {
  const r = ring.slice();
  if (r.length > 0) {
    const a = r[0];
    const b = r[r.length - 1];
    if (a[0] !== b[0] || a[1] !== b[1]) r.push([a[0], a[1]]);
  }
  return r;
}

/**
 * RFC 7946 orientation: the exterior ring (index 0) counter-clockwise, holes clockwise.
 * Returns new rings, reversed where needed.
 */
export function rewindPolygon(rings: LinearRing[]): LinearRing[] {
  return rings.map((ring, k) => {
    const ccw = ringSignedArea2(ring) > 0;
    const wantCcw = k === 0;
    return ccw === wantCcw ? ring.slice() : ring.slice().reverse();
  });
}

/** Round a coordinate to `digits` decimals. */
function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Round every position, drop consecutive duplicates, keep the ring closed. */
function cleanRing(ring: LinearRing, digits: number | undefined): LinearRing {
  const out: LinearRing = [];
  for (const p of ring) {
    const q: Position = digits === undefined ? [p[0], p[1]] : [round(p[0], digits), round(p[1], digits)];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  return closeRing(out);
}

export interface DecodeOptions {
  /** Round coordinates to this many decimals (default: no rounding). */
  digits?: number;
  /** Rewind rings to RFC 7946 orientation (default true). */
  rewind?: boolean;
  /**
   * Drop degenerate rings (fewer than 3 distinct points, or zero area), which the echarts map
   * uses for some tiny islands (default true). A polygon whose exterior ring is degenerate is
   * dropped with its holes. The count is reported in `dropped` of the result.
   */
  dropDegenerate?: boolean;
}

/** True when a closed ring has fewer than 3 distinct points or zero area. */
export function isDegenerateRing(ring: readonly (readonly number[])[]): boolean {
  return ring.length < 4 || ringSignedArea2(ring) === 0;
}

interface EchartsFeature {
  type?: string;
  id?: string;
  properties?: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown; encodeOffsets?: unknown };
}

/**
 * Decode an ECharts map JSON (compressed or already plain) into a GeoJSON FeatureCollection with
 * closed rings, RFC 7946 orientation (exterior counter-clockwise, holes clockwise), optional
 * rounding. Properties are copied as they are.
 */
export function decodeEchartsMap(
  json: { UTF8Encoding?: boolean; UTF8Scale?: number; features: EchartsFeature[] },
  opts: DecodeOptions = {},
): GeoFeatureCollection & { dropped: number } {
  const scale = json.UTF8Scale ?? 1024;
  const drop = opts.dropDegenerate ?? true;
  let dropped = 0;
  const encoded = json.UTF8Encoding === true;
  const rewind = opts.rewind ?? true;
  const ringOf = (r: unknown, off: unknown, where: string): LinearRing => {
    let ring: LinearRing;
    if (encoded) {
      if (typeof r !== "string" || !Array.isArray(off) || off.length !== 2) throw new Error(`${where}: bad compressed ring`);
      ring = decodeEchartsRing(r, off as number[], scale);
    } else {
      ring = (r as number[][]).map((p) => [p[0], p[1]] as Position);
    }
    return cleanRing(ring, opts.digits);
  };
  const polygon = (rings: unknown, offs: unknown, where: string): LinearRing[] | undefined => {
    if (!Array.isArray(rings)) throw new Error(`${where}: coordinates are not an array`);
    let out = rings.map((r, k) => ringOf(r, encoded ? (offs as unknown[])[k] : undefined, `${where}, ring ${k}`));
    if (drop) {
      if (out.length === 0 || isDegenerateRing(out[0])) {
        dropped += out.length;
        return undefined;
      }
      const kept = out.filter((r, k) => k === 0 || !isDegenerateRing(r));
      dropped += out.length - kept.length;
      out = kept;
    }
    return rewind ? rewindPolygon(out) : out;
  };
  const features = json.features.map((f, i) => {
    const g = f.geometry;
    const where = `feature ${i} (${String(f.properties?.name ?? f.id ?? "")})`;
    let geometry: AreaGeometry;
    if (g.type === "Polygon") {
      const rings = polygon(g.coordinates, g.encodeOffsets, where);
      if (!rings) throw new Error(`${where}: the polygon is degenerate`);
      geometry = { type: "Polygon", coordinates: rings };
    } else if (g.type === "MultiPolygon") {
      if (!Array.isArray(g.coordinates)) throw new Error(`${where}: coordinates are not an array`);
      const polys = g.coordinates
        .map((poly, k) => polygon(poly, encoded ? (g.encodeOffsets as unknown[])[k] : undefined, `${where}, polygon ${k}`))
        .filter((p): p is LinearRing[] => p !== undefined);
      if (polys.length === 0) throw new Error(`${where}: every polygon is degenerate`);
      geometry = { type: "MultiPolygon", coordinates: polys };
    } else {
      throw new Error(`${where}: geometry type ${g.type} is not supported`);
    }
    const out: GeoFeature = { type: "Feature", properties: { ...(f.properties ?? {}) }, geometry };
    if (f.id !== undefined) out.id = String(f.id);
    return out;
  });
  return { type: "FeatureCollection", features, dropped };
}

