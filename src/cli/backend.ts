import { randomBytes } from "node:crypto";
import createClient, { type Client } from "openapi-fetch";
import { AppError } from "../core/errors.js";
import type { Ctx } from "../platform/context.js";
import { readLock } from "../platform/db/lock.js";
// biome-ignore lint/style/noRestrictedImports: only the generated API types (no web code), shared with the web client.
import type { paths } from "../web/api/schema.gen.js";

/**
 * Where a CLI command does its work. A command that has HTTP routes gets one typed client
 * of the API (`withApi`) and calls the routes, wherever the server is:
 *
 * - ACCORD_URL: a server elsewhere, as the user of the API token in ACCORD_TOKEN;
 * - a running local server that holds the embedded database (PGlite allows one process per
 *   data directory), found through its lock file, with the operator token it left there;
 * - otherwise the command opens the database itself (migrating it first) and the client
 *   calls the same server built in this process, as the operator.
 *
 * A command without routes works on the database itself (`withDatabase`) and refuses with
 * a clear message when the database is elsewhere.
 */
export type Api = Client<paths>;

/** Called as an import writes rows (only when the server runs in this process). */
export type ImportProgress = (done: number, total: number) => void;

export interface ApiOptions {
  /** For messages: "import org", "check"… */
  what: string;
  /** Progress of an import, when the import runs in this process (a remote one says nothing). */
  onImportProgress?: ImportProgress;
}

export async function withApi<T>(opts: ApiOptions, work: (api: Api) => Promise<T>): Promise<T> {
  const remote = await serverElsewhere(opts.what, true);
  if (remote) return work(client(remote.url, remote.token));
  return withLocalDatabase(async (db) => {
    // Imported here, not at the top: the server mounts every feature, whose commands import this.
    const { buildServer } = await import("../server/app.js");
    const operatorToken = `op_${randomBytes(32).toString("base64url")}`;
    const app = buildServer(db, { operatorToken, onImportProgress: opts.onImportProgress });
    return work(client(IN_PROCESS, operatorToken, async (request) => app.fetch(request)));
  });
}

/** For commands without routes: the database itself, as the operator. */
export async function withDatabase<T>(what: string, work: (ctx: Ctx) => Promise<T>): Promise<T> {
  await serverElsewhere(what, false);
  const { makeCtx } = await import("../platform/context.js");
  return withLocalDatabase((db) => work(makeCtx(db, undefined, "cli")));
}

/** The base URL of the server built in this process: requests never leave it. */
const IN_PROCESS = "http://accord.in-process";

function client(
  baseUrl: string,
  token: string | null,
  fetch?: (request: Request) => Promise<Response>,
): Api {
  return createClient<paths>({
    baseUrl,
    fetch,
    headers: token ? { authorization: `Bearer ${token}` } : undefined,
  });
}

/**
 * The server to go through, when the database is not this process's to open: ACCORD_URL,
 * or a local server holding the embedded database. Throws when the command cannot go
 * through a server (`remoteOk` false) or the data directory is busy.
 */
async function serverElsewhere(
  what: string,
  remoteOk: boolean,
): Promise<{ url: string; token: string | null } | null> {
  // A server elsewhere: ACCORD_URL, with an API token (ACCORD_TOKEN) of the user to act as.
  const remoteUrl = process.env.ACCORD_URL;
  if (remoteUrl) {
    if (!remoteOk) {
      throw new AppError(
        "validation_failed",
        `Cannot ${what} through ACCORD_URL: this command works on the database itself. Unset ACCORD_URL and run it where the database is.`,
      );
    }
    return { url: remoteUrl, token: process.env.ACCORD_TOKEN ?? null };
  }
  if (process.env.DATABASE_URL) return null;
  const { defaultDataDir } = await import("../platform/db/connect.js");
  const dataDir = defaultDataDir();
  const holder = readLock(dataDir);
  if (holder?.role === "server" && holder.url && remoteOk) {
    process.stderr.write(`Using the running Accord server at ${holder.url} (pid ${holder.pid}).\n`);
    return { url: holder.url, token: holder.operatorToken ?? null };
  }
  if (holder) {
    throw new AppError(
      "database_busy",
      `Cannot ${what}: ${dataDir} is in use by ${holder.role === "server" ? "an Accord server" : "another accord command"} (pid ${holder.pid}). The embedded database allows one process at a time; stop that process first.`,
      holder,
    );
  }
  return null;
}

async function withLocalDatabase<T>(work: (db: Ctx["db"]) => Promise<T>): Promise<T> {
  // The database modules load on use, not at start: `accord --help` needs none of them.
  const { migrate, openDatabase } = await import("../platform/db/connect.js");
  const database = await openDatabase({ role: "cli" });
  try {
    await migrate(database.db);
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/**
 * The data of an API answer; an error answer (`{error:{code,message,details}}`) becomes
 * the AppError the route threw, so the CLI prints the same message wherever the server is.
 */
export async function ok<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const e = (error as { error?: { code: string; message: string; details: unknown } } | null)
    ?.error;
  throw new AppError(
    (e?.code as never) ?? "conflict",
    e?.message ?? `${response.status} ${response.statusText}`,
    e?.details ?? null,
  );
}

/** The organization a command works on: --org, $ACCORD_ORG, or the only one there is. */
export async function resolveOrgSlug(api: Api, flag: string | undefined): Promise<string> {
  return pickOrgSlug(flag, () => ok(api.GET("/api/orgs")));
}

/** `resolveOrgSlug` for commands that work on the database itself. */
export async function pickOrgSlug(
  flag: string | undefined,
  orgs: () => Promise<{ slug: string }[]>,
): Promise<string> {
  const wanted = flag ?? process.env.ACCORD_ORG;
  if (wanted) return wanted;
  const list = await orgs();
  if (list.length === 1) return list[0].slug;
  if (list.length === 0) {
    throw new AppError(
      "not_found",
      "There is no organization yet: run `accord demo` or create one first.",
    );
  }
  throw new AppError(
    "validation_failed",
    `--org: there are ${list.length} organizations (${list.map((o) => o.slug).join(", ")}); say which one.`,
  );
}
