import { type Ctx, sendLast } from "../context.js";
import { type Appended, appendWrites, bumpRevision } from "./changes.repo.js";

/** What a write did, as the feature that made it describes it. */
export interface Change {
  action: "create" | "update" | "delete" | "import" | "load";
  entity: ChangeEntity;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /**
   * Other entities the write changed as a side effect (a check-in moves its node's current
   * value): each becomes an "update" event of the same revision, so a consumer of the feed
   * sees every entity whose state moved.
   */
  touches?: { entity: ChangeEntity; entityId: string; fields: string[] }[];
}

export type ChangeEntity =
  | "unit"
  | "person"
  | "cycle"
  | "node"
  | "edge"
  | "checkin"
  | "organization";

/**
 * One event of the change feed. The contract (docs/ARCHITECTURE.md, "The change feed"):
 * - every committed write appends its events in the same transaction, so the feed never
 *   shows a write that was rolled back and never misses one that committed;
 * - `revision` is the organization's revision after the write; events of one organization
 *   are totally ordered by (revision, seq) and revisions only grow;
 * - `op` "create" lists every field of the new entity, "update" the fields whose value
 *   changed, "delete" none; "import" and "load" (bulk writes) name the organization as the
 *   entity and mean "anything may have changed": a consumer reloads what it keeps.
 */
export interface ChangeEvent {
  orgId: string;
  revision: number;
  at: string;
  actor: string;
  entity: ChangeEntity;
  entityId: string;
  op: Change["action"];
  fields: string[];
}

/** Fields that move with every write and say nothing about what changed. */
const BOOKKEEPING = new Set(["version", "updatedAt", "createdAt"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of `patch` whose value differs from `before`. Fields the patch leaves out
 * (undefined) are not changes. Arrays of objects compare by content, in any order.
 */
export function changedFields(before: object, patch: object): string[] {
  const b = before as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || BOOKKEEPING.has(k)) continue;
    if (Array.isArray(v) && Array.isArray(b[k])) {
      const key = (x: unknown) => JSON.stringify(x);
      if (same([...v].map(key).sort(), [...(b[k] as unknown[])].map(key).sort())) continue;
    } else if (same(v ?? null, b[k] ?? null)) continue;
    out.push(k);
  }
  return out;
}

function fieldsOf(change: Change): string[] {
  if (change.action === "create" && change.after && typeof change.after === "object") {
    return Object.keys(change.after).filter((k) => !BOOKKEEPING.has(k));
  }
  if (change.action === "update" && change.before && change.after) {
    return changedFields(change.before as object, change.after as object);
  }
  return [];
}

/** A write's revision bump, sent ahead (startChange) and finished by recordChange. */
export type StartedChange = ReturnType<typeof bumpRevision>;

/**
 * Starts a write's change early: the revision bump (which locks the organization's row)
 * goes to the database together with the write's own statements instead of after them, one
 * round trip fewer on the embedded database's thread. Pass it to recordChange, which must
 * follow in the same transaction; a write that fails before then rolls it back with the rest.
 */
export function startChange(ctx: Ctx, orgId: string, writes = 1): StartedChange {
  const started = bumpRevision(ctx.db, orgId, writes);
  started.catch(() => {}); // awaited by recordChange; a failure is thrown there
  return started;
}

/**
 * Every write ends here, inside its transaction: the organization's revision moves on
 * (this locks the organization's row, which orders the history and the feed), the change
 * is appended to the tamper-evident history, and its event to the change feed.
 */
export async function recordChange(
  ctx: Ctx,
  orgId: string,
  change: Change,
  started?: StartedChange,
): Promise<number> {
  const [revision] = await recordChanges(
    ctx,
    orgId,
    [{ actor: ctx.actor, at: ctx.now(), change }],
    started,
  );
  return revision;
}

/**
 * recordChange for several writes of one transaction (a batch of check-ins), each with its
 * own actor and time: one revision each, in the order given, their history entries and
 * events appended in one statement. `started`: startChange(ctx, orgId, writes.length).
 * Returns the revisions, ascending.
 */
export async function recordChanges(
  ctx: Ctx,
  orgId: string,
  writes: { actor: string; at: Date; change: Change }[],
  started?: StartedChange,
): Promise<number[]> {
  // Two round trips: the revision and the chain's head (under the organization's row
  // lock), then the history entries, the events, the new head and the announcement, with
  // the commit sent right behind them (inTx: a failure there rolls the whole write back).
  const {
    revision: last,
    auditSeq,
    auditHash,
  } = await (started ?? bumpRevision(ctx.db, orgId, writes.length));
  const first = last - writes.length + 1;
  const appended: Omit<Appended, "orgId" | "head">[] = writes.map(({ actor, at, change }, k) => {
    const revision = first + k;
    const event = (
      entity: ChangeEntity,
      entityId: string,
      op: Change["action"],
      fields: string[],
    ): ChangeEvent => ({
      orgId,
      revision,
      at: at.toISOString(),
      actor,
      entity,
      entityId,
      op,
      fields,
    });
    return {
      revision,
      audit: {
        actor,
        at,
        action: change.action,
        entity: change.entity,
        entityId: change.entityId,
        before: change.before ?? null,
        after: change.after ?? null,
      },
      events: [
        event(change.entity, change.entityId, change.action, fieldsOf(change)),
        ...(change.touches ?? []).map((t) => event(t.entity, t.entityId, "update", t.fields)),
      ],
    };
  });
  // The transaction's last statement: the commit goes right behind it (inTx).
  await sendLast(ctx.db, appendWrites(ctx.db, orgId, { seq: auditSeq, hash: auditHash }, appended));
  return appended.map((w) => w.revision);
}
