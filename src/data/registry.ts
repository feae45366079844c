/**
 * Province registry: the 31 provinces of mainland China analysed by the library, keyed by their
 * 6-digit administrative division code (adcode, `"110000"`), plus Taiwan, Hong Kong and Macao,
 * which the map knows but which are not analysed.
 *
 * Decisions (see data/README.md):
 * - The adcode string is the id used everywhere (panels, weights, maps).
 * - Names are resolved through an explicit alias table (`PROVINCE_ALIASES`, written out as
 *   `data/provinces/province-aliases.csv`). There is no suffix stripping and no fuzzy matching:
 *   广西壮族自治区 is an alias of 广西 because the table says so, 山西 and 陕西 (Shanxi, Shaanxi) are
 *   different provinces and are never "corrected" into each other. The only normalisation is
 *   Unicode NFKC, trimming, dropping inner white space and lower-casing (so "Inner Mongolia",
 *   "INNER MONGOLIA" and "Innermongolia" are the same key; the last is also listed explicitly,
 *   since the bureau's population file spells it that way).
 * - An unknown name throws `UnknownProvinceError` listing the closest known names (edit distance).
 * - Taiwan (710000), Hong Kong (810000) and Macao (820000) are in `AREAS` with `analysed: false`
 *   and `region: null`. They are not in `PROVINCES` and `resolveProvince` / `provinceByAdcode`
 *   refuse them (with a message saying why) unless `{ includeNonAnalysed: true }` is passed.
 */
import { UnknownProvinceError } from "./errors";

/** NBS four economic regions (METHODS.md section 8). */
export type RegionCode = "east" | "central" | "west" | "northeast";

export interface Region {
  code: RegionCode;
  /** Chinese label: 东部 / 中部 / 西部 / 东北. */
  zh: string;
  /** English label: East / Central / West / Northeast. */
  en: string;
  /** Adcodes of the region's provinces, in adcode order. */
  adcodes: string[];
}

export interface Province {
  /** 6-digit administrative division code, the id used everywhere: "110000". */
  adcode: string;
  /** Full official name: 北京市, 内蒙古自治区, 广西壮族自治区. */
  name: string;
  /** Short name: 北京, 内蒙古, 广西. */
  shortName: string;
  /** English name as the statistics bureau spells it: "Inner Mongolia", "Shaanxi", "Tibet". */
  nameEn: string;
  /** Other English spellings met in the data or common in the literature: "Innermongolia", "Xizang". */
  nameEnVariants: string[];
  /** Full name in Traditional characters: 江蘇省, 廣東省, 內蒙古自治區. */
  nameTraditional: string;
  /** Short name in Traditional characters: 江蘇, 廣東, 內蒙古. */
  shortNameTraditional: string;
  /** NBS economic region; `null` for Taiwan, Hong Kong, Macao. */
  region: RegionCode | null;
  /** True for the 31 analysed provinces, false for Taiwan, Hong Kong and Macao. */
  analysed: boolean;
}

type Row = [string, string, string, string, string[], string, string, RegionCode | null];

