// scripts/run-notebooks.mjs on notebooks written by this test, through the real tslab kernel: the
// summary line of a failed notebook shows the error's message (the first line of the kernel's
// error text, never Node's "file:line" location or a stack frame) and the whole text below it; a
// cell that writes to stderr fails; environment variables reach the kernel; a light figure gets a
// PNG with --png and the page draws it from plotly.js carried once in its head.
//
// Needs the compiled library (npm run build; npm test builds first) and Jupyter; the notebooks are
// written under out/ so that they import this clone's package.
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "../../src/notebook/chromium";

const root = join(__dirname, "..", "..");
const python = process.env.PYTHON || (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const haveJupyter = spawnSync(python, ["-c", "import nbclient, nbconvert"]).status === 0;
const ready = haveJupyter && existsSync(join(root, "dist", "notebook", "png.js")) && !!findChromium();

function notebook(cells: string[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i + 1}`, metadata: {}, execution_count: null, outputs: [], source })),
  };
}

const IMPORT = 'import * as cc from "coupling-coordination";';
const NOTEBOOKS: Record<string, string[]> = {
  // a FrameError thrown by the library's own code path (Node prints "file:line", the source line and
  // a caret before the message) with a message of three lines
  "a-frame-error.ipynb": [IMPORT, 'throw new cc.FrameError("weights: unit 3 (湖北) has no neighbour\\n  - add a link in the map\\n  - or pass allowIslands: true");'],
  "b-stderr.ipynb": [IMPORT, 'console.error("warning: something looked wrong");\nconsole.error("second line");'],
  "c-env-and-figure.ipynb": [
    IMPORT + "\ncc.setupNotebook();",
    "console.log(`value=${process.env.CC_RUNNER_TEST_VALUE}`);",
    'cc.show({ data: [{ type: "bar", x: ["甲", "乙"], y: [1, 2] }], layout: { title: { text: "两根柱 / two bars" }, width: 400, height: 300 } });',
  ],
};

let dir: string;
let run: { status: number | null; stdout: string; stderr: string };
let summary: { passed: number; failed: number; results: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(() => {
  if (!ready) return;
  mkdirSync(join(root, "out"), { recursive: true });
  dir = mkdtempSync(join(root, "out", "runner-test-"));
  mkdirSync(join(dir, "nb"));
  for (const [name, cells] of Object.entries(NOTEBOOKS)) writeFileSync(join(dir, "nb", name), JSON.stringify(notebook(cells), null, 1));
  const r = spawnSync(
    process.execPath,
    [join(root, "scripts", "run-notebooks.mjs"), "--out", join(dir, "out"), "--png", "--summary", join(dir, "summary.json"), ...Object.keys(NOTEBOOKS).map((n) => join(dir, "nb", n))],
    { cwd: root, encoding: "utf8", env: { ...process.env, CC_RUNNER_TEST_VALUE: "from the environment 环境" }, maxBuffer: 1 << 26 },
  );
  run = { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const lineOf = (name: string) => run.stdout.split("\n").find((l) => l.includes(`${name}  `));

describe.skipIf(!ready)("scripts/run-notebooks.mjs: what a failure looks like", () => {
  it("exits 1 and counts two failures out of three in the summary JSON", () => {
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect([summary.passed, summary.failed]).toEqual([1, 2]);
  });
  it("a FrameError: the summary line shows its message's first line, the whole text follows indented", () => {
    const line = lineOf("a-frame-error.ipynb");
    expect(line, run.stdout).toMatch(/a-frame-error\.ipynb {2}2\/2 cells {2}[\d.]+s {2}FAILED at cell 2: FrameError: weights: unit 3 \(湖北\) has no neighbour {2}\(/);
    expect(line).not.toMatch(/evalmachine|\.js:\d+/);
    const after = run.stdout.slice(run.stdout.indexOf(line!) + line!.length);
    expect(after).toMatch(/^\n {4}/);
    expect(after).toContain("    FrameError: weights: unit 3 (湖北) has no neighbour\n      - add a link in the map\n      - or pass allowIslands: true\n");
    const r = summary.results.find((x) => x.notebook.endsWith("a-frame-error.ipynb"))!;
    expect(r).toMatchObject({ ok: false, error_cell: 2, ran: 2, cells: 2, message: "FrameError: weights: unit 3 (湖北) has no neighbour" });
    expect(r.error).toContain("  - or pass allowIslands: true");
  });
  it("a cell that writes to stderr fails, with its first line as the message", () => {
    const line = lineOf("b-stderr.ipynb");
    expect(line).toMatch(/FAILED at cell 2: warning: something looked wrong {2}\(/);
    expect(run.stdout).toContain("    warning: something looked wrong\n    second line\n");
  });
  it("environment variables reach the kernel; a light figure gets a PNG; the page draws it with plotly.js in its head", () => {
    const line = lineOf("c-env-and-figure.ipynb");
    expect(line).toMatch(/3\/3 cells {2}[\d.]+s {2}ok {2}\(kernel [\d.]+s \+ cells [\d.]+s, 1 PNG [\d.]+s, page [\d.]+s, ipynb [\d.]+ MB, html [\d.]+ MB\)/);
    const nb = JSON.parse(readFileSync(join(dir, "out", "c-env-and-figure.ipynb"), "utf8"));
    expect(nb.cells[1].outputs[0].text.join("")).toBe("value=from the environment 环境\n");
    const fig = nb.cells[2].outputs[0];
    expect(Object.keys(fig.data).sort()).toEqual(["application/vnd.plotly.v1+json", "image/png", "text/plain"]);
    expect(Buffer.from(fig.data["image/png"], "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(fig.metadata["image/png"]).toEqual({ width: 400, height: 300 });
    const id = fig.metadata["coupling-coordination"].figure;
    expect(id).toMatch(/^cc-fig-1-[0-9a-f]{12}$/);
    const html = readFileSync(join(dir, "out", "c-env-and-figure.html"), "utf8");
    expect(html.indexOf("plotly.js v")).toBeGreaterThan(0);
    expect(html.indexOf("plotly.js v")).toBeLessThan(html.indexOf("</head>"));
    expect(html.split("plotly.js v").length - 1).toBe(1);
    expect(html).toContain(`<div id="${id}" class="cc-figure"`);
    expect(/<img src="data:image\/png/.test(html), "the page draws the figure: no PNG in it").toBe(false);
  });
  it("the stage lines and the total", () => {
    expect(run.stdout).toMatch(/^stage execute: 3 notebooks, \d kernels at a time: /m);
    expect(run.stdout).toMatch(/^stage png: 1 PNG, one Chromium page: /m);
    expect(run.stdout).toMatch(/^stage html: 3 pages, one nbconvert process: /m);
    expect(run.stdout).toMatch(/^notebooks: 1 ok, 2 failed \([\d.]+s\); ipynb [\d.]+ MB, html [\d.]+ MB in /m);
  });
});

describe("scripts/run-notebooks.mjs: usage errors", () => {
  it("refuses a bad --jobs and an unknown option, naming them", () => {
    const bad = spawnSync(process.execPath, [join(root, "scripts", "run-notebooks.mjs"), "--jobs", "0"], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--jobs must be a whole number of at least 1, got 0");
    const unknown = spawnSync(process.execPath, [join(root, "scripts", "run-notebooks.mjs"), "--pngs"], { cwd: root, encoding: "utf8" });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown option --pngs");
  });
});
