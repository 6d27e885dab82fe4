import { describe, expect, it } from "vitest";
import { firstPositions, RowPacer } from "./row-pacer.js";

describe("RowPacer", () => {
  it("pauses once the budget of work is spent, not at every row", async () => {
    let now = 0;
    let pauses = 0;
    const pacer = new RowPacer(
      async () => {
        pauses++;
      },
      () => now,
    );
    // 10,000 rows of 0.01 ms each: 100 ms of work, about one pause per 8 ms of it.
    const seen: number[] = [];
    await pacer.each(
      Array.from({ length: 10_000 }, (_, i) => i),
      (item) => {
        now += 0.01;
        seen.push(item);
      },
    );
    expect(seen).toHaveLength(10_000);
    expect(seen[9_999]).toBe(9_999);
    expect(pauses).toBeGreaterThanOrEqual(10);
    expect(pauses).toBeLessThanOrEqual(13);
    // Work that takes no time never pauses.
    pauses = 0;
    expect(await pacer.map([1, 2, 3], (x) => x * 2)).toEqual([2, 4, 6]);
    expect(pauses).toBe(0);
  });
});

describe("firstPositions", () => {
  it("finds where each key first appears, and nothing for keys not there", async () => {
    const keys = ["a", undefined, "b", "a", "c", "b", "a"];
    const first = await firstPositions(keys, new RowPacer());
    expect(first("a")).toBe(0);
    expect(first("b")).toBe(2);
    expect(first("c")).toBe(4);
    expect(first("d")).toBe(-1);
    expect(first("")).toBe(-1);
    // As many keys as an import of a million rows has: every one found at its first row.
    const many = Array.from({ length: 200_000 }, (_, i) => `k${i % 150_000}`);
    const at = await firstPositions(many, new RowPacer());
    for (const i of [0, 1, 149_999, 150_000, 199_999]) expect(at(many[i]!)).toBe(i % 150_000);
  });
});
