import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import { AppError } from "../../core/errors.js";
import type { Database } from "./connect.js";
import { entityRepo, unchanged } from "./entity.repo.js";

/**
 * The CRUD kit against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL):
 * paging, ordering, filters and search, optimistic versions and the errors it maps.
 * Rows are inserted in an order unlike the expected one, so a missing ORDER BY shows.
 */

const units = entityRepo("units", "Unit", (r) => ({
  id: r.id,
  parentId: r.parent_id,
  name: r.name,
  cadenceDays: r.cadence_days,
  version: r.version,
}));
const nodes = entityRepo("nodes", "Node", (r) => ({
  id: r.id,
  title: r.title,
  priority: r.priority,
}));
const people = entityRepo("people", "Person", (r) => ({
  id: r.id,
  name: r.name,
  externalId: r.external_id,
}));

let database: Database;
const db = () => database.db;

async function newOrg(): Promise<string> {
  const id = randomUUID();
  await db()
    .insertInto("organizations")
    .values({ id, slug: `o-${id.slice(0, 8)}`, name: "Org" })
    .execute();
  return id;
}

/** Ids in ascending order, to hand out against insertion order. */
const sortedIds = (n: number) => Array.from({ length: n }, () => randomUUID()).sort();

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe("list", () => {
  // Inserted out of alphabetical order.
  const NAMES = ["delta", "alpha", "golf", "charlie", "echo", "bravo", "foxtrot"];
  let org: string;
  let other: string;
  let root: string;
  const byName = new Map<string, string>();

  beforeAll(async () => {
    org = await newOrg();
    other = await newOrg();
    root = randomUUID();
    await units.insert(db(), org, { id: root, name: "root", kind: "company" });
    for (const name of NAMES) {
      const id = randomUUID();
      byName.set(name, id);
      await units.insert(db(), org, { id, name, kind: "team", parent_id: root });
    }
    // Another organization's rows are never listed, even when they match.
    await units.insert(db(), other, { id: randomUUID(), name: "alpha", kind: "team" });
  });

  const page = (limit: number, offset: number, more: object = {}) =>
    units.list(db(), org, {
      limit,
      offset,
      where: { parent_id: root },
      orderBy: [["name", "asc"]],
      ...more,
    });

  it("pages through the sorted rows with the total, limit and offset it was asked for", async () => {
    const first = await page(3, 0);
    expect(first.items.map((u) => u.name)).toEqual(["alpha", "bravo", "charlie"]);
    expect({ total: first.total, limit: first.limit, offset: first.offset }).toEqual({
      total: 7,
      limit: 3,
      offset: 0,
    });
    const second = await page(3, 3);
    expect(second.items.map((u) => u.name)).toEqual(["delta", "echo", "foxtrot"]);
    expect({ total: second.total, limit: second.limit, offset: second.offset }).toEqual({
      total: 7,
      limit: 3,
      offset: 3,
    });
    expect((await page(3, 6)).items.map((u) => u.name)).toEqual(["golf"]);
    const past = await page(3, 9);
    expect(past.items).toEqual([]);
    expect(past.total).toBe(7);
  });

  it("orders descending too, and maps every row to its record", async () => {
    const all = await page(100, 0, { orderBy: [["name", "desc"]] });
    expect(all.items.map((u) => u.name)).toEqual([...NAMES].sort().reverse());
    for (const u of all.items) {
      expect(u).toEqual({
        id: byName.get(u.name),
        parentId: root,
        name: u.name,
        cadenceDays: 14,
        version: 1,
      });
    }
  });

  it("breaks ties by id, so pages never overlap or skip a row", async () => {
    const org2 = await newOrg();
    const ids = sortedIds(6);
    // cadence 7 for ids 5, 1, 3 (inserted in that order), cadence 30 for ids 4, 0, 2.
    const rows: [number, number][] = [
      [5, 7],
      [4, 30],
      [1, 7],
      [0, 30],
      [3, 7],
      [2, 30],
    ];
    for (const [i, cadence] of rows) {
      await units.insert(db(), org2, {
        id: ids[i],
        name: "same",
        kind: "team",
        cadence_days: cadence,
      });
    }
    const q = { orderBy: [["cadence_days", "desc"]] as [string, "asc" | "desc"][] };
    const seen: string[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const p = await units.list(db(), org2, { limit: 2, offset, ...q });
      seen.push(...p.items.map((u) => u.id));
    }
    expect(seen).toEqual([ids[0], ids[2], ids[4], ids[1], ids[3], ids[5]]);
  });

  it("puts nulls last in both directions", async () => {
    const org3 = await newOrg();
    const ids = sortedIds(5);
    const rows: [number, number | null][] = [
      [3, null],
      [0, 2],
      [4, 30],
      [1, null],
      [2, 1],
    ];
    for (const [i, priority] of rows) {
      await nodes.insert(db(), org3, { id: ids[i], kind: "goal", title: `n${i}`, priority });
    }
    const order = async (direction: "asc" | "desc") =>
      (
        await nodes.list(db(), org3, { limit: 10, offset: 0, orderBy: [["priority", direction]] })
      ).items.map((n) => n.priority);
    expect(await order("asc")).toEqual([1, 2, 30, null, null]);
    expect(await order("desc")).toEqual([30, 2, 1, null, null]);
    // The two nulls tie: the id decides.
    const nulls = (
      await nodes.list(db(), org3, { limit: 2, offset: 3, orderBy: [["priority", "asc"]] })
    ).items.map((n) => n.id);
    expect(nulls).toEqual([ids[1], ids[3]]);
  });

  it("filters by column values, and a null filter means IS NULL", async () => {
    const top = await units.list(db(), org, {
      limit: 10,
      offset: 0,
      where: { parent_id: null },
      orderBy: [["name", "asc"]],
    });
    expect(top.items.map((u) => u.id)).toEqual([root]);
    expect(top.total).toBe(1);
    // An undefined filter is no filter.
    const everything = await units.list(db(), org, {
      limit: 1,
      offset: 0,
      where: { parent_id: undefined },
      orderBy: [["name", "asc"]],
    });
    expect(everything.total).toBe(8);
    expect(everything.items.map((u) => u.name)).toEqual(["alpha"]);
  });

  it("searches case-insensitively for a substring; the total counts matches only", async () => {
    // Lowercase names only: how upper and lower case sort depends on the collation.
    const found = await page(1, 0, {
      search: { column: "name", text: "CHAR" },
      orderBy: [["name", "desc"]],
    });
    expect(found.total).toBe(1);
    expect(found.items.map((u) => u.name)).toEqual(["charlie"]);
    const withO = await page(2, 1, { search: { column: "name", text: "o" } });
    expect(withO.items.map((u) => u.name)).toEqual(["echo", "foxtrot"]);
    expect(withO.total).toBe(4); // bravo, echo, foxtrot, golf
    expect((await page(10, 0, { search: { column: "name", text: "zulu" } })).total).toBe(0);
    // An empty search text is no search.
    expect((await page(10, 0, { search: { column: "name", text: "" } })).total).toBe(7);
  });

  it("searches for %, _ and \\ literally, not as patterns", async () => {
    const org4 = await newOrg();
    for (const name of ["100% done", "100 done", "a_b", "axb", "back\\slash", "backslash"]) {
      await units.insert(db(), org4, { id: randomUUID(), name, kind: "team" });
    }
    const names = async (text: string) =>
      (
        await units.list(db(), org4, {
          limit: 10,
          offset: 0,
          search: { column: "name", text },
          orderBy: [["name", "asc"]],
        })
      ).items.map((u) => u.name);
    expect(await names("%")).toEqual(["100% done"]);
    expect(await names("0% d")).toEqual(["100% done"]);
    expect(await names("_")).toEqual(["a_b"]);
    expect(await names("\\")).toEqual(["back\\slash"]);
    expect(await names("x")).toEqual(["axb"]);
  });

  it("matches rows where any of several columns holds the value", async () => {
    const org5 = await newOrg();
    const [a, b, c, d] = sortedIds(4);
    const lead = randomUUID();
    await people.insert(db(), org5, { id: lead, name: "Lead" });
    await units.insert(db(), org5, { id: a, name: "a", kind: "company" });
    await units.insert(db(), org5, { id: d, name: "d", kind: "team", parent_id: a });
    await units.insert(db(), org5, { id: b, name: "b", kind: "team", leader_id: lead });
    await units.insert(db(), org5, { id: c, name: "c", kind: "team" });
    const hit = async (value: string) =>
      (
        await units.list(db(), org5, {
          limit: 10,
          offset: 0,
          anyOf: { columns: ["parent_id", "leader_id"], value },
          orderBy: [["name", "asc"]],
        })
      ).items.map((u) => u.name);
    expect(await hit(a)).toEqual(["d"]);
    expect(await hit(lead)).toEqual(["b"]);
    expect(await hit(c)).toEqual([]);
  });

  it("never lists, reads or counts another organization's rows", async () => {
    const theirs = await units.list(db(), other, { limit: 10, offset: 0, orderBy: [] });
    expect(theirs.items.map((u) => u.name)).toEqual(["alpha"]);
    expect(theirs.total).toBe(1);
    const id = byName.get("alpha")!;
    expect(await units.find(db(), other, id)).toBeNull();
    expect((await failure(units.get(db(), other, id))).code).toBe("not_found");
    expect(await units.many(db(), other, [id])).toEqual([]);
  });
});

