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

const ORG = "/api/orgs/stride";
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

describe.skipIf(!hasChromium)("My work in Chromium", () => {
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

  /** Admins and leaders look at someone else's work by finding them by name. */
  const lookAt = async (page: Page, search: string, name: string) => {
    await page.getByRole("button", { name: "Look at someone else's work" }).click();
    await page.getByLabel("Find a person by name").fill(search);
    await page.getByRole("button", { name: new RegExp(`^${name}`) }).click();
    await poll(() => page.locator(".whoami strong").textContent()).toBe(name);
  };

  it("shows the signed-in member what he owes, and checks in from the list in one click", async () => {
    const page = await h.page(1366, 900, { as: "member" });
    // Reachable in one click from any page; it is the signed-in person's own work.
    await page.goto("/units");
    await page.getByRole("link", { name: "My work" }).click();
    await poll(() => page.locator(".whoami strong").textContent()).toBe("Jack Morales");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("My work");
    // Members do not look at other people's work.
    expect(await page.getByRole("button", { name: "Look at someone else's work" }).count()).toBe(0);

    // His goals, the check-in due, and his request waiting on another unit.
    const due = page.locator("section", {
      has: page.getByRole("heading", { name: "Check-ins due" }),
    });
    const card = due.locator(".due-card", { hasText: "Raise running-shoe output" });
    await poll(() => card.count()).toBe(1);
    const owned = page.locator("section", {
      has: page.getByRole("heading", { name: "Goals you own" }),
    });
    await poll(() => owned.getByRole("link", { name: "Raise running-shoe output" }).count()).toBe(
      1,
    );
    await poll(() => owned.locator(".goal-row").count()).toBe(3);
    const outgoing = page.locator("section", {
      has: page.getByRole("heading", { name: "Your requests to other units" }),
    });
    await poll(() =>
      outgoing.getByRole("link", { name: "Publish a model-level demand forecast" }).count(),
    ).toBe(1);
    await poll(() => outgoing.getByText("Requested").count()).toBe(1);
    await poll(() => page.getByText("No requests waiting").isVisible()).toBe(true);
    await poll(() => card.getByRole("button", { name: "Check in" }).isVisible()).toBe(true);
    await shot(page, "mywork");
    expect(await axeViolations(page)).toEqual([]);

    // Quick check-in: type a value and a confidence, then one click.
    const { items } = await api<{ items: { id: string; progress: number }[] }>(
      `/nodes?q=${encodeURIComponent("Raise running-shoe output")}`,
    );
    const before = items[0];
    await card.getByLabel(/^Value/).fill("21000");
    await card.getByLabel("Confidence").selectOption("70");
    let clicks = 0;
    await card.getByRole("button", { name: "Check in" }).click();
    clicks++;
    expect(clicks).toBeLessThanOrEqual(2);
    await poll(async () => (await api<{ current: number }>(`/nodes/${before.id}`)).current).toBe(
      21000,
    );
    const after = await api<{ progress: number; confidence: number }>(`/nodes/${before.id}`);
    expect(after.progress).toBeGreaterThan(before.progress);
    expect(after.confidence).toBe(0.7);
    // The signed-in person is the check-in's author.
    const checkins = await api<{ items: { authorId: string }[] }>(
      `/nodes/${before.id}/checkins?limit=1`,
    );
    const jack = await api<{ items: { id: string }[] }>(`/people?q=${encodeURIComponent("Jack")}`);
    expect(jack.items.map((p) => p.id)).toContain(checkins.items[0]!.authorId);
    // The list refreshes: the goal is no longer due and its progress shows the new value.
    await poll(() =>
      owned
        .getByRole("progressbar", { name: "Progress of Raise running-shoe output" })
        .getAttribute("aria-valuenow"),
    ).toBe(String(Math.round(after.progress * 100)));
    // From the goals list: open the check-in (click 1), type, check in (click 2).
    const row = owned.locator(".goal-row", { hasText: "Cut unplanned line downtime" });
    await row.getByRole("button", { name: /^Check in on/ }).click();
    await row.getByLabel(/^Value/).fill("30");
    await row.getByRole("button", { name: "Check in", exact: true }).click();
    await poll(() => row.getByRole("status").textContent()).toMatch(/^Checked in/);
    expect(violations(page)).toEqual([]);
  });

  it("lets an admin look at someone else's work and answer the request waiting there", async () => {
    const page = await h.page();
    await page.goto("/me");
    await poll(() => page.locator(".whoami strong").textContent()).toBe("Amara Okafor");
    await page.getByRole("button", { name: "Look at someone else's work" }).click();
    await page.getByLabel("Find a person by name").fill("zzzz");
    await poll(() => page.getByText("Nobody called “zzzz”").isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Cancel" }).click();
    await lookAt(page, "Rohan", "Rohan Mehta");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Work of Rohan Mehta");
    expect(new URL(page.url()).searchParams.get("person")).toBeTruthy();
    const waiting = page.locator("section", {
      has: page.getByRole("heading", { name: "Requests waiting for their answer" }),
    });
    const req = waiting.locator(".req", { hasText: "Raise running-shoe output" });
    await poll(() => req.count()).toBe(1);
    await poll(() => req.getByText("Publish a model-level demand forecast").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await req.getByRole("button", { name: /^Accept/ }).click();
    await poll(() => waiting.getByText("No requests waiting").isVisible()).toBe(true);
    const edges = await api<{ items: { fromId: string; state: string }[] }>(
      "/edges?kind=depends_on&limit=1000",
    );
    const { items } = await api<{ items: { id: string }[] }>(
      `/nodes?q=${encodeURIComponent("Raise running-shoe output")}`,
    );
    expect(edges.items.filter((e) => e.fromId === items[0].id && e.state === "requested")).toEqual(
      [],
    );
    // Back to the admin's own work.
    await page.getByRole("button", { name: "Back to my work" }).click();
    await poll(() => page.locator(".whoami strong").textContent()).toBe("Amara Okafor");
  });

  it("shows a leader someone's work read-only where they do not lead, and reads well at tablet width", async () => {
    const tablet = await h.page(820, 1100, { as: "leader" });
    await tablet.goto("/me?person=not-a-person");
    await poll(() => tablet.getByText("There is no such person").isVisible()).toBe(true);
    await tablet.goto("/me");
    await poll(() => tablet.locator(".whoami strong").textContent()).toBe("Grace Mensah");
    // Jack Morales works in Production, which Grace (Customer Experience) does not lead.
    await lookAt(tablet, "morales", "Jack Morales");
    await poll(() => tablet.locator(".goal-row").count()).toBe(3);
    await poll(() => tablet.locator(".gr-readonly").count()).toBe(3);
    expect(await tablet.getByRole("button", { name: /^Check in on/ }).count()).toBe(0);
    expect(await tablet.locator(".gr-readonly").first().getAttribute("title")).toContain(
      "leaders edit what the units they lead own",
    );
    await shot(tablet, "mywork-tablet");
    expect(await axeViolations(tablet)).toEqual([]);
    expect(violations(tablet)).toEqual([]);
  });
});
