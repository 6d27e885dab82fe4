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

describe("cycles", () => {
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
