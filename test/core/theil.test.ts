import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { theil } from "../../src/core/theil";
import { InequalityInputError } from "../../src/core/gini";
import golden from "../golden/toolkit/theil.json";

// golden tolerance: absolute 1e-12 or relative 1e-9 ("every number; null means undefined")
const ABS = golden.tolerance.absolute;
const REL = golden.tolerance.relative;
function close(a: number | null, b: number | null, what: string, abs = ABS, rel = REL) {
  if (b === null) {
    expect(a, what).toBeNull();
    return;
  }
  expect(a, what).not.toBeNull();
  const d = Math.abs((a as number) - b);
  if (!(d <= abs || d <= rel * Math.abs(b))) throw new Error(`${what}: ${a} vs ${b} (|diff| ${d})`);
}

/** Textbook definition with 0 ln 0 = 0, written out independently (for properties). */
function theilBrute(y: number[], w?: number[]) {
  const n = y.length;
  const ww = w ? w.map((v) => v / w.reduce((a, b) => a + b, 0)) : y.map(() => 1 / n);
  const mu = y.reduce((s, v, i) => s + ww[i] * v, 0);
  let T = 0;
  let L = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] > 0) T += ww[i] * (y[i] / mu) * Math.log(y[i] / mu);
    L += ww[i] * Math.log(mu / y[i]);
  }
  return { T, L: y.some((v) => v === 0) ? null : L };
}

describe("theil: hand computation (doc example)", () => {
  it("y = [1, 2, 3, 6], groups a, a, b, b", () => {
    const r = theil([1, 2, 3, 6], { groups: ["a", "a", "b", "b"] });
    // mu = 3; shares y_i / (n mu) = 1/12, 2/12, 3/12, 6/12
    const T = (1 / 12) * Math.log(1 / 3) + (2 / 12) * Math.log(2 / 3) + (3 / 12) * Math.log(1) + (6 / 12) * Math.log(2);
    // group a: mean 1.5, share 3/12; group b: mean 4.5, share 9/12
    const Tb = (3 / 12) * Math.log(1.5 / 3) + (9 / 12) * Math.log(4.5 / 3);
    const L = (Math.log(3) + Math.log(1.5) + Math.log(1) + Math.log(0.5)) / 4;
    const Lb = 0.5 * Math.log(3 / 1.5) + 0.5 * Math.log(3 / 4.5);
    close(r.T, T, "T", 1e-15);
    close(r.T, 0.18744504820626945, "T doc", 1e-15);
    close(r.T_between, Tb, "Tb", 1e-15);
    close(r.T_between, 0.13081203594113697, "Tb doc", 1e-15);
    close(r.T_within, 0.05663301226513248, "Tw doc", 1e-15);
    close(r.L, L, "L", 1e-15);
    close(r.L, 0.20273255405408222, "L doc", 1e-15);
    close(r.L_between, Lb, "Lb", 1e-15);
    expect(r.by_group[0]).toMatchObject({ group: "a", n: 2, pop_share: 0.5, y_share: 0.25, mean: 1.5 });
    expect(r.groups).toEqual(["a", "b"]);
    expect(r.weighted).toBe(false);
    expect(r.mean).toBe(3);
  });

  it("a zero value adds 0 to T and makes L undefined (null), everywhere it enters", () => {
    const r = theil([0, 1, 2], { groups: ["x", "x", "y"] });
    // mu = 1: T = (1/3)(0 + 1 ln 1 + 2 ln 2)
    close(r.T, (2 * Math.log(2)) / 3, "T", 1e-15);
    expect(r.L).toBeNull();
    expect(r.L_between).toBeNull();
    expect(r.L_within).toBeNull();
    expect(r.by_group[0].L_g).toBeNull();
    expect(r.by_group[0].L_within_contrib).toBeNull();
    expect(r.by_group[1].L_g).toBe(0); // group y has one unit
    // group x: mean 0.5, T_x = (1/2)(0 + 2 ln 2) = ln 2; share S_x = (1/3)/1
    close(r.by_group[0].T_g, Math.log(2), "T_x", 1e-15);
    close(r.T_between + r.T_within, r.T, "closure", 1e-15);
    expect(theil([0, 1, 2]).L).toBeNull();
  });

  it("no groups: one group 'all', T_between = 0; all values equal: T = 0, shares null", () => {
    const r = theil([1, 2, 3, 6]);
    expect(r.groups).toEqual(["all"]);
    expect(r.T_between).toBe(0);
    close(r.T_within, r.T, "within = T", 1e-16);
    const e = theil([2, 2, 2], { groups: [1, 1, 2] });
    expect(e.T).toBe(0);
    expect(e.L).toBe(0);
    expect(e.T_share_between).toBeNull();
    expect(e.by_group[0].T_within_contrib_share_of_T).toBeNull();
    expect(e.groups).toEqual(["1", "2"]);
  });

  it("never a negative within term where T - between would be one (pysal/inequality#15)", () => {
    // every group constant: the true within term is 0. With these values PySAL's TheilD
    // (within = T - bg) reports -5.55e-17 (numpy, float64)
    const y = [0.416, 0.416, 0.416, 0.916, 0.922, 0.922, 0.922, 0.1, 0.1, 0.1, 0.1, 0.1];
    const g = [0, 0, 0, 1, 2, 2, 2, 3, 3, 3, 3, 3];
    const r = theil(y, { groups: g });
    expect(r.T_within).toBeGreaterThanOrEqual(0);
    expect(r.T_within).toBeLessThan(1e-15);
    expect(r.L_within!).toBeGreaterThanOrEqual(0);
    for (const b of r.by_group) expect(b.T_g).toBeGreaterThanOrEqual(0);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1e-3, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 5 }),
        (spec) => {
          const yy = spec.flatMap(([v, m]) => Array(m).fill(v) as number[]);
          const gg = spec.flatMap(([, m], k) => Array(m).fill(k) as number[]);
          const q = theil(yy, { groups: gg });
          expect(q.T_within).toBeGreaterThanOrEqual(0);
          expect(q.T_within).toBeLessThan(1e-14);
          expect(q.L_within!).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
    close(r.T_between, r.T, "between = T", 1e-15);
  });
});

