import type { Command } from "commander";
import { withDatabase } from "../../cli/backend.js";
import { out, progressBar } from "../../cli/terminal.js";
import { AppError } from "../../core/errors.js";
import type { LoadProgress } from "../../platform/db/bundle.repo.js";
// Only the sizes' table at start; the loaders are imported in the actions, so that
// `accord --help` does not load the database and the demo data.
import { SIZE_NAMES, SIZES, type SizeName } from "./synthetic/generate.js";

/** `accord demo`: no route loads a demo, so this works on the database itself. */
export function registerDemoCommands(program: Command) {
  program
    .command("demo")
    .description(
      'load the demo organization "Stride Athletics", or with --size a synthetic enterprise',
    )
    .option("--replace", "replace the organization if it is already loaded")
    .option(
      "--size <size>",
      `a synthetic enterprise instead: ${SIZE_NAMES.map((s) => `${s} (${SIZES[s].people.toLocaleString("en")} people)`).join(", ")}`,
    )
    .option("--seed <n>", "with --size: the generator's seed (default 42)")
    .action(async (o: { replace?: boolean; size?: string; seed?: string }) => {
      if (o.size !== undefined) {
        const { parseSize } = await import("./enterprise.js");
        return loadEnterprise(parseSize(o.size), o);
      }
      if (o.seed !== undefined) {
        throw new AppError(
          "validation_failed",
          "--seed goes with --size (a synthetic enterprise).",
        );
      }
      const { loadDemo } = await import("./demo.js");
      const { createDemoAccounts, describeDemoAccounts } = await import("./demo-accounts.js");
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString("en");

/**
 * `accord demo --size S|M|L|XL`: a bulk load of up to 1.3 million rows, done in the process
 * that owns the database (never through a server: one request would hold it for minutes).
 */
async function loadEnterprise(size: SizeName, o: { replace?: boolean; seed?: string }) {
  try {
    await loadEnterpriseHere(size, o);
  } catch (err) {
    const holder = err instanceof AppError ? (err.details as { role?: string } | null) : null;
    if (err instanceof AppError && err.code === "database_busy" && holder?.role === "server") {
      throw new AppError(
        err.code,
        `${err.message} (A synthetic enterprise is loaded by the process that owns the database, not through the server: with the server stopped, run \`accord demo --size ${size}\`, then start it again.)`,
        err.details,
      );
    }
    throw err;
  }
}

async function loadEnterpriseHere(size: SizeName, o: { replace?: boolean; seed?: string }) {
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !/^\d+$/.test(o.seed ?? "")) {
    throw new AppError("validation_failed", `--seed: "${o.seed}" is not a whole number.`);
  }
  await withDatabase("load a synthetic enterprise", async (ctx) => {
    let started = Date.now();
    let loadStarted = started;
    let analyzeStarted = started;
    const progress = loadProgress(`Loading ${size}`);
    const { loadSyntheticEnterprise } = await import("./enterprise.js");
    const r = await loadSyntheticEnterprise(ctx, {
      size,
      seed,
      replace: o.replace,
      onGenerating: () => {
        started = Date.now();
        process.stderr.write(
          `Generating a synthetic enterprise of ${n(SIZES[size].people)} people (size ${size}) …\n`,
        );
      },
      onGenerated: () => {
        loadStarted = Date.now();
      },
      onProgress: progress.update,
      onAnalyze: () => {
        progress.stop();
        analyzeStarted = Date.now();
        process.stderr.write("Analyzing the tables (planner statistics) …\n");
      },
    });
    const done = Date.now();
    // The model's checkpoint, where the server looks for it: its first start reads that
    // instead of every table (M: 0.9 s instead of 1.6; XL: about 3 s instead of 10).
    let checkpoint = "";
    const { checkpointPlace, checkpointsWanted } = await import("../../cli/checkpoints.js");
    if (checkpointsWanted()) {
      process.stderr.write(
        "Writing the alignment model's checkpoint for the server's first start …\n",
      );
      const { leaveCheckpoint } = await import("../alignment/index.js");
      const written = await leaveCheckpoint(ctx, r.org.id, checkpointPlace()).catch(
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      const why = typeof written === "string" ? `: ${written}` : "";
      checkpoint =
        written === true
          ? `, model checkpoint written in ${seconds(Date.now() - done)}`
          : ` (the model's checkpoint could not be written${why}; the server's first start reads the tables)`;
    }
    const c = r.counts;
    out(
      `Loaded ${r.org.name} (--org ${r.org.slug}): ${n(c.people)} people, ${n(c.units)} units, ` +
        `${n(c.nodes)} goals, key results, KPIs and initiatives, ${n(c.edges)} links, ` +
        `${n(c.checkins)} check-ins.\n` +
        `  generated in ${seconds(loadStarted - started)}, loaded in ${seconds(analyzeStarted - loadStarted)}, ` +
        `analyzed in ${seconds(done - analyzeStarted)}${checkpoint}.\n` +
        `Open it: \`accord serve\`, sign in as an administrator and choose "${r.org.name}"; ` +
        `or here: \`accord check --org ${r.org.slug}\`.` +
        (r.accounts.length > 0
          ? `\nDemo accounts that see it (passwords as printed by \`accord demo\`):\n  ${r.accounts.join("\n  ")}`
          : "\n(`accord demo` creates demo accounts; load a synthetic enterprise after it and they see it too.)"),
    );
  });
}

/**
 * The load's progress: a bar on a terminal (cli-progress); elsewhere (CI logs, pipes) one
 * line per tenth of the rows, so a log of a minutes-long load stays short.
 */
function loadProgress(label: string) {
  if (process.stderr.isTTY) {
    const bar = progressBar(label);
    return {
      update: (p: LoadProgress) => bar.update(p.done, p.total, p.table),
      stop: () => bar.stop(),
    };
  }
  let tenth = 0;
  return {
    update: (p: LoadProgress) => {
      const now = Math.floor((p.done * 10) / p.total);
      if (now <= tenth) return;
      tenth = now;
      process.stderr.write(
        `${label}: ${tenth * 10}% (${n(p.done)}/${n(p.total)} rows, ${p.table})\n`,
      );
    },
    stop: () => {},
  };
}
