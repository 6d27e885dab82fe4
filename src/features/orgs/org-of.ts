import type { Context } from "hono";
import { ctxOf, type Env } from "../../platform/http/http.js";
import { type Organization, openOrg, rememberRevision } from "./orgs.js";

/**
 * The organization named in the route's `{org}` path parameter, or a 404. A function
 * declaration, not a const: routes hand it over while their modules load, and a hoisted
 * function is ready even when the feature modules import each other in a cycle.
 */
export async function orgOf(c: Context<Env>): Promise<Organization> {
  const ctx = ctxOf(c);
  const org = await openOrg(ctx, c.req.param("org")!);
  // A read writes nothing: the revision read with the organization is the one its model
  // must reach (revisionFor), one round trip fewer on PostgreSQL. A request that writes
  // reads the revision again after its write.
  if (c.req.method === "GET" || c.req.method === "HEAD") rememberRevision(ctx, org);
  return org;
}
