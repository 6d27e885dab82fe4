import type { Command } from "commander";
import { withDatabase } from "../../cli/backend.js";
import { out, progressBar } from "../../cli/terminal.js";
import { loadDemo } from "./demo.js";
import { createDemoAccounts, describeDemoAccounts } from "./demo-accounts.js";

/** `accord demo`: no route loads the demo, so this works on the database itself. */
export function registerDemoCommands(program: Command) {
  program
    .command("demo")
    .description('load the demo organization "Stride Athletics"')
    .option("--replace", "replace the demo organization if it is already loaded")
    .action(async (o: { replace?: boolean }) => {
      await withDatabase("load the demo", async (ctx) => {
        const bar = progressBar("Loading demo");
        const { org, loaded } = await loadDemo(ctx, {
          replace: o.replace,
          onProgress: (p) => bar.update(p.done, p.total, p.table),
        });
        bar.stop();
        const accounts = loaded ? await createDemoAccounts(ctx, org.id) : [];
        out(
          loaded
            ? `Loaded ${org.name} (--org ${org.slug}).${describeDemoAccounts(accounts)}`
            : `${org.name} is already loaded (--org ${org.slug}); use --replace to load it afresh.`,
        );
      });
    });
}
