import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userClient } from "../../../test/accounts.js";
import { apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../../platform/db/connect.js";

let database: Database;
let api: ReturnType<typeof apiClient>;
const O = "/api/orgs/hist";

beforeAll(async () => {
  database = await testDatabase();
  api = apiClient(database.db);
  await api.post("/api/orgs", { slug: "hist", name: "History Co" });
});
afterAll(() => database.close());

describe("change history", () => {
  it("records who, when, what, before and after for every change of a node", async () => {
    const goal = (
      await api.post(`${O}/nodes`, { kind: "goal", title: "First title", baseline: 0, target: 10 })
    ).body;
    const org = (await api.get(O)).body;
    const admin = await userClient(api, database.db, {
      orgId: org.id,
      role: "admin",
      email: "ada@hist.example",
    });
    expect(
      (await admin.api.patch(`${O}/nodes/${goal.id}`, { title: "Second title", version: 1 }))
        .status,
    ).toBe(200);
    await api.post(`${O}/nodes/${goal.id}/checkins`, { value: 4 });
    const history = (await api.get(`${O}/nodes/${goal.id}/history`)).body;
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(["update", "create"]);
    const [update] = history.items;
    expect(update).toMatchObject({ actor: "ada@hist.example", entity: "node", entityId: goal.id });
    expect(history.items[1]).toMatchObject({ actor: "cli", action: "create" });
    expect(update.before.title).toBe("First title");
    expect(update.after.title).toBe("Second title");
    const all = (await api.get(`${O}/history?limit=100`)).body;
    expect(all.items.map((e: { entity: string }) => e.entity)).toContain("checkin");
    // A failed change leaves no trace.
    expect((await api.patch(`${O}/nodes/${goal.id}`, { title: "Stale", version: 1 })).status).toBe(
      409,
    );
    expect((await api.get(`${O}/history?limit=100`)).body.total).toBe(all.total);
  });

  it("exports the whole chain in order and detects tampering", async () => {
    const ndjson = (await api.get(`${O}/history/export`)).text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(ndjson.map((e: { seq: number }) => e.seq)).toEqual(
      ndjson.map((_: unknown, i: number) => i + 1),
    );
    expect((await api.get(`${O}/history/verify`)).body).toEqual({
      ok: true,
      entries: ndjson.length,
    });

    await sql`update audit_log set after = jsonb_set(after, '{title}', '"Forged"') where seq = 2`.execute(
      database.db,
    );
    const broken = (await api.get(`${O}/history/verify`)).body;
    expect(broken).toMatchObject({
      ok: false,
      seq: 2,
      reason: "its content does not match its hash",
    });
  });
});
