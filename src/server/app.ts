import fs from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { serveStatic } from "@hono/node-server/serve-static";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { accessRoutes } from "../features/accounts/access.routes.js";
import { authRoutes } from "../features/accounts/auth.routes.js";
import { authenticate } from "../features/accounts/authenticate.js";
import { userRoutes } from "../features/accounts/users.routes.js";
import { alignmentRoutes } from "../features/alignment/alignment.routes.js";
import { auditRoutes } from "../features/audit/audit.routes.js";
import { changeRoutes } from "../features/changes/changes.routes.js";
import { checkinRoutes } from "../features/checkins/checkins.routes.js";
import { cycleRoutes } from "../features/cycles/cycles.routes.js";
import { edgeRoutes } from "../features/edges/edges.routes.js";
import { nodeRoutes } from "../features/goals/goals.routes.js";
import { transferRoutes } from "../features/imports/transfer.routes.js";
import { workRoutes } from "../features/mywork/mywork.routes.js";
import { orgRoutes } from "../features/orgs/orgs.routes.js";
import { peopleRoutes } from "../features/people/people.routes.js";
import { unitRoutes } from "../features/units/units.routes.js";
import { epochsOf } from "../platform/db/epochs.js";
import type { Db } from "../platform/db/schema.js";
import { DOCS_PATH, mountDocs } from "../platform/http/docs.js";
import { errorBody, respondError } from "../platform/http/errors.js";
import { router } from "../platform/http/http.js";
import { requestStarted } from "../platform/quiet.js";

export interface ServerOptions {
  now?: () => Date;
  /** A secret that gives its bearer operator rights (handed to the local CLI). */
  operatorToken?: string;
  /** The first-run set-up asks for this code (printed on the console by `accord serve`). */
  setupCode?: string;
  /**
   * Told how an import's writes progress (rows done of the total). Only the server that the
   * local CLI builds in its own process sets it, to show a progress bar.
   */
  onImportProgress?: (done: number, total: number) => void;
}

/**
 * The web app's Content-Security-Policy: scripts, workers and data only from this origin;
 * inline style attributes are allowed (React and ECharts set them), inline scripts are not.
 */
const APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:", "blob:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", "blob:"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
/** The interactive API docs: Swagger UI served by Accord itself (docs.ts), nothing external. */
const DOCS_CSP = {
  ...APP_CSP,
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
};

/** The event loop's delays, sampled every 10 ms for the life of the process (GET /api/status). */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/**
 * What GET /api/status answers: liveness, the event loop's delays since the last reset, and
 * the resident memory. `starting` while the database is still opening (src/cli/serve.ts).
 */
export function statusBody(reset: boolean, starting = false) {
  const h = loopDelay;
  const msOf = (ns: number) => (h.count > 0 ? Math.round(ns / 1e4) / 100 : 0);
  const body = {
    ok: true,
    service: "accord",
    ...(starting && { starting: true }),
    eventLoop: { maxStallMs: msOf(h.max), p99Ms: msOf(h.percentile(99)), meanMs: msOf(h.mean) },
    rssMb: Math.round(process.memoryUsage.rss() / 1024 / 1024),
  };
  if (reset) h.reset();
  return body;
}

