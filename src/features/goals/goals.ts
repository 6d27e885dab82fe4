import { randomUUID } from "node:crypto";
import type { AlignmentNode } from "../../core/records.js";
import { changedFields, recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx, invalidField } from "../../platform/context.js";
import { unchanged } from "../../platform/db/entity.repo.js";
import type { Input } from "../../platform/schemas.js";
import {
  factsIn,
  mustChangeStatus,
  mustCreateNode,
  mustPlaceInUnit,
  mustRead,
  mustWriteNode,
} from "../accounts/index.js";
import { addEdge } from "../edges/index.js";
import { nodeColumns, nodesRepo } from "./goals.repo.js";
import type { NodeCreate, NodeListQuery, NodeUpdate, NodeUpdateInput } from "./goals.schemas.js";

export async function listNodes(ctx: Ctx, orgId: string, query: Input<typeof NodeListQuery>) {
  await mustRead(ctx, orgId, orgId);
  const q = query;
  return nodesRepo.list(ctx.db, orgId, {
    ...q,
    where: {
      kind: q.kind,
      status: q.status,
      owner_unit_id: q.unitId,
      owner_person_id: q.personId,
      cycle_id: q.cycleId,
    },
    search: q.q ? { column: "title", text: q.q } : undefined,
    orderBy: [
      ["priority", "asc"],
      ["title", "asc"],
    ],
  });
}

/** One node, for anyone who may read the organization. */
export async function getNode(ctx: Ctx, orgId: string, id: string) {
  await mustRead(ctx, orgId, orgId);
  return nodesRepo.get(ctx.db, orgId, id);
}

function checkStandalone(n: Pick<NodeUpdateInput, "standalone" | "standaloneReason">) {
  if (n.standalone && !n.standaloneReason) {
    throw invalidField(
      "standaloneReason",
      "say why this item stands alone (required when standalone is true)",
    );
  }
}

/** Creates a node and, in the same transaction, the links to what it contributes to. */
export async function createNode(
  ctx: Ctx,
  orgId: string,
  input: Input<typeof NodeCreate>,
): Promise<AlignmentNode> {
  const { contributesTo, status, ...rest } = input;
  checkStandalone(rest);
  // A member proposes: without a status their new goal is a draft, and without an owner it
  // is their own.
  const facts = await factsIn(ctx, orgId);
  const member = facts?.role === "member";
  const data = { ...rest, status: status ?? (member ? ("draft" as const) : ("active" as const)) };
  if (member && data.ownerPersonId === null && data.ownerUnitId === null)
    data.ownerPersonId = facts.personId;
  await mustCreateNode(ctx, orgId, data);
  await mustPlaceInUnit(ctx, orgId, data.ownerUnitId);
  return inTx(ctx, async (tx) => {
    const node = await nodesRepo.insert(tx.db, orgId, { id: randomUUID(), ...nodeColumns(data) });
    for (const [i, parent] of contributesTo.entries()) {
      try {
        await addEdge(tx, orgId, {
          kind: "contributes_to",
          fromId: node.id,
          toId: parent.nodeId,
          weight: parent.weight,
          state: null,
          note: "",
        });
      } catch (err) {
        throw relabel(err, `contributesTo.${i}.nodeId`);
      }
    }
    await recordChange(tx, orgId, {
      action: "create",
      entity: "node",
      entityId: node.id,
      after: { ...node, contributesTo },
    });
    return node;
  });
}

export async function updateNode(
  ctx: Ctx,
  orgId: string,
  id: string,
  input: Input<typeof NodeUpdate>,
): Promise<AlignmentNode> {
  const { version, ...data } = input;
  return inTx(ctx, async (tx) => {
    const before = await nodesRepo.get(tx.db, orgId, id);
    await mustWriteNode(tx, orgId, before);
    if (changedFields(before, data).length === 0) return unchanged(before, version, "Node");
    const owner = {
      ownerUnitId: data.ownerUnitId === undefined ? before.ownerUnitId : data.ownerUnitId,
      ownerPersonId: data.ownerPersonId === undefined ? before.ownerPersonId : data.ownerPersonId,
    };
    if (owner.ownerUnitId !== before.ownerUnitId || owner.ownerPersonId !== before.ownerPersonId) {
      await mustWriteNode(tx, orgId, owner, "hand this item to that owner");
    }
    if (owner.ownerUnitId !== before.ownerUnitId) {
      await mustPlaceInUnit(tx, orgId, owner.ownerUnitId);
    }
    if (data.status !== undefined) await mustChangeStatus(tx, orgId, before.status, data.status);
    checkStandalone({
      standalone: data.standalone ?? before.standalone,
      standaloneReason:
        data.standaloneReason === undefined ? before.standaloneReason : data.standaloneReason,
    });
    const node = await nodesRepo.update(tx.db, orgId, id, nodeColumns(data), version);
    await recordChange(tx, orgId, {
      action: "update",
      entity: "node",
      entityId: id,
      before,
      after: node,
    });
    return node;
  });
}

export async function deleteNode(ctx: Ctx, orgId: string, id: string): Promise<void> {
  await inTx(ctx, async (tx) => {
    const before = await nodesRepo.get(tx.db, orgId, id);
    await mustWriteNode(tx, orgId, before, "delete this item");
    await nodesRepo.remove(tx.db, orgId, id);
    await recordChange(tx, orgId, { action: "delete", entity: "node", entityId: id, before });
  });
}

/** Points a nested validation error at the field the caller sent. */
function relabel(err: unknown, path: string): unknown {
  const e = err as { code?: string; details?: { issues?: { path: string; message: string }[] } };
  if (e?.code === "validation_failed" && e.details?.issues) {
    for (const issue of e.details.issues) issue.path = path;
  }
  return err;
}
