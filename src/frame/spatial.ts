/** Global Moran's I by year and LISA clusters, matching rows to the weights by unit id. */
import { LISA_CLUSTERS, LisaCluster, localMoran, LisaCorrection } from "../core/lisa";
import { Alternative, moran, TieRule } from "../core/moran";
import { SpatialWeights } from "../core/weights";
import { tryResolveProvince } from "../data/registry";
import { FrameError } from "./errors";
import { KeyOptions } from "./panel";
import { LisaResult, makeResult, MoranResult, Row, TableResult } from "./results";
import { FrameInput } from "./table";
import { numberOption, timeOption, validatePanel } from "./validate";

export interface MoranByYearOptions extends KeyOptions {
  /** Value column (default "D"). */
  value?: string;
  /** Permutations (default 999; 0 for analytic inference only); text "999" is read as 999. */
  permutations?: number | string;
  /** Seed of the permutations (default: the library's fixed seed); text "7" is read as 7. */
  seed?: number | string;
  /** `"two-sided"` (default), `"greater"` or `"less"`. */
  alternative?: Alternative;
  /** Islands: `"drop"` from n (default, spdep / GeoDa) or `"keep"` (esda). */
  islands?: "drop" | "keep";
  /** How permuted statistics equal to the observed one count (default "both"; METHODS section 7). */
  ties?: TieRule;
}

/** Values of one time in the order of `w.ids`; every id of the weights must have a row, and every row an id. */
function alignYear(valid: ReturnType<typeof validatePanel>, value: string, t: number, w: SpatialWeights, what: string): { values: Float64Array; rows: Row[] } {
  const rs = valid.rows.filter((r) => Number(r[valid.time]) === t);
  const byId = new Map(rs.map((r) => [String(r[valid.unit]), r as Row]));
  const known = new Set(w.ids);
  const unknown = [...byId.keys()].filter((id) => !known.has(id));
  const lacking = w.ids.filter((id) => !byId.has(id));
  if (unknown.length || lacking.length) {
    // a unit's label from any time of the panel; for province adcodes, else the registry's short name
    const name = (id: string) => {
      const any = valid.label ? valid.rows.find((r) => String(r[valid.unit]) === id && r[valid.label!] != null) : undefined;
      const l = any ? any[valid.label!] : /^\d{6}$/.test(id) ? tryResolveProvince(id)?.shortName : undefined;
      return l ? `${id} ${String(l)}` : id;
    };
    throw new FrameError(
      `${what}: the units of ${t} do not match the weights' ids`,
      [
        ...unknown.map((id) => `${name(id)}: in the data, not in the weights`),
        ...lacking.map((id) => `${name(id)}: in the weights, no row in ${t}`),
      ],
      `The weights' ids must be the values of the unit column "${valid.unit}" (for provinces, adcodes), with the same set of units in every time.`,
    );
  }
  return {
    values: Float64Array.from(w.ids, (id) => byId.get(id)![value] as number),
    rows: w.ids.map((id) => byId.get(id)!),
  };
}

function weightsNote(w: SpatialWeights): string {
  const d = (w as SpatialWeights & { description?: string }).description;
  return d ?? `${w.n} units, ${w.nLinks} links, ${w.style === "W" ? "row-standardised (W)" : "binary (B)"}`;
}

/**
 * Global Moran's I of `value` for every time (paper 2 Figure 2's data): records `{ <time>, I, EI,
 * z_norm, p_norm, z_rand, p_rand, p_sim, z_sim, n, permutations, seed, alternative }` (analytic
 * p two-sided by default; p_sim folded, as esda and GeoDa print it), with the weights used.
 *
 * Numeric options may be given as text (notebook parameters from environment variables):
 * `permutations: "999"`, `seed: "7"` are read strictly as numbers; "999a" is an error.
 *
 * @example
 * const m = cc.moranByYear(cd, cc.provinceWeights());
 * cc.moranTrend(m);
 */
export function moranByYear(input: FrameInput, w: SpatialWeights, options: MoranByYearOptions = {}): MoranResult {
  const value = options.value ?? "D";
  // notebook parameters arrive as text: "999" is 999, "999a" an error saying so
  const permutations = numberOption(options.permutations, "permutations", "moranByYear");
  const seed = numberOption(options.seed, "seed", "moranByYear");
  const valid = validatePanel(input, { ...options, indicators: [value], what: "moranByYear" });
  const records = valid.times.map((t) => {
    const { values } = alignYear(valid, value, t, w, "moranByYear");
    let r;
    try {
      r = moran(values, w, { permutations, seed, alternative: options.alternative, islands: options.islands, ties: options.ties });
    } catch (e) {
      throw new FrameError(`moranByYear: ${t}: ${(e as Error).message}`);
    }
    return {
      [valid.time]: t,
      I: r.I,
      EI: r.EI,
      z_norm: r.z_norm,
      p_norm: r.p_norm,
      z_rand: r.z_rand,
      p_rand: r.p_rand,
      p_sim: r.p_sim,
      z_sim: r.z_sim,
      n: r.n,
      permutations: r.permutations,
      seed: r.seed,
      alternative: r.alternative,
    } as Row;
  });
  const keys = { ...valid.keys };
  return makeResult<MoranResult>("moran", records, keys, { value, weights: weightsNote(w) });
}

