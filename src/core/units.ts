/**
 * The organization's structure as arrays: the unit tree and the people.
 * Algorithm: counting sort for the children CSR and a breadth-first walk from the roots,
 * O(U); a parent loop in the data (bad input) is cut at one unit per loop, O(U) each.
 */
import { IdIndex } from "./idindex.js";
import { LAZY_INDEX } from "./lazy-index.js";
import type { OrgSnapshot } from "./types.js";

export interface UnitTable {
  n: number;
  ids: string[];
  names: string[];
  index: Map<string, number>;
  /** Parent unit index, -1 for a root (or a parent that is unknown or part of a cycle). */
  parent: Int32Array;
  /** Days between expected check-ins; NaN when the unit has no usable cadence. */
  cadenceDays: Float64Array;
  /** Every unit, roots first, each parent before its children (breadth-first). */
  order: Int32Array;
  /** 0 for roots, parent's depth + 1 otherwise. */
  depth: Int32Array;
  /** Children of each unit in CSR form. */
  childOffsets: Int32Array;
  children: Int32Array;
  /** Ids of units whose parent chain loops (bad data); they are treated as roots. */
  cyclic: string[];
}

export interface PeopleTable {
  n: number;
  ids: string[];
  /** Person id → index: `lookup.get(id)`, -1 when absent. */
  lookup: IdIndex;
  /** The same as a Map, built on first use. */
  readonly index: Map<string, number>;
  /** Index of the person's primary unit, -1 when none or unknown. */
  primaryUnit: Int32Array;
}

export function buildUnits(s: OrgSnapshot): UnitTable {
  const n = s.units.length;
  const ids = new Array<string>(n);
  const names = new Array<string>(n);
  const index = new Map<string, number>();
  const cadenceDays = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = s.units[i];
    ids[i] = u.id;
    names[i] = u.name;
    index.set(u.id, i);
    cadenceDays[i] =
      u.cadenceDays > 0 && Number.isFinite(u.cadenceDays) ? u.cadenceDays : Number.NaN;
  }
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const pid = s.units[i].parentId;
    const p = pid === null ? -1 : (index.get(pid) ?? -1);
    parent[i] = p === i ? -1 : p;
  }
  // Breadth-first from the roots. Units never reached sit on a parent cycle: cut the
  // cycle by making them roots, then carry on, so every later pass sees a forest.
  const order = new Int32Array(n);
  const depth = new Int32Array(n);
  const seen = new Uint8Array(n);
  const cyclic: string[] = [];
  let { childOffsets, children } = unitChildren(parent, n);
  let head = 0;
  let tail = 0;
  const visitFrom = (start: number) => {
    for (let i = start; i < n; i++) {
      if (parent[i] === -1 && !seen[i]) {
        seen[i] = 1;
        depth[i] = 0;
        order[tail++] = i;
      }
    }
    while (head < tail) {
      const u = order[head++];
      for (let k = childOffsets[u]; k < childOffsets[u + 1]; k++) {
        const c = children[k];
        if (!seen[c]) {
          seen[c] = 1;
          depth[c] = depth[u] + 1;
          order[tail++] = c;
        }
      }
    }
  };
  visitFrom(0);
  if (tail < n) {
    for (let i = 0; i < n; i++) {
      if (!seen[i]) {
        cyclic.push(ids[i]);
      }
    }
    // Make one unit per loop a root, then reorder everything (rare, so a second pass is fine).
    for (let i = 0; i < n; i++) {
      if (seen[i]) continue;
      let u = i;
      // Walk up until a unit repeats: that unit is on the loop.
      const mark = new Set<number>();
      while (!mark.has(u)) {
        mark.add(u);
        u = parent[u];
      }
      parent[u] = -1;
      ({ childOffsets, children } = unitChildren(parent, n));
      visitFrom(0);
      if (tail === n) break;
    }
  }
  return {
    n,
    ids,
    names,
    index,
    parent,
    cadenceDays,
    order,
    depth,
    childOffsets,
    children,
    cyclic,
  };
}

function unitChildren(parent: Int32Array, n: number) {
  const childOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) childOffsets[parent[i] + 1]++;
  for (let i = 0; i < n; i++) childOffsets[i + 1] += childOffsets[i];
  const fill = childOffsets.slice(0, n);
  const children = new Int32Array(childOffsets[n]);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) children[fill[parent[i]]++] = i;
  return { childOffsets, children };
}

export function buildPeople(s: OrgSnapshot, units: UnitTable): PeopleTable {
  const n = s.people.length;
  const ids = new Array<string>(n);
  const primaryUnit = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = s.people[i];
    ids[i] = p.id;
    primaryUnit[i] = p.primaryUnitId === null ? -1 : (units.index.get(p.primaryUnitId) ?? -1);
  }
  // Same shape for every table: the lazy `index` getter sits on a shared prototype.
  const table: PeopleTable = Object.create(LAZY_INDEX);
  return Object.assign(table, { n, ids, lookup: new IdIndex(ids), indexCache: null, primaryUnit });
}
