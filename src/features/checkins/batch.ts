/**
 * Check-ins that arrive together are written together (group commit). On the embedded
 * database every statement runs on one thread, one after the other: a check-in on its own
 * costs its transaction, its statement with the trend trigger, the revision bump and the
 * history entry (about 4.7 ms on the demo). While one is being written, the check-ins that
 * arrive for the same organization wait, and are then written as one batch: one
 * transaction, one statement for all of them (checkinsRepo.insertAndApplyMany), one bump
 * and one history statement (recordChanges), each check-in still with a revision, a
 * history entry and events of its own.
 *
 * Nothing waits on purpose: a check-in that finds nothing in flight is written at once, on
 * its own, by the single path. Each check-in gets its own answer: one refused (not found,
 * not allowed) does not hold the others back; a batch that fails as a whole (a database
 * error) is written again one check-in at a time, so each gets the answer it would have
 * had alone.
 */
import { randomUUID } from "node:crypto";
import { AppError } from "../../core/errors.js";
import type { AlignmentNode, Checkin } from "../../core/records.js";
import { recordChanges, startChange } from "../../platform/changes/index.js";
import { type Ctx, inTx } from "../../platform/context.js";
import type { Input } from "../../platform/schemas.js";
import { mustWriteNode } from "../accounts/index.js";
import { beginOwnWrite } from "../alignment/index.js";
import { nodesRepo } from "../goals/index.js";
import { checkinChange, newCheckin, nodeNotFound, type Written } from "./checkin-write.js";
import { checkinsRepo } from "./checkins.repo.js";
import type { CheckinCreate } from "./checkins.schemas.js";

/** At most this many check-ins in one batch. */
const MAX_BATCH = 64;

interface Pending {
  /**
   * The check-in's id, chosen once: every attempt writes it under this id, so a retry after
   * a commit whose answer was lost is refused by the key instead of writing it twice.
   */
  id: string;
  ctx: Ctx;
  orgId: string;
  nodeId: string;
  data: Input<typeof CheckinCreate>;
  resolve: (w: Written) => void;
  reject: (err: unknown) => void;
}

interface Queue {
  running: boolean;
  waiting: Pending[];
}

const queues = new WeakMap<object, Map<string, Queue>>();

/**
 * How many batches of more than one check-in were written, how many check-ins they held, and
 * how many batches the database refused as a whole (then written one at a time).
 */
const stats = { batches: 0, checkins: 0, fallbacks: 0 };
export const checkinBatchStats = (): Readonly<typeof stats> => ({ ...stats });

/**
 * Writes the check-in: at once if nothing is in flight for its organization, else in the
 * next batch. `one` writes a single check-in (checkins.ts), the path every check-in took
 * before batching, and still takes alone.
 */
export function submitCheckin(
  ctx: Ctx,
  orgId: string,
  nodeId: string,
  data: Input<typeof CheckinCreate>,
  one: (
    ctx: Ctx,
    orgId: string,
    nodeId: string,
    data: Input<typeof CheckinCreate>,
    id: string,
  ) => Promise<Written>,
): Promise<Written> {
  let byOrg = queues.get(ctx.db);
  if (!byOrg) {
    byOrg = new Map();
    queues.set(ctx.db, byOrg);
  }
  let q = byOrg.get(orgId);
  if (!q) {
    q = { running: false, waiting: [] };
    byOrg.set(orgId, q);
  }
  const queue = q;
  const done = new Promise<Written>((resolve, reject) => {
    queue.waiting.push({ id: randomUUID(), ctx, orgId, nodeId, data, resolve, reject });
  });
  if (!queue.running) void drain(queue, one, () => byOrg.delete(orgId));
  return done;
}

async function drain(
  q: Queue,
  one: Parameters<typeof submitCheckin>[4],
  idle: () => void,
): Promise<void> {
  q.running = true;
  try {
    while (q.waiting.length > 0) {
      // In arrival order, one check-in per node (a node's second waits for the next batch:
      // one statement cannot move a row twice).
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      const nodes = new Set<string>();
      for (const p of q.waiting) {
        if (batch.length < MAX_BATCH && !nodes.has(p.nodeId)) {
          nodes.add(p.nodeId);
          batch.push(p);
        } else rest.push(p);
      }
      q.waiting = rest;
      // In node order: batches of other instances on the same database (PostgreSQL) list
      // their nodes in the same order, which the update follows when its plan walks the list
      // (a deadlock PostgreSQL breaks otherwise fails the batch, which is then written one
      // check-in at a time).
      batch.sort((a, b) => (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0));
      if (batch.length === 1) {
        const p = batch[0];
        await one(p.ctx, p.orgId, p.nodeId, p.data, p.id).then(p.resolve, p.reject);
      } else {
        await writeBatch(batch, one).catch((err: unknown) => {
          for (const p of batch) p.reject(err);
        });
      }
    }
  } finally {
    q.running = false;
    if (q.waiting.length === 0) idle();
  }
}

