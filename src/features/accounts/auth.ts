import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { ROLES, type Role } from "../../core/policy.js";
import { type Ctx, inTx, invalidField, type Principal, parse } from "../../platform/context.js";
import { listOrgs } from "../orgs/index.js";
import { accountsRepo, type TokenRecord, type UserRecord, type UserRole } from "./accounts.repo.js";

/**
 * Accounts: first-run set-up, sign-in with e-mail and password (argon2id), sessions kept
 * in the database, password changes and API tokens. Session ids and tokens are random
 * secrets the client holds; the database keeps only their SHA-256.
 */

export const SESSION_DAYS = 14;
const TOKEN_PREFIX = "acc_";

export const Email = z.email("must be an e-mail address").max(254);
export const Password = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters");
const Name = z.string().trim().min(1, "must not be empty").max(200);

export const SetupInput = z.object({
  email: Email,
  name: Name,
  password: Password,
  /** The one-time code the server printed at start (when it asks for one). */
  code: z.string().max(100).optional(),
});
export const SignInInput = z.object({
  email: z.string().max(254),
  password: z.string().max(200),
});
export const PasswordChange = z.object({
  currentPassword: z.string().max(200),
  newPassword: Password,
});
export const TokenCreate = z.object({
  name: Name.max(100),
  scope: z.enum(["read", "write"]).default("read"),
  expiresAt: z.iso
    .datetime({ offset: true, message: "must be a date and time, e.g. 2027-01-31T00:00:00Z" })
    .optional()
    .describe("When the token stops working (in the future); without it, it never expires."),
});
/** A token's last use is recorded at most this often, so reads do not write every time. */
const TOKEN_TOUCH_MS = 60_000;

