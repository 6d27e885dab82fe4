import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../../platform/db/connect.js";
import { unitsRepo } from "./units.repo.js";

/** The units repository's own SQL against a real database (PGlite or TEST_DATABASE_URL). */

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

const unit = (orgId: string, id: string, name: string, kind: string, parentId: string | null) =>
  unitsRepo.insert(db(), orgId, { id, name, kind, parent_id: parentId });

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe("ancestorsOf", () => {
  let org: string;
  // Ids in descending order from the company down, so neither id order nor insertion order
  // is the nearest-first order.
  const [team, department, division, company, sibling] = Array.from({ length: 5 }, () =>
    randomUUID(),
  ).sort();

  beforeAll(async () => {
    org = await newOrg();
    // Inserted leaf first: the foreign keys are deferred for this transaction.
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`set constraints all deferred`.execute(trx);
        await unitsRepo.insert(trx, org, {
          id: team,
          name: "Team",
          kind: "team",
          parent_id: department,
        });
        await unitsRepo.insert(trx, org, {
          id: department,
          name: "Department",
          kind: "department",
          parent_id: division,
        });
        await unitsRepo.insert(trx, org, { id: company, name: "Company", kind: "company" });
        await unitsRepo.insert(trx, org, {
          id: division,
          name: "Division",
          kind: "division",
          parent_id: company,
        });
      });
    await unit(org, sibling, "Sibling", "team", department);
  });

  it("lists the unit and the units above it, nearest first, with their names", async () => {
    expect(await unitsRepo.ancestorsOf(db(), org, team)).toEqual([
      { id: team, name: "Team" },
      { id: department, name: "Department" },
      { id: division, name: "Division" },
      { id: company, name: "Company" },
    ]);
    expect(await unitsRepo.ancestorsOf(db(), org, sibling)).toEqual([
      { id: sibling, name: "Sibling" },
      { id: department, name: "Department" },
      { id: division, name: "Division" },
      { id: company, name: "Company" },
    ]);
    expect(await unitsRepo.ancestorsOf(db(), org, division)).toEqual([
      { id: division, name: "Division" },
      { id: company, name: "Company" },
    ]);
    expect(await unitsRepo.ancestorsOf(db(), org, company)).toEqual([
      { id: company, name: "Company" },
    ]);
  });

  it("is empty for a unit that does not exist", async () => {
    expect(await unitsRepo.ancestorsOf(db(), org, randomUUID())).toEqual([]);
  });

  it("follows the chain inside the organization only, even where another reuses the ids", async () => {
    // Another organization holds units with the same ids as ours, linked differently.
    const other = await newOrg();
    const top = randomUUID();
    await unit(other, top, "Their top", "company", null);
    await unit(other, division, "Their division", "division", top);
    await unit(other, department, "Their department", "department", top);
    expect(await unitsRepo.ancestorsOf(db(), org, team)).toEqual([
      { id: team, name: "Team" },
      { id: department, name: "Department" },
      { id: division, name: "Division" },
      { id: company, name: "Company" },
    ]);
    expect(await unitsRepo.ancestorsOf(db(), other, department)).toEqual([
      { id: department, name: "Their department" },
      { id: top, name: "Their top" },
    ]);
    // Our team is not theirs.
    expect(await unitsRepo.ancestorsOf(db(), other, team)).toEqual([]);
  });

  it("sees a move: after the department moves under the company, the division is no ancestor", async () => {
    const org2 = await newOrg();
    const [c, d, dep, t] = Array.from({ length: 4 }, () => randomUUID());
    await unit(org2, c, "C", "company", null);
    await unit(org2, d, "D", "division", c);
    await unit(org2, dep, "Dep", "department", d);
    await unit(org2, t, "T", "team", dep);
    expect((await unitsRepo.ancestorsOf(db(), org2, t)).map((u) => u.name)).toEqual([
      "T",
      "Dep",
      "D",
      "C",
    ]);
    await unitsRepo.update(db(), org2, dep, { parent_id: c }, 1);
    expect((await unitsRepo.ancestorsOf(db(), org2, t)).map((u) => u.name)).toEqual([
      "T",
      "Dep",
      "C",
    ]);
  });
});
