import { z } from "@hono/zod-openapi";

export const ChangesQuery = z.object({
  since: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ description: "Return events after this revision (0: from the start)." }),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type ChangesQueryInput = z.infer<typeof ChangesQuery>;

export const ChangeEventSchema = z
  .object({
    orgId: z.string(),
    revision: z.number().int(),
    at: z.string(),
    actor: z.string(),
    entity: z.enum(["unit", "person", "cycle", "node", "edge", "checkin", "organization"]),
    entityId: z.string(),
    op: z.enum(["create", "update", "delete", "import", "load"]),
    fields: z.array(z.string()),
  })
  .openapi("ChangeEvent");

export const ChangePageSchema = z
  .object({
    items: z.array(ChangeEventSchema),
    revision: z
      .number()
      .int()
      .openapi({ description: "Pass as `since` to read what happens next." }),
    more: z.boolean(),
  })
  .openapi("ChangePage");
