/**
 * Builds the web app into dist/web. With --if-needed (what `npm start` uses) it builds only
 * when a source file is newer than the last build, so a restart costs nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { build } from "vite";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(path.resolve(root, process.env.ACCORD_WEB_OUT ?? "dist/web"), "index.html");

function newest(dir: string): number {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const ifNeeded = process.argv.includes("--if-needed");
const stale =
  !fs.existsSync(out) ||
  newest(path.join(root, "src", "web")) > fs.statSync(out).mtimeMs ||
  fs.statSync(path.join(root, "vite.config.ts")).mtimeMs > fs.statSync(out).mtimeMs;
if (!ifNeeded || stale) {
  process.stdout.write("Building the web app…\n");
  await build({ configFile: path.join(root, "vite.config.ts"), logLevel: "warn" });
  process.stdout.write("Web app built into dist/web.\n");
}
