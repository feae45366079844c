import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { classify, markov, MarkovInputError } from "../../src/core/markov";
import { spatialMarkov } from "../../src/core/spatial-markov";
import { weightsFromNeighbors } from "../../src/core/weights";
import golden from "../golden/toolkit/spatial-markov.json";

const tol = golden.tolerance; // values: 1e-12 + 1e-9 |exp|; p-values absolute only; counts, ids, dof exact
let worst = 0;
let worstP = 0;
function near(got: number, exp: number | string, what: string) {
  if (typeof exp === "string") {
    expect(String(got), what).toBe(exp);
    return;
  }
  const allowed = tol.absolute + tol.relative * Math.abs(exp);
  const dev = Math.abs(got - exp);
  worst = Math.max(worst, dev / allowed);
  expect(dev, `${what}: ${got} vs ${exp}`).toBeLessThanOrEqual(allowed);
}
function nearP(got: number | null, exp: number, what: string) {
  expect(got, `${what} is a number`).not.toBeNull();
  const dev = Math.abs((got as number) - exp);
  worstP = Math.max(worstP, dev / tol.absolute);
  expect(dev, `${what}: ${got} vs ${exp}`).toBeLessThanOrEqual(tol.absolute);
}
function nearDeep(got: unknown, exp: unknown, what: string) {
  if (Array.isArray(exp)) {
    expect(Array.isArray(got), `${what} is an array`).toBe(true);
    expect((got as unknown[]).length, `${what} length`).toBe(exp.length);
    exp.forEach((e, j) => nearDeep((got as unknown[])[j], e, `${what}[${j}]`));
  } else {
    near(got as number, exp as number | string, what);
  }
}
const orUndef = <T>(v: T | null | undefined) => (v === null ? undefined : v);

function run(c: any) {
  const ids = (c.input.unit_ids ?? c.input.neighbors.map((_: unknown, i: number) => i)).map(String);
  const w = weightsFromNeighbors(ids, c.input.neighbors);
  return spatialMarkov(c.input.values, w, {
    k: c.input.k,
    m: c.input.m,
    cutoffs: orUndef(c.input.cutoffs),
    lagCutoffs: orUndef(c.input.lag_cutoffs),
  });
}

describe("spatialMarkov: golden cases (giddy Spatial_Markov, fixed=True)", () => {
  for (const c of golden.cases as any[]) {
    it(c.name, () => {
      const e = c.expected;
      const r = run(c);
      expect(r.k).toBe(e.k);
      expect(r.m).toBe(e.m);
      nearDeep(r.cutoffs, e.cutoffs, "cutoffs");
      nearDeep(r.lag_cutoffs, e.lag_cutoffs, "lag_cutoffs");
      nearDeep(r.lag, e.lag, "lag");
      expect(r.class_ids).toEqual(e.class_ids);
      expect(r.lag_class_ids).toEqual(e.lag_class_ids);
      expect(r.transitions).toEqual(e.transitions);
      nearDeep(r.p, e.p, "p");
      nearDeep(r.s, e.s, "s");
      expect(r.T).toEqual(e.T);
      nearDeep(r.P, e.P, "P");
      expect(r.empty_rows).toEqual(e.empty_rows);
      nearDeep(r.P_filled, e.P_filled, "P_filled");
      nearDeep(r.S, e.S, "S");
      nearDeep(r.F, e.F, "F");
      expect(r.chi2.length).toBe(e.chi2.length);
      r.chi2.forEach((t, l) => {
        near(t.statistic, e.chi2[l][0], `chi2[${l}].statistic`);
        nearP(t.p_value, e.chi2[l][1], `chi2[${l}].p_value`);
        expect(t.dof).toBe(e.chi2[l][2]);
      });
      near(r.x2, e.x2, "x2");
      expect(r.x2_dof).toBe(e.x2_dof);
      nearP(r.x2_pvalue, e.x2_pvalue, "x2_pvalue");
      const h = e.homogeneity;
      near(r.homogeneity.Q, h.Q, "Q");
      near(r.homogeneity.LR, h.LR, "LR");
      expect(r.homogeneity.dof).toBe(h.dof);
      nearP(r.homogeneity.Q_p_value, h.Q_p_value, "Q_p_value");
      nearP(r.homogeneity.LR_p_value, h.LR_p_value, "LR_p_value");
    });
  }

  it("worst deviations over all golden values are within tolerance (reported)", () => {
    // eslint-disable-next-line no-console
    console.log(
      `spatial-markov.json: worst |got - exp| / (1e-12 + 1e-9 |exp|) = ${worst.toExponential(3)}; ` +
        `p-values worst |got - exp| / 1e-12 = ${worstP.toExponential(3)}`,
    );
    expect(worst).toBeLessThanOrEqual(1);
    expect(worstP).toBeLessThanOrEqual(1);
  });
});

