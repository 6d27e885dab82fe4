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

describe("people", () => {
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
});
