import * as dfd from "danfojs-node";
import { describe, expect, it } from "vitest";
import { FrameError } from "../../src/frame/errors";
import { validatePanel } from "../../src/frame/validate";

const base = [
  { adcode: 110000, province: "北京", year: 2018, x: 1, y: 2 },
  { adcode: 110000, province: "北京", year: 2019, x: 2, y: 3 },
  { adcode: 120000, province: "天津", year: 2018, x: 3, y: 4 },
  { adcode: 120000, province: "天津", year: 2019, x: 4, y: 5 },
];

describe("validatePanel", () => {
  it("reads a danfo DataFrame, turns numeric adcodes into ids and lists units and times", () => {
    const v = validatePanel(new dfd.DataFrame(base), { indicators: ["x", "y"] });
    expect(v.units).toEqual(["110000", "120000"]);
    expect(v.times).toEqual([2018, 2019]);
    expect(v.rows[0]).toEqual({ adcode: "110000", province: "北京", year: 2018, x: 1, y: 2 });
  });

  it("names the required columns that are absent", () => {
    expect(() => validatePanel(base, { indicators: ["x", "z", "w"] })).toThrow(/lacks 2 required columns: z, w/);
  });

  it("a marker such as — is a missing cell, as the file readers read it: the policy names it", () => {
    const dash = base.map((r, i) => (i === 2 ? { ...r, y: "—" } : r));
    expect(() => validatePanel(dash, { indicators: ["x", "y"], what: "entropy" })).toThrow(
      /entropy: 1 missing value under the missing-value policy "error"[\s\S]*row 3 \(120000 天津, 2018\), column y/,
    );
  });

  it("names row, province, year and column of a non-numeric cell, with the shared number rule", () => {
    const bad = base.map((r, i) => (i === 2 ? { ...r, y: "1,5" } : r));
    let err: FrameError | undefined;
    try {
      validatePanel(bad, { indicators: ["x", "y"], what: "entropy" });
    } catch (e) {
      err = e as FrameError;
    }
    expect(err).toBeInstanceOf(FrameError);
    expect(err!.summary).toBe("entropy: 1 cell is not numeric");
    expect(err!.details).toHaveLength(1);
    expect(err!.details[0]).toMatch(/^row 3 \(120000 天津, 2018\), column y: "1,5" is not a number: .*decimal comma/);
  });

  it("accepts numbers written as text (CSV) and empty text as missing", () => {
    const txt = base.map((r) => ({ ...r, x: String(r.x) }));
    expect(validatePanel(txt, { indicators: ["x"] }).rows[3].x).toBe(4);
  });

  it("refuses two rows for one unit-year", () => {
    expect(() => validatePanel([...base, base[1]], { indicators: ["x"] })).toThrow(/1 duplicate unit-time row[\s\S]*rows 2 and 5: 110000 北京 2019/);
  });

  it('lists every missing province-year-indicator under the default policy "error"', () => {
    const gaps = base.map((r, i) => (i === 1 ? { ...r, x: null } : i === 3 ? { ...r, y: NaN } : r));
    expect(() => validatePanel(gaps, { indicators: ["x", "y"] })).toThrow(/2 missing values[\s\S]*row 2 \(110000 北京, 2019\), column x[\s\S]*row 4 \(120000 天津, 2019\), column y/);
  });

  it('drops an incomplete indicator under "drop-indicator" and reports it', () => {
    const gaps = base.map((r, i) => (i === 1 ? { ...r, x: null } : r));
    const v = validatePanel(gaps, { indicators: ["x", "y"], missing: "drop-indicator" });
    expect(v.indicators).toEqual(["y"]);
    expect(v.report.dropped).toEqual(["x"]);
  });

  it("says when the panel is empty", () => {
    expect(() => validatePanel([], { indicators: ["x"] })).toThrow(/no rows/);
  });
});
