import { describe, expect, it } from "vitest";
import * as fs from "fs";
import { provinceAdjacencyPairs, provinceWeights, provincesBorder } from "../../src/data/adjacency";
import { loadProvinceMap } from "../../src/data/map";
import { dataPath } from "../../src/data/paths";
import { resolveProvince } from "../../src/data/registry";
import { contiguityWeights } from "../../src/core/contiguity";

const code = (name: string) => resolveProvince(name).adcode;
const borders = (a: string, b: string) => provincesBorder(code(a), code(b));

describe("frozen adjacency", () => {
  it("has 68 sorted pairs with a < b", () => {
    const pairs = provinceAdjacencyPairs();
    expect(pairs).toHaveLength(68);
    for (const [a, b] of pairs) expect(a < b).toBe(true);
    const keys = pairs.map((p) => p.join(","));
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(keys).size).toBe(68);
  });

  it("knows borders both ways and non-borders", () => {
    for (const [a, b] of [
      ["北京", "天津"], ["北京", "河北"], ["天津", "河北"], ["山西", "陕西"], ["广东", "广西"], ["内蒙古", "黑龙江"],
      ["内蒙古", "甘肃"], ["新疆", "西藏"], ["重庆", "四川"], ["上海", "江苏"], ["上海", "浙江"], ["辽宁", "吉林"],
    ]) {
      expect(borders(a, b), `${a}-${b}`).toBe(true);
      expect(borders(b, a), `${b}-${a}`).toBe(true);
    }
    for (const [a, b] of [["北京", "山东"], ["北京", "上海"], ["天津", "山东"], ["山西", "甘肃"], ["广东", "海南"], ["江苏", "江西"], ["新疆", "四川"]]) {
      expect(borders(a, b), `${a}-${b}`).toBe(false);
      expect(borders(b, a), `${b}-${a}`).toBe(false);
    }
    expect(provinceAdjacencyPairs().some((p) => p.includes("460000"))).toBe(false);
  });

  it("equals rook and queen contiguity recomputed from the bundled map", () => {
    const fc = loadProvinceMap();
    const frozen = provinceAdjacencyPairs().map((p) => p.join(","));
    for (const rule of ["rook", "queen"] as const) {
      const pairs = contiguityWeights(fc, { rule, idProperty: "adcode" })
        .toPairs()
        .map(([a, b]) => (a < b ? `${a},${b}` : `${b},${a}`))
        .sort();
      expect(pairs).toEqual(frozen);
    }
  });

  it("neighbour counts of a few provinces", () => {
    const w = provinceWeights({ hainan: "isolated", style: "B" });
    expect(w.neighborIds(code("北京")).sort()).toEqual(["120000", "130000"]);
    expect(w.cardinalities[w.index(code("内蒙古"))]).toBe(8);
    expect(w.cardinalities[w.index(code("西藏"))]).toBe(4);
  });
});

describe("provinceWeights", () => {
  it("default: Hainan linked to Guangdong, row-standardised, echoed", () => {
    const w = provinceWeights();
    expect(w.hainan).toBe("guangdong");
    expect(w.description).toMatch(/Hainan linked to Guangdong,/);
    expect(w.description).toMatch(/row-standardised/);
    expect(w.n).toBe(31);
    expect(w.ids[0]).toBe("110000");
    expect(w.nLinks).toBe(69);
    expect(w.islands).toEqual([]);
    expect(w.neighborIds("460000")).toEqual(["440000"]);
    expect(w.weights[w.index("460000")]).toEqual([1]);
    const row = w.weights[w.index("110000")];
    expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });

  it("guangdong+guangxi and isolated", () => {
    const g2 = provinceWeights({ hainan: "guangdong+guangxi", style: "B" });
    expect(g2.hainan).toBe("guangdong+guangxi");
    expect(g2.neighborIds("460000")).toEqual(["440000", "450000"]);
    expect(g2.nLinks).toBe(70);
    expect(g2.style).toBe("B");
    const iso = provinceWeights({ hainan: "isolated" });
    expect(iso.islands).toEqual(["460000"]);
    expect(iso.nLinks).toBe(68);
    expect(iso.description).toMatch(/Hainan isolated/);
    expect(() => provinceWeights({ hainan: "guangxi" as never })).toThrow(/hainan must be/);
  });

  it("adjacency.csv has the documented header", () => {
    expect(fs.readFileSync(dataPath("provinces", "adjacency.csv"), "utf8").split("\n")[0]).toBe("adcode_a,adcode_b");
  });
});
