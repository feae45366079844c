import { describe, expect, it } from "vitest";
import { giniContributions } from "../../src/plot";
import { dagumResult, giniRows } from "./samples";

type Trace = Record<string, any>;

describe("giniContributions", () => {
  it("from a Dagum result: shares (fractions) shown in percent, stacked to 100, and G on a secondary axis", () => {
    const r = dagumResult();
    const fig = giniContributions(r);
    expect(fig.layout.barmode).toBe("stack");
    const [w, b, t, g] = fig.data as Trace[];
    expect([w.name, b.name, t.name]).toEqual(["区域内差异 Within", "区域间净差异 Between (net)", "超变密度 Transvariation"]);
    for (let i = 0; i < 10; i++) expect(w.y[i] + b.y[i] + t.y[i]).toBeCloseTo(100, 10);
    // within is 30 % of G every year, between 45 % in the first year and 36 % in the last
    expect(w.y[0]).toBeCloseTo(30, 10);
    expect(b.y[0]).toBeCloseTo(45, 10);
    expect(b.y[9]).toBeCloseTo(36, 10);
    expect(w.x[0]).toBe("2012");
    expect(g.yaxis).toBe("y2");
    expect(g.y[0]).toBeCloseTo(0.05, 12);
    expect((fig.layout.yaxis2 as Trace).overlaying).toBe("y");
    expect((fig.layout.legend as Trace).traceorder).toBe("normal");
    expect(r.rows[0].share_within).toBeCloseTo(0.3, 12); // the result keeps fractions
  });
  it("plain records (absolute parts, named fields) give the same bars as the result", () => {
    const a = giniContributions(giniRows(), { time: "time" });
    const b = giniContributions(dagumResult());
    for (let k = 0; k < 4; k++) {
      (a.data[k].y as number[]).forEach((v, i) => expect(v).toBeCloseTo((b.data[k].y as number[])[i], 10));
    }
  });
  it("shares, percentages and absolute parts give the same bars; zero or negative parts are refused", () => {
    const a = giniContributions([{ year: 2020, within: 0.3, between: 0.5, transvariation: 0.2 }]);
    const b = giniContributions([{ year: 2020, within: 30, between: 50, transvariation: 20 }]);
    expect((a.data[1] as Trace).y).toEqual((b.data[1] as Trace).y);
    expect(a.data).toHaveLength(3); // no G given
    expect(() => giniContributions([{ year: 1, within: 0, between: 0, transvariation: 0 }])).toThrow(/sum to 0/);
    expect(() => giniContributions([{ year: 1, within: 0.5, between: -0.1, transvariation: 0.6 }])).toThrow(/record 1 \(year 1\) has a negative part/);
  });
});
