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
  type CsvRow,
  cellEnum,
  cellFraction,
  cellInt,
  cellNumber,
  cellText,
  findLoops,
  firstPositions,
  type ImportIssue,
  type ImportOptions,
  type ImportReport,
  isUuid,
  nameKey,
  PREVIEW_ROWS,
  progress,
  type RowPacer,
} from "./report.js";
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

export async function importGoalsCsv(
  ctx: Ctx,
  orgId: string,
  csv: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  await mustAdminister(ctx, orgId, "import goals");
  return runImport(ctx, orgId, csv, opts, {
    kind: "goals",
    columns: { required: ["kind", "title"], known: GOAL_COLUMNS },
    row: GoalRow,
    plan: (db, org, table, data, issues, pacer) =>
      planGoals(db, org, table.rows, data, issues, pacer),
    summary: (plan) => ({
      preview: plan.preview,
      created: { nodes: plan.nodes.length, edges: plan.edges.length },
      updated: {},
    }),
    write: writeGoals,
    tables: ["nodes", "edges"],
  });
}

interface NodeWrite {
  id: string;
  kind: string;
  title: string;
  description: string;
  owner_unit_id: string | null;
  owner_person_id: string | null;
  cycle_id: string | null;
  baseline: number | null;
  target: number | null;
  current: number | null;
  metric_unit: string | null;
  direction: string;
  status: string;
  confidence: number | null;
  priority: number | null;
  standalone: boolean;
  standalone_reason: string | null;
}

interface EdgeWrite {
  id: string;
  from_id: string;
  to_id: string;
  weight: number;
}

interface GoalsPlan {
  nodes: NodeWrite[];
  edges: EdgeWrite[];
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
  rows: CsvRow[],
  data: (GoalRowData | null)[],
  issues: ImportIssue[],
  pacer: RowPacer,
): Promise<GoalsPlan> {
  const org = await ctx.db
    .selectFrom("organizations")
    .select("id")
    .where("id", "=", orgId)
    .executeTakeFirst();
  if (!org) throw notFound("Organization", orgId);
  const issue = (i: number, field: string, message: string) =>
    issues.push({ line: rows[i].line, field, message });

  // Keys: unique in the file (read from the raw cells, so a row with another problem counts).
  const firstWith = await firstPositions(await pacer.map(rows, (row) => row.values.key), pacer);
  await pacer.each(rows, (row, i) => {
    const key = row.values.key;
    if (key === undefined) return;
    const first = firstWith(key);
    if (first !== i) issue(i, "key", `"${key}" is already used on line ${rows[first].line}`);
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
    if (d.parent !== undefined && !inFileAt(d.parent) !== undefined) named.parent.add(d.parent);
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

  const ids = await pacer.map(data, () => randomUUID());
  const parentFile = new Int32Array(data.length).fill(-1);
  const nodes: NodeWrite[] = [];
  const edges: EdgeWrite[] = [];
  const preview: Record<string, unknown>[] = [];

  await pacer.each(data, (d, i) => {
    if (!d) {
      if (preview.length < PREVIEW_ROWS)
        preview.push({ line: rows[i].line, valid: false, ...rows[i].values });
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
    // "25%" in a metric cell with no unit given means the unit is percent.
    const percent = ["baseline", "target", "current"].some((c) =>
      /%\s*$/.test(rows[i].values[c] ?? ""),
    );
    const node: NodeWrite = {
      id: ids[i],
      kind: d.kind,
      title: d.title,
      description: d.description ?? "",
      owner_unit_id: ownerUnitId,
      owner_person_id: ownerPersonId,
      cycle_id: cycleId,
      baseline: d.baseline ?? null,
      target: d.target ?? null,
      current: d.current ?? null,
      metric_unit: d.unit ?? (percent ? "%" : null),
      direction: d.direction ?? "increase",
      status: d.status ?? "active",
      confidence: d.confidence ?? null,
      priority: d.priority ?? null,
      standalone: d.standalone_reason !== undefined,
      standalone_reason: d.standalone_reason ?? null,
    };
    nodes.push(node);
    if (parentId)
      edges.push({ id: randomUUID(), from_id: ids[i], to_id: parentId, weight: d.weight ?? 1 });
    if (preview.length < PREVIEW_ROWS) {
      preview.push({
        line: rows[i].line,
        valid: true,
        key: d.key ?? null,
        kind: node.kind,
        title: node.title,
        parent: d.parent ?? null,
        weight: parentId ? (d.weight ?? 1) : null,
        owner_unit: d.owner_unit ?? null,
        owner_person: d.owner_person ?? null,
        cycle: d.cycle ?? null,
        baseline: node.baseline,
        target: node.target,
        current: node.current,
        unit: node.metric_unit,
        direction: node.direction,
        status: node.status,
        confidence: node.confidence,
        priority: node.priority,
        standalone_reason: node.standalone_reason,
      });
    }
  });

  // Parent links inside the file must not loop (links to existing goals cannot: those are older).
  for (const loop of findLoops(parentFile)) {
    const first = Math.min(...loop);
    const at = loop.indexOf(first);
    const ordered = [...loop.slice(at), ...loop.slice(0, at), first];
    const label = (j: number) => `${rows[j].values.key} (line ${rows[j].line})`;
    issue(
      first,
      "parent",
      `parents form a loop: ${ordered.map(label).join(" → ")}; one of them needs another parent`,
    );
  }
  return { nodes, edges, preview };
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
  const step = progress(plan.nodes.length + plan.edges.length, onProgress);
  const o = () => orgId;
  await importsRepo.deferConstraints(ctx.db);
  const nodeColumns: BulkColumn<NodeWrite>[] = [
    ["org_id", "uuid", o],
    ["id", "uuid", (n) => n.id],
    ["kind", "text", (n) => n.kind],
    ["title", "text", (n) => n.title],
    ["description", "text", (n) => n.description],
    ["owner_unit_id", "uuid", (n) => n.owner_unit_id],
    ["owner_person_id", "uuid", (n) => n.owner_person_id],
    ["cycle_id", "uuid", (n) => n.cycle_id],
    ["baseline", "float8", (n) => n.baseline],
    ["target", "float8", (n) => n.target],
    ["current", "float8", (n) => n.current],
    ["metric_unit", "text", (n) => n.metric_unit],
    ["direction", "text", (n) => n.direction],
    ["status", "text", (n) => n.status],
    ["confidence", "float8", (n) => n.confidence],
    ["priority", "int4", (n) => n.priority],
    ["standalone", "bool", (n) => n.standalone],
    ["standalone_reason", "text", (n) => n.standalone_reason],
  ];
  await bulkInsert(ctx.db, "nodes", nodeColumns, plan.nodes, { onChunk: step });
  const edgeColumns: BulkColumn<EdgeWrite>[] = [
    ["org_id", "uuid", o],
    ["id", "uuid", (e) => e.id],
    ["kind", "text", () => "contributes_to"],
    ["from_id", "uuid", (e) => e.from_id],
    ["to_id", "uuid", (e) => e.to_id],
    ["weight", "float8", (e) => e.weight],
  ];
  await bulkInsert(ctx.db, "edges", edgeColumns, plan.edges, { onChunk: step });
  // One history entry for the whole import: what was added, not every row again.
  await recordChange(ctx, orgId, {
    action: "import",
    entity: "organization",
    entityId: orgId,
    after: { file: "goals", nodes: plan.nodes.length, edges: plan.edges.length },
  });
}
