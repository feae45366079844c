// The README's way into a user's own folder ("Using the library in your own project"), run as
// written, in a fresh temporary folder: `npm pack` of this clone; a folder `my-study` beside the
// tarball's folder holding the README's package.json verbatim (its `file:../coupling-coordination/
// coupling-coordination-<version>.tgz` dependency, danfojs-node, tslab and the two overrides);
// `npm install` there; `npx coupling-coordination kernel install` (the package's own command);
// then a notebook written here (the README's cell verbatim, a CSV read with danfo, cc.coupling,
// a table and a trend figure) executed through the real Jupyter protocol by nbclient
// (scripts/notebook_exec.py, stderr counts as failure) with the JUPYTER_PATH the command printed,
// and once more by the README's headless nbconvert line.
//
// Jupyter runs with every node_modules/.bin taken off PATH, so the kernel starts only through the
// absolute binary written into kernel.json (tslab's default, a bare "tslab", would fail there with
// FileNotFoundError). A failure names its step; the folder is then kept for a look.
// Needs the built package (npm test builds first), Jupyter for the python (/usr/bin/python3 or
// $PYTHON) and the npm registry or a warm npm cache.
import { spawnSync, type SpawnSyncReturns } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { delimiter, isAbsolute, join } from "path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const python = process.env.PYTHON || (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const version: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

/** The README section "## Using the library in your own project" and its fenced blocks. */
function readmeSection(): { text: string; bash: string; json: string; ts: string } {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf("\n## Using the library in your own project\n");
  if (start < 0) throw new Error('README.md has no section "## Using the library in your own project"');
  const next = readme.indexOf("\n## ", start + 1);
  const text = readme.slice(start, next < 0 ? undefined : next);
  const block = (lang: string) => {
    const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(text);
    if (!m) throw new Error(`README section "Using the library in your own project" has no \`\`\`${lang} block`);
    return m[1];
  };
  return { text, bash: block("bash"), json: block("json"), ts: block("ts") };
}

