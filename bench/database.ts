import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { migrate, openDatabase } from "../src/platform/db/connect.js";
import type { DB } from "../src/platform/db/schema.js";

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
 * A fresh, migrated database for one size: PGlite in memory by default; PGlite in a new
 * directory under BENCH_PGLITE_DIR when that is set (how the product runs it, and faster to
 * load: the in-memory file system copies whole files as they grow); when BENCH_DATABASE_URL
 * is set, a new database `accord_bench_<random>` on that PostgreSQL server. close() removes
 * what was created.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  const pgliteRoot = process.env.BENCH_PGLITE_DIR;
  if (!serverUrl && pgliteRoot) {
    fs.mkdirSync(pgliteRoot, { recursive: true });
    const dir = fs.mkdtempSync(path.join(pgliteRoot, "accord-bench-"));
    const dataDir = path.join(dir, "data");
    const database = await openDatabase({
      url: "",
      dataDir,
      loadDataDir: pgliteTemplate ?? undefined,
    });
    if (!pgliteTemplate) {
      await migrate(database.db);
      if (database.pglite) pgliteTemplate = await database.pglite.dumpDataDir("none");
    }
    return {
      db: database.db,
      description: `PGlite (${dataDir})`,
      close: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
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
