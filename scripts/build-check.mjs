/**
 * Whether dist/server (scripts/build.mjs) is up to date: every source file esbuild read, and
 * the build's own configuration, is no newer than the moment that build began. Cheap (a few
 * hundred stat calls), so bin/accord.mjs asks it on every run.
 */
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const SERVER_OUT = path.join(root, "dist", "server");
export const SERVER_MAIN = path.join(SERVER_OUT, "main.js");
export const SERVER_STAMP = path.join(SERVER_OUT, "build.json");
/** Files that change how the server is compiled, beyond its sources. */
export const BUILD_CONFIG = [
  "package.json",
  "tsconfig.json",
  "scripts/build.mjs",
  "scripts/build-check.mjs",
  // Rewritten by every npm install: the libraries bundled into the build may have changed.
  "node_modules/.package-lock.json",
];
const NPM_HIDDEN_LOCKFILE = "node_modules/.package-lock.json";

/** @returns {boolean} */
export function isServerBuildFresh() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(SERVER_STAMP, "utf8"));
  } catch {
    return false;
  }
  if (!fs.existsSync(SERVER_MAIN)) return false;
  for (const file of [...BUILD_CONFIG, ...stamp.inputs]) {
    const stat = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    // npm's hidden lockfile is there only after an npm install (not with pnpm or yarn).
    if (!stat && file === NPM_HIDDEN_LOCKFILE) continue;
    if (!stat || stat.mtimeMs > stamp.started) return false;
  }
  return true;
}
