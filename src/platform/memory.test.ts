import { describe, expect, it } from "vitest";
import { collectGarbage } from "./memory.js";

describe("collectGarbage", () => {
  it("gives back the memory of what nobody refers to any more", () => {
    let garbage: string[][] | null = Array.from({ length: 200 }, (_, i) =>
      Array.from({ length: 2_000 }, (_, k) => `row ${i} ${k} ${"x".repeat(40)}`),
    );
    expect(garbage.length).toBe(200);
    const held = process.memoryUsage().heapUsed;
    garbage = null;
    expect(collectGarbage()).toBe(true);
    const after = process.memoryUsage().heapUsed;
    // 400,000 strings of about 60 characters: well over 20 MB gone.
    expect(held - after).toBeGreaterThan(20 * 1024 * 1024);
  });
});
