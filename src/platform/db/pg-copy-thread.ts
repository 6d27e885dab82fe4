import { Worker } from "node:worker_threads";
import { workerScript } from "./worker-script.js";

interface Pending {
  resolve: (b: ArrayBuffer) => void;
  reject: (e: Error) => void;
}

/** One started thread and the reads it owes (a thread that fails rejects only its own). */
interface Started {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * The main thread's end of pg-copy-worker.ts: a COPY of a query's rows from a PostgreSQL
 * server, read in the worker and handed over as one block of COPY's text format. The
 * thread starts on the first read and stays, unref'd whenever it owes nothing (it never
 * keeps the process alive when idle). A thread that fails rejects its reads and the next
 * read starts another; after `close()`, reads are refused.
 */
export class PgCopyThread {
  private current: Started | null = null;
  private next = 1;
  private closed = false;

  constructor(private readonly url: string) {}

  read(query: string): Promise<ArrayBuffer> {
    if (this.closed) return Promise.reject(new Error("the database is closed"));
    const t = this.started();
    const id = this.next++;
    return new Promise<ArrayBuffer>((resolve, reject) => {
      t.pending.set(id, { resolve, reject });
      t.worker.ref(); // while a read is under way
      t.worker.postMessage({ id, query });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const t = this.current;
    this.current = null;
    if (t) await t.worker.terminate();
  }

  private started(): Started {
    if (this.current) return this.current;
    const { script, eval: isSource } = workerScript("pg-copy-worker");
    const worker = new Worker(script, { eval: isSource, workerData: { url: this.url } });
    worker.unref();
    const t: Started = { worker, pending: new Map() };
    worker.on(
      "message",
      (m: {
        id: number;
        ok: boolean;
        block?: ArrayBuffer;
        error?: { message: string; code?: unknown };
      }) => {
        const p = t.pending.get(m.id);
        t.pending.delete(m.id);
        if (t.pending.size === 0) worker.unref();
        if (!p) return;
        if (m.ok) p.resolve(m.block!);
        else p.reject(Object.assign(new Error(m.error?.message), { code: m.error?.code }));
      },
    );
    const fail = (err: Error) => {
      if (this.current === t) this.current = null;
      for (const p of t.pending.values()) p.reject(err);
      t.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the COPY thread stopped (exit code ${code})`)));
    this.current = t;
    return t;
  }
}
