// Issue 15, classes 3 and 4: inputs that used to give wrong results without an error (GBK names,
// 2019年 in a cell, Hong Kong in the national mean, groups of the first year only, D in percent,
// top -1, a non-unique compare key, an unbalanced panel) and notebook parameters that arrive as
// text from environment variables ("7", "2019", "999", "0.05").
import * as dfd from "danfojs-node";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { describe, expect, it } from "vitest";
import { entropyWeights } from "../../src/core/entropy";
import { localMoran } from "../../src/core/lisa";
import { moran } from "../../src/core/moran";
import { provinceWeights } from "../../src/data/adjacency";
import { readPanel } from "../../src/data/loaders";
import { PROVINCES } from "../../src/data/registry";
import { parseSpec } from "../../src/data/spec";
import { compare } from "../../src/frame/compare";
import { coupling } from "../../src/frame/coupling";
import { dagumByYear } from "../../src/frame/dagum";
import { entropy } from "../../src/frame/entropy";
import { FrameError } from "../../src/frame/errors";
import { obstacles } from "../../src/frame/obstacles";
import { NBS_REGIONS, panel } from "../../src/frame/panel";
import { lisa, moranByYear } from "../../src/frame/spatial";
import { summarize } from "../../src/frame/summarize";
import { booleanOption, numberOption, parseTime, timeOption, validatePanel } from "../../src/frame/validate";

const tmp = mkdtempSync(join(tmpdir(), "cc-silent-"));
let fileNo = 0;
function file(content: string | Buffer, ext = "csv"): string {
  const p = join(tmp, `f${++fileNo}.${ext}`);
  writeFileSync(p, content);
  return p;
}

/** The error a call throws (a FrameError), or fail. */
function errorOf(f: () => unknown): FrameError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FrameError);
    return e as FrameError;
  }
  throw new Error("expected an error, got none");
}

// ---------------------------------------------------------------------------------------------
// 3a. GBK names

describe("3a: a GBK file read as UTF-8", () => {
  // 北京 = B1 B1 BE A9, 天津 = CC EC BD F2, 省份 = CA A1 B7 DD in GBK
  const gbk = (parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "ascii") : Buffer.from(p))));
  const BEIJING = [0xb1, 0xb1, 0xbe, 0xa9];
  const TIANJIN = [0xcc, 0xec, 0xbd, 0xf2];
  const rowsOf = (head: Array<string | number[]>) =>
    gbk([...head, "\n110000,", BEIJING, ",2019,0.5\n120000,", TIANJIN, ",2019,0.4\n110000,", BEIJING, ",2020,0.6\n120000,", TIANJIN, ",2020,0.45\n"]);

  it("dfd.readCSV gives U+FFFD names: validatePanel refuses them and points to cc.readPanel", async () => {
    const path = file(rowsOf(["adcode,province,year,D"]));
    const df = await dfd.readCSV(path);
    expect(String((df.values as unknown[][])[0][1])).toContain("\uFFFD"); // the premise: danfo decodes UTF-8 only
    const err = errorOf(() => summarize(df, { by: "all" }));
    expect(err.summary).toBe("summarize: 4 key cells hold U+FFFD replacement characters (text decoded with the wrong encoding)");
    expect(err.details[0]).toMatch(/^row 1 \(110000 .*, 2019\), column province: ".*\uFFFD.*"$/);
    expect(err.message).toMatch(/GBK-encoded file read as UTF-8[\s\S]*cc\.readPanel\(path\), which detects GBK/);
    // no LISA list full of replacement characters either
    expect(() => lisa(df, provinceWeights(), { permutations: 0 })).toThrow(/U\+FFFD/);
  });

  it("cc.readPanel reads the same bytes as GBK, and the frame accepts them", async () => {
    const path = file(rowsOf(["adcode,province,year,D"]));
    const p = await readPanel(path);
    expect(p.encoding).toBe("gbk");
    const s = summarize(panel(p), { by: "all", levels: false });
    expect(s.rows[0].D).toBeCloseTo((0.5 + 0.4) / 2, 15);
    expect(s.rows[1].D).toBeCloseTo((0.6 + 0.45) / 2, 15);
    expect(s.rows.map((r) => r.n)).toEqual([2, 2]);
  });

  it("a group cell with U+FFFD is refused too", () => {
    const rows = [
      { city: "a", year: 2019, g: "\uFFFD\uFFFD", D: 0.5 },
      { city: "b", year: 2019, g: "x", D: 0.4 },
    ];
    expect(() => summarize(rows, { unit: "city", by: "g" })).toThrow(/row 1 \(a, 2019\), column g: "\uFFFD\uFFFD"/);
  });

  it("a Chinese header garbled the same way: the missing-column error says why", async () => {
    const path = file(rowsOf(["adcode,", [0xca, 0xa1, 0xb7, 0xdd], ",year,D"]));
    const df = await dfd.readCSV(path);
    const err = errorOf(() => summarize(df, { label: "省份" }));
    expect(err.summary).toBe("summarize: the panel lacks 1 required column: 省份");
    expect(err.message).toMatch(/column names hold U\+FFFD replacement characters[\s\S]*cc\.readPanel/);
  });
});

