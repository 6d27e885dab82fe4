import { type LiveColumns, LiveModel } from "../../core/live.js";
import { runPaced } from "../../core/sliced-sort.js";
import type { NodeRecord } from "../../core/types.js";
import type { Ctx } from "../../platform/context.js";
import { logger } from "../../platform/logger.js";
import { whenQuiet } from "../../platform/quiet.js";
import {
  checkpointsOn,
  dropCheckpoint,
  quietBeforeCheckpoint,
  readCheckpoint,
  writeCheckpoint,
} from "./checkpoint.js";
import { catchUpFrom, changeMark, loadColumns } from "./live.repo.js";
import { loadSnapshot } from "./snapshot.repo.js";

/**
 * Which engine serves reads: `live` (default) keeps each organization's model resident and
 * patches it from the change feed; `reload` is the approach before it (reload the whole
 * organization and run the full pass after every write), kept as the benchmark's baseline.
 */
export const ENGINE: "live" | "reload" = process.env.ACCORD_ENGINE === "reload" ? "reload" : "live";

type Db = Ctx["db"];

/** Lets the event loop answer what waits before the next step of a long computation. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** More events than this since the model's revision: reloading is cheaper than replaying. */
const REPLAY_LIMIT = 5_000;
const MAX_RESIDENT_ORGS = 8;

interface Entry {
  /** The model once loaded; replaced whole by a reload. */
  model: LiveModel | null;
  loading: Promise<LiveModel> | null;
  /** Catch-ups run one at a time per organization, in revision order. */
  queue: Promise<unknown>;
  usedAt: number;
  /** How the model came up to date: whole loads, catch-ups from the feed, writes patched in. */
  stats: EngineStats;
  /** Writes of this process under way (beginOwnWrite), and the revision to follow after them. */
  ownWrites: number;
  followTo: number;
  /** The revision of the last checkpoint written or read (see checkpoint.ts). */
  saved: number;
  /** A checkpoint waits for a quiet moment, or is being written. */
  saving: boolean;
  /** The last revision whose checkpoint could not be written. */
  failed: number;
  /** A model read from the database is exact from this revision on (see load). */
  exactFrom: number;
}

export interface EngineStats {
  /** Whole loads from the database. */
  loads: number;
  /** Loads from a checkpoint (then brought up to date from the feed). */
  checkpointLoads: number;
  catchUps: number;
  patches: number;
  /** Checkpoints written, and those that could not be. */
  checkpointsWritten: number;
  checkpointFailures: number;
}

/** Per database handle (tests open many), per organization. */
const byDb = new WeakMap<object, Map<string, Entry>>();

/**
 * Loads (or reloads) an organization's model: revision first, so no later write is missed.
 * With `checkpoint`, a trusted checkpoint (checkpoint.ts) is used instead of the database:
 * the model is then at the checkpoint's revision, and the caller catches it up.
 */
async function load(
  db: Db,
  orgId: string,
  revision: number,
  e: Entry,
  checkpoint = false,
): Promise<LiveModel> {
  const t0 = performance.now();
  let model: LiveModel | null = null;
  let from = "database";
  if (ENGINE === "reload") {
    e.stats.loads++;
    model = LiveModel.fromSnapshot(await loadSnapshot(db, orgId));
    model.revision = revision;
  } else {
    if (checkpoint && checkpointsOn(db)) {
      const read = await readCheckpoint(db, orgId, yieldToLoop).catch((err: unknown) => {
        logger.warn({ err, orgId }, "could not read the model's checkpoint");
        return null;
      });
      if (read?.model) {
        model = read.model;
        e.saved = model.revision;
        e.stats.checkpointLoads++;
        from = "checkpoint";
        logger.info({ orgId, revision: model.revision }, "model read from its checkpoint");
      } else if (read && read.refusal !== "none") {
        logger.info({ orgId, why: read.refusal }, "model checkpoint not used");
      }
    }
    if (!model) {
      e.stats.loads++;
      const columns = await loadColumns(db, orgId);
      // The tables are read in several statements: writes meanwhile may be in what was
      // read. The model is labelled with the revision before (the catch-up replays what
      // came after), and is exact for a checkpoint once caught up past the one after.
      if (checkpointsOn(db)) e.exactFrom = (await changeMark(db, orgId, 0)).revision;
      // Built in slices, yielding between them: other requests are answered meanwhile. The
      // findings pages' lists follow, after the first answers (writes and findings reads
      // wait for them: listsReady).
      model = await LiveModel.fromColumnsBulk(columns, yieldToLoop, { now: new Date() });
      model.buildListsPaced(yieldToLoop);
      model.revision = revision;
    }
    // The default heatmap too, after the first answers (in steps; its first reader shares
    // it), then the edges' id index (in steps; the first edge write would build it at once).
    const loaded = model;
    setImmediate(() => {
      loaded
        .heatmapSliced({}, yieldToLoop)
        .then(() => runPaced(loaded.edgeIndexSteps(), yieldToLoop))
        .catch(() => {});
    });
  }
  logger.debug(
    { orgId, from, nodes: model.n, edges: model.m, ms: Math.round(performance.now() - t0) },
    "alignment model loaded",
  );
  return model;
}

