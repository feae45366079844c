// Importing the package and calling a core function loads neither danfo nor TensorFlow.js: the
// frame layer loads danfo when a DataFrame is first built. Checked in a fresh Node process on the
// built package (`npm test` builds it first; run `npm run build` before `npm run test:unit`).
import { execFileSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";
import { describe, expect, it } from "vitest";

const dist = join(__dirname, "..", "dist", "index.js");

function probe(code: string): { danfo: boolean; tfjs: boolean; out: string } {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run npm run build first`);
  const script = `
    const cc = require(${JSON.stringify(dist)});
    ${code}
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({ danfo: loaded.some((k) => k.includes("danfojs-node")), tfjs: loaded.some((k) => k.includes("tfjs")), out: String(globalThis.out ?? "") }));
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim().split("\n").pop()!);
}

describe("light import", () => {
  it("the core runs without danfo or TensorFlow.js", () => {
    const r = probe(`globalThis.out = cc.couplingCoordination([[0.2, 0.6], [0.4, 0.5]]).D[0].toFixed(6);`);
    expect(r).toEqual({ danfo: false, tfjs: false, out: "0.531830" }); // unit 1: C = 2 sqrt(0.2 x 0.4) / 0.6, T = 0.3, D = sqrt(C T)
  });
  it("a frame call on rows still needs no danfo; reading a result's table loads it", () => {
    const rows = `[{ adcode: "1", year: 2019, a: 0.2, b: 0.4 }, { adcode: "2", year: 2019, a: 0.6, b: 0.5 }]`;
    expect(probe(`globalThis.out = cc.coupling(${rows}, { systems: ["a", "b"] }).rows.length;`)).toEqual({ danfo: false, tfjs: false, out: "2" });
    expect(probe(`globalThis.out = cc.coupling(${rows}, { systems: ["a", "b"] }).table.shape[0];`).danfo).toBe(true);
  }, 60_000);
});
