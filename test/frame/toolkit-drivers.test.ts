// Frame calls of the toolkit drivers (discretize, detectFactors, centreOfGravity, greyForecast,
// convergenceOf). Expected values come from the core called on the same numbers laid out by hand
// here, from hand computation written out, or from the golden files (R geodetector, pointpats,
// mathmodels, statsmodels) fed through the frame call as panels.
import { readFileSync } from "fs";
import { join } from "path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convergence } from "../../src/core/convergence";
import { polygonCentroid, standardEllipse, type PolygonalGeometry } from "../../src/core/ellipse";
import { geodetector } from "../../src/core/geodetector";
import { gm11 } from "../../src/core/gm11";
import { loadPanel } from "../../src/data/panel";
import { dataPath } from "../../src/data/paths";
import { loadProvinceMap } from "../../src/data/map";
import { coupling, entropy } from "../../src/frame";
import { FrameError } from "../../src/frame/errors";
import { NBS_REGIONS, panel } from "../../src/frame/panel";
import { isTableResult } from "../../src/frame/results";
import { centreOfGravity, convergenceOf, detectFactors, discretize, greyForecast } from "../../src/frame/toolkit-drivers";

const golden = (name: string) => JSON.parse(readFileSync(join(__dirname, "../golden/toolkit", name), "utf8"));
const squares = () => JSON.parse(readFileSync(join(__dirname, "../fixtures/squares.geojson"), "utf8"));

/** |a - b| <= abs + rel |b|. */
function close(a: number, b: number, abs = 1e-12, rel = 1e-9): boolean {
  return Math.abs(a - b) <= abs + rel * Math.abs(b);
}
function expectClose(a: unknown, b: unknown, what: string, abs = 1e-12, rel = 1e-9) {
  if (b === null) {
    expect(a, what).toBeNull();
    return;
  }
  expect(typeof a, what).toBe("number");
  if (!close(a as number, b as number, abs, rel)) throw new Error(`${what}: ${a} vs ${b} (|diff| ${Math.abs((a as number) - (b as number))})`);
}

// ---------------------------------------------------------------------------------------------

