import { createRoute, z } from "@hono/zod-openapi";
import { ROLES } from "../../core/policy.js";
import { adminOnly, errors, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { orgOf } from "../orgs/index.js";
import {
  addOrgUser,
  listOrgUsers,
  OrgUserCreate,
  OrgUserUpdate,
  removeOrgUser,
  updateOrgUser,
} from "./users.js";

/** An organization's accounts and their roles (admins only). */
export const userRoutes = router();

const OrgUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    personId: z.string().nullable(),
    isAdmin: z.boolean(),
    disabled: z.boolean(),
  })
  .openapi("OrgUser");
const UserParams = OrgParam.extend({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
});
const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const body = (schema: z.ZodType) => ({
  content: { "application/json": { schema } },
  required: true,
});

userRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/users",
    tags: ["Accounts"],
    summary: "The organization's accounts and their roles",
    request: { params: OrgParam },
    responses: { 200: json(z.array(OrgUserSchema), "Accounts"), ...errors, ...adminOnly },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await listOrgUsers(ctxOf(c), org.id), 200);
  },
);

userRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/orgs/{org}/users",
    tags: ["Accounts"],
    summary:
      "Give someone a role here, creating their account if needed (a generated password is returned once)",
    request: { params: OrgParam, body: body(OrgUserCreate) },
    responses: {
      201: json(
        z.object({ user: OrgUserSchema, password: z.string().nullable() }),
        "The account; `password` is set when one was generated",
      ),
      ...errors,
    },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await addOrgUser(ctxOf(c), org.id, await c.req.json()), 201);
  },
);

userRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/api/orgs/{org}/users/{id}",
    tags: ["Accounts"],
    summary: "Change someone's role or the person they are",
    request: { params: UserParams, body: body(OrgUserUpdate) },
    responses: { 200: json(OrgUserSchema, "The account"), ...errors },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(
      await updateOrgUser(ctxOf(c), org.id, c.req.param("id")!, await c.req.json()),
      200,
    );
  },
);

userRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/api/orgs/{org}/users/{id}",
    tags: ["Accounts"],
    summary: "Take someone's role here away (their account stays)",
    request: { params: UserParams },
    responses: { 204: { description: "Removed" }, ...errors },
  }),
  async (c) => {
    const org = await orgOf(c);
    await removeOrgUser(ctxOf(c), org.id, c.req.param("id")!);
    return c.body(null, 204);
  },
);
