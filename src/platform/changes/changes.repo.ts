import { type Kysely, sql } from "kysely";
import { entryHash, GENESIS } from "../../core/audit.js";
import { num } from "../db/connect.js";
import { iso } from "../db/entity.repo.js";
import type { DB } from "../db/schema.js";
import type { ChangeEvent } from "./changes.js";

/**
 * Moves the organization's revision on and returns the new one. The row lock this takes
 * serializes the writes of one organization: history entries and change events are
 * appended in revision order.
 */
export async function bumpRevision(db: Kysely<DB>, orgId: string): Promise<number> {
  const row = await db
    .updateTable("organizations")
    .set({ revision: sql`revision + 1` })
    .where("id", "=", orgId)
    .returning("revision")
    .executeTakeFirst();
  return num(row?.revision);
}

/**
 * Appends one entry to the organization's chain. Callers hold the organization's row lock
 * (bumpRevision in the same transaction), so appends of one organization are serialized.
 */
export async function appendAudit(
  db: Kysely<DB>,
  orgId: string,
  e: {
    actor: string;
    action: string;
    entity: string;
    entityId: string;
    before: unknown;
    after: unknown;
    at: Date;
  },
): Promise<{ hash: string }> {
  const last = await db
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .where("org_id", "=", orgId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  // Round-trip through JSON so that what is hashed is exactly what jsonb gives back.
  const before = e.before === undefined ? null : JSON.parse(JSON.stringify(e.before));
  const after = e.after === undefined ? null : JSON.parse(JSON.stringify(e.after));
  const entry = {
    seq: last ? num(last.seq) + 1 : 1,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before,
    after,
    prevHash: last?.hash ?? GENESIS,
  };
  const hash = entryHash(entry);
  await db
    .insertInto("audit_log")
    .values({
      org_id: orgId,
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
      prev_hash: entry.prevHash,
      hash,
    })
    .execute();
  return { ...entry, hash };
}

/**
 * Appends a write's events to the feed; with `announce`, also announces the revision on
 * CHANGES_CHANNEL in the same statement (one round trip fewer per write).
 */
export async function appendChangeEvents(
  db: Kysely<DB>,
  events: ChangeEvent[],
  announce?: { orgId: string; revision: number },
): Promise<void> {
  if (events.length === 0) {
    if (announce) await notifyChange(db, announce.orgId, announce.revision);
    return;
  }
  const insert = db.insertInto("changes").values(
    events.map((e, seq) => ({
      org_id: e.orgId,
      revision: e.revision,
      seq,
      at: e.at,
      actor: e.actor,
      entity: e.entity,
      entity_id: e.entityId,
      op: e.op,
      fields: e.fields,
    })),
  );
  if (!announce) {
    await insert.execute();
    return;
  }
  // PostgreSQL delivers the notification when the transaction commits, as notifyChange's.
  await sql`with appended as (${insert}) select pg_notify(${CHANGES_CHANNEL}, ${`${announce.orgId}:${announce.revision}`})`.execute(
    db,
  );
}

/** The channel a committed write is announced on: payload "<orgId>:<revision>". */
export const CHANGES_CHANNEL = "accord_changes";

/** Announces the write to other instances; PostgreSQL delivers it when the transaction commits. */
export async function notifyChange(db: Kysely<DB>, orgId: string, revision: number) {
  await sql`select pg_notify(${CHANGES_CHANNEL}, ${`${orgId}:${revision}`})`.execute(db);
}

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
