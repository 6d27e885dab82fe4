import { z } from "zod";
import { type Analysis, analyze } from "../../core/engine.js";
import { AppError } from "../../core/errors.js";
import { type AlignmentGraph, KIND_CODES } from "../../core/graph.js";
import { computeHeatmap } from "../../core/heatmap.js";
import type { Finding, NodeKind } from "../../core/types.js";
import { SEVERITIES } from "../../core/types.js";
import type { Ctx } from "../../platform/context.js";
import { type Input, PageQuery } from "../../platform/schemas.js";
import { mustRead } from "../accounts/index.js";
import { getRevision } from "../orgs/index.js";
import { loadSnapshot } from "./snapshot.repo.js";

/**
 * The engine's view of an organization, cached per process and keyed by the organization's
 * revision (bumped by every write in the same transaction), so a read after a write never
 * sees stale results and repeated reads cost one tiny query. Nothing here is state another
 * server instance needs: each instance computes its own.
 */
const cache = new Map<string, { revision: number; at: number; analysis: Promise<Analysis> }>();
const MAX_CACHED_ORGS = 8;

export async function analysisOf(ctx: Ctx, orgId: string): Promise<Analysis> {
  await mustRead(ctx, orgId, orgId);
  const revision = await getRevision(ctx.db, orgId);
  const hit = cache.get(orgId);
  // Findings depend on the clock too (staleness): recompute at least every minute.
  const now = ctx.now().getTime();
  if (hit && hit.revision === revision && now - hit.at < 60_000) return hit.analysis;
  const analysis = loadSnapshot(ctx.db, orgId).then((s) => analyze(s, { now: ctx.now() }));
  cache.set(orgId, { revision, at: now, analysis });
  analysis.catch(() => cache.delete(orgId));
  if (cache.size > MAX_CACHED_ORGS) cache.delete(cache.keys().next().value!);
  return analysis;
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
  const a = await analysisOf(ctx, orgId);
  const inUnits = q.unitId ? subtreeOf(a.graph, q.unitId) : null;
  const matches = a.findings.filter(
    (f: Finding) =>
      (!q.severity || f.severity === q.severity) &&
      (!q.rule || f.rule === q.rule) &&
      (!q.nodeId || f.subject.id === q.nodeId) &&
      (!inUnits || (f.unitId !== null && inUnits.has(f.unitId))),
  );
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of matches) counts[f.severity]++;
  return {
    items: matches.slice(q.offset, q.offset + q.limit),
    total: matches.length,
    limit: q.limit,
    offset: q.offset,
    counts,
  };
}

export async function healthOf(ctx: Ctx, orgId: string, unitId?: string) {
  const a = await analysisOf(ctx, orgId);
  if (!unitId) return a.health.org;
  const score = a.health.units.get(unitId);
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
  const q = query;
  const a = await analysisOf(ctx, orgId);
  if (q.depth === undefined && !q.unitIds) return a.heatmap;
  return computeHeatmap(a.graph, { depth: q.depth, unitIds: q.unitIds });
}

/** The units at and below a unit, as ids. */
function subtreeOf(g: AlignmentGraph, unitId: string): Set<string> {
  const u = g.units;
  const root = u.index.get(unitId);
  if (root === undefined)
    throw new AppError("not_found", `Unit ${unitId} was not found.`, { id: unitId });
  const out = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const i = stack.pop()!;
    out.add(u.ids[i]);
    for (let k = u.childOffsets[i]; k < u.childOffsets[i + 1]; k++) stack.push(u.children[k]);
  }
  return out;
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
  const a = await analysisOf(ctx, orgId);
  const g = a.graph;
  const u = g.units.index.get(unitId);
  if (u === undefined)
    throw new AppError("not_found", `Unit ${unitId} was not found.`, { id: unitId });
  const roots: number[] = [];
  for (let i = 0; i < g.n; i++) if (g.attrUnit[i] === u) roots.push(i);
  const rank = (i: number) => (Number.isNaN(g.priority[i]) ? Number.MAX_VALUE : g.priority[i]);
  roots.sort((x, y) => rank(x) - rank(y) || g.titles[x].localeCompare(g.titles[y]));
  let budget = q.maxItems;
  const item = (i: number, weight: number, counts: boolean, depth: number): CascadeItem => {
    budget--;
    const node: CascadeItem = {
      id: g.ids[i],
      kind: KIND_NAMES[g.kind[i]],
      title: g.titles[i],
      progress: Number.isNaN(a.progress[i]) ? null : a.progress[i],
      confidence: Number.isNaN(g.confidence[i]) ? null : g.confidence[i],
      priority: Number.isNaN(g.priority[i]) ? null : g.priority[i],
      weight,
      counts,
      ownerUnitId: g.ownerUnit[i] >= 0 ? g.units.ids[g.ownerUnit[i]] : null,
      ownerPersonId: g.ownerPerson[i] >= 0 ? g.people.ids[g.ownerPerson[i]] : null,
      contributors: [],
      truncated: false,
    };
    const from = g.downOffsets[i];
    const to = g.downOffsets[i + 1];
    if (to > from && (depth >= q.depth || budget <= 0)) node.truncated = true;
    else {
      for (let k = from; k < to && budget > 0; k++) {
        node.contributors.push(
          item(g.downTargets[k], g.downWeights[k], g.downCounts[k] === 1, depth + 1),
        );
      }
      if (node.contributors.length < to - from) node.truncated = true;
    }
    return node;
  };
  const items: CascadeItem[] = [];
  for (const r of roots) {
    if (budget <= 0) break;
    items.push(item(r, 1, true, 0));
  }
  return {
    unit: { id: unitId, name: g.units.names[u] },
    health: a.health.units.get(unitId) ?? null,
    items,
    truncated: items.length < roots.length,
  };
}

const KIND_NAMES: NodeKind[] = (Object.entries(KIND_CODES) as [NodeKind, number][])
  .sort((x, y) => x[1] - y[1])
  .map(([k]) => k);
