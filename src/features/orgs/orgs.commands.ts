import type { Command } from "commander";
import { ok, withApi } from "../../cli/backend.js";
import { out } from "../../cli/terminal.js";

/** `accord orgs list|create`, through the API's /api/orgs. */
export function registerOrgCommands(program: Command) {
  const orgs = program.command("orgs").description("list or create organizations");
  orgs
    .command("list", { isDefault: true })
    .description("list organizations")
    .action(async () => {
      const list = await withApi({ what: "list organizations" }, (api) => ok(api.GET("/api/orgs")));
      if (list.length === 0) out("No organizations yet. Run `accord demo` to load the demo.");
      for (const o of list) out(`${o.slug.padEnd(20)} ${o.name}`);
    });
  orgs
    .command("create <slug> <name>")
    .description("create an empty organization")
    .action(async (slug: string, name: string) => {
      const org = await withApi({ what: "create an organization" }, (api) =>
        ok(api.POST("/api/orgs", { body: { slug, name } })),
      );
      out(`Created ${org.name} (--org ${org.slug}).`);
    });
}
