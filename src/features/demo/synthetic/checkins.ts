import type { Bundle } from "../../../core/bundle.js";
import type { Rng } from "./random.js";
import { NOTES } from "./words.js";

const DAY = 86_400_000;

/**
 * A handful of check-ins (1–6) for a sample of nodes (5%, at least 500): enough history for
 * every view and rule, few enough rows that the largest size still loads. The latest
 * check-in carries the node's current value and confidence (insertBundle derives both from
 * it); earlier ones climb from the baseline. Two thirds of the latest check-ins are under
 * two weeks old, a sixth are 46–150 days old (stale). O(sample).
 */
export function sampleCheckins(
  rng: Rng,
  nodes: readonly Bundle["nodes"][number][],
  createdMs: Float64Array,
  authorOf: (node: number) => string,
  nowMs: number,
): Bundle["checkins"] {
  const out: Bundle["checkins"] = [];
  const sample = Math.min(nodes.length, Math.max(500, Math.round(nodes.length * 0.05)));
  const taken = new Uint8Array(nodes.length);
  for (let made = 0; made < sample; ) {
    const i = rng.int(nodes.length);
    if (taken[i]) continue;
    taken[i] = 1;
    made++;
    const n = nodes[i];
    const created = createdMs[i];
    const ageDays = rng.chance(0.65)
      ? rng.int(14)
      : rng.chance(0.55)
        ? rng.between(14, 45)
        : rng.between(46, 150);
    // Whole seconds, and at least five days apart: no two check-ins of a node tie.
    let at = Math.max(created, nowMs - ageDays * DAY - rng.int(DAY / 1000) * 1000);
    const count = rng.between(1, 6);
    const author = authorOf(i);
    const start = n.baseline ?? 0;
    for (let k = 0; k < count && at >= created; k++) {
      const latest = k === 0;
      let value: number | null = null;
      if (n.target !== null && n.current !== null) {
        value = latest
          ? n.current
          : Math.round((start + ((n.current - start) * (count - k)) / (count + 1)) * 100) / 100;
      }
      out.push({
        id: rng.uuid(),
        nodeId: n.id,
        value,
        confidence: latest ? n.confidence : Math.round(rng.next() * 20) / 20,
        note: rng.chance(0.3) ? rng.pick(NOTES) : "",
        authorId: author,
        createdAt: new Date(at).toISOString(),
      });
      at -= rng.between(5, 15) * DAY;
    }
  }
  return out;
}
