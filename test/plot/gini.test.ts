import { describe, expect, it } from "vitest";
import { giniContributions } from "../../src/plot";
import { giniRows } from "./samples";

describe("giniContributions", () => {
  it("stacked contributions in percent (summing to 100) and G on a secondary axis", () => {
    const fig = giniContributions(giniRows());
    expect(fig.layout.barmode).toBe("stack");
    const [w, b, t, g] = fig.data as any[];
    expect([w.name, b.name, t.name]).toEqual(["区域内差异 Within", "区域间净差异 Between (net)", "超变密度 Transvariation"]);
    for (let i = 0; i < 10; i++) expect(w.y[i] + b.y[i] + t.y[i]).toBeCloseTo(100, 10);
    expect(w.y[0]).toBeCloseTo(30, 10);
    expect(g.yaxis).toBe("y2");
    expect(g.y[0]).toBeCloseTo(0.05, 12);
    expect((fig.layout.yaxis2 as any).overlaying).toBe("y");
    expect((fig.layout.legend as any).traceorder).toBe("normal");
  });
  it("shares, percentages and absolute parts give the same bars", () => {
    const a = giniContributions([{ time: 2020, within: 0.3, between: 0.5, transvariation: 0.2 }]);
    const b = giniContributions([{ time: 2020, within: 30, between: 50, transvariation: 20 }]);
    expect((a.data[1] as any).y).toEqual((b.data[1] as any).y);
    expect(a.data).toHaveLength(3); // no G given
    expect(() => giniContributions([{ time: 1, within: 0, between: 0, transvariation: 0 }])).toThrow(/sum to 0/);
  });
});
