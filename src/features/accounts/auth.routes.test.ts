import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import { makeCtx } from "../../platform/context.js";
import type { Database } from "../../platform/db/connect.js";
import { buildServer } from "../../server/app.js";
import { createUser, resetPassword, setDisabled } from "./auth.js";

let database: Database;
let operator: Api;
let anon: Api;
const CSRF = { "x-accord-request": "1" };
const PASSWORD = "a long enough passphrase";

beforeAll(async () => {
  database = await testDatabase();
  operator = apiClient(database.db);
  anon = operator.as({});
});
afterAll(() => database.close());

/** The session cookie a response sets, as a Cookie header value. */
const cookieOf = (headers: Headers) => {
  const set = headers.get("set-cookie") ?? "";
  const m = /accord_session=([^;]+)/.exec(set);
  return m ? `accord_session=${m[1]}` : "";
};

describe("first-run set-up", () => {
  it("creates one first admin, signs them in, and refuses a second set-up", async () => {
    expect((await anon.get("/api/auth/session")).body).toEqual({
      setupNeeded: true,
      setupCodeRequired: false,
      user: null,
    });
    // Two at once: exactly one becomes the first admin.
    const attempts = await Promise.all(
      ["first@example.com", "second@example.com"].map((email) =>
        anon.post("/api/auth/setup", { email, name: "First Admin", password: PASSWORD }, CSRF),
      ),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([201, 409]);
    const won = attempts.find((r) => r.status === 201)!;
    expect(won.body).toMatchObject({ isAdmin: true });
    const set = won.headers.get("set-cookie") ?? "";
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    const me = await anon.get("/api/auth/session", { cookie: cookieOf(won.headers) });
    expect(me.body).toMatchObject({ setupNeeded: false, user: { email: won.body.email } });
    const again = await anon.post(
      "/api/auth/setup",
      { email: "third@example.com", name: "Third", password: PASSWORD },
      CSRF,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already set up/);
  });
});

describe("the set-up code", () => {
  it("is asked for when the server printed one, and must match", async () => {
    const fresh = await testDatabase();
    try {
      const app = buildServer(fresh.db, { setupCode: "ABCD-EF23" });
      const post = (body: unknown) =>
        app.request("/api/auth/setup", {
          method: "POST",
          headers: { "content-type": "application/json", ...CSRF },
          body: JSON.stringify(body),
        });
      const session = await (await app.request("/api/auth/session")).json();
      expect(session).toMatchObject({ setupNeeded: true, setupCodeRequired: true });
      const who = { email: "boss@example.com", name: "Boss", password: PASSWORD };
      const missing = await post(who);
      expect(missing.status).toBe(400);
      expect((await missing.json()).error.details.issues[0].path).toBe("code");
      expect((await post({ ...who, code: "ABCD-EF24" })).status).toBe(400);
      expect((await post({ ...who, code: " abcd-ef23 " })).status).toBe(201);
    } finally {
      await fresh.close();
    }
  });
});

describe("signing in", () => {
  beforeAll(async () => {
    await operator.post("/api/orgs", { slug: "acme", name: "Acme" });
    const lee = await operator.post("/api/orgs/acme/people", {
      name: "Lee",
      email: "lee@acme.example",
    });
    const r = await operator.post("/api/orgs/acme/users", {
      email: "lee@acme.example",
      name: "Lee",
      role: "member",
      personId: lee.body.id,
      password: PASSWORD,
    });
    expect(r.status).toBe(201);
    expect(r.body.password).toBeNull();
  });

  it("needs a session or a token for everything but the public routes", async () => {
    expect((await anon.get("/api/orgs/acme/nodes")).status).toBe(401);
    expect((await anon.get("/api/orgs/acme/nodes")).body.error.code).toBe("unauthorized");
    expect((await anon.get("/api/status")).status).toBe(200);
    expect((await anon.get("/api/openapi.json")).status).toBe(200);
    const bad = await anon.get("/api/orgs", { authorization: "Bearer acc_not-a-token" });
    expect(bad.status).toBe(401);
    expect(bad.body.error.message).toMatch(/not valid, has expired or has been revoked/);
  });

  it("signs in with the right password, gives the same answer for a wrong one or an unknown e-mail", async () => {
    const wrong = await anon.post(
      "/api/auth/sign-in",
      { email: "lee@acme.example", password: "not the password" },
      CSRF,
    );
    const unknown = await anon.post(
      "/api/auth/sign-in",
      { email: "nobody@acme.example", password: PASSWORD },
      CSRF,
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    const ok = await anon.post(
      "/api/auth/sign-in",
      { email: "LEE@acme.example", password: PASSWORD },
      CSRF,
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      email: "lee@acme.example",
      orgs: [{ slug: "acme", role: "member" }],
    });
    const cookie = cookieOf(ok.headers);
    expect((await anon.get("/api/orgs/acme/nodes", { cookie })).status).toBe(200);
    // Another organization does not exist for Lee.
    await operator.post("/api/orgs", { slug: "other", name: "Other" });
    expect((await anon.get("/api/orgs/other", { cookie })).status).toBe(404);
    expect(
      (await anon.get("/api/orgs", { cookie })).body.map((o: { slug: string }) => o.slug),
    ).toEqual(["acme"]);
    // Signing out ends the session.
    expect((await anon.post("/api/auth/sign-out", {}, { cookie, ...CSRF })).status).toBe(204);
    expect((await anon.get("/api/orgs/acme/nodes", { cookie })).status).toBe(401);
  });

  it("stops trying after 5 failures for an e-mail, with a Retry-After", async () => {
    const email = "target@acme.example";
    await operator.post("/api/orgs/acme/users", {
      email,
      name: "T",
      role: "viewer",
      password: PASSWORD,
    });
    for (let i = 0; i < 5; i++) {
      const r = await anon.post("/api/auth/sign-in", { email, password: `guess ${i}` }, CSRF);
      expect(r.status).toBe(401);
    }
    const blocked = await anon.post("/api/auth/sign-in", { email, password: PASSWORD }, CSRF);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Attempts sent all at once are counted as well.
    const rush = "rush@acme.example";
    await operator.post("/api/orgs/acme/users", {
      email: rush,
      name: "R",
      role: "viewer",
      password: PASSWORD,
    });
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        anon.post("/api/auth/sign-in", { email: rush, password: `guess ${i}` }, CSRF),
      ),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    // Someone else is not locked out by it.
    const other = await anon.post(
      "/api/auth/sign-in",
      { email: "lee@acme.example", password: PASSWORD },
      CSRF,
    );
    expect(other.status).toBe(200);
  });

  it("refuses cookie-authenticated writes from other sites", async () => {
    const signIn = await anon.post(
      "/api/auth/sign-in",
      { email: "lee@acme.example", password: PASSWORD },
      CSRF,
    );
    const cookie = cookieOf(signIn.headers);
    const goal = { kind: "goal", title: "Cross-site goal" };
    const noHeader = await anon.post("/api/orgs/acme/nodes", goal, { cookie });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error.message).toMatch(/x-accord-request/);
    const foreign = await anon.post("/api/orgs/acme/nodes", goal, {
      cookie,
      ...CSRF,
      origin: "https://evil.example",
    });
    expect(foreign.status).toBe(403);
    const same = await anon.post("/api/orgs/acme/nodes", goal, {
      cookie,
      ...CSRF,
      origin: "http://localhost",
      host: "localhost",
    });
    expect(same.status).toBe(201);
    // A member's new goal is a proposal.
    expect(same.body.status).toBe("draft");
    expect((await operator.get("/api/orgs/acme/nodes?q=Cross-site")).body.total).toBe(1);
  });

  it("changes the password, which ends the other sessions", async () => {
    const a = cookieOf(
      (
        await anon.post(
          "/api/auth/sign-in",
          { email: "lee@acme.example", password: PASSWORD },
          CSRF,
        )
      ).headers,
    );
    const b = cookieOf(
      (
        await anon.post(
          "/api/auth/sign-in",
          { email: "lee@acme.example", password: PASSWORD },
          CSRF,
        )
      ).headers,
    );
    const wrong = await anon.post(
      "/api/auth/password",
      { currentPassword: "nope", newPassword: "another long passphrase" },
      { cookie: a, ...CSRF },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.issues[0].path).toBe("currentPassword");
    const short = await anon.post(
      "/api/auth/password",
      { currentPassword: PASSWORD, newPassword: "short" },
      { cookie: a, ...CSRF },
    );
    expect(short.status).toBe(400);
    expect(short.body.error.details.issues[0].path).toBe("newPassword");
    const ok = await anon.post(
      "/api/auth/password",
      { currentPassword: PASSWORD, newPassword: "another long passphrase" },
      { cookie: a, ...CSRF },
    );
    expect(ok.status).toBe(204);
    expect((await anon.get("/api/orgs/acme", { cookie: a })).status).toBe(200);
    expect((await anon.get("/api/orgs/acme", { cookie: b })).status).toBe(401);
    const old = await anon.post(
      "/api/auth/sign-in",
      { email: "lee@acme.example", password: PASSWORD },
      CSRF,
    );
    expect(old.status).toBe(401);
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, scoped and revocable", async () => {
    await operator.post("/api/orgs/acme/users", {
      email: "ops@acme.example",
      name: "Ops",
      role: "admin",
      password: PASSWORD,
    });
    const cookie = cookieOf(
      (
        await anon.post(
          "/api/auth/sign-in",
          { email: "ops@acme.example", password: PASSWORD },
          CSRF,
        )
      ).headers,
    );
    const as = { cookie, ...CSRF };
    const read = await anon.post("/api/auth/tokens", { name: "dashboard", scope: "read" }, as);
    const write = await anon.post("/api/auth/tokens", { name: "sync script", scope: "write" }, as);
    expect(read.status).toBe(201);
    expect(read.body.secret).toMatch(/^acc_/);
    const list = await anon.get("/api/auth/tokens", { cookie });
    expect(list.body.map((t: { name: string }) => t.name).sort()).toEqual([
      "dashboard",
      "sync script",
    ]);
    expect(JSON.stringify(list.body)).not.toContain(read.body.secret);
    const stored = await database.db.selectFrom("api_tokens").select("token_hash").execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(read.body.secret);

    const reader = anon.as({ authorization: `Bearer ${read.body.secret}` });
    const writer = anon.as({ authorization: `Bearer ${write.body.secret}` });
    expect((await reader.get("/api/orgs/acme/findings")).status).toBe(200);
    const refused = await reader.post("/api/orgs/acme/nodes", { kind: "goal", title: "Nope" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/read-only/);
    // Tokens need no CSRF header: they are not sent by browsers on their own.
    expect(
      (await writer.post("/api/orgs/acme/nodes", { kind: "goal", title: "Synced" })).status,
    ).toBe(201);
    const history = (await operator.get("/api/orgs/acme/history?limit=1")).body.items[0];
    expect(history.actor).toBe("ops@acme.example");

    expect((await anon.del(`/api/auth/tokens/${write.body.token.id}`, as)).status).toBe(204);
    expect((await writer.get("/api/orgs/acme/findings")).status).toBe(401);
    expect((await anon.del(`/api/auth/tokens/${write.body.token.id}`, as)).status).toBe(404);
    const after = (await anon.get("/api/auth/tokens", { cookie })).body;
    expect(
      after.find((t: { id: string }) => t.id === write.body.token.id).revokedAt,
    ).not.toBeNull();
  });
});

