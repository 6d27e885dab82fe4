import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../src/core/errors.js";
import { userPrincipal } from "../src/features/accounts/auth.js";
import { listOrgUsers } from "../src/features/accounts/users.js";
import {
  CascadeQuery,
  cascadeOf,
  FindingsQuery,
  HeatmapQuery,
  healthOf,
  heatmapOf,
  listFindings,
} from "../src/features/alignment/alignment.js";
import { historyOf, verifyHistory } from "../src/features/audit/audit.js";
import { changesSince } from "../src/features/changes/changes.js";
import { listCheckins } from "../src/features/checkins/checkins.js";
import { getCycle, listCycles } from "../src/features/cycles/cycles.js";
import { getEdge, listEdges } from "../src/features/edges/edges.js";
import { EdgeListQuery } from "../src/features/edges/edges.schemas.js";
import { exportBundle } from "../src/features/export/export.js";
import { getNode, listNodes } from "../src/features/goals/goals.js";
import { NodeListQuery } from "../src/features/goals/goals.schemas.js";
import { linksOf } from "../src/features/goals/links.js";
import { TrendsQuery, trendsOf, workOf } from "../src/features/mywork/mywork.js";
import { getOrg } from "../src/features/orgs/orgs.js";
import { getPerson, listPeople } from "../src/features/people/people.js";
import { PersonListQuery } from "../src/features/people/people.schemas.js";
import { getUnit, listUnits } from "../src/features/units/units.js";
import { UnitListQuery } from "../src/features/units/units.schemas.js";
import { actingAs, type Ctx, makeCtx } from "../src/platform/context.js";
import type { Database } from "../src/platform/db/connect.js";
import { PageQuery } from "../src/platform/schemas.js";
import { userClient } from "./accounts.js";
import { type Api, apiClient } from "./api.js";
import { testDatabase } from "./db.js";

/**
 * Reads are guarded in the use case, not only at the HTTP edge: a job, a webhook or a live
 * board that calls a use case with its user's context can never read past that user.
 * Every read use case is called as someone with no role anywhere and as a member of
 * another organization; each must refuse before it returns anything.
 */
let database: Database;
let api: Api;
const ids: Record<string, string> = {};
const O = "/api/orgs/guarded";

