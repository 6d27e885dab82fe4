import type { Kysely } from "kysely";
import type { z } from "zod";
import { AppError } from "../core/errors.js";
import type { DB } from "../db/schema.js";
import { issuesOf } from "./schemas.js";

/** What every use case receives: the database and a clock (tests pin the time). */
export interface Ctx {
  db: Kysely<DB>;
  now: () => Date;
  /** Who is acting, for the change history (e.g. "cli", "api", later a user id). */
  actor: string;
}

export const makeCtx = (
  db: Kysely<DB>,
  now: () => Date = () => new Date(),
  actor = "system",
): Ctx => ({
  db,
  now,
  actor,
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
