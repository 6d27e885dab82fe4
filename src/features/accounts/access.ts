import { AppError } from "../../core/errors.js";
import {
  type Actor,
  mayAdminister,
  mayChangeStatus,
  mayCreateNode,
  mayDeleteUnit,
  mayPlaceInUnit,
  mayReadAdmin,
  mayReadPrivate,
  mayWriteNode,
  mayWriteUnit,
  type Owned,
  type Role,
  type Verdict,
} from "../../core/policy.js";
import type { Checkin } from "../../core/records.js";
import type { Ctx } from "../../platform/context.js";
import { accountsRepo } from "./accounts.repo.js";

/**
 * The application layer's guards: they gather the facts about who acts (role, person, the
 * units they lead), ask the pure rules in src/core/policy.ts and throw `forbidden` with
 * the rule's reason. Every write in src/app calls one of them.
 */

interface Facts {
  role: Role;
  personId: string | null;
  canWrite: boolean;
  led: Set<string>;
}

const NO_ACCESS = null;

type RoleRow = { role: Role; personId: string | null } | null;
const roleKey = (orgId: string) => `role-row:${orgId}`;

/**
 * Reads the acting user's role in the organization named `slugOrId` (its slug or id), for
 * factsIn later in the request: a caller that looks the organization up runs this beside
 * that lookup (on PostgreSQL, two statements at once on two connections instead of one
 * after the other). Nothing is kept when the name is not one organization's.
 */
export async function prefetchRole(ctx: Ctx, slugOrId: string): Promise<void> {
  const p = ctx.principal;
  if (p.kind !== "user") return;
  const r = await accountsRepo.roleInNamed(ctx.db, p.userId, slugOrId);
  if (!r || ctx.memo.has(roleKey(r.orgId))) return;
  ctx.memo.set(roleKey(r.orgId), r.role === null ? null : { role: r.role, personId: r.personId });
}

/** What the acting principal is in this organization (memoised per request). */
export async function factsIn(ctx: Ctx, orgId: string): Promise<Facts | null> {
  const key = `facts:${orgId}`;
  if (ctx.memo.has(key)) return ctx.memo.get(key) as Facts | null;
  const p = ctx.principal;
  let facts: Facts | null = NO_ACCESS;
  if (p.kind === "system") {
    facts = { role: "admin", personId: null, canWrite: true, led: new Set() };
  } else if (p.kind === "user") {
    // Read ahead with the organization (prefetchRole), or now.
    const ahead = ctx.memo.get(roleKey(orgId)) as RoleRow | undefined;
    const r = ahead !== undefined ? ahead : await accountsRepo.roleIn(ctx.db, p.userId, orgId);
    const role: Role | null = p.isAdmin ? "admin" : (r?.role ?? null);
    if (role) {
      const personId = r?.personId ?? null;
      const led =
        role === "leader" && personId
          ? await accountsRepo.ledUnits(ctx.db, orgId, personId)
          : new Set<string>();
      facts = { role, personId, canWrite: p.canWrite, led };
    }
  }
  ctx.memo.set(key, facts);
  return facts;
}

/** Reading the organization at all: without a role it does not exist for you. */
export async function mustRead(ctx: Ctx, orgId: string, orgName: string): Promise<Facts> {
  const f = await factsIn(ctx, orgId);
  if (!f) {
    if (ctx.principal.kind === "anonymous") {
      throw new AppError("unauthorized", "Sign in first (or use an API token).", null);
    }
    throw new AppError("not_found", `Organization "${orgName}" was not found.`, { org: orgName });
  }
  return f;
}

async function actorFor(ctx: Ctx, orgId: string, people: (string | null)[] = []): Promise<Actor> {
  const f = await factsIn(ctx, orgId);
  if (!f) throw new AppError("forbidden", "You have no role in this organization.", null);
  // A leader leads a person when the person belongs to a unit the leader leads.
  const leadPeople = new Set<string>();
  if (f.role === "leader") {
    for (const pid of new Set(people)) {
      if (!pid) continue;
      const units = await accountsRepo.unitsOfPerson(ctx.db, orgId, pid);
      if (pid === f.personId || units.some((u) => f.led.has(u))) leadPeople.add(pid);
    }
  }
  return {
    role: f.role,
    personId: f.personId,
    canWrite: f.canWrite,
    leads: (unitId) => unitId !== null && f.led.has(unitId),
    leadsPerson: (pid) => pid !== null && (pid === f.personId || leadPeople.has(pid)),
  };
}

function enforce(v: Verdict, what: string): void {
  if (!v.ok)
    throw new AppError("forbidden", `You may not ${what}: ${v.reason}.`, { reason: v.reason });
}

export async function mustAdminister(ctx: Ctx, orgId: string, what: string): Promise<void> {
  enforce(mayAdminister(await actorFor(ctx, orgId)), what);
}

/** Reading what only admins read (a read-only token of an admin may). */
export async function mustReadAsAdmin(ctx: Ctx, orgId: string, what: string): Promise<void> {
  enforce(mayReadAdmin(await actorFor(ctx, orgId)), what);
}

