import fs from "node:fs";
import path from "node:path";
import { acquireLock, type LockHandle } from "./lock.js";
import { PGliteThread } from "./pglite-thread.js";

/**
 * The embedded database's thread started before the rest of the server's code is loaded:
 * opening PGlite (compiling its WebAssembly, starting PostgreSQL) takes its own core for
 * about half a second, and the main thread spends as long loading modules. This module
 * imports nothing heavy, so `accord serve` can call it first; openDatabase takes it over.
 */
export interface EarlyEmbedded {
  dataDir: string;
  lock: LockHandle;
  thread: PGliteThread;
}

/** The data directory PGlite uses unless told otherwise. */
export function defaultDataDir(): string {
  return path.resolve(process.env.ACCORD_DATA_DIR ?? path.join(".accord", "data"));
}

/**
 * Starts the embedded database of `dataDir` in its thread, holding its lock; null when
 * DATABASE_URL selects PostgreSQL or the directory is in memory. A directory held by
 * another process throws the lock's message, as openDatabase would.
 */
export function startEmbedded(
  role: "server" | "cli",
  dataDir = defaultDataDir(),
): EarlyEmbedded | null {
  if (process.env.DATABASE_URL || dataDir.startsWith("memory://")) return null;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lock = acquireLock(dataDir, role);
  try {
    return { dataDir, lock, thread: new PGliteThread({ dataDir }) };
  } catch (err) {
    lock.release();
    throw err;
  }
}
