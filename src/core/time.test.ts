import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysBetween, parseTime } from "./time.js";

describe("parseTime", () => {
  it("agrees with Date.parse on every ISO timestamp Date#toISOString can write", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("0000-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59Z"),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString();
          expect(parseTime(iso)).toBe(Date.parse(iso));
          const noMillis = `${iso.slice(0, 19)}Z`;
          expect(parseTime(noMillis)).toBe(Date.parse(noMillis));
        },
      ),
    );
  });

  it("falls back to Date.parse for other shapes and gives NaN for null or garbage", () => {
    expect(parseTime("2026-03-01")).toBe(Date.UTC(2026, 2, 1));
    expect(parseTime("2026-03-01T10:00:00+02:00")).toBe(Date.UTC(2026, 2, 1, 8));
    expect(parseTime(null)).toBeNaN();
    expect(parseTime("not a date")).toBeNaN();
    for (const odd of [
      "2026-02-30T00:00:00.000Z",
      "2025-02-29T00:00:00.000Z",
      "2026-13-01T00:00:00Z",
    ]) {
      expect(parseTime(odd)).toBe(Date.parse(odd));
    }
    expect(parseTime("2024-02-29T00:00:00.000Z")).toBe(Date.UTC(2024, 1, 29));
  });

  it("counts whole days between instants", () => {
    const t = Date.UTC(2026, 0, 1);
    expect(daysBetween(t, t + 3.5 * 86_400_000)).toBe(3);
    expect(daysBetween(t, t - 86_400_000)).toBe(0);
  });
});
