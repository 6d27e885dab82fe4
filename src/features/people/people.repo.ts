import { type Kysely, sql } from "kysely";
import type { Membership, Person } from "../../core/records.js";
import {
  dropUndefined,
  entityRepo,
  iso,
  type ListQuery,
  type Page,
} from "../../platform/db/entity.repo.js";
import { cachedRead } from "../../platform/db/epochs.js";
import type { DB } from "../../platform/db/schema.js";

const base = entityRepo(
  "people",
  "Person",
  (r): Person => ({
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    email: r.email,
    title: r.title,
    managerId: r.manager_id,
    memberships: [],
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }),
);

async function withMemberships(db: Kysely<DB>, orgId: string, people: Person[]): Promise<Person[]> {
  if (people.length === 0) return people;
  const rows = await db
    .selectFrom("memberships")
    .select(["person_id", "unit_id", "share"])
    .where("org_id", "=", orgId)
    .where(
      "person_id",
      "in",
      people.map((p) => p.id),
    )
    .orderBy("share", "desc")
    .execute();
  const byPerson = new Map<string, Membership[]>();
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push({ unitId: r.unit_id, share: r.share });
    byPerson.set(r.person_id, list);
  }
  return people.map((p) => ({ ...p, memberships: byPerson.get(p.id) ?? [] }));
}

/** People and their memberships in units (a person may split their time between units). */
export const peopleRepo = {
  ...base,
  /** A person's manager, their manager and so on, nearest first (one recursive query). */
  async managerChainOf(db: Kysely<DB>, orgId: string, managerId: string) {
    const { rows } = await sql<{ id: string }>`
    with recursive up(id, manager_id, depth) as (
      select id, manager_id, 0 from people where org_id = ${orgId} and id = ${managerId}
      union all
      select p.id, p.manager_id, up.depth + 1 from people p join up on p.id = up.manager_id
      where p.org_id = ${orgId} and up.depth < 10000
    )
    select id from up order by depth`.execute(db);
    return rows;
  },
  async get(db: Kysely<DB>, orgId: string, id: string): Promise<Person> {
    const [p] = await withMemberships(db, orgId, [await base.get(db, orgId, id)]);
    return p;
  },
  async many(db: Kysely<DB>, orgId: string, ids: readonly string[]): Promise<Person[]> {
    return withMemberships(db, orgId, await base.many(db, orgId, ids));
  },
  /** A page of people with their memberships (from memory while neither changed, epochs.ts). */
  list(db: Kysely<DB>, orgId: string, q: ListQuery): Promise<Page<Person>> {
    const key = `list:people+memberships:${orgId}:${JSON.stringify(q)}`;
    return cachedRead(
      db,
      key,
      ["people", "memberships"],
      async () => {
        const page = await base.list(db, orgId, q);
        return { ...page, items: await withMemberships(db, orgId, page.items) };
      },
      "page",
    );
  },
  async listInUnit(
    db: Kysely<DB>,
    orgId: string,
    unitId: string,
    q: { limit: number; offset: number },
  ): Promise<Page<Person>> {
    const ids = await db
      .selectFrom("memberships")
      .select("person_id")
      .where("org_id", "=", orgId)
      .where("unit_id", "=", unitId)
      .execute();
    const all = await this.many(
      db,
      orgId,
      ids.map((r) => r.person_id),
    );
    all.sort((a, b) => a.name.localeCompare(b.name));
    return {
      items: all.slice(q.offset, q.offset + q.limit),
      total: all.length,
      limit: q.limit,
      offset: q.offset,
    };
  },
  /** Replaces a person's memberships. */
  async setMemberships(
    db: Kysely<DB>,
    orgId: string,
    personId: string,
    memberships: Membership[],
  ): Promise<void> {
    await db
      .deleteFrom("memberships")
      .where("org_id", "=", orgId)
      .where("person_id", "=", personId)
      .execute();
    if (memberships.length === 0) return;
    await db
      .insertInto("memberships")
      .values(
        memberships.map((m) => ({
          org_id: orgId,
          person_id: personId,
          unit_id: m.unitId,
          share: m.share,
        })),
      )
      .execute();
  },
};

export const personColumns = (
  p: Partial<Omit<Person, "id" | "version" | "createdAt" | "updatedAt" | "memberships">>,
) =>
  dropUndefined({
    external_id: p.externalId,
    name: p.name,
    email: p.email,
    title: p.title,
    manager_id: p.managerId,
  });
