/**
 * Who may do what. Pure rules over facts the application layer gathers (the acting
 * person's role, the units they lead, whom those units hold); the app layer asks these
 * before every write, so the API, the CLI and the web app obey the same rules.
 *
 * - admin: everything in the organization.
 * - leader: edits the units they lead and everything below them — those units, the goals
 *   those units or their people own, those goals' check-ins and links.
 * - member: edits their own goals and check-ins; proposes goals (a member's new goal is a
 *   draft until a leader makes it active).
 * - viewer: reads.
 * Everyone with a role reads the organization; private notes are the exception (see
 * `mayReadPrivate`).
 */

export const ROLES = ["admin", "leader", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** What the acting principal is in one organization, with the facts rules need. */
export interface Actor {
  role: Role;
  /** The person the user is in this organization (null for an admin without one). */
  personId: string | null;
  /** API tokens may be read-only. */
  canWrite: boolean;
  /** Is this unit one the actor leads, or below one? */
  leads(unitId: string | null): boolean;
  /** Is this person a member of a unit the actor leads (or below), or the actor? */
  leadsPerson(personId: string | null): boolean;
}

/** Who owns a node: the facts the rules look at. */
export interface Owned {
  ownerUnitId: string | null;
  ownerPersonId: string | null;
}

export type Verdict = { ok: true } | { ok: false; reason: string };
const ok: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });

const readOnly = (a: Actor): Verdict | null => {
  if (!a.canWrite) return no("this API token is read-only");
  if (a.role === "viewer") return no("viewers read but do not change anything");
  return null;
};

/** Organization-wide settings, people, cycles, imports and the whole history. */
export function mayAdminister(a: Actor): Verdict {
  const r = readOnly(a);
  if (r) return r;
  return a.role === "admin" ? ok : no("only an admin may do this");
}

/** Read what only admins read (the whole history, the accounts); read-only tokens may. */
export function mayReadAdmin(a: Actor): Verdict {
  return a.role === "admin" ? ok : no("only an admin may see this");
}

/** Edit or delete a goal (or any node), check in on it, link it. */
export function mayWriteNode(a: Actor, n: Owned): Verdict {
  const r = readOnly(a);
  if (r) return r;
  if (a.role === "admin") return ok;
  if (a.role === "leader") {
    if (a.leads(n.ownerUnitId) || a.leadsPerson(n.ownerPersonId)) return ok;
    return no("leaders edit what the units they lead own, and what their people own");
  }
  if (n.ownerPersonId !== null && n.ownerPersonId === a.personId) return ok;
  return no("members edit only the goals they own");
}

/** Create a node with this owner, kind and status. */
export function mayCreateNode(a: Actor, n: Owned & { kind: string; status: string }): Verdict {
  const base = mayWriteNode(a, n);
  if (!base.ok) {
    return a.role === "member" && base.reason.startsWith("members")
      ? no("members propose goals they own themselves")
      : base;
  }
  if (a.role === "member") {
    if (n.kind !== "goal") return no("members propose goals, not other kinds of items");
    if (n.status !== "draft") return no("a member's new goal is a draft until a leader accepts it");
  }
  return ok;
}

/**
 * Change a node's status: a member may withdraw their proposal (draft → cancelled) and close
 * their active goals, but only a leader accepts a proposal or makes a goal active again.
 */
export function mayChangeStatus(a: Actor, from: string, to: string): Verdict {
  if (from === to || a.role === "admin" || a.role === "leader") return ok;
  if (to === "active") return no("a leader makes a proposed goal active");
  if (from === "draft" && to !== "cancelled") {
    return no("a proposed goal is accepted by a leader first (it may be withdrawn: cancelled)");
  }
  return ok;
}

/**
 * Place an item under a unit: members only in units they belong to, leaders in the units
 * they lead (or belong to), so nobody files work into someone else's unit.
 */
export function mayPlaceInUnit(a: Actor, unitId: string, memberOfUnit: boolean): Verdict {
  if (a.role === "admin") return ok;
  if (a.leads(unitId) || memberOfUnit) return ok;
  return no("an item goes into a unit you lead or belong to");
}

/** Create, edit or delete a unit under `parentId` (the unit itself for edits). */
export function mayWriteUnit(
  a: Actor,
  unit: { id: string | null; parentId: string | null },
): Verdict {
  const r = readOnly(a);
  if (r) return r;
  if (a.role === "admin") return ok;
  if (a.role === "leader") {
    const inside = unit.id !== null ? a.leads(unit.id) : a.leads(unit.parentId);
    if (inside) return ok;
    return no("leaders edit only the units they lead and the units below them");
  }
  return no("only leaders and admins change units");
}

/** Delete a unit: a leader may remove units below the ones they lead, not those themselves. */
export function mayDeleteUnit(a: Actor, unit: { id: string; parentId: string | null }): Verdict {
  const r = readOnly(a);
  if (r) return r;
  if (a.role === "admin") return ok;
  if (a.role === "leader" && a.leads(unit.parentId)) return ok;
  return no("leaders delete only units below the ones they lead");
}

/** Read a private note written by `authorId`, given the author's manager chain. */
export function mayReadPrivate(
  a: { role: Role | null; personId: string | null },
  authorId: string | null,
  managerChainOfAuthor: readonly string[],
): boolean {
  if (a.role === "admin") return true;
  if (a.personId === null || authorId === null) return false;
  return a.personId === authorId || managerChainOfAuthor.includes(a.personId);
}
