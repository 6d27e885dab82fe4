import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../../platform/db/connect.js";

let database: Database;
let api: Api;
const O = "/api/orgs/feed";

beforeAll(async () => {
  database = await testDatabase();
  api = apiClient(database.db);
  await api.post("/api/orgs", { slug: "feed", name: "Feed Inc" });
});
afterAll(() => database.close());

describe("the change feed", () => {
  it("lists each write's event in revision order with the fields it changed", async () => {
    const start = (await api.get(`${O}/changes`)).body.revision;
    const unit = (await api.post(`${O}/units`, { name: "Sales" })).body;
    const goal = (await api.post(`${O}/nodes`, { kind: "goal", title: "Sell", target: 10 })).body;
    await api.patch(`${O}/nodes/${goal.id}`, { title: "Sell more", version: goal.version });
    await api.post(`${O}/nodes/${goal.id}/checkins`, { value: 4 });
    // Refused and empty writes leave no event.
    await api.patch(`${O}/nodes/${goal.id}`, { title: "Stale", version: 1 });
    await api.patch(`${O}/units/${unit.id}`, { name: "Sales", version: unit.version });
    await api.del(`${O}/units/${unit.id}`);

    const feed = (await api.get(`${O}/changes?since=${start}`)).body;
    expect(feed.items.map((e: { entity: string; op: string }) => `${e.op} ${e.entity}`)).toEqual([
      "create unit",
      "create node",
      "update node",
      "create checkin",
      "update node",
      "delete unit",
    ]);
    const revisions = feed.items.map((e: { revision: number }) => e.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    // A check-in and the node it moved are one write: one revision, two events.
    expect(revisions[3]).toBe(revisions[4]);
    expect(feed.items[4]).toMatchObject({
      entityId: goal.id,
      fields: ["current", "confidence", "lastCheckinAt"],
    });
    expect(new Set(revisions).size).toBe(revisions.length - 1);
    expect(feed.items[0].entityId).toBe(unit.id);
    expect(feed.items[1].fields).toEqual(expect.arrayContaining(["title", "target", "kind"]));
    expect(feed.items[2].fields).toEqual(["title"]);
    expect(feed.items[5].fields).toEqual([]);
    expect(feed.revision).toBe(revisions[revisions.length - 1]);
    expect(feed.more).toBe(false);
    expect((await api.get(O)).body.revision).toBe(feed.revision);
  });

  it("reads on from any revision, a page at a time", async () => {
    const all = (await api.get(`${O}/changes`)).body.items;
    expect(all.length).toBeGreaterThanOrEqual(5);
    const first = (await api.get(`${O}/changes?limit=2`)).body;
    expect(first.items).toEqual(all.slice(0, 2));
    expect(first.more).toBe(true);
    const next = (await api.get(`${O}/changes?since=${first.revision}&limit=2`)).body;
    expect(next.items).toEqual(all.slice(2, 4));
    // A page never splits one write's events: the check-in and its node come together.
    const third = (await api.get(`${O}/changes?since=${next.revision}&limit=1`)).body;
    expect(third.items.map((e: { op: string; entity: string }) => `${e.op} ${e.entity}`)).toEqual([
      "create checkin",
      "update node",
    ]);
    expect((await api.get(`${O}/changes?since=-1`)).status).toBe(400);
  });
});
