import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dagum } from "../../src/core/dagum";
import { gini, InequalityInputError } from "../../src/core/gini";
import golden from "../golden/dagum.json";

const tol = golden.tolerance.absolute; // 1e-9
const close = (a: number, b: number, t = tol) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(t);
const caseOf = (name: string) => golden.cases.find((c) => c.name === name)! as any;

describe("dagum: golden cases", () => {
  it("synthetic-31: every component, group and pair", () => {
    const c = caseOf("synthetic-31");
    const e = c.expected;
    const r = dagum(c.input.values, c.input.groups);
    close(r.G, e.G);
    close(r.Gw, e.Gw);
    close(r.Gnb, e.Gnb);
    close(r.Gt, e.Gt);
    close(r.Gb, e.Gb);
    close(r.shares.within, e.contrib_share.Gw);
    close(r.shares.between, e.contrib_share.Gnb);
    close(r.shares.transvariation, e.contrib_share.Gt);
    expect(r.groups.map((g) => g.name)).toEqual(e.groups); // ascending means
    r.groups.forEach((g, a) => {
      expect(g.n).toBe(e.n_j[a]);
      close(g.mean, e.mu_j[a]);
      close(g.p, e.p_j[a]);
      close(g.s, e.s_j[a]);
      close(g.Gjj, e.G_jj[a]);
    });
    const pos = (name: string) => e.groups.indexOf(name);
    expect(r.pairs.length).toBe(6);
    for (const p of r.pairs) {
      const a = pos(p.high);
      const b = pos(p.low);
      expect(a).toBeGreaterThan(b);
      close(p.Gjh, e.G_jh[a][b]);
      close(p.Djh, e.D_jh[a][b]);
      close(p.djh, e.d_jh[a][b]);
      close(p.pjh, e.p_jh[a][b]);
    }
    // Dagum's order of pairs: (2,1), (3,1), (3,2), (4,1), (4,2), (4,3)
    expect(r.pairs.map((p) => [pos(p.high), pos(p.low)])).toEqual([
      [1, 0], [2, 0], [2, 1], [3, 0], [3, 1], [3, 2],
    ]);
    close(r.groups.reduce((s, g) => s + g.contribution, 0), r.Gw, 1e-15);
  });

  it("three-groups", () => {
    const c = caseOf("three-groups");
    const e = c.expected;
    const r = dagum(c.input.values, c.input.groups);
    for (const k of ["G", "Gw", "Gnb", "Gt"] as const) close(r[k], e[k]);
    for (const g of r.groups) close(g.Gjj, e.G_jj[g.name]);
    for (const p of r.pairs) {
      close(p.Gjh, e.G_jh[`${p.high}-${p.low}`]);
      close(p.Djh, e.D_jh[`${p.high}-${p.low}`]);
    }
    expect(r.pairs.map((p) => `${p.high}-${p.low}`).sort()).toEqual(Object.keys(e.G_jh).sort());
  });

  it("hand-1 and hand-2 (doc example)", () => {
    const h1 = caseOf("hand-1");
    const r1 = dagum(h1.input.values, h1.input.groups);
    for (const k of ["G", "Gw", "Gnb", "Gt"] as const) close(r1[k], h1.expected[k]);
    close(r1.pairs[0].Gjh, h1.expected.G_jh["B-A"]);
    const h2 = caseOf("hand-2");
    const r2 = dagum(h2.input.values, h2.input.groups);
    for (const k of ["G", "Gw", "Gnb", "Gt"] as const) close(r2[k], h2.expected[k]);
    expect(r2.pairs[0]).toMatchObject({ high: "B", low: "A" });
    close(r2.pairs[0].djh, h2.expected.d_jh);
    close(r2.pairs[0].pjh, h2.expected.p_jh);
    close(r2.pairs[0].Djh, h2.expected.D_jh);
  });
});

const grouped = fc
  .array(fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom("a", "b", "c", "d")), {
    minLength: 2,
    maxLength: 30,
  })
  .filter((a) => a.some(([v]) => v > 1e-3));

