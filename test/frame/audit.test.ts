import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  audit,
  AuditError,
  auditSummary,
  checkDagumIdentities,
  checkEveryTime,
  checkLevels,
  checkMeanRow,
  checkPartSums,
  checkPercentChanges,
  checkQuotedYears,
  checkQuotes,
  checkSorted,
  checkStatement,
  checkSums,
  checkValue,
  checkWeightedMeans,
  cornerBounds,
  halfUnit,
} from "../../src/frame/audit";
import { timeSeries } from "../../src/frame/trends";
import { dagum } from "../../src/core/dagum";

const NREG = { east: 10, central: 6, west: 12, northeast: 3 };

describe("halfUnit, checkValue, checkStatement", () => {
  it("half a unit of the printed decimals", () => {
    expect(halfUnit("0.050")).toBe(0.0005);
    expect(halfUnit("39.39%")).toBe(0.005);
    expect(halfUnit("14%")).toBe(0.5);
    expect(halfUnit(25.306)).toBe(0.0005);
    expect(() => halfUnit("n/a")).toThrow(/no number in "n\/a"/);
  });

  it("distance, tolerance and the slack of doubles (1.1 vs 1 within 0.1)", () => {
    const c = checkValue({ id: "x", check: "min", printed: 1.1, recomputed: 1, tolerance: 0.1, digits: 3 });
    expect(c.distance).toBeGreaterThan(0.1); // 0.10000000000000009 in doubles
    expect(c).toMatchObject({ printed: "1.1", recomputed: "1.000", tolerance: 0.1, pass: true });
    expect(checkValue({ id: "y", check: "", printed: 0.05, recomputed: 0.0457, tolerance: 0.001 }).pass).toBe(false);
    expect(() => checkValue({ id: "z", check: "", printed: NaN, recomputed: 1, tolerance: 0 })).toThrow(/checkValue z: printed is null|not a finite number/);
    expect(() => checkValue({ id: "z", check: "", printed: 1, recomputed: 1, tolerance: -1 })).toThrow(/tolerance must be a finite number >= 0/);
    expect(checkStatement({ id: "s", check: "c", printed: "a", recomputed: "b", pass: false })).toEqual({ group: "", id: "s", check: "c", printed: "a", recomputed: "b", distance: null, tolerance: null, pass: false });
  });
});

