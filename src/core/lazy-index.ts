/**
 * A shared prototype that gives an object a lazily built `index` Map from its `lookup`.
 * Why a prototype: an accessor written into each object literal gives every object its
 * own hidden class, and code that walks many graphs then goes polymorphic in the JIT.
 */
import type { IdIndex } from "./idindex.js";

/** Prototype for objects that carry `lookup` and build `index` (a Map) on first use. */
export const LAZY_INDEX = {
  get index(): Map<string, number> {
    const self = this as unknown as { lookup: IdIndex; indexCache: Map<string, number> | null };
    self.indexCache ??= self.lookup.toMap();
    return self.indexCache;
  },
};
