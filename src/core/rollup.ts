/**
 * Progress roll-up over the vertical edges.
 * Algorithm: one pass over the topological order in reverse (children before parents);
 * each node reads its contributors once, so O(V + E).
 */
import { type AlignmentGraph, DIRECTION_DECREASE, STATUS_CANCELLED, STATUS_DONE } from "./graph.js";
import { progressFromRaw } from "./progress.js";

export { expectedProgress } from "./progress.js";

/**
 * Progress per node index in [0, 1]; NaN means unknown.
 * - A node with its own metric (target set) uses it and ignores its contributors.
 * - Otherwise: the mean of its contributes_to children's progress weighted by edge weight,
 *   leaving out children that are cancelled, of unknown progress, or weighted 0.
 *   `supports` edges never count.
 * - Neither: 1 when the node is done, else unknown.
 * Nodes on a vertical cycle (bad data) are computed last and may see unknown children.
 */
export function rollUp(g: AlignmentGraph): Float64Array {
  const { n, topo, target, baseline, current, direction, status } = g;
  const { downOffsets, downTargets, downWeights, downCounts } = g;
  const progress = new Float64Array(n).fill(Number.NaN);
  for (let i = n - 1; i >= 0; i--) {
    const v = topo[i];
    const t = target[v];
    if (!Number.isNaN(t)) {
      progress[v] = progressFromRaw(
        baseline[v],
        t,
        current[v],
        direction[v] === DIRECTION_DECREASE,
      );
      continue;
    }
    let sum = 0;
    let weight = 0;
    for (let k = downOffsets[v], end = downOffsets[v + 1]; k < end; k++) {
      if (downCounts[k] === 0) continue;
      const c = downTargets[k];
      const p = progress[c];
      const w = downWeights[k];
      if (Number.isNaN(p) || w === 0 || status[c] === STATUS_CANCELLED) continue;
      sum += p * w;
      weight += w;
    }
    if (weight > 0) {
      const p = sum / weight;
      // Rounding can leave a weighted mean of values in [0,1] a hair outside it.
      progress[v] = p < 0 ? 0 : Math.min(p, 1);
    } else if (status[v] === STATUS_DONE) {
      progress[v] = 1;
    }
  }
  return progress;
}
