import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../db/connect.js";

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

describe("the write contract every entity keeps", () => {
  it("never overwrites a newer version silently", async () => {
    const g = (await api.post(`${O}/nodes`, { kind: "goal", title: "Versioned" })).body;
    expect(g.version).toBe(1);
    const ok = await api.patch(`${O}/nodes/${g.id}`, { title: "Versioned (renamed)", version: 1 });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await api.patch(`${O}/nodes/${g.id}`, { title: "Lost update", version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: "version_conflict",
      details: { currentVersion: 2 },
    });
    const viaHeader = await api.patch(
      `${O}/nodes/${g.id}`,
      { title: "Lost again" },
      { "if-match": '"1"' },
    );
    expect(viaHeader.status).toBe(409);
    expect((await api.get(`${O}/nodes/${g.id}`)).body.title).toBe("Versioned (renamed)");
  });
  it("refuses an update without a version (428), an unreadable If-Match and If-Match: *", async () => {
    const g = (await api.post(`${O}/nodes`, { kind: "goal", title: "Strict" })).body;
    const none = await api.patch(`${O}/nodes/${g.id}`, { title: "Blind write" });
    expect(none.status).toBe(428);
    expect(none.body.error.code).toBe("precondition_required");
    expect(none.body.error.message).toMatch(/If-Match/);
    expect(none.body.error.message).toMatch(/"version"/);
    for (const header of ["abc", '"-1"', '"0"', "1.5"]) {
      const bad = await api.patch(`${O}/nodes/${g.id}`, { title: "x" }, { "if-match": header });
      expect(bad.status, header).toBe(400);
      expect(bad.body.error.details.issues[0].path).toBe("If-Match");
    }
    const notJson = await api.patch(`${O}/nodes/${g.id}`, '{"title":"x"}', { "if-match": '"1"' });
    expect(notJson.status).toBe(415);
    expect(notJson.body.error.message).toMatch(/Unsupported Media Type/);
    const star = await api.patch(`${O}/nodes/${g.id}`, { title: "x" }, { "if-match": "*" });
    expect(star.status).toBe(400);
    expect(star.body.error.message).toMatch(/not accepted for PATCH/);
    const disagree = await api.patch(
      `${O}/nodes/${g.id}`,
      { title: "x", version: 1 },
      { "if-match": '"2"' },
    );
    expect(disagree.status).toBe(400);
    const weak = await api.patch(
      `${O}/nodes/${g.id}`,
      { title: "Via ETag" },
      { "if-match": 'W/"1"' },
    );
    expect(weak.status).toBe(200);
    expect(weak.headers.get("etag")).toBe('"2"');
    // Nothing of the refused attempts was written.
    expect((await api.get(`${O}/nodes/${g.id}/history`)).body.total).toBe(2);
  });
  it("changes nothing for an update that changes nothing: same version, no history, no event", async () => {
    const u = (await api.post(`${O}/units`, { name: "Steady", kind: "team" })).body;
    const revision = (await api.get(O)).body.revision;
    const same = await api.patch(`${O}/units/${u.id}`, {
      name: "Steady",
      kind: "team",
      version: 1,
    });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    expect((await api.get(O)).body.revision).toBe(revision);
    expect((await api.get(`${O}/nodes/${u.id}/history`)).body.total).toBe(1);
    // A stale version is still a conflict, even when nothing would change.
    const moved = await api.patch(`${O}/units/${u.id}`, { name: "Moving", version: 1 });
    expect(moved.body.version).toBe(2);
    const stale = await api.patch(`${O}/units/${u.id}`, { name: "Moving", version: 1 });
    expect(stale.status).toBe(409);
    // People: the same memberships in another order are no change either.
    const a = (await api.post(`${O}/units`, { name: "A" })).body;
    const b = (await api.post(`${O}/units`, { name: "B" })).body;
    const p = (
      await api.post(`${O}/people`, {
        name: "Two Hats",
        memberships: [
          { unitId: a.id, share: 0.5 },
          { unitId: b.id, share: 0.5 },
        ],
      })
    ).body;
    const again = await api.patch(`${O}/people/${p.id}`, {
      version: p.version,
      memberships: [
        { unitId: b.id, share: 0.5 },
        { unitId: a.id, share: 0.5 },
      ],
    });
    expect(again.body.version).toBe(p.version);
  });
  it("refuses measured values that would overflow progress and roll-ups, naming the field", async () => {
    const huge = await api.post(`${O}/nodes`, { kind: "kpi", title: "Too big", target: 1e300 });
    expect(huge.status).toBe(400);
    expect(huge.body.error.details.issues[0].path).toBe("target");
    const g = (
      await api.post(`${O}/nodes`, { kind: "kpi", title: "Fine", baseline: 0, target: 1e12 })
    ).body;
    const checkin = await api.post(`${O}/nodes/${g.id}/checkins`, { value: -1e13 });
    expect(checkin.status).toBe(400);
    expect(checkin.body.error.details.issues[0].path).toBe("value");
    expect((await api.post(`${O}/nodes/${g.id}/checkins`, { value: 5e11 })).status).toBe(201);
    expect((await api.get(`${O}/nodes/${g.id}`)).body.progress).toBeCloseTo(0.5);
  });
});

describe("documentation", () => {
  it("serves an OpenAPI document covering every route, and interactive docs", async () => {
    const doc = (await api.get("/api/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/api/orgs/{org}/units",
      "/api/orgs/{org}/nodes/{id}",
      "/api/orgs/{org}/findings",
      "/api/orgs/{org}/heatmap",
      "/api/orgs/{org}/units/{id}/cascade",
      "/api/orgs/{org}/import/org",
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    const docs = await api.get("/api/docs");
    expect(docs.status).toBe(200);
    expect(docs.text).toContain("swagger");
  });

  it("answers unknown routes with a 404 in the standard shape", async () => {
    const res = await api.get("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
