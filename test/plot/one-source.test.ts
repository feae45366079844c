// The figures show what the records say: levels and LISA quadrants are decided once, by the
// core (through the frame call), and never recomputed in the plot layer.
import { describe, expect, it } from "vitest";
import { coordinationLevel } from "../../src/core/level";
import { localMoran } from "../../src/core/lisa";
import { weightsFromNeighbors } from "../../src/core/weights";
import { choroplethMap, levelHeatmap, LEVEL_COLORS, LISA_COLORS, lisaClusterMap, moranScatter } from "../../src/plot";
import { couplingOf, KEYS, levelFields, lisaOf, squaresGeojson } from "./samples";

type Trace = Record<string, any>;

describe("levels come from the records", () => {
  // D = 0.5 exactly is a band edge: (0.4, 0.5] puts it in level 5 (濒临失调), [0.5, 0.6) in level 6 (勉强协调)
  it("the core classifies the edge differently under the two rules (the premise)", () => {
    expect(coordinationLevel(0.5, { closed: "right" }).level).toBe(5);
    expect(coordinationLevel(0.5, { closed: "left" }).level).toBe(6);
  });
  const rightClosed = () =>
    couplingOf(
      [
        { adcode: "110000", year: 2020, D: 0.5, ...levelFields(5) }, // classified with closed: "right"
        { adcode: "120000", year: 2020, D: 0.45, ...levelFields(5) },
        { adcode: "130000", year: 2020, D: 0.7, ...levelFields(7) }, // right-closed: 0.7 is in (0.6, 0.7]
      ],
      KEYS,
      "right",
    );
  it("levelHeatmap shows the record's level 5 at D = 0.5 of a right-closed result", () => {
    const t = levelHeatmap(rightClosed()).data[0] as Trace;
    expect(t.z).toEqual([[5], [5], [7]]);
    expect(t.customdata[0][0]).toEqual([0.5, "濒临失调 on the verge of imbalance", 5]);
  });
  it("choroplethMap shows the same level, colour and legend entry", () => {
    const fig = choroplethMap(squaresGeojson(), rightClosed(), { showMissing: false });
    const [ch, ...legend] = fig.data as Trace[];
    expect(legend.map((l) => l.name)).toEqual(["濒临失调 on the verge of imbalance", "初级协调 primary coordination"]);
    expect(legend.map((l) => l.marker.color)).toEqual([LEVEL_COLORS[5], LEVEL_COLORS[7]]);
    expect(ch.z).toEqual([0, 0, 1]);
    expect(ch.text[0]).toBe("北京<br>D = 0.500<br>濒临失调 on the verge of imbalance");
  });
  it("the same D in a left-closed result (level 6) is shown as level 6 by both", () => {
    const left = couplingOf([{ adcode: "110000", year: 2020, D: 0.5, ...levelFields(6) }], KEYS, "left");
    expect((levelHeatmap(left).data[0] as Trace).z).toEqual([[6]]);
    expect(choroplethMap(squaresGeojson(), left).data[1].name).toBe("勉强协调 barely coordinated");
  });
});

describe("LISA quadrants come from the records", () => {
  // Four units on a cycle a-b-d-c-a with values 5, 1, 3, -1 (mean 2): a's neighbours b and c have
  // z = -1/s and +1/s, so a's lag (row-standardised) is exactly 0 while z_a = 3/s > 0.
  const w = weightsFromNeighbors(["110000", "120000", "130000", "140000"], [[1, 2], [0, 3], [0, 3], [1, 2]]);
  const values = [5, 1, 3, -1];
  it("the core puts a unit with z > 0 and lag exactly 0 in HL (the premise)", () => {
    const r = localMoran(values, w, { permutations: 99 });
    expect(r.lag[0]).toBe(0);
    expect(r.z[0]).toBeGreaterThan(0);
    expect(r.quadrant[0]).toBe("HL");
  });
  const result = () => {
    const r = localMoran(values, w, { permutations: 99 });
    return lisaOf(
      // with four units no local test is significant: 北京 is marked HL by hand to see the cluster drawn
      w.ids.map((id, i) => ({ adcode: id, z: r.z[i], lag: r.lag[i], quadrant: r.quadrant[i], cluster: i === 0 ? "HL" : r.cluster[i] })),
      0.1,
      KEYS,
    );
  };
  it("moranScatter draws it as HL: colour, legend entry and legend group", () => {
    const fig = moranScatter(result());
    const hl = fig.data.find((t) => (t.x as number[] | undefined)?.some((_, k) => (t.y as number[])[k] === 0 && (t.x as number[])[k] > 0)) as Trace;
    expect(hl.name).toBe("高-低 HL");
    expect(hl.legendgroup).toBe("HL");
    expect(hl.marker.color).toBe(LISA_COLORS.HL);
    expect(fig.data.some((t) => t.name === "高-高 HH" && (t.text as string[]).includes("北京"))).toBe(false);
  });
  it("coloured by cluster, and on the cluster map, the record's HL is what is shown", () => {
    const byCluster = moranScatter(result(), { colorBy: "cluster" });
    expect((byCluster.data.find((t) => t.legendgroup === "HL") as Trace).text).toEqual(["北京"]);
    const map = lisaClusterMap(squaresGeojson(), result());
    const ch = map.data[0] as Trace;
    expect(ch.text[0]).toBe("北京<br>高-低 HL");
    const legend = map.data.slice(1) as Trace[];
    const k = ch.z[0];
    expect(legend[k].name).toBe("高-低 HL");
    expect(legend[k].marker.color).toBe(LISA_COLORS.HL);
  });
});
