import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAcyclic, type EdgeLike, findCyclePath } from "./cycles.js";

const e = (fromId: string, toId: string): EdgeLike => ({ fromId, toId });

/** A path is a real cycle when it closes on itself and every step is an edge. */
function assertCycle(path: string[], edges: EdgeLike[]) {
  expect(path.length).toBeGreaterThanOrEqual(2);
  expect(path[0]).toBe(path[path.length - 1]);
  const set = new Set(edges.map((x) => `${x.fromId}→${x.toId}`));
  const missing: string[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const step = `${path[i]}→${path[i + 1]}`;
    if (!set.has(step)) missing.push(step);
  }
  expect(missing).toEqual([]);
}

describe("findCyclePath", () => {
  it("accepts an edge that closes no loop", () => {
    expect(findCyclePath([e("kr", "goal"), e("goal", "obj")], "kr2", "goal")).toBeNull();
    expect(findCyclePath([], "a", "b")).toBeNull();
  });

  it("returns the loop as the new edge followed by the existing path back", () => {
    const existing = [e("kr", "goal"), e("goal", "obj"), e("other", "obj")];
    expect(findCyclePath(existing, "obj", "kr")).toEqual(["obj", "kr", "goal", "obj"]);
  });

  it("reports a self-loop", () => {
    expect(findCyclePath([], "a", "a")).toEqual(["a", "a"]);
  });

  it("ignores depends_on edges", () => {
    expect(findCyclePath([{ fromId: "b", toId: "a", kind: "depends_on" }], "a", "b")).toBeNull();
  });
});

describe("checkAcyclic", () => {
  it("is null for a DAG with shared parents", () => {
    expect(checkAcyclic([e("a", "b"), e("a", "c"), e("b", "d"), e("c", "d")])).toBeNull();
  });

  it("returns one cycle's path", () => {
    const edges = [e("x", "a"), e("a", "b"), e("b", "c"), e("c", "a")];
    const path = checkAcyclic(edges)!;
    assertCycle(path, edges);
    expect(new Set(path)).toEqual(new Set(["a", "b", "c"]));
  });

  it("handles a 100,000-long chain without overflowing the stack", () => {
    const edges: EdgeLike[] = [];
    for (let i = 0; i < 100_000; i++) edges.push(e(`n${i}`, `n${i + 1}`));
    expect(checkAcyclic(edges)).toBeNull();
    expect(findCyclePath(edges, "n100000", "n0")?.length).toBe(100_002);
    edges.push(e("n100000", "n0"));
    assertCycle(checkAcyclic(edges)!, edges);
  });
});

describe("adding random edges one by one, refusing those that close a loop", () => {
  it("keeps the accepted set acyclic and every refusal names a real loop", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
        (size, pairs) => {
          const accepted: EdgeLike[] = [];
          for (const [a, b] of pairs) {
            const next = e(`n${a % size}`, `n${b % size}`);
            const path = findCyclePath(accepted, next.fromId, next.toId);
            if (path === null) {
              accepted.push(next);
              continue;
            }
            expect(path[0]).toBe(next.fromId);
            expect(path[1]).toBe(next.toId);
            assertCycle(path, [...accepted, next]);
            assertCycle(checkAcyclic([...accepted, next])!, [...accepted, next]);
          }
          expect(checkAcyclic(accepted)).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});
