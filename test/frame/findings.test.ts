import { describe, expect, it } from "vitest";
import { findings } from "../../src/frame/findings";

describe("findings", () => {
  it("collects rows, shows verdicts in the display table and counts them", () => {
    const f = findings({ computed: "公开数据 public" })
      .add("D rises", "2012–2021", "every year", true)
      .add("east first", "every year", "7 of 8 years", false)
      .add("level in 2021", "勉强协调", "no 2021 in the data", null);
    expect(f.columns).toEqual(["发现 finding", "论文 paper", "公开数据 public", "支持? supported?"]);
    expect(f.tableRows.map((r) => r["支持? supported?"])).toEqual(["支持 yes", "不支持 no", "—"]);
    expect(f.rows[1]).toEqual({ finding: "east first", paper: "every year", computed: "7 of 8 years", supported: false });
    expect(f.score).toEqual({ supported: 1, decided: 2, total: 3 });
    expect(f.kind).toBe("findings");
  });
});
