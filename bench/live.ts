/**
 * `npm run bench:live -- [--sizes demo,S,M,L] [--xl] [--engines live,reload] [--duration 60]`
 *
 * The live table: Accord measured through HTTP on loopback, against a server this script
 * starts. For each size it prepares a database once (the demo organization or the synthetic
 * enterprise, ANALYZEd, an admin with a write API token), then for each engine (the server's
 * ACCORD_ENGINE: `live`, or `reload`, today's approach) starts `accord serve` on a copy of
 * it and measures: cold load (spawn → first answer of the health route); read latency of
 * health, findings, heatmap and cascades; check-in latency while 20 connections read; the
 * mixed 80/20 load over --duration seconds with 30 connections; the event loop's longest
 * stall and the resident memory (GET /api/status); with --import-rows N, a goals file of N
 * rows checked (a dry run) while 5 connections read health; and, after the server has
 * stopped, whether every acknowledged check-in is in the database. Progress goes to stderr,
 * the tables to stdout. See bench/README.md, "Live table".
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { checkWrites, type Goal, type LiveSize, type Prepared, prepare } from "./live/database.js";
import {
  type Latencies,
  type LoadResult,
  load,
  type Pick,
  percentile,
  timed,
} from "./live/load.js";
import type { SequentialInput, SequentialResult } from "./live/sequential.js";
import { type RunningServer, serverCommand, startServer } from "./live/server.js";
import { formatTable } from "./table.js";

/** Check-ins sent, not timed, before the check-in phase. */
const WARMUP_CHECKINS = 20;
const ALL_SIZES: LiveSize[] = ["demo", "S", "M", "L", "XL"];
const ENGINES = ["live", "reload"] as const;
type Engine = (typeof ENGINES)[number];

interface Options {
  sizes: LiveSize[];
  engines: Engine[];
  /** Mixed load, s. */
  duration: number;
  /** Per read endpoint, s. */
  readSeconds: number;
  /** Check-in phase: at most this long (s) … */
  checkinSeconds: number;
  /** … or this many check-ins, whichever comes first (at least 5 in any case). */
  checkins: number;
  /** Per request, s. */
  timeout: number;
  /** The baseline stops after its cold load when that took longer (s). */
  baselineMaxCold: number;
  /** Rows of the goals file whose dry run is checked while readers read (0: no such phase). */
  importRows: number;
}

class UsageError extends Error {}

const USAGE =
  "npm run bench:live -- [--sizes demo,S,M,L] [--xl] [--engines live,reload] [--duration 60]\n" +
  "  [--read-seconds 5] [--checkin-seconds 20] [--checkins 200] [--timeout 60] [--baseline-max-cold 60]\n" +
  "  [--import-rows 1000000]";

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    sizes: ["demo", "S", "M", "L"],
    engines: [...ENGINES],
    duration: 60,
    readSeconds: 5,
    checkinSeconds: 20,
    checkins: 200,
    timeout: 60,
    baselineMaxCold: 60,
    importRows: 0,
  };
  let xl = false;
  const positive = (arg: string, v: string) => {
    const n = Number(v);
    if (!(n > 0)) throw new UsageError(`${arg} must be a positive number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--sizes") {
      opts.sizes = value()
        .split(",")
        .map((s) => {
          const t = s.trim();
          const size = ALL_SIZES.find((x) => x.toLowerCase() === t.toLowerCase());
          if (!size)
            throw new UsageError(`--sizes: unknown size ${t} (use ${ALL_SIZES.join(", ")})`);
          return size;
        });
    } else if (arg === "--xl") xl = true;
    else if (arg === "--engines") {
      opts.engines = value()
        .split(",")
        .map((s) => {
          const e = s.trim().toLowerCase();
          if (!(ENGINES as readonly string[]).includes(e)) {
            throw new UsageError(`--engines: unknown engine ${e} (use ${ENGINES.join(", ")})`);
          }
          return e as Engine;
        });
    } else if (arg === "--duration") opts.duration = positive(arg, value());
    else if (arg === "--read-seconds") opts.readSeconds = positive(arg, value());
    else if (arg === "--checkin-seconds") opts.checkinSeconds = positive(arg, value());
    else if (arg === "--checkins") opts.checkins = Math.ceil(positive(arg, value()));
    else if (arg === "--timeout") opts.timeout = positive(arg, value());
    else if (arg === "--baseline-max-cold") opts.baselineMaxCold = positive(arg, value());
    else if (arg === "--import-rows") opts.importRows = Math.floor(positive(arg, value()));
    else if (arg === "--help" || arg === "-h") {
      console.error(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown argument ${arg} (try --help)`);
  }
  if (xl && !opts.sizes.includes("XL")) opts.sizes.push("XL");
  return opts;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Status {
  eventLoop: { maxStallMs: number; p99Ms: number; meanMs: number };
  rssMb: number;
}