describe("spatialMarkov: hand-path4 by hand", () => {
  const w = weightsFromNeighbors(["a", "b", "c", "d"], [[1], [0, 2], [1, 3], [2]]);
  const y = [
    [0.2, 0.6, 0.7],
    [0.4, 0.3, 0.8],
    [0.6, 0.7, 0.2],
    [0.9, 0.8, 0.6],
  ];
  const r = spatialMarkov(y, w, { cutoffs: [0.5], lagCutoffs: [0.5] });

  it("lags, classes and conditional counts", () => {
    // lag of b in year 2 = (0.6 + 0.7)/2; of c in year 1 = (0.4 + 0.9)/2
    expect(r.lag[1][1]).toBeCloseTo(0.65, 15);
    expect(r.lag[2][0]).toBeCloseTo(0.65, 15);
    expect(r.lag[0]).toEqual([0.4, 0.3, 0.8]); // a's only neighbour is b
    expect(r.lag[1]).toEqual([0.4, 0.6499999999999999, 0.44999999999999996]); // doc example: (0.2 + 0.6)/2, ...
    expect(r.homogeneity.LR).toBeCloseTo(1.551839365960508, 14);
    // year-0 lag classes [0, 0, 1, 1]: a 0->1 and b 0->0 under lag 0; c 1->1, d 1->1 under lag 1
    // year-1 lag classes [0, 1, 1, 1]: a 1->1 under lag 0; b 0->1, c 1->0, d 1->1 under lag 1
    expect(r.T).toEqual([
      [[1, 1], [0, 1]],
      [[0, 1], [1, 3]],
    ]);
    expect(r.transitions).toEqual([
      [1, 2],
      [1, 4],
    ]);
  });

  it("chi-square and Bickenbach-Bode statistics by hand", () => {
    // pooled p = [[1/3, 2/3], [1/5, 4/5]]
    // lag 0: n = (2, 1): E = [[2/3, 4/3], [1/5, 4/5]]; O = [[1, 1], [0, 1]]
    //   (1/3)^2/(2/3) + (1/3)^2/(4/3) + (1/5)^2/(1/5) + (1/5)^2/(4/5) = 1/6 + 1/12 + 1/5 + 1/20 = 0.5
    // lag 1: n = (1, 4): E = [[1/3, 2/3], [4/5, 16/5]]; O = [[0, 1], [1, 3]]
    //   1/3 + 1/6 + (1/5)^2/(4/5) + (1/5)^2/(16/5) = 1/2 + 1/20 + 1/80 = 0.5625
    expect(r.chi2[0].statistic).toBeCloseTo(0.5, 14);
    expect(r.chi2[1].statistic).toBeCloseTo(0.5625, 14);
    expect(r.chi2.map((c) => c.dof)).toEqual([1, 1]);
    expect(r.x2).toBeCloseTo(1.0625, 14);
    expect(r.x2_dof).toBe(2); // k (k - 1)^2 with k = 2
    // Q equals the Pearson sum here; dof = sum_i (b_i - 1)(A_i - 1) = (2 - 1)(2 - 1) * 2 = 2
    expect(r.homogeneity.Q).toBeCloseTo(1.0625, 14);
    expect(r.homogeneity.dof).toBe(2);
    // LR = 2 sum n_ijl ln(p_ijl / p_ij):
    // lag 0: 1 ln(0.5/(1/3)) + 1 ln(0.5/(2/3)) + 1 ln(1/(4/5)); lag 1: 1 ln(1/(2/3)) + 1 ln(0.25/0.2) + 3 ln(0.75/0.8)
    const LR =
      2 *
      (Math.log(1.5) + Math.log(0.75) + Math.log(1.25) + Math.log(1.5) + Math.log(1.25) + 3 * Math.log(0.9375));
    expect(r.homogeneity.LR).toBeCloseTo(LR, 14);
    // chi-square(2) upper tail is exp(-x/2)
    expect(r.homogeneity.Q_p_value!).toBeCloseTo(Math.exp(-1.0625 / 2), 14);
    expect(r.x2_pvalue).toBeCloseTo(Math.exp(-1.0625 / 2), 14);
  });

  it("a class with no transitions at all adds no homogeneity dof (giddy's formula would add 1)", () => {
    // a third value class above 10 never occurs: pooled row 2 is empty (b_2 = A_2 = 0)
    const r3 = spatialMarkov(y, w, { cutoffs: [0.5, 10], lagCutoffs: [0.5] });
    expect(r3.k).toBe(3);
    expect(r3.T.map((Tl) => Tl.map((row) => row.slice(0, 2)).slice(0, 2))).toEqual(r.T);
    expect(r3.empty_rows).toEqual([[2], [2]]);
    expect(r3.homogeneity.dof).toBe(2); // rows 0 and 1: (2 - 1)(2 - 1) each; row 2: nothing
    expect(r3.homogeneity.Q).toBeCloseTo(1.0625, 14);
    expect(r3.chi2.map((c) => c.dof)).toEqual([1, 1]); // (2 non-empty rows - 1) x (2 - 1)
    expect(r3.x2_dof).toBe(12); // k (k - 1)^2 with k = 3
  });

  it("a lag class with transitions in one row only has chi-square dof 0 and no p-value", () => {
    // lag cutoff 0.66: only unit d in year 2 (lag 0.7) is in lag class 1, moving 1 -> 1
    const r1 = spatialMarkov(y, w, { cutoffs: [0.5], lagCutoffs: [0.66] });
    expect(r1.T[1]).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(r1.chi2[1].dof).toBe(0);
    expect(r1.chi2[1].p_value).toBeNull();
    expect(r1.chi2[0].p_value).not.toBeNull();
  });

  it("binary-style weights give the same lags (row-standardised internally)", () => {
    const rb = spatialMarkov(y, w.transform("B"), { cutoffs: [0.5], lagCutoffs: [0.5] });
    expect(rb.lag).toEqual(r.lag);
    expect(rb.T).toEqual(r.T);
  });
});

