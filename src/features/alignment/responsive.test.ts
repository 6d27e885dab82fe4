import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import { insertBundle } from "../../platform/db/bundle.repo.js";
import type { Database } from "../../platform/db/connect.js";
import { buildServer } from "../../server/app.js";
import { generate } from "../demo/synthetic/generate.js";

let database: Database;
let orgSlug: string;
const operatorToken = "op_responsive_test";

beforeAll(async () => {
  database = await testDatabase();
  const bundle = generate("S", 7);
  await insertBundle(database.db, bundle);
  orgSlug = bundle.organization.slug;
});
afterAll(() => database.close());

describe("the server while an organization loads", () => {
  it("answers status requests before the organization's first health answer", async () => {
    const app = buildServer(database.db, { operatorToken });
    const auth = { authorization: `Bearer ${operatorToken}` };
    let loaded = false;
    const health = Promise.resolve(
      app.fetch(new Request(`http://x/api/orgs/${orgSlug}/health`, { headers: auth })),
    ).then(async (res) => {
      loaded = true;
      return { status: res.status, body: await res.json() };
    });
    // Status requests one after another for as long as the load takes, each arriving as a
    // new event-loop task, as requests from the network do.
    let answeredDuringLoad = 0;
    while (!loaded) {
      await new Promise((resolve) => setImmediate(resolve));
      const res = await app.fetch(new Request("http://x/api/status"));
      expect(res.status).toBe(200);
      if (!loaded) answeredDuringLoad++;
    }
    const h = await health;
    expect(h.status).toBe(200);
    expect(h.body.items).toBeGreaterThan(1000);
    // The load is sliced (database chunks, then the build in steps): status got in between.
    expect(answeredDuringLoad).toBeGreaterThanOrEqual(3);
  });
});
