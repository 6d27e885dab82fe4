import { createRoute, z } from "@hono/zod-openapi";
import { ROLES } from "../../core/policy.js";
import { errors, IdParams, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { getNode } from "../goals/index.js";
import { orgOf } from "../orgs/index.js";
import { myAccess, nodeAccess } from "./access.js";

/** What the caller may do: the web app shows only the actions a role may take. */
export const accessRoutes = router();

const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

accessRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/access",
    tags: ["Accounts"],
    summary: "Your role here, the person you are, the units you lead and what you may do",
    request: { params: OrgParam },
    responses: {
      200: json(
        z
          .object({
            role: z.enum(ROLES),
            personId: z.string().nullable(),
            canWrite: z.boolean(),
            ledUnitIds: z.array(z.string()),
            may: z.object({ administer: z.boolean(), proposeGoals: z.boolean() }),
          })
          .openapi("Access"),
        "Your access",
      ),
      ...errors,
    },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await myAccess(ctxOf(c), org.id), 200);
  },
);

accessRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/nodes/{id}/access",
    tags: ["Accounts"],
    summary: "May you edit this item, check in on it, link it or delete it?",
    request: { params: IdParams },
    responses: {
      200: json(
        z.object({ edit: z.boolean(), reason: z.string().nullable() }).openapi("NodeAccess"),
        "Your access to the item",
      ),
      ...errors,
    },
  }),
  async (c) => {
    const ctx = ctxOf(c);
    const org = await orgOf(c);
    const node = await getNode(ctx, org.id, c.req.param("id")!);
    return c.json(await nodeAccess(ctx, org.id, node), 200);
  },
);
