import fs from "node:fs";
import type { Command } from "commander";
import { api, resolveOrgSlug, withBackend } from "../../cli/backend.js";
import type { ChainCheck } from "../../core/audit.js";
import { getOrg } from "../orgs/index.js";
import { fullHistory, verifyHistory } from "./audit.js";

export function registerAuditCommands(program: Command) {
  const audit = program.command("audit").description("the tamper-evident change history");

  audit
    .command("verify")
    .description(
      "check the history's hash chain; exits 1 when an entry was edited, removed or reordered",
    )
    .option("--org <slug>", "organization ($ACCORD_ORG; default: the only one)")
    .action(async (o: { org?: string }) => {
      const result = await withBackend(
        async (b) => {
          const slug = await resolveOrgSlug(b, o.org);
          if (b.kind === "remote")
            return api<ChainCheck>(b, `/api/orgs/${encodeURIComponent(slug)}/history/verify`);
          return verifyHistory(b.ctx, (await getOrg(b.ctx, slug)).id);
        },
        { remoteOk: true, what: "verify the history" },
      );
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
      const out = o.out ? fs.createWriteStream(o.out) : process.stdout;
      await withBackend(
        async (b) => {
          const slug = await resolveOrgSlug(b, o.org);
          if (b.kind === "remote") {
            out.write(
              await api<string>(b, `/api/orgs/${encodeURIComponent(slug)}/history/export`, {
                raw: true,
              }),
            );
            return;
          }
          for await (const e of await fullHistory(b.ctx, (await getOrg(b.ctx, slug)).id))
            out.write(`${JSON.stringify(e)}\n`);
        },
        { remoteOk: true, what: "export the history" },
      );
      if (o.out) (out as fs.WriteStream).end();
    });
}
