import { afterEach, describe, expect, it } from "vitest";
import { DisplayBundle, figureText, setDisplaySink, setupNotebook, show, showTable } from "../../src/notebook/display";

const figure = { data: [{ type: "scatter", x: [1, 2], y: [3, 4] }, { type: "bar", x: [1], y: [2] }], layout: { title: { text: "耦合协调度 / D" } } };

function capture(): DisplayBundle[] {
  const sent: DisplayBundle[] = [];
  setDisplaySink((b) => sent.push(b));
  return sent;
}

afterEach(() => setDisplaySink(undefined));

describe("show", () => {
  it("sends one bundle with Plotly JSON, HTML and text", () => {
    const sent = capture();
    show(figure);
    expect(sent).toHaveLength(1);
    const data = sent[0].data;
    expect(Object.keys(data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    expect((data["application/vnd.plotly.v1+json"] as { data: unknown[] }).data).toHaveLength(2);
    expect(data["text/plain"]).toBe("Figure: 耦合协调度 / D (2 traces: scatter, bar)");
  });
  it("inlines plotly.js and the geo base map with the first figure only", () => {
    const sent = capture();
    show(figure);
    show(figure);
    const first = sent[0].data["text/html"] as string;
    const second = sent[1].data["text/html"] as string;
    expect(first).toContain("window.PlotlyGeoAssets");
    expect(first).toContain("plotly.js v");
    expect(first.length).toBeGreaterThan(4_000_000);
    expect(second).not.toContain("window.PlotlyGeoAssets");
    expect(second.length).toBeLessThan(5_000);
    expect(second).toContain("window.Plotly.newPlot");
  });
  it("setupNotebook emits the bundle every time it runs, and figures after it do not repeat it", () => {
    const sent = capture();
    setupNotebook();
    show(figure);
    setupNotebook();
    expect((sent[0].data["text/html"] as string).length).toBeGreaterThan(4_000_000);
    expect((sent[1].data["text/html"] as string).length).toBeLessThan(5_000);
    expect((sent[2].data["text/html"] as string).length).toBeGreaterThan(4_000_000);
  });
  it("keeps a script-closing tag inside data from ending the script", () => {
    const sent = capture();
    show({ data: [{ type: "scatter", x: [1], y: [1], text: ["</script><b>"] }] });
    const html = sent[0].data["text/html"] as string;
    expect(html).not.toContain("</script><b>");
  });
  it("rejects what is not a figure", () => {
    capture();
    expect(() => show({} as never)).toThrow(/expected a Plotly figure/);
  });
});

describe("showTable", () => {
  it("sends HTML and text", () => {
    const sent = capture();
    showTable([{ 省份: "北京", D: 0.51234 }], { caption: "表", digits: 2 });
    expect(sent[0].data["text/html"]).toContain("<td class=\"num\">0.51</td>");
    expect(sent[0].data["text/plain"]).toBe("表\n省份     D\n北京  0.51");
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
