import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../../platform/db/connect.js";
import { buildServer } from "../../server/app.js";

let database: Database;
const operatorToken = "op_import_responsive_test";
const auth = { authorization: `Bearer ${operatorToken}` };

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

/** An org chart of `n` people in 7 divisions, 70 departments and 700 teams. */
function orgChart(n: number): string {
  const lines = ["id,name,email,title,manager_id,division,department,team"];
  for (let i = 1; i <= n; i++) {
    const manager = i > 1 ? `p${Math.floor(i / 2)}` : "";
    lines.push(
      `p${i},Person ${i},p${i}@example.com,Engineer,${manager},Division ${i % 7},Department ${i % 70},Team ${i % 700}`,
    );
  }
  return lines.join("\n");
}

describe("the server while a large import is checked", () => {
  it("answers status requests between the pieces of the file it reads and checks", async () => {
    const app = buildServer(database.db, { operatorToken });
    const created = await app.fetch(
      new Request("http://x/api/orgs", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ slug: "big", name: "Big" }),
      }),
    );
    expect(created.status).toBe(201);
    let checked = false;
    const report = Promise.resolve(
      app.fetch(
        new Request("http://x/api/orgs/big/import/org?dryRun=true", {
          method: "POST",
          headers: { ...auth, "content-type": "text/csv" },
          body: orgChart(40_000),
        }),
      ),
    ).then(async (res) => {
      checked = true;
      return { status: res.status, body: await res.json() };
    });
    // Status requests one after another for as long as the check takes, each arriving as a
    // new event-loop task, as requests from the network do.
    let answeredDuringCheck = 0;
    while (!checked) {
      await new Promise((resolve) => setImmediate(resolve));
      const res = await app.fetch(new Request("http://x/api/status"));
      expect(res.status).toBe(200);
      if (!checked) answeredDuringCheck++;
    }
    const r = await report;
    expect(r.status).toBe(200);
    expect(r.body.rows).toBe(40_000);
    expect(r.body.issues).toEqual([]);
    expect(r.body.created.people).toBe(40_000);
    // Read and checked in paced pieces: status got in between, again and again.
    expect(answeredDuringCheck).toBeGreaterThanOrEqual(10);
  });
});
