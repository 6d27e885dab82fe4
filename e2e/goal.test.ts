import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type Harness, hasChromium, shot, startHarness } from "./harness.js";

const ORG = "/api/orgs/stride";
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

describe.skipIf(!hasChromium)("the Goal page in Chromium", () => {
  let h: Harness;
  const api = async <T>(path: string): Promise<T> => {
    const res = await h.api(`${ORG}${path}`);
    expect(res.ok).toBe(true);
    return (await res.json()) as T;
  };
  interface NodeT {
    id: string;
    title: string;
    target: number | null;
    status: string;
    progress: number | null;
    metricUnit: string | null;
  }

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const openGoal = async (page: Page, node: NodeT) => {
    await page.goto(`/goals/${node.id}`);
    await poll(() => page.getByRole("heading", { level: 1, name: node.title }).isVisible()).toBe(
      true,
    );
  };

  it("shows a goal's details, the metric's chart and the four link lists", async () => {
    const { items } = await api<{ items: NodeT[] }>(
      `/nodes?q=${encodeURIComponent("Raise running-shoe output")}`,
    );
    const goal = items[0];
    const page = await h.page();
    await openGoal(page, goal);
    // Details: metric baseline → now → target, owner, cycle.
    await poll(() => page.getByText("pairs/week").first().isVisible()).toBe(true);
    await poll(() => page.getByText("Owner unit").isVisible()).toBe(true);
    await poll(() => page.locator(".details").textContent()).toContain("2026");
    // The metric's history as an ECharts line chart (SVG) with the target line.
    const chart = page.locator(".chart-panel [role=img]");
    await poll(() => chart.locator("svg path").count()).toBeGreaterThan(3);
    await poll(() => chart.getAttribute("aria-label")).toMatch(/target of 22,000 pairs\/week/);
    await poll(() => chart.textContent()).toContain("Target 22,000 pairs/week");
    // The four link lists, each linking to its goal page, with progress and dependency state.
    for (const name of [
      "Contributes to",
      "What contributes to it",
      "Depends on",
      "What depends on it",
    ])
      await poll(() =>
        page.getByRole("heading", { level: 3, name: new RegExp(`^${name} \\d+$`) }).isVisible(),
      ).toBe(true);
    const dependsOn = page.locator("section.link-list", {
      has: page.getByRole("heading", { name: /^Depends on/ }),
    });
    await poll(() =>
      dependsOn.getByRole("link", { name: "Publish a model-level demand forecast" }).count(),
    ).toBe(1);
    await poll(() => dependsOn.getByText("Requested").isVisible()).toBe(true);
    await poll(() =>
      page
        .locator("section.link-list", {
          has: page.getByRole("heading", { name: /^What depends on it/ }),
        })
        .getByText("Accepted")
        .count(),
    ).toBe(2);
    // Change history: check-ins newest first, timestamps, version, and the edits from the
    // tamper-evident history (none yet for a goal that came with the demo).
    await poll(() => page.locator(".checkin-table:not(.history-edits) tbody tr").count()).toBe(10);
    await poll(() => page.getByRole("heading", { name: "Edits" }).isVisible()).toBe(true);
    await poll(() => page.getByText("No recorded edits").isVisible()).toBe(true);
    await poll(() => page.getByRole("link", { name: /^Edit/ }).getAttribute("href")).toBe(
      `/goals/${goal.id}/edit`,
    );
    await shot(page, "goal");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("reads well at tablet width", async () => {
    const { items } = await api<{ items: NodeT[] }>(
      `/nodes?q=${encodeURIComponent("Raise running-shoe output")}`,
    );
    const goal = items[0];
    const tablet = await h.page(820, 1100);
    await openGoal(tablet, goal);
    await poll(() => tablet.locator(".chart-panel svg").count()).toBe(1);
    await shot(tablet, "goal-tablet");
    expect(await axeViolations(tablet)).toEqual([]);
  });

  it("checks in at the target: progress becomes 100 % and the organization's health changes", async () => {
    // A measured goal that another unit relies on while its confidence is low: the
    // dependency is at risk, so a confident check-in at the target moves health too.
    const risks = await api<{ items: { subject: { id: string }; message: string }[] }>(
      "/findings?rule=dependency_at_risk",
    );
    let goal: NodeT | undefined;
    for (const f of risks.items.filter((x) => /whose confidence is/.test(x.message))) {
      const edge = await api<{ toId: string }>(`/edges/${f.subject.id}`);
      const n = await api<NodeT>(`/nodes/${edge.toId}`);
      if (n.target !== null && n.status === "active" && (n.progress ?? 0) < 1) {
        goal = n;
        break;
      }
    }
    expect(goal).toBeDefined();
    const g = goal!;
    const before = await api<{ score: number }>("/health");

    const page = await h.page();
    await openGoal(page, g);
    const form = page.locator("form.checkin-form");
    const value = form.getByLabel(/^Current value/);

    // An empty check-in: the API's message appears at the value field.
    await form.getByRole("button", { name: "Check in" }).click();
    const error = form.locator(".field-error");
    await poll(() => error.first().textContent()).toMatch(/give a value, a confidence or a note/i);
    await poll(() => value.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await value.getAttribute("aria-describedby")) ?? "";
    expect(describedBy).toContain((await error.first().getAttribute("id")) ?? "none");

    // Value = target, confidence 90 % (slider, by keyboard), submitted with Enter.
    await value.fill(String(g.target));
    const slider = form.getByRole("slider", { name: "Confidence" });
    await slider.focus();
    await page.keyboard.press("Home");
    for (let i = 0; i < 18; i++) await page.keyboard.press("ArrowRight");
    await poll(() => form.locator("output").textContent()).toBe("90%");
    await value.press("Enter");

    await poll(() => form.locator(".form-done").textContent()).toBe(
      "Checked in. Progress is now 100%.",
    );
    await poll(() =>
      page.getByRole("progressbar", { name: "Goal progress" }).getAttribute("aria-valuenow"),
    ).toBe("100");
    await poll(() => page.getByText("90% confident").first().isVisible()).toBe(true);
    // The chart and the history refresh from the new check-in.
    await poll(() => page.locator(".checkin-table tbody tr").first().textContent()).toContain(
      "90%",
    );
    await poll(() => page.locator(".chart-panel [role=img]").getAttribute("aria-label")).toContain(
      `check-ins from`,
    );
    await poll(() => value.getAttribute("aria-invalid")).toBeNull();

    const after = await api<{ score: number }>("/health");
    expect(after.score).not.toBe(before.score);
    const node = await api<NodeT>(`/nodes/${g.id}`);
    expect(node.progress).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("lists an edit made through the API in the goal's change history", async () => {
    const { items } = await api<{ items: (NodeT & { version: number })[] }>(
      `/nodes?q=${encodeURIComponent("Cut model changeover time")}`,
    );
    const goal = items[0];
    const res = await h.api(`${ORG}/nodes/${goal.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        description: "Agreed with Quality on 2026-11-20.",
        version: goal.version,
      }),
    });
    expect(res.status).toBe(200);
    const page = await h.page();
    await openGoal(page, goal);
    const row = page.locator(".history-edits tbody tr").first();
    await poll(() => row.textContent()).toContain("Changed");
    expect(await row.textContent()).toContain("description");
  });

  it("says plainly when a goal does not exist", async () => {
    const page = await h.page();
    await page.goto("/goals/00000000-0000-4000-8000-000000000000");
    await poll(() => page.getByRole("heading", { name: "Goal not found" }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });
});
