import { type Kysely, sql } from "kysely";
import type { Bundle } from "../../core/bundle.js";
import { type BulkColumn, bulkInsert } from "./bulk.js";
import type { DB } from "./schema.js";

type Row<K extends keyof Omit<Bundle, "organization">> = Bundle[K][number];

export interface LoadProgress {
  /** Rows written so far and in all. */
  done: number;
  total: number;
  table: string;
}

export const bundleSize = (b: Bundle) =>
  b.units.length +
  b.people.length +
  b.memberships.length +
  b.cycles.length +
  b.nodes.length +
  b.edges.length +
  b.checkins.length;

/**
 * Writes a whole organization in one transaction: all of it or none of it. Foreign keys are
 * deferred to the commit, so rows may reference rows of a later chunk.
 * Each node's current value, confidence and last check-in time follow from its check-ins.
 */
export async function insertBundle(
  db: Kysely<DB>,
  b: Bundle,
  onProgress?: (p: LoadProgress) => void,
): Promise<void> {
  const org = b.organization.id;
  const total = bundleSize(b);
  let done = 0;
  const step = (table: string) => (n: number) => {
    done += n;
    onProgress?.({ done, total, table });
  };
  const o = () => org;

  // Joins the caller's transaction when there is one (e.g. replace the demo = delete + load).
  const inTransaction = <T>(work: (trx: Kysely<DB>) => Promise<T>) =>
    db.isTransaction ? work(db) : db.transaction().execute(work);
  await inTransaction(async (trx) => {
    await sql`set constraints all deferred`.execute(trx);
    await trx
      .insertInto("organizations")
      .values({
        id: org,
        slug: b.organization.slug,
        name: b.organization.name,
        vision: b.organization.vision,
      })
      .execute();

    const people: BulkColumn<Row<"people">>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["external_id", "text", (r) => r.externalId],
      ["name", "text", (r) => r.name],
      ["email", "text", (r) => r.email],
      ["title", "text", (r) => r.title],
      ["manager_id", "uuid", (r) => r.managerId],
    ];
    await bulkInsert(trx, "people", people, b.people, { onChunk: step("people") });

    const units: BulkColumn<Row<"units">>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["parent_id", "uuid", (r) => r.parentId],
      ["name", "text", (r) => r.name],
      ["kind", "text", (r) => r.kind],
      ["leader_id", "uuid", (r) => r.leaderId],
      ["cadence_days", "int4", (r) => r.cadenceDays],
    ];
    await bulkInsert(trx, "units", units, b.units, { onChunk: step("units") });

    const memberships: BulkColumn<Row<"memberships">>[] = [
      ["org_id", "uuid", o],
      ["person_id", "uuid", (r) => r.personId],
      ["unit_id", "uuid", (r) => r.unitId],
      ["share", "float8", (r) => r.share],
    ];
    await bulkInsert(trx, "memberships", memberships, b.memberships, {
      onChunk: step("memberships"),
    });

    const cycles: BulkColumn<Row<"cycles">>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["parent_id", "uuid", (r) => r.parentId],
      ["name", "text", (r) => r.name],
      ["kind", "text", (r) => r.kind],
      ["starts_on", "date", (r) => r.startsOn],
      ["ends_on", "date", (r) => r.endsOn],
    ];
    await bulkInsert(trx, "cycles", cycles, b.cycles, { onChunk: step("cycles") });

    // The latest check-in of each node gives its current value, confidence and freshness.
    const latest = new Map<string, Row<"checkins">>();
    for (const c of b.checkins) {
      const seen = latest.get(c.nodeId);
      if (!seen || seen.createdAt < c.createdAt) latest.set(c.nodeId, c);
    }
    const nodes: BulkColumn<Row<"nodes">>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["kind", "text", (r) => r.kind],
      ["title", "text", (r) => r.title],
      ["description", "text", (r) => r.description],
      ["owner_unit_id", "uuid", (r) => r.ownerUnitId],
      ["owner_person_id", "uuid", (r) => r.ownerPersonId],
      ["cycle_id", "uuid", (r) => r.cycleId],
      ["baseline", "float8", (r) => r.baseline],
      ["target", "float8", (r) => r.target],
      ["current", "float8", (r) => latest.get(r.id)?.value ?? r.current],
      ["metric_unit", "text", (r) => r.metricUnit],
      ["direction", "text", (r) => r.direction],
      ["status", "text", (r) => r.status],
      ["confidence", "float8", (r) => latest.get(r.id)?.confidence ?? r.confidence],
      ["priority", "int4", (r) => r.priority],
      ["standalone", "bool", (r) => r.standalone],
      ["standalone_reason", "text", (r) => r.standaloneReason],
      ["last_checkin_at", "timestamptz", (r) => latest.get(r.id)?.createdAt ?? null],
      ["created_at", "timestamptz", (r) => r.createdAt],
      ["updated_at", "timestamptz", (r) => latest.get(r.id)?.createdAt ?? r.createdAt],
    ];
    await bulkInsert(trx, "nodes", nodes, b.nodes, { onChunk: step("nodes") });

    const edges: BulkColumn<Row<"edges">>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["kind", "text", (r) => r.kind],
      ["from_id", "uuid", (r) => r.fromId],
      ["to_id", "uuid", (r) => r.toId],
      ["weight", "float8", (r) => r.weight],
      ["state", "text", (r) => r.state],
      ["note", "text", (r) => r.note],
      ["created_at", "timestamptz", (r) => r.createdAt],
      ["updated_at", "timestamptz", (r) => r.updatedAt],
    ];
    await bulkInsert(trx, "edges", edges, b.edges, { onChunk: step("edges") });

    const checkins: BulkColumn<Row<"checkins">>[] = [
      ["org_id", "uuid", o],
      ["id", "uuid", (r) => r.id],
      ["node_id", "uuid", (r) => r.nodeId],
      ["value", "float8", (r) => r.value],
      ["confidence", "float8", (r) => r.confidence],
      ["note", "text", (r) => r.note],
      ["author_id", "uuid", (r) => r.authorId],
      ["private", "bool", (r) => r.private ?? false],
      ["created_at", "timestamptz", (r) => r.createdAt],
    ];
    await bulkInsert(trx, "checkins", checkins, b.checkins, { onChunk: step("checkins") });
  });
}
