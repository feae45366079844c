import { describe, expect, it } from "vitest";
import { couplingCoordination } from "../../src/core/coupling";
import { entropyWeights } from "../../src/core/entropy";
import { parseSpec } from "../../src/data/spec";
import { coupling } from "../../src/frame/coupling";
import { entropy } from "../../src/frame/entropy";
import { rows } from "../../src/frame/table";

const SPEC = parseSpec(
  [
    "id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note",
    "a,econ,size,甲,a,u,f,+,s,real,",
    "b,econ,size,乙,b,u,f,-,s,real,",
    "c,econ,pace,丙,c,u,f,+,s,real,",
    "d,health,beds,丁,d,u,f,+,s,derived,",
    "e,health,beds,戊,e,u,f,+,s,proxy,",
    "z,health,beds,己,z,u,f,+,s,unavailable,not published",
  ].join("\n"),
  "test-spec.csv",
);

// 3 provinces x 2 years
const PANEL = [
  { adcode: "110000", province: "北京", year: 2018, a: 1, b: 5, c: 2, d: 1, e: 7 },
  { adcode: "120000", province: "天津", year: 2018, a: 2, b: 3, c: 4, d: 3, e: 1 },
  { adcode: "130000", province: "河北", year: 2018, a: 4, b: 4, c: 1, d: 2, e: 2 },
  { adcode: "110000", province: "北京", year: 2019, a: 3, b: 1, c: 3, d: 5, e: 4 },
  { adcode: "120000", province: "天津", year: 2019, a: 5, b: 2, c: 5, d: 4, e: 3 },
  { adcode: "130000", province: "河北", year: 2019, a: 6, b: 6, c: 2, d: 6, e: 5 },
];

describe("entropy (frame) gives the core's numbers", () => {
  const res = entropy(PANEL, SPEC);
  const w = rows(res.weights);
  const core = entropyWeights([PANEL.map((r) => r.a), PANEL.map((r) => r.b), PANEL.map((r) => r.c)], { directions: ["+", "-", "+"] });

  it("pooled weights of a system equal entropyWeights over all unit-years", () => {
    expect(w.filter((r) => r.system === "econ").map((r) => r.weight)).toEqual(core.weights);
    expect(w.map((r) => r.indicator)).toEqual(["a", "b", "c", "d", "e"]);
    expect(w[1]).toMatchObject({ system: "econ", criterion: "size", indicator: "b", name: "乙", direction: "-", status: "real" });
  });

  it("scores are sum w x' per system and per criterion, one row per unit-time", () => {
    const s = rows(res.scores);
    expect(s).toHaveLength(6);
    s.forEach((r, i) => {
      expect(r.econ).toBeCloseTo(core.scores[i], 14);
      const size = core.weights[0] * core.normalized[0][i] + core.weights[1] * core.normalized[1][i];
      expect(r.size).toBeCloseTo(size, 14);
      expect((r.size as number) + (r.pace as number)).toBeCloseTo(r.econ as number, 14);
    });
    expect(Object.keys(s[0])).toEqual(["adcode", "province", "year", "econ", "size", "pace", "health", "beds"]);
  });

  it("normalized holds x' (negative indicator mirrored)", () => {
    const n = rows(res.normalized);
    // b: min 1, max 6 -> x' = (6 - b) / 5
    expect(n.map((r) => r.b)).toEqual(PANEL.map((r) => (6 - r.b) / 5));
  });

  it("leaves unavailable indicators out and says so; echoes the conventions", () => {
    expect(res.dropped).toEqual([{ indicator: "z", reason: "unavailable (status in the specification)" }]);
    expect(res.convention).toEqual({ panel: "pooled", zero: "limit (0 ln 0 := 0)", constant: "error", missing: "error" });
  });

  it("per-year weights equal entropyWeights on each year's rows", () => {
    const py = rows(entropy(PANEL, SPEC, { panel: "per-year" }).weights);
    for (const year of [2018, 2019]) {
      const rs = PANEL.filter((r) => r.year === year);
      const c = entropyWeights([rs.map((r) => r.d), rs.map((r) => r.e)], { directions: ["+", "+"] });
      expect(py.filter((r) => r.system === "health").map((r) => r[`w_${year}`])).toEqual(c.weights);
    }
  });

  it("an indicator of the spec missing from the panel is an error, or dropped on request", () => {
    const noE = PANEL.map(({ e: _e, ...r }) => r);
    expect(() => entropy(noE, SPEC)).toThrow(/1 indicator of the specification is not in the panel: e/);
    const res2 = entropy(noE, SPEC, { absent: "drop" });
    expect(rows(res2.weights).map((r) => r.indicator)).toEqual(["a", "b", "c", "d"]);
    expect(res2.dropped).toContainEqual({ indicator: "e", reason: "absent from the panel" });
  });

  it("a constant indicator is an error naming system and indicator", () => {
    const flat = PANEL.map((r) => ({ ...r, d: 3 }));
    expect(() => entropy(flat, SPEC)).toThrow(/system health: .*d/);
  });
});

describe("coupling (frame)", () => {
  const scores = [
    { adcode: "110000", province: "北京", year: 2019, s: 0.2, r: 0.6 },
    { adcode: "120000", province: "天津", year: 2019, s: 0.5, r: 0.5 },
    { adcode: "130000", province: "河北", year: 2019, s: 0, r: 0 },
  ];
  it("adds C, T, D and the level to each row, as the core computes them", () => {
    const out = rows(coupling(scores, { systems: ["s", "r"] }));
    const core = couplingCoordination([[0.2, 0.5, 0], [0.6, 0.5, 0]]);
    out.forEach((row, i) => {
      expect(row.C).toBe(core.C[i]);
      expect(row.D).toBe(core.D[i]);
    });
    // by hand: C = 2 sqrt(0.12) / 0.8, T = 0.4, D = sqrt(C T)
    expect(out[0].C).toBeCloseTo((2 * Math.sqrt(0.12)) / 0.8, 14);
    expect(out[0].T).toBeCloseTo(0.4, 14);
    expect(out[1]).toMatchObject({ C: 1, T: 0.5, D: Math.sqrt(0.5), level: 8, level_zh: "中级协调", level_en: "intermediate coordination" });
    expect(out[2]).toMatchObject({ C: 0, D: 0, level: 1, level_zh: "极度失调" });
  });
  it("needs two systems and scores in [0, 1]", () => {
    expect(() => coupling(scores, { systems: ["s"] })).toThrow(/at least two/);
    expect(() => coupling([{ ...scores[0], s: 1.5 }], { systems: ["s", "r"] })).toThrow(/coupling:/);
  });
});
