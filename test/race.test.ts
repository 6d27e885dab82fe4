import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/platform/db/connect.js";
import { apiClient } from "./api.js";
import { testDatabase } from "./db.js";

let database: Database;
let api: ReturnType<typeof apiClient>;
const O = "/api/orgs/race";

beforeAll(async () => {
  database = await testDatabase();
  api = apiClient(database.db);
  await api.post("/api/orgs", { slug: "race", name: "Race Co" });
});
afterAll(() => database.close());

describe("concurrent edits", () => {
  it("lets exactly one of 50 concurrent updates with the same version win", async () => {
    const goal = (await api.post(`${O}/nodes`, { kind: "goal", title: "Contested" })).body;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api.patch(`${O}/nodes/${goal.id}`, { title: `Edit ${i}`, version: goal.version }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    for (const l of losers)
      expect(l.body.error).toMatchObject({
        code: "version_conflict",
        details: { currentVersion: 2 },
      });
    const now = (await api.get(`${O}/nodes/${goal.id}`)).body;
    expect(now.title).toBe(winners[0].body.title);
    expect(now.version).toBe(2);
  });

  it("keeps every one of 30 concurrent check-ins, and the node shows the latest", async () => {
    const goal = (
      await api.post(`${O}/nodes`, { kind: "goal", title: "Busy", baseline: 0, target: 100 })
    ).body;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.post(`${O}/nodes/${goal.id}/checkins`, { value: i + 1, note: `check-in ${i}` }),
      ),
    );
    const history = (await api.get(`${O}/nodes/${goal.id}/checkins?limit=100`)).body;
    expect(history.total).toBe(30);
    const node = (await api.get(`${O}/nodes/${goal.id}`)).body;
    expect(node.version).toBe(31);
    expect(node.current).toBe(history.items[0].value);
    // Each write appended its entry to the history chain after the one before it, even
    // those that waited for another writer's lock: the chain verifies, with every entry.
    const chain = (await api.get(`${O}/history/verify`)).body;
    expect(chain.ok).toBe(true);
    // The organization, two goals, the one edit that won above, and the 30 check-ins.
    expect(chain.entries).toBe(34);
  });
});
