import fs from "node:fs";
import { sql } from "kysely";
import { inject } from "vitest";
import { type Database, migrate, openDatabase } from "../src/platform/db/connect.js";

/**
 * A database of its own for one test file: a clone of the migrated PGlite template, or,
 * when TEST_DATABASE_URL is set, a fresh database on that PostgreSQL server that is
 * dropped again by `close()`.
 */
export async function testDatabase(): Promise<Database & { url?: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const tar = fs.readFileSync(inject("pgliteTemplate"));
    return openDatabase({ url: "", dataDir: "memory://", loadDataDir: new Blob([tar]) });
  }
  const name = `accord_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = await openDatabase({ url: serverUrl });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  await migrate(database.db);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const again = await openDatabase({ url: serverUrl });
      // Our connections are closing: wait for them rather than terminating them (a
      // terminated connection reports an error from inside the driver).
      for (let attempt = 0; ; attempt++) {
        try {
          await sql`drop database if exists ${sql.id(name)}${sql.raw(attempt >= 40 ? " with (force)" : "")}`.execute(
            again.db,
          );
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== "55006" || attempt >= 40) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      await again.close();
    },
  };
}
