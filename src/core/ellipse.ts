/**
 * Mean centre, standard deviational ellipse (SDE) and the area-weighted centroid of a polygon
 * (METHODS.md section 16): the centre of gravity of a variable over the provinces and the
 * direction and spread around it, as pointpats `mean_center` / `weighted_mean_center` /
 * `ellipse` (after its 2025 rewrite) and ArcGIS "Directional Distribution". Points are planar
 * x, y; longitude/latitude degrees are accepted as they are (no projection) and the result says so.
 */

/** Thrown for input the centre, ellipse or centroid functions cannot use. */
export class EllipseInputError extends Error {
  override name = "EllipseInputError";
}

/** A point `[x, y]` (for lon/lat data: `[longitude, latitude]` in degrees). */
export type XY = readonly [number, number] | ArrayLike<number>;

/** Scaling of the axes: see {@link standardEllipse}. */
export type EllipseCorrection = "none" | "sqrt2" | "dof" | "crimestat";

/** The axes after one correction. */
export interface EllipseAxes {
  /** Semi-axis along the major direction (weighted standard deviation times `factor`). */
  major: number;
  /** Semi-axis along the minor direction. */
  minor: number;
  /** The correction's factor: 1, sqrt(2), sqrt(n/(n-2)) or sqrt(2) sqrt(n/(n-2)). */
  factor: number;
  /** `pi major minor`. */
  area: number;
}

/** Result of {@link standardEllipse}. */
export interface EllipseResult {
  /** Number of points (points with weight 0 included). */
  n: number;
  /** The ellipse's centre: the weighted mean centre when weights are given, else the mean centre. */
  center: [number, number];
  /** Plain mean of the points. */
  mean_center: [number, number];
  /** `sum w_i p_i / sum w_i`; null without weights. */
  weighted_mean_center: [number, number] | null;
  /** Major semi-axis after `correction`. */
  major: number;
  /** Minor semi-axis after `correction`. */
  minor: number;
  /** Factor of `correction` (1 for "none"). */
  factor: number;
  /** `pi major minor` after `correction`. */
  area: number;
  /** The correction applied to `major`, `minor`, `area`. */
  correction: EllipseCorrection;
  /** Direction of the major axis, radians counter-clockwise from the +x (east) axis, in (-pi/2, pi/2]. */
  angle: number;
  /** `angle` in degrees, in (-90, 90]. */
  angle_major_deg_ccw_from_x: number;
  /** Direction of the major axis in degrees clockwise from north, in [0, 180) ("rotation" of ArcGIS and most SDE papers). */
  azimuth: number;
  /** `1 - minor / major` (the same for every correction). */
  flattening: number;
  /** The axes under every correction (golden file `axes`, with "none" for its "uncorrected"). */
  axes: Record<EllipseCorrection, EllipseAxes>;
  /** How the coordinates were taken. */
  coordinates: "planar" | "lon/lat degrees treated as planar";
}

/** Options of {@link standardEllipse}. */
export interface EllipseOptions {
  /** One non-negative weight per point (e.g. each province's D); default: equal weights. */
  weights?: ArrayLike<number>;
  /** Scaling of the axes (default "none": the weighted standard deviations themselves). */
  correction?: EllipseCorrection;
  /**
   * The points are longitude/latitude degrees: they are checked to lie in [-180, 180] x [-90, 90]
   * (a swapped pair is caught) and still used as planar coordinates, and the result says
   * "lon/lat degrees treated as planar". Default false ("planar").
   */
  lonlat?: boolean;
}

const CORRECTIONS: readonly EllipseCorrection[] = ["none", "sqrt2", "dof", "crimestat"];

function readPoints(points: readonly XY[] | ArrayLike<XY>, what: string, lonlat: boolean): { x: Float64Array; y: Float64Array } {
  if (points === null || points === undefined || typeof points.length !== "number" || typeof points === "string") {
    throw new EllipseInputError(`${what}: points must be an array of [x, y] pairs`);
  }
  const n = points.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    if (p === null || p === undefined || typeof p.length !== "number" || p.length !== 2) {
      throw new EllipseInputError(`${what}: points[${i + 1}] (counted from 1) is not an [x, y] pair (${JSON.stringify(p)})`);
    }
    for (let c = 0; c < 2; c++) {
      const v = p[c];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new EllipseInputError(
          `${what}: points[${i + 1}] (counted from 1) has ${c === 0 ? "x" : "y"} = ${String(v)} (not a finite number)`,
        );
      }
    }
    if (lonlat && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) {
      throw new EllipseInputError(
        `${what}: points[${i + 1}] (counted from 1) = [${p[0]}, ${p[1]}] is not [longitude, latitude] in degrees ` +
          `(longitude in [-180, 180], latitude in [-90, 90]); are x and y swapped?`,
      );
    }
    x[i] = p[0];
    y[i] = p[1];
  }
  return { x, y };
}

