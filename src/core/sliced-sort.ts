/**
 * Sorting in steps: a caller that must keep answering (the live model's sliced load) sorts
 * hundreds of thousands of items without blocking for the whole sort. Runs of `run` items
 * are sorted with the built-in sort, then merged bottom-up; the generator yields after each
 * run and after every `run` items merged. The result equals `items.slice().sort(compare)`
 * for a comparator that is a total order (ties broken to the last key).
 */
export function* sortSteps<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  run = 32_768,
): Generator<void, T[], void> {
  const n = items.length;
  let src: T[] = items.slice();
  for (let lo = 0; lo < n; lo += run) {
    const part = src.slice(lo, lo + run).sort(compare);
    for (let i = 0; i < part.length; i++) src[lo + i] = part[i];
    if (lo + run < n) yield;
  }
  let dst: T[] = new Array<T>(n);
  let sinceYield = 0;
  for (let width = run; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
        if (++sinceYield >= run) {
          sinceYield = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/**
 * Bulk loops that run as steps yield every SLICE + 1 iterations (a power of two minus one,
 * tested as \`(i & SLICE) === SLICE\`): a few milliseconds of work at most between pauses.
 */
export const SLICE = 0x7fff;

/** Runs a generator of steps to its end at once (where nobody needs to pause). */
export function runSteps<R>(steps: Generator<void, R, void>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