describe("get, find and many", () => {
  it("read the rows asked for, and say when there is none", async () => {
    const org = await newOrg();
    const [a, b, c] = sortedIds(3);
    for (const [id, name] of [
      [c, "c"],
      [a, "a"],
      [b, "b"],
    ] as const) {
      await units.insert(db(), org, { id, name, kind: "team" });
    }
    expect((await units.get(db(), org, b)).name).toBe("b");
    expect((await units.find(db(), org, c))?.name).toBe("c");
    const missing = randomUUID();
    expect(await units.find(db(), org, missing)).toBeNull();
    const err = await failure(units.get(db(), org, missing));
    expect(err.code).toBe("not_found");
    expect(err.details).toEqual({ id: missing });
    expect((await units.many(db(), org, [c, missing, a])).map((u) => u.name).sort()).toEqual([
      "a",
      "c",
    ]);
    expect(await units.many(db(), org, [])).toEqual([]);
  });
});

describe("insert", () => {
  it("returns the stored row, and maps constraint violations to typed errors", async () => {
    const org = await newOrg();
    const id = randomUUID();
    const row = await people.insert(db(), org, { id, name: "Ada", external_id: "E1" });
    expect(row).toEqual({ id, name: "Ada", externalId: "E1" });

    const duplicate = await failure(
      people.insert(db(), org, { id: randomUUID(), name: "Bo", external_id: "E1" }),
    );
    expect(duplicate.code).toBe("conflict");
    expect(duplicate.details).toEqual({ field: "externalId" });
    // The same external id in another organization is fine.
    expect(
      (await people.insert(db(), await newOrg(), { id, name: "Ada", external_id: "E1" })).id,
    ).toBe(id);

    const dangling = await failure(
      units.insert(db(), org, {
        id: randomUUID(),
        name: "x",
        kind: "team",
        parent_id: randomUUID(),
      }),
    );
    expect(dangling.code).toBe("validation_failed");
    expect(dangling.message).toMatch(/^parentId: /);

    const badKind = await failure(
      units.insert(db(), org, { id: randomUUID(), name: "x", kind: "tribe" }),
    );
    expect(badKind.code).toBe("validation_failed");
    expect(await units.list(db(), org, { limit: 10, offset: 0, orderBy: [] })).toMatchObject({
      total: 0,
    });
  });
});

