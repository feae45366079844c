import { describe, expect, it } from "vitest";
import { params, parseZero, zeroText } from "../../src/notebook/params";

describe("params", () => {
  const defaults = { PANEL: "/data/p.csv", PERMUTATIONS: 999, ALPHA: 0.05, BALANCED: true };
  it("returns the defaults when no variable is set, and converts the set ones by the default's type", () => {
    expect(params("CC_P2", defaults, {})).toEqual(defaults);
    const p = params("CC_P2", defaults, { CC_P2_PERMUTATIONS: "99", CC_P2_ALPHA: " 0.1 ", CC_P2_BALANCED: "0", CC_P2_PANEL: "/x.csv", CC_P1_PANEL: "/other.csv" });
    expect(p).toEqual({ PANEL: "/x.csv", PERMUTATIONS: 99, ALPHA: 0.1, BALANCED: false });
  });
  it("a variable of another paper's prefix is not read", () => {
    expect(params("CC_P1", { PANEL: "a" }, { CC_P2_PANEL: "b" }).PANEL).toBe("a");
  });
  it("names the variable and the string it got when a number or boolean does not parse", () => {
    expect(() => params("CC_P2", defaults, { CC_P2_PERMUTATIONS: "999x" })).toThrow('CC_P2_PERMUTATIONS: expected a number (like 999), got the string "999x"');
    expect(() => params("CC_P2", defaults, { CC_P2_BALANCED: "yes" })).toThrow('CC_P2_BALANCED: expected true or false, got the string "yes"');
    expect(() => params("cc", defaults, {})).toThrow(/prefix must be upper-case/);
  });
});

describe("parseZero", () => {
  it("reads the three conventions and writes them back", () => {
    expect(parseZero("limit")).toBe("limit");
    expect(parseZero("shift:0.0001")).toEqual({ shift: 0.0001 });
    expect(parseZero("epsilon: 2e-3")).toEqual({ epsilon: 0.002 });
    for (const t of ["limit", "shift:0.0001", "epsilon:0.002"]) expect(zeroText(parseZero(t))).toBe(t);
  });
  it("refuses anything else, saying what it expects", () => {
    expect(() => parseZero("shift")).toThrow(/"limit", "shift:<s>" or "epsilon:<e>"/);
    expect(() => parseZero("shift:-1")).toThrow(/shift must be a positive number/);
    expect(() => parseZero("eps:0.1")).toThrow(/got "eps:0.1"/);
  });
});
