import { describe, expect, it } from "vitest";
import { checkAcyclic } from "../../../core/cycles.js";
import { VERTICAL_EDGE_KINDS } from "../../../core/types.js";
import { generate, SIZES } from "./generate.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("synthetic enterprise generator", () => {
  const s = generate("S", 7);

  it("is deterministic for a seed and differs across seeds", () => {
    expect(JSON.stringify(generate("S", 7))).toBe(JSON.stringify(s));
    expect(generate("S", 8).organization.id).not.toBe(s.organization.id);
  });

  it("hits the S spec within ±10%", () => {
    const within = (actual: number, spec: number) => {
      expect(actual).toBeGreaterThanOrEqual(spec * 0.9);
      expect(actual).toBeLessThanOrEqual(spec * 1.1);
    };
    within(s.people.length, SIZES.S.people);
    within(s.units.length, SIZES.S.units);
    within(s.nodes.length, SIZES.S.nodes);
    within(s.edges.length, SIZES.S.edges);
  });

  it("has no vertical cycle", () => {
    const vertical = s.edges.filter((e) => VERTICAL_EDGE_KINDS.includes(e.kind));
    expect(vertical.length).toBeGreaterThan(s.nodes.length);
    expect(checkAcyclic(vertical)).toBeNull();
  });

  it("uses unique, v4-shaped ids", () => {
    const ids = [
      s.organization.id,
      ...s.units.map((u) => u.id),
      ...s.people.map((p) => p.id),
      ...s.cycles.map((c) => c.id),
      ...s.nodes.map((n) => n.id),
      ...s.edges.map((e) => e.id),
      ...s.checkins.map((c) => c.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !UUID.test(id))).toEqual([]);
  });

  it("only refers to things that exist", () => {
    const units = new Set(s.units.map((u) => u.id));
    const people = new Set(s.people.map((p) => p.id));
    const cycles = new Set(s.cycles.map((c) => c.id));
    const nodes = new Set(s.nodes.map((n) => n.id));
    const missing: string[] = [];
    const need = (set: Set<string>, id: string | null, what: string) => {
      if (id !== null && !set.has(id)) missing.push(`${what} ${id}`);
    };
    for (const e of s.edges) {
      need(nodes, e.fromId, "edge from");
      need(nodes, e.toId, "edge to");
    }
    for (const u of s.units) {
      need(units, u.parentId, "unit parent");
      need(people, u.leaderId, "unit leader");
    }
    for (const p of s.people) need(people, p.managerId, "manager");
    for (const m of s.memberships) {
      need(people, m.personId, "member");
      need(units, m.unitId, "membership unit");
    }
    for (const n of s.nodes) {
      need(units, n.ownerUnitId, "owner unit");
      need(people, n.ownerPersonId, "owner person");
      need(cycles, n.cycleId, "cycle");
    }
    for (const c of s.checkins) {
      need(nodes, c.nodeId, "check-in node");
      need(people, c.authorId, "check-in author");
    }
    expect(missing).toEqual([]);
  });

  it("keeps the database's rules: one edge per kind and pair, states only on depends_on", () => {
    const pairs = new Set(s.edges.map((e) => `${e.kind} ${e.fromId} ${e.toId}`));
    expect(pairs.size).toBe(s.edges.length);
    const bad = s.edges.filter(
      (e) =>
        e.fromId === e.toId || !(e.weight > 0) || (e.state !== null) !== (e.kind === "depends_on"),
    );
    expect(bad).toEqual([]);
    const shares = new Map<string, number>();
    for (const m of s.memberships) shares.set(m.personId, (shares.get(m.personId) ?? 0) + m.share);
    expect([...shares.values()].filter((total) => Math.abs(total - 1) > 1e-9)).toEqual([]);
    const emails = s.people.map((p) => p.email?.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("has the realistic mix the benchmark promises", () => {
    const kinds = (k: string) => s.edges.filter((e) => e.kind === k).length;
    expect(kinds("contributes_to")).toBeGreaterThan(s.edges.length / 2);
    expect(kinds("supports")).toBeGreaterThan(0);
    expect(kinds("depends_on")).toBeGreaterThan(0);
    const objectives = s.nodes.filter((n) => n.kind === "objective").length;
    expect(objectives).toBeGreaterThanOrEqual(5);
    expect(objectives).toBeLessThanOrEqual(10);
    const withParent = new Set(
      s.edges.filter((e) => VERTICAL_EDGE_KINDS.includes(e.kind)).map((e) => e.fromId),
    );
    const orphans = s.nodes.filter(
      (n) => n.kind === "goal" && !n.standalone && !withParent.has(n.id),
    ).length;
    expect(orphans / s.nodes.length).toBeGreaterThan(0.02);
    expect(orphans / s.nodes.length).toBeLessThan(0.1);
    expect(s.nodes.some((n) => n.ownerUnitId === null && n.ownerPersonId === null)).toBe(true);
    expect(s.checkins.length).toBeGreaterThan(0);
    const depths = new Map<string, number>();
    for (const u of s.units) depths.set(u.id, u.parentId ? depths.get(u.parentId)! + 1 : 0);
    expect(Math.max(...depths.values())).toBeGreaterThanOrEqual(3);
  });
});
