/**
 * The China province map (from echarts@4.9.0, Apache-2.0), decoded to GeoJSON and stored as
 * `data/provinces/china-provinces.geojson` by `scripts/build-map.mjs`.
 *
 * One FeatureCollection of 34 features in adcode order: the 31 analysed provinces and Taiwan,
 * Hong Kong, Macao flagged `analysed: false` (kept for drawing, excluded from analysis by
 * default). Each feature has `id` = adcode and properties
 * `{ adcode, name, shortName, nameEn, region, regionZh, regionEn, analysed }` (region fields
 * null for the three non-analysed areas). Rings follow RFC 7946 (exterior counter-clockwise,
 * holes clockwise); coordinates are rounded to 5 decimals (the source grid is 1/1024 degree, so
 * shared borders stay identical in both provinces).
 */
import * as fs from "fs";
import { decodeEchartsMap, GeoFeature, GeoFeatureCollection } from "./echarts";
import { dataPath } from "./paths";
import { provinceByAdcode, RegionCode, REGIONS } from "./registry";

// a type alias (not an interface) so that it is assignable to Record<string, unknown>
export type ProvinceFeatureProperties = {
  adcode: string;
  name: string;
  shortName: string;
  nameEn: string;
  region: RegionCode | null;
  regionZh: string | null;
  regionEn: string | null;
  analysed: boolean;
};

export type ProvinceFeature = GeoFeature<ProvinceFeatureProperties>;
export type ProvinceFeatureCollection = GeoFeatureCollection<ProvinceFeatureProperties>;

/**
 * Build the province map from the echarts china.json object: decode, rewind, round, attach
 * registry properties (by the feature's `id` adcode, checked against its `name`), sort by adcode.
 * Throws if a feature is unknown or an analysed province is missing.
 */
export function buildProvinceMap(echartsJson: unknown, opts: { digits?: number } = {}): ProvinceFeatureCollection {
  const fc = decodeEchartsMap(echartsJson as Parameters<typeof decodeEchartsMap>[0], { digits: opts.digits ?? 5 });
  const features = fc.features.map((f) => {
    const code = String(f.properties["id"] ?? f.id ?? "");
    const p = provinceByAdcode(code, { includeNonAnalysed: true, context: `echarts map feature ${String(f.properties["name"])}` });
    if (f.properties["name"] !== undefined && f.properties["name"] !== p.shortName) {
      throw new Error(`echarts map: feature ${code} is named ${String(f.properties["name"])}, the registry says ${p.shortName}`);
    }
    const r = p.region ? REGIONS.find((x) => x.code === p.region)! : null;
    const properties: ProvinceFeatureProperties = {
      adcode: p.adcode,
      name: p.name,
      shortName: p.shortName,
      nameEn: p.nameEn,
      region: p.region,
      regionZh: r ? r.zh : null,
      regionEn: r ? r.en : null,
      analysed: p.analysed,
    };
    return { type: "Feature" as const, id: p.adcode, properties, geometry: f.geometry };
  });
  features.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const have = new Set(features.map((f) => f.id));
  for (const r of REGIONS) for (const a of r.adcodes) if (!have.has(a)) throw new Error(`echarts map: province ${a} is missing`);
  return { type: "FeatureCollection", features };
}

let cached: ProvinceFeatureCollection | undefined;

/**
 * The bundled province map. By default only the 31 analysed provinces; pass
 * `{ includeNonAnalysed: true }` to get Taiwan, Hong Kong and Macao as well (flagged
 * `analysed: false`), e.g. for drawing. Returns a fresh copy each time.
 *
 * @example
 * const map = cc.loadProvinceMap();   // 31 features, properties.adcode and name
 * cc.show(cc.regionsMap(map));
 */
export function loadProvinceMap(opts: { includeNonAnalysed?: boolean } = {}): ProvinceFeatureCollection {
  if (!cached) {
    const file = dataPath("provinces", "china-provinces.geojson");
    cached = JSON.parse(fs.readFileSync(file, "utf8")) as ProvinceFeatureCollection;
  }
  const copy = JSON.parse(JSON.stringify(cached)) as ProvinceFeatureCollection;
  if (!opts.includeNonAnalysed) copy.features = copy.features.filter((f) => f.properties.analysed);
  return copy;
}
