import { createRoute, z } from "@hono/zod-openapi";
import { errors, IdParams } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { page } from "../../platform/http/schemas.js";
import { PageQuery } from "../../platform/schemas.js";
import { modelAfter } from "../alignment/index.js";
import { orgOf } from "../orgs/index.js";
import { createCheckin, deleteCheckin, listCheckins } from "./checkins.js";
import { CheckinCreate, CheckinSchema } from "./checkins.schemas.js";

export const checkinRoutes = router();

checkinRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/nodes/{id}/checkins",
    tags: ["Check-ins"],
    summary: "A node's check-ins, newest first",
    request: { params: IdParams, query: PageQuery },
    responses: {
      200: {
        content: { "application/json": { schema: page(CheckinSchema, "CheckinPage") } },
        description: "Check-ins",
      },
      ...errors,
    },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(
      await listCheckins(ctxOf(c), org.id, c.req.param("id")!, c.req.valid("query")),
      200,
    );
  },
);

const CheckinResult = z
  .object({ checkin: CheckinSchema, progress: z.number().nullable() })
  .openapi("CheckinResult");

checkinRoutes.openapi(
  createRoute({
    method: "post",
    path: "/api/orgs/{org}/nodes/{id}/checkins",
    tags: ["Check-ins"],
    summary: "Check in on a node: value, confidence, note",
    request: {
      params: IdParams,
      body: { content: { "application/json": { schema: CheckinCreate } }, required: true },
    },
    responses: {
      201: {
        content: { "application/json": { schema: CheckinResult } },
        description: "The check-in and the node's new progress",
      },
      ...errors,
    },
  }),
  async (c) => {
    const ctx = ctxOf(c);
    const org = await orgOf(c);
    const nodeId = c.req.param("id")!;
    const { checkin, revision } = await createCheckin(ctx, org.id, nodeId, c.req.valid("json"));
    const a = await modelAfter(ctx, org.id, revision);
    return c.json({ checkin, progress: a.progressOf(nodeId) }, 201);
  },
);

checkinRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/api/orgs/{org}/checkins/{id}",
    tags: ["Check-ins"],
    summary: "Delete a check-in (the node falls back to the latest one left)",
    request: { params: IdParams },
    responses: { 204: { description: "Deleted" }, ...errors },
  }),
  async (c) => {
    const org = await orgOf(c);
    await deleteCheckin(ctxOf(c), org.id, c.req.param("id")!);
    return c.body(null, 204);
  },
);
