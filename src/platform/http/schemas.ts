import { z } from "@hono/zod-openapi";

/** Response schemas every feature shares: the error body, a page, the row stamps. */

export const stamps = {
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      /** What the error is about (e.g. `issues`, one per invalid field), or null. */
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  })
  .openapi("Error");

export const page = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() })
    .openapi(name);
