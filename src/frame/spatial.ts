/** Global Moran's I by year and LISA clusters, matching rows to the weights by unit id. */
import { localMoran, LisaCorrection } from "../core/lisa";
import { Alternative, moran } from "../core/moran";
import { SpatialWeights } from "../core/weights";
import { tryResolveProvince } from "../data/registry";
import { FrameError } from "./errors";
import { DataFrame, FrameInput, Row, toFrame } from "./table";
import { PanelKeys, validatePanel } from "./validate";

export interface MoranByYearOptions extends PanelKeys {
  /** Value column (default "D"). */
  value?: string;
  /** Permutations (default 999; 0 for analytic inference only). */
  permutations?: number;
  /** Seed of the permutations (default: the library's fixed seed). */
  seed?: number;
  /** `"two-sided"` (default), `"greater"` or `"less"`. */
  alternative?: Alternative;
  /** Islands: `"drop"` from n (default, spdep / GeoDa) or `"keep"` (esda). */
  islands?: "drop" | "keep";
}

/** Values of one year in the order of `w.ids`; every id of the weights must have a row, and every row an id. */
function alignYear(valid: ReturnType<typeof validatePanel>, value: string, t: number, w: SpatialWeights, what: string): { values: Float64Array; names: string[] } {
  const rs = valid.rows.filter((r) => Number(r[valid.time]) === t);
  const byId = new Map(rs.map((r) => [String(r[valid.unit]), r]));
  const unknown = [...byId.keys()].filter((id) => !w.ids.includes(id));
  const lacking = w.ids.filter((id) => !byId.has(id));
  if (unknown.length || lacking.length) {
    const name = (id: string) => `${id}${tryResolveProvince(id) ? " " + tryResolveProvince(id)!.shortName : ""}`;
    throw new FrameError(
      `${what}: the units of ${t} do not match the weights' ids`,
      [
        ...unknown.map((id) => `${name(id)}: in the data, not in the weights`),
        ...lacking.map((id) => `${name(id)}: in the weights, no row in ${t}`),
      ],
      "Use adcodes as unit ids (the registry converts names), and the same set of provinces as the weights.",
    );
  }
  return {
    values: Float64Array.from(w.ids, (id) => byId.get(id)![value] as number),
    names: w.ids.map((id) => String(byId.get(id)![valid.label ?? valid.unit] ?? id)),
  };
}

function weightsNote(w: SpatialWeights): string {
  const d = (w as SpatialWeights & { description?: string }).description;
  return d ?? `${w.n} units, ${w.nLinks} links, ${w.style === "W" ? "row-standardised (W)" : "binary (B)"}`;
}

/**
 * Global Moran's I of `value` for every year (paper 2 Figure 2's data): I, EI, z and p under
 * normality and randomisation (analytic, two-sided by default), and the permutation p_sim
 * (folded, as esda and GeoDa print it), with the weights and seed used.
 *
 * @example
 * cc.moranByYear(cd, cc.provinceWeights(), { value: "D" })
 */
export function moranByYear(rows: FrameInput, w: SpatialWeights, options: MoranByYearOptions = {}): DataFrame {
  return toFrame(moranByYearRows(rows, w, options));
}

export function moranByYearRows(rows: FrameInput, w: SpatialWeights, options: MoranByYearOptions = {}): Row[] {
  const value = options.value ?? "D";
  const valid = validatePanel(rows, { ...options, indicators: [value], what: "moranByYear" });
  return valid.times.map((t) => {
    const { values } = alignYear(valid, value, t, w, "moranByYear");
    let r;
    try {
      r = moran(values, w, { permutations: options.permutations, seed: options.seed, alternative: options.alternative, islands: options.islands });
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
      weights: weightsNote(w),
    };
  });
}

export interface LisaFrameOptions extends PanelKeys {
  value?: string;
  /** The year to map (default: the last year of the rows). */
  year?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** `"none"` (default), `"bonferroni"` or `"fdr"`. */
  correction?: LisaCorrection;
  permutations?: number;
  seed?: number;
}

/** Result of {@link lisa}. */
export interface LisaFrameResult {
  /** One row per province: value, z, lag, Is, quadrant, p_sim, cluster. */
  table: DataFrame;
  /** The same rows, plain (for the plot layer). */
  rows: Row[];
  /** Members of each cluster (names), paper 2 Table 5's layout. */
  clusters: Record<"HH" | "LL" | "LH" | "HL" | "ns" | "isolated", string[]>;
  /** Cluster membership as a table: cluster, count, provinces. */
  membership: DataFrame;
  /** What was used: year, alpha, correction, cut-off, permutations, seed, weights. */
  settings: Row;
}

/**
 * Local Moran's I (LISA) of one year: per province Is, z, lag, quadrant, p_sim and cluster
 * (quadrant where p_sim <= the cut-off, "ns" otherwise, "isolated" without neighbours), and the
 * membership lists per cluster (paper 2 Table 5).
 *
 * @example
 * const l = cc.lisa(cd, cc.provinceWeights(), { value: "D", year: 2019 });
 * l.clusters.HH   // ["上海市", "江苏省", ...]
 */
export function lisa(rows: FrameInput, w: SpatialWeights, options: LisaFrameOptions = {}): LisaFrameResult {
  const value = options.value ?? "D";
  const valid = validatePanel(rows, { ...options, indicators: [value], what: "lisa" });
  const year = options.year ?? valid.times[valid.times.length - 1];
  if (!valid.times.includes(year)) throw new FrameError(`lisa: year ${year} is not in the rows (${valid.times.join(", ")})`);
  const { values, names } = alignYear(valid, value, year, w, "lisa");
  let r;
  try {
    r = localMoran(values, w, { alpha: options.alpha, correction: options.correction, permutations: options.permutations, seed: options.seed });
  } catch (e) {
    throw new FrameError(`lisa: ${year}: ${(e as Error).message}`);
  }
  const out: Row[] = w.ids.map((id, i) => ({
    [valid.unit]: id,
    ...(valid.label ? { [valid.label]: names[i] } : {}),
    [value]: values[i],
    z: r.z[i],
    lag: r.lag[i],
    Is: r.Is[i],
    quadrant: r.quadrant[i],
    p_sim: r.p_sim[i],
    cluster: r.cluster[i],
  }));
  const clusters = { HH: [], LL: [], LH: [], HL: [], ns: [], isolated: [] } as LisaFrameResult["clusters"];
  r.cluster.forEach((c, i) => clusters[c].push(names[i]));
  const label: Record<string, string> = { HH: "高-高 HH", LL: "低-低 LL", LH: "低-高 LH", HL: "高-低 HL", ns: "不显著 ns", isolated: "孤立 isolated" };
  const membership = (Object.keys(clusters) as Array<keyof typeof clusters>).map((c) => ({
    cluster: label[c],
    count: clusters[c].length,
    provinces: clusters[c].join(" "),
  }));
  return {
    table: toFrame(out),
    rows: out,
    clusters,
    membership: toFrame(membership),
    settings: {
      year,
      alpha: r.alpha,
      correction: r.correction,
      cutoff: r.cutoff,
      permutations: r.permutations,
      seed: r.seed,
      weights: weightsNote(w),
    },
  };
}
