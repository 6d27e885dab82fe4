import type { PGlite } from "@electric-sql/pglite";

/**
 * Write epochs: what lets a process answer a read from memory without asking the database
 * whether it changed.
 *
 * The embedded PGlite belongs to one process (connect.ts holds its data directory's lock),
 * so that process sees every write. `trackWrites` wraps the instance: each statement that
 * may write is classified by the table it writes, and that table's epoch moves on once the
 * write is committed (at once for a statement on its own, when the transaction ends for a
 * statement inside one). A value read from some tables stays true while the sum of their
 * epochs is unchanged. `cachedRead` keeps such values: the API token behind a request, a
 * role, an organization's revision. A statement it cannot classify moves every epoch on.
 *
 * The same wrapper lets reads give way to a short transaction (`writeSettled`): the database
 * has one session, so a transaction's statements queue behind whatever the event loop does
 * between them; reads that arrive meanwhile wait for its end (at most GATE_MS), which they
 * would need to see anyway, and the write is not drawn out by them.
 *
 * PostgreSQL is shared by several instances: there is no such thing, `epochsOf` answers
 * undefined and every read asks the database, as before.
 */
export class WriteEpochs {
  private all = 0;
  private readonly tables = new Map<string, number>();
  /** Values read earlier, with the epoch sum they were read at. */
  readonly cache = new Map<string, { epoch: number; value: Promise<unknown> }>();
  /** Pages of lists read earlier (larger values, so fewer of them are kept). */
  readonly pages = new Map<string, { epoch: number; value: Promise<unknown> }>();
  /**
   * Rows whose values moved without moving their table's epoch (check-ins: see
   * NODE_VALUES_TABLE), by table and id, as written: pages read earlier show them instead
   * of what they hold (`freshRows`). Dropped when the table's epoch moves.
   */
  readonly rows = new Map<string, Map<string, KeptRow>>();

  /** A number that moves on whenever any of `tables` may have changed. */
  of(tables: readonly string[]): number {
    let sum = this.all;
    for (const t of tables) sum += this.tables.get(t) ?? 0;
    return sum;
  }

  /**
   * Reads wait for a short write in progress (see `writeSettled`): the open gate, or a
   * promise resolved when the writing transaction ends or has run for GATE_MS.
   */
  private gate: { promise: Promise<void>; open: () => void } | null = null;

  /** A transaction began: later reads wait for it (GATE_MS at most). */
  closeGate(): () => void {
    let open = () => {};
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    const gate = { promise, open };
    this.gate = gate;
    const release = () => {
      if (this.gate === gate) this.gate = null;
      // The reads that waited resume after what the writer does next in this turn of the
      // event loop (its answer, the next write's first statements): resumed at once, they
      // would all run first, and each write would wait for all of them.
      setImmediate(gate.open);
    };
    setTimeout(release, GATE_MS).unref();
    return release;
  }

  /** Resolves once the short write under way is over; null when there is none. */
  writeSettled(): Promise<void> | null {
    return this.gate?.promise ?? null;
  }

  bump(written: Iterable<string> | "all") {
    if (written === "all") {
      this.all++;
      this.rows.clear();
      return;
    }
    for (const t of written) {
      this.tables.set(t, (this.tables.get(t) ?? 0) + 1);
      this.rows.delete(t);
    }
  }
}

/**
 * Moving an organization's revision on (changes.repo.ts `bumpRevision`, every write) counts
 * as a write of its own pseudo-table: it changes nothing else an organization row holds, and
 * caches of names and slugs would otherwise be dropped by every check-in.
 */
export const REVISION_TABLE = "organizations.revision";

/**
 * A check-in's statement (checkins.repo.ts `insertAndApply`) moves its node's current value,
 * confidence, freshness and version: nothing a list of nodes filters or sorts by. It counts
 * as a write of this pseudo-table, not of `nodes`, so pages of nodes read earlier are kept;
 * the check-in hands its node's new row to `keepRow`, and the pages show that instead.
 */
