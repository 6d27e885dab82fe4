import { Worker } from "node:worker_threads";
import { workerScript } from "./worker-script.js";

/**
 * The main thread's end of pg-copy-worker.ts: a COPY of a query's rows from a PostgreSQL
 * server, read in the worker and handed over as one block of COPY's text format. The
 * thread starts on the first read and stays (unref'd: it never keeps the process alive).
 */
export class PgCopyThread {
  private worker: Worker | null = null;
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve: (b: ArrayBuffer) => void; reject: (e: Error) => void }
  >();

  constructor(private readonly url: string) {}

  read(query: string): Promise<ArrayBuffer> {
    const worker = this.started();
    const id = this.next++;
    return new Promise<ArrayBuffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // while a read is under way
      worker.postMessage({ id, query });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const { script, eval: isSource } = workerScript("pg-copy-worker");
    const worker = new Worker(script, { eval: isSource, workerData: { url: this.url } });
    worker.unref();
    worker.on(
      "message",
      (m: {
        id: number;
        ok: boolean;
        block?: ArrayBuffer;
        error?: { message: string; code?: unknown };
      }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (this.pending.size === 0) worker.unref();
        if (m.ok) p.resolve(m.block!);
        else p.reject(Object.assign(new Error(m.error?.message), { code: m.error?.code }));
      },
    );
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the COPY thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
