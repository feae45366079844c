// Robustness runs on tiny hand-made panels where which conclusion holds under which scenario can
// be said by hand (the reasoning and the numbers are written out beside each expectation), the
// pipeline of each scenario against the frame calls made directly with the same choices, the
// scenario sets, and the refusals.
import { describe, expect, it } from "vitest";
import { weightsFromNeighbors } from "../../src/core/weights";
import { parseSpec } from "../../src/data/spec";
import { coupling } from "../../src/frame/coupling";
import { entropy } from "../../src/frame/entropy";
import { FrameError } from "../../src/frame/errors";
import type { Row } from "../../src/frame/results";
import {
  aboveMeanConclusion,
  betweenLargestConclusion,
  Conclusion,
  dropScenarios,
  equalWeightsScenarios,
  giniFallsConclusion,
  largestObstacleConclusion,
  leaveOneOutScenarios,
  levelConclusion,
  modelScenarios,
  moranConclusion,
  paper1Conclusions,
  poolingScenarios,
  rankingConclusion,
  risesConclusion,
  robustness,
  RobustnessRun,
  Scenario,
  standardScenarios,
  zeroScenarios,
} from "../../src/frame/robustness";
import { lisa, moranByYear } from "../../src/frame/spatial";
import { provinceWeights } from "../../src/data/adjacency";
import { summarize } from "../../src/frame/summarize";

// ---- panel 1: every indicator equal within a unit-time ------------------------------------------------
//
// Units a1, a2 (group A) and b1, b2 (group B); 2018 raw values 1, 2, 5, 13; 2019 twice those:
// 2, 4, 10, 26. Systems X (x1, x2) and Y (y1, y2), all four columns the same numbers, so within a
// system the two entropy weights are equal (0.5 each, whatever the convention), U_X = U_Y = x'
// (the min-max value), C = 1 under all three coupling models, and D = sqrt(x').
//
// Pooled (min 1, max 26): x' 2018 = 0, 1/25, 4/25, 12/25 -> D = 0, 0.2, 0.4, 0.6928;
//                         x' 2019 = 1/25, 3/25, 9/25, 1 -> D = 0.2, 0.3464, 0.6, 1.
//   means 0.3232 (level 4, 轻度失调) -> 0.5366 (level 6, 勉强协调): D rises.
//   Gini (sum |d_i - d_j| / (2 n^2 mean)): 2018 4.5569 / 10.343 = 0.4406; 2019 5.3072 / 17.171 = 0.3091: lower.
//   Groups: B above A and above the mean both years; no overlap between A and B, so Gt = 0 and
//   the between share is 1 - Gw / G (2018: Gw = 0.0953, share 0.78): the largest of the three.
// Per-year: 2018 x' = (r - 1) / 12 = 0, 1/12, 1/3, 1; 2019 x' = (r - 2) / 24: the same numbers (a
//   doubling is exact), so both years have D = 0, 0.2887, 0.5774, 1 (mean 0.4665, level 5):
//   D does not rise, the levels differ from the baseline's (4, 6), Gini is not lower.
// epsilon 0.002: x' moved a little (means 0.3360 -> 0.5382): nothing changes sign or level. (No
//   shift scenario here: b2 in 2019 is at the maximum of every indicator, so a shift makes its
//   scores 1 + shift, which coupling refuses as outside [0, 1].) The coupling models, dropping y2 (y1 is the same column) and
//   equal weights (0.5 each already) give the baseline's D exactly.

const spec1 = parseSpec(["id,system,direction,criterion", "x1,X,+,p", "x2,X,+,q", "y1,Y,+,r", "y2,Y,+,s"].join("\n"));
const raw = { a1: 1, a2: 2, b1: 5, b2: 13 } as const;
const group = (u: string) => (u.startsWith("a") ? "A" : "B");
const panel1: Row[] = Object.entries(raw).flatMap(([u, v]) =>
  [2018, 2019].map((t) => {
    const x = t === 2018 ? v : 2 * v;
    return { unit: u, year: t, grp: group(u), x1: x, x2: x, y1: x, y2: x };
  }),
);
const keys = { unit: "unit", group: "grp" };

