import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { serve } from "@hono/node-server";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { accountsRepo } from "../src/features/accounts/accounts.repo.js";
import { createToken, userPrincipal } from "../src/features/accounts/auth.js";
import { loadDemo } from "../src/features/demo/demo.js";
import { createDemoAccounts } from "../src/features/demo/demo-accounts.js";
import { actingAs, makeCtx } from "../src/platform/context.js";
import type { Database } from "../src/platform/db/connect.js";
import { buildServer } from "../src/server/app.js";
import { testDatabase } from "../test/db.js";

/**
 * Browser tests: the real server (API + built web app) on a fresh database with the demo
 * organization and its four demo accounts, driven by Debian's Chromium through
 * playwright-core. Pages sign in as one of the accounts (the admin unless told otherwise).
 * Every Content-Security-Policy violation is recorded and fails the suite. Without a
 * Chromium the browser suites are skipped, and say so.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`,
  );
}

const root = path.resolve(import.meta.dirname, "..");
export const SHOTS = path.join(root, "test-output", "screenshots");

export type As = "admin" | "leader" | "member" | "viewer";
export interface Account {
  email: string;
  password: string;
  role: As;
}

export interface Harness {
  url: string;
  browser: Browser;
  database: Database;
  /** The demo's accounts by role (empty without the demo). */
  accounts: Partial<Record<As, Account>>;
  /**
   * A new browser page (its own context, so its own cookies), signed in as `as` (default
   * the admin; `null`: not signed in).
   */
  page(width?: number, height?: number, opts?: { as?: As | null }): Promise<Page>;
  /** Signs the page's browser context in (through the API; the cookie is shared). */
  signIn(page: Page, as: As): Promise<void>;
  /** `fetch` against the server from Node, as the demo admin (an API token). */
  api(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The Content-Security-Policy violations seen on each page (see `violations`). */
const seen = new WeakMap<Page, string[]>();
const allSeen: string[] = [];

/** The CSP violations reported on this page so far (empty when all is well). */
export const violations = (page: Page): string[] => [...(seen.get(page) ?? [])];

/** Reports `securitypolicyviolation` events to the console, where the harness listens. */
const REPORT_CSP = () => {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error(
      `Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
    );
  });
};

/**
 * `database`: use this one instead of a test database (for scripts outside Vitest).
 * `demo: false`: an empty database (no organization, no account: first-run set-up).
 */
export async function startHarness(
  opts: { database?: Database; demo?: boolean; setupCode?: string } = {},
): Promise<Harness> {
  // The server serves dist/web (or ACCORD_WEB_OUT), which test/global-setup.ts builds.
  const database = opts.database ?? (await testDatabase());
  const ctx = makeCtx(database.db);
  const accounts: Partial<Record<As, Account>> = {};
  let adminToken: string | null = null;
  if (opts.demo !== false) {
    const { org } = await loadDemo(ctx);
    for (const a of await createDemoAccounts(ctx, org.id)) {
      accounts[a.role as As] = { email: a.email, password: a.password, role: a.role as As };
    }
    const admin = await accountsRepo.byEmail(database.db, accounts.admin!.email);
    const asAdmin = actingAs(ctx, userPrincipal(admin!));
    adminToken = (await createToken(asAdmin, { name: "e2e harness", scope: "write" })).secret;
  }
  const app = buildServer(database.db, { setupCode: opts.setupCode });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // playwright-core gives every launch a fresh, temporary user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  fs.mkdirSync(SHOTS, { recursive: true });

  const signInContext = async (context: BrowserContext, as: As) => {
    const account = accounts[as];
    if (!account) throw new Error(`No demo account for ${as} (was the demo loaded?)`);
    const res = await context.request.post(`${url}/api/auth/sign-in`, {
      data: { email: account.email, password: account.password },
      headers: { "X-Accord-Request": "1" },
    });
    if (!res.ok())
      throw new Error(`Signing in as ${as} failed: ${res.status()} ${await res.text()}`);
  };

  return {
    url,
    browser,
    database,
    accounts,
    async page(width = 1366, height = 900, o = {}) {
      const context = await browser.newContext({ viewport: { width, height }, baseURL: url });
      await context.addInitScript(REPORT_CSP);
      const page = await context.newPage();
      const list: string[] = [];
      seen.set(page, list);
      page.on("console", (m) => {
        if (/Content[- ]Security[- ]Policy/i.test(m.text())) {
          const line = `${page.url()}: ${m.text()}`;
          list.push(line);
          allSeen.push(line);
        }
      });
      page.on("pageerror", (err) => {
        throw err;
      });
      const as = o.as === undefined ? "admin" : o.as;
      if (as) await signInContext(context, as);
      return page;
    },
    signIn: (page, as) => signInContext(page.context(), as),
    api(p, init = {}) {
      if (!adminToken) throw new Error("h.api needs the demo (its admin's token)");
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${adminToken}`);
      return fetch(`${url}${p}`, { ...init, headers });
    },
    async close() {
      await browser.close();
      server.close();
      await database.close();
      if (allSeen.length > 0) {
        const found = allSeen.splice(0);
        throw new Error(`Content-Security-Policy violations:\n${found.join("\n")}`);
      }
    },
  };
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Serious and critical accessibility violations on the page (axe-core), as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    );
}
