import path from "node:path";
import type { Command } from "commander";
import { ok, resolveOrgSlug, withApi } from "../../cli/backend.js";
import { color, out, progressBar, readFile } from "../../cli/terminal.js";
import type { ImportReport } from "./report.js";

/**
 * `accord import org|goals <file>`: the CSV goes to the import route. When the server runs
 * in this process, a progress bar follows the writes; through a remote server it does not.
 */
export function registerImportCommands(program: Command) {
  const imp = program.command("import").description("import an org chart or goals from CSV");
  for (const [what, describe] of [
    ["org", "people, managers, units and titles"],
    ["goals", "objectives, key results and goals with their parents"],
  ] as const) {
    imp
      .command(`${what} <file>`)
      .description(`import ${describe} from a CSV file; nothing is written if any line is bad`)
      .option("--org <slug>", "organization ($ACCORD_ORG; default: the only one)")
      .option("--dry-run", "check the file and show what would change, write nothing")
      .action(async (file: string, o: { org?: string; dryRun?: boolean }) => {
        const csv = readFile(file);
        const bar = progressBar(`Importing ${path.basename(file)}`);
        const report = await withApi(
          { what: `import ${what}`, onImportProgress: (done, total) => bar.update(done, total) },
          async (api) => {
            const org = await resolveOrgSlug(api, o.org);
            return ok(
              api.POST(`/api/orgs/{org}/import/${what}`, {
                params: { path: { org }, query: o.dryRun ? { dryRun: "true" } : {} },
                body: csv,
                headers: { "content-type": "text/csv" },
                bodySerializer: (body) => body,
              }),
            );
          },
        ).finally(() => bar.stop());
        printImport(report, file);
        if (report.issues.length > 0) process.exitCode = 1;
      });
  }
}

function printImport(r: ImportReport, file: string) {
  if (r.issues.length > 0) {
    out(
      color(
        "red",
        `${file}: ${r.issues.length} problem${r.issues.length === 1 ? "" : "s"} in ${r.rows} rows; nothing was written.`,
      ),
    );
    for (const i of r.issues)
      out(`  line ${i.line}${i.field ? ` (${i.field})` : ""}: ${i.message}`);
    return;
  }
  const list = (o: Record<string, number>) =>
    Object.entries(o)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ") || "nothing";
  out(`${file}: ${r.rows} rows ${r.dryRun ? "checked (dry run: nothing written)" : "imported"}.`);
  out(`  ${r.dryRun ? "would create" : "created"}: ${list(r.created)}`);
  out(`  ${r.dryRun ? "would update" : "updated"}: ${list(r.updated)}`);
}
