import { afterEach, describe, expect, it } from "vitest";
import { createHash } from "crypto";
import { tableToText } from "../../src/notebook/table";
import {
  DisplayBundle,
  figureHtml,
  figureText,
  LIGHT_SETUP_NOTE,
  OUTPUT_METADATA_KEY,
  resetNotebookState,
  roundGeoJson,
  setDisplaySink,
  setupNotebook,
  show,
  showTable,
} from "../../src/notebook/display";

const figure = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }, { type: "bar", x: [1], y: [2] }], layout: { title: { text: "耦合协调度 / D" } } };

function capture(): DisplayBundle[] {
  const sent: DisplayBundle[] = [];
  setDisplaySink((b) => sent.push(b));
  return sent;
}

afterEach(() => setDisplaySink(undefined));

describe("show: light figures (the default)", () => {
  it("sends one bundle with the Plotly JSON and text, no HTML, and the figure's id in the metadata", () => {
    const sent = capture();
    show(figure);
    expect(sent).toHaveLength(1);
    const data = sent[0].data;
    expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/plain"]);
    expect((data["application/vnd.plotly.v1+json"] as { data: unknown[] }).data).toEqual(figure.data);
    expect(data["text/plain"]).toBe("Figure: 耦合协调度 / D (2 traces: scatter, bar)");
    expect(sent[0].metadata).toEqual({ [OUTPUT_METADATA_KEY]: { figure: expect.stringMatching(/^cc-fig-1-[0-9a-f]{12}$/) } });
  });
  it("carries no plotly.js, with or without setupNotebook(); setupNotebook() shows a one-line note", () => {
    const sent = capture();
    show(figure);
    setupNotebook();
    show(figure);
    expect(sent[1].data).toEqual({ "text/markdown": LIGHT_SETUP_NOTE, "text/plain": LIGHT_SETUP_NOTE });
    expect(sent[1].metadata).toEqual({ [OUTPUT_METADATA_KEY]: { setup: "light" } });
    expect(LIGHT_SETUP_NOTE).toContain("cc.setupNotebook({ inline: true })");
    for (const b of sent) expect(JSON.stringify(b).length).toBeLessThan(5_000);
  });
  it("rejects what is not a figure", () => {
    capture();
    expect(() => show({} as never)).toThrow(/expected a Plotly figure/);
  });
});

describe("show after setupNotebook({ inline: true }): a self-contained notebook", () => {
  it("the setup cell carries plotly.js and the geo base map; each figure then adds HTML that draws it (no second copy)", () => {
    const sent = capture();
    setupNotebook({ inline: true });
    show(figure);
    show(figure);
    const bundle = sent[0].data["text/html"] as string;
    expect(bundle).toContain("window.PlotlyGeoAssets");
    expect(bundle).toContain("plotly.js v");
    expect(bundle.length).toBeGreaterThan(4_000_000);
    expect(sent[0].metadata).toEqual({ [OUTPUT_METADATA_KEY]: { setup: "inline" } });
    for (const fig of sent.slice(1)) {
      expect(Object.keys(fig.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
      const html = fig.data["text/html"] as string;
      expect(html.length).toBeLessThan(5_000);
      expect(html).toContain("window.Plotly.newPlot");
      // the element's id is the one the metadata names
      expect(html).toContain(`<div id="${(fig.metadata[OUTPUT_METADATA_KEY] as { figure: string }).figure}" class="cc-figure"`);
    }
  });
  it("emits plotly.js again each time the setup cell runs; a new session is light again", () => {
    const sent = capture();
    setupNotebook({ inline: true });
    setupNotebook({ inline: true });
    expect((sent[1].data["text/html"] as string).length).toBeGreaterThan(4_000_000);
    resetNotebookState();
    show(figure);
    expect(sent[2].data["text/html"]).toBeUndefined();
  });
  it("keeps a script-closing tag inside data from ending the script", () => {
    const sent = capture();
    setupNotebook({ inline: true });
    show({ data: [{ type: "scatter", x: [1], y: [1], text: ["</script><b>"] }] });
    const html = sent[1].data["text/html"] as string;
    expect(html).not.toContain("</script><b>");
  });
  it("refuses options it does not know, by name", () => {
    capture();
    expect(() => setupNotebook({ inline: "yes" } as never)).toThrow('setupNotebook(options): inline must be true or false, got "yes"');
    expect(() => setupNotebook({ inlne: true } as never)).toThrow('setupNotebook(options): unknown option "inlne" (the only option is inline: true | false)');
    expect(() => setupNotebook(null as never)).toThrow("options must be an object such as { inline: true }, got null");
  });
});

describe("roundGeoJson: map outlines to display precision", () => {
  it("rounds to the power of ten at or below 1/10,000 of the extent (the doc example, by hand)", () => {
    // extent max(110.987654 - 100.123456, 40.25 - 30.5) = 10.864198; / 10,000 = 0.00109 -> step 0.001
    const line = { type: "LineString", coordinates: [[100.123456, 30.5], [110.987654, 40.25]] };
    expect(roundGeoJson(line).coordinates).toEqual([[100.123, 30.5], [110.988, 40.25]]);
    expect(line.coordinates[0][0]).toBe(100.123456); // the input is left alone
  });
  it("a district-sized extent keeps a decimal more; every point and property stays", () => {
    // extent 0.5 degree: 0.5 / 10,000 = 0.00005 -> step 0.00001
    const fc = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { id: "a", v: 1.23456789 }, geometry: { type: "Polygon", coordinates: [[[116.1234567, 39.9], [116.6234567, 39.9], [116.4, 40.1234561], [116.1234567, 39.9]]] } },
        { type: "Feature", properties: { id: "b" }, geometry: { type: "MultiPolygon", coordinates: [[[[116.2, 39.95], [116.3, 39.95], [116.25, 40.0000049], [116.2, 39.95]]]] } },
      ],
    };
    const r = roundGeoJson(fc);
    expect(r.features[0].geometry.coordinates).toEqual([[[116.12346, 39.9], [116.62346, 39.9], [116.4, 40.12346], [116.12346, 39.9]]]);
    expect(r.features[1].geometry.coordinates).toEqual([[[[116.2, 39.95], [116.3, 39.95], [116.25, 40.0], [116.2, 39.95]]]]);
    expect(r.features[0].properties).toEqual({ id: "a", v: 1.23456789 }); // only coordinates are rounded
  });
  it("show() puts a map trace's GeoJSON into the bundle rounded, and leaves the caller's figure alone", () => {
    const sent = capture();
    const geojson = { type: "FeatureCollection", features: [{ type: "Feature", properties: { code: "1" }, geometry: { type: "Polygon", coordinates: [[[73.55555, 18.2], [135.04444, 18.2], [135.04444, 53.56789], [73.55555, 18.2]]] } }] };
    const map = { data: [{ type: "choropleth", geojson, locations: ["1"], z: [0.5], featureidkey: "properties.code" }] };
    show(map);
    const bundle = sent[0].data["application/vnd.plotly.v1+json"] as { data: Array<{ geojson: typeof geojson }> };
    // extent 61.48889 degrees -> step 0.001
    expect(bundle.data[0].geojson.features[0].geometry.coordinates).toEqual([[[73.556, 18.2], [135.044, 18.2], [135.044, 53.568], [73.556, 18.2]]]);
    expect(map.data[0].geojson.features[0].geometry.coordinates[0][0]).toEqual([73.55555, 18.2]);
  });
});

