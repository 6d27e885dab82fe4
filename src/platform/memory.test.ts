import { describe, expect, it } from "vitest";
import { collectGarbage, collectWhenQuiet } from "./memory.js";
import { requestStarted } from "./quiet.js";

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

describe("collectWhenQuiet", () => {
  it("collects once no request has been under way for a while, not before", async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const ended = requestStarted();
    let garbage: string[][] | null = Array.from({ length: 200 }, (_, i) =>
      Array.from({ length: 2_000 }, (_, k) => `row ${i} ${k} ${"x".repeat(40)}`),
    );
    expect(garbage.length).toBe(200);
    const held = process.memoryUsage().heapUsed;
    garbage = null;
    collectWhenQuiet(50, 10_000);
    // A request is under way: nothing is collected.
    await sleep(400);
    expect(held - process.memoryUsage().heapUsed).toBeLessThan(5 * 1024 * 1024);
    // It ends; once 50 ms have passed quietly, the next look (every second) collects.
    ended();
    await sleep(1_300);
    expect(held - process.memoryUsage().heapUsed).toBeGreaterThan(20 * 1024 * 1024);
  });
});
