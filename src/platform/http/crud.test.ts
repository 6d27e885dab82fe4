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

describe("organizations", () => {
  it("lists, reads by slug and refuses a duplicate slug", async () => {
    expect((await api.get("/api/orgs")).body.map((o: { slug: string }) => o.slug)).toContain(
      "acme",
    );
    expect((await api.get(O)).body.name).toBe("Acme Running");
    const dup = await api.post("/api/orgs", { slug: "acme", name: "Again" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict");
  });

  it("names the field of a bad slug", async () => {
    const bad = await api.post("/api/orgs", { slug: "Not A Slug!", name: "x" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe("slug");
  });

  it("gives 404 in the standard shape for an unknown organization", async () => {
    const res = await api.get("/api/orgs/nope/units");
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "not_found" });
  });
});

describe("units, people, cycles", () => {
  it("creates a unit tree and refuses moving a unit under its own sub-unit", async () => {
    const company = (await api.post(`${O}/units`, { name: "Acme", kind: "company" })).body;
    const prod = (
      await api.post(`${O}/units`, { name: "Production", kind: "department", parentId: company.id })
    ).body;
    const team = (await api.post(`${O}/units`, { name: "Assembly", parentId: prod.id })).body;
    expect(team.kind).toBe("team");
    expect(team.cadenceDays).toBe(14);

    const children = await api.get(`${O}/units?parentId=${prod.id}`);
    expect(children.body.items.map((u: { name: string }) => u.name)).toEqual(["Assembly"]);

    const loop = await api.edit(`${O}/units/${company.id}`, { parentId: team.id });
    expect(loop.status).toBe(409);
    expect(loop.body.error.code).toBe("cycle_detected");
    expect(loop.body.error.details.path).toEqual([company.id, team.id, prod.id, company.id]);

    const busy = await api.del(`${O}/units/${prod.id}`);
    expect(busy.status).toBe(409);
    expect((await api.get(`${O}/units/${prod.id}`)).status).toBe(200);
  });

  it("validates every field it is given and names it", async () => {
    const cases: [string, unknown, string][] = [
      [`${O}/units`, { name: "" }, "name"],
      [`${O}/units`, { name: "X", kind: "squad" }, "kind"],
      [`${O}/units`, { name: "X", cadenceDays: 0 }, "cadenceDays"],
      [`${O}/units`, { name: "X", parentId: "not-a-uuid" }, "parentId"],
      [`${O}/people`, { name: "Ann", email: "not-an-email" }, "email"],
      [
        `${O}/people`,
        { name: "Ann", memberships: [{ unitId: crypto.randomUUID(), share: 2 }] },
        "memberships.0.share",
      ],
      [
        `${O}/cycles`,
        { name: "2026", kind: "year", startsOn: "2026-13-01", endsOn: "2026-12-31" },
        "startsOn",
      ],
      [
        `${O}/cycles`,
        { name: "2026", kind: "year", startsOn: "2026-12-31", endsOn: "2026-01-01" },
        "endsOn",
      ],
      [`${O}/nodes`, { kind: "goal" }, "title"],
      [`${O}/nodes`, { kind: "wish", title: "x" }, "kind"],
      [`${O}/nodes`, { kind: "goal", title: "x", confidence: 1.5 }, "confidence"],
      [`${O}/nodes`, { kind: "goal", title: "x", target: "ten" }, "target"],
      [`${O}/nodes`, { kind: "goal", title: "x", standalone: true }, "standaloneReason"],
      [`${O}/nodes`, { kind: "goal", title: "x", ownerUnitId: crypto.randomUUID() }, "ownerUnitId"],
      [
        `${O}/edges`,
        { kind: "blocks", fromId: crypto.randomUUID(), toId: crypto.randomUUID() },
        "kind",
      ],
      [
        `${O}/edges`,
        { kind: "contributes_to", fromId: crypto.randomUUID(), toId: crypto.randomUUID() },
        "fromId",
      ],
    ];
    for (const [path, body, field] of cases) {
      const res = await api.post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
      expect(res.body.error.message).toContain(field);
    }
  });

  it("rejects a body that is not JSON and unknown fields on update", async () => {
    const res = await api.post(`${O}/units`, "{not json", { "content-type": "application/json" });
    expect(res.status).toBe(400);
    const unit = (await api.post(`${O}/units`, { name: "Temp" })).body;
    const extra = await api.edit(`${O}/units/${unit.id}`, { nmae: "typo" });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/nmae/);
  });

  it("creates people with memberships and refuses a manager loop", async () => {
    const unit = (await api.post(`${O}/units`, { name: "Marketing", kind: "department" })).body;
    const boss = (await api.post(`${O}/people`, { name: "Maya Chen", title: "VP Marketing" })).body;
    const ann = (
      await api.post(`${O}/people`, {
        name: "Ann Lee",
        managerId: boss.id,
        email: "ann@acme.test",
        memberships: [{ unitId: unit.id, share: 0.5 }],
      })
    ).body;
    expect(ann.memberships).toEqual([{ unitId: unit.id, share: 0.5 }]);
    const inUnit = await api.get(`${O}/people?unitId=${unit.id}`);
    expect(inUnit.body.items.map((p: { name: string }) => p.name)).toEqual(["Ann Lee"]);

    const loop = await api.edit(`${O}/people/${boss.id}`, { managerId: ann.id });
    expect(loop.status).toBe(409);
    expect(loop.body.error.code).toBe("cycle_detected");

    const dupEmail = await api.post(`${O}/people`, { name: "Other Ann", email: "ANN@acme.test" });
    expect(dupEmail.status).toBe(409);
  });

  it("changes only the fields an update names: the rest keeps its value", async () => {
    const lead = (
      await api.post(`${O}/people`, {
        name: "Keep Lead",
        email: "keep@acme.example",
        title: "Head",
      })
    ).body;
    const parent = (await api.post(`${O}/units`, { name: "Keep Parent" })).body;
    const unit = (
      await api.post(`${O}/units`, {
        name: "Keep",
        parentId: parent.id,
        leaderId: lead.id,
        cadenceDays: 7,
      })
    ).body;
    const patched = (await api.edit(`${O}/units/${unit.id}`, { name: "Kept" })).body;
    expect(patched).toMatchObject({
      name: "Kept",
      parentId: parent.id,
      leaderId: lead.id,
      cadenceDays: 7,
    });
    const person = (await api.edit(`${O}/people/${lead.id}`, { title: "Head of Keeping" })).body;
    expect(person).toMatchObject({ email: "keep@acme.example", title: "Head of Keeping" });
    const node = (
      await api.post(`${O}/nodes`, {
        kind: "goal",
        title: "Keep going",
        description: "Why it matters",
        ownerUnitId: unit.id,
        status: "draft",
        baseline: 1,
        target: 9,
      })
    ).body;
    const renamed = (await api.edit(`${O}/nodes/${node.id}`, { title: "Keep going on" })).body;
    expect(renamed).toMatchObject({
      title: "Keep going on",
      description: "Why it matters",
      ownerUnitId: unit.id,
      status: "draft",
      baseline: 1,
      target: 9,
    });
  });

  it("pages lists with a total", async () => {
    for (let i = 0; i < 7; i++)
      await api.post(`${O}/cycles`, {
        name: `Sprint ${i}`,
        kind: "quarter",
        startsOn: `2026-0${i + 1}-01`,
        endsOn: `2026-0${i + 1}-28`,
      });
    const first = await api.get(`${O}/cycles?limit=3&offset=0`);
    const second = await api.get(`${O}/cycles?limit=3&offset=3`);
    expect(first.body.total).toBe(7);
    expect(first.body.items).toHaveLength(3);
    expect(second.body.items[0].name).toBe("Sprint 3");
    expect((await api.get(`${O}/cycles?limit=0`)).status).toBe(400);
    expect((await api.get(`${O}/cycles?limit=5000`)).status).toBe(400);
  });
});

describe("nodes, edges and check-ins", () => {
  it("rolls progress up from a check-in to the objective it serves", async () => {
    const obj = (await api.post(`${O}/nodes`, { kind: "objective", title: "Grow revenue" })).body;
    const kr = (
      await api.post(`${O}/nodes`, {
        kind: "key_result",
        title: "Sell 10k pairs a week",
        baseline: 0,
        target: 10000,
        metricUnit: "pairs/week",
        contributesTo: [{ nodeId: obj.id }],
      })
    ).body;
    expect(kr.progress).toBe(0);
    const ci = await api.post(`${O}/nodes/${kr.id}/checkins`, {
      value: 2500,
      confidence: 0.8,
      note: "Good week",
    });
    expect(ci.status).toBe(201);
    expect(ci.body.progress).toBeCloseTo(0.25);
    expect((await api.get(`${O}/nodes/${obj.id}`)).body.progress).toBeCloseTo(0.25);
    const after = (await api.get(`${O}/nodes/${kr.id}`)).body;
    expect(after.current).toBe(2500);
    expect(after.confidence).toBe(0.8);
    expect(after.lastCheckinAt).not.toBeNull();
    const history = await api.get(`${O}/nodes/${kr.id}/checkins`);
    expect(history.body.items[0]).toMatchObject({ value: 2500, note: "Good week" });

    const empty = await api.post(`${O}/nodes/${kr.id}/checkins`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0].path).toBe("value");

    await api.del(`${O}/checkins/${ci.body.checkin.id}`);
    expect((await api.get(`${O}/nodes/${kr.id}`)).body.current).toBeNull();
  });

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

  it("filters and searches nodes, and 404s an unknown one", async () => {
    const res = await api.get(`${O}/nodes?kind=objective&q=grow`);
    expect(res.body.items.map((n: { title: string }) => n.title)).toEqual(["Grow revenue"]);
    expect((await api.get(`${O}/nodes/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api.get(`${O}/nodes/not-a-uuid`)).status).toBe(400);
    expect((await api.del(`${O}/nodes/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("updates a dependency's state and refuses a state on a vertical link", async () => {
    const x = (await api.post(`${O}/nodes`, { kind: "goal", title: "X" })).body;
    const y = (await api.post(`${O}/nodes`, { kind: "goal", title: "Y" })).body;
    const up = (
      await api.post(`${O}/edges`, { kind: "contributes_to", fromId: x.id, toId: y.id, weight: 2 })
    ).body;
    expect((await api.edit(`${O}/edges/${up.id}`, { state: "accepted" })).status).toBe(400);
    const dep = (await api.post(`${O}/edges`, { kind: "depends_on", fromId: y.id, toId: x.id }))
      .body;
    const accepted = await api.edit(`${O}/edges/${dep.id}`, { state: "accepted" });
    expect(accepted.body.state).toBe("accepted");
    expect(
      (
        await api.post(`${O}/edges`, {
          kind: "supports",
          fromId: x.id,
          toId: y.id,
          state: "accepted",
        })
      ).status,
    ).toBe(400);
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