describe("theil: golden cases (PySAL TheilD / mathmodels theil_g), every number", () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const inp = c.input as { y: number[]; groups: string[]; pop?: number[] };
      const e = c.expected as any;
      const r = theil(inp.y, { groups: inp.groups, population: inp.pop });
      expect(r.weighted).toBe(e.weighted);
      for (const k of ["T", "T_between", "T_within", "T_share_between", "T_share_within", "L", "L_between", "L_within"]) {
        close((r as any)[k], e[k], `${c.name} ${k}`);
      }
      // the golden file lists groups east, central, west, northeast; here that is also the order of
      // first appearance in the input (by_group follows first appearance)
      expect(r.groups).toEqual(e.groups);
      expect(r.by_group.map((b) => b.group)).toEqual(e.groups);
      for (const b of r.by_group) {
        const eb = e.by_group[b.group];
        expect(b.n, `${c.name} ${b.group} n`).toBe(eb.n);
        for (const k of Object.keys(eb)) if (k !== "n") close((b as any)[k], eb[k], `${c.name} ${b.group} ${k}`);
      }
    });
  }

  it("paper 1 D 2019 (unweighted): T = 0.0052067, between share 33.9%", () => {
    const c = golden.cases.find((x) => x.name === "paper1-D-2019-unweighted")!;
    const r = theil(c.input.y, { groups: c.input.groups });
    expect(r.T).toBeCloseTo(0.005206652647398052, 15);
    expect(r.T_share_between!).toBeCloseTo(0.3392792360355334, 12);
  });
});

const unitArb = fc.record({
  // exact zeros (Tibet's D = 0) or ordinary magnitudes (subnormal values lose their precision in any sum)
  y: fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 1000, noNaN: true })),
  pop: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
  g: fc.constantFrom("a", "b", "c", "d"),
});
const unitsArb = fc.array(unitArb, { minLength: 1, maxLength: 30 }).filter((u) => u.some((x) => x.y > 1e-6));