describe("API token expiry and last use", () => {
  /** A server whose clock the test moves; same database. */
  let clock = 0;
  let timed: Api;
  let as: Record<string, string>;
  const at = (iso: string) => new Date(Date.parse(iso)).toISOString();
  const tokensNow = async () =>
    (await timed.get("/api/auth/tokens", as)).body as {
      id: string;
      name: string;
      lastUsedAt: string | null;
      expiresAt: string | null;
    }[];

  beforeAll(async () => {
    timed = apiClient(database.db, () => new Date(clock)).as({});
    await createUser(makeCtx(database.db), {
      email: "clock@example.com",
      name: "Clock Watcher",
      password: PASSWORD,
    });
  });
  /** Sets the clock and signs in then (the clock jumps further than a session lasts). */
  const startAt = async (iso: string) => {
    clock = Date.parse(iso);
    const signIn = await timed.post(
      "/api/auth/sign-in",
      { email: "clock@example.com", password: PASSWORD },
      CSRF,
    );
    expect(signIn.status).toBe(200);
    as = { cookie: cookieOf(signIn.headers), ...CSRF };
  };

  it("refuses an expiry in the past, naming expiresAt", async () => {
    await startAt("2026-06-01T09:00:00Z");
    for (const expiresAt of [at("2026-06-01T08:59:59Z"), at("2026-06-01T09:00:00Z")]) {
      const r = await timed.post("/api/auth/tokens", { name: "late", expiresAt }, as);
      expect(r.status, expiresAt).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      expect(r.body.error.details.issues[0].path).toBe("expiresAt");
      expect(r.body.error.message).toMatch(/^expiresAt: must be in the future/);
    }
    const bad = await timed.post("/api/auth/tokens", { name: "odd", expiresAt: "next week" }, as);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe("expiresAt");
    expect((await tokensNow()).map((t) => t.name)).not.toContain("late");
  });

  it("works until it expires, then gets 401 like a revoked token", async () => {
    await startAt("2026-06-01T09:00:00Z");
    const made = await timed.post(
      "/api/auth/tokens",
      { name: "a day", scope: "read", expiresAt: "2026-06-02T11:00:00+02:00" },
      as,
    );
    expect(made.status).toBe(201);
    expect(made.body.token.expiresAt).toBe(at("2026-06-02T09:00:00Z"));
    const forever = await timed.post("/api/auth/tokens", { name: "forever" }, as);
    expect(forever.body.token.expiresAt).toBeNull();
    const listed = (await tokensNow()).find((t) => t.id === made.body.token.id)!;
    expect(listed.expiresAt).toBe(at("2026-06-02T09:00:00Z"));

    const bearer = timed.as({ authorization: `Bearer ${made.body.secret}` });
    const always = timed.as({ authorization: `Bearer ${forever.body.secret}` });
    expect((await bearer.get("/api/auth/session")).body.user.email).toBe("clock@example.com");
    clock = Date.parse("2026-06-02T08:59:59Z");
    expect((await bearer.get("/api/orgs")).status).toBe(200);
    clock = Date.parse("2026-06-02T09:00:00Z");
    const refused = await bearer.get("/api/orgs");
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("unauthorized");
    expect(refused.body.error.message).toMatch(/expired/);
    // Public routes too: an expired token is not silently anonymous.
    expect((await bearer.get("/api/status")).status).toBe(401);
    expect((await always.get("/api/orgs")).status).toBe(200);
    clock = Date.parse("2030-01-01T00:00:00Z");
    expect((await always.get("/api/orgs")).status).toBe(200);
    expect((await bearer.get("/api/orgs")).status).toBe(401);
  });

  it("records its last use, at most once a minute", async () => {
    await startAt("2026-07-01T12:00:00Z");
    const made = await timed.post("/api/auth/tokens", { name: "reader", scope: "read" }, as);
    expect(made.body.token.lastUsedAt).toBeNull();
    const lastUsed = async () =>
      (await tokensNow()).find((t) => t.id === made.body.token.id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();

    const bearer = timed.as({ authorization: `Bearer ${made.body.secret}` });
    expect((await bearer.get("/api/orgs")).status).toBe(200);
    expect(await lastUsed()).toBe(at("2026-07-01T12:00:00Z"));
    // Within the minute: no write.
    clock = Date.parse("2026-07-01T12:00:59Z");
    expect((await bearer.get("/api/orgs")).status).toBe(200);
    expect(await lastUsed()).toBe(at("2026-07-01T12:00:00Z"));
    // A minute later: recorded again. A refused write is a use too.
    clock = Date.parse("2026-07-01T12:01:00Z");
    expect((await bearer.post("/api/orgs", { slug: "nope", name: "Nope" })).status).toBe(403);
    expect(await lastUsed()).toBe(at("2026-07-01T12:01:00Z"));
    // Reading the list with the session does not count as the token's use.
    clock = Date.parse("2026-07-01T13:00:00Z");
    expect(await lastUsed()).toBe(at("2026-07-01T12:01:00Z"));
  });
});

describe("security headers", () => {
  it("sends a Content-Security-Policy and friends on the API and the app", async () => {
    for (const path of ["/api/status", "/"]) {
      const r = await anon.get(path);
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    }
  });
});

describe("sessions", () => {
  it("end after 14 days without use, and slide while used", async () => {
    let now = new Date("2026-03-01T09:00:00Z");
    const clocked = apiClient(database.db, () => now).as({});
    const signIn = await clocked.post(
      "/api/auth/sign-in",
      { email: "ops@acme.example", password: PASSWORD },
      CSRF,
    );
    expect(signIn.status).toBe(200);
    const cookie = cookieOf(signIn.headers);
    now = new Date("2026-03-12T09:00:00Z");
    const used = await clocked.get("/api/orgs/acme", { cookie });
    expect(used.status).toBe(200);
    // The browser gets the cookie again with a fresh lifetime.
    expect(used.headers.get("set-cookie")).toMatch(/accord_session=.*Max-Age=1209600/);
    // Used on day 11: good until day 25.
    now = new Date("2026-03-24T09:00:00Z");
    expect((await clocked.get("/api/orgs/acme", { cookie })).status).toBe(200);
    now = new Date("2026-04-08T09:00:01Z");
    expect((await clocked.get("/api/orgs/acme", { cookie })).status).toBe(401);
  });
});

describe("locking an account", () => {
  it("disabling answers like a wrong password; a reset revokes the account's tokens", async () => {
    const email = "gone@acme.example";
    await operator.post("/api/orgs/acme/users", {
      email,
      name: "Gone",
      role: "member",
      password: PASSWORD,
    });
    const cookie = cookieOf(
      (await anon.post("/api/auth/sign-in", { email, password: PASSWORD }, CSRF)).headers,
    );
    const token = (
      await anon.post("/api/auth/tokens", { name: "t", scope: "read" }, { cookie, ...CSRF })
    ).body.secret;
    await setDisabled(makeCtx(database.db), email, true);
    const refused = await anon.post("/api/auth/sign-in", { email, password: PASSWORD }, CSRF);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe("The e-mail or the password is not right.");
    expect((await anon.get("/api/orgs/acme", { cookie })).status).toBe(401);
    expect((await anon.get("/api/orgs/acme", { authorization: `Bearer ${token}` })).status).toBe(
      401,
    );
    await setDisabled(makeCtx(database.db), email, false);
    expect((await anon.get("/api/orgs/acme", { authorization: `Bearer ${token}` })).status).toBe(
      200,
    );
    await resetPassword(makeCtx(database.db), email, "a brand new passphrase");
    expect((await anon.get("/api/orgs/acme", { authorization: `Bearer ${token}` })).status).toBe(
      401,
    );
  });
});
