import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  type Harness,
  hasChromium,
  shot,
  startHarness,
  violations,
} from "./harness.js";

/** The machine may be busy (other suites build and browse too): wait patiently for the UI. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

describe.skipIf(!hasChromium)("overview and strategy pages in Chromium", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 180_000);
  afterAll(() => h?.close());

  /** Opens the overview and waits until every panel has loaded. */
  async function openOverview(width = 1366): Promise<Page> {
    const page = await h.page(width);
    await page.goto("/");
    await poll(() => page.getByTestId("health-score").isVisible()).toBe(true);
    await poll(() => page.getByTestId("findings").isVisible()).toBe(true);
    await poll(() => page.getByTestId("heatmap-table").count()).toBe(1);
    await poll(() => page.getByRole("img", { name: /Line chart of weekly progress/ }).count()).toBe(
      1,
    );
    return page;
  }

  const findingCount = (page: Page) => page.locator("[data-testid=findings] .ov-finding").count();

  it("shows the health score between 0 and 100 with the gaps it names", async () => {
    const page = await openOverview();
    const score = Number(await page.getByTestId("health-score").textContent());
    expect(score).toBeGreaterThanOrEqual(0);
    expect(score).toBeLessThanOrEqual(100);
    const gaps = await page.getByTestId("health-gaps").locator("li").allTextContents();
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.some((g) => /dependencies are at risk/.test(g))).toBe(true);
    // The six components, each a labelled bar.
    await poll(() => page.getByRole("progressbar", { name: "Aligned to strategy" }).count()).toBe(
      1,
    );
    // Counts of errors, warnings and info at the top.
    expect(await page.getByRole("button", { name: /^3 errors/ }).count()).toBe(1);
    await shot(page, "overview");
    expect(await axeViolations(page)).toEqual([]);
    expect(violations(page)).toEqual([]);
  });

  it("maps the demo's departments against the strategic objectives, and a row opens its unit", async () => {
    const page = await openOverview();
    const chart = page.getByRole("img", { name: /Heatmap of \d+ units against 4 strategic/ });
    await poll(() => chart.locator("svg text", { hasText: "Production" }).count()).toBe(1);
    await poll(() => chart.locator("svg text", { hasText: "Unaligned" }).count()).toBe(1);
    // The numbers as a table, for keyboards and screen readers.
    await page.getByText("Show the numbers as a table").click();
    const table = page.getByTestId("heatmap-table");
    const headers = await table.locator("thead th").allTextContents();
    expect(headers).toEqual(
      expect.arrayContaining([
        "Grow running-shoe revenue",
        "Run a lean, reliable operation",
        "Unaligned",
      ]),
    );
    const production = table.locator("tbody tr", { hasText: "Production" });
    expect(await production.locator("td").first().textContent()).toMatch(/^\d+%$/);
    // Clicking the unit's label in the chart opens the unit.
    await chart.locator("svg text", { hasText: "Production" }).click();
    await poll(() => page.url()).toMatch(/\/units\/[0-9a-f-]{36}$/);
  });

  it("groups findings by rule, says how to fix each, and a finding opens its goal", async () => {
    const page = await openOverview();
    const groups = page.locator("[data-testid=findings] > li");
    expect(await groups.count()).toBeGreaterThan(2);
    const orphan = page.locator("[data-testid=findings] > li[data-rule=orphan]");
    await poll(() => orphan.getByRole("heading", { name: "Orphan" }).count()).toBe(1);
    expect(await orphan.locator(".ov-count").textContent()).toBe("3");
    expect(await orphan.locator(".ov-fix").first().textContent()).toMatch(/^How to fix:/);
    const link = orphan.getByRole("link", { name: "Pilot a four-day week on line 2" });
    await link.click();
    await poll(() => page.url()).toMatch(/\/goals\/[0-9a-f-]{36}$/);
  });

  it("links a dependency finding to the goal that relies on it", async () => {
    const page = await openOverview();
    const group = page.locator("[data-testid=findings] > li[data-rule=dependency_at_risk]");
    const link = group.getByRole("link", { name: /^Raise running-shoe output →/ });
    await poll(() => link.count()).toBe(1);
    const res = await page.evaluate(() =>
      fetch("/api/orgs/stride/nodes?q=Raise%20running-shoe%20output").then((r) => r.json()),
    );
    const goal = res.items.find((n: { title: string }) => n.title === "Raise running-shoe output");
    expect(await link.getAttribute("href")).toBe(`/goals/${goal.id}`);
  });

  it("filters findings by severity", async () => {
    const page = await openOverview();
    const all = await findingCount(page);
    expect(all).toBeGreaterThan(3);
    await page.getByRole("button", { name: /^Errors/ }).click();
    expect(await page.getByRole("button", { name: /^Errors/ }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await poll(() => findingCount(page)).toBe(3);
    const titles = await page.locator("[data-testid=findings] h3").allTextContents();
    expect(titles).toEqual(expect.arrayContaining(["Unowned", "Dependency at risk"]));
    expect(titles).not.toContain("Orphan");
    await page.getByRole("button", { name: /^Warnings/ }).click();
    await poll(() => findingCount(page)).toBe(all - 3);
    await page.getByRole("button", { name: /^Info/ }).click();
    await poll(() => page.getByText("No info").isVisible()).toBe(true);
    // The count tile at the top jumps to the findings, filtered.
    await page.getByRole("button", { name: /^3 errors/ }).click();
    await poll(() => findingCount(page)).toBe(3);
    await page.getByRole("button", { name: /^All/ }).click();
    await poll(() => findingCount(page)).toBe(all);
  });

  it("reads well at tablet width", async () => {
    const page = await openOverview(820);
    await shot(page, "overview-tablet");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("says so plainly when the health cannot be loaded, and offers a retry", async () => {
    const page = await h.page();
    let fail = true;
    await page.route("**/api/orgs/stride/health", (route) =>
      fail
        ? route.fulfill({
            status: 500,
            contentType: "application/json",
            body: JSON.stringify({
              error: { code: "internal", message: "The database is not answering." },
            }),
          })
        : route.continue(),
    );
    await page.goto("/");
    const alert = page.getByRole("alert").filter({ hasText: "The database is not answering." });
    await poll(() => alert.isVisible()).toBe(true);
    // The rest of the page still works.
    await poll(() => page.getByTestId("findings").isVisible()).toBe(true);
    fail = false;
    await alert.getByRole("button", { name: "Try again" }).click();
    await poll(() => page.getByTestId("health-score").isVisible()).toBe(true);
  });

  it("invites creating an objective when there are none (not a viewer, who may not)", async () => {
    const objectives = (url: URL) =>
      url.pathname === "/api/orgs/stride/nodes" && url.searchParams.get("kind") === "objective";
    const none = async (page: Page) => {
      await page.route(objectives, (route) =>
        route.fulfill({
          status: 200,
          contentType: "application/json",
          body: JSON.stringify({ items: [], total: 0, limit: 1000, offset: 0 }),
        }),
      );
      await page.goto("/strategy");
      await poll(() => page.getByText("No strategic objectives yet").isVisible()).toBe(true);
    };
    const page = await h.page();
    await none(page);
    expect(await page.getByRole("link", { name: "Create one" }).getAttribute("href")).toBe(
      "/goals/new?kind=objective",
    );
    expect(await axeViolations(page)).toEqual([]);
    const viewer = await h.page(1366, 900, { as: "viewer" });
    await none(viewer);
    expect(await viewer.getByRole("link", { name: "Create one" }).count()).toBe(0);
    expect(await viewer.getByRole("link", { name: "New objective or key result" }).count()).toBe(0);
  });

  /** Opens the strategy page and waits for the objectives and their key results. */
  async function openStrategy(width = 1366): Promise<Page> {
    const page = await h.page(width);
    await page.goto("/strategy");
    const objectives = page.getByTestId("objective");
    await poll(() => objectives.count()).toBe(4);
    await poll(() => page.locator(".st-kr").count()).toBeGreaterThanOrEqual(8);
    await poll(() => page.getByText("…", { exact: true }).count()).toBe(0);
    return page;
  }

  it("lists the vision and the 4 strategic objectives with their key results and progress", async () => {
    const page = await openStrategy();
    expect(await page.getByText(/Put a better running shoe on every runner's feet/).count()).toBe(
      1,
    );
    const objectives = page.getByTestId("objective");
    const titles = await objectives.locator("h3").allTextContents();
    expect(titles.sort()).toEqual([
      "Build the capabilities to change",
      "Delight customers at every touchpoint",
      "Grow running-shoe revenue",
      "Run a lean, reliable operation",
    ]);
    for (let i = 0; i < 4; i++) {
      const card = objectives.nth(i);
      const title = (await card.locator("h3").textContent()) ?? "";
      const bar = card.getByRole("progressbar", { name: `Progress of ${title}` });
      expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThan(0);
      expect(await card.locator(".st-kr").count()).toBeGreaterThan(0);
    }
    const revenue = objectives.filter({ hasText: "Grow running-shoe revenue" });
    const kr = revenue.locator(".st-kr", { hasText: "Produce 22,000 running-shoe pairs a week" });
    expect(await kr.textContent()).toMatch(/Now [\d,.]+ pairs\/week · target 22,000 pairs\/week/);
    expect(await kr.getByRole("progressbar").getAttribute("aria-valuenow")).toMatch(/^\d+$/);
    await shot(page, "strategy");
    expect(await axeViolations(page)).toEqual([]);
    await kr.getByRole("link", { name: "Produce 22,000 running-shoe pairs a week" }).click();
    await poll(() => page.url()).toMatch(/\/goals\/[0-9a-f-]{36}$/);
  });

  it("reads well at tablet width (strategy)", async () => {
    const page = await openStrategy(820);
    await shot(page, "strategy-tablet");
    expect(await axeViolations(page)).toEqual([]);
  });
});