describe("theil: properties", () => {
  it("between + within = total, for T and (where defined) L, weighted and unweighted", () => {
    fc.assert(
      fc.property(unitsArb, fc.boolean(), (u, weighted) => {
        const r = theil(
          u.map((x) => x.y),
          { groups: u.map((x) => x.g), population: weighted ? u.map((x) => x.pop) : undefined },
        );
        expect(Math.abs(r.T_between + r.T_within - r.T)).toBeLessThanOrEqual(1e-12 * Math.max(1, r.T));
        expect(r.T_between).toBeGreaterThanOrEqual(0);
        expect(r.T_within).toBeGreaterThanOrEqual(0);
        const sumContrib = r.by_group.reduce((s, b) => s + b.T_within_contrib, 0);
        expect(Math.abs(sumContrib - r.T_within)).toBeLessThanOrEqual(1e-13 * Math.max(1, r.T));
        if (r.L !== null) {
          expect(Math.abs(r.L_between! + r.L_within! - r.L)).toBeLessThanOrEqual(1e-12 * Math.max(1, r.L));
          expect(r.L_within!).toBeGreaterThanOrEqual(0);
        } else {
          expect(u.some((x) => x.y === 0)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("agrees with the textbook sums (0 ln 0 = 0)", () => {
    fc.assert(
      fc.property(unitsArb, fc.boolean(), (u, weighted) => {
        const y = u.map((x) => x.y);
        const pop = weighted ? u.map((x) => x.pop) : undefined;
        const r = theil(y, { population: pop });
        const b = theilBrute(y, pop);
        expect(Math.abs(r.T - b.T)).toBeLessThanOrEqual(1e-12 * Math.max(1, b.T));
        if (b.L === null) expect(r.L).toBeNull();
        else expect(Math.abs(r.L! - b.L)).toBeLessThanOrEqual(1e-11 * Math.max(1, b.L));
      }),
      { numRuns: 200 },
    );
  });

  it("T (and L) unchanged by rescaling the values", () => {
    fc.assert(
      fc.property(unitsArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (u, c) => {
        const g = u.map((x) => x.g);
        const a = theil(u.map((x) => x.y), { groups: g });
        const b = theil(u.map((x) => x.y * c), { groups: g });
        expect(Math.abs(a.T - b.T)).toBeLessThanOrEqual(1e-12 * Math.max(1, a.T));
        expect(Math.abs(a.T_between - b.T_between)).toBeLessThanOrEqual(1e-12 * Math.max(1, a.T));
        if (a.L !== null) expect(Math.abs(a.L - b.L!)).toBeLessThanOrEqual(1e-11 * Math.max(1, a.L));
      }),
      { numRuns: 150 },
    );
  });

  it("unchanged when units are reordered (groups keyed by label)", () => {
    fc.assert(
      fc.property(
        unitsArb.chain((u) => fc.tuple(fc.constant(u), fc.shuffledSubarray(u, { minLength: u.length, maxLength: u.length }))),
        fc.boolean(),
        ([u, v], weighted) => {
          const run = (x: typeof u) =>
            theil(x.map((t) => t.y), { groups: x.map((t) => t.g), population: weighted ? x.map((t) => t.pop) : undefined });
          const a = run(u);
          const b = run(v);
          const t = 1e-12 * Math.max(1, a.T);
          expect(Math.abs(a.T - b.T)).toBeLessThanOrEqual(t);
          expect(Math.abs(a.T_between - b.T_between)).toBeLessThanOrEqual(t);
          expect(Math.abs(a.T_within - b.T_within)).toBeLessThanOrEqual(t);
          for (const ga of a.by_group) {
            const gb = b.by_group.find((x) => x.group === ga.group)!;
            expect(gb.n).toBe(ga.n);
            expect(Math.abs(ga.T_g - gb.T_g)).toBeLessThanOrEqual(1e-12 * Math.max(1, ga.T_g));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("theil: errors", () => {
  it("names the argument and the index (from 1)", () => {
    expect(() => theil([1, -2, 3])).toThrow(/values\[2\].*negative \(-2\)/);
    expect(() => theil([1, NaN])).toThrow(/values\[2\].*NaN/);
    expect(() => theil([1, Infinity])).toThrow(/values\[2\].*not finite/);
    expect(() => theil([])).toThrow(InequalityInputError);
    expect(() => theil([0, 0])).toThrow(/all values are zero/);
    expect(() => theil([1, 2], { groups: ["a"] })).toThrow(/2 values but 1 group labels/);
    expect(() => theil([1, 2], { groups: ["a", ""] })).toThrow(/group label at index 2/);
    expect(() => theil([1, 2], { population: [1] })).toThrow(/2 values but 1 populations/);
    expect(() => theil([1, 2], { population: [1, 0] })).toThrow(/population\[2\].*is 0; populations must be positive/);
    expect(() => theil([1, 2], { population: [1, NaN] })).toThrow(/population\[2\].*NaN/);
  });

  it("accepts typed arrays and does not modify its input", () => {
    const y = new Float64Array([3, 1, 2]);
    const r = theil(y, { population: new Float64Array([1, 2, 3]) });
    expect(Array.from(y)).toEqual([3, 1, 2]);
    expect(r.weighted).toBe(true);
  });
});
