import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { classify, markov, MarkovInputError } from "../../src/core/markov";
import golden from "../golden/toolkit/markov.json";

const tol = golden.tolerance; // |got - exp| <= 1e-12 + 1e-9 |exp|; "Infinity" strings exactly
let worst = 0;
function near(got: number, exp: number | string, what: string) {
  if (typeof exp === "string") {
    expect(String(got), what).toBe(exp); // "Infinity" / "NaN"
    return;
  }
  const allowed = tol.absolute + tol.relative * Math.abs(exp);
  const dev = Math.abs(got - exp);
  worst = Math.max(worst, dev / allowed);
  expect(dev, `${what}: ${got} vs ${exp}`).toBeLessThanOrEqual(allowed);
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

describe("markov: golden cases (giddy Markov, mapclassify Quantiles / UserDefined)", () => {
  for (const c of golden.cases as any[]) {
    it(c.name, () => {
      const e = c.expected;
      let ids: number[][];
      if (c.input.class_ids) {
        ids = c.input.class_ids;
      } else {
        const opts = c.input.cutoffs ? { cutoffs: c.input.cutoffs } : { k: c.input.k };
        const cl = classify(c.input.values as number[][], opts);
        expect(cl.method).toBe(e.method);
        expect(cl.k).toBe(e.k);
        nearDeep(cl.upper_bounds, e.upper_bounds, "upper_bounds");
        nearDeep(cl.cutoffs, e.cutoffs, "cutoffs");
        expect(cl.class_ids).toEqual(e.class_ids);
        expect(cl.class_counts).toEqual(e.class_counts);
        expect(cl.closed).toBe("right");
        ids = cl.class_ids;
      }
      const m = markov(ids, { k: e.k });
      expect(m.k).toBe(e.k);
      expect(m.class_counts).toEqual(e.class_counts);
      expect(m.transitions).toEqual(e.transitions);
      expect(m.empty_rows).toEqual(e.empty_rows);
      nearDeep(m.p, e.p, "p");
      nearDeep(m.p_filled, e.p_filled, "p_filled");
      expect(m.n_recurrent_classes).toBe(e.n_recurrent_classes);
      expect(m.recurrent_classes).toEqual(e.recurrent_classes);
      nearDeep(m.steady_state, e.steady_state, "steady_state");
      nearDeep(m.mfpt, e.mfpt, "mfpt");
      nearDeep(m.sojourn_time, e.sojourn_time, "sojourn_time");
      const n = ids.length;
      expect(m.n_transitions).toBe(n * (ids[0].length - 1));
    });
  }

  it("worst deviation over all golden values is within tolerance (reported)", () => {
    // eslint-disable-next-line no-console
    console.log(`markov.json: worst |got - exp| / (1e-12 + 1e-9 |exp|) = ${worst.toExponential(3)}`);
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe("markov: hand computations", () => {
  it("hand-given-classes: fractions of the golden note", () => {
    const m = markov(
      [
        [0, 0, 1, 2],
        [2, 2, 1, 0],
        [1, 1, 0, 1],
        [1, 2, 2, 1],
      ],
      { k: 3 },
    );
    // transitions by hand: unit 1: 0->0, 0->1, 1->2; unit 2: 2->2, 2->1, 1->0; unit 3: 1->1, 1->0, 0->1;
    // unit 4: 1->2, 2->2, 2->1
    expect(m.transitions).toEqual([
      [1, 2, 0],
      [2, 1, 2],
      [0, 2, 2],
    ]);
    const c = (a: number, b: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThan(1e-14);
    c(m.p[0][1], 2 / 3);
    c(m.p[1][1], 1 / 5);
    // pi P = pi: pi = (3, 5, 4)/12
    const pi = m.steady_state as number[];
    [1 / 4, 5 / 12, 1 / 3].forEach((v, j) => c(pi[j], v));
    // recurrence times 1/pi; m_10 = 9/2, m_20 = 13/2 (first-step equations:
    // m_10 = 1 + 0.2 m_10 + 0.4 m_20, m_20 = 1 + 0.5 m_10 + 0.5 m_20 -> m_20 = 2 + m_10, m_10 = 4.5)
    c(m.mfpt[0][0], 4);
    c(m.mfpt[1][1], 12 / 5);
    c(m.mfpt[2][2], 3);
    c(m.mfpt[1][0], 9 / 2);
    c(m.mfpt[2][0], 13 / 2);
    c(m.sojourn_time[0], 1.5);
    expect(m.transient_states).toEqual([]);
  });

  it("absorbing top class (D rising every year): empty row filled, pi = [0, 0, 0, 1], passage times by hand", () => {
    const cl = classify([
      [1, 3, 5, 7],
      [2, 4, 6, 8],
    ]);
    expect(cl.upper_bounds).toEqual([2.75, 4.5, 6.25, 8]); // h = 7/4 -> 2 + 0.75; 3.5 -> 4.5; 5.25 -> 6.25
    const m = markov(cl.class_ids, { k: cl.k });
    expect(m.empty_rows).toEqual([3]);
    expect(m.p[3]).toEqual([0, 0, 0, 0]); // never silently filled
    expect(m.p_filled[3]).toEqual([0, 0, 0, 1]);
    expect(m.steady_state).toEqual([0, 0, 0, 1]);
    expect(m.mfpt[0][3]).toBe(3);
    expect(m.mfpt[1][1]).toBe(Infinity); // never returns to 1
    expect(m.mfpt[3][0]).toBe(Infinity);
    expect(m.sojourn_time[3]).toBe(Infinity);
    expect(m.transient_states).toEqual([0, 1, 2]);
  });

  it("several recurrent classes: steady_state is a list ordered by smallest state", () => {
    // 0 <-> 1 closed; 2 -> 2 closed; 3 -> 0 or 2 transient
    const m = markov(
      [
        [0, 1, 0, 1],
        [2, 2, 2, 2],
        [3, 0, 1, 0],
        [3, 2, 2, 2],
      ],
      { k: 4 },
    );
    expect(m.recurrent_classes).toEqual([[0, 1], [2]]);
    expect(m.transient_states).toEqual([3]);
    // class {0, 1}: 0 -> 1 always (3 of 3); 1 -> 0 always (2 of 2): pi = (1/2, 1/2)
    expect(m.steady_state).toEqual([
      [0.5, 0.5, 0, 0],
      [0, 0, 1, 0],
    ]);
    expect(m.steady_states.length).toBe(2);
    expect(m.mfpt[3][0]).toBe(Infinity); // 3 goes to 2 with probability 1/2
    expect(m.mfpt[0][1]).toBe(1);
    expect(m.mfpt[0][0]).toBe(2);
    expect(m.empty_rows).toEqual([]); // 3 has transitions (to 0 and to 2)
    expect(m.transitions[3]).toEqual([1, 0, 1, 0]);
  });

  it("classify: duplicate quantile bounds collapse (fewer classes)", () => {
    // 100 ones and 40 threes (mapclassify's own example): quartile bounds 1, 1, 3, 3 -> [1, 3]
    const y = [...new Array(100).fill(1), ...new Array(40).fill(3)];
    const c = classify(y, { k: 4 });
    expect(c.upper_bounds).toEqual([1, 3]);
    expect(c.cutoffs).toEqual([1]);
    expect(c.k).toBe(2);
    expect(c.class_counts).toEqual([100, 40]);
  });

  it("classify: fixed edges, right- and left-closed (the coordination-level convention)", () => {
    const edges = [0.3, 0.4, 0.5, 0.6];
    const v = [0.2, 0.3, 0.35, 0.4, 0.5, 0.55, 0.6, 0.61];
    expect(classify(v, { cutoffs: edges }).class_ids).toEqual([0, 0, 1, 1, 2, 3, 3, 4]);
    expect(classify(v, { cutoffs: edges, closed: "left" }).class_ids).toEqual([0, 1, 1, 2, 3, 3, 4, 4]);
    // doc example
    expect(classify([0.3, 0.5, 0.61], { cutoffs: edges }).class_ids).toEqual([0, 2, 4]);
    expect(classify([0.3, 0.5, 0.61], { cutoffs: edges, closed: "left" }).class_ids).toEqual([1, 3, 4]);
    expect(classify(v, { cutoffs: edges }).upper_bounds).toEqual([0.3, 0.4, 0.5, 0.6, 0.61]);
    // top class empty: its bound is Infinity
    expect(classify([0.1, 0.2], { cutoffs: [0.5] }).upper_bounds).toEqual([0.5, Infinity]);
    expect(classify([0.1, 0.2], { cutoffs: [0.5] }).class_counts).toEqual([2, 0]);
  });
});

describe("markov: properties", () => {
  const panel = fc
    .record({ n: fc.integer({ min: 1, max: 8 }), t: fc.integer({ min: 2, max: 8 }), k: fc.integer({ min: 2, max: 5 }) })
    .chain(({ n, t, k }) =>
      fc.record({
        k: fc.constant(k),
        ids: fc.array(fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: t, maxLength: t }), {
          minLength: n,
          maxLength: n,
        }),
      }),
    );

  it("rows of p sum to 1 where counts exist (0 otherwise); counts total units x (times - 1)", () => {
    fc.assert(
      fc.property(panel, ({ k, ids }) => {
        const m = markov(ids, { k });
        let total = 0;
        m.transitions.forEach((row, i) => {
          const s = row.reduce((a, b) => a + b, 0);
          total += s;
          const ps = m.p[i].reduce((a, b) => a + b, 0);
          if (s > 0) expect(Math.abs(ps - 1)).toBeLessThan(1e-12);
          else {
            expect(ps).toBe(0);
            expect(m.empty_rows).toContain(i);
          }
        });
        expect(total).toBe(ids.length * (ids[0].length - 1));
      }),
    );
  });

  it("each steady state is invariant under the chain (pi P_filled = pi), sums to 1, lives on its class", () => {
    fc.assert(
      fc.property(panel, ({ k, ids }) => {
        const m = markov(ids, { k });
        m.steady_states.forEach((pi, c) => {
          expect(Math.abs(pi.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
          for (let j = 0; j < k; j++) {
            let s = 0;
            for (let i = 0; i < k; i++) s += pi[i] * m.p_filled[i][j];
            expect(Math.abs(s - pi[j])).toBeLessThan(1e-12);
            if (!m.recurrent_classes[c].includes(j)) expect(pi[j]).toBe(0);
            else expect(pi[j]).toBeGreaterThan(0);
          }
        });
      }),
    );
  });

  it("finite passage times satisfy the first-step equations m_ij = 1 + sum_{l != j} p_il m_lj", () => {
    fc.assert(
      fc.property(panel, ({ k, ids }) => {
        const m = markov(ids, { k });
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < k; j++) {
            let s = 1;
            for (let l = 0; l < k; l++) if (l !== j && m.p_filled[i][l] > 0) s += m.p_filled[i][l] * m.mfpt[l][j];
            if (Number.isFinite(m.mfpt[i][j])) expect(Math.abs(s - m.mfpt[i][j])).toBeLessThan(1e-9 * s);
            else expect(s).toBe(Infinity);
          }
        }
        // recurrence time = 1 / pi_j inside a recurrent class
        m.recurrent_classes.forEach((cls, c) => {
          for (const j of cls) expect(Math.abs(m.mfpt[j][j] * m.steady_states[c][j] - 1)).toBeLessThan(1e-9);
        });
      }),
    );
  });

  it("classify with closed left / right differs only on values equal to an edge", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }).map((v) => v / 20), { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 20 }).map((v) => v / 20), { minLength: 1, maxLength: 5 }),
        (vals, edgesRaw) => {
          const edges = [...edgesRaw].sort((a, b) => a - b);
          const r = classify(vals, { cutoffs: edges }).class_ids;
          const l = classify(vals, { cutoffs: edges, closed: "left" }).class_ids;
          vals.forEach((v, q) => {
            if (edges.includes(v)) expect(l[q]).toBe(r[q] + 1);
            else expect(l[q]).toBe(r[q]);
          });
          // quantile classes too
          const qr = classify(vals, { k: 3 });
          const ql = classify(vals, { k: 3, closed: "left" });
          expect(ql.cutoffs).toEqual(qr.cutoffs);
          vals.forEach((v, q) => {
            if (qr.cutoffs.includes(v)) expect(ql.class_ids[q]).toBe(qr.class_ids[q] + 1);
            else expect(ql.class_ids[q]).toBe(qr.class_ids[q]);
          });
        },
      ),
    );
  });

  it("matrix and flat classify agree (classes pooled over all cells)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 10 }),
        (rows) => {
          const a = classify(rows, { k: 4 });
          const b = classify(rows.flat(), { k: 4 });
          expect(a.class_ids.flat()).toEqual(b.class_ids);
          expect(a.upper_bounds).toEqual(b.upper_bounds);
        },
      ),
    );
  });
});

