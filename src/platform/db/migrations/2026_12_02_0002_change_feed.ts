import { type Kysely, sql } from "kysely";

/**
 * The change feed: one row per change event, in the organization's revision order. The
 * live engine, webhooks, live boards and reminders read it from a revision on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table changes (
      org_id uuid not null references organizations(id) on delete cascade,
      revision bigint not null,
      seq int not null default 0,
      at timestamptz not null,
      actor text not null,
      entity text not null,
      entity_id text not null,
      op text not null,
      fields text[] not null default '{}',
      primary key (org_id, revision, seq)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table changes`.execute(db);
}
