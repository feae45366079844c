// The dynamics figures build straight from the frame results (no reshaping in between), and from
// plain records with field names; every number drawn is read from the records.
import { describe, expect, it } from "vitest";
import { weightsFromNeighbors } from "../../src/core/weights";
import { NBS_REGIONS } from "../../src/frame/panel";
import type { Row } from "../../src/frame/results";
import { dagumByYear } from "../../src/frame/dagum";
import { densityByYear, inequalityByYear, markovChain, spatialMarkovChain, theilByYear } from "../../src/frame/toolkit-dynamics";
import { densityCurves, densityRidgeline, inequalityTrends, spatialTransitionHeatmaps, timeColor, transitionHeatmap } from "../../src/plot/toolkit-dynamics";
import { PlotInputError } from "../../src/plot";

type Any = Record<string, any>;

// two years of four units: 2018 = {0, 1, 1, 3}, 2019 = {0.5, 1, 2, 2.5}
const densityPanel: Row[] = [
  ...[0, 1, 1, 3].map((D, i) => ({ adcode: `u${i}`, year: 2018, D })),
  ...[0.5, 1, 2, 2.5].map((D, i) => ({ adcode: `u${i}`, year: 2019, D })),
];

describe("densityCurves", () => {
  it("from a density result: one line per year, the bandwidth and rule in each legend entry, the note as caption", () => {
    const k = densityByYear(densityPanel);
    const fig = densityCurves(k);
    expect(fig.data).toHaveLength(2);
    const [a, b] = fig.data as Any[];
    // nrd0 of {0, 1, 1, 3} = 0.9 * (0.75 / 1.34) * 4^(-1/5) = 0.38176: "bw 0.382"
    expect(a.name).toBe("2018 (bw 0.382, nrd0)");
    expect(b.name).toMatch(/^2019 \(bw 0\.\d{3}, nrd0\)$/);
    expect(a.x).toEqual(k.rows.filter((r) => r.year === 2018).map((r) => r.x));
    expect(a.y).toEqual(k.rows.filter((r) => r.year === 2018).map((r) => r.density));
    expect(a.line.color).toBe(timeColor(0, 2));
    expect(b.line.color).toBe(timeColor(1, 2));
    expect((fig.layout.annotations as Any[])[0].text).toContain("Gaussian kernel; bandwidth by nrd0 for each year separately");
    expect((fig.layout.xaxis as Any).title.text).toBe("耦合协调度 D / Coupling coordination degree D");
  });

  it("times picks curves; peaks marks each curve's highest point", () => {
    const k = densityByYear(densityPanel, { bandwidth: 0.5 });
    const fig = densityCurves(k, { times: [2019], peaks: true });
    expect(fig.data).toHaveLength(2);
    expect((fig.data[0] as Any).name).toBe("2019 (bw 0.500, given)");
    const peak = fig.data[1] as Any;
    const bw = k.bandwidths.rows.find((r) => r.year === 2019)!;
    expect(peak.x).toEqual([bw.peak_x]);
    expect(peak.y).toEqual([bw.peak_density]);
    expect(() => densityCurves(k, { times: [2017] })).toThrow(/no record has year = 2017/);
  });

  it("plain records: the bandwidth from fields of the records or the bandwidths option; refused without one", () => {
    const rows = [
      { t: 1, grid: 0, f: 0.1, bandwidth: 0.05, rule: "nrd0" },
      { t: 1, grid: 1, f: 0.3, bandwidth: 0.05, rule: "nrd0" },
      { t: 2, grid: 0, f: 0.2 },
      { t: 2, grid: 1, f: 0.2 },
    ];
    expect(() => densityCurves(rows, { time: "t", x: "grid", density: "f" })).toThrow(/densityCurves: no bandwidth for t 2: a density is read with its bandwidth/);
    const fig = densityCurves(rows, { time: "t", x: "grid", density: "f", bandwidths: [{ t: 2, bandwidth: 0.07, rule: "nrd" }] });
    expect(fig.data.map((d) => d.name)).toEqual(["1 (bw 0.050, nrd0)", "2 (bw 0.070, nrd)"]);
    expect(() => densityCurves([{ year: 1, x: 0, density: -0.1, bandwidth: 1 }])).toThrow(/record 1 field "density" is -0.1, a density cannot be negative/);
    expect(() => densityCurves([{ year: 1, x: "0", density: 0.1, bandwidth: 1 }])).toThrow(PlotInputError);
  });
});

