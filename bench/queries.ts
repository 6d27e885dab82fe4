/**
 * `npm run bench:queries`: how fast the per-request queries answer on a big organization.
 *
 * Loads the synthetic enterprise of each size once (`generate.ts`, `insertBundle`, then a
 * synthetic change history, then ANALYZE), and times every per-request query that reads
 * more than one row (lists with their filters and sorting, search, history, the change feed,
 * trends, my work's and a node's links' queries) through the same use case or repository
 * function a request calls. Each query runs once to warm up, then `--runs` times; the table
 * gives p50 and p99 (with 20 runs, p99 is the slowest run).
 *
 * Baseline: the same queries as they were before the fixes of issue 8 (item 9), measured in
 * the same run on the same data — the old SQL kept below (`before`), run inside a
 * transaction that drops the indexes added for the fixes and is rolled back afterwards.
 *
 * Defaults: L on PGlite in memory; also XL on PostgreSQL when BENCH_DATABASE_URL is set.
 *   npm run bench:queries -- --pglite L,M --postgres XL --runs 20
 *   npm run bench:queries -- --postgres-url postgres://…/already_loaded   (reuse a loaded database)
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import { historyOf } from "../src/features/audit/audit.js";
import { changesSince } from "../src/features/changes/changes.js";
import { listCheckins } from "../src/features/checkins/checkins.js";
import { listEdges } from "../src/features/edges/edges.js";
import { edgesOfNodes } from "../src/features/edges/edges.repo.js";
import { listNodes } from "../src/features/goals/goals.js";
import { nodesRepo } from "../src/features/goals/goals.repo.js";
import { workOf as _workOf, trendsOf } from "../src/features/mywork/mywork.js";
import { myworkRepo } from "../src/features/mywork/mywork.repo.js";
import { listPeople } from "../src/features/people/people.js";
import { listUnits } from "../src/features/units/units.js";
import { type Ctx, makeCtx } from "../src/platform/context.js";
import { insertBundle } from "../src/platform/db/bundle.repo.js";
import { migrate, openDatabase } from "../src/platform/db/connect.js";
import type { DB } from "../src/platform/db/schema.js";
import { openBenchDatabase } from "./database.js";
import { BENCH_NOW, generate, type SizeName } from "./generate.js";
import { formatTable } from "./table.js";

void _workOf; // workOf itself also reads the cached analysis (alignment feature): timed by its queries below.

/** The indexes the fixes added (migration 2026_12_02_0003_query_indexes): dropped for the baseline. */
const NEW_INDEXES = [
  "checkins_org_time",
  "nodes_list_order",
  "people_list_order",
  "units_list_order",
  "edges_list_order",
  "edges_from",
  "edges_requests",
  "units_leader",
];

/** History entries and change events synthesized per node of the organization (see below). */
const HISTORY_PER_NODE = 3;

