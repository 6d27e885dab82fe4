import { type Kysely, sql } from "kysely";
import type { Edge } from "../../core/records.js";
import { dropUndefined, entityRepo, iso } from "../../platform/db/entity.repo.js";
import type { DB } from "../../platform/db/schema.js";

export const edgesRepo = entityRepo(
  "edges",
  "Edge",
  (r): Edge => ({
    id: r.id,
    kind: r.kind,
    fromId: r.from_id,
    toId: r.to_id,
    weight: r.weight,
    state: r.state,
    note: r.note,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }),
);

export const edgeColumns = (e: Partial<Omit<Edge, "id" | "version" | "createdAt" | "updatedAt">>) =>
  dropUndefined({
    kind: e.kind,
    from_id: e.fromId,
    to_id: e.toId,
    weight: e.weight,
    state: e.state,
    note: e.note,
  });

/**
 * The vertical edges above a node: everything reachable upward from `nodeId` along
 * contributes_to/supports. A new edge child→nodeId closes a loop only through these, so
 * the cycle check reads this small part of the graph instead of the whole organization.
 */
export async function verticalEdgesAbove(
  db: Kysely<DB>,
  orgId: string,
  nodeId: string,
): Promise<{ fromId: string; toId: string }[]> {
  const { rows } = await sql<{ from_id: string; to_id: string }>`
    with recursive up(from_id, to_id) as (
      select from_id, to_id from edges
      where org_id = ${orgId} and from_id = ${nodeId} and kind in ('contributes_to', 'supports')
      union
      select e.from_id, e.to_id from edges e join up on e.from_id = up.to_id
      where e.org_id = ${orgId} and e.kind in ('contributes_to', 'supports')
    )
    select from_id, to_id from up`.execute(db);
  return rows.map((r) => ({ fromId: r.from_id, toId: r.to_id }));
}

/** Edges touching any of the nodes, in either direction. */
export async function edgesOfNodes(
  db: Kysely<DB>,
  orgId: string,
  nodeIds: readonly string[],
): Promise<Edge[]> {
  if (nodeIds.length === 0) return [];
  const rows = await db
    .selectFrom("edges")
    .selectAll()
    .where("org_id", "=", orgId)
    .where((eb) => eb.or([eb("from_id", "in", nodeIds), eb("to_id", "in", nodeIds)]))
    .execute();
  return rows.map((r) => edgesRepo.toRecordOf(r as unknown as Record<string, unknown>));
}
