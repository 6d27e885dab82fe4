import { describe, expect, it } from "vitest";
import { runPaced, runSteps, sortSteps } from "./sliced-sort.js";

/** A seeded pseudo-random sequence (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("sorting in steps", () => {
  it("gives what the built-in sort gives, for any length around the run size", () => {
    const r = random(7);
    for (const n of [0, 1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000]) {
      const items = Array.from({ length: n }, (_, i) => ({
        key: Math.floor(r() * 20),
        id: i,
      }));
      const cmp = (a: { key: number; id: number }, b: { key: number; id: number }) =>
        a.key - b.key || a.id - b.id;
      expect(runSteps(sortSteps(items, cmp, 8))).toEqual(items.slice().sort(cmp));
    }
  });

  it("yields between runs and while merging, and leaves its input alone", () => {
    const items = Array.from({ length: 100 }, (_, i) => (i * 37) % 100);
    const before = items.slice();
    const steps = sortSteps(items, (a, b) => a - b, 10);
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    expect(r.value).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // 9 pauses between the 10 runs, then one per 10 items merged over 4 passes.
    expect(pauses).toBeGreaterThanOrEqual(9 + 30);
    expect(items).toEqual(before);
  });
});

describe("pacing steps", () => {
  /** 40 steps, each taking 1 ms of a fake clock; returns how many of them there were. */
  function* work(clock: { t: number }): Generator<void, number, void> {
    for (let i = 0; i < 40; i++) {
      clock.t += 1;
      yield;
    }
    return 40;
  }

  it("pauses only once a budget of work has run, and then at every budget", async () => {
    const clock = { t: 0 };
    const at: number[] = [];
    const pause = async () => {
      at.push(clock.t);
    };
    expect(await runPaced(work(clock), pause, 10, () => clock.t)).toBe(40);
    expect(at).toEqual([10, 20, 30, 40]);
  });

  it("pauses at every step with no budget, and never with an endless one", async () => {
    let pauses = 0;
    const pause = async () => {
      pauses++;
    };
    const clock = { t: 0 };
    await runPaced(work(clock), pause, 0, () => clock.t);
    expect(pauses).toBe(40);
    pauses = 0;
    await runPaced(work(clock), pause, Number.POSITIVE_INFINITY, () => clock.t);
    expect(pauses).toBe(0);
  });
});