/**
 * Writes the model's checkpoint once the server is quiet (no request for 5 s, at the
 * latest after 10 minutes), if it moved since the last one. Taking the model's columns is
 * one pass over its arrays (about 50 ms at XL); the file is written in steps.
 */
function checkpointLater(db: Db, orgId: string, e: Entry) {
  if (e.saving || !checkpointsOn(db) || ENGINE === "reload") return;
  e.saving = true;
  whenQuiet(
    () => {
      // Let go of meanwhile (evicted, forgotten, reloaded under a new entry): nothing to do.
      if (byDb.get(db)?.get(orgId) !== e) return;
      saveNow(db, orgId, e).finally(() => {
        e.saving = false;
        // Writes meanwhile: another checkpoint after the next quiet moment (a revision that
        // failed to be written is not tried again: only a newer one).
        if (e.model && e.model.revision > Math.max(e.saved, e.failed)) {
          checkpointLater(db, orgId, e);
        }
      });
    },
    quietBeforeCheckpoint(db),
    600_000,
  );
}

async function saveNow(db: Db, orgId: string, e: Entry): Promise<void> {
  const model = e.model;
  if (!model || model.revision <= e.saved || !checkpointsOn(db)) return;
  // Loaded while writes went on: what it holds is exact only once it has caught up past
  // the revision the database had when the load ended.
  if (model.revision < e.exactFrom) return;
  const t0 = performance.now();
  let revision = model.revision;
  try {
    // The columns in steps (at XL, 100 ms in one piece): a write meanwhile moves the
    // revision, and they are taken again (a few tries: a quiet moment, or the shutdown).
    let columns: LiveColumns | null = null;
    for (let attempt = 0; attempt < 3 && !columns; attempt++) {
      revision = model.revision;
      const taken = await runPaced(model.columnsSteps(), yieldToLoop);
      if (model.revision === revision && e.model === model) columns = taken;
    }
    if (!columns) return;
    const bytes = await writeCheckpoint(db, orgId, revision, columns, yieldToLoop);
    e.saved = Math.max(e.saved, revision);
    e.stats.checkpointsWritten++;
    logger.debug(
      { orgId, revision, bytes, ms: Math.round(performance.now() - t0) },
      "model checkpoint written",
    );
  } catch (err) {
    e.failed = Math.max(e.failed, revision);
    e.stats.checkpointFailures++;
    logger.warn({ err, orgId }, "could not write the model's checkpoint");
  }
}

/** Writes the checkpoint of every resident model that moved since its last (at shutdown). */
export async function saveCheckpoints(db: Db): Promise<void> {
  for (const [orgId, e] of byDb.get(db) ?? []) await saveNow(db, orgId, e);
}

function entryOf(db: Db, orgId: string): Entry {
  let entries = byDb.get(db);
  if (!entries) {
    entries = new Map();
    byDb.set(db, entries);
  }
  let e = entries.get(orgId);
  if (!e) {
    e = {
      model: null,
      loading: null,
      queue: Promise.resolve(),
      usedAt: Date.now(),
      stats: {
        loads: 0,
        checkpointLoads: 0,
        catchUps: 0,
        patches: 0,
        checkpointsWritten: 0,
        checkpointFailures: 0,
      },
      ownWrites: 0,
      followTo: 0,
      saved: -1,
      saving: false,
      failed: -1,
      exactFrom: 0,
    };
    entries.set(orgId, e);
    if (entries.size > MAX_RESIDENT_ORGS) {
      // Let go of the organization read longest ago.
      let oldest: [string, Entry] | null = null;
      for (const kv of entries) if (!oldest || kv[1].usedAt < oldest[1].usedAt) oldest = kv;
      if (oldest && oldest[0] !== orgId) {
        entries.delete(oldest[0]);
        // Its checkpoint, if it moved since the last (its next read then starts from it).
        void saveNow(db, oldest[0], oldest[1]);
      }
    }
  }
  e.usedAt = Date.now();
  return e;
}

