import { describe, expect, it } from "vitest";
import { obstacleBars } from "../../src/plot";
import { obstacleRows } from "./samples";

describe("obstacleBars", () => {
  it("one facet per system, one bar trace per group, horizontal, top-k by the mean, largest on top", () => {
    const fig = obstacleBars(obstacleRows(), { topK: 3 });
    expect(fig.data).toHaveLength(6);
    const t0 = fig.data[0] as any;
    expect(t0.type).toBe("bar");
    expect(t0.orientation).toBe("h");
    expect(t0.y).toEqual(["数字基础设施", "数字产业化", "产业数字化"]);
    expect(t0.text[0]).toMatch(/%$/);
    expect(fig.data.map((t) => (t as any).yaxis)).toEqual(["y", "y", "y", "y2", "y2", "y2"]);
    expect(fig.data.slice(0, 3).map((t) => t.name)).toEqual(["2012", "2021", "均值 Mean"]);
    expect((fig.layout.yaxis as any).autorange).toBe("reversed");
    expect((fig.layout.annotations as any[]).map((a) => a.text)).toEqual(["<b>数字经济 Digital economy</b>", "<b>绿色发展 Green development</b>"]);
    expect((fig.layout.xaxis2 as any).title.text).toBe("障碍度 (%) / Obstacle degree (%)");
  });
  it("rankBy a group", () => {
    const rows = [
      { factor: "a", group: "2012", value: 10 },
      { factor: "b", group: "2012", value: 20 },
      { factor: "a", group: "2021", value: 30 },
      { factor: "b", group: "2021", value: 5 },
    ];
    expect((obstacleBars(rows, { rankBy: "2012" }).data[0] as any).y).toEqual(["b", "a"]);
    expect((obstacleBars(rows, { rankBy: 2021 }).data[0] as any).y).toEqual(["a", "b"]);
  });
  it("single system without groups: one trace, no legend", () => {
    const fig = obstacleBars([{ factor: "x", value: 3 }, { factor: "y", value: 7 }]);
    expect(fig.data).toHaveLength(1);
    expect((fig.data[0] as any).y).toEqual(["y", "x"]);
    expect(fig.layout.showlegend).toBe(false);
  });
});