describe("table checks on paper 1's printed values", () => {
  it("checkWeightedMeans: Table 3 2012 = 11.424 / 31 = 0.368516...", () => {
    const t3 = [{ year: 2012, D: 0.368 }, { year: 2013, D: 0.389 }];
    const t4 = [
      { year: 2012, east: 0.366, central: 0.352, west: 0.386, northeast: 0.34 },
      { year: 2013, east: 0.396, central: 0.364, west: 0.402, northeast: 0.358 },
      { year: null, east: 0.482, central: 0.444, west: 0.474, northeast: 0.425 },
    ];
    const rows = checkWeightedMeans(t3, t4, { time: "year", value: "D", weights: NREG, half: 0.0005, prefix: "A" });
    expect(rows).toHaveLength(2);
    expect(rows[0].id).toBe("A-2012");
    expect(rows[0].check).toBe("2012: (10·0.366 + 6·0.352 + 12·0.386 + 3·0.34) / 31");
    expect(rows[0].distance).toBeCloseTo(11.424 / 31 - 0.368, 15);
    expect(rows[0].tolerance).toBe(0.001);
    // 2013: (3.96 + 2.184 + 4.824 + 1.074) / 31 = 12.042 / 31 = 0.388452
    expect(rows[1].recomputed).toBe("0.3885");
    expect(rows.every((r) => r.pass)).toBe(true);
    expect(() => checkWeightedMeans([{ year: 2020, D: 0.5 }], t4, { time: "year", value: "D", weights: NREG, half: 0.0005, prefix: "A" })).toThrow(/no part record for year 2020/);
  });

  it("checkMeanRow: the mean row against the mean of the years (by hand)", () => {
    const t4 = [{ year: 2012, east: 0.366, west: 0.386 }, { year: 2013, east: 0.396, west: 0.402 }, { year: null, east: 0.38, west: 0.394 }];
    const rows = checkMeanRow(t4, { time: "year", groups: ["east", "west"], half: 0.0005, prefix: "B" });
    expect(rows.map((r) => r.check)).toEqual(["east: mean of 2 years", "west: mean of 2 years"]);
    expect(rows[0].distance).toBeCloseTo(0.001, 15); // (0.366 + 0.396)/2 = 0.381
    expect(rows[0].pass).toBe(true); // 0.001 <= 2 × 0.0005
    expect(rows[1].distance).toBeCloseTo(0, 15);
    expect(() => checkMeanRow(t4.slice(0, 2), { time: "year", groups: ["east"], half: 0.0005, prefix: "B" })).toThrow(/found 0/);
  });

  it("checkSums: by system and column (Table 5), count form (Table 2), per year (Table 7)", () => {
    const t5 = [
      { system: "security", "2012": 45.36, "2021": 40.58 },
      { system: "security", "2012": 36.78, "2021": 38.87 },
      { system: "security", "2012": 17.86, "2021": 20.56 },
    ];
    const d = checkSums(t5, { by: "system", columns: ["2012", "2021"], total: 100, half: 0.005, prefix: "D", digits: 2 });
    expect(d.map((r) => r.id)).toEqual(["D-security-2012", "D-security-2021"]);
    expect(d[0].check).toBe("security, 2012: 45.36 + 36.78 + 17.86 = 100");
    expect(d[1].recomputed).toBe("100.01");
    expect(d[1].distance).toBeCloseTo(0.01, 12);
    expect(d[1].tolerance).toBeCloseTo(0.015, 15);
    const c = checkSums([{ s: "a", w: 0.5 }, { s: "a", w: 0.5004 }], { by: "s", columns: ["w"], total: 1, half: 0.0005, prefix: "C", terms: false, noun: "weights", digits: 3 });
    expect(c[0]).toMatchObject({ id: "C-a", check: "a: Σ of 2 weights = 1", printed: "1", recomputed: "1.000", tolerance: 0.001, pass: true });
    const e = checkSums([{ "2012": 25.306, "2013": 25.605 }, { "2012": 46.376, "2013": 41.015 }, { "2012": 28.318, "2013": 33.38 }], { columns: ["2012", "2013"], total: 100, half: 0.0005, prefix: "E", digits: 3 });
    expect(e.map((r) => [r.id, r.check])).toEqual([
      ["E-2012", "2012: 25.306 + 46.376 + 28.318 = 100"],
      ["E-2013", "2013: 25.605 + 41.015 + 33.38 = 100"],
    ]);
    expect(e[0].tolerance).toBeCloseTo(0.0015, 15);
    // one column and no `by`: the column still names the check
    const one = checkSums([{ w: 0.6 }, { w: 0.4 }], { columns: ["w"], total: 1, half: 0.0005, prefix: "C" });
    expect(one.map((r) => [r.id, r.check, r.pass])).toEqual([["C-w", "w: 0.6 + 0.4 = 1", true]]);
  });

  it("checkPercentChanges: 14% from 0.050 -> 0.043, 39.39% from 0.033 -> 0.020", () => {
    const rows = checkPercentChanges([
      { id: "gini-decline", label: "overall", from: 0.05, to: 0.043, printed: "14%" },
      { id: "within-central-decline", label: "central", from: 0.033, to: 0.02, printed: "39.39%" },
    ]);
    expect(rows[0]).toMatchObject({ check: "overall: (0.050 − 0.043) / 0.050", printed: "14", recomputed: "14.00", tolerance: 0.5, pass: true });
    // 100 × 0.013 / 0.033 = 39.3939...
    expect(rows[1].distance).toBeCloseTo(39.393939393939 - 39.39, 9);
    expect(rows[1].tolerance).toBe(0.005);
    expect(checkPercentChanges([{ id: "up", label: "x", from: 0.055, to: 0.06, printed: "9.09%" }], { direction: "increase" })[0].pass).toBe(true);
  });

  it("checkQuotes: the first matching rule, others skipped", () => {
    const rules = [
      { match: /^D-(\d{4})$/, check: (m: RegExpMatchArray) => `national D ${m[1]}`, value: () => 0.368, digits: 3 },
      { match: /^D-/, check: () => "never", value: () => 0 },
    ];
    const rows = checkQuotes([{ id: "D-2012", value: 0.368 }, { id: "gini-2012", value: 0.05 }], rules);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: "D-2012", check: "national D 2012", recomputed: "0.368", distance: 0, tolerance: 0, pass: true });
  });

  it("checkLevels: bands [a, b), the edge mark, and a wrong name", () => {
    const rows = checkLevels(
      [
        { year: 2017, D: 0.483, level_zh: "濒临失调" },
        { year: 2018, D: 0.5002, level_zh: "勉强协调" },
        { year: 2019, D: 0.531, level_zh: "初级协调" },
      ],
      { time: "year", value: "D", level: "level_zh", half: 0.0005, prefix: "H" },
    );
    expect(rows.map((r) => r.recomputed)).toEqual(["濒临失调 [0.4, 0.5)", "勉强协调 [0.5, 0.6)", "勉强协调 [0.5, 0.6)"]);
    expect(rows[1].check).toBe("2018: D = 0.500 (within rounding of a band edge)");
    expect(rows.map((r) => r.pass)).toEqual([true, true, false]);
  });

  it("checkPartSums: equality when every part is listed, a bound otherwise", () => {
    const t2 = [
      { id: "R11", criterion: "financial" },
      { id: "R12", criterion: "financial" },
      { id: "R1", criterion: "material" },
      { id: "R2", criterion: "material" },
    ];
    const t5 = [{ criterion: "financial", zh: "财力", mean: 38.38 }, { criterion: "material", zh: "物力", mean: 32.73 }, { criterion: "human", zh: "人力", mean: 28.89 }];
    const t6 = [{ id: "R11", mean: 21.24 }, { id: "R12", mean: 17.14 }, { id: "R1", mean: 10.28 }];
    const rows = checkPartSums(t5, t6, { key: "criterion", universe: t2, columns: ["mean"], half: 0.005, prefix: "J", label: "zh", noun: "indicators" });
    expect(rows).toHaveLength(2); // human has no listed part
    expect(rows[0]).toMatchObject({ id: "J-financial-mean", check: "财力 mean = R11 + R12", recomputed: "38.38", pass: true });
    expect(rows[0].tolerance).toBeCloseTo(0.015, 15);
    expect(rows[1]).toMatchObject({ check: "物力 mean ≥ R1 (1 of 2 indicators)", printed: "32.73", recomputed: "10.28", distance: null, pass: true });
    const over = checkPartSums([{ criterion: "material", zh: "物力", mean: 10 }], t6, { key: "criterion", universe: t2, columns: ["mean"], half: 0.005, prefix: "J" });
    expect(over[0].pass).toBe(false);
    expect(() => checkPartSums(t5, [{ id: "S99", mean: 1 }], { key: "criterion", universe: t2, columns: ["mean"], half: 0.005, prefix: "J" })).toThrow(/part "S99" is not in the universe/);
  });

  it("checkSorted and checkQuotedYears", () => {
    const s = checkSorted([{ sys: "a", m: 3 }, { sys: "a", m: 2 }, { sys: "b", m: 1 }, { sys: "b", m: 2 }], { by: "sys", value: "m", prefix: "J-order", label: "Table 6 ranked by mean" });
    expect(s.map((r) => [r.id, r.check, r.printed, r.recomputed, r.pass])).toEqual([
      ["J-order-a", "a: Table 6 ranked by mean", "3 ≥ 2", "descending", true],
      ["J-order-b", "b: Table 6 ranked by mean", "1 ≥ 2", "not descending", false],
    ]);
    const y = checkQuotedYears([{ id: "a", year: 2012 }, { id: "end", year: 2022 }, { id: "c", year: null }, { id: "d", year: 2021 }], { start: 2012, end: 2021, prefix: "L" });
    expect(y.map((r) => [r.id, r.check, r.printed, r.pass])).toEqual([
      ["L-end", "text statement end names 2022", "2022", false],
      ["L-all-other-years", "the other years the text names lie in 2012–2021", "2 statements", true],
    ]);
  });

  it("checkEveryTime: east above the nation, failing years named with a detail", () => {
    const ts = timeSeries(
      [
        { year: 2012, east: 0.366, nation: 0.368 },
        { year: 2013, east: 0.396, nation: 0.389 },
        { year: 2014, east: 0.415, nation: 0.406 },
      ],
      { time: "year", groups: ["east", "nation"] },
    );
    const c = checkEveryTime(ts, (v) => v.east > v.nation, { id: "I-east-above", check: "east above", detail: (v) => `${v.east} vs ${v.nation}` });
    expect(c).toMatchObject({ printed: "3 of 3 years", recomputed: "2 of 3; not in 2012 (0.366 vs 0.368)", pass: false });
    expect(checkEveryTime(ts, (v) => v.nation > 0.3, { id: "x", check: "" }).recomputed).toBe("3 of 3");
  });
});

