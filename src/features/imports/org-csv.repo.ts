import { sql } from "kysely";
import { notFound } from "../../core/errors.js";
import type { UnitKind } from "../../core/types.js";
import { recordChange } from "../../platform/changes/index.js";
import type { Ctx } from "../../platform/context.js";
import { type BulkColumn, bulkInsert } from "../../platform/db/bulk.js";
import { importsRepo } from "./imports.repo.js";
import { chunks, progress } from "./report.js";

/** The org-chart import's database access: what is there now, and writing a plan. */

// ---- what is in the database now ----

export interface PersonState {
  id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  title: string;
  manager_id: string | null;
}

export interface UnitState {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  leader_id: string | null;
}

/** Everything of the organization an org chart can change, as it is now. */
export async function loadOrgState(ctx: Ctx, orgId: string) {
  const org = await ctx.db
    .selectFrom("organizations")
    .select("name")
    .where("id", "=", orgId)
    .executeTakeFirst();
  if (!org) throw notFound("Organization", orgId);
  const [people, units, memberships] = await Promise.all([
    ctx.db
      .selectFrom("people")
      .select(["id", "external_id", "name", "email", "title", "manager_id"])
      .where("org_id", "=", orgId)
      .execute(),
    ctx.db
      .selectFrom("units")
      .select(["id", "parent_id", "name", "kind", "leader_id"])
      .where("org_id", "=", orgId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
    ctx.db
      .selectFrom("memberships")
      .select(["person_id", "unit_id", "share"])
      .where("org_id", "=", orgId)
      .execute(),
  ]);
  return {
    orgName: org.name,
    people: people as PersonState[],
    units: units as UnitState[],
    memberships,
  };
}

// ---- what a plan writes ----

export interface PersonWrite {
  id: string;
  external_id: string;
  name: string;
  email: string | null;
  title: string;
  manager_id: string | null;
}

export interface UnitWrite {
  id: string;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
  leader_id: string | null;
}

export interface MembershipWrite {
  person_id: string;
  unit_id: string;
  share: number;
}

/** Everything checked and decided before anything is written. */
export interface OrgPlan {
  newUnits: UnitWrite[];
  newPeople: PersonWrite[];
  changedPeople: PersonWrite[];
  /** Existing people whose e-mail changes: cleared first, so two people can swap e-mails. */
  emailChanges: string[];
  /** People whose memberships are replaced by `memberships`. */
  replaceMemberships: string[];
  memberships: MembershipWrite[];
  membershipsAdded: number;
  membershipsChanged: number;
  leaderUpdates: { id: string; leader_id: string }[];
  preview: Record<string, unknown>[];
}

// ---- writing: one transaction (the caller's), bulk statements ----

export async function writeOrg(
  ctx: Ctx,
  orgId: string,
  plan: OrgPlan,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const step = progress(
    plan.newUnits.length +
      plan.changedPeople.length +
      plan.newPeople.length +
      plan.replaceMemberships.length +
      plan.memberships.length +
      plan.leaderUpdates.length,
    onProgress,
  );
  const o = () => orgId;
  const db = ctx.db;
  await importsRepo.deferConstraints(ctx.db);

  const unitColumns: BulkColumn<UnitWrite>[] = [
    ["org_id", "uuid", o],
    ["id", "uuid", (u) => u.id],
    ["parent_id", "uuid", (u) => u.parent_id],
    ["name", "text", (u) => u.name],
    ["kind", "text", (u) => u.kind],
    ["leader_id", "uuid", (u) => u.leader_id],
  ];
  await bulkInsert(db, "units", unitColumns, plan.newUnits, { onChunk: step });

  for (const ids of chunks(plan.emailChanges)) {
    await sql`update people set email = null where org_id = ${orgId} and id = any(${ids}::uuid[])`.execute(
      db,
    );
  }
  const personUpdates: BulkColumn<PersonWrite>[] = [
    ["name", "text", (p) => p.name],
    ["email", "text", (p) => p.email],
    ["title", "text", (p) => p.title],
    ["manager_id", "uuid", (p) => p.manager_id],
  ];
  await importsRepo.bulkUpdate(ctx.db, "people", orgId, personUpdates, plan.changedPeople, step);

  const personColumns: BulkColumn<PersonWrite>[] = [
    ["org_id", "uuid", o],
    ["id", "uuid", (p) => p.id],
    ["external_id", "text", (p) => p.external_id],
    ["name", "text", (p) => p.name],
    ["email", "text", (p) => p.email],
    ["title", "text", (p) => p.title],
    ["manager_id", "uuid", (p) => p.manager_id],
  ];
  await bulkInsert(db, "people", personColumns, plan.newPeople, { onChunk: step });

  for (const ids of chunks(plan.replaceMemberships)) {
    await sql`delete from memberships where org_id = ${orgId} and person_id = any(${ids}::uuid[])`.execute(
      db,
    );
    step(ids.length);
  }
  const membershipColumns: BulkColumn<MembershipWrite>[] = [
    ["org_id", "uuid", o],
    ["person_id", "uuid", (m) => m.person_id],
    ["unit_id", "uuid", (m) => m.unit_id],
    ["share", "float8", (m) => m.share],
  ];
  await bulkInsert(db, "memberships", membershipColumns, plan.memberships, { onChunk: step });

  await importsRepo.bulkUpdate(
    ctx.db,
    "units",
    orgId,
    [["leader_id", "uuid", (u) => u.leader_id]],
    plan.leaderUpdates,
    step,
  );
  // One history entry for the whole import: what was added and changed, not every row again.
  await recordChange(ctx, orgId, {
    action: "import",
    entity: "organization",
    entityId: orgId,
    after: {
      file: "org",
      units: plan.newUnits.length,
      newPeople: plan.newPeople.length,
      changedPeople: plan.changedPeople.length,
      memberships: plan.memberships.length,
    },
  });
}