describe("update", () => {
  let org: string;
  beforeAll(async () => {
    org = await newOrg();
  });
  const newUnit = async (name = "u") => {
    const id = randomUUID();
    await units.insert(db(), org, { id, name, kind: "team" });
    return id;
  };

  it("applies at the version sent and bumps it", async () => {
    const id = await newUnit();
    const v2 = await units.update(db(), org, id, { name: "renamed" }, 1);
    expect(v2).toMatchObject({ id, name: "renamed", version: 2, cadenceDays: 14 });
    const v3 = await units.update(db(), org, id, { cadence_days: 7 }, 2);
    expect(v3).toMatchObject({ name: "renamed", version: 3, cadenceDays: 7 });
    expect(await units.get(db(), org, id)).toEqual(v3);
    // Without a version it applies to whatever is there.
    expect((await units.update(db(), org, id, { name: "again" })).version).toBe(4);
  });

  it("refuses a stale version with the current one, and writes nothing", async () => {
    const id = await newUnit("before");
    await units.update(db(), org, id, { name: "first" }, 1);
    await units.update(db(), org, id, { name: "second" }, 2);
    for (const stale of [1, 2, 4]) {
      const err = await failure(units.update(db(), org, id, { name: "lost" }, stale));
      expect(err.code).toBe("version_conflict");
      expect(err.details).toEqual({ currentVersion: 3 });
      expect(err.message).toContain(`you sent ${stale}`);
    }
    expect(await units.get(db(), org, id)).toMatchObject({ name: "second", version: 3 });
  });

  it("says not_found for a missing id, with or without a version", async () => {
    const missing = randomUUID();
    for (const version of [undefined, 1]) {
      const err = await failure(units.update(db(), org, missing, { name: "x" }, version));
      expect(err.code).toBe("not_found");
      expect(err.details).toEqual({ id: missing });
    }
    // Another organization's row is missing here too, and stays as it was.
    const theirs = randomUUID();
    const otherOrg = await newOrg();
    await units.insert(db(), otherOrg, { id: theirs, name: "theirs", kind: "team" });
    expect((await failure(units.update(db(), org, theirs, { name: "x" }, 1))).code).toBe(
      "not_found",
    );
    expect(await units.get(db(), otherOrg, theirs)).toMatchObject({ name: "theirs", version: 1 });
  });

  it("maps a constraint violation to a typed error and leaves the row alone", async () => {
    const id = await newUnit("kept");
    const err = await failure(units.update(db(), org, id, { cadence_days: 0 }, 1));
    expect(err.code).toBe("validation_failed");
    expect(await units.get(db(), org, id)).toMatchObject({ cadenceDays: 14, version: 1 });
  });
});

