import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import { makeCtx } from "../../platform/context.js";
import { type Database, openDatabase } from "../../platform/db/connect.js";
import { loadDemo } from "../demo/index.js";
import { followChanges, residentRevision } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const O = "/api/orgs/stride";

// Two instances need a server both can reach: PostgreSQL (CI's second pass sets it).
describe.skipIf(!process.env.TEST_DATABASE_URL)("two instances on one PostgreSQL", () => {
  let a: Database & { url?: string };
  let b: Database;
  let apiA: Api;
  let apiB: Api;
  let orgId: string;
  let unfollow: () => Promise<void>;

  beforeAll(async () => {
    a = await testDatabase();
    orgId = (await loadDemo(makeCtx(a.db, () => NOW))).org.id;
    // The second instance: its own connections, its own resident models, its own listener.
    b = await openDatabase({ url: a.url });
    apiA = apiClient(a.db, () => NOW);
    apiB = apiClient(b.db, () => NOW);
    unfollow = await followChanges(b);
  });
  afterAll(async () => {
    await unfollow?.();
    await b?.close();
    await a?.close();
  });

  it("a write through one shows in the other's health and findings within 2 seconds", async () => {
    const before = (await apiB.get(`${O}/health`)).body;
    const loadedAt = residentRevision(b.db, orgId);
    expect(loadedAt).not.toBeNull();
    // A check-in on an overdue goal: it is fresh again (health moves) and now low-confidence.
    const stale = (await apiA.get(`${O}/findings?rule=stale_checkin`)).body.items;
    const goal = stale[0].subject as { id: string };
    await apiA.post(`${O}/nodes/${goal.id}/checkins`, { value: 1, confidence: 0.05 });

    // Without any read on B, its model follows the notification.
    const deadline = Date.now() + 2000;
    while ((residentRevision(b.db, orgId) ?? 0) <= loadedAt! && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(residentRevision(b.db, orgId)).toBeGreaterThan(loadedAt!);

    const findings = (await apiB.get(`${O}/findings?rule=low_confidence&limit=5000`)).body;
    expect(findings.items.map((f: { subject: { id: string } }) => f.subject.id)).toContain(goal.id);
    const after = (await apiB.get(`${O}/health`)).body;
    expect(after).toEqual((await apiA.get(`${O}/health`)).body);
    expect(after).not.toEqual(before);
  });
});
