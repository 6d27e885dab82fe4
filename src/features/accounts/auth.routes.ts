import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../../core/errors.js";
import { ROLES } from "../../core/policy.js";
import { actingAs, type Ctx } from "../../platform/context.js";
import { errors } from "../../platform/http/crud.js";
import { errorBody } from "../../platform/http/errors.js";
import { ctxOf, type Env, router } from "../../platform/http/http.js";
import { ErrorSchema } from "../../platform/http/schemas.js";
import type { UserRecord } from "./accounts.repo.js";
import {
  changePassword,
  createToken,
  endSession,
  listTokens,
  me,
  PasswordChange,
  revokeToken,
  SetupInput,
  SignInInput,
  setupFirstAdmin,
  setupNeeded,
  startSession,
  TokenCreate,
  userPrincipal,
  verifyCredentials,
} from "./auth.js";
import { clearSessionCookie, sessionSecretOf, setSessionCookie } from "./authenticate.js";

export const authRoutes = router();

const MeSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    orgs: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        personId: z.string().nullable(),
      }),
    ),
  })
  .openapi("Me");
const SessionSchema = z
  .object({
    setupNeeded: z.boolean(),
    /** The set-up asks for the code printed on the server's console. */
    setupCodeRequired: z.boolean(),
    user: z.union([MeSchema, z.null()]),
  })
  .openapi("Session");
const TokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scope: z.enum(["read", "write"]),
    createdAt: z.string(),
    lastUsedAt: z
      .string()
      .nullable()
      .openapi({ description: "Its last use (recorded at most once a minute); null: never used" }),
    revokedAt: z.string().nullable(),
    expiresAt: z
      .string()
      .nullable()
      .openapi({ description: "When it stops working; null: it does not expire" }),
  })
  .openapi("ApiToken");

const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const body = (schema: z.ZodType) => ({
  content: { "application/json": { schema } },
  required: true,
});
const tooMany = {
  429: json(ErrorSchema, "Too many attempts: wait and retry (Retry-After says how long)"),
};

// Sign-in attempts per 15 minutes: 5 per e-mail from one address, 20 per e-mail from
// anywhere, 30 per address. Every attempt takes a point before the password is checked (so
// attempts sent at once are counted too); a successful one gives its points back.
const WINDOW = 15 * 60;
const perAccount = new RateLimiterMemory({ points: 5, duration: WINDOW });
const perEmail = new RateLimiterMemory({ points: 20, duration: WINDOW });
const perAddress = new RateLimiterMemory({ points: 30, duration: WINDOW });
// Password changes: 5 wrong current passwords per account per 15 minutes.
const perPasswordChange = new RateLimiterMemory({ points: 5, duration: WINDOW });

/** Takes one point from each limiter, or answers which one is exhausted. */
async function take(pairs: [RateLimiterMemory, string][]): Promise<RateLimiterRes | null> {
  const results = await Promise.allSettled(pairs.map(([l, k]) => l.consume(k)));
  const refused = results.find((r) => r.status === "rejected");
  return refused ? ((refused as PromiseRejectedResult).reason as RateLimiterRes) : null;
}

const addressOf = (c: Context) => {
  try {
    return getConnInfo(c).remote.address ?? "local";
  } catch {
    return "local"; // in-process requests (tests) have no socket
  }
};

authRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/auth/session",
    tags: ["Accounts"],
    summary: "Who is signed in, and whether Accord still needs its first admin",
    responses: { 200: json(SessionSchema, "The session") },
  }),
  async (c) => {
    const ctx = ctxOf(c);
    const needed = await setupNeeded(ctx);
    const user = ctx.principal.kind === "user" ? await me(ctx) : null;
    return c.json(
      { setupNeeded: needed, setupCodeRequired: needed && !!c.get("setupCode"), user },
      200,
    );
  },
);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/auth/setup",
    tags: ["Accounts"],
    summary: "First run: create the first admin (only while there is no account) and sign in",
    request: { body: body(SetupInput) },
    responses: { 201: json(MeSchema, "The first admin, signed in"), ...errors },
  }),
  async (c) => {
    const ctx = ctxOf(c);
    const user = await setupFirstAdmin(ctx, await c.req.json(), c.get("setupCode"));
    return c.json(await signIn(c, ctx, user), 201);
  },
);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/auth/sign-in",
    tags: ["Accounts"],
    summary: "Sign in with e-mail and password; sets an HttpOnly session cookie",
    request: { body: body(SignInInput) },
    responses: {
      200: json(MeSchema, "Signed in"),
      401: json(ErrorSchema, "Wrong e-mail or password"),
      ...tooMany,
      ...errors,
    },
  }),
  async (c) => {
    const ctx = ctxOf(c);
    const input = (await c.req.json()) as { email?: unknown };
    const email = typeof input?.email === "string" ? input.email.trim().toLowerCase() : "";
    const address = addressOf(c);
    const key = `${email}|${address}`;
    const limits: [RateLimiterMemory, string][] = [
      [perAccount, key],
      [perEmail, email],
      [perAddress, address],
    ];
    const blocked = await take(limits);
    if (blocked) return tooManyAttempts(c, blocked);
    try {
      const user = await verifyCredentials(ctx, input);
      await Promise.all([
        perAccount.delete(key),
        perEmail.reward(email, 1),
        perAddress.reward(address, 1),
      ]);
      return c.json(await signIn(c, ctx, user), 200);
    } catch (err) {
      // Only a wrong password costs: bad input gives its points back.
      if (!(err instanceof AppError && err.code === "unauthorized")) {
        await Promise.all(limits.map(([l, k]) => l.reward(k, 1)));
      }
      throw err;
    }
  },
);

/** Starts a session for the user, sets its cookie, and answers who they are. */
async function signIn(c: Context<Env>, ctx: Ctx, user: UserRecord) {
  const session = await startSession(ctx, user.id);
  setSessionCookie(c, session.secret);
  return me(actingAs(ctx, userPrincipal(user)));
}

function tooManyAttempts(c: Context<Env>, r: RateLimiterRes) {
  const seconds = Math.max(1, Math.ceil(r.msBeforeNext / 1000));
  c.header("Retry-After", String(seconds));
  return c.json(
    errorBody(
      "rate_limited",
      `Too many failed attempts. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? "s" : ""}.`,
      { retryAfterSeconds: seconds },
    ),
    429,
  );
}

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/auth/sign-out",
    tags: ["Accounts"],
    summary: "Sign out: ends this session",
    responses: { 204: { description: "Signed out" } },
  }),
  async (c) => {
    const secret = sessionSecretOf(c);
    if (secret) await endSession(ctxOf(c), secret);
    clearSessionCookie(c);
    return c.body(null, 204);
  },
);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/auth/password",
    tags: ["Accounts"],
    summary: "Change your password (your other sessions end)",
    request: { body: body(PasswordChange) },
    responses: { 204: { description: "Changed" }, ...tooMany, ...errors },
  }),
  async (c) => {
    const ctx = ctxOf(c);
    const key = ctx.principal.kind === "user" ? ctx.principal.userId : "-";
    const blocked = await take([[perPasswordChange, key]]);
    if (blocked) return tooManyAttempts(c, blocked);
    try {
      await changePassword(ctx, await c.req.json(), sessionSecretOf(c));
    } catch (err) {
      const wrongPassword =
        err instanceof AppError &&
        (err.details as { issues?: { path: string }[] } | null)?.issues?.[0]?.path ===
          "currentPassword";
      if (!wrongPassword) await perPasswordChange.reward(key, 1);
      throw err;
    }
    await perPasswordChange.delete(key);
    return c.body(null, 204);
  },
);

authRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/auth/tokens",
    tags: ["Accounts"],
    summary: "Your API tokens (their secrets are never shown again)",
    responses: {
      200: json(z.array(TokenSchema), "Tokens"),
      ...errors,
      403: json(ErrorSchema, "Forbidden: the operator (the local CLI) has no user account"),
    },
  }),
  async (c) => c.json(await listTokens(ctxOf(c)), 200),
);

authRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/auth/tokens",
    tags: ["Accounts"],
    summary: "Create an API token (read or read-write); the secret is shown this once",
    request: { body: body(TokenCreate) },
    responses: {
      201: json(z.object({ token: TokenSchema, secret: z.string() }), "The token and its secret"),
      ...errors,
    },
  }),
  async (c) => c.json(await createToken(ctxOf(c), await c.req.json()), 201),
);

authRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/api/auth/tokens/{id}",
    tags: ["Accounts"],
    summary: "Revoke one of your API tokens",
    request: { params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
    responses: { 204: { description: "Revoked" }, ...errors },
  }),
  async (c) => {
    await revokeToken(ctxOf(c), c.req.param("id")!);
    return c.body(null, 204);
  },
);
