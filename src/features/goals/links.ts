import type { Ctx } from "../../platform/context.js";
import { mustRead } from "../accounts/index.js";
import { modelOf } from "../alignment/index.js";
import { edgesOfNodes } from "../edges/index.js";
import { nodesRepo } from "./goals.repo.js";

/**
 * Everything a node is linked to, in four lists a person reads naturally: what it
 * contributes to, what contributes to it, what it depends on, and what depends on it.
 */
export async function linksOf(ctx: Ctx, orgId: string, nodeId: string) {
  await mustRead(ctx, orgId, orgId);
  await nodesRepo.get(ctx.db, orgId, nodeId);
  const edges = await edgesOfNodes(ctx.db, orgId, [nodeId]);
  const others = await nodesRepo.many(ctx.db, orgId, [
    ...new Set(edges.map((e) => (e.fromId === nodeId ? e.toId : e.fromId))),
  ]);
  const a = await modelOf(ctx, orgId);
  const byId = new Map(others.map((n) => [n.id, n]));
  const link = (edgeId: string, otherId: string) => {
    const e = edges.find((x) => x.id === edgeId)!;
    const n = byId.get(otherId)!;
    return {
      edge: e,
      node: {
        id: n.id,
        kind: n.kind,
        title: n.title,
        status: n.status,
        ownerUnitId: n.ownerUnitId,
        ownerPersonId: n.ownerPersonId,
        confidence: n.confidence,
        progress: a.progressOf(n.id),
      },
    };
  };
  const vertical = (k: string) => k === "contributes_to" || k === "supports";
  return {
    contributesTo: edges
      .filter((e) => vertical(e.kind) && e.fromId === nodeId)
      .map((e) => link(e.id, e.toId)),
    contributors: edges
      .filter((e) => vertical(e.kind) && e.toId === nodeId)
      .map((e) => link(e.id, e.fromId)),
    dependsOn: edges
      .filter((e) => e.kind === "depends_on" && e.fromId === nodeId)
      .map((e) => link(e.id, e.toId)),
    dependedOnBy: edges
      .filter((e) => e.kind === "depends_on" && e.toId === nodeId)
      .map((e) => link(e.id, e.fromId)),
  };
}
