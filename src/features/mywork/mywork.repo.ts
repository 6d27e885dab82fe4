import { sql } from "kysely";
import type { Db } from "../../platform/db/schema.js";

/** The queries behind "My work" and the trends chart. */
/** More delta rows than this (for the weeks up to now): the trends read folds them. */
const FOLD_TRENDS_AFTER = 2_000;

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
   * Read from `trend_steps` (migration 2026_12_07_0001), the weekly sums the database keeps
   * as check-ins and items change: each value holds from its check-in until the item's
   * next value and counts for every week that ends inside that span, so a week's total is
   * the running sum of the steps up to it. What it costs grows with the organization's
   * weeks, not with its check-ins. Weeks start on Monday 00:00 UTC.
   */
  async weeklyTrends(db: Db, orgId: string, end: Date, weeks: number) {
    const at = end.toISOString();
    const { rows } = await sql<{
      week: string;
      progress: number | null;
      confidence: number | null;
      checkins: number;
      deltas: number;
    }>`
    with bounds as (
      select date_trunc('week', ${at}::timestamptz, 'UTC') - ${`${(weeks - 1) * 168} hours`}::interval as first,
        date_trunc('week', ${at}::timestamptz, 'UTC') as last
    ),
    sums as (
      select s.week, sum(s.dp) as dp, sum(s.dn) as dn, sum(s.conf_sum) as conf_sum,
        sum(s.conf_n) as conf_n, sum(s.checkins) as checkins, count(*) as deltas
      from trend_steps s, bounds b
      where s.org_id = ${orgId} and s.week <= b.last
      group by s.week
    ),
    before as (
      select coalesce(sum(dp), 0) as dp, coalesce(sum(dn), 0) as dn from sums, bounds b
      where sums.week < b.first
    ),
    series as (
      select w.week, p.dp + sum(coalesce(s.dp, 0)) over (order by w.week) as total,
        p.dn + sum(coalesce(s.dn, 0)) over (order by w.week) as n,
        s.conf_sum, s.conf_n, s.checkins
      from bounds b, before p,
        generate_series(b.first, b.last, interval '168 hours') as w(week)
        left join sums s on s.week = w.week
    )
    select to_char(week at time zone 'UTC', 'YYYY-MM-DD') as week,
      case when n > 0 then greatest(0, least(1, total / n))::float8 end as progress,
      case when conf_n > 0 then (conf_sum / conf_n)::float8 end as confidence,
      coalesce(checkins, 0)::int as checkins,
      (select coalesce(sum(deltas), 0) from sums)::int as deltas
    from series order by week`.execute(db);
    // The steps are appended per write; folded into one row per week now and then.
    if ((rows[0]?.deltas ?? 0) > FOLD_TRENDS_AFTER && !db.isTransaction) {
      await sql`
        with folded as (delete from trend_steps where org_id = ${orgId} returning *)
        insert into trend_steps (org_id, week, dp, dn, conf_sum, conf_n, checkins)
        select org_id, week, sum(dp), sum(dn), sum(conf_sum), sum(conf_n), sum(checkins)
        from folded group by org_id, week`.execute(db);
    }
    return rows.map(({ deltas: _, ...r }) => r);
  },
};
