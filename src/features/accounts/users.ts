import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { ROLES } from "../../core/policy.js";
import { type Ctx, inTx, parse } from "../../platform/context.js";
import { peopleRepo } from "../people/index.js";
import { mustAdminister, mustReadAsAdmin } from "./access.js";
import { accountsRepo } from "./accounts.repo.js";
import { createUser, Email, generatePassword, Password } from "./auth.js";

/**
 * An organization's accounts, managed by its admins: who may sign in, with which role,
 * and which person of the org chart they are.
 */

export const OrgUserCreate = z.object({
  email: Email,
  name: z.string().trim().min(1, "must not be empty").max(200),
  role: z.enum(ROLES),
  personId: z.uuid().nullable().default(null),
  /** Leave out to have one generated; it is returned once. */
  password: Password.optional(),
});
export const OrgUserUpdate = z
  .object({ role: z.enum(ROLES).optional(), personId: z.uuid().nullable().optional() })
  .strict();

export interface OrgUser {
  id: string;
  email: string;
  name: string;
  role: (typeof ROLES)[number];
  personId: string | null;
  isAdmin: boolean;
  disabled: boolean;
}

async function checkPerson(ctx: Ctx, orgId: string, personId: string | null) {
  if (personId === null) return;
  const found = await peopleRepo.many(ctx.db, orgId, [personId]);
  if (found.length === 0) {
    throw new AppError(
      "validation_failed",
      `personId: person ${personId} is not in this organization.`,
      {
        issues: [{ path: "personId", message: "no such person in this organization" }],
      },
    );
  }
}

export async function listOrgUsers(ctx: Ctx, orgId: string): Promise<OrgUser[]> {
  await mustReadAsAdmin(ctx, orgId, "see the organization's accounts");
  const users = await accountsRepo.list(ctx.db, orgId);
  return users.map((u) => {
    const r = u.roles.find((x) => x.orgId === orgId)!;
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: r.role,
      personId: r.personId,
      isAdmin: u.isAdmin,
      disabled: u.disabled,
    };
  });
}

/**
 * Gives someone a role in the organization, creating their account when the e-mail is new
 * (with the given password, or a generated one returned this once).
 */
export async function addOrgUser(
  ctx: Ctx,
  orgId: string,
  input: unknown,
): Promise<{ user: OrgUser; password: string | null }> {
  await mustAdminister(ctx, orgId, "add accounts");
  const data = parse(OrgUserCreate, input);
  await checkPerson(ctx, orgId, data.personId);
  return inTx(ctx, async (tx) => {
    let user = await accountsRepo.byEmail(tx.db, data.email);
    let password: string | null = null;
    if (!user) {
      password = data.password ?? generatePassword();
      const created = await createUser(tx, { email: data.email, name: data.name, password });
      user = { ...created, passwordHash: "" };
      if (data.password) password = null;
    } else if (await accountsRepo.roleIn(tx.db, user.id, orgId)) {
      throw new AppError("conflict", `email: ${data.email} already has a role here.`, {
        issues: [{ path: "email", message: "already has a role in this organization" }],
      });
    }
    await accountsRepo.setRole(tx.db, user.id, orgId, data.role, data.personId);
    return {
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: data.role,
        personId: data.personId,
        isAdmin: user.isAdmin,
        disabled: user.disabled,
      },
      password,
    };
  });
}

export async function updateOrgUser(
  ctx: Ctx,
  orgId: string,
  userId: string,
  input: unknown,
): Promise<OrgUser> {
  await mustAdminister(ctx, orgId, "change accounts");
  const data = parse(OrgUserUpdate, input);
  const current = await accountsRepo.roleIn(ctx.db, userId, orgId);
  const user = await accountsRepo.byId(ctx.db, userId);
  if (!current || !user) {
    throw new AppError("not_found", `Account ${userId} has no role here.`, { id: userId });
  }
  const personId = data.personId === undefined ? current.personId : data.personId;
  await checkPerson(ctx, orgId, personId);
  const role = data.role ?? current.role;
  await accountsRepo.setRole(ctx.db, userId, orgId, role, personId);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role,
    personId,
    isAdmin: user.isAdmin,
    disabled: user.disabled,
  };
}

export async function removeOrgUser(ctx: Ctx, orgId: string, userId: string): Promise<void> {
  await mustAdminister(ctx, orgId, "remove accounts");
  if (ctx.principal.kind === "user" && ctx.principal.userId === userId) {
    throw new AppError("conflict", "You cannot remove your own role; ask another admin.", null);
  }
  if (!(await accountsRepo.roleIn(ctx.db, userId, orgId))) {
    throw new AppError("not_found", `Account ${userId} has no role here.`, { id: userId });
  }
  await accountsRepo.removeRole(ctx.db, userId, orgId);
}
