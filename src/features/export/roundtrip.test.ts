import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import type { Bundle } from "../../core/bundle.js";
import type { Database } from "../../platform/db/connect.js";

/**
 * Export, then import into an empty organization, gives back the same organization — as a
 * property over small generated organizations. Each run builds organization A through the
 * API, downloads the two CSV tables the importers read (people, goals), imports them into
 * a new empty organization B, and compares A's and B's JSON exports by content: names,
 * titles, the unit tree and the goal tree by natural keys, owners, managers, numbers. Ids
 * differ and are not compared.
 *
 * What the CSV tables cannot carry, so what is left out on purpose (A is generated within
 * the part that can round-trip, and the comparison ignores the rest):
 * - check-ins, `supports`/`depends_on` links, a node's second and later parents, the
 *   organization's vision, units' check-in cadence: no importable column holds them;
 * - cycles: the goals import finds cycles by name and never creates them ("create the
 *   cycle first"), so the test creates A's cycles in B before importing;
 * - a person's secondary memberships (the people table holds the largest share only) and
 *   memberships of the company unit itself (a row without division/department/team puts
 *   the person in no unit); units without members, and a unit nested under one of its own
 *   kind (the table has one column per level), are not recreated;
 * - unit leaders are not a column: the org import chooses them (the person heading the
 *   most members through their manager chain). A's units are led the way that rule reads,
 *   so their leaders must come back; the company's leader is the import's choice and is
 *   not compared;
 * - the org import matches unit names case- and space-insensitively and collapses runs
 *   of white space in them, so generated unit names are unique that way and single-spaced;
 * - cells are trimmed on import, so surrounding white space of a description is not kept
 *   (names, titles and the like are trimmed by the API anyway);
 * - a text that itself starts with `'` followed by = + - @ is not generated: the import
 *   takes off one such quote (the export's neutralising one), and the export does not
 *   double a quote that was there already, so such a text would lose its quote;
 * - a description of white space only is not generated: one starting with a tab is
 *   exported as `'<tab>`, the import trims the tab and keeps a lone `'`.
 */

let database: Database;
let api: Api;
let orgs = 0;

beforeAll(async () => {
  database = await testDatabase();
  api = apiClient(database.db);
});
afterAll(() => database.close());

// ---- generators ----

/** Awkward text: separators, quotes, line breaks, formula starts, accents. */
const piece = fc.constantFrom(
  "a",
  "Zz",
  "é",
  "7",
  " ",
  ",",
  '"',
  "'",
  ";",
  "=",
  "+",
  "-",
  "@",
  "%",
  "\n",
  "\r\n",
  "\t",
  "=SUM(A1)",
  "x,y",
);
const start = fc.constantFrom(
  "",
  "",
  "=",
  "+",
  "-",
  "@",
  '"',
  ",",
  "'",
  "=1+2",
  "-3",
  "@x",
  "+cmd",
);
const rawText = fc
  .tuple(start, fc.array(piece, { maxLength: 6 }))
  .map(([s, parts]) => s + parts.join(""));
/** A leading `'` before a formula start: the one text the CSV cannot carry (see above). */
const unambiguous = (t: string) => (/^'[=+\-@\t\r]/.test(t) ? `x${t}` : t);
/** What the API keeps of a name or title (it trims them), never empty. */
const clean = (text: string, fallback: string, max = 200) =>
  unambiguous(text.slice(0, max).trim()) || fallback;
const awkward = (fallback: string, max?: number) => rawText.map((t) => clean(t, fallback, max));
/** Single-spaced, no line breaks: unit names (see above). */
const unitName = (text: string, i: number) =>
  unambiguous(`${text} u${i}`.trim().replace(/\s+/g, " "));
const number = fc
  .oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0.1, 1e-7, 1e12, -1e12, 0.5),
  )
  .map((n) => (Object.is(n, -0) ? 0 : n));

const KINDS = ["division", "department", "team"] as const;
const NODE_KINDS = ["objective", "key_result", "goal", "kpi", "initiative"] as const;

