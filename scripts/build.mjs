#!/usr/bin/env node
/**
 * Compiles Accord ahead of time, so that starting it does not transpile TypeScript:
 *   - the server and CLI (src/cli/main.ts and what it imports) into dist/server with esbuild:
 *     ESM for Node 20, code split at dynamic imports (the CLI loads the server only when a
 *     command needs it), node_modules left as imports, source maps;
 *   - the web app into dist/web (scripts/build-web.ts, Vite).
 * With --if-needed (what `npm start` uses) each part is built only when one of its sources is
 * newer than its output, so a restart costs a few milliseconds. Plain JavaScript run by node:
 * starting tsx here would cost as much as the check itself.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isServerBuildFresh, SERVER_OUT } from "./build-check.mjs";

const root = path.resolve(import.meta.dirname, "..");
const ifNeeded = process.argv.includes("--if-needed");
const only = process.argv.includes("--server")
  ? "server"
  : process.argv.includes("--web")
    ? "web"
    : null;

async function buildServer() {
  if (ifNeeded && isServerBuildFresh()) return;
  process.stdout.write("Compiling the server…\n");
  // A source saved while the build runs is newer than this, so the next check rebuilds.
  const started = Date.now();
  const { build } = await import("esbuild");
  // Build beside the output and swap directories, so a process starting meanwhile never
  // reads half a build (it finds either the old one, or none and falls back to tsx).
  const tmp = `${SERVER_OUT}.${process.pid}.tmp`;
  const old = `${SERVER_OUT}.${process.pid}.old`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: root,
      // The embedded database's worker thread is a script of its own (pglite-thread.ts).
      entryPoints: {
        main: "src/cli/main.ts",
        "pglite-worker": "src/platform/db/pglite-worker.ts",
        "pg-copy-worker": "src/platform/db/pg-copy-worker.ts",
      },
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      // Pure-ESM libraries are bundled in: Kysely alone is some 400 modules, which Node
      // resolved and compiled one by one at every start (kysely 145 ms, zod and the OpenAPI
      // routes 130 ms). Left as imports: what finds files beside itself (PGlite's
      // WebAssembly, pino's transports, swagger-ui's assets), native addons, CommonJS
      // packages that require() Node's modules, and what only the build or tests use.
      external: [
        "@electric-sql/pglite",
        "@electric-sql/pglite/*",
        "@node-rs/argon2",
        "pg",
        "pg-copy-streams",
        "pino",
        "swagger-ui-dist",
        "esbuild",
        "tsx",
        "tsx/*",
        "cli-progress",
        "csv-parse",
        "csv-parse/*",
        "csv-stringify",
        "csv-stringify/*",
        "rate-limiter-flexible",
        "commander",
      ],
      sourcemap: true,
      // Stack traces name src/ files (node --enable-source-maps, set by bin/accord.mjs).
      sourcesContent: false,
      chunkNames: "[name]-[hash]",
      metafile: true,
      logLevel: "warning",
    });
    const inputs = Object.keys(result.metafile.inputs).filter(
      (f) => !f.startsWith("node_modules/"),
    );
    fs.writeFileSync(
      path.join(tmp, "build.json"),
      `${JSON.stringify({ started, inputs }, null, 1)}\n`,
    );
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(1);
  }
  if (fs.existsSync(SERVER_OUT)) fs.renameSync(SERVER_OUT, old);
  fs.renameSync(tmp, SERVER_OUT);
  fs.rmSync(old, { recursive: true, force: true });
  process.stdout.write("Server compiled into dist/server.\n");
}

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function buildWeb() {
  // The same test as scripts/build-web.ts --if-needed, without paying for tsx and Vite when
  // nothing changed.
  if (ifNeeded) {
    const out = path.join(
      path.resolve(root, process.env.ACCORD_WEB_OUT ?? "dist/web"),
      "index.html",
    );
    const built = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
    const fresh =
      built > 0 &&
      newest(path.join(root, "src", "web")) <= built &&
      fs.statSync(path.join(root, "vite.config.ts")).mtimeMs <= built;
    if (fresh) return;
  }
  const r = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/build-web.ts"],
    { cwd: root, stdio: "inherit" },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (only !== "web") await buildServer();
if (only !== "server") buildWeb();
