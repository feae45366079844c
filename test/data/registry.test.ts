import { describe, expect, it } from "vitest";
import * as fs from "fs";
import {
  AREAS,
  PROVINCES,
  PROVINCE_ALIASES,
  REGIONS,
  closestProvinceNames,
  provinceAliasesCsv,
  provinceByAdcode,
  provincesCsv,
  regionOf,
  resolveProvince,
  tryResolveProvince,
} from "../../src/data/registry";
import { UnknownProvinceError } from "../../src/data/errors";
import { dataPath } from "../../src/data/paths";

describe("province registry", () => {
  it("has 31 analysed provinces and 34 areas, adcodes unique", () => {
    expect(PROVINCES).toHaveLength(31);
    expect(AREAS).toHaveLength(34);
    expect(new Set(AREAS.map((p) => p.adcode)).size).toBe(34);
    expect(PROVINCES.every((p) => /^\d{6}$/.test(p.adcode) && p.region !== null)).toBe(true);
  });

  it("regions are 10 / 6 / 12 / 3 as METHODS.md section 8", () => {
    expect(REGIONS.map((r) => [r.code, r.zh, r.en, r.adcodes.length])).toEqual([
      ["east", "东部", "East", 10],
      ["central", "中部", "Central", 6],
      ["west", "西部", "West", 12],
      ["northeast", "东北", "Northeast", 3],
    ]);
    const short = (code: string) => REGIONS.find((r) => r.code === code)!.adcodes.map((a) => provinceByAdcode(a).shortName).join(" ");
    expect(short("east")).toBe("北京 天津 河北 上海 江苏 浙江 福建 山东 广东 海南");
    expect(short("central")).toBe("山西 安徽 江西 河南 湖北 湖南");
    expect(short("west")).toBe("内蒙古 广西 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆");
    expect(short("northeast")).toBe("辽宁 吉林 黑龙江");
    expect(regionOf("海南")).toBe("east");
    expect(regionOf("150000")).toBe("west");
  });

  it("resolves full, short, English, variant and Traditional names", () => {
    expect(resolveProvince("北京市").adcode).toBe("110000");
    expect(resolveProvince("北京").adcode).toBe("110000");
    expect(resolveProvince("Beijing").adcode).toBe("110000");
    expect(resolveProvince("110000").shortName).toBe("北京");
    expect(resolveProvince("内蒙古自治区").adcode).toBe("150000");
    expect(resolveProvince("Inner Mongolia").adcode).toBe("150000");
    expect(resolveProvince("Innermongolia").adcode).toBe("150000");
    expect(resolveProvince("內蒙古").adcode).toBe("150000");
    expect(resolveProvince("江蘇").adcode).toBe("320000");
    expect(resolveProvince("江蘇省").adcode).toBe("320000");
    expect(resolveProvince("廣東").adcode).toBe("440000");
    expect(resolveProvince(" guangdong ").adcode).toBe("440000");
    expect(resolveProvince("Tibet").adcode).toBe("540000");
    expect(resolveProvince("Xizang").adcode).toBe("540000");
  });

  it("alias traps: 广西壮族自治区 is not 广西壮族, 山西/陕西 and Shanxi/Shaanxi stay apart", () => {
    expect(resolveProvince("广西壮族自治区").adcode).toBe("450000");
    expect(() => resolveProvince("广西壮族")).toThrow(UnknownProvinceError);
    expect(resolveProvince("山西").adcode).toBe("140000");
    expect(resolveProvince("陕西").adcode).toBe("610000");
    expect(resolveProvince("Shanxi").adcode).toBe("140000");
    expect(resolveProvince("Shaanxi").adcode).toBe("610000");
    expect(resolveProvince("陝西").adcode).toBe("610000");
    // No suffix stripping: 北京省 is not a name.
    expect(() => resolveProvince("北京省")).toThrow(UnknownProvinceError);
    // Near misses are errors, not corrections.
    expect(() => resolveProvince("Shaanxii")).toThrow(/unknown province "Shaanxii"/);
    expect(() => resolveProvince("Shanxxi")).toThrow(UnknownProvinceError);
  });

  it("unknown names list the closest known names", () => {
    try {
      resolveProvince("Guangdonq");
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownProvinceError);
      const err = e as UnknownProvinceError;
      expect(err.suggestions[0]).toBe("Guangdong");
      expect(err.message).toMatch(/Closest known names: Guangdong/);
    }
    expect(closestProvinceNames("Shanxi ")[0]).toBe("Shanxi");
    expect(closestProvinceNames("广西壮族")[0]).toBe("广西");
    expect(tryResolveProvince("nowhere")).toBeUndefined();
  });

  it("Taiwan, Hong Kong, Macao are known but not analysed", () => {
    expect(PROVINCES.map((p) => p.adcode)).not.toContain("810000");
    expect(() => resolveProvince("香港")).toThrow(/not among the 31 analysed provinces/);
    expect(() => provinceByAdcode("820000")).toThrow(/not among the 31 analysed provinces/);
    const hk = resolveProvince("Hong Kong", { includeNonAnalysed: true });
    expect(hk).toMatchObject({ adcode: "810000", analysed: false, region: null });
    expect(resolveProvince("臺灣", { includeNonAnalysed: true }).adcode).toBe("710000");
    expect(resolveProvince("Macau", { includeNonAnalysed: true }).adcode).toBe("820000");
    expect(tryResolveProvince("澳门")).toBeUndefined();
    expect(() => provinceByAdcode("110001")).toThrow(UnknownProvinceError);
  });

  it("every alias resolves to its own adcode", () => {
    for (const a of PROVINCE_ALIASES) expect(resolveProvince(a.alias, { includeNonAnalysed: true }).adcode).toBe(a.adcode);
  });

  it("the committed CSVs equal the registry", () => {
    expect(fs.readFileSync(dataPath("provinces", "provinces.csv"), "utf8")).toBe(provincesCsv());
    expect(fs.readFileSync(dataPath("provinces", "province-aliases.csv"), "utf8")).toBe(provinceAliasesCsv());
  });

  it("knows every province spelling used in the bundled sources", () => {
    const names = new Set<string>();
    const eng = dataPath("sources", "nbs-english");
    for (const f of fs.readdirSync(eng).filter((f) => f.endsWith(".csv") && f !== "indicators.csv")) {
      for (const line of fs.readFileSync(`${eng}/${f}`, "utf8").split(/\r?\n/).slice(1)) if (line) names.add(line.split(";")[0]);
    }
    const pop = fs.readFileSync(dataPath("sources", "raw", "nbs-population-by-province-2005-2024.csv"), "utf8").split(/\r?\n/).slice(2);
    for (const line of pop) if (line) names.add(line.split(",")[0]);
    expect(names.has("Innermongolia")).toBe(true);
    expect(names.has("Inner Mongolia")).toBe(true);
    const resolved = new Set([...names].map((n) => resolveProvince(n).adcode));
    expect(resolved.size).toBe(31);
  });
});
