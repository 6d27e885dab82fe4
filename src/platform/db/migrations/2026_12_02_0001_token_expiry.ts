import { type Kysely, sql } from "kysely";

/** API tokens may carry an expiry: past it, the token is refused like a revoked one. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens add column expires_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_tokens drop column expires_at`.execute(db);
}
