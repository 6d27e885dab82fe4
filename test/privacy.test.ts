import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_TABLES } from "../src/features/export/export.js";
import type { Database } from "../src/platform/db/connect.js";
import { openApiDocument } from "../src/server/app.js";
import { userClient } from "./accounts.js";
import { type Api, apiClient } from "./api.js";
import { testDatabase } from "./db.js";

/**
 * Private notes: a check-in note marked private is read only by its author, the author's
 * manager chain and admins. Everyone else must never meet it — in any list, export, search
 * result, history or error. This test signs in as each kind of reader, calls every GET
 * route of the API (from the OpenAPI document) with every id it knows, plus the exports,
 * searches and a set of failing requests, and looks for a marker string in every answer.
 */

const MARKER = "PRIVATE-MARKER-6d1f0c";
const O = "/api/orgs/privy";

let database: Database;
let operator: Api;
const ids = {} as Record<string, string>;
const readers = {} as Record<string, Api>;

async function ok<T = { id: string }>(p: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`fixture failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  database = await testDatabase();
  operator = apiClient(database.db);
  await ok(operator.post("/api/orgs", { slug: "privy", name: "Privy" }));
  ids.org = (await ok(operator.get(O))).id;
  const person = async (name: string, managerId: string | null = null) =>
    (await ok(operator.post(`${O}/people`, { name, managerId }))).id;
  // Ada (admin) ← Lena (leader, the author's manager) ← Milo (the author).
  ids.ada = await person("Ada Admin");
  ids.lena = await person("Lena Leader", ids.ada);
  ids.milo = await person("Milo Member", ids.lena);
  ids.otto = await person("Otto Otherleader", ids.ada);
  ids.pia = await person("Pia Peer", ids.lena);
  ids.vera = await person("Vera Viewer", ids.ada);
  const unit = async (name: string, parentId: string | null, leaderId: string) =>
    (await ok(operator.post(`${O}/units`, { name, parentId, leaderId }))).id;
  ids.company = await unit("Company", null, ids.ada);
  ids.sales = await unit("Sales", ids.company, ids.lena);
  ids.ops = await unit("Operations", ids.company, ids.otto);
  await ok(operator.edit(`${O}/people/${ids.milo}`, { memberships: [{ unitId: ids.sales }] }));
  await ok(operator.edit(`${O}/people/${ids.pia}`, { memberships: [{ unitId: ids.sales }] }));
  ids.cycle = (
    await ok(
      operator.post(`${O}/cycles`, {
        name: "2026",
        kind: "year",
        startsOn: "2026-01-01",
        endsOn: "2026-12-31",
      }),
    )
  ).id;
  ids.objective = (
    await ok(
      operator.post(`${O}/nodes`, { kind: "objective", title: "Grow", ownerUnitId: ids.company }),
    )
  ).id;
  ids.goal = (
    await ok(
      operator.post(`${O}/nodes`, {
        kind: "goal",
        title: "Milo's goal",
        ownerPersonId: ids.milo,
        ownerUnitId: ids.sales,
        cycleId: ids.cycle,
        baseline: 0,
        target: 10,
        contributesTo: [{ nodeId: ids.objective, weight: 1 }],
      }),
    )
  ).id;
  ids.edge = (await ok(operator.get(`${O}/edges?nodeId=${ids.goal}`))).items[0].id;

  const as = async (role: "admin" | "leader" | "member" | "viewer", personId: string) =>
    (await userClient(operator, database.db, { orgId: ids.org, role, personId })).api;
  readers.author = await as("member", ids.milo);
  readers.manager = await as("leader", ids.lena);
  readers.admin = await as("admin", ids.ada);
  readers.peer = await as("member", ids.pia);
  readers.otherLeader = await as("leader", ids.otto);
  readers.viewer = await as("viewer", ids.vera);

  // Milo checks in with a private note, and once with a public one.
  const priv = await readers.author.post(`${O}/nodes/${ids.goal}/checkins`, {
    value: 4,
    confidence: 0.6,
    note: `Struggling since my surgery — ${MARKER}`,
    private: true,
  });
  expect(priv.status).toBe(201);
  expect(priv.body.checkin).toMatchObject({ authorId: ids.milo, private: true });
  ids.checkin = priv.body.checkin.id;
  await ok(
    readers.author.post(`${O}/nodes/${ids.goal}/checkins`, { value: 5, note: "On track again" }),
  );
}, 60_000);
afterAll(() => database.close());

/** Every GET route, with each id that fits its path, plus exports and searches. */
function readRequests(): string[] {
  const doc = openApiDocument();
  const candidates: Record<string, string[]> = {
    "/nodes/{id}": [ids.goal, ids.objective, ids.checkin],
    "/units/{id}": [ids.sales, ids.company],
    "/people/{id}": [ids.milo, ids.lena],
    "/edges/{id}": [ids.edge],
    "/cycles/{id}": [ids.cycle],
    "/tokens/{id}": [],
    "/users/{id}": [],
  };
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    if (!("get" in (ops as object))) continue;
    const p = path.replace("{org}", "privy");
    const key = Object.keys(candidates).find((k) => p.includes(k));
    if (!key) {
      out.push(p);
      continue;
    }
    for (const id of candidates[key]!) out.push(p.replace("{id}", id));
  }
  out.push(`${O}/export?format=json`);
  for (const table of CSV_TABLES) out.push(`${O}/export?format=csv&table=${table}`);
  out.push(`${O}/nodes?q=${encodeURIComponent(MARKER)}`);
  out.push(`${O}/nodes?q=surgery`);
  out.push(`${O}/nodes/${ids.goal}/checkins?limit=1000`);
  out.push(`${O}/history?limit=1000`);
  return out;
}

/** Requests that fail, some of them about the private check-in. */
const failing = (api: Api) => [
  api.del(`${O}/checkins/${ids.checkin}`),
  api.get(`${O}/checkins/${ids.checkin}`),
  api.post(`${O}/nodes/${ids.checkin}/checkins`, { value: 1 }),
  api.edit(`${O}/nodes/${ids.goal}`, { title: "" }),
  api.post(`${O}/nodes/${ids.goal}/checkins`, { note: "x".repeat(6000), private: true }),
  api.get(`${O}/nodes/${ids.checkin}`),
  api.post(`${O}/edges`, { kind: "contributes_to", fromId: ids.checkin, toId: ids.goal }),
];

async function everything(api: Api): Promise<{ url: string; status: number; text: string }[]> {
  const seen = [];
  for (const url of readRequests()) {
    const r = await api.get(url);
    seen.push({ url, status: r.status, text: r.text });
  }
  for (const [i, p] of failing(api).entries()) {
    const r = await p;
    seen.push({ url: `failing #${i}`, status: r.status, text: r.text });
  }
  return seen;
}

