import { z } from "@hono/zod-openapi";
import { PersonShape } from "../../core/records.js";
import { id, name, PageQuery, patchOf, version } from "../../platform/schemas.js";

export const MembershipInput = z.object({ unitId: id, share: z.number().gt(0).max(1).default(1) });

export const PersonCreate = z.object({
  name,
  externalId: z.string().trim().min(1).max(100).nullable().default(null),
  email: z.email().max(254).nullable().default(null),
  title: z.string().trim().max(200).default(""),
  managerId: id.nullable().default(null),
  memberships: z.array(MembershipInput).max(50).default([]),
});
export const PersonUpdate = patchOf(PersonCreate).extend({ version }).strict();
export const PersonListQuery = PageQuery.extend({
  unitId: id.optional(),
  managerId: id.optional(),
  q: z.string().max(200).optional(),
});

/** The response is the entity's one shape, kept in src/core/records.ts. */
export const PersonSchema = PersonShape;

export type PersonCreateInput = z.infer<typeof PersonCreate>;
export type PersonUpdateInput = z.infer<typeof PersonUpdate>;
