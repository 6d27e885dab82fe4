import type { Cycle } from "../../core/records.js";
import type { CycleKind } from "../../core/types.js";
import { entityRepo, iso } from "../../platform/db/entity.repo.js";
import { dropUndefined } from "../units/index.js";

export const cyclesRepo = entityRepo<Cycle>("cycles", "Cycle", (r) => ({
  id: r.id as string,
  parentId: r.parent_id as string | null,
  name: r.name as string,
  kind: r.kind as CycleKind,
  startsOn: String(r.starts_on),
  endsOn: String(r.ends_on),
  version: r.version as number,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
}));

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
