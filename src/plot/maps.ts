import type { CouplingResult, LisaResult, Row, TableResult } from "../frame/results";
import { editDistance } from "../data/registry";
import type { BaseFigureOptions, Figure, MapFeature, MapFeatureCollection, PlotTrace } from "./types";
import { highlightSet } from "./overlays";
import { defaultLabel, Fields, oneTime, PlotInputError, readLevel, readSource, resultValue, show, unitField, type Source } from "./records";
import {
  baseLayout,
  bilingual,
  CATEGORY_COLORS,
  LEVEL_COLORS,
  levelLabel,
  LISA_COLORS,
  LISA_LABELS,
  LISA_ORDER,
  readCluster,
  REGION_COLORS,
  REGION_ORDER,
  regionCode,
  seriesLabel,
} from "./style";
import { provinceRegion, provinceShortName } from "./provinces";

/** Options of every map. */
export interface MapOptions extends BaseFigureOptions {
  /**
   * The feature property holding the unit ids, a bare name of `feature.properties` (default
   * "adcode"; e.g. "name", "code", "city_code").
   */
  idProperty?: string;
  /** Draw features that have no record in white as "无数据 No data" (default true). */
  showMissing?: boolean;
  /** Legend title (default none). */
  legendTitle?: string;
  /** Unit ids whose outline is drawn thick and dark. */
  highlight?: readonly (string | number)[];
}

/** Fields of the records a map reads (defaults from a result's `keys`). */
export interface MapRecordOptions {
  /** Field of the unit id (result: its unit key; plain records: "adcode"). */
  unit?: string;
  /**
   * Field of the name shown on hover (result: its label key; plain records: "province" when
   * present). Without one, a province adcode shows its short name, any other id itself.
   */
  label?: string;
  /** The time to draw (default: the last time in the records). */
  time?: number;
  /** Field of the time (result: its time key; plain records: "year" when present). */
  timeField?: string;
}

export interface CategoryMapOptions extends MapOptions, MapRecordOptions {
  /** Field of the category (default "category"). */
  category?: string;
  /** Colour per category; categories without one take the neutral palette. */
  colors?: Record<string, string>;
  /** Legend order; categories not listed follow in order of appearance. */
  order?: readonly string[];
  /** Legend label per category (default: the category itself). */
  labels?: Record<string, string>;
}

export interface ChoroplethOptions extends MapOptions, MapRecordOptions {
  /** Field of D (coupling result: its value column "D"; plain records: "D"). */
  value?: string;
  /** Field of the coordination level 1..10 (default "level"): read, never re-classified. */
  level?: string;
}

export interface LisaClusterMapOptions extends MapOptions, MapRecordOptions {
  /** Field of the LISA cluster (default "cluster"; other tools' labels and GeoDa codes are read too). */
  cluster?: string;
}

export interface RegionsMapOptions extends MapOptions {
  /**
   * Group of each feature (by its id), undefined for none (drawn as no data). Default: the
   * feature's `properties.region`, else the province's NBS region. Groups that are NBS regions
   * (code or name) take `REGION_COLORS` and the registry's names.
   */
  groupOf?: (id: string, feature: MapFeature) => string | undefined;
}

const MISSING_COLOR = "#ffffff";
const MISSING_LINE = "#b0b0b0";
const MISSING_LABEL = "无数据 No data";
const HIGHLIGHT_LINE = "#111111";

interface Item {
  unit: string;
  category: string;
  hover: string;
  /** Record number (from 1) for messages; undefined for features the map adds itself. */
  record?: number;
}

/** The id of a feature under `idProperty`, as a string (ids may be numbers in the file). */
function featureId(f: MapFeature, idProperty: string): string | undefined {
  const v = f.properties?.[idProperty];
  return typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;
}

function checkIdProperty(fn: string, idProperty: unknown): string {
  if (typeof idProperty !== "string" || idProperty === "") {
    throw new PlotInputError(`${fn}: idProperty must be the name of a feature property (e.g. "adcode"), got ${show(idProperty)}`);
  }
  if (idProperty.startsWith("properties.")) {
    throw new PlotInputError(
      `${fn}: idProperty is a bare property name of the features: pass { idProperty: "${idProperty.slice("properties.".length)}" }, not "${idProperty}"`,
    );
  }
  return idProperty;
}

