import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gm11, GreyModelInputError, LevelRatioError } from "../../src/core/gm11";
import golden from "../golden/toolkit/grey-gm11.json";

// golden tolerance: absolute 1e-12 or relative 1e-9 for every number; pass flags and P exact
const ABS = golden.tolerance.absolute;
const REL = golden.tolerance.relative;
function close(a: number | null, b: number, what: string, abs = ABS, rel = REL) {
  expect(a, what).not.toBeNull();
  const d = Math.abs((a as number) - b);
  if (!(d <= abs || d <= rel * Math.abs(b))) throw new Error(`${what}: ${a} vs ${b} (|diff| ${d})`);
}
function closeAll(a: number[], b: number[], what: string) {
  expect(a.length, `${what} length`).toBe(b.length);
  a.forEach((v, i) => close(v, b[i], `${what}[${i}]`));
}

describe("gm11: golden cases (mathmodels GM11 + GM1N evaluation lines), every number", () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const e = c.expected as any;
      const r = gm11(c.input.x, { horizon: e.forecast_horizon });
      expect(r.n).toBe(e.n);
      close(r.a, e.a, "a");
      close(r.b, e.b, "b");
      close(r.b_over_a, e.b_over_a, "b/a");
      closeAll(r.fitted, e.fitted, "fitted");
      closeAll(r.forecast, e.forecast, "forecast");
      expect(r.forecast_horizon).toBe(e.forecast_horizon);
      closeAll(r.level_ratio.lambda, e.level_ratio.lambda, "lambda");
      closeAll(r.level_ratio.bounds, e.level_ratio.bounds, "bounds");
      expect(r.level_ratio.pass).toBe(e.level_ratio.pass);
      closeAll(r.residual, e.residual, "residual");
      closeAll(r.relative_error, e.relative_error, "relative_error");
      close(r.mean_relative_error_k2n, e.mean_relative_error_k2n, "mre k2n");
      close(r.mean_relative_error_k1n, e.mean_relative_error_k1n, "mre k1n");
      closeAll(r.level_ratio_deviation, e.level_ratio_deviation, "rho");
      close(r.mean_abs_level_ratio_deviation, e.mean_abs_level_ratio_deviation, "mean |rho|");
      close(r.S1, e.S1, "S1");
      close(r.S2, e.S2, "S2");
      close(r.C, e.C, "C");
      expect(r.P).toBe(e.P);
      expect(r.grade).toBe("good"); // C < 0.35 and P = 1 in all three cases
      expect(r.shift).toBeNull();
      expect(r.fitted[0]).toBe(c.input.x[0]); // xhat0(1) = x0(1) exactly
    });
  }

  it("paper 1 national mean D (Table 3): forecasts 2022-2024 0.599, 0.628, 0.658; grade good", () => {
    const c = golden.cases.find((x) => x.name === "paper1-table3-national-mean-D")!;
    const r = gm11(c.input.x);
    expect(r.forecast.map((v) => Math.round(v * 1000) / 1000)).toEqual([0.599, 0.628, 0.658]);
    expect(r.grade).toBe("good");
    expect(r.C).toBeCloseTo(0.11641597021290133, 12);
  });
});

describe("gm11: hand computation", () => {
  it("a geometric series c r^(k-1) gives a = -2(r-1)/(r+1), b = 2c/(r+1) exactly", () => {
    // x1(k) = c (r^k - 1)/(r - 1); z1(k) = (c/(r-1)) (r^(k-1) (r+1)/2 - 1), so
    // x0(k) = c r^(k-1) = (2(r-1)/(r+1)) z1(k) + 2c/(r+1): an exact linear relation in z1.
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.9, max: 1.2, noNaN: true }),
        fc.integer({ min: 4, max: 12 }),
        (c, r, n) => {
          const x = Array.from({ length: n }, (_, k) => c * r ** k);
          const g = gm11(x, { shift: 0 }); // shift 0: accept the series even where the test fails
          const a = (-2 * (r - 1)) / (r + 1);
          const b = (2 * c) / (r + 1);
          expect(Math.abs(g.a - a)).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, Math.abs(a)) + 1e-12);
          expect(Math.abs(g.b - b)).toBeLessThanOrEqual(1e-9 * b);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("a constant series: a = 0 and the forecast is the constant (a = 0 branch)", () => {
    const r = gm11([5, 5, 5, 5, 5], { horizon: 2 });
    expect(r.a).toBe(0);
    expect(r.b).toBe(5);
    expect(r.b_over_a).toBeNull();
    expect(r.forecast).toEqual([5, 5]);
    expect(r.fitted).toEqual([5, 5, 5, 5, 5]);
  });
});

