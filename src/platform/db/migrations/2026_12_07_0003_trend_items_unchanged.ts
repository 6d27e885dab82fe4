import { type Kysely, sql } from "kysely";

/**
 * An update of nodes that changes no item's baseline, target, direction or status (every
 * check-in's, which moves the current value) leaves the trends at once (issue 8).
 *
 * 2026_12_07_0001's `trend_items_changed` found no changed item for such an update, but
 * only after planning and running its whole statement over the transition tables: 0.41 ms
 * of a check-in's 1.85 ms on the embedded database (EXPLAIN ANALYZE of the demo's check-in
 * statement). The function is the same, behind a first look for a changed item.
 */

// The body of 2026_12_07_0001's function, unchanged (a released migration never changes, so
// its text is repeated here rather than imported).
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

const ofTouched = `(
  select c.* from checkins c
  where (c.org_id, c.node_id) in (select org_id, node_id from touched) )`;

const CHANGED = `
  select o.* from old_rows o join new_rows n on n.org_id = o.org_id and n.id = o.id
  where (o.baseline, o.target, o.direction, o.status)
    is distinct from (n.baseline, n.target, n.direction, n.status)`;

const itemsChanged = (earlyExit: boolean) => `
  create or replace function trend_items_changed() returns trigger language plpgsql as $fn$
  begin
    ${earlyExit ? `if not exists (${CHANGED}) then return null; end if;` : ""}
    with changed_old as (${CHANGED}),
    changed_new as (
      select n.* from new_rows n join changed_old o on o.org_id = n.org_id and o.id = n.id
    ),
    touched as (select org_id, id as node_id from changed_old),
    steps as (
      ${steps(ofTouched, "changed_old", "-1")}
      union all ${steps(ofTouched, "changed_new", "1")}
    ),
    all_steps as (select org_id, week, dp, dn, 0::float8 as conf_sum, 0 as conf_n, 0 as checkins from steps)
    ${APPEND};
    return null;
  end $fn$`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(itemsChanged(true)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(itemsChanged(false)).execute(db);
}