// argon2id, OWASP's recommended minimum (19 MiB, 2 passes).
const ARGON = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (password: string) => argonHash(password, ARGON);
export const sha256 = (secret: string) => createHash("sha256").update(secret).digest("hex");
const secret = () => randomBytes(32).toString("base64url");
/** Letters and digits without look-alikes (no 0/O, 1/l/I). */
const READABLE = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** A readable password for generated accounts: 4 groups of 4 (~93 bits), e.g. kP7w-XelF-…. */
export function generatePassword(): string {
  const chars = [...randomBytes(16)].map((b) => READABLE[b % READABLE.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/** A hash to compare against when the e-mail is unknown, so both paths take as long. */
let dummyHash: Promise<string> | null = null;

export interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  orgs: { slug: string; name: string; role: Role; personId: string | null }[];
}

export async function setupNeeded(ctx: Ctx): Promise<boolean> {
  return (await accountsRepo.countUsers(ctx.db)) === 0;
}

/**
 * First run: creates the first admin, but only while there is no user at all — and, when the
 * server printed a set-up code at start, only for whoever can read that console.
 */
export async function setupFirstAdmin(
  ctx: Ctx,
  input: unknown,
  requiredCode?: string,
): Promise<UserRecord> {
  const data = parse(SetupInput, input);
  const given = (data.code ?? "").trim().toUpperCase();
  if (requiredCode && !sameSecret(given, requiredCode)) {
    throw new AppError(
      "validation_failed",
      "code: enter the set-up code printed where Accord was started.",
      {
        issues: [
          { path: "code", message: "enter the set-up code printed where Accord was started" },
        ],
      },
    );
  }
  const passwordHash = await hashPassword(data.password);
  return inTx(ctx, async (tx) => {
    await accountsRepo.lockUsers(tx.db);
    if ((await accountsRepo.countUsers(tx.db)) > 0) {
      throw new AppError(
        "conflict",
        "Accord is already set up. Sign in, or ask an admin for an account.",
      );
    }
    return accountsRepo.insertUser(tx.db, {
      id: randomUUID(),
      email: data.email,
      name: data.name,
      passwordHash,
      isAdmin: true,
    });
  });
}

/** Creates a user (CLI `accord user add`, org admins, the demo). */
export async function createUser(
  ctx: Ctx,
  input: { email: string; name: string; password: string; isAdmin?: boolean },
): Promise<UserRecord> {
  const data = parse(SetupInput, input);
  if (await accountsRepo.byEmail(ctx.db, data.email)) {
    throw new AppError("conflict", `email: there is already an account for ${data.email}.`, {
      issues: [{ path: "email", message: "there is already an account with this e-mail" }],
    });
  }
  return accountsRepo.insertUser(ctx.db, {
    id: randomUUID(),
    email: data.email,
    name: data.name,
    passwordHash: await hashPassword(data.password),
    isAdmin: input.isAdmin ?? false,
  });
}

/** A set-up code for the console: 8 letters and digits without look-alikes, as XXXX-XXXX. */
export function newSetupCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

const BAD_SIGN_IN = () =>
  new AppError("unauthorized", "The e-mail or the password is not right.", null);

/** Checks e-mail and password; the same message whether the e-mail exists or not. */
export async function verifyCredentials(ctx: Ctx, input: unknown): Promise<UserRecord> {
  const data = parse(SignInInput, input);
  const user = await accountsRepo.byEmail(ctx.db, data.email.trim());
  if (!user) {
    dummyHash ??= hashPassword(secret());
    await argonVerify(await dummyHash, data.password).catch(() => false);
    throw BAD_SIGN_IN();
  }
  const good = await argonVerify(user.passwordHash, data.password).catch(() => false);
  if (!good) throw BAD_SIGN_IN();
  // A disabled account answers like a wrong password: the answer reveals nothing.
  if (user.disabled) throw BAD_SIGN_IN();
  const { passwordHash: _, ...rest } = user;
  return rest;
}

/** Starts a session; the returned secret goes into an HttpOnly cookie. */
export async function startSession(
  ctx: Ctx,
  userId: string,
): Promise<{ secret: string; expiresAt: Date }> {
  const s = secret();
  const expiresAt = new Date(ctx.now().getTime() + SESSION_DAYS * 86_400_000);
  // Sign-ins are rare enough to sweep expired sessions as they happen.
  await accountsRepo.deleteExpiredSessions(ctx.db, ctx.now());
  await accountsRepo.insertSession(ctx.db, {
    idHash: sha256(s),
    userId,
    expiresAt,
    now: ctx.now(),
  });
  return { secret: s, expiresAt };
}

export async function endSession(ctx: Ctx, sessionSecret: string): Promise<void> {
  await accountsRepo.deleteSession(ctx.db, sha256(sessionSecret));
}

/** The principal a user acts as (a session has full use of the user's rights). */
export const userPrincipal = (
  u: UserRecord,
  via: "session" | "token" = "session",
  canWrite = true,
): Principal => ({
  kind: "user",
  userId: u.id,
  email: u.email,
  name: u.name,
  isAdmin: u.isAdmin,
  canWrite,
  via,
});

/** The user behind a session cookie, sliding its expiry (at most one write a minute). */
export async function principalFromSession(
  ctx: Ctx,
  sessionSecret: string,
): Promise<{ principal: Principal; renewed: boolean } | null> {
  const now = ctx.now();
  const found = await accountsRepo.sessionUser(ctx.db, sha256(sessionSecret), now);
  if (!found || found.user.disabled) return null;
  const renewed = now.getTime() - found.lastSeenAt.getTime() > 60_000;
  if (renewed) {
    await accountsRepo.touchSession(
      ctx.db,
      sha256(sessionSecret),
      now,
      new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    );
  }
  return { principal: userPrincipal(found.user), renewed };
}

/**
 * The user behind an API token (`Authorization: Bearer acc_…`); null when it is unknown,
 * revoked or expired. Records its last use (at most one write a minute).
 */
export async function principalFromToken(ctx: Ctx, token: string): Promise<Principal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const found = await accountsRepo.tokenUser(ctx.db, sha256(token));
  if (!found || found.user.disabled) return null;
  const now = ctx.now();
  if (found.expiresAt && found.expiresAt.getTime() <= now.getTime()) return null;
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= TOKEN_TOUCH_MS) {
    const since = new Date(now.getTime() - TOKEN_TOUCH_MS);
    await accountsRepo.touchToken(ctx.db, found.tokenId, now, since);
  }
  return userPrincipal(found.user, "token", found.scope === "write");
}

/** Equal secrets, compared in constant time. */
export const sameSecret = (a: string, b: string) =>
  timingSafeEqual(Buffer.from(sha256(a)), Buffer.from(sha256(b)));

export function signedInUser(ctx: Ctx): Extract<Principal, { kind: "user" }> {
  if (ctx.principal.kind === "system") {
    throw new AppError(
      "forbidden",
      "Passwords and API tokens belong to a user account; the operator (the local CLI) has none.",
      null,
    );
  }
  if (ctx.principal.kind !== "user") {
    throw new AppError("unauthorized", "Sign in first (or use an API token).", null);
  }
  return ctx.principal;
}

