import { type ChangeEvent, changeEventsSince } from "../../platform/changes/index.js";
import type { Ctx } from "../../platform/context.js";
import { mustRead } from "../accounts/index.js";
import { getRevision } from "../orgs/index.js";
import type { ChangesQueryInput } from "./changes.schemas.js";

/**
 * The organization's change events after a revision, oldest first: what a consumer (a
 * webhook sender, a live board, another instance's engine) reads to catch up. `revision`
 * is where the next call should start; `more` says a page was cut short. Pages hold whole
 * revisions: every event of one write (a check-in and the node it moved) comes together.
 */
export async function changesSince(
  ctx: Ctx,
  orgId: string,
  q: ChangesQueryInput,
): Promise<{ items: ChangeEvent[]; revision: number; more: boolean }> {
  await mustRead(ctx, orgId, orgId);
  // The revision first, then the events up to it: a write that commits in between is left
  // for the next call instead of being counted as read without being returned.
  const current = await getRevision(ctx.db, orgId);
  const items = await changeEventsSince(ctx.db, orgId, q.since, q.limit + 1, current);
  const more = items.length > q.limit;
  let page = more ? items.slice(0, q.limit) : items;
  // A page ends on a whole revision (one write may emit several events): drop a revision
  // cut in two, or, when it is the only one on the page, give all of it.
  if (more && items[q.limit].revision === page[page.length - 1].revision) {
    const cut = page[page.length - 1].revision;
    const whole = page.filter((e) => e.revision < cut);
    page = whole.length > 0 ? whole : await changeEventsSince(ctx.db, orgId, cut - 1, 10_000, cut);
  }
  const revision = more ? page[page.length - 1].revision : current;
  return { items: page, revision: Math.max(revision, q.since), more };
}
