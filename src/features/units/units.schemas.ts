import { z } from "@hono/zod-openapi";
import { UNIT_KINDS } from "../../core/types.js";
import { stamps } from "../../platform/http/schemas.js";
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

export const UnitSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    leaderId: z.string().nullable(),
    cadenceDays: z.number().int(),
    ...stamps,
  })
  .openapi("Unit");

export type UnitCreateInput = z.infer<typeof UnitCreate>;
export type UnitUpdateInput = z.infer<typeof UnitUpdate>;