// adcode, full name, short name, English (bureau), English variants, traditional full, traditional short, region
const ROWS: Row[] = [
  ["110000", "北京市", "北京", "Beijing", ["Peking"], "北京市", "北京", "east"],
  ["120000", "天津市", "天津", "Tianjin", [], "天津市", "天津", "east"],
  ["130000", "河北省", "河北", "Hebei", [], "河北省", "河北", "east"],
  ["140000", "山西省", "山西", "Shanxi", [], "山西省", "山西", "central"],
  ["150000", "内蒙古自治区", "内蒙古", "Inner Mongolia", ["Innermongolia", "Nei Mongol", "Inner Mongolia Autonomous Region"], "內蒙古自治區", "內蒙古", "west"],
  ["210000", "辽宁省", "辽宁", "Liaoning", [], "遼寧省", "遼寧", "northeast"],
  ["220000", "吉林省", "吉林", "Jilin", [], "吉林省", "吉林", "northeast"],
  ["230000", "黑龙江省", "黑龙江", "Heilongjiang", [], "黑龍江省", "黑龍江", "northeast"],
  ["310000", "上海市", "上海", "Shanghai", [], "上海市", "上海", "east"],
  ["320000", "江苏省", "江苏", "Jiangsu", [], "江蘇省", "江蘇", "east"],
  ["330000", "浙江省", "浙江", "Zhejiang", [], "浙江省", "浙江", "east"],
  ["340000", "安徽省", "安徽", "Anhui", [], "安徽省", "安徽", "central"],
  ["350000", "福建省", "福建", "Fujian", [], "福建省", "福建", "east"],
  ["360000", "江西省", "江西", "Jiangxi", [], "江西省", "江西", "central"],
  ["370000", "山东省", "山东", "Shandong", [], "山東省", "山東", "east"],
  ["410000", "河南省", "河南", "Henan", [], "河南省", "河南", "central"],
  ["420000", "湖北省", "湖北", "Hubei", [], "湖北省", "湖北", "central"],
  ["430000", "湖南省", "湖南", "Hunan", [], "湖南省", "湖南", "central"],
  ["440000", "广东省", "广东", "Guangdong", [], "廣東省", "廣東", "east"],
  ["450000", "广西壮族自治区", "广西", "Guangxi", ["Guangxi Zhuang Autonomous Region"], "廣西壯族自治區", "廣西", "west"],
  ["460000", "海南省", "海南", "Hainan", [], "海南省", "海南", "east"],
  ["500000", "重庆市", "重庆", "Chongqing", [], "重慶市", "重慶", "west"],
  ["510000", "四川省", "四川", "Sichuan", [], "四川省", "四川", "west"],
  ["520000", "贵州省", "贵州", "Guizhou", [], "貴州省", "貴州", "west"],
  ["530000", "云南省", "云南", "Yunnan", [], "雲南省", "雲南", "west"],
  ["540000", "西藏自治区", "西藏", "Tibet", ["Xizang", "Tibet Autonomous Region", "Xizang Autonomous Region"], "西藏自治區", "西藏", "west"],
  ["610000", "陕西省", "陕西", "Shaanxi", [], "陝西省", "陝西", "west"],
  ["620000", "甘肃省", "甘肃", "Gansu", [], "甘肅省", "甘肅", "west"],
  ["630000", "青海省", "青海", "Qinghai", [], "青海省", "青海", "west"],
  ["640000", "宁夏回族自治区", "宁夏", "Ningxia", ["Ningxia Hui Autonomous Region"], "寧夏回族自治區", "寧夏", "west"],
  ["650000", "新疆维吾尔自治区", "新疆", "Xinjiang", ["Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region"], "新疆維吾爾自治區", "新疆", "west"],
  ["710000", "台湾省", "台湾", "Taiwan", [], "臺灣省", "臺灣", null],
  ["810000", "香港特别行政区", "香港", "Hong Kong", ["Hongkong", "Hong Kong SAR"], "香港特別行政區", "香港", null],
  ["820000", "澳门特别行政区", "澳门", "Macao", ["Macau", "Macao SAR"], "澳門特別行政區", "澳門", null],
];

/** Adcodes known to the map but not analysed: Taiwan, Hong Kong, Macao. */
export const NON_ANALYSED_ADCODES: readonly string[] = Object.freeze(["710000", "810000", "820000"]);

/** All 34 provincial-level areas (31 provinces + Taiwan, Hong Kong, Macao), in adcode order. */
export const AREAS: readonly Province[] = Object.freeze(
  ROWS.map(([adcode, name, shortName, nameEn, nameEnVariants, nameTraditional, shortNameTraditional, region]) =>
    Object.freeze({
      adcode,
      name,
      shortName,
      nameEn,
      nameEnVariants: Object.freeze([...nameEnVariants]) as string[],
      nameTraditional,
      shortNameTraditional,
      region,
      analysed: !NON_ANALYSED_ADCODES.includes(adcode),
    }),
  ),
);

/** The 31 analysed provinces, in adcode order. */
export const PROVINCES: readonly Province[] = Object.freeze(AREAS.filter((p) => p.analysed));

