import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type Harness, hasChromium, shot, startHarness } from "./harness.js";

const ORG = "/api/orgs/stride";
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });
const DEPARTMENTS = [
  "Customer Experience & Transformation",
  "Distribution",
  "IT",
  "Marketing",
  "Production",
  "Retail Sales",
];

describe.skipIf(!hasChromium)("the Units and Unit pages in Chromium", () => {
  let h: Harness;
  const api = async <T>(path: string): Promise<T> => {
    const res = await h.api(`${ORG}${path}`);
    expect(res.ok).toBe(true);
    return (await res.json()) as T;
  };
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it("lists the unit tree with the six departments, health and goals, and searches it", async () => {
    const page = await h.page();
    await page.goto("/units");
    const table = page.getByRole("table");
    await poll(() => table.isVisible()).toBe(true);
    for (const name of DEPARTMENTS)
      await poll(() => table.getByRole("link", { name, exact: true }).count()).toBe(1);
    await poll(() => page.getByText("1 company · 6 departments · 17 teams").isVisible()).toBe(true);
    // Every row gets its health chip and goal count.
    await poll(() => table.locator(".health-chip").count()).toBe(24);
    const production = table
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "Production", exact: true }) });
    await poll(() => production.locator(".goals-count").textContent()).toMatch(/^\d+$/);
    await shot(page, "units");
    expect(await axeViolations(page)).toEqual([]);

    // Collapse a department by keyboard-reachable button, then search.
    await page.getByRole("button", { name: "Collapse Production" }).click();
    await poll(() => table.getByRole("link", { name: "Assembly" }).count()).toBe(0);
    await page.getByRole("button", { name: "Expand Production" }).click();
    await poll(() => table.getByRole("link", { name: "Assembly" }).count()).toBe(1);
    await page.getByLabel("Search units").fill("assem");
    await poll(() => table.getByRole("link").allTextContents()).toEqual([
      "Stride Athletics",
      "Production",
      "Assembly",
    ]);
    await page.getByLabel("Search units").fill("no such unit");
    await poll(() => page.getByText("No unit matches").isVisible()).toBe(true);
  });

  it("shows Production: goals in priority order, health, findings, dependencies, members, sub-units", async () => {
    const { items } = await api<{ items: { id: string }[] }>("/units?q=Production");
    const prod = items[0].id;
    const cascade = await api<{ items: { title: string }[] }>(`/units/${prod}/cascade`);
    const page = await h.page();
    await page.goto("/units");
    await page.getByRole("link", { name: "Production", exact: true }).click();
    await poll(() => page.getByRole("heading", { level: 1, name: /^Production/ }).isVisible()).toBe(
      true,
    );
    expect(new URL(page.url()).pathname).toBe(`/units/${prod}`);
    await poll(() => page.getByText("Led by").textContent()).toContain("Jack Morales");

    // Goals in priority order, the vital few first, with expandable contributors.
    const goals = page.locator(".cascade-row .cascade-title > div:first-child a");
    await poll(() => goals.allTextContents()).toEqual(cascade.items.map((i) => i.title));
    expect(cascade.items[0].title).toBe("Raise running-shoe output");
    await poll(() => page.getByRole("heading", { name: "The vital few" }).isVisible()).toBe(true);
    const first = page.locator(".cascade-row").first();
    await poll(() => first.locator(".rank").textContent()).toBe("Rank 1");
    await poll(() => first.getByRole("progressbar").count()).toBe(1);
    await first.getByRole("button", { name: /contributors to Raise running-shoe output/ }).click();
    await poll(() =>
      first.getByRole("link", { name: "Add a second Tempo lasting line" }).isVisible(),
    ).toBe(true);

    // Health with its gaps, and the findings with how to fix them.
    await poll(() => page.getByRole("heading", { name: "What pulls it down" }).isVisible()).toBe(
      true,
    );
    await poll(() => page.locator(".gaps li").count()).toBeGreaterThan(0);
    await poll(() => page.getByText("How to fix:").first().isVisible()).toBe(true);

    // Dependencies in and out, with their state and the other unit.
    const out = page.locator(".deps", {
      has: page.getByRole("heading", { name: /^Relies on other units/ }),
    });
    await poll(() =>
      out.getByRole("link", { name: "Publish a model-level demand forecast" }).count(),
    ).toBe(1);
    await poll(() => out.getByText("Requested").count()).toBe(1);
    await poll(() => out.getByRole("link", { name: "Product Marketing" }).count()).toBe(1);
    const inn = page.locator(".deps", {
      has: page.getByRole("heading", { name: /^Other units rely on it/ }),
    });
    await poll(() =>
      inn.getByRole("link", { name: "Ship the extra running-shoe volume on time" }).count(),
    ).toBe(1);
    await poll(() => inn.getByText("Accepted").count()).toBe(2);

    // Members and sub-units.
    const members = page.locator("section", {
      has: page.getByRole("heading", { name: /^Members/ }),
    });
    await poll(() => members.getByText("Jack Morales").isVisible()).toBe(true);
    await poll(() => members.getByText("Leader").isVisible()).toBe(true);
    const subs = page.locator("section", {
      has: page.getByRole("heading", { name: /^Sub-units/ }),
    });
    await poll(() => subs.getByRole("link").allTextContents()).toEqual([
      "Assembly",
      "Materials & Sourcing",
      "Quality",
    ]);
    await poll(() => subs.locator(".health-chip").count()).toBe(3);
    await shot(page, "unit");
    expect(await axeViolations(page)).toEqual([]);

    // A sub-unit shows a person with a part-time share.
    await subs.getByRole("link", { name: "Assembly" }).click();
    await poll(() => page.getByRole("heading", { level: 1, name: /^Assembly/ }).isVisible()).toBe(
      true,
    );
    await poll(() => page.getByText("50% of time").isVisible()).toBe(true);
    await poll(() => page.getByRole("link", { name: "Production" }).first().isVisible()).toBe(true);
  });

  it("reads well at tablet width", async () => {
    const { items } = await api<{ items: { id: string }[] }>("/units?q=Production");
    const prod = items[0].id;
    const cascade = await api<{ items: { title: string }[] }>(`/units/${prod}/cascade`);
    const tablet = await h.page(820, 1100);
    await tablet.goto(`/units/${prod}`);
    await poll(() => tablet.locator(".cascade-row").count()).toBe(cascade.items.length);
    await poll(() => tablet.locator(".dep-row").count()).toBeGreaterThan(0);
    await shot(tablet, "unit-tablet");
    expect(await axeViolations(tablet)).toEqual([]);
  });

  it("says plainly when a unit does not exist", async () => {
    const page = await h.page();
    await page.goto("/units/00000000-0000-4000-8000-000000000000");
    await poll(() => page.getByRole("heading", { name: "Unit not found" }).isVisible()).toBe(true);
  });
});
