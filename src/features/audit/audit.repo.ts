import type { Kysely } from "kysely";
import type { AuditEntry } from "../../core/audit.js";
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

export async function listAudit(
  db: Kysely<DB>,
  orgId: string,
  q: { entityId?: string; limit: number; offset: number },
): Promise<{ items: AuditEntry[]; total: number; limit: number; offset: number }> {
  let base = db.selectFrom("audit_log").where("org_id", "=", orgId);
  if (!q.entityId) {
    // The whole log: its entries are numbered 1, 2, 3… without gaps (appendWrite), so the
    // last number is the count and the page at an offset starts at (last - offset). Two
    // index probes instead of counting and skipping the whole history.
    const last = await base.select((eb) => eb.fn.max("seq").as("seq")).executeTakeFirst();
    const total = num(last?.seq);
    const rows = await base
      .selectAll()
      .where("seq", "<=", total - q.offset)
      .orderBy("seq", "desc")
      .limit(q.limit)
      .execute();
    return { items: rows.map(toEntry), total, limit: q.limit, offset: q.offset };
  }
  base = base.where("entity_id", "=", q.entityId);
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