describe("densityRidgeline", () => {
  it("one baseline and one filled curve per year, earliest on top, one vertical scale, bandwidths at the rows", () => {
    const k = densityByYear(densityPanel);
    const fig = densityRidgeline(k, { overlap: 2 });
    expect(fig.data).toHaveLength(4);
    const [base18, c18, base19, c19] = fig.data as Any[];
    expect(base18.y.every((v: number) => v === 1)).toBe(true); // 2018 on row 1 (top), 2019 on row 0
    expect(base19.y.every((v: number) => v === 0)).toBe(true);
    expect(c18.fill).toBe("tonexty");
    expect(base18.x).toEqual(c18.x);
    // the tallest curve spans `overlap` rows; the other is on the same scale
    const d18 = k.rows.filter((r) => r.year === 2018).map((r) => r.density as number);
    const d19 = k.rows.filter((r) => r.year === 2019).map((r) => r.density as number);
    const top = Math.max(...d18, ...d19);
    expect(Math.max(...c18.y.map((v: number) => v - 1), ...c19.y)).toBeCloseTo(2, 12);
    expect(c19.y[100]).toBeCloseTo((d19[100] / top) * 2, 12);
    expect(c18.customdata).toEqual(d18);
    const y = fig.layout.yaxis as Any;
    expect(y.tickvals).toEqual([1, 0]);
    expect(y.ticktext[0]).toContain("2018");
    expect(y.ticktext[0]).toContain("bw 0.382, nrd0");
    expect(() => densityRidgeline(k, { overlap: 0 })).toThrow(/overlap must be a positive number/);
  });
});

describe("transitionHeatmap", () => {
  const ids = [[0, 0, 1, 2], [2, 2, 1, 0], [1, 1, 0, 1], [1, 2, 2, 1]];
  const rows: Row[] = [];
  ids.forEach((r, i) => r.forEach((D, t) => rows.push({ adcode: `u${i}`, year: 2016 + t, D })));

  it("from a Markov result: p on a 0-1 scale, 'p (n)' in every cell, the row totals beside, the classes with their intervals", () => {
    const mc = markovChain(rows, { cutoffs: [0.5, 1.5] });
    const fig = transitionHeatmap(mc);
    expect(fig.data).toHaveLength(1);
    const hm = fig.data[0] as Any;
    expect(hm.z).toEqual(mc.p);
    expect([hm.zmin, hm.zmax]).toEqual([0, 1]);
    expect(hm.text[1]).toEqual(["0.400<br>(2)", "0.200<br>(1)", "0.400<br>(2)"]);
    expect(hm.customdata[1][2]).toEqual([2, "II", "III"]);
    // row totals: 3, 5, 4 moves, as text on grey cells in column k = 3
    const totals = (fig.layout.annotations as Any[]).filter((a) => a.xref === "x" && a.x === 3);
    expect(totals.map((a) => a.text)).toEqual(["3", "5", "4"]);
    expect((fig.layout.shapes as Any[]).filter((s) => s.x0 > 2.5)).toHaveLength(3);
    const x = fig.layout.xaxis as Any;
    expect(x.ticktext[3]).toBe("n");
    expect(x.ticktext[1]).toContain("(0.500, 1.500]");
    expect(x.range).toEqual([-0.5, 3.5]);
    const caption = (fig.layout.annotations as Any[]).at(-1)!.text as string;
    expect(caption).toContain("fixed cutoffs [0.5, 1.5], (a, b]; 12 moves (4 units × 3 steps)");
    expect(caption).toContain("steady state [0.250, 0.417, 0.333]");
  });

  it("a row without moves shows dashes and n = 0, not zeros", () => {
    const edge = [
      { adcode: "a", year: 1, D: 0.3 }, { adcode: "a", year: 2, D: 0.5 },
      { adcode: "b", year: 1, D: 0.5 }, { adcode: "b", year: 2, D: 0.7 },
    ];
    const mc = markovChain(edge, { cutoffs: [0.5] });
    const fig = transitionHeatmap(mc);
    const hm = fig.data[0] as Any;
    expect(hm.z[1]).toEqual([null, null]);
    expect(hm.text[1]).toEqual(["—", "—"]);
    expect((fig.layout.annotations as Any[]).find((a) => a.x === 2 && a.y === 1)!.text).toBe("0");
    expect((fig.layout.annotations as Any[]).at(-1)!.text).toContain("rows without moves: II");
  });

  it("plain records with named fields; bad probabilities, counts and repeated cells are refused", () => {
    const recs = [
      { a: "低", b: "低", prob: 0.75, n: 3 },
      { a: "低", b: "高", prob: 0.25, n: 1 },
      { a: "高", b: "高", prob: 1, n: 2 },
    ];
    const fig = transitionHeatmap(recs, { from: "a", to: "b", p: "prob", count: "n" });
    const hm = fig.data[0] as Any;
    expect((fig.layout.yaxis as Any).ticktext).toEqual(["低", "高"]);
    expect(hm.z).toEqual([[0.75, 0.25], [0, 1]]); // the missing cell 高 -> 低: 0 moves, p 0
    expect(hm.text[1]).toEqual(["0.000<br>(0)", "1.000<br>(2)"]);
    expect(() => transitionHeatmap([{ from: 0, to: 0, p: 1.2, count: 1 }])).toThrow(/record 1 field "p" is 1.2, not a probability in \[0, 1\]/);
    expect(() => transitionHeatmap([{ from: 0, to: 0, p: 1, count: 1.5 }])).toThrow(/record 1 field "count" is 1.5, not a count of moves/);
    expect(() => transitionHeatmap([{ from: 0, to: 0, p: 1, count: 1 }, { from: 0, to: 0, p: 1, count: 1 }])).toThrow(/record 2 repeats the cell from = 0, to = 0/);
    expect(() => transitionHeatmap([{ from: 0, to: 0, p: 1 }])).toThrow(/record 1 has no field "count"/);
    // the result's own records, read as plain records (labels from from_label / to_label)
    const mc = markovChain(rows, { cutoffs: [0.5, 1.5] });
    expect((transitionHeatmap(mc.rows).layout.yaxis as Any).ticktext).toEqual(["I", "II", "III"]);
  });
});