interface Phase {
  name: string;
  kind?: string;
  requests: number;
  rps?: number;
  p50: number;
  p99: number;
  failed: number;
  /** What failed: "500×3, timeouts×1". */
  why?: string;
  maxStallMs?: number;
}

/**
 * A large goals file checked (a dry run) while 5 connections read the organization's health
 * and status is polled every 50 ms: how long the check takes, how the readers fare, the
 * event loop's longest stall and the largest resident memory meanwhile.
 */
async function importCheckPhase(
  s: RunningServer,
  p: Prepared,
  req: ReturnType<typeof requests>,
  opts: Options,
  tag: string,
): Promise<Phase> {
  const n = opts.importRows;
  const lines = ["key,kind,title,parent,owner_person,target,baseline,direction"];
  for (let i = 1; i <= n; i++) {
    lines.push(
      i <= 1000
        ? `o${i},objective,Objective ${i} of the import,,,,,`
        : `k${i},key_result,Key result ${i} of the import for the year,o${1 + (i % 1000)},,${100 + (i % 50)},0,increase`,
    );
  }
  const csv = lines.join("\n");
  lines.length = 0;
  log(
    `${tag} import check: ${n.toLocaleString("en")} rows (${(csv.length / 1e6).toFixed(0)} MB), a dry run, while 5 connections read health …`,
  );
  await getStatus(s, true);
  const readers = load({
    url: s.url,
    token: p.token,
    connections: 5,
    seconds: 3600,
    timeoutSeconds: opts.timeout,
    pick: req.health,
  });
  let polling = true;
  let rssMax = 0;
  const statusTimes: number[] = [];
  const poller = (async () => {
    while (polling) {
      const t0 = performance.now();
      const st = await getStatus(s, false);
      statusTimes.push(performance.now() - t0);
      if (st) rssMax = Math.max(rssMax, st.rssMb);
      await sleep(50);
    }
  })();
  const t0 = performance.now();
  const res = await timed(
    s.url,
    p.token,
    {
      kind: "import",
      method: "POST",
      path: `/api/orgs/${p.orgId}/import/goals?dryRun=true`,
      body: csv,
      contentType: "text/csv",
    },
    600,
  );
  const seconds = (performance.now() - t0) / 1000;
  polling = false;
  await poller;
  readers.stop();
  const r = await readers.done;
  const st = await getStatus(s, true);
  if (st) rssMax = Math.max(rssMax, st.rssMb);
  let report: { rows?: number; issues?: unknown[]; created?: { nodes?: number } } = {};
  try {
    report = JSON.parse(res.body);
  } catch {}
  const ok =
    res.status === 200 &&
    report.rows === n &&
    report.issues?.length === 0 &&
    report.created?.nodes === n;
  log(
    `${tag} import check: ${res.status} in ${seconds.toFixed(1)} s (${ok ? "every row checked, no issues" : `UNEXPECTED: ${res.body.slice(0, 300)}`}); ` +
      `readers ${r.requests} answers, p50 ${percentile(r.all.times, 50).toFixed(1)} ms, p99 ${percentile(r.all.times, 99).toFixed(1)} ms, max ${Math.max(...r.all.times).toFixed(0)} ms; ` +
      `status max ${Math.max(...statusTimes).toFixed(0)} ms; longest stall ${st?.eventLoop.maxStallMs ?? "?"} ms; largest RSS ${rssMax} MB`,
  );
  return {
    name: "import check",
    kind: `${(n / 1e6).toLocaleString("en")}M rows ${seconds.toFixed(0)} s, RSS ${rssMax} MB`,
    requests: r.requests,
    rps: r.rps,
    p50: percentile(r.all.times, 50),
    p99: percentile(r.all.times, 99),
    ...failures(r.all, r.errors, r.timeouts),
    failed: failures(r.all, r.errors, r.timeouts).failed + (ok ? 0 : 1),
    maxStallMs: st?.eventLoop.maxStallMs,
  };
}

