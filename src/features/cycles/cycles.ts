import { randomUUID } from "node:crypto";
import type { Cycle } from "../../core/records.js";
import { changedFields, recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx, invalidField } from "../../platform/context.js";
import { unchanged } from "../../platform/db/entity.repo.js";
import type { Input, PageQuery } from "../../platform/schemas.js";
import { mustAdminister, mustRead } from "../accounts/index.js";
import { cycleColumns, cyclesRepo } from "./cycles.repo.js";
import type { CycleCreate, CycleUpdate } from "./cycles.schemas.js";

export async function listCycles(ctx: Ctx, orgId: string, query: Input<typeof PageQuery>) {
  await mustRead(ctx, orgId, orgId);
  const q = query;
  return cyclesRepo.list(ctx.db, orgId, {
    ...q,
    orderBy: [
      ["starts_on", "asc"],
      ["kind", "desc"],
    ],
  });
}

/** One cycle, for anyone who may read the organization. */
export async function getCycle(ctx: Ctx, orgId: string, id: string) {
  await mustRead(ctx, orgId, orgId);
  return cyclesRepo.get(ctx.db, orgId, id);
}

export async function createCycle(
  ctx: Ctx,
  orgId: string,
  input: Input<typeof CycleCreate>,
): Promise<Cycle> {
  await mustAdminister(ctx, orgId, "create cycles");
  const data = input;
  if (data.endsOn < data.startsOn) throw invalidField("endsOn", "must not be before startsOn");
  return inTx(ctx, async (tx) => {
    const cycle = await cyclesRepo.insert(tx.db, orgId, {
      id: randomUUID(),
      ...cycleColumns(data),
    });
    await recordChange(tx, orgId, {
      action: "create",
      entity: "cycle",
      entityId: cycle.id,
      after: cycle,
    });
    return cycle;
  });
}

export async function updateCycle(
  ctx: Ctx,
  orgId: string,
  id: string,
  input: Input<typeof CycleUpdate>,
): Promise<Cycle> {
  await mustAdminister(ctx, orgId, "change cycles");
  const { version, ...data } = input;
  return inTx(ctx, async (tx) => {
    const before = await cyclesRepo.get(tx.db, orgId, id);
    if (changedFields(before, data).length === 0) return unchanged(before, version, "Cycle");
    const startsOn = data.startsOn ?? before.startsOn;
    if ((data.endsOn ?? before.endsOn) < startsOn)
      throw invalidField("endsOn", "must not be before startsOn");
    const cycle = await cyclesRepo.update(tx.db, orgId, id, cycleColumns(data), version);
    await recordChange(tx, orgId, {
      action: "update",
      entity: "cycle",
      entityId: id,
      before,
      after: cycle,
    });
    return cycle;
  });
}

export async function deleteCycle(ctx: Ctx, orgId: string, id: string): Promise<void> {
  await mustAdminister(ctx, orgId, "delete cycles");
  await inTx(ctx, async (tx) => {
    const before = await cyclesRepo.get(tx.db, orgId, id);
    await cyclesRepo.remove(tx.db, orgId, id);
    await recordChange(tx, orgId, { action: "delete", entity: "cycle", entityId: id, before });
  });
}
