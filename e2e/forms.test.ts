import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type Harness, hasChromium, shot, startHarness } from "./harness.js";

/** Waits for the UI: pages load lazily and the machine may be busy, so allow a few seconds. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/** Creating and editing goals: the alignment picker, the API's messages at the field, conflicts. */

const API = "/api/orgs/stride";

/** The API from the signed-in page (its session cookie; writes carry the header the app sends). */
async function json<T = Record<string, unknown>>(page: Page, path: string, init?: RequestInit) {
  return page.evaluate(
    async ({ path, init }) => {
      const headers = new Headers(init?.headers as HeadersInit | undefined);
      headers.set("X-Accord-Request", "1");
      const r = await fetch(path, { ...init, headers });
      return { status: r.status, body: r.status === 204 ? null : await r.json() };
    },
    { path, init: init as Record<string, unknown> | undefined },
  ) as Promise<{ status: number; body: T }>;
}

const errorText = (page: Page, fieldId: string) =>
  page
    .locator(`#${fieldId}-error`)
    .textContent({ timeout: 500 })
    .catch(() => null);

/** The field's error is shown under it, announced with it, and the field is marked invalid. */
async function expectFieldError(page: Page, fieldId: string, message: string) {
  await poll(async () => (await errorText(page, fieldId))?.toLowerCase() ?? "").toContain(
    message.toLowerCase().replace(/\.$/, ""),
  );
  const field = page.locator(`#${fieldId}`);
  expect(await field.getAttribute("aria-invalid")).toBe("true");
  expect(await field.getAttribute("aria-describedby")).toContain(`${fieldId}-error`);
}

