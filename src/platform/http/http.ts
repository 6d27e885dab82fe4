import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Ctx } from "../context.js";
import { errorBody } from "./errors.js";
import { ErrorSchema } from "./schemas.js";

export type Env = {
  Variables: {
    ctx: Ctx;
    setupCode?: string;
    /** An import's progress, for a server built in process by the CLI (see buildServer). */
    onImportProgress?: (done: number, total: number) => void;
  };
};

const encodedJson = new WeakMap<object, Uint8Array>();

/**
 * A 200 JSON answer of a value that is kept and answered many times over unchanged (a
 * findings page of the live model, see alignment.ts): serialized once, not per request.
 * The value must not change after it was first answered.
 */
export function keptJson(c: Context, value: object): never {
  let body = encodedJson.get(value);
  if (!body) {
    body = new TextEncoder().encode(JSON.stringify(value));
    encodedJson.set(value, body);
  }
  // `never`: a typed route accepts it as the answer its schema documents (the value's type).
  return c.body(body as Uint8Array<ArrayBuffer>, 200, {
    "content-type": "application/json",
  }) as never;
}

const refusal = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema } },
  description,
});

/**
 * What any operation may answer before (or besides) its handler, from the middleware every
 * /api route passes (src/server/app.ts) and this router's own validation. A route lists
 * the answers of its own; these are added to its OpenAPI operation where it does not.
 */
function answersOfEveryRoute(route: RouteConfig): RouteConfig["responses"] {
  const write = !["get", "head", "options"].includes(route.method);
  const { request } = route;
  const validated = !!(request?.params || request?.query || request?.body || request?.headers);
  return {
    ...(validated && {
      400: refusal("Invalid input: the details name each invalid field"),
    }),
    // authenticate() refuses a token that is not valid, expired or revoked on every route,
    // and a caller without credentials on all but the public ones.
    401: refusal("Not signed in, or the API token is not valid, has expired or was revoked"),
    ...(write && {
      403: refusal(
        "Forbidden: your role may not do this, the API token is read-only, or a cookie-authenticated write came without the X-Accord-Request header",
      ),
    }),
    // bodyLimit(): 1 MB for JSON, 256 MB for imports (server/app.ts).
    ...(request?.body && { 413: refusal("The request body is too large") }),
    // The body validator refuses a body that is not sent as JSON.
    ...(request?.body && { 415: refusal("The body is not sent as JSON (Content-Type)") }),
  };
}

/**
 * A router whose request validation failures have the API's error shape, and whose
 * OpenAPI operations list the answers every route may give (answersOfEveryRoute).
 */
export const router = () => {
  const r = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({
        path: i.path.map(String).join("."),
        message: i.message,
      }));
      const first = issues[0];
      return c.json(
        errorBody(
          "validation_failed",
          first ? `${first.path || "input"}: ${first.message}` : "Invalid input.",
          { issues, target: result.target },
        ),
        400,
      );
    },
  });
  const register = r.openAPIRegistry.registerPath.bind(r.openAPIRegistry);
  r.openAPIRegistry.registerPath = (route) =>
    register({ ...route, responses: { ...answersOfEveryRoute(route), ...route.responses } });
  return r;
};

export const ctxOf = (c: Context<Env>) => c.get("ctx");