function checkGeojson(fn: string, geojson: MapFeatureCollection): void {
  if (!geojson || geojson.type !== "FeatureCollection" || !Array.isArray(geojson.features)) {
    throw new PlotInputError(`${fn}: geojson must be a GeoJSON FeatureCollection`);
  }
}

/**
 * The error for record ids that match no feature: the property used, the unmatched ids (up to
 * 5), the 3 closest feature ids of each by edit distance, and the properties of the first feature
 * to choose `idProperty` from.
 */
function unmatchedIdsError(fn: string, idProperty: string, unmatched: string[], featureIds: string[], geojson: MapFeatureCollection): PlotInputError {
  const closest = (id: string) =>
    featureIds
      .map((f, k) => ({ f, k, d: editDistance(id, f) }))
      .sort((a, b) => a.d - b.d || a.k - b.k)
      .slice(0, 3)
      .map((c) => JSON.stringify(c.f));
  const shown = unmatched.slice(0, 5).map((id) => `${JSON.stringify(id)} (closest: ${closest(id).join(", ") || "none"})`);
  const more = unmatched.length > 5 ? ` and ${unmatched.length - 5} more` : "";
  const first = geojson.features[0]?.properties ?? {};
  const props = Object.keys(first);
  return new PlotInputError(
    `${fn}: ${unmatched.length} record id${unmatched.length > 1 ? "s match" : " matches"} no polygon feature by properties.${idProperty} ` +
      `(${featureIds.length} features): ${shown.join("; ")}${more}. ` +
      `If the features name their units in another property, pass { idProperty: ... } naming it; ` +
      `the first feature has properties: ${props.length ? props.map((p) => `${p} = ${show(first[p])}`).join(", ") : "none"}`,
  );
}

/**
 * A categorical choropleth in one `choropleth` trace (z = category index on a stepped colour
 * scale, no colour bar), plus one empty `scattergeo` trace per category present so the legend
 * lists the categories in order with their colours. One choropleth trace keeps the GeoJSON in
 * the figure once, however many categories there are.
 */