const unitSpec = fc.record({ name: rawText, parent: fc.nat(), kind: fc.nat() });
const personSpec = fc.record({
  name: awkward("Pat"),
  externalId: fc.option(awkward("E"), { freq: 3 }),
  email: fc.option(fc.constantFrom("", "-", "+", "_", "A.b", "Mixed"), { freq: 3 }),
  title: awkward(""),
  share: fc.constantFrom(1, 0.5, 0.25, 0.8, 0.3),
  unit: fc.option(fc.nat(), { freq: 4 }),
  manager: fc.nat(),
});
const nodeSpec = fc.record({
  kind: fc.constantFrom(...NODE_KINDS),
  title: awkward("Goal"),
  // Not only white space, and no `'=`-like start once trimmed (see the header).
  description: rawText.map((t) =>
    t.trim() === "" ? "" : unambiguous(t) === t && unambiguous(t.trim()) === t.trim() ? t : `x${t}`,
  ),
  parent: fc.option(fc.nat(), { freq: 2 }),
  weight: fc.constantFrom(1, 0.5, 2.5, 1000, 0.001),
  ownerUnit: fc.option(fc.nat(), { freq: 2 }),
  ownerPerson: fc.option(fc.nat(), { freq: 2 }),
  cycle: fc.option(fc.nat(), { freq: 2 }),
  baseline: fc.option(number),
  target: fc.option(number),
  current: fc.option(number),
  metricUnit: fc.option(awkward("%", 40)),
  direction: fc.constantFrom("increase", "decrease"),
  status: fc.constantFrom("draft", "active", "done", "cancelled"),
  confidence: fc.option(
    fc.oneof(fc.constantFrom(0, 1, 0.7), fc.double({ min: 0, max: 1, noNaN: true })),
  ),
  priority: fc.option(fc.integer({ min: 1, max: 100_000 })),
  standaloneReason: fc.option(awkward("Watched on its own"), { freq: 3 }),
});
const orgSpec = fc.record({
  name: awkward("Org"),
  units: fc.array(unitSpec, { maxLength: 5 }),
  people: fc.array(personSpec, { maxLength: 5 }),
  cycles: fc.array(fc.record({ name: awkward("Q"), kind: fc.constantFrom("year", "quarter") }), {
    maxLength: 2,
  }),
  nodes: fc.array(nodeSpec, { maxLength: 7 }),
});
type OrgSpec = typeof orgSpec extends fc.Arbitrary<infer T> ? T : never;

// ---- building organization A through the API ----

const created = async (res: Awaited<ReturnType<Api["post"]>>, what: string) => {
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`${what}: ${res.status} ${res.text.slice(0, 500)}`);
  return res.body;
};

async function newOrg(name: string): Promise<string> {
  const slug = `rt-${++orgs}`;
  await created(await api.post("/api/orgs", { slug, name }), "organization");
  return `/api/orgs/${slug}`;
}

async function createCycles(o: string, spec: OrgSpec): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, c] of spec.cycles.entries()) {
    const body = {
      name: `${c.name} C${i}`,
      kind: c.kind,
      startsOn: `202${6 + i}-01-01`,
      endsOn: `202${6 + i}-12-31`,
    };
    ids.push((await created(await api.post(`${o}/cycles`, body), "cycle")).id);
  }
  return ids;
}

/**
 * Builds A from the spec. Units form a tree under the company unit whose kinds go down
 * level by level (levels may be skipped). Everyone in a unit reports, through people of
 * that unit, to its leader, who is a member of it and reports to the leader of the unit
 * above (or to the chief executive, who belongs to no unit). Others belong to no unit.
 */
