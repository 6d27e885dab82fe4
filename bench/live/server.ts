/**
 * The server under test: `accord serve` in a child process on a free loopback port, as the
 * start script runs it (the ahead-of-time build in dist/ when there is one, else through
 * tsx), with ACCORD_ENGINE set. Its output goes to a log file, shown when it fails.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");

let command: { args: string[]; description: string } | null = null;

/**
 * The command that starts the server, as `npm start` does: the ahead-of-time build in
 * dist/server (brought up to date first with `scripts/build.mjs --if-needed --server` when
 * that script exists), else the sources through tsx.
 */
export function serverCommand(): { args: string[]; description: string } {
  if (command) return command;
  const script = path.join(root, "scripts", "build.mjs");
  let built = false;
  if (fs.existsSync(script)) {
    const r = spawnSync(process.execPath, [script, "--if-needed", "--server"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
    built = r.status === 0;
    if (!built)
      process.stderr.write(`bench:live: ${script} failed; running the sources\n${r.stderr}`);
  }
  for (const main of ["dist/server/main.js", "dist/cli/main.js"]) {
    if ((built || !fs.existsSync(script)) && fs.existsSync(path.join(root, main))) {
      command = { args: ["--enable-source-maps", main], description: `node ${main}` };
      return command;
    }
  }
  command = { args: ["--import", "tsx", "src/cli/main.ts"], description: "tsx src/cli/main.ts" };
  return command;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Servers still running: stopped when the benchmark is interrupted. */
const running = new Set<ChildProcess>();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill("SIGTERM");
    process.exit(130);
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  logFile: string;
  /** Set once the process has exited. */
  exited: () => { code: number | null; signal: string | null } | null;
  /** The last lines of its output. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

export async function startServer(opts: {
  env: Record<string, string | undefined>;
  logFile: string;
}): Promise<RunningServer> {
  const port = await freePort();
  const out = fs.openSync(opts.logFile, "w");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) {
    if (v !== undefined) env[k] = v;
  }
  const { args } = serverCommand();
  const child = spawn(
    process.execPath,
    [
      // BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. --cpu-prof to profile it).
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
      ...args,
      "serve",
      "--no-demo",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    { cwd: root, env, stdio: ["ignore", out, out] },
  );
  fs.closeSync(out);
  running.add(child);
  let exit: { code: number | null; signal: string | null } | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      exit = { code, signal };
      resolve();
    }),
  );
  const tail = (lines = 30) => {
    try {
      return fs.readFileSync(opts.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    logFile: opts.logFile,
    exited: () => exit,
    tail,
    stop: async () => {
      if (exit) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
