/**
 * `npm run bench [-- --sizes S,M --seed 42 --runs 3 --no-db]`
 *
 * For each size: generate the synthetic enterprise; time the engine's full pass on the
 * in-memory snapshot (one warm-up, then median and best of --runs) and the heap the analysis
 * keeps; load the bundle into a fresh database (PGlite in memory, or a new database on the
 * PostgreSQL server at BENCH_DATABASE_URL); time loadSnapshot (database → engine input) and
 * the same roll-up done in SQL (the baseline, see sql-rollup.ts); check that SQL and engine
 * agree on every node. Progress goes to stderr, the table to stdout.
 */
import os from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { Worker } from "node:worker_threads";
import cliProgress from "cli-progress";
import { sql } from "kysely";
import type { Bundle } from "../src/core/bundle.js";
import { analyze } from "../src/core/engine.js";
import { buildGraph } from "../src/core/graph.js";
import { columnsOf, type LiveColumns, LiveModel } from "../src/core/live.js";
import { rollUp } from "../src/core/rollup.js";
import type { OrgSnapshot } from "../src/core/types.js";
import { loadColumns } from "../src/features/alignment/live.repo.js";
import { loadSnapshot } from "../src/features/alignment/snapshot.repo.js";
import { bundleSize, insertBundle, type LoadProgress } from "../src/platform/db/bundle.repo.js";
import type { BuildInput, BuildResult } from "./build-worker.js";
import { openBenchDatabase } from "./database.js";
import { BENCH_NOW, generate, SIZE_NAMES, SIZES, type SizeName } from "./generate.js";
import { bundleToSnapshot, cycleEnds } from "./snapshot.js";
import { sqlRollUp } from "./sql-rollup.js";
import { formatTable } from "./table.js";

/** Engine and SQL must agree this closely on every node's progress. */
const TOLERANCE = 1e-6;

// A real `gc()` so heap figures mean "kept by the analysis", not "garbage not yet collected".
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

interface Options {
  sizes: SizeName[];
  seed: number;
  /** Timed engine runs (after one warm-up). */
  runs: number;
  /** Timed loadSnapshot and SQL runs; default 3 after a warm-up up to M, 1 from L on. */
  dbRuns: number | null;
  db: boolean;
}

/** A bad command line: shown as one line, without a stack. */
class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const opts: Options = { sizes: [...SIZE_NAMES], seed: 42, runs: 3, dbRuns: null, db: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--sizes") {
      const sizes = value()
        .split(",")
        .map((s) => s.trim().toUpperCase());
      for (const s of sizes) {
        if (!SIZE_NAMES.includes(s as SizeName)) {
          throw new UsageError(`--sizes: unknown size ${s} (use ${SIZE_NAMES.join(", ")})`);
        }
      }
      opts.sizes = sizes as SizeName[];
    } else if (arg === "--seed") {
      opts.seed = Number.parseInt(value(), 10);
      if (!Number.isSafeInteger(opts.seed)) throw new UsageError("--seed must be an integer");
    } else if (arg === "--runs") {
      opts.runs = Number.parseInt(value(), 10);
      if (!(opts.runs >= 1)) throw new UsageError("--runs must be at least 1");
    } else if (arg === "--db-runs") {
      opts.dbRuns = Number.parseInt(value(), 10);
      if (!(opts.dbRuns >= 1)) throw new UsageError("--db-runs must be at least 1");
    } else if (arg === "--no-db") {
      opts.db = false;
    } else if (arg === "--help" || arg === "-h") {
      console.error(
        "npm run bench -- [--sizes S,M,L,XL] [--seed 42] [--runs 3] [--db-runs N] [--no-db]",
      );
      process.exit(0);
    } else {
      throw new UsageError(`unknown argument ${arg} (try --help)`);
    }
  }
  return opts;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const ms = (t0: number) => performance.now() - t0;
const mb = (bytes: number) => bytes / 1024 / 1024;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Timing {
  median: number;
  best: number;
}

