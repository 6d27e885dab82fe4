import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { makeCtx } from "../src/app/context.js";
import { loadDemo } from "../src/app/demo.js";
import type { Database } from "../src/db/connect.js";
import { buildServer } from "../src/server/app.js";
import { testDatabase } from "../test/db.js";

/**
 * Browser tests: the real server (API + built web app) on a fresh database with the demo
 * organization, driven by Debian's Chromium through playwright-core. Without a Chromium
 * the browser suites are skipped, and say so.
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

export interface Harness {
  url: string;
  browser: Browser;
  database: Database;
  page(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

/** `database`: use this one instead of a test database (for scripts outside Vitest). */
export async function startHarness(opts: { database?: Database } = {}): Promise<Harness> {
  // The server serves dist/web, which test/global-setup.ts builds once per run.
  const database = opts.database ?? (await testDatabase());
  await loadDemo(makeCtx(database.db));
  const app = buildServer(database.db);
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
  return {
    url,
    browser,
    database,
    async page(width = 1366, height = 900) {
      const context = await browser.newContext({ viewport: { width, height }, baseURL: url });
      const page = await context.newPage();
      page.on("pageerror", (err) => {
        throw err;
      });
      return page;
    },
    async close() {
      await browser.close();
      server.close();
      await database.close();
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
