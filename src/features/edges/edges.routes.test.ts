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

describe("edges", () => {
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
