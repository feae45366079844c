import { afterEach, describe, expect, it } from "vitest";
import { createHash } from "crypto";
import { tableToText } from "../../src/notebook/table";
import { DisplayBundle, figureHtml, figureText, resetNotebookState, setDisplaySink, setupNotebook, show, showTable } from "../../src/notebook/display";

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

describe("figure ids are deterministic (reruns write the same bytes)", () => {
  const idsOf = (sent: DisplayBundle[]) => sent.map((b) => /<div id="([^"]+)" class="cc-figure"/.exec(b.data["text/html"] as string)![1]);
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
      show(figure);
      show(other);
      return sent.map((b) => b.data["text/html"] as string);
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
