import { randomUUID } from "node:crypto";
import { AppError } from "../core/errors.js";
import { findOrg, insertOrg, listOrgs, type Organization, updateOrg } from "../db/orgs.repo.js";
import { type Ctx, parse } from "./context.js";
import { OrgCreate, OrgUpdate } from "./schemas.js";

export type { Organization };

export async function getOrg(ctx: Ctx, slugOrId: string): Promise<Organization> {
  const org = await findOrg(ctx.db, slugOrId);
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