describe("spatialMarkov: properties", () => {
  // a 4 x 5 rook lattice with random values
  const rows = 4;
  const cols = 5;
  const nb: number[][] = [];
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      const l: number[] = [];
      if (a > 0) l.push((a - 1) * cols + b);
      if (b > 0) l.push(a * cols + b - 1);
      if (b < cols - 1) l.push(a * cols + b + 1);
      if (a < rows - 1) l.push((a + 1) * cols + b);
      nb.push(l);
    }
  }
  const w = weightsFromNeighbors(nb.map((_, i) => `u${i}`), nb);
  const panel = fc.integer({ min: 2, max: 6 }).chain((t) =>
    fc.array(fc.array(fc.integer({ min: 0, max: 9 }).map((v) => v / 10), { minLength: t, maxLength: t }), {
      minLength: rows * cols,
      maxLength: rows * cols,
    }),
  );

  it("counts summed over lag classes equal the classic Markov counts; P rows sum to 1 where counts exist", () => {
    fc.assert(
      fc.property(panel, fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), (y, k, m) => {
        const r = spatialMarkov(y, w, { k, m });
        const c = classify(y, { k });
        expect(r.class_ids).toEqual(c.class_ids);
        const classic = markov(c.class_ids, { k: c.k });
        const sum = classic.transitions.map((row, i) => row.map((_, j) => r.T.reduce((s, Tl) => s + Tl[i][j], 0)));
        expect(sum).toEqual(classic.transitions);
        expect(r.transitions).toEqual(classic.transitions);
        r.P.forEach((Pl, l) =>
          Pl.forEach((row, i) => {
            const n = r.T[l][i].reduce((a, b) => a + b, 0);
            const s = row.reduce((a, b) => a + b, 0);
            if (n > 0) expect(Math.abs(s - 1)).toBeLessThan(1e-12);
            else {
              expect(s).toBe(0);
              expect(r.empty_rows[l]).toContain(i);
            }
          }),
        );
        expect(r.lag_class_ids).toEqual(classify(r.lag, { k: m }).class_ids);
        // statistics are finite and non-negative
        expect(r.homogeneity.Q).toBeGreaterThanOrEqual(0);
        expect(r.homogeneity.LR).toBeGreaterThanOrEqual(-1e-12);
        expect(Number.isFinite(r.x2)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("is deterministic, and a permutation of the unit order (with the weights) changes nothing", () => {
    fc.assert(
      fc.property(panel, (y) => {
        const a = spatialMarkov(y, w);
        const b = spatialMarkov(y, w);
        expect(b).toEqual(a);
        // reverse the units: unit i becomes n-1-i, neighbours mapped accordingly
        const n = y.length;
        const nbR = nb.map((_, i) => nb[n - 1 - i].map((j) => n - 1 - j).sort((p, q) => p - q));
        const wR = weightsFromNeighbors(nb.map((_, i) => `r${i}`), nbR);
        const c = spatialMarkov([...y].reverse(), wR);
        expect(c.T).toEqual(a.T);
        expect(c.homogeneity.dof).toBe(a.homogeneity.dof);
        expect(Math.abs(c.homogeneity.Q - a.homogeneity.Q)).toBeLessThanOrEqual(1e-12 * Math.max(1, a.homogeneity.Q));
      }),
      { numRuns: 30 },
    );
  });
});

describe("spatialMarkov: errors", () => {
  const w = weightsFromNeighbors(["a", "b", "c"], [[1], [0, 2], [1]]);
  it("names rows, columns, values and the weights' size", () => {
    expect(() => spatialMarkov([[1, 2], [3, 4]], w)).toThrow(MarkovInputError);
    expect(() => spatialMarkov([[1, 2], [3, 4]], w)).toThrow(/2 rows \(units\) but the weights have 3 units/);
    expect(() => spatialMarkov([[1, 2], [3, 4], [5]], w)).toThrow(/ragged: row 3 has 1 columns/);
    expect(() => spatialMarkov([[1, 2], [3, NaN], [5, 6]], w)).toThrow(/row 2, column 2 is NaN/);
    expect(() => spatialMarkov([[1], [3], [5]], w)).toThrow(/need at least 2/);
    expect(() => spatialMarkov([[1, 2], [3, 4], [5, 6]], {} as any)).toThrow(/SpatialWeights/);
    expect(() => spatialMarkov([[1, 2], [3, 4], [5, 6]], w, { k: 1 })).toThrow(/k must be an integer >= 2, got 1/);
    expect(() => spatialMarkov([[1, 2], [3, 4], [5, 6]], w, { m: 0 })).toThrow(/m must be an integer >= 2, got 0/);
    expect(() => spatialMarkov([[1, 2], [3, 4], [5, 6]], w, { lagCutoffs: [3, 2] })).toThrow(
      /lagCutoffs must be strictly increasing: entry 2 \(2\) is not above entry 1 \(3\)/,
    );
    const wi = weightsFromNeighbors(["a", "b", "c"], [[1], [0], []]);
    expect(() => spatialMarkov([[1, 2], [3, 4], [5, 6]], wi)).toThrow(/unit 3 \(id "c"\) has no neighbours/);
  });
});