describe("markov / classify: errors name the row and column (from 1) and the value", () => {
  it("classify", () => {
    expect(() => classify([[1, 2], [3]], { k: 2 })).toThrow(MarkovInputError);
    expect(() => classify([[1, 2], [3]], { k: 2 })).toThrow(/ragged: row 2 has 1 columns, row 1 has 2/);
    expect(() => classify([[1, 2], [3, NaN]], { k: 2 })).toThrow(/row 2, column 2 is NaN/);
    expect(() => classify([1, NaN, 3])).toThrow(/value 2 \(counted from 1\) is NaN/);
    expect(() => classify([1, 2, 3], { k: 1 })).toThrow(/k must be an integer >= 2, got 1/);
    expect(() => classify([1, 2, 3], { k: 2.5 })).toThrow(/got 2.5/);
    expect(() => classify([1, 2, 3], { k: 3, cutoffs: [2] })).toThrow(/not both/);
    expect(() => classify([1, 2, 3], { cutoffs: [0.5, 0.4] })).toThrow(/strictly increasing: entry 2 \(0.4\) is not above entry 1 \(0.5\)/);
    expect(() => classify([1, 2, 3], { cutoffs: [0.5, 0.5] })).toThrow(/strictly increasing/);
    expect(() => classify([1, 2, 3], { cutoffs: [NaN] })).toThrow(/cutoffs entry 1 is NaN/);
    expect(() => classify([1, 2, 3], { cutoffs: [] })).toThrow(/non-empty/);
    expect(() => classify([1, 2, 3], { closed: "both" as any })).toThrow(/closed must be "right" or "left"/);
    expect(() => classify([])).toThrow(/no values/);
  });

  it("markov", () => {
    expect(() => markov([[0, 1], [1, 3]], { k: 3 })).toThrow(/row 2, column 2 is 3, not a class id in 0..2/);
    expect(() => markov([[0, 1], [1, -1]], { k: 3 })).toThrow(/row 2, column 2 is -1/);
    expect(() => markov([[0, 1.5]], { k: 3 })).toThrow(/row 1, column 2 is 1.5/);
    expect(() => markov([[0, 1], [1]], { k: 3 })).toThrow(/ragged: row 2/);
    expect(() => markov([[0], [1]], { k: 3 })).toThrow(/1 column\(s\) \(times\); need at least 2/);
    expect(() => markov([[0, 1]], { k: 1 })).toThrow(/k \(number of classes\) must be an integer >= 2, got 1/);
    expect(() => markov([[0, 1]], {} as any)).toThrow(/got undefined/);
    expect(() => markov([[0, NaN]], { k: 2 })).toThrow(/row 1, column 2 is NaN/);
  });
});
