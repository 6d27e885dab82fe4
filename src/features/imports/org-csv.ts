import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import { notFound } from "../../core/errors.js";
import type { UnitKind } from "../../core/types.js";
import { type Ctx, inTx } from "../../platform/context.js";
import { analyzeAfterLoad, type BulkColumn, bulkInsert } from "../../platform/db/bulk.js";
import { mustAdminister } from "../accounts/index.js";
import { recordChange } from "../audit/index.js";
import {
  bulkUpdate,
  type CsvTable,
  cellFraction,
  cellText,
  chunks,
  deferConstraints,
  findLoops,
  finishChecks,
  type ImportIssue,
  type ImportOptions,
  type ImportReport,
  nameKey,
  newReport,
  PREVIEW_ROWS,
  progress,
  readCsv,
  rowIssues,
} from "./report.js";

/**
 * `accord import org`: people, their managers and their units from an org-chart CSV.
 * Re-importing is an upsert by the person's external id; units are matched by name under
 * the same parent, so importing the same file twice creates nothing new.
 */

export const ORG_COLUMNS = [
  "id",
  "name",
  "email",
  "title",
  "manager_id",
  "division",
  "department",
  "team",
  "share",
] as const;

/** The unit path of a row, from the company down. */
const LEVELS: readonly (UnitKind & ("division" | "department" | "team"))[] = [
  "division",
  "department",
  "team",
];

const OrgRow = z.object({
  id: cellText(100),
  name: cellText(200).optional(),
  email: z
    .email({ error: (i) => `is not a valid e-mail address: ${JSON.stringify(i.input)}` })
    .max(254, { error: "must be at most 254 characters" })
    .optional(),
  title: cellText(200).optional(),
  manager_id: cellText(100).optional(),
  division: cellText(200).optional(),
  department: cellText(200).optional(),
  team: cellText(200).optional(),
  share: cellFraction({ gtZero: true }).optional(),
});
type OrgRowData = z.infer<typeof OrgRow>;

/** The name of a person the file does not name: "Chief Executive Officer (E0001)". */
export const defaultName = (title: string, externalId: string) =>
  title ? `${title} (${externalId})` : externalId;

export async function importOrgCsv(
  ctx: Ctx,
  orgId: string,
  csv: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  await mustAdminister(ctx, orgId, "import org charts");
  const report = newReport("org", opts);
  const table = readCsv(csv, { required: ["id"], known: ORG_COLUMNS }, report.issues);
  report.rows = table.count;
  if (!table.usable) return finishChecks(report) ?? report;

  const data = table.rows.map((row) => {
    const result = OrgRow.safeParse(row.values);
    if (result.success) return result.data;
    report.issues.push(...rowIssues(row.line, result.error));
    return null;
  });

  const run = async (db: Ctx) => {
    const plan = await planOrg(db, orgId, table, data, report.issues);
    report.preview = plan.preview;
    report.created = {
      people: plan.newPeople.length,
      units: plan.newUnits.length,
      memberships: plan.membershipsAdded,
    };
    report.updated = {
      people: plan.changedPeople.length,
      units: plan.leaderUpdates.length,
      memberships: plan.membershipsChanged,
    };
    if (finishChecks(report) || report.dryRun) return report;
    await writeOrg(db, orgId, plan, opts.onProgress);
    return report;
  };
  // A dry run only reads; a real import plans inside its transaction so it sees what it writes over.
  if (report.dryRun) return run(ctx);
  const done = await inTx(ctx, run);
  await analyzeAfterLoad(ctx.db, ["people", "units", "memberships"], report.rows);
  return done;
}

// ---- what is in the database now ----

interface PersonState {
  id: string;
  external_id: string | null;
  name: string;
  email: string | null;
  title: string;
  manager_id: string | null;
}

interface UnitState {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  leader_id: string | null;
}

