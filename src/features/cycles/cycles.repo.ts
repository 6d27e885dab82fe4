import type { Cycle } from "../../core/records.js";
import { dropUndefined, entityRepo, iso } from "../../platform/db/entity.repo.js";

export const cyclesRepo = entityRepo(
  "cycles",
  "Cycle",
  (r): Cycle => ({
    id: r.id,
    parentId: r.parent_id,
    name: r.name,
    kind: r.kind,
    startsOn: String(r.starts_on),
    endsOn: String(r.ends_on),
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }),
);

export const cycleColumns = (
  c: Partial<Omit<Cycle, "id" | "version" | "createdAt" | "updatedAt">>,
) =>
  dropUndefined({
    parent_id: c.parentId,
    name: c.name,
    kind: c.kind,
    starts_on: c.startsOn,
    ends_on: c.endsOn,
  });
