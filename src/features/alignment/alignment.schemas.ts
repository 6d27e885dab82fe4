import { z } from "@hono/zod-openapi";
import { NODE_KINDS, SEVERITIES } from "../../core/types.js";

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
    // A union, not .nullable(): for a named schema that would give allOf [$ref, null], which
    // no null can pass (the referenced schema says "object").
    health: z.union([HealthSchema, z.null()]),
    items: z.array(CascadeItemSchema),
    truncated: z.boolean(),
  })
  .openapi("Cascade");
