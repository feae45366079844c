import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as path from "path";
import { listPublished, numbersIn, printedValue, readPublished, readPublishedQuotes, publishedRecords } from "../../src/data/published";
import { loadSpec } from "../../src/data/spec";

const root = path.join(__dirname, "..", "..");

function quoteLines(q: string | string[]): string[] {
  return Array.isArray(q) ? q : [q];
}

describe("published tables", () => {
  const names = listPublished();

  it("lists every table of paper 1 and the text numbers of both papers", () => {
    expect(names).toEqual([
      "zhang-ouyang-2025.table1",
      "zhang-ouyang-2025.table2",
      "zhang-ouyang-2025.table3",
      "zhang-ouyang-2025.table4",
      "zhang-ouyang-2025.table5",
      "zhang-ouyang-2025.table6",
      "zhang-ouyang-2025.table7",
      "zhang-ouyang-2025.text",
      "zhou-xu-li.table3",
      "zhou-xu-li.table4",
      "zhou-xu-li.table5",
      "zhou-xu-li.text",
    ]);
  });

  it("every transcribed number and text appears in its quoted line, and every quoted line is verbatim in the quotes file", () => {
    let numbers = 0;
    let texts = 0;
    const used = new Map<string, Set<string>>();
    for (const name of names) {
      const t = readPublished(name);
      const quotes = readPublishedQuotes(t.quotes_file);
      const set = new Set(quotes);
      if (!used.has(t.quotes_file)) used.set(t.quotes_file, new Set());
      const mark = (l: string) => used.get(t.quotes_file)!.add(l);
      if (t.source_quote !== null) {
        expect(set.has(t.source_quote), `${name}: source_quote`).toBe(true);
        mark(t.source_quote);
      }
      t.rows.forEach((r, i) => {
        const lines = quoteLines(r.quote);
        for (const l of lines) {
          expect(set.has(l), `${name} row ${i + 1}: quote not in ${t.quotes_file}: ${l.slice(0, 60)}`).toBe(true);
          mark(l);
        }
        const joined = lines.join("\n");
        const nums = numbersIn(joined);
        for (const c of t.columns) {
          if (/^\d{4}$/.test(c.name)) {
            // a column named by a year: the year is printed in the quote (the table's header line)
            expect(nums.includes(Number(c.name)), `${name} row ${i + 1}: year column ${c.name} not in its quote`).toBe(true);
          }
          const v = r[c.name];
          if (v === null || c.check === "none") continue;
          const where = `${name} row ${i + 1} column ${c.name} = ${JSON.stringify(v)}`;
          if (c.check === "number") {
            expect(typeof v, where).toBe("number");
            expect(nums.includes(v as number), `${where} not among the numbers of its quote ${nums.join(" ")}`).toBe(true);
            numbers++;
          } else if (c.check === "text") {
            expect(joined.includes(v as string), `${where} not in its quote`).toBe(true);
            texts++;
          } else if (c.check === "printed") {
            expect(Math.abs(printedValue(r.printed as string) - (v as number)), where).toBeLessThan(1e-12);
            numbers++;
          }
        }
      });
    }
    // not vacuous: 24 weights, 10 x 10 + 14 x 10 + ... numbers
    expect(numbers).toBeGreaterThan(350);
    expect(texts).toBeGreaterThan(60);
    // the quotes files hold only lines that some table uses
    for (const [file, u] of used) {
      const lines = readPublishedQuotes(file);
      expect(new Set(lines).size, `${file}: duplicate lines`).toBe(lines.length);
      for (const l of lines) expect(u.has(l), `${file}: unused line ${l.slice(0, 50)}`).toBe(true);
    }
  });

  it("numbersIn and printedValue read printed numbers", () => {
    expect(numbersIn("从 2012 年的 0.050 降至 0.043,降幅达 14%")).toEqual([2012, 0.05, 0.043, 14]);
    expect(numbersIn("[0.9,1.0]")).toEqual([0.9, 1]);
    expect(printedValue("14%")).toBe(14);
    expect(printedValue("1/3")).toBeCloseTo(1 / 3, 15);
    expect(() => printedValue("a")).toThrow(/not a printed number/);
  });

  it("paper 1: spot values and the checks of METHODS.md section 9", () => {
    const t3 = publishedRecords("zhang-ouyang-2025.table3");
    expect(t3[0]).toMatchObject({ year: 2012, D: 0.368, level_zh: "轻度失调" });
    expect(t3[9]).toMatchObject({ year: 2021, D: 0.559, level_zh: "勉强协调" });
    const t2 = publishedRecords("zhang-ouyang-2025.table2");
    expect(t2).toHaveLength(24);
    for (const sys of ["security", "resources"]) {
      const s = t2.filter((r) => r.system === sys).reduce((a, r) => a + (r.weight as number), 0);
      expect(Math.abs(s - 1)).toBeLessThanOrEqual(0.001);
    }
    expect(t2.find((r) => r.id === "R4")).toMatchObject({ name_zh: "出院者平均住院日", direction: "-", weight: 0.02 });
    const t4 = publishedRecords("zhang-ouyang-2025.table4");
    const years = t4.filter((r) => r.year !== null);
    const mean = t4.find((r) => r.row === "均值")!;
    for (const reg of ["east", "central", "west", "northeast"]) {
      const m = years.reduce((a, r) => a + (r[reg] as number), 0) / years.length;
      expect(Math.abs(m - (mean[reg] as number)), reg).toBeLessThanOrEqual(0.0011);
    }
    // Table 3 = province-weighted mean of Table 4 (10, 6, 12, 3 provinces), within rounding
    for (const r of years) {
      const w = (10 * (r.east as number) + 6 * (r.central as number) + 12 * (r.west as number) + 3 * (r.northeast as number)) / 31;
      const d = t3.find((x) => x.year === r.year)!.D as number;
      expect(Math.abs(w - d), String(r.year)).toBeLessThanOrEqual(0.0015);
    }
    const t5 = publishedRecords("zhang-ouyang-2025.table5");
    for (const sys of ["security", "resources"])
      for (const col of ["2012", "2021", "mean"]) {
        const s = t5.filter((r) => r.system === sys).reduce((a, r) => a + (r[col] as number), 0);
        expect(Math.abs(s - 100), `${sys} ${col}`).toBeLessThanOrEqual(0.02);
      }
    const t7 = publishedRecords("zhang-ouyang-2025.table7");
    const contrib = t7.filter((r) => r.section === "contribution");
    for (let y = 2012; y <= 2021; y++) {
      const s = contrib.reduce((a, r) => a + (r[String(y)] as number), 0);
      expect(Math.abs(s - 100), String(y)).toBeLessThanOrEqual(0.01);
    }
    expect(t7.find((r) => r.group === "overall")!["2012"]).toBe(0.05);
    // the text's "2022" is transcribed as printed
    const text = publishedRecords("zhang-ouyang-2025.text");
    expect(text.find((r) => r.id === "within-central-end")).toMatchObject({ year: 2022, printed: "0.020", value: 0.02 });
    expect(t1Levels()).toEqual(["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"]);
  });

  it("paper 2: the numbers its text states", () => {
    const text = publishedRecords("zhou-xu-li.text");
    const v = (id: string) => text.find((r) => r.id === id)!.value;
    expect(v("health-premiums-2010")).toBe(677.31);
    expect(v("health-premiums-2019")).toBe(7066);
    expect(v("moran-min")).toBe(0.1);
    expect(v("moran-max")).toBe(0.26);
    expect(v("moran-decline-start")).toBe(2011);
    expect(v("moran-decline-end")).toBe(2013);
    const counts = publishedRecords("zhou-xu-li.table3");
    for (const y of [2010, 2019]) expect(counts.filter((r) => r.year === y).reduce((a, r) => a + (r.provinces as number), 0)).toBe(31);
    expect(counts.find((r) => r.year === 2010 && r.lower === 0.3)!.provinces).toBe(15);
    expect(counts.find((r) => r.year === 2019 && r.lower === 0)!.provinces).toBe(17);
    const changes = publishedRecords("zhou-xu-li.table4");
    expect(changes.map((r) => [r.adcode, r.level_2010, r.level_2019])).toEqual([
      ["220000", 3, 2],
      ["120000", 4, 3],
      ["440000", 5, 6],
    ]);
    const lisa = publishedRecords("zhou-xu-li.table5");
    expect(lisa.filter((r) => r.cluster === "HH").map((r) => r.adcode).sort()).toEqual(["310000", "320000", "330000", "340000", "350000", "410000", "420000", "430000"]);
    expect(lisa.filter((r) => r.cluster === "LL").map((r) => r.adcode).sort()).toEqual(["630000", "650000"]);
    expect(lisa.filter((r) => r.cluster === "LH").map((r) => r.adcode)).toEqual(["360000"]);
  });

  it("the spec's published weights, names and directions agree with Table 2", () => {
    const spec = loadSpec("zhang-ouyang-2025");
    const t2 = publishedRecords("zhang-ouyang-2025.table2");
    expect(spec.map((r) => r.id)).toEqual(t2.map((r) => r.id));
    for (const r of spec) {
      const p = t2.find((x) => x.id === r.id)!;
      expect(r.weightPublished, r.id).toBe(p.weight);
      expect(r.nameZh, r.id).toBe(p.name_zh);
      expect(r.direction, r.id).toBe(p.direction);
      expect(r.system, r.id).toBe(p.system);
      expect(r.criterion, r.id).toBe(p.criterion);
    }
  });

  it("readPublished rejects unknown names; files are plain JSON in the repository", () => {
    expect(() => readPublished("nope")).toThrow(/no table "nope"/);
    expect(fs.existsSync(path.join(root, "data", "published", "quotes", "paper1.txt"))).toBe(true);
  });
});

function t1Levels(): string[] {
  return publishedRecords("zhang-ouyang-2025.table1").map((r) => r.level_zh as string);
}