/** One untimed warm-up, then `runs` timed runs, each after a full collection. */
async function timeIt<T>(runs: number, warmUp: boolean, f: () => T | Promise<T>) {
  if (warmUp) await f();
  const times: number[] = [];
  let last: T | undefined;
  for (let r = 0; r < runs; r++) {
    last = undefined;
    gc();
    const t0 = performance.now();
    last = await f();
    times.push(ms(t0));
  }
  return { timing: { median: median(times), best: Math.min(...times) } as Timing, last: last as T };
}

/**
 * LiveModel.fromColumns timed in a worker thread holding only the columns (build-worker.ts
 * says why): the median and best of `runs` after a warm-up, and the last model's progress.
 */
function buildInThread(columns: LiveColumns, runs: number): Promise<BuildResult> {
  const { ids, ...edges } = columns.edges;
  const input: BuildInput = {
    columns: {
      ...columns,
      edges,
      edgeIds: { words: ids.words, form: ids.form, others: ids.otherIds() },
    },
    runs,
  };
  return new Promise((resolve, reject) => {
    // The benchmark runs under tsx: the thread registers it before loading TypeScript.
    const file = new URL("./build-worker.ts", import.meta.url).href;
    const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: input });
    worker.once("message", (m: BuildResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the build thread stopped (exit code ${code})`));
    });
  });
}

interface Row {
  size: SizeName;
  people: number;
  units: number;
  nodes: number;
  edges: number;
  engine: Timing;
  engineRollUp: Timing;
  /** The live model built from columns (the server's full pass). */
  live: Timing;
  /** Building the id indexes the loader hands the build (loadColumns builds them as it reads). */
  liveIndexes: Timing;
  liveHeapMb: number;
  /** One check-in applied to the live model, then the organization's health read: µs. */
  checkinUs: { p50: number; p99: number };
  /** loadColumns: database → live model input (the server's cold load, without the build). */
  columnsLoad?: Timing;
  heapMb: number;
  rssMb: number;
  dbLoadMs?: number;
  snapshotLoad?: Timing;
  sqlRollUp?: Timing;
  levels?: number;
  dbRuns?: number;
}

/** Progress per node id from the engine, for comparisons across snapshots and with SQL. */
function progressById(ids: string[], progress: Float64Array): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) out.set(ids[i], progress[i]);
  return out;
}

/** Throws, naming the first differences, unless both agree on every node within TOLERANCE. */
function assertSameProgress(what: string, a: Map<string, number>, b: Map<string, number>) {
  const bad: string[] = [];
  if (a.size !== b.size) bad.push(`${a.size} nodes vs ${b.size} nodes`);
  for (const [id, p] of a) {
    const q = b.get(id);
    const same =
      q !== undefined &&
      ((Number.isNaN(p) && Number.isNaN(q)) || Math.abs(p - (q as number)) <= TOLERANCE);
    if (!same) bad.push(`${id}: ${p} vs ${q}`);
    if (bad.length >= 10) break;
  }
  if (bad.length > 0) {
    throw new Error(`${what} disagree on progress:\n  ${bad.join("\n  ")}`);
  }
}

/**
 * A cli-progress bar on a terminal. Elsewhere (CI logs, `2> file`) one line per table and
 * per tenth: cli-progress redraws from a timer there, and a load keeps the event loop too
 * busy for timers to fire.
 */
function loadProgress(size: SizeName, total: number) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `[${size}] load {bar} {percentage}% | {value}/{total} rows | {table}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { table: "people" });
    return {
      update: (p: LoadProgress) => bar.update(p.done, { table: p.table }),
      stop: () => bar.stop(),
    };
  }
  let table = "";
  let tenth = 0;
  return {
    update: (p: LoadProgress) => {
      const t = Math.floor((10 * p.done) / total);
      if (p.table === table && t === tenth) return;
      table = p.table;
      tenth = t;
      log(
        `[${size}] load ${((100 * p.done) / total).toFixed(0)}% | ${p.done}/${total} rows | ${table}`,
      );
    },
    stop: () => {},
  };
}