/** Adcodes of the 31 analysed provinces, in adcode order. */
export const PROVINCE_ADCODES: readonly string[] = Object.freeze(PROVINCES.map((p) => p.adcode));

const REGION_LABELS: Record<RegionCode, [string, string]> = {
  east: ["东部", "East"],
  central: ["中部", "Central"],
  west: ["西部", "West"],
  northeast: ["东北", "Northeast"],
};

/** The four NBS regions in the order east, central, west, northeast (METHODS.md section 8). */
export const REGIONS: readonly Region[] = Object.freeze(
  (["east", "central", "west", "northeast"] as RegionCode[]).map((code) =>
    Object.freeze({
      code,
      zh: REGION_LABELS[code][0],
      en: REGION_LABELS[code][1],
      adcodes: PROVINCES.filter((p) => p.region === code).map((p) => p.adcode),
    }),
  ),
);

/** Kind of an alias entry, as written in the alias CSV. */
export type AliasKind = "adcode" | "name" | "short" | "en" | "en_variant" | "traditional" | "traditional_short";

export interface ProvinceAlias {
  alias: string;
  adcode: string;
  kind: AliasKind;
}

/** The explicit alias table (every accepted spelling -> adcode). */
export const PROVINCE_ALIASES: readonly ProvinceAlias[] = Object.freeze(
  AREAS.flatMap((p) => {
    const out: ProvinceAlias[] = [
      { alias: p.adcode, adcode: p.adcode, kind: "adcode" },
      { alias: p.name, adcode: p.adcode, kind: "name" },
      { alias: p.shortName, adcode: p.adcode, kind: "short" },
      { alias: p.nameEn, adcode: p.adcode, kind: "en" },
      ...p.nameEnVariants.map((v) => ({ alias: v, adcode: p.adcode, kind: "en_variant" as const })),
      { alias: p.nameTraditional, adcode: p.adcode, kind: "traditional" },
      { alias: p.shortNameTraditional, adcode: p.adcode, kind: "traditional_short" },
    ];
    // 台灣 is written with both 臺 and 台 in Traditional text.
    if (p.adcode === "710000") {
      out.push({ alias: "台灣省", adcode: p.adcode, kind: "traditional" });
      out.push({ alias: "台灣", adcode: p.adcode, kind: "traditional_short" });
    }
    return out;
  }).map((a) => Object.freeze(a)),
);

/** Normalised lookup key: NFKC, trimmed, inner white space removed, lower case. Nothing else. */
export function aliasKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, "").toLowerCase();
}

const BY_KEY = new Map<string, Province>();
const BY_ADCODE = new Map<string, Province>();
for (const p of AREAS) BY_ADCODE.set(p.adcode, p);
for (const a of PROVINCE_ALIASES) {
  const key = aliasKey(a.alias);
  const prev = BY_KEY.get(key);
  if (prev && prev.adcode !== a.adcode) {
    throw new Error(`registry: alias "${a.alias}" points to both ${prev.adcode} and ${a.adcode}`);
  }
  BY_KEY.set(key, BY_ADCODE.get(a.adcode)!);
}

/** Levenshtein edit distance (unit costs) between two strings, by code point. */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/**
 * The closest known names to `name` (edit distance on normalised keys), at most `limit`,
 * one per area, best first. Used in error messages; never used to resolve a name.
 */
export function closestProvinceNames(name: string, limit = 3): string[] {
  const key = aliasKey(name);
  const best = new Map<string, { alias: string; d: number }>();
  for (const a of PROVINCE_ALIASES) {
    if (a.kind === "adcode") continue;
    const d = editDistance(key, aliasKey(a.alias));
    const cur = best.get(a.adcode);
    if (!cur || d < cur.d) best.set(a.adcode, { alias: a.alias, d });
  }
  return [...best.values()]
    .sort((x, y) => x.d - y.d || x.alias.localeCompare(y.alias))
    .slice(0, limit)
    .map((x) => x.alias);
}

export interface ResolveOptions {
  /** Accept Taiwan, Hong Kong and Macao (default false: they are not analysed). */
  includeNonAnalysed?: boolean;
  /** Prefix for error messages, e.g. "data/x.csv, line 7". */
  context?: string;
}

