import { createRoute, z } from "@hono/zod-openapi";
import { readBodyText } from "../../platform/http/body.js";
import { errors, OrgParam } from "../../platform/http/crud.js";
import { ctxOf, router } from "../../platform/http/http.js";
import { bundleToCsv, CSV_TABLES, exportBundle } from "../export/index.js";
import { orgOf } from "../orgs/index.js";
import { importGoalsCsv } from "./goals-csv.js";
import { importOrgCsv } from "./org-csv.js";

export const transferRoutes = router();

const ImportQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .openapi({ description: "Validate and preview only; write nothing." }),
});

const ImportReportSchema = z
  .object({
    kind: z.enum(["org", "goals"]),
    dryRun: z.boolean(),
    rows: z.number(),
    issues: z.array(
      z.object({ line: z.number(), field: z.string().nullable(), message: z.string() }),
    ),
    created: z.record(z.string(), z.number()),
    updated: z.record(z.string(), z.number()),
    preview: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi("ImportReport");

for (const [what, run, summary] of [
  ["org", importOrgCsv, "Import an org chart CSV (people, managers, units, titles)"],
  ["goals", importGoalsCsv, "Import goals from CSV (objectives, key results, goals, with parents)"],
] as const) {
  transferRoutes.openapi(
    createRoute({
      method: "post",
      path: `/api/orgs/{org}/import/${what}`,
      tags: ["Import and export"],
      summary,
      description:
        "Send the CSV file as the body (text/csv). Every bad line is reported with its number and reason; when any line is bad nothing is written (400 import_failed).",
      request: {
        params: OrgParam,
        query: ImportQuery,
        body: { content: { "text/csv": { schema: z.string() } }, required: true },
      },
      responses: {
        200: {
          content: { "application/json": { schema: ImportReportSchema } },
          description: "What was (or, with dryRun, would be) written",
        },
        ...errors,
      },
    }),
    async (c) => {
      const org = await orgOf(c);
      const dryRun = ["true", "1"].includes(c.req.query("dryRun") ?? "");
      const onProgress = c.get("onImportProgress");
      return c.json(
        await run(ctxOf(c), org.id, await readBodyText(c.req.raw), {
          dryRun,
          onProgress,
        }),
        200,
      );
    },
  );
}

transferRoutes.openapi(
  createRoute({
    method: "get",
    path: "/api/orgs/{org}/export",
    tags: ["Import and export"],
    summary: "Export the organization: everything as JSON, or one table as CSV",
    request: {
      params: OrgParam,
      query: z.object({
        format: z.enum(["json", "csv"]).default("json"),
        table: z.enum(CSV_TABLES).default("goals").openapi({ description: "For CSV: which table" }),
      }),
    },
    responses: {
      200: {
        content: {
          "application/json": { schema: z.record(z.string(), z.unknown()) },
          "text/csv": { schema: z.string() },
        },
        description: "The export",
      },
      ...errors,
    },
  }),
  async (c) => {
    const org = await orgOf(c);
    const { format, table } = c.req.valid("query");
    const bundle = await exportBundle(ctxOf(c), org.id);
    if (format === "json") {
      c.header("Content-Disposition", `attachment; filename="${org.slug}.json"`);
      return c.json(bundle as unknown as Record<string, unknown>, 200);
    }
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${org.slug}-${table}.csv"`);
    return c.body(bundleToCsv(bundle, table), 200);
  },
);
