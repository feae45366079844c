import { describe, expect, it } from "vitest";
import { obstacleBars } from "../../src/plot";
import { obstacleResult } from "./samples";

type Trace = Record<string, any>;

describe("obstacleBars from an obstacle result", () => {
  it("one facet per system, one bar per value column, factor_zh names, top-k by the mean, largest on top", () => {
    const fig = obstacleBars(obstacleResult(), { topK: 3, systemLabels: { digital: "数字经济 Digital economy", green: "绿色发展 Green development" } });
    expect(fig.data).toHaveLength(6);
    const t0 = fig.data[0] as Trace;
    expect(t0.type).toBe("bar");
    expect(t0.orientation).toBe("h");
    expect(t0.y).toEqual(["数字基础设施", "数字产业化", "产业数字化"]);
    expect(fig.data.map((t) => t.yaxis)).toEqual(["y", "y", "y", "y2", "y2", "y2"]);
    expect(fig.data.slice(0, 3).map((t) => t.name)).toEqual(["2012", "2021", "均值 Mean"]);
    expect((fig.layout.yaxis as Trace).autorange).toBe("reversed");
    expect((fig.layout.annotations as Trace[]).map((a) => a.text)).toEqual(["<b>数字经济 Digital economy</b>", "<b>绿色发展 Green development</b>"]);
    expect((fig.layout.xaxis2 as Trace).title.text).toBe("障碍度 (%) / Obstacle degree (%)");
  });
  it("fractions in the result are shown in percent (display only): bars, labels and axis", () => {
    const r = obstacleResult();
    const fig = obstacleBars(r);
    const t2012 = fig.data[0] as Trace;
    // factor 1 of system 1 in 2012: 0.32 in the record -> 32 on the axis, label "32.00%"
    expect(r.rows[0]["2012"]).toBe(0.32);
    expect(t2012.x[0]).toBeCloseTo(32, 10);
    expect(t2012.text[0]).toBe("32.00%");
    expect((fig.layout.xaxis as Trace).ticksuffix).toBe("%");
    expect(r.rows[0]["2012"]).toBe(0.32); // the result is not modified
  });
});

describe("obstacleBars from plain records", () => {
  it("wide: one bar per named column", () => {
    const fig = obstacleBars(
      [
        { f: "a", y1: 0.1, y2: 0.3 },
        { f: "b", y1: 0.2, y2: 0.05 },
      ],
      { factor: "f", values: ["y1", "y2"], valueLabels: { y1: "2012年" }, rankBy: "y1" },
    );
    expect(fig.data.map((t) => t.name)).toEqual(["2012年", "y2"]);
    expect((fig.data[0] as Trace).y).toEqual(["b", "a"]);
    expect((fig.data[1] as Trace).x.map((v: number) => +v.toFixed(9))).toEqual([5, 30]);
  });
  it("long: value and group fields; rankBy a group", () => {
    const rows = [
      { factor: "a", group: "2012", value: 0.1 },
      { factor: "b", group: "2012", value: 0.2 },
      { factor: "a", group: "2021", value: 0.3 },
      { factor: "b", group: "2021", value: 0.05 },
    ];
    expect((obstacleBars(rows, { rankBy: "2012" }).data[0] as Trace).y).toEqual(["b", "a"]);
    expect((obstacleBars(rows, { rankBy: 2021 }).data[0] as Trace).y).toEqual(["a", "b"]);
  });
  it("single system without groups: one trace, no legend; percentages with percent: true", () => {
    const fig = obstacleBars([{ factor: "x", value: 3 }, { factor: "y", value: 7 }], { percent: true });
    expect(fig.data).toHaveLength(1);
    expect((fig.data[0] as Trace).y).toEqual(["y", "x"]);
    expect((fig.data[0] as Trace).x).toEqual([7, 3]);
    expect(fig.layout.showlegend).toBe(false);
  });
  it("a percentage read as a fraction is an error suggesting percent: true", () => {
    expect(() => obstacleBars([{ factor: "x", value: 32.5 }])).toThrow(/record 1 field "value" is 32.5, outside \[0, 1\].*pass \{ percent: true \}/);
    expect(() => obstacleBars([{ factor: "x", share: 0.3 }])).toThrow(/name the values/);
  });
});
