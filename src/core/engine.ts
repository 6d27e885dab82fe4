/**
 * The engine facade: one call runs every pass over a snapshot.
 * Algorithm: build (O(V+E+U+P)), roll-up, findings, health, heatmap, each linear (the
 * heatmap is linear per objective or row column; see heatmap.ts).
 */
import { computeFindingsIndexed, type FindingOptions } from "./findings.js";
import { type AlignmentGraph, buildGraph } from "./graph.js";
import { computeHealth, type HealthReport } from "./health.js";
import { computeHeatmap, type Heatmap } from "./heatmap.js";
import { rollUp } from "./rollup.js";
import type { Finding, OrgSnapshot } from "./types.js";

export interface AnalyzeOptions extends FindingOptions {
  /** Depth of the units shown as heatmap rows (default 1: children of the root units). */
  heatmapDepth?: number;
  /** Exactly these units as heatmap rows (overrides heatmapDepth). */
  heatmapUnitIds?: string[];
}

export interface Analysis {
  graph: AlignmentGraph;
  /** Progress per node index (graph.index), 0..1, NaN = unknown. */
  progress: Float64Array;
  findings: Finding[];
  health: HealthReport;
  heatmap: Heatmap;
  /** Progress of a node by id; null when unknown or the id is not in the snapshot. */
  progressOf(id: string): number | null;
}

export function analyze(s: OrgSnapshot, opts: AnalyzeOptions): Analysis {
  const graph = buildGraph(s);
  const progress = rollUp(graph);
  const { findings, subjectIndex } = computeFindingsIndexed(graph, progress, opts);
  const health = computeHealth(graph, findings, progress, subjectIndex);
  const heatmap = computeHeatmap(graph, {
    depth: opts.heatmapDepth,
    unitIds: opts.heatmapUnitIds,
  });
  return {
    graph,
    progress,
    findings,
    health,
    heatmap,
    progressOf(id: string): number | null {
      const v = graph.lookup.get(id);
      if (v < 0) return null;
      const p = progress[v];
      return !Number.isNaN(p) ? p : null;
    },
  };
}

// One import site for callers: the engine's public API.
export * from "./cycles.js";
export * from "./findings.js";
export * from "./graph.js";
export * from "./health.js";
export * from "./heatmap.js";
export * from "./idindex.js";
export * from "./progress.js";
export * from "./rollup.js";
