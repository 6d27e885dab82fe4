import { type Kysely, sql } from "kysely";
import {
  DEP_NONE,
  DIRECTION_DECREASE,
  DIRECTION_INCREASE,
  KIND_CODES,
  KIND_GOAL,
  STATUS_CODES,
  STATUS_DRAFT,
} from "../../core/graph.js";
import { isUuid } from "../../core/id-column.js";
import { IdIndex } from "../../core/idindex.js";
import {
  DEP_STATE_CODES,
  EDGE_KIND_CODES,
  emptyEdgeColumns,
  emptyNodeColumnsSteps,
  type LiveColumns,
} from "../../core/live.js";
import { runPaced } from "../../core/sliced-sort.js";
import type { EdgeRecord, NodeRecord, UnitRecord } from "../../core/types.js";
import type { ChangeEvent } from "../../platform/changes/index.js";
import { copyOutOf, copyTextRowCount, copyTextRows } from "../../platform/db/copy-out.js";
import type { DB } from "../../platform/db/schema.js";
import {
  type EdgeRowIn,
  edgeRecordOf,
  type NodeRowIn,
  nodeRecordOf,
  type UnitRowIn,
  unitRecordOf,
} from "./snapshot.repo.js";

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Everything the live model needs about an organization, read in bulk: units as rows
 * (thousands), people, nodes and edges with COPY (readByCopy: the embedded database's, or a
 * PostgreSQL server's read in a worker thread), decoded in paced steps so that other
 * requests are answered meanwhile.
 */
export async function loadColumns(
  db: Kysely<DB>,
  orgId: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<LiveColumns> {
  const units = await db
    .selectFrom("units")
    .select(["id", "parent_id", "name", "kind", "leader_id", "cadence_days"])
    .where("org_id", "=", orgId)
    .orderBy("id")
    .execute();
  const unitRecords = units.map(unitRecordOf);
  await yieldToLoop();
  const copy = copyOutOf(db);
  if (!copy) throw new Error("this database handle has no COPY reader (copy-out.ts)");
  return { units: unitRecords, ...(await readByCopy(copy, orgId, onProgress)) };
}

/**
 * People, nodes and edges read with COPY (copy-out.ts: PGlite's, or a PostgreSQL server's in
 * a worker thread), the three
 * statements sent at once so the database copies the next table while this one is decoded,
 * in paced steps. People and nodes in id order, as the chunked read gives them; edges as the
 * table holds them (sorting a million edges doubled the statement's time).
 */
async function readByCopy(
  copy: (query: string) => Promise<ArrayBuffer>,
  orgId: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<Omit<LiveColumns, "units">> {
  // COPY takes no parameters: the id goes into the text, after this check.
  if (!isUuid(orgId)) throw new Error(`not an organization id: ${orgId}`);
  const org = `'${orgId}'::uuid`;
  // Each person's primary unit: the membership with the largest share (then the lowest unit
  // id), taken in one sort of the memberships (a lookup per person took 4-10 times as long:
  // M, 10,000 people, 56-199 ms against 20-40 ms).
  const peopleData = copy(`
    select p.id, m.unit_id from people p
    left join (select distinct on (person_id) person_id, unit_id from memberships
      where org_id = ${org} order by person_id, share desc, unit_id) m on m.person_id = p.id
    where p.org_id = ${org} order by p.id`);
  const nodeData = copy(`
    select id, title, kind, status, baseline, target, current, direction, confidence, priority,
      standalone, floor(extract(epoch from last_checkin_at) * 1000),
      floor(extract(epoch from created_at) * 1000), owner_unit_id, owner_person_id, cycle_id
    from nodes where org_id = ${org} order by id`);
  // The edges in one statement, one snapshot. (Ranges of the table's pages, decoded while
  // the next is copied, saved 1–2 s at XL, but a row updated meanwhile moves to another
  // page and was read twice or not at all.)
  const edgeData = copy(`
    select id, kind, from_id, to_id, weight, state, floor(extract(epoch from updated_at) * 1000)
    from edges where org_id = ${org}`);
  // Awaited in turn below; a failure of a later one must not go unhandled meanwhile.
  for (const p of [peopleData, nodeData, edgeData]) p.catch(() => {});
  const num = (x: string | null) => (x === null ? Number.NaN : Number(x));
  // Owners and cycles repeat (XL: 300,000 nodes, 8,000 units): one string each is kept, the
  // copies die young instead of being carried into the old generation by the collector.
  const interned = new Map<string, string>();
  const intern = (x: string | null) => {
    if (x === null) return null;
    const kept = interned.get(x);
    if (kept !== undefined) return kept;
    interned.set(x, x);
    return x;
  };

  const ids: string[] = [];
  const primaryUnitIds: (string | null)[] = [];
  await runPaced(
    copyTextRows(await peopleData, 2, (f) => {
      ids.push(f[0] as string);
      primaryUnitIds.push(f[1]);
    }),
    yieldToLoop,
  );
  onProgress?.("people", ids.length);
  const personIndex = await runPaced(IdIndex.buildSteps(ids), yieldToLoop);
  // Each distinct owner is looked up once (XL: 92,000 owners of 294,000 nodes), and the
  // node keeps the person's own id string.
  const ownerSlots = new Map<string, number>();
  const ownerPersonOf = (x: string) => {
    let p = ownerSlots.get(x);
    if (p === undefined) {
      p = personIndex.get(x);
      ownerSlots.set(x, p);
    }
    return p;
  };

  const nodeBuffer = await nodeData;
  // Counted first: the columns are allocated once, at their size.
  const n = await runPaced(copyTextRowCount(nodeBuffer), yieldToLoop);
  const nodes = await runPaced(emptyNodeColumnsSteps(n), yieldToLoop);
  const ownerPerson = new Int32Array(n);
  nodes.ownerPerson = ownerPerson;
  let at = 0;
  await runPaced(
    copyTextRows(nodeBuffer, 16, (f) => {
      nodes.ids[at] = f[0] as string;
      nodes.titles[at] = f[1] as string;
      nodes.kind[at] = KIND_CODES[f[2] as keyof typeof KIND_CODES] ?? KIND_GOAL;
      nodes.status[at] = STATUS_CODES[f[3] as keyof typeof STATUS_CODES] ?? STATUS_DRAFT;
      nodes.baseline[at] = num(f[4]);
      const t = num(f[5]);
      nodes.target[at] = Number.isFinite(t) ? t : Number.NaN;
      nodes.current[at] = num(f[6]);
      nodes.direction[at] = f[7] === "decrease" ? DIRECTION_DECREASE : DIRECTION_INCREASE;
      nodes.confidence[at] = num(f[8]);
      nodes.priority[at] = num(f[9]);
      nodes.standalone[at] = f[10] === "t" ? 1 : 0;
      nodes.lastCheckinAt[at] = num(f[11]);
      nodes.createdAt[at] = num(f[12]);
      nodes.ownerUnitIds[at] = intern(f[13]);
      const pid = f[14];
      const p = pid === null ? -1 : ownerPersonOf(pid);
      ownerPerson[at] = p;
      // A person the people read did not see (written in between) keeps its id as read.
      nodes.ownerPersonIds[at] = p >= 0 ? ids[p] : intern(pid);
      nodes.cycleIds[at] = intern(f[15]);
      at++;
    }),
    yieldToLoop,
  );
  onProgress?.("nodes", n);
  const lookup = await runPaced(IdIndex.buildSteps(nodes.ids), yieldToLoop);

  const buffer = await edgeData;
  const m = await runPaced(copyTextRowCount(buffer), yieldToLoop);
  const edges = emptyEdgeColumns(m);
  let e = 0;
  await runPaced(
    copyTextRows(
      buffer,
      7,
      (f, raw) => {
        // The id from its bytes: no string is made for it (id-column.ts).
        if (raw.end - raw.start !== 36 || !edges.ids.setBytes(e, raw.bytes, raw.start)) {
          edges.ids.set(e, raw.text() ?? "");
        }
        edges.kind[e] = EDGE_KIND_CODES[f[1] as keyof typeof EDGE_KIND_CODES] ?? 0;
        edges.from[e] = lookup.get(f[2] as string);
        edges.to[e] = lookup.get(f[3] as string);
        edges.weight[e] = Number(f[4]);
        const st = f[5];
        edges.state[e] =
          st === null
            ? DEP_NONE
            : (DEP_STATE_CODES[st as keyof typeof DEP_STATE_CODES] ?? DEP_NONE);
        edges.updatedAt[e] = Number(f[6]);
        e++;
      },
      0,
    ),
    yieldToLoop,
  );
  onProgress?.("edges", m);
  return { people: { ids, primaryUnitIds }, nodes, edges, nodeIndex: lookup, personIndex };
}

/** What a catch-up reads: the events after a revision and what they touched, as it is now. */
export interface CatchUp {
  /** The organization's revision in the same snapshot (-1: it is gone). */
  revision: number;
  /** The events after `since`, oldest first (at most `limit`). */
  events: ChangeEvent[];
  units: UnitRecord[];
  people: { id: string; primaryUnitId: string | null }[];
  nodes: NodeRecord[];
  /** The edges named by the events, and every edge touching a node they created. */
  edges: EdgeRecord[];
}

const isoOf = (v: string | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * Everything a resident model needs to catch up from `since`, in one statement: one round
 * trip to the database, and one snapshot, so the rows are exactly as of `revision` (the
 * events and the rows of a write are never seen apart).
 */
export async function catchUpFrom(
  db: Kysely<DB>,
  orgId: string,
  since: number,
  limit: number,
): Promise<CatchUp> {
  const { rows } = await sql<{ j: string }>`
    with ev as (
      select revision, seq, at, actor, entity, entity_id, op, fields from changes
      where org_id = ${orgId} and revision > ${since} order by revision, seq limit ${limit}
    ),
    ids as (
      select
        array(select distinct entity_id from ev where entity = 'node')::uuid[] as node,
        array(select distinct entity_id from ev where entity = 'node' and op = 'create')::uuid[] as created,
        array(select distinct entity_id from ev where entity = 'edge')::uuid[] as edge,
        array(select distinct entity_id from ev where entity = 'unit')::uuid[] as unit,
        array(select distinct entity_id from ev where entity = 'person')::uuid[] as person
    )
    select json_build_object(
      'revision', (select revision from organizations where id = ${orgId}),
      'events', (select json_agg(ev order by revision, seq) from ev),
      'units', (select json_agg(u) from (
        select id, parent_id, name, kind, leader_id, cadence_days from units, ids
        where org_id = ${orgId} and id = any(ids.unit)) u),
      'people', (select json_agg(p) from (
        select p.id, (select unit_id from memberships m where m.org_id = p.org_id and m.person_id = p.id
                      order by share desc, unit_id limit 1) as unit_id
        from people p, ids where p.org_id = ${orgId} and p.id = any(ids.person)) p),
      'nodes', (select json_agg(n) from (
        select id, kind, title, owner_unit_id, owner_person_id, cycle_id, baseline, target, current,
          direction, status, confidence, priority, standalone, standalone_reason, last_checkin_at, created_at
        from nodes, ids where org_id = ${orgId} and id = any(ids.node)) n),
      'edges', (select json_agg(e) from (
        select id, kind, from_id, to_id, weight, state, created_at, updated_at from edges, ids
        where org_id = ${orgId}
          and (id = any(ids.edge) or from_id = any(ids.created) or to_id = any(ids.created))) e)
    )::text as j`.execute(db);
  // biome-ignore lint/suspicious/noExplicitAny: rows of json_agg, typed by the mapping below
  const j = JSON.parse(rows[0].j) as Record<string, any[] | number | null>;
  const list = <T = Record<string, never>>(k: string) => (j[k] ?? []) as T[];
  return {
    revision: j.revision === null ? -1 : Number(j.revision),
    events: list("events").map((e) => ({
      orgId,
      revision: Number(e.revision),
      at: isoOf(e.at)!,
      actor: e.actor,
      entity: e.entity,
      entityId: e.entity_id,
      op: e.op,
      fields: e.fields,
    })),
    units: list<UnitRowIn>("units").map(unitRecordOf),
    people: list("people").map((p) => ({ id: p.id, primaryUnitId: p.unit_id })),
    nodes: list<NodeRowIn>("nodes").map(nodeRecordOf),
    edges: list<EdgeRowIn>("edges").map(edgeRecordOf),
  };
}

/**
 * The organization's revision now (-1: no such organization), and the change recorded at
 * revision `at` as one string (time as epoch seconds, whatever the session's time zone;
 * entity, id, op; null when there is none): a model
 * checkpoint made at `at` fits this database only if the same change is there.
 */
export async function changeMark(
  db: Kysely<DB>,
  orgId: string,
  at: number,
): Promise<{ revision: number; mark: string | null }> {
  const { rows } = await sql<{ revision: string | number | null; mark: string | null }>`
    select (select revision from organizations where id = ${orgId}) as revision,
      (select extract(epoch from c.at)::text || ' ' || c.entity || ' ' || c.entity_id || ' ' || c.op from changes c
        where c.org_id = ${orgId} and c.revision = ${at} order by c.seq desc limit 1) as mark`.execute(
    db,
  );
  const r = rows[0];
  return {
    revision: r?.revision === null || r?.revision === undefined ? -1 : Number(r.revision),
    mark: r?.mark ?? null,
  };
}