/**
 * The organization's model at `revision` or later (read-your-writes: the caller reads the
 * revision from the database first, so a write it made, on any instance, is included).
 */
export async function modelAt(db: Db, orgId: string, revision: number): Promise<LiveModel> {
  const e = entryOf(db, orgId);
  // A model ahead of the revision read is fine: a catch-up (a notification) overtook the read.
  if (!e.model) {
    if (!e.loading) {
      e.loading = load(db, orgId, revision, e, true).then(
        (m) => {
          // A catch-up may have loaded a newer one meanwhile: keep the newest.
          if (!e.model || m.revision >= e.model.revision) e.model = m;
          e.loading = null;
          checkpointLater(db, orgId, e);
          return e.model;
        },
        (err) => {
          e.loading = null;
          throw err;
        },
      );
    }
    await e.loading;
  }
  if (e.model && e.model.revision >= revision) return e.model;
  const next = e.queue.then(() =>
    catchUp(db, orgId, e, revision).catch((err: unknown) => {
      // A patch that failed halfway may leave the model inconsistent: load it afresh next time.
      e.model = null;
      throw err;
    }),
  );
  e.queue = next.catch(() => {});
  await next;
  return e.model ?? modelAt(db, orgId, revision);
}

/** Brings the model up to `revision` from the change feed, or reloads it. */
async function catchUp(db: Db, orgId: string, e: Entry, revision: number) {
  if (!e.model) {
    // A failed catch-up dropped it: share a load already under way, else start one.
    const m = await (e.loading ?? load(db, orgId, revision, e));
    const current = e.model as LiveModel | null;
    if (!current || m.revision >= current.revision) e.model = m;
  }
  const model = e.model as LiveModel;
  if (model.revision >= revision) return;
  // A model just built: its lists first (nothing may write to it meanwhile); lists that
  // could not be built: loaded afresh.
  if (
    ENGINE === "reload" ||
    !(await model.listsReady.then(
      () => true,
      () => false,
    ))
  ) {
    e.model = await load(db, orgId, revision, e);
    return;
  }
  e.stats.catchUps++;
  // The events since the model's revision and the rows they touched, in one snapshot.
  const up = await catchUpFrom(db, orgId, model.revision, REPLAY_LIMIT + 1);
  const { events } = up;
  const bulk = events.some(
    (ev) =>
      ev.op === "import" ||
      ev.op === "load" ||
      (ev.entity === "unit" && ev.op === "delete") ||
      (ev.entity === "organization" && ev.op === "create"),
  );
  if (bulk || events.length > REPLAY_LIMIT || up.revision < 0) {
    e.model = await load(db, orgId, Math.max(revision, up.revision), e);
    checkpointLater(db, orgId, e);
    return;
  }
  const ids = {
    node: new Set<string>(),
    edge: new Set<string>(),
    unit: new Set<string>(),
    person: new Set<string>(),
  };
  for (const ev of events) {
    if (ev.entity === "node") ids.node.add(ev.entityId);
    else if (ev.entity === "edge") ids.edge.add(ev.entityId);
    else if (ev.entity === "unit") ids.unit.add(ev.entityId);
    else if (ev.entity === "person") ids.person.add(ev.entityId);
  }
  const { units, people, nodes, edges } = up;
  const unitNow = new Map(units.map((u) => [u.id, u]));
  for (const id of ids.unit) {
    const u = unitNow.get(id);
    if (u) model.upsertUnit(u);
    else model.removeUnit(id);
  }
  const personNow = new Map(people.map((p) => [p.id, p]));
  for (const id of ids.person) {
    const p = personNow.get(id);
    if (p) model.upsertPerson(p.id, p.primaryUnitId);
    else model.removePerson(id);
  }
  const nodeNow = new Map(nodes.map((n) => [n.id, n]));
  for (const id of ids.node) {
    const n = nodeNow.get(id);
    if (n) model.upsertNode(n);
  }
  const edgeNow = new Map(edges.map((x) => [x.id, x]));
  for (const x of edges) model.upsertEdge(x);
  for (const id of ids.edge) if (!edgeNow.has(id)) model.removeEdge(id);
  for (const id of ids.node) if (!nodeNow.has(id)) model.removeNode(id);
  // The rows are as of the snapshot's revision, which may be past the one asked for.
  model.revision = Math.max(revision, up.revision);
  checkpointLater(db, orgId, e);
}