describe("figure ids are deterministic (reruns write the same bytes)", () => {
  const idsOf = (sent: DisplayBundle[]) => sent.map((b) => (b.metadata[OUTPUT_METADATA_KEY] as { figure: string }).figure);
  const sha12 = (f: { data: unknown; layout?: unknown; config?: unknown }) =>
    createHash("sha256")
      .update(JSON.stringify({ data: f.data, layout: f.layout ?? {}, config: f.config ?? {} }))
      .digest("hex")
      .slice(0, 12);
  const other = { data: [{ type: "bar", x: [1], y: [5] }], layout: { title: "另一个 / other" } };

  it("cc-fig-<n>-<first 12 hex digits of the figure's SHA-256>, n counting the session's figures", () => {
    const sent = capture();
    show(figure);
    show(other);
    show(figure);
    expect(idsOf(sent)).toEqual([`cc-fig-1-${sha12(figure)}`, `cc-fig-2-${sha12(other)}`, `cc-fig-3-${sha12(figure)}`]);
  });
  it("a second session (a rerun) gives the same ids and the same HTML bytes", () => {
    const run = () => {
      const sent = capture();
      setupNotebook({ inline: true });
      show(figure);
      show(other);
      return sent.slice(1).map((b) => JSON.stringify(b));
    };
    const a = run();
    const b = run();
    expect(b).toEqual(a);
    resetNotebookState();
    // after a reset the count starts again at 1; an explicit id leaves the count alone
    expect(figureHtml(other)).toBe(figureHtml(other, { id: `cc-fig-1-${sha12(other)}` }));
    expect(figureHtml(other)).toContain(`id="cc-fig-2-${sha12(other)}"`);
  });
  it("the script draws into the element just before it when that is its figure, else by id", () => {
    const html = figureHtml(figure, { id: "cc-fig-x" });
    expect(html).toContain('var target = el && el.id === "cc-fig-x" ? el : "cc-fig-x";');
    expect(html).toContain("window.Plotly.newPlot(target, ");
    expect(html).not.toMatch(/Math\.random|Date\.now/);
  });
});

describe("showTable", () => {
  it("sends HTML and text", () => {
    const sent = capture();
    showTable([{ 省份: "北京", D: 0.51234 }], { caption: "表", digits: 2 });
    expect(sent[0].data["text/html"]).toContain("<td class=\"num\">0.51</td>");
    expect(sent[0].data["text/plain"]).toBe("表\n省份     D\n北京  0.51");
  });
  it("shows a result's warnings under the table, one line each", () => {
    const sent = capture();
    const result = { tableRows: [{ year: 2019, D: 0.5 }], columns: ["year", "D"], warnings: ["unbalanced panel 非平衡面板: 1 unit-time without a row (120000 2019) <b>"] };
    showTable(result);
    expect(sent[0].data["text/plain"]).toBe(tableToText(result) + "\n⚠ unbalanced panel 非平衡面板: 1 unit-time without a row (120000 2019) <b>");
    expect(sent[0].data["text/plain"]).toMatch(/^year +D\n2019 +0\.5000\n⚠ /);
    expect(sent[0].data["text/html"]).toMatch(/<\/table>[\s\S]*<div class="cc-warning"[^>]*>⚠ unbalanced panel 非平衡面板: 1 unit-time without a row \(120000 2019\) &lt;b&gt;<\/div>$/);
  });
});

describe("outside a kernel", () => {
  it("says that a tslab cell is needed", () => {
    setDisplaySink(undefined);
    expect(() => showTable([{ a: 1 }])).toThrow(/tslab/);
  });
  it("figureText works without a title", () => {
    expect(figureText({ data: [{ x: [1] }] })).toBe("Figure (1 trace: scatter)");
  });
});
