import { createRoute, z } from "@hono/zod-openapi";
import { errors, IdParams, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { EdgeSchema } from "../edges/index.js";
import { linksOf, NodeSchema } from "../goals/index.js";
import { orgOf } from "../orgs/index.js";
import { TrendsQuery, trendsOf, workOf } from "./mywork.js";

export const workRoutes = router();
const ok = (schema: z.ZodType, description: string) => ({
  200: { content: { "application/json": { schema } }, description },
  ...errors,
});

const LinkedNode = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.string(),
  ownerUnitId: z.string().nullable(),
  ownerPersonId: z.string().nullable(),
  confidence: z.number().nullable(),
  progress: z.number().nullable(),
});
const Link = z.object({ edge: EdgeSchema, node: LinkedNode }).openapi("Link");

workRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/nodes/{id}/links",
    tags: ["Nodes"],
    summary:
      "What a node contributes to, what contributes to it, what it depends on and what depends on it",
    request: { params: IdParams },
    responses: ok(
      z
        .object({
          contributesTo: z.array(Link),
          contributors: z.array(Link),
          dependsOn: z.array(Link),
          dependedOnBy: z.array(Link),
        })
        .openapi("Links"),
      "Links",
    ),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await linksOf(ctxOf(c), org.id, c.req.param("id")!), 200);
  },
);

workRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/people/{id}/work",
    tags: ["People"],
    summary: "What a person owes: their goals, check-ins due, requests waiting for their answer",
    request: { params: IdParams },
    responses: ok(
      z
        .object({
          person: z.object({ id: z.string(), name: z.string(), title: z.string() }),
          checkinsDue: z.number(),
          goals: z.array(
            z.object({
              node: NodeSchema,
              via: z.enum(["owner", "unit leader"]),
              checkinDueAt: z.string().nullable(),
              overdue: z.boolean(),
              dueSoon: z.boolean(),
            }),
          ),
          requests: z.array(
            z.object({
              edgeId: z.string(),
              from: z.object({ id: z.string(), title: z.string() }),
              to: z.object({ id: z.string(), title: z.string() }),
              waitingSince: z.string(),
            }),
          ),
        })
        .openapi("Work"),
      "Work",
    ),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await workOf(ctxOf(c), org.id, c.req.param("id")!), 200);
  },
);

workRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/trends",
    tags: ["Alignment"],
    summary: "Weekly progress and confidence from check-in history",
    request: { params: OrgParam, query: TrendsQuery },
    responses: ok(
      z
        .object({
          weeks: z.array(
            z.object({
              week: z.string(),
              progress: z.number().nullable(),
              confidence: z.number().nullable(),
              checkins: z.number(),
            }),
          ),
        })
        .openapi("Trends"),
      "Trends",
    ),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await trendsOf(ctxOf(c), org.id, c.req.valid("query")), 200);
  },
);
