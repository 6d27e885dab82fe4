import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import { makeCtx } from "../../platform/context.js";
import type { Database } from "../../platform/db/connect.js";
import { loadDemo } from "../demo/index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
let database: Database;
let api: ReturnType<typeof apiClient>;
const O = "/api/orgs/stride";

beforeAll(async () => {
  database = await testDatabase();
  await loadDemo(makeCtx(database.db, () => NOW));
  api = apiClient(database.db, () => NOW);
});
afterAll(() => database.close());

const jack = async () =>
  (await api.get(`${O}/people?q=Jack%20Morales`)).body.items[0] as { id: string; name: string };

describe("my work, links and trends", () => {
  it("lists what Jack owes: his goals and the requests waiting for him", async () => {
    const me = await jack();
    expect(me.name).toBe("Jack Morales");
    const work = (await api.get(`${O}/people/${me.id}/work`)).body;
    expect(work.person.name).toBe("Jack Morales");
    const titles = work.goals.map((g: { node: { title: string } }) => g.node.title);
    expect(titles).toContain("Raise running-shoe output");
    for (const g of work.goals) expect(["owner", "unit leader"]).toContain(g.via);
    // Overdue items come first.
    const overdue = work.goals.map((g: { overdue: boolean }) => g.overdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
    expect((await api.get(`${O}/people/${crypto.randomUUID()}/work`)).status).toBe(404);
  });

  it("shows a node's links in four lists with titles and progress", async () => {
    const goal = (await api.get(`${O}/nodes?q=Raise%20running-shoe%20output`)).body.items[0];
    const links = (await api.get(`${O}/nodes/${goal.id}/links`)).body;
    expect(links.contributesTo.length).toBeGreaterThan(0);
    expect(links.contributors.length).toBeGreaterThan(0);
    expect(
      links.dependsOn.some((l: { edge: { state: string } }) => l.edge.state === "requested"),
    ).toBe(true);
    for (const l of links.contributesTo) {
      expect(l.edge.fromId).toBe(goal.id);
      expect(l.node.title.length).toBeGreaterThan(0);
    }
  });

  it("gives weekly trends of progress and confidence from check-ins", async () => {
    const { weeks } = (await api.get(`${O}/trends?weeks=12`)).body;
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1).checkins).toBeGreaterThan(0);
    for (const w of weeks) {
      if (w.progress !== null) expect(w.progress).toBeGreaterThanOrEqual(0);
      if (w.progress !== null) expect(w.progress).toBeLessThanOrEqual(1);
    }
    expect((await api.get(`${O}/trends?weeks=1`)).status).toBe(400);
  });
});
