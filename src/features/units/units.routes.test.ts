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

describe("units", () => {
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
});
