import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AppError, invalid } from "../../core/errors.js";
import type { Ctx } from "../context.js";
import type { Page } from "../db/entity.repo.js";
import { ctxOf, type Env, router } from "./http.js";
import { ErrorSchema } from "./schemas.js";

export interface CrudSpec<T> {
  /** Path segment under /api/orgs/{org}/, e.g. "units". */
  path: string;
  tag: string;
  /** Singular name for summaries, e.g. "unit". */
  name: string;
  item: z.ZodType;
  page: z.ZodType;
  listQuery: z.ZodObject;
  createBody: z.ZodType;
  updateBody: z.ZodType;
  list(ctx: Ctx, orgId: string, query: unknown): Promise<Page<T>>;
  get(ctx: Ctx, orgId: string, id: string): Promise<T>;
  create(ctx: Ctx, orgId: string, body: unknown): Promise<T>;
  update(ctx: Ctx, orgId: string, id: string, body: unknown): Promise<T>;
  remove(ctx: Ctx, orgId: string, id: string): Promise<void>;
  /** The organization the `{org}` path parameter names (the orgs feature's `orgOf`). */
  orgOf(c: Context<Env>): Promise<{ id: string }>;
  /** Shapes records for the response (e.g. adds computed fields); identity by default. */
  present?(ctx: Ctx, orgId: string, items: T[]): Promise<unknown[]>;
}

export const OrgParam = z.object({
  org: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "org", in: "path" }, example: "stride" }),
});
export const IdParams = OrgParam.extend({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
});

const json = (schema: z.ZodType, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
export const errors = {
  400: json(ErrorSchema, "Invalid input: the details name each invalid field"),
  404: json(ErrorSchema, "Not found"),
  409: json(ErrorSchema, "Conflict: a loop (with its path), a duplicate or a stale version"),
};
/** For reads only an organization's admins may make (writes may all answer 403: see router). */
export const adminOnly = {
  403: json(ErrorSchema, "Forbidden: only an admin of the organization may read this"),
};

/**
 * The version a PATCH is based on, from the body's `version` or the `If-Match` header
 * (`"3"` or `W/"3"`, as the ETag of a GET gives it). Without one the update is refused:
 * it could silently overwrite someone else's change.
 */
export function versionOf(bodyVersion: unknown, ifMatch: string | undefined, path: string) {
  let fromHeader: number | undefined;
  if (ifMatch !== undefined) {
    const raw = ifMatch.trim();
    if (raw === "*") {
      throw invalid(
        "If-Match",
        '"*" is not accepted for PATCH: send the version you read, e.g. If-Match: "3".',
      );
    }
    const m = /^(?:W\/)?"?(\d{1,15})"?$/.exec(raw);
    if (!m || Number(m[1]) < 1) {
      throw invalid(
        "If-Match",
        `"${raw.slice(0, 40)}" is not a version: send the ETag you read, e.g. If-Match: "3".`,
      );
    }
    fromHeader = Number(m[1]);
  }
  if (bodyVersion !== undefined && fromHeader !== undefined && bodyVersion !== fromHeader) {
    throw invalid(
      "version",
      `the body says ${String(bodyVersion)} but If-Match says ${fromHeader}: send one.`,
    );
  }
  const version = bodyVersion ?? fromHeader;
  if (version === undefined) {
    throw new AppError(
      "precondition_required",
      `version: say which version you are changing — send "version" in the body (the one a GET of ${path} gave you) or the header If-Match: "<version>" (its ETag). Without it, your update could overwrite a change you have not seen.`,
      { issues: [{ path: "version", message: "required: the version you read" }] },
    );
  }
  return version;
}

/**
 * The five routes every entity has: list (paged), create, read, update (PATCH, with an
 * optional version or If-Match for optimistic concurrency) and delete.
 */
export function crudRoutes<T extends { version?: number }>(spec: CrudSpec<T>) {
  const r = router();
  const base = `/api/orgs/{org}/${spec.path}`;
  const present = async (ctx: Ctx, orgId: string, items: T[]) =>
    spec.present ? spec.present(ctx, orgId, items) : items;

  r.openapi(
    createRoute({
      method: "get",
      path: base,
      tags: [spec.tag],
      summary: `List ${spec.path}`,
      request: { params: OrgParam, query: spec.listQuery },
      responses: { 200: json(spec.page, `A page of ${spec.path}`), ...errors },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const org = await spec.orgOf(c);
      const result = await spec.list(ctx, org.id, c.req.valid("query"));
      return c.json({ ...result, items: await present(ctx, org.id, result.items) }, 200);
    },
  );

  r.openapi(
    createRoute({
      method: "post",
      path: base,
      tags: [spec.tag],
      summary: `Create a ${spec.name}`,
      request: {
        params: OrgParam,
        body: { content: { "application/json": { schema: spec.createBody } }, required: true },
      },
      responses: { 201: json(spec.item, `The new ${spec.name}`), ...errors },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const org = await spec.orgOf(c);
      const created = await spec.create(ctx, org.id, c.req.valid("json"));
      const [shaped] = await present(ctx, org.id, [created]);
      return c.json(shaped, 201);
    },
  );

  r.openapi(
    createRoute({
      method: "get",
      path: `${base}/{id}`,
      tags: [spec.tag],
      summary: `Read a ${spec.name}`,
      request: { params: IdParams },
      responses: { 200: json(spec.item, `The ${spec.name}`), ...errors },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const org = await spec.orgOf(c);
      const item = await spec.get(ctx, org.id, c.req.param("id")!);
      if (item.version !== undefined) c.header("ETag", `"${item.version}"`);
      const [shaped] = await present(ctx, org.id, [item]);
      return c.json(shaped, 200);
    },
  );

  r.openapi(
    createRoute({
      method: "patch",
      path: `${base}/{id}`,
      tags: [spec.tag],
      summary: `Update a ${spec.name}`,
      description:
        'Send the `version` you read (in the body, or as `If-Match: "3"`, the ETag of the GET): an update that would overwrite a change you have not seen is refused with 409, one without a version with 428. An update that changes nothing changes nothing (same version, no history entry).',
      request: {
        params: IdParams,
        body: { content: { "application/json": { schema: spec.updateBody } }, required: true },
      },
      responses: {
        200: json(spec.item, `The updated ${spec.name}`),
        ...errors,
        428: json(ErrorSchema, "No version: send the version you read, in the body or as If-Match"),
      },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const org = await spec.orgOf(c);
      const body = { ...(c.req.valid("json") as Record<string, unknown>) };
      body.version = versionOf(body.version, c.req.header("if-match"), `${base}/{id}`);
      const updated = await spec.update(ctx, org.id, c.req.param("id")!, body);
      if (updated.version !== undefined) c.header("ETag", `"${updated.version}"`);
      const [shaped] = await present(ctx, org.id, [updated]);
      return c.json(shaped, 200);
    },
  );

  r.openapi(
    createRoute({
      method: "delete",
      path: `${base}/{id}`,
      tags: [spec.tag],
      summary: `Delete a ${spec.name}`,
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" }, ...errors },
    }),
    async (c) => {
      const org = await spec.orgOf(c);
      await spec.remove(ctxOf(c), org.id, c.req.param("id")!);
      return c.body(null, 204);
    },
  );

  return r;
}
