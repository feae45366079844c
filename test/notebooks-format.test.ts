// The committed notebooks: without outputs, and with a stable id on every cell (nbformat 4.5), so
// that executing them twice gives the same bytes (a missing id is filled at random by nbformat).
import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "notebooks");
const files: string[] = [];
const walk = (d: string) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) { if (!f.startsWith(".")) walk(p); } else if (f.endsWith(".ipynb")) files.push(p);
  }
};
walk(root);

describe("committed notebooks", () => {
  it("there are notebooks to check", () => expect(files.length).toBeGreaterThan(10));
  for (const f of files) {
    it(`${relative(root, f)}: every cell has a unique id, no outputs, no execution count`, () => {
      const nb = JSON.parse(readFileSync(f, "utf8"));
      expect([nb.nbformat, nb.nbformat_minor >= 5]).toEqual([4, true]);
      const ids = nb.cells.map((c: { id?: string }) => c.id);
      expect(ids.filter((x: unknown) => typeof x !== "string" || !x)).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of nb.cells.filter((x: { cell_type: string }) => x.cell_type === "code")) {
        expect(c.outputs).toEqual([]);
        expect(c.execution_count).toBeNull();
      }
    });
  }
});
