import type { AuditEntry } from "../../core/audit.js";
import { type ChainCheck, ChainVerifier } from "../../core/audit.js";
import type { Ctx } from "../../platform/context.js";
import type { Input, PageQuery } from "../../platform/schemas.js";
import { mustRead, mustReadAsAdmin, privateReadable } from "../accounts/index.js";
import { auditChain, listAudit } from "./audit.repo.js";

/** One item's history (anyone who reads the organization), or the whole log (admins). */
export async function historyOf(
  ctx: Ctx,
  orgId: string,
  query: Input<typeof PageQuery>,
  entityId?: string,
) {
  if (!entityId) await mustReadAsAdmin(ctx, orgId, "read the whole change history");
  else await mustRead(ctx, orgId, orgId);
  const q = query;
  const page = await listAudit(ctx.db, orgId, { ...q, entityId });
  return { ...page, items: await redactHistory(ctx, orgId, page.items) };
}

type NoteLike = { note?: unknown; private?: unknown; authorId?: unknown };
const privateNote = (v: unknown): v is NoteLike =>
  typeof v === "object" && v !== null && (v as NoteLike).private === true;

/** Blanks private check-in notes in history entries the reader may not see. */
async function redactHistory(ctx: Ctx, orgId: string, items: AuditEntry[]): Promise<AuditEntry[]> {
  const authorOf = (e: AuditEntry) => {
    const v = privateNote(e.after) ? e.after : privateNote(e.before) ? e.before : null;
    return v ? ((v.authorId as string | null) ?? null) : undefined;
  };
  const withPrivate = items.filter((e) => authorOf(e) !== undefined);
  if (withPrivate.length === 0) return items;
  const readable = await privateReadable(
    ctx,
    orgId,
    withPrivate.map((e) => authorOf(e) ?? null),
  );
  const blank = (v: unknown) => (privateNote(v) ? { ...v, note: "" } : v);
  return items.map((e) => {
    const author = authorOf(e);
    if (author === undefined || readable.has(author)) return e;
    // The hashes go too: with them, a guessed note could be checked against the chain.
    return { ...e, before: blank(e.before), after: blank(e.after), hash: "", prevHash: "" };
  });
}

export async function verifyHistory(ctx: Ctx, orgId: string): Promise<ChainCheck> {
  await mustReadAsAdmin(ctx, orgId, "verify the change history");
  const v = new ChainVerifier();
  for await (const e of auditChain(ctx.db, orgId)) if (!v.push(e)) break;
  return v.result();
}

/** The whole log, in order, for an admin's export (it holds private notes: admins read them). */
export async function fullHistory(ctx: Ctx, orgId: string) {
  await mustReadAsAdmin(ctx, orgId, "export the change history");
  return auditChain(ctx.db, orgId);
}