describe("gm11: the level-ratio test is enforced", () => {
  // n = 5: bounds e^(-1/3) = 0.71653, e^(1/3) = 1.39561; lambda(3) = 1/2 fails
  const x = [1, 1, 2, 2.2, 2.4];

  it("refuses a failing series, naming the ratio, its index from 1 and the bounds", () => {
    let err: unknown;
    try {
      gm11(x);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LevelRatioError);
    expect(err).toBeInstanceOf(GreyModelInputError);
    const le = err as LevelRatioError;
    expect(le.message).toMatch(/lambda\(3\) = x\(2\)\/x\(3\) = 0\.5 is outside/);
    expect(le.message).toContain(`(${Math.exp(-1 / 3)}, ${Math.exp(1 / 3)})`);
    expect(le.message).toMatch(/pass \{ shift: c \}/);
    expect(le.failures).toEqual([{ k: 3, lambda: 0.5 }]);
    // smallest shift: (1 + c)/(2 + c) > e^(-1/3)  <=>  c > (2 e^(-1/3) - 1)/(1 - e^(-1/3))
    const lo = Math.exp(-1 / 3);
    expect(le.minShift).toBeCloseTo((2 * lo - 1) / (1 - lo), 12);
  });

  it("doc example [1, 1, 1, 3]: lambda(4) = 1/3 fails; every shift c > (3 e^(-0.4) - 1)/(1 - e^(-0.4)) passes", () => {
    const lo = Math.exp(-2 / 5);
    expect(() => gm11([1, 1, 1, 3])).toThrow(/lambda\(4\) = x\(3\)\/x\(4\) = 0\.3333333333333333 is outside/);
    try {
      gm11([1, 1, 1, 3]);
    } catch (e) {
      expect((e as LevelRatioError).minShift).toBeCloseTo((3 * lo - 1) / (1 - lo), 13);
      expect((e as LevelRatioError).bounds).toEqual([lo, Math.exp(2 / 5)]);
    }
  });

  it("an explicit shift is applied, echoed, tested on x + c and removed from fitted and forecast", () => {
    const lo = Math.exp(-1 / 3);
    const cMin = (2 * lo - 1) / (1 - lo);
    const below = gm11(x, { shift: cMin * 0.99 });
    expect(below.level_ratio.pass).toBe(false); // reported, not enforced, once the caller chose the shift
    const c = cMin * 1.01;
    const r = gm11(x, { shift: c });
    expect(r.shift).toBe(c);
    expect(r.level_ratio.pass).toBe(true);
    expect(r.level_ratio.lambda[1]).toBeCloseTo((1 + c) / (2 + c), 15);
    // the model of x + c, shifted back
    const y = gm11(x.map((v) => v + c), { shift: 0 });
    expect(r.a).toBe(y.a);
    expect(r.b).toBe(y.b);
    r.fitted.forEach((v, k) => expect(v).toBeCloseTo(y.fitted[k] - c, 12));
    r.forecast.forEach((v, k) => expect(v).toBeCloseTo(y.forecast[k] - c, 12));
    expect(r.fitted[0]).toBe(1);
    r.residual.forEach((e, k) => expect(e).toBeCloseTo(x[k] - r.fitted[k], 14));
    r.relative_error.forEach((e, k) => expect(e).toBeCloseTo(Math.abs(r.residual[k]) / x[k], 14));
  });
});

describe("gm11: errors", () => {
  it("names the argument and the index (from 1)", () => {
    expect(() => gm11([1, 2, 3])).toThrow(/3 value\(s\); GM\(1,1\) needs at least 4/);
    expect(() => gm11([1, 2, NaN, 4])).toThrow(/series\[3\].*NaN/);
    expect(() => gm11([1, 2, 0, 4])).toThrow(/series\[3\].*is 0; GM\(1,1\) models a positive series/);
    expect(() => gm11([1, 2, -1, 4], { shift: 5 })).toThrow(/series\[3\].*is -1/);
    expect(() => gm11([1, 1.1, 1.2, 1.3], { shift: -1.05 })).toThrow(/series\[1\] \+ shift = .* not positive/);
    expect(() => gm11([1, 1.1, 1.2, 1.3], { horizon: 1.5 })).toThrow(/horizon/);
    expect(() => gm11([1, 1.1, 1.2, 1.3], { shift: NaN })).toThrow(/shift must be a finite number/);
    expect(() => gm11("1234" as any)).toThrow(GreyModelInputError);
  });

  it("horizon 0 and typed arrays", () => {
    const r = gm11(new Float64Array([2.874, 3.278, 3.39, 3.679]), { horizon: 0 });
    expect(r.forecast).toEqual([]);
    expect(r.fitted.length).toBe(4);
  });
});
