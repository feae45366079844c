import type { BaseFigureOptions, Figure, MapFeatureCollection, PlotTrace } from "./types";
import {
  baseLayout,
  bilingual,
  CATEGORY_COLORS,
  LEVEL_COLORS,
  levelLabel,
  levelOf,
  LISA_COLORS,
  LISA_LABELS,
  LISA_ORDER,
  normalizeLisaCluster,
  REGION_COLORS,
  REGION_LABELS,
  REGION_ORDER,
  requireFinite,
  type LisaCluster,
} from "./style";
import { provinceRegion, provinceShortName } from "./provinces";

/** One province value for a map: `unit` is the adcode, `value` the coupling coordination degree D. */
export interface MapValueRow {
  unit: string;
  name?: string;
  value: number;
  /** Level 1..10; computed from `value` with `closed` when missing. */
  level?: number;
}

/** One province label for a categorical map. */
export interface MapCategoryRow {
  unit: string;
  name?: string;
  category: string;
}

/** One province's LISA cluster ("HH", "LL", "LH", "HL", "not significant"/"ns", "isolated", or GeoDa codes 0..6). */
export interface LisaClusterRow {
  unit: string;
  name?: string;
  cluster: string | number;
}

export interface MapOptions extends BaseFigureOptions {
  /** Property path that holds the feature id (default "properties.adcode"). */
  featureIdKey?: string;
  /** Draw features that have no row in grey as "无数据 No data" (default true). */
  showMissing?: boolean;
  /** Legend title (default none). */
  legendTitle?: string;
}

export interface CategoryMapOptions extends MapOptions {
  /** Colour per category; categories without one take the neutral palette. */
  colors?: Record<string, string>;
  /** Legend order; categories not listed follow in order of appearance. */
  order?: readonly string[];
  /** Legend label per category (default: the category itself). */
  labels?: Record<string, string>;
}

export interface ChoroplethOptions extends MapOptions {
  /** Band rule to classify D when rows carry no level (core `coordinationLevel`; default "left": `[a, b)`). */
  closed?: "left" | "right";
}

const MISSING_COLOR = "#ffffff";
const MISSING_LINE = "#b0b0b0";
const MISSING_LABEL = "无数据 No data";

interface Item {
  unit: string;
  category: string;
  hover: string;
}

/**
 * A categorical choropleth in one `choropleth` trace (z = category index on a stepped colour
 * scale, no colour bar), plus one empty `scattergeo` trace per category present so the legend
 * lists the categories in order with their colours. One choropleth trace keeps the GeoJSON in
 * the figure once, however many categories there are.
 */
