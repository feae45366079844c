/**
 * Where the units lie, and whether a value follows a geographic gradient (paper 2's "high in the
 * southeast, low in the northwest", 东南高西北低).
 *
 * - `featureCentroids`: one point per map feature, the centroid of its polygons by
 *   `polygonCentroid` (all polygons, area-weighted; or the largest polygon only, the main body of a
 *   province with islands), as records `{ <id>, name, lon, lat }` with a lookup `of(id)`.
 * - `southeastGradient`: for each time, the value (D) regressed on the units' centroid longitude
 *   and latitude, standardised coefficients
 *     beta_lon = (r_yx - r_yy' r_xy') / (1 - r_xy'^2),  beta_lat = (r_yy' - r_yx r_xy') / (1 - r_xy'^2)
 *   (y = value, x = longitude, y' = latitude, r = Pearson correlations; the least-squares
 *   coefficients of the z-scored variables), with the group means beside them. "Southeast high,
 *   northwest low" reads beta_lon > 0 (higher to the east) and beta_lat < 0 (higher to the south).
 *
 * Longitude and latitude are plain degrees (no projection): a standardised coefficient does not
 * depend on the units of x, so the degree scale does not matter; the shape of the country does
 * (longitude and latitude of the provinces are correlated, r_xy' is reported).
 */
import { correlation } from "../core/correlation";
import { polygonCentroid, type PolygonalGeometry } from "../core/ellipse";
import { FrameError } from "./errors";
import { groupInfos, NBS_REGIONS, type GroupPreset, type KeyOptions } from "./panel";
import { makeResult, type GroupInfo, type Row, type TableResult } from "./results";
import { type FrameInput } from "./table";
import { timeOption, validatePanel } from "./validate";

/** A GeoJSON FeatureCollection as far as centroids need it. */
export interface CentroidFeatures {
  type: string;
  features: ReadonlyArray<{ properties?: Record<string, unknown> | null; geometry?: { type: string; coordinates?: unknown } | null }>;
}

/** Options of {@link featureCentroids}. */
export interface FeatureCentroidsOptions {
  /** Property of each feature holding its id (default "adcode"). */
  idProperty?: string;
  /** Property holding a name for display (default "name" when the features have it). */
  nameProperty?: string;
  /**
   * `"all"` (default): the area-weighted centroid of all the feature's polygons (`polygonCentroid`);
   * `"largest"`: the centroid of its largest polygon only (by the area of the outer ring), so that
   * islands do not pull the point off the main body (Shanghai's Chongming, Zhejiang's islands).
   */
  part?: "all" | "largest";
}

/** A centroid record: the feature's id (under `idProperty`), its name, and the point. */
export interface CentroidRecord extends Row {
  name: string;
  lon: number;
  lat: number;
}

/** Result of {@link featureCentroids}. */
export interface CentroidsResult extends TableResult {
  readonly kind: "centroids";
  readonly rows: CentroidRecord[];
  readonly idProperty: string;
  readonly part: "all" | "largest";
  /** `[lon, lat]` of the feature with this id; an error names an unknown id. */
  of(id: string | number): [number, number];
}

/** |2 A| of a ring by the shoelace formula (relative to its first point, for precision). */
function ringArea2(ring: ReadonlyArray<ArrayLike<number>>): number {
  let a = 0;
  const x0 = ring[0]?.[0] ?? 0;
  const y0 = ring[0]?.[1] ?? 0;
  for (let k = 0; k < ring.length; k++) {
    const p = ring[k];
    const q = ring[k + 1 === ring.length ? 0 : k + 1];
    a += (p[0] - x0) * (q[1] - y0) - (q[0] - x0) * (p[1] - y0);
  }
  return Math.abs(a);
}

