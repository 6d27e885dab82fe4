import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { ok, resolveOrgSlug, withApi } from "../../cli/backend.js";

/** `accord audit verify|export`, through the history routes. */
export function registerAuditCommands(program: Command) {
  const audit = program.command("audit").description("the tamper-evident change history");

  audit
    .command("verify")
    .description(
      "check the history's hash chain; exits 1 when an entry was edited, removed or reordered",
    )
    .option("--org <slug>", "organization ($ACCORD_ORG; default: the only one)")
    .action(async (o: { org?: string }) => {
      const result = await withApi({ what: "verify the history" }, async (api) => {
        const org = await resolveOrgSlug(api, o.org);
        return ok(api.GET("/api/orgs/{org}/history/verify", { params: { path: { org } } }));
      });
      if (result.ok) {
        process.stdout.write(
          `The history is intact: ${result.entries} entries, every hash checks out.\n`,
        );
      } else {
        process.stdout.write(
          `The history has been tampered with at entry ${result.seq}: ${result.reason}.\n`,
        );
        process.exitCode = 1;
      }
    });

  audit
    .command("export")
    .description("write the whole history, one JSON entry per line")
    .option("--org <slug>", "organization ($ACCORD_ORG; default: the only one)")
    .option("-o, --out <file>", "write to a file instead of standard output")
    .action(async (o: { org?: string; out?: string }) => {
      await withApi({ what: "export the history" }, async (api) => {
        const org = await resolveOrgSlug(api, o.org);
        const body = await ok(
          api.GET("/api/orgs/{org}/history/export", {
            params: { path: { org } },
            parseAs: "stream",
          }),
        );
        if (!body) return;
        // Streamed as it comes: a long history is never held in memory whole.
        const entries = Readable.fromWeb(body as never);
        if (o.out) await pipeline(entries, fs.createWriteStream(o.out));
        else await pipeline(entries, process.stdout, { end: false });
      });
    });
}
