import fs from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "./connect.js";

let database: Database;

beforeAll(async () => {
  const tar = fs.readFileSync(inject("pgliteTemplate"));
  database = await openDatabase({
    url: "",
    dataDir: "memory://",
    loadDataDir: new Blob([tar]),
    thread: true,
  });
});
afterAll(() => database.close());

describe("the embedded database in a worker thread", () => {
  it("leaves the event loop free while a long statement runs", async () => {
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    const r = await sql<{ n: number }>`
      select count(*)::int8 as n from generate_series(1, 3000000) a
      where md5(a::text) like '0%'`.execute(database.db);
    const took = performance.now() - t0;
    clearInterval(timer);
    // A loop blocked until now never ran the timer: the gap since its last tick counts too.
    worst = Math.max(worst, performance.now() - last);
    expect(r.rows[0].n).toBeGreaterThan(150_000);
    // Long enough that an event loop blocked by it would show.
    expect(took).toBeGreaterThan(300);
    expect(worst).toBeLessThan(took / 3);
  });

  it("keeps transactions whole and errors as PostgreSQL reports them", async () => {
    const db = database.db;
    await sql`create table thread_t (id int primary key, v text)`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`insert into thread_t values (1, 'one')`.execute(trx);
      await sql`insert into thread_t values (2, 'two')`.execute(trx);
    });
    const failed = await db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into thread_t values (3, 'three')`.execute(trx);
        await sql`insert into thread_t values (1, 'again')`.execute(trx);
      })
      .catch((e: unknown) => e as { code?: string; constraint?: string });
    expect(failed).toMatchObject({ code: "23505", constraint: "thread_t_pkey" });
    // A transaction whose first statement fails is rolled back too.
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into thread_t values (1, 'first fails')`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    const rows = await sql<{ id: number }>`select id from thread_t order by id`.execute(db);
    expect(rows.rows.map((x) => x.id)).toEqual([1, 2]);
    // Concurrent statements inside one transaction (Promise.all) all land in it.
    await db.transaction().execute(async (trx) => {
      await Promise.all(
        [10, 11, 12].map((id) => sql`insert into thread_t values (${id}, 'x')`.execute(trx)),
      );
    });
    const n = await sql<{ n: number }>`select count(*)::int8 as n from thread_t`.execute(db);
    expect(n.rows[0].n).toBe(5);
    // Statements sent right behind the first one (before it answers) run after it, in order,
    // in the same transaction; one of them failing rolls all of them back.
    const seen = await db.transaction().execute(async (trx) => {
      const a = sql`insert into thread_t values (20, 'a')`.execute(trx);
      const b = sql<{ n: number }>`select count(*)::int8 as n from thread_t where id = 20`.execute(
        trx,
      );
      await a;
      return (await b).rows[0].n;
    });
    expect(seen).toBe(1);
    await expect(
      db.transaction().execute(async (trx) => {
        const a = sql`insert into thread_t values (30, 'a')`.execute(trx);
        const b = sql`insert into thread_t values (1, 'taken')`.execute(trx);
        await Promise.all([a, b]);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    const after = await sql<{ id: number }>`select id from thread_t where id >= 20`.execute(db);
    expect(after.rows.map((x) => x.id)).toEqual([20]);
  });

  it("delivers notifications after the commit", async () => {
    const got: string[] = [];
    const stop = await database.listen("thread_channel", (p) => got.push(p));
    await database.db.transaction().execute(async (trx) => {
      await sql`select pg_notify('thread_channel', 'hello')`.execute(trx);
      expect(got).toEqual([]);
    });
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual(["hello"]);
    await stop();
  });
});
