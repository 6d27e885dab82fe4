import type { Kysely } from "kysely";
import { type AuditEntry, entryHash, GENESIS } from "../../core/audit.js";
import { num } from "../../platform/db/connect.js";
import { iso } from "../../platform/db/entity.repo.js";
import type { DB } from "../../platform/db/schema.js";

const toEntry = (r: {
  seq: number | string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}): AuditEntry => ({
  seq: Number(r.seq),
  at: iso(r.at),
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before ?? null,
  after: r.after ?? null,
  prevHash: r.prev_hash,
  hash: r.hash,
});

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
): Promise<AuditEntry> {
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

export async function listAudit(
  db: Kysely<DB>,
  orgId: string,
  q: { entityId?: string; limit: number; offset: number },
): Promise<{ items: AuditEntry[]; total: number; limit: number; offset: number }> {
  let base = db.selectFrom("audit_log").where("org_id", "=", orgId);
  if (q.entityId) base = base.where("entity_id", "=", q.entityId);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("seq", "desc").limit(q.limit).offset(q.offset).execute(),
    base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirst(),
  ]);
  return { items: rows.map(toEntry), total: num(count?.n), limit: q.limit, offset: q.offset };
}

/** The whole chain in order, streamed in pages so a long history never sits in memory twice. */
export async function* auditChain(
  db: Kysely<DB>,
  orgId: string,
  pageSize = 5000,
): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("org_id", "=", orgId)
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(pageSize)
      .execute();
    for (const r of rows) yield toEntry(r);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}
