#!/usr/bin/env node
// The `accord` command. It runs the compiled CLI in dist/server when that build is up to date
// with src/ (`npm start` and `npm run build` compile it: scripts/build.mjs), and otherwise
// the TypeScript sources through tsx, so `npx accord` works straight from a clone.
import { pathToFileURL } from "node:url";
import { isServerBuildFresh, SERVER_MAIN } from "../scripts/build-check.mjs";

if (isServerBuildFresh()) {
  // Stack traces name the src/ files.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(SERVER_MAIN).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
