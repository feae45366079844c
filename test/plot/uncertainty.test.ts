// The uncertainty and robustness figures build straight from their frame results (no reshaping in
// between) and from plain records with field names; every number drawn is read from the records.
import { describe, expect, it } from "vitest";
import { weightsFromNeighbors } from "../../src/core/weights";
import { parseSpec } from "../../src/data/spec";
import type { Row } from "../../src/frame/results";
import { robustness, risesConclusion, giniFallsConclusion } from "../../src/frame/robustness";
import { dagumIntervals, meanIntervals, moranNull } from "../../src/frame/uncertainty";
import { PlotInputError } from "../../src/plot/records";
import { REGION_COLORS } from "../../src/plot/style";
import { dagumIntervalFigure, intervalTrend, moranNullHistogram, robustnessGrid } from "../../src/plot/uncertainty";

type Any = Record<string, any>;

const ids = ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3"];
const d2018 = [0.31, 0.42, 0.38, 0.55, 0.47, 0.29, 0.33, 0.36];
const d2019 = [0.35, 0.44, 0.43, 0.61, 0.5, 0.3, 0.37, 0.41];
const rows: Row[] = ids.flatMap((u, i) => [
  { unit: u, t: 2018, grp: u.startsWith("a") ? "A" : "B", D: d2018[i] },
  { unit: u, t: 2019, grp: u.startsWith("a") ? "A" : "B", D: d2019[i] },
]);
const keys = { unit: "unit", time: "t" };

describe("intervalTrend", () => {
  const mi = meanIntervals(rows, { ...keys, by: "grp", resamples: 99 });

  it("from a meanIntervals result: a band and a line per series, the band from the records' bounds", () => {
    const fig = intervalTrend(mi);
    expect(fig.data).toHaveLength(6); // all, A, B: band + line each
    const [band, line] = fig.data as Any[];
    const all = mi.rows.filter((r) => r.group === "all");
    expect(line.name).toBe("全部 All");
    expect(line.x).toEqual([2018, 2019]);
    expect(line.y).toEqual(all.map((r) => r.estimate));
    expect(line.customdata).toEqual(all.map((r) => [r.lower, r.upper]));
    expect(band.x).toEqual([2018, 2019, 2019, 2018]);
    expect(band.y).toEqual([all[0].upper, all[1].upper, all[1].lower, all[0].lower]);
    expect(band.fill).toBe("toself");
    expect(band.showlegend).toBe(false);
    expect(band.legendgroup).toBe(line.legendgroup);
  });

  it("an unreliable series: dotted band edge, hollow markers, † (n) in the legend, and the caption says why", () => {
    const fig = intervalTrend(mi);
    const bBand = fig.data[4] as Any;
    const bLine = fig.data[5] as Any;
    expect(bLine.name).toBe("B † (n = 3)");
    expect(bLine.marker.symbol).toBe("circle-open");
    expect(bBand.line.dash).toBe("dot");
    expect((fig.data[3] as Any).marker.symbol).toBe("circle");
    const cap = (fig.layout.annotations as Any[])[0].text as string;
    expect(cap).toContain("95% bootstrap percentile intervals, 99 resamples, seed 20240917; units resampled, weights fixed");
    expect(cap).toContain("<br>† B: fewer than 5 units, interval indicative only (dotted band)");
  });

  it("region colours for NBS regions; groups picks and orders series; plain records with field names", () => {
    const recs = [
      { year: 2018, g: "west", m: 0.4, lo: 0.35, hi: 0.45 },
      { year: 2019, g: "west", m: 0.42, lo: 0.4, hi: 0.47 },
      { year: 2018, g: "east", m: 0.5, lo: 0.45, hi: 0.56 },
      { year: 2019, g: "east", m: 0.55, lo: 0.5, hi: 0.6 },
    ];
    const fig = intervalTrend(recs, { x: "year", y: "m", lower: "lo", upper: "hi", series: "g" });
    expect((fig.data[1] as Any).name).toBe("东部 East"); // east before west, by region order
    expect((fig.data[1] as Any).line.color).toBe(REGION_COLORS.east);
    expect((fig.data[3] as Any).line.color).toBe(REGION_COLORS.west);
    expect(fig.layout.annotations).toBeUndefined();
    const only = intervalTrend(recs, { x: "year", y: "m", lower: "lo", upper: "hi", series: "g", groups: ["west"] });
    expect(only.data).toHaveLength(2);
    expect(() => intervalTrend(recs, { x: "year", y: "m", lower: "lo", upper: "hi", series: "g", groups: ["north"] })).toThrow(/groups names "north", which is not a series/);
    expect(() => intervalTrend([{ year: 1, estimate: 0.5, lower: 0.6, upper: 0.4 }])).toThrow(/record 1: lower = 0.6 is above upper = 0.4/);
    expect(() => intervalTrend([{ year: 1, estimate: 0.5, lower: 0.4 }])).toThrow(PlotInputError);
    expect(() => intervalTrend([{ year: 1, estimate: 0.5, lower: 0.4, upper: 0.6, unreliable: "yes" }])).toThrow(/field "unreliable" is "yes", expected true or false/);
  });
});

