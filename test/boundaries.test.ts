import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layout's boundaries are kept by the linter (biome.json, noRestrictedImports), not by
 * memory. Each case writes a one-import file where a newcomer might put it, lints it with
 * the project's own configuration, and expects the rule's message — or, for the allowed
 * way, no message at all.
 */
const ROOT = path.resolve(import.meta.dirname, "..");
const BIOME = path.join(ROOT, "node_modules/.bin/biome");

interface Diagnostic {
  category: string;
  message: string;
}

function lint(file: string, source: string): Diagnostic[] {
  const abs = path.join(ROOT, file);
  fs.writeFileSync(abs, source);
  try {
    let out: string;
    try {
      out = execFileSync(BIOME, ["lint", "--reporter=json", file], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch (err) {
      out = (err as { stdout: string }).stdout; // biome exits 1 when it reports errors
    }
    const report = JSON.parse(out) as { diagnostics: Diagnostic[] };
    return report.diagnostics.filter((d) => d.category === "lint/style/noRestrictedImports");
  } finally {
    fs.rmSync(abs, { force: true });
  }
}

const use = (spec: string) => `import { x } from "${spec}";\nexport const y = x;\n`;

describe("import boundaries", () => {
  const cases: [string, string, string, RegExp | null][] = [
    // [what, file, import, expected message or null when allowed]
    [
      "core importing the database kit",
      "src/core/zz-fixture.ts",
      "../platform/db/connect.js",
      /core is pure/,
    ],
    [
      "core importing a feature",
      "src/core/zz-fixture.ts",
      "../features/goals/index.js",
      /core is pure/,
    ],
    ["core doing I/O", "src/core/zz-fixture.ts", "node:fs", /no I\/O/],
    ["core importing core", "src/core/zz-fixture.ts", "./graph.js", null],
    [
      "a use case importing Kysely",
      "src/features/goals/zz-fixture.ts",
      "kysely",
      /Only repositories/,
    ],
    [
      "a use case importing the pg driver",
      "src/features/goals/zz-fixture.ts",
      "pg",
      /Only repositories/,
    ],
    ["a repository importing Kysely", "src/features/goals/zz-fixture.repo.ts", "kysely", null],
    [
      "a feature reaching into another's repository",
      "src/features/mywork/zz-fixture.ts",
      "../goals/goals.repo.js",
      /only through its index\.ts/,
    ],
    [
      "a feature using another's public entry",
      "src/features/mywork/zz-fixture.ts",
      "../goals/index.js",
      null,
    ],
    [
      "a feature importing its own files",
      "src/features/mywork/zz-fixture.ts",
      "./mywork.repo.js",
      null,
    ],
    [
      "a feature importing the server",
      "src/features/goals/zz-fixture.ts",
      "../../server/app.js",
      /composition roots/,
    ],
    [
      "the platform importing a feature",
      "src/platform/http/zz-fixture.ts",
      "../../features/orgs/index.js",
      /knows no feature/,
    ],
    [
      "the web app importing a feature",
      "src/web/goals/zz-fixture.ts",
      "../../features/goals/index.js",
      /web app imports only/,
    ],
    [
      "the web app importing the platform",
      "src/web/zz-fixture.ts",
      "../platform/context.js",
      /web app imports only/,
    ],
    ["the web app importing Kysely", "src/web/zz-fixture.ts", "kysely", /Only repositories/],
    [
      "the web app importing the core",
      "src/web/goals/zz-fixture.ts",
      "../../core/progress.js",
      null,
    ],
    [
      "the server using a feature's internals",
      "src/server/zz-fixture.ts",
      "../features/goals/goals.js",
      /otherwise use its index\.ts/,
    ],
  ];

  it.each(cases)("%s", (_what, file, spec, expected) => {
    const found = lint(file, use(spec));
    if (expected === null) expect(found).toEqual([]);
    else {
      expect(found).toHaveLength(1);
      expect(found[0].message).toMatch(expected);
    }
  });
});
