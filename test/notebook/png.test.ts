import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { deflateSync, inflateSync } from "zlib";
import { describe, expect, it } from "vitest";
import { findChromium } from "../../src/notebook/chromium";
import { addPngFallbacks, notebookJson, openPngRenderer, palettePng, pngSize, wantsPng } from "../../src/notebook/png";

// ---- a minimal PNG writer and reader for the tests (8-bit RGB with filter 0; palette) ----------
function crc(buf: Buffer): number {
  let c = -1;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ -1) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
}
/** An RGB PNG of `pixels` (0xRRGGBB, row by row), every row with filter 0. */
function rgbPng(width: number, height: number, pixels: number[]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc(height * (1 + 3 * width));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const c = pixels[y * width + x];
      raw.writeUIntBE(c, y * (1 + 3 * width) + 1 + 3 * x, 3);
    }
  // level 0: stored, so the palette version is smaller for any image
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 0 })), chunk("IEND", Buffer.alloc(0))]);
}
/** The pixels of a palette PNG written with filter 0 (what palettePng writes), as 0xRRGGBB. */
function readPalettePng(png: Buffer): { width: number; height: number; colourType: number; palette: number[]; pixels: number[] } {
  let p = 8;
  let ihdr!: Buffer;
  let plte: Buffer = Buffer.alloc(0);
  const idat: Buffer[] = [];
  while (p < png.length) {
    const len = png.readUInt32BE(p);
    const type = png.toString("latin1", p + 4, p + 8);
    const data = png.subarray(p + 8, p + 8 + len);
    expect(png.readUInt32BE(p + 8 + len), `CRC of ${type}`).toBe(crc(png.subarray(p + 4, p + 8 + len)));
    if (type === "IHDR") ihdr = data;
    if (type === "PLTE") plte = data;
    if (type === "IDAT") idat.push(data);
    p += 12 + len;
  }
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const palette: number[] = [];
  for (let i = 0; i < plte.length; i += 3) palette.push(plte.readUIntBE(i, 3));
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)], "filter type").toBe(0);
    for (let x = 0; x < width; x++) pixels.push(palette[raw[y * (width + 1) + 1 + x]]);
  }
  return { width, height, colourType: ihdr[9], palette, pixels };
}

describe("palettePng", () => {
  it("an image of at most 256 colours comes back exact, as an 8-bit palette PNG", () => {
    // 20 x 15 pixels in 200 distinct colours
    const w = 20;
    const h = 15;
    const pixels = Array.from({ length: w * h }, (_, i) => ((i % 200) * 0x010203) & 0xffffff);
    const png = rgbPng(w, h, pixels);
    const out = palettePng(png);
    const read = readPalettePng(out);
    expect(read.colourType).toBe(3);
    expect([read.width, read.height]).toEqual([w, h]);
    expect(read.pixels).toEqual(pixels);
    expect(read.palette.length).toBe(200);
    expect(out.length).toBeLessThan(png.length);
  });
  it("more than 256 colours: 256 palette entries, the frequent flat colours exact, every pixel near its own", () => {
    // a white background, three flat fills, and 1000 distinct grey-blue shades (an anti-aliased edge)
    const w = 100;
    const h = 40;
    const pixels: number[] = [];
    for (let i = 0; i < w * h; i++) {
      if (i < 1000) pixels.push(0x102030 + (i % 1000) * 0x000101);
      else if (i < 1600) pixels.push(0x1f77b4);
      else if (i < 2200) pixels.push(0xff7f0e);
      else if (i < 2800) pixels.push(0x2ca02c);
      else pixels.push(0xffffff);
    }
    const out = palettePng(rgbPng(w, h, pixels));
    const read = readPalettePng(out);
    expect(read.palette.length).toBe(256);
    for (const c of [0xffffff, 0x1f77b4, 0xff7f0e, 0x2ca02c]) expect(read.palette).toContain(c);
    for (let i = 1000; i < w * h; i++) expect(read.pixels[i]).toBe(pixels[i]);
    // the shades: each channel within 8 of the original (1000 shades over 256 - 4 entries)
    const channel = (c: number, k: number) => (c >> (16 - 8 * k)) & 255;
    let worst = 0;
    for (let i = 0; i < 1000; i++) for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(channel(read.pixels[i], k) - channel(pixels[i], k)));
    expect(worst).toBeLessThanOrEqual(8);
  });
  it("leaves what it cannot improve alone: not a PNG, or an image with transparency", () => {
    const notPng = Buffer.from("not a png at all, but long enough to be read as one");
    expect(palettePng(notPng)).toBe(notPng);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(1, 0);
    ihdr.writeUInt32BE(1, 4);
    ihdr[8] = 8;
    ihdr[9] = 6; // RGBA
    const rgba = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.from([0, 1, 2, 3, 128]))), chunk("IEND", Buffer.alloc(0))]);
    expect(palettePng(rgba)).toBe(rgba);
  });
});

