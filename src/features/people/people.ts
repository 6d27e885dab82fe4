import { randomUUID } from "node:crypto";
import { AppError } from "../../core/errors.js";
import type { Person } from "../../core/records.js";
import { changedFields, recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx, invalidField } from "../../platform/context.js";
import { unchanged } from "../../platform/db/entity.repo.js";
import type { Input } from "../../platform/schemas.js";
import { mustAdminister, mustRead } from "../accounts/index.js";
import { peopleRepo, personColumns } from "./people.repo.js";
import type { PersonCreate, PersonListQuery, PersonUpdate } from "./people.schemas.js";

export async function listPeople(ctx: Ctx, orgId: string, query: Input<typeof PersonListQuery>) {
  await mustRead(ctx, orgId, orgId);
  const q = query;
  if (q.unitId) return peopleRepo.listInUnit(ctx.db, orgId, q.unitId, q);
  return peopleRepo.list(ctx.db, orgId, {
    ...q,
    where: { manager_id: q.managerId },
    search: q.q ? { column: "name", text: q.q } : undefined,
    orderBy: [["name", "asc"]],
  });
}

/** One person, for anyone who may read the organization. */
export async function getPerson(ctx: Ctx, orgId: string, id: string) {
  await mustRead(ctx, orgId, orgId);
  return peopleRepo.get(ctx.db, orgId, id);
}

function checkShares(memberships: { unitId: string; share: number }[]) {
  const total = memberships.reduce((s, m) => s + m.share, 0);
  if (total > 1 + 1e-9)
    throw invalidField("memberships", `shares add up to ${total.toFixed(2)}; at most 1`);
  if (new Set(memberships.map((m) => m.unitId)).size !== memberships.length) {
    throw invalidField("memberships", "a unit is listed twice");
  }
}

export async function createPerson(
  ctx: Ctx,
  orgId: string,
  input: Input<typeof PersonCreate>,
): Promise<Person> {
  await mustAdminister(ctx, orgId, "add people");
  const { memberships, ...data } = input;
  checkShares(memberships);
  return inTx(ctx, async (tx) => {
    const id = randomUUID();
    await peopleRepo.insert(tx.db, orgId, { id, ...personColumns(data) });
    await peopleRepo.setMemberships(tx.db, orgId, id, memberships);
    const person = await peopleRepo.get(tx.db, orgId, id);
    await recordChange(tx, orgId, {
      action: "create",
      entity: "person",
      entityId: id,
      after: person,
    });
    return person;
  });
}

export async function updatePerson(
  ctx: Ctx,
  orgId: string,
  id: string,
  input: Input<typeof PersonUpdate>,
): Promise<Person> {
  await mustAdminister(ctx, orgId, "change people");
  const { version, memberships, ...data } = input;
  if (memberships) checkShares(memberships);
  return inTx(ctx, async (tx) => {
    if (data.managerId) await refuseManagerLoop(tx, orgId, id, data.managerId);
    const before = await peopleRepo.get(tx.db, orgId, id);
    if (changedFields(before, { ...data, memberships }).length === 0) {
      return unchanged(before, version, "Person");
    }
    await peopleRepo.update(tx.db, orgId, id, personColumns(data), version);
    if (memberships) await peopleRepo.setMemberships(tx.db, orgId, id, memberships);
    const person = await peopleRepo.get(tx.db, orgId, id);
    await recordChange(tx, orgId, {
      action: "update",
      entity: "person",
      entityId: id,
      before,
      after: person,
    });
    return person;
  });
}

export async function deletePerson(ctx: Ctx, orgId: string, id: string): Promise<void> {
  await mustAdminister(ctx, orgId, "remove people");
  await inTx(ctx, async (tx) => {
    const before = await peopleRepo.get(tx.db, orgId, id);
    await peopleRepo.remove(tx.db, orgId, id);
    await recordChange(tx, orgId, { action: "delete", entity: "person", entityId: id, before });
  });
}

/** Nobody can end up managing themselves through the chain. */
async function refuseManagerLoop(ctx: Ctx, orgId: string, id: string, managerId: string) {
  const rows = await peopleRepo.managerChainOf(ctx.db, orgId, managerId);
  const at = rows.findIndex((r) => r.id === id);
  if (at >= 0) {
    throw new AppError(
      "cycle_detected",
      "managerId: this person would end up managing themselves.",
      {
        path: [id, ...rows.slice(0, at + 1).map((r) => r.id)],
        field: "managerId",
      },
    );
  }
}