describe("remove", () => {
  it("deletes a row; a referenced row is a conflict and stays; a missing one is not_found", async () => {
    const org = await newOrg();
    const [parent, child] = sortedIds(2);
    await units.insert(db(), org, { id: parent, name: "parent", kind: "division" });
    await units.insert(db(), org, { id: child, name: "child", kind: "team", parent_id: parent });

    const referenced = await failure(units.remove(db(), org, parent));
    expect(referenced.code).toBe("conflict");
    expect(referenced.details).toEqual({ id: parent });
    expect(referenced.message).toContain("still referenced");
    expect(await units.find(db(), org, parent)).not.toBeNull();

    await units.remove(db(), org, child);
    expect(await units.find(db(), org, child)).toBeNull();
    await units.remove(db(), org, parent);
    expect(await units.find(db(), org, parent)).toBeNull();

    const again = await failure(units.remove(db(), org, parent));
    expect(again.code).toBe("not_found");
    expect(again.details).toEqual({ id: parent });
  });

  it("does not delete another organization's row with the same id", async () => {
    const [mine, theirs] = [await newOrg(), await newOrg()];
    const id = randomUUID();
    await units.insert(db(), mine, { id, name: "mine", kind: "team" });
    await units.insert(db(), theirs, { id, name: "theirs", kind: "team" });
    await units.remove(db(), mine, id);
    expect(await units.find(db(), mine, id)).toBeNull();
    expect(await units.get(db(), theirs, id)).toMatchObject({ name: "theirs" });
  });
});

describe("unchanged", () => {
  const current = { id: "u1", version: 3, name: "same" };
  it("returns the current record when the version matches or none was sent", () => {
    expect(unchanged(current, 3, "Unit")).toBe(current);
    expect(unchanged(current, undefined, "Unit")).toBe(current);
  });
  it("still refuses a stale version, naming the current one", () => {
    for (const stale of [1, 2, 4]) {
      let caught: unknown;
      try {
        unchanged(current, stale, "Unit");
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe("version_conflict");
      expect((caught as AppError).details).toEqual({ currentVersion: 3 });
      expect((caught as AppError).message).toContain("Unit u1");
    }
  });
});

describe("the total of an unfiltered list (row_counts)", () => {
  const total = async (org: string) =>
    (await units.list(db(), org, { ...page, orderBy: [] })).total;
  const page = { limit: 1, offset: 0 };
  const addUnits = (org: string, n: number) =>
    db()
      .insertInto("units")
      .values(
        Array.from({ length: n }, (_, i) => ({
          org_id: org,
          id: randomUUID(),
          name: `u${i}`,
          kind: "team" as const,
        })),
      )
      .execute();

  it("follows inserts and deletes, also past the point where the deltas are folded", async () => {
    const org = await newOrg();
    expect(await total(org)).toBe(0);
    await addUnits(org, 3);
    expect(await total(org)).toBe(3);
    for (let i = 0; i < 70; i++) await addUnits(org, 1);
    expect(await total(org)).toBe(73);
    const deltas = await db()
      .selectFrom("row_counts")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("org_id", "=", org)
      .executeTakeFirstOrThrow();
    expect(Number(deltas.n)).toBe(1); // folded by the read above
    await db().deleteFrom("units").where("org_id", "=", org).where("name", "=", "u0").execute();
    expect(await total(org)).toBe(73 - 71);
    // A filtered list still counts its matches.
    const named = await units.list(db(), org, { ...page, where: { name: "u1" }, orderBy: [] });
    expect(named.total).toBe(1);
    await units.remove(db(), org, named.items[0]!.id);
    expect(await total(org)).toBe(1);
  });

  it("starts again from zero when an organization is deleted and recreated with the same id", async () => {
    const org = await newOrg();
    await addUnits(org, 4);
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom("organizations").where("id", "=", org).execute();
        await trx
          .insertInto("organizations")
          .values({ id: org, slug: `o-${org.slice(0, 8)}`, name: "Again" })
          .execute();
      });
    expect(await total(org)).toBe(0);
    await addUnits(org, 2);
    expect(await total(org)).toBe(2);
  });
});
