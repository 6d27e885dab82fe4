import { type Options, stringify } from "csv-stringify/sync";
import type { Bundle } from "../../core/bundle.js";
import type {
  CycleKind,
  DependencyState,
  Direction,
  EdgeKind,
  NodeKind,
  NodeStatus,
  UnitKind,
} from "../../core/types.js";
import type { Ctx } from "../../platform/context.js";
import { iso } from "../../platform/db/entity.repo.js";
import { redactCheckins } from "../accounts/index.js";
import { openOrg } from "../orgs/index.js";
import type { CsvTable } from "./tables.js";

/**
 * A whole organization as one Bundle (the same format the demo and the loader use), read
 * inside one transaction so the parts agree with each other.
 */
export async function exportBundle(ctx: Ctx, orgSlugOrId: string): Promise<Bundle> {
  const org = await openOrg(ctx, orgSlugOrId);
  const bundle = await ctx.db.transaction().execute(async (db): Promise<Bundle> => {
    const by = { org: org.id };
    const [units, people, memberships, cycles, nodes, edges, checkins] = await Promise.all([
      db
        .selectFrom("units")
        .selectAll()
        .where("org_id", "=", by.org)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("people")
        .selectAll()
        .where("org_id", "=", by.org)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
      db.selectFrom("memberships").selectAll().where("org_id", "=", by.org).execute(),
      db
        .selectFrom("cycles")
        .selectAll()
        .where("org_id", "=", by.org)
        .orderBy("starts_on")
        .execute(),
      db
        .selectFrom("nodes")
        .selectAll()
        .where("org_id", "=", by.org)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("edges")
        .selectAll()
        .where("org_id", "=", by.org)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
      db
        .selectFrom("checkins")
        .selectAll()
        .where("org_id", "=", by.org)
        .orderBy("created_at")
        .execute(),
    ]);
    return {
      organization: { id: org.id, slug: org.slug, name: org.name, vision: org.vision },
      units: units.map((u) => ({
        id: u.id,
        parentId: u.parent_id,
        name: u.name,
        kind: u.kind as UnitKind,
        leaderId: u.leader_id,
        cadenceDays: u.cadence_days,
      })),
      people: people.map((p) => ({
        id: p.id,
        externalId: p.external_id,
        name: p.name,
        email: p.email,
        title: p.title,
        managerId: p.manager_id,
      })),
      memberships: memberships.map((m) => ({
        personId: m.person_id,
        unitId: m.unit_id,
        share: m.share,
      })),
      cycles: cycles.map((c) => ({
        id: c.id,
        parentId: c.parent_id,
        name: c.name,
        kind: c.kind as CycleKind,
        startsOn: c.starts_on,
        endsOn: c.ends_on,
      })),
      nodes: nodes.map((n) => ({
        id: n.id,
        kind: n.kind as NodeKind,
        title: n.title,
        description: n.description,
        ownerUnitId: n.owner_unit_id,
        ownerPersonId: n.owner_person_id,
        cycleId: n.cycle_id,
        baseline: n.baseline,
        target: n.target,
        current: n.current,
        metricUnit: n.metric_unit,
        direction: n.direction as Direction,
        status: n.status as NodeStatus,
        confidence: n.confidence,
        priority: n.priority,
        standalone: n.standalone,
        standaloneReason: n.standalone_reason,
        createdAt: iso(n.created_at),
      })),
      edges: edges.map((e) => ({
        id: e.id,
        kind: e.kind as EdgeKind,
        fromId: e.from_id,
        toId: e.to_id,
        weight: e.weight,
        state: e.state as DependencyState | null,
        note: e.note,
        createdAt: iso(e.created_at),
        updatedAt: iso(e.updated_at),
      })),
      checkins: checkins.map((c) => ({
        id: c.id,
        nodeId: c.node_id,
        value: c.value,
        confidence: c.confidence,
        note: c.note,
        authorId: c.author_id,
        private: c.private,
        createdAt: iso(c.created_at),
      })),
    };
  });
  // Private notes only for those who may read them: the author, their managers, admins.
  return {
    ...bundle,
    checkins: await redactCheckins(
      ctx,
      org.id,
      bundle.checkins.map((c) => ({ ...c, private: c.private ?? false })),
    ),
  };
}

export { CSV_TABLES, type CsvTable } from "./tables.js";

/**
 * One table of a bundle as CSV. `people` and `goals` use the columns the importers read, so
 * an export can be edited in a spreadsheet and imported again.
 */
