/**
 * Province adjacency and the library's default spatial weights for the 31 provinces.
 *
 * `data/provinces/adjacency.csv` (columns adcode_a, adcode_b with a < b, sorted) is frozen from
 * the bundled map by `scripts/build-map.mjs` with `contiguityWeights` (rook; queen gives the
 * same 68 pairs on this map). Hainan (460000) has no land neighbour.
 *
 * Hainan (METHODS.md section 5): papers differ and rarely say which treatment they use, so it is
 * an explicit option with a visible default:
 * - "guangdong" (default): Hainan linked to Guangdong (440000), the most common choice; no island.
 * - "guangdong+guangxi": linked to Guangdong and Guangxi (450000).
 * - "isolated": no link; Hainan is an island (zero row).
 * The result echoes the choice in `hainan` and a one-line `description`.
 *
 * A panel with fewer provinces (`units`): the weights are fitted to the provinces present, on the
 * links among them, and `dropped` lists the provinces of the 31 left out (a Moran's I on 30
 * provinces is not the same statistic as on 31, so the reader must see which are missing).
 */
import * as fs from "fs";
import { weightsFromPairs, SpatialInputError, SpatialWeights, WeightsStyle, IdPair } from "../core/weights";
import { parseCsv } from "./csv";
import { DataFileError } from "./errors";
import { dataPath } from "./paths";
import { PROVINCE_ADCODES, provinceByAdcode } from "./registry";

export type HainanLink = "guangdong" | "guangdong+guangxi" | "isolated";

export const HAINAN = "460000";
export const GUANGDONG = "440000";
export const GUANGXI = "450000";

let cachedPairs: [string, string][] | undefined;

/**
 * The frozen land-border pairs among the 31 provinces (68 pairs), `[a, b]` with a < b, sorted,
 * read from `data/provinces/adjacency.csv`. Hainan appears in none.
 */
export function provinceAdjacencyPairs(): [string, string][] {
  if (!cachedPairs) {
    const file = dataPath("provinces", "adjacency.csv");
    const recs = parseCsv(fs.readFileSync(file, "utf8"), { file });
    if (recs.length === 0 || recs[0].cells.join(",") !== "adcode_a,adcode_b") {
      throw new DataFileError(file, 1, undefined, "expected the header adcode_a,adcode_b");
    }
    cachedPairs = recs.slice(1).map((r) => {
      if (r.cells.length !== 2) throw new DataFileError(file, r.line, undefined, `expected 2 cells, found ${r.cells.length}`);
      const [a, b] = r.cells.map((c) => provinceByAdcode(c, { context: `${file}, line ${r.line}` }).adcode);
      if (!(a < b)) throw new DataFileError(file, r.line, undefined, `expected adcode_a < adcode_b, found ${a},${b}`);
      return [a, b] as [string, string];
    });
  }
  return cachedPairs.map((p) => [p[0], p[1]]);
}

/** True when two provinces (adcodes) share a land border on the bundled map. */
export function provincesBorder(a: string, b: string): boolean {
  const [x, y] = a < b ? [a, b] : [b, a];
  return provinceAdjacencyPairs().some((p) => p[0] === x && p[1] === y);
}

export interface ProvinceWeightsOptions {
  /** Treatment of Hainan; default "guangdong". */
  hainan?: HainanLink;
  /** "W" row-standardised (default) or "B" binary. */
  style?: WeightsStyle;
  /**
   * Fit the weights to these units: the adcodes present in a panel (a column of it, repeats across
   * years are fine; numbers such as 110000 are read as "110000"). The weights are then on the
   * provinces among them, in adcode order, with the links among them only; `dropped` lists the
   * provinces left out. Default: all 31. A unit that is not one of the 31 provinces is an error.
   */
  units?: Iterable<string | number>;
}

/** Spatial weights of the provinces plus the choices that built them. */
export type ProvinceWeights = SpatialWeights & {
  /** The Hainan treatment used. */
  readonly hainan: HainanLink;
  /** One line saying how the weights were built, for table notes. */
  readonly description: string;
  /** Adcodes of the 31 provinces left out because they are not among `units` (empty without `units`). */
  readonly dropped: readonly string[];
};

const HAINAN_TEXT: Record<HainanLink, string> = {
  guangdong: "Hainan linked to Guangdong",
  "guangdong+guangxi": "Hainan linked to Guangdong and Guangxi",
  isolated: "Hainan isolated (no neighbour)",
};

/**
 * The provinces among `units` (adcodes in adcode order) and the ones of the 31 left out; every
 * unit must be one of the 31 provinces (an error names the first that is not, counted from 1).
 */
