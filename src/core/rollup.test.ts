import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "./graph.js";
import { rollUp } from "./rollup.js";
import { edge, node, rollupNode, snapshot } from "./testing.js";
import type { EdgeRecord, NodeRecord } from "./types.js";

const progressById = (nodes: NodeRecord[], edges: EdgeRecord[]) => {
  const g = buildGraph(snapshot({ nodes, edges }));
  const p = rollUp(g);
  return (id: string) => p[g.index.get(id)!];
};

describe("rollUp", () => {
  it("uses a node's own metric", () => {
    const p = progressById([node({ id: "kr", baseline: 10, target: 20, current: 15 })], []);
    expect(p("kr")).toBeCloseTo(0.5);
  });

  it("takes the weighted mean of contributors", () => {
    const p = progressById(
      [rollupNode({ id: "goal" }), node({ id: "a", current: 100 }), node({ id: "b", current: 0 })],
      [edge("a", "goal", { weight: 3 }), edge("b", "goal", { weight: 1 })],
    );
    expect(p("goal")).toBeCloseTo(0.75);
  });

  it("lets one contributor count in several parents, each with its own weights", () => {
    const p = progressById(
      [
        rollupNode({ id: "p1" }),
        rollupNode({ id: "p2" }),
        node({ id: "shared", current: 100 }),
        node({ id: "other", current: 0 }),
      ],
      [
        edge("shared", "p1", { weight: 1 }),
        edge("other", "p1", { weight: 1 }),
        edge("shared", "p2", { weight: 1 }),
        edge("other", "p2", { weight: 4 }),
      ],
    );
    expect(p("p1")).toBeCloseTo(0.5);
    expect(p("p2")).toBeCloseTo(0.2);
  });

  it("rolls up through several levels", () => {
    const p = progressById(
      [
        rollupNode({ id: "obj" }),
        rollupNode({ id: "goal" }),
        node({ id: "kr1", current: 100 }),
        node({ id: "kr2", current: 50 }),
        node({ id: "kr3", current: 0 }),
      ],
      [edge("kr1", "goal"), edge("kr2", "goal"), edge("goal", "obj"), edge("kr3", "obj")],
    );
    expect(p("goal")).toBeCloseTo(0.75);
    expect(p("obj")).toBeCloseTo(0.375);
  });

  it("ignores contributors when the node has its own metric", () => {
    const p = progressById(
      [node({ id: "goal", current: 10 }), node({ id: "kr", current: 100 })],
      [edge("kr", "goal")],
    );
    expect(p("goal")).toBeCloseTo(0.1);
  });

  it("does not count supports edges, cancelled or unknown children", () => {
    const p = progressById(
      [
        rollupNode({ id: "goal" }),
        node({ id: "counts", current: 40 }),
        node({ id: "supports", current: 100 }),
        node({ id: "cancelled", current: 100, status: "cancelled" }),
        rollupNode({ id: "unknown" }),
      ],
      [
        edge("counts", "goal"),
        edge("supports", "goal", { kind: "supports" }),
        edge("cancelled", "goal"),
        edge("unknown", "goal"),
      ],
    );
    expect(p("goal")).toBeCloseTo(0.4);
    expect(p("unknown")).toBeNaN();
  });

  it("is unknown without metric or contributors, unless done", () => {
    const p = progressById(
      [rollupNode({ id: "open" }), rollupNode({ id: "finished", status: "done" })],
      [],
    );
    expect(p("open")).toBeNaN();
    expect(p("finished")).toBe(1);
  });

  it("equals p when every contributor is at p, whatever the weights", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (share, weights) => {
          const kids = weights.map((_, i) => node({ id: `k${i}`, current: share * 100 }));
          const p = progressById(
            [rollupNode({ id: "parent" }), ...kids],
            weights.map((weight, i) => edge(`k${i}`, "parent", { weight })),
          );
          expect(Math.abs(p("parent") - share)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it("always gives values in [0, 1] or NaN, even on random graphs with cycles", () => {
    const nodeArb = fc.record({
      metric: fc.boolean(),
      current: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      status: fc.constantFrom("draft", "active", "done", "cancelled") as fc.Arbitrary<
        NodeRecord["status"]
      >,
    });
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 30 }),
        fc.array(
          fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0, max: 10, noNaN: true }), fc.boolean()),
          {
            maxLength: 80,
          },
        ),
        (specs, pairs) => {
          const nodes = specs.map((s, i) =>
            s.metric
              ? node({ id: `n${i}`, current: s.current, status: s.status })
              : rollupNode({ id: `n${i}`, status: s.status }),
          );
          const edges = pairs.map(([a, b, weight, counts]) =>
            edge(`n${a % specs.length}`, `n${b % specs.length}`, {
              weight,
              kind: counts ? "contributes_to" : "supports",
            }),
          );
          const g = buildGraph(snapshot({ nodes, edges }));
          for (const x of rollUp(g)) {
            if (!Number.isNaN(x)) {
              expect(x).toBeGreaterThanOrEqual(0);
              expect(x).toBeLessThanOrEqual(1);
            }
          }
        },
      ),
    );
  });
});