function readWeights(weights: ArrayLike<number>, n: number, what: string): Float64Array {
  if (weights === null || typeof weights.length !== "number" || typeof weights === "string") {
    throw new EllipseInputError(`${what}: weights must be an array of numbers, one per point`);
  }
  if (weights.length !== n) {
    throw new EllipseInputError(`${what}: ${n} points but ${weights.length} weights (they must match one to one)`);
  }
  const w = new Float64Array(n);
  let tot = 0;
  for (let i = 0; i < n; i++) {
    const v = weights[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new EllipseInputError(`${what}: weights[${i + 1}] (counted from 1) is ${String(v)} (not a finite number)`);
    }
    if (v < 0) throw new EllipseInputError(`${what}: weights[${i + 1}] (counted from 1) is negative (${v})`);
    w[i] = v;
    tot += v;
  }
  if (!(tot > 0)) throw new EllipseInputError(`${what}: every weight is 0 (the weighted centre is undefined)`);
  return w;
}

/** Weighted mean of x and y; `w` undefined = plain mean. Two-pass (mean, then mean correction). */
function centre(x: Float64Array, y: Float64Array, w: Float64Array | undefined): [number, number] {
  const n = x.length;
  let W = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    W += wi;
    sx += wi * x[i];
    sy += wi * y[i];
  }
  let mx = sx / W;
  let my = sy / W;
  // one correction pass: the mean of the residuals (exact in exact arithmetic, 0)
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    cx += wi * (x[i] - mx);
    cy += wi * (y[i] - my);
  }
  mx += cx / W;
  my += cy / W;
  return [mx, my];
}

/**
 * Mean centre `(sum x_i / n, sum y_i / n)`, or with weights the weighted mean centre
 * `sum w_i p_i / sum w_i` (pointpats `mean_center` / `weighted_mean_center`; the "centre of
 * gravity" of a variable when w is the variable).
 *
 * Errors (EllipseInputError): no points, a point that is not a pair of finite numbers (index from
 * 1), weights of another length, negative or non-finite, or all zero.
 *
 * @example
 * meanCenter([[0, 0], [2, 0], [0, 4]]);            // [0.6666666666666667, 1.3333333333333335] (2/3, 4/3)
 * meanCenter([[1, 0], [-1, 0], [0, 1], [0, -1]], [3, 1, 1, 1]); // [0.3333333333333333, 0]
 */
export function meanCenter(points: readonly XY[] | ArrayLike<XY>, weights?: ArrayLike<number>): [number, number] {
  const { x, y } = readPoints(points, "meanCenter", false);
  if (x.length === 0) throw new EllipseInputError("meanCenter: no points");
  const w = weights === undefined ? undefined : readWeights(weights, x.length, "meanCenter");
  return centre(x, y, w);
}

/**
 * Standard deviational ellipse of (weighted) points.
 *
 * Centre c: the weighted mean centre (the mean centre without weights). With `d_i = p_i - c` and
 * `S = sum_i w_i d_i d_i^T / sum_i w_i` (unit weights when none), the major/minor semi-axes are the
 * square roots of the larger/smaller eigenvalue of S, i.e. the weighted standard deviations along
 * the major and minor axis; the major axis points at
 * `angle = atan2(2 S_xy, S_xx - S_yy) / 2` (radians counter-clockwise from +x, in (-pi/2, pi/2];
 * 0 for a circle), and `azimuth = (90 - degrees(angle))` in [0, 180), clockwise from north.
 * The eigenvalues are computed as the weighted variances of the projections onto the two axes
 * (sums of squares, no cancellation for flat ellipses).
 *
 * `correction` scales both axes: "none" (factor 1, the default), "sqrt2" (sqrt 2, ArcGIS),
 * "dof" (sqrt(n/(n-2))), "crimestat" (both: sqrt 2 sqrt(n/(n-2)), pointpats' default). n counts
 * the points, weighted or not, including points of weight 0. `area = pi major minor`. Every
 * variant is also given in `axes`. Matches pointpats `ellipse(P, weights=w, method=...)` (2025
 * rewrite; before it, pointpats <= 2.5.1 returned (sd_x, sd_y, theta) with a sign error).
 *
 * Coordinates are planar. Longitude/latitude degrees used directly (as in the SDE literature on
 * Chinese provinces) distort east-west distances by cos(latitude); pass `{ lonlat: true }` so the
 * result records "lon/lat degrees treated as planar" (and the ranges are checked).
 *
 * The ellipse is equivariant: rotating every point by theta rotates the centre by theta, adds theta
 * to `angle` (modulo pi) and leaves the axes unchanged; reordering the points changes nothing.
 *
 * Errors (EllipseInputError): fewer than 3 points (the "dof" factor needs n > 2), a point that is
 * not a pair of finite numbers (index from 1), lon/lat out of range with `lonlat`, bad weights
 * (length, negative, non-finite, all zero), every point of positive weight at the same place,
 * an unknown correction.
 *
 * @example
 * const e = standardEllipse([[2, 0], [-2, 0], [0, 1], [0, -1]]);
 * e.center;                 // [0, 0]
 * e.major; e.minor;         // 1.4142135623730951 (sqrt(8/4)), 0.7071067811865476 (sqrt(2/4))
 * e.angle; e.azimuth;       // 0 (along x), 90
 * e.axes.crimestat.major;   // 2.8284271247461907 (= sqrt 2 * sqrt(4/2) * sqrt 2 = 2 sqrt 2)
 * standardEllipse([[1, 0], [-1, 0], [0, 1], [0, -1]], { weights: [3, 1, 1, 1] }).center; // [1/3, 0]
 */
