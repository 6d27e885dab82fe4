import { describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import { bundleToSnapshot } from "../../core/bundle.js";
import { analyze } from "../../core/engine.js";
import { DEPENDENCY_STATES, type OrgSnapshot } from "../../core/types.js";
import { insertBundle } from "../../platform/db/bundle.repo.js";
import { loadSnapshot } from "../alignment/index.js";
import { buildStrideDemo } from "./stride.js";

const NOW = new Date("2026-05-14T09:30:00.000Z");
const DAY = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("the Stride Athletics demo", () => {
  const b = buildStrideDemo(NOW);

  it("is the same organization every time for the same now", () => {
    expect(buildStrideDemo(new Date(NOW))).toEqual(b);
    // Only the timestamps move with `now`; ids and content stay.
    const later = buildStrideDemo(new Date(NOW.getTime() + 40 * DAY));
    expect(later.nodes.map((n) => [n.id, n.title])).toEqual(b.nodes.map((n) => [n.id, n.title]));
    expect(later.people).toEqual(b.people);
    expect(later.checkins.map((c) => c.value)).toEqual(b.checkins.map((c) => c.value));
  });

  it("is a running-shoe maker of about 150 people in six departments", () => {
    expect(b.organization).toMatchObject({ slug: "stride", name: "Stride Athletics" });
    expect(b.organization.vision.length).toBeGreaterThan(20);
    expect(b.people.length).toBeGreaterThanOrEqual(140);
    expect(b.people.length).toBeLessThanOrEqual(160);
    const departments = b.units.filter((u) => u.kind === "department");
    expect(departments.map((d) => d.name)).toEqual(
      expect.arrayContaining(["Production", "Marketing", "Distribution", "Retail Sales", "IT"]),
    );
    expect(departments).toHaveLength(6);
    const company = b.units.filter((u) => u.kind === "company");
    expect(company).toHaveLength(1);
    for (const d of departments) {
      const teams = b.units.filter((u) => u.parentId === d.id);
      expect(teams.length).toBeGreaterThanOrEqual(2);
      expect(teams.length).toBeLessThanOrEqual(3);
    }
    const jack = b.people.find((p) => p.name === "Jack Morales");
    expect(b.units.find((u) => u.name === "Production")?.leaderId).toBe(jack?.id);
    expect(b.nodes.find((n) => n.title === "Raise running-shoe output")?.ownerPersonId).toBe(
      jack?.id,
    );
    expect(new Set(b.people.map((p) => p.email)).size).toBe(b.people.length);
  });

  it("has the current year and its four quarters", () => {
    const year = b.cycles.find((c) => c.kind === "year")!;
    expect(year).toMatchObject({ name: "2026", startsOn: "2026-01-01", endsOn: "2026-12-31" });
    const quarters = b.cycles.filter((c) => c.kind === "quarter");
    expect(quarters.map((q) => [q.name, q.startsOn, q.endsOn, q.parentId])).toEqual([
      ["Q1 2026", "2026-01-01", "2026-03-31", year.id],
      ["Q2 2026", "2026-04-01", "2026-06-30", year.id],
      ["Q3 2026", "2026-07-01", "2026-09-30", year.id],
      ["Q4 2026", "2026-10-01", "2026-12-31", year.id],
    ]);
    expect(buildStrideDemo(new Date("2024-02-10T00:00:00Z")).cycles[1]?.endsOn).toBe("2024-03-31");
  });

  it("uses unique UUIDs and refers only to records that exist", () => {
    const ids = [
      b.organization.id,
      ...b.units.map((u) => u.id),
      ...b.people.map((p) => p.id),
      ...b.cycles.map((c) => c.id),
      ...b.nodes.map((n) => n.id),
      ...b.edges.map((e) => e.id),
      ...b.checkins.map((c) => c.id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID);

    const units = new Set(b.units.map((u) => u.id));
    const people = new Set(b.people.map((p) => p.id));
    const nodes = new Set(b.nodes.map((n) => n.id));
    const cycles = new Set(b.cycles.map((c) => c.id));
    const missing: string[] = [];
    const need = (set: Set<string>, id: string | null, what: string) => {
      if (id !== null && !set.has(id)) missing.push(`${what} ${id}`);
    };
    for (const u of b.units) {
      need(units, u.parentId, "unit parent");
      need(people, u.leaderId, "unit leader");
      expect(u.leaderId).not.toBeNull();
    }
    for (const p of b.people) need(people, p.managerId, "manager");
    for (const m of b.memberships) {
      need(people, m.personId, "member");
      need(units, m.unitId, "membership unit");
    }
    for (const c of b.cycles) need(cycles, c.parentId, "cycle parent");
    for (const n of b.nodes) {
      need(units, n.ownerUnitId, "owner unit");
      need(people, n.ownerPersonId, "owner person");
      need(cycles, n.cycleId, "cycle");
    }
    for (const e of b.edges) {
      need(nodes, e.fromId, "edge from");
      need(nodes, e.toId, "edge to");
    }
    for (const c of b.checkins) {
      need(nodes, c.nodeId, "check-in node");
      need(people, c.authorId, "check-in author");
    }
    expect(missing).toEqual([]);
  });

  it("gives everyone a home: memberships adding up to 1 and a manager who leads their unit", () => {
    const leaderOf = new Map(b.units.map((u) => [u.id, u.leaderId]));
    const parentOf = new Map(b.units.map((u) => [u.id, u.parentId]));
    const unitsOf = (personId: string) =>
      b.memberships.filter((m) => m.personId === personId).map((m) => m.unitId);
    expect(b.people.filter((p) => p.managerId === null)).toHaveLength(1);
    let split = 0;
    for (const p of b.people) {
      const ms = b.memberships.filter((m) => m.personId === p.id);
      expect(ms.reduce((s, m) => s + m.share, 0)).toBeCloseTo(1);
      if (ms.length > 1) split++;
      if (p.managerId === null) continue;
      // A member reports to the leader of their unit; a leader to someone in the unit above.
      const ok = ms.some((m) => {
        if (leaderOf.get(m.unitId) !== p.id) return leaderOf.get(m.unitId) === p.managerId;
        const parent = parentOf.get(m.unitId);
        return parent != null && unitsOf(p.managerId!).includes(parent);
      });
      expect(ok, p.name).toBe(true);
    }
    expect(split).toBeGreaterThanOrEqual(2);
  });

  it("has a strategy cascading down to people, with KPIs and change initiatives", () => {
    const count = (k: string) => b.nodes.filter((n) => n.kind === k).length;
    expect(count("objective")).toBe(4);
    expect(count("key_result")).toBeGreaterThanOrEqual(8);
    expect(count("kpi")).toBeGreaterThanOrEqual(3);
    expect(count("initiative")).toBeGreaterThanOrEqual(2);
    const personal = b.nodes.filter(
      (n) => n.kind === "goal" && n.ownerUnitId === null && n.ownerPersonId,
    );
    expect(personal.length).toBeGreaterThanOrEqual(30);
    expect(personal.length).toBeLessThanOrEqual(40);
    const krs = b.nodes.filter((n) => n.kind === "key_result" && n.target !== null);
    expect(krs.some((n) => n.direction === "decrease")).toBe(true);
    // Some goals serve two parents with weights.
    const up = new Map<string, number>();
    for (const e of b.edges)
      if (e.kind === "contributes_to") up.set(e.fromId, (up.get(e.fromId) ?? 0) + 1);
    expect([...up.values()].filter((k) => k > 1).length).toBeGreaterThanOrEqual(3);
    expect(b.edges.some((e) => e.kind === "supports")).toBe(true);
    const statuses = new Set(b.nodes.map((n) => n.status));
    expect([...statuses].sort()).toEqual(["active", "cancelled", "done", "draft"]);
  });

  it("has no cycle of vertical edges", () => {
    const up = new Map<string, string[]>();
    for (const e of b.edges) {
      if (e.kind === "depends_on") continue;
      up.set(e.fromId, [...(up.get(e.fromId) ?? []), e.toId]);
    }
    const state = new Map<string, 1 | 2>(); // 1 = on the path, 2 = finished
    const visit = (v: string): boolean => {
      if (state.get(v) === 2) return false;
      if (state.get(v) === 1) return true;
      state.set(v, 1);
      for (const w of up.get(v) ?? []) if (visit(w)) return true;
      state.set(v, 2);
      return false;
    };
    expect(b.nodes.some((n) => visit(n.id))).toBe(false);
  });

  it("has dependencies in every state, and only between nodes of different units", () => {
    const deps = b.edges.filter((e) => e.kind === "depends_on");
    expect(new Set(deps.map((d) => d.state))).toEqual(new Set(DEPENDENCY_STATES));
    const stalled = deps.filter(
      (d) => d.state === "requested" && NOW.getTime() - Date.parse(d.updatedAt) > 14 * DAY,
    );
    expect(stalled).toHaveLength(1);
    for (const e of b.edges) expect(e.state === null).toBe(e.kind !== "depends_on");
  });

  it("has recent check-ins on active metric goals, except a few that went stale", () => {
    const latest = new Map<string, string>();
    for (const c of b.checkins) {
      const t = Date.parse(c.createdAt);
      expect(t).toBeLessThan(NOW.getTime());
      expect(c.confidence === null || (c.confidence >= 0 && c.confidence <= 1)).toBe(true);
      if ((latest.get(c.nodeId) ?? "") < c.createdAt) latest.set(c.nodeId, c.createdAt);
    }
    expect(b.checkins.length).toBeGreaterThan(1000);
    const metricGoals = b.nodes.filter(
      (n) => n.status === "active" && n.target !== null && n.kind !== "objective",
    );
    const age = (id: string) => (NOW.getTime() - Date.parse(latest.get(id)!)) / DAY;
    for (const n of metricGoals) expect(latest.has(n.id), n.title).toBe(true);
    const stale = metricGoals.filter((n) => age(n.id) > 30);
    const fresh = metricGoals.filter((n) => age(n.id) <= 7);
    expect(stale.length).toBeGreaterThanOrEqual(3);
    expect(stale.length + fresh.length).toBe(metricGoals.length);
    // Two quarters of history on the strategic metrics.
    const oldest = Math.min(...b.checkins.map((c) => Date.parse(c.createdAt)));
    expect((NOW.getTime() - oldest) / DAY).toBeGreaterThan(170);
  });

  it("shows every alignment finding, with at least one error", () => {
    const { findings } = analyze(bundleToSnapshot(b), { now: NOW });
    const rules = new Set(findings.map((f) => f.rule));
    for (const rule of [
      "orphan",
      "unowned",
      "stale_checkin",
      "dependency_at_risk",
      "too_many_goals",
      "no_metric",
      "low_confidence",
    ]) {
      expect(rules, rule).toContain(rule);
    }
    expect(findings.some((f) => f.severity === "error")).toBe(true);
    const tooMany = findings.filter((f) => f.rule === "too_many_goals");
    expect(tooMany.map((f) => f.subject.title)).toEqual(["Assembly"]);
  });

  it("shows the same findings whenever it is loaded", () => {
    const later = new Date(NOW.getTime() + 200 * DAY);
    const summary = (now: Date) =>
      analyze(bundleToSnapshot(buildStrideDemo(now)), { now })
        .findings.map((f) => `${f.rule}:${f.severity}:${f.subject.title}`)
        .sort();
    expect(summary(later)).toEqual(summary(NOW));
  });

  it("loads into the database in one go, and reads back as bundleToSnapshot says", async () => {
    const database = await testDatabase();
    try {
      await insertBundle(database.db, b);
      const byId = <T extends { id: string }>(xs: T[]) =>
        [...xs].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      const sorted = (s: OrgSnapshot) => ({
        units: byId(s.units),
        people: byId(s.people),
        nodes: byId(s.nodes),
        edges: byId(s.edges),
      });
      const read = await loadSnapshot(database.db, b.organization.id);
      expect(sorted(read)).toEqual(sorted(bundleToSnapshot(b)));
    } finally {
      await database.close();
    }
  });
});
