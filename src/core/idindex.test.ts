import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdIndex } from "./idindex.js";

describe("IdIndex", () => {
  it("maps every id to its position, and unknown ids to -1", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 40 }), { maxLength: 200 }),
        fc.string(),
        (ids, probe) => {
          const ix = new IdIndex(ids);
          ids.forEach((id, i) => {
            expect(ix.get(id)).toBe(i);
            expect(ix.getBulk(id)).toBe(i);
          });
          expect(ix.get(probe)).toBe(ids.indexOf(probe));
        },
      ),
    );
  });

  it("lets the last of repeated ids win, like Map#set", () => {
    const ix = new IdIndex(["a", "b", "a"]);
    expect(ix.get("a")).toBe(2);
    expect(ix.toMap()).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
      ]),
    );
  });

  it("finds ids that differ only far inside long strings, and UUIDs at scale", () => {
    const base = "x".repeat(100);
    const ids = Array.from({ length: 20_000 }, (_, i) => `${base}${i}${base}`);
    ids.push(...Array.from({ length: 50_000 }, () => crypto.randomUUID()));
    const ix = new IdIndex(ids);
    let wrong = 0;
    for (let i = 0; i < ids.length; i++) if (ix.getBulk(ids[i]) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(ix.get(`${base}20001${base}`)).toBe(-1);
  });

  it("stays exact when different ids share a fingerprint", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 100 }),
        fc.string(),
        (ids, probe) => {
          const ix = new IdIndex(ids, true);
          const expected = new Map(ids.map((id, i) => [id, i]));
          for (const id of ids) {
            expect(ix.get(id)).toBe(expected.get(id));
            expect(ix.getBulk(id)).toBe(expected.get(id));
          }
          expect(ix.get(probe)).toBe(expected.get(probe) ?? -1);
        },
      ),
    );
  });

  it("builds the same index in steps, yielding between them", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `id-${(i * 7919) % 1000}-${i % 3}`);
    const steps = IdIndex.buildSteps(ids, 64);
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    // 2,048 slots of 3 numbers marked empty 1,024 at a time, then 64 ids at a time.
    expect(pauses).toBe((2048 * 3) / (64 * 16) + Math.ceil(1000 / 64) - 1);
    const whole = new IdIndex(ids);
    for (const id of [...ids, "absent", "id-1-1x"]) expect(r.value.get(id)).toBe(whole.get(id));
  });

  it("is taken back from its slots for the same ids, and refused for others", () => {
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    const slots = new IdIndex(ids).exportSlots();
    expect(slots).not.toBeNull();
    const again = IdIndex.fromSlots(ids, slots!);
    for (const id of [...ids, randomUUID()]) expect(again?.get(id)).toBe(ids.indexOf(id));
    // Other ids of the same count, fewer ids, slots of a weakened (clashing) index.
    expect(
      IdIndex.fromSlots(
        ids.map(() => randomUUID()),
        slots!,
      ),
    ).toBeNull();
    expect(IdIndex.fromSlots(ids.slice(0, 1000), slots!)).toBeNull();
    expect(new IdIndex(["a", "b", "c", "d"], true).exportSlots()).toBeNull();
  });
});
