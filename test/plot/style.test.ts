import { describe, expect, it } from "vitest";
import { LEVEL_COLORS, LISA_COLORS, LISA_ORDER, REGION_COLORS, REGION_LABELS, normalizeLisaCluster } from "../../src/plot";
import { levelLabel, levelOf } from "../../src/plot/style";

describe("palettes", () => {
  it("one colour per region plus the nation, and bilingual labels", () => {
    expect(Object.keys(REGION_COLORS).sort()).toEqual(["central", "east", "nation", "northeast", "west"]);
    expect(new Set(Object.values(REGION_COLORS)).size).toBe(5);
    expect(REGION_LABELS.east).toBe("东部 East");
    expect(REGION_LABELS.northeast).toBe("东北 Northeast");
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
  it("levels come from the core's table", () => {
    expect(levelLabel(1)).toBe("极度失调 extreme imbalance");
    expect(levelLabel(10)).toBe("优质协调 high-quality coordination");
    expect(levelOf(0.5)).toBe(6);
    expect(levelOf(0.5, "right")).toBe(5);
    expect(() => levelLabel(11)).toThrow(RangeError);
  });
});
