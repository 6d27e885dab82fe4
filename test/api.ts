import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../src/platform/db/schema.js";
import { buildServer } from "../src/server/app.js";

/**
 * A small client over the in-process server: real routes, real database, no sockets. By
 * default it calls as the operator (the server's own CLI channel, which may do everything);
 * `as(...)` gives a client that calls with an API token or a session cookie instead.
 */
export function apiClient(db: Kysely<DB>, now = () => new Date()) {
  const operatorToken = `op_${randomBytes(16).toString("hex")}`;
  const app = buildServer(db, { now, operatorToken });
  return clientFor(app, { authorization: `Bearer ${operatorToken}` });
}

export type Api = ReturnType<typeof clientFor>;

function clientFor(app: ReturnType<typeof buildServer>, defaults: Record<string, string>) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const init: RequestInit = { method, headers: { ...defaults, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??=
        typeof body === "string" ? "text/csv" : "application/json";
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    // biome-ignore lint/suspicious/noExplicitAny: test convenience
    return { status: res.status, body: json as any, text, headers: res.headers };
  };
  return {
    app,
    /** The credentials this client sends (e.g. the operator's Authorization header). */
    auth: defaults,
    /** The same server, called with other credentials (e.g. a token, or a cookie + CSRF header). */
    as: (headers: Record<string, string>) => clientFor(app, headers),
    get: (p: string, h?: Record<string, string>) => call("GET", p, undefined, h),
    post: (p: string, b?: unknown, h?: Record<string, string>) => call("POST", p, b ?? {}, h),
    patch: (p: string, b: unknown, h?: Record<string, string>) => call("PATCH", p, b, h),
    /**
     * Reads the item, then updates it at the version it read, as a client that has just
     * shown it to someone does (a PATCH needs a version). Without read access the update
     * goes out without one and meets the same refusal a real client would.
     */
    edit: async (p: string, b: Record<string, unknown>, h?: Record<string, string>) => {
      const current = await call("GET", p, undefined, h);
      const version = current.status === 200 ? current.body?.version : undefined;
      return call("PATCH", p, version === undefined ? b : { version, ...b }, h);
    },
    del: (p: string, h?: Record<string, string>) => call("DELETE", p, undefined, h),
  };
}
