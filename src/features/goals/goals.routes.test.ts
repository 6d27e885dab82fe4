import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../../platform/db/connect.js";

let database: Database;
let api: ReturnType<typeof apiClient>;
const O = "/api/orgs/acme";

beforeAll(async () => {
  database = await testDatabase();
  api = apiClient(database.db);
  const res = await api.post("/api/orgs", { slug: "acme", name: "Acme Running" });
  expect(res.status).toBe(201);
});
afterAll(() => database.close());

describe("goals and other nodes", () => {
  it("refuses a link that would close a loop, with the path, and writes nothing", async () => {
    const a = (await api.post(`${O}/nodes`, { kind: "goal", title: "A" })).body;
    const b = (
      await api.post(`${O}/nodes`, { kind: "goal", title: "B", contributesTo: [{ nodeId: a.id }] })
    ).body;
    const c = (
      await api.post(`${O}/nodes`, { kind: "goal", title: "C", contributesTo: [{ nodeId: b.id }] })
    ).body;
    const before = (await api.get(`${O}/edges?nodeId=${a.id}`)).body.total;
    const loop = await api.post(`${O}/edges`, { kind: "contributes_to", fromId: a.id, toId: c.id });
    expect(loop.status).toBe(409);
    expect(loop.body.error.code).toBe("cycle_detected");
    expect(loop.body.error.details.path).toEqual([a.id, c.id, b.id, a.id]);
    expect(loop.body.error.message).toContain('"A" → "C" → "B" → "A"');
    expect((await api.get(`${O}/edges?nodeId=${a.id}`)).body.total).toBe(before);

    // A supports edge is vertical too.
    expect(
      (await api.post(`${O}/edges`, { kind: "supports", fromId: a.id, toId: c.id })).status,
    ).toBe(409);
    // A dependency is horizontal: it may point either way.
    const dep = await api.post(`${O}/edges`, { kind: "depends_on", fromId: a.id, toId: c.id });
    expect(dep.status).toBe(201);
    expect(dep.body.state).toBe("requested");
    expect(
      (await api.post(`${O}/edges`, { kind: "depends_on", fromId: a.id, toId: c.id })).status,
    ).toBe(409);
  });
  it("creates a node and its links in one transaction", async () => {
    const total = (await api.get(`${O}/nodes`)).body.total;
    const res = await api.post(`${O}/nodes`, {
      kind: "goal",
      title: "Half-linked",
      contributesTo: [{ nodeId: crypto.randomUUID() }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("contributesTo.0.nodeId");
    expect((await api.get(`${O}/nodes`)).body.total).toBe(total);
  });
  it("filters and searches nodes, and 404s an unknown one", async () => {
    await api.post(`${O}/nodes`, { kind: "objective", title: "Grow revenue" });
    await api.post(`${O}/nodes`, { kind: "goal", title: "Grow the team" }); // not an objective
    await api.post(`${O}/nodes`, { kind: "objective", title: "Cut costs" }); // does not match
    const res = await api.get(`${O}/nodes?kind=objective&q=grow`);
    expect(res.body.items.map((n: { title: string }) => n.title)).toEqual(["Grow revenue"]);
    expect((await api.get(`${O}/nodes/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api.get(`${O}/nodes/not-a-uuid`)).status).toBe(400);
    expect((await api.del(`${O}/nodes/${crypto.randomUUID()}`)).status).toBe(404);
  });
});
