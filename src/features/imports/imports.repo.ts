import { sql } from "kysely";
import type { BulkColumn } from "../../platform/db/bulk.js";
import type { Db } from "../../platform/db/schema.js";
import { chunks, isUuid } from "./report.js";

export interface PersonKey {
  id: string;
  external_id: string | null;
  email: string | null;
}

/** The queries the CSV imports make beyond the entity repositories. */
export const importsRepo = {
  /** Every unit's or cycle's id and name, to look names up in memory. */
  namesOf(db: Db, orgId: string, table: "units" | "cycles") {
    return db.selectFrom(table).select(["id", "name"]).where("org_id", "=", orgId).execute();
  },

  /** Existing nodes a parent cell may name: by id or by exact title. */
  async findNodes(db: Db, orgId: string, values: string[]) {
    const found: { id: string; title: string }[] = [];
    for (const part of chunks(values)) {
      const uuids = part.filter(isUuid).map((v) => v.toLowerCase());
      const rows = await db
        .selectFrom("nodes")
        .select(["id", "title"])
        .where("org_id", "=", orgId)
        .where(sql<boolean>`(title = any(${part}::text[]) or id = any(${uuids}::uuid[]))`)
        .execute();
      found.push(...rows);
    }
    return found;
  },

  /** Existing people an owner_person cell may name: by external id, e-mail or id. */
  async findPeople(db: Db, orgId: string, values: string[]): Promise<PersonKey[]> {
    const found: PersonKey[] = [];
    for (const part of chunks(values)) {
      const lower = part.map((v) => v.toLowerCase());
      const uuids = lower.filter(isUuid);
      const rows = await db
        .selectFrom("people")
        .select(["id", "external_id", "email"])
        .where("org_id", "=", orgId)
        .where(
          sql<boolean>`(external_id = any(${part}::text[]) or lower(email) = any(${lower}::text[])
            or id = any(${uuids}::uuid[]))`,
        )
        .execute();
      found.push(...rows);
    }
    return found;
  },

  /** Defers foreign keys to the commit, so rows may point at rows written later in the import. */
  async deferConstraints(db: Db): Promise<void> {
    await sql`set constraints all deferred`.execute(db);
  },

  /**
   * Updates many rows of an org's table by id with one `update … from unnest(…)` per chunk
   * (the update twin of bulkInsert in db/bulk.ts), bumping each row's version.
   */
  async bulkUpdate<R extends { id: string }>(
    db: Db,
    table: "people" | "units",
    orgId: string,
    columns: BulkColumn<R>[],
    rows: readonly R[],
    onChunk?: (updated: number) => void,
  ): Promise<void> {
    const names = columns.map(([name]) => name);
    const set = sql.raw(names.map((n) => `${n} = v.${n}`).join(", "));
    const alias = sql.raw(["id", ...names].join(", "));
    for (const part of chunks(rows)) {
      const arrays = [
        sql`${part.map((r) => r.id)}::uuid[]`,
        ...columns.map(
          ([, type, get]) => sql`${part.map((r) => get(r) ?? null)}::${sql.raw(type)}[]`,
        ),
      ];
      await sql`
        update ${sql.table(table)} as t
        set ${set}, version = t.version + 1, updated_at = now()
        from unnest(${sql.join(arrays)}) as v(${alias})
        where t.org_id = ${orgId} and t.id = v.id`.execute(db);
      onChunk?.(part.length);
    }
  },
};
