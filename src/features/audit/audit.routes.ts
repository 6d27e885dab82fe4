import { createRoute, z } from "@hono/zod-openapi";
import { stream } from "hono/streaming";
import { adminOnly, errors, IdParams, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { PageQuery } from "../../platform/schemas.js";
import { orgOf } from "../orgs/index.js";
import { fullHistory, historyOf, verifyHistory } from "./audit.js";

export const auditRoutes = router();

const Entry = z
  .object({
    seq: z.number(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEntry");
const EntryPage = z
  .object({ items: z.array(Entry), total: z.number(), limit: z.number(), offset: z.number() })
  .openapi("AuditEntryPage");
const ok = (schema: z.ZodType, description: string) => ({
  200: { content: { "application/json": { schema } }, description },
  ...errors,
});

auditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/nodes/{id}/history",
    tags: ["History"],
    summary: "A node's change history, newest first: who, when, what, before and after",
    request: { params: IdParams, query: PageQuery },
    responses: ok(EntryPage, "History"),
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await historyOf(ctxOf(c), org.id, c.req.valid("query"), c.req.param("id")), 200);
  },
);

auditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/history",
    tags: ["History"],
    summary: "The organization's change history, newest first",
    request: { params: OrgParam, query: PageQuery },
    responses: { ...ok(EntryPage, "History"), ...adminOnly },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await historyOf(ctxOf(c), org.id, c.req.valid("query")), 200);
  },
);

auditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/history/verify",
    tags: ["History"],
    summary: "Check the history's hash chain: any edited, removed or reordered entry is found",
    request: { params: OrgParam },
    responses: {
      ...ok(
        z
          .object({
            ok: z.boolean(),
            entries: z.number(),
            seq: z.number().optional(),
            reason: z.string().optional(),
          })
          .openapi("ChainCheck"),
        "Result",
      ),
      ...adminOnly,
    },
  }),
  async (c) => {
    const org = await orgOf(c);
    return c.json(await verifyHistory(ctxOf(c), org.id), 200);
  },
);

auditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/history/export",
    tags: ["History"],
    summary: "The whole change history in order, one JSON entry per line (NDJSON)",
    request: { params: OrgParam },
    responses: {
      200: { content: { "application/x-ndjson": { schema: z.string() } }, description: "NDJSON" },
      ...errors,
      ...adminOnly,
    },
  }),
  async (c) => {
    const org = await orgOf(c);
    const entries = await fullHistory(ctxOf(c), org.id);
    c.header("Content-Type", "application/x-ndjson");
    c.header("Content-Disposition", `attachment; filename="${org.slug}-history.ndjson"`);
    // A streamed body: the typed-response helper only knows JSON and text bodies.
    return stream(c, async (s) => {
      for await (const e of entries) await s.write(`${JSON.stringify(e)}\n`);
    }) as never;
  },
);
