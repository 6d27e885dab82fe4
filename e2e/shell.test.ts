import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  type Harness,
  hasChromium,
  shot,
  startHarness,
  violations,
} from "./harness.js";

describe.skipIf(!hasChromium)("the app shell in Chromium", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it("serves the app and the API from one port, with navigation by keyboard", async () => {
    const page = await h.page();
    await page.goto("/");
    await expect.poll(() => page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(true);
    const status = await page.evaluate(() => fetch("/api/status").then((r) => r.json()));
    expect(status.ok).toBe(true);
    await page.keyboard.press("Tab");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe("Skip to content");
    await page.goto("/no-such-page");
    await expect
      .poll(() => page.getByRole("heading", { name: "Page not found" }).isVisible())
      .toBe(true);
    await shot(page, "not-found");
    expect(await axeViolations(page)).toEqual([]);
    expect(violations(page)).toEqual([]);
  });
});
