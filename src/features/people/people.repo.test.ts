import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../../platform/db/connect.js";
import { peopleRepo } from "./people.repo.js";

/** The people repository's own SQL against a real database (PGlite or TEST_DATABASE_URL). */

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

const person = (orgId: string, id: string, name: string, managerId: string | null = null) =>
  peopleRepo.insert(db(), orgId, { id, name, manager_id: managerId });
const unit = (orgId: string, id: string, name: string) =>
  db().insertInto("units").values({ org_id: orgId, id, name, kind: "team" }).execute();
/** n ids, ascending. */
const ids = (n: number) => Array.from({ length: n }, () => randomUUID()).sort();

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe("managerChainOf", () => {
  let org: string;
  // Ids ascending from the bottom up, inserted from the top down: neither order is the chain's.
  const [ic, lead, vp, ceo, peer] = ids(5);

  beforeAll(async () => {
    org = await newOrg();
    await person(org, ceo, "Ceo");
    await person(org, vp, "Vp", ceo);
    await person(org, peer, "Peer", ceo);
    await person(org, lead, "Lead", vp);
    await person(org, ic, "Ic", lead);
  });

  it("starts at the given person and climbs to the top, nearest first", async () => {
    const chain = async (id: string) =>
      (await peopleRepo.managerChainOf(db(), org, id)).map((r) => r.id);
    expect(await chain(ic)).toEqual([ic, lead, vp, ceo]);
    expect(await chain(lead)).toEqual([lead, vp, ceo]);
    expect(await chain(peer)).toEqual([peer, ceo]);
    expect(await chain(ceo)).toEqual([ceo]);
    expect(await chain(randomUUID())).toEqual([]);
  });

  it("stays inside the organization where another one reuses the ids", async () => {
    const other = await newOrg();
    // Their vp has our ceo's id and no manager; their lead has our vp's id and reports to a stranger.
    const stranger = randomUUID();
    await person(other, ceo, "Their vp");
    await person(other, stranger, "Stranger", ceo);
    await person(other, vp, "Their lead", stranger);
    expect((await peopleRepo.managerChainOf(db(), org, lead)).map((r) => r.id)).toEqual([
      lead,
      vp,
      ceo,
    ]);
    expect((await peopleRepo.managerChainOf(db(), other, vp)).map((r) => r.id)).toEqual([
      vp,
      stranger,
      ceo,
    ]);
  });

  it("follows a change of manager", async () => {
    await peopleRepo.update(db(), org, lead, { manager_id: peer }, 1);
    expect((await peopleRepo.managerChainOf(db(), org, ic)).map((r) => r.id)).toEqual([
      ic,
      lead,
      peer,
      ceo,
    ]);
  });
});

