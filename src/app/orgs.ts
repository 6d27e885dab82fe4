import { randomUUID } from "node:crypto";
import { AppError } from "../core/errors.js";
import { findOrg, insertOrg, listOrgs, type Organization, updateOrg } from "../db/orgs.repo.js";
import { type Ctx, parse } from "./context.js";
import { OrgCreate, OrgUpdate } from "./schemas.js";

export type { Organization };

const SLUG_OR_ID = /^[a-z0-9][a-z0-9-]{0,62}$/i;

export async function getOrg(ctx: Ctx, slugOrId: string): Promise<Organization> {
  // Anything that cannot be a slug or an id is simply not there: no need to ask the database.
  const org = SLUG_OR_ID.test(slugOrId) ? await findOrg(ctx.db, slugOrId) : null;
  if (!org) {
    throw new AppError("not_found", `Organization "${slugOrId}" was not found.`, { org: slugOrId });
  }
  return org;
}

export const allOrgs = (ctx: Ctx) => listOrgs(ctx.db);

export async function createOrg(ctx: Ctx, input: unknown): Promise<Organization> {
  const data = parse(OrgCreate, input);
  if (await findOrg(ctx.db, data.slug)) {
    throw new AppError("conflict", `slug: an organization "${data.slug}" already exists.`, {
      field: "slug",
    });
  }
  return insertOrg(ctx.db, { id: randomUUID(), ...data });
}

export async function editOrg(ctx: Ctx, org: Organization, input: unknown): Promise<Organization> {
  return updateOrg(ctx.db, org.id, parse(OrgUpdate, input));
}
