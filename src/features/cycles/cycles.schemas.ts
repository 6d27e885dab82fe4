import { z } from "@hono/zod-openapi";
import { CYCLE_KINDS } from "../../core/types.js";
import { stamps } from "../../platform/http/schemas.js";
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

export const CycleSchema = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    kind: z.enum(CYCLE_KINDS),
    startsOn: z.string(),
    endsOn: z.string(),
    ...stamps,
  })
  .openapi("Cycle");

export type CycleCreateInput = z.infer<typeof CycleCreate>;
export type CycleUpdateInput = z.infer<typeof CycleUpdate>;