function checkAnalysed(p: Province, input: string, opts: ResolveOptions): Province {
  if (!p.analysed && !opts.includeNonAnalysed) {
    throw new UnknownProvinceError(
      input,
      [],
      `${opts.context ? opts.context + ": " : ""}${p.shortName} (${p.adcode}) is known to the map but is not among the 31 analysed provinces (pass { includeNonAnalysed: true } to accept it)`,
    );
  }
  return p;
}

/**
 * Resolve a province name in any spelling listed in the alias table (full, short, English,
 * variant, Traditional, or the adcode itself) to its registry entry.
 * @example resolveProvince("广西壮族自治区").adcode === "450000"; resolveProvince("Innermongolia").shortName === "内蒙古"
 * @throws UnknownProvinceError with the closest known names when the name is not in the table.
 */
export function resolveProvince(name: string, opts: ResolveOptions = {}): Province {
  const p = BY_KEY.get(aliasKey(String(name)));
  if (!p) throw new UnknownProvinceError(String(name), closestProvinceNames(String(name)), opts.context);
  return checkAnalysed(p, String(name), opts);
}

/** Like `resolveProvince` but returns `undefined` instead of throwing for an unknown name. */
export function tryResolveProvince(name: string, opts: ResolveOptions = {}): Province | undefined {
  const p = BY_KEY.get(aliasKey(String(name)));
  if (!p || (!p.analysed && !opts.includeNonAnalysed)) return undefined;
  return p;
}

/**
 * The registry entry for a 6-digit adcode string ("110000"). A number (110000) is accepted too.
 * @throws UnknownProvinceError for a code that is not a province code.
 *
 * @example
 * cc.provinceByAdcode("110000").shortName;   // "北京"
 * cc.provinceByAdcode(440000).region;         // "east"
 */
export function provinceByAdcode(code: string | number, opts: ResolveOptions = {}): Province {
  const s = String(code).trim();
  const p = BY_ADCODE.get(s);
  if (!p) {
    throw new UnknownProvinceError(s, [], `${opts.context ? opts.context + ": " : ""}"${s}" is not a provincial adcode (expected e.g. "110000")`);
  }
  return checkAnalysed(p, s, opts);
}

/** Region entry for a region code. */
export function regionByCode(code: RegionCode): Region {
  const r = REGIONS.find((x) => x.code === code);
  if (!r) throw new Error(`unknown region code "${code}" (expected east, central, west or northeast)`);
  return r;
}

/**
 * Region code of an analysed province (by adcode or any alias).
 *
 * @example
 * cc.regionOf("四川");   // "west"
 * cc.regionOf("210000"); // "northeast"
 */
export function regionOf(province: string): RegionCode {
  const p = BY_ADCODE.get(province) ?? resolveProvince(province);
  return checkAnalysed(p, province, {}).region as RegionCode;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The registry as CSV text (`data/provinces/provinces.csv`): one row per area, 34 rows,
 * columns adcode,name,short_name,name_en,name_en_variants (";"-separated),name_traditional,
 * short_name_traditional,region,region_zh,region_en,analysed.
 */
export function provincesCsv(): string {
  const head = "adcode,name,short_name,name_en,name_en_variants,name_traditional,short_name_traditional,region,region_zh,region_en,analysed";
  const lines = AREAS.map((p) =>
    [
      p.adcode,
      p.name,
      p.shortName,
      p.nameEn,
      p.nameEnVariants.join(";"),
      p.nameTraditional,
      p.shortNameTraditional,
      p.region ?? "",
      p.region ? REGION_LABELS[p.region][0] : "",
      p.region ? REGION_LABELS[p.region][1] : "",
      String(p.analysed),
    ]
      .map(csvField)
      .join(","),
  );
  return [head, ...lines].join("\n") + "\n";
}

/** The alias table as CSV text (`data/provinces/province-aliases.csv`): alias,adcode,kind. */
export function provinceAliasesCsv(): string {
  return ["alias,adcode,kind", ...PROVINCE_ALIASES.map((a) => [a.alias, a.adcode, a.kind].map(csvField).join(","))].join("\n") + "\n";
}
