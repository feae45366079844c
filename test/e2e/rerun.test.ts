// Two runs of the same notebook on the same checkout write the same bytes, so that a reviewer can
// diff two executed notebooks and see only what changed: no random figure ids (display.ts numbers
// figures and hashes their content), no execution timestamps in the cell metadata
// (notebook_exec.py records no timing and strips volatile fields). The provenance table prints
// the commit and "(with uncommitted changes)": the same for one checkout.
//
// Runs after `npm run build` (npm test builds first): the kernel imports the compiled package.
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const NOTEBOOK = "notebooks/00-getting-started.ipynb";

function run(out: string): void {
  const r = spawnSync(process.execPath, [join(root, "scripts", "run-notebooks.mjs"), "--out", out, join(root, NOTEBOOK)], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`run-notebooks failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** The first line where two texts differ, for the failure message. */
function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  const i = la.findIndex((l, k) => l !== lb[k]);
  if (i < 0) return la.length === lb.length ? "(same lines)" : `line ${Math.min(la.length, lb.length) + 1}: one file is longer`;
  return `line ${i + 1}:\n  run 1: ${la[i].slice(0, 300)}\n  run 2: ${(lb[i] ?? "").slice(0, 300)}`;
}

describe("reruns are byte-identical", () => {
  it(`${NOTEBOOK}, run twice: the executed notebook and its HTML page are the same bytes`, () => {
    expect(existsSync(join(root, "dist", "index.js")), "build first: npm run build").toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "cc-rerun-"));
    run(join(dir, "r1"));
    run(join(dir, "r2"));
    for (const name of ["00-getting-started.ipynb", "00-getting-started.html"]) {
      const a = readFileSync(join(dir, "r1", name));
      const b = readFileSync(join(dir, "r2", name));
      expect(a.equals(b), `${name} differs at ${firstDifference(a.toString("utf8"), b.toString("utf8"))}`).toBe(true);
    }
    // and the notebook holds no timing at all
    const nb = JSON.parse(readFileSync(join(dir, "r1", "00-getting-started.ipynb"), "utf8"));
    for (const cell of nb.cells) expect(cell.metadata?.execution).toBeUndefined();
    expect(readFileSync(join(dir, "r1", "00-getting-started.ipynb"), "utf8")).not.toMatch(/iopub\.status|shell\.execute_reply/);
    const ids = [...readFileSync(join(dir, "r1", "00-getting-started.ipynb"), "utf8").matchAll(/cc-fig-[0-9a-z-]+/g)].map((m) => m[0]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^cc-fig-\d+-[0-9a-f]{12}$/);
  });
});
