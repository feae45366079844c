// `npm run analyse` end to end: the template notebooks/your-data.ipynb executed by the real kernel
// on (1) the bundled synthetic cities with their map and group column, (2) paper 1's bundled
// province panel with the province map and no group, (3) a bad specification, and (4) bad command
// lines. Every CSV's leading columns are checked exactly, and its values against the library's
// results computed here through the API on the same input files (never by re-reading what the
// script wrote), plus a few identities worked by hand (weights sum to 1 per system, D = sqrt(C T),
// the all-units mean, G = Gw + Gnb + Gt, E[I] = -1/(n-1)).
//
// Needs the compiled library (the notebook imports dist/): build first with
//   node node_modules/typescript/bin/tsc -p tsconfig.build.json
import { spawnSync, type SpawnSyncReturns } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { beforeAll, describe, expect, it } from "vitest";
import * as cc from "../../src/index";

const root = join(__dirname, "..", "..");
const outBase = join(root, "out", "analyse-test");
const CITIES = {
  panel: "data/examples/cities/panel.csv",
  spec: "data/examples/cities/spec.csv",
  map: "data/examples/cities/map.geojson",
};
const PAPER1 = {
  panel: "data/panels/zhang-ouyang-2025.csv",
  spec: "data/specs/zhang-ouyang-2025.csv",
  map: "data/provinces/china-provinces.geojson",
};

/** `npm run analyse -- ...` (silent: npm's own banner and failure lines stay out of the output). */
function analyse(args: string[]): SpawnSyncReturns<string> {
  return spawnSync("npm", ["run", "--silent", "analyse", "--", ...args], { cwd: root, encoding: "utf8", timeout: 170_000 });
}

/** RFC 4180 CSV with a UTF-8 BOM, as cc.saveTable writes it: header and rows of cell text. */
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(file, "utf8");
  expect(text.charCodeAt(0), `${file} starts with a BOM`).toBe(0xfeff);
  const records: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell), records.push(row), (row = []), (cell = ""), i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length) row.push(cell), records.push(row);
  return { header: records[0], rows: records.slice(1) };
}

/**
 * A CSV cell equals a value of the API: numbers exactly (shortest round-trip text); missing values
 * and non-finite numbers as "" (what cc.saveTable writes for them).
 */
function expectCell(cell: string, value: unknown, where: string): void {
  if (value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value))) {
    expect(cell, where).toBe("");
  } else if (typeof value === "number") {
    expect(Number(cell), where).toBe(value);
  } else {
    expect(cell, where).toBe(String(value));
  }
}

/** Check a table: leading columns exactly, then each expected row cell by cell (rows in order). */
function expectTable(file: string, leading: string[], expected: unknown[][]): string[][] {
  const { header, rows } = readCsv(file);
  expect(header.slice(0, leading.length), `${file}: leading columns`).toEqual(leading);
  expect(rows.length, `${file}: rows`).toBe(expected.length);
  expected.forEach((exp, i) => exp.forEach((v, j) => expectCell(rows[i][j], v, `${file} row ${i + 1} column ${header[j]}`)));
  return rows;
}

