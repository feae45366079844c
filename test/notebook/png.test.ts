import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { describe, expect, it } from "vitest";
import { findChromium } from "../../src/notebook/chromium";
import { addPngFallbacks } from "../../src/notebook/png";

describe.skipIf(!findChromium())("addPngFallbacks", () => {
  it("adds a PNG beside each Plotly output and leaves other outputs alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-png-"));
    const file = join(dir, "n.ipynb");
    const fig = { data: [{ type: "bar", x: ["甲", "乙"], y: [1, 2] }], layout: { width: 300, height: 200 } };
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: "code", source: "", metadata: {}, execution_count: 1, outputs: [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig, "text/plain": "Figure" }, metadata: {} }] },
        { cell_type: "code", source: "", metadata: {}, execution_count: 2, outputs: [{ output_type: "display_data", data: { "text/plain": "table" }, metadata: {} }] },
      ],
    };
    writeFileSync(file, JSON.stringify(nb));
    expect(await addPngFallbacks(file)).toBe(1);
    const out = JSON.parse(readFileSync(file, "utf8"));
    const png = Buffer.from(out.cells[0].outputs[0].data["image/png"], "base64");
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(out.cells[0].outputs[0].metadata["image/png"]).toEqual({ width: 300, height: 200 });
    expect(out.cells[1].outputs[0].data).toEqual({ "text/plain": "table" });
    // running it again adds nothing
    expect(await addPngFallbacks(file)).toBe(0);
  });
});