describe("checkDagumIdentities", () => {
  const s = (g: Record<string, number>) => timeSeries([{ year: 2012, ...g }], { time: "year", groups: Object.keys(g) });
  // A = {1, 3}, B = {2, 4, 6} (the 04-dagum-gini hand example), all sums written out:
  // Σ|y_i - y_r| over ordered pairs: all 48, within A 4, within B 16, between A-B 14 (each way)
  // G = 48 / (2·25·3.2) = 0.3; G_AA = 4 / (2·4·2) = 0.25; G_BB = 16 / (2·9·4) = 2/9; G_AB = 14 / (2·3·(2+4)) = 7/18
  // p = (0.4, 0.6), s = (4/16, 12/16); G_w = 0.25·0.4·0.25 + (2/9)·0.6·0.75 = 0.125 (41.67%)
  // G_nb = (0.4·0.75 + 0.6·0.25)·|2 − 4|/(2 + 4) = 0.15 (50%); G_t = 7/18 · 0.45 − 0.15 = 0.025
  const exact = { G: s({ G: 0.3 }), within: s({ A: 0.25, B: 2 / 9 }), between: s({ "A-B": 7 / 18 }), shares: s({ within: 125 / 3, between: 50 }), means: s({ A: 2, B: 4 }), sizes: { A: 2, B: 3 } };

  it("hold exactly on the hand example", () => {
    const rows = checkDagumIdentities(exact, { half: 0, shareHalf: 0 });
    expect(rows.map((r) => r.id)).toEqual(["K1-2012", "K2-2012", "K3-2012"]);
    for (const r of rows) expect(r.distance!).toBeLessThan(1e-12);
    expect(rows[1].check).toBe("2012 between share = 100·G_nb(group means) / G");
  });

  it("a printed G above its rows fails K3 beyond rounding; bounds widen the tolerance", () => {
    const rows = checkDagumIdentities({ ...exact, G: s({ G: 0.33 }) }, { half: 0.0005, shareHalf: 0.0005, meansLabel: "Table 4 means" });
    expect(rows[2].pass).toBe(false);
    expect(rows[2].distance).toBeCloseTo(0.03, 12);
    expect(rows[1].check).toContain("Table 4 means");
    expect(rows[0].tolerance!).toBeGreaterThan(0.0005);
  });

  it("agree with the core's decomposition on random grouped samples (half 0)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 6 }),
        (a, b, c) => {
          const y = [...a, ...b, ...c].map((v) => v / 100);
          const g = [...a.map(() => "a"), ...b.map(() => "b"), ...c.map(() => "c")];
          const res = dagum(Float64Array.from(y), g);
          const mean = (xs: number[]) => xs.reduce((s0, x) => s0 + x, 0) / xs.length / 100;
          const Gjj = Object.fromEntries(res.groups.map((x) => [x.name, x.Gjj]));
          const Gjh: Record<string, number> = {};
          for (const p of res.pairs) Gjh[[p.high, p.low].sort().join("-")] = p.Gjh;
          const rows = checkDagumIdentities(
            {
              G: s({ G: res.G }),
              within: s({ a: Gjj.a, b: Gjj.b, c: Gjj.c }),
              between: s({ "a-b": Gjh["a-b"], "a-c": Gjh["a-c"], "b-c": Gjh["b-c"] }),
              shares: s({ within: 100 * res.shares.within, between: 100 * res.shares.between }),
              means: s({ a: mean(a), b: mean(b), c: mean(c) }),
              sizes: { a: a.length, b: b.length, c: c.length },
            },
            { half: 0, shareHalf: 0 },
          );
          if (res.G === 0) return true;
          return rows.every((r) => r.distance! <= 1e-9 * Math.max(1, Math.abs(Number(r.printed))));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a pair that is not two known groups", () => {
    expect(() => checkDagumIdentities({ ...exact, between: s({ "A-C": 0.1 }) }, { half: 0, shareHalf: 0 })).toThrow(/"A-C" is not "a-b" for two groups of A, B/);
  });
});