export const NODE_VALUES_TABLE = "nodes.values";
const CHECKIN_APPLY = /^with applied as \(update "nodes" set "current" = /;

/** A row as a repository maps it: its id and optimistic version are all `freshRows` reads. */
export interface KeptRow {
  id: string;
  version: number;
}
/** Rows kept per table at most; beyond, the table's pages are read again. */
const KEPT_ROWS_LIMIT = 10_000;
const REVISION_BUMP = /^update "organizations" set "revision" = revision \+ \d+ where "id" = \$1/;

/** What an organization's revision is read from, and its key in the cache (orgs.repo.ts). */
export const REVISION_TABLES = ["organizations", REVISION_TABLE] as const;
export const revisionKey = (orgId: string) => `revision:${orgId}`;

const READ_ONLY =
  /^(select|begin|commit|rollback|savepoint|release|show|set|listen|unlisten|analyze|explain|vacuum)\b/;
const DML = /^(?:insert\s+into|update|delete\s+from)\s+"?([a-z_][a-z0-9_]*)"?/;
const DML_ANYWHERE =
  /\b(?:insert\s+into|update|delete\s+from)\s+"?([a-z_][a-z0-9_]*)"?(\s+set\s+"?audit_seq\b)?/g;

/** The tables a statement may write: none, some, or (unknown) all of them. */
export function tablesWritten(sqlText: string): string[] | "all" {
  const s = sqlText.trimStart().toLowerCase();
  if (REVISION_BUMP.test(s)) return [REVISION_TABLE];
  if (CHECKIN_APPLY.test(s)) return [NODE_VALUES_TABLE, "checkins"];
  if (READ_ONLY.test(s)) return [];
  const dml = DML.exec(s);
  if (dml) return [dml[1]];
  if (s.startsWith("with")) {
    // Data-modifying CTEs (`with appended as (insert into "changes" …) select …`).
    if (/\btruncate\b/.test(s)) return "all";
    // Moving the history chain's head on (changes.repo.ts `appendWrite`) goes with the
    // revision: it changes nothing else an organization row holds.
    return [...s.matchAll(DML_ANYWHERE)].map((m) =>
      m[1] === "organizations" && m[2] ? REVISION_TABLE : m[1],
    );
  }
  return "all";
}

const byDb = new WeakMap<object, WriteEpochs>();

/** The epochs of a database handle this process owns alone, or undefined (PostgreSQL, a transaction). */
export const epochsOf = (db: object): WriteEpochs | undefined => byDb.get(db);

type Written = Set<string> | "all";
const add = (acc: Written, w: string[] | "all"): Written => {
  if (acc === "all" || w === "all") return "all";
  for (const t of w) acc.add(t);
  return acc;
};

/** Wraps a PGlite instance so that `db` (its Kysely handle) gets write epochs. */
export function trackWrites(db: object, pglite: PGlite): WriteEpochs {
  const epochs = new WriteEpochs();
  const query = pglite.query.bind(pglite);
  const exec = pglite.exec.bind(pglite);
  const transaction = pglite.transaction.bind(pglite);
  pglite.query = (async (text: string, params?: unknown[], options?: unknown) => {
    const written = tablesWritten(text);
    try {
      return await query(text, params as never, options as never);
    } finally {
      if (written === "all" || written.length > 0) epochs.bump(written);
    }
  }) as PGlite["query"];
  pglite.exec = (async (text: string, options?: unknown) => {
    try {
      return await exec(text, options as never);
    } finally {
      epochs.bump("all");
    }
  }) as PGlite["exec"];
  pglite.transaction = (async (callback: Parameters<PGlite["transaction"]>[0]) => {
    let written: Written = new Set();
    // The revision this transaction moved an organization to, known once it commits.
    let bumped: { orgId: string; revision: number } | null = null;
    // Reads arriving from now on wait for this transaction (GATE_MS at most).
    const release = epochs.closeGate();
    const wrote = (w: string[] | "all") => {
      written = add(written, w);
    };
    let committed = false;
    // A statement that failed makes the database roll the transaction back at its commit
    // (a statement sent with the commit right behind it, context.ts `sendLast`).
    let failed = false;
    try {
      const result = await transaction((tx) => {
        const txQuery = tx.query.bind(tx);
        const txExec = tx.exec.bind(tx);
        tx.query = (async (text: string, params?: unknown[], options?: unknown) => {
          const w = tablesWritten(text);
          wrote(w);
          const result = await txQuery(text, params as never, options as never).catch(
            (err: unknown) => {
              failed = true;
              throw err;
            },
          );
          if (w !== "all" && w[0] === REVISION_TABLE && REVISION_BUMP.test(text.trimStart())) {
            const revision = Number(
              (result.rows[0] as { revision?: unknown } | undefined)?.revision,
            );
            if (Number.isFinite(revision)) bumped = { orgId: String(params?.[0]), revision };
          }
          return result;
        }) as typeof tx.query;
        tx.exec = (async (text: string, options?: unknown) => {
          wrote("all");
          return txExec(text, options as never).catch((err: unknown) => {
            failed = true;
            throw err;
          });
        }) as typeof tx.exec;
        return callback(tx);
      });
      committed = true;
      return result;
    } finally {
      release();
      // Committed or rolled back: either way what was read during it may be stale now.
      const w = written as Written; // assigned in the callbacks above
      if (w === "all" || w.size > 0) epochs.bump(w);
      // A committed write's revision is known without asking (this process alone writes).
      const b = bumped as { orgId: string; revision: number } | null;
      if (committed && !failed && b) {
        epochs.cache.set(revisionKey(b.orgId), {
          epoch: epochs.of(REVISION_TABLES),
          value: Promise.resolve(b.revision),
        });
      }
    }
  }) as PGlite["transaction"];
  byDb.set(db, epochs);
  return epochs;
}

const CACHE_LIMIT = 20_000;
/** Pages of lists kept at most (50 rows each by default: a few tens of MB at worst). */
const PAGE_LIMIT = 1_000;
/** How long a read waits at most for a write in progress (a long import is not waited for). */
const GATE_MS = 50;

/**
 * `load()`, or the value it gave earlier while none of `tables` has been written since (on
 * a database this process owns alone; elsewhere always `load()`). Concurrent callers share
 * one load. The value is shared: callers must not change it.
 */
export function cachedRead<T>(
  db: object,
  key: string,
  tables: readonly string[],
  load: () => Promise<T>,
  kind: "value" | "page" = "value",
): Promise<T> {
  const epochs = byDb.get(db);
  if (!epochs) return load();
  const cache = kind === "page" ? epochs.pages : epochs.cache;
  const epoch = epochs.of(tables);
  const hit = cache.get(key);
  if (hit && hit.epoch === epoch) return hit.value as Promise<T>;
  // The epoch is taken before the read: a write committed while it runs makes it stale.
  const value = load();
  if (cache.size >= (kind === "page" ? PAGE_LIMIT : CACHE_LIMIT)) cache.clear();
  cache.set(key, { epoch, value });
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}

/**
 * After a committed write of `table` that did not move its epoch (NODE_VALUES_TABLE): the
 * row as written, for pages of the table read earlier to show (`freshRows`).
 */
export function keepRow(db: object, table: string, row: KeptRow): void {
  const epochs = byDb.get(db);
  if (!epochs) return;
  let kept = epochs.rows.get(table);
  if (!kept) {
    kept = new Map();
    epochs.rows.set(table, kept);
  }
  const had = kept.get(row.id);
  if (!had || had.version < row.version) kept.set(row.id, row);
  if (kept.size > KEPT_ROWS_LIMIT) epochs.bump([table]);
}

/**
 * `items` with each row kept by `keepRow` since in its place, where the kept one is newer
 * (a higher version): a page read before a check-in shows the check-in. The same array when
 * nothing changed.
 */
export function freshRows<T>(db: object, table: string, items: T[]): T[] {
  const kept = byDb.get(db)?.rows.get(table);
  if (!kept || kept.size === 0) return items;
  let out: T[] | null = null;
  items.forEach((item, i) => {
    const row = item as unknown as KeptRow;
    const newer = kept.get(row.id);
    if (!newer || newer.version <= row.version) return;
    out ??= items.slice();
    out[i] = newer as unknown as T;
  });
  return out ?? items;
}
