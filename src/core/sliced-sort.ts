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
  run = 1024,
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
 * tested as \`(i & SLICE) === SLICE\`): well under a millisecond of work between yields, so
 * that `paced` can keep each stretch between pauses near its budget.
 */
export const SLICE = 0x3ff;

/** How long a stepped computation runs before it gives the event loop a turn (ms). */
export const STEP_BUDGET_MS = 8;

/**
 * A pause for the points where steps yield, that pauses for real (awaits `pause`) only once
 * `budgetMs` have passed since the last real pause: steps yield often and cheaply, and the
 * caller keeps answering every few milliseconds without paying a turn of the event loop
 * per yield.
 */
export function paced(
  pause: () => Promise<void>,
  budgetMs = STEP_BUDGET_MS,
  clock: () => number = () => performance.now(),
): () => Promise<void> | undefined {
  let since = clock();
  return () => {
    if (clock() - since < budgetMs) return undefined;
    return pause().then(() => {
      since = clock();
    });
  };
}

/** Runs a generator of steps to its end at once (where nobody needs to pause). */
export function runSteps<R>(steps: Generator<void, R, void>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs steps to their end, pausing as `paced` does (a budget of work between pauses). */
export async function runPaced<R>(
  steps: Generator<void, R, void>,
  pause: () => Promise<void>,
  budgetMs = STEP_BUDGET_MS,
  clock?: () => number,
): Promise<R> {
  const step = paced(pause, budgetMs, clock);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const wait = step();
    if (wait !== undefined) await wait;
  }
}
