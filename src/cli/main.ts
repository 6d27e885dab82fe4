import { Command, InvalidArgumentError } from "commander";
import { AppError } from "../core/errors.js";
import { registerUserCommands } from "../features/accounts/user.commands.js";
import { registerAlignmentCommands } from "../features/alignment/alignment.commands.js";
import { registerAuditCommands } from "../features/audit/audit.commands.js";
import { registerDemoCommands } from "../features/demo/demo.commands.js";
import { registerExportCommands } from "../features/export/export.commands.js";
import { registerImportCommands } from "../features/imports/imports.commands.js";
import { registerOrgCommands } from "../features/orgs/orgs.commands.js";
import { withDatabase } from "./backend.js";
import { out } from "./terminal.js";

const program = new Command()
  .name("accord")
  .description("Accord keeps an organization aligned from strategy to daily work.")
  .showHelpAfterError();

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError("a port is a number from 0 to 65535");
  return n;
};

program
  .command("serve")
  .description("start the server (embedded database unless DATABASE_URL is set)")
  .option("-p, --port <port>", "port to listen on ($PORT)", port, port(process.env.PORT ?? "3000"))
  .option("--host <host>", "interface to listen on ($HOST)", process.env.HOST ?? "0.0.0.0")
  .option("--no-demo", "do not load the demo organization into an empty database")
  .action(async (o: { port: number; host: string; demo: boolean }) => {
    // The embedded database opens in its thread (on another core) while the server's code
    // loads: early.ts imports nothing heavy.
    const { startEmbedded } = await import("../platform/db/early.js");
    const early = startEmbedded("server");
    // Loaded on use, like every command's heavy modules: `accord --help` stays quick.
    const { startServer } = await import("./serve.js");
    await startServer({ ...o, early });
  });

program
  .command("migrate")
  .description("bring the database schema up to date")
  .action(async () => {
    // Opening the database migrates it.
    await withDatabase("migrate", async () => out("The database schema is up to date."));
  });

// Each feature's commands; those with routes call them through one typed client (backend.ts).
registerDemoCommands(program);
registerOrgCommands(program);
registerImportCommands(program);
registerExportCommands(program);
registerAlignmentCommands(program);
registerAuditCommands(program);
registerUserCommands(program);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof AppError) {
    process.stderr.write(`accord: ${err.message}\n`);
    const issues = (
      err.details as {
        issues?: { line?: number; path?: string; field?: string | null; message: string }[];
      }
    )?.issues;
    for (const i of issues ?? []) {
      const where = i.line !== undefined ? `line ${i.line}` : i.path;
      process.stderr.write(`  ${where}${i.field ? ` (${i.field})` : ""}: ${i.message}\n`);
    }
    process.exit(2);
  }
  process.stderr.write(`accord: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