describe("spatialTransitionHeatmaps", () => {
  const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
  const values = [[0.2, 0.6, 0.7], [0.4, 0.3, 0.8], [0.6, 0.7, 0.2], [0.9, 0.8, 0.6]];
  const rows: Row[] = [];
  ["a", "b", "c", "d"].forEach((u, i) => values[i].forEach((D, t) => rows.push({ adcode: u, year: t + 1, D })));

  it("one panel per lag class on its own axes, one colour scale, the homogeneity tests in the title", () => {
    const sm = spatialMarkovChain(rows, w, { cutoffs: [0.5], lagCutoffs: [0.5] });
    const fig = spatialTransitionHeatmaps(sm);
    expect(fig.data).toHaveLength(2);
    const [l1, l2] = fig.data as Any[];
    expect([l1.xaxis, l1.yaxis, l2.xaxis, l2.yaxis]).toEqual(["x", "y", "x2", "y2"]);
    expect(l1.coloraxis).toBe("coloraxis");
    expect(l1.z).toEqual(sm.P[0]);
    expect(l2.text[1]).toEqual(["0.250<br>(1)", "0.750<br>(3)"]);
    const title = (fig.layout.title as Any).text as string;
    expect(title).toContain("Q = 1.06 (p = 0.588), LR = 1.55 (p = 0.460), dof 2 (Bickenbach-Bode)");
    expect(title).toContain("x² = 1.06 (giddy dof 2");
    const panelTitles = (fig.layout.annotations as Any[]).filter((a) => a.xref === "paper" && /lag/.test(a.text)).map((a) => a.text);
    expect(panelTitles[0]).toBe("邻域 / lag I [0.200, 0.500] · n = 3");
    expect(panelTitles[1]).toBe("邻域 / lag II (0.500, 0.800] · n = 5");
    // row totals of lag class II: 1 and 4 moves
    expect((fig.layout.annotations as Any[]).filter((a) => a.xref === "x2").map((a) => a.text)).toEqual(["1", "4"]);
    // the second panel's y labels are hidden (shared with the first)
    expect((fig.layout.yaxis2 as Any).showticklabels).toBe(false);
  });

  it("pooled adds the a-spatial matrix first; plain records take the tests as an option", () => {
    const sm = spatialMarkovChain(rows, w, { cutoffs: [0.5], lagCutoffs: [0.5] });
    const fig = spatialTransitionHeatmaps(sm, { pooled: true });
    expect(fig.data).toHaveLength(3);
    expect((fig.data[0] as Any).z).toEqual(sm.p);
    const plain = spatialTransitionHeatmaps(sm.rows, { homogeneity: { Q: 2, LR: 3, dof: 4, Q_p_value: 0.7, LR_p_value: null } });
    expect((plain.layout.title as Any).text).toContain("Q = 2.00 (p = 0.700), LR = 3.00 (p = —), dof 4 (Bickenbach-Bode)");
    expect((plain.layout.title as Any).text).toContain("LR = 3.00 (p = —)");
    expect(() => spatialTransitionHeatmaps(sm.rows, { pooled: true })).toThrow(/pooled: true needs the spatialMarkovChain result/);
    expect(() => spatialTransitionHeatmaps(sm, { columns: 0 })).toThrow(/columns must be a positive integer/);
  });
});

