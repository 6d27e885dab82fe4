import { type Kysely, sql } from "kysely";
import type {
  DependencyState,
  Direction,
  EdgeKind,
  EdgeRecord,
  NodeKind,
  NodeRecord,
  NodeStatus,
  OrgSnapshot,
  UnitKind,
  UnitRecord,
} from "../../core/types.js";
import type { DB } from "../../platform/db/schema.js";

const iso = (d: Date | string | null): string | null =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

/**
 * Reads everything the engine needs about one organization: four queries, only the
 * columns the engine uses, no joins on the big tables.
 */
export interface SnapshotFilter {
  /** Only these nodes (and no units, people or edges unless asked for below). */
  nodeIds?: string[];
  /** Only these edges … */
  edgeIds?: string[];
  /** … and every edge with an end among these nodes. */
  edgesTouching?: string[];
}

export async function loadSnapshot(
  db: Kysely<DB>,
  orgId: string,
  filter?: SnapshotFilter,
): Promise<OrgSnapshot> {
  const whole = filter === undefined;
  const nodeIds = filter?.nodeIds ?? [];
  const edgeIds = filter?.edgeIds ?? [];
  const touching = filter?.edgesTouching ?? [];
  const none = Promise.resolve([] as never[]);
  const [units, people, primary, nodes, edges] = await Promise.all([
    !whole
      ? none
      : db
          .selectFrom("units")
          .select(["id", "parent_id", "name", "kind", "leader_id", "cadence_days"])
          .where("org_id", "=", orgId)
          .execute(),
    !whole
      ? none
      : db
          .selectFrom("people")
          .select(["id", "name", "manager_id"])
          .where("org_id", "=", orgId)
          .execute(),
    !whole
      ? Promise.resolve({ rows: [] as { person_id: string; unit_id: string }[] })
      : sql<{ person_id: string; unit_id: string }>`
      select distinct on (person_id) person_id, unit_id from memberships
      where org_id = ${orgId} order by person_id, share desc, unit_id`.execute(db),
    !whole && nodeIds.length === 0
      ? none
      : db
          .selectFrom("nodes")
          .select([
            "id",
            "kind",
            "title",
            "owner_unit_id",
            "owner_person_id",
            "cycle_id",
            "baseline",
            "target",
            "current",
            "direction",
            "status",
            "confidence",
            "priority",
            "standalone",
            "standalone_reason",
            "last_checkin_at",
            "created_at",
          ])
          .where("org_id", "=", orgId)
          .$if(!whole, (q) => q.where("id", "in", nodeIds))
          .execute(),
    !whole && edgeIds.length === 0 && touching.length === 0
      ? none
      : db
          .selectFrom("edges")
          .select(["id", "kind", "from_id", "to_id", "weight", "state", "created_at", "updated_at"])
          .where("org_id", "=", orgId)
          .$if(!whole, (q) =>
            q.where((eb) =>
              eb.or([
                ...(edgeIds.length ? [eb("id", "in", edgeIds)] : []),
                ...(touching.length
                  ? [eb("from_id", "in", touching), eb("to_id", "in", touching)]
                  : []),
              ]),
            ),
          )
          .execute(),
  ]);
  const primaryUnit = new Map(primary.rows.map((r) => [r.person_id, r.unit_id]));
  return {
    units: units.map(unitRecordOf),
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      managerId: p.manager_id,
      primaryUnitId: primaryUnit.get(p.id) ?? null,
    })),
    nodes: nodes.map(nodeRecordOf),
    edges: edges.map(edgeRecordOf),
  };
}

/** The columns the engine reads of each table, by their database names. */
type Time = Date | string;
export interface UnitRowIn {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  leader_id: string | null;
  cadence_days: number;
}
export interface NodeRowIn {
  id: string;
  kind: string;
  title: string;
  owner_unit_id: string | null;
  owner_person_id: string | null;
  cycle_id: string | null;
  baseline: number | null;
  target: number | null;
  current: number | null;
  direction: string;
  status: string;
  confidence: number | null;
  priority: number | null;
  standalone: boolean;
  standalone_reason: string | null;
  last_checkin_at: Time | null;
  created_at: Time;
}
export interface EdgeRowIn {
  id: string;
  kind: string;
  from_id: string;
  to_id: string;
  weight: number;
  state: string | null;
  created_at: Time;
  updated_at: Time;
}

/** A unit row (or its JSON) as the engine's record. */
export const unitRecordOf = (u: UnitRowIn): UnitRecord => ({
  id: u.id,
  parentId: u.parent_id,
  name: u.name,
  kind: u.kind as UnitKind,
  leaderId: u.leader_id,
  cadenceDays: u.cadence_days,
});

/** A node row (or its JSON, timestamps as strings) as the engine's record. */
export const nodeRecordOf = (n: NodeRowIn): NodeRecord => ({
  id: n.id,
  kind: n.kind as NodeKind,
  title: n.title,
  ownerUnitId: n.owner_unit_id,
  ownerPersonId: n.owner_person_id,
  cycleId: n.cycle_id,
  baseline: n.baseline,
  target: n.target,
  current: n.current,
  direction: n.direction as Direction,
  status: n.status as NodeStatus,
  confidence: n.confidence,
  priority: n.priority,
  standalone: n.standalone,
  standaloneReason: n.standalone_reason,
  lastCheckinAt: iso(n.last_checkin_at),
  createdAt: iso(n.created_at)!,
});

/** An edge row (or its JSON) as the engine's record. */
export const edgeRecordOf = (e: EdgeRowIn): EdgeRecord => ({
  id: e.id,
  kind: e.kind as EdgeKind,
  fromId: e.from_id,
  toId: e.to_id,
  weight: e.weight,
  state: e.state as DependencyState | null,
  createdAt: iso(e.created_at)!,
  updatedAt: iso(e.updated_at)!,
});
