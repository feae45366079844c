import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  COORDINATION_LEVELS,
  coordinationLevel,
  coordinationLevels,
  LevelInputError,
  LEVEL_ROUNDING_DECIMALS,
} from "../../src/core/level";

// Expected values: docs/METHODS.md section 2 (paper 1, Table 1), written out by hand.

describe("COORDINATION_LEVELS (paper 1, Table 1)", () => {
  it("holds the ten levels of METHODS.md section 2", () => {
    const table = COORDINATION_LEVELS.map((l) => [l.level, l.lower, l.upper, l.zh, l.en, l.stageZh, l.stage]);
    expect(table).toEqual([
      [1, 0, 0.1, "极度失调", "extreme imbalance", "低水平耦合", "low-level coupling"],
      [2, 0.1, 0.2, "严重失调", "serious imbalance", "低水平耦合", "low-level coupling"],
      [3, 0.2, 0.3, "中度失调", "moderate imbalance", "低水平耦合", "low-level coupling"],
      [4, 0.3, 0.4, "轻度失调", "mild imbalance", "颉颃阶段", "antagonistic stage"],
      [5, 0.4, 0.5, "濒临失调", "on the verge of imbalance", "颉颃阶段", "antagonistic stage"],
      [6, 0.5, 0.6, "勉强协调", "barely coordinated", "磨合阶段", "running-in stage"],
      [7, 0.6, 0.7, "初级协调", "primary coordination", "磨合阶段", "running-in stage"],
      [8, 0.7, 0.8, "中级协调", "intermediate coordination", "较高水平耦合", "higher-level coupling"],
      [9, 0.8, 0.9, "良好协调", "good coordination", "较高水平耦合", "higher-level coupling"],
      [10, 0.9, 1, "优质协调", "high-quality coordination", "高水平耦合", "high-level coupling"],
    ]);
    expect(JSON.stringify(COORDINATION_LEVELS)).not.toContain("颀颀");
  });

  it("is frozen", () => {
    expect(Object.isFrozen(COORDINATION_LEVELS)).toBe(true);
    expect(Object.isFrozen(COORDINATION_LEVELS[3])).toBe(true);
  });
});

describe("coordinationLevel", () => {
  it("doc example", () => {
    expect(coordinationLevel(0.3).level).toBe(4);
    expect(coordinationLevel(0.3).stageZh).toBe("颉颃阶段");
    expect(coordinationLevel(0.1 + 0.2).zh).toBe("轻度失调");
    expect(coordinationLevel(0.5).level).toBe(6);
    expect(coordinationLevel(0.5, { closed: "right" }).level).toBe(5);
    expect(coordinationLevel(1).en).toBe("high-quality coordination");
    expect(coordinationLevels([0.05, 0.3, 0.95]).map((l) => l.level)).toEqual([1, 4, 10]);
  });

  it("[a, b) by default: every edge belongs to the band above it; 1 is in [0.9, 1]", () => {
    const edges = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    edges.forEach((d, k) => expect(coordinationLevel(d).level).toBe(k + 1));
    expect(coordinationLevel(1).level).toBe(10);
    expect(coordinationLevel(0.5, { closed: "left" }).zh).toBe("勉强协调");
    // interior points
    expect(coordinationLevel(0.05).level).toBe(1);
    expect(coordinationLevel(0.3685).level).toBe(4); // paper 1's 2012 national mean
    expect(coordinationLevel(0.0999).level).toBe(1);
    expect(coordinationLevel(0.8999999).level).toBe(9);
  });

  it("(a, b] with closed: right: every edge belongs to the band below it; 0 is in [0, 0.1]", () => {
    const edges = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    edges.forEach((d, k) => expect(coordinationLevel(d, { closed: "right" }).level).toBe(k + 1));
    expect(coordinationLevel(0, { closed: "right" }).level).toBe(1);
    expect(coordinationLevel(0.5, { closed: "right" }).zh).toBe("濒临失调");
    expect(coordinationLevel(0.5000001, { closed: "right" }).level).toBe(6);
  });

  it("rounds D to 12 decimals before classifying (floating error at band edges)", () => {
    expect(LEVEL_ROUNDING_DECIMALS).toBe(12);
    expect(0.1 + 0.2).toBe(0.30000000000000004);
    expect(coordinationLevel(0.1 + 0.2).level).toBe(4);
    expect(coordinationLevel(0.1 + 0.2, { closed: "right" }).level).toBe(3);
    expect(coordinationLevel(0.29999999999999993).level).toBe(4);
    expect(coordinationLevel(Math.sqrt(0.25)).level).toBe(6);
    expect(coordinationLevel(0.7 * 1).level).toBe(8);
    expect(coordinationLevel(0.1 * 3).level).toBe(4);
    expect(coordinationLevel(0.1 * 7).level).toBe(8); // 0.7000000000000001
    expect(coordinationLevel(1 + 1e-14).level).toBe(10);
    expect(coordinationLevel(-1e-14).level).toBe(1);
    // differences above 1e-12 are kept
    expect(coordinationLevel(0.3 - 1e-11).level).toBe(3);
  });

  it("returns the table rows themselves", () => {
    expect(coordinationLevel(0.42)).toBe(COORDINATION_LEVELS[4]);
  });

  it("errors: NaN, outside [0, 1], bad option, bad array", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(LevelInputError);
        return e as LevelInputError;
      }
      throw new Error("expected a LevelInputError");
    };
    expect(err(() => coordinationLevel(NaN)).message).toBe("coordinationLevel: D is NaN, not a number");
    expect(err(() => coordinationLevel(1.01)).message).toBe("coordinationLevel: D = 1.01 is outside [0, 1]");
    expect(err(() => coordinationLevel(-0.2)).message).toBe("coordinationLevel: D = -0.2 is outside [0, 1]");
    expect(err(() => coordinationLevel(Infinity)).message).toMatch(/outside \[0, 1\]/);
    expect(err(() => coordinationLevel(0.5, { closed: "both" as any })).message).toBe(
      'coordinationLevel: options.closed must be "left" or "right", got "both"',
    );
    const e = err(() => coordinationLevels([0.2, 0.4, NaN]));
    expect(e.message).toBe("coordinationLevel: D at row 2 is NaN, not a number");
    expect(e.row).toBe(2);
    expect(err(() => coordinationLevels(Float64Array.of(0.2, 1.5))).message).toBe(
      "coordinationLevel: D at row 1 = 1.5 is outside [0, 1]",
    );
    expect(err(() => coordinationLevels(null as any)).message).toMatch(/expected an array/);
  });

  it("levels are monotone in D (both conventions), and D lies in its band", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom<"left" | "right">("left", "right"),
        (a, b, closed) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const la = coordinationLevel(lo, { closed });
          const lb = coordinationLevel(hi, { closed });
          expect(la.level).toBeLessThanOrEqual(lb.level);
          expect(lo).toBeGreaterThanOrEqual(la.lower - 1e-12);
          expect(lo).toBeLessThanOrEqual(la.upper + 1e-12);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("coordinationLevels agrees with coordinationLevel", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), (ds) => {
        expect(coordinationLevels(ds, { closed: "right" })).toEqual(ds.map((d) => coordinationLevel(d, { closed: "right" })));
      }),
      { numRuns: 100 },
    );
  });
});