describe("dagumIntervalFigure", () => {
  const di = dagumIntervals(rows, { ...keys, group: "grp", resamples: 99 });

  it("from a dagumIntervals result: components (left) and shares in % (right) with asymmetric error bars", () => {
    const fig = dagumIntervalFigure(di);
    expect(fig.data).toHaveLength(7);
    const G = fig.data[0] as Any;
    const recs = di.rows.filter((r) => r.component === "G");
    expect(G.y).toEqual(recs.map((r) => r.estimate));
    expect(G.error_y.array).toEqual(recs.map((r) => (r.upper as number) - (r.estimate as number)));
    expect(G.error_y.arrayminus).toEqual(recs.map((r) => (r.estimate as number) - (r.lower as number)));
    const share = fig.data[5] as Any; // share_between
    const sb = di.rows.filter((r) => r.component === "share_between");
    expect(share.y).toEqual(sb.map((r) => (r.estimate as number) * 100));
    expect(share.xaxis).toBe("x2");
    expect(share.yaxis).toBe("y2");
    // group B has 3 units: every marker hollow, the caption names the group
    expect(G.marker.symbol).toEqual(["circle-open", "circle-open"]);
    expect((fig.layout.annotations as Any[]).map((a) => a.text)).toEqual(["基尼系数及其分解 / G and its parts", "各部分贡献率 / shares of G (dotted)", expect.stringContaining("hollow markers: a group has fewer than 5 units (B n = 3)")]);
    expect((fig.layout.xaxis as Any).domain[1]).toBeLessThan((fig.layout.xaxis2 as Any).domain[0]);
  });

  it("parts picks one panel; plain records need known component ids", () => {
    expect(dagumIntervalFigure(di, { parts: "shares" }).data).toHaveLength(3);
    expect(dagumIntervalFigure(di, { parts: "components" }).data).toHaveLength(4);
    const recs = [{ year: 2019, component: "G", estimate: 0.1, lower: 0.08, upper: 0.12 }];
    expect(dagumIntervalFigure(recs, { parts: "components" }).data).toHaveLength(1);
    expect(() => dagumIntervalFigure(recs)).toThrow(/no share records/);
    expect(() => dagumIntervalFigure([{ year: 2019, component: "Gb", estimate: 0.1, lower: 0.08, upper: 0.12 }])).toThrow(/field "component" is "Gb", expected one of G, Gw/);
  });
});

