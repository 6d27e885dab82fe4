import { z } from "@hono/zod-openapi";
import { CycleShape } from "../../core/records.js";
import { CYCLE_KINDS } from "../../core/types.js";
import { id, name, patchOf, version } from "../../platform/schemas.js";

const isoDate = z.iso.date();
export const CycleCreate = z.object({
  name,
  kind: z.enum(CYCLE_KINDS),
  parentId: id.nullable().default(null),
  startsOn: isoDate,
  endsOn: isoDate,
});
export const CycleUpdate = patchOf(CycleCreate).extend({ version }).strict();

/** The response is the entity's one shape, kept in src/core/records.ts. */
export const CycleSchema = CycleShape;

export type CycleCreateInput = z.infer<typeof CycleCreate>;
export type CycleUpdateInput = z.infer<typeof CycleUpdate>;
