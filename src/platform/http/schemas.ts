import { z } from "@hono/zod-openapi";
import {
  CYCLE_KINDS,
  DEPENDENCY_STATES,
  DIRECTIONS,
  EDGE_KINDS,
  NODE_KINDS,
  NODE_STATUSES,
  SEVERITIES,
  UNIT_KINDS,
} from "../../core/types.js";

/** Response schemas: they document the API and drive the generated web client. */

const stamps = {
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.unknown(),
    }),
  })
  .openapi("Error");

export const OrganizationSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    vision: z.string(),
    revision: z.number(),
    createdAt: z.string(),
  })
  .openapi("Organization");

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

export const PersonSchema = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    title: z.string(),
    managerId: z.string().nullable(),
    memberships: z.array(z.object({ unitId: z.string(), share: z.number() })),
    ...stamps,
  })
  .openapi("Person");

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

export const NodeSchema = z
  .object({
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
    /** Rolled-up progress 0..1 from the engine; null when unknown. */
    progress: z.number().nullable(),
    ...stamps,
  })
  .openapi("Node");

export const EdgeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(EDGE_KINDS),
    fromId: z.string(),
    toId: z.string(),
    weight: z.number(),
    state: z.enum(DEPENDENCY_STATES).nullable(),
    note: z.string(),
    ...stamps,
  })
  .openapi("Edge");

export const CheckinSchema = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    value: z.number().nullable(),
    confidence: z.number().nullable(),
    note: z.string(),
    authorId: z.string().nullable(),
    /** A private note you may not read comes with `note: ""`. */
    private: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Checkin");

export const FindingSchema = z
  .object({
    rule: z.string(),
    severity: z.enum(SEVERITIES),
    subject: z.object({
      type: z.enum(["node", "unit", "edge"]),
      id: z.string(),
      title: z.string(),
    }),
    unitId: z.string().nullable(),
    message: z.string(),
    fix: z.string(),
  })
  .openapi("Finding");

export const HealthSchema = z
  .object({
    score: z.number(),
    items: z.number(),
    components: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        ratio: z.number(),
        weight: z.number(),
        failing: z.number(),
        total: z.number(),
      }),
    ),
    gaps: z.array(z.string()),
  })
  .openapi("Health");

export const HeatmapSchema = z
  .object({
    objectives: z.array(z.object({ id: z.string(), title: z.string() })),
    rows: z.array(
      z.object({
        unitId: z.string(),
        name: z.string(),
        items: z.number(),
        cells: z.array(z.number()),
        unaligned: z.number(),
      }),
    ),
  })
  .openapi("Heatmap");

type CascadeItemShape = {
  id: string;
  kind: (typeof NODE_KINDS)[number];
  title: string;
  progress: number | null;
  confidence: number | null;
  priority: number | null;
  weight: number;
  counts: boolean;
  ownerUnitId: string | null;
  ownerPersonId: string | null;
  contributors: CascadeItemShape[];
  truncated: boolean;
};
export const CascadeItemSchema: z.ZodType<CascadeItemShape> = z
  .lazy(() =>
    z.object({
      id: z.string(),
      kind: z.enum(NODE_KINDS),
      title: z.string(),
      progress: z.number().nullable(),
      confidence: z.number().nullable(),
      priority: z.number().nullable(),
      weight: z.number(),
      counts: z.boolean(),
      ownerUnitId: z.string().nullable(),
      ownerPersonId: z.string().nullable(),
      contributors: z.array(CascadeItemSchema),
      truncated: z.boolean(),
    }),
  )
  .openapi("CascadeItem");

export const CascadeSchema = z
  .object({
    unit: z.object({ id: z.string(), name: z.string() }),
    health: HealthSchema.nullable(),
    items: z.array(CascadeItemSchema),
    truncated: z.boolean(),
  })
  .openapi("Cascade");

export const page = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() })
    .openapi(name);