describe("notebookJson: nbformat's layout, figures compact", () => {
  it("writes a notebook without figures exactly as nbformat does (keys sorted, indent 1, final newline)", () => {
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: { b: [], a: {} }, cells: [{ source: ["x\n", "y"], cell_type: "code", outputs: [], metadata: {}, execution_count: 1 }] };
    // nbformat: json.dumps(nb, sort_keys=True, indent=1, separators=(",", ": "), ensure_ascii=False) + "\n"
    const expected =
      '{\n "cells": [\n  {\n   "cell_type": "code",\n   "execution_count": 1,\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "x\\n",\n    "y"\n   ]\n  }\n ],\n' +
      ' "metadata": {\n  "a": {},\n  "b": []\n },\n "nbformat": 4,\n "nbformat_minor": 5\n}\n';
    expect(notebookJson(nb)).toBe(expected);
  });
  it("a figure: one line per trace, the layout on one line, Chinese as it is; reads back the same", () => {
    const fig = { data: [{ type: "choropleth", z: [1, 2], geojson: { type: "FeatureCollection", features: [] } }, { type: "scatter", name: "东部" }], layout: { title: { text: "图" } } };
    const nb = { cells: [{ outputs: [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig, "text/plain": "Figure" }, metadata: {} }] }] };
    const text = notebookJson(nb);
    expect(JSON.parse(text)).toEqual(nb);
    expect(text).toContain(
      '"application/vnd.plotly.v1+json": {\n       "data": [\n        {"type":"choropleth","z":[1,2],"geojson":{"type":"FeatureCollection","features":[]}},\n        {"type":"scatter","name":"东部"}\n       ],\n       "layout": {"title":{"text":"图"}}\n      },',
    );
  });
});

describe("which outputs get a PNG, and its size", () => {
  it("a light figure (Plotly JSON, no HTML, no PNG yet) only", () => {
    const fig = { data: [] };
    expect(wantsPng({ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig, "text/plain": "Figure" } })).toBe(true);
    expect(wantsPng({ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig, "text/html": "<div>" } })).toBe(false);
    expect(wantsPng({ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig, "image/png": "iVBOR" } })).toBe(false);
    expect(wantsPng({ output_type: "display_data", data: { "text/plain": "table" } })).toBe(false);
  });
  it("the layout's size, else 900 x 450 (the height the notebook's HTML gives a figure); a bad size is refused", () => {
    expect(pngSize({ data: [], layout: { width: 300, height: 200 } })).toEqual({ width: 300, height: 200 });
    expect(pngSize({ data: [] })).toEqual({ width: 900, height: 450 });
    expect(() => pngSize({ data: [], layout: { width: 5 } })).toThrow("PNG fallback: width must be a number of pixels in [10, 10000], got 5");
  });
});

describe.skipIf(!findChromium())("addPngFallbacks (headless Chromium)", () => {
  it("adds a palette PNG beside each light Plotly output and leaves other outputs alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-png-"));
    const file = join(dir, "n.ipynb");
    const fig = { data: [{ type: "bar", x: ["甲", "乙"], y: [1, 2] }], layout: { width: 300, height: 200 } };
    const inline = { data: [{ type: "bar", x: [1], y: [1] }] };
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: "code", source: "", metadata: {}, execution_count: 1, outputs: [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": fig, "text/plain": "Figure" }, metadata: {} }] },
        { cell_type: "code", source: "", metadata: {}, execution_count: 2, outputs: [{ output_type: "display_data", data: { "text/plain": "table" }, metadata: {} }] },
        { cell_type: "code", source: "", metadata: {}, execution_count: 3, outputs: [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": inline, "text/html": "<div></div>" }, metadata: {} }] },
      ],
    };
    writeFileSync(file, JSON.stringify(nb));
    expect(await addPngFallbacks(file)).toBe(1);
    const text = readFileSync(file, "utf8");
    expect(text).toBe(notebookJson(JSON.parse(text)));
    const out = JSON.parse(text);
    const png = Buffer.from(out.cells[0].outputs[0].data["image/png"], "base64");
    const read = readPalettePng(png);
    expect([read.width, read.height, read.colourType]).toEqual([300, 200, 3]);
    expect(read.pixels.filter((c) => c === 0xffffff).length).toBeGreaterThan(300 * 200 * 0.5); // a white background
    expect(out.cells[0].outputs[0].metadata["image/png"]).toEqual({ width: 300, height: 200 });
    expect(out.cells[1].outputs[0].data).toEqual({ "text/plain": "table" });
    expect(out.cells[2].outputs[0].data["image/png"]).toBeUndefined();
    // running it again adds nothing
    expect(await addPngFallbacks(file)).toBe(0);
  });
  it("one renderer draws many figures in turn, each at its own size", async () => {
    const r = await openPngRenderer();
    try {
      const sizes = [[300, 200], [640, 360], [200, 500]];
      const pngs = await Promise.all(sizes.map(([width, height], i) => r.render({ data: [{ type: "scatter", y: [1, i + 2, 3] }] }, { width, height })));
      pngs.forEach((png, i) => expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(sizes[i]));
    } finally {
      await r.close();
    }
  });
});
