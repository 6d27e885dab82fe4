import { type Kysely, sql } from "kysely";

/**
 * Weekly sums for the trends (issue 8, item 9): the trends read these instead of every
 * check-in of the window (XL: 48,000 check-ins and 8,600 node look-ups per request).
 *
 * A measured item (a target, active or done) counts in a week with the progress of its
 * latest value as of the week's end (computed with its current baseline, target and
 * direction). As steps: a check-in with a value adds, in its week, its progress minus the
 * progress of the item's value before it, and the item's first value adds the item to the
 * count. A week's mean progress is the sum of all steps up to it over the count up to it.
 * Each check-in also adds its confidence and itself to its week.
 *
 * Triggers append signed delta rows, as `row_counts` does (never updating a shared row, so
 * concurrent writers take no lock on it); the trends read sums an organization's rows and
 * folds them now and then (`mywork.repo.ts`). What moves steps, and how the triggers
 * follow it: an item's values (check-ins added or removed: the item's steps before and
 * after, by statement), an item's baseline, target, direction or status (its steps with the
 * old and with the new values), an item deleted (its steps, before its check-ins go with
 * it). Rows of an organization being deleted append nothing: its sums go with it.
 *
 * On PostgreSQL several writers may touch one item at once: a check-in trigger locks the
 * touched items before it reads their check-ins (a check-in's own statement has locked its
 * item already; an item's edit locks it by updating it), so each sees what the others
 * committed. Weeks are weeks of UTC, whatever a session's time zone. An UPDATE of check-ins
 * (nothing does one) or a TRUNCATE would bypass the triggers.
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
  from steps s
  where exists (select 1 from organizations o where o.id = s.org_id)
  group by s.org_id, s.week
  having sum(s.dp) <> 0 or sum(s.dn) <> 0 or sum(s.conf_n) <> 0 or sum(s.checkins) <> 0`;

/** Check-ins of the items touched by the statement: `touched` is (org_id, node_id). */
const ofTouched = (extra = "") => `(
  select c.* from checkins c
  where (c.org_id, c.node_id) in (select org_id, node_id from touched) ${extra})`;

