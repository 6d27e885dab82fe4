/**
 * The embedded PGlite in a worker thread of its own (see pglite-thread.ts, the other end).
 * PGlite runs PostgreSQL compiled to WebAssembly synchronously: on the main thread every
 * statement, and the opening of the database, would stop the server from answering
 * anything else meanwhile. Here it runs beside the event loop, on another core.
 *
 * Messages in: { id, op, ... }; out: { id, ok, result } or { id, ok: false, error }, and
 * { notify: channel, payload } for LISTEN.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { joinWrittenBlobs } from "./copy-out.js";
import { pgliteOptions } from "./pglite-options.js";

type Request =
  | {
      id: number;
      op: "query";
      sql: string;
      params?: unknown[];
      tx?: number;
      /** Begin transaction `tx` (an id the caller chose) first, and run the query in it. */
      begin?: boolean;
      options?: object;
    }
  | { id: number; op: "exec"; sql: string; tx?: number; begin?: boolean }
  | { id: number; op: "commit" | "rollback"; tx: number }
  | { id: number; op: "listen"; channel: string }
  | { id: number; op: "unlisten"; channel: string }
  | { id: number; op: "dump" }
  | { id: number; op: "copy"; sql: string }
  | { id: number; op: "close" };

const port = parentPort;
if (!port) throw new Error("pglite-worker.ts runs in a worker thread");
const { dataDir, loadDataDir } = workerData as { dataDir?: string; loadDataDir?: ArrayBuffer };

const pglite = new PGlite({
  dataDir,
  loadDataDir: loadDataDir ? new Blob([loadDataDir]) : undefined,
  ...pgliteOptions(),
});
joinWrittenBlobs(pglite);

interface OpenTx {
  tx: Transaction;
  end: (commit: boolean) => void;
  done: Promise<unknown>;
}
/**
 * Transactions by the id their caller chose (pglite-thread.ts), as promises: statements sent
 * right behind the one that begins a transaction wait here until it has begun.
 */
const open = new Map<number, Promise<OpenTx>>();
const unlisten = new Map<string, () => Promise<void>>();

/** An error as plain data: its message and PostgreSQL's fields (code, constraint, detail…). */
function plain(err: unknown) {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { message: err.message, name: err.name };
  for (const [k, v] of Object.entries(err)) {
    if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
  }
  return out;
}

/** Begins transaction `id` and holds it open until commit or rollback names it. */
function begin(id: number): Promise<OpenTx> {
  let end: (commit: boolean) => void = () => {};
  const decided = new Promise<boolean>((resolve) => {
    end = resolve;
  });
  let begun: (tx: Transaction) => void = () => {};
  const started = new Promise<Transaction>((resolve) => {
    begun = resolve;
  });
  const done = pglite.transaction(async (tx) => {
    begun(tx);
    if (!(await decided)) await tx.rollback();
  });
  // A transaction that cannot begin rejects `done` before it starts.
  const entry = Promise.race([started, done.then(() => started)]).then((tx) => ({
    tx,
    end,
    done,
  }));
  entry.catch(() => open.delete(id));
  open.set(id, entry);
  return entry;
}

/** The transaction a message names (waiting for it to begin), or the database itself. */
async function on(m: { tx?: number; begin?: boolean }): Promise<Transaction | PGlite> {
  if (m.tx === undefined) return pglite;
  const entry = m.begin ? begin(m.tx) : open.get(m.tx);
  if (!entry) throw new Error("Transaction is closed");
  return (await entry).tx;
}

async function handle(m: Request): Promise<{ result: unknown; transfer?: ArrayBuffer[] }> {
  switch (m.op) {
    case "query": {
      // The transaction stays open after a failed statement (aborted): the caller rolls it
      // back by its id.
      const r = await (await on(m)).query(m.sql, m.params, m.options);
      // No `fields`: nothing reads them, and cloning them cost as much as the rows.
      return { result: { rows: r.rows, affectedRows: r.affectedRows } };
    }
    case "exec": {
      const r = await (await on(m)).exec(m.sql);
      return { result: r.map((x) => ({ rows: x.rows, affectedRows: x.affectedRows })) };
    }
    case "commit":
    case "rollback": {
      const opened = open.get(m.tx);
      if (!opened) throw new Error("Transaction is closed");
      const entry = await opened;
      entry.end(m.op === "commit");
      try {
        await entry.done;
      } finally {
        open.delete(m.tx);
      }
      return { result: null };
    }
    case "listen": {
      if (!unlisten.has(m.channel)) {
        const stop = await pglite.listen(m.channel, (payload) =>
          port?.postMessage({ notify: m.channel, payload }),
        );
        unlisten.set(m.channel, stop);
      }
      return { result: null };
    }
    case "unlisten": {
      await unlisten.get(m.channel)?.();
      unlisten.delete(m.channel);
      return { result: null };
    }
    case "copy": {
      // COPY … TO '/dev/blob' (copy-out.ts): the block goes back without a copy.
      const r = await pglite.query(m.sql);
      // No rows, nothing written: no blob.
      const buf = r.blob ? await r.blob.arrayBuffer() : new ArrayBuffer(0);
      return { result: buf, transfer: [buf] };
    }
    case "dump": {
      const file = await pglite.dumpDataDir("none");
      const buf = await file.arrayBuffer();
      return { result: buf, transfer: [buf] };
    }
    case "close": {
      await pglite.close();
      return { result: null };
    }
  }
}

port.on("message", (m: Request) => {
  handle(m).then(
    ({ result, transfer }) => port.postMessage({ id: m.id, ok: true, result }, transfer ?? []),
    (err: unknown) => port.postMessage({ id: m.id, ok: false, error: plain(err) }),
  );
});

pglite.waitReady.then(
  () => port.postMessage({ ready: true }),
  (err: unknown) => port.postMessage({ ready: false, error: plain(err) }),
);
