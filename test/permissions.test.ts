import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../src/core/policy.js";
import type { Database } from "../src/platform/db/connect.js";
import { openApiDocument } from "../src/server/app.js";
import { userClient } from "./accounts.js";
import { type Api, apiClient } from "./api.js";
import { testDatabase } from "./db.js";

/**
 * The permission matrix: every route of the API × every role × a resource in the actor's
 * own part of the organization or in someone else's, with the status each must get. The
 * routes come from the OpenAPI document, so a new route without an entry here fails.
 *
 * "own" means: for a leader, something in the unit they lead (Sales) or below it; for a
 * member, a goal they own; for admins and viewers it is the same as the leader's.
 */

type Scope = "own" | "other";
type Expect = Record<Role, [own: number, other: number]>;
interface Req {
  path: string;
  body?: unknown;
  /** Raw text body (CSV uploads). */
  text?: string;
}
interface Entry {
  expect: Expect;
  make: (scope: Scope, role: Role) => Promise<Req> | Req;
}

const ROLES: Role[] = ["admin", "leader", "member", "viewer"];
const all = (status: number): Expect => ({
  admin: [status, status],
  leader: [status, status],
  member: [status, status],
  viewer: [status, status],
});
const adminOnly = (status: number): Expect => ({
  admin: [status, status],
  leader: [403, 403],
  member: [403, 403],
  viewer: [403, 403],
});
/** Goals and what hangs off them: admins anything, leaders and members their own. */
const ownWork = (status: number): Expect => ({
  admin: [status, status],
  leader: [status, 403],
  member: [status, 403],
  viewer: [403, 403],
});
/** Units: admins anything, leaders theirs and below, members and viewers nothing. */
const ownUnits = (status: number): Expect => ({
  admin: [status, status],
  leader: [status, 403],
  member: [403, 403],
  viewer: [403, 403],
});

let database: Database;
let operator: Api;
const clients = {} as Record<Role, Api>;
let readOnly: Api;
const F = {} as {
  orgId: string;
  company: string;
  sales: string;
  salesEast: string;
  ops: string;
  leaderP: string;
  memberP: string;
  otherP: string;
  cycle: string;
  objective: string;
  userIds: Record<Role, string>;
};
const O = "/api/orgs/perm";
let n = 0;

