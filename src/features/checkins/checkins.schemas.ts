import { z } from "@hono/zod-openapi";
import { CheckinShape } from "../../core/records.js";
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

/** The response is the entity's one shape, kept in src/core/records.ts. */
export const CheckinSchema = CheckinShape;

export type CheckinCreateInput = z.infer<typeof CheckinCreate>;