describe("memberships", () => {
  let org: string;
  // Ids in reverse name order, so neither id order nor insertion order is name order.
  const [dee, cy, bo, ana] = ids(4);
  const [red, green, blue] = ids(3);

  beforeAll(async () => {
    org = await newOrg();
    for (const [id, name] of [
      [red, "Red"],
      [green, "Green"],
      [blue, "Blue"],
    ] as const)
      await unit(org, id, name);
    // Inserted out of name order.
    await person(org, dee, "dee");
    await person(org, bo, "bo");
    await person(org, ana, "ana");
    await person(org, cy, "cy");
    // Shares given out of order: a person's memberships come largest share first.
    await peopleRepo.setMemberships(db(), org, ana, [
      { unitId: red, share: 0.2 },
      { unitId: green, share: 0.5 },
      { unitId: blue, share: 0.3 },
    ]);
    await peopleRepo.setMemberships(db(), org, bo, [{ unitId: green, share: 1 }]);
    await peopleRepo.setMemberships(db(), org, dee, [{ unitId: green, share: 0.4 }]);
    // Another organization has people and a unit with the same ids as ana, cy and green.
    const other = await newOrg();
    await unit(other, green, "Their green");
    for (const id of [ana, cy]) {
      await person(other, id, "theirs");
      await peopleRepo.setMemberships(db(), other, id, [{ unitId: green, share: 0.9 }]);
    }
  });

  it("get returns a person with their memberships, largest share first", async () => {
    expect(await peopleRepo.get(db(), org, ana)).toMatchObject({
      id: ana,
      name: "ana",
      memberships: [
        { unitId: green, share: 0.5 },
        { unitId: blue, share: 0.3 },
        { unitId: red, share: 0.2 },
      ],
    });
    expect((await peopleRepo.get(db(), org, cy)).memberships).toEqual([]);
  });

  it("list and many give each person their own memberships", async () => {
    const page = await peopleRepo.list(db(), org, {
      limit: 3,
      offset: 1,
      orderBy: [["name", "asc"]],
    });
    expect(page.total).toBe(4);
    expect(page.items.map((p) => [p.name, p.memberships])).toEqual([
      ["bo", [{ unitId: green, share: 1 }]],
      ["cy", []],
      ["dee", [{ unitId: green, share: 0.4 }]],
    ]);
    const many = await peopleRepo.many(db(), org, [dee, ana]);
    expect(
      Object.fromEntries(many.map((p) => [p.name, p.memberships.map((m) => m.unitId)])),
    ).toEqual({ dee: [green], ana: [green, blue, red] });
  });

  it("listInUnit lists a unit's members by name, with paging and the total", async () => {
    const members = (unitId: string, limit: number, offset: number) =>
      peopleRepo.listInUnit(db(), org, unitId, { limit, offset });
    const first = await members(green, 2, 0);
    expect(first.items.map((p) => p.name)).toEqual(["ana", "bo"]);
    expect({ total: first.total, limit: first.limit, offset: first.offset }).toEqual({
      total: 3,
      limit: 2,
      offset: 0,
    });
    const rest = await members(green, 2, 2);
    expect(rest.items.map((p) => [p.name, p.memberships])).toEqual([
      ["dee", [{ unitId: green, share: 0.4 }]],
    ]);
    expect(rest.total).toBe(3);
    expect((await members(red, 10, 0)).items.map((p) => p.name)).toEqual(["ana"]);
    expect(await members(randomUUID(), 10, 0)).toEqual({
      items: [],
      total: 0,
      limit: 10,
      offset: 0,
    });
  });

  it("setMemberships replaces a person's memberships and touches no one else's", async () => {
    await peopleRepo.setMemberships(db(), org, bo, [
      { unitId: red, share: 0.6 },
      { unitId: blue, share: 0.4 },
    ]);
    expect((await peopleRepo.get(db(), org, bo)).memberships).toEqual([
      { unitId: red, share: 0.6 },
      { unitId: blue, share: 0.4 },
    ]);
    expect((await peopleRepo.get(db(), org, ana)).memberships).toHaveLength(3);
    await peopleRepo.setMemberships(db(), org, bo, []);
    expect((await peopleRepo.get(db(), org, bo)).memberships).toEqual([]);
    expect((await peopleRepo.listInUnit(db(), org, red, { limit: 10, offset: 0 })).total).toBe(1);
  });

  it("a deleted unit takes its memberships with it; a deleted manager leaves reports unmanaged", async () => {
    const org2 = await newOrg();
    const [u, boss, report] = ids(3);
    await unit(org2, u, "Gone");
    await person(org2, boss, "Boss");
    await person(org2, report, "Report", boss);
    await peopleRepo.setMemberships(db(), org2, report, [{ unitId: u, share: 1 }]);
    await db().deleteFrom("units").where("org_id", "=", org2).where("id", "=", u).execute();
    expect((await peopleRepo.get(db(), org2, report)).memberships).toEqual([]);
    await peopleRepo.remove(db(), org2, boss);
    expect((await peopleRepo.get(db(), org2, report)).managerId).toBeNull();
  });
});