// ---------------------------------------------------------------------------------------------
// 3b. One rule for cells: the file readers and the frame agree

describe("3b: the loaders and the frame read the same cells the same way", () => {
  type Outcome = { value: number } | { missing: true } | { error: string };
  async function viaLoader(cell: string): Promise<Outcome> {
    const quoted = /[",]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
    const path = file(`adcode,year,x\n110000,2019,${quoted}\n120000,2019,1\n`);
    try {
      const v = (await readPanel(path)).rows[0].x;
      return v === null ? { missing: true } : { value: v as number };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  function viaFrame(cell: string): Outcome {
    try {
      const v = validatePanel([{ adcode: "110000", year: 2019, x: cell }, { adcode: "120000", year: 2019, x: 1 }], { indicators: ["x"], what: "t" });
      return { value: v.rows[0].x as number };
    } catch (e) {
      const err = e as FrameError;
      return /missing value/.test(err.summary) ? { missing: true } : { error: err.message };
    }
  }
  // accepted, missing, and refused cells (the refused ones with a word of the reason)
  const cells: Array<[string, number | "missing" | RegExp]> = [
    ["12.5", 12.5],
    [" 12.5 ", 12.5],
    ["-1e3", -1000],
    [".5", 0.5],
    ["1,234.5", 1234.5],
    ["12,345,678", 12345678],
    ["", "missing"],
    ["—", "missing"],
    ["-", "missing"],
    ["...", "missing"],
    ["…", "missing"],
    ["1,5", /decimal comma/],
    ["1,23", /decimal comma/],
    ["2019年", /it is a year/],
    ["12.3%", /measure "%"/],
    ["12万", /measure "万"/],
    ["NaN", /non-finite/],
    ["Infinity", /non-finite/],
    ["NA", /is not a number/],
    ["n/a", /is not a number/],
    ["0x10", /is not a number/],
  ];
  it.each(cells)("cell %j", async (cell, expected) => {
    const a = await viaLoader(cell);
    const b = viaFrame(cell);
    if (typeof expected === "number") {
      expect(a).toEqual({ value: expected });
      expect(b).toEqual({ value: expected });
    } else if (expected === "missing") {
      expect(a).toEqual({ missing: true });
      expect(b).toEqual({ missing: true });
    } else {
      expect("error" in a && a.error).toMatch(expected);
      expect("error" in b && b.error).toMatch(expected);
    }
  });

  it("2019年 in an indicator cell is an error naming row, unit, time and column", () => {
    const err = errorOf(() => validatePanel([{ adcode: 110000, province: "北京", year: 2019, x: "2019年" }], { indicators: ["x"], what: "entropy" }));
    expect(err.details).toEqual([expect.stringMatching(/^row 1 \(110000 北京, 2019\), column x: "2019年" is not a number: it is a year/)]);
  });

  it("time cells: 2019, \"2019\" and \"2019年\" are 2019 in both; an empty time is an error, never 0", async () => {
    for (const t of ["2019", "2019年", " 2019 "]) {
      expect(validatePanel([{ adcode: "110000", year: t, x: 1 }], { indicators: ["x"] }).times).toEqual([2019]);
      const p = await readPanel(file(`adcode,year,x\n110000,${t},1\n`));
      expect(p.rows[0].year).toBe(2019);
    }
    const err = errorOf(() => validatePanel([{ adcode: "110000", year: "", x: 1 }, { adcode: "110000", year: "2019a", x: 2 }], { indicators: ["x"], what: "t" }));
    expect(err.summary).toBe("t: 2 key cells are empty or not a time");
    expect(err.details).toEqual([
      "row 1 (110000): empty year",
      'row 2 (110000, 2019a): year the string "2019a" is not a time (a number such as 2019, or the text "2019" / "2019年")',
    ]);
    await expect(readPanel(file("adcode,year,x\n110000,,1\n"))).rejects.toThrow(/empty time cell/);
  });

  it("a unit cell that danfo left as NaN is an empty unit, not the unit \"NaN\"", () => {
    expect(() => validatePanel([{ adcode: NaN, year: 2019, x: 1 }], { indicators: ["x"] })).toThrow(/row 1 \(2019\): empty adcode/);
  });
});

// ---------------------------------------------------------------------------------------------
// 3c. Taiwan, Hong Kong and Macao in the national mean

describe("3c: summarize over all units of province adcodes refuses Taiwan, Hong Kong and Macao", () => {
  const rows = [
    { adcode: "110000", year: 2019, D: 0.6 },
    { adcode: "120000", year: 2019, D: 0.5 },
    { adcode: "810000", year: 2019, D: 0.9 },
  ];
  it("names them, with rows and years, and says how to drop them", () => {
    for (const by of ["all", "nation"] as const) {
      const err = errorOf(() => summarize(rows, { by }));
      expect(err.summary).toBe("summarize: the mean over all units would include Hong Kong 810000, which is not among the 31 provinces analysed");
      expect(err.details).toEqual(["810000 香港 Hong Kong: 1 row (2019)"]);
      expect(err.message).toContain('cd.rows.filter((r) => !["710000", "810000", "820000"].includes(String(r.adcode)))');
    }
  });
  it("without them the national mean is the mean of the 31 (here 2) provinces; with includeNonAnalysed it averages them in", () => {
    expect(summarize(rows.slice(0, 2)).rows[0].D).toBeCloseTo((0.6 + 0.5) / 2, 15);
    expect(summarize(rows, { includeNonAnalysed: true }).rows[0].D).toBeCloseTo((0.6 + 0.5 + 0.9) / 3, 15);
  });
  it("units that are not all provincial adcodes are not concerned (a city panel may have a code 810000)", () => {
    const cities = [...rows.slice(0, 2).map((r) => ({ ...r, adcode: r.adcode === "110000" ? "320100" : "320200" })), rows[2]];
    expect(summarize(cities).rows[0].n).toBe(3);
    // grouping by a column of the table is the user's grouping: unchanged
    const grouped = rows.map((r, i) => ({ ...r, g: i < 2 ? "a" : "b" }));
    expect(summarize(grouped, { by: "g" }).rows.map((r) => r.n)).toEqual([2, 1]);
  });
  it("the NBS regions already refuse them", () => {
    expect(() => summarize(rows, { by: NBS_REGIONS })).toThrow(/NBS_REGIONS: unit "810000" is not one of the 31 provinces/);
  });
});

// ---------------------------------------------------------------------------------------------
// 3d. Dagum: every group in every year, not the groups of the first year

describe("3d: dagumByYear takes its groups from every year", () => {
  const byRegion: Record<string, string[]> = { east: ["110000", "120000"], central: ["140000", "340000"], west: ["150000", "450000"], northeast: ["210000", "220000"] };
  const data = [2018, 2019].flatMap((year) =>
    Object.entries(byRegion).flatMap(([, ids]) => ids.map((adcode, i) => ({ adcode, year, D: 0.2 + 0.1 * i + 0.05 * (year - 2018) + Number(adcode.slice(0, 2)) / 1000 }))),
  );
  it("a group absent from the FIRST year only is an error for that year (not silently left out of later years)", () => {
    const gap = data.filter((r) => !(r.year === 2018 && byRegion.northeast.includes(r.adcode)));
    expect(() => dagumByYear(gap, { group: NBS_REGIONS })).toThrow(/dagumByYear: 2018: no unit of group northeast in this time/);
  });
  it("with every group in every year, each year's G uses all four regions", () => {
    const d = dagumByYear(data, { group: NBS_REGIONS });
    for (const r of d.rows) expect(Object.keys(r.Gjj as object).sort()).toEqual(["central", "east", "northeast", "west"]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3e. Levels of a value on another scale

describe("3e: levels are only given to D in [0, 1]", () => {
  const pct = [
    { adcode: "110000", year: 2019, D: 55 },
    { adcode: "120000", year: 2019, D: 45 },
  ];
  it("summarize refuses D in percent instead of leaving the level blank", () => {
    expect(() => summarize(pct)).toThrow(/summarize: the mean of D in 2019 is 50, outside \[0, 1\][\s\S]*levels: false/);
    expect(summarize(pct, { levels: false }).rows[0].D).toBe(50);
    // "false" from an environment variable is false, never a truthy string
    expect(summarize(pct, { levels: "false" as unknown as boolean }).rows[0].level).toBeUndefined();
    expect(() => summarize(pct, { levels: "no" as unknown as boolean })).toThrow('summarize: levels must be true or false, got the string "no"');
  });
  it("coupling refuses scores in percent (D, and so its level, is never computed from them)", () => {
    expect(() => coupling([{ adcode: "110000", year: 2019, a: 55, b: 0.5 }], { systems: ["a", "b"] })).toThrow(/^coupling: [\s\S]*\b55\b[\s\S]*\[0, 1\]/);
  });
});

// ---------------------------------------------------------------------------------------------
// 3f. obstacles: top and years

describe("3f: obstacles validates top and years", () => {
  const normalized = [
    { adcode: "110000", year: 2018, p: 0, q: 1, r: 0.5 },
    { adcode: "120000", year: 2018, p: 1, q: 0, r: 1 },
    { adcode: "110000", year: 2019, p: 0.5, q: 0.5, r: 0.5 },
    { adcode: "120000", year: 2019, p: 0, q: 0, r: 0 },
  ];
  const weights = [
    { system: "s", criterion: "A", indicator: "p", name: "P", weight: 0.5 },
    { system: "s", criterion: "A", indicator: "q", name: "Q", weight: 0.25 },
    { system: "s", criterion: "B", indicator: "r", name: "R", weight: 0.25 },
  ];
  it("top must be a positive integer or Infinity (0, -1 and 2.5 used to drop rows silently)", () => {
    for (const top of [0, -1, 2.5, Number.NaN]) {
      expect(() => obstacles(normalized, weights, { top })).toThrow(`obstacles: top must be a positive integer (or Infinity for every factor), got ${top}`);
    }
    expect(() => obstacles(normalized, weights, { top: "5a" })).toThrow('obstacles: top must be a number, got the string "5a"');
    expect(obstacles(normalized, weights, { top: 2 }).rows.map((r) => r.indicator)).toEqual(["p", "q"]);
    expect(obstacles(normalized, weights, { top: "2" }).rows.map((r) => r.indicator)).toEqual(["p", "q"]);
    expect(obstacles(normalized, weights, { top: Infinity }).rows).toHaveLength(3);
    expect(obstacles(normalized, weights, { top: "Infinity" }).rows).toHaveLength(3);
    expect(obstacles(normalized, weights, { top: 10 }).rows).toHaveLength(3);
  });
  it("years: times of the panel (numbers or their text), each once, not empty", () => {
    const o = obstacles(normalized, weights, { years: ["2019", "2018年"] });
    expect(o.times).toEqual([2019, 2018]);
    expect(o.rows[0]["2018"]).toBeCloseTo(0.4, 14); // p in 2018: (80% + 0%) / 2, as tables.test.ts works out
    expect(() => obstacles(normalized, weights, { years: [2030] })).toThrow("obstacles: year 2030 is not in the panel (times: 2018, 2019)");
    expect(() => obstacles(normalized, weights, { years: [2019, "2019"] })).toThrow("obstacles: year 2019 is listed twice in years (positions 1 and 2)");
    expect(() => obstacles(normalized, weights, { years: [] })).toThrow(/obstacles: years is empty/);
    expect(() => obstacles(normalized, weights, { years: [2018, "2019a"] })).toThrow('obstacles: years[2] must be a time (a number such as 2019), got the string "2019a"');
    expect(() => obstacles(normalized, weights, { years: 2019 as unknown as number[] })).toThrow("obstacles: years must be an array of times, e.g. [2018, 2019], got 2019");
  });
  it("by must be indicator or criterion", () => {
    expect(() => obstacles(normalized, weights, { by: "system" as "indicator" })).toThrow('obstacles: by must be "indicator" or "criterion", got the string "system"');
  });
});

// ---------------------------------------------------------------------------------------------
// 3g. compare on a key that is not unique

describe("3g: compare refuses a key that does not identify a row", () => {
  it("in the computed table: names the key, the values and the rows", () => {
    const computed = [
      { year: 2019, region: "east", D: 0.6 },
      { year: 2019, region: "west", D: 0.4 },
      { year: 2020, region: "east", D: 0.65 },
    ];
    const err = errorOf(() => compare(computed, [{ year: 2019, D: 0.5 }], { on: "year" }));
    expect(err.summary).toBe('compare: the key "year" is not unique in the computed table: 1 value on several rows');
    expect(err.details).toEqual(["2019: rows 1, 2"]);
    // with both key columns it matches
    const ok = compare(computed, [{ year: 2019, region: "west", D: 0.41 }], { on: ["year", "region"], digits: "2" as unknown as number });
    expect(ok.rows[1]).toEqual({ year: 2019, region: "west", "D 计算 computed": 0.4, "D 论文 paper": 0.41, "D 差 diff": -0.01 });
  });
  it("in the published table", () => {
    const err = errorOf(() => compare([{ item: "G", v: 1 }], [{ item: "G", v: 1 }, { item: "G", v: 2 }, { item: "H", v: 3 }, { item: "H", v: 4 }], { on: "item" }));
    expect(err.summary).toBe('compare: the key "item" is not unique in the published table: 2 values on several rows');
    expect(err.details).toEqual(['"G": rows 1, 2', '"H": rows 3, 4']);
  });
  it("digits must be an integer 0-20", () => {
    expect(() => compare([{ a: 1, v: 1 }], [{ a: 1, v: 1 }], { on: "a", digits: -1 })).toThrow("compare: digits must be an integer from 0 to 20, got -1");
    expect(() => compare([{ a: 1, v: 1 }], [{ a: 1, v: 1 }], { on: "a", digits: "3x" as unknown as number })).toThrow('compare: digits must be a number, got the string "3x"');
  });
});

// ---------------------------------------------------------------------------------------------
// 3h. An unbalanced panel

describe("3h: an unbalanced panel is an error where it moves the numbers, unless balanced: false", () => {
  const SPEC = parseSpec(
    ["id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note", "a,econ,size,甲,a,u,f,+,s,real,", "b,econ,size,乙,b,u,f,-,s,real,", "c,health,beds,丙,c,u,f,+,s,real,", "d,health,beds,丁,d,u,f,+,s,real,"].join("\n"),
    "t.csv",
  );
  const full = [
    { adcode: "110000", province: "北京", year: 2018, a: 1, b: 5, c: 2, d: 1 },
    { adcode: "120000", province: "天津", year: 2018, a: 2, b: 3, c: 4, d: 3 },
    { adcode: "130000", province: "河北", year: 2018, a: 4, b: 4, c: 1, d: 2 },
    { adcode: "110000", province: "北京", year: 2019, a: 3, b: 1, c: 3, d: 5 },
    { adcode: "120000", province: "天津", year: 2019, a: 5, b: 2, c: 5, d: 4 },
    { adcode: "130000", province: "河北", year: 2019, a: 6, b: 6, c: 2, d: 6 },
  ];
  const gap = full.filter((r) => !(r.adcode === "120000" && r.year === 2019)); // 天津 2019 missing

  it("entropy: the error lists the unit and the times it lacks", () => {
    const err = errorOf(() => entropy(gap, SPEC));
    expect(err.summary).toBe("entropy: the panel is unbalanced: 1 unit-time has no row (3 units x 2 times = 6, 5 rows)");
    expect(err.details).toEqual(["120000 天津: no row for 2019"]);
    expect(err.message).toMatch(/pooled weights count each unit once per row present[\s\S]*\{ balanced: false \}/);
  });
  it("entropy with balanced: false: the core's weights over the 5 rows, and a warning on every table", () => {
    const e = entropy(gap, SPEC, { balanced: false });
    const core = entropyWeights([gap.map((r) => r.a), gap.map((r) => r.b)], { directions: ["+", "-"] });
    expect(e.weights.rows.filter((r) => r.system === "econ").map((r) => r.weight)).toEqual(core.weights);
    const note = "unbalanced panel 非平衡面板: 1 unit-time without a row (120000 天津 2019); computed over the rows present (balanced: false)";
    expect(e.warnings).toEqual([note]);
    expect(e.weights.warnings).toEqual([note]);
    expect(e.scores.warnings).toEqual([note]);
    // a balanced panel has none
    expect(entropy(full, SPEC).warnings).toEqual([]);
  });
  it("summarize: an error, or with balanced: false the means over the units present, n per time and the warning", () => {
    const d = gap.map((r) => ({ adcode: r.adcode, province: r.province, year: r.year, D: r.a / 10 }));
    expect(() => summarize(d)).toThrow(/summarize: the panel is unbalanced[\s\S]*a mean per time is over the units that time has/);
    const s = summarize(d, { balanced: false, levels: false });
    expect(s.rows.map((r) => [r.year, r.n])).toEqual([[2018, 3], [2019, 2]]);
    expect(s.rows[1].D).toBeCloseTo((0.3 + 0.6) / 2, 15);
    expect(s.warnings).toHaveLength(1);
    expect(summarize(d, { balanced: "false" as unknown as boolean, levels: false }).warnings).toHaveLength(1);
  });
  it("obstacles: an error, or with balanced: false a warning", () => {
    const w = [
      { system: "s", criterion: "A", indicator: "a", weight: 0.5 },
      { system: "s", criterion: "B", indicator: "c", weight: 0.5 },
    ];
    const norm = gap.map((r) => ({ adcode: r.adcode, year: r.year, a: r.a / 6, c: r.c / 5 }));
    expect(() => obstacles(norm, w)).toThrow(/obstacles: the panel is unbalanced/);
    expect(obstacles(norm, w, { balanced: false }).warnings).toEqual([expect.stringMatching(/^unbalanced panel/)]);
  });
  it("calls that work row by row (coupling) or match a time to the weights (Moran) are not concerned / already say so", () => {
    const sc = gap.map((r) => ({ adcode: r.adcode, year: r.year, s: r.a / 10, t: r.c / 10 }));
    expect(coupling(sc, { systems: ["s", "t"] }).rows).toHaveLength(5);
  });
});

// ---------------------------------------------------------------------------------------------
// 3 (rows). Messages give the row as the user counts it, with unit and time

describe("row numbers in messages count from 1, with unit and time", () => {
  it("missing values are named by row, unit, label, time and column", () => {
    const rows = [
      { adcode: "110000", province: "北京", year: 2019, x: 1 },
      { adcode: "120000", province: "天津", year: 2019, x: null },
    ];
    const err = errorOf(() => validatePanel(rows, { indicators: ["x"], what: "entropy" }));
    expect(err.details).toEqual(["row 2 (120000 天津, 2019), column x"]);
  });
  it("a table's own column a preset would replace names the row with its time", () => {
    expect(() => summarize([{ adcode: "110000", year: 2019, region: "north", D: 0.5 }], { by: NBS_REGIONS })).toThrow(
      /row 1 \(110000, 2019\): "north" in the table, "east" from NBS_REGIONS/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Parameters from environment variables

describe("4: numeric options given as text (notebook parameters from environment variables)", () => {
  const w = provinceWeights();
  const ids = [...w.ids];
  const vals = (t: number) => ids.map((id, i) => Math.cos(i * 0.7 + t) + Number(id.slice(0, 2)) / 30);
  const data = [2017, 2018, 2019].flatMap((t) => ids.map((id, i) => ({ adcode: id, province: PROVINCES.find((p) => p.adcode === id)!.shortName, year: t, D: vals(t)[i] })));

  it("lisa: year \"2019\", seed \"3\", permutations \"99\", alpha \"0.1\" are read as numbers, equal to the numeric call and the core", () => {
    const fromText = lisa(data, w, { year: "2019", seed: "3", permutations: "99", alpha: "0.1" });
    const core = localMoran(vals(2019), w, { permutations: 99, seed: 3, alpha: 0.1 });
    expect(fromText.rows.map((r) => r.p_sim)).toEqual(core.p_sim);
    expect(fromText.rows.map((r) => r.cluster)).toEqual(core.cluster);
    expect(fromText.time).toBe(2019);
    expect(fromText.settings).toMatchObject({ year: 2019, seed: 3, permutations: 99, alpha: 0.1 });
    expect(lisa(data, w, { year: "2019年", seed: 3, permutations: 99, alpha: 0.1 }).rows).toEqual(fromText.rows);
  });
  it("lisa: text that is not a number says it got a string; a year not in the rows lists the rows' years", () => {
    expect(() => lisa(data, w, { year: "2019a" })).toThrow('lisa: year must be a time (a number such as 2019), got the string "2019a"');
    expect(() => lisa(data, w, { year: "2030" })).toThrow("lisa: year 2030 is not in the rows (2017, 2018, 2019)");
    expect(() => lisa(data, w, { seed: "7a" })).toThrow('lisa: seed must be a number, got the string "7a"');
    expect(() => lisa(data, w, { permutations: "" })).toThrow('lisa: permutations must be a number, got an empty string ""');
    expect(() => lisa(data, w, { alpha: "5%" })).toThrow('lisa: alpha must be a number, got the string "5%"');
  });
  it("moranByYear: seed \"7\" and permutations \"99\" equal 7 and 99 (and the core)", () => {
    const m = moranByYear(data, w, { seed: "7", permutations: "99" });
    expect(m.rows[2]).toMatchObject({ year: 2019, I: moran(vals(2019), w).I, p_sim: moran(vals(2019), w, { permutations: 99, seed: 7 }).p_sim, seed: 7, permutations: 99 });
    expect(() => moranByYear(data, w, { seed: "seven" })).toThrow('moranByYear: seed must be a number, got the string "seven"');
    expect(() => moranByYear(data, w, { permutations: true as unknown as number })).toThrow("moranByYear: permutations must be a number, got true (a boolean)");
  });
  it("entropy: zero { epsilon: \"0.002\" } is { epsilon: 0.002 }", () => {
    const spec = parseSpec(["id,system,criterion,name_zh,name_en,unit,formula,direction,source,status,note", "a,s,c,甲,a,u,f,+,s,real,", "b,s,c,乙,b,u,f,+,s,real,"].join("\n"), "t.csv");
    const p = [
      { adcode: "110000", year: 2019, a: 1, b: 2 },
      { adcode: "120000", year: 2019, a: 3, b: 1 },
      { adcode: "130000", year: 2019, a: 2, b: 5 },
    ];
    const a = entropy(p, spec, { zero: { epsilon: "0.002" } });
    const b = entropy(p, spec, { zero: { epsilon: 0.002 } });
    expect(a.weights.rows).toEqual(b.weights.rows);
    expect(a.convention.zero).toBe("epsilon 0.002");
    expect(() => entropy(p, spec, { zero: { epsilon: "0,002" } })).toThrow('entropy: zero.epsilon must be a number, got the string "0,002"');
  });
  it("the helpers: strict conversion, absent stays absent", () => {
    expect(numberOption("999", "permutations", "x")).toBe(999);
    expect(numberOption(" 0.05 ", "alpha", "x")).toBe(0.05);
    expect(numberOption(undefined, "seed", "x")).toBeUndefined();
    expect(numberOption(null, "seed", "x")).toBeUndefined();
    for (const bad of ["999a", "0x10", "1e", "1,000", "Infinity", " "]) expect(() => numberOption(bad, "n", "x")).toThrow(/got (the|an empty) string/);
    expect(numberOption("Infinity", "top", "x", { infinity: true })).toBe(Infinity);
    expect(parseTime("2019年")).toBe(2019);
    expect(parseTime("")).toBeUndefined();
    expect(parseTime(new Date(2019, 0, 1))).toBeUndefined();
    expect(timeOption("2018", "year", "x", [2018, 2019])).toBe(2018);
    expect(booleanOption("TRUE", "b", "x")).toBe(true);
    expect(() => booleanOption(1, "b", "x")).toThrow("x: b must be true or false, got 1");
  });
});