/** Thrown inside the batch's transaction to roll it back; it is written again without the refused. */
class Again extends Error {}

async function writeBatch(all: Pending[], one: Parameters<typeof submitCheckin>[4]) {
  // The check-ins left out, with the answer each gets.
  const refused = new Map<Pending, unknown>();
  try {
    let batch = all;
    for (;;) {
      try {
        const written = await writeOnce(batch, refused);
        for (const w of written) w.pending.resolve({ checkin: w.checkin, revision: w.revision });
        return;
      } catch (err) {
        if (!(err instanceof Again)) {
          // The batch failed as a whole: each check-in on its own, for the answer it would
          // have had alone.
          stats.fallbacks++;
          for (const p of batch)
            await one(p.ctx, p.orgId, p.nodeId, p.data, p.id).then(p.resolve, p.reject);
          return;
        }
        batch = batch.filter((p) => !refused.has(p));
        if (batch.length === 0) return;
      }
    }
  } finally {
    // (A check-in already answered above keeps that answer.)
    for (const [p, error] of refused) p.reject(error);
  }
}

/**
 * One transaction for the batch: the checks that need no statement first, then the one
 * statement, the checks on the nodes as written (a refusal rolls everything back: Again),
 * then the revisions and the history. The model and the node list's pages follow after
 * the commit, in revision order.
 */
async function writeOnce(
  batch: Pending[],
  refused: Map<Pending, unknown>,
): Promise<{ pending: Pending; checkin: Checkin; revision: number }[]> {
  const { orgId } = batch[0];
  const db = batch[0].ctx.db;
  const own = batch.map(() => beginOwnWrite(db, orgId));
  let written: { pending: Pending; checkin: Checkin; node: AlignmentNode; revision: number }[];
  try {
    written = await inTx(batch[0].ctx, async (tx) => {
      const asOne = (p: Pending): Ctx => ({ ...p.ctx, db: tx.db });
      // A refusal by a check: recorded, and the batch rolled back (Again) once all are seen.
      let again = false;
      const refuse = (p: Pending, err: unknown) => {
        if (!(err instanceof AppError)) throw err;
        refused.set(p, err);
        again = true;
      };
      const rows: { pending: Pending; checkin: Checkin }[] = [];
      for (const p of batch) {
        // Its time when written, as alone: a node's check-ins are written in turn, so the
        // one written last is the newest (taken on arrival, thirty at once on one node
        // shared a millisecond and the newest was a tie).
        await newCheckin(asOne(p), orgId, p.id, p.nodeId, p.data).then(
          (checkin) => rows.push({ pending: p, checkin }),
          (err: unknown) => refuse(p, err),
        );
      }
      if (again) throw new Again();
      const applied = await checkinsRepo.insertAndApplyMany(
        tx.db,
        orgId,
        rows.map((r) => r.checkin),
      );
      const kept: { pending: Pending; checkin: Checkin; node: AlignmentNode }[] = [];
      for (const r of rows) {
        const w = applied.get(r.checkin.id);
        if (!w) {
          // No such node: nothing was written for it, the rest stands.
          refused.set(r.pending, nodeNotFound(r.pending.nodeId));
          continue;
        }
        await mustWriteNode(asOne(r.pending), orgId, w.node, "check in on this item").catch(
          (err: unknown) => refuse(r.pending, err),
        );
        kept.push({ pending: r.pending, ...w });
      }
      if (again) throw new Again();
      if (kept.length === 0) return [];
      const revisions = await recordChanges(
        tx,
        orgId,
        kept.map(({ pending, checkin }) => ({
          actor: pending.ctx.actor,
          at: pending.ctx.now(),
          change: checkinChange(checkin),
        })),
        startChange(tx, orgId, kept.length),
      );
      return kept.map((k, i) => ({ ...k, revision: revisions[i] }));
    });
  } catch (err) {
    for (const o of own) o.failed();
    throw err;
  }
  if (written.length > 0) {
    stats.batches++;
    stats.checkins += written.length;
  }
  const byPending = new Map(written.map((w) => [w.pending, w]));
  batch.forEach((p, i) => {
    const w = byPending.get(p);
    if (!w) {
      own[i].failed();
      return;
    }
    own[i].applied(w.revision, { nodes: [w.node] });
    // Pages of the node list read before show the new values (epochs.ts, NODE_VALUES_TABLE).
    nodesRepo.keepRow(db, w.node);
  });
  return written;
}
