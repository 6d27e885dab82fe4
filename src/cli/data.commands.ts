import fs from "node:fs";
import path from "node:path";
import { styleText } from "node:util";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { AppError } from "../core/errors.js";
import type { Finding, Severity } from "../core/types.js";
import { loadDemo } from "../features/demo/demo.js";
import { createDemoAccounts, describeDemoAccounts } from "../features/demo/demo-accounts.js";
import { bundleToCsv, CSV_TABLES, type CsvTable, exportBundle } from "../features/export/export.js";
import { importGoalsCsv } from "../features/imports/goals-csv.js";
import { importOrgCsv } from "../features/imports/org-csv.js";
import type { ImportReport } from "../features/imports/report.js";
import { allOrgs, createOrg, getOrg } from "../features/orgs/orgs.js";
import { api, findingsVia, resolveOrgSlug, withBackend } from "./backend.js";

const out = (s: string) => process.stdout.write(`${s}\n`);
const color = (c: Parameters<typeof styleText>[0], s: string) =>
  process.stdout.isTTY ? styleText(c, s) : s;

/**
 * A progress bar on a terminal; elsewhere (CI logs, pipes) a plain line at most twice a
 * second, so long work still shows that it moves.
 */
function progressBar(label: string) {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(done: number, total: number, table = "") {
        const now = Date.now();
        if (now - last < 500 && done < total) return;
        last = now;
        process.stderr.write(`${label}: ${done}/${total} rows${table ? ` (${table})` : ""}\n`);
      },
      stop() {},
    };
  }
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {table}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number, table = "") {
      if (!started) {
        bar.start(total, 0, { table });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { table });
    },
    stop: () => started && bar.stop(),
  };
}

