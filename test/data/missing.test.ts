import { describe, expect, it } from "vitest";
import { applyMissingPolicy, MissingValueError, PlainRow } from "../../src/data/missing";
import { loadPanel } from "../../src/data/panel";

const rows = (): PlainRow[] => [
  { adcode: "110000", province: "北京", year: 2010, x: 1, y: 10 },
  { adcode: "110000", province: "北京", year: 2011, x: null, y: 11 },
  { adcode: "110000", province: "北京", year: 2012, x: null, y: 12 },
  { adcode: "110000", province: "北京", year: 2013, x: 4, y: 13 },
  { adcode: "120000", province: "天津", year: 2010, x: 5, y: 20 },
  { adcode: "120000", province: "天津", year: 2011, x: 6, y: 21 },
  { adcode: "120000", province: "天津", year: 2012, x: 7, y: 22 },
  { adcode: "120000", province: "天津", year: 2013, x: 8, y: 23 },
];

describe("missing-value policy", () => {
  it('"error" is the default and lists each missing province-year-indicator', () => {
    expect(() => applyMissingPolicy(rows())).toThrow(MissingValueError);
    try {
      applyMissingPolicy(rows());
    } catch (e) {
      const err = e as MissingValueError;
      expect(err.message).toContain("(2 cells): 110000 北京 2011 x; 110000 北京 2012 x");
      expect(err.cells).toEqual([
        { unit: "110000", label: "北京", time: 2011, indicator: "x" },
        { unit: "110000", label: "北京", time: 2012, indicator: "x" },
      ]);
      expect(err.policy).toBe("error");
    }
  });

  it('"error" with complete rows returns copies and an empty report', () => {
    const input = rows().map((r) => ({ ...r, x: 1 }));
    const { rows: out, report } = applyMissingPolicy(input, { policy: "error" });
    expect(out).toEqual(input);
    expect(out[0]).not.toBe(input[0]);
    expect(report).toEqual({ policy: "error", indicators: ["x", "y"], missing: [], dropped: [], interpolated: [] });
  });

  it('"drop-indicator" removes every indicator with a missing cell and reports it', () => {
    const input = rows();
    const { rows: out, report } = applyMissingPolicy(input, { policy: "drop-indicator" });
    expect(out[0]).toEqual({ adcode: "110000", province: "北京", year: 2010, y: 10 });
    expect(out.every((r) => !("x" in r))).toBe(true);
    expect(report.dropped).toEqual(["x"]);
    expect(report.indicators).toEqual(["y"]);
    expect(report.missing).toHaveLength(2);
    expect(input[0].x).toBe(1); // input unchanged
  });

  it('"drop-indicator" with every indicator incomplete is an error', () => {
    const input = rows().map((r, i) => (i === 0 ? { ...r, y: null } : r));
    expect(() => applyMissingPolicy(input, { policy: "drop-indicator" })).toThrow(/every indicator has missing values/);
  });

  it('"interpolate" fills inner gaps linearly in time within a province and reports each cell', () => {
    const input = rows();
    const { rows: out, report } = applyMissingPolicy(input, { policy: "interpolate" });
    expect(out[1].x).toBeCloseTo(2, 12);
    expect(out[2].x).toBeCloseTo(3, 12);
    expect(out[5].x).toBe(6); // other province untouched
    expect(report.interpolated).toEqual([
      { unit: "110000", label: "北京", time: 2011, indicator: "x", value: 2, from: [2010, 1], to: [2013, 4] },
      { unit: "110000", label: "北京", time: 2012, indicator: "x", value: 3, from: [2010, 1], to: [2013, 4] },
    ]);
    expect(input[1].x).toBeNull(); // input unchanged
  });

  it('"interpolate" uses the time distance, not the row order (unsorted rows, uneven years)', () => {
    const input: PlainRow[] = [
      { adcode: "A", year: 2016, v: 16 },
      { adcode: "A", year: 2010, v: 10 },
      { adcode: "A", year: 2012, v: null },
    ];
    const { rows: out } = applyMissingPolicy(input, { policy: "interpolate" });
    expect(out[2].v).toBeCloseTo(12, 12);
  });

  it('"interpolate": edge gaps are not extrapolated; they are an error that lists them', () => {
    const input = rows().map((r) => (r.adcode === "120000" && (r.year === 2010 || r.year === 2013) ? { ...r, y: null } : r));
    expect(() => applyMissingPolicy(input, { policy: "interpolate" })).toThrow(
      /cannot be interpolated .*\(2 cells\): 120000 天津 2010 y; 120000 天津 2013 y$/,
    );
    try {
      applyMissingPolicy(input, { policy: "interpolate" });
    } catch (e) {
      expect((e as MissingValueError).cells.map((c) => c.time)).toEqual([2010, 2013]);
    }
  });

  it("treats undefined, NaN and empty strings as missing; other text is an error", () => {
    const input: PlainRow[] = [
      { adcode: "A", year: 1, v: 1 },
      { adcode: "A", year: 2, v: NaN },
      { adcode: "A", year: 3, v: "" },
      { adcode: "A", year: 4, v: 4 },
    ];
    const { rows: out, report } = applyMissingPolicy(input, { policy: "interpolate", indicators: ["v"] });
    expect(out.map((r) => r.v)).toEqual([1, 2, 3, 4]);
    expect(report.missing).toHaveLength(2);
    expect(() => applyMissingPolicy([{ adcode: "A", year: 1, v: "n/a" }], { indicators: ["v"] })).toThrow(/indicator v: "n\/a" is not a finite number/);
    expect(() => applyMissingPolicy([{ adcode: "A", year: 1, v: Infinity }], { indicators: ["v"] })).toThrow(/not a finite number/);
  });

  it("custom unit/time keys, duplicate rows and unknown policies", () => {
    const input: PlainRow[] = [
      { code: "A", t: 1, v: 1 },
      { code: "A", t: 2, v: null },
      { code: "A", t: 3, v: 5 },
    ];
    const { rows: out } = applyMissingPolicy(input, { policy: "interpolate", unit: "code", time: "t" });
    expect(out[1].v).toBe(3);
    expect(() => applyMissingPolicy([...input, { code: "A", t: 1, v: 2 }], { unit: "code", time: "t" })).toThrow(/rows 1 and 4: two rows for A 1/);
    expect(() => applyMissingPolicy(input, { policy: "zero" as never, unit: "code", time: "t" })).toThrow(/unknown missing-value policy "zero"/);
  });

  it("the bundled panels are complete: the default policy passes them through", () => {
    const p = loadPanel("zhang-ouyang-2025");
    const { rows: out, report } = applyMissingPolicy(p);
    expect(out).toHaveLength(248);
    expect(report.indicators).toHaveLength(19);
    expect(report.missing).toEqual([]);
  });
});
