/**
 * Bulk reads from a PostgreSQL server in a worker thread of their own (pg-copy-thread.ts is
 * the other end): `COPY (query) TO STDOUT` arrives as one protocol message per row, which
 * the driver cuts out and copies one by one (1.4 million small buffers for an XL
 * organization's load). Done on the main thread, that held the event loop for 70-135 ms at
 * a time; here it runs beside it, and the rows come over as one block, moved, not copied.
 *
 * Messages in: { id, query }; out: { id, ok: true, block } or { id, ok: false, error }.
 */
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

const port = parentPort;
if (!port) throw new Error("pg-copy-worker.ts runs in a worker thread");
const { url } = workerData as { url: string };

// One read at a time (a load sends three, the next is copied while this one is decoded):
// with the database on the same machine, three at once fought the server over the cores
// (XL, taken in turns: stalls of 64-128 ms against 48-72 ms, the same load time). A
// connection idle for 10 s is closed. A COPY that takes over 10 minutes (an XL organization
// takes seconds) is ended by the server, so that a stuck one does not hold up every load.
const pool = new pg.Pool({
  connectionString: url,
  max: 1,
  idleTimeoutMillis: 10_000,
  statement_timeout: 600_000,
});
// An idle connection the server ends must not stop the thread: the pool opens another.
pool.on("error", () => {});

async function read(query: string): Promise<ArrayBuffer> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const parts: Uint8Array[] = [];
    let n = 0;
    for await (const part of client.query(copyTo(`copy (${query}) to stdout`))) {
      parts.push(part as Uint8Array);
      n += (part as Uint8Array).length;
    }
    const block = new Uint8Array(n);
    for (let at = 0, k = 0; k < parts.length; k++) {
      block.set(parts[k], at);
      at += parts[k].length;
    }
    return block.buffer;
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    // A connection whose COPY broke off is not handed out again.
    client.release(broken);
  }
}

port.on("message", (m: { id: number; query: string }) => {
  read(m.query).then(
    (block) => port.postMessage({ id: m.id, ok: true, block }, [block]),
    (err: unknown) => {
      const e = err as { message?: unknown; code?: unknown };
      port.postMessage({
        id: m.id,
        ok: false,
        error: { message: String(e?.message ?? err), code: e?.code },
      });
    },
  );
});
