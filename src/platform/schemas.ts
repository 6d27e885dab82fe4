import { z } from "@hono/zod-openapi";

/**
 * Building blocks of the features' schemas. Input schemas validate every boundary (HTTP
 * body and query, CSV row, CLI flag) and the input types are inferred from them; response
 * schemas document the API, drive the generated web client and are the source of each
 * entity's type. Each feature keeps its own in `<feature>.schemas.ts`.
 */

export const id = z.uuid();
export const title = z.string().trim().min(1, "must not be empty").max(300);
export const text = z.string().max(10_000);
export const name = z.string().trim().min(1, "must not be empty").max(200);

/**
 * The largest magnitude a measured value (baseline, target, current, a check-in's value)
 * may have. Progress divides differences of such values and trends add them up over many
 * items; within ±1e12 every such sum and ratio stays finite and exact enough in a double.
 */
export const MAX_MAGNITUDE = 1e12;
export const measure = z
  .number()
  .refine(Number.isFinite, "must be a finite number")
  .refine((v) => Math.abs(v) <= MAX_MAGNITUDE, `must lie between -1e12 and 1e12`);
/** Kept for callers that only need a finite number in the measured range. */
export const finite = measure;
export const version = z.number().int().positive().optional();

/**
 * The PATCH form of a create schema: every field optional and, unlike zod's `.partial()`,
 * without the create defaults — a field left out of an update keeps its value.
 */
type Patch<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer I> ? I : S[K]>;
};
export function patchOf<S extends z.ZodRawShape>(create: z.ZodObject<S>): z.ZodObject<Patch<S>> {
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
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type PageInput = z.infer<typeof PageQuery>;

/**
 * What a use case receives: the schema's output, parsed once at the edge (the route's
 * validated body or query, the CSV row, the CLI's flags). Use cases never re-parse.
 */
export type Input<S extends z.ZodType> = z.output<S>;

/** Turns zod issues into the API's error details: each issue names its field path. */
export function issuesOf(err: z.ZodError): { path: string; message: string }[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
