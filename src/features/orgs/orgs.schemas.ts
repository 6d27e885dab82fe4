import { z } from "@hono/zod-openapi";
import { name, text } from "../../platform/schemas.js";

export const OrgCreate = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "use 2–63 lowercase letters, digits and dashes"),
  name,
  vision: text.default(""),
});
export const OrgUpdate = z.object({ name: name.optional(), vision: text.optional() });

export const OrganizationSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    vision: z.string(),
    revision: z.number(),
    createdAt: z.string(),
  })
  .openapi("Organization");

export type OrgCreateInput = z.infer<typeof OrgCreate>;
export type OrgUpdateInput = z.infer<typeof OrgUpdate>;
