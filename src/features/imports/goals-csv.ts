import { randomUUID } from "node:crypto";
import { z } from "zod";
import { notFound } from "../../core/errors.js";
import { DIRECTIONS, NODE_KINDS, NODE_STATUSES } from "../../core/types.js";
import { recordChange } from "../../platform/changes/index.js";
import type { Ctx } from "../../platform/context.js";
import { type BulkColumn, bulkInsert } from "../../platform/db/bulk.js";
import { mustAdminister } from "../accounts/index.js";
import { importsRepo, type PersonKey } from "./imports.repo.js";
import {
  type CsvText,
  cellEnum,
  cellFraction,
  cellInt,
  cellNumber,
  cellText,
  findLoops,
  type ImportIssue,
  type ImportOptions,
  type ImportReport,
  type ImportRows,
  isUuid,
  nameKey,
  PREVIEW_ROWS,
  progress,
} from "./report.js";
import { firstPositions, type RowPacer } from "./row-pacer.js";
import { runImport } from "./run-import.js";

/**
 * `accord import goals`: objectives, key results, goals, KPIs and initiatives from a CSV.
 * A row's `parent` (a key in the file, an existing node's id or the exact title of one
 * existing node) becomes a contributes_to edge from the row to its parent.
 */

export const GOAL_COLUMNS = [
  "key",
  "kind",
  "title",
  "description",
  "parent",
  "weight",
  "owner_unit",
  "owner_person",
  "cycle",
  "baseline",
  "target",
  "current",
  "unit",
  "direction",
  "status",
  "confidence",
  "priority",
  "standalone_reason",
] as const;

const GoalRow = z.object({
  key: cellText(100).optional(),
  kind: cellEnum(NODE_KINDS, { kr: "key_result", keyresult: "key_result" }),
  title: cellText(300),
  description: cellText(10_000).optional(),
  parent: cellText(300).optional(),
  weight: cellNumber({ gt: 0, max: 1000 }).optional(),
  owner_unit: cellText(200).optional(),
  owner_person: cellText(254).optional(),
  cycle: cellText(200).optional(),
  baseline: cellNumber().optional(),
  target: cellNumber().optional(),
  current: cellNumber().optional(),
  unit: cellText(40).optional(),
  direction: cellEnum(DIRECTIONS, { up: "increase", down: "decrease" }).optional(),
  status: cellEnum(NODE_STATUSES, { canceled: "cancelled" }).optional(),
  confidence: cellFraction({}).optional(),
  priority: cellInt(1, 100_000).optional(),
  standalone_reason: cellText(1000).optional(),
});
type GoalRowData = z.infer<typeof GoalRow>;
const METRIC_CELLS = ["baseline", "target", "current"] as const;

export async function importGoalsCsv(
  ctx: Ctx,
  orgId: string,
  csv: CsvText,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  await mustAdminister(ctx, orgId, "import goals");
  return runImport(ctx, orgId, csv, opts, {
    kind: "goals",
    columns: { required: ["kind", "title"], known: GOAL_COLUMNS },
    row: GoalRow,
    key: "key",
    // "25%" in a metric cell with no unit given means the unit is percent.
    flag: (cells) => METRIC_CELLS.some((c) => /%\s*$/.test(cells[c] ?? "")),
    plan: (db, org, _table, rows, issues, pacer) => planGoals(db, org, rows, issues, pacer),
    summary: (plan) => ({
      preview: plan.preview,
      created: { nodes: plan.rows.length, edges: plan.edges },
      updated: {},
    }),
    write: writeGoals,
    tables: ["nodes", "edges"],
  });
}

/**
 * What a goals import writes, by row of the file (not an object per node: a million of
 * them took hundreds of megabytes while the import was checked).
 */
