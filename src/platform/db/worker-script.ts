import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * A worker thread's script by name (`pglite-worker`, `pg-copy-worker`): the compiled one
 * beside this module in dist/server, or the TypeScript source run through tsx (a clone
 * without a build, the tests). Pass the result to `new Worker(script, { eval })`.
 */
export function workerScript(name: string): { script: URL | string; eval: boolean } {
  const js = new URL(`./${name}.js`, import.meta.url);
  if (fs.existsSync(js)) return { script: js, eval: false };
  // A worker does not inherit tsx's hooks: register them in it, then load the source.
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsx = pathToFileURL(path.join(tsxDir, "dist/esm/api/index.mjs")).href;
  const source = new URL(`./${name}.ts`, import.meta.url).href;
  return {
    script: `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(source)}); });`,
    eval: true,
  };
}
