import type {
  CycleKind,
  DependencyState,
  Direction,
  EdgeKind,
  NodeKind,
  NodeStatus,
  OrgSnapshot,
  UnitKind,
} from "./types.js";

/**
 * A whole organization as plain data: what the demo builder and the benchmark generator
 * produce, what JSON export writes and what the loader inserts in one transaction.
 * Ids are UUIDs chosen by the producer; timestamps are ISO strings.
 */
export interface Bundle {
  organization: { id: string; slug: string; name: string; vision: string };
  units: {
    id: string;
    parentId: string | null;
    name: string;
    kind: UnitKind;
    leaderId: string | null;
    cadenceDays: number;
  }[];
  people: {
    id: string;
    externalId: string | null;
    name: string;
    email: string | null;
    title: string;
    managerId: string | null;
  }[];
  memberships: { personId: string; unitId: string; share: number }[];
  cycles: {
    id: string;
    parentId: string | null;
    name: string;
    kind: CycleKind;
    startsOn: string;
    endsOn: string;
  }[];
  nodes: {
    id: string;
    kind: NodeKind;
    title: string;
    description: string;
    ownerUnitId: string | null;
    ownerPersonId: string | null;
    cycleId: string | null;
    baseline: number | null;
    target: number | null;
    current: number | null;
    metricUnit: string | null;
    direction: Direction;
    status: NodeStatus;
    confidence: number | null;
    priority: number | null;
    standalone: boolean;
    standaloneReason: string | null;
    createdAt: string;
  }[];
  edges: {
    id: string;
    kind: EdgeKind;
    fromId: string;
    toId: string;
    weight: number;
    state: DependencyState | null;
    note: string;
    createdAt: string;
    updatedAt: string;
  }[];
  /** A node's current value and last check-in time follow from its latest check-in. */
  checkins: {
    id: string;
    nodeId: string;
    value: number | null;
    confidence: number | null;
    note: string;
    authorId: string | null;
    /** Private notes are kept from those who may not read them (src/app/access.ts). */
    private?: boolean;
    createdAt: string;
  }[];
}

/**
 * The engine's view of a Bundle, without a database: what `loadSnapshot` would read back
 * after `insertBundle`. A node's current value, confidence and last check-in time come from
 * its latest check-in (falling back to the node's own value and confidence, as the loader
 * does); a person's primary unit is the membership with the largest share (ties: the
 * smallest unit id, as the snapshot reader orders them). O(n) in the size of the bundle.
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
