import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import { expectFresh as expectFreshReads } from "../../../test/fresh.js";
import { makeCtx } from "../../platform/context.js";
import type { Database } from "../../platform/db/connect.js";
import { loadDemo } from "../demo/index.js";
import { followChanges } from "./alignment.js";
import { beginOwnWrite, engineStats, residentRevision } from "./live-engine.js";

const NOW = new Date("2026-11-23T12:00:00Z");
let database: Database;
let api: Api;
let orgId: string;
const O = "/api/orgs/stride";

beforeAll(async () => {
  database = await testDatabase();
  const { org } = await loadDemo(makeCtx(database.db, () => NOW));
  orgId = org.id;
  api = apiClient(database.db, () => NOW);
});
afterAll(() => database.close());

const expectFresh = (what: string) =>
  expectFreshReads(api, database.db, { id: orgId, path: O }, NOW, what);

describe("the live engine behind the API", () => {
  it("shows every kind of write in the very next read, as a full analysis would", async () => {
    let truth = await expectFresh("loaded");
    const nodes = (await api.get(`${O}/nodes?limit=500`)).body.items as {
      id: string;
      kind: string;
      target: number | null;
      status: string;
    }[];
    const measured = nodes.filter((n) => n.target !== null && n.status === "active");
    const objective = nodes.find((n) => n.kind === "objective")!;

    // A check-in re-rolls what lies above the node.
    const kr = measured[0];
    const before = truth.progressOf(objective.id);
    await api.post(`${O}/nodes/${kr.id}/checkins`, { value: 0, confidence: 0.1 });
    truth = await expectFresh("check-in");
    expect(truth.progressOf(kr.id)).not.toBe(null);
    expect(before).not.toBeNull();

    // Edits: a goal cancelled, another handed to nobody, a title changed.
    await api.edit(`${O}/nodes/${measured[1].id}`, { status: "cancelled" });
    await expectFresh("cancelled");
    await api.edit(`${O}/nodes/${measured[2].id}`, {
      ownerUnitId: null,
      ownerPersonId: null,
      title: "Aaa first",
    });
    await expectFresh("unowned and renamed");

    // A new goal with its link, then a dependency requested, answered, removed.
    const goal = (
      await api.post(`${O}/nodes`, {
        kind: "goal",
        title: "New goal",
        target: 10,
        contributesTo: [{ nodeId: objective.id, weight: 2 }],
      })
    ).body;
    await expectFresh("created with a link");
    const dep = (
      await api.post(`${O}/edges`, {
        kind: "depends_on",
        fromId: goal.id,
        toId: measured[3].id,
        state: "requested",
      })
    ).body;
    await expectFresh("requested");
    await api.edit(`${O}/edges/${dep.id}`, { state: "declined" });
    await expectFresh("declined");
    await api.del(`${O}/edges/${dep.id}`);
    await expectFresh("dependency removed");

    // The structure: a unit moves and changes cadence, a person leaves, a goal is deleted.
    const units = (await api.get(`${O}/units?limit=500`)).body.items as {
      id: string;
      parentId: string | null;
    }[];
    const leaf = units.find((u) => u.parentId !== null && !units.some((o) => o.parentId === u.id))!;
    const root = units.find((u) => u.parentId === null)!;
    await api.edit(`${O}/units/${leaf.id}`, { parentId: root.id, cadenceDays: 3 });
    await expectFresh("unit moved");
    const people = (await api.get(`${O}/people?limit=500`)).body.items as { id: string }[];
    const owner = nodes.find((n) => (n as { ownerPersonId?: string }).ownerPersonId) as
      | { ownerPersonId: string }
      | undefined;
    const leaving = owner?.ownerPersonId ?? people[people.length - 1].id;
    expect((await api.del(`${O}/people/${leaving}`)).status).toBe(204);
    await expectFresh("person left");
    await api.del(`${O}/nodes/${goal.id}`);
    await expectFresh("goal deleted");

    // The demo replaced under the same id: its revision carries on, the model reloads.
    const revision = (await api.get(O)).body.revision;
    const { org } = await loadDemo(
      makeCtx(database.db, () => NOW),
      { replace: true },
    );
    expect(org.id).toBe(orgId);
    expect(org.revision).toBeGreaterThan(revision);
    truth = await expectFresh("demo replaced");
    expect(truth.findings.some((f) => f.subject.title === "Aaa first")).toBe(false);
  });
});

// The database announces a write as it commits, often before the writer has the commit's
// answer (always, on the embedded database; in either order on PostgreSQL, where the
// announcement comes over a connection of its own).
describe("this instance's own writes", () => {
  it("patch the resident model, even while it follows the announcements of every write", async () => {
    const unfollow = await followChanges(database);
    try {
      await api.get(`${O}/health`);
      const nodes = (await api.get(`${O}/nodes?limit=500`)).body.items as {
        id: string;
        target: number | null;
        status: string;
      }[];
      const measured = nodes.filter((n) => n.target !== null && n.status === "active");
      const before = engineStats(database.db, orgId)!;
      for (const [i, n] of measured.slice(0, 5).entries()) {
        await api.post(`${O}/nodes/${n.id}/checkins`, { value: i + 1 });
        // Let the announcement's follow-up run before the next write.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await expectFresh("five check-ins");
      const after = engineStats(database.db, orgId)!;
      expect(after.patches - before.patches).toBe(5);
      // Not one read of the change feed: the writer's patch was there first each time.
      expect(after.catchUps - before.catchUps).toBe(0);
      expect(after.loads).toBe(before.loads);
    } finally {
      await unfollow();
    }
  });

  it("hold back following other writes while one is under way, and follow them after it", async () => {
    const unfollow = await followChanges(database);
    try {
      await api.get(`${O}/health`);
      const unit = (await api.get(`${O}/units?limit=1`)).body.items[0] as { id: string };
      const start = residentRevision(database.db, orgId)!;
      const before = engineStats(database.db, orgId)!;
      const own = beginOwnWrite(database.db, orgId);
      // Another write commits and is announced while ours is under way: not followed yet.
      const renamed = await api.edit(`${O}/units/${unit.id}`, { name: "Renamed meanwhile" });
      expect(renamed.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(residentRevision(database.db, orgId)).toBe(start);
      // Ours fails: the announcement is followed, from the feed, without any read asking.
      own.failed();
      const until = Date.now() + 2000;
      while (residentRevision(database.db, orgId) === start && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(residentRevision(database.db, orgId)).toBe(start + 1);
      expect(engineStats(database.db, orgId)!.catchUps).toBe(before.catchUps + 1);
      await expectFresh("followed after the write");
    } finally {
      await unfollow();
    }
  });
});
