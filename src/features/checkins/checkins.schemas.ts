import { z } from "@hono/zod-openapi";
import { id, measure } from "../../platform/schemas.js";

export const CheckinCreate = z.object({
  value: measure.nullable().default(null),
  confidence: z.number().min(0).max(1).nullable().default(null),
  note: z.string().max(5000).default(""),
  /** Who checks in: the signed-in person by default. */
  authorId: id.nullable().default(null),
  /** Keep the note private: only the author, their manager chain and admins read it. */
  private: z.boolean().default(false),
});

export const CheckinSchema = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    value: z.number().nullable(),
    confidence: z.number().nullable(),
    note: z.string(),
    authorId: z.string().nullable(),
    /** A private note you may not read comes with `note: ""`. */
    private: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Checkin");

export type CheckinCreateInput = z.infer<typeof CheckinCreate>;
