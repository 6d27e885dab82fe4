import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { newSetupCode, setupNeeded } from "../features/accounts/index.js";
import {
  followChanges,
  keepCheckpoints,
  preloadCheckpoints,
  saveCheckpoints,
  yieldToLoop,
} from "../features/alignment/index.js";
import { createDemoAccounts, describeDemoAccounts, loadDemo } from "../features/demo/index.js";
import { allOrgs } from "../features/orgs/index.js";
import { makeCtx } from "../platform/context.js";
import { type Database, migrate, openDatabase } from "../platform/db/connect.js";
import type { EarlyEmbedded } from "../platform/db/early.js";
import { jsonClientErrors } from "../platform/http/client-errors.js";
import { logger } from "../platform/logger.js";
import { buildServer, statusBody, webAppOnly } from "../server/app.js";
import { checkpointPlace, checkpointsWanted } from "./checkpoints.js";

/**
 * Starts Accord: listens at once, then opens the database (PGlite unless DATABASE_URL is
 * set; PGlite in its own thread), migrates it, loads the demo organization on the very
 * first start, and serves the API. Until the database is open, GET /api/status answers
 * (`starting: true`) and every other request waits for it.
 */
export async function startServer(opts: {
  port: number;
  host: string;
  demo: boolean;
  /** The embedded database, started already (early.ts). */
  early?: EarlyEmbedded | null;
}) {
  let app: ReturnType<typeof buildServer> | null = null;
  let opened: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const early = webAppOnly();
  const server = serve({
    fetch: async (req: Request, env: unknown) => {
      if (!app) {
        const url = new URL(req.url);
        if (url.pathname === "/api/status") {
          return Response.json(statusBody(url.searchParams.get("reset") === "1", true));
        }
        // The web app's pages need no database: they load while it opens.
        if (!url.pathname.startsWith("/api/") && req.method === "GET") {
          return early.fetch(req, env as never);
        }
        await ready;
      }
      return (app as unknown as ReturnType<typeof buildServer>).fetch(req, env as never);
    },
    port: opts.port,
    hostname: opts.host,
    // Longer than the idle timeouts of clients and proxies, so they close first.
    serverOptions: { keepAliveTimeout: 65_000 },
  });
  jsonClientErrors(server as Server);
  const listening = new Promise<number>((resolve, reject) => {
    server.once("listening", () => resolve((server.address() as AddressInfo).port));
    server.once("error", reject);
  });
  listening.catch(() => {}); // reported below
  // Opening starts now, beside the port: the two failures are told apart below.
  const opening = openDatabase({ role: "server", thread: true, early: opts.early });
  // The port's failure is acted on between the steps below, never in the middle of one
  // (closing the database while it migrates or loads the demo left a half-done step and a
  // stack trace). A data directory held by another server says more than its port: the
  // opening's failure is reported first.
  let portFailure: NodeJS.ErrnoException | null = null;
  let started = false;
  const failOnPort = async (db: Database) => {
    if (!portFailure) return;
    await db.close();
    if (portFailure.code === "EADDRINUSE") {
      process.stderr.write(
        `Port ${opts.port} is already in use. Set PORT to another port, e.g. PORT=3001 npm start.\n`,
      );
      process.exit(1);
    }
    throw portFailure;
  };
  server.on("error", (err: NodeJS.ErrnoException) => {
    portFailure = err;
    // After start-up (rare): stop as before.
    if (started) opening.then(failOnPort).catch(() => process.exit(1));
  });

  // Resident models are kept in files too, so that a restart reads them instead of the
  // whole organization (features/alignment/checkpoint.ts); the newest are read and built
  // while the database opens. ACCORD_MODEL_CHECKPOINTS=0: off.
  const checkpoints = checkpointsWanted() ? checkpointPlace(opts.early?.dataDir ?? null) : null;
  if (checkpoints) preloadCheckpoints(checkpoints, yieldToLoop);

  let db: Database;
  try {
    db = await opening;
  } catch (err) {
    server.close();
    throw err;
  }
  await failOnPort(db);
  if (checkpoints) keepCheckpoints(db.db, checkpoints);
  const ctx = makeCtx(db.db, undefined, "server");
  const applied = await migrate(db.db);
  if (applied.length) logger.info({ migrations: applied }, "database migrated");
  await failOnPort(db);
  let firstRun = "";
  if (opts.demo && (await allOrgs(ctx)).length === 0) {
    const { org } = await loadDemo(ctx);
    logger.info({ org: org.slug }, "demo organization loaded");
    firstRun = describeDemoAccounts(await createDemoAccounts(ctx, org.id));
  }
  await failOnPort(db);
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
  app = buildServer(db.db, { operatorToken, setupCode });
  // Writes of other instances on the same PostgreSQL reach this one's resident models.
  const unfollow = await followChanges(db);
  opened();
  const port = await listening.catch(async () => {
    await unfollow();
    await failOnPort(db);
    return 0;
  });
  started = true;
  const url = `http://${opts.host === "0.0.0.0" ? "localhost" : opts.host}:${port}`;
  db.lock?.setUrl(url, operatorToken);
  process.stdout.write(
    `\nAccord is running on ${db.kind === "pglite" ? `the embedded database (${db.location})` : `PostgreSQL (${db.location})`}.\n` +
      `  Web app   ${url}\n  API       ${url}/api\n  API docs  ${url}/api/docs\n${firstRun}\nPress Ctrl+C to stop.\n`,
  );
  const stop = async () => {
    server.close();
    // The next start reads these instead of the whole organization.
    await saveCheckpoints(db.db);
    await unfollow();
    await db.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