describe("dagum: properties", () => {
  it("G = Gw + Gnb + Gt to 1e-12 and G equals gini()", () => {
    fc.assert(
      fc.property(grouped, (rows) => {
        const r = dagum(rows.map((x) => x[0]), rows.map((x) => x[1]));
        close(r.G, r.Gw + r.Gnb + r.Gt, 1e-12);
        close(r.G, gini(rows.map((x) => x[0])), 1e-12);
        close(r.shares.within + r.shares.between + r.shares.transvariation, 1, 1e-12);
        for (const p of r.pairs) {
          // d - p = mu_j - mu_h
          const mj = r.groups.find((g) => g.name === p.high)!.mean;
          const mh = r.groups.find((g) => g.name === p.low)!.mean;
          close(p.djh - p.pjh, mj - mh, 1e-9);
          expect(p.Djh).toBeGreaterThanOrEqual(-1e-15);
        }
        for (let a = 1; a < r.groups.length; a++) expect(r.groups[a].mean).toBeGreaterThanOrEqual(r.groups[a - 1].mean);
      }),
      { numRuns: 150 },
    );
  });

  it("Gnb equals the Gini of the group means (each unit replaced by its group's mean)", () => {
    fc.assert(
      fc.property(grouped, (rows) => {
        const r = dagum(rows.map((x) => x[0]), rows.map((x) => x[1]));
        const mean = new Map(r.groups.map((g) => [g.name, g.mean]));
        close(r.Gnb, gini(rows.map((x) => mean.get(x[1])!)), 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it("one group gives Gw = G, Gnb = Gt = 0", () => {
    fc.assert(
      fc.property(grouped, (rows) => {
        const y = rows.map((x) => x[0]);
        const r = dagum(y, y.map(() => "all"));
        close(r.Gw, r.G, 1e-15);
        expect(r.Gnb).toBe(0);
        expect(r.Gt).toBe(0);
        expect(r.pairs).toEqual([]);
        close(r.groups[0].Gjj, gini(y), 1e-15);
      }),
      { numRuns: 50 },
    );
  });

  it("ties of means: first appearance first, the later group is 'high' with D = 0", () => {
    const r = dagum([1, 3, 2, 2, 5], ["x", "x", "y", "y", "z"]);
    expect(r.groups.map((g) => g.name)).toEqual(["x", "y", "z"]);
    expect(r.pairs[0]).toMatchObject({ high: "y", low: "x", Djh: 0 });
    const r2 = dagum([2, 2, 1, 3, 5], ["y", "y", "x", "x", "z"]);
    expect(r2.groups.map((g) => g.name)).toEqual(["y", "x", "z"]);
  });
});

describe("dagum: errors", () => {
  it("mismatched lengths, empty, NaN, negative, empty group, unknown label", () => {
    expect(() => dagum([1, 2, 3], ["a", "b"])).toThrow(/3 values but 2 group labels/);
    expect(() => dagum([], [])).toThrow(InequalityInputError);
    expect(() => dagum([1, NaN], ["a", "b"])).toThrow(/index 1 is NaN/);
    expect(() => dagum([1, -1], ["a", "b"])).toThrow(/negative.*non-negative values with a positive mean/);
    expect(() => dagum([1, 2], ["a", "b"], { groupNames: ["a", "b", "c"] })).toThrow(/group "c" has no units/);
    expect(() => dagum([1, 2], ["a", "q"], { groupNames: ["a", "b"] })).toThrow(/"q" at index 1 is not one of/);
    expect(() => dagum([1, 2], ["a", "b"], { groupNames: [] })).toThrow(/groupNames is empty/);
    expect(() => dagum([1, 2], ["a", null as never])).toThrow(/index 1 is missing/);
    expect(() => dagum([0, 0], ["a", "b"])).toThrow(/positive mean/);
  });

  it("groupNames fixes the ordering of ties", () => {
    const r = dagum([2, 2], ["b", "a"], { groupNames: ["a", "b"] });
    expect(r.groups.map((g) => g.name)).toEqual(["a", "b"]);
  });
});
