import { sql } from "kysely";
import type { Unit } from "../../core/records.js";
import { dropUndefined, entityRepo, iso } from "../../platform/db/entity.repo.js";
import type { Db } from "../../platform/db/schema.js";

const base = entityRepo(
  "units",
  "Unit",
  (r): Unit => ({
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind,
    leaderId: r.leader_id,
    cadenceDays: r.cadence_days,
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }),
);

export const unitsRepo = {
  ...base,
  /** A unit and the units above it, nearest first (one recursive query). */
  async ancestorsOf(db: Db, orgId: string, unitId: string) {
    const newParentId = unitId;
    const { rows } = await sql<{ id: string; name: string }>`
    with recursive up(id, parent_id, name, depth) as (
      select id, parent_id, name, 0 from units where org_id = ${orgId} and id = ${newParentId}
      union all
      select u.id, u.parent_id, u.name, up.depth + 1 from units u join up on u.id = up.parent_id
      where u.org_id = ${orgId} and up.depth < 10000
    )
    select id, name from up order by depth`.execute(db);
    return rows;
  },
};

export const unitColumns = (u: Partial<Omit<Unit, "id" | "version" | "createdAt" | "updatedAt">>) =>
  dropUndefined({
    parent_id: u.parentId,
    name: u.name,
    kind: u.kind,
    leader_id: u.leaderId,
    cadence_days: u.cadenceDays,
  });
