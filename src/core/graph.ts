/**
 * The alignment graph: an OrgSnapshot turned into flat, index-addressed arrays.
 * Algorithms: counting-sort construction of CSR adjacency in both directions, O(V+E);
 * Kahn's algorithm for a topological order of vertical edges, O(V+E); id resolution
 * through a fingerprint table (idindex.ts). The unit tree and people live in units.ts.
 * Why arrays: the engine must handle 300k nodes and 1M edges in well under a second, so
 * every later pass walks typed arrays instead of objects and maps.
 */
import { IdIndex } from "./idindex.js";
import { LAZY_INDEX } from "./lazy-index.js";
import { parseTime } from "./time.js";
import type { EdgeKind, NodeKind, NodeRecord, NodeStatus, OrgSnapshot } from "./types.js";
import { buildPeople, buildUnits, type PeopleTable, type UnitTable } from "./units.js";

export type { PeopleTable, UnitTable } from "./units.js";

// Codes are the positions in the vocabularies of types.ts.
export const KIND_OBJECTIVE = 0;
export const KIND_KEY_RESULT = 1;
export const KIND_GOAL = 2;
export const KIND_KPI = 3;
export const KIND_INITIATIVE = 4;
export const KIND_CODES: Readonly<Record<NodeKind, number>> = {
  objective: KIND_OBJECTIVE,
  key_result: KIND_KEY_RESULT,
  goal: KIND_GOAL,
  kpi: KIND_KPI,
  initiative: KIND_INITIATIVE,
};

export const STATUS_DRAFT = 0;
export const STATUS_ACTIVE = 1;
export const STATUS_DONE = 2;
export const STATUS_CANCELLED = 3;
export const STATUS_CODES: Readonly<Record<NodeStatus, number>> = {
  draft: STATUS_DRAFT,
  active: STATUS_ACTIVE,
  done: STATUS_DONE,
  cancelled: STATUS_CANCELLED,
};

export const DEP_REQUESTED = 0;
export const DEP_ACCEPTED = 1;
export const DEP_DECLINED = 2;
export const DEP_DONE = 3;
/** A depends_on edge without a state (should not happen; treated as no signal). */
export const DEP_NONE = 255;

// Codes by comparison rather than by keyed lookup: strings fresh from a database are not
// internalized, and a keyed lookup would hash each one.
function kindCode(k: string): number {
  switch (k) {
    case "goal":
      return KIND_GOAL;
    case "key_result":
      return KIND_KEY_RESULT;
    case "objective":
      return KIND_OBJECTIVE;
    case "kpi":
      return KIND_KPI;
    case "initiative":
      return KIND_INITIATIVE;
    default:
      return KIND_GOAL;
  }
}

function statusCode(s: string): number {
  switch (s) {
    case "active":
      return STATUS_ACTIVE;
    case "done":
      return STATUS_DONE;
    case "draft":
      return STATUS_DRAFT;
    case "cancelled":
      return STATUS_CANCELLED;
    default:
      return STATUS_DRAFT;
  }
}

function depStateCode(s: string | null): number {
  switch (s) {
    case "requested":
      return DEP_REQUESTED;
    case "accepted":
      return DEP_ACCEPTED;
    case "declined":
      return DEP_DECLINED;
    case "done":
      return DEP_DONE;
    default:
      return DEP_NONE;
  }
}

export const DIRECTION_INCREASE = 0;
export const DIRECTION_DECREASE = 1;

export interface DependencyTable {
  count: number;
  /** Edge ids, for findings about an edge. */
  ids: string[];
  /** The node that relies on `to`. */
  from: Int32Array;
  to: Int32Array;
  /** DEP_* code. */
  state: Uint8Array;
  updatedAt: Float64Array;
}

