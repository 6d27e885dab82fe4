import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import type { Database } from "../../platform/db/connect.js";
import { buildServer } from "../../server/app.js";

let database: Database;
const operatorToken = "op_import_responsive_test";
const auth = { authorization: `Bearer ${operatorToken}` };
type App = ReturnType<typeof buildServer>;

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

/**
 * `n` goals rows: 100 objectives, each with key results whose parents are named by key, and
 * every tenth one by the exact title of an objective already in the organization.
 */
function goalsFile(n: number): string {
  const lines = ["key,kind,title,parent,target"];
  for (let i = 1; i <= n; i++) {
    if (i <= 100) lines.push(`o${i},objective,Objective ${i},,`);
    else if (i % 10 === 0) lines.push(`k${i},key_result,Key result ${i},Existing objective,${i}`);
    else lines.push(`k${i},key_result,Key result ${i},o${1 + (i % 100)},${i}`);
  }
  return lines.join("\n");
}

/** A POST through the app, as the network sends it: JSON unless a CSV file is given. */
function post(app: App, path: string, body: unknown, csv = false) {
  return app.fetch(
    new Request(`http://x${path}`, {
      method: "POST",
      headers: { ...auth, "content-type": csv ? "text/csv" : "application/json" },
      body: csv ? (body as string) : JSON.stringify(body),
    }),
  );
}

/** A dry run of an import, answered with its status and report. */
async function dryRun(app: App, org: string, what: "org" | "goals", csv: string) {
  const res = await post(app, `/api/orgs/${org}/import/${what}?dryRun=true`, csv, true);
  return { status: res.status, body: await res.json() };
}

/**
 * Runs `work` while status requests go one after another, each arriving as a new event-loop
 * task, as requests from the network do; how many answered meanwhile.
 */
async function statusDuring<T>(
  app: App,
  work: Promise<T>,
): Promise<{ result: T; answered: number }> {
  let finished = false;
  const done = work.finally(() => {
    finished = true;
  });
  let answered = 0;
  while (!finished) {
    await new Promise((resolve) => setImmediate(resolve));
    const res = await app.fetch(new Request("http://x/api/status"));
    expect(res.status).toBe(200);
    if (!finished) answered++;
  }
  return { result: await done, answered };
}

describe("the server while a large import is checked", () => {
  it("answers status requests between the pieces of the file it reads and checks", async () => {
    const app = buildServer(database.db, { operatorToken });
    expect((await post(app, "/api/orgs", { slug: "big", name: "Big" })).status).toBe(201);
    const { result: r, answered } = await statusDuring(
      app,
      dryRun(app, "big", "org", orgChart(40_000)),
    );
    expect(r.status).toBe(200);
    expect(r.body.rows).toBe(40_000);
    expect(r.body.issues).toEqual([]);
    expect(r.body.created.people).toBe(40_000);
    // Read and checked in paced pieces: status got in between, again and again.
    expect(answered).toBeGreaterThanOrEqual(10);
  });

  it("answers between the pieces of a goals file it plans, and finds parents by title", async () => {
    const app = buildServer(database.db, { operatorToken });
    expect((await post(app, "/api/orgs", { slug: "goals", name: "Goals" })).status).toBe(201);
    const objective = await post(app, "/api/orgs/goals/nodes", {
      kind: "objective",
      title: "Existing objective",
    });
    expect(objective.status).toBe(201);
    const { result, answered } = await statusDuring(
      app,
      dryRun(app, "goals", "goals", goalsFile(30_000)),
    );
    expect(result.status).toBe(200);
    expect(result.body.issues).toEqual([]);
    expect(result.body.rows).toBe(30_000);
    // Every key result gets its parent: 2,990 by the existing objective's title.
    expect(result.body.created).toEqual({ nodes: 30_000, edges: 29_900 });
    expect(answered).toBeGreaterThanOrEqual(10);
  });

  it("refuses a body over its limit with a message that names the limit", async () => {
    const app = buildServer(database.db, { operatorToken });
    const res = await post(app, "/api/orgs", { slug: "x", name: "x".repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toContain("at most 1 MB");
  });
});