export function standardEllipse(points: readonly XY[] | ArrayLike<XY>, options: EllipseOptions = {}): EllipseResult {
  const lonlat = options.lonlat === true;
  const { x, y } = readPoints(points, "standardEllipse", lonlat);
  const n = x.length;
  const correction = options.correction ?? "none";
  if (!CORRECTIONS.includes(correction)) {
    throw new EllipseInputError(
      `standardEllipse: correction ${JSON.stringify(correction)} is not one of ${CORRECTIONS.map((c) => `"${c}"`).join(", ")}`,
    );
  }
  if (n < 3) throw new EllipseInputError(`standardEllipse: ${n} point(s); need at least 3 (the "dof" factor is sqrt(n/(n-2)))`);
  const w = options.weights === undefined ? undefined : readWeights(options.weights, n, "standardEllipse");
  const mean_center = centre(x, y, undefined);
  const weighted_mean_center = w ? centre(x, y, w) : null;
  const [cx, cy] = weighted_mean_center ?? mean_center;

  let W = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const dx = x[i] - cx;
    const dy = y[i] - cy;
    W += wi;
    sxx += wi * dx * dx;
    syy += wi * dy * dy;
    sxy += wi * dx * dy;
  }
  if (!(sxx + syy > 0)) {
    throw new EllipseInputError("standardEllipse: every point of positive weight is at the same place (no spread, no ellipse)");
  }
  let angle = 0.5 * Math.atan2(2 * sxy + 0, sxx - syy); // + 0 turns -0 into +0
  if (angle <= -Math.PI / 2) angle += Math.PI;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  let v1 = 0;
  let v2 = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const dx = x[i] - cx;
    const dy = y[i] - cy;
    const u = dx * c + dy * s;
    const v = -dx * s + dy * c;
    v1 += wi * u * u;
    v2 += wi * v * v;
  }
  // v1 >= v2 up to rounding (they can swap only for a circle, where the angle means nothing)
  const sdMajor = Math.sqrt(Math.max(v1, v2) / W);
  const sdMinor = Math.sqrt(Math.min(v1, v2) / W);
  const dof = Math.sqrt(n / (n - 2));
  const factors: Record<EllipseCorrection, number> = { none: 1, sqrt2: Math.SQRT2, dof, crimestat: Math.SQRT2 * dof };
  const axes = {} as Record<EllipseCorrection, EllipseAxes>;
  for (const k of CORRECTIONS) {
    const major = sdMajor * factors[k];
    const minor = sdMinor * factors[k];
    axes[k] = { major, minor, factor: factors[k], area: Math.PI * major * minor };
  }
  const deg = (angle * 180) / Math.PI;
  let azimuth = 90 - deg;
  if (azimuth >= 180) azimuth -= 180;
  const chosen = axes[correction];
  return {
    n,
    center: [cx, cy],
    mean_center,
    weighted_mean_center,
    major: chosen.major,
    minor: chosen.minor,
    factor: chosen.factor,
    area: chosen.area,
    correction,
    angle,
    angle_major_deg_ccw_from_x: deg,
    azimuth,
    flattening: 1 - sdMinor / sdMajor,
    axes,
    coordinates: lonlat ? "lon/lat degrees treated as planar" : "planar",
  };
}

/** A GeoJSON Polygon or MultiPolygon geometry (positions `[x, y, ...]`). */
export type PolygonalGeometry =
  | { type: "Polygon"; coordinates: ArrayLike<ArrayLike<ArrayLike<number>>> }
  | { type: "MultiPolygon"; coordinates: ArrayLike<ArrayLike<ArrayLike<ArrayLike<number>>>> };

