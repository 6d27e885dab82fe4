import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import { AppError } from "../../core/errors.js";
import { type Ctx, makeCtx } from "../../platform/context.js";
import { type Database, num } from "../../platform/db/connect.js";
import { getRevision, insertOrg } from "../orgs/index.js";
import { importGoalsCsv } from "./goals-csv.js";
import { importOrgCsv } from "./org-csv.js";

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), "utf8");

let database: Database;
let ctx: Ctx;

beforeAll(async () => {
  database = await testDatabase();
  ctx = makeCtx(database.db);
});
afterAll(() => database.close());

/** An organization with the Trailpace org chart (units and people the goals refer to). */
async function trailpace(): Promise<string> {
  const id = randomUUID();
  await insertOrg(ctx.db, {
    id,
    slug: `org-${id.slice(0, 8)}`,
    name: "Trailpace Running Co.",
    vision: "",
  });
  const report = await importOrgCsv(ctx, id, fixture("org-good.csv"));
  expect(report.issues).toEqual([]);
  return id;
}

async function snapshot(orgId: string) {
  const count = async (table: "nodes" | "edges") =>
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
    nodes: await count("nodes"),
    edges: await count("edges"),
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

const node = (orgId: string, title: string) =>
  ctx.db
    .selectFrom("nodes")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("title", "=", title)
    .executeTakeFirstOrThrow();

const edgesFrom = (orgId: string, fromId: string) =>
  ctx.db
    .selectFrom("edges")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("from_id", "=", fromId)
    .execute();

describe("importGoalsCsv", () => {
  it("imports goals, and parent keys become contributes_to edges", async () => {
    const orgId = await trailpace();
    const before = await snapshot(orgId);
    const progress: number[] = [];
    const report = await importGoalsCsv(ctx, orgId, fixture("goals-good.csv"), {
      onProgress: (done) => progress.push(done),
    });
    expect(report.issues).toEqual([]);
    expect(report).toMatchObject({ kind: "goals", rows: 16, created: { nodes: 16, edges: 11 } });
    expect(report.preview[1]).toMatchObject({
      line: 3,
      key: "KR1",
      kind: "key_result",
      parent: "O1",
      weight: 2,
    });
    expect(await snapshot(orgId)).toEqual({ nodes: 16, edges: 11, revision: before.revision + 1 });
    expect(progress[progress.length - 1]).toBe(27);

    const o1 = await node(orgId, "Become the go-to shoe for first-time marathoners");
    const kr1 = await node(orgId, "Grow marathon-category revenue");
    expect(o1).toMatchObject({
      kind: "objective",
      confidence: 0.7,
      priority: 1,
      standalone: false,
    });
    expect(kr1).toMatchObject({ baseline: 1.2, target: 2, current: 1.4, metric_unit: "M EUR" });
    expect(await edgesFrom(orgId, kr1.id)).toEqual([
      expect.objectContaining({ kind: "contributes_to", to_id: o1.id, weight: 2, state: null }),
    ]);

    const returns = await node(orgId, "Cut size-related returns");
    const yara = await ctx.db
      .selectFrom("people")
      .select("id")
      .where("org_id", "=", orgId)
      .where("external_id", "=", "TP-020")
      .executeTakeFirstOrThrow();
    expect(returns).toMatchObject({
      direction: "decrease",
      owner_person_id: yara.id,
      confidence: 0.5,
    });
    const careUnit = await ctx.db
      .selectFrom("units")
      .select("id")
      .where("org_id", "=", orgId)
      .where("name", "=", "Customer Care")
      .executeTakeFirstOrThrow();
    expect(returns.owner_unit_id).toBe(careUnit.id);

    expect(await node(orgId, 'Launch the "Long Run" training-plan integration')).toMatchObject({
      kind: "initiative",
      priority: 2,
    });
    expect(await node(orgId, "Net promoter score")).toMatchObject({
      kind: "kpi",
      standalone: true,
      standalone_reason: "Health metric watched every month; not part of a cascade",
    });
    expect(await node(orgId, "Add a fit finder to every product page")).toMatchObject({
      status: "draft",
    });
  });

  it("finds parents among existing goals by id or exact title, and cycles by name", async () => {
    const orgId = await trailpace();
    await importGoalsCsv(ctx, orgId, fixture("goals-good.csv"));
    const o3 = await node(orgId, "Deliver every order within two days");
    const kr6 = await node(orgId, "Orders shipped the same day");
    const cycleId = randomUUID();
    await ctx.db
      .insertInto("cycles")
      .values({
        org_id: orgId,
        id: cycleId,
        name: "2027 Q1",
        kind: "quarter",
        starts_on: "2027-01-01",
        ends_on: "2027-03-31",
      })
      .execute();

    const csv = [
      "Key,Kind,Title,Parent,Weight,OwnerUnit,Cycle,Target,Confidence",
      "N1,key result,Ship 98% of orders complete,Deliver every order within two days,0.5,Fulfilment,2027 q1,98%,0.9",
      `N2,initiative,Pack-station barcode scanners,${kr6.id},,Fulfilment,2027 Q1,,`,
      "N3,initiative,Pick-path optimisation,N1,,Fulfilment,,,",
    ].join("\n");
    const report = await importGoalsCsv(ctx, orgId, csv);
    expect(report.issues).toEqual([]);
    expect(report.created).toEqual({ nodes: 3, edges: 3 });

    const n1 = await node(orgId, "Ship 98% of orders complete");
    expect(n1).toMatchObject({
      kind: "key_result",
      cycle_id: cycleId,
      target: 98,
      metric_unit: "%",
    });
    expect(await edgesFrom(orgId, n1.id)).toEqual([
      expect.objectContaining({ to_id: o3.id, weight: 0.5 }),
    ]);
    const n2 = await node(orgId, "Pack-station barcode scanners");
    expect(await edgesFrom(orgId, n2.id)).toEqual([expect.objectContaining({ to_id: kr6.id })]);
    const n3 = await node(orgId, "Pick-path optimisation");
    expect(await edgesFrom(orgId, n3.id)).toEqual([expect.objectContaining({ to_id: n1.id })]);

    // After a second import of the same goals, a title names two goals: ambiguous.
    await importGoalsCsv(ctx, orgId, fixture("goals-good.csv"));
    const ambiguous = await importGoalsCsv(
      ctx,
      orgId,
      "kind,title,parent\ninitiative,Night shift,Deliver every order within two days\n",
      { dryRun: true },
    );
    expect(ambiguous.issues).toEqual([
      { line: 2, field: "parent", message: expect.stringContaining("2 existing goals are titled") },
    ]);
  });

  it("rejects a file with one bad line, names the line and field, and writes nothing", async () => {
    const orgId = await trailpace();
    const before = await snapshot(orgId);
    const err = await importFailure(importGoalsCsv(ctx, orgId, fixture("goals-bad-line.csv")));
    expect(err.code).toBe("import_failed");
    expect(err.message).toMatch(
      /^1 line is invalid; nothing was written\. Line 9: target: must be a number, got "270g"/,
    );
    expect(err.details).toEqual({
      rows: 16,
      issues: [{ line: 9, field: "target", message: 'must be a number, got "270g"' }],
    });
    expect(await snapshot(orgId)).toEqual(before);
  });

  it("reports a loop among the file's parents, naming its lines", async () => {
    const orgId = await trailpace();
    const report = await importGoalsCsv(ctx, orgId, fixture("goals-loop.csv"), { dryRun: true });
    expect(report.issues).toEqual([
      {
        line: 3,
        field: "parent",
        message: expect.stringContaining("T2 (line 3) → T3 (line 4) → T4 (line 5) → T2 (line 3)"),
      },
    ]);
    const before = await snapshot(orgId);
    const err = await importFailure(importGoalsCsv(ctx, orgId, fixture("goals-loop.csv")));
    expect(err.message).toMatch(
      /^1 line is invalid; nothing was written\. Line 3: parent: parents form a loop/,
    );
    expect(await snapshot(orgId)).toEqual(before);
  });

  it("reports every bad line, and a dry run writes nothing", async () => {
    const orgId = await trailpace();
    const csv = [
      "key,kind,title,parent,owner_unit,owner_person,cycle,target,confidence,priority,direction,weight",
      "A,objective,Grow the trail category,,Product,TP-002,,,,,,",
      "B,milestone,Open a store,A,,,,,,,,",
      "C,key_result,,A,,,,,,,,",
      "A,key_result,Duplicate key,,,,,,,,,",
      "D,key_result,Unknown unit,A,Research,,,,,,,",
      "E,key_result,Unknown person,A,,nobody@trailpace.example,,,,,,",
      "F,key_result,Unknown cycle,A,,,FY99,,,,,",
      "G,key_result,Bad numbers,A,,,,lots,150%,0,sideways,-1",
      "H,initiative,Unknown parent,Z9,,,,,,,,",
      "I,initiative,Self parent,I,,,,,,,,",
    ].join("\n");
    const report = await importGoalsCsv(ctx, orgId, csv, { dryRun: true });
    expect(report.issues.map((i) => [i.line, i.field])).toEqual([
      [3, "kind"],
      [4, "title"],
      [5, "key"],
      [6, "owner_unit"],
      [7, "owner_person"],
      [8, "cycle"],
      [9, "confidence"],
      [9, "direction"],
      [9, "priority"],
      [9, "target"],
      [9, "weight"],
      [10, "parent"],
      [11, "parent"],
    ]);
    expect(report.issues[0].message).toBe(
      'must be one of objective, key_result, goal, kpi, initiative; got "milestone"',
    );
    // Counted over the rows that read well (A, the second A, D, E, F, H, I); nothing is written.
    expect(report.created).toEqual({ nodes: 7, edges: 3 });
    expect(await snapshot(orgId)).toMatchObject({ nodes: 0, edges: 0 });

    const err = await importFailure(importGoalsCsv(ctx, orgId, csv));
    expect(err.message).toMatch(/^9 lines are invalid; nothing was written\. Line 3: kind: /);
    expect(await snapshot(orgId)).toMatchObject({ nodes: 0, edges: 0 });
  });

  it("reports a missing required column on line 1", async () => {
    const orgId = await trailpace();
    const report = await importGoalsCsv(ctx, orgId, "key,title\nA,Grow\n", { dryRun: true });
    expect(report.issues).toEqual([
      {
        line: 1,
        field: "kind",
        message: expect.stringContaining('required column "kind" is missing'),
      },
    ]);
  });
});