beforeAll(async () => {
  database = await testDatabase();
  api = apiClient(database.db);
  const ok = async (r: Promise<{ status: number; body: { id?: string } }>) => {
    const res = await r;
    if (res.status >= 300) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  ids.org = (await ok(api.post("/api/orgs", { slug: "guarded", name: "Guarded Inc" }))).id!;
  ids.other = (await ok(api.post("/api/orgs", { slug: "elsewhere", name: "Elsewhere" }))).id!;
  ids.unit = (await ok(api.post(`${O}/units`, { name: "Secret Lab" }))).id!;
  ids.person = (await ok(api.post(`${O}/people`, { name: "Quiet Person" }))).id!;
  ids.cycle = (
    await ok(
      api.post(`${O}/cycles`, {
        name: "2026",
        kind: "year",
        startsOn: "2026-01-01",
        endsOn: "2026-12-31",
      }),
    )
  ).id!;
  ids.goal = (await ok(api.post(`${O}/nodes`, { kind: "goal", title: "Hidden goal", target: 10 })))
    .id!;
  ids.objective = (await ok(api.post(`${O}/nodes`, { kind: "objective", title: "Hidden aim" })))
    .id!;
  ids.edge = (
    await ok(
      api.post(`${O}/edges`, { kind: "contributes_to", fromId: ids.goal, toId: ids.objective }),
    )
  ).id!;
  await ok(api.post(`${O}/nodes/${ids.goal}/checkins`, { value: 3, note: "confidential" }));
});
afterAll(() => database.close());

/** Every use case that reads an organization's data, called on the guarded organization. */
const READS: Record<string, (ctx: Ctx) => Promise<unknown>> = {
  getOrg: (ctx) => getOrg(ctx, "guarded"),
  listUnits: (ctx) => listUnits(ctx, ids.org, UnitListQuery.parse({})),
  getUnit: (ctx) => getUnit(ctx, ids.org, ids.unit),
  listPeople: (ctx) => listPeople(ctx, ids.org, PersonListQuery.parse({})),
  getPerson: (ctx) => getPerson(ctx, ids.org, ids.person),
  listCycles: (ctx) => listCycles(ctx, ids.org, PageQuery.parse({})),
  getCycle: (ctx) => getCycle(ctx, ids.org, ids.cycle),
  listNodes: (ctx) => listNodes(ctx, ids.org, NodeListQuery.parse({})),
  getNode: (ctx) => getNode(ctx, ids.org, ids.goal),
  linksOf: (ctx) => linksOf(ctx, ids.org, ids.goal),
  listEdges: (ctx) => listEdges(ctx, ids.org, EdgeListQuery.parse({})),
  getEdge: (ctx) => getEdge(ctx, ids.org, ids.edge),
  listCheckins: (ctx) => listCheckins(ctx, ids.org, ids.goal, PageQuery.parse({})),
  listFindings: (ctx) => listFindings(ctx, ids.org, FindingsQuery.parse({})),
  healthOf: (ctx) => healthOf(ctx, ids.org),
  heatmapOf: (ctx) => heatmapOf(ctx, ids.org, HeatmapQuery.parse({})),
  cascadeOf: (ctx) => cascadeOf(ctx, ids.org, ids.unit, CascadeQuery.parse({})),
  workOf: (ctx) => workOf(ctx, ids.org, ids.person),
  trendsOf: (ctx) => trendsOf(ctx, ids.org, TrendsQuery.parse({})),
  exportBundle: (ctx) => exportBundle(ctx, "guarded"),
  historyOf: (ctx) => historyOf(ctx, ids.org, PageQuery.parse({}), ids.goal),
  verifyHistory: (ctx) => verifyHistory(ctx, ids.org),
  changesSince: (ctx) => changesSince(ctx, ids.org, { since: 0, limit: 10 }),
  listOrgUsers: (ctx) => listOrgUsers(ctx, ids.org),
};

async function refusal(read: () => Promise<unknown>): Promise<string> {
  try {
    await read();
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return "answered";
}

describe("read use cases", () => {
  it("answer the organization's own members (the list is not vacuous)", async () => {
    const viewer = await userClient(api, database.db, { orgId: ids.org, role: "admin" });
    const ctx = actingAs(makeCtx(database.db), userPrincipal(viewer.user));
    for (const [name, read] of Object.entries(READS)) {
      expect(await refusal(() => read(ctx)), name).toBe("answered");
    }
  });

  for (const who of ["no role anywhere", "a member of another organization"] as const) {
    it(`refuse someone with ${who}`, async () => {
      const other = await userClient(api, database.db, { orgId: ids.other, role: "admin" });
      if (who === "no role anywhere") {
        await database.db.deleteFrom("user_roles").where("user_id", "=", other.user.id).execute();
      }
      const ctx = actingAs(makeCtx(database.db), userPrincipal(other.user));
      for (const [name, read] of Object.entries(READS)) {
        expect(["not_found", "forbidden"], name).toContain(await refusal(() => read(ctx)));
      }
      const anonymous = actingAs(makeCtx(database.db), { kind: "anonymous" });
      for (const [name, read] of Object.entries(READS)) {
        expect(["unauthorized", "not_found", "forbidden"], name).toContain(
          await refusal(() => read(anonymous)),
        );
      }
    });
  }

  it("cover every exported read use case of every feature", () => {
    // A new list…/get…/…Of use case must be added above (and guarded).
    const root = path.resolve(import.meta.dirname, "../src/features");
    const found: string[] = [];
    for (const feature of fs.readdirSync(root)) {
      for (const file of fs.readdirSync(path.join(root, feature))) {
        if (!/^[a-z-]+\.ts$/.test(file) || /\.(repo|routes|commands|schemas)\.ts$/.test(file))
          continue;
        const src = fs.readFileSync(path.join(root, feature, file), "utf8");
        for (const m of src.matchAll(/export (?:async function|const) ((?:list|get)\w+|\w+Of)\b/g))
          found.push(m[1]);
      }
    }
    const exempt = new Set([
      "modelOf", // guarded itself; every alignment read above goes through it
      "orgOf", // the HTTP helper over getOrg
      "versionOf",
      "listTokens", // the caller's own API tokens, not an organization's data
      "sessionSecretOf", // reads the request's cookie
    ]);
    expect(found.filter((n) => !(n in READS) && !exempt.has(n))).toEqual([]);
  });
});
