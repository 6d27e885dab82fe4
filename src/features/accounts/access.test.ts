import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import { actingAs, makeCtx } from "../../platform/context.js";
import type { Database } from "../../platform/db/connect.js";
import { factsIn, prefetchRole } from "./access.js";
import { accountsRepo } from "./accounts.repo.js";
import { createUser, userPrincipal } from "./auth.js";

let database: Database;
let orgId: string;

beforeAll(async () => {
  database = await testDatabase();
  const api = apiClient(database.db);
  orgId = (await api.post("/api/orgs", { slug: "acme", name: "Acme" })).body.id;
  await api.post("/api/orgs", { slug: "other", name: "Other" });
});
afterAll(() => database.close());

const user = async (email: string, isAdmin = false) =>
  createUser(makeCtx(database.db), {
    email,
    name: email,
    password: "a long enough passphrase",
    isAdmin,
  });

describe("the role read ahead with the organization (prefetchRole)", () => {
  it("is what factsIn then uses, with no read of its own; a name that is no organization keeps nothing", async () => {
    const viewer = await user("viewer@example.com");
    await accountsRepo.setRole(database.db, viewer.id, orgId, "viewer", null);
    const admin = await user("admin@example.com", true);
    const none = await user("none@example.com");
    const roleIn = vi.spyOn(accountsRepo, "roleIn");
    try {
      for (const [who, name, role] of [
        [viewer, "acme", "viewer"],
        [viewer, orgId, "viewer"],
        [admin, "acme", "admin"],
        [none, "acme", null],
      ] as const) {
        const ctx = actingAs(makeCtx(database.db), userPrincipal(who));
        await prefetchRole(ctx, name);
        expect((await factsIn(ctx, orgId))?.role ?? null, `${who.email} ${name}`).toBe(role);
      }
      expect(roleIn).not.toHaveBeenCalled();
      // Another organization's name, or none: factsIn reads the role itself.
      for (const name of ["other", "nowhere"]) {
        const ctx = actingAs(makeCtx(database.db), userPrincipal(viewer));
        await prefetchRole(ctx, name);
        expect((await factsIn(ctx, orgId))?.role).toBe("viewer");
      }
      expect(roleIn).toHaveBeenCalledTimes(2);
      // A role changed since the last request is the one read ahead.
      await accountsRepo.setRole(database.db, viewer.id, orgId, "member", null);
      const ctx = actingAs(makeCtx(database.db), userPrincipal(viewer));
      await prefetchRole(ctx, "acme");
      expect((await factsIn(ctx, orgId))?.role).toBe("member");
    } finally {
      roleIn.mockRestore();
    }
  });
});
