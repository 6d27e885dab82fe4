import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./connect.js";
import {
  cachedRead,
  epochsOf,
  freshRows,
  keepRow,
  NODE_VALUES_TABLE,
  REVISION_TABLE,
  tablesWritten,
} from "./epochs.js";

describe("which tables a statement writes", () => {
  it("names the table of inserts, updates and deletes, nothing for reads, all for the unknown", () => {
    expect(tablesWritten('insert into "checkins" ("id") values ($1)')).toEqual(["checkins"]);
    expect(tablesWritten('update "nodes" set "title" = $1')).toEqual(["nodes"]);
    expect(tablesWritten('delete from "edges" where "id" = $1')).toEqual(["edges"]);
    expect(tablesWritten('  select * from "nodes"')).toEqual([]);
    expect(tablesWritten("with recursive led(id) as (select 1) select id from led")).toEqual([]);
    expect(tablesWritten('with x as (delete from "a" returning *) select * from x')).toEqual(["a"]);
    expect(
      tablesWritten(
        'with appended as (insert into "changes" ("a") values ($1)) select pg_notify($2, $3)',
      ),
    ).toEqual(["changes"]);
    expect(tablesWritten('with x as (select 1) truncate "nodes"')).toBe("all");
    expect(tablesWritten('create table "t" (id int)')).toBe("all");
    expect(tablesWritten('truncate "nodes"')).toBe("all");
    expect(
      tablesWritten(
        'update "organizations" set "revision" = revision + 1 where "id" = $1 returning "revision"',
      ),
    ).toEqual([REVISION_TABLE]);
    expect(tablesWritten('update "organizations" set "name" = $1 where "id" = $2')).toEqual([
      "organizations",
    ]);
    // A check-in moves a node's values, not its table's epoch (pages of nodes are kept).
    expect(
      tablesWritten(
        'with applied as (update "nodes" set "current" = case when (x) then $1 else current end) , inserted as (insert into checkins (id) select id from applied) select * from applied, inserted',
      ),
    ).toEqual([NODE_VALUES_TABLE, "checkins"]);
    expect(tablesWritten('with applied as (update "nodes" set "title" = $1) select 1')).toEqual([
      "nodes",
    ]);
  });
});

describe("reads kept in memory on the embedded database", () => {
  let database: Database;
  let loads = 0;
  const readV = () =>
    cachedRead(database.db, "v", ["t"], async () => {
      loads++;
      const r = await sql<{ v: number }>`select v from t where id = 1`.execute(database.db);
      return r.rows[0].v;
    });

  beforeAll(async () => {
    database = await openDatabase({ dataDir: "memory://" });
    await sql`create table t (id int primary key, v int)`.execute(database.db);
    await sql`create table other (id int)`.execute(database.db);
    await sql`insert into t values (1, 1)`.execute(database.db);
  });
  afterAll(() => database.close());

  it("asks the database again only after a committed write of a table it read", async () => {
    expect(epochsOf(database.db)).toBeDefined();
    loads = 0;
    expect(await readV()).toBe(1);
    expect(await readV()).toBe(1);
    expect(loads).toBe(1);

    // Another table: still from memory.
    await sql`insert into other values (1)`.execute(database.db);
    expect(await readV()).toBe(1);
    expect(loads).toBe(1);

    // A statement on its own: seen by the next read.
    await sql`update t set v = 2 where id = 1`.execute(database.db);
    expect(await readV()).toBe(2);
    expect(loads).toBe(2);

    // Inside a transaction: seen once it commits.
    await database.db.transaction().execute(async (trx) => {
      await sql`update t set v = 3 where id = 1`.execute(trx);
    });
    expect(await readV()).toBe(3);

    // A rolled-back transaction leaves the value as it was (and is read again, to be sure).
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`update t set v = 99 where id = 1`.execute(trx);
        throw new Error("changed my mind");
      })
      .catch(() => {});
    expect(await readV()).toBe(3);
  });

  it("does not keep a value read while a write was under way", async () => {
    await sql`update t set v = 4 where id = 1`.execute(database.db);
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let updated = () => {};
    const wrote = new Promise<void>((r) => {
      updated = r;
    });
    const tx = database.db.transaction().execute(async (trx) => {
      await sql`update t set v = 5 where id = 1`.execute(trx);
      updated();
      await held;
    });
    await wrote;
    // Asked while the transaction is open: whatever it sees then, it is not trusted after
    // the commit.
    const during = readV();
    release();
    await tx;
    expect([4, 5]).toContain(await during);
    const before = loads;
    expect(await readV()).toBe(5);
    expect(loads).toBe(before + 1);
  });

  it("is not used inside a transaction", async () => {
    await database.db.transaction().execute(async (trx) => {
      expect(epochsOf(trx)).toBeUndefined();
    });
  });
});

describe("rows kept for pages read earlier", () => {
  it("shows the newer of a page's row and the kept one, until the table is written", async () => {
    const database = await openDatabase({ dataDir: "memory://" });
    try {
      const db = database.db;
      const page = [
        { id: "a", version: 3, v: "page" },
        { id: "b", version: 1, v: "page" },
      ];
      expect(freshRows(db, "nodes", page)).toBe(page);
      keepRow(db, "nodes", { id: "a", version: 4, v: "kept" } as never);
      keepRow(db, "nodes", { id: "b", version: 1, v: "kept" } as never);
      const fresh = freshRows(db, "nodes", page);
      expect(fresh).toEqual([
        { id: "a", version: 4, v: "kept" },
        { id: "b", version: 1, v: "page" },
      ]);
      expect(page[0].v).toBe("page"); // the cached page itself is not changed
      // An older row never replaces a newer one, kept or read.
      keepRow(db, "nodes", { id: "a", version: 2, v: "older" } as never);
      expect(freshRows(db, "nodes", page)[0]).toMatchObject({ version: 4, v: "kept" });
      expect(freshRows(db, "nodes", [{ id: "a", version: 9, v: "read" }])[0].v).toBe("read");
      // Another table's pages are not touched; a write of the table drops what was kept.
      expect(freshRows(db, "people", page)).toBe(page);
      epochsOf(db)?.bump(["nodes"]);
      expect(freshRows(db, "nodes", page)).toBe(page);
    } finally {
      await database.close();
    }
  });
});
