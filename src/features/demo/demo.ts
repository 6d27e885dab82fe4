import { recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx } from "../../platform/context.js";
import { insertBundle, type LoadProgress } from "../../platform/db/bundle.repo.js";
import { deleteOrg, findOrg, type Organization } from "../orgs/index.js";
import { continueRevision } from "./demo.repo.js";
import { buildStrideDemo } from "./stride.js";

export const DEMO_SLUG = "stride";

/**
 * Loads the demo organization "Stride Athletics", dated relative to now so its check-ins
 * look recent. With `replace`, an existing demo is removed first (in the same transaction).
 */
export async function loadDemo(
  ctx: Ctx,
  opts: { replace?: boolean; onProgress?: (p: LoadProgress) => void } = {},
): Promise<{ org: Organization; loaded: boolean }> {
  const existing = await findOrg(ctx.db, DEMO_SLUG);
  if (existing && !opts.replace) return { org: existing, loaded: false };
  const bundle = buildStrideDemo(ctx.now());
  await inTx(ctx, async (tx) => {
    if (existing) await deleteOrg(tx.db, existing.id);
    await insertBundle(tx.db, bundle, opts.onProgress);
    if (existing) await continueRevision(tx.db, bundle.organization.id, existing.revision);
    await recordChange(tx, bundle.organization.id, {
      action: "load",
      entity: "organization",
      entityId: bundle.organization.id,
      after: {
        demo: DEMO_SLUG,
        people: bundle.people.length,
        nodes: bundle.nodes.length,
        edges: bundle.edges.length,
      },
    });
  });
  return { org: (await findOrg(ctx.db, DEMO_SLUG))!, loaded: true };
}