describe("inequalityTrends", () => {
  const rows: Row[] = [
    { adcode: "110000", year: 2018, D: 0.5 },
    { adcode: "120000", year: 2018, D: 0.45 },
    { adcode: "140000", year: 2018, D: 0.3 },
    { adcode: "150000", year: 2018, D: 0.4 },
    { adcode: "210000", year: 2018, D: 0.2 },
    { adcode: "110000", year: 2019, D: 0.6 },
    { adcode: "120000", year: 2019, D: 0.5 },
    { adcode: "140000", year: 2019, D: 0.4 },
    { adcode: "150000", year: 2019, D: 0.45 },
    { adcode: "210000", year: 2019, D: 0.35 },
  ];

  it("from an inequality result: totals on two axes (T left, G right), between-group shares in percent beside", () => {
    const ineq = inequalityByYear(rows, { group: NBS_REGIONS });
    const fig = inequalityTrends(ineq);
    const [T, G, ts, ds, gross] = fig.data as Any[];
    expect(T.y).toEqual(ineq.rows.map((r) => r.T));
    expect([T.xaxis, T.yaxis, G.yaxis, ts.xaxis, ts.yaxis]).toEqual(["x", "y", "y3", "x2", "y2"]);
    expect(G.y).toEqual(ineq.rows.map((r) => r.G));
    expect(ts.y[0]).toBeCloseTo(100 * (ineq.rows[0].T_share_between as number), 12);
    expect(ds.y[1]).toBeCloseTo(100 * (ineq.rows[1].share_between as number), 12);
    expect(gross.y[0]).toBeCloseTo(100 * ((ineq.rows[0].share_between as number) + (ineq.rows[0].share_transvariation as number)), 12);
    expect(gross.line.dash).toBe("dash");
    expect((fig.layout.yaxis3 as Any).overlaying).toBe("y");
    expect((fig.layout.yaxis2 as Any).range).toEqual([0, 100]);
    expect(inequalityTrends(ineq, { gross: false }).data).toHaveLength(4);
  });

  it("a Theil result alone, or with a Dagum result joined by year; weighted Theil says so", () => {
    const th = theilByYear(rows, { group: NBS_REGIONS });
    expect(inequalityTrends(th).data.map((d) => d.name)).toEqual(["泰尔指数 T / Theil T", "泰尔组间占比 / Theil between share"]);
    const both = inequalityTrends(th, { dagum: dagumByYear(rows, { group: NBS_REGIONS }) });
    expect(both.data).toHaveLength(5);
    expect((both.data[1] as Any).y).toEqual(inequalityByYear(rows, { group: NBS_REGIONS }).rows.map((r) => r.G));
    const weighted = theilByYear(rows.map((r) => ({ ...r, pop: 100 })), { group: NBS_REGIONS, population: "pop" });
    expect(inequalityTrends(weighted).data[0].name).toBe("泰尔指数 T (人口加权) / Theil T (population-weighted)");
    expect(() => inequalityTrends(th, { dagum: dagumByYear(rows.filter((r) => r.year === 2019), { group: NBS_REGIONS }) })).toThrow(/the Dagum records have no year = 2018/);
  });

  it("plain records: shares must be fractions", () => {
    const fig = inequalityTrends([{ year: 1, T: 0.01, T_share_between: 0.3 }, { year: 2, T: 0.02, T_share_between: 0.4 }]);
    expect((fig.data[1] as Any).y).toEqual([30, 40]);
    expect(() => inequalityTrends([{ year: 1, T: 0.01, T_share_between: 30 }])).toThrow(/field "T_share_between" is 30: shares are read as fractions/);
    expect(() => inequalityTrends([{ year: 1, x: 1 }])).toThrow(/the records have neither "T" nor "G"/);
  });
});

describe("timeColor", () => {
  it("runs from the palette's dark start to its green end", () => {
    expect(timeColor(0, 5)).toBe("#440154");
    expect(timeColor(4, 5)).toBe("#7ad151");
    expect(timeColor(2, 5)).toBe("#2a788e");
    expect(timeColor(0, 1)).toBe("#7ad151");
  });
});
