import { z } from "@hono/zod-openapi";
import { EdgeShape } from "../../core/records.js";
import { DEPENDENCY_STATES, EDGE_KINDS } from "../../core/types.js";
import { id, PageQuery, version } from "../../platform/schemas.js";

export const EdgeCreate = z.object({
  kind: z.enum(EDGE_KINDS),
  fromId: id,
  toId: id,
  weight: z.number().gt(0).max(1000).default(1),
  state: z.enum(DEPENDENCY_STATES).nullable().default(null),
  note: z.string().max(2000).default(""),
});
export const EdgeUpdate = z
  .object({
    weight: z.number().gt(0).max(1000).optional(),
    state: z.enum(DEPENDENCY_STATES).optional(),
    note: z.string().max(2000).optional(),
    version,
  })
  .strict();
export const EdgeListQuery = PageQuery.extend({
  kind: z.enum(EDGE_KINDS).optional(),
  nodeId: id.optional(),
  state: z.enum(DEPENDENCY_STATES).optional(),
});

/** The response is the entity's one shape, kept in src/core/records.ts. */
export const EdgeSchema = EdgeShape;

export type EdgeCreateInput = z.infer<typeof EdgeCreate>;
export type EdgeUpdateInput = z.infer<typeof EdgeUpdate>;