const { values: opts } = parseArgs({
  options: {
    pglite: { type: "string", default: "L" },
    postgres: { type: "string", default: "XL" },
    "postgres-url": { type: "string" },
    runs: { type: "string", default: "20" },
    seed: { type: "string", default: "42" },
    "no-baseline": { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const RUNS = Number(opts.runs);
const log = (m: string) => process.stderr.write(`${m}\n`);

interface Case {
  name: string;
  run(ctx: Ctx): Promise<unknown>;
  /** The query as it was before the fixes, when its SQL changed (else: the same call without the new indexes). */
  before?(ctx: Ctx): Promise<unknown>;
}

interface Picks {
  org: string;
  unit: string;
  person: string;
  manager: string;
  leader: string;
  node: string;
  word: string;
  personWord: string;
  revision: number;
}

async function pick(db: Kysely<DB>): Promise<Picks> {
  const org = await db
    .selectFrom("organizations")
    .select(["id", "revision"])
    .executeTakeFirstOrThrow();
  const one = async <T>(q: string) =>
    (await sql.raw<T>(q.replaceAll("$org", `'${org.id}'`)).execute(db)).rows[0]!;
  const unit = await one<{ id: string }>(
    "select owner_unit_id as id from nodes where org_id = $org and owner_unit_id is not null group by 1 order by count(*) desc, 1 limit 1",
  );
  const person = await one<{ id: string }>(
    "select owner_person_id as id from nodes where org_id = $org and owner_person_id is not null group by 1 order by count(*) desc, 1 limit 1",
  );
  const manager = await one<{ id: string }>(
    "select manager_id as id from people where org_id = $org and manager_id is not null group by 1 order by count(*) desc, 1 limit 1",
  );
  const leader = await one<{ id: string }>(
    "select leader_id as id from units where org_id = $org and leader_id is not null group by 1 order by count(*) desc, 1 limit 1",
  );
  const node = await one<{ id: string }>(
    "select to_id as id from edges where org_id = $org group by 1 order by count(*) desc, 1 limit 1",
  );
  const title = await one<{ title: string }>(
    "select title from nodes where org_id = $org order by id limit 1",
  );
  const name = await one<{ name: string }>(
    "select name from people where org_id = $org order by id limit 1",
  );
  const word = title.title
    .split(/\s+/)
    .sort((a, b) => b.length - a.length)[0]!
    .toLowerCase();
  const personWord = name.name.split(/\s+/).at(-1)!.toLowerCase();
  return {
    org: org.id,
    unit: unit.id,
    person: person.id,
    manager: manager.id,
    leader: leader.id,
    node: node.id,
    word,
    personWord,
    revision: Number(org.revision),
  };
}

function cases(p: Picks): Case[] {
  const page = { limit: 50, offset: 0 };
  return [
    {
      name: "trends (26 weeks)",
      run: (ctx) => trendsOf(ctx, p.org, { weeks: 26 }),
      before: (ctx) => beforeWeeklyTrends(ctx.db, p.org, ctx.now(), 26),
    },
    {
      name: "trends (104 weeks)",
      run: (ctx) => trendsOf(ctx, p.org, { weeks: 104 }),
      before: (ctx) => beforeWeeklyTrends(ctx.db, p.org, ctx.now(), 104),
    },
    { name: "goals: first page", run: (ctx) => listNodes(ctx, p.org, page) },
    {
      name: "goals: page 200 (offset 10,000)",
      run: (ctx) => listNodes(ctx, p.org, { limit: 50, offset: 10_000 }),
    },
    {
      name: "goals: kind=objective",
      run: (ctx) => listNodes(ctx, p.org, { ...page, kind: "objective" }),
    },
    {
      name: "goals: kind=goal, status=active",
      run: (ctx) => listNodes(ctx, p.org, { ...page, kind: "goal", status: "active" }),
    },
    {
      name: "goals: status=draft",
      run: (ctx) => listNodes(ctx, p.org, { ...page, status: "draft" }),
    },
    { name: "goals: of a unit", run: (ctx) => listNodes(ctx, p.org, { ...page, unitId: p.unit }) },
    {
      name: "goals: of a person",
      run: (ctx) => listNodes(ctx, p.org, { ...page, personId: p.person }),
    },
    {
      name: `goals: search "${p.word}"`,
      run: (ctx) => listNodes(ctx, p.org, { ...page, q: p.word }),
    },
    { name: "people: first page", run: (ctx) => listPeople(ctx, p.org, page) },
    {
      name: "people: of a manager",
      run: (ctx) => listPeople(ctx, p.org, { ...page, managerId: p.manager }),
    },
    {
      name: "people: of a unit",
      run: (ctx) => listPeople(ctx, p.org, { ...page, unitId: p.unit }),
    },
    {
      name: `people: search "${p.personWord}"`,
      run: (ctx) => listPeople(ctx, p.org, { ...page, q: p.personWord }),
    },
    { name: "units: first page", run: (ctx) => listUnits(ctx, p.org, page) },
    { name: 'units: search "team"', run: (ctx) => listUnits(ctx, p.org, { ...page, q: "team" }) },
    { name: "edges: first page", run: (ctx) => listEdges(ctx, p.org, page) },
    {
      name: "edges: open requests",
      run: (ctx) => listEdges(ctx, p.org, { ...page, kind: "depends_on", state: "requested" }),
    },
    { name: "edges: of a node", run: (ctx) => listEdges(ctx, p.org, { ...page, nodeId: p.node }) },
    {
      name: "node links: edges and nodes",
      run: async (ctx) => {
        const edges = await edgesOfNodes(ctx.db, p.org, [p.node]);
        return nodesRepo.many(
          ctx.db,
          p.org,
          edges.map((e) => (e.fromId === p.node ? e.toId : e.fromId)),
        );
      },
    },
    { name: "check-ins of a node", run: (ctx) => listCheckins(ctx, p.org, p.node, page) },
    { name: "my work: its queries", run: (ctx) => myWorkQueries(ctx, p.org, p.leader) },
    { name: "history: whole log, first page", run: (ctx) => historyOf(ctx, p.org, page) },
    {
      name: "history: whole log, page 1,000",
      run: (ctx) => historyOf(ctx, p.org, { limit: 50, offset: 50_000 }),
    },
    { name: "history: of a node", run: (ctx) => historyOf(ctx, p.org, page, p.node) },
    {
      name: "changes: last 100",
      run: (ctx) => changesSince(ctx, p.org, { since: p.revision - 100, limit: 100 }),
    },
  ];
}

/** What workOf asks the database (the analysis it also reads is the alignment feature's cache). */
async function myWorkQueries(ctx: Ctx, orgId: string, personId: string) {
  const owned = await nodesRepo.list(ctx.db, orgId, {
    limit: 500,
    offset: 0,
    where: { owner_person_id: personId },
    orderBy: [
      ["priority", "asc"],
      ["title", "asc"],
    ],
  });
  const led = await myworkRepo.unitsLedBy(ctx.db, orgId, personId);
  const ledGoals = await myworkRepo.unitGoalsWithoutOwner(
    ctx.db,
    orgId,
    led.map((u) => u.id),
  );
  await nodesRepo.many(
    ctx.db,
    orgId,
    ledGoals.map((n) => n.id),
  );
  return myworkRepo.requestsWaitingOn(ctx.db, orgId, [
    ...owned.items.map((n) => n.id),
    ...ledGoals.map((n) => n.id),
  ]);
}

/** The trends query before the fix: every measured node × every week, a correlated probe each. */
async function beforeWeeklyTrends(db: Kysely<DB>, orgId: string, end: Date, weeks: number) {
  const { rows } = await sql<{
    week: string;
    progress: number | null;
    confidence: number | null;
    checkins: number;
  }>`
    with weeks as (
      select generate_series(date_trunc('week', ${end.toISOString()}::timestamptz) - ${`${weeks - 1} weeks`}::interval,
                             date_trunc('week', ${end.toISOString()}::timestamptz), interval '1 week') as week
    ),
    latest as (
      select w.week, n.id,
        (select c.value from checkins c where c.org_id = n.org_id and c.node_id = n.id and c.value is not null
           and c.created_at < w.week + interval '1 week' order by c.created_at desc limit 1) as value,
        n.baseline, n.target, n.direction
      from weeks w cross join nodes n
      where n.org_id = ${orgId} and n.target is not null and n.status in ('active', 'done')
    ),
    progress as (
      select week, avg(greatest(0, least(1,
        case when target = coalesce(baseline, 0) then (case when (direction = 'increase' and value >= target) or (direction = 'decrease' and value <= target) then 1 else 0 end)
             when direction = 'increase' then (value - coalesce(baseline, 0)) / (target - coalesce(baseline, 0))
             else (coalesce(baseline, 0) - value) / (coalesce(baseline, 0) - target) end))) as progress
      from latest where value is not null group by week
    ),
    conf as (
      select date_trunc('week', created_at) as week, avg(confidence) as confidence, count(*)::int as checkins
      from checkins where org_id = ${orgId} and created_at >= (select min(week) from weeks)
      group by 1
    )
    select to_char(w.week, 'YYYY-MM-DD') as week, p.progress, c.confidence, coalesce(c.checkins, 0) as checkins
    from weeks w left join progress p on p.week = w.week left join conf c on c.week = w.week
    order by w.week`.execute(db);
  return { weeks: rows.map((r) => ({ ...r, checkins: Number(r.checkins) })) };
}

/**
 * A change history of HISTORY_PER_NODE entries per node (and as many change events), as if
 * the organization had been built and edited through the API: the bulk load writes one
 * entry. The entries are not hash-chained (listing does not look), spread over the last
 * year, and name nodes in turn, so each node has a few entries of its own.
 */
async function synthesizeHistory(db: Kysely<DB>, orgId: string) {
  const [{ n }] = (
    await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where org_id = ${orgId}`.execute(db)
  ).rows;
  if (n > 1) return;
  await sql`
    insert into audit_log (org_id, seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
    select ${orgId}::uuid, 1 + k, ${BENCH_NOW.toISOString()}::timestamptz - interval '1 year' + k * interval '10 seconds',
      'bench@example.com', 'node.update', 'node', n.id::text, '{"status":"draft"}'::jsonb, '{"status":"active"}'::jsonb,
      md5(k::text), md5((k + 1)::text)
    from (select id, row_number() over (order by id) as r from nodes where org_id = ${orgId}) n,
      generate_series(0, ${HISTORY_PER_NODE - 1}) g,
      lateral (select (g * (select count(*) from nodes where org_id = ${orgId}) + n.r - 1)::bigint as k) kk
    on conflict do nothing`.execute(db);
  await sql`
    insert into changes (org_id, revision, seq, at, actor, entity, entity_id, op, fields)
    select org_id, seq + 1, 0, at, actor, entity, entity_id, 'update', '{status}' from audit_log
    where org_id = ${orgId} and seq > 1
    on conflict do nothing`.execute(db);
  // The chain's head moves to the last entry, so a write after this appends after it.
  await sql`update organizations o set revision = h.seq + 1, audit_seq = h.seq, audit_hash = h.hash
    from (select seq, hash from audit_log where org_id = ${orgId} order by seq desc limit 1) h
    where o.id = ${orgId}`.execute(db);
}

const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const f = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

async function time(fn: () => Promise<unknown>, runs: number, budgetMs: number) {
  await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < runs && (times.length < 2 || performance.now() - start < budgetMs)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 0.5), p99: pct(times, 0.99), n: times.length };
}

class Rollback extends Error {}

/** The rewritten query must answer what the old one did (numbers within 1e-9). */
function sameAnswer(name: string, before: unknown, after: unknown) {
  const round = (_: string, v: unknown) => (typeof v === "number" ? Math.round(v * 1e9) / 1e9 : v);
  const a = JSON.stringify(before, round);
  const b = JSON.stringify(after, round);
  if (a !== b) throw new Error(`${name}: the answer changed.\nbefore: ${a}\nafter:  ${b}`);
}

async function measure(db: Kysely<DB>, size: string, database: string): Promise<string[][]> {
  const p = await pick(db);
  const all = cases(p).filter((c) => !opts.only || c.name.includes(opts.only));
  const now = () => BENCH_NOW;
  const rows: string[][] = [];
  const baseline = new Map<string, string>();
  const answers = new Map<string, unknown>();
  if (!opts["no-baseline"]) {
    // The baseline: the old SQL, without the new indexes (dropped in a transaction that is rolled back).
    await db
      .transaction()
      .execute(async (trx) => {
        for (const index of NEW_INDEXES)
          await sql`drop index if exists ${sql.id(index)}`.execute(trx);
        const ctx = makeCtx(trx, now);
        for (const c of all) {
          if (c.before) answers.set(c.name, await c.before(ctx));
          const r = await time(() => (c.before ?? c.run)(ctx), Math.min(RUNS, 5), 20_000);
          baseline.set(c.name, `${f(r.p50)} / ${f(r.p99)}`);
          log(`[${size} ${database}] before: ${c.name}: p50 ${f(r.p50)} ms`);
        }
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
  }
  const ctx = makeCtx(db, now);
  for (const c of all) {
    if (answers.has(c.name)) sameAnswer(c.name, answers.get(c.name), await c.run(ctx));
    const r = await time(() => c.run(ctx), RUNS, 60_000);
    log(`[${size} ${database}] ${c.name}: p50 ${f(r.p50)} ms`);
    rows.push([
      c.name,
      size,
      database,
      baseline.get(c.name) ?? "",
      `${f(r.p50)} / ${f(r.p99)}`,
      r.p50 < 200 ? "yes" : "NO",
    ]);
  }
  return rows;
}

async function load(db: Kysely<DB>, size: SizeName, database: string) {
  const t = performance.now();
  const bundle = generate(size, Number(opts.seed));
  await insertBundle(db, bundle);
  await synthesizeHistory(db, bundle.organization.id);
  await sql`analyze`.execute(db);
  log(`[${size} ${database}] loaded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

async function main() {
  const t0 = performance.now();
  const rows: string[][] = [];
  const sizes = (s: string | undefined) => (s ? s.split(",").filter(Boolean) : []) as SizeName[];

  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (opts["postgres-url"]) {
    const d = await openDatabase({ url: opts["postgres-url"] });
    try {
      await migrate(d.db);
      const org = await d.db.selectFrom("organizations").select("id").executeTakeFirstOrThrow();
      await synthesizeHistory(d.db, org.id);
      await sql`analyze`.execute(d.db);
      rows.push(...(await measure(d.db, "(loaded)", "PostgreSQL")));
    } finally {
      await d.close();
    }
  } else if (serverUrl) {
    for (const size of sizes(opts.postgres)) {
      const b = await openBenchDatabase();
      try {
        await load(b.db, size, "PostgreSQL");
        rows.push(...(await measure(b.db, size, "PostgreSQL")));
      } finally {
        await b.close();
      }
    }
  }
  const saved = process.env.BENCH_DATABASE_URL;
  delete process.env.BENCH_DATABASE_URL;
  delete process.env.BENCH_PGLITE_DIR;
  try {
    for (const size of sizes(opts.pglite)) {
      const b = await openBenchDatabase();
      try {
        await load(b.db, size, "PGlite");
        rows.push(...(await measure(b.db, size, "PGlite")));
      } finally {
        await b.close();
      }
    }
  } finally {
    if (saved) process.env.BENCH_DATABASE_URL = saved;
  }

  console.log(
    formatTable(
      ["query", "size", "database", "before p50 / p99 ms", "after p50 / p99 ms", "< 200 ms"],
      rows,
    ),
  );
  console.log(
    [
      `Runs per query: ${RUNS} after a warm-up (before: up to 5, at most 20 s). Seed ${opts.seed}; ${HISTORY_PER_NODE} history entries per node.`,
      `${os.cpus().length} cores; load average ${os.loadavg()[0]!.toFixed(2)} at the end; wall ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
    ].join("\n"),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
