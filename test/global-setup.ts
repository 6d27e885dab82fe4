import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate, openDatabase } from "../src/platform/db/connect.js";

/**
 * A fresh PGlite runs initdb (seconds, hundreds of MB). Make one migrated template per run
 * and let every test clone it from a tarball (see test/db.ts).
 */
export default async function setup(project: TestProject) {
  // The browser tests serve the built web app: build it once here (only when a source is
  // newer than the build), never in parallel test files.
  if (fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
    const root = path.resolve(import.meta.dirname, "..");
    execFileSync(
      process.execPath,
      [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/build-web.ts", "--if-needed"],
      {
        cwd: root,
        stdio: "inherit",
      },
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-test-"));
  const file = path.join(dir, "template.tar");
  const database = await openDatabase({ dataDir: "memory://", url: "" });
  await migrate(database.db);
  const dump = await database.pglite!.dumpDataDir("none");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide("pgliteTemplate", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