/** Answers other than 2xx, by status, plus connection errors and timeouts. */
function failures(l: Latencies, errors = 0, timeouts = 0): { failed: number; why?: string } {
  const parts: string[] = [];
  let failed = 0;
  for (const [status, n] of [...l.statuses].sort(([a], [b]) => a - b)) {
    if (status >= 200 && status <= 299) continue;
    failed += n;
    parts.push(`${status || "no answer"}×${n}`);
  }
  if (errors - timeouts > 0) parts.push(`connection errors×${errors - timeouts}`);
  if (timeouts > 0) parts.push(`timeouts×${timeouts}`);
  return { failed: failed + errors, why: parts.join(", ") || undefined };
}

interface Row {
  size: LiveSize;
  engine: Engine;
  nodes: number;
  coldS?: number;
  /** Start to first health answer from the model's checkpoint (live engine). */
  restartS?: number;
  checkin?: { p50: number; p99: number; n: number };
  reads?: { p50: number; p99: number };
  mixed?: LoadResult;
  writes?: { accepted: number; found: number; unacknowledged: number };
  maxStallMs?: number;
  rssMb?: number;
  phases: Phase[];
  /** Why the row stops early ("skipped (…)", "failed: …"). */
  note?: string;
}

/** Requests the benchmark sends: reads of an organization, and check-ins on its goals. */
function requests(p: Prepared) {
  const org = `/api/orgs/${p.orgId}`;
  const any = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const checkin = (): Pick => {
    const g: Goal = any(p.goals);
    const from = g.baseline ?? 0;
    const value = Math.round((from + Math.random() * (g.target - from)) * 100) / 100;
    return {
      kind: "checkin",
      method: "POST",
      path: `${org}/nodes/${g.id}/checkins`,
      body: JSON.stringify({
        value,
        confidence: Math.round(Math.random() * 100) / 100,
        note: "live benchmark",
      }),
    };
  };
  const list = (): Pick => {
    const [what, n] = any([
      ["nodes", p.counts.nodes],
      ["units", p.counts.units],
      ["people", p.counts.people],
    ] as const);
    const offset = Math.floor(Math.random() * Math.max(0, Math.min(n - 50, 1000)));
    return { kind: "list", method: "GET", path: `${org}/${what}?limit=50&offset=${offset}` };
  };
  const reads: Record<string, () => Pick> = {
    health: () => ({ kind: "health", method: "GET", path: `${org}/health` }),
    findings: () => ({ kind: "findings", method: "GET", path: `${org}/findings` }),
    heatmap: () => ({ kind: "heatmap", method: "GET", path: `${org}/heatmap` }),
    cascade: () => ({
      kind: "cascade",
      method: "GET",
      path: `${org}/units/${any(p.units)}/cascade`,
    }),
  };
  /** 20% check-ins; 80% reads: health 16%, findings, heatmap, cascades 12% each, lists 8%… */
  const mixed = (): Pick => {
    const r = Math.random();
    if (r < 0.2) return checkin();
    if (r < 0.36) return reads.health();
    if (r < 0.48) return reads.findings();
    if (r < 0.6) return reads.heatmap();
    if (r < 0.72) return reads.cascade();
    return list();
  };
  return { checkin, reads, mixed, health: reads.health };
}

