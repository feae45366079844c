import { describe, expect, it } from "vitest";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { dataPath } from "../../src/data/paths";
import { readLong, readPanel } from "../../src/data/loaders";

function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe("data/README.md checksums", () => {
  const readme = fs.readFileSync(dataPath("README.md"), "utf8");
  const listed = new Map<string, string>();
  for (const m of readme.matchAll(/^\| `((?:sources|provinces)\/[^`]+)` \|.*\| `([0-9a-f]{64})` \|$/gm)) listed.set(m[1], m[2]);

  it("lists every file of sources/ and provinces/ with its sha256", () => {
    const files = [...listFiles(dataPath("sources")).map((f) => `sources/${f}`), ...listFiles(dataPath("provinces")).map((f) => `provinces/${f}`)].sort();
    expect([...listed.keys()].sort()).toEqual(files);
    for (const f of files) {
      const h = crypto.createHash("sha256").update(fs.readFileSync(dataPath(f))).digest("hex");
      expect(h, f).toBe(listed.get(f));
    }
  });
});

describe("the raw population file", () => {
  it("reads with readLong (comment line skipped, English names incl. Innermongolia)", async () => {
    const rows = await readLong(dataPath("sources", "raw", "nbs-population-by-province-2005-2024.csv"), {
      indicator: "年末常住人口",
      indicatorMeasure: "万人",
    });
    expect(rows).toHaveLength(31 * 20);
    expect(rows.find((r) => r.adcode === "110000" && r.year === 2019)?.value).toBe(2190);
    expect(rows.find((r) => r.adcode === "150000" && r.year === 2024)?.province).toBe("内蒙古");
    expect(rows[0].measure).toBe("万人");
  });

  it("reads with readPanel as a wide table of provinces: adcode, province, year, one indicator column", async () => {
    const p = await readPanel(dataPath("sources", "raw", "nbs-population-by-province-2005-2024.csv"), {
      indicator: "年末常住人口",
      indicatorMeasure: "万人",
    });
    expect(p.layout).toBe("wide");
    expect(p.provinces).toBe(true);
    expect(p.keys).toEqual({ unit: "adcode", label: "province", time: "year" });
    expect(p.columns).toEqual(["adcode", "province", "year", "年末常住人口"]);
    expect(p.measures).toEqual({ 年末常住人口: "万人" });
    expect(p.rows).toHaveLength(31 * 20);
    expect(p.rows.find((r) => r.adcode === "110000" && r.year === 2019)?.["年末常住人口"]).toBe(2190);
    expect(p.rows.find((r) => r.adcode === "150000" && r.year === 2024)?.province).toBe("内蒙古");
    expect(p.encoding).toBe("utf-8");
  });
});