function categoricalMap(
  geojson: MapFeatureCollection,
  items: Item[],
  colors: Record<string, string>,
  order: readonly string[],
  labels: Record<string, string>,
  title: string,
  options: MapOptions,
): Figure {
  if (!geojson || geojson.type !== "FeatureCollection" || !Array.isArray(geojson.features)) {
    throw new TypeError("map: geojson must be a GeoJSON FeatureCollection");
  }
  const key = options.featureIdKey ?? "properties.adcode";
  const idOf = (f: MapFeatureCollection["features"][number]): string | undefined => {
    let v: unknown = f;
    for (const part of key.split(".")) v = v == null ? undefined : (v as Record<string, unknown>)[part];
    return v == null ? undefined : String(v);
  };
  const featureIds = new Set<string>();
  for (const f of geojson.features) {
    const id = idOf(f);
    if (id !== undefined && f.geometry && /Polygon/.test(f.geometry.type)) featureIds.add(id);
  }
  const seen = new Set<string>();
  for (const it of items) {
    if (!featureIds.has(it.unit)) {
      throw new Error(`map: no polygon feature with ${key} = "${it.unit}" in the GeoJSON (${featureIds.size} features)`);
    }
    if (seen.has(it.unit)) throw new Error(`map: province ${it.unit} appears twice in the rows`);
    seen.add(it.unit);
  }
  const all = items.slice();
  const missing = [...featureIds].filter((id) => !seen.has(id));
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

  const data: PlotTrace[] = [
    {
      type: "choropleth",
      geojson: windForPlotly(geojson),
      featureidkey: key,
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
      // white borders between provinces; areas without data are white with a grey outline
      marker: {
        line: showMissing
          ? { color: all.map((it) => (it.category === MISSING_LABEL ? MISSING_LINE : "#ffffff")), width: 0.8 }
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
    ...(fittedView(geojson.features.filter((f) => drawn.has(idOf(f) ?? "\u0000")), panelAspect) ?? { fitbounds: "locations" }),
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

function nameOf(unit: string, name?: string): string {
  return name ?? provinceShortName(unit) ?? unit;
}

/**
 * Choropleth of D by province classified into the ten coordination levels (paper 2's 2010/2019
 * maps): colours from `LEVEL_COLORS`, the legend lists the levels present from 1 (极度失调) up,
 * hover shows the province, D and its level.
 */
export function choroplethMap(
  geojson: MapFeatureCollection,
  rows: readonly MapValueRow[],
  options: ChoroplethOptions = {},
): Figure {
  const items: Item[] = rows.map((r, i) => {
    const unit = String(r.unit);
    const d = requireFinite(r.value, `choroplethMap: row ${i} (unit ${unit}) value D`);
    const level = r.level ?? levelOf(d, options.closed ?? "left");
    const label = levelLabel(level);
    return { unit, category: String(level), hover: `${nameOf(unit, r.name)}<br>D = ${d.toFixed(3)}<br>${label}` };
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
    geojson,
    items,
    colors,
    order,
    labels,
    options.title ?? "耦合协调度空间分布 / Coupling coordination degree by province",
    { legendTitle: bilingual("协调等级", "Level"), ...options },
  );
}

/** A categorical map for any label (regions, LISA clusters, ...), one legend entry per category present. */
export function categoryMap(
  geojson: MapFeatureCollection,
  rows: readonly MapCategoryRow[],
  options: CategoryMapOptions = {},
): Figure {
  const labels = options.labels ?? {};
  const items: Item[] = rows.map((r) => {
    const unit = String(r.unit);
    const category = String(r.category);
    return { unit, category, hover: `${nameOf(unit, r.name)}<br>${labels[category] ?? category}` };
  });
  return categoricalMap(
    geojson,
    items,
    options.colors ?? {},
    options.order ?? [],
    labels,
    options.title ?? "分类地图 / Category map",
    options,
  );
}

/**
 * LISA cluster map (paper 2, Figure 3's map): GeoDa colours (`LISA_COLORS`), legend in the order
 * HH, LL, LH, HL, not significant, isolated, with bilingual labels ("高-高 HH").
 */
export function lisaClusterMap(
  geojson: MapFeatureCollection,
  rows: readonly LisaClusterRow[],
  options: MapOptions = {},
): Figure {
  const mapped: MapCategoryRow[] = rows.map((r) => {
    let cluster: LisaCluster;
    try {
      cluster = normalizeLisaCluster(r.cluster);
    } catch (e) {
      throw new RangeError(`lisaClusterMap: province ${r.unit}: ${(e as Error).message}`);
    }
    return { unit: r.unit, name: r.name, category: cluster };
  });
  return categoryMap(geojson, mapped, {
    title: "LISA 集聚图 / LISA cluster map",
    legendTitle: bilingual("集聚类型", "Cluster"),
    ...options,
    colors: { ...LISA_COLORS },
    order: LISA_ORDER,
    labels: { ...LISA_LABELS },
  });
}

export interface RegionsMapOptions extends MapOptions {
  /** Region of each feature id; default: the feature's `properties.region`, else the built-in table. */
  regionOf?: (unit: string) => string | undefined;
}

/** The four NBS regions (东部 East, 中部 Central, 西部 West, 东北 Northeast) coloured by `REGION_COLORS`. */
export function regionsMap(geojson: MapFeatureCollection, options: RegionsMapOptions = {}): Figure {
  const key = options.featureIdKey ?? "properties.adcode";
  const rows: MapCategoryRow[] = [];
  for (const f of geojson.features) {
    if (!f.geometry || !/Polygon/.test(f.geometry.type)) continue;
    let v: unknown = f;
    for (const part of key.split(".")) v = v == null ? undefined : (v as Record<string, unknown>)[part];
    if (v == null) continue;
    const unit = String(v);
    const region =
      options.regionOf?.(unit) ??
      (typeof f.properties?.region === "string" ? (f.properties.region as string) : undefined) ??
      provinceRegion(unit);
    if (region === undefined) continue;
    rows.push({ unit, category: region });
  }
  return categoryMap(geojson, rows, {
    title: "四大区域 / The four regions (NBS)",
    ...options,
    colors: { east: REGION_COLORS.east, central: REGION_COLORS.central, west: REGION_COLORS.west, northeast: REGION_COLORS.northeast },
    order: REGION_ORDER,
    labels: { east: REGION_LABELS.east, central: REGION_LABELS.central, west: REGION_LABELS.west, northeast: REGION_LABELS.northeast },
  });
}