async function benchSize(size: SizeName, opts: Options): Promise<Row> {
  log(`\n[${size}] generating (seed ${opts.seed}) …`);
  let t0 = performance.now();
  let bundle: Bundle | null = generate(size, opts.seed);
  const counts = {
    people: bundle.people.length,
    units: bundle.units.length,
    nodes: bundle.nodes.length,
    edges: bundle.edges.length,
  };
  log(
    `[${size}] generated in ${ms(t0).toFixed(0)} ms: ${counts.people} people, ${counts.units} units, ` +
      `${counts.nodes} nodes, ${counts.edges} edges, ${bundle.checkins.length} check-ins`,
  );
  const snapshot = bundleToSnapshot(bundle);
  const analyzeOpts = { now: BENCH_NOW, cycleEnds: cycleEnds(bundle) };

  // The database part needs the bundle; load it first, then drop it so the engine is timed
  // with only its input on the heap, as in a server.
  let database: Awaited<ReturnType<typeof openBenchDatabase>> | null = null;
  let dbLoadMs: number | undefined;
  const orgId = bundle.organization.id;
  if (opts.db) {
    t0 = performance.now();
    database = await openBenchDatabase();
    log(`[${size}] fresh ${database.description} in ${ms(t0).toFixed(0)} ms; loading …`);
    const progress = loadProgress(size, bundleSize(bundle));
    t0 = performance.now();
    try {
      await insertBundle(database.db, bundle, progress.update);
    } finally {
      progress.stop();
    }
    const loadMs = ms(t0);
    // Planner statistics, as after any bulk load: without them PostgreSQL guesses a handful
    // of rows per table and picks nested loops that make the SQL baseline quadratic.
    // (PGlite runs no autovacuum, so nothing would ever gather them.)
    const t1 = performance.now();
    await sql`analyze`.execute(database.db);
    dbLoadMs = ms(t0);
    log(
      `[${size}] loaded in ${(loadMs / 1000).toFixed(1)} s, analyzed in ${(ms(t1) / 1000).toFixed(1)} s`,
    );
  }
  bundle = null;

  try {
    log(`[${size}] engine: analyze() × (1 warm-up + ${opts.runs}) …`);
    const engine = await timeIt(opts.runs, true, () => analyze(snapshot, analyzeOpts));
    const memoryProgress = progressById(engine.last.graph.ids, engine.last.progress);
    const findings = engine.last.findings.length;
    // Heap the analysis keeps: collect with the result alive, then without it.
    gc();
    const heapWith = process.memoryUsage().heapUsed;
    const rssMb = mb(process.memoryUsage().rss);
    engine.last = undefined as never;
    gc();
    const heapMb = mb(heapWith - process.memoryUsage().heapUsed);
    const engineRollUp = await timeIt(opts.runs, true, () => rollUp(buildGraph(snapshot)));
    log(
      `[${size}] engine full pass ${engine.timing.median.toFixed(0)} ms (best ${engine.timing.best.toFixed(0)}), ` +
        `graph + roll-up only ${engineRollUp.timing.median.toFixed(0)} ms, ${findings} findings, ` +
        `analysis keeps ${heapMb.toFixed(0)} MB of heap (process rss ${rssMb.toFixed(0)} MB)`,
    );
    // The live model: the full pass the server runs on a cold load, then check-ins.
    const columns = columnsOf(snapshot);
    log(
      `[${size}] live model: fromColumns() × (1 warm-up + ${opts.runs}), in a thread of its own …`,
    );
    const built = await buildInThread(columns, opts.runs);
    const live = { timing: { median: median(built.times), best: Math.min(...built.times) } };
    const liveIndexes = {
      median: median(built.indexTimes),
      best: Math.min(...built.indexTimes),
    };
    assertSameProgress(
      `[${size}] live model and engine`,
      memoryProgress,
      progressById(built.ids, built.progress),
    );
    // Memory a model takes beyond its input columns: heap and typed arrays.
    const used = () => {
      const u = process.memoryUsage();
      return u.heapUsed + u.arrayBuffers;
    };
    // Three models kept alive, divided by three, after collections on either side: one
    // model against one reading could come out negative at M (garbage of the runs before,
    // collected between the two readings).
    const settle = () => {
      gc();
      gc();
    };
    settle();
    const before = used();
    const kept = [1, 2, 3].map(() => LiveModel.fromColumns(columns));
    settle();
    const liveHeapMb = mb((used() - before) / kept.length);
    const model2 = kept[0];
    const checkinUs = checkins(model2, snapshot);
    log(
      `[${size}] live full pass ${live.timing.median.toFixed(0)} ms (best ${live.timing.best.toFixed(0)}), ` +
        `id indexes ${liveIndexes.median.toFixed(0)} ms; ` +
        `check-in + health ${checkinUs.p50.toFixed(0)} µs p50, ${checkinUs.p99.toFixed(0)} µs p99`,
    );
    const row: Row = {
      size,
      ...counts,
      engine: engine.timing,
      engineRollUp: engineRollUp.timing,
      live: live.timing,
      liveIndexes,
      liveHeapMb,
      checkinUs,
      heapMb,
      rssMb,
      dbLoadMs,
    };
    if (!database) return row;

    // The database side is slow at L and XL (minutes): one run there keeps `npm run bench`
    // within its time budget; the in-memory PGlite has no cold cache to warm anyway.
    const dbRuns = opts.dbRuns ?? (counts.nodes <= SIZES.M.nodes ? opts.runs : 1);
    const warm = dbRuns > 1;
    const runsText = `${warm ? "1 warm-up + " : ""}${dbRuns}`;
    log(`[${size}] loadSnapshot × (${runsText}) …`);
    const loaded = await timeIt(dbRuns, warm, () => loadSnapshot(database.db, orgId));
    row.snapshotLoad = loaded.timing;
    log(`[${size}] loadColumns × (${runsText}) …`);
    const cols = await timeIt(dbRuns, warm, () => loadColumns(database.db, orgId));
    row.columnsLoad = cols.timing;
    const fromDb = LiveModel.fromColumns(cols.last);
    assertSameProgress(
      `[${size}] live model from the database and engine`,
      memoryProgress,
      progressById(fromDb.ids.slice(0, fromDb.n), fromDb.progress.subarray(0, fromDb.n)),
    );
    const dbSnapshot: OrgSnapshot = loaded.last;
    const dbGraph = buildGraph(dbSnapshot);
    const dbProgress = progressById(dbGraph.ids, rollUp(dbGraph));
    assertSameProgress(
      `[${size}] engine on the in-memory and the loaded snapshot`,
      memoryProgress,
      dbProgress,
    );

    log(`[${size}] SQL roll-up × (${runsText}) …`);
    const sqlRun = await timeIt(dbRuns, warm, () => sqlRollUp(database.db, orgId));
    row.sqlRollUp = sqlRun.timing;
    row.dbRuns = dbRuns;
    row.levels = sqlRun.last.levels;
    assertSameProgress(`[${size}] engine and SQL roll-up`, dbProgress, sqlRun.last.progress);
    log(
      `[${size}] snapshot load ${loaded.timing.median.toFixed(0)} ms, SQL roll-up ` +
        `${sqlRun.timing.median.toFixed(0)} ms over ${sqlRun.last.levels} levels; ` +
        `engine and SQL agree on all ${dbProgress.size} nodes (±${TOLERANCE})`,
    );
    return row;
  } finally {
    await database?.close();
  }
}

