import { type Kysely, sql } from "kysely";
import { type AuditEntry, entryHash, GENESIS } from "../../core/audit.js";
import { num } from "../db/connect.js";
import { iso } from "../db/entity.repo.js";
import type { DB } from "../db/schema.js";
import type { ChangeEvent } from "./changes.js";

/**
 * Moves the organization's revision on and returns the new one with the head of its
 * history chain. The row lock this takes serializes the writes of one organization:
 * history entries and change events are appended in revision order, and the head returned
 * is the newest (PostgreSQL re-reads a row it waited for).
 */
export async function bumpRevision(
  db: Kysely<DB>,
  orgId: string,
  /** How many writes the revision moves on for (a batch of check-ins: one each). */
  by = 1,
): Promise<{ revision: number; auditSeq: number; auditHash: string }> {
  const row = await db
    .updateTable("organizations")
    .set({ revision: by === 1 ? sql`revision + 1` : sql`revision + ${sql.lit(by)}` })
    .where("id", "=", orgId)
    .returning(["revision", "audit_seq", "audit_hash"])
    .executeTakeFirst();
  return {
    revision: num(row?.revision),
    auditSeq: num(row?.audit_seq),
    auditHash: row?.audit_hash ?? GENESIS,
  };
}

/** What one write appends: its history entry (chained to `head`) and its change events. */
export interface Appended {
  orgId: string;
  revision: number;
  head: { seq: number; hash: string };
  audit: {
    actor: string;
    action: string;
    entity: string;
    entityId: string;
    before: unknown;
    after: unknown;
    at: Date;
  };
  events: ChangeEvent[];
}

/**
 * Appends a write's history entry and change events, moves the chain's head on and
 * announces the revision on CHANGES_CHANNEL, all in one statement (one round trip). The
 * caller holds the organization's row lock (bumpRevision in the same transaction).
 * PostgreSQL delivers the notification when the transaction commits.
 */
export async function appendWrite(db: Kysely<DB>, w: Appended): Promise<AuditEntry> {
  const [entry] = await appendWrites(db, w.orgId, w.head, [w]);
  return entry;
}

/**
 * appendWrite for several writes of one organization, in one statement: their history
 * entries chained one after the other from `head`, in the order given (their revisions
 * ascending), their events, the head moved on to the last, and the last revision
 * announced (a listener reads every event up to it).
 */
export async function appendWrites(
  db: Kysely<DB>,
  orgId: string,
  head: { seq: number; hash: string },
  writes: Omit<Appended, "orgId" | "head">[],
): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let prev = head;
  for (const w of writes) {
    const e = w.audit;
    // Round-trip through JSON so that what is hashed is exactly what jsonb gives back.
    const before = e.before === undefined ? null : JSON.parse(JSON.stringify(e.before));
    const after = e.after === undefined ? null : JSON.parse(JSON.stringify(e.after));
    const entry = {
      seq: prev.seq + 1,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      before,
      after,
      prevHash: prev.hash,
    };
    const hash = entryHash(entry);
    entries.push({ ...entry, hash });
    prev = { seq: entry.seq, hash };
  }
  const audit = db.insertInto("audit_log").values(
    entries.map((entry) => ({
      org_id: orgId,
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
      prev_hash: entry.prevHash,
      hash: entry.hash,
    })),
  );
  const headed = db
    .updateTable("organizations")
    .set({ audit_seq: prev.seq, audit_hash: prev.hash })
    .where("id", "=", orgId);
  // Each write's events numbered from 0 within its revision.
  const all = writes.flatMap((w) => w.events.map((ev, seq) => ({ ev, seq })));
  const events =
    all.length === 0
      ? sql`select 1`
      : db.insertInto("changes").values(
          all.map(({ ev, seq }) => ({
            org_id: ev.orgId,
            revision: ev.revision,
            seq,
            at: ev.at,
            actor: ev.actor,
            entity: ev.entity,
            entity_id: ev.entityId,
            op: ev.op,
            fields: ev.fields,
          })),
        );
  const last = writes[writes.length - 1].revision;
  await sql`with audited as (${audit}), headed as (${headed}), appended as (${events})
    select pg_notify(${CHANGES_CHANNEL}, ${`${orgId}:${last}`})`.execute(db);
  return entries;
}

/** The channel a committed write is announced on: payload "<orgId>:<revision>". */
export const CHANGES_CHANNEL = "accord_changes";

/** Change events after a revision, oldest first. */
export async function changeEventsSince(
  db: Kysely<DB>,
  orgId: string,
  since: number,
  limit: number,
  upTo?: number,
): Promise<ChangeEvent[]> {
  let q = db
    .selectFrom("changes")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("revision", ">", since);
  if (upTo !== undefined) q = q.where("revision", "<=", upTo);
  const rows = await q.orderBy("revision").orderBy("seq").limit(limit).execute();
  return rows.map((r) => ({
    orgId: r.org_id,
    revision: num(r.revision),
    at: iso(r.at),
    actor: r.actor,
    entity: r.entity as ChangeEvent["entity"],
    entityId: r.entity_id,
    op: r.op as ChangeEvent["op"],
    fields: r.fields,
  }));
}