describe("robustnessGrid", () => {
  const spec = parseSpec(["id,system,direction", "x1,X,+", "y1,Y,+"].join("\n"));
  const p: Row[] = ids.flatMap((u, i) => [
    { unit: u, t: 2018, grp: u[0], x1: d2018[i], y1: d2018[(i + 3) % 8] },
    { unit: u, t: 2019, grp: u[0], x1: d2019[i], y1: d2019[(i + 3) % 8] },
  ]);
  const rob = robustness(p, spec, {
    ...keys,
    group: "grp",
    scenarios: [{ name: "baseline" }, { name: "per-year", panel: "per-year" }, { name: "fan", model: "fan2024" }],
    conclusions: [risesConclusion(), giniFallsConclusion()],
  });

  it("from a robustness result: scenarios as rows, conclusions as columns, z = holds, the value in each cell", () => {
    const fig = robustnessGrid(rob);
    const hm = fig.data[0] as Any;
    expect(hm.type).toBe("heatmap");
    const cell = (c: string, s: string) => rob.rows.find((r) => r.conclusion === c && r.scenario === s)!;
    expect(hm.z).toEqual(["baseline", "per-year", "fan"].map((s) => rob.conclusions.map((c) => (cell(c, s).holds ? 1 : 0))));
    expect(hm.text[1][0]).toBe(String(cell(rob.conclusions[0], "per-year").value).slice(0, 27) + "…");
    expect(hm.customdata[0][1][1]).toBe(cell(rob.conclusions[1], "baseline").value);
    expect(hm.customdata[0][0][2]).toBe("0 ln 0 := 0, pooled, classic, entropy weights, all indicators");
    expect((fig.layout.yaxis as Any).ticktext).toEqual(["<b>baseline</b>", "per-year", "fan"]);
    expect((fig.layout.xaxis as Any).ticktext[0]).toBe("the mean D rises every<br>time");
    expect(fig.data.slice(1).map((d) => (d as Any).name)).toEqual(["成立 holds", "不成立 fails"]);
  });

  it("plain records; maxText; refusals", () => {
    const recs = [
      { conclusion: "c1", scenario: "s1", value: "a rather long value that goes on", holds: true },
      { conclusion: "c1", scenario: "s2", value: 0.5, holds: false },
    ];
    const fig = robustnessGrid(recs, { maxText: 10 });
    expect((fig.data[0] as Any).text).toEqual([["a rather …"], ["0.5"]]);
    expect((fig.data[0] as Any).z).toEqual([[1], [0]]);
    expect(() => robustnessGrid([{ ...recs[0], holds: "yes" }])).toThrow(/field "holds" is "yes", expected true or false/);
    expect(() => robustnessGrid([recs[0], recs[0]])).toThrow(/record 2 repeats conclusion "c1" under scenario "s1"/);
    expect(() => robustnessGrid([])).toThrow(/no records/);
  });
});

describe("moranNullHistogram", () => {
  const w = weightsFromNeighbors(ids, ids.map((_, i) => [i - 1, i + 1].filter((j) => j >= 0 && j < ids.length)));
  const mn = moranNull(rows, w, { ...keys, permutations: 199 });

  it("from a moranNull result: the last time's draws binned (counts sum to R), the observed I and E[I] marked, the note as caption", () => {
    const fig = moranNullHistogram(mn);
    const [bars, obs, ei] = fig.data as Any[];
    expect(bars.type).toBe("bar");
    expect((bars.y as number[]).reduce((a, b) => a + b, 0)).toBe(199);
    const o = mn.observed.rows.find((r) => r.t === 2019)!;
    expect(obs.x).toEqual([o.I, o.I]);
    expect(ei.x).toEqual([o.EI, o.EI]);
    // each draw falls in its bin: recount by hand from the bins' edges
    const draws = mn.rows.filter((r) => r.t === 2019).map((r) => r.I as number);
    const lo = Math.min(o.I as number, ...draws);
    const size = bars.width as number;
    const counts = new Array(40).fill(0);
    for (const d of draws) counts[Math.min(39, Math.floor((d - lo) / size))]++;
    expect(bars.y).toEqual(counts);
    expect((fig.layout.title as Any).text).toBe("莫兰指数置换零分布 / Permutation null of Moran's I (2019)");
    expect((fig.layout.annotations as Any[])[0].text).toBe(`I = ${(o.I as number).toFixed(3)}, p_sim = ${(o.p_sim as number).toFixed(3)}; 199 permutations, seed 20240917`);
    expect((fig.layout.annotations as Any[])[1].text).toContain("Moran's I is not bootstrapped");
    expect(moranNullHistogram(mn, { time: 2018 }).data[1]).toMatchObject({ x: [mn.observed.rows[0].I, mn.observed.rows[0].I] });
  });

  it("plain records need the observed I; bins", () => {
    const recs = [{ I: -0.1 }, { I: 0.02 }, { I: 0.05 }, { I: 0.3 }];
    const fig = moranNullHistogram(recs, { observed: 0.25, bins: 4 });
    expect((fig.data[0] as Any).y).toEqual([1, 2, 0, 1]); // bins of 0.1 from -0.1: [-0.1, 0), [0, 0.1), [0.1, 0.2), [0.2, 0.3]
    expect(fig.data).toHaveLength(2);
    expect(() => moranNullHistogram(recs)).toThrow(/the observed I is needed/);
    expect(() => moranNullHistogram(recs, { observed: 0.1, time: 2019 })).toThrow(/no time field "year"/);
    expect(() => moranNullHistogram(mn, { time: 2030 })).toThrow(/no record has t = 2030/);
  });
});
