import { type Kysely, sql } from "kysely";

/** The tables whose rows `row_counts` counts per organization (the CRUD kit's tables). */
const COUNTED = ["units", "people", "cycles", "nodes", "edges"] as const;

/**
 * For the per-request queries (issue 8, item 9; figures in bench/README.md, "Per-request
 * queries"):
 *
 * - indexes: check-ins by time (trends read a window of weeks, not the whole history), the
 *   default order of the goal, people, unit and edge lists (a page reads its index entries
 *   instead of sorting the organization), edges by their `from` node (a node's links;
 *   `edges_pair` leads with the kind) and units by leader (my work);
 * - `row_counts`: how many units, people, cycles, nodes and edges each organization has, so
 *   that an unfiltered list's `total` is not a count over the whole table. Triggers append
 *   one signed delta row per statement (never updating a shared row, so concurrent writers
 *   take no lock on it and cannot deadlock over it); readers sum an organization's deltas
 *   and fold them into one row now and then (`entity.repo.ts`). Rows deleted by a cascade
 *   from their organization append nothing: that organization's counts go with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index checkins_org_time on checkins (org_id, created_at)`.execute(db);
  await sql`create index nodes_list_order on nodes (org_id, priority, title, id)`.execute(db);
  await sql`create index people_list_order on people (org_id, name, id)`.execute(db);
  await sql`create index units_list_order on units (org_id, name, id)`.execute(db);
  await sql`create index edges_list_order on edges (org_id, created_at, id)`.execute(db);
  await sql`create index edges_from on edges (org_id, from_id)`.execute(db);
  await sql`create index edges_requests on edges (org_id, created_at, id) where state = 'requested'`.execute(
    db,
  );
  await sql`create index units_leader on units (org_id, leader_id)`.execute(db);

  await sql`
    create table row_counts (
      org_id uuid not null references organizations(id) on delete cascade,
      entity text not null,
      n bigint not null
    )`.execute(db);
  await sql`create index row_counts_org on row_counts (org_id, entity)`.execute(db);
  await sql`
    create function count_rows() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into row_counts (org_id, entity, n)
        select r.org_id, tg_table_name, count(*) from new_rows r
        where exists (select 1 from organizations o where o.id = r.org_id)
        group by r.org_id;
      else
        insert into row_counts (org_id, entity, n)
        select r.org_id, tg_table_name, -count(*) from old_rows r
        where exists (select 1 from organizations o where o.id = r.org_id)
        group by r.org_id;
      end if;
      return null;
    end $$`.execute(db);
  for (const table of COUNTED) {
    await sql`
      create trigger ${sql.id(`${table}_count_insert`)} after insert on ${sql.table(table)}
      referencing new table as new_rows for each statement execute function count_rows()`.execute(
      db,
    );
    await sql`
      create trigger ${sql.id(`${table}_count_delete`)} after delete on ${sql.table(table)}
      referencing old table as old_rows for each statement execute function count_rows()`.execute(
      db,
    );
    await sql`
      insert into row_counts (org_id, entity, n)
      select org_id, ${table}, count(*) from ${sql.table(table)} group by org_id`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of COUNTED) {
    await sql`drop trigger ${sql.id(`${table}_count_insert`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger ${sql.id(`${table}_count_delete`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function count_rows()`.execute(db);
  await sql`drop table row_counts`.execute(db);
  for (const index of [
    "units_leader",
    "edges_requests",
    "edges_from",
    "edges_list_order",
    "units_list_order",
    "people_list_order",
    "nodes_list_order",
    "checkins_org_time",
  ]) {
    await sql`drop index ${sql.id(index)}`.execute(db);
  }
}