function idOf(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * The centroid of every polygon feature of a GeoJSON FeatureCollection, by `polygonCentroid`:
 * records `{ <idProperty>: id, name, lon, lat }` in the features' order, and `of(id)` for one
 * point. Features without a polygon geometry are skipped; a polygon feature without an id, or two
 * features with the same id, are errors naming the feature (counted from 1).
 *
 * @example
 * const c = cc.featureCentroids(map);                          // all polygons, area-weighted
 * c.of("620000");                                               // Gansu: [100.61, 37.88]
 * c.of("310000");                                               // Shanghai with Chongming: [121.48, 31.21]
 * cc.featureCentroids(map, { part: "largest" }).of("310000");   // its main body only: [121.44, 31.07]
 */
export function featureCentroids(geojson: CentroidFeatures, options: FeatureCentroidsOptions = {}): CentroidsResult {
  const what = "featureCentroids";
  const idProperty = options.idProperty ?? "adcode";
  const part = options.part ?? "all";
  if (part !== "all" && part !== "largest") throw new FrameError(`${what}: part must be "all" or "largest", got ${JSON.stringify(part)}`);
  if (!geojson || geojson.type !== "FeatureCollection" || !Array.isArray(geojson.features)) {
    throw new FrameError(`${what}: the map must be a GeoJSON FeatureCollection (e.g. cc.loadProvinceMap())`);
  }
  const nameProperty = options.nameProperty ?? (geojson.features.some((f) => f.properties && "name" in f.properties) ? "name" : undefined);
  const records: CentroidRecord[] = [];
  const seen = new Map<string, number>();
  geojson.features.forEach((f, i) => {
    const g = f.geometry;
    if (!g || (g.type !== "Polygon" && g.type !== "MultiPolygon")) return;
    const id = idOf(f.properties?.[idProperty]);
    if (id === undefined) {
      throw new FrameError(
        `${what}: feature ${i + 1} (counted from 1) has no usable id in properties.${idProperty} (got ${JSON.stringify(f.properties?.[idProperty])})`,
        [],
        'Name the property holding the ids: { idProperty: "..." }.',
      );
    }
    if (seen.has(id)) throw new FrameError(`${what}: features ${seen.get(id)} and ${i + 1} (counted from 1) both have ${idProperty} = ${id}`);
    seen.set(id, i + 1);
    let geometry = g as PolygonalGeometry;
    if (part === "largest" && g.type === "MultiPolygon") {
      const polys = g.coordinates as ReadonlyArray<ReadonlyArray<ReadonlyArray<ArrayLike<number>>>>;
      let best = 0;
      let bestArea = -1;
      polys.forEach((p, k) => {
        const a = Array.isArray(p) && Array.isArray(p[0]) ? ringArea2(p[0]) : 0;
        if (a > bestArea) {
          best = k;
          bestArea = a;
        }
      });
      geometry = { type: "Polygon", coordinates: polys[best] } as unknown as PolygonalGeometry;
    }
    let point: [number, number];
    try {
      point = polygonCentroid(geometry);
    } catch (e) {
      throw new FrameError(`${what}: feature ${i + 1} (${idProperty} = ${id}): ${(e as Error).message}`);
    }
    const name = nameProperty && f.properties?.[nameProperty] != null ? String(f.properties[nameProperty]) : id;
    records.push({ [idProperty]: id, name, lon: point[0], lat: point[1] });
  });
  if (records.length === 0) throw new FrameError(`${what}: the map has no Polygon or MultiPolygon feature`);
  const byId = new Map(records.map((r) => [r[idProperty] as string, r]));
  const result = makeResult<CentroidsResult>("centroids", records, { unit: idProperty, time: "", label: "name" }, {
    idProperty,
    part,
  } as Omit<CentroidsResult, keyof TableResult>);
  Object.defineProperty(result, "of", {
    enumerable: false,
    value(id: string | number): [number, number] {
      const r = byId.get(idOf(id) ?? "");
      if (!r) throw new FrameError(`${what}: no feature with ${idProperty} = ${JSON.stringify(id)} (${records.length} features)`);
      return [r.lon, r.lat];
    },
  });
  return result;
}

/** Options of {@link southeastGradient}. */
export interface SoutheastGradientOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** The times to test (numbers or text such as "2019"); default every time of the panel. */
  times?: ReadonlyArray<number | string>;
  /** Groups whose means are shown: a column or a preset (default: the panel's group, else `NBS_REGIONS`). */
  group?: string | GroupPreset;
  /**
   * Groups expected to be higher than all the others (paper 2: "the east and the centre are
   * better"); default `["east", "central"]` with `NBS_REGIONS`, none otherwise.
   */
  higher?: readonly string[];
  /** A name shown in a first column `面板 panel` (e.g. which panel the values come from). */
  panelName?: string;
}

