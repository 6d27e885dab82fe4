import { createRoute, z } from "@hono/zod-openapi";
import { RULES } from "../../core/findings.js";
import { errors, IdParams, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, keptJson, router } from "../../platform/http/http.js";
import { orgOf } from "../orgs/index.js";
import {
  CascadeQuery,
  cascadeOf,
  FindingsQuery,
  HeatmapQuery,
  healthOf,
  heatmapOf,
  listFindings,
} from "./alignment.js";
import { CascadeSchema, FindingSchema, HealthSchema, HeatmapSchema } from "./alignment.schemas.js";

export const alignmentRoutes = router();
const ok = (schema: z.ZodType, description: string) => ({
  200: { content: { "application/json": { schema } }, description },
  ...errors,
});

alignmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/findings",
    tags: ["Alignment"],
    summary:
      "Alignment findings: what is orphaned, unowned, stale, at risk, overloaded or unmeasured",
    request: { params: OrgParam, query: FindingsQuery },
    responses: ok(
      z
        .object({
          items: z.array(FindingSchema),
          total: z.number(),
          limit: z.number(),
          offset: z.number(),
          counts: z.object({ error: z.number(), warning: z.number(), info: z.number() }),
        })
        .openapi("FindingPage"),
      "Findings, errors first",
    ),
  }),
  async (c) => {
    const org = await orgOf(c);
    return keptJson(c, await listFindings(ctxOf(c), org.id, c.req.valid("query")));
  },
);

alignmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/rules",
    tags: ["Alignment"],
    summary: "The rules behind findings, with their stable ids",
    responses: ok(
      z.array(
        z.object({
          id: z.string(),
          severity: z.string(),
          title: z.string(),
          description: z.string(),
        }),
      ),
      "Rules",
    ),
  }),
  (c) => c.json([...RULES], 200),
);

alignmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/health",
    tags: ["Alignment"],
    summary: "Alignment health of the organization (0–100) and the gaps that pull it down",
    request: { params: OrgParam },
    responses: ok(HealthSchema, "Health"),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await healthOf(ctxOf(c), org.id), 200);
  },
);

alignmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/units/{id}/health",
    tags: ["Alignment"],
    summary: "Alignment health of a unit and its sub-units",
    request: { params: IdParams },
    responses: ok(HealthSchema, "Health"),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await healthOf(ctxOf(c), org.id, c.req.param("id")), 200);
  },
);

alignmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/units/{id}/cascade",
    tags: ["Alignment"],
    summary:
      "A unit's goals in priority order, with what contributes to them and rolled-up progress",
    request: {
      params: IdParams,
      query: CascadeQuery,
    },
    responses: ok(CascadeSchema, "Cascade"),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await cascadeOf(ctxOf(c), org.id, c.req.param("id")!, c.req.valid("query")), 200);
  },
);

alignmentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/heatmap",
    tags: ["Alignment"],
    summary: "Units × strategic objectives: how much of each unit's work flows to each objective",
    request: { params: OrgParam, query: HeatmapQuery },
    responses: ok(HeatmapSchema, "Heatmap"),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await heatmapOf(ctxOf(c), org.id, c.req.valid("query")), 200);
  },
);
