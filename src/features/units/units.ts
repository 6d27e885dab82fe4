import { randomUUID } from "node:crypto";
import { AppError } from "../../core/errors.js";
import type { Unit } from "../../core/records.js";
import { changedFields, recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx } from "../../platform/context.js";
import { unchanged } from "../../platform/db/entity.repo.js";
import type { Input } from "../../platform/schemas.js";
import { mustDeleteUnit, mustRead, mustWriteUnit } from "../accounts/index.js";
import { unitColumns, unitsRepo } from "./units.repo.js";
import type { UnitCreate, UnitListQuery, UnitUpdate } from "./units.schemas.js";

export async function listUnits(ctx: Ctx, orgId: string, query: Input<typeof UnitListQuery>) {
  await mustRead(ctx, orgId, orgId);
  const q = query;
  return unitsRepo.list(ctx.db, orgId, {
    ...q,
    where: { parent_id: q.parentId },
    search: q.q ? { column: "name", text: q.q } : undefined,
    orderBy: [["name", "asc"]],
  });
}

/** One unit, for anyone who may read the organization. */
export async function getUnit(ctx: Ctx, orgId: string, id: string) {
  await mustRead(ctx, orgId, orgId);
  return unitsRepo.get(ctx.db, orgId, id);
}

export async function createUnit(
  ctx: Ctx,
  orgId: string,
  input: Input<typeof UnitCreate>,
): Promise<Unit> {
  const data = input;
  await mustWriteUnit(ctx, orgId, { id: null, parentId: data.parentId }, "create a unit here");
  return inTx(ctx, async (tx) => {
    const unit = await unitsRepo.insert(tx.db, orgId, { id: randomUUID(), ...unitColumns(data) });
    await recordChange(tx, orgId, {
      action: "create",
      entity: "unit",
      entityId: unit.id,
      after: unit,
    });
    return unit;
  });
}

export async function updateUnit(
  ctx: Ctx,
  orgId: string,
  id: string,
  input: Input<typeof UnitUpdate>,
): Promise<Unit> {
  const { version, ...data } = input;
  return inTx(ctx, async (tx) => {
    const before = await unitsRepo.get(tx.db, orgId, id);
    await mustWriteUnit(tx, orgId, { id, parentId: before.parentId }, "change this unit");
    if (data.parentId !== undefined && data.parentId !== before.parentId) {
      // Moving a unit: it must land under a unit the actor may change too.
      await mustWriteUnit(tx, orgId, { id: null, parentId: data.parentId }, "move the unit there");
    }
    if (changedFields(before, data).length === 0) return unchanged(before, version, "Unit");
    if (data.parentId) await refuseUnitLoop(tx, orgId, id, data.parentId);
    const unit = await unitsRepo.update(tx.db, orgId, id, unitColumns(data), version);
    await recordChange(tx, orgId, {
      action: "update",
      entity: "unit",
      entityId: id,
      before,
      after: unit,
    });
    return unit;
  });
}

export async function deleteUnit(ctx: Ctx, orgId: string, id: string): Promise<void> {
  await inTx(ctx, async (tx) => {
    const before = await unitsRepo.get(tx.db, orgId, id);
    await mustDeleteUnit(tx, orgId, before);
    await unitsRepo.remove(tx.db, orgId, id);
    await recordChange(tx, orgId, { action: "delete", entity: "unit", entityId: id, before });
  });
}

/** A unit cannot be moved under itself or one of its own sub-units. */
async function refuseUnitLoop(ctx: Ctx, orgId: string, id: string, newParentId: string) {
  const rows = await unitsRepo.ancestorsOf(ctx.db, orgId, newParentId);
  const at = rows.findIndex((r) => r.id === id);
  if (at >= 0) {
    const path = [id, ...rows.slice(0, at + 1).map((r) => r.id)];
    throw new AppError(
      "cycle_detected",
      `parentId: moving the unit under ${rows[0].name} would make it its own ancestor.`,
      { path, field: "parentId" },
    );
  }
}
