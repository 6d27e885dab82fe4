import type { Command } from "commander";
import { type Api, ok, resolveOrgSlug, withApi } from "../../cli/backend.js";
import { color, out } from "../../cli/terminal.js";
import { AppError } from "../../core/errors.js";
import type { Finding, Severity } from "../../core/types.js";

/** `accord check`: the findings and health routes, printed for people or pipelines. */
export function registerAlignmentCommands(program: Command) {
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
      const { findings, health, slug } = await withApi({ what: "check" }, async (api) => {
        const slug = await resolveOrgSlug(api, o.org);
        const params = { path: { org: slug } };
        const [findings, health] = await Promise.all([
          allFindings(api, slug),
          ok(api.GET("/api/orgs/{org}/health", { params })),
        ]);
        return { slug, findings, health };
      });
      const shown = findings.filter((f) => order.indexOf(f.severity) <= floor);
      const errors = findings.filter((f) => f.severity === "error").length;
      if (o.json)
        out(JSON.stringify({ org: slug, health: health.score, findings: shown }, null, 2));
      else printFindings(slug, shown, health);
      process.exitCode = errors > 0 ? 1 : 0;
    });
}

/** Every finding, a page at a time. */
async function allFindings(api: Api, org: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (;;) {
    const page = await ok(
      api.GET("/api/orgs/{org}/findings", {
        params: { path: { org }, query: { limit: 5000, offset: findings.length } },
      }),
    );
    findings.push(...page.items);
    if (page.items.length === 0 || findings.length >= page.total) return findings;
  }
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
