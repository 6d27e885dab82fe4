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

/** Statements a transaction sent last and did not wait for (see `sendLast`), per transaction. */
const sentLast = new WeakMap<object, Promise<unknown>[]>();

/**
 * Runs a multi-row write in one transaction: all of it happens or none of it.
 *
 * A statement given to `sendLast` goes to the database with the commit right behind it,
 * instead of the commit waiting for its answer (one round trip less for every write). If
 * it fails, the database turns the commit into a rollback; inTx then throws its error, so
 * nothing was written and the caller hears why.
 */
export async function inTx<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  let pending: Promise<unknown>[] = [];
  let result: T;
  try {
    result = await ctx.db.transaction().execute((trx) => {
      sentLast.set(trx, pending);
      return work({ ...ctx, db: trx });
    });
  } catch (err) {
    // A statement sent last failed first: its error is the one that explains the rest.
    for (const p of pending) await p;
    throw err;
  }
  const sent = pending;
  pending = [];
  for (const p of sent) await p;
  return result;
}

/**
 * Sends a transaction's last statement without waiting for its answer: inTx commits right
 * behind it and reports its failure (see inTx). Outside inTx, waits for it. Only for the
 * last statement, sent once every other statement of the transaction has answered: a
 * statement still in flight could otherwise reach the database after the COMMIT. (On
 * PostgreSQL node-postgres sends the COMMIT after the answer anyway: no round trip saved.)
 */
export async function sendLast<T>(db: Db, statement: Promise<T>): Promise<void> {
  const pending = sentLast.get(db);
  if (!pending) {
    await statement;
    return;
  }
  statement.catch(() => {}); // awaited by inTx
  pending.push(statement);
}

/** A validation error for one field, in the same shape zod failures get. */
export const invalidField = (path: string, message: string) =>
  new AppError("validation_failed", `${path}: ${message}`, { issues: [{ path, message }] });
