import { describe, expect, it } from "vitest";
import { LISA_CLUSTERS } from "../../src/core/lisa";
import { COORDINATION_LEVELS } from "../../src/core/level";
import { REGIONS } from "../../src/data/registry";
import { LEVEL_COLORS, LISA_COLORS, LISA_LABELS, LISA_ORDER, PlotInputError, REGION_COLORS, REGION_LABELS, normalizeLisaCluster } from "../../src/plot";
import * as style from "../../src/plot/style";
import { levelLabel, regionCode } from "../../src/plot/style";

describe("palettes", () => {
  it("one colour per region plus the nation, and bilingual labels", () => {
    expect(Object.keys(REGION_COLORS).sort()).toEqual(["central", "east", "nation", "northeast", "west"]);
    expect(new Set(Object.values(REGION_COLORS)).size).toBe(5);
    expect(REGION_LABELS.east).toBe("东部 East");
    expect(REGION_LABELS.northeast).toBe("东北 Northeast");
    expect(REGION_LABELS.nation).toBe("全国 National");
  });
  it("ten level colours from red to green, index = level", () => {
    expect(LEVEL_COLORS[0]).toBeNull();
    expect(LEVEL_COLORS.length).toBe(11);
    expect(new Set(LEVEL_COLORS.slice(1)).size).toBe(10);
    const red = (c: string) => parseInt(c.slice(1, 3), 16);
    const green = (c: string) => parseInt(c.slice(3, 5), 16);
    expect(red(LEVEL_COLORS[1]!)).toBeGreaterThan(green(LEVEL_COLORS[1]!)); // level 1 reddish
    expect(green(LEVEL_COLORS[10]!)).toBeGreaterThan(red(LEVEL_COLORS[10]!)); // level 10 greenish
  });
  it("LISA palette and legend order", () => {
    expect(LISA_ORDER).toEqual(["HH", "LL", "LH", "HL", "ns", "isolated"]);
    expect(LISA_COLORS.HH).toBe("#d7191c");
    expect(LISA_COLORS.LL).toBe("#2c7bb6");
    expect(LISA_COLORS.LH).toBe("#abd9e9");
    expect(LISA_COLORS.HL).toBe("#fdae61");
    expect(LISA_COLORS.isolated).toBe("#666666");
  });
  it("reads LISA labels as tools print them", () => {
    expect(normalizeLisaCluster("High-High")).toBe("HH");
    expect(normalizeLisaCluster("not significant")).toBe("ns");
    expect(normalizeLisaCluster("Not Significant")).toBe("ns");
    expect(normalizeLisaCluster("low-high")).toBe("LH");
    expect(normalizeLisaCluster(4)).toBe("HL");
    expect(normalizeLisaCluster(6)).toBe("isolated");
    expect(() => normalizeLisaCluster("XX")).toThrow(/unknown LISA cluster label "XX"/);
  });
  it("level names come from the core's table", () => {
    expect(levelLabel(1)).toBe("极度失调 extreme imbalance");
    expect(levelLabel(10)).toBe("优质协调 high-quality coordination");
    expect(() => levelLabel(11)).toThrow(PlotInputError);
  });
});

describe("one source of truth", () => {
  it("the plot layer classifies nothing: no levelOf", () => {
    expect("levelOf" in style).toBe(false);
  });
  it("LISA names and order are the core's LISA_CLUSTERS", () => {
    expect(LISA_ORDER).toEqual(LISA_CLUSTERS.map((c) => c.code));
    for (const c of LISA_CLUSTERS) expect(LISA_LABELS[c.code].startsWith(`${c.zh} `)).toBe(true);
    expect(LISA_LABELS).toEqual({
      HH: "高-高 HH",
      LL: "低-低 LL",
      LH: "低-高 LH",
      HL: "高-低 HL",
      ns: "不显著 Not significant",
      isolated: "孤立 Isolated",
    });
  });
  it("region labels are the registry's REGIONS; region ids are read by code or name", () => {
    for (const r of REGIONS) {
      expect(REGION_LABELS[r.code]).toBe(`${r.zh} ${r.en}`);
      expect(regionCode(r.code)).toBe(r.code);
      expect(regionCode(r.zh)).toBe(r.code);
      expect(regionCode(r.en)).toBe(r.code);
    }
    expect(regionCode("all")).toBeUndefined();
  });
  it("level labels are the core's COORDINATION_LEVELS", () => {
    for (const l of COORDINATION_LEVELS) expect(levelLabel(l.level)).toBe(`${l.zh} ${l.en}`);
  });
});
