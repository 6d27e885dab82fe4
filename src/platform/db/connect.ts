import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { AppError } from "../../core/errors.js";
import { registerCopyOut, registerCopyOutPostgres } from "./copy-out.js";
import { defaultDataDir, type EarlyEmbedded } from "./early.js";
import { trackWrites } from "./epochs.js";
import { acquireLock, type LockHandle } from "./lock.js";
import { migrationProvider } from "./migrations/index.js";
import { DATE, INT8, NUMERIC } from "./parsers.js";
import { PgCopyThread } from "./pg-copy-thread.js";
import { pgliteOptions } from "./pglite-options.js";
import { PGliteThread } from "./pglite-thread.js";
import type { DB } from "./schema.js";

export interface Database {
  db: Kysely<DB>;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages: a directory or a redacted URL. */
  location: string;
  lock: LockHandle | null;
  /** The embedded instance, when there is one (tests dump it to clone templates). */
  pglite?: PGlite;
  /**
   * Calls `onMessage` with each NOTIFY payload on `channel` (PostgreSQL: a dedicated
   * connection that reconnects, calling `onConnect` each time so the caller can catch up on
   * what it missed). Returns a function that stops listening.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onConnect?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// One place that makes PGlite and pg agree: bigint/numeric as numbers, dates as 'YYYY-MM-DD'.
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

/** `count(*)` and friends: a number whatever the driver. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export interface OpenOptions {
  /** postgres://… selects PostgreSQL; unset selects the embedded PGlite. */
  url?: string;
  /** PGlite data directory; ignored for PostgreSQL. `memory://` keeps it in memory. */
  dataDir?: string;
  /** A tarball from PGlite's dumpDataDir to start from (tests clone a migrated template). */
  loadDataDir?: Blob;
  /**
   * Runs PGlite in a worker thread (pglite-thread.ts): the server does, so that the event
   * loop keeps answering while the database works. Ignored for PostgreSQL.
   */
  thread?: boolean;
  /** Who holds the lock on a PGlite directory, for the message another process sees. */
  role?: "server" | "cli";
  /** The embedded database already started in its thread (early.ts): it is taken over. */
  early?: EarlyEmbedded | null;
}

export { defaultDataDir };

/** A PostgreSQL URL without its credentials (for messages, and naming what is kept of it). */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}

export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const url = opts.url ?? process.env.DATABASE_URL;
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new AppError(
        "validation_failed",
        "DATABASE_URL must start with postgres:// or postgresql://",
        {
          field: "DATABASE_URL",
        },
      );
    }
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection that the server ends (restart, admin command) must not crash the
    // process: the pool drops that client and opens a new one on the next query.
    pool.on("error", () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const copier = new PgCopyThread(url);
    registerCopyOutPostgres(db, (query) => copier.read(query));
    return {
      db,
      kind: "postgres",
      location: redactedUrl(url),
      lock: null,
      listen: (channel, onMessage, onConnect) => listenOn(url, channel, onMessage, onConnect),
      close: async () => {
        await copier.close();
        await db.destroy();
      },
    };
  }

  const early = opts.early ?? null;
  const dataDir = early?.dataDir ?? opts.dataDir ?? defaultDataDir();
  const inMemory = dataDir.startsWith("memory://");
  let lock: LockHandle | null = early?.lock ?? null;
  if (!inMemory && !early) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    // PGlite allows one process per directory: a second one would corrupt it.
    lock = acquireLock(dataDir, opts.role ?? "cli");
  }
  try {
    const thread = opts.thread ?? process.env.ACCORD_PGLITE_THREAD === "1";
    const pglite = early
      ? early.thread.asPGlite()
      : thread
        ? new PGliteThread({
            dataDir: inMemory ? undefined : dataDir,
            loadDataDir: await opts.loadDataDir?.arrayBuffer(),
          }).asPGlite()
        : new PGlite({
            dataDir: inMemory ? undefined : dataDir,
            loadDataDir: opts.loadDataDir,
            ...pgliteOptions(),
          });
    await pglite.waitReady;
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
    // This process alone writes here: it knows when a cached read may be stale (epochs.ts).
    trackWrites(db, pglite);
    registerCopyOut(db, pglite);
    return {
      db,
      kind: "pglite",
      location: inMemory ? "memory" : dataDir,
      lock,
      pglite,
      listen: async (channel, onMessage, onConnect) => {
        const stop = await pglite.listen(channel, onMessage);
        onConnect?.();
        return stop;
      },
      close: async () => {
        await db.destroy();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to others). When the
 * connection drops it comes back after a second, and `onConnect` runs again.
 */
async function listenOn(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onConnect?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on("notification", (msg) => {
      if (msg.channel === channel) onMessage(msg.payload ?? "");
    });
    c.on("error", () => {
      c.end().catch(() => {});
      if (!stopped && client === c) retry = setTimeout(connect, 1000);
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(channel)}`);
      onConnect?.();
    } catch {
      c.end().catch(() => {});
      if (!stopped) retry = setTimeout(connect, 1000);
    }
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Brings the schema up to date. Safe to call on every start. */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  // Most starts find nothing to do: one read says so (Kysely's migrator takes its lock and
  // looks at the schema first, 100-150 ms on the embedded database).
  const names = Object.keys(await migrationProvider.getMigrations()).sort();
  const applied = await sql<{ name: string }>`select name from kysely_migration order by name`
    .execute(db)
    .then((r) => r.rows.map((row) => row.name))
    .catch(() => null);
  if (applied && applied.length === names.length && applied.every((n, i) => n === names[i])) {
    return [];
  }
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