function fitUnits(units: Iterable<string | number>): { ids: string[]; dropped: string[] } {
  if (units === null || typeof units !== "object" || typeof (units as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new SpatialInputError(`provinceWeights: units must be a list of adcodes (e.g. a panel's adcode column), got ${String(units)}`);
  }
  const known = new Set(PROVINCE_ADCODES);
  const present = new Set<string>();
  let k = 0;
  for (const u of units) {
    k++;
    const id = typeof u === "number" && Number.isFinite(u) ? String(u) : typeof u === "string" ? u.trim() : "";
    if (!known.has(id)) {
      const what = typeof u === "string" ? `"${u}"` : String(u);
      throw new SpatialInputError(
        `provinceWeights: units[${k}] (counted from 1) is ${what}, not the adcode of one of the 31 provinces` +
          (id === "710000" || id === "810000" || id === "820000" ? " (Taiwan, Hong Kong and Macao have no weights here)" : ""),
      );
    }
    present.add(id);
  }
  if (present.size === 0) throw new SpatialInputError("provinceWeights: units is empty: no province to build weights on");
  return { ids: PROVINCE_ADCODES.filter((id) => present.has(id)), dropped: PROVINCE_ADCODES.filter((id) => !present.has(id)) };
}

/** How Hainan ends up linked when some provinces are dropped (the text of the description). */
function hainanText(hainan: HainanLink, has: (id: string) => boolean): string {
  if (!has(HAINAN)) return "Hainan not among the units";
  if (hainan === "isolated") return HAINAN_TEXT.isolated;
  const partners = hainan === "guangdong" ? [GUANGDONG] : [GUANGDONG, GUANGXI];
  const missing = partners.filter((p) => !has(p));
  if (missing.length === 0) return HAINAN_TEXT[hainan];
  const names = (ids: string[]) => ids.map((id) => provinceByAdcode(id).nameEn).join(" and ");
  const kept = partners.filter((p) => has(p));
  return kept.length
    ? `Hainan linked to ${names(kept)} (${names(missing)} not among the units)`
    : `Hainan isolated (${names(missing)} not among the units)`;
}

/**
 * Contiguity weights of the 31 provinces (ids = adcodes in adcode order), from the frozen
 * adjacency CSV with `weightsFromPairs`, plus the Hainan link(s) chosen. With `units`, the same
 * weights restricted to the provinces present (links between two present provinces only; a
 * province whose neighbours are all dropped becomes an island), with `dropped` naming the others.
 * @example
 * const w = provinceWeights();            // Hainan linked to Guangdong, row-standardised
 * w.nLinks === 69; w.islands.length === 0; w.hainan === "guangdong"
 * provinceWeights({ hainan: "isolated" }).islands // ["460000"]
 * // a panel without Xinjiang and Tibet: 29 provinces, 63 links (68 land borders less Xinjiang's 3 and
 * // Tibet's 4, one of them shared, plus Hainan-Guangdong)
 * const ids = cd2.rows.map((r) => String(r.adcode)).filter((id) => id !== "650000" && id !== "540000");
 * const w29 = provinceWeights({ units: ids });
 * w29.n === 29; w29.nLinks === 63; w29.dropped;   // ["540000", "650000"]
 */
export function provinceWeights(opts: ProvinceWeightsOptions = {}): ProvinceWeights {
  const hainan = opts.hainan ?? "guangdong";
  const style = opts.style ?? "W";
  if (!(hainan in HAINAN_TEXT)) {
    throw new Error(`provinceWeights: hainan must be "guangdong", "guangdong+guangxi" or "isolated", got ${String(hainan)}`);
  }
  const { ids, dropped } = opts.units === undefined ? { ids: PROVINCE_ADCODES.slice(), dropped: [] as string[] } : fitUnits(opts.units);
  const kept = new Set(ids);
  const has = (id: string) => kept.has(id);
  const land = provinceAdjacencyPairs().filter(([a, b]) => has(a) && has(b));
  const pairs: IdPair[] = land.slice();
  if ((hainan === "guangdong" || hainan === "guangdong+guangxi") && has(GUANGDONG) && has(HAINAN)) pairs.push([GUANGDONG, HAINAN]);
  if (hainan === "guangdong+guangxi" && has(GUANGXI) && has(HAINAN)) pairs.push([GUANGXI, HAINAN]);
  const w = weightsFromPairs(ids, pairs, { style });
  const which = dropped.length
    ? `${ids.length} of the 31 provinces (echarts 4.9.0 map, ${land.length} land borders among them; dropped: ${dropped
        .map((id) => `${id} ${provinceByAdcode(id).shortName}`)
        .join(", ")})`
    : `the 31 provinces (echarts 4.9.0 map, ${land.length} land borders)`;
  const description = `Rook contiguity of ${which}, ${hainanText(hainan, has)}, ${style === "W" ? "row-standardised (W)" : "binary (B)"}`;
  // The core object is frozen: copy its fields, bind its methods, add the two echo fields.
  const out: Record<string, unknown> = { ...(w as unknown as Record<string, unknown>) };
  for (let proto = Object.getPrototypeOf(w); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const v = (w as unknown as Record<string, unknown>)[name];
      if (name !== "constructor" && !(name in out)) out[name] = typeof v === "function" ? v.bind(w) : v;
    }
  }
  out.hainan = hainan;
  out.description = description;
  out.dropped = Object.freeze(dropped.slice());
  return Object.freeze(out) as unknown as ProvinceWeights;
}
