import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/db.js";
import { actingAs, type Ctx, makeCtx } from "../../platform/context.js";
import type { Database } from "../../platform/db/connect.js";
import { accountsRepo } from "../accounts/index.js";
import { findOrg } from "../orgs/index.js";
import { loadDemo } from "./demo.js";
import { createDemoAccounts, DEMO_ACCOUNTS } from "./demo-accounts.js";
import { enterpriseSlug, loadSyntheticEnterprise, parseSize } from "./enterprise.js";

const NOW = new Date("2027-03-09T10:00:00.000Z");
const DAY = 86_400_000;

let database: Database;
let ctx: Ctx;
beforeAll(async () => {
  database = await testDatabase();
  ctx = makeCtx(database.db, () => NOW, "cli");
});
afterAll(() => database.close());

async function countsOf(orgId: string) {
  const count = async (table: "units" | "people" | "nodes" | "edges" | "checkins") =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("org_id", "=", orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    people: await count("people"),
    units: await count("units"),
    nodes: await count("nodes"),
    edges: await count("edges"),
    checkins: await count("checkins"),
  };
}

describe("accord demo --size: a synthetic enterprise", { timeout: 120_000 }, () => {
  it("takes S, M, L or XL (any case) and names them when the size is wrong", () => {
    expect(parseSize("S")).toBe("S");
    expect(parseSize("xl")).toBe("XL");
    expect(() => parseSize("XXL")).toThrow(/--size: "XXL" is not a size; use one of S, M, L, XL/);
    expect(() => parseSize("")).toThrow(/S, M, L, XL/);
  });

  it("loads S as its own organization with the generator's counts, dated around now", async () => {
    // With the Stride demo and its accounts already there: they see the new one too.
    await loadDemo(ctx);
    await createDemoAccounts(ctx, (await loadDemo(ctx)).org.id);

    const r = await loadSyntheticEnterprise(ctx, { size: "S" });
    expect(r.org).toMatchObject({ slug: "synthetic-s", name: "Synthetic enterprise (S)" });
    const counts = await countsOf(r.org.id);
    expect(counts).toEqual(r.counts);
    expect(counts).toMatchObject({ people: 1_000, units: 80, nodes: 3_000 });
    expect(counts.edges).toBeGreaterThanOrEqual(9_900);
    expect(counts.edges).toBeLessThanOrEqual(10_000);

    // This year's cycle; check-ins of the last weeks, none in the future.
    const cycles = await database.db
      .selectFrom("cycles")
      .select(["name"])
      .where("org_id", "=", r.org.id)
      .execute();
    expect(cycles.map((c) => c.name)).toContain("FY2027 Q1");
    const latest = await database.db
      .selectFrom("checkins")
      .select((eb) => eb.fn.max("created_at").as("at"))
      .where("org_id", "=", r.org.id)
      .executeTakeFirstOrThrow();
    const at = new Date(latest.at as unknown as string).getTime();
    expect(at).toBeLessThanOrEqual(NOW.getTime());
    expect(at).toBeGreaterThan(NOW.getTime() - 2 * DAY);

    // The demo accounts have a role in it, each as one of its people.
    expect(r.accounts).toHaveLength(DEMO_ACCOUNTS.length);
    const leader = DEMO_ACCOUNTS.find((a) => a.role === "leader")!;
    const user = (await accountsRepo.byEmail(database.db, leader.email))!;
    const role = await accountsRepo.roleIn(database.db, user.id, r.org.id);
    expect(role?.role).toBe("leader");
    expect(role?.personId).not.toBeNull();
  });

  it("refuses to load the same size twice unless --replace, which keeps its id", async () => {
    const first = (await findOrg(database.db, "synthetic-s"))!;
    await expect(loadSyntheticEnterprise(ctx, { size: "S" })).rejects.toThrow(
      /Synthetic enterprise \(S\) is already loaded \(--org synthetic-s\); use --replace/,
    );
    const again = await loadSyntheticEnterprise(ctx, { size: "S", seed: 7, replace: true });
    expect(again.org.id).toBe(first.id);
    expect((await countsOf(first.id)).people).toBe(1_000);
    expect(enterpriseSlug("XL")).toBe("synthetic-xl");
  });

  it("is for the operator and instance admins only", async () => {
    const member = actingAs(ctx, {
      kind: "user",
      userId: "00000000-0000-4000-8000-000000000000",
      email: "someone@example.com",
      name: "Someone",
      isAdmin: false,
      canWrite: true,
      via: "session",
    });
    await expect(
      loadSyntheticEnterprise(member, { size: "S", replace: true }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