async function buildOrg(spec: OrgSpec): Promise<string> {
  const o = await newOrg(spec.name);
  const depth = (k: string) => ["company", ...KINDS].indexOf(k);

  // Units: the company, then each unit under the company or an earlier unit above its level.
  const units: {
    id: string;
    kind: string;
    version: number;
    parentId?: string;
    leader?: string;
  }[] = [];
  if (spec.units.length > 0) {
    const company = await created(
      await api.post(`${o}/units`, { name: spec.name, kind: "company" }),
      "company",
    );
    units.push({ id: company.id, kind: "company", version: company.version });
  }
  for (const [i, u] of spec.units.entries()) {
    const parents = units.filter((p) => p.kind !== "team");
    const parent = parents[u.parent % parents.length]!;
    const below = KINDS.filter((k) => depth(k) > depth(parent.kind));
    const kind = below[u.kind % below.length]!;
    const unit = await created(
      await api.post(`${o}/units`, { name: unitName(u.name, i), kind, parentId: parent.id }),
      "unit",
    );
    units.push({ id: unit.id, kind, version: unit.version, parentId: parent.id });
  }

  // People: the chief executive, one leader per unit, then the generated people.
  let n = 0;
  const addPerson = async (
    p: OrgSpec["people"][number],
    unitId: string | null,
    managerId: string | null,
  ) => {
    const i = n++;
    const email = p.email === null ? null : `${p.email}p${i}@Example.com`;
    const body = {
      name: p.name,
      externalId: p.externalId === null ? null : `${p.externalId}#${i}`,
      email,
      title: p.title,
      managerId,
      memberships: unitId ? [{ unitId, share: p.share }] : [],
    };
    return (await created(await api.post(`${o}/people`, body), "person")).id as string;
  };
  const peopleSpecs = spec.people;
  const fallback: OrgSpec["people"][number] = {
    name: "Person",
    externalId: null,
    email: null,
    title: "",
    share: 1,
    unit: null,
    manager: 0,
  };
  const pick = (i: number) =>
    peopleSpecs.length > 0 ? peopleSpecs[i % peopleSpecs.length]! : fallback;
  const ceo = await addPerson(pick(0), null, null);
  const people = [ceo];
  const membersOf = new Map<string, string[]>();
  for (const [i, u] of units.entries()) {
    if (u.kind === "company") continue;
    const boss = units.find((x) => x.id === u.parentId)?.leader ?? ceo;
    u.leader = await addPerson(pick(i + 1), u.id, boss);
    membersOf.set(u.id, [u.leader]);
    people.push(u.leader);
  }
  for (const p of peopleSpecs) {
    const teams = units.filter((u) => u.kind !== "company");
    const unit = p.unit === null || teams.length === 0 ? null : teams[p.unit % teams.length]!;
    // In a unit: managed by someone of the unit. Elsewhere: by anyone, or no one.
    const candidates = unit ? membersOf.get(unit.id)! : [...people, null];
    const manager = candidates[p.manager % candidates.length] ?? null;
    const id = await addPerson(p, unit?.id ?? null, manager);
    if (unit) membersOf.get(unit.id)!.push(id);
    people.push(id);
  }
  for (const u of units) {
    const leaderId = u.kind === "company" ? ceo : u.leader;
    await created(await api.patch(`${o}/units/${u.id}`, { leaderId, version: u.version }), "lead");
  }

  const cycles = await createCycles(o, spec);
  const nodes: string[] = [];
  for (const [i, g] of spec.nodes.entries()) {
    const parent = g.parent === null || nodes.length === 0 ? null : nodes[g.parent % nodes.length]!;
    const standalone = parent === null && g.standaloneReason !== null;
    const body = {
      kind: g.kind,
      title: g.title,
      description: g.description,
      ownerUnitId:
        g.ownerUnit === null || units.length === 0 ? null : units[g.ownerUnit % units.length]!.id,
      ownerPersonId: g.ownerPerson === null ? null : people[g.ownerPerson % people.length]!,
      cycleId: g.cycle === null || cycles.length === 0 ? null : cycles[g.cycle % cycles.length]!,
      baseline: g.baseline,
      target: g.target,
      current: g.current,
      metricUnit: g.metricUnit,
      direction: g.direction,
      status: g.status,
      confidence: g.confidence,
      priority: g.priority,
      standalone,
      standaloneReason: standalone ? g.standaloneReason : null,
      contributesTo: parent ? [{ nodeId: parent, weight: g.weight }] : [],
    };
    nodes.push((await created(await api.post(`${o}/nodes`, body), `node ${i}`)).id);
  }
  return o;
}

// ---- comparing two organizations by content ----

/** An organization as content only: every id replaced by the natural key of what it names. */
function contentOf(b: Bundle) {
  const units = new Map(b.units.map((u) => [u.id, u]));
  const unitPath = (id: string | null | undefined) => {
    const path: string[] = [];
    for (
      let u = id ? units.get(id) : undefined;
      u;
      u = u.parentId ? units.get(u.parentId) : undefined
    )
      path.unshift(`${u.kind}:${u.name}`);
    return id ? path.join(" › ") : null;
  };
  const people = new Map(b.people.map((p) => [p.id, p]));
  // A person without an external id is exported under their id, which B keeps as external id.
  const personKey = (id: string | null) =>
    id === null ? null : (people.get(id)?.externalId ?? id);
  const memberships = new Map<string, { unit: string | null; share: number }[]>();
  for (const m of b.memberships) {
    const list = memberships.get(m.personId) ?? [];
    list.push({ unit: unitPath(m.unitId), share: m.share });
    memberships.set(m.personId, list);
  }
  const cycles = new Map(b.cycles.map((c) => [c.id, `${c.kind}:${c.name}`]));
  const nodes = new Map(b.nodes.map((n) => [n.id, n]));
  const parent = new Map<string, { toId: string; weight: number }>();
  for (const e of b.edges) if (e.kind === "contributes_to") parent.set(e.fromId, e);
  const nodePath = (id: string): string[] => {
    const n = nodes.get(id)!;
    const up = parent.get(id);
    return [...(up ? nodePath(up.toId) : []), `${n.kind}:${n.title}`];
  };
  const sorted = <T>(items: T[]) =>
    items
      .map((x) => JSON.stringify(x))
      .sort()
      .map((s) => JSON.parse(s) as T);
  return {
    units: sorted(
      b.units.map((u) => ({
        path: unitPath(u.id),
        leader: u.kind === "company" ? "(chosen by the import)" : personKey(u.leaderId),
      })),
    ),
    people: sorted(
      b.people.map((p) => ({
        key: personKey(p.id),
        name: p.name,
        email: p.email,
        title: p.title,
        manager: personKey(p.managerId),
        memberships: memberships.get(p.id) ?? [],
      })),
    ),
    nodes: sorted(
      b.nodes.map((n) => ({
        path: nodePath(n.id),
        weight: parent.get(n.id)?.weight ?? null,
        kind: n.kind,
        title: n.title,
        description: n.description.trim(),
        ownerUnit: unitPath(n.ownerUnitId),
        ownerPerson: personKey(n.ownerPersonId),
        cycle: n.cycleId ? cycles.get(n.cycleId) : null,
        baseline: n.baseline,
        target: n.target,
        current: n.current,
        metricUnit: n.metricUnit,
        direction: n.direction,
        status: n.status,
        confidence: n.confidence,
        priority: n.priority,
        standalone: n.standalone,
        standaloneReason: n.standalone ? n.standaloneReason : null,
      })),
    ),
    contributions: b.edges.filter((e) => e.kind === "contributes_to").length,
  };
}

