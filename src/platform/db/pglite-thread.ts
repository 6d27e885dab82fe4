import { Worker } from "node:worker_threads";
import type { PGlite, Results, Transaction } from "@electric-sql/pglite";
import { workerScript } from "./worker-script.js";

/**
 * The embedded PGlite run in a worker thread (pglite-worker.ts), behind an object with the
 * part of PGlite's interface that Kysely's PGliteDialect, connect.ts and the tests use:
 * query, exec, transaction, listen, dumpDataDir, close. The server uses it (connect.ts,
 * `thread: true`): opening the database, loading an organization and every statement run
 * on another core, and the event loop keeps answering meanwhile.
 */
export class PGliteThread {
  ready = false;
  closed = false;
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private next = 1;
  private nextTx = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private failure: Error | null = null;

  constructor(opts: { dataDir?: string; loadDataDir?: ArrayBuffer }) {
    const { script, eval: isSource } = workerScript("pglite-worker");
    this.worker = new Worker(script, {
      eval: isSource,
      workerData: opts,
      transferList: opts.loadDataDir ? [opts.loadDataDir] : [],
    });
    this.waitReady = new Promise<void>((resolve, reject) => {
      const onMessage = (m: {
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: Record<string, unknown>;
        ready?: boolean;
        notify?: string;
        payload?: string;
      }) => {
        if (m.ready !== undefined) {
          if (m.ready) {
            this.ready = true;
            resolve();
          } else reject(toError(m.error ?? {}));
          return;
        }
        if (m.notify !== undefined) {
          for (const cb of this.listeners.get(m.notify) ?? []) cb(m.payload ?? "");
          return;
        }
        const p = this.pending.get(m.id ?? -1);
        if (!p) return;
        this.pending.delete(m.id ?? -1);
        if (m.ok) p.resolve(m.result);
        else p.reject(toError(m.error ?? {}));
      };
      this.worker.on("message", onMessage);
      this.worker.on("error", (err) => {
        this.failure = err;
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.worker.on("exit", (code) => {
        this.closed = true;
        const err = this.failure ?? new Error(`The database thread stopped (exit code ${code}).`);
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    });
    // Held while something waits on the worker (opening, a call); otherwise a database
    // nobody uses must not keep a finished process alive.
    this.waitReady.then(
      () => this.settled(),
      () => this.settled(),
    );
  }

  private settled() {
    if (this.pending.size === 0 && this.ready) this.worker.unref();
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("PGlite is closed"));
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (v) => {
          resolve(v as T);
          this.settled();
        },
        reject: (e) => {
          reject(e);
          this.settled();
        },
      });
      this.worker.ref();
      this.worker.postMessage({ ...message, id });
    });
  }

  query<T>(sql: string, params?: unknown[], options?: object): Promise<Results<T>> {
    return this.call({ op: "query", sql, params, options });
  }

  exec(sql: string): Promise<Results[]> {
    return this.call({ op: "exec", sql });
  }

  /**
   * A transaction whose BEGIN travels with its first statement (one round trip to the
   * worker fewer per write); one that runs no statement costs nothing.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    // The id is chosen here, so that statements can follow the first one at once, without
    // waiting for it to come back (the worker holds them until the transaction has begun).
    let txId: number | null = null;
    let closed = false;
    const check = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const run = async (message: Record<string, unknown>) => {
      check();
      if (txId === null) {
        txId = this.nextTx++;
        return this.call({ ...message, tx: txId, begin: true });
      }
      return this.call({ ...message, tx: txId });
    };
    const end = async (op: "commit" | "rollback") => {
      closed = true;
      if (txId !== null) await this.call({ op, tx: txId });
    };
    const tx = {
      query: (sql: string, params?: unknown[], options?: object) =>
        run({ op: "query", sql, params, options }),
      exec: (sql: string) => run({ op: "exec", sql }),
      rollback: async () => {
        check();
        await end("rollback");
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await callback(tx);
    } catch (err) {
      if (!closed) await end("rollback");
      throw err;
    }
    if (!closed) await end("commit");
    return result;
  }

  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.call({ op: "listen", channel });
    }
    set.add(callback);
    return async () => {
      set.delete(callback);
      if (set.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        await this.call({ op: "unlisten", channel });
      }
    };
  }

  /** `COPY (query) TO '/dev/blob'` in the worker: its data, moved here without a copy. */
  copyOut(sql: string): Promise<ArrayBuffer> {
    return this.call<ArrayBuffer>({ op: "copy", sql });
  }

  async dumpDataDir(): Promise<File> {
    const buf = await this.call<ArrayBuffer>({ op: "dump" });
    return new File([buf], "pgdata.tar");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call({ op: "close" });
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }

  /** As Kysely's PGliteDialect and connect.ts expect it. */
  asPGlite(): PGlite {
    return this as unknown as PGlite;
  }
}

/** A PostgreSQL error from the worker, with its fields (code, constraint, detail…) back on it. */
function toError(data: Record<string, unknown>): Error {
  const err = new Error(String(data.message ?? "database error"));
  for (const [k, v] of Object.entries(data)) {
    if (k !== "message" && k !== "stack") (err as unknown as Record<string, unknown>)[k] = v;
  }
  return err;
}