describe.skipIf(!hasChromium)("creating and editing goals in Chromium", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it("creates a goal aligned to a demo objective through the picker, then finds it on the map", async () => {
    const page = await h.page();
    await page.goto("/goals/new");
    await poll(() => page.getByRole("heading", { level: 1, name: "New goal" }).isVisible()).toBe(
      true,
    );

    const objectives = await json<{ items: { id: string; title: string }[] }>(
      page,
      `${API}/nodes?kind=objective`,
    );
    const objective = objectives.body.items.find((o) => o.title === "Grow running-shoe revenue");
    expect(objective, "the demo has the objective 'Grow running-shoe revenue'").toBeDefined();

    const title = "Win three city marathons as their official shoe";
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Owner unit").fill("Marketing");
    await poll(() =>
      page
        .getByRole("listbox")
        .getByRole("option", { name: /Marketing/ })
        .count(),
    ).toBeGreaterThan(0);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByLabel("Baseline").fill("0");
    await page.getByLabel("Target").fill("3");
    await page.getByLabel("Current value").fill("1");

    // The alignment picker: type part of the title, move with the arrows, choose with Enter.
    const picker = page.getByRole("combobox", { name: "Search objectives and goals" });
    await picker.fill("running-shoe rev");
    const option = page.getByRole("option", { name: /Grow running-shoe revenue/ }).first();
    await poll(() => option.isVisible()).toBe(true);
    expect(await picker.getAttribute("aria-expanded")).toBe("true");
    await picker.press("ArrowDown");
    await poll(async () => {
      const active = await picker.getAttribute("aria-activedescendant");
      return active ? page.locator(`[id="${active}"]`).textContent() : null;
    }).toContain("Grow running-shoe revenue");
    await picker.press("Enter");
    const chosen = page.getByRole("list", { name: "Contributes to" });
    await poll(() => chosen.textContent()).toContain("Grow running-shoe revenue");
    await poll(() => chosen.textContent()).toContain("Objective");
    expect(await page.getByLabel(/Weight towards/).inputValue()).toBe("1");
    expect(await picker.inputValue()).toBe("");

    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "goal-new");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Create goal" }).click();
    await poll(() => new URL(page.url()).pathname).toMatch(/^\/goals\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;

    // It exists, aligned to the objective with weight 1.
    const node = await json<{ title: string; target: number }>(page, `${API}/nodes/${id}`);
    expect(node.body).toMatchObject({ title, target: 3 });
    const links = await json<{
      contributesTo: { node: { id: string }; edge: { weight: number } }[];
    }>(page, `${API}/nodes/${id}/links`);
    expect(links.body.contributesTo.map((l) => [l.node.id, l.edge.weight])).toEqual([
      [objective!.id, 1],
    ]);

    // The new goal's page says it was created and links to it on the alignment map.
    // (The note is <FlashNote /> from src/web/components/forms, mounted once in App.tsx.)
    const note = page.getByRole("status").filter({ hasText: "was created" });
    await poll(() => note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain(title);
    const toMap = note.getByRole("link", { name: "See it in the alignment map" });
    expect(await toMap.getAttribute("href")).toBe(`/map?focus=${id}`);

    // And the alignment map, focused on it, shows it.
    await toMap.click();
    await poll(() => new URL(page.url()).search).toBe(`?focus=${id}`);
    await poll(() => page.getByText(title, { exact: false }).first().isVisible()).toBe(true);
  });

  it("shows the API's validation messages at the fields they name", async () => {
    const page = await h.page();
    await page.goto("/goals/new");
    await poll(() => page.getByLabel("Title").isVisible()).toBe(true);

    // What the API says about an empty title and a target that is not a number.
    const refused = await json<{
      error: { details: { issues: { path: string; message: string }[] } };
    }>(page, `${API}/nodes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "goal", title: "", target: "lots" }),
    });
    expect(refused.status).toBe(400);
    const said = Object.fromEntries(
      refused.body.error.details.issues.map((i) => [i.path, i.message]),
    );
    expect(Object.keys(said).sort()).toEqual(["target", "title"]);

    await page.getByLabel("Target").fill("lots");
    await page.getByRole("button", { name: "Create goal" }).click();
    await expectFieldError(page, "gf-title", said.title!);
    await expectFieldError(page, "gf-target", said.target!);
    // Focus goes to the first field that needs attention.
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe("gf-title");
    expect(new URL(page.url()).pathname).toBe("/goals/new");
    expect(await axeViolations(page)).toEqual([]);

    // Fixing a field clears its message.
    await page.getByLabel("Title").fill("Keep the warehouse safe");
    await poll(() => errorText(page, "gf-title")).toBeNull();
    await page.getByLabel("Target").fill("");

    // Standing alone needs a reason: the API's message appears at the reason field.
    await page.getByLabel(/It stands alone/).check();
    await page.getByRole("button", { name: "Create goal" }).click();
    const reason = await json<{
      error: { details: { issues: { path: string; message: string }[] } };
    }>(page, `${API}/nodes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "goal", title: "x", standalone: true }),
    });
    const reasonMessage = reason.body.error.details.issues.find(
      (i) => i.path === "standaloneReason",
    )!.message;
    await expectFieldError(page, "gf-reason", reasonMessage);
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe("gf-reason");

    // With a reason it is created, standing alone.
    await page.getByLabel("Why does it stand alone?").fill("Required by the safety regulator");
    await page.getByRole("button", { name: "Create goal" }).click();
    await poll(() => new URL(page.url()).pathname).toMatch(/^\/goals\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const node = await json<{ standalone: boolean; standaloneReason: string }>(
      page,
      `${API}/nodes/${id}`,
    );
    expect(node.body).toMatchObject({
      standalone: true,
      standaloneReason: "Required by the safety regulator",
    });
  });

  it("edits a key result, refuses a link that would close a loop, and reports a stale version", async () => {
    const page = await h.page();
    await page.goto("/");
    const krs = await json<{ items: { id: string; title: string }[] }>(
      page,
      `${API}/nodes?kind=key_result&limit=50`,
    );
    // A key result with something contributing to it, so that a loop can be attempted.
    let kr: { id: string; title: string } | undefined;
    let contributor: string | undefined;
    for (const item of krs.body.items) {
      const l = await json<{ contributors: { node: { title: string } }[] }>(
        page,
        `${API}/nodes/${item.id}/links`,
      );
      if (l.body.contributors.length > 0) {
        kr = item;
        contributor = l.body.contributors[0]!.node.title;
        break;
      }
    }
    expect(kr, "a demo key result with contributors").toBeDefined();

    await page.goto(`/goals/${kr!.id}/edit`);
    await poll(() => page.getByLabel("Title").inputValue()).toBe(kr!.title);
    await poll(() =>
      page.getByRole("heading", { level: 1, name: "Edit key result" }).isVisible(),
    ).toBe(true);
    await shot(page, "goal-edit");
    expect(await axeViolations(page)).toEqual([]);

    // Linking it to one of its own contributors would close a loop: refused, with the loop named.
    const link = page.getByRole("combobox", { name: "Link to another objective or goal" });
    await link.fill(contributor!.slice(0, 14));
    await poll(() =>
      page.getByRole("option", { name: new RegExp(escapeRe(contributor!)) }).count(),
    ).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) {
      await link.press("ArrowDown");
      const active = await link.getAttribute("aria-activedescendant");
      const text = active ? await page.locator(`[id="${active}"]`).textContent() : "";
      if (text?.includes(contributor!)) break;
    }
    await link.press("Enter");
    const alert = page.getByRole("alert").filter({ hasText: "would close a loop" });
    await poll(() => alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toContain(contributor!);
    expect(await alert.textContent()).toContain(kr!.title);

    // Someone else changes it meanwhile; saving with the version we opened is refused.
    const current = await json<{ version: number }>(page, `${API}/nodes/${kr!.id}`);
    const other = await json(page, `${API}/nodes/${kr!.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        description: "Changed by a colleague",
        version: current.body.version,
      }),
    });
    expect(other.status).toBe(200);
    await page.getByLabel("Title").fill(`${kr!.title} (revised)`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await poll(() =>
      page.getByText("Someone changed this goal since you opened it — reload").isVisible(),
    ).toBe(true);
    expect((await json<{ title: string }>(page, `${API}/nodes/${kr!.id}`)).body.title).toBe(
      kr!.title,
    );

    // Reloading shows their change; saving then works.
    await page.getByRole("button", { name: "Reload the goal" }).click();
    await poll(() => page.getByLabel("Description").inputValue()).toBe("Changed by a colleague");
    await page.getByLabel("Title").fill(`${kr!.title} (revised)`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await poll(() => new URL(page.url()).pathname).toBe(`/goals/${kr!.id}`);
    const saved = await json<{ title: string; description: string }>(
      page,
      `${API}/nodes/${kr!.id}`,
    );
    expect(saved.body).toMatchObject({
      title: `${kr!.title} (revised)`,
      description: "Changed by a colleague",
    });
  });

  it("is readable at tablet width", async () => {
    const page = await h.page(820, 1100);
    await page.goto("/goals/new");
    await poll(() => page.getByLabel("Title").isVisible()).toBe(true);
    await page.getByLabel("Title").fill("Open two pop-up stores for race weekends");
    const picker = page.getByRole("combobox", { name: "Search objectives and goals" });
    await picker.fill("revenue");
    // Wait for the answer to this search, not the suggestions shown before it arrives.
    await poll(async () => {
      const titles = await page.getByRole("listbox").getByRole("option").allInnerTexts();
      return titles.length > 0 && titles.every((t) => /revenue/i.test(t));
    }).toBe(true);
    await picker.press("ArrowDown");
    await picker.press("Enter");
    await poll(() => page.getByRole("list", { name: "Contributes to" }).isVisible()).toBe(true);
    // Nothing is cut off sideways.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "goal-new-tablet");
    expect(await axeViolations(page)).toEqual([]);
  });
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
