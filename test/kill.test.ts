import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/platform/db/connect.js";

/**
 * A process killed with SIGKILL in the middle of a large import leaves all of it or none
 * of it: never a partial organization. Runs on the embedded database, and also on
 * PostgreSQL when TEST_DATABASE_URL is set.
 */
const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-kill-"));
const ROWS = 30_000;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function bigOrgChart(file: string) {
  const lines = ["id,name,email,title,manager_id,division,department,team"];
  for (let i = 1; i <= ROWS; i++) {
    const manager = i === 1 ? "" : `P${Math.floor(i / 8) || 1}`;
    lines.push(
      `P${i},Person ${i},p${i}@big.example,Engineer,${manager},Division ${i % 7},Dept ${i % 31},Team ${i % 401}`,
    );
  }
  fs.writeFileSync(file, lines.join("\n"));
}

describe("killing an import midway", () => {
  it("leaves nothing behind when killed while writing, and the import then completes", async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ACCORD_DATA_DIR: path.join(dir, "data"),
      LOG_LEVEL: "silent",
    };
    delete env.DATABASE_URL;
    let dbName: string | null = null;
    if (serverUrl) {
      dbName = `accord_kill_${process.pid}`;
      const admin = await openDatabase({ url: serverUrl });
      await sql`drop database if exists ${sql.id(dbName)}`.execute(admin.db);
      await sql`create database ${sql.id(dbName)}`.execute(admin.db);
      await admin.close();
      const u = new URL(serverUrl);
      u.pathname = `/${dbName}`;
      env.DATABASE_URL = u.toString();
    }
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(root, "bin/accord.mjs"), ...args], {
        cwd: dir,
        env,
        encoding: "utf8",
      });
    expect(cli("orgs", "create", "big", "Big Co").status).toBe(0);
    const file = path.join(dir, "big.csv");
    bigOrgChart(file);

    const child = spawn(
      process.execPath,
      [path.join(root, "bin/accord.mjs"), "import", "org", file, "--org", "big"],
      {
        cwd: dir,
        env,
      },
    );
    let killedAt: [number, number] | null = null;
    await new Promise<void>((resolve) => {
      let buffer = "";
      child.stderr.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const m = [...buffer.matchAll(/(\d+)\/(\d+) rows/g)].at(-1);
        if (!killedAt && m && Number(m[1]) > 0 && Number(m[1]) < Number(m[2])) {
          killedAt = [Number(m[1]), Number(m[2])];
          child.kill("SIGKILL");
        }
      });
      child.on("exit", () => resolve());
    });
    expect(killedAt, "the import was killed while it was writing").not.toBeNull();

    const database = await openDatabase(
      env.DATABASE_URL ? { url: env.DATABASE_URL } : { url: "", dataDir: env.ACCORD_DATA_DIR },
    );
    try {
      const { rows } = await sql<{ people: number; units: number; memberships: number }>`
        select (select count(*) from people)::int as people, (select count(*) from units)::int as units,
               (select count(*) from memberships)::int as memberships`.execute(database.db);
      expect(rows[0]).toEqual({ people: 0, units: 0, memberships: 0 });
    } finally {
      await database.close();
    }
    // And the data directory is usable again: the same import now completes.
    const again = cli("import", "org", file, "--org", "big");
    expect(again.stdout).toContain(`${ROWS} rows imported`);

    if (serverUrl && dbName) {
      const admin = await openDatabase({ url: serverUrl });
      await sql`drop database if exists ${sql.id(dbName)} with (force)`.execute(admin.db);
      await admin.close();
    }
  }, 300_000);
});
