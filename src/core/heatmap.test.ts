import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGraph } from "./graph.js";
import { computeHeatmap } from "./heatmap.js";
import { edge, node, snapshot, unit } from "./testing.js";
import type { EdgeRecord, NodeRecord } from "./types.js";

const units = [
  unit("co", null, { name: "Stride" }),
  unit("prod", "co", { name: "Production" }),
  unit("line", "prod", { name: "Line 1" }),
  unit("mkt", "co", { name: "Marketing" }),
];
const objectives = [
  node({ id: "o-growth", kind: "objective", title: "Growth", priority: 2, ownerUnitId: "co" }),
  node({
    id: "o-cx",
    kind: "objective",
    title: "Customer experience",
    priority: 1,
    ownerUnitId: "co",
  }),
  node({ id: "o-old", kind: "objective", title: "Old", status: "cancelled", ownerUnitId: "co" }),
];

describe("computeHeatmap", () => {
  const nodes: NodeRecord[] = [
    ...objectives,
    node({ id: "g1", ownerUnitId: "prod" }),
    node({ id: "g2", ownerUnitId: "line" }),
    node({ id: "g3", ownerUnitId: "line" }),
    node({ id: "g4", ownerUnitId: "line" }),
    node({ id: "m1", ownerUnitId: "mkt" }),
    node({ id: "draft", ownerUnitId: "mkt", status: "draft" }),
  ];
  const edges: EdgeRecord[] = [
    edge("g1", "o-growth", { weight: 3 }),
    edge("g1", "o-cx", { weight: 1 }),
    edge("g2", "g1"),
    edge("g3", "o-cx", { kind: "supports" }),
    edge("g4", "o-old"),
    edge("m1", "o-cx"),
  ];
  const g = buildGraph(snapshot({ units, nodes, edges }));

  it("orders objectives by priority and leaves out cancelled ones", () => {
    expect(computeHeatmap(g).objectives).toEqual([
      { id: "o-cx", title: "Customer experience" },
      { id: "o-growth", title: "Growth" },
    ]);
  });

  it("splits work by parent weights and averages over the unit subtree", () => {
    const rows = computeHeatmap(g).rows;
    expect(rows.map((r) => r.unitId)).toEqual(["mkt", "prod"]);
    const prod = rows[1];
    expect(prod.items).toBe(4);
    // g1 and g2: ¼ cx, ¾ growth each; g3: all cx (supports counts here); g4: nothing.
    expect(prod.cells[0]).toBeCloseTo((0.25 + 0.25 + 1) / 4);
    expect(prod.cells[1]).toBeCloseTo((0.75 + 0.75) / 4);
    expect(prod.unaligned).toBeCloseTo(0.25);
    expect(rows[0]).toMatchObject({ items: 1, cells: [1, 0], unaligned: 0 });
  });

  it("makes every row's cells plus unaligned sum to 1", () => {
    for (const r of computeHeatmap(g, { depth: 2 }).rows.concat(computeHeatmap(g).rows)) {
      expect(r.cells.reduce((a, b) => a + b, 0) + r.unaligned).toBeCloseTo(1);
    }
  });

  it("takes rows by depth or by id, and refuses unknown ids", () => {
    expect(computeHeatmap(g, { depth: 2 }).rows.map((r) => r.unitId)).toEqual(["line"]);
    expect(computeHeatmap(g, { unitIds: ["line", "co"] }).rows.map((r) => r.unitId)).toEqual([
      "line",
      "co",
    ]);
    expect(() => computeHeatmap(g, { unitIds: ["nope"] })).toThrow(/nope was not found/);
  });

  it("gives the same numbers propagating over objectives or over rows", () => {
    const kinds = ["objective", "goal", "key_result", "initiative"] as const;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...kinds), fc.nat(3), fc.boolean()), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0, max: 5, noNaN: true })), {
          maxLength: 60,
        }),
        (specs, pairs) => {
          const ns = specs.map(([kind, u, active], i) =>
            node({
              id: `n${i}`,
              kind,
              ownerUnitId: units[u].id,
              status: active ? "active" : "cancelled",
            }),
          );
          // Only child index > parent index: a DAG, as the app guarantees.
          const es = pairs
            .map(([a, b, weight]) => [a % ns.length, b % ns.length, weight] as const)
            .filter(([a, b]) => a > b)
            .map(([a, b, weight]) => edge(`n${a}`, `n${b}`, { weight }));
          const gg = buildGraph(snapshot({ units, nodes: ns, edges: es }));
          const unitIds = units.map((u) => u.id);
          const a = computeHeatmap(gg, { unitIds, via: "objectives" });
          const b = computeHeatmap(gg, { unitIds, via: "rows" });
          a.rows.forEach((row, r) => {
            for (let k = 0; k < row.cells.length; k++) {
              expect(row.cells[k]).toBeCloseTo(b.rows[r].cells[k], 9);
            }
            expect(row.unaligned).toBeCloseTo(b.rows[r].unaligned, 9);
            if (row.items > 0) {
              expect(row.cells.reduce((s, x) => s + x, 0) + row.unaligned).toBeCloseTo(1, 9);
            }
          });
        },
      ),
    );
  });

  it("gives the same numbers over more objectives and rows than one pass takes (8 at a time)", () => {
    // 20 units and 20 objectives: both directions run in three chunks, each starting from
    // zeros (a chunk that kept the last one's sums would tell the two apart).
    const many = [unit("root", null, { name: "Root" })];
    for (let u = 0; u < 20; u++) many.push(unit(`u${u}`, u < 4 ? "root" : `u${u % 4}`));
    const ns: NodeRecord[] = [];
    const es: EdgeRecord[] = [];
    for (let k = 0; k < 20; k++) {
      ns.push(node({ id: `o${k}`, kind: "objective", priority: k, ownerUnitId: "root" }));
    }
    for (let i = 0; i < 120; i++) {
      ns.push(node({ id: `g${i}`, ownerUnitId: `u${(i * 7) % 20}` }));
      es.push(edge(`g${i}`, `o${(i * 3) % 20}`, { weight: 1 + (i % 4) }));
      es.push(edge(`g${i}`, `o${(i * 11 + 5) % 20}`, { weight: 1 }));
      if (i >= 20) es.push(edge(`g${i}`, `g${i % 20}`, { weight: 2 }));
    }
    const gg = buildGraph(snapshot({ units: many, nodes: ns, edges: es }));
    const unitIds = many.map((u) => u.id);
    const a = computeHeatmap(gg, { unitIds, via: "objectives" });
    const b = computeHeatmap(gg, { unitIds, via: "rows" });
    expect(a.objectives).toHaveLength(20);
    expect(a.rows).toHaveLength(21);
    a.rows.forEach((row, r) => {
      for (let k = 0; k < row.cells.length; k++) {
        expect(row.cells[k]).toBeCloseTo(b.rows[r].cells[k], 9);
      }
      if (row.items > 0) {
        expect(row.cells.reduce((s, x) => s + x, 0) + row.unaligned).toBeCloseTo(1, 9);
      }
    });
  });
});
