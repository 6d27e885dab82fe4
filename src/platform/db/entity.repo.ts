import { type Kysely, type Selectable, sql } from "kysely";
import { AppError } from "../../core/errors.js";
import { num } from "./connect.js";
import { cachedRead, freshRows, type KeptRow, keepRow } from "./epochs.js";
import { mapDbError } from "./errors.js";
import type { DB } from "./schema.js";

/** The org-scoped tables with an `id`, a `version` and timestamps. */
export type EntityTable = "units" | "people" | "cycles" | "nodes" | "edges";

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ListQuery {
  limit: number;
  offset: number;
  /** Column = value filters (null matches IS NULL). */
  where?: Record<string, string | number | boolean | null | undefined>;
  /** Case-insensitive substring match on this column. */
  search?: { column: string; text: string };
  /** Matches rows where any of these columns equals the value. */
  anyOf?: { columns: string[]; value: string };
  orderBy: [column: string, direction: "asc" | "desc"][];
}

/**
 * Create, read, update and delete for one org-scoped table, shared by the repositories so
 * that paging, optimistic versions and error mapping work the same everywhere.
 * Rows never leave src/db: `toRecord` maps them to the app's records.
 */
export function entityRepo<TB extends EntityTable, R>(
  table: TB,
  label: string,
  toRecordOfRow: (row: Selectable<DB[TB]>) => R,
) {
  // Kysely cannot type a table chosen at run time, nor the columns a ListQuery names: the
  // queries below run untyped, and each row is handed to the repository's mapper as the
  // table's typed row (Selectable<DB[TB]>), so the mappers themselves need no casts.
  // biome-ignore lint/suspicious/noExplicitAny: dynamic table, see above
  const t = (db: Kysely<DB>) => db as Kysely<any>;
  const toRecord = (row: unknown) => toRecordOfRow(row as Selectable<DB[TB]>);
  const name: string = table;

  async function listFromDb(db: Kysely<DB>, orgId: string, q: ListQuery): Promise<Page<R>> {
    let base = t(db).selectFrom(name).where("org_id", "=", orgId);
    for (const [column, value] of Object.entries(q.where ?? {})) {
      if (value === undefined) continue;
      base = value === null ? base.where(column, "is", null) : base.where(column, "=", value);
    }
    if (q.search?.text) {
      const pattern = `%${q.search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base = base.where(q.search.column, "ilike", pattern);
    }
    if (q.anyOf) {
      const { columns, value } = q.anyOf;
      base = base.where((eb) => eb.or(columns.map((c) => eb(c, "=", value))));
    }
    let rowsQuery = base.selectAll();
    for (const [column, direction] of q.orderBy) {
      rowsQuery = rowsQuery.orderBy(sql.ref(column), (ob) =>
        direction === "asc" ? ob.asc().nullsLast() : ob.desc().nullsLast(),
      );
    }
    const unfiltered =
      !q.search?.text && !q.anyOf && Object.values(q.where ?? {}).every((v) => v === undefined);
    const [rows, total] = await Promise.all([
      rowsQuery.orderBy("id").limit(q.limit).offset(q.offset).execute(),
      unfiltered
        ? rowCount(db, orgId, table)
        : base
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirst()
            .then((count) => num(count?.n)),
    ]);
    return { items: rows.map(toRecord), total, limit: q.limit, offset: q.offset };
  }

  return {
    toRecordOf: toRecord,

    async get(db: Kysely<DB>, orgId: string, id: string): Promise<R> {
      const row = await t(db)
        .selectFrom(name)
        .selectAll()
        .where("org_id", "=", orgId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) throw new AppError("not_found", `${label} ${id} was not found.`, { id });
      return toRecord(row);
    },

    async find(db: Kysely<DB>, orgId: string, id: string): Promise<R | null> {
      const row = await t(db)
        .selectFrom(name)
        .selectAll()
        .where("org_id", "=", orgId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    async many(db: Kysely<DB>, orgId: string, ids: readonly string[]): Promise<R[]> {
      if (ids.length === 0) return [];
      const rows = await t(db)
        .selectFrom(name)
        .selectAll()
        .where("org_id", "=", orgId)
        .where("id", "in", ids)
        .execute();
      return rows.map(toRecord);
    },

    /**
     * A page of the table. Where this process sees every write (PGlite, epochs.ts), a page
     * read earlier is answered from memory until the table is written again.
     */
    async list(db: Kysely<DB>, orgId: string, q: ListQuery): Promise<Page<R>> {
      const key = `list:${name}:${orgId}:${JSON.stringify(q)}`;
      const page = await cachedRead(db, key, [name], () => listFromDb(db, orgId, q), "page");
      // Rows a check-in moved since the page was read (epochs.ts, NODE_VALUES_TABLE).
      const items = freshRows(db, name, page.items);
      return items === page.items ? page : { ...page, items };
    },

    /**
     * After a committed write that moved a row's values but not its table's epoch (a
     * check-in: epochs.ts, NODE_VALUES_TABLE): pages read earlier show the row as written.
     */
    keepRow(db: Kysely<DB>, row: R & KeptRow): void {
      keepRow(db, name, row);
    },

    async insert(db: Kysely<DB>, orgId: string, values: Record<string, unknown>): Promise<R> {
      try {
        const row = await t(db)
          .insertInto(name)
          .values({ ...values, org_id: orgId })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRecord(row);
      } catch (err) {
        throw mapDbError(err);
      }
    },

    /**
     * Updates a row. With `version`, the update only applies to that version (optimistic
     * concurrency): a stale version gets a version_conflict with the current one.
     */
    async update(
      db: Kysely<DB>,
      orgId: string,
      id: string,
      values: Record<string, unknown>,
      version?: number,
    ): Promise<R> {
      let q = t(db)
        .updateTable(name)
        .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
        .where("org_id", "=", orgId)
        .where("id", "=", id);
      if (version !== undefined) q = q.where("version", "=", version);
      let row: Record<string, unknown> | undefined;
      try {
        row = await q.returningAll().executeTakeFirst();
      } catch (err) {
        throw mapDbError(err);
      }
      if (row) return toRecord(row);
      const current = await t(db)
        .selectFrom(name)
        .select("version")
        .where("org_id", "=", orgId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!current) throw new AppError("not_found", `${label} ${id} was not found.`, { id });
      throw versionConflict(label, id, current.version, version);
    },

    async remove(db: Kysely<DB>, orgId: string, id: string): Promise<void> {
      let result: { numDeletedRows: bigint };
      try {
        result = await t(db)
          .deleteFrom(name)
          .where("org_id", "=", orgId)
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
      } catch (err) {
        const mapped = mapDbError(err);
        if (mapped instanceof AppError && (err as { code?: string }).code === "23503") {
          throw new AppError(
            "conflict",
            `${label} ${id} is still referenced (${(err as { detail?: string }).detail ?? "by other items"}). Move or delete those first.`,
            { id },
          );
        }
        throw mapped;
      }
      if (Number(result.numDeletedRows) === 0) {
        throw new AppError("not_found", `${label} ${id} was not found.`, { id });
      }
    },
  };
}

/** Past this many delta rows, a read folds an organization's count of a table into one row. */
const FOLD_AFTER = 64;

/**
 * How many rows of a table an organization has: the sum of its deltas in `row_counts`
 * (appended by triggers, see migration 2026_12_02_0003), instead of a count over the table.
 * When the deltas pile up, one statement replaces them with their sum; it runs on its own
 * (holding no other lock), and a concurrent fold or write cannot lose a delta: a fold only
 * deletes committed rows and re-inserts exactly what it deleted.
 */
export async function rowCount(db: Kysely<DB>, orgId: string, table: EntityTable): Promise<number> {
  const row = await db
    .selectFrom("row_counts")
    .select((eb) => [eb.fn.sum<string>("n").as("n"), eb.fn.countAll<string>().as("deltas")])
    .where("org_id", "=", orgId)
    .where("entity", "=", table)
    .executeTakeFirst();
  if (num(row?.deltas) > FOLD_AFTER && !db.isTransaction) {
    await sql`
      with folded as (
        delete from row_counts where org_id = ${orgId} and entity = ${table} returning n
      )
      insert into row_counts (org_id, entity, n)
      select ${orgId}, ${table}, sum(n) from folded having count(*) > 0`.execute(db);
  }
  return num(row?.n);
}

/**
 * An update that changes nothing writes nothing (no new version, no history entry, no
 * change event), but a stale version is still a conflict: the caller had not seen the
 * current state.
 */
export function unchanged<R extends { id: string; version: number }>(
  current: R,
  version: number | undefined,
  label: string,
): R {
  if (version !== undefined && version !== current.version) {
    throw versionConflict(label, current.id, current.version, version);
  }
  return current;
}

/** A stale version: the message and details every update answers it with. */
function versionConflict(label: string, id: string, currentVersion: number, sent?: number) {
  return new AppError(
    "version_conflict",
    `${label} ${id} was changed by someone else (now version ${currentVersion}, you sent ${sent}). Reload and try again.`,
    { currentVersion },
  );
}

/** The columns an update names: a field left undefined keeps its value. */
export function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const isoOrNull = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString()
      : new Date(String(v)).toISOString();
export const iso = (v: unknown): string => isoOrNull(v) ?? "";
