import type { Bundle } from "../src/core/bundle.js";
import type { OrgSnapshot } from "../src/core/types.js";

/**
 * The engine input a Bundle turns into once loaded: the same derivations as insertBundle
 * (current value, confidence and last check-in from the latest check-in) and loadSnapshot
 * (primary unit = largest share, then lowest unit id). Lets the benchmark time the engine
 * on in-memory data without a database. O(nodes + edges + check-ins + memberships).
 */
export function bundleToSnapshot(b: Bundle): OrgSnapshot {
  const latest = new Map<string, Bundle["checkins"][number]>();
  for (const c of b.checkins) {
    const seen = latest.get(c.nodeId);
    if (!seen || seen.createdAt < c.createdAt) latest.set(c.nodeId, c);
  }
  const primary = new Map<string, { unitId: string; share: number }>();
  for (const m of b.memberships) {
    const seen = primary.get(m.personId);
    if (!seen || m.share > seen.share || (m.share === seen.share && m.unitId < seen.unitId)) {
      primary.set(m.personId, { unitId: m.unitId, share: m.share });
    }
  }
  return {
    units: b.units.map((u) => ({
      id: u.id,
      parentId: u.parentId,
      name: u.name,
      kind: u.kind,
      leaderId: u.leaderId,
      cadenceDays: u.cadenceDays,
    })),
    people: b.people.map((p) => ({
      id: p.id,
      name: p.name,
      managerId: p.managerId,
      primaryUnitId: primary.get(p.id)?.unitId ?? null,
    })),
    nodes: b.nodes.map((n) => {
      const c = latest.get(n.id);
      return {
        id: n.id,
        kind: n.kind,
        title: n.title,
        ownerUnitId: n.ownerUnitId,
        ownerPersonId: n.ownerPersonId,
        cycleId: n.cycleId,
        baseline: n.baseline,
        target: n.target,
        current: c?.value ?? n.current,
        direction: n.direction,
        status: n.status,
        confidence: c?.confidence ?? n.confidence,
        priority: n.priority,
        standalone: n.standalone,
        standaloneReason: n.standaloneReason,
        lastCheckinAt: c?.createdAt ?? null,
        createdAt: n.createdAt,
      };
    }),
    edges: b.edges.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromId: e.fromId,
      toId: e.toId,
      weight: e.weight,
      state: e.state,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    })),
  };
}

/** Cycle dates by id, as the engine's staleness rule wants them. */
export function cycleEnds(b: Bundle): Map<string, { startsOn: string; endsOn: string }> {
  return new Map(b.cycles.map((c) => [c.id, { startsOn: c.startsOn, endsOn: c.endsOn }]));
}
