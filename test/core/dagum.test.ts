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

// 0 or at least 1e-3, so that the rescaling below (down to 2^-1000) cannot underflow an input to 0
const groupedNoTiny = grouped.map((rows) => rows.map(([v, g]) => [v < 1e-3 ? 0 : v, g] as [number, string]));

describe("dagum: properties", () => {
  it("G = Gw + Gnb + Gt to 1e-12 and G equals gini()", () => {
    fc.assert(
      fc.property(grouped, (rows) => {
        const r = dagum(rows.map((x) => x[0]), rows.map((x) => x[1]));
        close(r.G, r.Gw + r.Gnb + r.Gt, 1e-12);
        close(r.G, gini(rows.map((x) => x[0])), 1e-12);
        // shares sum to 1, or are all 0 when G = 0 (all values equal: the documented convention)
        // the shares are parts / G: an absolute rounding of ~1e-16 in the parts becomes 1e-16 / G in
        // the shares (values near 100 with a spread of 0.02 give G = 5e-5 and a sum 1 + 1.07e-12)
        close(r.shares.within + r.shares.between + r.shares.transvariation, r.G > 0 ? 1 : 0, 1e-12 + (r.G > 0 ? 1e-16 / r.G : 0));
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

  it("multiplying the values by a power of two changes nothing, bit for bit (means, d_jh, p_jh scale by it) (property)", () => {
    fc.assert(
      fc.property(groupedNoTiny, fc.constantFrom(2 ** -1000, 2 ** -600, 2 ** 600, 2 ** 1000), (rows, k) => {
        const a = dagum(rows.map((x) => x[0]), rows.map((x) => x[1]));
        const b = dagum(rows.map((x) => x[0] * k), rows.map((x) => x[1]));
        for (const f of ["G", "Gw", "Gnb", "Gt", "Gb"] as const) expect(b[f], f).toBe(a[f]);
        expect(b.shares).toEqual(a.shares);
        b.groups.forEach((g, j) => expect(g).toEqual({ ...a.groups[j], mean: a.groups[j].mean * k }));
        b.pairs.forEach((p, j) => expect(p).toEqual({ ...a.pairs[j], djh: a.pairs[j].djh * k, pjh: a.pairs[j].pjh * k }));
      }),
      { numRuns: 100 },
    );
  });

  it("multiplying the values by 1e-200 or 1e200 changes nothing to 1e-12 relative (property)", () => {
    // each value is rounded when multiplied (by up to 1.1e-16 of itself): G's parts are compared
    // relative to G (at least 1e-3), quantities in [0, 1] (shares, G_jj, G_jh, D_jh, p_j, s_j) to 1e-12 of their
    // scale 1, means, d_jh, p_jh relative to k times the mean of the pair's group means
    fc.assert(
      fc.property(groupedNoTiny, fc.constantFrom(1e-200, 1e200), (rows, k) => {
        const a = dagum(rows.map((x) => x[0]), rows.map((x) => x[1]));
        // two groups whose means tie up to rounding (e.g. 33.33333333333329 and ...286) may swap
        // their order once the values are rounded by the multiplication: the pair's orientation is
        // then a coin toss, not a property of the scale (ties are ordered by the documented rule)
        const means = a.groups.map((g) => g.mean).sort((x, y) => x - y);
        fc.pre(means.every((m, i) => i === 0 || m - means[i - 1] > 1e-9 * Math.max(1, m)));
        const b = dagum(rows.map((x) => x[0] * k), rows.map((x) => x[1]));
        const near = (x: number, y: number, scale: number, what: string) =>
          expect(Math.abs(x - y), `${what}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-12 * scale);
        // G's parts relative to G, or to 1e-3 for a nearly equal sample: the rounded inputs move G by
        // about 1e-16 of the values (G's scale is 1), not of G
        for (const f of ["G", "Gw", "Gnb", "Gt", "Gb"] as const) near(b[f], a[f], Math.max(a.G, Math.abs(a[f]), 1e-3), f);
        for (const f of ["within", "between", "transvariation"] as const) near(b.shares[f], a.shares[f], 1, f);
        const mu = a.groups.reduce((s, g) => s + g.mean * g.p, 0);
        b.groups.forEach((g, j) => {
          expect(g.name).toBe(a.groups[j].name);
          for (const f of ["Gjj", "p", "s", "contribution"] as const) near(g[f], a.groups[j][f], 1, f);
          near(g.mean, a.groups[j].mean * k, k * mu, "mean");
        });
        b.pairs.forEach((p, j) => {
          expect([p.high, p.low]).toEqual([a.pairs[j].high, a.pairs[j].low]);
          for (const f of ["Gjh", "Djh", "contributionNb", "contributionT"] as const) near(p[f], a.pairs[j][f], 1, f);
          near(p.djh, a.pairs[j].djh * k, k * mu, "djh");
          near(p.pjh, a.pairs[j].pjh * k, k * mu, "pjh");
        });
      }),
      { numRuns: 100 },
    );
  });

  it("values near 1e308 give the numbers of the same values near 1: no NaN", () => {
    const y = [1, 4, 2, 5];
    const big = dagum(y.map((v) => v * 0.3e308), ["A", "A", "B", "B"]);
    const ref = dagum(y, ["A", "A", "B", "B"]);
    expect(Math.abs(big.G - 7 / 24)).toBeLessThanOrEqual(1e-15); // the doc example's G
    for (const f of ["G", "Gw", "Gnb", "Gt"] as const) expect(Math.abs(big[f] - ref[f])).toBeLessThanOrEqual(1e-15);
    expect(big.groups[1].mean / 0.3e308).toBeCloseTo(3.5, 14);
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
