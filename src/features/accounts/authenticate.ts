import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { actingAs, makeCtx, type Principal } from "../../platform/context.js";
import type { Db } from "../../platform/db/schema.js";
import { DOCS_PUBLIC_PATHS } from "../../platform/http/docs.js";
import { errorBody } from "../../platform/http/errors.js";
import type { Env } from "../../platform/http/http.js";
import { principalFromSession, principalFromToken, SESSION_DAYS, sameSecret } from "./auth.js";

/**
 * Who is calling: an API token (`Authorization: Bearer acc_…`), the server's own operator
 * token (the CLI on the same data directory), or a session cookie. Cookie-authenticated
 * writes must carry the `X-Accord-Request` header (a cross-site form or script cannot set
 * it without a CORS preflight, which this server never grants) and, when the browser sends
 * an Origin, come from this server's own origin.
 */

export const SESSION_COOKIE = "accord_session";
/** The header the web app sends with every write; a cross-site page cannot. */
export const CSRF_HEADER = "x-accord-request";

const PUBLIC = new Set([
  "/api/status",
  "/api/openapi.json",
  ...DOCS_PUBLIC_PATHS,
  "/api/auth/session",
  "/api/auth/setup",
  "/api/auth/sign-in",
]);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface AuthOptions {
  db: Db;
  now?: () => Date;
  /** A secret that makes a caller the operator (system rights): given to the local CLI. */
  operatorToken?: string;
  /** When set, the first-run set-up asks for this code (printed on the server's console). */
  setupCode?: string;
}

export function authenticate(opts: AuthOptions): MiddlewareHandler<Env> {
  return async (c, next) => {
    const base = makeCtx(opts.db, opts.now, "anonymous", { kind: "anonymous" });
    let principal: Principal = { kind: "anonymous" };
    let actor: string | null = null;
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (bearer) {
      if (opts.operatorToken && sameSecret(bearer, opts.operatorToken)) {
        principal = { kind: "system" };
        actor = "cli";
      } else {
        const p = await principalFromToken(base, bearer);
        if (!p) {
          return c.json(
            errorBody(
              "unauthorized",
              "This API token is not valid, has expired or has been revoked.",
            ),
            401,
          );
        }
        principal = p;
      }
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) {
        const s = cookie.length <= 200 ? await principalFromSession(base, cookie) : null;
        if (s) {
          principal = s.principal;
          // The expiry slides: the browser's copy of the cookie must follow.
          if (s.renewed) setSessionCookie(c, cookie);
        } else deleteCookie(c, SESSION_COOKIE, { path: "/" });
      }
      if (principal.kind === "anonymous" && !PUBLIC.has(c.req.path)) {
        return c.json(errorBody("unauthorized", "Sign in first (or use an API token)."), 401);
      }
      if (!SAFE_METHODS.has(c.req.method) && !sameOriginRequest(c)) {
        return c.json(
          errorBody(
            "forbidden",
            `This write did not come from Accord's own pages: send the ${CSRF_HEADER} header from the same origin, or use an API token.`,
          ),
          403,
        );
      }
    }
    if (principal.kind === "user" && !principal.canWrite && !SAFE_METHODS.has(c.req.method)) {
      return c.json(errorBody("forbidden", "This API token is read-only."), 403);
    }
    if (principal.kind === "anonymous" && !PUBLIC.has(c.req.path)) {
      return c.json(errorBody("unauthorized", "Sign in first (or use an API token)."), 401);
    }
    const ctx = actingAs(base, principal);
    if (actor) ctx.actor = actor;
    c.set("ctx", ctx);
    if (opts.setupCode) c.set("setupCode", opts.setupCode);
    await next();
  };
}

/** A browser write from our own pages: the custom header, and a matching Origin if sent. */
function sameOriginRequest(c: Context): boolean {
  if (c.req.header(CSRF_HEADER) !== "1") return false;
  const origin = c.req.header("origin");
  if (!origin) return true;
  const url = new URL(c.req.url);
  // Behind a reverse proxy the browser's host arrives as X-Forwarded-Host.
  const host = c.req.header("x-forwarded-host") ?? c.req.header("host") ?? url.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function setSessionCookie(c: Context, secret: string) {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure:
      new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https",
    maxAge: SESSION_DAYS * 86_400,
  });
}

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: "/" });
export const sessionSecretOf = (c: Context) => getCookie(c, SESSION_COOKIE);