/** One time of {@link southeastGradient}. */
export interface GradientRecord extends Row {
  /** Number of units. */
  n: number;
  /** Pearson correlations of the value with longitude and latitude, and of longitude with latitude. */
  r_lon: number;
  r_lat: number;
  r_lon_lat: number;
  /** Standardised coefficients of the two-variable regression on longitude and latitude. */
  beta_lon: number;
  beta_lat: number;
  /** beta_lon > 0 and beta_lat < 0. */
  southeast_high: boolean;
  /** Plain mean of the value per group. */
  means: Record<string, number>;
  /** min over `higher` > max over the other groups; null when no `higher` groups are named. */
  higher_holds: boolean | null;
  /** The `panelName` option, when given. */
  panel?: string;
}

/** Result of {@link southeastGradient}. */
export interface GradientResult extends TableResult {
  readonly kind: "gradient";
  readonly rows: GradientRecord[];
  readonly value: string;
  readonly groups: GroupInfo[];
  readonly higher: string[];
  /** `centroids.part` of the points used. */
  readonly part: "all" | "largest";
}

const yes = (b: boolean | null) => (b === null ? "—" : b ? "是 yes" : "否 no");

/**
 * The southeast-northwest gradient of `value` (paper 2): for each time, the standardised
 * coefficients of the value on the units' centroid longitude and latitude (see the module
 * comment), `southeast_high` when beta_lon > 0 and beta_lat < 0, and the plain mean per group,
 * with `higher_holds` when every group named in `higher` is above every other group. The display
 * table has one row per time: β lon, β lat, one column per group mean, and the two readings.
 *
 * Every unit needs a centroid (an error names the units without one); a constant value, or fewer
 * than 3 units at a time, cannot be regressed (an error names the time).
 *
 * @example
 * const c = cc.featureCentroids(map, { part: "largest" });
 * const g = cc.southeastGradient(cd2, c, { times: [2011, 2019] });
 * g.rows.map((r) => [r.year, r.beta_lon.toFixed(3), r.beta_lat.toFixed(3), r.southeast_high]);
 * // [[2011, "0.582", "-0.131", true], [2019, "0.527", "-0.233", true]]
 */
