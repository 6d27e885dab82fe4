import { IdIndex } from "../../core/idindex.js";
import { paced } from "../../core/sliced-sort.js";

/** Pacing an import's loops over a million rows, and indexing their keys in steps. */

/**
 * Loops over every row of a large file that give the event loop a turn every few
 * milliseconds of work (see `paced`): checking and planning a million rows takes seconds,
 * and the server keeps answering meanwhile. One per import, shared by its loops.
 */
export class RowPacer {
  private readonly step: () => Promise<void> | undefined;
  private n = 0;

  constructor(
    pause: () => Promise<void> = () => new Promise<void>((resolve) => setImmediate(resolve)),
    clock?: () => number,
  ) {
    this.step = paced(pause, undefined, clock);
  }

  /** Once per item: a pause to await when the budget is spent, else undefined (cheap). */
  tick(): Promise<void> | undefined {
    if ((++this.n & 63) !== 0) return undefined;
    return this.step();
  }

  /** Between larger pieces of work: a pause when the budget is spent (reads the clock). */
  now(): Promise<void> | undefined {
    return this.step();
  }

  /** `fn` for every item, in order, pausing between items as `tick` says. */
  async each<T>(items: Iterable<T>, fn: (item: T, i: number) => void): Promise<void> {
    let i = 0;
    for (const item of items) {
      fn(item, i++);
      const pause = this.tick();
      if (pause) await pause;
    }
  }

  /** `items.map(fn)`, pausing as `each` does. */
  async map<T, R>(items: readonly T[], fn: (item: T, i: number) => R): Promise<R[]> {
    // Sized up front: an array grown by push copies itself as it grows (46 ms at once for
    // a million items).
    const out = new Array<R>(items.length);
    await this.each(items, (item, i) => {
      out[i] = fn(item, i);
    });
    return out;
  }
}

/**
 * Where each key first appears in `keys` (a key per row; undefined for none): `first(key)`
 * is that row's index, or -1. Built in paced steps on an IdIndex: a Map of a million keys
 * grows (rehashing everything) in single pieces of 50-80 ms.
 */
export async function firstPositions(
  keys: readonly (string | undefined)[],
  pacer: RowPacer,
): Promise<(key: string) => number> {
  const n = keys.length;
  // Reversed, because the index keeps an id's last position.
  const reversed = new Array<string>(n);
  for (let i = n - 1; i >= 0; i--) {
    reversed[n - 1 - i] = keys[i] ?? "";
    const pause = pacer.tick();
    if (pause) await pause;
  }
  const steps = IdIndex.buildSteps(reversed);
  let r = steps.next();
  while (!r.done) {
    const pause = pacer.now();
    if (pause) await pause;
    r = steps.next();
  }
  const index = r.value;
  return (key) => {
    if (key === "") return -1;
    const at = index.get(key);
    return at < 0 ? -1 : n - 1 - at;
  };
}
