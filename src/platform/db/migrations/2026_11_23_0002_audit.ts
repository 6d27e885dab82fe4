import { type Kysely, sql } from "kysely";

/**
 * The change history: append-only, one chain per organization. Each entry stores the hash
 * of the one before it, so any edit or deletion of history shows up in `accord audit verify`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_log (
      org_id uuid not null references organizations(id) on delete cascade,
      seq bigint not null,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      entity text not null,
      entity_id text not null,
      before jsonb,
      after jsonb,
      prev_hash text not null,
      hash text not null,
      primary key (org_id, seq)
    )`.execute(db);
  await sql`create index audit_entity on audit_log (org_id, entity_id, seq)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_log`.execute(db);
}