describe("cornerBounds", () => {
  it("extremes of (a - b)/a over the rounding box (by hand)", () => {
    const b = cornerBounds([0.05, 0.043], [0.0005, 0.0005], ([a, c]) => (a - c) / a);
    expect(b.lo).toBeCloseTo(0.006 / 0.0495, 14);
    expect(b.mid).toBeCloseTo(0.14, 14);
    expect(b.hi).toBeCloseTo(0.008 / 0.0505, 14);
    expect(() => cornerBounds([1], [1, 2], () => 0)).toThrow(AuditError);
  });

  it("equals the brute-force extremes of a linear function", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 1, maxLength: 8 }), (t) => {
        const x = t.map((v) => v[0]), h = t.map((v) => v[1]), c = t.map((v) => v[2]);
        const f = (v: number[]) => v.reduce((s, vi, i) => s + c[i] * vi, 0);
        const b = cornerBounds(x, h, f);
        const spread = t.reduce((s, v) => s + Math.abs(v[2]) * v[1], 0);
        return Math.abs(b.hi - (f(x) + spread)) <= 1e-9 && Math.abs(b.lo - (f(x) - spread)) <= 1e-9;
      }),
    );
  });
});

describe("audit and auditSummary", () => {
  it("group rows into a result with a caption; the summary counts and abbreviates failed ids", () => {
    const fails = [1, 2, 3, 4].map((k) => checkStatement({ id: `K3-${k}`, check: "", printed: "", recomputed: "", pass: false }));
    const a = audit("A. x", checkValue({ id: "a", check: "c", printed: 1, recomputed: 1.0004, tolerance: 0.001 }), [checkStatement({ id: "b", check: "c", printed: "p", recomputed: "r", pass: false })]);
    expect(a.caption).toBe("A. x: 1 of 2 pass");
    expect(a.rows.map((r) => r.group)).toEqual(["A. x", "A. x"]);
    expect(a.tableRows[1]["结果 result"]).toBe("✗ FAIL");
    expect(a.columns).toEqual(["id", "检查 check", "论文 printed", "重算 recomputed", "距离 distance", "容差 tolerance", "结果 result"]);
    const k = audit("K", fails);
    const s = auditSummary([a, k]);
    expect(s.caption).toBe("全部核对 All checks: 1 of 6 pass");
    expect(s.tableRows[0]["最大距离 max distance"]).toBeCloseTo(0.0004, 15);
    expect(s.tableRows[0]["未通过 failed ids"]).toBe("b");
    expect(s.tableRows[1]["未通过 failed ids"]).toBe("K3-1 … K3-4 (4)");
    expect(s.tableRows[1]["最大距离 max distance"]).toBeNull();
    expect(s.tableRows[2]).toMatchObject({ "检查组 group": "合计 total", "检查数 checks": 6, "通过 pass": 1, "未通过 fail": 5 });
    expect(s.failed.map((c) => c.id)).toEqual(["b", "K3-1", "K3-2", "K3-3", "K3-4"]);
    expect(() => audit("dup", [fails[0], fails[0]])).toThrow(/the id "K3-1" is used twice/);
  });
});