async function loadOrgState(ctx: Ctx, orgId: string) {
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

// ---- the plan: everything checked and decided before anything is written ----

interface PersonWrite {
  id: string;
  external_id: string;
  name: string;
  email: string | null;
  title: string;
  manager_id: string | null;
}

interface UnitWrite {
  id: string;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
  leader_id: string | null;
}

interface MembershipWrite {
  person_id: string;
  unit_id: string;
  share: number;
}

interface OrgPlan {
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

type ManagerRef = { file: number } | { personId: string } | null;

async function planOrg(
  ctx: Ctx,
  orgId: string,
  table: CsvTable,
  data: (OrgRowData | null)[],
  issues: ImportIssue[],
): Promise<OrgPlan> {
  const rows = table.rows;
  const state = await loadOrgState(ctx, orgId);
  const byExt = new Map<string, PersonState>();
  const byEmail = new Map<string, PersonState>();
  for (const p of state.people) {
    if (p.external_id !== null) byExt.set(p.external_id, p);
    if (p.email) byEmail.set(p.email.toLowerCase(), p);
  }

  // Ids in the file: taken from the raw cells so a row with another problem still counts.
  const fileIndex = new Map<string, number>();
  rows.forEach((row, i) => {
    const ext = row.values.id;
    if (ext === undefined) return;
    const first = fileIndex.get(ext);
    if (first === undefined) fileIndex.set(ext, i);
    else
      issues.push({
        line: row.line,
        field: "id",
        message: `"${ext}" is already used on line ${rows[first].line}`,
      });
  });

  // E-mails: unique in the file and not someone else's in the organization.
  const emailLine = new Map<string, number>();
  data.forEach((d, i) => {
    if (!d?.email) return;
    const key = d.email.toLowerCase();
    const first = emailLine.get(key);
    if (first !== undefined) {
      issues.push({
        line: rows[i].line,
        field: "email",
        message: `"${d.email}" is already used on line ${first}`,
      });
      return;
    }
    emailLine.set(key, rows[i].line);
    const owner = byEmail.get(key);
    if (!owner || owner.external_id === d.id) return;
    const ownerRow = owner.external_id === null ? undefined : fileIndex.get(owner.external_id);
    const ownerNext = ownerRow === undefined ? undefined : data[ownerRow]?.email;
    const released = ownerNext !== undefined && ownerNext.toLowerCase() !== key;
    if (!released) {
      const who = owner.external_id ? `${owner.name} (${owner.external_id})` : owner.name;
      issues.push({
        line: rows[i].line,
        field: "email",
        message: `"${d.email}" is already the e-mail of ${who} in this organization`,
      });
    }
  });

  // Managers: an id in the file, else an existing person's external id.
  const hasManagerColumn = table.columns.has("manager_id");
  const managerRef: ManagerRef[] = data.map((d, i) => {
    const m = d?.manager_id;
    if (!d || m === undefined) return null;
    if (m === d.id) {
      issues.push({
        line: rows[i].line,
        field: "manager_id",
        message: "a person cannot be their own manager",
      });
      return null;
    }
    const inFile = fileIndex.get(m);
    if (inFile !== undefined) return { file: inFile };
    const existing = byExt.get(m);
    if (existing) return { personId: existing.id };
    issues.push({
      line: rows[i].line,
      field: "manager_id",
      message: `"${m}" is neither an id in this file nor the id of an existing person`,
    });
    return null;
  });

  // Person ids: existing people keep theirs.
  const personId = data.map((d) => (d ? (byExt.get(d.id)?.id ?? randomUUID()) : ""));
  const managerOf = (i: number): string | null => {
    const ref = managerRef[i];
    if (ref === null) {
      const d = data[i];
      const existing = d ? byExt.get(d.id) : undefined;
      return hasManagerColumn ? null : (existing?.manager_id ?? null);
    }
    return "file" in ref ? personId[ref.file] || null : ref.personId;
  };

  reportManagerLoops(rows, data, personId, managerOf, state.people, fileIndex, issues);

  // Units: division ⇒ department ⇒ team under the company unit, matched by name.
  const hasUnitColumns = LEVELS.some((l) => table.columns.has(l));
  const unitsById = new Map<string, UnitState | UnitWrite>(state.units.map((u) => [u.id, u]));
  const children = new Map<string, Map<string, string>>();
  const childrenOf = (parent: string) => {
    let map = children.get(parent);
    if (!map) {
      map = new Map();
      children.set(parent, map);
    }
    return map;
  };
  for (const u of state.units) {
    const siblings = childrenOf(u.parent_id ?? "");
    if (!siblings.has(nameKey(u.name))) siblings.set(nameKey(u.name), u.id);
  }
  const newUnits: UnitWrite[] = [];
  let rootId = state.units.find((u) => u.parent_id === null && u.kind === "company")?.id;
  const root = () => {
    if (rootId) return rootId;
    const unit: UnitWrite = {
      id: randomUUID(),
      parent_id: null,
      name: state.orgName,
      kind: "company",
      leader_id: null,
    };
    newUnits.push(unit);
    unitsById.set(unit.id, unit);
    rootId = unit.id;
    return rootId;
  };
  const pathOf: (string[] | null)[] = data.map((d) => {
    if (!d || !hasUnitColumns || LEVELS.every((l) => d[l] === undefined)) return null;
    const path = [root()];
    for (const level of LEVELS) {
      const name = d[level];
      if (name === undefined) continue;
      const parent = path[path.length - 1];
      const siblings = childrenOf(parent);
      let id = siblings.get(nameKey(name));
      if (!id) {
        const unit: UnitWrite = {
          id: randomUUID(),
          parent_id: parent,
          name: name.replace(/\s+/g, " "),
          kind: level,
          leader_id: null,
        };
        newUnits.push(unit);
        unitsById.set(unit.id, unit);
        siblings.set(nameKey(name), unit.id);
        id = unit.id;
      }
      path.push(id);
    }
    return path;
  });

  // People: new ones inserted, existing ones updated where something changed.
  const newPeople: PersonWrite[] = [];
  const changedPeople: PersonWrite[] = [];
  const emailChanges: string[] = [];
  const preview: Record<string, unknown>[] = [];
  data.forEach((d, i) => {
    if (!d) {
      if (preview.length < PREVIEW_ROWS)
        preview.push({ line: rows[i].line, valid: false, ...rows[i].values });
      return;
    }
    const existing = byExt.get(d.id);
    const title = d.title ?? existing?.title ?? "";
    const autoNamed = !existing || existing.name === defaultName(existing.title, d.id);
    const next: PersonWrite = {
      id: personId[i],
      external_id: d.id,
      name: d.name ?? (autoNamed ? defaultName(title, d.id) : existing.name),
      email: d.email ?? existing?.email ?? null,
      title,
      manager_id: managerOf(i),
    };
    if (!existing) newPeople.push(next);
    else if (
      existing.name !== next.name ||
      existing.email !== next.email ||
      existing.title !== next.title ||
      existing.manager_id !== next.manager_id
    ) {
      changedPeople.push(next);
      if (existing.email !== null && existing.email !== next.email) emailChanges.push(next.id);
    }
    if (preview.length < PREVIEW_ROWS) {
      preview.push({
        line: rows[i].line,
        valid: true,
        id: d.id,
        name: next.name,
        email: next.email,
        title: next.title,
        manager_id: d.manager_id ?? null,
        division: d.division ?? null,
        department: d.department ?? null,
        team: d.team ?? null,
        share: pathOf[i] ? (d.share ?? 1) : null,
      });
    }
  });

  // Memberships: replaced for people in the file, when the file has unit columns at all.
  const current = new Map<string, { unit_id: string; share: number }[]>();
  for (const m of state.memberships) {
    const list = current.get(m.person_id) ?? [];
    list.push(m);
    current.set(m.person_id, list);
  }
  const replaceMemberships: string[] = [];
  const memberships: MembershipWrite[] = [];
  let membershipsAdded = 0;
  let membershipsChanged = 0;
  if (hasUnitColumns) {
    data.forEach((d, i) => {
      if (!d) return;
      const path = pathOf[i];
      const wanted = path ? [{ unit_id: path[path.length - 1], share: d.share ?? 1 }] : [];
      const had = current.get(personId[i]) ?? [];
      const same =
        had.length === wanted.length &&
        wanted.every((w) =>
          had.some((h) => h.unit_id === w.unit_id && Math.abs(h.share - w.share) < 1e-9),
        );
      if (same) return;
      if (had.length > 0) replaceMemberships.push(personId[i]);
      for (const w of wanted) {
        memberships.push({ person_id: personId[i], ...w });
        if (!had.some((h) => h.unit_id === w.unit_id)) membershipsAdded++;
      }
      membershipsChanged += had.filter(
        (h) => !wanted.some((w) => w.unit_id === h.unit_id && Math.abs(h.share - w.share) < 1e-9),
      ).length;
    });
  }

  const leaderUpdates = chooseLeaders(data, personId, managerOf, pathOf, unitsById, newUnits);

  return {
    newUnits,
    newPeople,
    changedPeople,
    emailChanges,
    replaceMemberships,
    memberships,
    membershipsAdded,
    membershipsChanged,
    leaderUpdates,
    preview,
  };
}

/**
 * A manager chain must not loop. The chain runs through the file's rows and through
 * existing people the file does not mention (whose managers stay as they are).
 */
function reportManagerLoops(
  rows: CsvTable["rows"],
  data: (OrgRowData | null)[],
  personId: string[],
  managerOf: (i: number) => string | null,
  people: PersonState[],
  fileIndex: Map<string, number>,
  issues: ImportIssue[],
) {
  const index = new Map<string, number>();
  const labels: string[] = [];
  data.forEach((d, i) => {
    labels.push(d ? `${d.id} (line ${rows[i].line})` : "");
    if (d) index.set(personId[i], i);
  });
  const outside = people.filter((p) => p.external_id === null || !fileIndex.has(p.external_id));
  for (const p of outside) {
    index.set(p.id, labels.length);
    labels.push(`${p.external_id ?? p.name} (not in the file)`);
  }
  const next = new Int32Array(labels.length).fill(-1);
  data.forEach((d, i) => {
    const m = d ? managerOf(i) : null;
    if (m !== null) next[i] = index.get(m) ?? -1;
  });
  outside.forEach((p, k) => {
    if (p.manager_id !== null) next[data.length + k] = index.get(p.manager_id) ?? -1;
  });
  for (const loop of findLoops(next)) {
    const inFile = loop.filter((i) => i < data.length);
    if (inFile.length === 0) continue;
    const first = Math.min(...inFile);
    const at = loop.indexOf(first);
    const ordered = [...loop.slice(at), ...loop.slice(0, at), first];
    issues.push({
      line: rows[first].line,
      field: "manager_id",
      message: `managers form a loop: ${ordered.map((i) => labels[i]).join(" → ")}; someone in it must report outside the loop`,
    });
  }
}

/**
 * The leader of a unit is the person who heads the largest group of its members: members
 * (of the unit or its sub-units) are followed up their manager chain while the manager is
 * still a member; the person where the chain leaves the unit heads that member.
 * Memoised per unit, so the cost is about the number of (person, unit on their path) pairs.
 * Only units without a leader get one.
 */
function chooseLeaders(
  data: (OrgRowData | null)[],
  personId: string[],
  managerOf: (i: number) => string | null,
  pathOf: (string[] | null)[],
  unitsById: Map<string, UnitState | UnitWrite>,
  newUnits: UnitWrite[],
): { id: string; leader_id: string }[] {
  const rowOf = new Map<string, number>();
  data.forEach((d, i) => {
    if (d) rowOf.set(personId[i], i);
  });
  const manager = data.map((d, i) => {
    const m = d ? managerOf(i) : null;
    return m === null ? -1 : (rowOf.get(m) ?? -1);
  });
  const members = new Map<string, number[]>();
  pathOf.forEach((path, i) => {
    for (const unit of path ?? []) {
      const list = members.get(unit) ?? [];
      list.push(i);
      members.set(unit, list);
    }
  });
  const fresh = new Set(newUnits.map((u) => u.id));
  const updates: { id: string; leader_id: string }[] = [];
  for (const [unitId, rows] of members) {
    const unit = unitsById.get(unitId);
    if (!unit || unit.leader_id !== null) continue;
    const inUnit = (j: number) => pathOf[j]?.includes(unitId) ?? false;
    const head = new Map<number, number>();
    const count = new Map<number, number>();
    for (const r of rows) {
      const chain: number[] = [];
      let v = r;
      let top = -1;
      while (top === -1) {
        const known = head.get(v);
        if (known !== undefined) top = known;
        else {
          chain.push(v);
          const m = manager[v];
          // Loops were rejected before; the length guard only keeps a bug from hanging.
          if (m === -1 || !inUnit(m) || chain.length > rows.length) top = v;
          else v = m;
        }
      }
      for (const c of chain) head.set(c, top);
      count.set(top, (count.get(top) ?? 0) + 1);
    }
    let best = -1;
    for (const [candidate, n] of count) {
      const bestN = best === -1 ? 0 : (count.get(best) ?? 0);
      if (n > bestN || (n === bestN && candidate < best)) best = candidate;
    }
    if (best === -1) continue;
    unit.leader_id = personId[best];
    if (!fresh.has(unitId)) updates.push({ id: unitId, leader_id: personId[best] });
  }
  return updates;
}

// ---- writing: one transaction, bulk statements ----

async function writeOrg(
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
  await deferConstraints(ctx);

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
  await bulkUpdate(ctx, "people", orgId, personUpdates, plan.changedPeople, step);

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

  await bulkUpdate(
    ctx,
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
