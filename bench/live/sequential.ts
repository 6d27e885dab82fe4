/**
 * Check-ins one after another, timed, in a worker thread of the benchmark's process: the
 * readers' connections (autocannon) keep the main thread's event loop busy with thousands of
 * answers a second, and a check-in timed there would be timed with the client's own waits
 * in it. Here only the check-ins share the event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type Pick, timed } from "./load.js";

export interface SequentialInput {
  url: string;
  token: string;
  /** The check-ins to send, in order (no more are sent). */
  picks: Pick[];
  /** Stop after this long once at least 5 are done… */
  seconds: number;
  /** …and in any case after this long. */
  hardLimitSeconds: number;
  timeoutSeconds: number;
}

export interface SequentialResult {
  ms: number;
  status: number;
  /** The check-in's id when answered 201 ("" if the answer could not be read). */
  id?: string;
  error?: string;
}

const input = workerData as SequentialInput;
const results: SequentialResult[] = [];
const t0 = performance.now();
for (const p of input.picks) {
  const elapsed = performance.now() - t0;
  if (results.length >= 5 && elapsed >= input.seconds * 1000) break;
  if (elapsed >= input.hardLimitSeconds * 1000) break;
  const r = await timed(input.url, input.token, p, input.timeoutSeconds);
  let id: string | undefined;
  if (r.status === 201) {
    try {
      id = (JSON.parse(r.body) as { checkin: { id: string } }).checkin.id;
    } catch {
      id = "";
    }
  }
  results.push({ ms: r.ms, status: r.status, id, error: r.error });
}
parentPort?.postMessage({ results, seconds: (performance.now() - t0) / 1000 });
