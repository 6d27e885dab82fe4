import { describe, expect, it } from "vitest";
import { computeFindings, computeFindingsIndexed } from "./findings.js";
import { buildGraph } from "./graph.js";
import { computeHealth } from "./health.js";
import { rollUp } from "./rollup.js";
import { daysAgo, dependsOn, edge, NOW, node, rollupNode, snapshot, unit } from "./testing.js";
import type { OrgSnapshot } from "./types.js";

const health = (s: OrgSnapshot) => {
  const g = buildGraph(s);
  const progress = rollUp(g);
  return computeHealth(g, computeFindings(g, progress, { now: NOW }), progress);
};

const units = [
  unit("co", null, { name: "Stride" }),
  unit("prod", "co", { name: "Production" }),
  unit("line", "prod", { name: "Line 1" }),
  unit("mkt", "co", { name: "Marketing" }),
];
const obj = node({ id: "obj", kind: "objective", ownerUnitId: "co", target: null });

describe("computeHealth", () => {
  it("scores a fully healthy organization 100 with no gaps", () => {
    const h = health(
      snapshot({
        units,
        nodes: [obj, node({ id: "g", ownerUnitId: "prod" })],
        edges: [edge("g", "obj")],
      }),
    );
    expect(h.org).toMatchObject({ score: 100, items: 2, gaps: [] });
    expect(h.units.get("prod")).toMatchObject({ score: 100, items: 1, gaps: [] });
  });

  it("names what pulls the score down with counts, worst first", () => {
    const nodes = [obj];
    const edges = [];
    for (let i = 0; i < 4; i++) {
      nodes.push(node({ id: `ok${i}`, ownerUnitId: "prod" }));
      edges.push(edge(`ok${i}`, "obj"));
    }
    // Three orphans, one of them also stale.
    nodes.push(node({ id: "o1", ownerUnitId: "prod" }), node({ id: "o2", ownerUnitId: "prod" }));
    nodes.push(node({ id: "o3", ownerUnitId: "prod", lastCheckinAt: daysAgo(40) }));
    const h = health(snapshot({ units, nodes, edges })).units.get("prod")!;
    expect(h.items).toBe(7);
    expect(h.gaps).toEqual([
      "3 of 7 active items have no path to strategy",
      "1 of 7 measured items is overdue for a check-in",
    ]);
    const aligned = h.components.find((c) => c.id === "aligned")!;
    expect(aligned).toMatchObject({ failing: 3, total: 7 });
    expect(aligned.ratio).toBeCloseTo(4 / 7);
    // 100 × (0.3·4/7 + 0.15 + 0.2·6/7 + 0.1 + 0.15 + 0.1)
    expect(h.score).toBe(Math.round(100 * (0.3 * (4 / 7) + 0.2 * (6 / 7) + 0.5)));
  });

  it("aggregates a unit's whole subtree, bottom-up", () => {
    const h = health(
      snapshot({
        units,
        nodes: [
          obj,
          node({ id: "a", ownerUnitId: "line" }),
          node({ id: "b", ownerUnitId: "prod" }),
          node({ id: "c", ownerUnitId: "mkt" }),
          rollupNode({ id: "d", ownerUnitId: "line" }),
        ],
        edges: [edge("b", "obj")],
      }),
    );
    expect(h.units.get("line")!.items).toBe(2);
    expect(h.units.get("prod")!.items).toBe(3);
    expect(h.units.get("co")!.items).toBe(5);
    expect(h.units.get("prod")!.gaps[0]).toBe("2 of 3 active items have no path to strategy");
    expect(h.units.get("prod")!.gaps).toContain("1 of 3 active items has nothing measurable");
    expect(h.org.items).toBe(5);
  });

  it("counts unowned items, risky dependencies and overloaded units", () => {
    const many = Array.from({ length: 8 }, (_, i) => node({ id: `m${i}`, ownerUnitId: "mkt" }));
    const h = health(
      snapshot({
        units,
        nodes: [
          obj,
          ...many,
          node({ id: "lost", ownerUnitId: null }),
          node({ id: "needs", ownerUnitId: "prod" }),
          node({ id: "given", ownerUnitId: "mkt", confidence: 0.1 }),
        ],
        edges: [
          ...many.map((m) => edge(m.id, "obj")),
          edge("needs", "obj"),
          edge("given", "obj"),
          dependsOn("needs", "given"),
        ],
      }),
    );
    expect(h.org.gaps).toEqual(
      expect.arrayContaining([
        "1 of 12 active items has no owner",
        "1 of 1 dependencies is at risk",
        "1 of 4 units owns too many active goals",
      ]),
    );
    expect(h.units.get("prod")!.gaps).toEqual(["1 of 1 dependencies is at risk"]);
    expect(h.units.get("mkt")!.gaps).toEqual(["1 of 1 units owns too many active goals"]);
  });

  it("gives a unit with no active items 100 and says so", () => {
    const h = health(snapshot({ units, nodes: [obj] }));
    expect(h.units.get("mkt")).toMatchObject({
      score: 100,
      items: 0,
      gaps: ["No active goals yet"],
    });
  });
});

describe("computeHealth with subject indices", () => {
  it("agrees with looking subjects up by id", () => {
    const many = Array.from({ length: 9 }, (_, i) =>
      node({ id: `m${i}`, ownerUnitId: "mkt", lastCheckinAt: daysAgo(i * 5), confidence: 0.1 }),
    );
    const s = snapshot({
      units,
      nodes: [obj, ...many, node({ id: "lost", ownerUnitId: null }), rollupNode({ id: "r" })],
      edges: [
        edge("m1", "obj"),
        dependsOn("m2", "m3"),
        dependsOn("m4", "lost", { state: "declined" }),
      ],
    });
    const g = buildGraph(s);
    const progress = rollUp(g);
    const { findings, subjectIndex } = computeFindingsIndexed(g, progress, { now: NOW });
    const fast = computeHealth(g, findings, progress, subjectIndex);
    const slow = computeHealth(g, findings, progress);
    expect(fast.org).toEqual(slow.org);
    expect([...fast.units]).toEqual([...slow.units]);
    expect(fast.org.gaps.length).toBeGreaterThan(3);
  });
});
