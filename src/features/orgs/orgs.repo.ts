import { type Kysely, sql } from "kysely";
import { isUuid } from "../../core/id-column.js";
import { cachedRead, epochsOf, REVISION_TABLES, revisionKey } from "../../platform/db/epochs.js";
import type { DB } from "../../platform/db/schema.js";

export interface Organization {
  id: string;
  slug: string;
  name: string;
  vision: string;
  revision: number;
  createdAt: string;
}

type Executor = Kysely<DB>;

const toOrg = (r: {
  id: string;
  slug: string;
  name: string;
  vision: string;
  revision: string | number;
  created_at: Date;
}): Organization => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  vision: r.vision,
  revision: Number(r.revision),
  createdAt: r.created_at.toISOString(),
});

const COLUMNS = ["id", "slug", "name", "vision", "revision", "created_at"] as const;

/** An organization by slug or id. */
export async function findOrg(db: Executor, slugOrId: string): Promise<Organization | null> {
  const read = async () => {
    const q = db.selectFrom("organizations").select(COLUMNS);
    const row = await (isUuid(slugOrId)
      ? q.where((eb) => eb.or([eb("id", "=", slugOrId), eb("slug", "=", slugOrId)]))
      : q.where("slug", "=", slugOrId)
    ).executeTakeFirst();
    return row ? toOrg(row) : null;
  };
  if (!epochsOf(db)) return read();
  // Where this process sees every write (epochs.ts): the row from memory while organizations
  // are unchanged, and the revision (which every write moves on) read on its own.
  const org = await cachedRead(db, `org:${slugOrId}`, ["organizations"], read);
  return org ? { ...org, revision: await getRevision(db, org.id) } : null;
}

export async function listOrgs(db: Executor): Promise<Organization[]> {
  const rows = await db.selectFrom("organizations").select(COLUMNS).orderBy("name").execute();
  return rows.map(toOrg);
}

export async function insertOrg(
  db: Executor,
  org: { id: string; slug: string; name: string; vision: string },
): Promise<Organization> {
  const row = await db
    .insertInto("organizations")
    .values(org)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toOrg(row);
}

export async function updateOrg(
  db: Executor,
  id: string,
  patch: { name?: string; vision?: string },
): Promise<Organization> {
  const row = await db
    .updateTable("organizations")
    .set({ ...patch, updated_at: sql`now()` })
    .where("id", "=", id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toOrg(row);
}

/** The organization's current revision (recordChange moves it on with every write). */
export function getRevision(db: Executor, orgId: string): Promise<number> {
  return cachedRead(db, revisionKey(orgId), REVISION_TABLES, async () => {
    const row = await db
      .selectFrom("organizations")
      .select("revision")
      .where("id", "=", orgId)
      .executeTakeFirst();
    return row ? Number(row.revision) : -1;
  });
}

export async function deleteOrg(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom("organizations").where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