export async function mustWriteNode(
  ctx: Ctx,
  orgId: string,
  node: Owned,
  what = "change this item",
): Promise<void> {
  enforce(mayWriteNode(await actorFor(ctx, orgId, [node.ownerPersonId]), node), what);
}

/** Either end of a link will do (e.g. the owner of what is depended on accepts a request). */
export async function mustWriteEither(ctx: Ctx, orgId: string, a: Owned, b: Owned, what: string) {
  const actor = await actorFor(ctx, orgId, [a.ownerPersonId, b.ownerPersonId]);
  const first = mayWriteNode(actor, a);
  if (first.ok) return;
  enforce(mayWriteNode(actor, b), what);
}

export async function mustCreateNode(
  ctx: Ctx,
  orgId: string,
  node: Owned & { kind: string; status: string },
): Promise<void> {
  enforce(
    mayCreateNode(await actorFor(ctx, orgId, [node.ownerPersonId]), node),
    "create this item",
  );
}

/** Filing an item under a unit the actor leads or belongs to. */
export async function mustPlaceInUnit(ctx: Ctx, orgId: string, unitId: string | null) {
  if (unitId === null) return;
  const f = await factsIn(ctx, orgId);
  const mine = f?.personId ? await accountsRepo.unitsOfPerson(ctx.db, orgId, f.personId) : [];
  enforce(
    mayPlaceInUnit(await actorFor(ctx, orgId), unitId, mine.includes(unitId)),
    "put the item in this unit",
  );
}

export async function mustChangeStatus(ctx: Ctx, orgId: string, from: string, to: string) {
  enforce(mayChangeStatus(await actorFor(ctx, orgId), from, to), `set the status to ${to}`);
}

export async function mustWriteUnit(
  ctx: Ctx,
  orgId: string,
  unit: { id: string | null; parentId: string | null },
  what: string,
): Promise<void> {
  enforce(mayWriteUnit(await actorFor(ctx, orgId), unit), what);
}

export async function mustDeleteUnit(
  ctx: Ctx,
  orgId: string,
  unit: { id: string; parentId: string | null },
): Promise<void> {
  enforce(mayDeleteUnit(await actorFor(ctx, orgId), unit), "delete this unit");
}

/** The signed-in person, who checks in unless an admin records one for someone else. */
export async function checkinAuthor(
  ctx: Ctx,
  orgId: string,
  requested: string | null,
): Promise<string | null> {
  const f = await factsIn(ctx, orgId);
  if (!f) return requested;
  if (requested === null || requested === f.personId) return f.personId ?? requested;
  if (f.role === "admin") return requested;
  throw new AppError("forbidden", "You may not check in on someone else's behalf.", {
    reason: "only admins record check-ins for someone else",
  });
}

/** Which of these authors' private notes the acting principal may read. */
export async function privateReadable(
  ctx: Ctx,
  orgId: string,
  authorIds: (string | null)[],
): Promise<Set<string | null>> {
  const f = await factsIn(ctx, orgId);
  const out = new Set<string | null>();
  if (!f) return out;
  const who = { role: f.role, personId: f.personId };
  if (f.role === "admin") return new Set(authorIds);
  const distinct = [...new Set(authorIds)].filter((a): a is string => a !== null);
  const chains = await accountsRepo.managerChains(ctx.db, orgId, distinct);
  for (const a of distinct) if (mayReadPrivate(who, a, chains.get(a) ?? [])) out.add(a);
  return out;
}

/** Check-ins as this principal may see them: a private note they may not read is blanked. */
export async function redactCheckins<T extends Pick<Checkin, "note" | "private" | "authorId">>(
  ctx: Ctx,
  orgId: string,
  checkins: T[],
): Promise<T[]> {
  const hidden = checkins.filter((c) => c.private && c.note !== "");
  if (hidden.length === 0) return checkins;
  const readable = await privateReadable(
    ctx,
    orgId,
    hidden.map((c) => c.authorId),
  );
  return checkins.map((c) => (c.private && !readable.has(c.authorId) ? { ...c, note: "" } : c));
}

/** What the acting principal is and may do in this organization (for the web app's menus). */
export async function myAccess(ctx: Ctx, orgId: string) {
  const f = await factsIn(ctx, orgId);
  if (!f) throw new AppError("forbidden", "You have no role in this organization.", null);
  const actor = await actorFor(ctx, orgId);
  return {
    role: f.role,
    personId: f.personId,
    canWrite: f.canWrite,
    ledUnitIds: [...f.led],
    may: {
      administer: mayAdminister(actor).ok,
      proposeGoals: f.canWrite && f.role !== "viewer",
    },
  };
}

/** May the acting principal change this node (edit, check in, link, delete)? */
export async function nodeAccess(ctx: Ctx, orgId: string, node: Owned) {
  const v = mayWriteNode(await actorFor(ctx, orgId, [node.ownerPersonId]), node);
  return { edit: v.ok, reason: v.ok ? null : v.reason };
}
