import { z } from "zod";
import {
  CYCLE_KINDS,
  DEPENDENCY_STATES,
  DIRECTIONS,
  EDGE_KINDS,
  NODE_KINDS,
  NODE_STATUSES,
  UNIT_KINDS,
} from "../core/types.js";

/**
 * Input schemas: every boundary (HTTP body and query, CSV row, CLI flag) validates with
 * these, and the app's input types are inferred from them.
 */

const id = z.uuid();
const title = z.string().trim().min(1, "must not be empty").max(300);
const text = z.string().max(10_000);
const name = z.string().trim().min(1, "must not be empty").max(200);
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const version = z.number().int().positive().optional();

/**
 * The PATCH form of a create schema: every field optional and, unlike zod's `.partial()`,
 * without the create defaults — a field left out of an update keeps its value.
 */
type Patch<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]>;
};
function patchOf<S extends z.ZodRawShape>(create: z.ZodObject<S>): z.ZodObject<Patch<S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(create.shape)) {
    shape[k] = (
      v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)
    ).optional();
  }
  return z.object(shape) as unknown as z.ZodObject<Patch<S>>;
}

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const OrgCreate = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "use 2–63 lowercase letters, digits and dashes"),
  name,
  vision: text.default(""),
});
export const OrgUpdate = z.object({ name: name.optional(), vision: text.optional() });

export const UnitCreate = z.object({
  name,
  kind: z.enum(UNIT_KINDS).default("team"),
  parentId: id.nullable().default(null),
  leaderId: id.nullable().default(null),
  cadenceDays: z.number().int().min(1).max(366).default(14),
});
export const UnitUpdate = patchOf(UnitCreate).extend({ version }).strict();

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

const isoDate = z.iso.date();
export const CycleCreate = z.object({
  name,
  kind: z.enum(CYCLE_KINDS),
  parentId: id.nullable().default(null),
  startsOn: isoDate,
  endsOn: isoDate,
});
export const CycleUpdate = patchOf(CycleCreate).extend({ version }).strict();

export const NodeCreate = z.object({
  kind: z.enum(NODE_KINDS),
  title,
  description: text.default(""),
  ownerUnitId: id.nullable().default(null),
  ownerPersonId: id.nullable().default(null),
  cycleId: id.nullable().default(null),
  baseline: finite.nullable().default(null),
  target: finite.nullable().default(null),
  current: finite.nullable().default(null),
  metricUnit: z.string().trim().max(40).nullable().default(null),
  direction: z.enum(DIRECTIONS).default("increase"),
  status: z.enum(NODE_STATUSES).default("active"),
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

export const CheckinCreate = z.object({
  value: finite.nullable().default(null),
  confidence: z.number().min(0).max(1).nullable().default(null),
  note: z.string().max(5000).default(""),
  /** Who checks in: the signed-in person by default. */
  authorId: id.nullable().default(null),
  /** Keep the note private: only the author, their manager chain and admins read it. */
  private: z.boolean().default(false),
});

export const NodeListQuery = PageQuery.extend({
  kind: z.enum(NODE_KINDS).optional(),
  status: z.enum(NODE_STATUSES).optional(),
  unitId: id.optional(),
  personId: id.optional(),
  cycleId: id.optional(),
  q: z.string().max(200).optional(),
});
export const EdgeListQuery = PageQuery.extend({
  kind: z.enum(EDGE_KINDS).optional(),
  nodeId: id.optional(),
  state: z.enum(DEPENDENCY_STATES).optional(),
});
export const UnitListQuery = PageQuery.extend({
  parentId: id.optional(),
  q: z.string().max(200).optional(),
});
export const PersonListQuery = PageQuery.extend({
  unitId: id.optional(),
  managerId: id.optional(),
  q: z.string().max(200).optional(),
});

export type PageInput = z.infer<typeof PageQuery>;
export type UnitCreateInput = z.infer<typeof UnitCreate>;
export type UnitUpdateInput = z.infer<typeof UnitUpdate>;
export type PersonCreateInput = z.infer<typeof PersonCreate>;
export type PersonUpdateInput = z.infer<typeof PersonUpdate>;
export type CycleCreateInput = z.infer<typeof CycleCreate>;
export type CycleUpdateInput = z.infer<typeof CycleUpdate>;
export type NodeCreateInput = z.infer<typeof NodeCreate>;
export type NodeUpdateInput = z.infer<typeof NodeUpdate>;
export type EdgeCreateInput = z.infer<typeof EdgeCreate>;
export type EdgeUpdateInput = z.infer<typeof EdgeUpdate>;
export type CheckinCreateInput = z.infer<typeof CheckinCreate>;

/** Turns zod issues into the API's error details: each issue names its field path. */
export function issuesOf(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