/** The signed-in user and what they are in each organization. */
export async function me(ctx: Ctx): Promise<Me> {
  const p = signedInUser(ctx);
  const roles = (await accountsRepo.rolesOf(ctx.db, [p.userId])).get(p.userId) ?? [];
  let orgs = roles.map((r) => ({
    slug: r.orgSlug,
    name: r.orgName,
    role: r.role,
    personId: r.personId,
  }));
  if (p.isAdmin) {
    const mine = new Map(orgs.map((o) => [o.slug, o]));
    orgs = (await listOrgs(ctx.db)).map((o) => ({
      slug: o.slug,
      name: o.name,
      role: "admin" as Role,
      personId: mine.get(o.slug)?.personId ?? null,
    }));
  }
  return { id: p.userId, email: p.email, name: p.name, isAdmin: p.isAdmin, orgs };
}

/** Changes the signed-in user's password and ends their other sessions. */
export async function changePassword(
  ctx: Ctx,
  input: unknown,
  keepSession?: string,
): Promise<void> {
  const p = signedInUser(ctx);
  const data = parse(PasswordChange, input);
  const user = await accountsRepo.byId(ctx.db, p.userId);
  const good =
    user && (await argonVerify(user.passwordHash, data.currentPassword).catch(() => false));
  if (!good) {
    throw new AppError("validation_failed", "currentPassword: this is not your current password.", {
      issues: [{ path: "currentPassword", message: "this is not your current password" }],
    });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await inTx(ctx, async (tx) => {
    await accountsRepo.updateUser(tx.db, p.userId, { passwordHash });
    await accountsRepo.deleteSessionsOf(tx.db, p.userId, keepSession && sha256(keepSession));
  });
}

/** Sets a password without the old one (CLI `accord user password`, operator only). */
export async function resetPassword(ctx: Ctx, email: string, password: string): Promise<void> {
  const user = await accountsRepo.byEmail(ctx.db, email);
  if (!user) throw new AppError("not_found", `There is no account for ${email}.`, { email });
  const pw = parse(z.object({ password: Password }), { password }).password;
  const passwordHash = await hashPassword(pw);
  await inTx(ctx, async (tx) => {
    await accountsRepo.updateUser(tx.db, user.id, { passwordHash });
    // A reset is for a lost or stolen account: its sessions and API tokens end with it.
    await accountsRepo.deleteSessionsOf(tx.db, user.id);
    await accountsRepo.revokeTokensOf(tx.db, user.id, ctx.now());
  });
}

/** Locks an account out (or lets it back in): its sessions end, its tokens stop working. */
export async function setDisabled(ctx: Ctx, email: string, disabled: boolean): Promise<void> {
  const user = await accountsRepo.byEmail(ctx.db, email);
  if (!user) throw new AppError("not_found", `There is no account for ${email}.`, { email });
  await inTx(ctx, async (tx) => {
    await accountsRepo.updateUser(tx.db, user.id, { disabled });
    if (disabled) await accountsRepo.deleteSessionsOf(tx.db, user.id);
  });
}

// API tokens --------------------------------------------------------------------------

export async function listTokens(ctx: Ctx): Promise<TokenRecord[]> {
  return accountsRepo.tokensOf(ctx.db, signedInUser(ctx).userId);
}

/** Creates a token; its secret is returned this once and never again. */
export async function createToken(
  ctx: Ctx,
  input: unknown,
): Promise<{ token: TokenRecord; secret: string }> {
  const p = signedInUser(ctx);
  if (!p.canWrite) {
    throw new AppError("forbidden", "A read-only token cannot create tokens.", null);
  }
  const data = parse(TokenCreate, input);
  const expiresAt = data.expiresAt ? new Date(data.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= ctx.now().getTime()) {
    throw invalidField("expiresAt", "must be in the future");
  }
  const value = TOKEN_PREFIX + secret();
  const token = await accountsRepo.insertToken(ctx.db, {
    id: randomUUID(),
    userId: p.userId,
    name: data.name,
    hash: sha256(value),
    prefix: value.slice(0, TOKEN_PREFIX.length + 6),
    scope: data.scope,
    expiresAt,
  });
  return { token, secret: value };
}

export async function revokeToken(ctx: Ctx, id: string): Promise<void> {
  const p = signedInUser(ctx);
  if (!p.canWrite) {
    throw new AppError("forbidden", "A read-only token cannot revoke tokens.", null);
  }
  if (!(await accountsRepo.revokeToken(ctx.db, p.userId, id, ctx.now()))) {
    throw new AppError("not_found", `You have no active token ${id}.`, { id });
  }
}

export type { UserRole };
export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