export function registerDataCommands(program: Command) {
  program
    .command("migrate")
    .description("bring the database schema up to date")
    .action(async () => {
      await withBackend(
        async () => {
          out("The database schema is up to date.");
        },
        { remoteOk: false, what: "migrate" },
      );
    });

  program
    .command("demo")
    .description('load the demo organization "Stride Athletics"')
    .option("--replace", "replace the demo organization if it is already loaded")
    .action(async (o: { replace?: boolean }) => {
      await withBackend(
        async (b) => {
          if (b.kind !== "local") return;
          const bar = progressBar("Loading demo");
          const { org, loaded } = await loadDemo(b.ctx, {
            replace: o.replace,
            onProgress: (p) => bar.update(p.done, p.total, p.table),
          });
          bar.stop();
          const accounts = loaded ? await createDemoAccounts(b.ctx, org.id) : [];
          out(
            loaded
              ? `Loaded ${org.name} (--org ${org.slug}).${describeDemoAccounts(accounts)}`
              : `${org.name} is already loaded (--org ${org.slug}); use --replace to load it afresh.`,
          );
        },
        { remoteOk: false, what: "load the demo" },
      );
    });

  const orgs = program.command("orgs").description("list or create organizations");
  orgs
    .command("list", { isDefault: true })
    .description("list organizations")
    .action(async () => {
      await withBackend(
        async (b) => {
          const list =
            b.kind === "local"
              ? await allOrgs(b.ctx)
              : await api<{ slug: string; name: string }[]>(b, "/api/orgs");
          if (list.length === 0) out("No organizations yet. Run `accord demo` to load the demo.");
          for (const o of list) out(`${o.slug.padEnd(20)} ${o.name}`);
        },
        { remoteOk: true, what: "list organizations" },
      );
    });
  orgs
    .command("create <slug> <name>")
    .description("create an empty organization")
    .action(async (slug: string, name: string) => {
      await withBackend(
        async (b) => {
          const body = { slug, name };
          const org =
            b.kind === "local"
              ? await createOrg(b.ctx, body)
              : await api<{ slug: string; name: string }>(b, "/api/orgs", {
                  method: "POST",
                  headers: { "content-type": "application/json" },
                  body: JSON.stringify(body),
                });
          out(`Created ${org.name} (--org ${org.slug}).`);
        },
        { remoteOk: true, what: "create an organization" },
      );
    });

  const imp = program.command("import").description("import an org chart or goals from CSV");
  for (const [what, run, describe] of [
    ["org", importOrgCsv, "people, managers, units and titles"],
    ["goals", importGoalsCsv, "objectives, key results and goals with their parents"],
  ] as const) {
    imp
      .command(`${what} <file>`)
      .description(`import ${describe} from a CSV file; nothing is written if any line is bad`)
      .option("--org <slug>", "organization ($ACCORD_ORG; default: the only one)")
      .option("--dry-run", "check the file and show what would change, write nothing")
      .action(async (file: string, o: { org?: string; dryRun?: boolean }) => {
        const csv = readFile(file);
        const report = await withBackend(
          async (b) => {
            const slug = await resolveOrgSlug(b, o.org);
            if (b.kind === "remote") {
              return api<ImportReport>(
                b,
                `/api/orgs/${encodeURIComponent(slug)}/import/${what}${o.dryRun ? "?dryRun=true" : ""}`,
                { method: "POST", headers: { "content-type": "text/csv" }, body: csv },
              );
            }
            const org = await getOrg(b.ctx, slug);
            const bar = progressBar(`Importing ${path.basename(file)}`);
            try {
              return await run(b.ctx, org.id, csv, {
                dryRun: o.dryRun,
                onProgress: (done: number, total: number) => bar.update(done, total),
              });
            } finally {
              bar.stop();
            }
          },
          { remoteOk: true, what: `import ${what}` },
        );
        printImport(report, file);
        if (report.issues.length > 0) process.exitCode = 1;
      });
  }

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
      const text = await withBackend(
        async (b) => {
          const slug = await resolveOrgSlug(b, o.org);
          if (b.kind === "remote") {
            return api<string>(
              b,
              `/api/orgs/${encodeURIComponent(slug)}/export?format=${o.format}&table=${o.table}`,
              { raw: true },
            );
          }
          const bundle = await exportBundle(b.ctx, slug);
          return o.format === "json"
            ? JSON.stringify(bundle, null, 2)
            : bundleToCsv(bundle, o.table as CsvTable);
        },
        { remoteOk: true, what: "export" },
      );
      if (o.out) {
        fs.writeFileSync(o.out, text);
        process.stderr.write(`Wrote ${o.out}.\n`);
      } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    });

  program
    .command("check")
    .description("print alignment findings; exits 1 when any has severity error (for pipelines)")
    .option("--org <slug>", "organization ($ACCORD_ORG; default: the only one)")
    .option("--json", "print the findings as JSON")
    .option(
      "--min-severity <severity>",
      "hide findings below this severity: error, warning, info",
      "info",
    )
    .action(async (o: { org?: string; json?: boolean; minSeverity: string }) => {
      const order: Severity[] = ["error", "warning", "info"];
      const floor = order.indexOf(o.minSeverity as Severity);
      if (floor < 0)
        throw new AppError("validation_failed", "--min-severity: use error, warning or info");
      const { findings, health, slug } = await withBackend(
        async (b) => {
          const slug = await resolveOrgSlug(b, o.org);
          return { slug, ...(await findingsVia(b, slug)) };
        },
        { remoteOk: true, what: "check" },
      );
      const shown = findings.filter((f) => order.indexOf(f.severity) <= floor);
      const errors = findings.filter((f) => f.severity === "error").length;
      if (o.json)
        out(JSON.stringify({ org: slug, health: health.score, findings: shown }, null, 2));
      else printFindings(slug, shown, health);
      process.exitCode = errors > 0 ? 1 : 0;
    });
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new AppError(
      "validation_failed",
      `${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`,
    );
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

const SEVERITY_COLOR = { error: "red", warning: "yellow", info: "cyan" } as const;

function printFindings(
  slug: string,
  findings: Finding[],
  health: { score: number; gaps: string[] },
) {
  out(`Alignment of ${slug}: health ${health.score}/100`);
  for (const gap of health.gaps) out(`  · ${gap}`);
  out("");
  if (findings.length === 0) {
    out("No findings: everything is aligned, owned, measured and fresh.");
    return;
  }
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  for (const [rule, list] of byRule) {
    out(color("bold", `${rule} (${list.length})`));
    for (const f of list) {
      out(`  ${color(SEVERITY_COLOR[f.severity], f.severity.padEnd(7))} ${f.message}`);
      out(`          fix: ${f.fix}`);
    }
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  out("");
  out(`${count("error")} errors, ${count("warning")} warnings, ${count("info")} info.`);
}