/**
 * 1,000 check-ins on random measured nodes, each followed by a health read (what a user
 * waits for): per-operation latency in µs.
 */
function checkins(model: LiveModel, snapshot: OrgSnapshot): { p50: number; p99: number } {
  const measured = snapshot.nodes.filter((n) => n.target !== null && n.status === "active");
  const times: number[] = [];
  let x = 12345;
  const now = new Date(BENCH_NOW.getTime() + 60_000);
  for (let i = 0; i < 1000 && measured.length > 0; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const n = measured[x % measured.length];
    const t0 = performance.now();
    model.upsertNode({
      ...n,
      current: (n.current ?? 0) + 1,
      confidence: 0.7,
      lastCheckinAt: now.toISOString(),
    });
    model.health(now);
    times.push((performance.now() - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)] ?? 0,
    p99: times[Math.floor(times.length * 0.99)] ?? 0,
  };
}

function render(rows: Row[]): string {
  const fmt = (x: number | undefined, digits = 0) =>
    x === undefined
      ? "—"
      : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const timing = (t: Timing | undefined) =>
    t === undefined ? "—" : `${fmt(t.median)} (${fmt(t.best)})`;
  return formatTable(
    [
      "size",
      "people",
      "units",
      "nodes",
      "edges",
      "engine full pass ms",
      "engine heap MB",
      "snapshot load ms",
      "SQL roll-up baseline ms",
      "speed-up ×",
      "engine graph+roll-up ms",
      "live full pass ms",
      "id indexes ms",
      "live model MB",
      "live × SQL",
      "check-in+health µs p50/p99",
      "cold load ms (columns + build)",
      "DB load s",
    ],
    rows.map((r) => [
      r.size,
      fmt(r.people),
      fmt(r.units),
      fmt(r.nodes),
      fmt(r.edges),
      timing(r.engine),
      fmt(r.heapMb),
      timing(r.snapshotLoad),
      timing(r.sqlRollUp),
      r.sqlRollUp ? fmt(r.sqlRollUp.median / r.engine.median, 1) : "—",
      timing(r.engineRollUp),
      timing(r.live),
      timing(r.liveIndexes),
      fmt(r.liveHeapMb),
      r.sqlRollUp ? fmt(r.sqlRollUp.median / r.live.median, 1) : "—",
      `${fmt(r.checkinUs.p50)}/${fmt(r.checkinUs.p99)}`,
      r.columnsLoad ? fmt(r.columnsLoad.median + r.live.median) : "—",
      r.dbLoadMs === undefined ? "—" : fmt(r.dbLoadMs / 1000, 1),
    ]),
  );
}

