import { sql } from "kysely";
import type { Db } from "../../platform/db/schema.js";

/** The queries behind "My work" and the trends chart. */
export const myworkRepo = {
  unitsLedBy(db: Db, orgId: string, personId: string) {
    return db
      .selectFrom("units")
      .select(["id", "name"])
      .where("org_id", "=", orgId)
      .where("leader_id", "=", personId)
      .execute();
  },

  /** Goals owned by these units and by no person: their leader checks in on them. */
  async unitGoalsWithoutOwner(db: Db, orgId: string, unitIds: string[]) {
    if (unitIds.length === 0) return [];
    return db
      .selectFrom("nodes")
      .select("id")
      .where("org_id", "=", orgId)
      .where("owner_unit_id", "in", unitIds)
      .where("owner_person_id", "is", null)
      .execute();
  },

  /** Dependency requests that wait for an answer from the owner of one of these nodes. */
  async requestsWaitingOn(db: Db, orgId: string, ids: string[]) {
    const { rows } = await sql<{
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
    order by e.updated_at`.execute(db);
    return rows;
  },

  async orgExists(db: Db, orgId: string): Promise<boolean> {
    const row = await db
      .selectFrom("organizations")
      .select("id")
      .where("id", "=", orgId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Per week: mean progress of measured items as of the week's end, mean confidence. */
  async weeklyTrends(db: Db, orgId: string, end: Date, weeks: number) {
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
    return rows;
  },
};
