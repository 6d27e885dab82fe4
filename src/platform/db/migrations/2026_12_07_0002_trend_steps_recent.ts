import { type Kysely, sql } from "kysely";

/**
 * Check-ins added look only at the recent part of their items' histories (issue 8).
 *
 * 2026_12_07_0001 computed a touched item's steps over all of its check-ins, with and
 * without the new ones: a write cost more the longer its item's history (about 0.3 ms more
 * per 100 check-ins on the embedded database). The steps before the first new check-in are
 * the same in both and cancel out; so does the step of the last check-in before it, which
 * starts both sequences (its own predecessor is left out of both). Each touched item is now
 * read from that check-in on (by the `checkins_node` index): for a check-in later than all
 * before it, the usual case, two rows.
 */

/** The steps of the check-ins in `checkins` (a relation) for the items in `items`, times `sign`. */
const steps = (checkins: string, items: string, sign: string) => `
  select c.org_id, c.week, ${sign} * (c.p - coalesce(c.before, 0)) as dp,
    ${sign} * (case when c.before is null then 1 else 0 end) as dn
  from (
    select c.org_id, date_trunc('week', c.created_at, 'UTC') as week,
      trend_progress(c.value, n.baseline, n.target, n.direction) as p,
      lag(trend_progress(c.value, n.baseline, n.target, n.direction))
        over (partition by c.org_id, c.node_id order by c.created_at, c.id) as before
    from ${checkins} c join ${items} n on n.org_id = c.org_id and n.id = c.node_id
    where c.value is not null and n.target is not null and n.status in ('active', 'done')
  ) c`;

const APPEND = `
  insert into trend_steps (org_id, week, dp, dn, conf_sum, conf_n, checkins)
  select s.org_id, s.week, sum(s.dp), sum(s.dn), sum(s.conf_sum), sum(s.conf_n), sum(s.checkins)
  from all_steps s
  where exists (select 1 from organizations o where o.id = s.org_id)
  group by s.org_id, s.week
  having sum(s.dp) <> 0 or sum(s.dn) <> 0 or sum(s.conf_n) <> 0 or sum(s.checkins) <> 0`;

const ZERO_CONF = "0::float8 as conf_sum, 0 as conf_n, 0 as checkins";

/** Check-ins of the touched items from each one's `since` on (all of them when null). */
const recentOfTouched = (extra = "") => `(
  select c.* from checkins c join touched t on t.org_id = c.org_id and t.node_id = c.node_id
  where (t.since is null or c.created_at >= t.since) ${extra})`;

const NOT_NEW =
  "and not exists (select 1 from new_rows r where r.org_id = c.org_id and r.id = c.id)";

/**
 * The check-ins-added trigger function, given `touched`: a CTE body (after `with`) that
 * names, per touched item, `org_id`, `node_id` and `since` (read from then on; null: all).
 */
const checkinsAdded = (touched: string) => `
    create or replace function trend_checkins_added() returns trigger language plpgsql as $fn$
    begin
      -- The touched items locked first: a concurrent writer of one of them (which locks it
      -- too) has committed by now, and the next statement sees what it wrote.
      perform 1 from nodes n
      where (n.org_id, n.id) in (select distinct org_id, node_id from new_rows where value is not null)
      for no key update;
      with ${touched},
      steps as (
        ${steps(recentOfTouched(NOT_NEW), "nodes", "-1")}
        union all ${steps(recentOfTouched(), "nodes", "1")}
      ),
      all_steps as (
        select org_id, week, dp, dn, ${ZERO_CONF} from steps
        union all
        select org_id, date_trunc('week', created_at, 'UTC'), 0, 0, coalesce(confidence, 0),
          case when confidence is null then 0 else 1 end, 1
        from new_rows
      )
      ${APPEND};
      return null;
    end $fn$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      checkinsAdded(`firsts as (
        select org_id, node_id, min(created_at) as first from new_rows
        where value is not null group by org_id, node_id
      ),
      -- Per item: when the last check-in with a value before the first new one was made.
      touched as (
        select f.org_id, f.node_id,
          (select max(c.created_at) from checkins c
            where c.org_id = f.org_id and c.node_id = f.node_id and c.created_at < f.first
              and c.value is not null ${NOT_NEW}) as since
        from firsts f
      )`),
    )
    .execute(db);
}

/** Back to reading every check-in of a touched item (2026_12_07_0001's function). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      checkinsAdded(
        "touched as (select distinct org_id, node_id, null::timestamptz as since from new_rows where value is not null)",
      ),
    )
    .execute(db);
}