export function bundleToCsv(b: Bundle, table: CsvTable): string {
  const unitName = new Map(b.units.map((u) => [u.id, u.name]));
  const unitById = new Map(b.units.map((u) => [u.id, u]));
  const person = new Map(b.people.map((p) => [p.id, p]));
  const cycleName = new Map(b.cycles.map((c) => [c.id, c.name]));
  switch (table) {
    case "people": {
      const primary = new Map<string, string>();
      const shares = new Map<string, number>();
      for (const m of b.memberships) {
        if ((shares.get(m.personId) ?? 0) < m.share) {
          shares.set(m.personId, m.share);
          primary.set(m.personId, m.unitId);
        }
      }
      // The unit path division › department › team, read up the unit tree.
      const path = (unitId: string | undefined) => {
        const out: Record<string, string> = { division: "", department: "", team: "" };
        for (
          let u = unitId ? unitById.get(unitId) : undefined;
          u;
          u = u.parentId ? unitById.get(u.parentId) : undefined
        ) {
          if (u.kind !== "company") out[u.kind] = u.name;
        }
        return out;
      };
      return toCsv(
        b.people.map((p) => {
          const where = path(primary.get(p.id));
          return {
            id: p.externalId ?? p.id,
            name: p.name,
            email: p.email ?? "",
            title: p.title,
            manager_id: p.managerId ? (person.get(p.managerId)?.externalId ?? p.managerId) : "",
            ...where,
            share: shares.get(p.id) ?? "",
          };
        }),
        {
          header: true,
          columns: [
            "id",
            "name",
            "email",
            "title",
            "manager_id",
            "division",
            "department",
            "team",
            "share",
          ],
        },
      );
    }
    case "goals": {
      const parent = new Map<string, { toId: string; weight: number }>();
      for (const e of b.edges)
        if (e.kind === "contributes_to" && !parent.has(e.fromId)) parent.set(e.fromId, e);
      return toCsv(
        b.nodes.map((n) => ({
          key: n.id,
          kind: n.kind,
          title: n.title,
          description: n.description,
          parent: parent.get(n.id)?.toId ?? "",
          weight: parent.get(n.id)?.weight ?? "",
          owner_unit: n.ownerUnitId ? unitName.get(n.ownerUnitId) : "",
          // Like the people table's id column: without an external id or e-mail, the id.
          owner_person: n.ownerPersonId
            ? (person.get(n.ownerPersonId)?.externalId ??
              person.get(n.ownerPersonId)?.email ??
              n.ownerPersonId)
            : "",
          cycle: n.cycleId ? cycleName.get(n.cycleId) : "",
          baseline: n.baseline ?? "",
          target: n.target ?? "",
          current: n.current ?? "",
          unit: n.metricUnit ?? "",
          direction: n.direction,
          status: n.status,
          confidence: n.confidence ?? "",
          priority: n.priority ?? "",
          standalone_reason: n.standalone ? (n.standaloneReason ?? "") : "",
        })),
        { header: true },
      );
    }
    case "units":
      return toCsv(
        b.units.map((u) => ({
          id: u.id,
          parent_id: u.parentId ?? "",
          name: u.name,
          kind: u.kind,
          leader: u.leaderId ? (person.get(u.leaderId)?.name ?? "") : "",
          cadence_days: u.cadenceDays,
        })),
        { header: true },
      );
    case "edges":
      return toCsv(
        b.edges.map((e) => ({
          id: e.id,
          kind: e.kind,
          from_id: e.fromId,
          to_id: e.toId,
          weight: e.weight,
          state: e.state ?? "",
          note: e.note,
        })),
        { header: true },
      );
    case "checkins":
      return toCsv(
        b.checkins.map((c) => ({
          id: c.id,
          node_id: c.nodeId,
          value: c.value ?? "",
          confidence: c.confidence ?? "",
          note: c.note,
          private: c.private ? "yes" : "",
          author: c.authorId ? (person.get(c.authorId)?.name ?? "") : "",
          created_at: c.createdAt,
        })),
        { header: true },
      );
  }
}

/**
 * Text a spreadsheet would run as a formula: a cell starting with =, +, -, @, a tab or a
 * carriage return (CSV injection). Such text is prefixed with a single quote, as OWASP
 * recommends; numbers are left alone, so a negative value stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export const neutraliseFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

/** Every CSV Accord hands out goes through here: string cells are neutralised. */
function toCsv(records: Record<string, unknown>[], options: Options): string {
  return stringify(records, {
    ...options,
    cast: { string: (value, context) => (context.header ? value : neutraliseFormula(value)) },
  });
}
