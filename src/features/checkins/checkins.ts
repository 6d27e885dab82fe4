import { AppError } from "../../core/errors.js";
import { recordChange, startChange } from "../../platform/changes/index.js";
import { type Ctx, inTx } from "../../platform/context.js";
import type { Input, PageQuery } from "../../platform/schemas.js";
import { factsIn, mustRead, mustWriteNode, redactCheckins } from "../accounts/index.js";
import { beginOwnWrite } from "../alignment/index.js";
import { nodesRepo } from "../goals/index.js";
import { submitCheckin } from "./batch.js";
import {
  checkinChange,
  NODE_FIELDS,
  newCheckin,
  nodeNotFound,
  type Written,
} from "./checkin-write.js";
import { checkinsRepo } from "./checkins.repo.js";
import type { CheckinCreate } from "./checkins.schemas.js";

export async function listCheckins(
  ctx: Ctx,
  orgId: string,
  nodeId: string,
  query: Input<typeof PageQuery>,
) {
  await mustRead(ctx, orgId, orgId);
  await nodesRepo.get(ctx.db, orgId, nodeId);
  const page = await checkinsRepo.list(ctx.db, orgId, nodeId, query);
  return { ...page, items: await redactCheckins(ctx, orgId, page.items) };
}

/**
 * Records a check-in and moves the node's current value, confidence and freshness to it,
 * in one transaction (with the check-ins that arrive meanwhile: batch.ts).
 */
export async function createCheckin(
  ctx: Ctx,
  orgId: string,
  nodeId: string,
  input: Input<typeof CheckinCreate>,
): Promise<Written> {
  const data = input;
  if (data.value === null && data.confidence === null && data.note.trim() === "") {
    throw new AppError("validation_failed", "value: give a value, a confidence or a note.", {
      issues: [{ path: "value", message: "give a value, a confidence or a note" }],
    });
  }
  return submitCheckin(ctx, orgId, nodeId, data, createOne);
}

/** One check-in in a transaction of its own. */
async function createOne(
  ctx: Ctx,
  orgId: string,
  nodeId: string,
  data: Input<typeof CheckinCreate>,
  id: string,
): Promise<Written> {
  // The resident model is patched with the written node, not caught up from the feed.
  const own = beginOwnWrite(ctx.db, orgId);
  const written = await inTx(ctx, async (tx) => {
    const checkin = await newCheckin(tx, orgId, id, nodeId, data);
    // The insert (which gives back the node as updated) and the revision bump go to the
    // database together (on the embedded database's thread: one round trip instead of
    // two). The checks run before anything is kept: a refusal rolls all of it back.
    const inserted = checkinsRepo.insertAndApply(tx.db, orgId, checkin);
    inserted.catch(() => {}); // awaited below
    const started = startChange(tx, orgId);
    const w = await inserted;
    if (!w) throw nodeNotFound(nodeId);
    await mustWriteNode(tx, orgId, w.node, "check in on this item");
    const revision = await recordChange(tx, orgId, checkinChange(w.checkin), started);
    return { ...w, revision };
  }).catch((err: unknown) => {
    own.failed();
    throw err;
  });
  own.applied(written.revision, { nodes: [written.node] });
  // Pages of the node list read before show the new values (epochs.ts, NODE_VALUES_TABLE).
  nodesRepo.keepRow(ctx.db, written.node);
  return { checkin: written.checkin, revision: written.revision };
}

/** Removes a check-in; the node falls back to the latest one left. */
export async function deleteCheckin(ctx: Ctx, orgId: string, id: string): Promise<void> {
  await inTx(ctx, async (tx) => {
    const checkin = await checkinsRepo.get(tx.db, orgId, id);
    if (!checkin) throw new AppError("not_found", `Check-in ${id} was not found.`, { id });
    // The author may take back their own check-in; otherwise it takes the right to the item.
    const facts = await factsIn(tx, orgId);
    if (
      !(
        facts?.personId &&
        facts.personId === checkin.authorId &&
        facts.canWrite &&
        facts.role !== "viewer"
      )
    ) {
      await mustWriteNode(
        tx,
        orgId,
        await nodesRepo.get(tx.db, orgId, checkin.nodeId),
        "delete this check-in",
      );
    }
    await checkinsRepo.remove(tx.db, orgId, id);
    const latest = await checkinsRepo.latest(tx.db, orgId, checkin.nodeId);
    await checkinsRepo.resetNodeTo(tx.db, orgId, checkin.nodeId, latest);
    await recordChange(tx, orgId, {
      action: "delete",
      entity: "checkin",
      entityId: id,
      before: checkin,
      touches: [{ entity: "node", entityId: checkin.nodeId, fields: NODE_FIELDS }],
    });
  });
}
