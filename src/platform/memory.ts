import v8 from "node:v8";
import vm from "node:vm";
import { whenQuiet } from "./quiet.js";

/**
 * A full garbage collection, now. After a large import the heap holds hundreds of
 * megabytes of rows nobody refers to any more, and V8 collects them only when it next
 * needs room: a server that goes quiet keeps them for good (200,000 lines: 618 MB of heap
 * 30 s later, 26 MB after a collection). Node gives `gc` only to a process started with
 * `--expose-gc`; the flag set at run time exposes it to a new context. Returns false where
 * that is not possible. See `collectWhenQuiet` for when to call it.
 */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
  return gc !== null;
}

let gc: (() => void) | null | undefined;

/** Rows from which an import is large enough to collect after (see collectGarbage). */
export const LARGE_IMPORT_ROWS = 50_000;

/**
 * collectGarbage once the server is quiet (platform/quiet.ts): no request under way for
 * `quietMs`, or after `latestMs` whatever happens. The collection stops the event loop
 * (15–20 ms on a small heap, about 90 ms with an XL organization resident): done while
 * nobody waits, it costs nobody anything.
 */
export function collectWhenQuiet(quietMs = 2_000, latestMs = 60_000): void {
  whenQuiet(collectGarbage, quietMs, latestMs);
}
