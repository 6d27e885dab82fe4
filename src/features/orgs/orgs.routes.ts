import { createRoute, z } from "@hono/zod-openapi";
import { errors, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { orgOf } from "./org-of.js";
import { allOrgs, createOrg, editOrg } from "./orgs.js";
import { OrganizationSchema, OrgCreate, OrgUpdate } from "./orgs.schemas.js";

export const orgRoutes = router();
const body = <S extends z.ZodType>(schema: S) => ({
  content: { "application/json": { schema } },
  required: true,
});
const out = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

orgRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs",
    tags: ["Organizations"],
    summary: "List organizations",
    responses: { 200: out(z.array(OrganizationSchema), "Organizations") },
  }),
  async (c) => c.json(await allOrgs(ctxOf(c)), 200),
);

orgRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/orgs",
    tags: ["Organizations"],
    summary: "Create an organization",
    request: { body: body(OrgCreate) },
    responses: { 201: out(OrganizationSchema, "The new organization"), ...errors },
  }),
  async (c) => c.json(await createOrg(ctxOf(c), c.req.valid("json")), 201),
);

orgRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}",
    tags: ["Organizations"],
    summary: "Read an organization (by slug or id)",
    request: { params: OrgParam },
    responses: { 200: out(OrganizationSchema, "The organization"), ...errors },
  }),
  async (c) => c.json(await orgOf(c), 200),
);

orgRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/api/orgs/{org}",
    tags: ["Organizations"],
    summary: "Change an organization's name or vision",
    request: { params: OrgParam, body: body(OrgUpdate) },
    responses: { 200: out(OrganizationSchema, "The organization"), ...errors },
  }),
  async (c) => c.json(await editOrg(ctxOf(c), await orgOf(c), c.req.valid("json")), 200),
);