/** The HTTP API: thin routes over src/app, an OpenAPI document and interactive docs. */
export function buildServer(db: Db, opts: ServerOptions = {}) {
  const app = router();
  // Requests under way, so that work that stops the event loop can wait for a quiet moment
  // (platform/memory.ts). Status polls do not count: monitors send them all the time.
  app.use("*", async (c, next) => {
    if (c.req.path === "/api/status") return next();
    const ended = requestStarted();
    try {
      await next();
    } finally {
      ended();
    }
  });

  // Built once (building one formats the policy: a measurable share of a small read).
  const headersWith = (csp: typeof APP_CSP) =>
    secureHeaders({
      contentSecurityPolicy: csp,
      referrerPolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
    });
  const appHeaders = headersWith(APP_CSP);
  const docsHeaders = headersWith(DOCS_CSP);
  app.use("*", (c, next) => (c.req.path === DOCS_PATH ? docsHeaders : appHeaders)(c, next));
  app.use(
    "/api/*",
    authenticate({
      db,
      now: opts.now,
      operatorToken: opts.operatorToken,
      setupCode: opts.setupCode,
    }),
  );
  // On the embedded database, reads give way to a short write under way (epochs.ts). A
  // read first lets the event loop take in what arrived with it: a write among those
  // begins (and closes the gate) before the reads run, instead of waiting for all of them.
  const epochs = epochsOf(db);
  if (epochs) {
    app.use("/api/*", async (c, next) => {
      if (c.req.method === "GET" && c.req.path !== "/api/status") {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const settled = epochs.writeSettled();
        if (settled) await settled;
      }
      await next();
    });
  }
  const { onImportProgress } = opts;
  if (onImportProgress) {
    app.use("/api/orgs/:org/import/*", async (c, next) => {
      c.set("onImportProgress", onImportProgress);
      await next();
    });
  }
  // Imports carry files; everything else is small JSON.
  // A file of a million rows is 80-150 MB; it is read and checked in paced steps.
  app.use(
    "/api/orgs/:org/import/*",
    bodyLimit({ maxSize: IMPORT_LIMIT_MB * 1024 * 1024, onError: tooLarge(IMPORT_LIMIT_MB) }),
  );
  const smallBody = bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge(1) });
  app.use("/api/*", async (c, next) => {
    // A GET has no body to limit (and asking for it builds the whole request object).
    if (c.req.method === "GET" || c.req.path.includes("/import/")) return next();
    return smallBody(c, next);
  });

  // Cheap and public: liveness, plus the event loop's delays since the last `?reset=1` (the
  // live benchmark resets before each phase) and the process's resident memory. The
  // histogram's values include its 10 ms resolution: an idle loop shows about 10–13 ms.
  app.get("/api/status", (c) => c.json(statusBody(c.req.query("reset") === "1")));
  for (const routes of [
    authRoutes,
    orgRoutes,
    userRoutes,
    accessRoutes,
    unitRoutes,
    peopleRoutes,
    cycleRoutes,
    nodeRoutes,
    edgeRoutes,
    checkinRoutes,
    alignmentRoutes,
    transferRoutes,
    workRoutes,
    auditRoutes,
    changeRoutes,
  ]) {
    app.route("/", routes);
  }

  app.openAPIRegistry.registerComponent("securitySchemes", "token", {
    type: "http",
    scheme: "bearer",
    description: "An API token: acc_…",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "accord_session",
  });
  app.doc31("/api/openapi.json", OPENAPI_INFO);
  mountDocs(app);

  serveWebApp(app);
  app.notFound((c) =>
    c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}.`), 404),
  );
  app.onError(respondError);
  return app;
}

const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Accord API",
    version: "0.1.0",
    description:
      "Accord keeps an organization aligned from strategy to daily work. Errors are `{error:{code,message,details}}`.\n\n" +
      "Authenticate with an API token (`Authorization: Bearer acc_…`, created on the Account page or with `POST /api/auth/tokens`) " +
      "or with the session cookie set by `POST /api/auth/sign-in`; cookie-authenticated writes also need the header `X-Accord-Request: 1`.",
  },
  security: [{ token: [] }, { session: [] }] as Record<string, string[]>[],
};

/**
 * The web app alone (its pages and assets, with the same headers): what the server answers
 * before its database has opened (src/cli/serve.ts), so the page loads meanwhile and its
 * API calls wait for the database.
 */
export function webAppOnly() {
  const app = router();
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: APP_CSP,
      referrerPolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
    }),
  );
  serveWebApp(app);
  return app;
}

/** The OpenAPI document, without a database (for generating the web client's types). */
export function openApiDocument() {
  return buildServer({} as Db).getOpenAPI31Document(OPENAPI_INFO);
}

const WEB_ROOT = path.resolve(
  import.meta.dirname,
  "../..",
  process.env.ACCORD_WEB_OUT ?? "dist/web",
);

/** Serves the built web app (dist/web) with a fallback to index.html for client routes. */
function serveWebApp(app: ReturnType<typeof router>) {
  if (!fs.existsSync(path.join(WEB_ROOT, "index.html"))) {
    app.get("/", (c) =>
      c.text(
        "The web app is not built. Run `npm run build` (npm start does it for you). The API is at /api.",
        503,
      ),
    );
    return;
  }
  const index = fs.readFileSync(path.join(WEB_ROOT, "index.html"), "utf8");
  app.use("/assets/*", serveStatic({ root: path.relative(process.cwd(), WEB_ROOT) }));
  app.get("*", async (c, next) => {
    if (c.req.path.startsWith("/api/")) return next();
    if (/\.[a-z0-9]+$/i.test(c.req.path)) {
      return serveStatic({ root: path.relative(process.cwd(), WEB_ROOT) })(c, next);
    }
    return c.html(index);
  });
}

/** The largest import file the server takes. */
export const IMPORT_LIMIT_MB = 256;

const tooLarge =
  (mb: number) => (c: Parameters<Parameters<typeof bodyLimit>[0]["onError"] & {}>[0]) =>
    c.json(
      errorBody(
        "payload_too_large",
        mb === IMPORT_LIMIT_MB
          ? `The file is too large: an import may be at most ${mb} MB. Split it into several files.`
          : `The request body is too large: at most ${mb} MB.`,
      ),
      413,
    );