export interface LisaFrameOptions extends KeyOptions {
  value?: string;
  /** The time to map (default: the last time of the rows); text "2019" or "2019年" is read as 2019. */
  year?: number | string;
  /** Significance level (default 0.05); text "0.05" is read as 0.05. */
  alpha?: number | string;
  /** `"none"` (default), `"bonferroni"` or `"fdr"`. */
  correction?: LisaCorrection;
  /** Permutations (default 999); text "999" is read as 999. */
  permutations?: number | string;
  /** Seed of the permutations (default: the library's fixed seed); text "7" is read as 7. */
  seed?: number | string;
  /** How permuted statistics equal to the observed one count (default "both"; METHODS section 7). */
  ties?: TieRule;
  /** spdep's scaling of Is by sum z^2 / n (`mlvar = TRUE`); default false (esda, GeoDa). */
  mlvar?: boolean;
}

/**
 * Local Moran's I (LISA) of one time: records `{ <unit>, <label>?, <group>?, <time>, <value>, z,
 * lag, Is, quadrant, p_sim, cluster }` in the order of the weights' ids, with the quadrant and
 * cluster decided by the core (quadrant where p_sim <= the cut-off, "ns" otherwise, "isolated"
 * without neighbours); the members of each cluster (labels, else ids) and paper 2 Table 5's
 * membership table; the global I of the same values for the scatter's slope. `year`, `alpha`,
 * `permutations` and `seed` may be given as text (notebook parameters): "2019", "0.05", "999", "7".
 *
 * @example
 * const l = cc.lisa(cd, cc.provinceWeights(), { year: 2019 });
 * l.clusters.HH;                       // ["上海", "江苏", ...]
 * cc.moranScatter(l);  cc.lisaClusterMap(cc.loadProvinceMap(), l);
 */
export function lisa(input: FrameInput, w: SpatialWeights, options: LisaFrameOptions = {}): LisaResult {
  const value = options.value ?? "D";
  const alpha = numberOption(options.alpha, "alpha", "lisa");
  const permutations = numberOption(options.permutations, "permutations", "lisa");
  const seed = numberOption(options.seed, "seed", "lisa");
  const valid = validatePanel(input, { ...options, indicators: [value], what: "lisa" });
  const year = timeOption(options.year, "year", "lisa", valid.times) ?? valid.times[valid.times.length - 1];
  const { values, rows: src } = alignYear(valid, value, year, w, "lisa");
  let r;
  let I: number;
  try {
    r = localMoran(values, w, { alpha, correction: options.correction, permutations, seed, ties: options.ties, mlvar: options.mlvar });
    I = moran(values, w, { permutations: 0 }).I;
  } catch (e) {
    throw new FrameError(`lisa: ${year}: ${(e as Error).message}`);
  }
  const names = src.map((row, i) => String((valid.label ? row[valid.label] : undefined) ?? w.ids[i]));
  const records: Row[] = w.ids.map((id, i) => ({
    [valid.unit]: id,
    ...(valid.label ? { [valid.label]: src[i][valid.label] } : {}),
    ...(valid.group ? { [valid.group]: src[i][valid.group] } : {}),
    [valid.time]: year,
    [value]: values[i],
    z: r.z[i],
    lag: r.lag[i],
    Is: r.Is[i],
    quadrant: r.quadrant[i],
    p_sim: r.p_sim[i],
    cluster: r.cluster[i],
  }));
  const clusters = Object.fromEntries(LISA_CLUSTERS.map((c) => [c.code, [] as string[]])) as Record<LisaCluster, string[]>;
  r.cluster.forEach((c, i) => clusters[c].push(names[i]));
  const membershipRows: Row[] = LISA_CLUSTERS.map((c) => ({
    cluster: `${c.zh} ${c.code}`,
    cluster_zh: c.zh,
    cluster_en: c.en,
    count: clusters[c.code].length,
    units: clusters[c.code].join(" "),
  }));
  const membership = makeResult<TableResult>("lisa-membership", membershipRows, valid.keys, {
    tableRows: membershipRows.map((m) => ({ cluster: m.cluster, count: m.count, units: m.units })),
  });
  const settings: Row = {
    year,
    alpha: r.alpha,
    correction: r.correction,
    cutoff: r.cutoff,
    permutations: r.permutations,
    seed: r.seed,
    weights: weightsNote(w),
  };
  return makeResult<LisaResult>("lisa", records, valid.keys, {
    value,
    time: year,
    I,
    alpha: r.alpha,
    cutoff: r.cutoff,
    clusters,
    membership,
    settings,
  });
}
