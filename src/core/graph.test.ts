import { describe, expect, it } from "vitest";
import { buildGraph, DEP_DECLINED, KIND_KEY_RESULT, STATUS_DONE } from "./graph.js";
import { dependsOn, edge, node, person, snapshot, unit } from "./testing.js";

describe("buildGraph", () => {
  const units = [
    unit("u-root", null),
    unit("u-ops", "u-root", { cadenceDays: 7 }),
    unit("u-team", "u-ops", { cadenceDays: 0 }),
  ];

  it("turns records into index-addressed arrays with NaN for null", () => {
    const g = buildGraph(
      snapshot({
        units,
        nodes: [
          node({ id: "a", kind: "key_result", status: "done", target: null, confidence: null }),
          node({ id: "b", baseline: 3, lastCheckinAt: null }),
        ],
      }),
    );
    expect(g.n).toBe(2);
    const a = g.index.get("a")!;
    expect(g.kind[a]).toBe(KIND_KEY_RESULT);
    expect(g.status[a]).toBe(STATUS_DONE);
    expect(g.target[a]).toBeNaN();
    expect(g.confidence[a]).toBeNaN();
    const b = g.index.get("b")!;
    expect(g.baseline[b]).toBe(3);
    expect(g.lastCheckinAt[b]).toBeNaN();
    expect(g.records[b].id).toBe("b");
    expect(g.index.get("b")).toBe(b);
    expect(g.lookup.get("b")).toBe(b);
    expect(g.lookup.get("nope")).toBe(-1);
  });

  it("attributes a node to its unit, else to its owner's primary unit", () => {
    const g = buildGraph(
      snapshot({
        units,
        people: [person("p1", "u-team"), person("p2")],
        nodes: [
          node({ id: "unit-owned", ownerUnitId: "u-ops", ownerPersonId: "p1" }),
          node({ id: "person-owned", ownerUnitId: null, ownerPersonId: "p1" }),
          node({ id: "homeless", ownerUnitId: null, ownerPersonId: "p2" }),
        ],
      }),
    );
    const unitIdOf = (id: string) => {
      const u = g.attrUnit[g.index.get(id)!];
      return u < 0 ? null : g.units.ids[u];
    };
    expect(unitIdOf("unit-owned")).toBe("u-ops");
    expect(unitIdOf("person-owned")).toBe("u-team");
    expect(unitIdOf("homeless")).toBeNull();
  });

  it("orders units root first with depths, and drops unusable cadences to NaN", () => {
    const g = buildGraph(snapshot({ units: [...units].reverse() }));
    const order = Array.from(g.units.order, (u) => g.units.ids[u]);
    expect(order).toEqual(["u-root", "u-ops", "u-team"]);
    expect(g.units.depth[g.units.index.get("u-team")!]).toBe(2);
    expect(g.units.cadenceDays[g.units.index.get("u-ops")!]).toBe(7);
    expect(g.units.cadenceDays[g.units.index.get("u-team")!]).toBeNaN();
  });

  it("survives a unit parent loop by cutting it", () => {
    const g = buildGraph(snapshot({ units: [unit("r", null), unit("x", "y"), unit("y", "x")] }));
    expect(g.units.order.length).toBe(3);
    expect(new Set(g.units.order).size).toBe(3);
    expect(g.units.cyclic.sort()).toEqual(["x", "y"]);
  });

  it("builds CSR adjacency both ways and keeps dependencies apart", () => {
    const g = buildGraph(
      snapshot({
        nodes: [node({ id: "kr" }), node({ id: "o1" }), node({ id: "o2" })],
        edges: [
          edge("kr", "o1", { weight: 2 }),
          edge("kr", "o2", { kind: "supports" }),
          dependsOn("o1", "o2", { state: "declined" }),
          edge("kr", "ghost"),
        ],
      }),
    );
    const kr = g.index.get("kr")!;
    const parents = [];
    for (let k = g.upOffsets[kr]; k < g.upOffsets[kr + 1]; k++) {
      parents.push([g.ids[g.upTargets[k]], g.upWeights[k], g.upCounts[k]]);
    }
    expect(parents).toEqual([
      ["o1", 2, 1],
      ["o2", 1, 0],
    ]);
    const o1 = g.index.get("o1")!;
    expect(g.downOffsets[o1 + 1] - g.downOffsets[o1]).toBe(1);
    expect(g.ids[g.downTargets[g.downOffsets[o1]]]).toBe("kr");
    expect(g.deps.count).toBe(1);
    expect(g.deps.state[0]).toBe(DEP_DECLINED);
    expect(g.skippedEdges).toBe(1);
  });

  it("puts parents before children in the topological order", () => {
    const g = buildGraph(
      snapshot({
        nodes: [node({ id: "leaf" }), node({ id: "mid" }), node({ id: "top" })],
        edges: [edge("leaf", "mid"), edge("mid", "top"), edge("leaf", "top")],
      }),
    );
    const pos = new Map(Array.from(g.topo, (v, i) => [g.ids[v], i]));
    expect(pos.get("top")!).toBeLessThan(pos.get("mid")!);
    expect(pos.get("mid")!).toBeLessThan(pos.get("leaf")!);
    expect(g.cyclicNodes).toEqual([]);
  });

  it("reports nodes on or below a vertical cycle instead of hanging", () => {
    const g = buildGraph(
      snapshot({
        nodes: ["a", "b", "c", "ok"].map((id) => node({ id })),
        edges: [edge("a", "b"), edge("b", "a"), edge("c", "a")],
      }),
    );
    expect([...g.cyclicNodes].sort()).toEqual(["a", "b", "c"]);
    expect(g.topo.length).toBe(4);
    expect(new Set(g.topo).size).toBe(4);
  });
});