/**
 * Area-weighted planar centroid of all parts of a GeoJSON Polygon or MultiPolygon: each polygon's
 * first ring counts positively and its further rings (holes) negatively, each ring with its
 * shoelace area `|A_r|` and centroid `c_r = sum (p_i + p_{i+1}) (x_i y_{i+1} - x_{i+1} y_i) / (6 A_r)`;
 * the result is `sum s_r |A_r| c_r / sum s_r |A_r|` (s = +1 exterior, -1 hole). Ring orientation
 * and whether rings are closed do not matter; rings of zero area (slivers) add nothing.
 * Coordinates are shifted to the first position before the products (less cancellation).
 *
 * This is the "area-weighted centroid of all polygon parts" the ellipse golden file uses for
 * province points (in lon/lat degrees, planar), not the centroid of the largest part nor a label
 * point: for a province with islands it lies between them.
 *
 * Errors (EllipseInputError): a geometry that is not a Polygon/MultiPolygon, a position that is not
 * two finite numbers (its path named, from 1), a total area of 0.
 *
 * @example
 * polygonCentroid({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }); // [0.5, 0.5]
 * // L-shape: the 2x1 bar [0,2]x[0,1] (area 2, centroid [1, 0.5]) plus the square [0,1]x[1,2] (area 1, centroid [0.5, 1.5])
 * polygonCentroid({ type: "Polygon", coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]] });
 * // [0.8333333333333334, 0.8333333333333334] (= (2 * [1, 0.5] + 1 * [0.5, 1.5]) / 3)
 */
export function polygonCentroid(geometry: PolygonalGeometry): [number, number] {
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g === null || typeof g !== "object" || (g.type !== "Polygon" && g.type !== "MultiPolygon")) {
    throw new EllipseInputError(
      `polygonCentroid: geometry must be a GeoJSON Polygon or MultiPolygon (got ${
        g === null || typeof g !== "object" ? String(g) : `type ${JSON.stringify(g.type)}`
      })`,
    );
  }
  const isArr = (a: unknown): a is ArrayLike<unknown> =>
    a !== null && a !== undefined && typeof a === "object" && typeof (a as ArrayLike<unknown>).length === "number";
  if (!isArr(g.coordinates)) throw new EllipseInputError("polygonCentroid: coordinates must be an array");
  const polygons: { rings: ArrayLike<unknown>; path: string }[] = [];
  if (g.type === "Polygon") {
    polygons.push({ rings: g.coordinates, path: "coordinates" });
  } else {
    for (let p = 0; p < g.coordinates.length; p++) {
      const rings = g.coordinates[p];
      if (!isArr(rings)) throw new EllipseInputError(`polygonCentroid: coordinates[${p + 1}] is not an array of rings`);
      polygons.push({ rings, path: `coordinates[${p + 1}]` });
    }
  }
  let ox = NaN;
  let oy = NaN;
  let area2 = 0; // sum of s_r |2 A_r|
  let mx = 0; // sum of s_r |2 A_r| * 3 c_r (x)
  let my = 0;
  for (const { rings, path } of polygons) {
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      const where = `${path}[${r + 1}]`;
      if (!isArr(ring)) throw new EllipseInputError(`polygonCentroid: ${where} is not an array of positions`);
      const m = ring.length;
      const xs = new Float64Array(m);
      const ys = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const p = ring[k] as ArrayLike<number>;
        if (!isArr(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || typeof p[0] !== "number" || typeof p[1] !== "number") {
          throw new EllipseInputError(`polygonCentroid: ${where}[${k + 1}] (counted from 1) is not a position of two finite numbers (${JSON.stringify(p)})`);
        }
        if (Number.isNaN(ox)) {
          ox = p[0];
          oy = p[1];
        }
        xs[k] = p[0] - ox;
        ys[k] = p[1] - oy;
      }
      let a2 = 0;
      let cx = 0;
      let cy = 0;
      for (let k = 0; k < m; k++) {
        const j = k + 1 === m ? 0 : k + 1;
        const cross = xs[k] * ys[j] - xs[j] * ys[k];
        a2 += cross;
        cx += (xs[k] + xs[j]) * cross;
        cy += (ys[k] + ys[j]) * cross;
      }
      if (a2 === 0) continue; // sliver or degenerate ring
      const sign = (r === 0 ? 1 : -1) * (a2 > 0 ? 1 : -1);
      area2 += sign * a2;
      mx += sign * cx;
      my += sign * cy;
    }
  }
  if (!(area2 > 0)) throw new EllipseInputError("polygonCentroid: the geometry has no area (every ring is degenerate, or holes cancel it)");
  return [ox + mx / (3 * area2), oy + my / (3 * area2)];
}
