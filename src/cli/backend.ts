import { AppError } from "../core/errors.js";
import { analysisOf, type listFindings } from "../features/alignment/alignment.js";
import { allOrgs, getOrg } from "../features/orgs/orgs.js";
import { type Ctx, makeCtx } from "../platform/context.js";
import { type Database, defaultDataDir, migrate, openDatabase } from "../platform/db/connect.js";
import { readLock } from "../platform/db/lock.js";

/**
 * Where a CLI command does its work. PGlite allows one process per data directory: when
 * an Accord server holds it, commands that can go through the server's HTTP API do so
 * (`remote`), and the others refuse with a clear message. Otherwise the command opens the
 * database itself (`local`), migrating it first.
 */
export type Backend = { kind: "local"; ctx: Ctx; database: Database } | Remote;

/** A running server, reached with the operator token it left in the lock file. */
export interface Remote {
  kind: "remote";
  url: string;
  token: string | null;
}

export async function withBackend<T>(
  work: (b: Backend) => Promise<T>,
  opts: { remoteOk: boolean; what: string },
): Promise<T> {
  // A server elsewhere: ACCORD_URL, with an API token (ACCORD_TOKEN) of the user to act as.
  const remoteUrl = process.env.ACCORD_URL;
  if (remoteUrl) {
    if (!opts.remoteOk) {
      throw new AppError(
        "validation_failed",
        `Cannot ${opts.what} through ACCORD_URL: this command works on the database itself. Unset ACCORD_URL and run it where the database is.`,
      );
    }
    return work({ kind: "remote", url: remoteUrl, token: process.env.ACCORD_TOKEN ?? null });
  }
  if (!process.env.DATABASE_URL) {
    const dataDir = defaultDataDir();
    const holder = readLock(dataDir);
    if (holder?.role === "server" && holder.url && opts.remoteOk) {
      process.stderr.write(
        `Using the running Accord server at ${holder.url} (pid ${holder.pid}).\n`,
      );
      return work({ kind: "remote", url: holder.url, token: holder.operatorToken ?? null });
    }
    if (holder) {
      throw new AppError(
        "database_busy",
        `Cannot ${opts.what}: ${dataDir} is in use by ${holder.role === "server" ? "an Accord server" : "another accord command"} (pid ${holder.pid}). The embedded database allows one process at a time; stop that process first.`,
        holder,
      );
    }
  }
  const database = await openDatabase({ role: "cli" });
  try {
    await migrate(database.db);
    return await work({ kind: "local", ctx: makeCtx(database.db, undefined, "cli"), database });
  } finally {
    await database.close();
  }
}

/** Calls the server's API; its error body becomes an AppError like a local call's. */
export async function api<T>(
  remote: Remote,
  path: string,
  init: RequestInit & { raw?: boolean } = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  if (remote.token) headers.set("authorization", `Bearer ${remote.token}`);
  const res = await fetch(new URL(path, remote.url), { ...init, headers });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code: string; message: string; details: unknown };
    } | null;
    const e = body?.error;
    throw new AppError(
      (e?.code as never) ?? "conflict",
      e?.message ?? `${res.status} ${res.statusText}`,
      e?.details ?? null,
    );
  }
  return (init.raw ? await res.text() : await res.json()) as T;
}

/** The organization a command works on: --org, $ACCORD_ORG, or the only one there is. */
export async function resolveOrgSlug(b: Backend, flag: string | undefined): Promise<string> {
  const wanted = flag ?? process.env.ACCORD_ORG;
  if (wanted) return wanted;
  const orgs =
    b.kind === "local" ? await allOrgs(b.ctx) : await api<{ slug: string }[]>(b, "/api/orgs");
  if (orgs.length === 1) return orgs[0].slug;
  if (orgs.length === 0) {
    throw new AppError(
      "not_found",
      "There is no organization yet: run `accord demo` or create one first.",
    );
  }
  throw new AppError(
    "validation_failed",
    `--org: there are ${orgs.length} organizations (${orgs.map((o) => o.slug).join(", ")}); say which one.`,
  );
}

export async function findingsVia(b: Backend, org: string) {
  if (b.kind === "remote") {
    const [findings, health] = await Promise.all([
      api<Awaited<ReturnType<typeof listFindings>>>(
        b,
        `/api/orgs/${encodeURIComponent(org)}/findings?limit=5000`,
      ),
      api<{ score: number; gaps: string[] }>(b, `/api/orgs/${encodeURIComponent(org)}/health`),
    ]);
    return { findings: findings.items, total: findings.total, health };
  }
  const o = await getOrg(b.ctx, org);
  const a = await analysisOf(b.ctx, o.id);
  return { findings: a.findings, total: a.findings.length, health: a.health.org };
}
