import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { type FindingsPage, KIND_NAMES, type LiveModel } from "../../core/live.js";
import type { NodeKind } from "../../core/types.js";
import { SEVERITIES } from "../../core/types.js";
import { CHANGES_CHANNEL } from "../../platform/changes/index.js";
import type { Ctx } from "../../platform/context.js";
import { type Input, PageQuery } from "../../platform/schemas.js";
import { mustRead } from "../accounts/index.js";
import { getRevision, revisionFor } from "../orgs/index.js";
import { type CheckpointStore, keepCheckpoints } from "./checkpoint.js";
import {
  engineStats,
  followAll,
  followChange,
  modelAt,
  saveCheckpoints,
  yieldToLoop,
} from "./live-engine.js";

/**
 * The organization's live alignment model at the revision the database has now: one tiny
 * query for the revision, then the resident model, patched from the change feed when a
 * write happened since (on this instance or another). See live-engine.ts.
 */
export async function modelOf(ctx: Ctx, orgId: string): Promise<LiveModel> {
  await mustRead(ctx, orgId, orgId);
  const revision = await revisionFor(ctx, orgId);
  if (revision < 0)
    throw new AppError("not_found", `Organization ${orgId} was not found.`, { id: orgId });
  return modelAt(ctx.db, orgId, revision);
}

/**
 * The model as of a write this request made (`revision`) or later: what modelOf gives,
 * without reading the revision again (on PostgreSQL, one round trip fewer for a writer).
 */
export async function modelAfter(ctx: Ctx, orgId: string, revision: number): Promise<LiveModel> {
  await mustRead(ctx, orgId, orgId);
  return modelAt(ctx.db, orgId, revision);
}

/**
 * For the process that owns the database, after it loaded an organization in bulk (`accord
 * demo --size`): the organization's model built and its checkpoint written in `store`, so
 * that a server's first start reads it instead of every table (XL: seconds instead of
 * about ten). True when the checkpoint was written.
 */
export async function leaveCheckpoint(
  ctx: Ctx,
  orgId: string,
  store: CheckpointStore,
): Promise<boolean> {
  keepCheckpoints(ctx.db, store);
  const before = engineStats(ctx.db, orgId)?.checkpointsWritten ?? 0;
  await modelOf(ctx, orgId);
  await saveCheckpoints(ctx.db);
  return (engineStats(ctx.db, orgId)?.checkpointsWritten ?? 0) > before;
}

export const FindingsQuery = PageQuery.extend({
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  severity: z.enum(SEVERITIES).optional(),
  rule: z.string().max(50).optional(),
  unitId: z.uuid().optional(),
  nodeId: z.uuid().optional(),
});

export async function listFindings(ctx: Ctx, orgId: string, query: Input<typeof FindingsQuery>) {
  const q = query;
  const model = await modelOf(ctx, orgId);
  // Built in steps after a load (here at once, they would hold the server).
  await model.listsReady;
  if (q.unitId && !model.units.index.has(q.unitId))
    throw new AppError("not_found", `Unit ${q.unitId} was not found.`, { id: q.unitId });
  const page = model.findings(ctx.now(), {
    severity: q.severity,
    rule: q.rule,
    nodeId: q.nodeId,
    unitId: q.unitId,
    offset: q.offset,
    limit: q.limit,
  });
  // The model keeps a page while it holds (per filter, offset and limit): so is its answer,
  // which the route serializes once (keptJson).
  let answer = answers.get(page);
  if (!answer) {
    answer = {
      items: page.items,
      total: page.total,
      limit: q.limit,
      offset: q.offset,
      counts: page.counts,
    };
    answers.set(page, answer);
  }
  return answer;
}
const answers = new WeakMap<FindingsPage, FindingsPage & { limit: number; offset: number }>();

export async function healthOf(ctx: Ctx, orgId: string, unitId?: string) {
  const model = await modelOf(ctx, orgId);
  const score = model.health(ctx.now(), unitId);
  if (!score) throw new AppError("not_found", `Unit ${unitId} was not found.`, { id: unitId });
  return score;
}

export const HeatmapQuery = z.object({
  depth: z.coerce.number().int().min(0).max(20).optional(),
  unitIds: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : undefined))
    .pipe(z.array(z.uuid()).max(500).optional()),
});