function categoricalMap(
  fn: string,
  geojson: MapFeatureCollection,
  items: Item[],
  colors: Record<string, string>,
  order: readonly string[],
  labels: Record<string, string>,
  title: string,
  options: MapOptions,
): Figure {
  checkGeojson(fn, geojson);
  const idProperty = checkIdProperty(fn, options.idProperty ?? "adcode");
  const featureIds: string[] = [];
  const idSet = new Set<string>();
  for (const f of geojson.features) {
    const id = featureId(f, idProperty);
    if (id !== undefined && f.geometry && /Polygon/.test(f.geometry.type) && !idSet.has(id)) {
      idSet.add(id);
      featureIds.push(id);
    }
  }
  const unmatched = [...new Set(items.filter((it) => !idSet.has(it.unit)).map((it) => it.unit))];
  if (unmatched.length > 0) throw unmatchedIdsError(fn, idProperty, unmatched, featureIds, geojson);
  const seen = new Map<string, Item>();
  for (const it of items) {
    const prev = seen.get(it.unit);
    if (prev) throw new PlotInputError(`${fn}: records ${prev.record} and ${it.record} both have unit ${it.unit}`);
    seen.set(it.unit, it);
  }
  const emphasised = highlightSet(fn, options.highlight, seen.keys(), "unit");
  const all = items.slice();
  const missing = featureIds.filter((id) => !seen.has(id));
  const showMissing = (options.showMissing ?? true) && missing.length > 0;
  if (showMissing) {
    for (const id of missing) all.push({ unit: id, category: MISSING_LABEL, hover: `${provinceShortName(id) ?? id}<br>${MISSING_LABEL}` });
  }

  const present = new Set(all.map((it) => it.category));
  const cats = order.filter((c) => present.has(c));
  for (const it of all) if (!cats.includes(it.category) && it.category !== MISSING_LABEL) cats.push(it.category);
  if (showMissing) cats.push(MISSING_LABEL);
  const colorOf = (c: string, i: number) =>
    c === MISSING_LABEL ? MISSING_COLOR : colors[c] ?? CATEGORY_COLORS[i % CATEGORY_COLORS.length];
  const labelOf = (c: string) => (c === MISSING_LABEL ? MISSING_LABEL : labels[c] ?? c);

  const k = cats.length;
  const colorscale: [number, string][] = [];
  cats.forEach((c, i) => {
    colorscale.push([i / Math.max(k, 1), colorOf(c, i)], [(i + 1) / Math.max(k, 1), colorOf(c, i)]);
  });
  if (k === 1) colorscale.splice(0, colorscale.length, [0, colorOf(cats[0], 0)], [1, colorOf(cats[0], 0)]);
  const index = new Map(cats.map((c, i) => [c, i]));
  const lineColor = (it: Item) => (emphasised.has(it.unit) ? HIGHLIGHT_LINE : it.category === MISSING_LABEL ? MISSING_LINE : "#ffffff");

  const data: PlotTrace[] = [
    {
      type: "choropleth",
      geojson: windForPlotly(geojson),
      featureidkey: `properties.${idProperty}`,
      locations: all.map((it) => it.unit),
      z: all.map((it) => index.get(it.category)!),
      zmin: -0.5,
      zmax: k - 0.5,
      colorscale,
      showscale: false,
      showlegend: false,
      name: "",
      text: all.map((it) => it.hover),
      hovertemplate: "%{text}<extra></extra>",
      // white borders between areas; areas without data are white with a grey outline; highlighted ones dark and thick
      marker: {
        line:
          showMissing || emphasised.size > 0
            ? {
                color: all.map(lineColor),
                width: emphasised.size > 0 ? all.map((it) => (emphasised.has(it.unit) ? 2.5 : 0.8)) : 0.8,
              }
            : { color: "#ffffff", width: 0.8 },
      },
    },
    ...cats.map((c, i) => ({
      type: "scattergeo",
      lon: [null],
      lat: [null],
      mode: "markers",
      name: labelOf(c),
      showlegend: true,
      hoverinfo: "skip",
      marker: { symbol: "square", size: 14, color: colorOf(c, i), line: { color: c === MISSING_LABEL ? MISSING_LINE : "#999999", width: c === MISSING_LABEL ? 1 : 0.5 } },
    })),
  ];

  const layout = baseLayout(title, options);
  const drawn = new Set(all.map((it) => it.unit));
  const margin = { l: 10, r: 10, t: 60, b: 10 };
  // the legend sits right of the map: estimate its width from the labels (CJK ~13 px, Latin ~7 px)
  const textWidth = (t: string) => [...t].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 13 : 7), 0);
  const legendTitleText = options.legendTitle ?? "";
  const legendWidth = Math.max(textWidth(legendTitleText), ...cats.map((c) => 45 + textWidth(labelOf(c))));
  const plotWidth = (options.width ?? 900) - margin.l - margin.r;
  const split = Math.min(0.85, Math.max(0.55, 1 - (legendWidth + 15) / plotWidth));
  const domain = { x: [0, split], y: [0, 1] };
  // the panel the map is fitted to: the figure's size when fixed, else the renderer's default 900 x 560
  const panelAspect =
    (((options.width ?? 900) - margin.l - margin.r) * (domain.x[1] - domain.x[0])) /
    (((options.height ?? 560) - margin.t - margin.b) * (domain.y[1] - domain.y[0]));
  layout.geo = {
    ...(fittedView(geojson.features.filter((f) => drawn.has(featureId(f, idProperty) ?? "\u0000")), panelAspect) ?? { fitbounds: "locations" }),
    visible: false,
    showframe: false,
    bgcolor: "rgba(0,0,0,0)",
    domain,
  };
  layout.margin = margin;
  layout.legend = {
    x: split + 0.01,
    xanchor: "left",
    y: 0.5,
    yanchor: "middle",
    traceorder: "normal",
    itemclick: false,
    itemdoubleclick: false,
    font: { size: 12 },
    ...(options.legendTitle ? { title: { text: options.legendTitle } } : {}),
  };
  layout.showlegend = true;
  return { data, layout };
}

type Ring = number[][];

const RAD = Math.PI / 180;

/**
 * The view of a `geo` subplot that fills its panel with the drawn features, on a conic
 * equal-area projection (standard parallels at 1/6 and 5/6 of the latitude span: 24N and 47N for
 * China). Plotly's `fitbounds` fits the lon/lat bounding box, whose projected corners lie far
 * outside a conic map of China, and leaves the country at half size; here the projection is
 * computed as d3 does (conicEqualArea), the zoom is the ratio of the range box to the features'
 * projected extent, and the centre is the centre of that extent. Returns undefined when no
 * conic fits (features straddling the equator), so the caller falls back to `fitbounds`.
 */
