import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedProgress, metricProgress } from "./progress.js";

describe("metricProgress", () => {
  it("is null without a target", () => {
    expect(metricProgress(0, null, 5, "increase")).toBeNull();
  });

  it("interpolates from baseline to target when increasing", () => {
    expect(metricProgress(100, 200, 150, "increase")).toBeCloseTo(0.5);
    expect(metricProgress(100, 200, 250, "increase")).toBe(1);
    expect(metricProgress(100, 200, 50, "increase")).toBe(0);
  });

  it("interpolates the other way when decreasing", () => {
    expect(metricProgress(20, 10, 15, "decrease")).toBeCloseTo(0.5);
    expect(metricProgress(20, 10, 5, "decrease")).toBe(1);
    expect(metricProgress(20, 10, 25, "decrease")).toBe(0);
  });

  it("treats a missing baseline as 0 and a missing current value as no progress", () => {
    expect(metricProgress(null, 10, 4, "increase")).toBeCloseTo(0.4);
    expect(metricProgress(0, 10, null, "increase")).toBe(0);
  });

  it("is all-or-nothing when target equals baseline", () => {
    expect(metricProgress(5, 5, 5, "increase")).toBe(1);
    expect(metricProgress(5, 5, 4, "increase")).toBe(0);
    expect(metricProgress(5, 5, 4, "decrease")).toBe(1);
    expect(metricProgress(5, 5, 6, "decrease")).toBe(0);
  });

  it("stays in [0, 1] and is never NaN for any finite inputs", () => {
    const num = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.option(num),
        num,
        fc.option(num),
        fc.constantFrom("increase" as const, "decrease" as const),
        (b, t, c, d) => {
          const p = metricProgress(b, t, c, d);
          expect(p).not.toBeNull();
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("expectedProgress", () => {
  it("is the elapsed share of the cycle, clamped", () => {
    expect(expectedProgress(0, 100, 25)).toBe(0.25);
    expect(expectedProgress(0, 100, -5)).toBe(0);
    expect(expectedProgress(0, 100, 500)).toBe(1);
    expect(expectedProgress(100, 100, 100)).toBe(1);
  });
});
