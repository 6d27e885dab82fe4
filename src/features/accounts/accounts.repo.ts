import { type Kysely, sql } from "kysely";
import { isUuid } from "../../core/id-column.js";
import type { Role } from "../../core/policy.js";
import { num } from "../../platform/db/connect.js";
import { iso } from "../../platform/db/entity.repo.js";
import { cachedRead } from "../../platform/db/epochs.js";
import type { DB } from "../../platform/db/schema.js";

/** Users, their roles per organization, sessions and API tokens. Secrets arrive hashed. */

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  disabled: boolean;
  version: number;
  createdAt: string;
}

export interface UserRole {
  orgId: string;
  orgSlug: string;
  orgName: string;
  role: Role;
  personId: string | null;
}

export interface TokenRecord {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** After this moment the token is refused; null: it does not expire. */
  expiresAt: string | null;
}

const USER_COLUMNS = [
  "id",
  "email",
  "name",
  "is_admin",
  "disabled",
  "version",
  "created_at",
] as const;
/** USER_COLUMNS when users is joined (sessions, tokens). */
const JOINED_USER_COLUMNS = [
  "users.id",
  "users.email",
  "users.name",
  "users.is_admin",
  "users.disabled",
  "users.version",
  "users.created_at",
] as const;
const toUser = (r: {
  id: string;
  email: string;
  name: string;
  is_admin: boolean;
  disabled: boolean;
  version: number;
  created_at: Date;
}): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  isAdmin: r.is_admin,
  disabled: r.disabled,
  version: r.version,
  createdAt: iso(r.created_at),
});

const toToken = (r: {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date | null;
}): TokenRecord => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scope: r.scope as TokenRecord["scope"],
  createdAt: iso(r.created_at),
  lastUsedAt: r.last_used_at ? iso(r.last_used_at) : null,
  revokedAt: r.revoked_at ? iso(r.revoked_at) : null,
  expiresAt: r.expires_at ? iso(r.expires_at) : null,
});
const TOKEN_COLUMNS = [
  "id",
  "name",
  "prefix",
  "scope",
  "created_at",
  "last_used_at",
  "revoked_at",
  "expires_at",
] as const;

