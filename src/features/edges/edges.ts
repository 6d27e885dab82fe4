import { randomUUID } from "node:crypto";
import { findCyclePath } from "../../core/cycles.js";
import { AppError } from "../../core/errors.js";
import type { Edge } from "../../core/records.js";
import { VERTICAL_EDGE_KINDS } from "../../core/types.js";
import { changedFields, recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx, invalidField } from "../../platform/context.js";
import { unchanged } from "../../platform/db/entity.repo.js";
import type { Input } from "../../platform/schemas.js";
import { mustRead, mustWriteEither, mustWriteNode } from "../accounts/index.js";
import { nodesRepo } from "../goals/index.js";
import { edgeColumns, edgesRepo, verticalEdgesAbove } from "./edges.repo.js";
import type { EdgeCreate, EdgeCreateInput, EdgeListQuery, EdgeUpdate } from "./edges.schemas.js";

export async function listEdges(ctx: Ctx, orgId: string, query: Input<typeof EdgeListQuery>) {
  await mustRead(ctx, orgId, orgId);
  const q = query;
  return edgesRepo.list(ctx.db, orgId, {
    ...q,
    where: { kind: q.kind, state: q.state },
    anyOf: q.nodeId ? { columns: ["from_id", "to_id"], value: q.nodeId } : undefined,
    orderBy: [["created_at", "asc"]],
  });
}

/** One edge, for anyone who may read the organization. */
export async function getEdge(ctx: Ctx, orgId: string, id: string) {
  await mustRead(ctx, orgId, orgId);
  return edgesRepo.get(ctx.db, orgId, id);
}

export async function createEdge(
  ctx: Ctx,
  orgId: string,
  input: Input<typeof EdgeCreate>,
): Promise<Edge> {
  const data = input;
  return inTx(ctx, async (tx) => {
    const [from] = await nodesRepo.many(tx.db, orgId, [data.fromId]);
    // A link is made from the item it starts at (my goal contributes to / depends on …).
    if (from) await mustWriteNode(tx, orgId, from, "link this item");
    if (data.kind === "depends_on" && data.state !== null && data.state !== "requested") {
      // A request starts as requested: only whoever is relied on answers it.
      const [to] = await nodesRepo.many(tx.db, orgId, [data.toId]);
      if (to) await mustWriteNode(tx, orgId, to, `create this request as ${data.state}`);
    }
    const edge = await addEdge(tx, orgId, data);
    await recordChange(tx, orgId, {
      action: "create",
      entity: "edge",
      entityId: edge.id,
      after: edge,
    });
    return edge;
  });
}

/**
 * Adds one edge inside the caller's transaction. Vertical edges (contributes_to, supports)
 * are refused when they would close a loop; the error carries the loop's path.
 */
export async function addEdge(ctx: Ctx, orgId: string, data: EdgeCreateInput): Promise<Edge> {
  if (data.fromId === data.toId) throw invalidField("toId", "an item cannot relate to itself");
  const vertical = VERTICAL_EDGE_KINDS.includes(data.kind);
  if (vertical && data.state !== null) {
    throw invalidField("state", `only depends_on edges have a state, not ${data.kind}`);
  }
  const state = vertical ? null : (data.state ?? "requested");
  const ends = await nodesRepo.many(ctx.db, orgId, [data.fromId, data.toId]);
  for (const field of ["fromId", "toId"] as const) {
    if (!ends.some((n) => n.id === data[field])) {
      throw invalidField(field, `node ${data[field]} does not exist in this organization`);
    }
  }
  if (vertical) {
    const above = await verticalEdgesAbove(ctx.db, orgId, data.toId);
    const path = findCyclePath(above, data.fromId, data.toId);
    if (path) {
      const titles = new Map(
        (await nodesRepo.many(ctx.db, orgId, [...new Set(path)])).map((n) => [n.id, n.title]),
      );
      throw new AppError(
        "cycle_detected",
        `This link would close a loop: ${path.map((p) => `"${titles.get(p) ?? p}"`).join(" → ")}.`,
        { path, titles: path.map((p) => titles.get(p) ?? p) },
      );
    }
  }
  const existing = await edgesRepo.list(ctx.db, orgId, {
    limit: 1,
    offset: 0,
    where: { kind: data.kind, from_id: data.fromId, to_id: data.toId },
    orderBy: [],
  });
  if (existing.total > 0) {
    throw new AppError("conflict", `This ${data.kind} link already exists.`, {
      id: existing.items[0].id,
    });
  }
  return edgesRepo.insert(ctx.db, orgId, { id: randomUUID(), ...edgeColumns({ ...data, state }) });
}

export async function updateEdge(
  ctx: Ctx,
  orgId: string,
  id: string,
  input: Input<typeof EdgeUpdate>,
): Promise<Edge> {
  const { version, ...data } = input;
  return inTx(ctx, async (tx) => {
    const before = await edgesRepo.get(tx.db, orgId, id);
    if (
      before.kind === "depends_on" &&
      data.state !== undefined &&
      data.state !== before.state &&
      data.state !== "requested"
    ) {
      // Accepting, declining or closing a request is for whoever is relied on.
      const [to] = await nodesRepo.many(tx.db, orgId, [before.toId]);
      if (to) await mustWriteNode(tx, orgId, to, `mark this request ${data.state}`);
      if (data.weight !== undefined) {
        // The weight is the asking side's: answering a request does not change it.
        const [from] = await nodesRepo.many(tx.db, orgId, [before.fromId]);
        if (from) await mustWriteNode(tx, orgId, from, "change this link's weight");
      }
    } else {
      await mustWriteEnds(tx, orgId, before, "change this link");
    }
    if (data.state && before.kind !== "depends_on") {
      throw invalidField("state", `only depends_on edges have a state, not ${before.kind}`);
    }
    if (changedFields(before, data).length === 0) return unchanged(before, version, "Edge");
    const edge = await edgesRepo.update(tx.db, orgId, id, edgeColumns(data), version);
    await recordChange(tx, orgId, {
      action: "update",
      entity: "edge",
      entityId: id,
      before,
      after: edge,
    });
    return edge;
  });
}

export async function deleteEdge(ctx: Ctx, orgId: string, id: string): Promise<void> {
  await inTx(ctx, async (tx) => {
    const before = await edgesRepo.get(tx.db, orgId, id);
    await mustWriteEnds(tx, orgId, before, "remove this link");
    await edgesRepo.remove(tx.db, orgId, id);
    await recordChange(tx, orgId, { action: "delete", entity: "edge", entityId: id, before });
  });
}

/** Either end's owner may change or remove a link (e.g. accept a dependency request). */
async function mustWriteEnds(ctx: Ctx, orgId: string, edge: Edge, what: string) {
  const ends = await nodesRepo.many(ctx.db, orgId, [edge.fromId, edge.toId]);
  const from = ends.find((n) => n.id === edge.fromId);
  const to = ends.find((n) => n.id === edge.toId);
  if (from && to) await mustWriteEither(ctx, orgId, from, to, what);
}
