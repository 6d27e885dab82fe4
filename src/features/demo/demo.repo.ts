import { sql } from "kysely";
import type { Db } from "../../platform/db/schema.js";

/** The tables a bulk load fills. */
const LOADED_TABLES = [
  "organizations",
  "units",
  "people",
  "memberships",
  "cycles",
  "nodes",
  "edges",
  "checkins",
] as const;

/**
 * Planner statistics for the tables a bulk load filled. PGlite has no autovacuum: without
 * them PostgreSQL assumes a handful of rows and plans the first reads badly
 * (bench/README.md).
 */
export async function analyzeLoadedTables(db: Db): Promise<void> {
  await sql`analyze ${sql.join(LOADED_TABLES.map((t) => sql.table(t)))}`.execute(db);
}

/**
 * After replacing an organization under the same id: its revision carries on from the old
 * one instead of starting again, so whoever follows the change feed (a server's live model,
 * another instance) sees a newer revision and reloads.
 */
export async function continueRevision(db: Db, orgId: string, previous: number): Promise<void> {
  await sql`update organizations set revision = greatest(revision, ${previous})
            where id = ${orgId}`.execute(db);
}
