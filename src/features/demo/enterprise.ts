import { randomUUID } from "node:crypto";
import type { Bundle } from "../../core/bundle.js";
import { AppError } from "../../core/errors.js";
import { recordChange } from "../../platform/changes/index.js";
import { type Ctx, inTx } from "../../platform/context.js";
import { insertBundle, type LoadProgress } from "../../platform/db/bundle.repo.js";
import { deleteOrg, findOrg, type Organization } from "../orgs/index.js";
import { analyzeLoadedTables, continueRevision } from "./demo.repo.js";
import { grantDemoAccounts } from "./demo-accounts.js";
import { generate, SIZE_NAMES, SIZES, type SizeName } from "./synthetic/generate.js";

export { SIZE_NAMES, SIZES, type SizeName };

/** The synthetic enterprise of a size: its slug and name, distinct per size. */
export const enterpriseSlug = (size: SizeName) => `synthetic-${size.toLowerCase()}`;
export const enterpriseName = (size: SizeName) => `Synthetic enterprise (${size})`;

/** A --size value: S, M, L or XL (any case); anything else is refused naming the sizes. */
export function parseSize(value: string): SizeName {
  const size = value.trim().toUpperCase();
  if ((SIZE_NAMES as string[]).includes(size)) return size as SizeName;
  throw new AppError(
    "validation_failed",
    `--size: "${value}" is not a size; use one of ${SIZE_NAMES.join(", ")} (${SIZE_NAMES.map((s) => `${s} = ${SIZES[s].people.toLocaleString("en")} people`).join(", ")}).`,
    { allowed: SIZE_NAMES },
  );
}

export interface EnterpriseLoad {
  org: Organization;
  /** What was written, by table. */
  counts: { units: number; people: number; nodes: number; edges: number; checkins: number };
  /** Demo accounts that can now see it (besides instance admins). */
  accounts: string[];
}

/**
 * Loads a synthetic enterprise of the benchmark's sizes (1,000 to 100,000 people) as a new
 * organization, dated so that it looks current: the year cycle is this year's and the
 * check-ins are of the last weeks. Only the operator or an instance admin may, like creating
 * an organization. An existing one of the same size is refused unless `replace` (then it is
 * replaced in the same transaction, keeping its id). The tables are analyzed afterwards.
 * Demo accounts that exist get a role in it, as in the Stride demo.
 */
export async function loadSyntheticEnterprise(
  ctx: Ctx,
  opts: {
    size: SizeName;
    seed?: number;
    replace?: boolean;
    onGenerating?: () => void;
    onGenerated?: (b: Bundle) => void;
    onProgress?: (p: LoadProgress) => void;
    onAnalyze?: () => void;
  },
): Promise<EnterpriseLoad> {
  const p = ctx.principal;
  if (!(p.kind === "system" || (p.kind === "user" && p.isAdmin && p.canWrite))) {
    throw new AppError(
      "forbidden",
      "Only an instance administrator can load a synthetic enterprise.",
      null,
    );
  }
  const seed = opts.seed ?? 42;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new AppError("validation_failed", "--seed: a whole number from 0 to 4294967295.");
  }
  const slug = enterpriseSlug(opts.size);
  const existing = await findOrg(ctx.db, slug);
  if (existing && !opts.replace) {
    throw new AppError(
      "conflict",
      `${existing.name} is already loaded (--org ${slug}); use --replace to load it afresh.`,
      { org: slug },
    );
  }
  opts.onGenerating?.();
  const generated = generate(opts.size, seed, {
    now: ctx.now(),
    slug,
    name: enterpriseName(opts.size),
  });
  // The generator's organization id follows the seed alone: every size would share it.
  const bundle: Bundle = {
    ...generated,
    organization: { ...generated.organization, id: existing?.id ?? randomUUID() },
  };
  opts.onGenerated?.(bundle);
  const orgId = bundle.organization.id;
  await inTx(ctx, async (tx) => {
    if (existing) await deleteOrg(tx.db, existing.id);
    await insertBundle(tx.db, bundle, opts.onProgress);
    if (existing) await continueRevision(tx.db, bundle.organization.id, existing.revision);
    await recordChange(tx, orgId, {
      action: "load",
      entity: "organization",
      entityId: orgId,
      after: {
        synthetic: opts.size,
        seed,
        people: bundle.people.length,
        nodes: bundle.nodes.length,
        edges: bundle.edges.length,
      },
    });
  });
  opts.onAnalyze?.();
  await analyzeLoadedTables(ctx.db);
  const accounts = await grantDemoAccounts(ctx, orgId, bundle);
  return {
    org: (await findOrg(ctx.db, orgId))!,
    counts: {
      units: bundle.units.length,
      people: bundle.people.length,
      nodes: bundle.nodes.length,
      edges: bundle.edges.length,
      checkins: bundle.checkins.length,
    },
    accounts,
  };
}
