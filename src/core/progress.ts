/**
 * Progress of a single metric node from baseline, target, current value and direction.
 * Algorithm: linear interpolation between baseline and target, clamped; O(1).
 */
import type { Direction } from "./types.js";

/**
 * Share of the way from baseline to target, in [0, 1]; null when there is no metric
 * (target null or not finite). A missing baseline counts as 0; a missing current value
 * means no progress yet. When target equals baseline the goal is binary: met or not.
 */
export function metricProgress(
  baseline: number | null,
  target: number | null,
  current: number | null,
  direction: Direction,
): number | null {
  if (target === null || !Number.isFinite(target)) return null;
  return progressFromRaw(
    baseline === null ? Number.NaN : baseline,
    target,
    current === null ? Number.NaN : current,
    direction === "decrease",
  );
}

/**
 * The same rule over raw numbers, NaN meaning "null", for the engine's typed arrays.
 * `target` must be finite (callers check); result is always in [0, 1].
 */
export function progressFromRaw(
  baseline: number,
  target: number,
  current: number,
  decrease: boolean,
): number {
  const b = Number.isFinite(baseline) ? baseline : 0;
  if (!Number.isFinite(current)) return 0;
  if (target === b) {
    const met = decrease ? current <= target : current >= target;
    return met ? 1 : 0;
  }
  let p = decrease ? (b - current) / (b - target) : (current - b) / (target - b);
  // Huge finite inputs can overflow both differences to Infinity (Infinity/Infinity is NaN);
  // halving first keeps them finite without losing the ratio.
  if (Number.isNaN(p)) {
    const h = current / 2;
    const hb = b / 2;
    const ht = target / 2;
    p = decrease ? (hb - h) / (hb - ht) : (h - hb) / (ht - hb);
  }
  if (!(p > 0)) return 0; // also catches a NaN that survived
  return Math.min(p, 1);
}

/** Share of a cycle's time that has passed at `nowMs`, in [0, 1]; 0 for an empty cycle. */
export function expectedProgress(startMs: number, endMs: number, nowMs: number): number {
  if (!(endMs > startMs)) return nowMs >= endMs ? 1 : 0;
  const p = (nowMs - startMs) / (endMs - startMs);
  if (!(p > 0)) return 0;
  return Math.min(p, 1);
}
