import { sql } from "kysely";
import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { type Ctx, parse } from "../../platform/context.js";
import { analysisOf } from "../alignment/index.js";
import { nodesRepo } from "../goals/index.js";
import { peopleRepo } from "../people/index.js";

const DAY = 86_400_000;

/**
 * What one person owes: the goals they own (with progress and when the next check-in is
 * due), and dependency requests waiting for their answer. Due means the unit's cadence has
 * passed since the last check-in (or will within two days).
 */
export async function workOf(ctx: Ctx, orgId: string, personId: string) {
  const person = await peopleRepo.get(ctx.db, orgId, personId);
  const a = await analysisOf(ctx, orgId);
  const g = a.graph;
  const now = ctx.now().getTime();
  const owned = await nodesRepo.list(ctx.db, orgId, {
    limit: 500,
    offset: 0,
    where: { owner_person_id: personId },
    orderBy: [
      ["priority", "asc"],
      ["title", "asc"],
    ],
  });
  // Units the person leads: their goals are the person's to check in on too.
  const led = await ctx.db
    .selectFrom("units")
    .select(["id", "name"])
    .where("org_id", "=", orgId)
    .where("leader_id", "=", personId)
    .execute();
  const ledGoals = led.length
    ? await ctx.db
        .selectFrom("nodes")
        .select("id")
        .where("org_id", "=", orgId)
        .where(
          "owner_unit_id",
          "in",
          led.map((u) => u.id),
        )
        .where("owner_person_id", "is", null)
        .execute()
    : [];
  const ids = [...owned.items.map((n) => n.id), ...ledGoals.map((n) => n.id)];
  const nodes = [
    ...owned.items,
    ...(await nodesRepo.many(
      ctx.db,
      orgId,
      ledGoals.map((n) => n.id),
    )),
  ];
  const goals = nodes
    .filter((n) => n.status === "active" || n.status === "draft")
    .map((n) => {
      const i = g.index.get(n.id);
      const unit = i === undefined ? -1 : g.attrUnit[i];
      const cadence = unit >= 0 ? g.units.cadenceDays[unit] : 14;
      const last = new Date(n.lastCheckinAt ?? n.createdAt).getTime();
      const dueAt = new Date(last + cadence * DAY).toISOString();
      const measurable = n.target !== null;
      return {
        node: { ...n, progress: a.progressOf(n.id) },
        via: n.ownerPersonId === personId ? ("owner" as const) : ("unit leader" as const),
        checkinDueAt: measurable ? dueAt : null,
        overdue: measurable && last + cadence * DAY < now,
        dueSoon: measurable && last + cadence * DAY < now + 2 * DAY,
      };
    });
  const { rows: requests } = await sql<{
    edge_id: string;
    from_id: string;
    from_title: string;
    to_id: string;
    to_title: string;
    updated_at: Date;
  }>`
    select e.id as edge_id, f.id as from_id, f.title as from_title, t.id as to_id, t.title as to_title, e.updated_at
    from edges e
    join nodes t on t.org_id = e.org_id and t.id = e.to_id
    join nodes f on f.org_id = e.org_id and f.id = e.from_id
    where e.org_id = ${orgId} and e.kind = 'depends_on' and e.state = 'requested'
      and e.to_id in (select unnest(${ids.length ? ids : ["00000000-0000-0000-0000-000000000000"]}::uuid[]))
    order by e.updated_at`.execute(ctx.db);
  return {
    person: { id: person.id, name: person.name, title: person.title },
    checkinsDue: goals.filter((x) => x.dueSoon).length,
    goals: goals.sort(
      (x, y) => Number(y.overdue) - Number(x.overdue) || Number(y.dueSoon) - Number(x.dueSoon),
    ),
    requests: requests.map((r) => ({
      edgeId: r.edge_id,
      from: { id: r.from_id, title: r.from_title },
      to: { id: r.to_id, title: r.to_title },
      waitingSince: new Date(r.updated_at).toISOString(),
    })),
  };
}

export const TrendsQuery = z.object({ weeks: z.coerce.number().int().min(2).max(104).default(26) });

/**
 * Weekly progress and confidence over recent weeks, from check-in history: for each week,
 * the mean confidence of the check-ins made that week, and the mean progress of measured
 * items computed from their latest value as of the week's end.
 */
export async function trendsOf(ctx: Ctx, orgId: string, query: unknown) {
  const q = parse(TrendsQuery, query);
  if (
    !(await ctx.db
      .selectFrom("organizations")
      .select("id")
      .where("id", "=", orgId)
      .executeTakeFirst())
  ) {
    throw new AppError("not_found", `Organization ${orgId} was not found.`);
  }
  const end = ctx.now();
  const { rows } = await sql<{
    week: string;
    progress: number | null;
    confidence: number | null;
    checkins: number;
  }>`
    with weeks as (
      select generate_series(date_trunc('week', ${end.toISOString()}::timestamptz) - ${`${q.weeks - 1} weeks`}::interval,
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
    order by w.week`.execute(ctx.db);
  return { weeks: rows.map((r) => ({ ...r, checkins: Number(r.checkins) })) };
}
