import { type Kysely, type Selectable, sql } from "kysely";
import type { AlignmentNode, Checkin } from "../../core/records.js";
import { num } from "../../platform/db/connect.js";
import type { Page } from "../../platform/db/entity.repo.js";
import { iso } from "../../platform/db/entity.repo.js";
import type { DB } from "../../platform/db/schema.js";
import { nodesRepo } from "../goals/index.js";

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

/** The inserted check-in's columns, named apart from the node's in insertAndApply. */
type CheckinOut = {
  [K in keyof Parameters<typeof toCheckin>[0] as `checkin_${K}`]: Parameters<
    typeof toCheckin
  >[0][K];
};

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

/** The inserted check-in's columns as CheckinOut names them. */
const CHECKIN_OUT = sql.join(COLUMNS.map((k) => sql`${sql.ref(k)} as ${sql.ref(`checkin_${k}`)}`));

/** A check-in and its node as a check-in statement gives them back, in one row. */
function writtenOf(r: Selectable<DB["nodes"]> & CheckinOut) {
  return {
    checkin: toCheckin({
      id: r.checkin_id,
      node_id: r.checkin_node_id,
      value: r.checkin_value,
      confidence: r.checkin_confidence,
      note: r.checkin_note,
      author_id: r.checkin_author_id,
      private: r.checkin_private,
      created_at: r.checkin_created_at,
    }),
    node: nodesRepo.toRecordOf(r),
  };
}

export const checkinsRepo = {
  /**
   * Records a check-in and moves its node's current value, confidence and freshness to it,
   * in one statement (one round trip to the database), which gives back the node as it is
   * now; null when the organization has no such node (then nothing is written).
   */
  async insertAndApply(
    db: Kysely<DB>,
    orgId: string,
    c: Checkin,
  ): Promise<{ checkin: Checkin; node: AlignmentNode } | null> {
    // Concurrent check-ins may commit out of order: the node follows the newest one.
    const newest = sql<boolean>`(last_checkin_at is null or last_checkin_at <= ${c.createdAt}::timestamptz)`;
    const apply = db
      .updateTable("nodes")
      .set({
        current:
          c.value === null
            ? sql`current`
            : sql`case when ${newest} then ${c.value}::float8 else current end`,
        confidence:
          c.confidence === null
            ? sql`confidence`
            : sql`case when ${newest} then ${c.confidence}::float8 else confidence end`,
        last_checkin_at: sql`greatest(last_checkin_at, ${c.createdAt}::timestamptz)`,
        updated_at: sql`now()`,
        version: sql`version + 1`,
      })
      .where("org_id", "=", orgId)
      .where("id", "=", c.nodeId)
      .returningAll();
    // The check-in is inserted from the updated row: no node, no check-in.
    const { rows } = await sql<Selectable<DB["nodes"]> & CheckinOut>`
      with applied as (${apply}),
      inserted as (
        insert into checkins (org_id, id, node_id, value, confidence, note, author_id, private, created_at)
        select org_id, ${c.id}::uuid, id, ${c.value}::float8, ${c.confidence}::float8, ${c.note},
          ${c.authorId}::uuid, ${c.private}, ${c.createdAt}::timestamptz
        from applied
        returning ${CHECKIN_OUT}
      )
      select * from applied, inserted`.execute(db);
    const r = rows[0];
    if (!r) return null;
    return writtenOf(r);
  },

  /**
   * insertAndApply for check-ins on different nodes, in one statement (a batch: see
   * batch.ts). What comes back, by check-in id: the check-in and its node as updated; a
   * check-in whose node the organization does not have is missing (and was not written).
   */
  async insertAndApplyMany(
    db: Kysely<DB>,
    orgId: string,
    cs: Checkin[],
  ): Promise<Map<string, { checkin: Checkin; node: AlignmentNode }>> {
    const input = sql.join(
      cs.map(
        (c) =>
          sql`(${c.id}::uuid, ${c.nodeId}::uuid, ${c.value}::float8, ${c.confidence}::float8, ${c.note}::text, ${c.authorId}::uuid, ${c.private}::boolean, ${c.createdAt}::timestamptz)`,
      ),
    );
    // Concurrent check-ins may commit out of order: each node follows its newest one.
    const newest = sql`("nodes".last_checkin_at is null or "nodes".last_checkin_at <= i.created_at)`;
    // Starts as insertAndApply does: the statement moves node values, not the node list's
    // pages (epochs.ts, NODE_VALUES_TABLE).
    const { rows } = await sql<Selectable<DB["nodes"]> & CheckinOut>`
      with applied as (update "nodes" set "current" = case when i.value is null
          then "nodes".current when ${newest} then i.value else "nodes".current end,
        "confidence" = case when i.confidence is null
          then "nodes".confidence when ${newest} then i.confidence else "nodes".confidence end,
        "last_checkin_at" = greatest("nodes".last_checkin_at, i.created_at),
        "updated_at" = now(),
        "version" = "nodes".version + 1
      from (values ${input}) as i(id, node_id, value, confidence, note, author_id, private, created_at)
      where "nodes".org_id = ${orgId} and "nodes".id = i.node_id
      returning "nodes".*, i.id as i_id, i.value as i_value, i.confidence as i_confidence,
        i.note as i_note, i.author_id as i_author_id, i.private as i_private,
        i.created_at as i_created_at),
      inserted as (
        insert into checkins (org_id, id, node_id, value, confidence, note, author_id, private, created_at)
        select org_id, i_id, id, i_value, i_confidence, i_note, i_author_id, i_private, i_created_at
        from applied
        returning ${CHECKIN_OUT}
      )
      select applied.*, inserted.* from applied join inserted on inserted.checkin_id = applied.i_id`.execute(
      db,
    );
    const out = new Map<string, { checkin: Checkin; node: AlignmentNode }>();
    for (const r of rows) {
      out.set(r.checkin_id, writtenOf(r));
    }
    return out;
  },

  /** After a check-in is removed, the node falls back to the latest one left (or none). */
  async resetNodeTo(
    db: Kysely<DB>,
    orgId: string,
    nodeId: string,
    latest: Checkin | null | undefined,
  ) {
    await db
      .updateTable("nodes")
      .set({
        current: latest?.value ?? null,
        confidence: latest?.confidence ?? null,
        last_checkin_at: latest?.createdAt ?? null,
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where("org_id", "=", orgId)
      .where("id", "=", nodeId)
      .execute();
  },

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
