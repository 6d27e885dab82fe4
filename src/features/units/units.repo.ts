import type { Unit } from "../../core/records.js";
import type { UnitKind } from "../../core/types.js";
import { entityRepo, iso } from "../../platform/db/entity.repo.js";

export const unitsRepo = entityRepo<Unit>("units", "Unit", (r) => ({
  id: r.id as string,
  parentId: r.parent_id as string | null,
  name: r.name as string,
  kind: r.kind as UnitKind,
  leaderId: r.leader_id as string | null,
  cadenceDays: r.cadence_days as number,
  version: r.version as number,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
}));

export const unitColumns = (u: Partial<Omit<Unit, "id" | "version" | "createdAt" | "updatedAt">>) =>
  dropUndefined({
    parent_id: u.parentId,
    name: u.name,
    kind: u.kind,
    leader_id: u.leaderId,
    cadence_days: u.cadenceDays,
  });

export function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
