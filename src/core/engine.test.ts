import { describe, expect, it } from "vitest";
import { analyze } from "./engine.js";
import { dependsOn, edge, NOW, node, rollupNode, snapshot, unit } from "./testing.js";

describe("analyze", () => {
  const s = snapshot({
    units: [unit("co", null, { name: "Stride" }), unit("prod", "co", { name: "Production" })],
    nodes: [
      rollupNode({ id: "obj", kind: "objective", title: "Grow running", ownerUnitId: "co" }),
      node({ id: "kr", kind: "key_result", current: 40, ownerUnitId: "prod" }),
      rollupNode({ id: "lonely", ownerUnitId: "prod" }),
      node({ id: "other", ownerUnitId: "prod", confidence: 0.2 }),
    ],
    edges: [edge("kr", "obj"), edge("other", "obj"), dependsOn("kr", "other")],
  });

  it("runs every pass over one snapshot", () => {
    const a = analyze(s, { now: NOW });
    expect(a.progressOf("kr")).toBeCloseTo(0.4);
    expect(a.progressOf("obj")).toBeCloseTo(0.45);
    expect(a.progressOf("lonely")).toBeNull();
    expect(a.progressOf("missing")).toBeNull();
    expect(a.findings.map((f) => f.rule).sort()).toEqual([
      "dependency_at_risk",
      "low_confidence",
      "no_metric",
      "orphan",
    ]);
    expect(a.health.units.get("prod")!.items).toBe(3);
    expect(a.heatmap.rows.map((r) => r.unitId)).toEqual(["prod"]);
    expect(a.heatmap.rows[0].cells[0]).toBeCloseTo(2 / 3);
  });

  it("does not hang on a vertical cycle in the data", () => {
    const bad = snapshot({
      nodes: [node({ id: "a" }), rollupNode({ id: "b" })],
      edges: [edge("a", "b"), edge("b", "a")],
    });
    const a = analyze(bad, { now: NOW });
    expect(a.graph.cyclicNodes.sort()).toEqual(["a", "b"]);
    expect(a.findings.filter((f) => f.rule === "orphan")).toHaveLength(2);
  });
});
