import { createRoute } from "@hono/zod-openapi";
import { errors, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { orgOf } from "../orgs/index.js";
import { changesSince } from "./changes.js";
import { ChangePageSchema, ChangesQuery } from "./changes.schemas.js";

export const changeRoutes = router();

changeRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/changes",
    tags: ["History"],
    summary: "The change feed: typed change events after a revision, oldest first",
    request: { params: OrgParam, query: ChangesQuery },
    responses: {
      200: {
        content: { "application/json": { schema: ChangePageSchema } },
        description: "Events after `since`",
      },
      ...errors,
    },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await changesSince(ctxOf(c), org.id, c.req.valid("query")), 200);
  },
);