function fittedView(features: MapFeatureCollection["features"], panelAspect: number): Record<string, unknown> | undefined {
  const rings: Ring[] = [];
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === "Polygon") rings.push(...(g.coordinates as Ring[]));
    else if (g.type === "MultiPolygon") for (const poly of g.coordinates as Ring[][]) rings.push(...poly);
  }
  let lon0 = Infinity, lon1 = -Infinity, lat0 = Infinity, lat1 = -Infinity;
  for (const r of rings) {
    for (const [x, y] of r) {
      if (x < lon0) lon0 = x;
      if (x > lon1) lon1 = x;
      if (y < lat0) lat0 = y;
      if (y > lat1) lat1 = y;
    }
  }
  if (!(lon1 > lon0 && lat1 > lat0) || lon1 - lon0 > 180) return undefined;
  const p1 = lat0 + (lat1 - lat0) / 6;
  const p2 = lat1 - (lat1 - lat0) / 6;
  const sy0 = Math.sin(p1 * RAD);
  const n = (sy0 + Math.sin(p2 * RAD)) / 2;
  if (Math.abs(n) < 0.05) return undefined;
  const c = 1 + sy0 * (2 * n - sy0);
  const r0 = Math.sqrt(c) / n;
  const rot = (lon0 + lon1) / 2;
  const project = (lon: number, lat: number): [number, number] => {
    const r = Math.sqrt(c - 2 * n * Math.sin(lat * RAD)) / n;
    const x = (lon - rot) * RAD * n;
    return [r * Math.sin(x), r0 - r * Math.cos(x)];
  };
  const extent = (pts: Iterable<[number, number]>) => {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const [x, y] of pts) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    return { x0, x1, y0, y1 };
  };
  const feat = extent(
    (function* () {
      for (const r of rings) for (const [x, y] of r) yield project(x, y);
    })(),
  );
  // Plotly fits the range box (lon/lat ranges, edges along the parallels and meridians) into the
  // panel and clips the map to the box's bounds: widen the box (lat or lon range, symmetrically)
  // until its projected aspect matches the panel's, so that the whole panel can be used.
  const boxOf = (la0: number, la1: number, lo0: number, lo1: number) =>
    extent(
      (function* () {
        for (let i = 0; i <= 40; i++) {
          const lon = lo0 + ((lo1 - lo0) * i) / 40;
          yield project(lon, la0);
          yield project(lon, la1);
        }
        for (let i = 0; i <= 40; i++) {
          const lat = la0 + ((la1 - la0) * i) / 40;
          yield project(lo0, lat);
          yield project(lo1, lat);
        }
      })(),
    );
  const aspect = (b: { x0: number; x1: number; y0: number; y1: number }) => (b.x1 - b.x0) / (b.y1 - b.y0);
  let [la0, la1, lo0, lo1] = [lat0, lat1, lon0, lon1];
  let box = boxOf(la0, la1, lo0, lo1);
  if (Number.isFinite(panelAspect) && panelAspect > 0) {
    const widenLat = aspect(box) > panelAspect;
    let lo = 0;
    let hi = widenLat ? Math.min(89 - lat1, 89 + lat0) : Math.min(179 - (lon1 - lon0) / 2, 90);
    if (hi > 0) {
      for (let k = 0; k < 40; k++) {
        const d = (lo + hi) / 2;
        const b = widenLat ? boxOf(lat0 - d, lat1 + d, lon0, lon1) : boxOf(lat0, lat1, lon0 - d, lon1 + d);
        if (widenLat ? aspect(b) > panelAspect : aspect(b) < panelAspect) lo = d;
        else hi = d;
      }
      if (widenLat) [la0, la1] = [lat0 - lo, lat1 + lo];
      else [lo0, lo1] = [lon0 - lo, lon1 + lo];
      box = boxOf(la0, la1, lo0, lo1);
    }
  }
  const scale = 0.97 * Math.min((box.x1 - box.x0) / (feat.x1 - feat.x0), (box.y1 - box.y0) / (feat.y1 - feat.y0));
  // centre of the projected features, back to lon/lat (d3 conicEqualArea invert)
  const cx = (feat.x0 + feat.x1) / 2;
  const cy = (feat.y0 + feat.y1) / 2;
  const r0y = r0 - cy;
  let l = Math.atan2(cx, Math.abs(r0y)) * Math.sign(r0y);
  if (r0y * n < 0) l -= Math.PI * Math.sign(cx) * Math.sign(r0y);
  const clon = rot + l / n / RAD;
  const clat = Math.asin(Math.max(-1, Math.min(1, (c - (cx * cx + r0y * r0y) * n * n) / (2 * n)))) / RAD;
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  if (![scale, clon, clat].every(Number.isFinite)) return undefined;
  return {
    projection: {
      type: "conic equal area",
      parallels: [round(p1), round(p2)],
      rotation: { lon: round(rot) },
      scale: round(Math.max(1, scale)),
    },
    center: { lon: round(clon), lat: round(clat) },
    lonaxis: { range: [round(lo0), round(lo1)] },
    lataxis: { range: [round(la0), round(la1)] },
  };
}

function signedArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

function windPolygon(rings: Ring[]): Ring[] {
  // d3-geo (and so Plotly's geo) reads rings spherically: exterior clockwise, holes counter-clockwise.
  return rings.map((ring, k) => {
    const clockwise = signedArea2(ring) < 0;
    return clockwise === (k === 0) ? ring : ring.slice().reverse();
  });
}

/**
 * A copy of a FeatureCollection with polygon rings wound as d3-geo and Plotly's `geo` expect
 * (exterior clockwise, holes counter-clockwise). GeoJSON files follow RFC 7946 (exterior
 * counter-clockwise), which Plotly reads as the complement of each polygon: the whole globe.
 * Other geometries pass through; the input is not modified.
 */
export function windForPlotly(geojson: MapFeatureCollection): MapFeatureCollection {
  return {
    ...geojson,
    features: geojson.features.map((f) => {
      const g = f.geometry;
      if (!g) return f;
      if (g.type === "Polygon") return { ...f, geometry: { ...g, coordinates: windPolygon(g.coordinates as Ring[]) } };
      if (g.type === "MultiPolygon") {
        return { ...f, geometry: { ...g, coordinates: (g.coordinates as Ring[][]).map(windPolygon) } };
      }
      return f;
    }),
  };
}

/** The records a map draws (one time) with their unit ids and hover names. */
function mapRecords(fn: string, src: Source, options: MapRecordOptions) {
  const f = new Fields(fn, src.rows);
  const unitF = unitField(src, options.unit);
  const labelF = defaultLabel(src, options.label);
  const { index } = oneTime(fn, src, options);
  return index.map((i) => {
    const unit = f.id(i, unitF, "unit");
    return { i, unit, name: f.text(i, labelF) ?? provinceShortName(unit) ?? unit, f };
  });
}

/**
 * Choropleth of D classified into the ten coordination levels (paper 2's 2010/2019 maps), one
 * time of a coupling result (option `time`, default the last): colours from `LEVEL_COLORS`, the
 * legend lists the levels present from 1 (极度失调) up, hover shows the name, D and its level.
 *
 * The level is the record's `level` (classified once by the core with the result's `closed`),
 * never re-classified here: plain records need a level field. Records are matched to features by
 * `properties[idProperty]` (default "adcode"); an id that matches no feature is an error naming
 * the property, the ids and the closest feature ids.
 *
 * @example
 * cc.choroplethMap(map, cd, { time: 2019 });
 * const y2019 = cd.rows.filter((r) => r.year === 2019);
 * cc.choroplethMap(map, y2019, { unit: "adcode", value: "D", level: "level", idProperty: "adcode" });
 */
export function choroplethMap(
  geojson: MapFeatureCollection,
  data: CouplingResult | readonly Row[],
  options: ChoroplethOptions = {},
): Figure {
  const fn = "choroplethMap";
  const src = readSource(fn, data);
  const valueF = options.value ?? resultValue(src) ?? "D";
  const levelF = options.level ?? "level";
  const items: Item[] = mapRecords(fn, src, options).map(({ i, unit, name, f }) => {
    const d = f.num(i, valueF, "value");
    const level = readLevel(fn, f, i, levelF, options.level !== undefined);
    return { unit, category: String(level), hover: `${name}<br>${valueF} = ${d.toFixed(3)}<br>${levelLabel(level)}`, record: i + 1 };
  });
  const colors: Record<string, string> = {};
  const labels: Record<string, string> = {};
  const order: string[] = [];
  for (let k = 1; k <= 10; k++) {
    colors[String(k)] = LEVEL_COLORS[k]!;
    labels[String(k)] = levelLabel(k);
    order.push(String(k));
  }
  return categoricalMap(
    fn,
    geojson,
    items,
    colors,
    order,
    labels,
    options.title ?? `耦合协调度空间分布 / Coupling coordination degree${options.time !== undefined ? `, ${options.time}` : ""}`,
    { legendTitle: bilingual("协调等级", "Level"), ...options },
  );
}

