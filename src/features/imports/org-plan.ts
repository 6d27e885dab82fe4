import { randomUUID } from "node:crypto";
import type { Ctx } from "../../platform/context.js";
import { loadOrgState, type OrgPlan, type PersonState, type PersonWrite } from "./org-csv.repo.js";
import { chooseLeaders, reportManagerLoops } from "./org-managers.js";
import { defaultName, LEVELS, type OrgRowData } from "./org-rows.js";
import { planMemberships, planUnits } from "./org-units.js";
import { type CsvTable, type ImportIssue, type ImportRows, PREVIEW_ROWS } from "./report.js";
import { firstPositions, type RowPacer } from "./row-pacer.js";

/** Planning an org-chart import: the checks across rows and against the organization. */

type ManagerRef = { file: number } | { personId: string } | null;

/** Decides everything the import writes; every problem found goes to `issues`. */
export async function planOrg(
  ctx: Ctx,
  orgId: string,
  table: CsvTable,
  rows: ImportRows<OrgRowData>,
  issues: ImportIssue[],
  pacer: RowPacer,
): Promise<OrgPlan> {
  const { data, lines } = rows;
  const state = await loadOrgState(ctx, orgId);
  const byExt = new Map<string, PersonState>();
  const byEmail = new Map<string, PersonState>();
  for (const p of state.people) {
    if (p.external_id !== null) byExt.set(p.external_id, p);
    if (p.email) byEmail.set(p.email.toLowerCase(), p);
  }

  // Ids in the file: taken from the raw cells so a row with another problem still counts.
  const firstWithId = await firstPositions(rows.keys, pacer);
  const fileIndex = (ext: string): number | undefined => {
    const at = firstWithId(ext);
    return at < 0 ? undefined : at;
  };
  await pacer.each(rows.keys, (ext, i) => {
    if (ext === undefined) return;
    const first = firstWithId(ext);
    if (first !== i)
      issues.push({
        line: lines[i],
        field: "id",
        message: `"${ext}" is already used on line ${lines[first]}`,
      });
  });

  // E-mails: unique in the file and not someone else's in the organization.
  const firstWithEmail = await firstPositions(
    await pacer.map(data, (d) => d?.email?.toLowerCase()),
    pacer,
  );
  await pacer.each(data, (d, i) => {
    if (!d?.email) return;
    const key = d.email.toLowerCase();
    const first = firstWithEmail(key);
    if (first !== i) {
      issues.push({
        line: lines[i],
        field: "email",
        message: `"${d.email}" is already used on line ${lines[first]}`,
      });
      return;
    }
    const owner = byEmail.get(key);
    if (!owner || owner.external_id === d.id) return;
    const ownerRow = owner.external_id === null ? undefined : fileIndex(owner.external_id);
    const ownerNext = ownerRow === undefined ? undefined : data[ownerRow]?.email;
    const released = ownerNext !== undefined && ownerNext.toLowerCase() !== key;
    if (!released) {
      const who = owner.external_id ? `${owner.name} (${owner.external_id})` : owner.name;
      issues.push({
        line: lines[i],
        field: "email",
        message: `"${d.email}" is already the e-mail of ${who} in this organization`,
      });
    }
  });

  // Managers: an id in the file, else an existing person's external id.
  const hasManagerColumn = table.columns.has("manager_id");
  const managerRef: ManagerRef[] = await pacer.map(data, (d, i) => {
    const m = d?.manager_id;
    if (!d || m === undefined) return null;
    if (m === d.id) {
      issues.push({
        line: lines[i],
        field: "manager_id",
        message: "a person cannot be their own manager",
      });
      return null;
    }
    const inFile = fileIndex(m);
    if (inFile !== undefined) return { file: inFile };
    const existing = byExt.get(m);
    if (existing) return { personId: existing.id };
    issues.push({
      line: lines[i],
      field: "manager_id",
      message: `"${m}" is neither an id in this file nor the id of an existing person`,
    });
    return null;
  });

  // Person ids: existing people keep theirs.
  const personId = await pacer.map(data, (d) => (d ? (byExt.get(d.id)?.id ?? randomUUID()) : ""));
  const managerOf = (i: number): string | null => {
    const ref = managerRef[i];
    if (ref === null) {
      const d = data[i];
      const existing = d ? byExt.get(d.id) : undefined;
      return hasManagerColumn ? null : (existing?.manager_id ?? null);
    }
    return "file" in ref ? personId[ref.file] || null : ref.personId;
  };

  await reportManagerLoops(
    lines,
    data,
    personId,
    managerOf,
    state.people,
    fileIndex,
    issues,
    pacer,
  );

  // Units: division ⇒ department ⇒ team under the company unit, matched by name.
  const hasUnitColumns = LEVELS.some((l) => table.columns.has(l));
  const { unitsById, newUnits, pathOf } = await planUnits(state, data, hasUnitColumns, pacer);

  // People: new ones inserted, existing ones updated where something changed.
  const newPeople: PersonWrite[] = [];
  const changedPeople: PersonWrite[] = [];
  const emailChanges: string[] = [];
  const preview: Record<string, unknown>[] = [];
  await pacer.each(data, (d, i) => {
    if (!d) {
      if (preview.length < PREVIEW_ROWS)
        preview.push({ line: lines[i], valid: false, ...(rows.head[i] ?? {}) });
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
        line: lines[i],
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

  const memberships = await planMemberships(
    state.memberships,
    data,
    personId,
    pathOf,
    hasUnitColumns,
    pacer,
  );

  const leaderUpdates = await chooseLeaders(
    data,
    personId,
    managerOf,
    pathOf,
    unitsById,
    newUnits,
    pacer,
  );

  return {
    newUnits,
    newPeople,
    changedPeople,
    emailChanges,
    ...memberships,
    leaderUpdates,
    preview,
  };
}
