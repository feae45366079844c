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
 */
import * as fs from "fs";
import { weightsFromPairs, SpatialWeights, WeightsStyle, IdPair } from "../core/weights";
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
}

/** Spatial weights of the 31 provinces plus the choices that built them. */
export type ProvinceWeights = SpatialWeights & {
  /** The Hainan treatment used. */
  readonly hainan: HainanLink;
  /** One line saying how the weights were built, for table notes. */
  readonly description: string;
};

const HAINAN_TEXT: Record<HainanLink, string> = {
  guangdong: "Hainan linked to Guangdong",
  "guangdong+guangxi": "Hainan linked to Guangdong and Guangxi",
  isolated: "Hainan isolated (no neighbour)",
};

/**
 * Contiguity weights of the 31 provinces (ids = adcodes in adcode order), from the frozen
 * adjacency CSV with `weightsFromPairs`, plus the Hainan link(s) chosen.
 * @example
 * const w = provinceWeights();            // Hainan linked to Guangdong, row-standardised
 * w.nLinks === 69; w.islands.length === 0; w.hainan === "guangdong"
 * provinceWeights({ hainan: "isolated" }).islands // ["460000"]
 */
export function provinceWeights(opts: ProvinceWeightsOptions = {}): ProvinceWeights {
  const hainan = opts.hainan ?? "guangdong";
  const style = opts.style ?? "W";
  if (!(hainan in HAINAN_TEXT)) {
    throw new Error(`provinceWeights: hainan must be "guangdong", "guangdong+guangxi" or "isolated", got ${String(hainan)}`);
  }
  const pairs: IdPair[] = provinceAdjacencyPairs();
  if (hainan === "guangdong" || hainan === "guangdong+guangxi") pairs.push([GUANGDONG, HAINAN]);
  if (hainan === "guangdong+guangxi") pairs.push([GUANGXI, HAINAN]);
  const w = weightsFromPairs(PROVINCE_ADCODES, pairs, { style });
  const description =
    `Rook contiguity of the 31 provinces (echarts 4.9.0 map, ${provinceAdjacencyPairs().length} land borders), ` +
    `${HAINAN_TEXT[hainan]}, ${style === "W" ? "row-standardised (W)" : "binary (B)"}`;
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
  return Object.freeze(out) as unknown as ProvinceWeights;
}