export interface AlignmentGraph {
  n: number;
  ids: string[];
  titles: string[];
  /** Node id → index, built on first use (the engine itself uses `lookup`). */
  readonly index: Map<string, number>;
  /** Node id → index without a Map: `lookup.get(id)` is exact and returns -1 when absent. */
  lookup: IdIndex;
  /** KIND_* code per node. */
  kind: Uint8Array;
  /** STATUS_* code per node. */
  status: Uint8Array;
  /** Metric values; NaN stands for null. A node "has a metric" iff its target is not NaN. */
  baseline: Float64Array;
  target: Float64Array;
  current: Float64Array;
  /** DIRECTION_* code per node. */
  direction: Uint8Array;
  /** 0..1, NaN when nobody said. */
  confidence: Float64Array;
  /** 1 is the most important; NaN when not ranked. */
  priority: Float64Array;
  /** 1 when the node is marked standalone. */
  standalone: Uint8Array;
  /** Epoch ms of the latest check-in, NaN when none. */
  lastCheckinAt: Float64Array;
  /** The snapshot's node records by index, for fields the arrays leave out (createdAt, …). */
  records: readonly NodeRecord[];
  /** Index into `cycleIds`, -1 when the node has no cycle. */
  cycle: Int32Array;
  cycleIds: string[];
  ownerUnit: Int32Array;
  ownerPerson: Int32Array;
  /** ownerUnit, else the owner person's primary unit, else -1. */
  attrUnit: Int32Array;

  /** Vertical edges child → parent in CSR: parents of v are upTargets[upOffsets[v]..upOffsets[v+1]). */
  upOffsets: Int32Array;
  upTargets: Int32Array;
  upWeights: Float64Array;
  /** 1 for contributes_to (counts in progress), 0 for supports. */
  upCounts: Uint8Array;
  /** The same edges parent → child. */
  downOffsets: Int32Array;
  downTargets: Int32Array;
  downWeights: Float64Array;
  downCounts: Uint8Array;
  verticalEdgeCount: number;

  deps: DependencyTable;

  /**
   * Every node once, PARENTS BEFORE CHILDREN over vertical edges (Kahn). Nodes that sit on
   * or below a cycle of vertical edges come last, in index order.
   */
  topo: Int32Array;
  /** Ids of nodes Kahn's algorithm could not order (on or below a vertical cycle). */
  cyclicNodes: string[];
  /** Edges skipped because an end is not a known node id, or the kind is unknown. */
  skippedEdges: number;

  units: UnitTable;
  people: PeopleTable;
}

const nanIfNull = (x: number | null): number => (x === null ? Number.NaN : x);

/** Largest edge weight used; 300k × 1e12 still sums exactly enough in a double. */
export const MAX_WEIGHT = 1e12;

const EDGE_SKIPPED = 0;
const EDGE_CONTRIBUTES = 1;
const EDGE_SUPPORTS = 2;
const EDGE_DEPENDS = 3;