async function download(o: string, query: string) {
  const res = await api.get(`${o}/export?${query}`);
  expect(res.status, `${o}/export?${query}`).toBe(200);
  return res;
}

/** Builds A from the spec, exports it, imports the CSV tables into B, compares A and B. */
async function roundTrip(spec: OrgSpec) {
  const a = await buildOrg(spec);
  const peopleCsv = (await download(a, "format=csv&table=people")).text;
  const goalsCsv = (await download(a, "format=csv&table=goals")).text;
  const before = (await download(a, "format=json")).body as Bundle;

  const b = await newOrg(spec.name);
  await createCycles(b, spec);
  if (before.people.length > 0) {
    const imported = await api.post(`${b}/import/org`, peopleCsv);
    expect(imported.status, imported.text.slice(0, 1000)).toBe(200);
  }
  if (before.nodes.length > 0) {
    const imported = await api.post(`${b}/import/goals`, goalsCsv);
    expect(imported.status, imported.text.slice(0, 1000)).toBe(200);
  }
  const after = (await download(b, "format=json")).body as Bundle;

  expect(contentOf(after)).toEqual(contentOf(before));
  // Not vacuous: what was generated is what A holds.
  expect(before.nodes).toHaveLength(spec.nodes.length);
  expect(before.people).toHaveLength(1 + spec.units.length + spec.people.length);
  return { before, after };
}

/** 20 organizations by default (a few seconds); ROUNDTRIP_RUNS=500 for a longer hunt. */
const RUNS = Number(process.env.ROUNDTRIP_RUNS ?? 20);

describe("export, then import into an empty organization", () => {
  it("gives back formula-like text, an owner known by id only, and descriptions", async () => {
    // What the three fixes of the round trip are about, in one fixed organization.
    const goal: OrgSpec["nodes"][number] = {
      kind: "key_result",
      title: '=SUM(A1), "quoted"\nand more',
      description: "Why:\n-first\n+second",
      parent: null,
      weight: 1,
      ownerUnit: 1,
      ownerPerson: 0,
      cycle: null,
      baseline: -5,
      target: 1e12,
      current: null,
      metricUnit: "-",
      direction: "decrease",
      status: "active",
      confidence: 0.5,
      priority: 3,
      standaloneReason: "@watch",
    };
    const { after } = await roundTrip({
      name: "+Org, Inc.",
      units: [{ name: "=Sales", parent: 0, kind: 0 }],
      people: [
        {
          name: "-Ann",
          externalId: null,
          email: null,
          title: "@lead",
          share: 0.5,
          unit: 0,
          manager: 0,
        },
      ],
      cycles: [],
      nodes: [goal, { ...goal, parent: 0, ownerPerson: 2, standaloneReason: null }],
    });
    expect(after.nodes.map((n) => n.title)).toEqual([goal.title, goal.title]);
    expect(after.nodes.every((n) => n.description === goal.description)).toBe(true);
    expect(after.nodes.every((n) => n.ownerPersonId !== null)).toBe(true);
    expect(after.units.map((u) => u.name).sort()).toEqual(["+Org, Inc.", "=Sales u0"]);
  });

  it(
    "gives back the same organization",
    async () => {
      await fc.assert(
        fc.asyncProperty(orgSpec, async (spec) => {
          await roundTrip(spec);
        }),
        { numRuns: RUNS },
      );
    },
    60_000 + RUNS * 2_000,
  );
});
