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

/** Signing in and out, first-run set-up, the account page, and what each role is offered. */

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const path = (page: Page) => new URL(page.url()).pathname;

async function signInWithForm(page: Page, email: string, password: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!hasChromium)("accounts and roles in Chromium", () => {
  let h: Harness;
  let goalId: string;
  let othersGoalId: string;
  beforeAll(async () => {
    h = await startHarness();
    const find = async (title: string) => {
      const r = await h.api(`/api/orgs/stride/nodes?q=${encodeURIComponent(title)}`);
      const { items } = (await r.json()) as { items: { id: string; title: string }[] };
      return items.find((n) => n.title === title)!.id;
    };
    goalId = await find("Raise running-shoe output"); // Jack Morales's
    othersGoalId = await find("Publish a model-level demand forecast");
  });
  afterAll(() => h?.close());

  it("sends a visit without a session to sign-in, refuses a wrong password, returns to the page asked for, and signs out", async () => {
    const page = await h.page(1366, 900, { as: null });
    await page.goto("/units");
    await poll(() => path(page)).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/units");
    await poll(() => page.getByRole("heading", { level: 1, name: "Sign in" }).isVisible()).toBe(
      true,
    );
    // The e-mail field has focus; the form says so when a field is left empty.
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe("si-email");
    await page.getByRole("button", { name: "Sign in" }).click();
    await poll(() => page.locator("#si-email-error").textContent()).toContain("Enter the e-mail");
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "sign-in");

    const admin = h.accounts.admin!;
    await signInWithForm(page, admin.email, "not the password");
    const alert = page.getByRole("alert").filter({ hasText: "not right" });
    await poll(() => alert.textContent()).toContain("The e-mail or the password is not right.");
    await poll(() => page.getByLabel("Password", { exact: true }).inputValue()).toBe("");
    await shot(page, "sign-in-refused");
    expect(await axeViolations(page)).toEqual([]);

    await signInWithForm(page, admin.email, admin.password);
    await poll(() => path(page)).toBe("/units");
    await poll(() => page.getByRole("heading", { level: 1, name: "Units" }).isVisible()).toBe(true);
    const me = page.getByRole("button", { name: /Amara Okafor/ });
    expect(await me.textContent()).toContain("Admin");
    // Admins import.
    expect(await page.getByRole("navigation", { name: "Main" }).textContent()).toContain("Import");

    // Sign out from the account menu: the session ends.
    await me.click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await poll(() => path(page)).toBe("/sign-in");
    await poll(() => page.getByText("You have signed out.").isVisible()).toBe(true);
    await page.goto("/strategy");
    await poll(() => path(page)).toBe("/sign-in");
    const status = await page.evaluate(() =>
      fetch("/api/orgs/stride/health").then((r) => r.status),
    );
    expect(status).toBe(401);
    expect(violations(page)).toEqual([]);
  });

  it("changes the password on the account page, and creates, uses and revokes an API token", async () => {
    const leader = h.accounts.leader!;
    const page = await h.page(1366, 900, { as: "leader" });
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("/");
    await page.getByRole("button", { name: /Grace Mensah/ }).click();
    await page.getByRole("link", { name: "Account" }).click();
    await poll(() => page.getByRole("heading", { level: 1, name: "Account" }).isVisible()).toBe(
      true,
    );
    const who = page.locator(".account-who");
    await poll(() => who.textContent()).toContain(leader.email);
    expect(await who.textContent()).toContain("Leader");
    await poll(() => page.getByText("No tokens yet").isVisible()).toBe(true);

    // A wrong current password: the API's message at that field.
    const form = page.locator("form.account-form");
    await form.getByLabel("Current password").fill("wrong password");
    await form.getByLabel("New password", { exact: true }).fill("a much better password");
    await form.getByLabel("Confirm the new password").fill("a much better password");
    await form.getByRole("button", { name: "Change password" }).click();
    const current = form.getByLabel("Current password");
    await poll(() => current.getAttribute("aria-invalid")).toBe("true");
    await poll(() => form.locator(".field-error").first().textContent()).toContain(
      "not your current password",
    );
    await current.fill(leader.password);
    await form.getByRole("button", { name: "Change password" }).click();
    await poll(() => form.getByRole("status").textContent()).toContain(
      "Your password has been changed.",
    );

    // The new password signs in (in a browser of its own), the old one no longer does.
    const again = await h.page(1366, 900, { as: null });
    await again.goto("/me");
    await poll(() => path(again)).toBe("/sign-in");
    await signInWithForm(again, leader.email, leader.password);
    await poll(() => again.getByRole("alert").textContent()).toContain("not right");
    await signInWithForm(again, leader.email, "a much better password");
    await poll(() => path(again)).toBe("/me");
    leader.password = "a much better password";

    // A read-only token for 30 days: shown once, listed by its prefix, works with
    // Authorization: Bearer.
    await page.getByLabel("Name", { exact: true }).fill("Weekly report");
    await page.getByLabel("Read only").check();
    await page.getByLabel("Expires").selectOption("30");
    await page.getByRole("button", { name: "Create token" }).click();
    const secretBox = page.getByLabel("The new token");
    await poll(() => secretBox.inputValue()).toMatch(/^acc_/);
    const secret = await secretBox.inputValue();
    expect(await page.getByText("it will not be shown again").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await poll(() => page.locator(".secret-copied").textContent()).toMatch(/Copied|Selected/);
    const row = page.locator(".token-table tbody tr", { hasText: "Weekly report" });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain(`${secret.slice(0, 8)}`);
    expect(await row.textContent()).toContain("Read only");
    expect(await row.locator(".token-used").textContent()).toBe("Never used");
    const in30 = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
    }).format(new Date(Date.now() + 30 * 86_400_000));
    expect(await row.locator(".token-expiry").textContent()).toBe(`Expires ${in30}`);
    expect(await page.locator(".token-secret").textContent()).toContain(`It works until ${in30}.`);
    await poll(() => page.locator(".curl").textContent()).toContain(
      `curl -H "Authorization: Bearer <token>" ${h.url}/api/orgs/stride/findings`,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, "account");
    expect(await axeViolations(page)).toEqual([]);

    const bearer = { authorization: `Bearer ${secret}` };
    const findings = await fetch(`${h.url}/api/orgs/stride/findings`, { headers: bearer });
    expect(findings.status).toBe(200);
    const write = await fetch(`${h.url}/api/orgs/stride/nodes/${goalId}/checkins`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ note: "from a script" }),
    });
    expect(write.status).toBe(403);
    await page.reload();
    await poll(() => row.locator(".token-used").textContent()).toBe("Last used today");

    // Revoke, after confirming: the token stops working at once.
    await row.getByRole("button", { name: /^Revoke… Weekly report/ }).click();
    await row.getByRole("button", { name: /^Revoke Weekly report/ }).click();
    await poll(() => row.textContent()).toContain("Revoked");
    const refused = await fetch(`${h.url}/api/orgs/stride/findings`, { headers: bearer });
    expect(refused.status).toBe(401);
    expect(violations(page)).toEqual([]);
    expect(violations(again)).toEqual([]);
  });

  it("offers a viewer no New goal, no import and no check-in form", async () => {
    const page = await h.page(1366, 900, { as: "viewer" });
    await page.goto("/");
    await poll(() => page.getByRole("button", { name: /Hana Kobayashi/ }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: /Hana Kobayashi/ }).textContent()).toContain(
      "Viewer",
    );
    expect(await page.getByRole("link", { name: "New goal" }).count()).toBe(0);
    expect(await page.getByRole("navigation", { name: "Main" }).textContent()).not.toContain(
      "Import",
    );

    await page.goto(`/goals/${goalId}`);
    await poll(() => page.getByText(/Read-only for you/).isVisible()).toBe(true);
    expect(await page.getByText(/Read-only for you/).textContent()).toContain(
      "viewers read but do not change anything",
    );
    expect(await page.locator("form.checkin-form").count()).toBe(0);
    expect(await page.getByRole("link", { name: /^Edit/ }).count()).toBe(0);
    await shot(page, "goal-viewer");
    expect(await axeViolations(page)).toEqual([]);

    await page.goto("/goals/new");
    await poll(() => page.getByText(/Read-only for you/).isVisible()).toBe(true);
    await page.goto("/import");
    await poll(() => page.getByText("Only an admin can do this").isVisible()).toBe(true);

    // When the session ends (here: its cookie is gone), the next API call leads to sign-in.
    await page.context().clearCookies();
    await page.getByRole("link", { name: "Units" }).click();
    await poll(() => path(page)).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/units");
    expect(violations(page)).toEqual([]);
  });

  it("lets the member check in privately on their own goal, not on another's, and propose drafts", async () => {
    const page = await h.page(1366, 900, { as: "member" });
    await page.goto("/me");
    await poll(() => page.locator(".whoami strong").textContent()).toBe("Jack Morales");

    await page.goto(`/goals/${goalId}`);
    const form = page.locator("form.checkin-form");
    await poll(() => form.isVisible()).toBe(true);
    expect(await form.textContent()).toContain("Checking in as Jack Morales");
    await form.getByLabel(/^Current value/).fill("20500");
    await form
      .getByLabel("Note", { exact: true })
      .fill("Night shift needs the works council's consent first.");
    await form.getByLabel(/Keep this note private/).check();
    await form.getByRole("button", { name: "Check in" }).click();
    await poll(() => form.locator(".form-done").textContent()).toMatch(/^Checked in/);
    const first = page.locator(".checkin-table tbody tr").first();
    await poll(() => first.textContent()).toContain("works council");
    expect(await first.textContent()).toContain("Private");

    // Someone else's goal: read-only, and why.
    await page.goto(`/goals/${othersGoalId}`);
    await poll(() => page.getByText(/Read-only for you/).isVisible()).toBe(true);
    expect(await page.getByText(/Read-only for you/).textContent()).toContain(
      "members edit only the goals they own",
    );
    expect(await page.locator("form.checkin-form").count()).toBe(0);

    // A member's new goal is a draft proposal of their own.
    await page.goto("/goals/new");
    await poll(() => page.getByText("You are proposing a goal").isVisible()).toBe(true);
    expect(await page.getByRole("radio").count()).toBe(1);
    const statuses = await page.locator("#gf-status option").allTextContents();
    expect(statuses).toEqual(["Draft — not committed yet"]);
    await poll(() => page.getByLabel("Owner person").inputValue()).toBe("Jack Morales");
    expect(violations(page)).toEqual([]);

    // The viewer, who is not in Jack's management chain, sees that a private note exists.
    const viewer = await h.page(1366, 900, { as: "viewer" });
    await viewer.goto(`/goals/${goalId}`);
    const top = viewer.locator(".checkin-table tbody tr").first();
    await poll(() => top.textContent()).toContain("Private note");
    expect(await top.textContent()).not.toContain("works council");
    await shot(viewer, "goal-private-note");
    expect(violations(viewer)).toEqual([]);
  });
});

