import type { Context } from "hono";
import { ctxOf, type Env } from "../../platform/http/http.js";
import { type Organization, openOrg } from "./orgs.js";

/**
 * The organization named in the route's `{org}` path parameter, or a 404. A function
 * declaration, not a const: routes hand it over while their modules load, and a hoisted
 * function is ready even when the feature modules import each other in a cycle.
 */
export function orgOf(c: Context<Env>): Promise<Organization> {
  return openOrg(ctxOf(c), c.req.param("org")!);
}
