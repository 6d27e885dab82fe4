import type { Context } from "hono";
import { ctxOf, type Env } from "../../platform/http/http.js";
import { type Organization, openOrg } from "./orgs.js";

/** The organization named in the route's `{org}` path parameter, or a 404. */
export const orgOf = (c: Context<Env>): Promise<Organization> =>
  openOrg(ctxOf(c), c.req.param("org")!);
