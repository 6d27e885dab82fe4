import { z } from "@hono/zod-openapi";
import { NodeShape } from "../../core/records.js";
import { DIRECTIONS, NODE_KINDS, NODE_STATUSES } from "../../core/types.js";
import { id, measure, PageQuery, patchOf, text, title, version } from "../../platform/schemas.js";

export const NodeCreate = z.object({
  kind: z.enum(NODE_KINDS),
  title,
  description: text.default(""),
  ownerUnitId: id.nullable().default(null),
  ownerPersonId: id.nullable().default(null),
  cycleId: id.nullable().default(null),
  baseline: measure.nullable().default(null),
  target: measure.nullable().default(null),
  current: measure.nullable().default(null),
  metricUnit: z.string().trim().max(40).nullable().default(null),
  direction: z.enum(DIRECTIONS).default("increase"),
  /** Left out: "active", or "draft" when a member proposes it. */
  status: z
    .enum(NODE_STATUSES)
    .optional()
    .openapi({ description: 'Left out: "active", or "draft" for a member\'s proposal.' }),
  confidence: z.number().min(0).max(1).nullable().default(null),
  priority: z.number().int().min(1).max(100_000).nullable().default(null),
  standalone: z.boolean().default(false),
  standaloneReason: z.string().trim().max(1000).nullable().default(null),
  /** Optional: nodes this one contributes to, created with it in one transaction. */
  contributesTo: z
    .array(z.object({ nodeId: id, weight: z.number().gt(0).max(1000).default(1) }))
    .max(20)
    .default([]),
});
export const NodeUpdate = patchOf(NodeCreate.omit({ contributesTo: true }))
  .extend({ version })
  .strict();
export const NodeListQuery = PageQuery.extend({
  kind: z.enum(NODE_KINDS).optional(),
  status: z.enum(NODE_STATUSES).optional(),
  unitId: id.optional(),
  personId: id.optional(),
  cycleId: id.optional(),
  q: z.string().max(200).optional(),
});

/** The response is the entity's one shape, kept in src/core/records.ts. */
export const NodeSchema = NodeShape;

export type NodeCreateInput = z.infer<typeof NodeCreate>;
export type NodeUpdateInput = z.infer<typeof NodeUpdate>;