/** Builds the graph in O(V + E + U + P). Never throws on bad references: it skips them. */
export function buildGraph(s: OrgSnapshot): AlignmentGraph {
  const units = buildUnits(s);
  const people = buildPeople(s, units);
  const nodes = s.nodes;
  const n = nodes.length;

  const ids = new Array<string>(n);
  const titles = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    ids[i] = nodes[i].id;
    titles[i] = nodes[i].title;
  }
  // Duplicate node ids (bad data): the last record wins, so edges attach to it.
  const lookup = new IdIndex(ids);

  const kind = new Uint8Array(n);
  const status = new Uint8Array(n);
  const baseline = new Float64Array(n);
  const target = new Float64Array(n);
  const current = new Float64Array(n);
  const direction = new Uint8Array(n);
  const confidence = new Float64Array(n);
  const priority = new Float64Array(n);
  const standalone = new Uint8Array(n);
  const lastCheckinAt = new Float64Array(n);
  const cycle = new Int32Array(n);
  const cycleIds: string[] = [];
  const cycleIndex = new Map<string, number>();
  const ownerUnit = new Int32Array(n);
  const ownerPerson = new Int32Array(n);
  const attrUnit = new Int32Array(n);

  // Consecutive nodes usually share owner and cycle: remember the last resolution of each.
  let lastUnitId: string | null = null;
  let lastUnit = -1;
  let lastPersonId: string | null = null;
  let lastPerson = -1;
  let lastCycleId: string | null = null;
  let lastCycle = -1;
  for (let i = 0; i < n; i++) {
    const r = nodes[i];
    kind[i] = kindCode(r.kind);
    status[i] = statusCode(r.status);
    baseline[i] = nanIfNull(r.baseline);
    const t = nanIfNull(r.target);
    target[i] = Number.isFinite(t) ? t : Number.NaN;
    current[i] = nanIfNull(r.current);
    direction[i] = r.direction === "decrease" ? DIRECTION_DECREASE : DIRECTION_INCREASE;
    confidence[i] = nanIfNull(r.confidence);
    priority[i] = nanIfNull(r.priority);
    standalone[i] = r.standalone ? 1 : 0;
    lastCheckinAt[i] = parseTime(r.lastCheckinAt);
    const cycleId = r.cycleId;
    if (cycleId !== lastCycleId) {
      lastCycleId = cycleId;
      lastCycle = cycleId === null ? -1 : (cycleIndex.get(cycleId) ?? -1);
      if (cycleId !== null && lastCycle < 0) {
        lastCycle = cycleIds.length;
        cycleIds.push(cycleId);
        cycleIndex.set(cycleId, lastCycle);
      }
    }
    cycle[i] = lastCycle;
    const unitId = r.ownerUnitId;
    if (unitId !== lastUnitId) {
      lastUnitId = unitId;
      lastUnit = unitId === null ? -1 : (units.index.get(unitId) ?? -1);
    }
    const personId = r.ownerPersonId;
    if (personId !== lastPersonId) {
      lastPersonId = personId;
      lastPerson = personId === null ? -1 : people.lookup.getBulk(personId);
    }
    ownerUnit[i] = lastUnit;
    ownerPerson[i] = lastPerson;
    attrUnit[i] = lastUnit >= 0 ? lastUnit : lastPerson >= 0 ? people.primaryUnit[lastPerson] : -1;
  }

  // Pass 1 over edges: resolve both ends once (the expensive part), classify, count degrees.
  // Offsets are counted two slots ahead so that the fill below can use them as cursors
  // and leave them as final CSR offsets, with no cursor copies.
  const edges = s.edges;
  const m = edges.length;
  const endFrom = new Int32Array(m);
  const endTo = new Int32Array(m);
  const edgeKind = new Uint8Array(m);
  const upCursor = new Int32Array(n + 2);
  const downCursor = new Int32Array(n + 2);
  let vCount = 0;
  let dCount = 0;
  let skippedEdges = 0;
  // Edges usually come grouped by child: remember the last resolution of each end.
  let lastFromId = "";
  let lastFrom = lookup.getBulk(lastFromId);
  let lastToId = "";
  let lastTo = lookup.getBulk(lastToId);
  for (let e = 0; e < m; e++) {
    const r = edges[e];
    const k: EdgeKind = r.kind;
    const code =
      k === "contributes_to"
        ? EDGE_CONTRIBUTES
        : k === "supports"
          ? EDGE_SUPPORTS
          : k === "depends_on"
            ? EDGE_DEPENDS
            : EDGE_SKIPPED;
    const fromId = r.fromId;
    const toId = r.toId;
    if (fromId !== lastFromId) {
      lastFromId = fromId;
      lastFrom = lookup.getBulk(fromId);
    }
    if (toId !== lastToId) {
      lastToId = toId;
      lastTo = lookup.getBulk(toId);
    }
    const f = lastFrom;
    const t = lastTo;
    if (f < 0 || t < 0 || code === EDGE_SKIPPED) {
      skippedEdges++;
      continue;
    }
    endFrom[e] = f;
    endTo[e] = t;
    edgeKind[e] = code;
    if (code === EDGE_DEPENDS) {
      dCount++;
    } else {
      vCount++;
      upCursor[f + 2]++;
      downCursor[t + 2]++;
    }
  }

  // Pass 2: counting sort into CSR, both directions, and the dependency table.
  for (let i = 2; i < n + 2; i++) {
    upCursor[i] += upCursor[i - 1];
    downCursor[i] += downCursor[i - 1];
  }
  const upTargets = new Int32Array(vCount);
  const upWeights = new Float64Array(vCount);
  const upCounts = new Uint8Array(vCount);
  const downTargets = new Int32Array(vCount);
  const downWeights = new Float64Array(vCount);
  const downCounts = new Uint8Array(vCount);
  const deps: DependencyTable = {
    count: dCount,
    ids: new Array<string>(dCount),
    from: new Int32Array(dCount),
    to: new Int32Array(dCount),
    state: new Uint8Array(dCount),
    updatedAt: new Float64Array(dCount),
  };
  let j = 0;
  for (let e = 0; e < m; e++) {
    const code = edgeKind[e];
    if (code === EDGE_SKIPPED) continue;
    const r = edges[e];
    const f = endFrom[e];
    const t = endTo[e];
    if (code === EDGE_DEPENDS) {
      deps.ids[j] = r.id;
      deps.from[j] = f;
      deps.to[j] = t;
      deps.state[j] = depStateCode(r.state);
      deps.updatedAt[j] = parseTime(r.updatedAt);
      j++;
      continue;
    }
    // Negative, NaN or infinite weights count as 0; a cap keeps weighted sums finite.
    const w = r.weight > 0 && Number.isFinite(r.weight) ? Math.min(r.weight, MAX_WEIGHT) : 0;
    const counts = code === EDGE_CONTRIBUTES ? 1 : 0;
    const u = upCursor[f + 1]++;
    upTargets[u] = t;
    upWeights[u] = w;
    upCounts[u] = counts;
    const d = downCursor[t + 1]++;
    downTargets[d] = f;
    downWeights[d] = w;
    downCounts[d] = counts;
  }
  // Each cursor now sits at the end of its node's run, which is the next node's start.
  const upOffsets = upCursor.subarray(0, n + 1);
  const downOffsets = downCursor.subarray(0, n + 1);

  const { topo, cyclicNodes } = kahn(n, upOffsets, downOffsets, downTargets, ids);

  // Every graph gets the same hidden class (shape): the lazy `index` lives on a shared
  // prototype, because a getter written into each object literal would give each graph its
  // own shape and make every pass over it polymorphic in the JIT.
  const g: AlignmentGraph = Object.create(LAZY_INDEX);
  return Object.assign(g, {
    n,
    ids,
    titles,
    indexCache: null,
    lookup,
    kind,
    status,
    baseline,
    target,
    current,
    direction,
    confidence,
    priority,
    standalone,
    lastCheckinAt,
    records: nodes,
    cycle,
    cycleIds,
    ownerUnit,
    ownerPerson,
    attrUnit,
    upOffsets,
    upTargets,
    upWeights,
    upCounts,
    downOffsets,
    downTargets,
    downWeights,
    downCounts,
    verticalEdgeCount: vCount,
    deps,
    topo,
    cyclicNodes,
    skippedEdges,
    units,
    people,
  });
}

