import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { migrate, openDatabase } from "../src/db/connect.js";
import type { DB } from "../src/db/schema.js";

export interface BenchDatabase {
  db: Kysely<DB>;
  /** For progress messages. */
  description: string;
  /** Closes it; a PostgreSQL database is dropped again. */
  close(): Promise<void>;
}

/** A migrated, empty PGlite, dumped once: cloning it is faster than a new initdb per size. */
let pgliteTemplate: Blob | null = null;

/**
 * A fresh, migrated database for one size: PGlite in memory by default; when
 * BENCH_DATABASE_URL is set, a new database `accord_bench_<random>` on that PostgreSQL
 * server, dropped by close().
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({
      url: "",
      dataDir: "memory://",
      loadDataDir: pgliteTemplate ?? undefined,
    });
    if (!pgliteTemplate) {
      await migrate(database.db);
      if (database.pglite) pgliteTemplate = await database.pglite.dumpDataDir("none");
    }
    return { db: database.db, description: "PGlite (memory://)", close: () => database.close() };
  }

  const name = `accord_bench_${randomBytes(6).toString("hex")}`;
  const admin = await openDatabase({ url: serverUrl });
  try {
    await sql`create database ${sql.id(name)}`.execute(admin.db);
  } finally {
    await admin.close();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  const drop = async () => {
    await database.close();
    const again = await openDatabase({ url: serverUrl });
    try {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db);
    } finally {
      await again.close();
    }
  };
  try {
    await migrate(database.db);
  } catch (err) {
    await drop();
    throw err;
  }
  return {
    db: database.db,
    description: `PostgreSQL database ${name} (${database.location})`,
    close: drop,
  };
}
