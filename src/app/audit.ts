import { type ChainCheck, ChainVerifier } from "../core/audit.js";
import { appendAudit, auditChain, listAudit } from "../db/audit.repo.js";
import { bumpRevision } from "../db/orgs.repo.js";
import { type Ctx, parse } from "./context.js";
import { PageQuery } from "./schemas.js";

export interface Change {
  action: "create" | "update" | "delete" | "import" | "load";
  entity: "unit" | "person" | "cycle" | "node" | "edge" | "checkin" | "organization";
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Every write ends here, inside its transaction: the organization's revision moves on (so
 * cached analyses are dropped; this also locks the organization's row, which orders the
 * history) and the change is appended to the tamper-evident history.
 */
export async function recordChange(ctx: Ctx, orgId: string, change: Change): Promise<void> {
  await bumpRevision(ctx.db, orgId);
  await appendAudit(ctx.db, orgId, {
    actor: ctx.actor,
    at: ctx.now(),
    action: change.action,
    entity: change.entity,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
  });
}

export async function historyOf(ctx: Ctx, orgId: string, query: unknown, entityId?: string) {
  const q = parse(PageQuery, query);
  return listAudit(ctx.db, orgId, { ...q, entityId });
}

export async function verifyHistory(ctx: Ctx, orgId: string): Promise<ChainCheck> {
  const v = new ChainVerifier();
  for await (const e of auditChain(ctx.db, orgId)) if (!v.push(e)) break;
  return v.result();
}

export const fullHistory = (ctx: Ctx, orgId: string) => auditChain(ctx.db, orgId);
