import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, hasChromium, shot, startHarness, violations } from "./harness.js";

/** The interactive API docs work without internet: nothing is fetched from another host. */

describe.skipIf(!hasChromium)("API docs in Chromium", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ demo: false });
  });
  afterAll(() => h?.close());

  it("renders every operation with requests to this server only", async () => {
    const page = await h.page(1366, 900, { as: null });
    const elsewhere: string[] = [];
    const origin = new URL(h.url).origin;
    await page.context().route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("data:") || new URL(url).origin === origin) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    await page.goto("/api/docs");
    await expect
      .poll(() => page.locator(".opblock").count(), { timeout: 15_000, interval: 100 })
      .toBeGreaterThan(10);
    await expect
      .poll(() => page.locator(".info .title").textContent(), { timeout: 15_000 })
      .toContain("Accord API");
    await shot(page, "api-docs");
    expect(elsewhere).toEqual([]);
    expect(violations(page)).toEqual([]);
  });
});