interface GoalsPlan {
  data: (GoalRowData | null)[];
  /** The rows that become nodes, in file order. */
  rows: number[];
  /** Per row: the new node's id, and what its cells name, resolved to ids. */
  ids: string[];
  parent: (string | null)[];
  ownerUnit: (string | null)[];
  ownerPerson: (string | null)[];
  cycle: (string | null)[];
  metricUnit: (string | null)[];
  /** Rows with a parent: each becomes a contributes_to edge. */
  edges: number;
  preview: Record<string, unknown>[];
}

/** A name that must match exactly one thing: its id, or else its name. */
type Lookup = (value: string) => { id: string } | { problem: string };

function lookupByName(what: string, items: { id: string; name: string }[], extra = ""): Lookup {
  const byName = new Map<string, string[]>();
  const ids = new Set<string>();
  for (const item of items) {
    ids.add(item.id);
    const list = byName.get(nameKey(item.name)) ?? [];
    list.push(item.id);
    byName.set(nameKey(item.name), list);
  }
  return (value) => {
    if (ids.has(value.toLowerCase())) return { id: value.toLowerCase() };
    const found = byName.get(nameKey(value)) ?? [];
    if (found.length === 1) return { id: found[0] };
    if (found.length === 0) return { problem: `no ${what} is named "${value}"${extra}` };
    return {
      problem: `${found.length} ${what}s are named "${value}"; use the ${what}'s id instead`,
    };
  };
}