const database = () =>
  process.env.BENCH_DATABASE_URL
    ? "PostgreSQL (BENCH_DATABASE_URL)"
    : process.env.BENCH_PGLITE_DIR
      ? "PGlite on disk (BENCH_PGLITE_DIR)"
      : "PGlite in memory";

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const [load1] = os.loadavg();
  log(
    `bench: sizes ${opts.sizes.join(",")}, seed ${opts.seed}, ${opts.runs} runs, ` +
      `${os.cpus().length} cores, load average ${load1.toFixed(2)}, node ${process.version}`,
  );
  const rows: Row[] = [];
  for (const size of opts.sizes) {
    rows.push(await benchSize(size, opts));
    gc();
  }
  const wall = ms(started) / 1000;
  console.log(render(rows));
  const dbRuns = rows
    .filter((r) => r.dbRuns !== undefined)
    .map((r) => `${r.size} ${r.dbRuns}`)
    .join(", ");
  console.log(
    [
      "",
      `Times are median (best) in ms. Engine: ${opts.runs} runs after a warm-up, in memory.`,
      "Live full pass: LiveModel.fromColumns in a thread of its own whose heap holds only the columns, as a server's does,",
      "from what the server's loader hands it: the columns with owners resolved and the id indexes (timed apart: id indexes ms).",
      dbRuns
        ? `Snapshot load and SQL roll-up on ${database()}, runs per size: ${dbRuns} (a warm-up first when more than 1).`
        : "Database part skipped (--no-db).",
      "Speed-up = SQL roll-up ÷ engine full pass (medians). DB load = insertBundle + ANALYZE.",
      `Seed ${opts.seed}; ${os.cpus().length} cores; load average ${os.loadavg()[0].toFixed(2)} at the end; wall ${wall.toFixed(0)} s.`,
    ].join("\n"),
  );
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) console.error(`bench: ${err.message}`);
  else console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
