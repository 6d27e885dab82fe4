import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { newSetupCode, setupNeeded } from "../features/accounts/index.js";
import { followChanges } from "../features/alignment/index.js";
import { createDemoAccounts, describeDemoAccounts, loadDemo } from "../features/demo/index.js";
import { allOrgs } from "../features/orgs/index.js";
import { makeCtx } from "../platform/context.js";
import { migrate, openDatabase } from "../platform/db/connect.js";
import { jsonClientErrors } from "../platform/http/client-errors.js";
import { logger } from "../platform/logger.js";
import { buildServer } from "../server/app.js";

/**
 * Starts Accord: opens the database (PGlite unless DATABASE_URL is set), migrates it, loads
 * the demo organization on the very first start, and serves the API.
 */
export async function startServer(opts: { port: number; host: string; demo: boolean }) {
  const database = await openDatabase({ role: "server", thread: true });
  const ctx = makeCtx(database.db, undefined, "server");
  const applied = await migrate(database.db);
  if (applied.length) logger.info({ migrations: applied }, "database migrated");
  let firstRun = "";
  if (opts.demo && (await allOrgs(ctx)).length === 0) {
    const { org } = await loadDemo(ctx);
    logger.info({ org: org.slug }, "demo organization loaded");
    firstRun = describeDemoAccounts(await createDemoAccounts(ctx, org.id));
  }
  // With no account yet, whoever reaches the server first could claim it: the web set-up
  // asks for a code that only this console shows.
  let setupCode: string | undefined;
  if (!firstRun && (await setupNeeded(ctx))) {
    setupCode = newSetupCode();
    firstRun =
      `\nNo account exists yet: open the web app to create the first admin with the set-up code ${setupCode}\n` +
      "or run  npx accord user add --admin --email you@example.com --name 'Your Name'\n";
  }
  // The local CLI reaches this server's API with this token (kept in the 0600 lock file).
  const operatorToken = `op_${randomBytes(32).toString("base64url")}`;
  const app = buildServer(database.db, { operatorToken, setupCode });
  // Writes of other instances on the same PostgreSQL reach this one's resident models.
  const unfollow = await followChanges(database);
  const server = serve(
    {
      fetch: app.fetch,
      port: opts.port,
      hostname: opts.host,
      // Longer than the idle timeouts of clients and proxies, so they close first.
      serverOptions: { keepAliveTimeout: 65_000 },
    },
    (info) => {
      const url = `http://${opts.host === "0.0.0.0" ? "localhost" : opts.host}:${info.port}`;
      database.lock?.setUrl(url, operatorToken);
      process.stdout.write(
        `\nAccord is running on ${database.kind === "pglite" ? `the embedded database (${database.location})` : `PostgreSQL (${database.location})`}.\n` +
          `  Web app   ${url}\n  API       ${url}/api\n  API docs  ${url}/api/docs\n${firstRun}\nPress Ctrl+C to stop.\n`,
      );
    },
  );
  const stop = async () => {
    server.close();
    await unfollow();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  jsonClientErrors(server as Server);
  server.on("error", async (err: NodeJS.ErrnoException) => {
    await database.close();
    if (err.code === "EADDRINUSE") {
      process.stderr.write(
        `Port ${opts.port} is already in use. Set PORT to another port, e.g. PORT=3001 npm start.\n`,
      );
      process.exit(1);
    }
    throw err;
  });
}
