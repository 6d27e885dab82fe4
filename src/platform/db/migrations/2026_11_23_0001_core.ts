import { type Kysely, sql } from "kysely";

/**
 * The alignment core. Frozen once released: change the schema in a new migration.
 * Every table carries org_id and leads its keys with it, so a deployment can shard by
 * organization (e.g. Citus) without a redesign. Foreign keys are deferrable so that a whole
 * organization can be loaded in one transaction in any order (see bundle.repo.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // PGlite runs one statement per query, so the script is split and run statement by statement.
  for (const statement of SCHEMA.split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

const SCHEMA = `
    create table organizations (
      id uuid primary key,
      slug text not null unique,
      name text not null,
      vision text not null default '',
      revision bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table units (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null,
      parent_id uuid,
      name text not null,
      kind text not null check (kind in ('company','division','department','team')),
      leader_id uuid,
      cadence_days integer not null default 14 check (cadence_days between 1 and 366),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, parent_id) references units(org_id, id) deferrable
    );
    create index units_parent on units (org_id, parent_id);

    create table people (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null,
      external_id text,
      name text not null,
      email text,
      title text not null default '',
      manager_id uuid,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, manager_id) references people(org_id, id) on delete set null (manager_id) deferrable
    );
    create unique index people_external on people (org_id, external_id);
    create unique index people_email on people (org_id, lower(email));
    create index people_manager on people (org_id, manager_id);

    alter table units add foreign key (org_id, leader_id) references people(org_id, id) on delete set null (leader_id) deferrable;

    create table memberships (
      org_id uuid not null references organizations(id) on delete cascade,
      person_id uuid not null,
      unit_id uuid not null,
      share double precision not null default 1 check (share > 0 and share <= 1),
      primary key (org_id, person_id, unit_id),
      foreign key (org_id, person_id) references people(org_id, id) on delete cascade deferrable,
      foreign key (org_id, unit_id) references units(org_id, id) on delete cascade deferrable
    );
    create index memberships_unit on memberships (org_id, unit_id);

    create table cycles (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null,
      parent_id uuid,
      name text not null,
      kind text not null check (kind in ('year','quarter')),
      starts_on date not null,
      ends_on date not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, parent_id) references cycles(org_id, id) on delete cascade deferrable,
      check (ends_on >= starts_on)
    );

    create table nodes (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null,
      kind text not null check (kind in ('objective','key_result','goal','kpi','initiative')),
      title text not null,
      description text not null default '',
      owner_unit_id uuid,
      owner_person_id uuid,
      cycle_id uuid,
      baseline double precision,
      target double precision,
      current double precision,
      metric_unit text,
      direction text not null default 'increase' check (direction in ('increase','decrease')),
      status text not null default 'active' check (status in ('draft','active','done','cancelled')),
      confidence double precision check (confidence between 0 and 1),
      priority integer check (priority >= 1),
      standalone boolean not null default false,
      standalone_reason text,
      last_checkin_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, owner_unit_id) references units(org_id, id) on delete set null (owner_unit_id) deferrable,
      foreign key (org_id, owner_person_id) references people(org_id, id) on delete set null (owner_person_id) deferrable,
      foreign key (org_id, cycle_id) references cycles(org_id, id) on delete set null (cycle_id) deferrable,
      check (not standalone or coalesce(standalone_reason, '') <> '')
    );
    create index nodes_owner_unit on nodes (org_id, owner_unit_id);
    create index nodes_owner_person on nodes (org_id, owner_person_id);
    create index nodes_kind on nodes (org_id, kind);

    create table edges (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null,
      kind text not null check (kind in ('contributes_to','supports','depends_on')),
      from_id uuid not null,
      to_id uuid not null,
      weight double precision not null default 1 check (weight > 0),
      state text check (state in ('requested','accepted','declined','done')),
      note text not null default '',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, from_id) references nodes(org_id, id) on delete cascade deferrable,
      foreign key (org_id, to_id) references nodes(org_id, id) on delete cascade deferrable,
      check (from_id <> to_id),
      check ((kind = 'depends_on') = (state is not null))
    );
    create unique index edges_pair on edges (org_id, kind, from_id, to_id);
    create index edges_to on edges (org_id, to_id);

    create table checkins (
      org_id uuid not null references organizations(id) on delete cascade,
      id uuid not null,
      node_id uuid not null,
      value double precision,
      confidence double precision check (confidence between 0 and 1),
      note text not null default '',
      author_id uuid,
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, node_id) references nodes(org_id, id) on delete cascade deferrable,
      foreign key (org_id, author_id) references people(org_id, id) on delete set null (author_id) deferrable
    );
    create index checkins_node on checkins (org_id, node_id, created_at);
`;

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table checkins, edges, nodes, cycles, memberships, people, units, organizations cascade`.execute(
    db,
  );
}
