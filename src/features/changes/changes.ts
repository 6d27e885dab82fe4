import { type ChangeEvent, changeEventsSince } from "../../platform/changes/index.js";
import type { Ctx } from "../../platform/context.js";
import { mustRead } from "../accounts/index.js";
import { getRevision } from "../orgs/index.js";
import type { ChangesQueryInput } from "./changes.schemas.js";

/**
 * The organization's change events after a revision, oldest first: what a consumer (a
 * webhook sender, a live board, another instance's engine) reads to catch up. `revision`
 * is where the next call should start; `more` says a page was cut short.
 */
export async function changesSince(
  ctx: Ctx,
  orgId: string,
  q: ChangesQueryInput,
): Promise<{ items: ChangeEvent[]; revision: number; more: boolean }> {
  await mustRead(ctx, orgId, orgId);
  const items = await changeEventsSince(ctx.db, orgId, q.since, q.limit + 1);
  const more = items.length > q.limit;
  const page = more ? items.slice(0, q.limit) : items;
  const revision = more ? page[page.length - 1].revision : await getRevision(ctx.db, orgId);
  return { items: page, revision: Math.max(revision, q.since), more };
}
