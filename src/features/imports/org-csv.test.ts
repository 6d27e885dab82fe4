import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import { AppError } from "../../core/errors.js";
import { type Ctx, makeCtx } from "../../platform/context.js";
import { type Database, num } from "../../platform/db/connect.js";
import { getRevision, insertOrg } from "../orgs/index.js";
import { importOrgCsv } from "./org-csv.js";

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), "utf8");
const REAL_ORG_CHART = new URL("../../../../shared/data/orgchart/org.csv", import.meta.url);

let database: Database;
let ctx: Ctx;

beforeAll(async () => {
  database = await testDatabase();
  ctx = makeCtx(database.db);
});
afterAll(() => database.close());

async function newOrg(name = "Trailpace Running Co."): Promise<string> {
  const id = randomUUID();
  await insertOrg(ctx.db, { id, slug: `org-${id.slice(0, 8)}`, name, vision: "" });
  return id;
}

/** Row counts of what an org import writes, and the revision. */
async function snapshot(orgId: string) {
  const count = async (table: "people" | "units" | "memberships") =>
    num(
      (
        await ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("org_id", "=", orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    people: await count("people"),
    units: await count("units"),
    memberships: await count("memberships"),
    revision: await getRevision(ctx.db, orgId),
  };
}

async function importFailure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("the import should have failed");
}

const person = (orgId: string, externalId: string) =>
  ctx.db
    .selectFrom("people")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("external_id", "=", externalId)
    .executeTakeFirstOrThrow();

const unitPath = async (orgId: string, unitId: string): Promise<string[]> => {
  const path: string[] = [];
  let id: string | null = unitId;
  while (id) {
    const u = await ctx.db
      .selectFrom("units")
      .select(["name", "kind", "parent_id"])
      .where("org_id", "=", orgId)
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    path.unshift(`${u.name} (${u.kind})`);
    id = u.parent_id;
  }
  return path;
};

const membershipsOf = (orgId: string, personId: string) =>
  ctx.db
    .selectFrom("memberships")
    .select(["unit_id", "share"])
    .where("org_id", "=", orgId)
    .where("person_id", "=", personId)
    .execute();

const unitNamed = (orgId: string, name: string) =>
  ctx.db
    .selectFrom("units")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("name", "=", name)
    .executeTakeFirstOrThrow();

describe("importOrgCsv", () => {
  it("imports people, managers, units and memberships from a good file", async () => {
    const orgId = await newOrg();
    const progress: [number, number][] = [];
    const report = await importOrgCsv(ctx, orgId, fixture("org-good.csv"), {
      onProgress: (done, total) => progress.push([done, total]),
    });

    expect(report.issues).toEqual([]);
    expect(report).toMatchObject({ kind: "org", dryRun: false, rows: 24 });
    // 1 company + 5 divisions + 6 departments + 8 teams; everyone but the advisor has a unit.
    expect(report.created).toEqual({ people: 24, units: 20, memberships: 23 });
    expect(report.updated).toEqual({ people: 0, units: 0, memberships: 0 });
    expect(report.preview).toHaveLength(20);
    expect(report.preview[0]).toMatchObject({
      line: 2,
      valid: true,
      id: "TP-001",
      name: "Maya Lindgren",
    });
    expect(await snapshot(orgId)).toEqual({ people: 24, units: 20, memberships: 23, revision: 1 });
    const [done, total] = progress[progress.length - 1];
    expect(done).toBe(total);
    expect(total).toBeGreaterThan(0);

    const lucia = await person(orgId, "TP-007");
    expect(lucia).toMatchObject({ name: "Lucía Fernández", title: "Lead Designer, Trail" });
    expect(lucia.manager_id).toBe((await person(orgId, "TP-005")).id);
    // Managed by someone listed further down the file.
    expect((await person(orgId, "TP-022")).manager_id).toBe((await person(orgId, "TP-023")).id);
    expect((await person(orgId, "TP-001")).manager_id).toBeNull();

    const olivia = await person(orgId, "TP-009");
    expect(olivia.email).toBeNull();
    const [membership] = await membershipsOf(orgId, olivia.id);
    expect(membership.share).toBe(0.5);
    expect(await unitPath(orgId, membership.unit_id)).toEqual([
      "Trailpace Running Co. (company)",
      "Product (division)",
      "Footwear Design (department)",
      "Trail Shoes (team)",
    ]);

    const coach = await person(orgId, "TP-024");
    expect(coach.name).toBe("Ambassador Running Coach (TP-024)");
    expect(await membershipsOf(orgId, coach.id)).toEqual([]);

    // Leaders: the member whose manager is outside the unit and who heads most of it.
    expect((await unitNamed(orgId, "Trailpace Running Co.")).leader_id).toBe(
      (await person(orgId, "TP-001")).id,
    );
    expect((await unitNamed(orgId, "Product")).leader_id).toBe((await person(orgId, "TP-002")).id);
    expect((await unitNamed(orgId, "Road Shoes")).leader_id).toBe(
      (await person(orgId, "TP-006")).id,
    );
    expect((await unitNamed(orgId, "Finance")).leader_id).toBe((await person(orgId, "TP-023")).id);
  });

  it("re-imports the same file without creating anything, and upserts changes by id", async () => {
    const orgId = await newOrg();
    const csv = fixture("org-good.csv");
    await importOrgCsv(ctx, orgId, csv);
    const before = await snapshot(orgId);

    const again = await importOrgCsv(ctx, orgId, csv);
    expect(again.issues).toEqual([]);
    expect(again.created).toEqual({ people: 0, units: 0, memberships: 0 });
    expect(again.updated).toEqual({ people: 0, units: 0, memberships: 0 });
    expect(await snapshot(orgId)).toEqual({ ...before, revision: before.revision + 1 });

    // Ivan moves from Customer Care to the Fulfilment team under Ben; a new hire joins.
    const ivanBefore = await person(orgId, "TP-021");
    const changed = csv
      .replace(
        "TP-021,Ivan Petrov,ivan.petrov@trailpace.example,Customer Care Agent,TP-020,Operations,Customer Care,,",
        "TP-021,Ivan Petrov,ivan.petrov@trailpace.example,Warehouse Associate,TP-019,Operations,Supply Chain,Fulfilment,",
      )
      .concat(
        "TP-025,Zoe Martin,zoe.martin@trailpace.example,Brand Designer,TP-012,Commercial,Marketing,Brand,\n",
      );
    const report = await importOrgCsv(ctx, orgId, changed);
    expect(report.issues).toEqual([]);
    expect(report.created).toEqual({ people: 1, units: 0, memberships: 2 });
    expect(report.updated).toEqual({ people: 1, units: 0, memberships: 1 });

    const ivan = await person(orgId, "TP-021");
    expect(ivan.id).toBe(ivanBefore.id);
    expect(ivan).toMatchObject({ title: "Warehouse Associate", version: ivanBefore.version + 1 });
    expect(ivan.manager_id).toBe((await person(orgId, "TP-019")).id);
    const memberships = await membershipsOf(orgId, ivan.id);
    expect(memberships).toHaveLength(1);
    expect(await unitPath(orgId, memberships[0].unit_id)).toEqual([
      "Trailpace Running Co. (company)",
      "Operations (division)",
      "Supply Chain (department)",
      "Fulfilment (team)",
    ]);
    expect(await snapshot(orgId)).toMatchObject({ people: 25, units: 20, memberships: 24 });
  });

  it("rejects a file with one bad line, names the line and field, and writes nothing", async () => {
    const orgId = await newOrg();
    const before = await snapshot(orgId);
    const err = await importFailure(importOrgCsv(ctx, orgId, fixture("org-bad-line.csv")));
    expect(err.code).toBe("import_failed");
    expect(err.message).toMatch(
      /^1 line is invalid; nothing was written\. Line 8: manager_id: "TP-105"/,
    );
    expect(err.details).toEqual({
      rows: 24,
      issues: [{ line: 8, field: "manager_id", message: expect.stringContaining("TP-105") }],
    });
    expect(await snapshot(orgId)).toEqual(before);
  });

  it("leaves an existing organization untouched when a re-import has a bad line", async () => {
    const orgId = await newOrg();
    await importOrgCsv(ctx, orgId, fixture("org-good.csv"));
    const before = await snapshot(orgId);
    const bad = fixture("org-good.csv").replace(
      "Head of Sales,TP-003",
      "Head of Sales,TP-003\n,,,,,,,,",
    );
    const err = await importFailure(
      importOrgCsv(ctx, orgId, bad.replace("Footwear Designer,TP-006", "Footwear Designer,TP-999")),
    );
    expect(err.code).toBe("import_failed");
    expect(await snapshot(orgId)).toEqual(before);
    expect((await person(orgId, "TP-008")).manager_id).toBe((await person(orgId, "TP-006")).id);
  });

  it("reports every bad line of a file with several", async () => {
    const orgId = await newOrg();
    const report = await importOrgCsv(ctx, orgId, fixture("org-bad-lines.csv"), { dryRun: true });
    expect(report.issues.map((i) => [i.line, i.field])).toEqual([
      [4, "email"],
      [8, "manager_id"],
      [10, "share"],
      [17, "id"],
      [19, "manager_id"],
    ]);
    expect(report.issues[4].message).toMatch(
      /loop: TP-018 \(line 19\) → TP-019 \(line 20\) → TP-018/,
    );
    const err = await importFailure(importOrgCsv(ctx, orgId, fixture("org-bad-lines.csv")));
    expect(err.message).toMatch(/^5 lines are invalid; nothing was written\. Line 4: email: /);
    expect((err.details as { issues: unknown[] }).issues).toHaveLength(5);
    expect(await snapshot(orgId)).toEqual({ people: 0, units: 0, memberships: 0, revision: 0 });
  });

  it("checks and counts in a dry run without writing", async () => {
    const orgId = await newOrg();
    const bad = await importOrgCsv(ctx, orgId, fixture("org-bad-line.csv"), { dryRun: true });
    expect(bad.dryRun).toBe(true);
    expect(bad.issues).toEqual([{ line: 8, field: "manager_id", message: expect.any(String) }]);
    const good = await importOrgCsv(ctx, orgId, fixture("org-good.csv"), { dryRun: true });
    expect(good.issues).toEqual([]);
    expect(good.created).toEqual({ people: 24, units: 20, memberships: 23 });
    expect(await snapshot(orgId)).toEqual({ people: 0, units: 0, memberships: 0, revision: 0 });
  });

  it("reports problems with the file itself on their line", async () => {
    const orgId = await newOrg();
    const issuesOf = async (csv: string) =>
      (await importOrgCsv(ctx, orgId, csv, { dryRun: true })).issues;

    expect(await issuesOf("")).toEqual([
      { line: 1, field: null, message: expect.stringContaining("the file is empty") },
    ]);
    expect(await issuesOf("id,name,title\n")).toEqual([
      { line: 1, field: null, message: "the file has a header but no data rows" },
    ]);
    expect(await issuesOf("name,title\nAda,Engineer\n")).toEqual([
      { line: 1, field: "id", message: expect.stringContaining('required column "id" is missing') },
    ]);
    expect(
      await issuesOf('id,name,title\nA1,Ada,Engineer\nA2,"Bob,Lead\nA3,Cy,Designer\n'),
    ).toEqual([{ line: 3, field: null, message: expect.stringContaining("never closed") }]);
    expect(
      await issuesOf("id,name,title\nA1,Ada,Engineer\nA2,Bob,Lead, Platform\n\nA3,,\n"),
    ).toEqual([
      {
        line: 3,
        field: null,
        message: expect.stringContaining("has 4 values but the header has 3"),
      },
    ]);
    // Lines count from the file: a quoted line break and a blank line push the next row down.
    expect(await issuesOf('id,name,manager_id\nA1,"Ada\nLovelace",\n\nA2,Bob,ZZ\n')).toEqual([
      { line: 5, field: "manager_id", message: expect.stringContaining('"ZZ"') },
    ]);
    expect(await issuesOf("id,name\nA1,Ada\n,Bob\n")).toEqual([
      { line: 3, field: "id", message: "is required" },
    ]);
  });

  it("accepts camelCase and any-case column names, a BOM, CRLF and quoted line breaks", async () => {
    const orgId = await newOrg("Pacer Labs");
    const csv =
      "\uFEFFID,Full Name,Title,ManagerId,DIVISION,Department,Team,Share,Shoe Size\r\n" +
      'P1,Ada Lovelace,"Chief\nEngineer",,Engineering,,,,38\r\n' +
      "P2,Bob Stone,Engineer,P1,Engineering,Platform,,50%,44\r\n";
    const report = await importOrgCsv(ctx, orgId, csv);
    expect(report.issues).toEqual([]);
    expect(report.created).toEqual({ people: 2, units: 3, memberships: 2 });
    const bob = await person(orgId, "P2");
    expect(bob.manager_id).toBe((await person(orgId, "P1")).id);
    expect((await membershipsOf(orgId, bob.id))[0].share).toBe(0.5);
    // "Full Name" is not the `name` column: the name falls back to title and id.
    expect((await person(orgId, "P1")).name).toBe("Chief\nEngineer (P1)");
    expect((await unitNamed(orgId, "Pacer Labs")).kind).toBe("company");
  });

  it("links managers to people already in the organization and refuses a taken e-mail", async () => {
    const orgId = await newOrg();
    await importOrgCsv(ctx, orgId, fixture("org-good.csv"));
    const hire =
      "id,name,email,manager_id,department\nTP-030,Ana Silva,ana.silva@trailpace.example,TP-005,Footwear Design\n";
    const report = await importOrgCsv(ctx, orgId, hire);
    expect(report.issues).toEqual([]);
    expect(report.created).toEqual({ people: 1, units: 1, memberships: 1 });
    expect((await person(orgId, "TP-030")).manager_id).toBe((await person(orgId, "TP-005")).id);

    const taken = "id,name,email\nTP-031,Max Mustermann,GRACE.KIM@trailpace.example\n";
    const dry = await importOrgCsv(ctx, orgId, taken, { dryRun: true });
    expect(dry.issues).toEqual([
      { line: 2, field: "email", message: expect.stringContaining("Grace Kim (TP-011)") },
    ]);
    // Two people may swap e-mails; a blank cell keeps what the person has.
    const swap =
      "id,email,title\nTP-012,priya.nair@trailpace.example,\nTP-013,tom.fischer@trailpace.example,\n";
    const swapped = await importOrgCsv(ctx, orgId, swap);
    expect(swapped.issues).toEqual([]);
    expect(swapped.updated).toMatchObject({ people: 2 });
    expect(await person(orgId, "TP-012")).toMatchObject({
      name: "Tom Fischer",
      email: "priya.nair@trailpace.example",
      title: "Brand Manager",
    });
    expect((await person(orgId, "TP-013")).email).toBe("tom.fischer@trailpace.example");

    // A loop through people the file does not mention is caught too.
    const loop = "id,manager_id\nTP-001,TP-002\n";
    const looped = await importOrgCsv(ctx, orgId, loop, { dryRun: true });
    expect(looped.issues).toEqual([
      {
        line: 2,
        field: "manager_id",
        message: expect.stringMatching(/TP-001 \(line 2\) → TP-002 \(not in the file\) → TP-001/),
      },
    ]);
  });

  it("imports the real 1,481-person org chart and re-imports it without changes", async () => {
    const orgId = await newOrg("GitLab (sample)");
    const csv = fs.readFileSync(REAL_ORG_CHART, "utf8");
    const report = await importOrgCsv(ctx, orgId, csv);
    expect(report.issues).toEqual([]);
    expect(report.rows).toBe(1481);
    expect(report.created.people).toBe(1481);
    // 124 people have neither division nor department: no membership.
    expect(report.created.memberships).toBe(1481 - 124);
    const after = await snapshot(orgId);
    expect(after.people).toBe(1481);
    expect(after.units).toBe(report.created.units);
    // The company, 9 divisions and 286 departments (8 departments have no division).
    expect(after.units).toBe(296);
    const roots = await ctx.db
      .selectFrom("people")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("org_id", "=", orgId)
      .where("manager_id", "is", null)
      .executeTakeFirstOrThrow();
    expect(num(roots.n)).toBe(124);
    const ceo = await person(orgId, "E0001");
    expect(ceo.name).toBe("Chief Executive Officer (E0001)");
    expect((await unitNamed(orgId, "GitLab (sample)")).leader_id).toBe(ceo.id);

    const again = await importOrgCsv(ctx, orgId, csv);
    expect(again.created).toEqual({ people: 0, units: 0, memberships: 0 });
    expect(again.updated).toEqual({ people: 0, units: 0, memberships: 0 });
  });
});
