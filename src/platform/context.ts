import type { z } from "zod";
import { AppError } from "../core/errors.js";
import type { Db } from "./db/schema.js";
import { issuesOf } from "./schemas.js";

/**
 * Who is acting. `system` is the operator: the CLI on the data directory, the demo loader,
 * a server's own CLI channel — it may do everything. A `user` signed in with a session or
 * an API token obeys the roles in src/core/policy.ts. `anonymous` may do nothing.
 */
export type Principal =
  | { kind: "system" }
  | {
      kind: "user";
      userId: string;
      email: string;
      name: string;
      /** An instance admin: admin in every organization, manages users. */
      isAdmin: boolean;
      /** False for a read-only API token. */
      canWrite: boolean;
      via: "session" | "token";
    }
  | { kind: "anonymous" };

/** What every use case receives: the database, a clock (tests pin the time) and who acts. */
export interface Ctx {
  db: Db;
  now: () => Date;
  /** Who is acting, for the change history: a user's e-mail, or "cli", "system"… */
  actor: string;
  principal: Principal;
  /** Per-request memo (e.g. the units a leader leads); shared by inTx. */
  memo: Map<string, unknown>;
}

export const makeCtx = (
  db: Db,
  now: () => Date = () => new Date(),
  actor = "system",
  principal: Principal = { kind: "system" },
): Ctx => ({ db, now, actor, principal, memo: new Map() });

/** The same context acting as someone else (a fresh memo: facts depend on who acts). */
export const actingAs = (ctx: Ctx, principal: Principal): Ctx => ({
  ...ctx,
  principal,
  actor: principal.kind === "user" ? principal.email : principal.kind,
  memo: new Map(),
});

/** Validates input with a schema; the error names every invalid field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown, where = ""): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = issuesOf(result.error).map((i) => ({
    ...i,
    path: [where, i.path].filter(Boolean).join("."),
  }));
  const first = issues[0];
  throw new AppError(
    "validation_failed",
    first ? `${first.path || "input"}: ${first.message}` : "Invalid input.",
    { issues },
  );
}

/** Runs a multi-row write in one transaction: all of it happens or none of it. */
export function inTx<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}

/** A validation error for one field, in the same shape zod failures get. */
export const invalidField = (path: string, message: string) =>
  new AppError("validation_failed", `${path}: ${message}`, { issues: [{ path, message }] });