/** Runs the timed check-ins in a worker thread (live/sequential.ts). */
function sequentialCheckins(
  input: SequentialInput,
): Promise<{ results: SequentialResult[]; seconds: number }> {
  return new Promise((resolve, reject) => {
    // The benchmark runs under tsx: the thread registers it before loading TypeScript.
    const file = new URL("./live/sequential.ts", import.meta.url).href;
    const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: input });
    worker.once("message", (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the check-in thread stopped (exit code ${code})`));
    });
  });
}

async function getStatus(server: RunningServer, reset: boolean): Promise<Status | null> {
  try {
    const res = await fetch(`${server.url}/api/status${reset ? "?reset=1" : ""}`, {
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await res.json()) as Partial<Status>;
    return body.eventLoop ? (body as Status) : null;
  } catch {
    return null;
  }
}

/**
 * Spawn → first successful answer of the health route, in ms. The server's event-loop
 * figures start again once it listens (its first status answer), so the cold load's stall
 * is the longest while it loads, not while the process starts (loading its code, before
 * anything could be answered).
 */
async function coldLoad(
  server: RunningServer,
  started: number,
  token: string,
  health: Pick,
  limitS: number,
): Promise<number> {
  const deadline = started + limitS * 1000;
  while (!(await getStatus(server, true))) {
    const exit = server.exited();
    if (exit) {
      throw new Error(
        `the server exited (${exit.signal ?? `code ${exit.code}`}) before answering:\n${server.tail()}`,
      );
    }
    if (performance.now() >= deadline) throw new Error(`no answer within ${limitS} s`);
    await sleep(20);
  }
  for (;;) {
    const exit = server.exited();
    if (exit) {
      throw new Error(
        `the server exited (${exit.signal ?? `code ${exit.code}`}) before answering:\n${server.tail()}`,
      );
    }
    const left = (deadline - performance.now()) / 1000;
    if (left <= 0) throw new Error(`no answer within ${limitS} s`);
    const r = await timed(server.url, token, health, left);
    if (r.status === 200) return performance.now() - started;
    if (r.status !== 0) throw new Error(`health answered ${r.status}: ${r.body.slice(0, 300)}`);
    // Refused until the server listens; anything else (a timeout…) ends the wait.
    if (r.error !== "ECONNREFUSED") throw new Error(`health failed: ${r.error}`);
    await sleep(50);
  }
}

async function runEngine(p: Prepared, engine: Engine, opts: Options, dir: string): Promise<Row> {
  const tag = `[${p.size} ${engine}]`;
  const row: Row = { size: p.size, engine, nodes: p.counts.nodes, phases: [] };
  const req = requests(p);
  const run = await p.copy(engine);
  const acknowledged: string[] = [];
  const stalls: number[] = [];
  const rss: number[] = [];
  let server: RunningServer | null = null;
  // Where the server keeps its model checkpoints: empty for the cold load, read by the restart.
  const modelDir = path.join(dir, `models-${p.size}-${engine}`);
  /** The server's figures since the last phase (and a reset); the cold load's stall apart. */
  const phaseStatus = async (s: RunningServer, cold = false) => {
    const st = await getStatus(s, true);
    if (st) {
      if (!cold) stalls.push(st.eventLoop.maxStallMs);
      rss.push(st.rssMb);
    }
    return st;
  };
  try {
    const started = performance.now();
    server = await startServer({
      env: { ...run.env, ACCORD_ENGINE: engine, ACCORD_MODEL_DIR: modelDir },
      logFile: path.join(dir, `server-${p.size}-${engine}.log`),
    });
    const s = server;
    log(`${tag} server starting on ${s.url} (log ${s.logFile}) …`);
    const coldLimit = engine === "reload" ? Math.max(opts.baselineMaxCold * 5, 300) : 900;
    const coldMs = await coldLoad(s, started, p.token, req.health(), coldLimit);
    row.coldS = coldMs / 1000;
    const cold = await phaseStatus(s, true);
    log(
      `${tag} cold load ${row.coldS.toFixed(1)} s (longest stall ${cold?.eventLoop.maxStallMs ?? "?"} ms, rss ${cold?.rssMb ?? "?"} MB)`,
    );
    row.phases.push({
      name: "cold load",
      requests: 1,
      p50: coldMs,
      p99: coldMs,
      failed: 0,
      maxStallMs: cold?.eventLoop.maxStallMs,
    });
    if (engine === "reload" && row.coldS > opts.baselineMaxCold) {
      row.note = `skipped (cold load > ${opts.baselineMaxCold} s)`;
      log(`${tag} ${row.note}`);
      return row;
    }

    // Reads, one endpoint at a time, one connection: the latency of each.
    const readP50: number[] = [];
    const readP99: number[] = [];
    for (const [name, pick] of Object.entries(req.reads)) {
      const r = await load({
        url: s.url,
        token: p.token,
        connections: 1,
        seconds: opts.readSeconds,
        timeoutSeconds: opts.timeout,
        pick,
      }).done;
      const st = await phaseStatus(s);
      const phase: Phase = {
        name: "read",
        kind: name,
        requests: r.requests,
        rps: r.rps,
        p50: percentile(r.all.times, 50),
        p99: percentile(r.all.times, 99),
        ...failures(r.all, r.errors, r.timeouts),
        maxStallMs: st?.eventLoop.maxStallMs,
      };
      row.phases.push(phase);
      readP50.push(phase.p50);
      readP99.push(phase.p99);
      log(
        `${tag} read ${name}: ${r.requests} requests, p50 ${phase.p50.toFixed(1)} ms, p99 ${phase.p99.toFixed(1)} ms, ${phase.failed} failed`,
      );
    }
    // The worst endpoint's figures.
    row.reads = { p50: Math.max(...readP50), p99: Math.max(...readP99) };

    // Warm-up: the first check-ins of a process pay for compiling the write path (30-80 ms
    // each at first); 20 of them, not timed (their acknowledgements are checked like all).
    /** A check-in answered 201 is acknowledged: its id must be in the database afterwards. */
    const acknowledge = (r: { status: number; body: string }) => {
      if (r.status !== 201) return;
      try {
        acknowledged.push((JSON.parse(r.body) as { checkin: { id: string } }).checkin.id);
      } catch {
        acknowledged.push("");
      }
    };
    for (let i = 0; i < WARMUP_CHECKINS; i++) {
      const r = await timed(s.url, p.token, req.checkin(), opts.timeout);
      acknowledge(r);
    }
    // Check-ins one after another while 20 connections read health and findings.
    const readers = load({
      url: s.url,
      token: p.token,
      connections: 20,
      seconds: 24 * 3600,
      timeoutSeconds: opts.timeout,
      pick: () => (Math.random() < 0.5 ? req.reads.health() : req.reads.findings()),
    });
    // Timed in a worker thread of its own: this thread's event loop is busy with the
    // readers' answers (sequential.ts).
    const seq = await sequentialCheckins({
      url: s.url,
      token: p.token,
      picks: Array.from({ length: Math.max(opts.checkins, 5) }, () => req.checkin()),
      seconds: opts.checkinSeconds,
      hardLimitSeconds: Math.max(opts.checkinSeconds * 6, 120),
      timeoutSeconds: opts.timeout,
    });
    const times = seq.results.map((r) => r.ms);
    const sequential: Latencies = { times, statuses: new Map() };
    for (const r of seq.results) {
      sequential.statuses.set(r.status, (sequential.statuses.get(r.status) ?? 0) + 1);
      if (r.id !== undefined) acknowledged.push(r.id);
    }
    const { failed, why } = failures(sequential);
    readers.stop();
    const during = await readers.done;
    for (const id of during.accepted) acknowledged.push(id);
    const st = await phaseStatus(s);
    row.checkin = { p50: percentile(times, 50), p99: percentile(times, 99), n: times.length };
    row.phases.push(
      {
        name: "check-in",
        kind: "checkin",
        requests: times.length,
        rps: times.length / seq.seconds,
        p50: row.checkin.p50,
        p99: row.checkin.p99,
        failed,
        why,
        maxStallMs: st?.eventLoop.maxStallMs,
      },
      {
        name: "check-in",
        kind: "20 readers",
        requests: during.requests,
        rps: during.rps,
        p50: percentile(during.all.times, 50),
        p99: percentile(during.all.times, 99),
        ...failures(during.all, during.errors, during.timeouts),
      },
    );
    log(
      `${tag} check-in: ${times.length} check-ins, p50 ${row.checkin.p50.toFixed(1)} ms, p90 ${percentile(times, 90).toFixed(1)} ms, p99 ${row.checkin.p99.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms, ${failed} failed; ` +
        `readers ${during.rps.toFixed(0)} req/s, p99 ${percentile(during.all.times, 99).toFixed(0)} ms`,
    );

    // The mixed load.
    log(`${tag} mixed load: 30 connections, ${opts.duration} s …`);
    const mixed = await load({
      url: s.url,
      token: p.token,
      connections: 30,
      seconds: opts.duration,
      timeoutSeconds: opts.timeout,
      pick: req.mixed,
    }).done;
    for (const id of mixed.accepted) acknowledged.push(id);
    const ms = await phaseStatus(s);
    row.mixed = mixed;
    row.phases.push({
      name: "mixed",
      kind: "all",
      requests: mixed.requests,
      rps: mixed.rps,
      p50: percentile(mixed.all.times, 50),
      p99: percentile(mixed.all.times, 99),
      ...failures(mixed.all, mixed.errors, mixed.timeouts),
      maxStallMs: ms?.eventLoop.maxStallMs,
    });
    for (const [kind, l] of [...mixed.byKind].sort(([a], [b]) => a.localeCompare(b))) {
      row.phases.push({
        name: "mixed",
        kind,
        requests: l.times.length,
        rps: l.times.length / mixed.seconds,
        p50: percentile(l.times, 50),
        p99: percentile(l.times, 99),
        ...failures(l),
      });
    }
    log(
      `${tag} mixed: ${mixed.rps.toFixed(0)} req/s, p50 ${percentile(mixed.all.times, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(mixed.all.times, 99).toFixed(1)} ms, ${mixed.non2xx} non-2xx, ${mixed.errors} errors ` +
        `(${mixed.timeouts} timeouts), ${mixed.accepted.length} check-ins accepted` +
        (mixed.non2xx + mixed.errors
          ? ` (failures: ${failures(mixed.all, mixed.errors, mixed.timeouts).why})`
          : ""),
    );

    if (engine === "live" && opts.importRows > 0) {
      row.phases.push(await importCheckPhase(s, p, req, opts, tag));
    }

    // A restart: the server writes its model's checkpoint as it stops, and the next one
    // starts from it (the events since, none here, from the feed). Health, findings and the
    // heatmap must read the same before and after.
    if (engine === "live") {
      const reads = async (url: string) => {
        const out: string[] = [];
        for (const pick of [req.reads.health, req.reads.findings, req.reads.heatmap]) {
          out.push((await timed(url, p.token, pick(), opts.timeout)).body);
        }
        return out;
      };
      // Check-ins cut off at the end of the mixed load may still commit: wait until two
      // reads half a second apart agree.
      let before = await reads(s.url);
      for (let tries = 0; tries < 10; tries++) {
        await sleep(500);
        const again = await reads(s.url);
        const settled = again.every((body, i) => body === before[i]);
        before = again;
        if (settled) break;
      }
      await s.stop();
      const again = performance.now();
      server = await startServer({
        env: { ...run.env, ACCORD_ENGINE: engine, ACCORD_MODEL_DIR: modelDir },
        logFile: path.join(dir, `server-${p.size}-${engine}-restart.log`),
      });
      const r = server;
      const restartMs = await coldLoad(r, again, p.token, req.health(), 900);
      row.restartS = restartMs / 1000;
      const st = await phaseStatus(r, true);
      const after = await reads(r.url);
      const same = after.every((body, i) => body === before[i]);
      // The server says whether the model came from its checkpoint.
      const fromCheckpoint = fs
        .readFileSync(r.logFile, "utf8")
        .includes("model read from its checkpoint");
      if (!fromCheckpoint) row.note = "the restart did not use the checkpoint";
      row.phases.push({
        name: "restart",
        kind: same ? "same reads" : "READS DIFFER",
        requests: 1,
        rps: 0,
        p50: restartMs,
        p99: restartMs,
        failed: same ? 0 : 1,
        maxStallMs: st?.eventLoop.maxStallMs,
      });
      if (!same) {
        row.note = "health, findings or the heatmap differ after the restart";
        after.forEach((body, i) => {
          if (body === before[i]) return;
          let k = 0;
          while (k < body.length && body[k] === before[i][k]) k++;
          log(
            `${tag} read ${i} differs at ${k}: before …${before[i].slice(Math.max(0, k - 80), k + 80)}… after …${body.slice(Math.max(0, k - 80), k + 80)}…`,
          );
        });
      }
      log(
        `${tag} restart ${fromCheckpoint ? "from the checkpoint" : "WITHOUT the checkpoint (see the server's log)"} ${row.restartS.toFixed(1)} s (longest stall ${st?.eventLoop.maxStallMs ?? "?"} ms); health, findings and heatmap ${same ? "the same" : "DIFFER"} after it`,
      );
    }
    return row;
  } catch (err) {
    row.note = `failed: ${(err as Error).message.split("\n")[0]}`;
    log(`${tag} ${(err as Error).message}`);
    return row;
  } finally {
    if (stalls.length) row.maxStallMs = Math.max(...stalls);
    if (rss.length) row.rssMb = Math.max(...rss);
    await server?.stop();
    try {
      // Every acknowledged check-in must be in the database once the server has gone.
      if (acknowledged.length || row.mixed) {
        const database = await run.open();
        try {
          const w = await checkWrites(database.db, p.orgId, p.checkinsBefore, acknowledged);
          const mixedIds = new Set(row.mixed?.accepted ?? []);
          row.writes = {
            accepted: acknowledged.length,
            found: w.found,
            unacknowledged: w.unacknowledged,
          };
          log(
            `${tag} writes: ${acknowledged.length} acknowledged (${mixedIds.size} in the mixed load), ` +
              `${w.found} found in the database, ${w.unacknowledged} written but not acknowledged`,
          );
        } finally {
          await database.close();
        }
      }
    } finally {
      await run.drop();
      fs.rmSync(modelDir, { recursive: true, force: true });
    }
  }
}

const fmt = (x: number | undefined, digits = 0) =>
  x === undefined || Number.isNaN(x)
    ? "—"
    : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pair = (a: number | undefined, b: number | undefined) =>
  a === undefined ? "—" : `${fmt(a, a < 10 ? 1 : 0)} / ${fmt(b, (b ?? 0) < 10 ? 1 : 0)}`;

function render(rows: Row[]): string {
  return formatTable(
    [
      "size",
      "engine",
      "nodes",
      "cold load s",
      "restart s",
      "check-in p50/p99 ms",
      "reads p50/p99 ms",
      "mixed req/s",
      "mixed p50/p99 ms",
      "errors",
      "writes 201/found",
      "max stall ms",
      "RSS MB",
    ],
    rows.map((r) => {
      const m = r.mixed;
      const rest = r.note && !m;
      return [
        r.size,
        r.engine,
        fmt(r.nodes),
        fmt(r.coldS, 1),
        fmt(r.restartS, 1),
        rest ? r.note! : r.checkin ? pair(r.checkin.p50, r.checkin.p99) : "—",
        r.reads ? pair(r.reads.p50, r.reads.p99) : "—",
        m ? fmt(m.rps) : "—",
        m ? pair(percentile(m.all.times, 50), percentile(m.all.times, 99)) : "—",
        m ? fmt(m.non2xx + m.errors) : "—",
        r.writes ? `${fmt(r.writes.accepted)} / ${fmt(r.writes.found)}` : "—",
        fmt(r.maxStallMs),
        fmt(r.rssMb),
      ];
    }),
  );
}

function renderPhases(rows: Row[]): string {
  const out: string[][] = [];
  for (const r of rows) {
    for (const ph of r.phases) {
      out.push([
        `${r.size} ${r.engine}`,
        ph.kind ? `${ph.name}: ${ph.kind}` : ph.name,
        fmt(ph.requests),
        ph.rps === undefined ? "—" : fmt(ph.rps, ph.rps < 10 ? 1 : 0),
        fmt(ph.p50, ph.p50 < 10 ? 1 : 0),
        fmt(ph.p99, ph.p99 < 10 ? 1 : 0),
        fmt(ph.failed),
        fmt(ph.maxStallMs),
        ph.why ?? "",
      ]);
    }
  }
  return formatTable(
    ["run", "phase", "requests", "req/s", "p50 ms", "p99 ms", "failed", "max stall ms", "failures"],
    out,
  );
}

/** Each target of issue 8, for the live engine, and whether it is met. */
function targets(rows: Row[]): string[] {
  const live = (size: LiveSize) => rows.find((r) => r.size === size && r.engine === "live");
  const lines: string[] = [];
  const verdict = (ok: boolean | undefined) =>
    ok === undefined ? "not measured" : ok ? "met" : "NOT met";
  for (const size of ["L", "XL"] as const) {
    const r = live(size);
    const p99 = r?.checkin?.p99;
    lines.push(
      `check-in p99 < 50 ms at ${size}: ${verdict(p99 === undefined ? undefined : p99 < 50)}` +
        (p99 === undefined ? "" : ` (${fmt(p99, 1)} ms)`),
    );
  }
  for (const [size, rps, p99ms] of [
    ["demo", 1000, 100],
    ["L", 300, 250],
  ] as const) {
    const m = live(size)?.mixed;
    const p99 = m ? percentile(m.all.times, 99) : undefined;
    lines.push(
      `mixed load at ${size} >= ${rps} req/s with p99 < ${p99ms} ms: ` +
        verdict(m ? m.rps >= rps && (p99 as number) < p99ms : undefined) +
        (m ? ` (${fmt(m.rps)} req/s, p99 ${fmt(p99, 1)} ms)` : ""),
    );
  }
  const measured = rows.filter((r) => r.mixed || r.writes);
  const errors = measured.filter((r) => r.mixed && r.mixed.non2xx + r.mixed.errors > 0);
  const lost = measured.filter((r) => r.writes && r.writes.found < r.writes.accepted);
  const name = (r: Row) => `${r.size} ${r.engine}`;
  lines.push(
    `zero errors in the mixed load: ${verdict(measured.length ? errors.length === 0 : undefined)}` +
      (errors.length ? ` (${errors.map(name).join(", ")})` : ""),
  );
  lines.push(
    `zero lost writes: ${verdict(measured.length ? lost.length === 0 : undefined)}` +
      (lost.length
        ? ` (${lost.map((r) => `${name(r)}: ${r.writes!.accepted - r.writes!.found} lost`).join(", ")})`
        : ""),
  );
  return lines;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const dir = os.tmpdir();
  log(
    `bench:live: sizes ${opts.sizes.join(",")}, engines ${opts.engines.join(",")}, mixed ${opts.duration} s; ` +
      `server ${serverCommand().description}; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(2)}, node ${process.version}`,
  );
  const rows: Row[] = [];
  const databases: string[] = [];
  for (const size of opts.sizes) {
    log(`\n[${size}] preparing the database …`);
    let prepared: Prepared;
    try {
      prepared = await prepare(size);
    } catch (err) {
      log(`[${size}] preparing failed: ${(err as Error).stack ?? err}`);
      for (const engine of opts.engines) {
        rows.push({ size, engine, nodes: 0, phases: [], note: "failed: database not prepared" });
      }
      continue;
    }
    databases.push(`${size}: ${prepared.description}`);
    log(
      `[${size}] ${prepared.counts.people} people, ${prepared.counts.units} units, ${prepared.counts.nodes} nodes, ` +
        `${prepared.counts.edges} edges loaded in ${(prepared.loadMs / 1000).toFixed(1)} s; ` +
        `${prepared.goals.length} goals to check in on, ${prepared.units.length} units for cascades`,
    );
    try {
      for (const engine of opts.engines) rows.push(await runEngine(prepared, engine, opts, dir));
    } finally {
      await prepared.close();
    }
  }
  console.log(render(rows));
  console.log("");
  console.log(renderPhases(rows));
  console.log("");
  console.log(["Targets (live engine):", ...targets(rows).map((l) => `  ${l}`)].join("\n"));
  console.log(
    [
      "",
      `Reads: each endpoint alone over one connection for ${opts.readSeconds} s; the table shows the worst endpoint's p50 and p99.`,
      `Check-in: one at a time for ${opts.checkinSeconds} s or ${opts.checkins} check-ins while 20 connections read health and findings, after ${WARMUP_CHECKINS} check-ins not timed (the first ones of a process compile the write path).`,
      `Mixed: ${opts.duration} s, 30 connections, 20% check-ins, 80% reads. Errors = non-2xx answers + connection errors and timeouts (${opts.timeout} s).`,
      "Writes 201/found: check-ins acknowledged in all phases / found in the database after the server stopped.",
      "Max stall: the event loop's longest delay in the phases after the cold load (GET /api/status, includes its 10 ms resolution); the cold load's own, from the server's first answer (it listens while it loads) to the first health answer, is in its phase row. RSS: the largest seen.",
      `Databases: ${databases.join("; ") || "none"}. Server: ${serverCommand().description}.`,
      `${os.cpus().length} cores; load average ${os.loadavg()[0].toFixed(2)} at the end; wall ${((performance.now() - started) / 1000).toFixed(0)} s. The load generator runs on the same machine.`,
    ].join("\n"),
  );
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`bench:live: ${err.message}`);
  else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
