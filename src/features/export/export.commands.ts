import fs from "node:fs";
import type { Command } from "commander";
import { ok, resolveOrgSlug, withApi } from "../../cli/backend.js";
import { AppError } from "../../core/errors.js";
import { CSV_TABLES, type CsvTable } from "./tables.js";

/** `accord export`: the export route's JSON (pretty-printed) or one table as CSV. */
export function registerExportCommands(program: Command) {
  program
    .command("export")
    .description("export an organization: everything as JSON, or one table as CSV")
    .option("--org <slug>", "organization ($ACCORD_ORG; default: the only one)")
    .option("-f, --format <format>", "json or csv", "json")
    .option("-t, --table <table>", `for CSV: ${CSV_TABLES.join(", ")}`, "goals")
    .option("-o, --out <file>", "write to a file instead of standard output")
    .action(async (o: { org?: string; format: string; table: string; out?: string }) => {
      if (!["json", "csv"].includes(o.format))
        throw new AppError("validation_failed", "--format: use json or csv");
      if (!CSV_TABLES.includes(o.table as CsvTable)) {
        throw new AppError("validation_failed", `--table: use one of ${CSV_TABLES.join(", ")}`);
      }
      const text = await withApi({ what: "export" }, async (api) => {
        const org = await resolveOrgSlug(api, o.org);
        if (o.format === "json") {
          const bundle = await ok(
            api.GET("/api/orgs/{org}/export", {
              params: { path: { org }, query: { format: "json" } },
            }),
          );
          return JSON.stringify(bundle, null, 2);
        }
        return ok(
          api.GET("/api/orgs/{org}/export", {
            params: { path: { org }, query: { format: "csv", table: o.table as CsvTable } },
            parseAs: "text",
          }),
        );
      });
      if (o.out) {
        fs.writeFileSync(o.out, text);
        process.stderr.write(`Wrote ${o.out}.\n`);
      } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    });
}
