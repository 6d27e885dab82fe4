import { z } from "@hono/zod-openapi";
import { UnitShape } from "../../core/records.js";
import { UNIT_KINDS } from "../../core/types.js";
import { id, name, PageQuery, patchOf, version } from "../../platform/schemas.js";

export const UnitCreate = z.object({
  name,
  kind: z.enum(UNIT_KINDS).default("team"),
  parentId: id.nullable().default(null),
  leaderId: id.nullable().default(null),
  cadenceDays: z.number().int().min(1).max(366).default(14),
});
export const UnitUpdate = patchOf(UnitCreate).extend({ version }).strict();
export const UnitListQuery = PageQuery.extend({
  parentId: id.optional(),
  q: z.string().max(200).optional(),
});

/** The response is the entity's one shape, kept in src/core/records.ts. */
export const UnitSchema = UnitShape;

export type UnitCreateInput = z.infer<typeof UnitCreate>;
export type UnitUpdateInput = z.infer<typeof UnitUpdate>;
