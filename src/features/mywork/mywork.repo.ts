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

  /**
   * Per week: mean progress of measured items as of the week's end, mean confidence.
   *
   * Reads only the check-ins that can matter: those inside the window (once, for both
   * figures) and, per node, the latest value before it (`checkins_org_time` bounds both). Each value holds from its
   * check-in until the node's next value; it counts for every week that ends inside that
   * span. Instead of pairing every node with every week, each span adds its progress at
   * the week it starts counting and takes it away at the first week it no longer counts,
   * and a running sum over the weeks gives each week's total (O(check-ins + weeks)).
   * Weeks start on Monday 00:00 in the session's time zone, as `date_trunc` has them.
   */
  async weeklyTrends(db: Db, orgId: string, end: Date, weeks: number) {
    const bounds = await sql<{ first: Date; stop: Date; last: Date }>`
    select date_trunc('week', ${end.toISOString()}::timestamptz) - ${`${weeks - 1} weeks`}::interval as first,
           date_trunc('week', ${end.toISOString()}::timestamptz) as last,
           date_trunc('week', ${end.toISOString()}::timestamptz) + interval '1 week' as stop`.execute(
      db,
    );
    const { first, last, stop } = bounds.rows[0]!;
    const { rows } = await sql<{
      week: string;
      progress: number | null;
      confidence: number | null;
      checkins: number;
    }>`
    with weeks as (
      select generate_series(${first}::timestamptz, ${last}::timestamptz, interval '1 week') as week
    ),
    in_window as materialized (
      select c.node_id, c.created_at, c.id, c.value, c.confidence from checkins c
      where c.org_id = ${orgId} and c.created_at >= ${first}::timestamptz and c.created_at < ${stop}::timestamptz
    ),
    vals as materialized (
      select node_id, created_at, id, value from (
        select distinct on (c.node_id) c.node_id, c.created_at, c.id, c.value from checkins c
        where c.org_id = ${orgId} and c.value is not null and c.created_at < ${first}::timestamptz
        order by c.node_id, c.created_at desc, c.id desc) before_window
      union all
      select node_id, created_at, id, value from in_window where value is not null
    ),
    measured as (
      select n.id, n.baseline, n.target, n.direction from nodes n
      where n.org_id = ${orgId} and n.id in (select node_id from vals)
        and n.target is not null and n.status in ('active', 'done')
    ),
    spans as (
      select v.created_at,
        lead(v.created_at) over (partition by v.node_id order by v.created_at, v.id) as next_at,
        greatest(0, least(1,
          case when n.target = coalesce(n.baseline, 0) then (case when (n.direction = 'increase' and v.value >= n.target) or (n.direction = 'decrease' and v.value <= n.target) then 1 else 0 end)
               when n.direction = 'increase' then (v.value - coalesce(n.baseline, 0)) / (n.target - coalesce(n.baseline, 0))
               else (coalesce(n.baseline, 0) - v.value) / (coalesce(n.baseline, 0) - n.target) end)) as p
      from vals v join measured n on n.id = v.node_id
    ),
    steps as (
      select week, sum(dp) as dp, sum(dn) as dn from (
        select greatest(date_trunc('week', created_at), ${first}::timestamptz) as week, p::numeric as dp, 1 as dn
        from spans
        union all
        select date_trunc('week', next_at - interval '1 week') + interval '1 week', -p::numeric, -1
        from spans where next_at is not null
      ) d group by week
    ),
    progress as (
      select w.week, sum(coalesce(s.dp, 0)) over (order by w.week) as total,
        sum(coalesce(s.dn, 0)) over (order by w.week) as n
      from weeks w left join steps s on s.week = w.week
    ),
    conf as (
      select date_trunc('week', created_at) as week, avg(confidence) as confidence, count(*)::int as checkins
      from in_window group by 1
    )
    select to_char(w.week, 'YYYY-MM-DD') as week,
      case when p.n > 0 then (p.total / p.n)::float8 end as progress, c.confidence,
      coalesce(c.checkins, 0) as checkins
    from weeks w left join progress p on p.week = w.week left join conf c on c.week = w.week
    order by w.week`.execute(db);
    return rows;
  },
};