async function planGoals(
  ctx: Ctx,
  orgId: string,
  rows: ImportRows<GoalRowData>,
  issues: ImportIssue[],
  pacer: RowPacer,
): Promise<GoalsPlan> {
  const org = await ctx.db
    .selectFrom("organizations")
    .select("id")
    .where("id", "=", orgId)
    .executeTakeFirst();
  if (!org) throw notFound("Organization", orgId);
  const { data, lines } = rows;
  const issue = (i: number, field: string, message: string) =>
    issues.push({ line: lines[i], field, message });

  // Keys: unique in the file (read from the raw cells, so a row with another problem counts).
  const firstWith = await firstPositions(rows.keys, pacer);
  await pacer.each(rows.keys, (key, i) => {
    if (key === undefined) return;
    const first = firstWith(key);
    if (first !== i) issue(i, "key", `"${key}" is already used on line ${lines[first]}`);
  });
  const inFileAt = (key: string) => {
    const at = firstWith(key);
    return at < 0 ? undefined : at;
  };

  // The values that name something outside the file, each once.
  const named = {
    parent: new Set<string>(),
    owner_unit: new Set<string>(),
    owner_person: new Set<string>(),
    cycle: new Set<string>(),
  };
  await pacer.each(data, (d) => {
    if (!d) return;
    if (d.parent !== undefined && inFileAt(d.parent) === undefined) named.parent.add(d.parent);
    if (d.owner_unit !== undefined) named.owner_unit.add(d.owner_unit);
    if (d.owner_person !== undefined) named.owner_person.add(d.owner_person);
    if (d.cycle !== undefined) named.cycle.add(d.cycle);
  });
  const [units, cycles, parentNodes, people] = await Promise.all([
    named.owner_unit.size === 0 ? [] : importsRepo.namesOf(ctx.db, orgId, "units"),
    named.cycle.size === 0 ? [] : importsRepo.namesOf(ctx.db, orgId, "cycles"),
    importsRepo.findNodes(ctx.db, orgId, [...named.parent]),
    importsRepo.findPeople(ctx.db, orgId, [...named.owner_person]),
  ]);
  const unitOf = lookupByName("unit", units);
  const cycleOf = lookupByName("cycle", cycles, " (create the cycle first)");
  // Looked up once per row: by map, not by a pass over every candidate.
  const parentIds = new Set(parentNodes.map((n) => n.id));
  const parentsByTitle = groupBy(parentNodes, (n) => n.title);
  const personOf = personLookup(people);

  // Per-row arrays sized up front (see RowPacer.map), one at a time (each is 8 MB for a
  // million rows).
  const perRow = async () => {
    const pause = pacer.now();
    if (pause) await pause;
    return new Array<string | null>(data.length).fill(null);
  };
  const plan: GoalsPlan = {
    data,
    rows: new Array<number>(data.length),
    ids: await pacer.map(data, () => randomUUID()),
    parent: await perRow(),
    ownerUnit: await perRow(),
    ownerPerson: await perRow(),
    cycle: await perRow(),
    metricUnit: await perRow(),
    edges: 0,
    preview: [],
  };
  const { ids, preview } = plan;
  let written = 0;
  const parentFile = new Int32Array(data.length).fill(-1);

  await pacer.each(data, (d, i) => {
    if (!d) {
      if (preview.length < PREVIEW_ROWS) {
        preview.push({ line: lines[i], valid: false, ...(rows.head[i] ?? {}) });
      }
      return;
    }
    // The parent: a key in the file, else an existing node's id, else one existing node's exact title.
    let parentId: string | null = null;
    if (d.parent !== undefined) {
      const inFile = inFileAt(d.parent);
      if (inFile === i) issue(i, "parent", "a goal cannot be its own parent");
      else if (inFile !== undefined) {
        parentFile[i] = inFile;
        parentId = ids[inFile];
      } else {
        const lower = d.parent.toLowerCase();
        const byTitle = parentsByTitle.get(d.parent) ?? [];
        if (isUuid(d.parent) && parentIds.has(lower)) parentId = lower;
        else if (byTitle.length === 1) parentId = byTitle[0].id;
        else if (byTitle.length > 1) {
          issue(
            i,
            "parent",
            `${byTitle.length} existing goals are titled "${d.parent}"; use the goal's id instead`,
          );
        } else {
          issue(
            i,
            "parent",
            `"${d.parent}" is not a key in this file, nor the id or exact title of an existing goal`,
          );
        }
      }
    }
    if (d.parent !== undefined && d.standalone_reason !== undefined) {
      issue(
        i,
        "standalone_reason",
        "a goal with a parent does not stand alone; leave parent or standalone_reason blank",
      );
    }
    const resolve = (field: "owner_unit" | "cycle", lookup: Lookup): string | null => {
      const value = d[field];
      if (value === undefined) return null;
      const found = lookup(value);
      if ("id" in found) return found.id;
      issue(i, field, found.problem);
      return null;
    };
    const ownerUnitId = resolve("owner_unit", unitOf);
    const cycleId = resolve("cycle", cycleOf);
    let ownerPersonId: string | null = null;
    if (d.owner_person !== undefined) {
      const found = personOf(d.owner_person);
      if (found.length === 1) ownerPersonId = found[0];
      else if (found.length === 0) {
        issue(
          i,
          "owner_person",
          `"${d.owner_person}" is neither the id nor the e-mail of a person in this organization`,
        );
      } else
        issue(
          i,
          "owner_person",
          `"${d.owner_person}" matches ${found.length} people; use their id`,
        );
    }
    const metricUnit = d.unit ?? (rows.flags[i] ? "%" : null);
    plan.rows[written++] = i;
    plan.parent[i] = parentId;
    plan.ownerUnit[i] = ownerUnitId;
    plan.ownerPerson[i] = ownerPersonId;
    plan.cycle[i] = cycleId;
    plan.metricUnit[i] = metricUnit;
    if (parentId) plan.edges++;
    if (preview.length < PREVIEW_ROWS) {
      preview.push({
        line: lines[i],
        valid: true,
        key: d.key ?? null,
        kind: d.kind,
        title: d.title,
        parent: d.parent ?? null,
        weight: parentId ? (d.weight ?? 1) : null,
        owner_unit: d.owner_unit ?? null,
        owner_person: d.owner_person ?? null,
        cycle: d.cycle ?? null,
        baseline: d.baseline ?? null,
        target: d.target ?? null,
        current: d.current ?? null,
        unit: metricUnit,
        direction: d.direction ?? "increase",
        status: d.status ?? "active",
        confidence: d.confidence ?? null,
        priority: d.priority ?? null,
        standalone_reason: d.standalone_reason ?? null,
      });
    }
  });

  plan.rows.length = written;

  // Parent links inside the file must not loop (links to existing goals cannot: those are older).
  for (const loop of findLoops(parentFile)) {
    const first = Math.min(...loop);
    const at = loop.indexOf(first);
    const ordered = [...loop.slice(at), ...loop.slice(0, at), first];
    const label = (j: number) => `${rows.keys[j]} (line ${lines[j]})`;
    issue(
      first,
      "parent",
      `parents form a loop: ${ordered.map(label).join(" → ")}; one of them needs another parent`,
    );
  }
  return plan;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

/**
 * The people a cell names: an external id wins over an e-mail (any case), which wins over
 * an internal id.
 */
function personLookup(people: PersonKey[]): (value: string) => string[] {
  const byExternal = groupBy(
    people.filter((p) => p.external_id !== null),
    (p) => p.external_id as string,
  );
  const byEmail = groupBy(
    people.filter((p) => p.email !== null),
    (p) => (p.email as string).toLowerCase(),
  );
  const ids = new Set(people.map((p) => p.id));
  return (value) => {
    const external = byExternal.get(value);
    if (external) return external.map((p) => p.id);
    const lower = value.toLowerCase();
    const email = byEmail.get(lower);
    if (email) return email.map((p) => p.id);
    return ids.has(lower) ? [lower] : [];
  };
}

async function writeGoals(
  ctx: Ctx,
  orgId: string,
  plan: GoalsPlan,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const step = progress(plan.rows.length + plan.edges, onProgress);
  const o = () => orgId;
  await importsRepo.deferConstraints(ctx.db);
  // By row of the file (see GoalsPlan); every row written is valid.
  const d = (i: number) => plan.data[i] as GoalRowData;
  const nodeColumns: BulkColumn<number>[] = [
    ["org_id", "uuid", o],
    ["id", "uuid", (i) => plan.ids[i]],
    ["kind", "text", (i) => d(i).kind],
    ["title", "text", (i) => d(i).title],
    ["description", "text", (i) => d(i).description ?? ""],
    ["owner_unit_id", "uuid", (i) => plan.ownerUnit[i]],
    ["owner_person_id", "uuid", (i) => plan.ownerPerson[i]],
    ["cycle_id", "uuid", (i) => plan.cycle[i]],
    ["baseline", "float8", (i) => d(i).baseline ?? null],
    ["target", "float8", (i) => d(i).target ?? null],
    ["current", "float8", (i) => d(i).current ?? null],
    ["metric_unit", "text", (i) => plan.metricUnit[i]],
    ["direction", "text", (i) => d(i).direction ?? "increase"],
    ["status", "text", (i) => d(i).status ?? "active"],
    ["confidence", "float8", (i) => d(i).confidence ?? null],
    ["priority", "int4", (i) => d(i).priority ?? null],
    ["standalone", "bool", (i) => d(i).standalone_reason !== undefined],
    ["standalone_reason", "text", (i) => d(i).standalone_reason ?? null],
  ];
  await bulkInsert(ctx.db, "nodes", nodeColumns, plan.rows, { onChunk: step });
  const edgeColumns: BulkColumn<number>[] = [
    ["org_id", "uuid", o],
    ["id", "uuid", () => randomUUID()],
    ["kind", "text", () => "contributes_to"],
    ["from_id", "uuid", (i) => plan.ids[i]],
    ["to_id", "uuid", (i) => plan.parent[i]],
    ["weight", "float8", (i) => d(i).weight ?? 1],
  ];
  const withParent = plan.rows.filter((i) => plan.parent[i] !== null);
  await bulkInsert(ctx.db, "edges", edgeColumns, withParent, { onChunk: step });
  // One history entry for the whole import: what was added, not every row again.
  await recordChange(ctx, orgId, {
    action: "import",
    entity: "organization",
    entityId: orgId,
    after: { file: "goals", nodes: plan.rows.length, edges: withParent.length },
  });
}
