import { type Kysely, sql } from "kysely";
import type { Checkin } from "../../core/records.js";
import { num } from "../../platform/db/connect.js";
import type { Page } from "../../platform/db/entity.repo.js";
import { iso } from "../../platform/db/entity.repo.js";
import type { DB } from "../../platform/db/schema.js";

const toCheckin = (r: {
  id: string;
  node_id: string;
  value: number | null;
  confidence: number | null;
  note: string;
  author_id: string | null;
  private: boolean;
  created_at: Date;
}): Checkin => ({
  id: r.id,
  nodeId: r.node_id,
  value: r.value,
  confidence: r.confidence,
  note: r.note,
  authorId: r.author_id,
  private: r.private,
  createdAt: iso(r.created_at),
});

const COLUMNS = [
  "id",
  "node_id",
  "value",
  "confidence",
  "note",
  "author_id",
  "private",
  "created_at",
] as const;

export const checkinsRepo = {
  async list(
    db: Kysely<DB>,
    orgId: string,
    nodeId: string,
    q: { limit: number; offset: number },
  ): Promise<Page<Checkin>> {
    const base = db
      .selectFrom("checkins")
      .where("org_id", "=", orgId)
      .where("node_id", "=", nodeId);
    const [rows, count] = await Promise.all([
      base
        .select(COLUMNS)
        .orderBy("created_at", "desc")
        .orderBy("id")
        .limit(q.limit)
        .offset(q.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirst(),
    ]);
    return { items: rows.map(toCheckin), total: num(count?.n), limit: q.limit, offset: q.offset };
  },

  async get(db: Kysely<DB>, orgId: string, id: string): Promise<Checkin | null> {
    const row = await db
      .selectFrom("checkins")
      .select(COLUMNS)
      .where("org_id", "=", orgId)
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toCheckin(row) : null;
  },

  async insert(
    db: Kysely<DB>,
    orgId: string,
    c: Omit<Checkin, "createdAt"> & { createdAt?: string },
  ): Promise<Checkin> {
    const row = await db
      .insertInto("checkins")
      .values({
        org_id: orgId,
        id: c.id,
        node_id: c.nodeId,
        value: c.value,
        confidence: c.confidence,
        note: c.note,
        author_id: c.authorId,
        private: c.private,
        created_at: c.createdAt ?? sql<Date>`now()`,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toCheckin(row);
  },

  async remove(db: Kysely<DB>, orgId: string, id: string): Promise<boolean> {
    const r = await db
      .deleteFrom("checkins")
      .where("org_id", "=", orgId)
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  /** The latest check-in of a node, which gives its current value and confidence. */
  async latest(db: Kysely<DB>, orgId: string, nodeId: string): Promise<Checkin | null> {
    const row = await db
      .selectFrom("checkins")
      .select(COLUMNS)
      .where("org_id", "=", orgId)
      .where("node_id", "=", nodeId)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    return row ? toCheckin(row) : null;
  },
};