const ZERO_CONF = "0::float8 as conf_sum, 0 as conf_n, 0 as checkins";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table trend_steps (
      org_id uuid not null references organizations(id) on delete cascade,
      week timestamptz not null,
      dp float8 not null,
      dn integer not null,
      conf_sum float8 not null,
      conf_n integer not null,
      checkins integer not null
    )`.execute(db);
  await sql`create index trend_steps_org_week on trend_steps (org_id, week)`.execute(db);
  // The progress of a value, as the engine and the trends have always computed it.
  await sql`
    create function trend_progress(v float8, baseline float8, target float8, direction text)
    returns float8 language sql immutable as $$
      select greatest(0, least(1,
        case when target = coalesce(baseline, 0) then
               (case when (direction = 'increase' and v >= target)
                       or (direction = 'decrease' and v <= target) then 1 else 0 end)
             when direction = 'increase' then (v - coalesce(baseline, 0)) / (target - coalesce(baseline, 0))
             else (coalesce(baseline, 0) - v) / (coalesce(baseline, 0) - target) end))
    $$`.execute(db);

  // Check-ins added: the touched items' steps without them, taken back; with them, added.
  await sql
    .raw(`
    create function trend_checkins_added() returns trigger language plpgsql as $fn$
    begin
      -- The touched items locked first: a concurrent writer of one of them (which locks it
      -- too) has committed by now, and the next statement sees what it wrote.
      perform 1 from nodes n
      where (n.org_id, n.id) in (select distinct org_id, node_id from new_rows where value is not null)
      for no key update;
      with touched as (select distinct org_id, node_id from new_rows where value is not null),
      steps as (
        ${steps(ofTouched("and not exists (select 1 from new_rows r where r.org_id = c.org_id and r.id = c.id)"), "nodes", "-1")}
        union all ${steps(ofTouched(), "nodes", "1")}
      ),
      all_steps as (
        select org_id, week, dp, dn, ${ZERO_CONF} from steps
        union all
        select org_id, date_trunc('week', created_at, 'UTC'), 0, 0, coalesce(confidence, 0),
          case when confidence is null then 0 else 1 end, 1
        from new_rows
      )
      ${APPEND.replace("from steps s", "from all_steps s")};
      return null;
    end $fn$`)
    .execute(db);
  // Check-ins removed: the touched items' steps with them, taken back; without them, added.
  await sql
    .raw(`
    create function trend_checkins_removed() returns trigger language plpgsql as $fn$
    begin
      -- Check-ins going with their organization: its sums go too.
      if not exists (select 1 from old_rows r join organizations o on o.id = r.org_id) then
        return null;
      end if;
      -- The touched items locked first: a concurrent writer of one of them (which locks it
      -- too) has committed by now, and the next statement sees what it wrote.
      perform 1 from nodes n
      where (n.org_id, n.id) in (select distinct org_id, node_id from old_rows where value is not null)
      for no key update;
      with touched as (select distinct org_id, node_id from old_rows where value is not null),
      steps as (
        ${steps(`(select * from old_rows union all select * from ${ofTouched()} t)`, "nodes", "-1")}
        union all ${steps(ofTouched(), "nodes", "1")}
      ),
      all_steps as (
        select org_id, week, dp, dn, ${ZERO_CONF} from steps
        union all
        select org_id, date_trunc('week', created_at, 'UTC'), 0, 0, -coalesce(confidence, 0),
          case when confidence is null then 0 else -1 end, -1
        from old_rows
      )
      ${APPEND.replace("from steps s", "from all_steps s")};
      return null;
    end $fn$`)
    .execute(db);
  // Items whose baseline, target, direction or status changed: steps with the old values
  // taken back, steps with the new ones added.
  await sql
    .raw(`
    create function trend_items_changed() returns trigger language plpgsql as $fn$
    begin
      with changed_old as (
        select o.* from old_rows o join new_rows n on n.org_id = o.org_id and n.id = o.id
        where (o.baseline, o.target, o.direction, o.status)
          is distinct from (n.baseline, n.target, n.direction, n.status)
      ),
      changed_new as (
        select n.* from new_rows n join changed_old o on o.org_id = n.org_id and o.id = n.id
      ),
      touched as (select org_id, id as node_id from changed_old),
      steps as (
        ${steps(ofTouched(), "changed_old", "-1")}
        union all ${steps(ofTouched(), "changed_new", "1")}
      ),
      all_steps as (select org_id, week, dp, dn, ${ZERO_CONF} from steps)
      ${APPEND.replace("from steps s", "from all_steps s")};
      return null;
    end $fn$`)
    .execute(db);
  // An item deleted: its steps taken back before its check-ins go with it (those check-ins'
  // own trigger then finds no item and takes back only their confidence and count).
  await sql
    .raw(`
    create function trend_item_deleted() returns trigger language plpgsql as $fn$
    begin
      -- An item going with its organization: its sums go too.
      if not exists (select 1 from organizations o where o.id = old.org_id) then
        return old;
      end if;
      with item as (select old.*),
      touched as (select old.org_id, old.id as node_id),
      steps as (${steps(ofTouched(), "item", "-1")}),
      all_steps as (select org_id, week, dp, dn, ${ZERO_CONF} from steps)
      ${APPEND.replace("from steps s", "from all_steps s")};
      return old;
    end $fn$`)
    .execute(db);

  await sql`
    create trigger checkins_trend_insert after insert on checkins
    referencing new table as new_rows for each statement execute function trend_checkins_added()`.execute(
    db,
  );
  await sql`
    create trigger checkins_trend_delete after delete on checkins
    referencing old table as old_rows for each statement execute function trend_checkins_removed()`.execute(
    db,
  );
  await sql`
    create trigger nodes_trend_update after update on nodes
    referencing old table as old_rows new table as new_rows
    for each statement execute function trend_items_changed()`.execute(db);
  await sql`
    create trigger nodes_trend_delete before delete on nodes
    for each row execute function trend_item_deleted()`.execute(db);

  // What is there already.
  await sql
    .raw(`
    insert into trend_steps (org_id, week, dp, dn, conf_sum, conf_n, checkins)
    select org_id, week, sum(dp), sum(dn), sum(conf_sum), sum(conf_n), sum(checkins) from (
      select org_id, week, dp, dn, ${ZERO_CONF} from (${steps("checkins", "nodes", "1")}) s
      union all
      select org_id, date_trunc('week', created_at, 'UTC'), 0, 0, coalesce(confidence, 0),
        case when confidence is null then 0 else 1 end, 1
      from checkins
    ) a group by org_id, week`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger nodes_trend_delete on nodes`.execute(db);
  await sql`drop trigger nodes_trend_update on nodes`.execute(db);
  await sql`drop trigger checkins_trend_delete on checkins`.execute(db);
  await sql`drop trigger checkins_trend_insert on checkins`.execute(db);
  await sql`drop function trend_item_deleted()`.execute(db);
  await sql`drop function trend_items_changed()`.execute(db);
  await sql`drop function trend_checkins_removed()`.execute(db);
  await sql`drop function trend_checkins_added()`.execute(db);
  await sql`drop function trend_progress(float8, float8, float8, text)`.execute(db);
  await sql`drop table trend_steps`.execute(db);
}