describe("discretize", () => {
  it("the doc example: type-7 quantiles of 1..9 in three classes, by hand", () => {
    const b = discretize([1, 2, 3, 4, 5, 6, 7, 8, 9], { k: 3 });
    // h = 8/3: x[2] + (2/3)(x[3] - x[2]) = 3 + 2/3; h = 16/3: 6 + 1/3
    expect(b.edges).toEqual([1, 3 + 2 / 3, 6 + 1 / 3, 9]);
    expect(b.classes).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(b.rows[0]).toEqual({ bin: 1, label: "[1, 3.667]", lower: 1, upper: 3 + 2 / 3, count: 3 });
    expect(b.rows.map((r) => r.label)).toEqual(["[1, 3.667]", "(3.667, 6.333]", "(6.333, 9]"]);
    expect(b.method).toBe("quantile");
    expect(isTableResult(b)).toBe(true);
  });

  it("quantile classes reproduce the golden file's mapclassify Quantiles (paper 2, k = 4 and 5)", () => {
    const d = golden("geodetector.json").cases.find((c: { name: string }) => c.name === "paper2-A-D-2019").input;
    for (const [key, k] of [["econ_q4", 4], ["bmi_q5", 5]] as const) {
      const spec = d.discretisation[key];
      const b = discretize(spec.values, { method: "quantile", k });
      b.edges.slice(1).forEach((u, j) => expectClose(u, spec.upper_bounds[j], `${key} upper bound ${j + 1}`));
      expect(b.classes).toEqual(d.data[key]);
      expect(b.rows.reduce((s, r) => s + r.count, 0)).toBe(31);
    }
  });

  it("equal intervals and given edges, by hand", () => {
    // range 10, k = 2: upper bounds 5 and 10
    expect(discretize([0, 1, 2, 10], { method: "equal", k: 2 }).classes).toEqual([1, 1, 1, 2]);
    expect(discretize([0, 1, 2, 10], { method: "equal", k: 2 }).edges).toEqual([0, 5, 10]);
    // [0, 0.4], (0.4, 0.6], (0.6, 1]: 0 and 0.4 in the first, 0.6 in the second
    const e = discretize([0, 0.4, 0.41, 0.6, 0.61, 1], { edges: [0, 0.4, 0.6, 1] });
    expect(e.method).toBe("edges");
    expect(e.classes).toEqual([1, 1, 2, 2, 3, 3]);
    expect(e.rows.map((r) => [r.label, r.count])).toEqual([["[0, 0.4]", 2], ["(0.4, 0.6]", 2], ["(0.6, 1]", 2]]);
  });

  it("tied values: coinciding quantiles are dropped and said so", () => {
    // n = 5, k = 4: h = 1, 2, 3 -> 1, 1, 1, then the maximum 2: bounds 1 and 2
    const b = discretize([1, 1, 1, 1, 2], { k: 4 });
    expect(b.k).toBe(2);
    expect(b.kRequested).toBe(4);
    expect(b.classes).toEqual([1, 1, 1, 1, 2]);
    expect(b.notes.join(" ")).toMatch(/coincide.*2 classes instead of 4/);
  });

  it("a panel column: the assignments are the plain classes of that time's values", () => {
    const rows = [
      { adcode: "110000", year: 2019, x: 5 }, { adcode: "120000", year: 2019, x: 1 }, { adcode: "130000", year: 2019, x: 3 },
      { adcode: "140000", year: 2019, x: 4 }, { adcode: "110000", year: 2020, x: 100 }, { adcode: "120000", year: 2020, x: 0 },
      { adcode: "130000", year: 2020, x: 0 }, { adcode: "140000", year: 2020, x: 0 },
    ];
    const b = discretize(panel(rows), { column: "x", year: 2019, k: 2 });
    // 1, 3, 4, 5: h = 1.5 -> 3.5; classes of 5, 1, 3, 4
    expect(b.edges).toEqual([1, 3.5, 5]);
    expect(b.assignments!.map((r) => [r.adcode, r.class])).toEqual([["110000", 2], ["120000", 1], ["130000", 1], ["140000", 2]]);
    expect(b.assignments![0]).toMatchObject({ year: 2019, x: 5, bin: "(3.5, 5]" });
    expect(b.keys).toMatchObject({ unit: "adcode", time: "year" });
  });

  it("errors name the value, the unit and the time", () => {
    expect(() => discretize([1, 2, NaN], { k: 2 })).toThrow(/value 3 \(counted from 1\) is NaN/);
    expect(() => discretize([0.5, 2], { edges: [0, 1, 1.5] })).toThrow(FrameError);
    expect(() => discretize([0.5, 2], { edges: [0, 1, 1.5] })).toThrow(/value 2 \(counted from 1\) = 2/);
    expect(() => discretize([3, 3, 3], { k: 2 })).toThrow(/every value is 3/);
    expect(() => discretize([1, 2, 3], { k: 1 })).toThrow(/k must be an integer of at least 2/);
    expect(() => discretize([1, 2, 3], { edges: [0, 2, 1] })).toThrow(/edges must increase strictly: edges\[3\] = 1 follows edges\[2\] = 2/);
    expect(() => discretize([{ adcode: "110000", year: 2019, x: 1 }], { k: 2 })).toThrow(/name the column/);
    const rows = [{ adcode: "110000", province: "北京", year: 2019, x: 1 }, { adcode: "120000", province: "天津", year: 2019, x: 9 }];
    expect(() => discretize(rows, { column: "x", edges: [0, 1, 2] })).toThrow(/x of 120000 天津 in 2019 = 9/);
  });

  it("property: classes follow the order of the values; each value lies in its bin; counts add up", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 60 }),
        fc.integer({ min: 2, max: 7 }),
        fc.constantFrom("quantile" as const, "equal" as const),
        (vals, k, method) => {
          if (Math.min(...vals) === Math.max(...vals)) return;
          const b = discretize(vals, { method, k });
          expect(b.rows.reduce((s, r) => s + r.count, 0)).toBe(vals.length);
          vals.forEach((v, i) => {
            const bin = b.rows[b.classes[i] - 1];
            expect(v <= bin.upper).toBe(true);
            expect(b.classes[i] === 1 ? v >= bin.lower : v > bin.lower).toBe(true);
            vals.forEach((w, j) => {
              if (v < w) expect(b.classes[i] <= b.classes[j]).toBe(true);
            });
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("detectFactors", () => {
  // golden hand-8: y 1..9 without 5; x1 a/b; x2 c/d (here as numbers cut at 1.5 by given edges)
  const y = [1, 2, 3, 4, 6, 7, 8, 9];
  const x1 = ["a", "a", "a", "a", "b", "b", "b", "b"];
  const x2 = ["c", "d", "d", "c", "c", "c", "d", "d"];
  const units = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"];
  const rows = [
    // an earlier year with other numbers: the default is the last year
    ...units.map((u, i) => ({ id: u, t: 2019, v: 10 - y[i] * 0.5 + (i % 3), soil: x1[(i + 3) % 8], slope: i })),
    ...units.map((u, i) => ({ id: u, t: 2020, v: y[i], soil: x1[i], slope: x2[i] === "c" ? 1 : 2 })),
  ];
  const p = panel(rows, { unit: "id", time: "t" });

  it("one time (default the last) equals the core on the same numbers by hand", () => {
    const g = detectFactors(p, { value: "v", factors: { soil: "categorical", slope: { edges: [1, 1.5, 2] } } });
    const core = geodetector(y, new Map<string, (string | number)[]>([["soil", x1], ["slope", x2.map((s) => (s === "c" ? 1 : 2))]]));
    expect(g.year).toBe(2020);
    expect(g.n).toBe(8);
    expect(g.sample).toBe("2020: 8 units");
    expect(g.rows.map((r) => [r.x, r.q, r.p, r.F, r.df1, r.df2])).toEqual(core.factor.map((r) => [r.x, r.q, r.p, r.F, r.df1, r.df2]));
    // the hand numbers of the golden case: q(soil) = 5/6, F = 30, q12 = 0.9
    expectClose(g.rows[0].q, 5 / 6, "q soil");
    expect(g.rows[0].F).toBeCloseTo(30, 12);
    expect(g.interaction.rows[0]).toMatchObject({ x1: "soil", x2: "slope", type: "Enhance, nonlinear" });
    expectClose(g.interaction.rows[0].q12 as number, 0.9, "q12");
    expect(g.interaction.rows).toEqual(core.interaction);
    expect(g.ecological.rows).toEqual(core.ecological);
    expect(g.risk.rows.filter((r) => r.x === "soil").map((r) => [r.stratum, r.n, r.mean])).toEqual([["a", 4, 2.5], ["b", 4, 7.5]]);
    expect(g.risk.rows.filter((r) => r.x === "slope").map((r) => r.bin)).toEqual(["[1, 1.5]", "(1.5, 2]"]);
    expect(g.risk.pairs.rows[0]).toMatchObject({ x: "soil", a: "a", b: "b", sig_R: true });
    expect(g.bins.soil).toBeNull();
    expect(g.bins.slope!.rows.map((r) => r.count)).toEqual([4, 4]);
    expect(g.rows[1].stratification).toMatch(/^edges 1, 1.5, 2/);
    expect(g.keys).toMatchObject({ unit: "id", time: "t" });
  });

  it("the year as text (a notebook parameter): \"2019\" is 2019, \"pooled\" is pooled", () => {
    const a = detectFactors(p, { value: "v", factors: { soil: "categorical" }, year: "2019" as unknown as number });
    expect(a.year).toBe(2019);
    expect(detectFactors(p, { value: "v", factors: { soil: "categorical" }, year: 2019 }).rows).toEqual(a.rows);
    expect(() => detectFactors(p, { value: "v", factors: { soil: "categorical" }, year: "2019a" as unknown as number })).toThrow(/year must be a time .* got the string "2019a"/);
  });

  it("pooled: every unit-time row one observation, as the core on all 16 rows", () => {
    const g = detectFactors(p, { value: "v", factors: { soil: "categorical" }, year: "pooled" });
    const core = geodetector(rows.map((r) => r.v), { soil: rows.map((r) => r.soil) });
    expect(g.year).toBe("pooled");
    expect(g.times).toEqual([2019, 2020]);
    expect(g.rows[0].q).toBe(core.factor[0].q);
    expect(g.rows[0].p).toBe(core.factor[0].p);
    expect(g.sample).toMatch(/^pooled 2019-2020: 16 unit-times of 8 units/);
  });

  it("a list of factors: text columns as they are, numeric columns in 5 quantile classes", () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `u${i}`, t: 2020, v: (i * 7) % 11 + i / 10, g: i % 2 ? "odd" : "even", z: i }));
    const g = detectFactors(many, { unit: "id", time: "t", value: "v", factors: ["g", "z"] });
    expect(g.bins.g).toBeNull();
    expect(g.bins.z!.method).toBe("quantile");
    expect(g.bins.z!.k).toBe(5);
    const classes = discretize(many.map((r) => r.z), { k: 5 }).classes;
    const core = geodetector(many.map((r) => r.v), new Map<string, (string | number)[]>([["g", many.map((r) => r.g)], ["z", classes]]));
    expect(g.rows.map((r) => r.q)).toEqual(core.factor.map((r) => r.q));
  });

  it("paper 2's golden case through the frame call: region, econ in 4 and bmi in 5 quantile classes (R geodetector)", () => {
    const c = golden("geodetector.json").cases.find((x: { name: string }) => x.name === "paper2-A-D-2019");
    const d = c.input.data;
    const adcodes = golden("ellipse.json").cases.find((x: { name: string }) => x.name === "provinces-centroids-paper2-A-D-2019").input.unit_ids;
    const tbl = d.D.map((D: number, i: number) => ({
      adcode: String(adcodes[i]),
      year: 2019,
      D,
      region: d.region[i],
      econ: c.input.discretisation.econ_q4.values[i],
      bmi: c.input.discretisation.bmi_q5.values[i],
    }));
    const g = detectFactors(tbl, { factors: { region: "categorical", econ: { k: 4 }, bmi: { k: 5 } } });
    const e = c.expected;
    const names: Record<string, string> = { region: "region", econ: "econ_q4", bmi: "bmi_q5" };
    g.rows.forEach((r, k) => {
      const x = e.factor[k];
      expect(names[r.x]).toBe(x.x);
      expect(r.strata).toBe(x.strata);
      for (const f of ["q", "F", "lambda_ncp", "ssw", "sst"] as const) expectClose(r[f], x[f], `${r.x} ${f}`);
      expectClose(r.p, x.p_exact, `${r.x} p`, 2e-9, 0);
      expect([r.df1, r.df2]).toEqual([x.df1, x.df2]);
    });
    g.interaction.rows.forEach((r, k) => {
      const x = e.interaction[k];
      expect([names[r.x1 as string], names[r.x2 as string]]).toEqual([x.x1, x.x2]);
      expectClose(r.q12, x.q12, "q12");
      expectClose(r.p12, x.p12_exact, "p12", 2e-9, 0);
      expect(r.type).toBe(x.type);
      expect(r.overlay_strata).toBe(x.overlay_strata);
    });
    e.risk.forEach((b: { x: string; strata: string[]; mean: number[]; n: number[] }) => {
      const mine = g.risk.rows.filter((r) => names[r.x as string] === b.x);
      expect(mine.map((r) => r.stratum)).toEqual(b.strata);
      expect(mine.map((r) => r.n)).toEqual(b.n);
      mine.forEach((r, j) => expectClose(r.mean, b.mean[j], `${b.x} mean ${j}`));
    });
    expect(g.ecological.rows.map((r) => r.sig_R)).toEqual(e.ecological.map((x: { sig_R: boolean }) => x.sig_R));
  });

  it("on paper 2's bundled panel (cd2), 2019: the frame equals the core on the same columns", () => {
    const cd2 = coupling(entropy(loadPanel("zhou-xu-li"), dataPath("specs", "zhou-xu-li.csv")).scores);
    const g = detectFactors(panel(cd2, { group: NBS_REGIONS }), { factors: { region: "categorical", economy: { k: 4 } }, year: 2019 });
    const y2019 = cd2.rows.filter((r) => r.year === 2019);
    const core = geodetector(
      y2019.map((r) => r.D as number),
      new Map<string, (string | number)[]>([
        ["region", y2019.map((r) => NBS_REGIONS.groupOf(String(r.adcode)))],
        ["economy", discretize(y2019.map((r) => r.economy as number), { k: 4 }).classes],
      ]),
    );
    expect(g.rows.map((r) => r.q)).toEqual(core.factor.map((r) => r.q));
    expect(g.interaction.rows.map((r) => r.q12)).toEqual(core.interaction.map((r) => r.q12));
  });

  it("errors name the column, the stratum, the unit and the time", () => {
    const one = rows.map((r) => (r.id === "u8" && r.t === 2020 ? { ...r, soil: "z" } : r));
    expect(() => detectFactors(one, { unit: "id", time: "t", value: "v", factors: { soil: "categorical" } })).toThrow(
      /factor "soil" has 1 stratum with a single observation[\s\S]*"z": only u8, 2020/,
    );
    // R geodetector's behaviour on request
    expect(detectFactors(one, { unit: "id", time: "t", value: "v", factors: { soil: "categorical" }, allowSingletonStrata: true }).rows[0].strata).toBe(3);
    const gap = rows.map((r) => (r.id === "u3" && r.t === 2020 ? { ...r, soil: "" } : r));
    expect(() => detectFactors(gap, { unit: "id", time: "t", value: "v", factors: { soil: "categorical" } })).toThrow(/factor "soil" has 1 missing label[\s\S]*u3, 2020/);
    expect(() => detectFactors(p, { value: "v", factors: ["soil"], year: 2018 })).toThrow(/year 2018 is not in the rows \(2019, 2020\)/);
    expect(() => detectFactors(p, { value: "v", factors: ["v"] })).toThrow(/"v" is the explained value/);
    expect(() => detectFactors(p, { value: "v", factors: ["nope"] })).toThrow(/no column "nope"/);
    // a numeric factor whose classes leave one unit alone: the class and its bounds are named
    const lone = rows.map((r) => (r.t === 2020 ? { ...r, slope: r.id === "u1" ? 0 : r.slope } : r));
    expect(() => detectFactors(lone, { unit: "id", time: "t", value: "v", factors: { slope: { edges: [0, 0.5, 1.5, 2] } } })).toThrow(
      /factor "slope" has 1 stratum with a single observation[\s\S]*class 1 \[0, 0.5\]: only u1, 2020/,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe("centreOfGravity", () => {
  const tbl = [
    { adcode: "110000", year: 2019, D: 1 }, { adcode: "120000", year: 2019, D: 1 }, { adcode: "130000", year: 2019, D: 1 }, { adcode: "140000", year: 2019, D: 1 },
    { adcode: "110000", year: 2020, D: 1 }, { adcode: "120000", year: 2020, D: 3 }, { adcode: "130000", year: 2020, D: 1 }, { adcode: "140000", year: 2020, D: 3 },
  ];

  it("four unit squares, by hand: centroids (111|113, 31|33); 2019 equal weights = circle; 2020 weights 1, 3, 1, 3", () => {
    const g = centreOfGravity(tbl, squares());
    expect(g.points.rows.map((r) => [r.adcode, r.x, r.y])).toEqual([["110000", 111, 31], ["120000", 113, 31], ["130000", 111, 33], ["140000", 113, 33]]);
    const [a, b] = g.rows;
    // 2019: centre (112, 32); S = diag(1, 1): major = minor = 1, angle 0 (a circle)
    expect([a.x, a.y, a.major, a.minor, a.angle, a.azimuth]).toEqual([112, 32, 1, 1, 0, 90]);
    expect(a.dx).toBeNull();
    // 2020: centre (900/8, 256/8) = (112.5, 32); Sxx = (2 * 2.25 + 6 * 0.25)/8 = 0.75, Syy = 1, Sxy = 0:
    // major 1 along north (angle pi/2, azimuth 0), minor sqrt(0.75)
    expect(b.x).toBeCloseTo(112.5, 12);
    expect(b.y).toBeCloseTo(32, 12);
    expect(b.major).toBeCloseTo(1, 12);
    expect(b.minor).toBeCloseTo(Math.sqrt(0.75), 12);
    expect(b.angle).toBeCloseTo(Math.PI / 2, 12);
    expect(b.azimuth).toBeCloseTo(0, 10);
    expect(b.area).toBeCloseTo(Math.PI * Math.sqrt(0.75), 12);
    expect(b.dx).toBeCloseTo(0.5, 12);
    expect(b.dy).toBeCloseTo(0, 12);
    expect(b.distance).toBeCloseTo(0.5, 12);
    expect(g.coordinates).toBe("lon/lat degrees treated as planar");
    expect(g.correction).toBe("none");
  });

  it("the correction is passed to the core (crimestat: sqrt 2 sqrt(n/(n-2)) = 2 for n = 4)", () => {
    const g = centreOfGravity(tbl, squares(), { correction: "crimestat" });
    expect(g.rows[0].major).toBeCloseTo(2, 12);
  });

  it("paper 2 (cd2) on the bundled map equals standardEllipse of the centroids computed here", () => {
    const cd2 = coupling(entropy(loadPanel("zhou-xu-li"), dataPath("specs", "zhou-xu-li.csv")).scores);
    const map = loadProvinceMap();
    const g = centreOfGravity(cd2, map);
    const ids = [...new Set(cd2.rows.map((r) => String(r.adcode)))];
    const pts = ids.map((id) => polygonCentroid(map.features.find((f) => f.properties.adcode === id)!.geometry as PolygonalGeometry));
    for (const t of [2011, 2015, 2019]) {
      const w = ids.map((id) => cd2.rows.find((r) => r.adcode === id && r.year === t)!.D as number);
      const e = standardEllipse(pts, { weights: w, lonlat: true });
      const r = g.rows.find((x) => x.year === t)!;
      expect(r.x).toBeCloseTo(e.center[0], 12);
      expect(r.y).toBeCloseTo(e.center[1], 12);
      expect(r.major).toBeCloseTo(e.major, 12);
      expect(r.minor).toBeCloseTo(e.minor, 12);
      expect(r.angle).toBeCloseTo(e.angle, 12);
      expect(r.azimuth).toBeCloseTo(e.azimuth, 10);
    }
    expect(g.notes.join(" ")).toMatch(/540000 西藏 2011/);
  });

  it("the golden pointpats cases through the frame call, on the bundled map (coordinates rounded to 1e-5 degree)", () => {
    const map = loadProvinceMap();
    for (const name of ["provinces-centroids-paper2-A-D-2011", "provinces-centroids-paper2-A-D-2019", "provinces-centroids-paper1-D-2019"]) {
      const c = golden("ellipse.json").cases.find((x: { name: string }) => x.name === name);
      const tbl2 = c.input.unit_ids.map((u: number, i: number) => ({ adcode: String(u), year: 2019, D: c.input.weights[i] }));
      const r = centreOfGravity(tbl2, map).rows[0];
      const x = c.expected;
      // the bundled map's coordinates are rounded to 1e-5 degree (METHODS.md section 16), the golden
      // points come from the unrounded echarts map: centres and axes agree to 1e-6 degree (worst 2.3e-7),
      // azimuths to 1e-4 degree (worst 3.8e-6)
      expect(Math.abs(r.x - x.weighted_mean_center[0])).toBeLessThan(1e-6);
      expect(Math.abs(r.y - x.weighted_mean_center[1])).toBeLessThan(1e-6);
      expect(Math.abs(r.major - x.axes.uncorrected.major)).toBeLessThan(1e-6);
      expect(Math.abs(r.minor - x.axes.uncorrected.minor)).toBeLessThan(1e-6);
      expect(Math.abs(r.azimuth - x.azimuth_major_deg_cw_from_north)).toBeLessThan(1e-4);
    }
  });

  it("errors name the property, the ids and the closest ids; the unit and the time", () => {
    const typo = tbl.map((r) => (r.adcode === "140000" ? { ...r, adcode: "140001" } : r));
    expect(() => centreOfGravity(typo, squares())).toThrow(/1 unit of the panel matches no polygon feature by properties.adcode[\s\S]*140001: closest feature ids "140000"/);
    const three = tbl.filter((r) => r.adcode !== "140000");
    expect(() => centreOfGravity(three, squares())).toThrow(/1 polygon feature has no unit in the panel \(properties.adcode\)[\s\S]*feature 140000: closest unit ids "140000"|feature 140000/);
    const hole = tbl.filter((r) => !(r.adcode === "120000" && r.year === 2020));
    expect(() => centreOfGravity(hole, squares())).toThrow(/1 unit has no row in 2020[\s\S]*120000/);
    const neg = tbl.map((r) => (r.adcode === "130000" && r.year === 2019 ? { ...r, D: -0.1 } : r));
    expect(() => centreOfGravity(neg, squares())).toThrow(/D is negative for 1 unit-time[\s\S]*130000 河北, 2019: D = -0.1/);
    expect(() => centreOfGravity(tbl, squares(), { idProperty: "code" })).toThrow(/no polygon feature has a property "code"/);
    expect(() => centreOfGravity(tbl, squares(), { idProperty: "properties.adcode" })).toThrow(/bare property name/);
  });
});

// ---------------------------------------------------------------------------------------------

describe("greyForecast", () => {
  it("paper 1's national mean D 2012-2021 (golden, mathmodels) as a one-unit panel", () => {
    const c = golden("grey-gm11.json").cases.find((x: { name: string }) => x.name === "paper1-table3-national-mean-D");
    const tbl = c.input.x.map((v: number, k: number) => ({ adcode: "000000", year: c.input.years[k], D: v }));
    const gf = greyForecast(tbl);
    const e = c.expected;
    const fitted = gf.rows.filter((r) => r.fitted !== null);
    expect(fitted.map((r) => r.year)).toEqual(c.input.years);
    fitted.forEach((r, k) => {
      expectClose(r.fitted, e.fitted[k], `fitted ${k + 1}`);
      expect(r.observed).toBe(c.input.x[k]);
      expect(r.forecast).toBeNull();
    });
    const fore = gf.rows.filter((r) => r.forecast !== null);
    expect(fore.map((r) => r.year)).toEqual([2022, 2023, 2024]);
    fore.forEach((r, h) => expectClose(r.forecast, e.forecast[h], `forecast ${h + 1}`));
    const ck = gf.checks.rows[0];
    expectClose(ck.a, e.a, "a");
    expectClose(ck.b, e.b, "b");
    expectClose(ck.C, e.C, "C");
    expect(ck.P).toBe(e.P);
    expectClose(ck.bound_low, e.level_ratio.bounds[0], "bound");
    expectClose(ck.lambda_min, Math.min(...e.level_ratio.lambda), "lambda min");
    expectClose(ck.mean_relative_error, e.mean_relative_error_k2n, "MRE");
    expect(ck.grade).toBe("good");
    expect(gf.step).toBe(1);
  });

  it("per group: the yearly means laid out by hand, each series equals gm11 of them", () => {
    const tbl: Record<string, unknown>[] = [];
    const years = [2015, 2017, 2019, 2021, 2023];
    const [a1, a2, b1, b2] = [(k: number) => 0.3 + 0.02 * k, (k: number) => 0.34 + 0.03 * k, (k: number) => 0.5 + 0.01 * k * k, (k: number) => 0.52 + 0.02 * k];
    years.forEach((t, k) => {
      tbl.push({ id: "a1", t, g: "north", D: a1(k) }, { id: "a2", t, g: "north", D: a2(k) });
      tbl.push({ id: "b1", t, g: "south", D: b1(k) }, { id: "b2", t, g: "south", D: b2(k) });
    });
    const gf = greyForecast(tbl, { unit: "id", time: "t", by: "g", horizon: 2 });
    const north = years.map((_, k) => (a1(k) + a2(k)) / 2);
    const south = years.map((_, k) => (b1(k) + b2(k)) / 2);
    for (const [id, means] of [["north", north], ["south", south]] as const) {
      const m = gm11(means, { horizon: 2 });
      const rs = gf.rows.filter((r) => r.series === id);
      expect(rs.filter((r) => r.fitted !== null).map((r) => r.fitted)).toEqual(m.fitted);
      rs.filter((r) => r.observed !== null).forEach((r, k) => expect(r.observed).toBeCloseTo(means[k], 15));
      expect(rs.filter((r) => r.forecast !== null).map((r) => [r.t, r.forecast])).toEqual([[2025, m.forecast[0]], [2027, m.forecast[1]]]);
    }
    expect(gf.step).toBe(2);
    expect(gf.series.map((s) => s.id)).toEqual(["north", "south"]);
  });

  it("a series failing the level-ratio test is refused, named; with a shift it is modelled and the shift echoed", () => {
    const tbl = [1, 1, 1, 3].flatMap((v, k) => [
      { id: "x", t: 2000 + k, g: "flat", D: v },
      { id: "y", t: 2000 + k, g: "fine", D: 1 + 0.1 * k },
    ]);
    expect(() => greyForecast(tbl, { unit: "id", time: "t", by: "g" })).toThrow(
      /series "flat" fails the level-ratio test \(1 of 3 ratios outside \(0\.6703, 1\.492\)\)[\s\S]*2002 -> 2003: x\(3\)\/x\(4\) = 0\.333[\s\S]*shift: \{ "flat": /,
    );
    const gf = greyForecast(tbl, { unit: "id", time: "t", by: "g", shift: { flat: 4 } });
    const flat = gf.checks.rows.find((r) => r.series === "flat")!;
    expect(flat.shift).toBe(4);
    expect(flat.level_ratio_pass).toBe(true);
    expect(gf.checks.rows.find((r) => r.series === "fine")!.shift).toBeNull();
    const m = gm11([1, 1, 1, 3], { shift: 4, horizon: 3 });
    expect(gf.rows.filter((r) => r.series === "flat" && r.forecast !== null).map((r) => r.forecast)).toEqual(m.forecast);
    expect(() => greyForecast(tbl, { unit: "id", time: "t", by: "g", shift: { flatt: 4 } })).toThrow(/shift names "flatt", not a series/);
  });

  it("an unbalanced panel is refused (a mean over other units), or computed with balanced: false and a warning", () => {
    const tbl = [2010, 2011, 2012, 2013, 2014].flatMap((t, k) => [
      { adcode: "110000", year: t, D: 0.3 + 0.01 * k },
      ...(t === 2012 ? [] : [{ adcode: "120000", year: t, D: 0.5 + 0.02 * k }]),
    ]);
    expect(() => greyForecast(tbl)).toThrow(/120000/);
    const gf = greyForecast(tbl, { balanced: false });
    expect(gf.warnings.join(" ")).toMatch(/unbalanced panel[\s\S]*120000 2012/);
    expect(gf.rows.find((r) => r.year === 2012)!.observed).toBe(0.3 + 0.01 * 2);
    expect(greyForecast(tbl.filter((r) => r.adcode === "110000")).warnings).toEqual([]);
  });

  it("Taiwan, Hong Kong or Macao in the mean over all units is refused unless asked for; options read from text", () => {
    const tbl = [2010, 2011, 2012, 2013].flatMap((t, k) => [
      { adcode: "110000", year: t, D: 0.3 + 0.01 * k },
      { adcode: "810000", year: t, D: 0.6 + 0.01 * k },
    ]);
    expect(() => greyForecast(tbl)).toThrow(/would include 810000 Hong Kong, not among the 31 provinces analysed/);
    const gf = greyForecast(tbl, { includeNonAnalysed: true, horizon: "2" as unknown as number });
    expect(gf.rows.filter((r) => r.forecast !== null).map((r) => r.year)).toEqual([2014, 2015]);
    expect(() => greyForecast(tbl, { includeNonAnalysed: true, horizon: "2a" as unknown as number })).toThrow(/horizon must be a number, got the string "2a"/);
  });

  it("unequally spaced times are an error naming the steps", () => {
    const tbl = [2010, 2011, 2012, 2014, 2015].map((t, k) => ({ adcode: "1", year: t, D: 0.3 + 0.01 * k }));
    expect(() => greyForecast(tbl)).toThrow(/equally spaced times[\s\S]*2012 -> 2014/);
  });
});

// ---------------------------------------------------------------------------------------------

describe("convergenceOf", () => {
  it("paper 2 with Tibet (golden, statsmodels) as a panel: sigma, absolute beta and the panel forms", () => {
    const c = golden("convergence.json").cases.find((x: { name: string }) => x.name === "paper2-A-D-2011-2019");
    const tbl = c.input.unit_ids.flatMap((u: number, i: number) => c.input.years.map((t: number, j: number) => ({ adcode: String(u), year: t, D: c.input.D[i][j] })));
    const cv = convergenceOf(tbl);
    const e = c.expected;
    cv.rows.forEach((r, j) => {
      expect(r.year).toBe(e.sigma[j].year);
      for (const f of ["mean", "sd_ddof1", "sd_ddof0", "cv_ddof1", "cv_ddof0", "sd_log_ddof1"] as const) expectClose(r[f], e.sigma[j][f], `sigma ${r.year} ${f}`);
    });
    const abs = cv.beta.rows[0];
    expect(abs.form).toBe("absolute");
    for (const [mine, theirs] of [["beta", "beta"], ["se_beta", "se_beta"], ["alpha", "alpha"], ["r2", "r2"], ["lambda", "lambda"], ["half_life", "half_life"]]) {
      expectClose(abs[mine], e.beta_absolute[theirs], `absolute ${mine}`);
    }
    expectClose(abs.p_beta, e.beta_absolute.p_beta, "absolute p", 1e-12, 0);
    expect([abs.first_year, abs.last_year]).toEqual([2012, 2019]);
    const fe = cv.beta.rows.find((r) => r.form === "unit FE")!;
    expectClose(fe.beta, e.panel_fe_unit.beta, "FE beta");
    expectClose(fe.half_life, e.panel_fe_unit.half_life, "FE half-life");
    expect(fe.df_resid).toBe(e.panel_fe_unit.df_resid);
    cv.points.rows.forEach((r, i) => {
      expectClose(r.ln_start, e.beta_absolute.x[i], `x ${i}`);
      expectClose(r.growth, e.beta_absolute.y[i], `y ${i}`);
    });
    expect(cv.zeros.rule).toBe("start-later");
    expect(cv.zeros.units_with_zero).toEqual(["540000 西藏"]);
    expect(cv.zeros.skipped_times).toEqual([2011]);
  });

  it('"drop-units" reproduces the golden case without Tibet (sigma included)', () => {
    const c = golden("convergence.json").cases.find((x: { name: string }) => x.name === "paper2-A-D-2011-2019");
    const w = golden("convergence.json").cases.find((x: { name: string }) => x.name === "paper2-A-D-2011-2019-without-Tibet").expected;
    const tbl = c.input.unit_ids.flatMap((u: number, i: number) => c.input.years.map((t: number, j: number) => ({ adcode: String(u), year: t, D: c.input.D[i][j] })));
    const cv = convergenceOf(tbl, { zeros: "drop-units" });
    expectClose(cv.rows[0].cv_ddof1, w.sigma[0].cv_ddof1, "sigma cv 2011");
    expectClose(cv.beta.rows[0].beta, w.beta_absolute.beta, "beta");
    expectClose(cv.beta.rows[0].half_life, w.beta_absolute.half_life, "half-life");
    expect(cv.points.rows).toHaveLength(30);
    expect(cv.points.rows.some((r) => r.adcode === "540000")).toBe(false);
    expect(cv.zeros.dropped_units).toEqual(["540000 西藏"]);
  });

  it("equals the core on a small panel laid out by hand (rows in any order)", () => {
    const D = [
      [0.2, 0.25, 0.3],
      [0.5, 0.52, 0.56],
      [0.35, 0.4, 0.41],
      [0.1, 0.15, 0.2],
    ];
    const tbl = D.flatMap((row, i) => row.map((v, j) => ({ id: `c${i + 1}`, t: 2001 + j, v }))).reverse();
    const cv = convergenceOf(tbl, { unit: "id", time: "t", value: "v" });
    const core = convergence(D.slice().reverse(), [2001, 2002, 2003]);
    expect(cv.beta.rows[0].beta).toBeCloseTo(core.beta_absolute.beta, 14);
    expect(cv.beta.rows[0].half_life).toBeCloseTo(core.beta_absolute.half_life!, 10);
    expect(cv.rows.map((r) => r.sd_ddof1)).toEqual(core.sigma.map((s) => s.sd_ddof1));
    // points are per unit: unit c4 (the last laid out, the first row of the reversed table)
    expect(cv.points.rows[0]).toMatchObject({ id: "c4", ln_start: Math.log(0.1), growth: (Math.log(0.2) - Math.log(0.1)) / 2 });
    expect(cv.zeros.note).toBe("no value is 0: every unit and time is used");
  });

  it("paper 2's bundled panel (cd2): the core on the units x years matrix laid out here (the doc example's numbers)", () => {
    const cd2 = coupling(entropy(loadPanel("zhou-xu-li"), dataPath("specs", "zhou-xu-li.csv")).scores);
    const cv = convergenceOf(cd2);
    const ids = [...new Set(cd2.rows.map((r) => String(r.adcode)))];
    const years = [2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019];
    const core = convergence(ids.map((id) => years.map((t) => cd2.rows.find((r) => r.adcode === id && r.year === t)!.D as number)), years);
    const abs = cv.beta.rows[0];
    expect([abs.beta, abs.p_beta, abs.half_life]).toEqual([core.beta_absolute.beta, core.beta_absolute.p_beta, core.beta_absolute.half_life]);
    expect((abs.beta as number).toFixed(6)).toBe("-0.001736");
    expect((abs.p_beta as number).toFixed(4)).toBe("0.7156");
    expect((abs.half_life as number).toFixed(1)).toBe("396.8");
    expect(abs.first_year).toBe(2012);
    expect(cv.zeros.note).toMatch(/so beta and the panel forms start at 2012/);
  });

  it("an unbalanced panel is an error naming the unit and the time", () => {
    const tbl = [
      { adcode: "110000", year: 2001, D: 0.2 }, { adcode: "110000", year: 2002, D: 0.3 },
      { adcode: "120000", year: 2001, D: 0.4 }, { adcode: "120000", year: 2002, D: 0.45 },
      { adcode: "130000", year: 2001, D: 0.3 },
    ];
    expect(() => convergenceOf(tbl)).toThrow(/not balanced \(1 unit-time without a row\)[\s\S]*130000 河北: no row in 2002/);
  });
});
