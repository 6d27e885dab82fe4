import { type Kysely, sql } from "kysely";

/**
 * Accounts: users (argon2id password hashes), their role in each organization (and the
 * person they are there), sessions and API tokens (only SHA-256 hashes of the secrets are
 * stored), and private check-in notes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key,
      email text not null,
      name text not null,
      password_hash text not null,
      is_admin boolean not null default false,
      disabled boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index users_email on users (lower(email))`.execute(db);
  await sql`
    create table user_roles (
      user_id uuid not null references users(id) on delete cascade,
      org_id uuid not null references organizations(id) on delete cascade,
      role text not null check (role in ('admin', 'leader', 'member', 'viewer')),
      person_id uuid,
      primary key (user_id, org_id),
      foreign key (org_id, person_id) references people(org_id, id) on delete set null (person_id)
    )`.execute(db);
  await sql`create index user_roles_person on user_roles (org_id, person_id)`.execute(db);
  await sql`
    create table sessions (
      id_hash text primary key,
      user_id uuid not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await sql`
    create table api_tokens (
      id uuid primary key,
      user_id uuid not null references users(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      prefix text not null,
      scope text not null check (scope in ('read', 'write')),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index api_tokens_user on api_tokens (user_id)`.execute(db);
  await sql`alter table checkins add column private boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table checkins drop column private`.execute(db);
  await sql`drop table api_tokens`.execute(db);
  await sql`drop table sessions`.execute(db);
  await sql`drop table user_roles`.execute(db);
  await sql`drop table users`.execute(db);
}