export function southeastGradient(input: FrameInput, centroids: CentroidsResult, options: SoutheastGradientOptions = {}): GradientResult {
  const what = "southeastGradient";
  const value = options.value ?? "D";
  if (!centroids || centroids.kind !== "centroids" || typeof centroids.of !== "function") {
    throw new FrameError(`${what}: centroids must be a cc.featureCentroids(...) result`);
  }
  const valid = validatePanel(input, { ...options, indicators: [value], what });
  // groups: the option or the panel's own (a column, or a preset's column), else the NBS regions
  const groupCol = valid.group;
  const preset = groupCol ? valid.preset : NBS_REGIONS;
  const groupOfRow = (r: Row): string => (groupCol ? String(r[groupCol]) : NBS_REGIONS.groupOf(String(r[valid.unit])));
  const times = options.times === undefined ? valid.times : options.times.map((t) => timeOption(t, "times", what, valid.times)!);
  const higher = [...(options.higher ?? (preset === NBS_REGIONS ? ["east", "central"] : []))];
  const missing = valid.units.filter((u) => {
    try {
      centroids.of(u);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) {
    throw new FrameError(
      `${what}: ${missing.length} unit${missing.length > 1 ? "s have" : " has"} no centroid (by ${centroids.idProperty})`,
      missing.map((u) => `unit ${u}`),
      `The unit column "${valid.unit}" must hold the map's ${centroids.idProperty}.`,
    );
  }
  const allGroups = groupInfos(valid.rows.map((r) => groupOfRow(r as Row)), preset);
  for (const h of higher) {
    if (!allGroups.some((g) => g.id === h)) throw new FrameError(`${what}: higher names the group "${h}", which is not among the groups (${allGroups.map((g) => g.id).join(", ")})`);
  }
  const records: GradientRecord[] = [];
  for (const t of times) {
    const rs = valid.rows.filter((r) => Number(r[valid.time]) === t);
    if (rs.length < 3) throw new FrameError(`${what}: ${t} has ${rs.length} unit${rs.length === 1 ? "" : "s"}; the regression on longitude and latitude needs at least 3`);
    const y = rs.map((r) => r[value] as number);
    const lon = rs.map((r) => centroids.of(String(r[valid.unit]))[0]);
    const lat = rs.map((r) => centroids.of(String(r[valid.unit]))[1]);
    let r1: number, r2: number, r12: number;
    try {
      r1 = correlation(y, lon);
      r2 = correlation(y, lat);
      r12 = correlation(lon, lat);
    } catch (e) {
      throw new FrameError(`${what}: ${t}: ${(e as Error).message} (a constant ${value}, or all centroids on one meridian or parallel, cannot be regressed)`);
    }
    if (Math.abs(r12) >= 1 - 1e-12) throw new FrameError(`${what}: ${t}: the centroids lie on one line (r(lon, lat) = ${r12}), longitude and latitude cannot be separated`);
    const beta_lon = (r1 - r2 * r12) / (1 - r12 * r12);
    const beta_lat = (r2 - r1 * r12) / (1 - r12 * r12);
    const means: Record<string, number> = {};
    for (const g of allGroups) {
      const vs = rs.filter((r) => groupOfRow(r as Row) === g.id).map((r) => r[value] as number);
      if (vs.length) means[g.id] = vs.reduce((s, v) => s + v, 0) / vs.length;
    }
    const hi = higher.filter((g) => g in means);
    const lo = Object.keys(means).filter((g) => !higher.includes(g));
    const higher_holds = higher.length === 0 || hi.length === 0 || lo.length === 0 ? null : Math.min(...hi.map((g) => means[g])) > Math.max(...lo.map((g) => means[g]));
    records.push({
      [valid.time]: t,
      ...(options.panelName !== undefined ? { panel: options.panelName } : {}),
      n: rs.length,
      r_lon: r1,
      r_lat: r2,
      r_lon_lat: r12,
      beta_lon,
      beta_lat,
      southeast_high: beta_lon > 0 && beta_lat < 0,
      means,
      higher_holds,
    });
  }
  const name = (g: GroupInfo) => (g.zh === g.en ? g.zh : `${g.zh} ${g.en}`);
  const higherName = higher.map((h) => allGroups.find((g) => g.id === h)!).map((g) => g.zh).join("+");
  const higherEn = higher.join("+");
  const tableRows = records.map((r) => ({
    [valid.time]: r[valid.time],
    ...(options.panelName !== undefined ? { "面板 panel": options.panelName } : {}),
    "β 经度 lon": r.beta_lon,
    "β 纬度 lat": r.beta_lat,
    ...Object.fromEntries(allGroups.map((g) => [name(g), r.means[g.id] ?? null])),
    "东南高西北低 SE high": yes(r.southeast_high),
    ...(higher.length ? { [`${higherName}更高 ${higherEn} higher`]: yes(r.higher_holds) } : {}),
  }));
  return makeResult<GradientResult>("gradient", records, valid.keys, {
    tableRows,
    value,
    groups: allGroups,
    higher,
    part: centroids.part,
  });
}