describe.skipIf(!hasChromium)("first run in Chromium", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ demo: false, setupCode: "ABCD-EF23" });
  });
  afterAll(() => h?.close());

  it("asks for the first admin on an empty database, and creating it signs in", async () => {
    const page = await h.page(1366, 900, { as: null });
    await page.goto("/strategy");
    await poll(() => path(page)).toBe("/setup");
    await poll(() =>
      page.getByRole("heading", { level: 1, name: "Create the first admin" }).isVisible(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, "setup");

    // Field errors: the form's own, then the API's.
    await page.getByLabel("Set-up code").fill("WRNG-C0DE");
    await page.getByLabel("Your name").fill("Ada Lindqvist");
    await page.getByLabel("E-mail").fill("not an e-mail");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm the password").fill("other");
    await page.getByRole("button", { name: /Create the admin/ }).click();
    await poll(() => page.locator("#su-password-error").textContent()).toContain("10 characters");
    expect(await page.locator("#su-confirm-error").textContent()).toContain("not the same");
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await page.getByLabel("Confirm the password").fill("correct horse battery");
    await page.getByRole("button", { name: /Create the admin/ }).click();
    await poll(() => page.locator("#su-email-error").textContent()).toContain("e-mail");
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe("su-email");
    await shot(page, "setup-errors");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("E-mail").fill("ada@example.com");
    await page.getByRole("button", { name: /Create the admin/ }).click();
    // Only the code printed on the server's console proves it is your installation.
    await poll(() => page.locator("#su-code-error").textContent()).toContain("set-up code");
    await page.getByLabel("Set-up code").fill("abcd-ef23");
    await page.getByRole("button", { name: /Create the admin/ }).click();
    // Signed in, in no organization yet: the admin creates the first one.
    await poll(() =>
      page.getByRole("heading", { level: 1, name: "Create your organization" }).isVisible(),
    ).toBe(true);
    const session = await page.evaluate(() => fetch("/api/auth/session").then((r) => r.json()));
    expect(session).toMatchObject({ setupNeeded: false, user: { email: "ada@example.com" } });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Name", { exact: true }).fill("Lindqvist Cycles");
    expect(await page.getByLabel("Short name in addresses").inputValue()).toBe("lindqvist-cycles");
    await page.getByRole("button", { name: "Create the organization" }).click();
    await poll(() => page.getByRole("button", { name: /Ada Lindqvist/ }).isVisible()).toBe(true);
    await poll(() => page.getByRole("navigation", { name: "Main" }).textContent()).toContain(
      "Import",
    );

    await poll(() => page.getByRole("heading", { level: 1, name: "Overview" }).isVisible()).toBe(
      true,
    );
    await page.waitForLoadState("networkidle");
    await shot(page, "first-org");
    // The admin is no person of the (empty) org chart: My work says so.
    await page.getByRole("link", { name: "My work" }).click();
    await poll(() =>
      page.getByText("Your account is not linked to a person in Lindqvist Cycles").isVisible(),
    ).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // Set-up is over: its page sends you on.
    await page.goto("/setup");
    await poll(() => path(page)).toBe("/");
    expect(violations(page)).toEqual([]);
  });
});
