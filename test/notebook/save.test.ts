import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { afterAll, describe, expect, it } from "vitest";
import { closeRenderer, renderFigure, saveFigure, saveTable, tableToCsv } from "../../src/notebook/save";
import { findChromium } from "../../src/notebook/chromium";
import { trendFigure } from "../../src/plot";

const dir = mkdtempSync(join(tmpdir(), "cc-save-"));
const chromium = findChromium();
if (!chromium) console.warn("saveFigure tests skipped: no Chromium found (set CHROMIUM_PATH or install chromium)");

afterAll(async () => {
  await closeRenderer();
  rmSync(dir, { recursive: true, force: true });
});

const rows = [
  { 省份: "北京", adcode: "110000", D: 0.61234, note: 'say "hi", then go' },
  { 省份: "内蒙古", adcode: "150000", D: NaN, note: "line 1\nline 2" },
  { 省份: "黑龙江", adcode: "230000", D: 0.5, note: null },
];

describe("saveTable", () => {
  it("CSV: UTF-8 BOM, RFC 4180 quoting, CRLF, Chinese intact, NaN and null empty", async () => {
    const path = join(dir, "sub", "t.csv");
    await saveTable(rows, path);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text).toBe(
      "省份,adcode,D,note\r\n" +
        '北京,110000,0.61234,"say ""hi"", then go"\r\n' +
        '内蒙古,150000,,"line 1\nline 2"\r\n' +
        "黑龙江,230000,0.5,\r\n",
    );
  });
  it("CSV from a DataFrame-like value (columns + values)", () => {
    const df = { columns: ["a", "b"], values: [[1, "x,y"], [2, "z"]] };
    expect(tableToCsv(df)).toBe('a,b\r\n1,"x,y"\r\n2,z\r\n');
  });
  it("XLSX: read back with read-excel-file", async () => {
    const path = join(dir, "t.xlsx");
    await saveTable(rows, path, { sheet: "耦合协调度" });
    const { default: readXlsxFile } = await import("read-excel-file/node");
    const sheets = await readXlsxFile(path);
    expect(sheets[0].sheet).toBe("耦合协调度");
    const data = sheets[0].data;
    expect(data[0]).toEqual(["省份", "adcode", "D", "note"]);
    expect(data[1]).toEqual(["北京", "110000", 0.61234, 'say "hi", then go']);
    expect(data[2][0]).toBe("内蒙古");
    expect(data[2][2]).toBeNull();
    expect(data[3][2]).toBe(0.5);
  });
  it("refuses other extensions and non-tables", async () => {
    await expect(saveTable(rows, join(dir, "t.txt"))).rejects.toThrow(/must be .csv or .xlsx/);
    await expect(saveTable(42 as never, join(dir, "t.csv"))).rejects.toThrow(/t.csv/);
  });
});

describe.skipIf(!chromium)("saveFigure / renderFigure", () => {
  const fig = trendFigure([
    { series: "east", time: 2012, value: 0.3 },
    { series: "east", time: 2013, value: 0.35 },
  ], { x: "time", y: "value", series: "series" });
  it("PNG by extension (PNG signature, scaled size)", async () => {
    const path = join(dir, "f.png");
    await saveFigure(fig, path, { width: 400, height: 300, scale: 2 });
    const png = readFileSync(path);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(800); // IHDR width
    expect(png.readUInt32BE(20)).toBe(600);
  });
  it("SVG by extension, with the Chinese title as text", async () => {
    const path = join(dir, "f.svg");
    await saveFigure(fig, path, { width: 400, height: 300 });
    const svg = readFileSync(path, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("耦合协调度 / Coupling coordination degree");
    expect(svg).toContain('width="400"');
  });
  it("a figure Plotly cannot draw throws with Plotly's message (here: a GeoJSON it would have to fetch, offline)", async () => {
    const bad = { data: [{ type: "choropleth", geojson: "https://example.invalid/china.json", locations: ["110000"], z: [1] }], layout: {} };
    await expect(renderFigure(bad, { format: "png", width: 300, height: 200 })).rejects.toThrow(/Plotly could not draw the figure: .+/);
  });
  it("refuses other extensions", async () => {
    await expect(saveFigure(fig, join(dir, "f.gif"))).rejects.toThrow(/must be .png or .svg/);
  });
});
