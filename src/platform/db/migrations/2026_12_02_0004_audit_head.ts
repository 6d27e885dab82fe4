import { type Kysely, sql } from "kysely";

/**
 * The head of each organization's history chain (its last entry's number and hash) kept on
 * the organization's row. Every write already locks that row to move the revision on, and
 * the same UPDATE now returns the head: appending to the history takes one round trip to
 * the database instead of two (`recordChange`), and on PostgreSQL the head read this way is
 * always the newest one, even when the write waited for another writer's lock (a separate
 * read in the same statement would see the snapshot from before the wait).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations add column audit_seq bigint not null default 0`.execute(db);
  await sql`alter table organizations add column audit_hash text`.execute(db);
  await sql`
    update organizations o set audit_seq = h.seq, audit_hash = h.hash
    from (select distinct on (org_id) org_id, seq, hash from audit_log order by org_id, seq desc) h
    where h.org_id = o.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations drop column audit_hash`.execute(db);
  await sql`alter table organizations drop column audit_seq`.execute(db);
}