export async function heatmapOf(ctx: Ctx, orgId: string, query: Input<typeof HeatmapQuery>) {
  const model = await modelOf(ctx, orgId);
  // In steps: the first heatmap of a large organization takes a few hundred milliseconds.
  return model.heatmapSliced({ depth: query.depth, unitIds: query.unitIds }, yieldToLoop);
}

export interface CascadeItem {
  id: string;
  kind: NodeKind;
  title: string;
  progress: number | null;
  confidence: number | null;
  priority: number | null;
  weight: number;
  counts: boolean;
  ownerUnitId: string | null;
  ownerPersonId: string | null;
  contributors: CascadeItem[];
  /** More contributors exist below the depth or size limit. */
  truncated: boolean;
}

export const CascadeQuery = z.object({
  depth: z.coerce.number().int().min(0).max(10).default(3),
  maxItems: z.coerce.number().int().min(1).max(5000).default(1000),
});

/**
 * A unit's cascade: the goals it owns (directly or through its people), in priority order,
 * each with what contributes to it, down to `depth` levels, with rolled-up progress.
 */
export async function cascadeOf(
  ctx: Ctx,
  orgId: string,
  unitId: string,
  query: Input<typeof CascadeQuery>,
) {
  const q = query;
  const m = await modelOf(ctx, orgId);
  const u = m.units.index.get(unitId);
  if (u === undefined)
    throw new AppError("not_found", `Unit ${unitId} was not found.`, { id: unitId });
  const roots: number[] = [];
  for (let i = 0; i < m.n; i++) if (m.attrUnit[i] === u && m.indexOf(m.ids[i]) === i) roots.push(i);
  const rank = (i: number) => (Number.isNaN(m.priority[i]) ? Number.MAX_VALUE : m.priority[i]);
  roots.sort((x, y) => rank(x) - rank(y) || m.titles[x].localeCompare(m.titles[y]));
  let budget = q.maxItems;
  const nullIfNaN = (x: number) => (Number.isNaN(x) ? null : x);
  const item = (i: number, weight: number, counts: boolean, depth: number): CascadeItem => {
    budget--;
    const node: CascadeItem = {
      id: m.ids[i],
      kind: KIND_NAMES[m.kind[i]],
      title: m.titles[i],
      progress: nullIfNaN(m.progress[i]),
      confidence: nullIfNaN(m.confidence[i]),
      priority: nullIfNaN(m.priority[i]),
      weight,
      counts,
      ownerUnitId: m.ownerUnit[i] >= 0 ? m.units.ids[m.ownerUnit[i]] : null,
      ownerPersonId:
        m.ownerPersonIds[i] !== null && m.ownerPerson[i] >= 0 ? m.ownerPersonIds[i] : null,
      contributors: [],
      truncated: false,
    };
    const below = m.contributors(i);
    if (below.length > 0 && (depth >= q.depth || budget <= 0)) node.truncated = true;
    else {
      for (let k = 0; k < below.length && budget > 0; k++) {
        node.contributors.push(item(below[k].child, below[k].weight, below[k].counts, depth + 1));
      }
      if (node.contributors.length < below.length) node.truncated = true;
    }
    return node;
  };
  const items: CascadeItem[] = [];
  for (const r of roots) {
    if (budget <= 0) break;
    items.push(item(r, 1, true, 0));
  }
  return {
    unit: { id: unitId, name: m.units.names[u] },
    health: m.health(ctx.now(), unitId) ?? null,
    items,
    truncated: items.length < roots.length,
  };
}

/**
 * Keeps this instance's resident models following the writes of every instance: listens
 * to the change channel and catches up in the background (see live-engine.ts).
 */
export async function followChanges(database: {
  db: Ctx["db"];
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onConnect?: () => void,
  ): Promise<() => Promise<void>>;
}): Promise<() => Promise<void>> {
  return database.listen(
    CHANGES_CHANNEL,
    (payload) => {
      const at = payload.lastIndexOf(":");
      const revision = Number(payload.slice(at + 1));
      if (at > 0 && Number.isSafeInteger(revision)) {
        followChange(database.db, payload.slice(0, at), revision);
      }
    },
    () => {
      followAll(database.db, (orgId) => getRevision(database.db, orgId)).catch(() => {});
    },
  );
}
