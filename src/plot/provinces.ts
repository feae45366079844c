import { AREAS, type RegionCode } from "../data/registry";

/**
 * Province names and regions as figures need them, read from the data layer's registry: the
 * short Chinese name is the label on axes and maps, the region orders rows and colours maps.
 */
const BY_CODE = new Map(AREAS.map((p) => [p.adcode, p]));

/** Short Chinese name of a province adcode ("110000" -> "北京"), or undefined. */
export function provinceShortName(adcode: string): string | undefined {
  return BY_CODE.get(String(adcode))?.shortName;
}

/** NBS region of a province adcode, or undefined (also for Taiwan, Hong Kong, Macao). */
export function provinceRegion(adcode: string): RegionCode | undefined {
  return BY_CODE.get(String(adcode))?.region ?? undefined;
}