/**
 * Kahn's algorithm, parents first: a node is emitted once all its parents are.
 * The output array doubles as the queue. Leftovers (cycles and what hangs below them)
 * are appended so callers still see every node exactly once.
 */
function kahn(
  n: number,
  upOffsets: Int32Array,
  downOffsets: Int32Array,
  downTargets: Int32Array,
  ids: string[],
): { topo: Int32Array; cyclicNodes: string[] } {
  const pending = new Int32Array(n);
  const topo = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) {
    pending[v] = upOffsets[v + 1] - upOffsets[v];
    if (pending[v] === 0) topo[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const v = topo[head];
    for (let k = downOffsets[v]; k < downOffsets[v + 1]; k++) {
      const c = downTargets[k];
      if (--pending[c] === 0) topo[tail++] = c;
    }
  }
  const cyclicNodes: string[] = [];
  if (tail < n) {
    for (let v = 0; v < n; v++) {
      if (pending[v] > 0) {
        topo[tail++] = v;
        cyclicNodes.push(ids[v]);
      }
    }
  }
  return { topo, cyclicNodes };
}

/** True for the statuses that still ask something of their owner. */
export const isOpen = (statusCode: number): boolean =>
  statusCode === STATUS_ACTIVE || statusCode === STATUS_DRAFT;
