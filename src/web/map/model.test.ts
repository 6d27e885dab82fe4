import { describe, expect, it } from "vitest";
import { cheapLayered } from "./layered.js";
import {
  adjacency,
  type MapEdgeIn,
  type MapNodeIn,
  select,
  strategyDepths,
  unitSubtree,
  visibleEdges,
} from "./model.js";

const node = (id: string, kind: string, over: Partial<MapNodeIn> = {}): MapNodeIn => ({
  id,
  kind,
  status: "active",
  ownerUnitId: null,
  ownerPersonId: null,
  cycleId: null,
  ...over,
});
let edgeNo = 0;
const edge = (fromId: string, toId: string, kind = "contributes_to"): MapEdgeIn => ({
  id: `e${++edgeNo}`,
  kind,
  fromId,
  toId,
});

// O ← KR ← G1 ← P1 (personal, member of team T under department D)
//        ← G2 (owned by marketing M) ; P2 supports G1 ; X orphan ← Y
const nodes = [
  node("O", "objective"),
  node("KR", "key_result", { cycleId: "year" }),
  node("G1", "goal", { ownerUnitId: "D", cycleId: "q1" }),
  node("P1", "goal", { ownerPersonId: "ann", cycleId: "q1" }),
  node("G2", "goal", { ownerUnitId: "M", status: "done", cycleId: "q2" }),
  node("P2", "goal", { ownerPersonId: "bob" }),
  node("X", "goal", { ownerUnitId: "D" }),
  node("Y", "goal", { ownerUnitId: "T" }),
];
const edges = [
  edge("KR", "O"),
  edge("G1", "KR"),
  edge("P1", "G1"),
  edge("G2", "KR"),
  edge("P2", "G1", "supports"),
  edge("Y", "X"),
  edge("G2", "G1", "depends_on"),
];
const org = {
  units: [
    { id: "C", parentId: null },
    { id: "D", parentId: "C" },
    { id: "T", parentId: "D" },
    { id: "M", parentId: "C" },
  ],
  people: [
    { id: "ann", memberships: [{ unitId: "T" }] },
    { id: "bob", memberships: [{ unitId: "M" }] },
  ],
  cycles: [
    { id: "year", parentId: null },
    { id: "q1", parentId: "year" },
    { id: "q2", parentId: "year" },
  ],
};
const adj = adjacency(
  nodes.map((n) => n.id),
  edges,
);

describe("the alignment map model", () => {
  it("puts each node below the deepest thing it serves, and leaves orphans out", () => {
    const depth = strategyDepths(nodes, adj);
    expect(Object.fromEntries(depth)).toEqual({ O: 0, KR: 1, G1: 2, G2: 2, P1: 3, P2: 3 });
    expect(depth.has("X")).toBe(false);
    expect(depth.has("Y")).toBe(false);
  });

  it("ignores dependencies: they are horizontal", () => {
    expect(adj.parents.get("G2")).toEqual(["KR"]);
    expect(visibleEdges(edges, new Set(["G1", "G2", "KR"])).map((e) => e.kind)).toEqual([
      "contributes_to",
      "contributes_to",
    ]);
  });

  it("survives a cycle without looping", () => {
    const cyclic = [edge("A", "B"), edge("B", "A"), edge("A", "O")];
    const ns = [node("O", "objective"), node("A", "goal"), node("B", "goal")];
    const d = strategyDepths(
      ns,
      adjacency(
        ns.map((n) => n.id),
        cyclic,
      ),
    );
    expect(d.get("O")).toBe(0);
  });

  it("collects a unit's subtree", () => {
    expect([...unitSubtree(org.units, "D")].sort()).toEqual(["D", "T"]);
    expect(unitSubtree(org.units, "C").size).toBe(4);
  });

  it("filters by unit through ownership and membership, keeping ancestors as context", () => {
    const s = select(nodes, adj, { unitId: "D" }, org);
    expect([...s.visible].sort()).toEqual(["G1", "KR", "O", "P1", "X", "Y"]);
    expect([...s.context].sort()).toEqual(["KR", "O"]);
    expect(s.matching).toBe(4);
    const m = select(nodes, adj, { unitId: "M" }, org);
    expect([...m.visible].sort()).toEqual(["G1", "G2", "KR", "O", "P2"]);
    expect([...m.context].sort()).toEqual(["G1", "KR", "O"]);
  });

  it("filters by cycle (a year includes its quarters) and by status", () => {
    expect([...select(nodes, adj, { cycleId: "q1" }, org).visible].sort()).toEqual([
      "G1",
      "KR",
      "O",
      "P1",
    ]);
    expect(select(nodes, adj, { cycleId: "year" }, org).matching).toBe(4);
    const done = select(nodes, adj, { status: "done" }, org);
    expect([...done.visible].sort()).toEqual(["G2", "KR", "O"]);
    expect(select(nodes, adj, {}, org).visible.size).toBe(nodes.length);
  });
});

describe("the cheap layered layout", () => {
  it("layers by longest path and keeps rows free of overlaps", () => {
    const ids = nodes.map((n) => n.id).filter((id) => id !== "X" && id !== "Y");
    const l = cheapLayered(ids, (id) => adj.parents.get(id) ?? [], { nodeGap: 10, rowGap: 5 });
    expect(l.layer.get("O")).toBe(0);
    expect(l.layer.get("KR")).toBe(1);
    expect(l.layer.get("P1")).toBe(3);
    const seen = new Set([...l.positions.values()].map((p) => `${p.x},${p.y}`));
    expect(seen.size).toBe(ids.length);
    expect(l.positions.get("O")!.y).toBeLessThan(l.positions.get("KR")!.y);
    expect(l.positions.get("KR")!.y).toBeLessThan(l.positions.get("G1")!.y);
  });

  it("wraps a wide layer so 5,000 nodes keep about the viewport's shape", () => {
    const ids = ["root", ...Array.from({ length: 5000 }, (_, i) => `n${i}`)];
    const l = cheapLayered(ids, (id) => (id === "root" ? [] : ["root"]), {
      nodeGap: 1,
      rowGap: 1,
      layerGap: 3,
      aspect: 2,
    });
    expect(l.positions.size).toBe(5001);
    expect(l.columns).toBeLessThan(5000);
    expect(l.width / l.height).toBeGreaterThan(1.5);
    expect(l.width / l.height).toBeLessThan(2.7);
    const seen = new Set([...l.positions.values()].map((p) => `${p.x},${p.y}`));
    expect(seen.size).toBe(5001);
  });

  it("orders children under their parents and is deterministic", () => {
    const parentOf: Record<string, string[]> = {
      a: [],
      b: [],
      a1: ["a"],
      b1: ["b"],
      a2: ["a"],
      b2: ["b"],
    };
    const ids = ["a", "b", "b1", "a1", "b2", "a2"];
    const l = cheapLayered(ids, (id) => parentOf[id], { nodeGap: 1 });
    const xs = (id: string) => l.positions.get(id)!.x;
    expect(Math.max(xs("a1"), xs("a2"))).toBeLessThan(Math.min(xs("b1"), xs("b2")));
    expect(cheapLayered(ids, (id) => parentOf[id]).positions).toEqual(
      cheapLayered(ids, (id) => parentOf[id]).positions,
    );
  });

  it("places every node even when the data holds a cycle", () => {
    const parentOf: Record<string, string[]> = { a: ["b"], b: ["a"], c: ["a"] };
    const l = cheapLayered(["a", "b", "c"], (id) => parentOf[id]);
    expect(l.positions.size).toBe(3);
  });
});
