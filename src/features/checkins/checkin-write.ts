/**
 * What writing a check-in means, shared by a check-in written alone (checkins.ts) and one
 * written in a batch (batch.ts): the record with its author, the change it records, and the
 * answer for a node that is not there.
 */
import { AppError } from "../../core/errors.js";
import type { Checkin } from "../../core/records.js";
import type { Change } from "../../platform/changes/index.js";
import type { Ctx } from "../../platform/context.js";
import type { Input } from "../../platform/schemas.js";
import { checkinAuthor } from "../accounts/index.js";
import type { CheckinCreate } from "./checkins.schemas.js";

/** What a check-in moves on its node. */
export const NODE_FIELDS = ["current", "confidence", "lastCheckinAt"];

/** A check-in as written, with the organization's revision after it. */
export interface Written {
  checkin: Checkin;
  revision: number;
}

/**
 * The check-in to write: its author checked (only an admin records one for someone else; a
 * private note needs an author) and its time when written. Throws an AppError on refusal,
 * before any statement.
 */
export async function newCheckin(
  ctx: Ctx,
  orgId: string,
  id: string,
  nodeId: string,
  data: Input<typeof CheckinCreate>,
): Promise<Checkin> {
  const authorId = await checkinAuthor(ctx, orgId, data.authorId);
  if (data.private && authorId === null) {
    throw new AppError(
      "validation_failed",
      "private: a private note needs an author (sign in as a person, or give authorId).",
      { issues: [{ path: "private", message: "a private note needs an author" }] },
    );
  }
  return { id, nodeId, ...data, authorId, createdAt: ctx.now().toISOString() };
}

/** The change a check-in records: itself created, its node's values moved. */
export const checkinChange = (c: Checkin): Change => ({
  action: "create",
  entity: "checkin",
  entityId: c.id,
  after: c,
  touches: [{ entity: "node", entityId: c.nodeId, fields: NODE_FIELDS }],
});

export const nodeNotFound = (nodeId: string) =>
  new AppError("not_found", `Node ${nodeId} was not found.`, { id: nodeId });
