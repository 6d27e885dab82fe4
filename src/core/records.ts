import { z } from "zod";
import {
  CYCLE_KINDS,
  DEPENDENCY_STATES,
  DIRECTIONS,
  EDGE_KINDS,
  NODE_KINDS,
  NODE_STATUSES,
  UNIT_KINDS,
} from "./types.js";

/**
 * One shape per entity. Each schema here is at once the record the application works with
 * (its type is inferred below), what repositories map rows to, and the API's response
 * schema (the `id` in `.meta` names it in the OpenAPI document, from which the web client's
 * types are generated). Plain zod: pure, shareable with the web app. Timestamps are ISO text.
 */

const versioned = {
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const UnitShape = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    kind: z.enum(UNIT_KINDS),
    leaderId: z.string().nullable(),
    cadenceDays: z.number().int(),
    ...versioned,
  })
  .meta({ id: "Unit" });
export type Unit = z.infer<typeof UnitShape>;

export const MembershipShape = z.object({ unitId: z.string(), share: z.number() });
export type Membership = z.infer<typeof MembershipShape>;

export const PersonShape = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    title: z.string(),
    managerId: z.string().nullable(),
    memberships: z.array(MembershipShape),
    ...versioned,
  })
  .meta({ id: "Person" });
export type Person = z.infer<typeof PersonShape>;

export const CycleShape = z
  .object({
    id: z.string(),
    parentId: z.string().nullable(),
    name: z.string(),
    kind: z.enum(CYCLE_KINDS),
    startsOn: z.string(),
    endsOn: z.string(),
    ...versioned,
  })
  .meta({ id: "Cycle" });
export type Cycle = z.infer<typeof CycleShape>;

const nodeFields = {
  id: z.string(),
  kind: z.enum(NODE_KINDS),
  title: z.string(),
  description: z.string(),
  ownerUnitId: z.string().nullable(),
  ownerPersonId: z.string().nullable(),
  cycleId: z.string().nullable(),
  baseline: z.number().nullable(),
  target: z.number().nullable(),
  current: z.number().nullable(),
  metricUnit: z.string().nullable(),
  direction: z.enum(DIRECTIONS),
  status: z.enum(NODE_STATUSES),
  confidence: z.number().nullable(),
  priority: z.number().nullable(),
  standalone: z.boolean(),
  standaloneReason: z.string().nullable(),
  lastCheckinAt: z.string().nullable(),
};
/** A node as stored. */
export const AlignmentNodeShape = z.object({ ...nodeFields, ...versioned });
export type AlignmentNode = z.infer<typeof AlignmentNodeShape>;
/** A node as the API shows it: with the progress the engine rolls up for it. */
export const NodeShape = z
  .object({
    ...nodeFields,
    progress: z
      .number()
      .nullable()
      .meta({ description: "Rolled-up progress 0..1; null when unknown." }),
    ...versioned,
  })
  .meta({ id: "Node" });
export type PresentedNode = z.infer<typeof NodeShape>;

export const EdgeShape = z
  .object({
    id: z.string(),
    kind: z.enum(EDGE_KINDS),
    fromId: z.string(),
    toId: z.string(),
    weight: z.number(),
    state: z.enum(DEPENDENCY_STATES).nullable(),
    note: z.string(),
    ...versioned,
  })
  .meta({ id: "Edge" });
export type Edge = z.infer<typeof EdgeShape>;

export const CheckinShape = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    value: z.number().nullable(),
    confidence: z.number().nullable(),
    note: z.string(),
    authorId: z.string().nullable(),
    private: z.boolean().meta({
      description:
        'A private note is shown only to its author, their manager chain and admins; others get `note: ""`.',
    }),
    createdAt: z.string(),
  })
  .meta({ id: "Checkin" });
export type Checkin = z.infer<typeof CheckinShape>;