/** A write of this process under way, announced before it begins (see `beginOwnWrite`). */
export interface OwnWrite {
  /**
   * It committed, at `revision`, and changed these nodes and nothing else the model holds:
   * a resident model one revision behind takes the rows as written instead of reading them
   * back from the change feed (a round trip to the database less for the writer, and for
   * every reader waiting on the catch-up). A model at any other revision is left to the
   * usual catch-up, which reads what it missed. Runs in the catch-up queue, so it never
   * interleaves with a catch-up under way.
   */
  applied(revision: number, patch: { nodes: readonly NodeRecord[] }): void;
  /** It failed or was rolled back: nothing to apply. */
  failed(): void;
}

/**
 * Announces a write of this process before its transaction begins. The database announces
 * the write to every instance as it commits (followChanges), often before the writer has
 * had the commit's answer: meanwhile this instance's model does not follow the
 * announcement from the feed, since the writer is about to patch it (OwnWrite.applied).
 * Announcements of other writes that arrive meanwhile are followed once it is over.
 */
export function beginOwnWrite(db: Db, orgId: string): OwnWrite {
  const e = byDb.get(db)?.get(orgId);
  if (!e || ENGINE === "reload") return { applied() {}, failed() {} };
  e.ownWrites++;
  let over = false;
  const end = () => {
    if (over) return;
    over = true;
    e.ownWrites--;
    if (e.ownWrites === 0 && e.followTo > 0) {
      const to = e.followTo;
      e.followTo = 0;
      followChange(db, orgId, to);
    }
  };
  return {
    applied(revision, patch) {
      if (over) return;
      e.queue = e.queue.then(async () => {
        const first = e.model;
        if (!first || first.revision !== revision - 1) return;
        // A model just built: its lists first (nothing may write to it meanwhile). Lists
        // that could not be built: load it afresh at the next read.
        if (
          !(await first.listsReady.then(
            () => true,
            () => false,
          ))
        ) {
          if (e.model === first) e.model = null;
          return;
        }
        const model = e.model;
        if (model !== first || model.revision !== revision - 1) return;
        try {
          for (const n of patch.nodes) model.upsertNode(n);
          model.revision = revision;
          e.stats.patches++;
          checkpointLater(db, orgId, e);
        } catch (err) {
          // Half applied: load it afresh at the next read, as a failed catch-up does.
          e.model = null;
          logger.warn({ err, orgId, revision }, "could not apply a write to the model");
        }
      });
      end();
    },
    failed: end,
  };
}

/**
 * Another instance (or this one) committed a write: bring a resident model up to it in the
 * background, so the next read finds it current. Organizations not resident are left alone
 * (their first read loads them). Reads stay correct without this: each checks the revision.
 */
export function followChange(db: Db, orgId: string, revision: number): void {
  const e = byDb.get(db)?.get(orgId);
  if (!e?.model || e.model.revision >= revision) return;
  // A write of this process is under way: its writer patches the model, then this follows.
  if (e.ownWrites > 0) {
    e.followTo = Math.max(e.followTo, revision);
    return;
  }
  // After the patches queued before it.
  e.queue.then(() => {
    if (!e.model || e.model.revision >= revision) return;
    modelAt(db, orgId, revision).catch((err: unknown) =>
      logger.warn({ err, orgId, revision }, "could not follow a change"),
    );
  });
}

/** Catches every resident model up (after a reconnect, when notifications may be lost). */
export async function followAll(db: Db, revisionOf: (orgId: string) => Promise<number>) {
  for (const [orgId, e] of byDb.get(db) ?? []) {
    if (e.model) followChange(db, orgId, await revisionOf(orgId));
  }
}

/** The revision of the resident model, or null (tests and status). */
export function residentRevision(db: Db, orgId: string): number | null {
  return byDb.get(db)?.get(orgId)?.model?.revision ?? null;
}

/** How an organization's resident model was kept up to date, or null (tests and status). */
export function engineStats(db: Db, orgId: string): EngineStats | null {
  const e = byDb.get(db)?.get(orgId);
  return e ? { ...e.stats } : null;
}

/** Forgets one organization's model (it was deleted or replaced). */
export function forgetModel(db: Db, orgId: string) {
  byDb.get(db)?.delete(orgId);
  dropCheckpoint(db, orgId);
}

/** Forgets every resident model of `db`, keeping their checkpoints: what a restart does (tests). */
export function forgetResidentModels(db: Db) {
  byDb.delete(db);
}
