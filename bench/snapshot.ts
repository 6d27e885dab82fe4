import type { Bundle } from "../src/core/bundle.js";

/**
 * The engine input a Bundle turns into once loaded is `bundleToSnapshot` in src/core/bundle.ts
 * (the same derivations as insertBundle and loadSnapshot); the benchmark uses it to time the
 * engine on in-memory data without a database.
 */
export { bundleToSnapshot } from "../src/core/bundle.js";

/** Cycle dates by id, as the engine's staleness rule wants them. */
export function cycleEnds(b: Bundle): Map<string, { startsOn: string; endsOn: string }> {
  return new Map(b.cycles.map((c) => [c.id, { startsOn: c.startsOn, endsOn: c.endsOn }]));
}