describe("private notes", () => {
  it.each(["peer", "otherLeader", "viewer"])(
    "never reach %s: not in any list, export, search, history or error",
    async (who) => {
      const answers = await everything(readers[who]!);
      expect(answers.length).toBeGreaterThan(40);
      // The reader did get real answers (this is not a test of a locked door).
      expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(30);
      const leaks = answers.filter((a) => a.text.includes(MARKER)).map((a) => a.url);
      expect(leaks).toEqual([]);
      // They see that there is a private note, without its text.
      const list = (await readers[who]!.get(`${O}/nodes/${ids.goal}/checkins`)).body.items;
      expect(list.find((c: { id: string }) => c.id === ids.checkin)).toMatchObject({
        private: true,
        note: "",
      });
    },
  );

  it.each(["author", "manager", "admin"])("are read by the %s", async (who) => {
    const list = (await readers[who]!.get(`${O}/nodes/${ids.goal}/checkins`)).body.items;
    expect(list.find((c: { id: string }) => c.id === ids.checkin).note).toContain(MARKER);
    const exported = await readers[who]!.get(`${O}/export?format=csv&table=checkins`);
    expect(exported.text).toContain(MARKER);
    const history = await readers[who]!.get(`${O}/nodes/${ids.checkin}/history`);
    expect(history.text).toContain(MARKER);
  });

  it("keep a public note readable by everyone", async () => {
    for (const api of Object.values(readers)) {
      const list = (await api.get(`${O}/nodes/${ids.goal}/checkins`)).body.items;
      expect(list.map((c: { note: string }) => c.note)).toContain("On track again");
    }
  });

  it("cannot be written in someone else's name, even by someone who may check in", async () => {
    // Lena leads Milo, so she may check in on his goal — but not as Milo.
    const r = await readers.manager!.post(`${O}/nodes/${ids.goal}/checkins`, {
      value: 1,
      note: "as Milo",
      private: true,
      authorId: ids.milo,
    });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/on someone else's behalf/);
    const own = await readers.manager!.post(`${O}/nodes/${ids.goal}/checkins`, { value: 1 });
    expect(own.status).toBe(201);
    expect(own.body.checkin.authorId).toBe(ids.lena);
  });

  it("leave no hash in the history to test guesses against", async () => {
    const peer = (await readers.peer!.get(`${O}/nodes/${ids.checkin}/history`)).body.items[0];
    expect(peer).toMatchObject({ hash: "", prevHash: "" });
    expect(peer.after.note).toBe("");
    const admin = (await readers.admin!.get(`${O}/nodes/${ids.checkin}/history`)).body.items[0];
    expect(admin.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