async function ok<T = { id: string }>(p: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`fixture failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A goal in the actor's own part of the organization, or in someone else's. */
async function goal(scope: Scope, role: Role) {
  const owner =
    role === "member"
      ? { ownerPersonId: scope === "own" ? F.memberP : F.otherP }
      : { ownerUnitId: scope === "own" ? F.salesEast : F.ops };
  return ok(
    operator.post(`${O}/nodes`, {
      kind: "goal",
      title: `Goal ${++n}`,
      baseline: 0,
      target: 10,
      ...owner,
    }),
  );
}
const unitFor = (scope: Scope) => (scope === "own" ? F.salesEast : F.ops);
const freshUnit = (scope: Scope) =>
  ok(operator.post(`${O}/units`, { name: `Unit ${++n}`, parentId: unitFor(scope) }));

const MATRIX: Record<string, Entry> = {
  // Accounts ---------------------------------------------------------------------------
  "GET /api/auth/session": { expect: all(200), make: () => ({ path: "/api/auth/session" }) },
  "POST /api/auth/setup": {
    expect: all(409),
    make: () => ({
      path: "/api/auth/setup",
      body: { email: `late${++n}@perm.example`, name: "Late", password: "long enough password" },
    }),
  },
  "POST /api/auth/sign-in": {
    expect: all(401),
    make: () => ({
      path: "/api/auth/sign-in",
      body: { email: `nobody${++n}@perm.example`, password: "wrong password" },
    }),
  },
  "POST /api/auth/sign-out": { expect: all(204), make: () => ({ path: "/api/auth/sign-out" }) },
  "POST /api/auth/password": {
    expect: all(400),
    make: () => ({
      path: "/api/auth/password",
      body: { currentPassword: "not it", newPassword: "a new long password" },
    }),
  },
  "GET /api/auth/tokens": { expect: all(200), make: () => ({ path: "/api/auth/tokens" }) },
  "POST /api/auth/tokens": {
    expect: all(201),
    make: () => ({ path: "/api/auth/tokens", body: { name: "matrix", scope: "read" } }),
  },
  "DELETE /api/auth/tokens/{id}": {
    // Your own token, or someone else's (which for you does not exist).
    expect: {
      admin: [204, 404],
      leader: [204, 404],
      member: [204, 404],
      viewer: [204, 404],
    },
    async make(scope, role) {
      const owner =
        scope === "own" ? clients[role] : clients[role === "admin" ? "viewer" : "admin"];
      const t = await ok(owner.post("/api/auth/tokens", { name: "to revoke", scope: "read" }));
      return { path: `/api/auth/tokens/${(t as { token: { id: string } }).token.id}` };
    },
  },
  "GET /api/orgs/{org}/access": { expect: all(200), make: () => ({ path: `${O}/access` }) },
  "GET /api/orgs/{org}/nodes/{id}/access": {
    expect: all(200),
    make: async (s, r) => ({ path: `${O}/nodes/${(await goal(s, r)).id}/access` }),
  },
  "GET /api/orgs/{org}/users": { expect: adminOnly(200), make: () => ({ path: `${O}/users` }) },
  "POST /api/orgs/{org}/users": {
    expect: adminOnly(201),
    make: () => ({
      path: `${O}/users`,
      body: { email: `new${++n}@perm.example`, name: "New", role: "viewer" },
    }),
  },
  "PATCH /api/orgs/{org}/users/{id}": {
    expect: adminOnly(200),
    make: () => ({ path: `${O}/users/${F.userIds.viewer}`, body: { role: "viewer" } }),
  },
  "DELETE /api/orgs/{org}/users/{id}": {
    expect: adminOnly(204),
    async make() {
      const u = await ok(
        operator.post(`${O}/users`, {
          email: `gone${++n}@perm.example`,
          name: "Gone",
          role: "viewer",
        }),
      );
      return { path: `${O}/users/${(u as { user: { id: string } }).user.id}` };
    },
  },

  // Organizations ----------------------------------------------------------------------
  "GET /api/orgs": { expect: all(200), make: () => ({ path: "/api/orgs" }) },
  "POST /api/orgs": {
    // Only an instance admin creates organizations; an organization's admin is not one.
    expect: all(403),
    make: () => ({ path: "/api/orgs", body: { slug: `org-${++n}`, name: "New org" } }),
  },
  "GET /api/orgs/{org}": { expect: all(200), make: () => ({ path: O }) },
  "PATCH /api/orgs/{org}": {
    expect: adminOnly(200),
    make: () => ({ path: O, body: { vision: `Vision ${++n}` } }),
  },

  // Units --------------------------------------------------------------------------------
  "GET /api/orgs/{org}/units": { expect: all(200), make: () => ({ path: `${O}/units` }) },
  "POST /api/orgs/{org}/units": {
    expect: ownUnits(201),
    make: (s) => ({ path: `${O}/units`, body: { name: `Unit ${++n}`, parentId: unitFor(s) } }),
  },
  "GET /api/orgs/{org}/units/{id}": {
    expect: all(200),
    make: (s) => ({ path: `${O}/units/${unitFor(s)}` }),
  },
  "PATCH /api/orgs/{org}/units/{id}": {
    expect: ownUnits(200),
    make: (s) => ({ path: `${O}/units/${unitFor(s)}`, body: { cadenceDays: 14 } }),
  },
  "DELETE /api/orgs/{org}/units/{id}": {
    expect: ownUnits(204),
    make: async (s) => ({ path: `${O}/units/${(await freshUnit(s)).id}` }),
  },
  "GET /api/orgs/{org}/units/{id}/health": {
    expect: all(200),
    make: (s) => ({ path: `${O}/units/${unitFor(s)}/health` }),
  },
  "GET /api/orgs/{org}/units/{id}/cascade": {
    expect: all(200),
    make: (s) => ({ path: `${O}/units/${unitFor(s)}/cascade` }),
  },

  // People and cycles: admins ------------------------------------------------------------
  "GET /api/orgs/{org}/people": { expect: all(200), make: () => ({ path: `${O}/people` }) },
  "POST /api/orgs/{org}/people": {
    expect: adminOnly(201),
    make: () => ({ path: `${O}/people`, body: { name: `Person ${++n}` } }),
  },
  "GET /api/orgs/{org}/people/{id}": {
    expect: all(200),
    make: (s) => ({ path: `${O}/people/${s === "own" ? F.memberP : F.otherP}` }),
  },
  "PATCH /api/orgs/{org}/people/{id}": {
    expect: adminOnly(200),
    make: (s) => ({
      path: `${O}/people/${s === "own" ? F.memberP : F.otherP}`,
      body: { title: `Title ${++n}` },
    }),
  },
  "DELETE /api/orgs/{org}/people/{id}": {
    expect: adminOnly(204),
    make: async () => ({
      path: `${O}/people/${(await ok(operator.post(`${O}/people`, { name: `Temp ${++n}` }))).id}`,
    }),
  },
  "GET /api/orgs/{org}/people/{id}/work": {
    expect: all(200),
    make: (s) => ({ path: `${O}/people/${s === "own" ? F.memberP : F.otherP}/work` }),
  },
  "GET /api/orgs/{org}/cycles": { expect: all(200), make: () => ({ path: `${O}/cycles` }) },
  "POST /api/orgs/{org}/cycles": {
    expect: adminOnly(201),
    make: () => ({
      path: `${O}/cycles`,
      body: { name: `Cycle ${++n}`, kind: "quarter", startsOn: "2027-01-01", endsOn: "2027-03-31" },
    }),
  },
  "GET /api/orgs/{org}/cycles/{id}": {
    expect: all(200),
    make: () => ({ path: `${O}/cycles/${F.cycle}` }),
  },
  "PATCH /api/orgs/{org}/cycles/{id}": {
    expect: adminOnly(200),
    make: () => ({ path: `${O}/cycles/${F.cycle}`, body: { name: "2026" } }),
  },
  "DELETE /api/orgs/{org}/cycles/{id}": {
    expect: adminOnly(204),
    make: async () => ({
      path: `${O}/cycles/${
        (
          await ok(
            operator.post(`${O}/cycles`, {
              name: `Temp ${++n}`,
              kind: "quarter",
              startsOn: "2028-01-01",
              endsOn: "2028-03-31",
            }),
          )
        ).id
      }`,
    }),
  },

  // Goals, links, check-ins: their owners ---------------------------------------------
  "GET /api/orgs/{org}/nodes": { expect: all(200), make: () => ({ path: `${O}/nodes` }) },
  "POST /api/orgs/{org}/nodes": {
    expect: ownWork(201),
    make: (s, role) => ({
      path: `${O}/nodes`,
      body: {
        kind: "goal",
        title: `New goal ${++n}`,
        ...(role === "member"
          ? { ownerPersonId: s === "own" ? F.memberP : F.otherP }
          : { ownerUnitId: unitFor(s) }),
        contributesTo: [{ nodeId: F.objective, weight: 1 }],
      },
    }),
  },
  "GET /api/orgs/{org}/nodes/{id}": {
    expect: all(200),
    make: async (s, r) => ({ path: `${O}/nodes/${(await goal(s, r)).id}` }),
  },
  "PATCH /api/orgs/{org}/nodes/{id}": {
    expect: ownWork(200),
    make: async (s, r) => ({
      path: `${O}/nodes/${(await goal(s, r)).id}`,
      body: { title: `Renamed ${++n}` },
    }),
  },
  "DELETE /api/orgs/{org}/nodes/{id}": {
    expect: ownWork(204),
    make: async (s, r) => ({ path: `${O}/nodes/${(await goal(s, r)).id}` }),
  },
  "GET /api/orgs/{org}/nodes/{id}/links": {
    expect: all(200),
    make: async (s, r) => ({ path: `${O}/nodes/${(await goal(s, r)).id}/links` }),
  },
  "GET /api/orgs/{org}/nodes/{id}/history": {
    expect: all(200),
    make: async (s, r) => ({ path: `${O}/nodes/${(await goal(s, r)).id}/history` }),
  },
  "GET /api/orgs/{org}/edges": { expect: all(200), make: () => ({ path: `${O}/edges` }) },
  "POST /api/orgs/{org}/edges": {
    expect: ownWork(201),
    make: async (s, r) => ({
      path: `${O}/edges`,
      body: { kind: "contributes_to", fromId: (await goal(s, r)).id, toId: F.objective },
    }),
  },
  "GET /api/orgs/{org}/edges/{id}": {
    expect: all(200),
    make: async (s, r) => ({ path: `${O}/edges/${(await edge(s, r)).id}` }),
  },
  "PATCH /api/orgs/{org}/edges/{id}": {
    expect: ownWork(200),
    make: async (s, r) => ({ path: `${O}/edges/${(await edge(s, r)).id}`, body: { weight: 2 } }),
  },
  "DELETE /api/orgs/{org}/edges/{id}": {
    expect: ownWork(204),
    make: async (s, r) => ({ path: `${O}/edges/${(await edge(s, r)).id}` }),
  },
  "GET /api/orgs/{org}/nodes/{id}/checkins": {
    expect: all(200),
    make: async (s, r) => ({ path: `${O}/nodes/${(await goal(s, r)).id}/checkins` }),
  },
  "POST /api/orgs/{org}/nodes/{id}/checkins": {
    expect: ownWork(201),
    make: async (s, r) => ({
      path: `${O}/nodes/${(await goal(s, r)).id}/checkins`,
      body: { value: 5, confidence: 0.7 },
    }),
  },
  "DELETE /api/orgs/{org}/checkins/{id}": {
    expect: ownWork(204),
    async make(s, r) {
      const g = await goal(s, r);
      const c = await ok<{ checkin: { id: string } }>(
        operator.post(`${O}/nodes/${g.id}/checkins`, { value: 3 }),
      );
      return { path: `${O}/checkins/${c.checkin.id}` };
    },
  },

  // Alignment: everyone who reads ------------------------------------------------------
  "GET /api/orgs/{org}/findings": { expect: all(200), make: () => ({ path: `${O}/findings` }) },
  "GET /api/rules": { expect: all(200), make: () => ({ path: "/api/rules" }) },
  "GET /api/orgs/{org}/health": { expect: all(200), make: () => ({ path: `${O}/health` }) },
  "GET /api/orgs/{org}/heatmap": { expect: all(200), make: () => ({ path: `${O}/heatmap` }) },
  "GET /api/orgs/{org}/trends": { expect: all(200), make: () => ({ path: `${O}/trends` }) },
  "GET /api/orgs/{org}/export": { expect: all(200), make: () => ({ path: `${O}/export` }) },

  // Imports and the whole history: admins ---------------------------------------------
  "POST /api/orgs/{org}/import/org": {
    expect: adminOnly(200),
    make: () => ({
      path: `${O}/import/org?dryRun=true`,
      text: "id,name,manager_id,title,unit\nx1,Xavier,,Analyst,Sales\n",
    }),
  },
  "POST /api/orgs/{org}/import/goals": {
    expect: adminOnly(200),
    make: () => ({
      path: `${O}/import/goals?dryRun=true`,
      text: "kind,title\ngoal,Imported goal\n",
    }),
  },
  "GET /api/orgs/{org}/changes": { expect: all(200), make: () => ({ path: `${O}/changes` }) },
  "GET /api/orgs/{org}/history": { expect: adminOnly(200), make: () => ({ path: `${O}/history` }) },
  "GET /api/orgs/{org}/history/verify": {
    expect: adminOnly(200),
    make: () => ({ path: `${O}/history/verify` }),
  },
  "GET /api/orgs/{org}/history/export": {
    expect: adminOnly(200),
    make: () => ({ path: `${O}/history/export` }),
  },
};

/** A link starting at a goal in the actor's own part (or someone else's). */
async function edge(scope: Scope, role: Role) {
  return ok(
    operator.post(`${O}/edges`, {
      kind: "contributes_to",
      fromId: (await goal(scope, role)).id,
      toId: F.objective,
    }),
  );
}

const PUBLIC = new Set(["GET /api/auth/session", "POST /api/auth/setup", "POST /api/auth/sign-in"]);

const routes = (() => {
  const doc = openApiDocument();
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(ops as object)) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out.sort();
})();

async function call(api: Api, route: string, req: Req) {
  const method = route.split(" ")[0];
  if (method === "GET") return api.get(req.path);
  if (method === "DELETE") return api.del(req.path);
  const body = req.text ?? req.body ?? {};
  return method === "POST"
    ? api.post(req.path, body)
    : api.edit(req.path, body as Record<string, unknown>);
}

beforeAll(async () => {
  database = await testDatabase();
  operator = apiClient(database.db);
  // Set up is done: the matrix's users are not the first.
  await ok(operator.post("/api/orgs", { slug: "perm", name: "Permissions Inc" }));
  F.orgId = (await ok(operator.get(O))).id;
  const person = async (name: string) => (await ok(operator.post(`${O}/people`, { name }))).id;
  F.leaderP = await person("Lena Leader");
  F.memberP = await person("Milo Member");
  F.otherP = await person("Otto Other");
  const viewerP = await person("Vera Viewer");
  const adminP = await person("Ada Admin");
  const unit = async (name: string, parentId: string | null, leaderId: string | null = null) =>
    (await ok(operator.post(`${O}/units`, { name, parentId, leaderId }))).id;
  F.company = await unit("Company", null, adminP);
  F.sales = await unit("Sales", F.company, F.leaderP);
  F.salesEast = await unit("Sales East", F.sales);
  F.ops = await unit("Operations", F.company, F.otherP);
  await ok(operator.edit(`${O}/people/${F.memberP}`, { memberships: [{ unitId: F.salesEast }] }));
  await ok(operator.edit(`${O}/people/${F.otherP}`, { memberships: [{ unitId: F.ops }] }));
  F.cycle = (
    await ok(
      operator.post(`${O}/cycles`, {
        name: "2026",
        kind: "year",
        startsOn: "2026-01-01",
        endsOn: "2026-12-31",
      }),
    )
  ).id;
  F.objective = (
    await ok(
      operator.post(`${O}/nodes`, { kind: "objective", title: "Win", ownerUnitId: F.company }),
    )
  ).id;
  const personOf: Record<Role, string> = {
    admin: adminP,
    leader: F.leaderP,
    member: F.memberP,
    viewer: viewerP,
  };
  F.userIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const u = await userClient(operator, database.db, {
      orgId: F.orgId,
      role,
      personId: personOf[role],
    });
    clients[role] = u.api;
    F.userIds[role] = u.user.id;
  }
  readOnly = (
    await userClient(operator, database.db, {
      orgId: F.orgId,
      role: "admin",
      personId: adminP,
      scope: "read",
    })
  ).api;
}, 60_000);
afterAll(() => database.close());

describe("the permission matrix", () => {
  it("has an entry for every route of the API, and none for a route that is gone", () => {
    const missing = routes.filter((r) => !(r in MATRIX));
    const stale = Object.keys(MATRIX).filter((r) => !routes.includes(r));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it.each(routes.filter((r) => r in MATRIX))("%s", async (route) => {
    const entry = MATRIX[route]!;
    const got: string[] = [];
    const want: string[] = [];
    for (const role of ROLES) {
      for (const [i, scope] of (["own", "other"] as const).entries()) {
        const res = await call(clients[role], route, await entry.make(scope, role));
        got.push(`${role}/${scope}: ${res.status}`);
        want.push(`${role}/${scope}: ${entry.expect[role][i]}`);
        if (res.status >= 400) {
          // Every refusal is in the standard error shape, with a reason.
          expect(res.body?.error?.code, `${role}/${scope}`).toBeTypeOf("string");
          expect(res.body?.error?.message, `${role}/${scope}`).toBeTypeOf("string");
        }
      }
    }
    expect(got).toEqual(want);

    // Without credentials: 401, except the public routes.
    const anon = await call(operator.as({}), route, await entry.make("own", "admin"));
    if (PUBLIC.has(route)) expect(anon.status).not.toBe(401);
    else expect(anon.status).toBe(401);

    // A read-only token reads like its user and writes nothing.
    const method = route.split(" ")[0];
    const ro = await call(readOnly, route, await entry.make("own", "admin"));
    if (method === "GET") expect(ro.status).toBe(entry.expect.admin[0]);
    else expect(ro.status).toBe(403);
  });

  it("lets only the one relied on accept or decline a dependency request", async () => {
    const mine = await goal("own", "member"); // Milo's own goal
    const theirs = await goal("own", "leader"); // owned by Sales East, which the leader leads
    const request = await clients.member.post(`${O}/edges`, {
      kind: "depends_on",
      fromId: mine.id,
      toId: theirs.id,
    });
    expect(request.status).toBe(201);
    expect(request.body.state).toBe("requested");
    const selfAccept = await clients.member.edit(`${O}/edges/${request.body.id}`, {
      state: "accepted",
    });
    expect(selfAccept.status).toBe(403);
    expect(selfAccept.body.error.message).toMatch(/mark this request accepted/);
    const accept = await clients.leader.edit(`${O}/edges/${request.body.id}`, {
      state: "accepted",
    });
    expect(accept.status).toBe(200);
    // The one who asked may still adjust the note.
    expect(
      (await clients.member.edit(`${O}/edges/${request.body.id}`, { note: "by Friday" })).status,
    ).toBe(200);
  });

  it("keeps a member from answering their own request, filing into others' units or skipping approval", async () => {
    const mine = await goal("own", "member");
    const theirs = await goal("other", "leader"); // Operations
    const preAccepted = await clients.member.post(`${O}/edges`, {
      kind: "depends_on",
      fromId: mine.id,
      toId: theirs.id,
      state: "accepted",
    });
    expect(preAccepted.status).toBe(403);
    expect(preAccepted.body.error.message).toMatch(/create this request as accepted/);
    // Filing their own goal under a unit they do not belong to.
    const moved = await clients.member.edit(`${O}/nodes/${mine.id}`, { ownerUnitId: F.ops });
    expect(moved.status).toBe(403);
    expect(moved.body.error.message).toMatch(/a unit you lead or belong to/);
    expect(
      (await clients.member.edit(`${O}/nodes/${mine.id}`, { ownerUnitId: F.salesEast })).status,
    ).toBe(200);
    // A proposal: the member may withdraw it, not complete or activate it.
    const proposal = await clients.member.post(`${O}/nodes`, {
      kind: "goal",
      title: `Idea ${++n}`,
    });
    expect(proposal.body).toMatchObject({ status: "draft", ownerPersonId: F.memberP });
    for (const status of ["done", "active"]) {
      const r = await clients.member.edit(`${O}/nodes/${proposal.body.id}`, { status });
      expect(r.status, status).toBe(403);
    }
    expect(
      (await clients.member.edit(`${O}/nodes/${proposal.body.id}`, { status: "cancelled" })).status,
    ).toBe(200);
    // Nor answer (decline) their own request.
    const request = await clients.member.post(`${O}/edges`, {
      kind: "depends_on",
      fromId: mine.id,
      toId: (await goal("own", "leader")).id,
    });
    expect(request.status).toBe(201);
    const own = await clients.member.edit(`${O}/edges/${request.body.id}`, { state: "declined" });
    expect(own.status).toBe(403);
  });
});