/**
 * A categorical map for any label (regions, city clusters, ...), one legend entry per category
 * present: `categoryMap(geo, rows, { unit: "adcode", category: "cluster" })`.
 *
 * @example
 * cc.categoryMap(map, cc.lisa(cd2, w), { category: "quadrant" });   // quadrants whatever their p
 */
export function categoryMap(
  geojson: MapFeatureCollection,
  data: TableResult | readonly Row[],
  options: CategoryMapOptions = {},
): Figure {
  const fn = "categoryMap";
  const src = readSource(fn, data);
  const catF = options.category ?? "category";
  const labels = options.labels ?? {};
  const items: Item[] = mapRecords(fn, src, options).map(({ i, unit, name, f }) => {
    const category = f.id(i, catF, "category");
    return { unit, category, hover: `${name}<br>${labels[category] ?? category}`, record: i + 1 };
  });
  return categoricalMap(fn, geojson, items, options.colors ?? {}, options.order ?? [], labels, options.title ?? "分类地图 / Category map", options);
}

/**
 * LISA cluster map (paper 2, Figure 3's map) from a LISA result (or records with a cluster
 * field): the record's `cluster` as the core decided it (other tools' labels and GeoDa codes are
 * read too), GeoDa colours (`LISA_COLORS`), legend in the order HH, LL, LH, HL, not significant,
 * isolated, with bilingual labels from the core's `LISA_CLUSTERS` ("高-高 HH").
 *
 * @example
 * cc.lisaClusterMap(map, cc.lisa(cd2, w, { year: 2019 }));
 */
export function lisaClusterMap(
  geojson: MapFeatureCollection,
  data: LisaResult | readonly Row[],
  options: LisaClusterMapOptions = {},
): Figure {
  const fn = "lisaClusterMap";
  const src = readSource(fn, data);
  const clusterF = options.cluster ?? "cluster";
  const items: Item[] = mapRecords(fn, src, options).map(({ i, unit, name, f }) => {
    const cluster = readCluster(fn, f, i, clusterF);
    return { unit, category: cluster, hover: `${name}<br>${LISA_LABELS[cluster]}`, record: i + 1 };
  });
  return categoricalMap(
    fn,
    geojson,
    items,
    { ...LISA_COLORS },
    LISA_ORDER,
    { ...LISA_LABELS },
    options.title ?? "LISA 集聚图 / LISA cluster map",
    { legendTitle: bilingual("集聚类型", "Cluster"), ...options },
  );
}

/**
 * The groups of the features (default the four NBS regions: 东部 East, 中部 Central, 西部 West,
 * 东北 Northeast, coloured by `REGION_COLORS`); a feature without a group is drawn as no data.
 *
 * @example
 * cc.regionsMap(cc.loadProvinceMap());                                // the four NBS regions
 */
export function regionsMap(geojson: MapFeatureCollection, options: RegionsMapOptions = {}): Figure {
  const fn = "regionsMap";
  checkGeojson(fn, geojson);
  const idProperty = checkIdProperty(fn, options.idProperty ?? "adcode");
  const items: Item[] = [];
  for (const f of geojson.features) {
    if (!f.geometry || !/Polygon/.test(f.geometry.type)) continue;
    const unit = featureId(f, idProperty);
    if (unit === undefined) continue;
    const group = options.groupOf
      ? options.groupOf(unit, f)
      : (typeof f.properties?.region === "string" && f.properties.region !== "" ? (f.properties.region as string) : undefined) ??
        provinceRegion(unit);
    if (group === undefined) continue;
    items.push({ unit, category: group, hover: `${provinceShortName(unit) ?? unit}<br>${seriesLabel(group)}` });
  }
  const groups = [...new Set(items.map((it) => it.category))];
  const rank = (g: string) => {
    const r = regionCode(g);
    return r ? REGION_ORDER.indexOf(r) : REGION_ORDER.length + groups.indexOf(g);
  };
  const order = groups.slice().sort((a, b) => rank(a) - rank(b));
  const colors: Record<string, string> = {};
  const labels: Record<string, string> = {};
  for (const g of order) {
    const r = regionCode(g);
    if (r) colors[g] = REGION_COLORS[r];
    labels[g] = seriesLabel(g);
  }
  return categoricalMap(fn, geojson, items, colors, order, labels, options.title ?? "四大区域 / The four regions (NBS)", options);
}