export const accountsRepo = {
  async countUsers(db: Kysely<DB>): Promise<number> {
    const r = await db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirst();
    return num(r?.n);
  },

  /** Serialises first-run set-up: two at once cannot both see "no users yet". */
  async lockUsers(db: Kysely<DB>): Promise<void> {
    await sql`lock table users in share row exclusive mode`.execute(db);
  },

  async byEmail(
    db: Kysely<DB>,
    email: string,
  ): Promise<(UserRecord & { passwordHash: string }) | null> {
    const r = await db
      .selectFrom("users")
      .select([...USER_COLUMNS, "password_hash"])
      .where(sql<string>`lower(email)`, "=", email.toLowerCase())
      .executeTakeFirst();
    return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
  },

  async byId(db: Kysely<DB>, id: string): Promise<(UserRecord & { passwordHash: string }) | null> {
    const r = await db
      .selectFrom("users")
      .select([...USER_COLUMNS, "password_hash"])
      .where("id", "=", id)
      .executeTakeFirst();
    return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
  },

  async list(db: Kysely<DB>, orgId?: string): Promise<(UserRecord & { roles: UserRole[] })[]> {
    let q = db.selectFrom("users").select(USER_COLUMNS).orderBy("email");
    if (orgId) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom("user_roles")
            .select("user_id")
            .whereRef("user_roles.user_id", "=", "users.id")
            .where("user_roles.org_id", "=", orgId),
        ),
      );
    }
    const users = (await q.execute()).map(toUser);
    const roles = await accountsRepo.rolesOf(
      db,
      users.map((u) => u.id),
    );
    return users.map((u) => ({ ...u, roles: roles.get(u.id) ?? [] }));
  },

  async insertUser(
    db: Kysely<DB>,
    u: { id: string; email: string; name: string; passwordHash: string; isAdmin: boolean },
  ): Promise<UserRecord> {
    const r = await db
      .insertInto("users")
      .values({
        id: u.id,
        email: u.email,
        name: u.name,
        password_hash: u.passwordHash,
        is_admin: u.isAdmin,
        created_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      })
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    return toUser(r);
  },

  async updateUser(
    db: Kysely<DB>,
    id: string,
    set: { name?: string; isAdmin?: boolean; disabled?: boolean; passwordHash?: string },
  ): Promise<UserRecord | null> {
    const r = await db
      .updateTable("users")
      .set({
        ...(set.name !== undefined && { name: set.name }),
        ...(set.isAdmin !== undefined && { is_admin: set.isAdmin }),
        ...(set.disabled !== undefined && { disabled: set.disabled }),
        ...(set.passwordHash !== undefined && { password_hash: set.passwordHash }),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where("id", "=", id)
      .returning(USER_COLUMNS)
      .executeTakeFirst();
    return r ? toUser(r) : null;
  },

  async rolesOf(db: Kysely<DB>, userIds: string[]): Promise<Map<string, UserRole[]>> {
    const out = new Map<string, UserRole[]>();
    if (userIds.length === 0) return out;
    const rows = await db
      .selectFrom("user_roles")
      .innerJoin("organizations", "organizations.id", "user_roles.org_id")
      .select([
        "user_roles.user_id",
        "user_roles.org_id",
        "user_roles.role",
        "user_roles.person_id",
        "organizations.slug",
        "organizations.name",
      ])
      .where("user_roles.user_id", "in", userIds)
      .orderBy("organizations.slug")
      .execute();
    for (const r of rows) {
      const list = out.get(r.user_id) ?? [];
      list.push({
        orgId: r.org_id,
        orgSlug: r.slug,
        orgName: r.name,
        role: r.role as Role,
        personId: r.person_id,
      });
      out.set(r.user_id, list);
    }
    return out;
  },

  async roleIn(
    db: Kysely<DB>,
    userId: string,
    orgId: string,
  ): Promise<{ role: Role; personId: string | null } | null> {
    return cachedRead(db, `role:${userId}:${orgId}`, ["user_roles"], async () => {
      const r = await db
        .selectFrom("user_roles")
        .select(["role", "person_id"])
        .where("user_id", "=", userId)
        .where("org_id", "=", orgId)
        .executeTakeFirst();
      return r ? { role: r.role as Role, personId: r.person_id } : null;
    });
  },

  /**
   * The organization named by slug or id, with the user's role in it (null: none), in one
   * statement; null when there is no such organization. A caller that looks the
   * organization up anyway runs this beside it (access.ts, prefetchRole).
   */
  async roleInNamed(
    db: Kysely<DB>,
    userId: string,
    slugOrId: string,
  ): Promise<{ orgId: string; role: Role | null; personId: string | null } | null> {
    return cachedRead(
      db,
      `role-in:${userId}:${slugOrId}`,
      ["user_roles", "organizations"],
      async () => {
        const q = db
          .selectFrom("organizations")
          .leftJoin("user_roles", (j) =>
            j
              .onRef("user_roles.org_id", "=", "organizations.id")
              .on("user_roles.user_id", "=", userId),
          )
          .select(["organizations.id as org_id", "user_roles.role", "user_roles.person_id"]);
        const rows = await (isUuid(slugOrId)
          ? q.where((eb) =>
              eb.or([
                eb("organizations.id", "=", slugOrId),
                eb("organizations.slug", "=", slugOrId),
              ]),
            )
          : q.where("organizations.slug", "=", slugOrId)
        ).execute();
        // (An id that is another organization's slug too: two rows, left to the usual reads.)
        if (rows.length !== 1) return null;
        const r = rows[0];
        return {
          orgId: r.org_id,
          role: (r.role as Role | null) ?? null,
          personId: r.person_id ?? null,
        };
      },
    );
  },

  async setRole(
    db: Kysely<DB>,
    userId: string,
    orgId: string,
    role: Role,
    personId: string | null,
  ): Promise<void> {
    await db
      .insertInto("user_roles")
      .values({ user_id: userId, org_id: orgId, role, person_id: personId })
      .onConflict((oc) =>
        oc.columns(["user_id", "org_id"]).doUpdateSet({ role, person_id: personId }),
      )
      .execute();
  },

  async removeRole(db: Kysely<DB>, userId: string, orgId: string): Promise<void> {
    await db
      .deleteFrom("user_roles")
      .where("user_id", "=", userId)
      .where("org_id", "=", orgId)
      .execute();
  },

  // Sessions ---------------------------------------------------------------------------

  async insertSession(
    db: Kysely<DB>,
    s: { idHash: string; userId: string; expiresAt: Date; now: Date },
  ): Promise<void> {
    await db
      .insertInto("sessions")
      .values({
        id_hash: s.idHash,
        user_id: s.userId,
        expires_at: s.expiresAt,
        created_at: s.now,
        last_seen_at: s.now,
      })
      .execute();
  },

  async sessionUser(
    db: Kysely<DB>,
    idHash: string,
    now: Date,
  ): Promise<{ user: UserRecord; lastSeenAt: Date } | null> {
    // Kept in memory while sessions and users are unchanged (epochs.ts); expiry checked here.
    const found = await cachedRead(db, `session:${idHash}`, ["sessions", "users"], async () => {
      const r = await db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.user_id")
        .select([...JOINED_USER_COLUMNS, "sessions.last_seen_at", "sessions.expires_at"])
        .where("sessions.id_hash", "=", idHash)
        .executeTakeFirst();
      return r ? { user: toUser(r), lastSeenAt: r.last_seen_at, expiresAt: r.expires_at } : null;
    });
    if (!found || found.expiresAt.getTime() <= now.getTime()) return null;
    return { user: found.user, lastSeenAt: found.lastSeenAt };
  },

  async touchSession(db: Kysely<DB>, idHash: string, now: Date, expiresAt: Date): Promise<void> {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: now, expires_at: expiresAt })
      .where("id_hash", "=", idHash)
      .execute();
  },

  async deleteSession(db: Kysely<DB>, idHash: string): Promise<void> {
    await db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
  },

  /** Ends every session of a user but one (after a password change). */
  async deleteSessionsOf(db: Kysely<DB>, userId: string, except?: string): Promise<void> {
    let q = db.deleteFrom("sessions").where("user_id", "=", userId);
    if (except) q = q.where("id_hash", "!=", except);
    await q.execute();
  },

  async deleteExpiredSessions(db: Kysely<DB>, now: Date): Promise<void> {
    await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
  },

  // API tokens -------------------------------------------------------------------------

  async insertToken(
    db: Kysely<DB>,
    t: {
      id: string;
      userId: string;
      name: string;
      hash: string;
      prefix: string;
      scope: string;
      expiresAt: Date | null;
    },
  ): Promise<TokenRecord> {
    const r = await db
      .insertInto("api_tokens")
      .values({
        id: t.id,
        user_id: t.userId,
        name: t.name,
        token_hash: t.hash,
        prefix: t.prefix,
        scope: t.scope,
        created_at: sql<Date>`now()`,
        expires_at: t.expiresAt,
      })
      .returning(TOKEN_COLUMNS)
      .executeTakeFirstOrThrow();
    return toToken(r);
  },

  async tokensOf(db: Kysely<DB>, userId: string): Promise<TokenRecord[]> {
    const rows = await db
      .selectFrom("api_tokens")
      .select(TOKEN_COLUMNS)
      .where("user_id", "=", userId)
      .orderBy("created_at", "desc")
      .execute();
    return rows.map(toToken);
  },

  async tokenUser(
    db: Kysely<DB>,
    hash: string,
  ): Promise<{
    user: UserRecord;
    tokenId: string;
    scope: "read" | "write";
    lastUsedAt: Date | null;
    expiresAt: Date | null;
  } | null> {
    return cachedRead(db, `token:${hash}`, ["api_tokens", "users"], async () => {
      const r = await db
        .selectFrom("api_tokens")
        .innerJoin("users", "users.id", "api_tokens.user_id")
        .select([
          ...JOINED_USER_COLUMNS,
          "api_tokens.id as token_id",
          "api_tokens.scope",
          "api_tokens.last_used_at",
          "api_tokens.expires_at",
        ])
        .where("api_tokens.token_hash", "=", hash)
        .where("api_tokens.revoked_at", "is", null)
        .executeTakeFirst();
      return r
        ? {
            user: toUser(r),
            tokenId: r.token_id,
            scope: r.scope as "read" | "write",
            lastUsedAt: r.last_used_at,
            expiresAt: r.expires_at,
          }
        : null;
    });
  },

  async revokeTokensOf(db: Kysely<DB>, userId: string, now: Date): Promise<void> {
    await db
      .updateTable("api_tokens")
      .set({ revoked_at: now })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .execute();
  },

  /** Records a use, unless one was recorded since `since` (a concurrent request did it). */
  async touchToken(db: Kysely<DB>, id: string, now: Date, since: Date): Promise<void> {
    await db
      .updateTable("api_tokens")
      .set({ last_used_at: now })
      .where("id", "=", id)
      .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", since)]))
      .execute();
  },

  async revokeToken(db: Kysely<DB>, userId: string, id: string, now: Date): Promise<boolean> {
    const r = await db
      .updateTable("api_tokens")
      .set({ revoked_at: now })
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  // Facts for the rules ------------------------------------------------------------------

  /** The units a person leads and every unit below them. */
  async ledUnits(db: Kysely<DB>, orgId: string, personId: string): Promise<Set<string>> {
    // Shared: callers must not change the set.
    return cachedRead(db, `led:${orgId}:${personId}`, ["units"], async () => {
      const rows = await sql<{ id: string }>`
      with recursive led(id) as (
        select id from units where org_id = ${orgId} and leader_id = ${personId}
        union
        select u.id from units u join led on u.parent_id = led.id where u.org_id = ${orgId}
      ) select id from led`.execute(db);
      return new Set(rows.rows.map((r) => r.id));
    });
  },

  /** The units a person belongs to. */
  async unitsOfPerson(db: Kysely<DB>, orgId: string, personId: string): Promise<string[]> {
    const rows = await db
      .selectFrom("memberships")
      .select("unit_id")
      .where("org_id", "=", orgId)
      .where("person_id", "=", personId)
      .execute();
    return rows.map((r) => r.unit_id);
  },

  /** For each author, the people above them (manager, manager's manager, …). */
  async managerChains(
    db: Kysely<DB>,
    orgId: string,
    authorIds: string[],
  ): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (authorIds.length === 0) return out;
    const rows = await sql<{ author: string; manager: string }>`
      with recursive chain(author, manager, depth) as (
        select p.id, p.manager_id, 1 from people p
          where p.org_id = ${orgId} and p.id = any(${authorIds}::uuid[]) and p.manager_id is not null
        union all
        select c.author, p.manager_id, c.depth + 1 from chain c
          join people p on p.org_id = ${orgId} and p.id = c.manager
          where p.manager_id is not null and c.depth < 100
      ) select author, manager from chain`.execute(db);
    for (const r of rows.rows) {
      const list = out.get(r.author) ?? [];
      list.push(r.manager);
      out.set(r.author, list);
    }
    return out;
  },
};
