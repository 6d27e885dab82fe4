import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type Harness, hasChromium, shot, startHarness } from "./harness.js";

/** Waits for the UI: pages load lazily and the machine may be busy, so allow a few seconds. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/** Importing CSV files: every bad line named before anything is written, then the real import. */

const fixture = (name: string) => path.resolve(import.meta.dirname, "..", "test", "fixtures", name);

const peopleTotal = (page: Page) =>
  page.evaluate(() =>
    fetch("/api/orgs/stride/people?limit=1")
      .then((r) => r.json())
      .then((b: { total: number }) => b.total),
  );

describe.skipIf(!hasChromium)("importing CSV files in Chromium", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it("names a bad line with its reason and writes nothing", async () => {
    const page = await h.page();
    await page.goto("/import");
    await poll(() => page.getByRole("heading", { level: 1, name: "Import" }).isVisible()).toBe(
      true,
    );
    const before = await peopleTotal(page);
    expect(before).toBeGreaterThan(0);

    // The expected columns are shown, with an example each.
    const columns = page.getByRole("table").filter({ hasText: "What it holds" });
    await poll(() => columns.getByRole("row").count()).toBe(10);
    expect(await columns.textContent()).toContain("TP-005");

    // Upload through the file input (the drop area is its label).
    await page.setInputFiles("#imp-file", fixture("org-bad-line.csv"));
    const problems = page.getByRole("table", { name: /^Problems in/ });
    await poll(() => problems.isVisible()).toBe(true);
    const rows = problems.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator("td").allTextContents();
    expect(cells[0]).toBe("8");
    expect(cells[1]).toBe("manager_id");
    expect(cells[2]).toContain("TP-105");
    expect(cells[2]).toContain("neither an id in this file nor the id of an existing person");

    // Nothing can be imported until the file is fixed, and the page says nothing was written.
    expect(
      await page
        .getByText("Fix these lines and upload the file again — nothing has been written")
        .isVisible(),
    ).toBe(true);
    const go = page.getByRole("button", { name: "Import 24 rows" });
    expect(await go.isDisabled()).toBe(true);

    // The preview shows how the rows were read, with the bad line highlighted.
    const preview = page.getByRole("table").filter({ hasText: "Maya Lindgren" });
    expect(await preview.locator("tbody tr").count()).toBe(20);
    const bad = preview.locator("tr.bad-row");
    expect(await bad.count()).toBe(1);
    expect(await bad.textContent()).toContain("Lucía Fernández");

    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "import-preview-errors");
    expect(await axeViolations(page)).toEqual([]);
    expect(await peopleTotal(page)).toBe(before);
  });

  it("previews a clean org chart, then imports it and links to the units", async () => {
    const page = await h.page();
    await page.goto("/import");
    await poll(() => page.getByLabel("Org chart").isChecked()).toBe(true);
    const before = await peopleTotal(page);

    await page.setInputFiles("#imp-file", fixture("org-good.csv"));
    const go = page.getByRole("button", { name: "Import 24 rows" });
    await poll(() => go.isVisible()).toBe(true);
    expect(await go.isDisabled()).toBe(false);
    expect(await page.getByText("All 24 rows look right.").isVisible()).toBe(true);
    expect(await page.getByText("24 people, 19 units, 23 memberships").isVisible()).toBe(true);
    // A dry run writes nothing.
    expect(await peopleTotal(page)).toBe(before);

    await go.click();
    await poll(() =>
      page.getByRole("heading", { name: /Imported 24 rows from org-good\.csv/ }).isVisible(),
    ).toBe(true);
    expect(await peopleTotal(page)).toBe(before + 24);
    const units = page.getByRole("link", { name: "See the units" });
    expect(await units.getAttribute("href")).toBe("/units");

    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "import-done");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("checks a goals file dropped on the page at tablet width, naming each bad line", async () => {
    const page = await h.page(820, 1100);
    await page.goto("/import");
    await page.getByLabel("Goals").check();
    await poll(() => page.getByRole("heading", { name: "Columns for goals" }).isVisible()).toBe(
      true,
    );
    // The file input is the keyboard way in (the drop area is its label)…
    const input = page.getByLabel(/Choose a CSV file/);
    await input.focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("imp-file");
    // …and a file dropped on the area is checked the same way.
    const csv = fs.readFileSync(fixture("goals-bad-line.csv"), "utf8");
    await page.evaluate((text) => {
      const area = document.querySelector(".imp-drop")!;
      const data = new DataTransfer();
      data.items.add(new File([text], "goals-bad-line.csv", { type: "text/csv" }));
      for (const type of ["dragenter", "dragover", "drop"]) {
        area.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
      }
    }, csv);
    const problems = page.getByRole("table", { name: /^Problems in/ });
    await poll(() => problems.isVisible()).toBe(true);
    const lines = await problems.locator("tbody tr td:first-child").allTextContents();
    expect(lines).toContain("9");
    expect(await problems.textContent()).toContain('must be a number, got "270g"');
    expect(await page.getByRole("button", { name: /^Import \d+ rows$/ }).isDisabled()).toBe(true);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "import-tablet");
    expect(await axeViolations(page)).toEqual([]);
  });
});