function plotlyFigures(ipynb: string): number {
  const nb = JSON.parse(readFileSync(ipynb, "utf8"));
  let n = 0;
  for (const c of nb.cells) for (const o of c.outputs ?? []) if (o.data?.["application/vnd.plotly.v1+json"]) n++;
  return n;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("npm run analyse on the bundled synthetic cities (map and group)", () => {
  const out = join(outBase, "cities");
  let run: SpawnSyncReturns<string>;
  let cd: cc.CouplingResult;
  let e: ReturnType<typeof cc.entropy>;
  const T = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

  beforeAll(async () => {
    run = analyse(["--panel", CITIES.panel, "--spec", CITIES.spec, "--map", CITIES.map, "--map-id", "城市代码", "--group", "区域", "--out", out]);
    const read = await cc.readPanel(join(root, CITIES.panel), { group: "区域" });
    e = cc.entropy(cc.panel(read), cc.readSpec(join(root, CITIES.spec)));
    cd = cc.coupling(e.scores);
  }, 180_000);

  it("runs, writes the report and the six tables, and says so", () => {
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/analyse: ok \(\d+ cells/);
    expect(run.stdout).toContain("weights.csv (6 rows), coupling.csv (128 rows), summary.csv (32 rows), dagum.csv (8 rows), moran.csv (8 rows), lisa.csv (16 rows)");
    for (const f of ["report.ipynb", "report.html", "weights.csv", "coupling.csv", "summary.csv", "dagum.csv", "moran.csv", "lisa.csv"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(existsSync(join(out, ".analyse-run")), "the runner's folder is removed").toBe(false);
    // heatmap, trend, Dagum contributions, two level maps, Moran trend, Moran scatter, LISA map
    expect(plotlyFigures(join(out, "report.ipynb"))).toBe(8);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("Plotly.newPlot");
    expect(html).not.toMatch(/<script[^>]+src="https?:\/\/[^"]*plotly/);
  });

  it("weights.csv: system, indicator, direction, weight = cc.entropy", () => {
    expectTable(
      join(out, "weights.csv"),
      ["system", "indicator", "direction", "weight"],
      e.weights.rows.map((r) => [r.system, r.indicator, r.direction, r.weight]),
    );
    // by hand: spec order, Chinese ids, weights sum to 1 within each system
    const { rows } = readCsv(join(out, "weights.csv"));
    expect(rows.map((r) => r[1])).toEqual(["人均地区生产总值", "城镇居民人均可支配收入", "城镇登记失业率", "每千人执业医师数", "每千人医疗机构床位数", "个人卫生支出占比"]);
    for (const s of ["经济", "医疗"]) expect(mean(rows.filter((r) => r[0] === s).map((r) => Number(r[3]))) * 3).toBeCloseTo(1, 12);
  });

  it("coupling.csv: unit, label, time, group, 经济, 医疗, C, T, D, level, level_zh = cc.coupling", () => {
    const rows = expectTable(
      join(out, "coupling.csv"),
      ["unit", "label", "time", "group", "经济", "医疗", "C", "T", "D", "level", "level_zh"],
      cd.rows.map((r) => [r.城市代码, r.城市, r.年份, r.区域, r.经济, r.医疗, r.C, r.T, r.D, r.level, r.level_zh]),
    );
    expect(rows[0].slice(0, 4)).toEqual(["990100", "甲市", "2015", "北片"]);
    for (const r of rows) expect(Number(r[8])).toBeCloseTo(Math.sqrt(Number(r[6]) * Number(r[7])), 14);
  });

  it("summary.csv: time, group, D: the three groups then all, per time = cc.summarize", () => {
    const byGroup = cc.summarize(cd, { by: "区域" });
    const all = cc.summarize(cd);
    const expected = T.flatMap((t) =>
      [...byGroup.rows.filter((r) => r.年份 === t), ...all.rows.filter((r) => r.年份 === t)].map((r) => [t, r.group, r.D, r.n, r.level, r.level_zh]),
    );
    const rows = expectTable(join(out, "summary.csv"), ["time", "group", "D"], expected);
    expect(rows.slice(0, 4).map((r) => r[1])).toEqual(["北片", "中片", "南片", "all"]);
    // by hand: the all-units mean of 2019
    const d2019 = cd.rows.filter((r) => r.年份 === 2019).map((r) => r.D as number);
    expect(Number(rows.find((r) => r[0] === "2019" && r[1] === "all")![2])).toBeCloseTo(mean(d2019), 14);
  });

  it("dagum.csv: time, G, Gw, Gnb, Gt = cc.dagumByYear by 区域", () => {
    const dg = cc.dagumByYear(cd);
    const rows = expectTable(
      join(out, "dagum.csv"),
      ["time", "G", "Gw", "Gnb", "Gt"],
      dg.rows.map((r) => [
        r.年份, r.G, r.Gw, r.Gnb, r.Gt, r.share_within, r.share_between, r.share_transvariation,
        ...["北片", "中片", "南片"].map((g) => (r.Gjj as Record<string, number>)[g]),
      ]),
    );
    expect(readCsv(join(out, "dagum.csv")).header.slice(8)).toEqual(["Gjj_北片", "Gjj_中片", "Gjj_南片", "Gjh_北片|中片", "Gjh_北片|南片", "Gjh_中片|南片"]);
    for (const r of rows) expect(Number(r[2]) + Number(r[3]) + Number(r[4])).toBeCloseTo(Number(r[1]), 12);
  });

  it("moran.csv and lisa.csv = cc.moranByYear and cc.lisa on the map's rook weights", () => {
    const geo = JSON.parse(readFileSync(join(root, CITIES.map), "utf8"));
    const w = cc.contiguityWeights(geo, { rule: "rook", idProperty: "城市代码" });
    const mo = cc.moranByYear(cd, w);
    const rows = expectTable(
      join(out, "moran.csv"),
      ["time", "I", "EI", "z_norm", "p_norm", "z_rand", "p_rand", "p_sim"],
      mo.rows.map((r) => [r.年份, r.I, r.EI, r.z_norm, r.p_norm, r.z_rand, r.p_rand, r.p_sim, r.z_sim, r.n, 999, cc.DEFAULT_SEED]),
    );
    for (const r of rows) expect(Number(r[2])).toBe(-1 / 15);
    const li = cc.lisa(cd, w);
    expect(li.time).toBe(2022);
    const lrows = expectTable(
      join(out, "lisa.csv"),
      ["unit", "label", "time", "Is", "quadrant", "p_sim", "cluster"],
      li.rows.map((r) => [r.城市代码, r.城市, r.年份, r.Is, r.quadrant, r.p_sim, r.cluster, r.区域, r.D]),
    );
    for (const r of lrows) {
      expect(["HH", "LH", "LL", "HL"]).toContain(r[4]);
      expect(["HH", "LH", "LL", "HL", "ns", "isolated"]).toContain(r[6]);
    }
  });
});

describe("npm run analyse on paper 1's province panel with the province map (no group)", () => {
  const out = join(outBase, "paper1");
  let run: SpawnSyncReturns<string>;
  let cd: cc.CouplingResult;
  let e: ReturnType<typeof cc.entropy>;

  beforeAll(async () => {
    run = analyse(["--panel", PAPER1.panel, "--spec", PAPER1.spec, "--map", PAPER1.map, "--out", out]);
    const read = await cc.readPanel(join(root, PAPER1.panel));
    e = cc.entropy(cc.panel(read), cc.readSpec(join(root, PAPER1.spec)));
    cd = cc.coupling(e.scores);
  }, 180_000);

  it("runs; no group, so no dagum.csv, with the reason in the output and the report", () => {
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toContain("no dagum.csv: the panel has no group column");
    expect(existsSync(join(out, "dagum.csv"))).toBe(false);
    for (const f of ["weights.csv", "coupling.csv", "summary.csv", "moran.csv", "lisa.csv", "report.html"]) expect(existsSync(join(out, f)), f).toBe(true);
    const report = readFileSync(join(out, "report.ipynb"), "utf8");
    expect(report).toContain("No group column: the Dagum decomposition, which needs groups, is skipped.");
    // Taiwan, Hong Kong and Macao are in the map, not in the panel: left out of the weights, said so
    expect(report).toContain("3 features without data left out");
    expect(plotlyFigures(join(out, "report.ipynb"))).toBe(7);
  });

  it("weights.csv and coupling.csv = cc.entropy and cc.coupling (label = the registry's short name, group empty)", () => {
    expectTable(join(out, "weights.csv"), ["system", "indicator", "direction", "weight"], e.weights.rows.map((r) => [r.system, r.indicator, r.direction, r.weight]));
    const rows = expectTable(
      join(out, "coupling.csv"),
      ["unit", "label", "time", "group", "security", "resources", "C", "T", "D", "level", "level_zh"],
      cd.rows.map((r) => [r.adcode, r.province, r.year, null, r.security, r.resources, r.C, r.T, r.D, r.level, r.level_zh]),
    );
    expect(rows[0].slice(0, 4)).toEqual(["110000", "北京", "2012", ""]);
  });

  it("summary.csv: one all-units row per time = cc.summarize", () => {
    const all = cc.summarize(cd);
    const rows = expectTable(join(out, "summary.csv"), ["time", "group", "D"], all.rows.map((r) => [r.year, "all", r.D, 31, r.level, r.level_zh]));
    expect(rows.map((r) => r[0])).toEqual(["2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019"]);
  });

  it("moran.csv and lisa.csv = the API on the 31 analysed provinces' rook weights (Hainan an island)", () => {
    // an independent path to the weights: the library's own 31-province map, not the template's subset of the 34 features
    const w = cc.contiguityWeights(cc.loadProvinceMap(), { rule: "rook", idProperty: "adcode" });
    expect(w.islands).toEqual(["460000"]);
    const mo = cc.moranByYear(cd, w);
    const rows = expectTable(
      join(out, "moran.csv"),
      ["time", "I", "EI", "z_norm", "p_norm", "z_rand", "p_rand", "p_sim"],
      mo.rows.map((r) => [r.year, r.I, r.EI, r.z_norm, r.p_norm, r.z_rand, r.p_rand, r.p_sim, r.z_sim, r.n]),
    );
    for (const r of rows) expect(Number(r[2])).toBe(-1 / 29); // n = 30: the island is left out
    const li = cc.lisa(cd, w);
    const lrows = expectTable(
      join(out, "lisa.csv"),
      ["unit", "label", "time", "Is", "quadrant", "p_sim", "cluster"],
      li.rows.map((r) => [r.adcode, r.province, r.year, r.Is, r.quadrant, r.p_sim, r.cluster]),
    );
    const hainan = lrows.find((r) => r[0] === "460000")!;
    expect(hainan[6]).toBe("isolated");
    expect(hainan[5]).toBe(""); // no p-value without neighbours
  });
});

describe("npm run analyse: failures say which step and why, in one line", () => {
  it("a bad specification: step read-spec, the file, line and column; stale tables of an earlier run removed", () => {
    const out = join(outBase, "bad-spec");
    mkdirSync(out, { recursive: true });
    const spec = join(outBase, "bad-spec.csv");
    writeFileSync(spec, "id,system,direction\n人均地区生产总值,经济,+\n城镇居民人均可支配收入,经济,1\n每千人执业医师数,医疗,+\n");
    writeFileSync(join(out, "coupling.csv"), "stale\n");
    const r = analyse(["--panel", CITIES.panel, "--spec", spec, "--out", out]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^analyse: step read-spec failed: .*bad-spec\.csv, line 3, column "direction": indicator 城镇居民人均可支配收入: direction "1" must be "\+"/);
    expect(existsSync(join(out, "coupling.csv")), "an earlier run's table is not left behind").toBe(false);
    expect(existsSync(join(out, "report.ipynb")), "the report shows where the run stopped").toBe(true);
  });

  it("a map that does not hold the panel's units: step weights, the units named (the template's own error)", () => {
    const r = analyse(["--panel", CITIES.panel, "--spec", CITIES.spec, "--map", PAPER1.map, "--out", join(outBase, "bad-map")]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^analyse: step weights failed: map: 16 unit\(s\) of the panel have no polygon whose adcode is the unit id: 990100 甲市, /);
    expect(lines[0]).toContain("--map-id");
  });

  it("bad command lines are refused before anything runs (exit 2, one line)", () => {
    const out = join(outBase, "never-written");
    const cases: Array<[string[], RegExp]> = [
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--colour", "red"], /^analyse: unknown option --colour/],
      [["--pannel", CITIES.panel], /^analyse: unknown option --pannel \(did you mean --panel\?\)/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec], /^analyse: --out is required/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--zero", "shift:abc"], /^analyse: --zero shift:<x> needs a number x > 0, got "abc"/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--zero", "log"], /^analyse: --zero must be limit, shift:<x> or epsilon:<x>/],
      [["--panel", "no-such-panel.csv", "--spec", CITIES.spec, "--out", out], /^analyse: --panel: no such file: .*no-such-panel\.csv/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--rule", "queen"], /^analyse: --rule applies to the spatial steps, which need --map/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--model", "wang"], /^analyse: --model must be classic, wang2021 or fan2024, got "wang"/],
      [["--panel", CITIES.panel, "--spec", CITIES.spec, "--out", out, "--map", CITIES.map, "--permutations", "0"], /^analyse: --permutations must be a whole number from 1/],
    ];
    for (const [args, message] of cases) {
      const r = analyse(args);
      expect(r.status, args.join(" ")).toBe(2);
      const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
      expect(lines, args.join(" ")).toHaveLength(1);
      expect(lines[0], args.join(" ")).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});
