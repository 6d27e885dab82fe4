import { randomUUID } from "node:crypto";
import { AppError } from "../../core/errors.js";
import { recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx } from "../../platform/context.js";
import type { Input } from "../../platform/schemas.js";
import { accountsRepo, mustAdminister, mustRead, prefetchRole } from "../accounts/index.js";
import {
  findOrg,
  getRevision,
  insertOrg,
  listOrgs,
  type Organization,
  updateOrg,
} from "./orgs.repo.js";
import type { OrgCreate, OrgUpdate } from "./orgs.schemas.js";

export type { Organization };

const SLUG_OR_ID = /^[a-z0-9][a-z0-9-]{0,62}$/i;

/** The organization by slug or id, whoever asks: only for deciding what exists. */
async function findOrThrow(ctx: Ctx, slugOrId: string): Promise<Organization> {
  // Anything that cannot be a slug or an id is simply not there: no need to ask the database.
  const org = SLUG_OR_ID.test(slugOrId) ? await findOrg(ctx.db, slugOrId) : null;
  if (!org) {
    throw new AppError("not_found", `Organization "${slugOrId}" was not found.`, { org: slugOrId });
  }
  return org;
}

export const getOrg = (ctx: Ctx, slugOrId: string) => openOrg(ctx, slugOrId);

const revisionMemo = (orgId: string) => `revision-read:${orgId}`;

/**
 * For a request that only reads (orgOf): the organization's revision as read with its row
 * at the start of the request, which every read of this request may use. Not for a request
 * that writes, nor for one that stays open while others write.
 */
export function rememberRevision(ctx: Ctx, org: Organization) {
  ctx.memo.set(revisionMemo(org.id), org.revision);
}

/** The organization's revision: as this read request found it (rememberRevision), or now. */
export function revisionFor(ctx: Ctx, orgId: string): Promise<number> {
  const known = ctx.memo.get(revisionMemo(orgId));
  return typeof known === "number" ? Promise.resolve(known) : getRevision(ctx.db, orgId);
}

/** An organization the acting principal has a role in (else, to them, it does not exist). */
export async function openOrg(ctx: Ctx, slugOrId: string): Promise<Organization> {
  // The acting user's role is read beside the organization (on PostgreSQL one round trip
  // instead of two for every request); a failure there leaves it to mustRead.
  const role = SLUG_OR_ID.test(slugOrId)
    ? prefetchRole(ctx, slugOrId).catch(() => {})
    : Promise.resolve();
  const org = await findOrThrow(ctx, slugOrId).finally(() => role);
  await mustRead(ctx, org.id, slugOrId);
  return org;
}

/** The organizations the acting principal may read. */
export async function allOrgs(ctx: Ctx): Promise<Organization[]> {
  const orgs = await listOrgs(ctx.db);
  const p = ctx.principal;
  if (p.kind === "system" || (p.kind === "user" && p.isAdmin)) return orgs;
  if (p.kind !== "user") return [];
  const mine = new Set(
    ((await accountsRepo.rolesOf(ctx.db, [p.userId])).get(p.userId) ?? []).map((r) => r.orgId),
  );
  return orgs.filter((o) => mine.has(o.id));
}

export async function createOrg(ctx: Ctx, input: Input<typeof OrgCreate>): Promise<Organization> {
  const p = ctx.principal;
  if (!(p.kind === "system" || (p.kind === "user" && p.isAdmin && p.canWrite))) {
    throw new AppError(
      "forbidden",
      "You may not create organizations: only an instance admin may.",
      {
        reason: "only an instance admin may",
      },
    );
  }
  const data = input;
  if (await findOrg(ctx.db, data.slug)) {
    throw new AppError("conflict", `slug: an organization "${data.slug}" already exists.`, {
      field: "slug",
    });
  }
  return inTx(ctx, async (tx) => {
    const org = await insertOrg(tx.db, { id: randomUUID(), ...data });
    await recordChange(tx, org.id, {
      action: "create",
      entity: "organization",
      entityId: org.id,
      after: data,
    });
    return org;
  });
}

export async function editOrg(
  ctx: Ctx,
  org: Organization,
  input: Input<typeof OrgUpdate>,
): Promise<Organization> {
  await mustAdminister(ctx, org.id, "change the organization");
  const patch = input;
  return inTx(ctx, async (tx) => {
    const after = await updateOrg(tx.db, org.id, patch);
    after.revision = await recordChange(tx, org.id, {
      action: "update",
      entity: "organization",
      entityId: org.id,
      before: { name: org.name, vision: org.vision },
      after: { name: after.name, vision: after.vision },
    });
    return after;
  });
}
