/**
 * Load against the server under test: autocannon connections (keep-alive, one request at a
 * time per connection) whose every request is chosen by a function, with each response's
 * latency recorded by kind (health, findings, check-in…), and the ids of the check-ins the
 * server acknowledged (201) kept for the check afterwards.
 */
import autocannon from "autocannon";

/** One request to send. `kind` groups latencies; "checkin" marks a write. */
export interface Pick {
  kind: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  /** The body's type: JSON unless given. */
  contentType?: string;
}

export interface Latencies {
  /** ms, unsorted. */
  times: number[];
  statuses: Map<number, number>;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  /** Answered requests per second. */
  rps: number;
  all: Latencies;
  byKind: Map<string, Latencies>;
  /** Answers other than 2xx. */
  non2xx: number;
  /** Connection errors and timeouts (no answer). */
  errors: number;
  timeouts: number;
  /** Ids of check-ins answered 201. */
  accepted: string[];
}

export function percentile(times: number[], p: number): number {
  if (times.length === 0) return Number.NaN;
  const sorted = Float64Array.from(times).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const latencies = (): Latencies => ({ times: [], statuses: new Map() });

function record(l: Latencies, ms: number, status: number) {
  l.times.push(ms);
  l.statuses.set(status, (l.statuses.get(status) ?? 0) + 1);
}

interface Context {
  kind?: string;
  t0?: number;
}

/**
 * Runs `connections` connections for `seconds` (or until `stop()`), each sending the request
 * `pick()` chooses next. Resolves with what was measured.
 */
export function load(opts: {
  url: string;
  token: string;
  connections: number;
  seconds: number;
  timeoutSeconds: number;
  pick: () => Pick;
}): { done: Promise<LoadResult>; stop: () => void } {
  const all = latencies();
  const byKind = new Map<string, Latencies>();
  const accepted: string[] = [];
  const headers = { authorization: `Bearer ${opts.token}` };
  const started = performance.now();
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: opts.timeoutSeconds,
    headers,
    requests: [
      {
        // Called just before the request is written (autocannon builds each request when the
        // connection's previous answer has arrived): the latency's start.
        setupRequest: (req, context) => {
          const p = opts.pick();
          const ctx = context as Context;
          ctx.kind = p.kind;
          ctx.t0 = performance.now();
          // A new headers object each time: autocannon writes Content-Length into it, and a
          // shared one would give the next GET the last POST's length (and a 400).
          const own: Record<string, string> = { authorization: headers.authorization };
          if (p.body) own["content-type"] = "application/json";
          return { ...req, method: p.method, path: p.path, body: p.body ?? "", headers: own };
        },
        onResponse: (status, body, context) => {
          const ctx = context as Context;
          if (ctx.t0 === undefined || ctx.kind === undefined) return;
          const ms = performance.now() - ctx.t0;
          record(all, ms, status);
          const k = byKind.get(ctx.kind) ?? latencies();
          byKind.set(ctx.kind, k);
          record(k, ms, status);
          if (ctx.kind === "checkin" && status === 201) {
            try {
              accepted.push((JSON.parse(body) as { checkin: { id: string } }).checkin.id);
            } catch {
              // Counted as accepted but unidentifiable: the check afterwards will say so.
              accepted.push("");
            }
          }
          ctx.t0 = undefined;
        },
      },
    ],
  });
  const done = Promise.resolve(instance).then((r) => {
    const seconds = (performance.now() - started) / 1000;
    let non2xx = 0;
    for (const [status, n] of all.statuses) if (status < 200 || status > 299) non2xx += n;
    return {
      seconds,
      requests: all.times.length,
      rps: all.times.length / seconds,
      all,
      byKind,
      non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      accepted,
    };
  });
  return { done, stop: () => instance.stop() };
}

/** A timed request with fetch: ms and status (0 when it failed or timed out). */
export async function timed(
  url: string,
  token: string,
  p: Pick,
  timeoutSeconds: number,
): Promise<{ ms: number; status: number; body: string; error?: string }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url + p.path, {
      method: p.method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": p.contentType ?? "application/json",
      },
      body: p.body,
      signal: AbortSignal.timeout(Math.ceil(timeoutSeconds * 1000)),
    });
    const body = await res.text();
    return { ms: performance.now() - t0, status: res.status, body };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const error = cause?.code ?? cause?.message ?? (err as Error).message;
    return { ms: performance.now() - t0, status: 0, body: "", error };
  }
}
