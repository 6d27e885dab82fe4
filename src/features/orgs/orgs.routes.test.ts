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

describe("editing an organization", () => {
  it("moves the revision on once and answers with the new one", async () => {
    const before = (await api.get(O)).body.revision;
    const edited = await api.patch(O, { vision: "Run further" });
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(before + 1);
    expect((await api.get(O)).body).toMatchObject({ vision: "Run further", revision: before + 1 });
    const feed = (await api.get(`${O}/changes?since=${before}`)).body;
    expect(feed.items.map((e: { op: string; fields: string[] }) => [e.op, e.fields])).toEqual([
      ["update", ["vision"]],
    ]);
  });
});