const scenarios1: Scenario[] = [
  { name: "baseline" },
  { name: "epsilon", zero: { epsilon: 0.002 } },
  { name: "per-year", panel: "per-year" },
  { name: "wang2021", model: "wang2021" },
  { name: "fan2024", model: "fan2024" },
  { name: "without y2", drop: ["y2"] },
  { name: "equal", weights: "equal" },
];
const conclusions1: Conclusion[] = [
  risesConclusion(),
  levelConclusion(),
  rankingConclusion(),
  aboveMeanConclusion({ group: "B" }),
  giniFallsConclusion(),
  betweenLargestConclusion(),
];

describe("robustness on panel 1 (every indicator equal within a unit-time)", () => {
  const r = robustness(panel1, spec1, { ...keys, scenarios: scenarios1, conclusions: conclusions1 });
  const holds = (c: string) => Object.fromEntries(r.rows.filter((x) => x.conclusion === c).map((x) => [x.scenario, x.holds]));
  const value = (c: string, s: string) => r.rows.find((x) => x.conclusion === c && x.scenario === s)!.value;

  it("one row per conclusion x scenario, in order", () => {
    expect(r.rows).toHaveLength(6 * 7);
    expect(r.rows.slice(0, 7).map((x) => x.scenario)).toEqual(scenarios1.map((s) => s.name));
    expect(Object.keys(r.rows[0])).toEqual(["conclusion", "scenario", "value", "holds"]);
    expect(r.baseline).toBe("baseline");
  });

  it("D rises every time: fails under per-year weights only (the two years are the same numbers there)", () => {
    const all = Object.fromEntries(scenarios1.map((s) => [s.name, s.name !== "per-year"]));
    expect(holds("the mean D rises every time")).toEqual(all);
    expect(value("the mean D rises every time", "baseline")).toBe("0.323 → 0.537, 1 of 1 steps up");
    expect(value("the mean D rises every time", "per-year")).toBe("0.467 → 0.467, 0 of 1 steps up (not in 2019)");
    expect(value("the mean D rises every time", "epsilon")).toBe("0.336 → 0.538, 1 of 1 steps up");
  });

  it("the national level first and last: 4 -> 6 everywhere but per-year (5 and 5)", () => {
    const c = "national level in the first and last time";
    expect(holds(c)).toEqual(Object.fromEntries(scenarios1.map((s) => [s.name, s.name !== "per-year"])));
    expect(value(c, "baseline")).toBe("轻度失调 mild imbalance (0.323) → 勉强协调 barely coordinated (0.537)");
    expect(value(c, "per-year")).toBe("濒临失调 on the verge of imbalance (0.467) → 濒临失调 on the verge of imbalance (0.467)");
  });

  it("the ranking B > A and B above the mean hold under every scenario", () => {
    expect(Object.values(holds("group ranking in the first and last time")).every(Boolean)).toBe(true);
    expect(value("group ranking in the first and last time", "per-year")).toBe("B > A (2018); B > A (2019)");
    expect(Object.values(holds("B above the overall mean every time")).every(Boolean)).toBe(true);
    expect(value("B above the overall mean every time", "baseline")).toBe("2 of 2 times");
  });

  it("Gini lower in the last time: 0.4406 -> 0.3091 at baseline; fails under per-year (equal Gini)", () => {
    const c = "Gini lower in the last time than in the first";
    expect(holds(c)).toEqual(Object.fromEntries(scenarios1.map((s) => [s.name, s.name !== "per-year"])));
    expect(value(c, "baseline")).toBe("0.4406 → 0.3091");
    expect(value(c, "per-year")).toBe("0.4406 → 0.4406");
  });

  it("the between-group share is the largest every time under every scenario (no overlap: Gt = 0)", () => {
    const c = "between-group share the largest of the three every time";
    expect(Object.values(holds(c)).every(Boolean)).toBe(true);
    expect(value(c, "baseline")).toBe("2 of 2 times");
  });

  it("the summary: counts, failing scenarios, readings computed from the rows", () => {
    const s = r.summary.rows;
    expect(s.map((x) => [x.conclusion, x.holds, x.fails, x.robust, x.failing])).toEqual([
      ["the mean D rises every time", 6, 1, false, "per-year"],
      ["national level in the first and last time", 6, 1, false, "per-year"],
      ["group ranking in the first and last time", 7, 0, true, ""],
      ["B above the overall mean every time", 7, 0, true, ""],
      ["Gini lower in the last time than in the first", 6, 1, false, "per-year"],
      ["between-group share the largest of the three every time", 7, 0, true, ""],
    ]);
    expect(r.readings[0]).toBe("the mean D rises every time: holds under 6 of 7 scenarios; fails under 1: per-year (0.467 → 0.467, 0 of 1 steps up (not in 2019)).");
    expect(r.readings[2]).toBe("group ranking in the first and last time: holds under all 7 scenarios (baseline: B > A (2018); B > A (2019)).");
    expect(s[0].baseline).toBe("0.323 → 0.537, 1 of 1 steps up");
  });

  it("the display table: one row per scenario with its choices, ✓ / ✗ per conclusion", () => {
    expect(r.columns.slice(0, 2)).toEqual(["scenario", "choices"]);
    expect(r.tableRows[0].choices).toBe("0 ln 0 := 0, pooled, classic, entropy weights, all indicators");
    expect(r.tableRows[2]).toMatchObject({ scenario: "per-year", choices: "0 ln 0 := 0, per-year, classic, entropy weights, all indicators", "the mean D rises every time": "✗", "B above the overall mean every time": "✓" });
    expect(r.scenarios[5].choices).toBe("0 ln 0 := 0, pooled, classic, entropy weights, without y2");
    expect(r.scenarios[1].choices).toBe("epsilon 0.002, pooled, classic, entropy weights, all indicators");
  });

  it("expected values instead of the baseline's; a conclusion that fails under the baseline says so", () => {
    const rr = robustness(panel1, spec1, {
      ...keys,
      scenarios: scenarios1.slice(0, 3),
      conclusions: [levelConclusion({ expected: [4, "勉强协调"], name: "as printed" }), levelConclusion({ expected: ["濒临失调", 5], name: "per-year's" }), rankingConclusion({ expected: [["A", "B"], ["B", "A"]], name: "A first in 2018" })],
    });
    expect(rr.rows.filter((x) => x.conclusion === "as printed").map((x) => x.holds)).toEqual([true, true, false]);
    expect(rr.rows.filter((x) => x.conclusion === "per-year's").map((x) => x.holds)).toEqual([false, false, true]);
    expect(rr.readings[1]).toBe(
      "per-year's: fails under the baseline (轻度失调 mild imbalance (0.323) → 勉强协调 barely coordinated (0.537)) and under 1 other scenario; holds under 1: per-year (濒临失调 on the verge of imbalance (0.467) → 濒临失调 on the verge of imbalance (0.467)).",
    );
    expect(rr.readings[2]).toBe("A first in 2018: fails under every scenario, the baseline included (baseline: B > A (2018); B > A (2019)).");
    expect(() => levelConclusion({ expected: ["good"] })).toThrow(/expected has 1 levels for 2 times/);
    expect(() => levelConclusion({ expected: ["good", 3] })).toThrow(/expected level the string "good" is neither 1-10 nor a level's name/);
  });

  it("Moran's I in the last time: the scenario's D through moranByYear with the same weights", () => {
    const w = weightsFromNeighbors(["a1", "a2", "b1", "b2"], [[1], [0, 2], [1, 3], [2]]);
    const rr = robustness(panel1, spec1, { ...keys, scenarios: scenarios1.slice(0, 1), conclusions: [moranConclusion({ weights: w, permutations: 99 })] });
    const cd = coupling(entropy(panel1, spec1, keys).scores);
    const m = moranByYear({ rows: cd.rows.filter((x) => x.year === 2019), keys: cd.keys }, w, { permutations: 99 });
    const I = m.rows[0].I as number;
    const p = m.rows[0].p_sim as number;
    expect(rr.rows[0].value).toBe(`I = ${I.toFixed(3)}, p_sim = ${p.toFixed(3)}`);
    expect(rr.rows[0].holds).toBe(I > 0 && p <= 0.05);
  });
});

// ---- panel 2: the obstacle layer and what each scenario runs ------------------------------------------
//
// As panel 1, but y2 (criterion s) is 0 everywhere except b2 in 2019 (1). Its entropy is 0 (one
// non-zero proportion), so its weight dwarfs y1's: s is the largest obstacle of system Y.
// Without y2, Y has only r: the largest is r (fails; its value 0.875 below). Without y1, only s (holds). Equal weights
// (0.5, 0.5): O_s = (1 - y2') / ((1 - y1') + (1 - y2')) per unit-time, with y1' = 0, .04, .16, .48
// (2018) and .04, .12, .36, 1 (2019): 2018 1/2, 1/1.96, 1/1.84, 1/1.52 (mean 0.55289); 2019 1/1.96,
// 1/1.88, 1/1.64 and 0 for b2 (every indicator at its best: a row without obstacle), mean 0.41297;
// the period mean 0.48293 > r's 0.36882 (2018 0.44711, 2019 0.33703... r = 1 - s per row but b2):
// s still the largest (holds).

const spec2 = spec1;
const panel2: Row[] = panel1.map((r) => ({ ...r, y2: r.unit === "b2" && r.year === 2019 ? 1 : 0 }));

describe("robustness on panel 2 (a spike indicator)", () => {
  const scenarios2: Scenario[] = [{ name: "baseline" }, { name: "without y2", drop: ["y2"] }, { name: "without y1", drop: ["y1"] }, { name: "equal", weights: "equal" }];

  it("the largest obstacle layer of Y: s, except without y2 (r)", () => {
    const r = robustness(panel2, spec2, { ...keys, scenarios: scenarios2, conclusions: [largestObstacleConclusion({ system: "Y" })] });
    expect(r.rows.map((x) => [x.scenario, x.holds])).toEqual([["baseline", true], ["without y2", false], ["without y1", true], ["equal", true]]);
    expect(String(r.rows[0].value)).toMatch(/^s \(0\.\d{3}\)$/);
    // without y2, r is Y's only factor: O_r = 1 in every unit-time but b2 2019 (at its best in y1:
    // no obstacle, 0): 2018 mean 1, 2019 mean 3/4, period mean 0.875
    expect(r.rows[1].value).toBe("r (0.875)");
    expect(r.rows[3].value).toBe("s (0.483)");
    // every system, and an expected answer per system
    const all = robustness(panel2, spec2, { ...keys, scenarios: scenarios2.slice(0, 1), conclusions: [largestObstacleConclusion({ expected: { X: "q", Y: "s" } })] });
    // p and q tie in X at (1/2 + 3/8) / 2 = 0.4375 (b2 2019 has no obstacle): the first listed wins
    expect(String(all.rows[0].value)).toMatch(/^X: p \(0\.438\); Y: s \(0\.\d{3}\)$/);
    expect(all.rows[0].holds).toBe(false);
  });

  it("each scenario runs the frame calls with its choices (captured runs against direct calls)", () => {
    const seen: Record<string, RobustnessRun> = {};
    const capture: Conclusion = { name: "capture", evaluate: (run) => ((seen[run.scenario.name] = run), { value: 0, holds: true }) };
    robustness(panel2, spec2, { ...keys, scenarios: [...scenarios2, { name: "wang", model: "wang2021" }, { name: "eps", zero: { epsilon: 0.002 } }], conclusions: [capture] });
    // (per-year weights need no constant indicator in any year: y2 is all 0 in 2018; panel 1 below)
    robustness(panel1, spec1, { ...keys, scenarios: [{ name: "panel 1" }, { name: "py", panel: "per-year", zero: { epsilon: 0.002 } }], conclusions: [capture] });
    const D = (rows: Row[]) => rows.map((x) => x.D);
    const direct = (o: Parameters<typeof entropy>[2], model?: "wang2021") => coupling(entropy(panel2, spec2, { ...keys, ...o }).scores, model ? { model } : {});
    expect(D(seen.baseline.coupling.rows)).toEqual(D(direct({}).rows));
    expect(D(seen.wang.coupling.rows)).toEqual(D(direct({}, "wang2021").rows));
    expect(D(seen.eps.coupling.rows)).toEqual(D(direct({ zero: { epsilon: 0.002 } }).rows));
    expect(D(seen.py.coupling.rows)).toEqual(D(coupling(entropy(panel1, spec1, { ...keys, panel: "per-year", zero: { epsilon: 0.002 } }).scores).rows));
    expect(seen.py.entropy.weights.rows[0].w_2018).toBe(0.5);
    expect(D(seen["without y2"].coupling.rows)).toEqual(D(coupling(entropy(panel2, spec2.filter((s) => s.id !== "y2"), keys).scores).rows));
    expect(seen.baseline.national.rows).toEqual(summarize(direct({})).rows);
    expect(seen.wang.scenario).toMatchObject({ model: "wang2021", panel: "pooled", zero: "limit", weights: "entropy", dropped: [] });
    expect(seen.baseline.times).toEqual([2018, 2019]);
    // equal weights: U_Y = (y1' + y2') / 2, U_X = (x1' + x2') / 2, criteria = their halves, on the entropy step's x'
    const e = entropy(panel2, spec2, keys);
    seen.equal.scores.rows.forEach((row, i) => {
      const n = e.normalized.rows[i];
      expect(row.Y).toBeCloseTo(0.5 * (n.y1 as number) + 0.5 * (n.y2 as number), 15);
      expect(row.X).toBeCloseTo(0.5 * (n.x1 as number) + 0.5 * (n.x2 as number), 15);
      expect(row.s).toBeCloseTo(0.5 * (n.y2 as number), 15);
      expect([row.unit, row.year]).toEqual([n.unit, n.year]);
    });
    expect(seen.equal.weights.rows.map((w) => w.weight)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

// ---- scenario sets and refusals ---------------------------------------------------------------------------

describe("scenario sets", () => {
  const paper1Spec = "data/specs/zhang-ouyang-2025.csv";

  it("the ready-made sets", () => {
    expect(zeroScenarios()).toEqual([
      { name: "zero: limit", zero: "limit" },
      { name: "zero: shift 0.0001", zero: { shift: 0.0001 } },
      { name: "zero: epsilon 0.002", zero: { epsilon: 0.002 } },
    ]);
    expect(poolingScenarios().map((s) => s.panel)).toEqual(["pooled", "per-year"]);
    expect(modelScenarios().map((s) => s.model)).toEqual(["classic", "wang2021", "fan2024"]);
    expect(equalWeightsScenarios().map((s) => s.weights)).toEqual(["entropy", "equal"]);
    expect(dropScenarios({ status: "proxy" })).toEqual([{ name: "all indicators" }, { name: "without proxy indicators", drop: { status: "proxy" } }]);
    expect(dropScenarios(["S7", "S8"])[1]).toEqual({ name: "without S7, S8", drop: ["S7", "S8"] });
    // paper 1: 24 indicators, 5 unavailable -> 19 left out in turn
    expect(leaveOneOutScenarios(paper1Spec).map((s) => s.name)).toEqual([..."12345678".split("").map((k) => `without S${k}`), ...Array.from({ length: 11 }, (_, k) => `without R${k + 1}`)]);
  });

  it("standardScenarios: one choice changed at a time, duplicates of the baseline left out (paper 1: 27)", () => {
    const s = standardScenarios(paper1Spec);
    expect(s.map((x) => x.name).slice(0, 8)).toEqual(["baseline", "zero: shift 0.0001", "zero: epsilon 0.002", "weights: per-year", "model: wang2021", "model: fan2024", "without proxy indicators", "weights: equal"]);
    expect(s).toHaveLength(27);
    const around = standardScenarios(paper1Spec, { base: { model: "wang2021" } });
    expect(around[0]).toEqual({ name: "baseline", model: "wang2021" });
    expect(around.map((x) => x.name)).toContain("model: classic");
    expect(around.map((x) => x.name)).not.toContain("model: wang2021");
    expect(standardScenarios(spec1)).toHaveLength(1 + 2 + 1 + 2 + 1 + 4); // no proxy indicator in spec1
  });
});

describe("refusals name the scenario or conclusion", () => {
  const run = (scenarios: Scenario[], conclusions: Conclusion[] = [risesConclusion()], extra: object = keys) => robustness(panel1, spec1, { ...extra, scenarios, conclusions } as never);

  it("scenarios", () => {
    expect(() => run([])).toThrow(/scenarios must be a non-empty array/);
    expect(() => run([{ name: "a" }, { name: "a", model: "fan2024" }])).toThrow(/scenario name "a" is given twice \(positions 1 and 2\)/);
    expect(() => run([{ name: "typo", modle: "fan2024" } as never])).toThrow(/scenario "typo" has unknown choice "modle"/);
    expect(() => run([{ name: "x", drop: ["S99"] }])).toThrow(/scenario "x": drop names the string "S99", which is not an indicator of the specification \(x1, x2, y1, y2\)/);
    expect(() => run([{ name: "x", drop: { status: "proxy" } }])).toThrow(/no indicator of the specification has status the string "proxy"/);
    expect(() => run([{ name: "m", model: "best" as never }])).toThrow(/scenario "m": model must be "classic", "wang2021" or "fan2024"/);
    expect(() => run([{ name: "e", weights: "pca" as never }])).toThrow(/weights must be "entropy" or "equal"/);
    // a pipeline step that fails under a scenario: dropping both of X's indicators
    expect(() => run([{ name: "no X", drop: ["x1", "x2"] }])).toThrow(/conclusion "the mean D rises every time" under scenario "no X": coupling: name at least two score columns/);
  });

  it("conclusions", () => {
    expect(() => run([{ name: "b" }], [])).toThrow(/conclusions must be a non-empty array/);
    expect(() => run([{ name: "b" }], [{ name: "bad" } as never])).toThrow(/conclusion 1 must be \{ name, evaluate\(run, baseline\) \}/);
    expect(() => run([{ name: "b" }], [risesConclusion(), risesConclusion()])).toThrow(/conclusion name "the mean D rises every time" is given twice/);
    const nan: Conclusion = { name: "nan", evaluate: () => ({ value: NaN, holds: true }) };
    expect(() => run([{ name: "b" }], [nan])).toThrow(/conclusion "nan" under scenario "b" returned object .*; expected \{ value: string \| finite number, holds: boolean \}/);
    const boom: Conclusion = { name: "boom", evaluate: () => { throw new Error("no such column"); } };
    expect(() => run([{ name: "b" }], [boom])).toThrow(/robustness: conclusion "boom" under scenario "b": no such column/);
    expect(() => run([{ name: "b" }], [aboveMeanConclusion({ group: "C" })])).toThrow(/no group "C" \(groups: A, B\)/);
    // group conclusions on a panel without a group
    expect(() => run([{ name: "b" }], [giniFallsConclusion()], { unit: "unit" })).toThrow(/this conclusion needs a group/);
    expect(() => aboveMeanConclusion({} as never)).toThrow(FrameError);
  });
});

describe("paper 1's conclusions on its bundled panel", () => {
  it("seven conclusions; at baseline the reference conclusions hold by construction, and D rises", async () => {
    const { readPanel } = await import("../../src/data/loaders");
    const { dataPath } = await import("../../src/data/paths");
    const { NBS_REGIONS, panel } = await import("../../src/frame/panel");
    const p = panel(await readPanel(dataPath("panels", "zhang-ouyang-2025.csv")), { group: NBS_REGIONS });
    const r = robustness(p, dataPath("specs", "zhang-ouyang-2025.csv"), { scenarios: [{ name: "baseline" }, { name: "model: fan2024", model: "fan2024" }], conclusions: paper1Conclusions() });
    expect(r.conclusions).toHaveLength(7);
    const base = r.rows.filter((x) => x.scenario === "baseline");
    expect(base.every((x) => x.holds)).toBe(true);
    expect(base[0].value).toMatch(/^0\.396 → 0\.615, 7 of 7 steps up$/);
    expect(String(base[2].value)).toBe("east > west > northeast > central (2012); east > west > central > northeast (2019)");
  });
});

// ---- spatial and data choices (paper 2's sensitivity scenarios) -----------------------------------------
//
// Panel 3: six southern provinces, Fujian 350000, Jiangxi 360000, Hunan 430000, Guangdong 440000,
// Guangxi 450000, Hainan 460000 (Hainan has no land border: its link is the choice), 2018-2019,
// systems X (x1, x2) and Y (y1, y2) with values that differ by unit. Every number a scenario's run
// reports is checked against the frame calls made directly with the same choices: entropy ->
// coupling -> provinceWeights({ hainan, style, units }) -> moranByYear / lisa({ permutations, seed }).
// Panel 3b (the "data" choice): the same provinces, 2017-2019, with its own specification (x1, y1, y2).

const adcodes = ["350000", "360000", "430000", "440000", "450000", "460000"];
const base3 = [3, 1, 4, 9, 2, 6];
const panel3: Row[] = [2018, 2019].flatMap((t, k) =>
  adcodes.map((a, i) => ({ adcode: a, year: t, x1: base3[i] + k, x2: (base3[i] * 7) % 10 + 1 + 2 * k, y1: base3[(i + 2) % 6] + k, y2: i + 1 + k })),
);
const spec3 = spec1;
const spec3b = parseSpec(["id,system,direction,criterion", "x1,X,+,p", "y1,Y,+,r", "y2,Y,+,s"].join("\n"));
const panel3b: Row[] = [2017, 2018, 2019].flatMap((t, k) => adcodes.map((a, i) => ({ adcode: a, year: t, x1: base3[i] * (k + 1), y1: base3[5 - i] + k, y2: i + k })));
const keys3 = { unit: "adcode" };

describe("spatial, permutation and data choices", () => {
  const seen: Record<string, RobustnessRun> = {};
  const capture: Conclusion = { name: "capture", evaluate: (run) => ((seen[run.scenario.name] = run), { value: 0, holds: true }) };
  const scenarios3: Scenario[] = [
    { name: "baseline" },
    { name: "isolated", hainan: "isolated" },
    { name: "gd+gx", hainan: "guangdong+guangxi" },
    { name: "binary", style: "B" },
    { name: "99/7", permutations: 99, seed: 7 },
    { name: "other panel", data: { panel: panel3b, spec: spec3b, name: "2017-2019" } },
  ];
  const r = robustness(panel3, spec3, { ...keys3, scenarios: scenarios3, conclusions: [capture], base: { permutations: 199, seed: 3 } });
  const cd = coupling(entropy(panel3, spec3, keys3).scores);
  const cdb = coupling(entropy(panel3b, spec3b, keys3).scores);
  const wOf = (o: Parameters<typeof provinceWeights>[0]) => provinceWeights({ ...o, units: adcodes });

  it("result.runs: one run per scenario, in order, the same objects the conclusions saw", () => {
    expect(r.runs.map((x) => x.scenario.name)).toEqual(scenarios3.map((s) => s.name));
    scenarios3.forEach((s, i) => expect(r.runs[i]).toBe(seen[s.name]));
  });

  it("the choices as resolved, named in the text only when set", () => {
    expect(seen.baseline.scenario).toMatchObject({ hainan: "guangdong", style: "W", permutations: 199, seed: 3, data: null });
    expect(seen["99/7"].scenario).toMatchObject({ permutations: 99, seed: 7 });
    expect(seen["other panel"].scenario.data).toBe("2017-2019");
    expect(seen.isolated.scenario.choices).toBe("0 ln 0 := 0, pooled, classic, entropy weights, all indicators, Hainan: isolated, 199 permutations, seed 3");
    expect(seen["other panel"].scenario.choices).toContain("data: 2017-2019");
    // without base and without spatial choices the text is as before
    const plain = robustness(panel3, spec3, { ...keys3, scenarios: [{ name: "p" }], conclusions: [capture] });
    expect(plain.scenarios[0].choices).toBe("0 ln 0 := 0, pooled, classic, entropy weights, all indicators");
    expect(plain.scenarios[0]).toMatchObject({ permutations: null, seed: null });
  });

  it("spatialWeights: provinceWeights with the scenario's Hainan link and style, on the panel's units", () => {
    const hn = (w: { ids: readonly string[]; neighbors: readonly (readonly number[])[] }) => w.neighbors[w.ids.indexOf("460000")].map((j) => w.ids[j]);
    expect(seen.baseline.spatialWeights.ids).toEqual(adcodes);
    // by hand: Hainan linked to Guangdong only; isolated: no neighbour; to Guangdong and Guangxi
    expect(hn(seen.baseline.spatialWeights)).toEqual(["440000"]);
    expect(hn(seen.isolated.spatialWeights)).toEqual([]);
    expect(hn(seen["gd+gx"].spatialWeights)).toEqual(["440000", "450000"]);
    expect(seen.binary.spatialWeights.weights).toEqual(wOf({ style: "B" }).weights);
    expect(seen["gd+gx"].spatialWeights.weights).toEqual(wOf({ hainan: "guangdong+guangxi" }).weights);
    expect(seen.baseline.spatialWeights.weights).toEqual(wOf({}).weights);
  });

  it("moranByYear and lisa: the direct calls with the scenario's weights, permutations and seed", () => {
    const I = (m: { rows: Row[] }) => m.rows.map((x) => [x.year, x.I, x.p_rand, x.p_sim]);
    expect(I(seen.baseline.moranByYear())).toEqual(I(moranByYear(cd, wOf({}), { permutations: 199, seed: 3 })));
    expect(I(seen.isolated.moranByYear())).toEqual(I(moranByYear(cd, wOf({ hainan: "isolated" }), { permutations: 199, seed: 3 })));
    expect(I(seen.binary.moranByYear())).toEqual(I(moranByYear(cd, wOf({ style: "B" }), { permutations: 199, seed: 3 })));
    expect(I(seen["99/7"].moranByYear())).toEqual(I(moranByYear(cd, wOf({}), { permutations: 99, seed: 7 })));
    const L = (l: { rows: Row[] }) => l.rows.map((x) => [x.adcode, x.Is, x.p_sim, x.cluster]);
    expect(L(seen["99/7"].lisa({ time: 2018, alpha: 0.1 }))).toEqual(L(lisa(cd, wOf({}), { year: 2018, alpha: 0.1, permutations: 99, seed: 7 })));
    expect(L(seen["gd+gx"].lisa())).toEqual(L(lisa(cd, wOf({ hainan: "guangdong+guangxi" }), { year: 2019, permutations: 199, seed: 3 })));
    // moran(w) takes the scenario's permutations and seed unless given
    expect(I(seen["99/7"].moran(wOf({})))).toEqual(I(moranByYear({ rows: cd.rows.filter((x) => x.year === 2019), keys: cd.keys }, wOf({}), { permutations: 99, seed: 7 })));
    // the choices matter here (else the comparisons above could not tell them apart)
    const pSim = (m: { rows: Row[] }) => m.rows.map((x) => x.p_sim);
    expect(pSim(seen["99/7"].moranByYear())).not.toEqual(pSim(seen.baseline.moranByYear()));
    expect(I(seen.isolated.moranByYear())).not.toEqual(I(seen.baseline.moranByYear()));
    expect(I(seen.binary.moranByYear())).not.toEqual(I(seen.baseline.moranByYear()));
    expect(seen.baseline.lisa().rows.every((x) => typeof x.Is === "number")).toBe(true);
    // the result is computed once per run
    expect(seen.baseline.moranByYear()).toBe(seen.baseline.moranByYear());
  });

  it("data: another panel and its specification, the pipeline run on it", () => {
    const run = seen["other panel"];
    expect(run.times).toEqual([2017, 2018, 2019]);
    expect(run.coupling.rows.map((x) => x.D)).toEqual(cdb.rows.map((x) => x.D));
    expect(run.entropy.weights.rows.map((w) => w.indicator)).toEqual(["x1", "y1", "y2"]);
    expect(run.national.rows).toEqual(summarize(cdb).rows);
  });

  it("refusals", () => {
    const go = (s: Scenario) => robustness(panel3, spec3, { ...keys3, scenarios: [s], conclusions: [capture] });
    expect(() => go({ name: "h", hainan: "taiwan" as never })).toThrow(/scenario "h": hainan must be "guangdong", "isolated" or "guangdong\+guangxi", got the string "taiwan"/);
    expect(() => go({ name: "s", style: "R" as never })).toThrow(/scenario "s": style must be "W" or "B"/);
    expect(() => go({ name: "p", permutations: 9.5 })).toThrow(/scenario "p": permutations must be a whole number >= 0, got 9.5/);
    expect(() => go({ name: "z", seed: Number.NaN })).toThrow(/scenario "z": seed must be a finite number/);
    expect(() => go({ name: "d", data: { panel: panel3b } as never })).toThrow(/scenario "d": data must be \{ panel, spec, name\? \}/);
    expect(() => go({ name: "d2", data: { panel: panel3b, spec: spec3b }, drop: ["x2"] })).toThrow(/scenario "d2": drop names the string "x2", which is not an indicator of the specification \(x1, y1, y2\)/);
  });
});