/** The environment of a user's shell: no npm run-script variables, no node_modules/.bin on PATH. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|INIT_CWD$|NODE_ENV$|JUPYTER_PATH$)/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((d) => d && !/node_modules[\\/]\.bin[\\/]?$/.test(d) && !/node-gyp-bin[\\/]?$/.test(d))
    .join(delimiter);
  return { ...env, ...extra };
}

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) {
    const tail = ((r.stdout ?? "") + "\n" + (r.stderr ?? "")).trim().split("\n").slice(-30).join("\n");
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) ${r.error ? "could not run: " + r.error.message : "exited " + r.status}\n${tail}`);
  }
  return r;
}

// hand computation for two systems with equal coefficients 1/2:
// C = 2 sqrt(u1 u2) / (u1 + u2), T = (u1 + u2) / 2, so D = sqrt(C T) = (u1 u2)^(1/4)
const handC = (u1: number, u2: number) => (2 * Math.sqrt(u1 * u2)) / (u1 + u2);
const handT = (u1: number, u2: number) => (u1 + u2) / 2;
const handD = (u1: number, u2: number) => Math.sqrt(Math.sqrt(u1 * u2));

// the study's data: one row per province and year, two system scores
const CSV_ROWS: [string, number, number, number][] = [
  ["安徽", 2019, 0.2, 0.4],
  ["安徽", 2020, 0.6, 0.5],
  ["湖北", 2019, 0.3, 0.3],
  ["湖北", 2020, 0.8, 0.2],
];

function studyNotebook(readmeCell: string): object {
  const cells = [
    readmeCell.trimEnd(), // 1: the README's cell, verbatim
    "console.log(JSON.stringify({ C: Array.from(C), T: Array.from(T), D: Array.from(D) }));", // 2
    [
      // 3: a CSV through danfo, the frame call, a table
      'import * as dfd from "danfojs-node";',
      'const df = await dfd.readCSV("scores.csv");',
      'const cd = cc.coupling(df, { unit: "province", time: "year", systems: ["economy", "health"] });',
      "cc.showTable(cd);",
    ].join("\n"),
    'cc.show(cc.trendFigure(cd.rows, { x: "year", y: "D", series: "province" }));', // 4: a figure
    "console.log(JSON.stringify(cd.rows.map((r) => [r.province, r.year, r.D, r.level])));", // 5
  ];
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `cell-${i + 1}`, metadata: {}, execution_count: null, outputs: [], source })),
  };
}

type Output = { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> };
const joined = (t: unknown) => (Array.isArray(t) ? t.join("") : String(t ?? ""));
const streamText = (outs: Output[]) => outs.filter((o) => o.output_type === "stream" && o.name === "stdout").map((o) => joined(o.text)).join("");
const htmlText = (outs: Output[]) => outs.map((o) => joined(o.data?.["text/html"])).join("");

describe("the README's own-project path: npm pack, npm install, the kernel command, a notebook", () => {
  it("installs from the tarball into a fresh folder and executes a notebook there", () => {
    const readme = readmeSection();
    const base = realpathSync(mkdtempSync(join(tmpdir(), "cc-own-project-")));
    const packDir = join(base, "coupling-coordination"); // the clone's name, as the README's path assumes
    const project = join(base, "my-study");
    const times: string[] = [];
    const t0 = Date.now();
    let stepNo = 0;
    const step = <T>(name: string, fn: () => T): T => {
      stepNo++;
      const t = Date.now();
      try {
        const v = fn();
        times.push(`${stepNo}. ${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
        return v;
      } catch (e) {
        throw new Error(`own-project step ${stepNo} (${name}) failed; folder kept: ${base}\n${(e as Error).message}`);
      }
    };

    // 1. the README says what this test runs
    step("README states the commands and the package.json", () => {
      for (const line of [
        "npm install && npm run build && npm pack",
        "npm install",
        "npx coupling-coordination kernel install",
        'export JUPYTER_PATH="$PWD/.jupyter/share/jupyter"',
      ]) {
        expect(readme.bash.split("\n").some((l) => l.trim().startsWith(line)), `README bash block: a line starting "${line}"`).toBe(true);
      }
      expect(readme.text).toContain("jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=tslab");
      const pj = JSON.parse(readme.json);
      expect(pj.dependencies["coupling-coordination"], "README package.json: the tarball npm pack writes").toBe(
        `file:../coupling-coordination/coupling-coordination-${version}.tgz`,
      );
      expect(pj.dependencies["tslab"]).toBeTruthy();
      expect(pj.dependencies["danfojs-node"]).toBeTruthy();
      expect(pj.overrides).toEqual({ xlsx: "npm:xlsx@0.18.5", "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@3.21.0" });
    });

    // 2. npm pack (of the built package) into the folder the README's path points at
    step("npm pack", () => {
      if (!existsSync(join(root, "dist", "index.js"))) throw new Error("dist/index.js is missing: run npm run build first");
      mkdirSync(packDir);
      const r = sh("npm", ["pack", "--json", "--pack-destination", packDir], root, userEnv(), 120_000);
      const info = JSON.parse(r.stdout.slice(r.stdout.indexOf("[")))[0];
      expect(info.filename).toBe(`coupling-coordination-${version}.tgz`);
      const files: string[] = info.files.map((f: { path: string }) => f.path);
      for (const f of ["package.json", "dist/index.js", "dist/index.d.ts", "bin/coupling-coordination.mjs", "bin/kernel.mjs"]) {
        expect(files, `the tarball holds ${f}`).toContain(f);
      }
      expect(existsSync(join(packDir, info.filename))).toBe(true);
    });

    // 3. the user's folder: exactly the README's package.json; npm install
    // (--prefer-offline --no-audit --no-fund: the same install with fewer registry round trips)
    step("npm install in the fresh folder", () => {
      mkdirSync(project);
      writeFileSync(join(project, "package.json"), readme.json);
      sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], project, userEnv(), 600_000);
      for (const p of ["coupling-coordination/dist/index.js", "danfojs-node/package.json", "tslab/package.json", ".bin/coupling-coordination", ".bin/tslab"]) {
        expect(existsSync(join(project, "node_modules", p)), `node_modules/${p} after npm install`).toBe(true);
      }
    });

    // 4. the package's own command registers the kernel in the folder, with an absolute binary
    const jupyterPath = step("npx coupling-coordination kernel install", () => {
      const r = sh("npx", ["coupling-coordination", "kernel", "install"], project, userEnv(), 120_000);
      const dataDir = join(project, ".jupyter", "share", "jupyter");
      expect(r.stdout, "the command prints the JUPYTER_PATH line").toContain(`export JUPYTER_PATH="${dataDir}"`);
      const kernel = JSON.parse(readFileSync(join(dataDir, "kernels", "tslab", "kernel.json"), "utf8"));
      const bin = join(project, "node_modules", ".bin", process.platform === "win32" ? "tslab.cmd" : "tslab");
      expect(isAbsolute(kernel.argv[0])).toBe(true);
      expect(kernel.argv[0]).toBe(bin);
      expect(kernel.argv.slice(1)).toEqual(["kernel", "--config-path", "{connection_file}"]);
      return dataDir;
    });

    // 5. a notebook through nbclient (stderr = failure), Jupyter's PATH free of node_modules/.bin
    writeFileSync(join(project, "scores.csv"), "province,year,economy,health\n" + CSV_ROWS.map((r) => r.join(",")).join("\n") + "\n");
    writeFileSync(join(project, "study.ipynb"), JSON.stringify(studyNotebook(readme.ts), null, 1));
    const jenv = userEnv({ JUPYTER_PATH: jupyterPath });
    const executed = join(project, "out", "study.ipynb");
    step("execute the notebook through nbclient", () => {
      const r = sh(python, [join(root, "scripts", "notebook_exec.py"), "execute", join(project, "study.ipynb"), executed, "tslab", "300"], project, jenv, 600_000);
      const res = JSON.parse(r.stdout.trim().split("\n").pop()!);
      if (!res.ok) throw new Error(`cell ${res.error_cell}: ${res.error}`);
      expect(res).toMatchObject({ ok: true, cells: 5, ran: 5 });
    });

    // 6. what the cells showed: tables, a figure, and the numbers against hand computation
    step("check the executed notebook's outputs", () => {
      const cells: { outputs: Output[] }[] = JSON.parse(readFileSync(executed, "utf8")).cells;
      // the README's cell: systems x units, so unit 1 is (U1, U2) = (0.2, 0.4), unit 2 (0.6, 0.5)
      expect(htmlText(cells[0].outputs)).toMatch(/<table/);
      const got = JSON.parse(streamText(cells[1].outputs));
      const units: [number, number][] = [[0.2, 0.4], [0.6, 0.5]];
      units.forEach(([u1, u2], i) => {
        expect(Math.abs(got.C[i] - handC(u1, u2))).toBeLessThan(1e-12);
        expect(Math.abs(got.T[i] - handT(u1, u2))).toBeLessThan(1e-12);
        expect(Math.abs(got.D[i] - handD(u1, u2))).toBeLessThan(1e-12);
      });
      // the rounded numbers the README prints in its comment, to their 4 decimals
      const m = /C ≈ \[([^\]]+)\], T = \[([^\]]+)\], D ≈ \[([^\]]+)\]/.exec(readme.ts);
      expect(m, "README cell: a comment `C ≈ [..], T = [..], D ≈ [..]`").toBeTruthy();
      const shown = m!.slice(1, 4).map((s) => s.split(",").map(Number));
      units.forEach(([u1, u2], i) => {
        expect(Math.abs(shown[0][i] - handC(u1, u2))).toBeLessThanOrEqual(5e-5);
        expect(Math.abs(shown[1][i] - handT(u1, u2))).toBeLessThanOrEqual(5e-5);
        expect(Math.abs(shown[2][i] - handD(u1, u2))).toBeLessThanOrEqual(5e-5);
      });
      // the CSV through danfo and cc.coupling: a table of the four unit-years
      const table = htmlText(cells[2].outputs);
      expect(table).toMatch(/<table/);
      for (const [p] of CSV_ROWS) expect(table).toContain(p);
      // the trend figure: one line per province
      const fig = cells[3].outputs.map((o) => o.data?.["application/vnd.plotly.v1+json"]).find(Boolean) as { data: { name?: string }[] } | undefined;
      expect(fig, "a Plotly figure output").toBeTruthy();
      expect(fig!.data.map((t) => t.name).sort()).toEqual(["安徽", "湖北"]);
      // D of every unit-year = (u1 u2)^(1/4)
      const rows: [string, number, number, number][] = JSON.parse(streamText(cells[4].outputs));
      expect(rows.map((r) => [r[0], r[1]])).toEqual(CSV_ROWS.map((r) => [r[0], r[1]]));
      rows.forEach((r, i) => expect(Math.abs(r[2] - handD(CSV_ROWS[i][2], CSV_ROWS[i][3]))).toBeLessThan(1e-12));
    });

    // 7. the README's headless line, jupyter nbconvert --execute with the kernel "tslab" (as
    // `python -m nbconvert`: the same program, run by the python chosen above)
    step("the README's nbconvert line", () => {
      sh(
        python,
        ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", "--output", "study.nbconvert.ipynb", "study.ipynb"],
        project,
        jenv,
        600_000,
      );
      expect(existsSync(join(project, "study.nbconvert.ipynb"))).toBe(true);
    });

    const tc = Date.now();
    rmSync(base, { recursive: true, force: true });
    times.push(`removing the folder: ${((Date.now() - tc) / 1000).toFixed(1)} s`);
    console.log(`own project (${project}):\n  ${times.join("\n  ")}\n  total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 20 * 60_000);
});
