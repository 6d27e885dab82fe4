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

describe("alignment on the demo organization", () => {
  it("lists findings of every rule, errors first, each with a fix", async () => {
    const res = await api.get(`${O}/findings`);
    expect(res.status).toBe(200);
    const rules = new Set(res.body.items.map((f: { rule: string }) => f.rule));
    for (const r of [
      "orphan",
      "unowned",
      "stale_checkin",
      "dependency_at_risk",
      "too_many_goals",
      "no_metric",
    ]) {
      expect(rules, r).toContain(r);
    }
    expect(res.body.items[0].severity).toBe("error");
    expect(res.body.counts.error).toBeGreaterThan(0);
    for (const f of res.body.items) expect(f.fix.length).toBeGreaterThan(10);
    const onlyErrors = await api.get(`${O}/findings?severity=error`);
    expect(onlyErrors.body.items.every((f: { severity: string }) => f.severity === "error")).toBe(
      true,
    );
    expect((await api.get(`${O}/findings?severity=fatal`)).status).toBe(400);
  });

  it("scores health 0–100 and names the gaps", async () => {
    const h = (await api.get(`${O}/health`)).body;
    expect(h.score).toBeGreaterThan(0);
    expect(h.score).toBeLessThan(100);
    expect(h.gaps.length).toBeGreaterThan(0);
    expect(h.gaps.join(" ")).toMatch(/\d+ of \d+/);
  });

  it("gives a heatmap of departments × objectives whose rows add up", async () => {
    const m = (await api.get(`${O}/heatmap`)).body;
    expect(m.objectives.length).toBeGreaterThanOrEqual(3);
    expect(m.rows.length).toBe(6);
    for (const row of m.rows) {
      const sum = row.cells.reduce((s: number, c: number) => s + c, 0) + row.unaligned;
      if (row.items > 0) expect(sum).toBeCloseTo(1, 6);
    }
  });

  it("shows a unit's cascade with roll-ups and its health; a check-in moves both", async () => {
    const units = (await api.get(`${O}/units?q=Production`)).body.items;
    const production = units.find((u: { name: string }) => u.name === "Production");
    const cascade = (await api.get(`${O}/units/${production.id}/cascade`)).body;
    expect(cascade.unit.name).toBe("Production");
    expect(cascade.items.length).toBeGreaterThan(0);
    const ranked = cascade.items.map(
      (i: { priority: number | null }) => i.priority ?? Number.POSITIVE_INFINITY,
    );
    expect(ranked).toEqual([...ranked].sort((a, b) => a - b));
    expect((await api.get(`${O}/units/${production.id}/health`)).body.score).toBeGreaterThanOrEqual(
      0,
    );

    // Find a metric goal in the cascade and check in at its target.
    const nodes = (await api.get(`${O}/nodes?unitId=${production.id}&kind=goal&limit=100`)).body
      .items;
    const goal = nodes.find(
      (n: { target: number | null; status: string; progress: number | null }) =>
        n.target !== null && n.status === "active" && (n.progress ?? 0) < 1,
    );
    expect(goal).toBeDefined();
    const res = await api.post(`${O}/nodes/${goal.id}/checkins`, {
      value: goal.target,
      confidence: 0.9,
    });
    expect(res.body.progress).toBe(1);
  });

  it("404s the cascade of an unknown unit", async () => {
    expect((await api.get(`${O}/units/${crypto.randomUUID()}/cascade`)).status).toBe(404);
  });

  it("lists the rules with stable ids", async () => {
    const rules = (await api.get("/api/rules")).body.map((r: { id: string }) => r.id);
    expect(rules).toEqual(
      expect.arrayContaining([
        "orphan",
        "unowned",
        "stale_checkin",
        "dependency_at_risk",
        "too_many_goals",
        "no_metric",
      ]),
    );
  });
});

describe("export", () => {
  it("exports the whole organization as JSON", async () => {
    const res = await api.get(`${O}/export`);
    expect(res.status).toBe(200);
    expect(res.body.organization.slug).toBe("stride");
    expect(res.body.people.length).toBeGreaterThan(100);
    expect(res.body.edges.length).toBeGreaterThan(50);
  });

  it("exports people as CSV in the columns the importer reads", async () => {
    const res = await api.get(`${O}/export?format=csv&table=people`);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const [header, first] = res.text.split("\n");
    expect(header).toBe("id,name,email,title,manager_id,division,department,team,share");
    expect(first.split(",").length).toBeGreaterThanOrEqual(9);
    expect((await api.get(`${O}/export?format=xml`)).status).toBe(400);
  });
});
