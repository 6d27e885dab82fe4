import { type Kysely, sql } from "kysely";
import type { DB } from "./schema.js";

/** A column of a bulk insert: its name, its PostgreSQL type and how to read it from a row. */
export type BulkColumn<R> = [name: string, pgType: string, get: (row: R) => unknown];

/**
 * Inserts many rows with one `insert … select * from unnest($1::t[], $2::t[], …)` per chunk:
 * one parameter per column instead of one per value, so a chunk can hold thousands of rows
 * on both PGlite and PostgreSQL. Run it inside a transaction for all-or-nothing.
 */
export async function bulkInsert<R>(
  db: Kysely<DB>,
  table: keyof DB,
  columns: BulkColumn<R>[],
  rows: readonly R[],
  opts: { chunk?: number; onChunk?: (inserted: number) => void } = {},
): Promise<void> {
  const chunk = opts.chunk ?? 5000;
  const names = sql.raw(columns.map(([name]) => name).join(", "));
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const arrays = columns.map(
      ([, type, get]) => sql`${part.map((r) => get(r) ?? null)}::${sql.raw(type)}[]`,
    );
    await sql`insert into ${sql.table(table)} (${names}) select * from unnest(${sql.join(arrays)})`.execute(
      db,
    );
    opts.onChunk?.(part.length);
  }
}

/**
 * Refreshes the planner's statistics after a bulk load. PGlite runs no autovacuum, and even
 * PostgreSQL's comes too late for the queries right after a large import. Small loads skip it.
 */
export async function analyzeAfterLoad(
  db: Kysely<DB>,
  tables: (keyof DB)[],
  rows: number,
): Promise<void> {
  if (rows < 1000) return;
  for (const t of tables) await sql`analyze ${sql.table(t)}`.execute(db);
}
