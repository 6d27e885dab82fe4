/**
 * The live alignment model: one organization's graph kept resident and patched write by
 * write, so that a check-in costs the nodes above it instead of a whole-organization pass.
 *
 * What it keeps (dense integer ids inside, strings only where a reader needs them):
 * - nodes in growable typed arrays; a deleted node becomes a tombstone (status GONE) so
 *   that indices stay stable;
 * - edges in growable typed arrays, threaded into four singly linked adjacency lists
 *   (vertical edges by child and by parent, dependencies by both ends), so adding an edge
 *   is O(1) and removing one is O(degree);
 * - derived state: rolled-up progress, "reaches strategy" with a per-node count of parents
 *   that reach, live contributors per node, rule flags per node and per dependency,
 *   directly owned goals per unit, and health counters per unit (not summed over subtrees:
 *   a unit's score sums its subtree on read, O(subtree)).
 * - time: a node becomes stale at a known instant (its due time), a request stalls at a
 *   known instant. Both sit in min-heaps ordered by due time; a read at `now` pops what
 *   fell due since the last read and moves only those counters. The clock alone never
 *   forces a recompute.
 *
 * Algorithms: a check-in re-rolls the node's ancestors with a worklist that stops where a
 * value does not change, O(ancestors · degree); reach changes flow down the same way.
 * Everything else is O(1) or O(degree) per write, except unit changes (O(V), no reload).
 * With a vertical cycle in the data (bad input the write paths refuse) reach and progress
 * are recomputed in full after each write, exactly as the from-scratch engine does.
 *
 * The from-scratch engine (engine.ts `analyze`) stays the reference: tests check that the
 * model equals it after any random sequence of writes.
 */

import {
  DEFAULT_MAX_ACTIVE_GOALS,
  DEFAULT_STALE_AFTER_DAYS,
  DEFAULT_STALLED_REQUEST_DAYS,
  DEPENDENCY_CONFIDENCE_FLOOR,
  FIX,
  type FindingOptions,
  KIND_LABEL,
  KIND_NOUN,
  LOW_CONFIDENCE,
  RULES,
  type RuleId,
  sortByTitleThenIdSteps,
} from "./findings.js";
import {
  DEP_ACCEPTED,
  DEP_DECLINED,
  DEP_DONE,
  DEP_NONE,
  DEP_REQUESTED,
  DIRECTION_DECREASE,
  DIRECTION_INCREASE,
  KIND_CODES,
  KIND_GOAL,
  KIND_INITIATIVE,
  KIND_KEY_RESULT,
  KIND_KPI,
  KIND_OBJECTIVE,
  MAX_WEIGHT,
  STATUS_ACTIVE,
  STATUS_CANCELLED,
  STATUS_CODES,
  STATUS_DONE,
  STATUS_DRAFT,
} from "./graph.js";
import { type HealthScore, score } from "./health.js";
import {
  computeHeatmapSteps,
  type Heatmap,
  type HeatmapGraph,
  type HeatmapOptions,
} from "./heatmap.js";
import { IdColumn, IdColumnIndex } from "./id-column.js";
import { IdIndex } from "./idindex.js";
import { progressFromRaw } from "./progress.js";
import { paced, runPaced, runSteps, SLICE, STEP_BUDGET_MS, sortSteps } from "./sliced-sort.js";
import { DAY, parseTime } from "./time.js";
import type {
  EdgeRecord,
  Finding,
  NodeKind,
  NodeRecord,
  NodeStatus,
  OrgSnapshot,
  Severity,
  UnitRecord,
} from "./types.js";
import { buildUnits, type UnitTable } from "./units.js";

/** Status of a deleted node: its index stays, nothing counts it. */
export const STATUS_GONE = 255;

const E_DEAD = 0;
const E_CONTRIBUTES = 1;
const E_SUPPORTS = 2;
const E_DEPENDS = 3;

// Rule flags per node (stale is time-dependent and kept apart).
const F_UNOWNED = 1;
const F_ORPHAN = 2;
const F_NO_METRIC = 4;
const F_LOW_CONFIDENCE = 8;

// Static dependency risk (stalled is time-dependent and kept apart).
const R_NONE = 0;
const R_DECLINED = 1;
const R_CANCELLED = 2;
const R_WEAK = 3;

// Health counter slots: [total, bad] per component, in HEALTH_COMPONENTS order, then items.
const ALIGNED = 0;
const OWNED = 2;
const FRESH = 4;
const MEASURABLE = 6;
const DEPS = 8;
const FOCUS = 10;
const ITEMS = 12;
const SLOTS = 13;

export const KIND_NAMES: NodeKind[] = (Object.entries(KIND_CODES) as [NodeKind, number][])
  .sort((x, y) => x[1] - y[1])
  .map(([k]) => k);
const STATUS_NAMES: NodeStatus[] = (Object.entries(STATUS_CODES) as [NodeStatus, number][])
  .sort((x, y) => x[1] - y[1])
  .map(([k]) => k);

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const SEVERITY_NAMES = ["error", "warning", "info"] as const;
const RULE_RANK: Record<string, number> = Object.fromEntries(RULES.map((r, i) => [r.id, i]));
const bucketOf = (severity: Severity, rule: RuleId) =>
  SEVERITY_RANK[severity] * RULES.length + RULE_RANK[rule];
// The buckets node rules fall in (severity × rule, in findings order).
const B_UNOWNED = SEVERITY_RANK.error * RULES.length + RULE_RANK.unowned;
const B_ORPHAN = SEVERITY_RANK.warning * RULES.length + RULE_RANK.orphan;
const B_NO_METRIC = SEVERITY_RANK.warning * RULES.length + RULE_RANK.no_metric;
const B_NO_METRIC_INFO = SEVERITY_RANK.info * RULES.length + RULE_RANK.no_metric;
const B_STALE = SEVERITY_RANK.warning * RULES.length + RULE_RANK.stale_checkin;
const B_LOW_CONFIDENCE = SEVERITY_RANK.warning * RULES.length + RULE_RANK.low_confidence;
const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
const percent = (x: number) => `${Math.floor(x * 100 + 1e-9)}%`;
const nanIfNull = (x: number | null): number => (x === null ? Number.NaN : x);
const cmp = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);
/** Same value, NaN equal to NaN. */
/** More nodes marked than this between two findings pages: the bucket lists are built again. */
const MARKED_LIMIT = 4096;

/** How far behind the model's clock a read may be and still be answered at that clock. */
const CLOCK_SKEW_MS = 5_000;

const heatmapKey = (opts: Pick<HeatmapOptions, "depth" | "unitIds">) =>
  `${opts.depth ?? ""}|${opts.unitIds?.join(",") ?? ""}`;

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

export type LiveOptions = Pick<
  FindingOptions,
  "maxActiveGoalsPerOwner" | "staleAfterDays" | "stalledRequestDays"
> & {
  /**
   * The clock the model is built at (a server's cold load: now). What is already stale is
   * counted as such by the build, instead of being popped from the due-time heap by the
   * first read.
   */
  now?: Date;
};

/** What a findings read asks for. */
export interface FindingsFilter {
  severity?: Severity;
  rule?: string;
  nodeId?: string;
  /** Only findings attributed to this unit or a unit below it. */
  unitId?: string;
  offset?: number;
  limit?: number;
}

export interface FindingsPage {
  items: Finding[];
  total: number;
  counts: Record<Severity, number>;
}

/** A min-heap of (due time, index) with lazy deletion: entries are checked when popped. */
class DueHeap {
  keys = new Float64Array(64);
  vals = new Int32Array(64);
  size = 0;
  push(key: number, val: number) {
    if (this.size === this.keys.length) {
      this.keys = growF64(this.keys, this.size * 2);
      this.vals = growI32(this.vals, this.size * 2);
    }
    let i = this.size++;
    const { keys, vals } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }
  peekKey(): number {
    return this.size > 0 ? this.keys[0] : Number.POSITIVE_INFINITY;
  }
  pop(): number {
    const { keys, vals } = this;
    const top = vals[0];
    const n = --this.size;
    const key = keys[n];
    const val = vals[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= key) break;
      keys[i] = keys[c];
      vals[i] = vals[c];
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
    return top;
  }
  clear() {
    this.size = 0;
  }
}

function growF64(a: Float64Array, cap: number) {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
function growI32(a: Int32Array, cap: number, fill?: number) {
  const b = new Int32Array(cap);
  if (fill !== undefined) b.fill(fill, a.length);
  b.set(a);
  return b;
}
/** The capacity to grow to for `need` (half as much again, so appends stay amortized). */
const grownCapacity = (need: number, cap: number) => Math.max(need, Math.ceil(cap * 1.5), 64);

/** Runs each grower, with a pause point after each. */
function* growSteps(growers: (() => unknown)[]): Generator<void, void, void> {
  for (const grow of growers) {
    grow();
    yield;
  }
}

function growU8(a: Uint8Array, cap: number) {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}

/** Columns of nodes for a bulk build (what the database reads in bulk). */
export interface NodeColumns {
  n: number;
  ids: string[];
  titles: string[];
  kind: Uint8Array;
  status: Uint8Array;
  baseline: Float64Array;
  target: Float64Array;
  current: Float64Array;
  direction: Uint8Array;
  confidence: Float64Array;
  priority: Float64Array;
  standalone: Uint8Array;
  lastCheckinAt: Float64Array;
  createdAt: Float64Array;
  ownerUnitIds: (string | null)[];
  ownerPersonIds: (string | null)[];
  cycleIds: (string | null)[];
  /**
   * The owner person as an index into `people.ids` (-1: none), where the reader resolved it
   * already (the cold load resolves each distinct owner once; without it the build looks up
   * every node's owner id: 294,000 lookups at XL).
   */
  ownerPerson?: Int32Array;
}

/** Columns of edges; ends as node indices into NodeColumns (-1: unknown, the edge is skipped). */
export interface EdgeColumns {
  m: number;
  /** As bytes (id-column.ts): a million id strings made the loads' longest stalls. */
  ids: IdColumn;
  /** E_CONTRIBUTES 1, E_SUPPORTS 2, E_DEPENDS 3; 0 skips the edge. */
  kind: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
  /** DEP_* code. */
  state: Uint8Array;
  updatedAt: Float64Array;
}

export interface LiveColumns {
  units: UnitRecord[];
  people: { ids: string[]; primaryUnitIds: (string | null)[] };
  nodes: NodeColumns;
  edges: EdgeColumns;
  /** An index over `nodes.ids` built already (the cold load builds one to resolve edges). */
  nodeIndex?: IdIndex;
  /** An index over `people.ids` built already (the cold load builds one to resolve owners). */
  personIndex?: IdIndex;
  /**
   * The live nodes in title-then-id order, kept already (a checkpoint): checked in one pass
   * instead of sorted again (liveTitleOrderSteps), and sorted again when it does not hold.
   */
  titleOrder?: Int32Array;
}

/** NodeColumns' columns by kind: strings (or null), bytes (codes, flags), numbers. */
export const NODE_STRING_COLUMNS = [
  "ids",
  "titles",
  "ownerUnitIds",
  "ownerPersonIds",
  "cycleIds",
] as const;
export const NODE_BYTE_COLUMNS = ["kind", "status", "direction", "standalone"] as const;
export const NODE_NUMBER_COLUMNS = [
  "baseline",
  "target",
  "current",
  "confidence",
  "priority",
  "lastCheckinAt",
  "createdAt",
] as const;

/** Node columns for n nodes, to be filled (the ids and strings as empty slots). */
export function emptyNodeColumns(n: number): NodeColumns {
  return runSteps(emptyNodeColumnsSteps(n));
}

/**
 * emptyNodeColumns as steps, a column at a time (at XL, allocating the 16 columns at once
 * held a server's event loop for 20-60 ms).
 */
export function* emptyNodeColumnsSteps(n: number): Generator<void, NodeColumns, void> {
  const c = { n } as NodeColumns;
  for (const k of NODE_STRING_COLUMNS) {
    c[k] = new Array(n);
    yield;
  }
  for (const k of NODE_BYTE_COLUMNS) c[k] = new Uint8Array(n);
  yield;
  for (const k of NODE_NUMBER_COLUMNS) {
    c[k] = new Float64Array(n);
    yield;
  }
  return c;
}

/** Edge columns for m edges, to be filled. */
export function emptyEdgeColumns(m: number): EdgeColumns {
  return {
    m,
    ids: new IdColumn(m),
    kind: new Uint8Array(m),
    from: new Int32Array(m),
    to: new Int32Array(m),
    weight: new Float64Array(m),
    state: new Uint8Array(m),
    updatedAt: new Float64Array(m),
  };
}

export const EDGE_KIND_CODES = {
  contributes_to: E_CONTRIBUTES,
  supports: E_SUPPORTS,
  depends_on: E_DEPENDS,
} as const;
export const DEP_STATE_CODES = {
  requested: DEP_REQUESTED,
  accepted: DEP_ACCEPTED,
  declined: DEP_DECLINED,
  done: DEP_DONE,
} as const;

export class LiveModel {
  /** The organization's revision this model reflects (set by whoever feeds it). */
  revision = 0;
  private readonly limit: number;
  private readonly fallbackCadence: number;
  private readonly stalledMs: number;

  // ---- nodes ----
  n = 0;
  private cap = 0;
  ids: string[] = [];
  titles: string[] = [];
  /** Node id → index: a fingerprint table over the bulk-loaded ids, a Map for later ones. */
  private nodeBase = new IdIndex([]);
  private readonly nodeExtra = new Map<string, number>();
  kind = new Uint8Array(0);
  status = new Uint8Array(0);
  baseline = new Float64Array(0);
  target = new Float64Array(0);
  current = new Float64Array(0);
  direction = new Uint8Array(0);
  confidence = new Float64Array(0);
  priority = new Float64Array(0);
  standalone = new Uint8Array(0);
  lastCheckinAt = new Float64Array(0);
  createdAt = new Float64Array(0);
  ownerUnitIds: (string | null)[] = [];
  ownerPersonIds: (string | null)[] = [];
  cycleIds: (string | null)[] = [];
  ownerUnit = new Int32Array(0);
  ownerPerson = new Int32Array(0);
  attrUnit = new Int32Array(0);
  /** Kept for readers that show more than the model holds (standalone reason). */
  private standaloneReasons: (string | null)[] = [];

  // ---- edges: four adjacency lists threaded through two "next" arrays ----
  m = 0;
  private ecap = 0;
  private edgeIds = new IdColumn(0);
  /** Edge id → index, built on first use (a cold load does not need it). */
  private edgeBase: IdColumnIndex | null = null;
  private readonly edgeExtra = new Map<string, number>();
  private eKind = new Uint8Array(0);
  private eFrom = new Int32Array(0);
  private eTo = new Int32Array(0);
  private eWeight = new Float64Array(0);
  private eState = new Uint8Array(0);
  private eUpdatedAt = new Float64Array(0);
  private eCreatedAt = new Float64Array(0);
  /** Next edge with the same `from` (vertical: parents of a child; depends: what it relies on). */
  private nextByFrom = new Int32Array(0);
  /** Next edge with the same `to`. */
  private nextByTo = new Int32Array(0);
  private upHead = new Int32Array(0);
  private downHead = new Int32Array(0);
  private depOutHead = new Int32Array(0);
  private depInHead = new Int32Array(0);
  private freeEdges: number[] = [];
  /** Vertical edges that close a cycle were seen: reach and progress go the full way. */
  private cyclic = false;

  // ---- units and people ----
  units: UnitTable = buildUnits({ units: [], people: [], nodes: [], edges: [] });
  private unitRecords = new Map<string, UnitRecord>();
  /** Person id → index: a fingerprint table over the bulk-loaded ids, a Map for later ones. */
  private personBase = new IdIndex([]);
  private readonly personExtra = new Map<string, number>();
  private personIds: string[] = [];
  private personPrimaryUnitIds: (string | null)[] = [];
  private personPrimaryUnit = new Int32Array(0);
  private personAlive = new Uint8Array(0);

  // ---- derived ----
  progress = new Float64Array(0);
  private reach = new Uint8Array(0);
  private reachCount = new Int32Array(0);
  private liveContrib = new Int32Array(0);
  private flags = new Uint8Array(0);
  /** Instant after which an active measured node is stale; NaN when it cannot be. */
  private due = new Float64Array(0);
  private staleCounted = new Uint8Array(0);
  /**
   * The nodes of each node bucket of findings (severity × rule) in title order, for pages
   * without a unit or node filter: counts are their lengths and a page is their slices, not
   * a pass over the organization. Built by the first such page; then each node whose counts
   * move (countNode) is marked and set right by the next page. Dropped (built again) after a
   * recount of everything, a title change, or too many marks.
   */
  private lists: number[][] | null = null;
  /** The buckets node v is listed in (bits), and the title it was listed under. */
  private listedMask = new Int32Array(0);
  private listedTitle: string[] = [];
  private readonly marked = new Set<number>();
  /**
   * Dependencies at risk by severity (error, warning) in their findings' order (the
   * dependency order), kept like `lists`: each dependency whose counts move (countDep) is
   * marked and set right by the next page. Dropped (built again) when the order changes (a
   * dependency added or removed, a title changed), after a recount, or after too many marks.
   */
  private depLists: number[][] | null = null;
  /** The list each dependency is in: 0 none, else 1 + its severity's rank. */
  private depListed = new Uint8Array(0);
  private readonly markedDeps = new Set<number>();
  /** Whether the node's counts are in the counters (so removal takes exactly what was added). */
  private counted = new Uint8Array(0);
  private countedUnit = new Int32Array(0);
  private depRisk = new Uint8Array(0);
  private depDue = new Float64Array(0);
  private stalledCounted = new Uint8Array(0);
  private depCounted = new Uint8Array(0);
  private depCountedUnit = new Int32Array(0);
  private owned = new Int32Array(0);
  /** Per unit (U rows) and the organization (row U): SLOTS counters each. */
  private counters = new Int32Array(SLOTS);
  private readonly staleHeap = new DueHeap();
  private readonly stalledHeap = new DueHeap();
  private clock = Number.NEGATIVE_INFINITY;
  /** Nodes by title then id (live nodes only), for findings in their order. */
  private titleOrderCache: number[] | null = null;
  /** A title order kept with the columns (a checkpoint), until listsSteps checks it. */
  private keptTitleOrder: Int32Array | null = null;
  private depOrderCache: number[] | null = null;
  /** Bumped by anything that can change the heatmap (not by check-ins). */
  private structureVersion = 0;
  private heatmapCache = new Map<string, { version: number; heatmap: Heatmap }>();
  /** Bumped by every write (check-ins too): a findings page is kept while it holds. */
  private writeVersion = 0;
  /**
   * Findings pages asked for at this write version, each true from `from` up to `until`
   * (ms): the next due time in either heap, or a message's day count moving on.
   */
  private findingsCache = new Map<
    string,
    { version: number; from: number; until: number; page: FindingsPage }
  >();
  /** While a page is built: when its messages' day counts next change. */
  private pageUntil = Number.POSITIVE_INFINITY;
  private graphCache: { version: number; graph: HeatmapGraph } | null = null;
  /** Heatmaps being computed in steps (heatmapSliced), shared by concurrent readers. */
  private heatmapRunning = new Map<string, { version: number; promise: Promise<Heatmap | null> }>();

  constructor(opts: LiveOptions = {}) {
    this.limit = opts.maxActiveGoalsPerOwner ?? DEFAULT_MAX_ACTIVE_GOALS;
    this.fallbackCadence = opts.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
    this.stalledMs = (opts.stalledRequestDays ?? DEFAULT_STALLED_REQUEST_DAYS) * DAY;
    if (opts.now !== undefined) this.clock = opts.now.getTime();
  }

  // =============================================================== building

  /** A model from the engine's snapshot (tests, benchmarks, the reference comparison). */
  static fromSnapshot(s: OrgSnapshot, opts: LiveOptions = {}): LiveModel {
    return LiveModel.fromColumns(columnsOf(s), opts);
  }

  /** A model from columns read in bulk: O(V + E + U + P) and a handful of passes. */
  static fromColumns(c: LiveColumns, opts: LiveOptions = {}): LiveModel {
    const model = new LiveModel(opts);
    for (const _ of model.bulkSteps(c));
    return model;
  }

  /**
   * The same build in slices of at most a few tens of milliseconds, calling `pause` between
   * them (a server passes one that yields to its event loop, so other requests are answered
   * while a large organization is built).
   */
  static async fromColumnsSliced(
    c: LiveColumns,
    pause: () => Promise<void>,
    opts: LiveOptions = {},
  ): Promise<LiveModel> {
    const model = await LiveModel.fromColumnsBulk(c, pause, opts);
    await runPaced(model.listsSteps(), pause);
    return model;
  }

  /**
   * fromColumnsSliced without the findings pages' orders and lists (listsSteps): what health,
   * the heatmap and cascades read is there, so a server answers them first (XL: 0.7 s
   * sooner). Until listsSteps has run, nothing may write to the model, and a findings read
   * would build the lists at once (the engine waits for `listsReady` before either).
   */
  static async fromColumnsBulk(
    c: LiveColumns,
    pause: () => Promise<void>,
    opts: LiveOptions = {},
  ): Promise<LiveModel> {
    const model = new LiveModel(opts);
    await runPaced(model.bulkSteps(c), pause);
    model.keptTitleOrder = c.titleOrder ?? null;
    return model;
  }

  /**
   * The orders and lists findings pages read, built in steps after a bulk build (rather than
   * by the first findings read): the title order (the one a checkpoint kept, where it
   * holds), the dependencies' order, the finding buckets, the dependency lists.
   */
  *listsSteps(): Generator<void, void, void> {
    const kept = this.keptTitleOrder;
    this.keptTitleOrder = null;
    if (kept) yield* this.adoptTitleOrderSteps(kept);
    yield* this.titleOrderSteps();
    yield* this.depOrderSteps();
    yield* this.bucketListsSteps();
    // One pass over the dependencies (XL: 20-30 ms at once).
    yield* this.dependencyListsSteps();
  }

  /**
   * Resolved once the lists of a bulk build are there (buildListsPaced); writes and findings
   * reads wait for it. Rejected if they could not be built.
   */
  listsReady: Promise<void> = Promise.resolve();

  /** listsSteps, paced, as `listsReady` (for a model from fromColumnsBulk). */
  buildListsPaced(pause: () => Promise<void>): Promise<void> {
    this.listsReady = runPaced(this.listsSteps(), pause);
    // Awaited by writes and findings reads, maybe by none: not an unhandled rejection.
    this.listsReady.catch(() => {});
    return this.listsReady;
  }

  /**
   * What the model holds, as the columns a bulk build takes (live nodes, edges and people
   * only, node indices renumbered): `fromColumns(model.columns())` is the same model as one
   * built from the database at this revision, apart from the order of edges that writes put
   * into free slots. A copy: later writes to the model do not change it. One pass over the
   * arrays (a checkpoint takes it while the server is quiet: about 50 ms at XL).
   */
  columns(): LiveColumns {
    return runSteps(this.columnsSteps());
  }

  /**
   * columns() in steps, a column or a slice of a loop at a time (at XL, in one piece it held
   * the event loop for 100 ms). A copy only if nothing is written to the model meanwhile:
   * the caller checks that the revision did not move before it uses the result.
   */
  *columnsSteps(): Generator<void, LiveColumns, void> {
    const n = this.n;
    const { status } = this;
    const renumber = new Int32Array(n);
    let live = 0;
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      renumber[v] = status[v] === STATUS_GONE ? -1 : live++;
    }
    yield;
    const pick = <T extends Uint8Array | Float64Array>(a: T, make: (len: number) => T): T => {
      if (live === n) return a.slice(0, n) as T;
      const out = make(live);
      for (let v = 0; v < n; v++) if (renumber[v] >= 0) out[renumber[v]] = a[v];
      return out;
    };
    const pickList = <T>(a: T[]): T[] => {
      if (live === n) return a.slice(0, n);
      const out = new Array<T>(live);
      for (let v = 0; v < n; v++) if (renumber[v] >= 0) out[renumber[v]] = a[v];
      return out;
    };
    const u8 = (len: number) => new Uint8Array(len);
    const f64 = (len: number) => new Float64Array(len);
    const nodes = { n: live } as NodeColumns;
    for (const k of NODE_STRING_COLUMNS) {
      (nodes[k] as (string | null)[]) = pickList(this[k] as (string | null)[]);
      yield;
    }
    for (const k of NODE_BYTE_COLUMNS) {
      nodes[k] = pick(this[k], u8);
      yield;
    }
    for (const k of NODE_NUMBER_COLUMNS) {
      nodes[k] = pick(this[k], f64);
      yield;
    }
    let m = 0;
    for (let e = 0; e < this.m; e++) if (this.eKind[e] !== E_DEAD) m++;
    yield;
    const edges = emptyEdgeColumns(m);
    yield;
    for (let e = 0, k = 0; e < this.m; e++) {
      if ((e & SLICE) === SLICE) yield;
      if (this.eKind[e] === E_DEAD) continue;
      edges.ids.copy(k, this.edgeIds, e);
      edges.kind[k] = this.eKind[e];
      edges.from[k] = renumber[this.eFrom[e]];
      edges.to[k] = renumber[this.eTo[e]];
      edges.weight[k] = this.eWeight[e];
      edges.state[k] = this.eState[e];
      edges.updatedAt[k] = this.eUpdatedAt[e];
      k++;
    }
    yield;
    const people = { ids: [] as string[], primaryUnitIds: [] as (string | null)[] };
    for (let p = 0; p < this.personIds.length; p++) {
      if ((p & SLICE) === SLICE) yield;
      if (!this.personAlive[p]) continue;
      people.ids.push(this.personIds[p]);
      people.primaryUnitIds.push(this.personPrimaryUnitIds[p]);
    }
    return { units: [...this.unitRecords.values()], people, nodes, edges };
  }

  /** The bulk build as steps: each `yield` is a point where the caller may pause. */
  private *bulkSteps(c: LiveColumns): Generator<void, void, void> {
    const N = c.nodes;
    yield* this.nodeCapacitySteps(N.n + 16);
    for (const u of c.units) this.unitRecords.set(u.id, u);
    yield;
    this.units = buildUnits({ units: c.units, people: [], nodes: [], edges: [] });
    yield;
    const P = c.people.ids.length;
    this.personIds = c.people.ids.slice();
    this.personPrimaryUnitIds = c.people.primaryUnitIds.slice();
    this.personPrimaryUnit = new Int32Array(P + 16);
    this.personAlive = new Uint8Array(P + 16);
    // In steps: a Map of 100,000 ids grows (rehashes) in one piece of 10-30 ms.
    this.personBase = c.personIndex ?? (yield* IdIndex.buildSteps(this.personIds));
    for (let p = 0; p < P; p++) {
      if ((p & SLICE) === SLICE) yield;
      const uid = this.personPrimaryUnitIds[p];
      this.personPrimaryUnit[p] = uid === null ? -1 : (this.units.index.get(uid) ?? -1);
      this.personAlive[p] = 1;
    }
    yield;
    const n = N.n;
    this.n = n;
    this.ids = N.ids;
    this.titles = N.titles;
    this.nodeBase = c.nodeIndex ?? (yield* IdIndex.buildSteps(N.ids));
    yield;
    // A column at a time (each is megabytes at XL).
    for (const [to, from] of [
      [this.kind, N.kind],
      [this.status, N.status],
      [this.baseline, N.baseline],
      [this.target, N.target],
      [this.current, N.current],
      [this.direction, N.direction],
      [this.confidence, N.confidence],
      [this.priority, N.priority],
      [this.standalone, N.standalone],
      [this.lastCheckinAt, N.lastCheckinAt],
      [this.createdAt, N.createdAt],
    ] as const) {
      (to as Float64Array).set(from as Float64Array);
      yield;
    }
    this.ownerUnitIds = N.ownerUnitIds;
    this.ownerPersonIds = N.ownerPersonIds;
    this.cycleIds = N.cycleIds;
    this.standaloneReasons = new Array(n).fill(null);
    yield;
    const resolved = N.ownerPerson;
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      this.resolveOwners(v, resolved === undefined ? undefined : resolved[v]);
    }
    yield;

    const E = c.edges;
    yield* this.edgeCapacitySteps(E.m + 16);
    // Locals: the loop runs a million times at XL.
    const edgeIds = this.edgeIds;
    const { eKind, eFrom, eTo, eWeight, eState, eUpdatedAt, nextByFrom, nextByTo } = this;
    const { upHead, downHead, depOutHead, depInHead } = this;
    let m = 0;
    for (let e = 0; e < E.m; e++) {
      if ((e & SLICE) === SLICE) yield;
      const k = E.kind[e];
      const f = E.from[e];
      const t = E.to[e];
      if (k === E_DEAD || f < 0 || t < 0) continue;
      edgeIds.copy(m, E.ids, e);
      eKind[m] = k;
      eFrom[m] = f;
      eTo[m] = t;
      const w = E.weight[e];
      eWeight[m] = w > 0 && w < Number.POSITIVE_INFINITY ? Math.min(w, MAX_WEIGHT) : 0;
      eState[m] = E.state[e];
      eUpdatedAt[m] = E.updatedAt[e];
      if (k === E_DEPENDS) {
        nextByFrom[m] = depOutHead[f];
        depOutHead[f] = m;
        nextByTo[m] = depInHead[t];
        depInHead[t] = m;
      } else {
        nextByFrom[m] = upHead[f];
        upHead[f] = m;
        nextByTo[m] = downHead[t];
        downHead[t] = m;
      }
      m++;
    }
    yield;
    this.m = m;
    yield* this.recomputeSteps();
  }

  private ensureNodeCapacity(need: number) {
    if (need > this.cap) for (const _ of this.nodeCapacitySteps(need));
  }

  /** ensureNodeCapacity in steps, an array at a time (a load allocates tens of MB at once). */
  private *nodeCapacitySteps(need: number): Generator<void, void, void> {
    if (need <= this.cap) return;
    const cap = grownCapacity(need, this.cap);
    yield* growSteps(this.nodeGrowers(cap));
    this.cap = cap;
  }

  /** What grows each per-node array to `cap`. */
  private nodeGrowers(cap: number): (() => unknown)[] {
    return [
      () => (this.kind = growU8(this.kind, cap)),
      () => (this.status = growU8(this.status, cap)),
      () => (this.baseline = growF64(this.baseline, cap)),
      () => (this.target = growF64(this.target, cap)),
      () => (this.current = growF64(this.current, cap)),
      () => (this.direction = growU8(this.direction, cap)),
      () => (this.confidence = growF64(this.confidence, cap)),
      () => (this.priority = growF64(this.priority, cap)),
      () => (this.standalone = growU8(this.standalone, cap)),
      () => (this.lastCheckinAt = growF64(this.lastCheckinAt, cap)),
      () => (this.createdAt = growF64(this.createdAt, cap)),
      () => (this.ownerUnit = growI32(this.ownerUnit, cap)),
      () => (this.ownerPerson = growI32(this.ownerPerson, cap)),
      () => (this.attrUnit = growI32(this.attrUnit, cap)),
      () => (this.upHead = growI32(this.upHead, cap, -1)),
      () => (this.downHead = growI32(this.downHead, cap, -1)),
      () => (this.depOutHead = growI32(this.depOutHead, cap, -1)),
      () => (this.depInHead = growI32(this.depInHead, cap, -1)),
      () => (this.progress = growF64(this.progress, cap)),
      () => (this.reach = growU8(this.reach, cap)),
      () => (this.reachCount = growI32(this.reachCount, cap)),
      () => (this.liveContrib = growI32(this.liveContrib, cap)),
      () => (this.flags = growU8(this.flags, cap)),
      () => (this.due = growF64(this.due, cap)),
      () => (this.staleCounted = growU8(this.staleCounted, cap)),
      () => (this.listedMask = growI32(this.listedMask, cap)),
      () => (this.counted = growU8(this.counted, cap)),
      () => (this.countedUnit = growI32(this.countedUnit, cap)),
    ];
  }

  private ensureEdgeCapacity(need: number) {
    if (need > this.ecap) for (const _ of this.edgeCapacitySteps(need));
  }

  /** ensureEdgeCapacity in steps, an array at a time. */
  private *edgeCapacitySteps(need: number): Generator<void, void, void> {
    if (need <= this.ecap) return;
    const cap = grownCapacity(need, this.ecap);
    yield* growSteps(this.edgeGrowers(cap));
    this.ecap = cap;
  }

  /** What grows each per-edge array to `cap`. */
  private edgeGrowers(cap: number): (() => unknown)[] {
    return [
      () => this.edgeIds.grow(cap),
      () => (this.eKind = growU8(this.eKind, cap)),
      () => (this.eFrom = growI32(this.eFrom, cap)),
      () => (this.eTo = growI32(this.eTo, cap)),
      () => (this.eWeight = growF64(this.eWeight, cap)),
      () => (this.eState = growU8(this.eState, cap)),
      () => (this.eUpdatedAt = growF64(this.eUpdatedAt, cap)),
      () => (this.eCreatedAt = growF64(this.eCreatedAt, cap)),
      () => (this.nextByFrom = growI32(this.nextByFrom, cap)),
      () => (this.nextByTo = growI32(this.nextByTo, cap)),
      () => (this.depRisk = growU8(this.depRisk, cap)),
      () => (this.depDue = growF64(this.depDue, cap)),
      () => (this.stalledCounted = growU8(this.stalledCounted, cap)),
      () => (this.depCounted = growU8(this.depCounted, cap)),
      () => (this.depListed = growU8(this.depListed, cap)),
      () => (this.depCountedUnit = growI32(this.depCountedUnit, cap)),
    ];
  }

  private link(e: number) {
    const f = this.eFrom[e];
    const t = this.eTo[e];
    if (this.eKind[e] === E_DEPENDS) {
      this.nextByFrom[e] = this.depOutHead[f];
      this.depOutHead[f] = e;
      this.nextByTo[e] = this.depInHead[t];
      this.depInHead[t] = e;
    } else {
      this.nextByFrom[e] = this.upHead[f];
      this.upHead[f] = e;
      this.nextByTo[e] = this.downHead[t];
      this.downHead[t] = e;
    }
  }

  private unlink(e: number) {
    const f = this.eFrom[e];
    const t = this.eTo[e];
    const dep = this.eKind[e] === E_DEPENDS;
    const fromHead = dep ? this.depOutHead : this.upHead;
    const toHead = dep ? this.depInHead : this.downHead;
    if (fromHead[f] === e) fromHead[f] = this.nextByFrom[e];
    else {
      let k = fromHead[f];
      while (k >= 0 && this.nextByFrom[k] !== e) k = this.nextByFrom[k];
      if (k >= 0) this.nextByFrom[k] = this.nextByFrom[e];
    }
    if (toHead[t] === e) toHead[t] = this.nextByTo[e];
    else {
      let k = toHead[t];
      while (k >= 0 && this.nextByTo[k] !== e) k = this.nextByTo[k];
      if (k >= 0) this.nextByTo[k] = this.nextByTo[e];
    }
  }

  /** v's owner unit and person as indices; `person`: the person's slot if known already. */
  private resolveOwners(v: number, person?: number) {
    const uid = this.ownerUnitIds[v];
    const pid = this.ownerPersonIds[v];
    const u = uid === null ? -1 : (this.units.index.get(uid) ?? -1);
    let p = pid === null ? -1 : person !== undefined ? person : this.personSlot(pid);
    if (p >= 0 && !this.personAlive[p]) p = -1;
    this.ownerUnit[v] = u;
    this.ownerPerson[v] = p;
    this.attrUnit[v] = u >= 0 ? u : p >= 0 ? this.personPrimaryUnit[p] : -1;
  }

  // ============================================================ full passes

  /** Every derived value from the base arrays: the bulk build, and the cyclic fallback. */
  private recomputeAll() {
    for (const _ of this.recomputeSteps());
  }

  /** recomputeAll as steps (see bulkSteps). */
  private *recomputeSteps(): Generator<void, void, void> {
    this.lists = null;
    this.depLists = null;
    const { n } = this;
    const U = this.units.n;
    this.owned = new Int32Array(U);
    this.counters = new Int32Array((U + 1) * SLOTS);
    this.counted.fill(0);
    this.depCounted.fill(0);
    this.staleHeap.clear();
    this.stalledHeap.clear();
    yield;
    const topo = yield* this.topoOrderSteps();
    yield;
    this.cyclic = topo.cyclic;
    // Reach, parents first; live contributors.
    this.reachCount.fill(0, 0, n);
    this.liveContrib.fill(0, 0, n);
    const { reach, status, kind } = this;
    reach.fill(0, 0, n);
    this.progress.fill(Number.NaN, 0, n);
    for (let i = 0; i < n; i++) {
      if ((i & SLICE) === SLICE) yield;
      const v = topo.order[i];
      let r = 0;
      if (status[v] !== STATUS_CANCELLED && status[v] !== STATUS_GONE) {
        if (kind[v] === KIND_OBJECTIVE) r = 1;
        else {
          for (let e = this.upHead[v]; e >= 0; e = this.nextByFrom[e]) {
            if (reach[this.eTo[e]]) {
              r = 1;
              break;
            }
          }
        }
      }
      reach[v] = r;
    }
    yield;
    // Reached parents and live contributors: one pass over the edges in slot order
    // (sequential reads: walking each node's two lists jumped around the edge arrays, and
    // took four times as long at XL).
    {
      const { eKind, eFrom, eTo, reachCount, liveContrib } = this;
      for (let e = 0; e < this.m; e++) {
        if ((e & SLICE) === SLICE) yield;
        const k = eKind[e];
        if (k === E_DEAD || k === E_DEPENDS) continue;
        const f = eFrom[e];
        const t = eTo[e];
        if (reach[t]) reachCount[f]++;
        if (k === E_CONTRIBUTES && status[f] !== STATUS_CANCELLED) liveContrib[t]++;
      }
    }
    yield;
    // Progress, children first.
    for (let i = n - 1; i >= 0; i--) {
      if ((i & SLICE) === SLICE) yield;
      const v = topo.order[i];
      this.progress[v] = this.computeProgress(v);
    }
    yield;
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      this.flags[v] = this.computeFlags(v);
      this.due[v] = this.computeDue(v);
      this.staleCounted[v] = this.due[v] < this.clock ? 1 : 0;
      this.countNode(v, 1);
    }
    yield;
    for (let e = 0; e < this.m; e++) {
      if ((e & SLICE) === SLICE) yield;
      if (this.eKind[e] !== E_DEPENDS) continue;
      this.refreshDepState(e);
      this.countDep(e, 1);
    }
    this.structureVersion++;
  }

  /**
   * Kahn over the vertical edges, parents first; leftovers (cycles) last in index order. As
   * steps (see bulkSteps).
   */
  private *topoOrderSteps(): Generator<void, { order: Int32Array; cyclic: boolean }, void> {
    const { n } = this;
    const pending = new Int32Array(n);
    const order = new Int32Array(n);
    let tail = 0;
    // Each node's vertical parents, counted in one pass over the edges in slot order.
    const { eKind, eFrom } = this;
    for (let e = 0; e < this.m; e++) {
      if ((e & SLICE) === SLICE) yield;
      const k = eKind[e];
      if (k !== E_DEAD && k !== E_DEPENDS) pending[eFrom[e]]++;
    }
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      if (pending[v] === 0) order[tail++] = v;
    }
    for (let head = 0; head < tail; head++) {
      if ((head & SLICE) === SLICE) yield;
      const v = order[head];
      for (let e = this.downHead[v]; e >= 0; e = this.nextByTo[e]) {
        const c = eFrom[e];
        if (--pending[c] === 0) order[tail++] = c;
      }
    }
    const cyclic = tail < n;
    if (cyclic) for (let v = 0; v < n; v++) if (pending[v] > 0) order[tail++] = v;
    return { order, cyclic };
  }

  // ======================================================= per-node values

  private computeProgress(v: number): number {
    if (this.status[v] === STATUS_GONE) return Number.NaN;
    const t = this.target[v];
    if (!Number.isNaN(t)) {
      return progressFromRaw(
        this.baseline[v],
        t,
        this.current[v],
        this.direction[v] === DIRECTION_DECREASE,
      );
    }
    let sum = 0;
    let weight = 0;
    for (let e = this.downHead[v]; e >= 0; e = this.nextByTo[e]) {
      if (this.eKind[e] !== E_CONTRIBUTES) continue;
      const c = this.eFrom[e];
      const p = this.progress[c];
      const w = this.eWeight[e];
      if (Number.isNaN(p) || w === 0 || this.status[c] === STATUS_CANCELLED) continue;
      sum += p * w;
      weight += w;
    }
    if (weight > 0) {
      const p = sum / weight;
      return p < 0 ? 0 : Math.min(p, 1);
    }
    return this.status[v] === STATUS_DONE ? 1 : Number.NaN;
  }

  private computeFlags(v: number): number {
    const st = this.status[v];
    if (st !== STATUS_ACTIVE && st !== STATUS_DRAFT) return 0;
    const k = this.kind[v];
    let f = 0;
    if (this.ownerUnit[v] < 0 && this.ownerPerson[v] < 0) f |= F_UNOWNED;
    if (k !== KIND_OBJECTIVE && !this.reach[v] && !this.standalone[v]) f |= F_ORPHAN;
    if (
      Number.isNaN(this.target[v]) &&
      (k === KIND_KEY_RESULT || k === KIND_KPI || (k === KIND_GOAL && this.liveContrib[v] === 0))
    ) {
      f |= F_NO_METRIC;
    }
    if (st === STATUS_ACTIVE && this.confidence[v] < LOW_CONFIDENCE) f |= F_LOW_CONFIDENCE;
    return f;
  }

  private cadenceOf(v: number): number {
    const u = this.attrUnit[v];
    const c = u >= 0 ? this.units.cadenceDays[u] : Number.NaN;
    return Number.isNaN(c) ? this.fallbackCadence : c;
  }

  /** The instant after which v is stale: active, measured; NaN otherwise. */
  private computeDue(v: number): number {
    if (this.status[v] !== STATUS_ACTIVE || Number.isNaN(this.target[v])) return Number.NaN;
    const last = this.lastCheckinAt[v];
    const since = Number.isNaN(last) ? this.createdAt[v] : last;
    return since + this.cadenceOf(v) * DAY;
  }

  // ============================================================== counters

  private bump(u: number, slot: number, by: number) {
    this.counters[this.units.n * SLOTS + slot] += by;
    if (u >= 0) this.counters[u * SLOTS + slot] += by;
  }

  /** Adds (sign 1) or takes back (sign -1) what node v contributes to the counters. */
  private countNode(v: number, sign: 1 | -1) {
    if (this.lists !== null) {
      this.marked.add(v);
      if (this.marked.size > MARKED_LIMIT) this.lists = null;
    }
    if (sign === 1) {
      if (this.counted[v]) return;
      this.counted[v] = 1;
      this.countedUnit[v] = this.attrUnit[v];
    } else {
      if (!this.counted[v]) return;
      this.counted[v] = 0;
    }
    const st = this.status[v];
    const u = this.countedUnit[v];
    const f = this.flags[v];
    if (st === STATUS_ACTIVE) {
      this.bump(u, ITEMS, sign);
      this.bump(u, ALIGNED, sign);
      if (f & F_ORPHAN) this.bump(u, ALIGNED + 1, sign);
      this.bump(u, OWNED, sign);
      if (f & F_UNOWNED) this.bump(u, OWNED + 1, sign);
      if (!Number.isNaN(this.target[v])) {
        this.bump(u, FRESH, sign);
        if (this.staleCounted[v]) this.bump(u, FRESH + 1, sign);
        else if (sign === 1 && !Number.isNaN(this.due[v])) this.staleHeap.push(this.due[v], v);
      }
      this.bump(u, MEASURABLE, sign);
      if (f & F_NO_METRIC) this.bump(u, MEASURABLE + 1, sign);
      const k = this.kind[v];
      const ou = this.ownerUnit[v];
      if ((k === KIND_GOAL || k === KIND_KEY_RESULT || k === KIND_INITIATIVE) && ou >= 0) {
        const before = this.owned[ou] > this.limit;
        this.owned[ou] += sign;
        const after = this.owned[ou] > this.limit;
        if (before !== after) this.bump(ou, FOCUS + 1, after ? 1 : -1);
      }
    }
  }

  private refreshDepState(e: number) {
    const f = this.eFrom[e];
    const t = this.eTo[e];
    const st = this.eState[e];
    let risk = R_NONE;
    let due = Number.NaN;
    if (st === DEP_DECLINED) risk = R_DECLINED;
    else if (st === DEP_REQUESTED) due = this.eUpdatedAt[e] + this.stalledMs;
    else if (st === DEP_ACCEPTED && this.status[t] === STATUS_CANCELLED) risk = R_CANCELLED;
    else if (st === DEP_ACCEPTED && this.confidence[t] < DEPENDENCY_CONFIDENCE_FLOOR) risk = R_WEAK;
    if (this.status[f] !== STATUS_ACTIVE) {
      risk = R_NONE;
      due = Number.NaN;
    }
    this.depRisk[e] = risk;
    this.depDue[e] = due;
    this.stalledCounted[e] = due < this.clock ? 1 : 0;
  }

  private countDep(e: number, sign: 1 | -1) {
    if (this.depLists !== null) {
      this.markedDeps.add(e);
      if (this.markedDeps.size > MARKED_LIMIT) this.depLists = null;
    }
    if (sign === 1) {
      if (this.depCounted[e]) return;
      if (this.status[this.eFrom[e]] !== STATUS_ACTIVE) return;
      this.depCounted[e] = 1;
      this.depCountedUnit[e] = this.attrUnit[this.eFrom[e]];
    } else {
      if (!this.depCounted[e]) return;
      this.depCounted[e] = 0;
    }
    const u = this.depCountedUnit[e];
    this.bump(u, DEPS, sign);
    if (this.depRisk[e] !== R_NONE || this.stalledCounted[e]) this.bump(u, DEPS + 1, sign);
    else if (sign === 1 && !Number.isNaN(this.depDue[e])) this.stalledHeap.push(this.depDue[e], e);
  }

  /** Moves the clock to `now`: what fell due since the last read is counted. */
  /**
   * The time a read is answered at: its own, or the model's clock when that is ahead by at
   * most CLOCK_SKEW_MS. Concurrent requests take their time a few milliseconds apart and
   * reach the model out of order; moving the clock back for them would recount every node
   * (O(V + E), hundreds of milliseconds at XL) again and again.
   */
  private timeOf(now: Date): number {
    const t = now.getTime();
    return t < this.clock && this.clock - t <= CLOCK_SKEW_MS ? this.clock : t;
  }

  private advance(now: number) {
    if (now < this.clock) {
      // The clock went back (a test, a skewed caller): recount what depends on it.
      this.lists = null;
      this.depLists = null;
      this.clock = now;
      this.writeVersion++;
      for (let v = 0; v < this.n; v++) this.refreshNode(v);
      for (let e = 0; e < this.m; e++) if (this.eKind[e] === E_DEPENDS) this.refreshDep(e);
      return;
    }
    this.clock = now;
    const heap = this.staleHeap;
    while (heap.size > 0 && heap.peekKey() < now) {
      const due = heap.peekKey();
      const v = heap.pop();
      if (!this.counted[v] || this.staleCounted[v] || this.due[v] !== due) continue;
      this.countNode(v, -1);
      this.staleCounted[v] = 1;
      this.countNode(v, 1);
    }
    const deps = this.stalledHeap;
    while (deps.size > 0 && deps.peekKey() < now) {
      const due = deps.peekKey();
      const e = deps.pop();
      if (!this.depCounted[e] || this.stalledCounted[e] || this.depDue[e] !== due) continue;
      this.countDep(e, -1);
      this.stalledCounted[e] = 1;
      this.countDep(e, 1);
    }
    if (heap.size > 4 * this.n + 1024) this.rebuildHeaps();
  }

  private rebuildHeaps() {
    this.staleHeap.clear();
    this.stalledHeap.clear();
    for (let v = 0; v < this.n; v++) {
      if (this.counted[v] && !this.staleCounted[v] && !Number.isNaN(this.due[v])) {
        this.staleHeap.push(this.due[v], v);
      }
    }
    for (let e = 0; e < this.m; e++) {
      if (this.depCounted[e] && !this.stalledCounted[e] && !Number.isNaN(this.depDue[e])) {
        this.stalledHeap.push(this.depDue[e], e);
      }
    }
  }

  /** Recomputes v's flags and due time and moves its counts; also its outgoing requests. */
  private refreshNode(v: number) {
    this.countNode(v, -1);
    for (let e = this.depOutHead[v]; e >= 0; e = this.nextByFrom[e]) this.countDep(e, -1);
    this.flags[v] = this.computeFlags(v);
    this.due[v] = this.computeDue(v);
    this.staleCounted[v] = this.due[v] < this.clock ? 1 : 0;
    if (this.status[v] !== STATUS_GONE) this.countNode(v, 1);
    for (let e = this.depOutHead[v]; e >= 0; e = this.nextByFrom[e]) {
      this.refreshDepState(e);
      this.countDep(e, 1);
    }
  }

  private refreshDep(e: number) {
    this.countDep(e, -1);
    this.refreshDepState(e);
    this.countDep(e, 1);
  }

  // ========================================================= propagation

  /** Re-rolls v and what lies above it, stopping where a value does not change. */
  private reroll(start: number[]) {
    if (this.cyclic) return;
    const stack = start.slice();
    while (stack.length > 0) {
      const v = stack.pop()!;
      const p = this.computeProgress(v);
      if (same(p, this.progress[v])) continue;
      this.progress[v] = p;
      for (let e = this.upHead[v]; e >= 0; e = this.nextByFrom[e]) {
        if (this.eKind[e] === E_CONTRIBUTES) stack.push(this.eTo[e]);
      }
    }
  }

  private reachOf(v: number): number {
    const st = this.status[v];
    if (st === STATUS_CANCELLED || st === STATUS_GONE) return 0;
    return this.kind[v] === KIND_OBJECTIVE || this.reachCount[v] > 0 ? 1 : 0;
  }

  /** Brings reach of v (and, through it, of what hangs below) up to date. */
  private rereach(start: number) {
    if (this.cyclic) return;
    const stack = [start];
    while (stack.length > 0) {
      const v = stack.pop()!;
      const r = this.reachOf(v);
      if (r === this.reach[v]) continue;
      this.reach[v] = r;
      this.refreshNode(v);
      const by = r ? 1 : -1;
      for (let e = this.downHead[v]; e >= 0; e = this.nextByTo[e]) {
        const c = this.eFrom[e];
        this.reachCount[c] += by;
        stack.push(c);
      }
    }
  }

  /** After writes in a model with a vertical cycle: everything, as the reference does. */
  private afterStructuralWrite() {
    if (this.cyclic) this.recomputeAll();
    this.structureVersion++;
  }

  // ============================================================== writes

  /** Adds the node, or brings it to this record. Edges are kept; owners are re-resolved. */
  upsertNode(r: NodeRecord, standaloneReason: string | null = r.standaloneReason) {
    let v = this.slotOf(r.id);
    const isNew = v < 0 || this.status[v] === STATUS_GONE;
    const shown = isNew ? null : this.findingFacts(v);
    if (v < 0) {
      v = this.n++;
      this.ensureNodeCapacity(this.n);
      this.nodeExtra.set(r.id, v);
      this.ids[v] = r.id;
      this.status[v] = STATUS_GONE;
      this.upHead[v] = -1;
      this.downHead[v] = -1;
      this.depOutHead[v] = -1;
      this.depInHead[v] = -1;
    }
    if (isNew) {
      // New, or back after a delete: no edges, nothing counted, in the title order.
      this.titles[v] = r.title;
      this.progress[v] = Number.NaN;
      this.reach[v] = 0;
      this.reachCount[v] = 0;
      this.liveContrib[v] = 0;
      this.insertTitle(v);
    }
    const oldStatus = this.status[v];
    const oldKind = this.kind[v];
    const oldConfidence = this.confidence[v];
    const oldTitle = this.titles[v];
    const oldPriority = this.priority[v];
    const oldOwner = `${this.ownerUnitIds[v]}|${this.ownerPersonIds[v]}`;
    this.countNode(v, -1);
    for (let e = this.depOutHead[v]; e >= 0; e = this.nextByFrom[e]) this.countDep(e, -1);

    const kind = KIND_CODES[r.kind] ?? KIND_GOAL;
    const status = STATUS_CODES[r.status] ?? STATUS_DRAFT;
    if (!isNew && oldTitle !== r.title) {
      // Its dependencies' findings are ordered by "from → to" titles: take them out first.
      const touching: number[] = [];
      for (let e = this.depOutHead[v]; e >= 0; e = this.nextByFrom[e]) touching.push(e);
      for (let e = this.depInHead[v]; e >= 0; e = this.nextByTo[e]) {
        if (this.eFrom[e] !== v) touching.push(e);
      }
      for (const e of touching) this.removeDep(e);
      this.removeTitle(v);
      this.titles[v] = r.title;
      this.insertTitle(v);
      for (const e of touching) this.insertDep(e);
    }
    this.kind[v] = kind;
    this.status[v] = status;
    this.baseline[v] = nanIfNull(r.baseline);
    const t = nanIfNull(r.target);
    this.target[v] = Number.isFinite(t) ? t : Number.NaN;
    this.current[v] = nanIfNull(r.current);
    this.direction[v] = r.direction === "decrease" ? DIRECTION_DECREASE : DIRECTION_INCREASE;
    this.confidence[v] = nanIfNull(r.confidence);
    this.priority[v] = nanIfNull(r.priority);
    this.standalone[v] = r.standalone ? 1 : 0;
    this.standaloneReasons[v] = standaloneReason;
    this.lastCheckinAt[v] = parseTime(r.lastCheckinAt);
    this.createdAt[v] = parseTime(r.createdAt);
    this.ownerUnitIds[v] = r.ownerUnitId;
    this.ownerPersonIds[v] = r.ownerPersonId;
    this.cycleIds[v] = r.cycleId;
    this.resolveOwners(v);

    // What hangs on the node's status: its parents' live contributors, reach, requests on it.
    const wasCancelled = oldStatus === STATUS_CANCELLED || oldStatus === STATUS_GONE;
    const isCancelled = status === STATUS_CANCELLED;
    if (wasCancelled !== isCancelled) {
      for (let e = this.upHead[v]; e >= 0; e = this.nextByFrom[e]) {
        if (this.eKind[e] === E_CONTRIBUTES) {
          this.liveContrib[this.eTo[e]] += isCancelled ? -1 : 1;
          this.refreshNode(this.eTo[e]);
        }
      }
    }
    this.refreshNode(v);
    if (oldStatus !== status || oldConfidence !== this.confidence[v] || isNew) {
      for (let e = this.depInHead[v]; e >= 0; e = this.nextByTo[e]) this.refreshDep(e);
    }
    this.rereach(v);
    this.reroll([v]);
    if (oldStatus !== status) {
      // A parent ignores a cancelled child and counts a done one: re-roll the parents too.
      const parents: number[] = [];
      for (let e = this.upHead[v]; e >= 0; e = this.nextByFrom[e]) parents.push(this.eTo[e]);
      this.reroll(parents);
    }
    const structural =
      isNew ||
      oldStatus !== status ||
      oldKind !== kind ||
      oldTitle !== r.title ||
      oldOwner !== `${r.ownerUnitId}|${r.ownerPersonId}` ||
      !same(oldPriority, this.priority[v]);
    if (structural) {
      this.afterStructuralWrite();
    } else if (this.cyclic) {
      this.recomputeAll();
    }
    // Most check-ins change no finding: the findings pages kept stay true then.
    if (structural || this.cyclic || !shown || !this.sameFindings(v, shown, oldConfidence)) {
      this.writeVersion++;
    }
  }

  /** What findings show of v and its requests, before a write that keeps its structure. */
  private findingFacts(v: number) {
    const deps: number[] = [];
    for (let e = this.depOutHead[v]; e >= 0; e = this.nextByFrom[e]) {
      deps.push(this.depRisk[e], this.depDue[e]);
    }
    for (let e = this.depInHead[v]; e >= 0; e = this.nextByTo[e]) {
      deps.push(this.depRisk[e], this.depDue[e]);
    }
    return { flags: this.flags[v], due: this.due[v], deps };
  }

  /**
   * Whether every findings page kept is still true after a write to v that kept its status,
   * kind, title, owner and priority (a check-in, mostly). A page is kept until the earliest
   * due time (findings()), so a due time that only moves later, on a node that was not
   * stale, changes no page.
   */
  private sameFindings(
    v: number,
    was: ReturnType<LiveModel["findingFacts"]>,
    oldConfidence: number,
  ): boolean {
    if (this.flags[v] !== was.flags) return false;
    const due = this.due[v];
    if (Number.isNaN(due) !== Number.isNaN(was.due)) return false;
    if (!Number.isNaN(due) && (due < was.due || was.due < this.clock)) return false;
    const confidenceMoved = !same(oldConfidence, this.confidence[v]);
    if (confidenceMoved && (this.flags[v] | was.flags) & F_LOW_CONFIDENCE) return false;
    const now = this.findingFacts(v).deps;
    if (now.length !== was.deps.length) return false;
    for (let i = 0; i < now.length; i++) if (!same(now[i], was.deps[i])) return false;
    // A weak request shows the confidence of what it relies on.
    if (confidenceMoved) {
      for (let e = this.depInHead[v]; e >= 0; e = this.nextByTo[e]) {
        if (this.depRisk[e] === R_WEAK) return false;
      }
    }
    return true;
  }

  /** Removes the node and every edge that touches it (the database cascades them too). */
  removeNode(id: string) {
    this.writeVersion++;
    const v = this.indexOf(id);
    if (v < 0) return;
    // Detach every edge first, then propagate once: a node with thousands of contributors
    // is removed in O(degree), not one re-roll of its parents per edge.
    const touching: number[] = [];
    for (const head of [this.upHead, this.downHead, this.depOutHead, this.depInHead]) {
      const byFrom = head === this.upHead || head === this.depOutHead;
      for (let e = head[v]; e >= 0; e = byFrom ? this.nextByFrom[e] : this.nextByTo[e]) {
        touching.push(e);
      }
    }
    const parents = new Set<number>();
    const children = new Set<number>();
    for (const e of touching) {
      const { kind, f, t } = this.detachEdge(e);
      if (kind === E_DEPENDS) continue;
      if (f === v) parents.add(t);
      else children.add(f);
    }
    this.countNode(v, -1);
    this.removeTitle(v);
    this.status[v] = STATUS_GONE;
    this.flags[v] = 0;
    this.due[v] = Number.NaN;
    this.reach[v] = 0;
    this.progress[v] = Number.NaN;
    if (this.cyclic) this.recomputeAll();
    else {
      for (const t of parents) this.refreshNode(t);
      this.reroll([...parents]);
      for (const c of children) this.rereach(c);
    }
    this.structureVersion++;
  }

  /** Adds the edge or brings it to this record; an edge whose ends are unknown is dropped. */
  upsertEdge(r: EdgeRecord) {
    this.writeVersion++;
    const e0 = this.edgeIndexOf(r.id);
    const existing = e0 < 0 ? undefined : e0;
    const fi = this.indexOf(r.fromId);
    const ti = this.indexOf(r.toId);
    const f = fi < 0 ? undefined : fi;
    const t = ti < 0 ? undefined : ti;
    const kind: number = EDGE_KIND_CODES[r.kind] ?? E_DEAD;
    if (existing !== undefined) {
      const e = existing;
      const w = r.weight > 0 && Number.isFinite(r.weight) ? Math.min(r.weight, MAX_WEIGHT) : 0;
      if (this.eFrom[e] === f && this.eTo[e] === t && this.eKind[e] === kind) {
        // Same ends and kind: only weight or state moved.
        if (kind === E_DEPENDS) {
          this.eState[e] = r.state === null ? DEP_NONE : (DEP_STATE_CODES[r.state] ?? DEP_NONE);
          this.eUpdatedAt[e] = parseTime(r.updatedAt);
          this.refreshDep(e);
        } else if (this.eWeight[e] !== w) {
          this.eWeight[e] = w;
          this.reroll([t]);
          this.afterStructuralWrite();
        }
        return;
      }
      this.removeEdge(r.id);
    }
    if (f === undefined || t === undefined || kind === E_DEAD) return;
    let e = this.freeEdges.pop();
    if (e === undefined) {
      e = this.m++;
      this.ensureEdgeCapacity(this.m);
    }
    this.edgeIds.set(e, r.id);
    this.edgeExtra.set(r.id, e);
    this.eKind[e] = kind;
    this.eFrom[e] = f;
    this.eTo[e] = t;
    this.eWeight[e] =
      r.weight > 0 && Number.isFinite(r.weight) ? Math.min(r.weight, MAX_WEIGHT) : 0;
    this.eState[e] = r.state === null ? DEP_NONE : (DEP_STATE_CODES[r.state] ?? DEP_NONE);
    this.eUpdatedAt[e] = parseTime(r.updatedAt);
    this.depCounted[e] = 0;
    if (kind === E_DEPENDS) {
      this.link(e);
      this.refreshDep(e);
      this.insertDep(e);
      return;
    }
    if (!this.cyclic && this.reaches(t, f)) this.cyclic = true;
    this.link(e);
    if (this.reach[t]) this.reachCount[f]++;
    if (kind === E_CONTRIBUTES && this.status[f] !== STATUS_CANCELLED) {
      this.liveContrib[t]++;
      this.refreshNode(t);
    }
    this.rereach(f);
    this.reroll([t]);
    this.afterStructuralWrite();
  }

  /** Whether `target` lies on or above `start` over vertical edges (a new edge would close a cycle). */
  private reaches(start: number, target: number): boolean {
    if (start === target) return true;
    const seen = new Set<number>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let e = this.upHead[v]; e >= 0; e = this.nextByFrom[e]) {
        const p = this.eTo[e];
        if (p === target) return true;
        if (!seen.has(p)) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    return false;
  }

  removeEdge(id: string) {
    this.writeVersion++;
    const e = this.edgeIndexOf(id);
    if (e < 0) return;
    const { kind, f, t } = this.detachEdge(e);
    if (kind === E_DEPENDS) return;
    if (this.cyclic) {
      // The cycle may be gone: find out with a full pass.
      this.recomputeAll();
    } else {
      this.refreshNode(t);
      this.rereach(f);
      this.reroll([t]);
    }
    this.structureVersion++;
  }

  /**
   * Takes an edge out of the adjacency and the counts that hang on it directly (request
   * counters, reach counts, live contributors); the caller propagates what follows.
   */
  private detachEdge(e: number): { kind: number; f: number; t: number } {
    const kind = this.eKind[e];
    const f = this.eFrom[e];
    const t = this.eTo[e];
    this.edgeExtra.delete(this.edgeIds.get(e));
    if (kind === E_DEPENDS) {
      this.countDep(e, -1);
      this.unlink(e);
      this.removeDep(e);
    } else {
      this.unlink(e);
      if (this.reach[t]) this.reachCount[f]--;
      if (kind === E_CONTRIBUTES && this.status[f] !== STATUS_CANCELLED) this.liveContrib[t]--;
    }
    this.eKind[e] = E_DEAD;
    this.edgeIds.set(e, "");
    this.freeEdges.push(e);
    return { kind, f, t };
  }

  /** Adds or changes a unit: the unit table is rebuilt and attributions re-resolved, O(V). */
  upsertUnit(r: UnitRecord) {
    this.writeVersion++;
    this.unitRecords.set(r.id, r);
    this.restructureUnits();
  }

  removeUnit(id: string) {
    this.writeVersion++;
    if (!this.unitRecords.delete(id)) return;
    // The database sets owners to null and removes memberships; mirror both.
    for (let v = 0; v < this.n; v++) if (this.ownerUnitIds[v] === id) this.ownerUnitIds[v] = null;
    for (let p = 0; p < this.personIds.length; p++) {
      if (this.personPrimaryUnitIds[p] === id) this.personPrimaryUnitIds[p] = null;
    }
    this.restructureUnits();
  }

  private restructureUnits() {
    const records = [...this.unitRecords.values()];
    this.units = buildUnits({ units: records, people: [], nodes: [], edges: [] });
    for (let p = 0; p < this.personIds.length; p++) {
      const uid = this.personPrimaryUnitIds[p];
      this.personPrimaryUnit[p] = uid === null ? -1 : (this.units.index.get(uid) ?? -1);
    }
    for (let v = 0; v < this.n; v++) this.resolveOwners(v);
    // Counters are per unit index: recount them (no reach or progress moves).
    const U = this.units.n;
    this.owned = new Int32Array(U);
    this.counters = new Int32Array((U + 1) * SLOTS);
    this.counted.fill(0);
    this.depCounted.fill(0);
    this.staleHeap.clear();
    this.stalledHeap.clear();
    for (let v = 0; v < this.n; v++) {
      this.flags[v] = this.computeFlags(v);
      this.due[v] = this.computeDue(v);
      this.staleCounted[v] = this.due[v] < this.clock ? 1 : 0;
      if (this.status[v] !== STATUS_GONE) this.countNode(v, 1);
    }
    for (let e = 0; e < this.m; e++) {
      if (this.eKind[e] !== E_DEPENDS) continue;
      this.refreshDepState(e);
      this.countDep(e, 1);
    }
    this.structureVersion++;
  }

  /** Adds or changes a person (their primary unit decides where their goals count). */
  upsertPerson(id: string, primaryUnitId: string | null) {
    this.writeVersion++;
    let p = this.personSlot(id);
    if (p < 0) {
      p = this.personIds.length;
      this.personIds.push(id);
      this.personPrimaryUnitIds.push(null);
      if (p >= this.personPrimaryUnit.length) {
        this.personPrimaryUnit = growI32(this.personPrimaryUnit, p * 2 + 16);
        this.personAlive = growU8(this.personAlive, p * 2 + 16);
      }
      this.personExtra.set(id, p);
    }
    const wasAlive = this.personAlive[p] === 1;
    const unit = primaryUnitId === null ? -1 : (this.units.index.get(primaryUnitId) ?? -1);
    if (wasAlive && this.personPrimaryUnitIds[p] === primaryUnitId) return;
    this.personAlive[p] = 1;
    this.personPrimaryUnitIds[p] = primaryUnitId;
    this.personPrimaryUnit[p] = unit;
    this.reattribute(id);
  }

  /** A person leaves: the database sets their goals' owner to null. */
  removePerson(id: string) {
    this.writeVersion++;
    const p = this.personSlot(id);
    if (p < 0 || !this.personAlive[p]) return;
    this.personAlive[p] = 0;
    for (let v = 0; v < this.n; v++)
      if (this.ownerPersonIds[v] === id) this.ownerPersonIds[v] = null;
    this.reattribute(null, id);
  }

  /** Re-resolves the owners of the goals a person owns (or owned). */
  private reattribute(personId: string | null, formerId?: string) {
    for (let v = 0; v < this.n; v++) {
      if (this.status[v] === STATUS_GONE) continue;
      const owner = this.ownerPersonIds[v];
      const before = this.ownerPerson[v];
      const touched =
        (personId !== null && owner === personId) ||
        (formerId !== undefined && before >= 0 && this.personIds[before] === formerId);
      if (!touched) continue;
      this.countNode(v, -1);
      for (let e = this.depOutHead[v]; e >= 0; e = this.nextByFrom[e]) this.countDep(e, -1);
      this.resolveOwners(v);
      this.refreshNode(v);
    }
    this.structureVersion++;
  }

  // =============================================================== reads

  /** Index of a live node, -1 when unknown or deleted. */
  indexOf(id: string): number {
    const v = this.slotOf(id);
    return v < 0 || this.status[v] === STATUS_GONE ? -1 : v;
  }

  /** The person's slot, left or not; -1 when the id was never seen. */
  private personSlot(id: string): number {
    const p = this.personBase.get(id);
    return p >= 0 ? p : (this.personExtra.get(id) ?? -1);
  }

  /** The node's slot, deleted or not; -1 when the id was never seen. */
  private slotOf(id: string): number {
    const v = this.nodeBase.get(id);
    return v >= 0 ? v : (this.nodeExtra.get(id) ?? -1);
  }

  /**
   * The edges' id index, built in steps (after a load, in the background): the first edge
   * write would otherwise build it at once, a million ids at XL in one piece. An edge write
   * before the steps are done builds it then, as before, and the steps' result is dropped.
   */
  *edgeIndexSteps(step?: number): Generator<void, void, void> {
    if (this.edgeBase) return;
    // Over the column as it is now: a slot written meanwhile is compared as it is then, and
    // its new id is in edgeExtra.
    const built = yield* IdColumnIndex.buildSteps(this.edgeIds, this.m, step);
    this.edgeBase ??= built;
  }

  private edgeIndexOf(id: string): number {
    if (id === "") return -1;
    this.edgeBase ??= IdColumnIndex.build(this.edgeIds, this.m);
    const e = this.edgeBase.get(id);
    if (e >= 0) return e;
    const x = this.edgeExtra.get(id);
    return x !== undefined && this.edgeIds.equals(x, id) ? x : -1;
  }

  progressOf(id: string): number | null {
    const v = this.indexOf(id);
    if (v < 0) return null;
    const p = this.progress[v];
    return Number.isNaN(p) ? null : p;
  }

  /** Days between expected check-ins for a node (its unit's cadence, else the default). */
  cadenceDaysOf(v: number): number {
    return this.cadenceOf(v);
  }

  /** The organization's health, or a unit's over its subtree. Undefined for an unknown unit. */
  health(now: Date, unitId?: string): HealthScore | undefined {
    this.advance(this.timeOf(now));
    const U = this.units.n;
    if (unitId === undefined) return scoreOf(this.counters, U * SLOTS, U);
    const u = this.units.index.get(unitId);
    if (u === undefined) return undefined;
    const sum = new Int32Array(SLOTS);
    const { childOffsets, children } = this.units;
    const stack = [u];
    while (stack.length > 0) {
      const x = stack.pop()!;
      for (let s = 0; s < SLOTS; s++) sum[s] += this.counters[x * SLOTS + s];
      for (let k = childOffsets[x]; k < childOffsets[x + 1]; k++) stack.push(children[k]);
    }
    // "Focused" counts units: every unit of the subtree, whether or not it owns goals.
    return scoreOf(sum, 0, this.subtreeSize(u));
  }

  private subtreeSize(u: number): number {
    const { childOffsets, children } = this.units;
    let count = 0;
    const stack = [u];
    while (stack.length > 0) {
      const x = stack.pop()!;
      count++;
      for (let k = childOffsets[x]; k < childOffsets[x + 1]; k++) stack.push(children[k]);
    }
    return count;
  }

  /** Every unit's health, by unit id (tests and exports; a request reads one). */
  allHealth(now: Date): Map<string, HealthScore> {
    const out = new Map<string, HealthScore>();
    for (const id of this.units.ids) out.set(id, this.health(now, id)!);
    return out;
  }

  /** The node buckets v falls in at the model's clock, with no filter (see nodeMask). */
  private listMask(v: number): number {
    if (!this.counted[v]) return 0;
    const st = this.status[v];
    if (st !== STATUS_ACTIVE && st !== STATUS_DRAFT) return 0;
    const f = this.flags[v];
    let mask = 0;
    if (f & F_UNOWNED) mask |= 1 << B_UNOWNED;
    if (f & F_ORPHAN) mask |= 1 << B_ORPHAN;
    if (f & F_NO_METRIC) mask |= 1 << (this.kind[v] === KIND_GOAL ? B_NO_METRIC_INFO : B_NO_METRIC);
    if (st === STATUS_ACTIVE && this.staleCounted[v]) mask |= 1 << B_STALE;
    if (f & F_LOW_CONFIDENCE) mask |= 1 << B_LOW_CONFIDENCE;
    return mask;
  }

  /** The bucket lists, built or set right for the nodes marked since (see `lists`). */
  private bucketLists(): number[][] {
    return runSteps(this.bucketListsSteps());
  }

  private *bucketListsSteps(): Generator<void, number[][], void> {
    let lists = this.lists;
    if (lists !== null) {
      for (const v of this.marked) {
        if (this.listedMask[v] !== 0 && this.listedTitle[v] !== this.titles[v]) {
          lists = null; // its place in the order moved: build again
          break;
        }
      }
    }
    if (lists === null) {
      const B = 3 * RULES.length;
      lists = Array.from({ length: B }, () => []);
      this.listedMask.fill(0);
      const order = yield* this.titleOrderSteps();
      for (let i = 0; i < order.length; i++) {
        if ((i & SLICE) === SLICE) yield;
        const v = order[i];
        const mask = this.listMask(v);
        this.listedMask[v] = mask;
        this.listedTitle[v] = this.titles[v];
        for (let bits = mask; bits !== 0; bits &= bits - 1)
          lists[31 - Math.clz32(bits & -bits)].push(v);
      }
    } else {
      for (const v of this.marked) {
        const now = this.listMask(v);
        const was = this.listedMask[v];
        for (let bits = was & ~now; bits !== 0; bits &= bits - 1) {
          this.removeInOrder(lists[31 - Math.clz32(bits & -bits)], v);
        }
        for (let bits = now & ~was; bits !== 0; bits &= bits - 1) {
          this.insertInOrder(lists[31 - Math.clz32(bits & -bits)], v);
        }
        this.listedMask[v] = now;
        this.listedTitle[v] = this.titles[v];
      }
    }
    this.marked.clear();
    this.lists = lists;
    return lists;
  }

  /** The dependency list e belongs in at the model's clock: 0 none, else 1 + severity rank. */
  private depListOf(e: number): number {
    if (!this.depCounted[e]) return 0;
    const risk = this.depRisk[e];
    if (risk === R_DECLINED) return 1 + SEVERITY_RANK.error;
    if (risk !== R_NONE || this.stalledCounted[e]) return 1 + SEVERITY_RANK.warning;
    return 0;
  }

  /** The dependency lists, built or set right for the dependencies marked since. */
  private dependencyLists(): number[][] {
    return runSteps(this.dependencyListsSteps());
  }

  private *dependencyListsSteps(): Generator<void, number[][], void> {
    let lists = this.depLists;
    if (lists === null) {
      lists = [[], [], []];
      this.depListed.fill(0);
      const order = yield* this.depOrderSteps();
      for (let i = 0; i < order.length; i++) {
        if ((i & SLICE) === SLICE) yield;
        const e = order[i];
        const at = this.depListOf(e);
        this.depListed[e] = at;
        if (at > 0) lists[at - 1].push(e);
      }
    } else {
      for (const e of this.markedDeps) {
        const now = this.depListOf(e);
        const was = this.depListed[e];
        if (now === was) continue;
        if (was > 0) {
          const list = lists[was - 1];
          const at = this.depPosition(list, e);
          const k = list[at] === e ? at : list.indexOf(e);
          if (k >= 0) list.splice(k, 1);
        }
        if (now > 0) {
          const list = lists[now - 1];
          list.splice(this.depPosition(list, e), 0, e);
        }
        this.depListed[e] = now;
      }
    }
    this.markedDeps.clear();
    this.depLists = lists;
    return lists;
  }

  /** Puts v in its place in a list in title order. */
  private insertInOrder(list: number[], v: number) {
    list.splice(this.positionIn(list, v), 0, v);
  }

  /** Takes v out of a list in title order (found by its place, else by a search). */
  private removeInOrder(list: number[], v: number) {
    const at = this.positionIn(list, v);
    const k = list[at] === v ? at : list.indexOf(v);
    if (k >= 0) list.splice(k, 1);
  }

  /** Where v is, or belongs, in a list in title order (binary search). */
  private positionIn(list: number[], v: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.titleCompare(list[mid], v) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Findings at `now`, in the engine's order, filtered and paged. */
  findings(now: Date, q: FindingsFilter = {}): FindingsPage {
    const t = this.timeOf(now);
    const offset = Math.max(0, q.offset ?? 0);
    const limit = q.limit ?? Number.POSITIVE_INFINITY;
    // The same page asked again before anything changed (many readers of one organization).
    const key = `${q.severity}|${q.rule}|${q.unitId}|${q.nodeId}|${offset}|${limit}`;
    const kept = this.findingsCache.get(key);
    if (kept && kept.version === this.writeVersion && t >= kept.from && t <= kept.until) {
      return kept.page;
    }
    this.advance(t);
    this.pageUntil = Number.POSITIVE_INFINITY;
    const page = this.findingsPage(t, q, offset, limit);
    // Still true until a node goes stale or a request stalls (each heap's next due time; the
    // rules compare `due < now`), or a message's "N days" changes.
    let until = this.pageUntil;
    if (this.staleHeap.size > 0) until = Math.min(until, this.staleHeap.peekKey());
    if (this.stalledHeap.size > 0) until = Math.min(until, this.stalledHeap.peekKey());
    if (this.findingsCache.size >= 64) this.findingsCache.clear();
    this.findingsCache.set(key, { version: this.writeVersion, from: t, until, page });
    return page;
  }

  private findingsPage(t: number, q: FindingsFilter, offset: number, limit: number): FindingsPage {
    let inUnits: Uint8Array | null = null;
    if (q.unitId !== undefined) {
      const root = this.units.index.get(q.unitId);
      inUnits = new Uint8Array(this.units.n);
      if (root !== undefined) {
        const stack = [root];
        const { childOffsets, children } = this.units;
        while (stack.length > 0) {
          const x = stack.pop()!;
          inUnits[x] = 1;
          for (let k = childOffsets[x]; k < childOffsets[x + 1]; k++) stack.push(children[k]);
        }
      }
    }
    const onlyNode = q.nodeId === undefined ? -2 : this.indexOf(q.nodeId);
    const wants = (severity: Severity, rule: RuleId) =>
      (q.severity === undefined || q.severity === severity) &&
      (q.rule === undefined || q.rule === rule);
    const unitOk = (u: number) => inUnits === null || (u >= 0 && inUnits[u] === 1);

    // Which buckets (severity × rule) each node falls in, as bits: nothing is allocated per
    // finding until the page is known.
    const B = 3 * RULES.length;
    let wanted = 0;
    for (let k = 0; k < B; k++) {
      const severity = SEVERITY_NAMES[Math.floor(k / RULES.length)];
      if (wants(severity, RULES[k % RULES.length].id)) wanted |= 1 << k;
    }
    const order = this.titleOrder();
    // Locals, not fields: these loops run once per node of the organization.
    const { status, flags, due, attrUnit, kind } = this;
    const nodeMask = (v: number): number => {
      if (onlyNode !== -2 && v !== onlyNode) return 0;
      const st = status[v];
      if (st !== STATUS_ACTIVE && st !== STATUS_DRAFT) return 0;
      const f = flags[v];
      const stale = st === STATUS_ACTIVE && due[v] < t;
      if (f === 0 && !stale) return 0;
      if (inUnits !== null && !unitOk(attrUnit[v])) return 0;
      let mask = 0;
      if (f & F_UNOWNED) mask |= 1 << B_UNOWNED;
      if (f & F_ORPHAN) mask |= 1 << B_ORPHAN;
      if (f & F_NO_METRIC) mask |= 1 << (kind[v] === KIND_GOAL ? B_NO_METRIC_INFO : B_NO_METRIC);
      if (stale) mask |= 1 << B_STALE;
      if (f & F_LOW_CONFIDENCE) mask |= 1 << B_LOW_CONFIDENCE;
      return mask & wanted;
    };
    const sizes = new Int32Array(B);
    // Without a unit or node filter, at the model's clock, the bucket lists hold the answer.
    const lists =
      inUnits === null && onlyNode === -2 && t === this.clock ? this.bucketLists() : null;
    if (lists !== null) {
      for (let k = 0; k < B; k++) if (wanted & (1 << k)) sizes[k] = lists[k].length;
    } else {
      // Counting needs no order: by index, the arrays are read front to back (in title
      // order each read is a cache miss, three times slower at XL).
      for (let v = 0; v < this.n; v++) {
        const mask = nodeMask(v);
        if (mask === 0) continue;
        for (let bits = mask; bits !== 0; bits &= bits - 1) sizes[31 - Math.clz32(bits & -bits)]++;
      }
    }
    // Dependencies at risk, per severity, in their findings' order (the kept dependency order:
    // a tenth of the edges at most); units over the limit are few, sorted when shown.
    const deps: number[][] = [[], [], []];
    const over: number[] = [];
    const depLists = onlyNode === -2 && lists !== null ? this.dependencyLists() : null;
    if (depLists !== null) {
      for (const severity of ["error", "warning"] as const) {
        const r = SEVERITY_RANK[severity];
        if (wants(severity, "dependency_at_risk")) deps[r] = depLists[r];
      }
    } else if (onlyNode === -2) {
      const { eFrom, depRisk, depDue } = this;
      for (const e of this.depOrder()) {
        if (status[eFrom[e]] !== STATUS_ACTIVE) continue;
        const risk = depRisk[e];
        const stalled = risk === R_NONE && depDue[e] < t;
        if (risk === R_NONE && !stalled) continue;
        if (!unitOk(attrUnit[eFrom[e]])) continue;
        const severity: Severity = risk === R_DECLINED ? "error" : "warning";
        if (wants(severity, "dependency_at_risk")) deps[SEVERITY_RANK[severity]].push(e);
      }
    }
    if (onlyNode === -2) {
      for (let r = 0; r < 3; r++) {
        sizes[bucketOf(SEVERITY_NAMES[r], "dependency_at_risk")] = deps[r].length;
      }
      if (wants("warning", "too_many_goals")) {
        for (let u = 0; u < this.units.n; u++) {
          if (this.owned[u] > this.limit && unitOk(u)) over.push(u);
        }
        sizes[bucketOf("warning", "too_many_goals")] = over.length;
      }
    }
    const counts = { error: 0, warning: 0, info: 0 };
    let total = 0;
    for (let k = 0; k < B; k++) {
      counts[SEVERITY_NAMES[Math.floor(k / RULES.length)]] += sizes[k];
      total += sizes[k];
    }
    // Which part of each bucket the page shows: from `start[k]`, `take[k]` of them.
    const start = new Int32Array(B);
    const take = new Int32Array(B);
    let skip = offset;
    let room = limit;
    let nodeBuckets = 0;
    for (let k = 0; k < B && room > 0; k++) {
      if (skip >= sizes[k]) {
        skip -= sizes[k];
        continue;
      }
      start[k] = skip;
      take[k] = Math.min(sizes[k] - skip, room);
      room -= take[k];
      skip = 0;
      const rule = RULES[k % RULES.length].id;
      if (rule !== "dependency_at_risk" && rule !== "too_many_goals") nodeBuckets |= 1 << k;
    }
    // The nodes of every such bucket in one pass over the title order, stopping once each
    // bucket has what the page takes from it.
    const picked: number[][] = Array.from({ length: B }, () => []);
    if (lists !== null) {
      for (let k = 0; k < B; k++) {
        if (nodeBuckets & (1 << k)) picked[k] = lists[k].slice(start[k], start[k] + take[k]);
      }
    } else if (nodeBuckets !== 0) {
      const seen = new Int32Array(B);
      let open = nodeBuckets;
      for (let i = 0; i < order.length && open !== 0; i++) {
        const v = order[i];
        const mask = nodeMask(v) & open;
        if (mask === 0) continue;
        for (let bits = mask; bits !== 0; bits &= bits - 1) {
          const k = 31 - Math.clz32(bits & -bits);
          const at = seen[k]++;
          if (at < start[k]) continue;
          picked[k].push(v);
          if (picked[k].length === take[k]) open &= ~(1 << k);
        }
      }
    }
    const items: Finding[] = [];
    for (let k = 0; k < B; k++) {
      if (take[k] === 0) continue;
      const severity = SEVERITY_NAMES[Math.floor(k / RULES.length)];
      const rule = RULES[k % RULES.length].id;
      const end = items.length + take[k];
      if (rule === "dependency_at_risk") {
        const list = deps[SEVERITY_RANK[severity]];
        for (let j = start[k]; j < list.length && items.length < end; j++) {
          items.push(this.finding(1, list[j], severity, rule, t));
        }
      } else if (rule === "too_many_goals") {
        const { names, ids } = this.units;
        over.sort((x, y) => cmp(names[x], names[y]) || cmp(ids[x], ids[y]));
        for (let j = start[k]; j < over.length && items.length < end; j++) {
          items.push(this.finding(2, over[j], severity, rule, t));
        }
      } else {
        for (const v of picked[k]) items.push(this.finding(0, v, severity, rule, t));
      }
    }
    return { items, total, counts };
  }

  /** Whole days from `since` to `now`, noting when that count next moves on (pageUntil). */
  private daysSince(since: number, now: number): number {
    const d = Math.floor((now - since) / DAY);
    this.pageUntil = Math.min(this.pageUntil, since + (d + 1) * DAY - 1);
    return d;
  }

  private finding(
    type: 0 | 1 | 2,
    i: number,
    severity: Severity,
    rule: RuleId,
    now: number,
  ): Finding {
    if (type === 2) {
      const name = this.units.names[i];
      return {
        rule,
        severity,
        subject: { type: "unit", id: this.units.ids[i], title: name },
        unitId: this.units.ids[i],
        message: `Unit "${name}" owns ${this.owned[i]} active goals, key results and initiatives; the limit is ${this.limit}.`,
        fix: FIX.too_many_goals,
      };
    }
    if (type === 1) {
      const f = this.eFrom[i];
      const t = this.eTo[i];
      const who = `${KIND_LABEL[this.kind[f]]} "${this.titles[f]}"`;
      const whom = `${KIND_NOUN[this.kind[t]]} "${this.titles[t]}"`;
      const risk = this.depRisk[i];
      const message =
        risk === R_DECLINED
          ? `${who} relies on ${whom}, which was declined.`
          : risk === R_CANCELLED
            ? `${who} relies on ${whom}, which was cancelled.`
            : risk === R_WEAK
              ? `${who} relies on ${whom}, whose confidence is ${percent(this.confidence[t])}.`
              : `${who} has waited ${plural(this.daysSince(this.eUpdatedAt[i], now), "day", "days")} for an answer to its request to rely on ${whom}.`;
      const fix = risk === R_DECLINED ? FIX.declined : risk === R_NONE ? FIX.stalled : FIX.weak;
      const u = this.attrUnit[f];
      return {
        rule,
        severity,
        subject: {
          type: "edge",
          id: this.edgeIds.get(i),
          title: `${this.titles[f]} → ${this.titles[t]}`,
        },
        unitId: u >= 0 ? this.units.ids[u] : null,
        message,
        fix,
      };
    }
    const v = i;
    const name = `${KIND_LABEL[this.kind[v]]} "${this.titles[v]}"`;
    let message: string;
    let fix: string;
    if (rule === "unowned") {
      message = `${name} has no owner.`;
      fix = FIX.unowned;
    } else if (rule === "orphan") {
      message = `${name} has no path to a strategic objective.`;
      fix = FIX.orphan;
    } else if (rule === "no_metric") {
      message =
        this.kind[v] === KIND_GOAL
          ? `${name} has no metric and nothing contributing to it.`
          : `${name} has nothing measurable.`;
      fix = FIX.no_metric;
    } else if (rule === "stale_checkin") {
      const last = this.lastCheckinAt[v];
      const never = Number.isNaN(last);
      const since = never ? this.createdAt[v] : last;
      const d = plural(this.daysSince(since, now), "day", "days");
      const what = never
        ? `has had no check-in since it was created ${d} ago`
        : `has had no check-in for ${d}`;
      message = `${name} ${what}; check-ins are due every ${plural(this.cadenceOf(v), "day", "days")}.`;
      fix = FIX.stale_checkin;
    } else {
      message = `${name} has a confidence of ${percent(this.confidence[v])}.`;
      fix = FIX.low_confidence;
    }
    const u = this.attrUnit[v];
    return {
      rule,
      severity,
      subject: { type: "node", id: this.ids[v], title: this.titles[v] },
      unitId: u >= 0 ? this.units.ids[u] : null,
      message,
      fix,
    };
  }

  /**
   * The heatmap, computed over a CSR view of the model when the structure changed since the
   * last one (check-ins do not change it), then kept.
   */
  heatmap(opts: Pick<HeatmapOptions, "depth" | "unitIds"> = {}): Heatmap {
    const key = heatmapKey(opts);
    const hit = this.heatmapCache.get(key);
    if (hit && hit.version === this.structureVersion) return hit.heatmap;
    const heatmap = runSteps(this.heatmapSteps(opts));
    this.keepHeatmap(key, this.structureVersion, heatmap);
    return heatmap;
  }

  /**
   * The same heatmap computed in steps, calling `pause` between them (a server's event loop
   * keeps answering while an XL organization's heatmap is computed). Concurrent callers share
   * one computation. A write that changes the structure meanwhile makes the steps start over
   * (the model must not be read half-changed); after three tries it is computed in one go.
   */
  async heatmapSliced(
    opts: Pick<HeatmapOptions, "depth" | "unitIds">,
    pause: () => Promise<void>,
    budgetMs = STEP_BUDGET_MS,
  ): Promise<Heatmap> {
    const key = heatmapKey(opts);
    for (let attempt = 0; attempt < 3; attempt++) {
      const hit = this.heatmapCache.get(key);
      if (hit && hit.version === this.structureVersion) return hit.heatmap;
      const version = this.structureVersion;
      let running = this.heatmapRunning.get(key);
      if (!running || running.version !== version) {
        const steps = this.heatmapSteps(opts);
        const step = paced(pause, budgetMs);
        const promise = (async () => {
          for (;;) {
            const r = steps.next();
            if (r.done) return this.keepHeatmap(key, version, r.value) ? r.value : null;
            const wait = step();
            if (wait === undefined) continue;
            await wait;
            if (this.structureVersion !== version) return null;
          }
        })();
        running = { version, promise };
        this.heatmapRunning.set(key, running);
        const mine = running;
        promise.finally(() => {
          if (this.heatmapRunning.get(key) === mine) this.heatmapRunning.delete(key);
        });
      }
      const heatmap = await running.promise;
      if (heatmap) return heatmap;
    }
    return this.heatmap(opts);
  }

  /** Keeps a heatmap computed at `version`, unless the structure has changed since. */
  private keepHeatmap(key: string, version: number, heatmap: Heatmap): boolean {
    if (version !== this.structureVersion) return false;
    if (this.heatmapCache.size > 16) this.heatmapCache.clear();
    this.heatmapCache.set(key, { version, heatmap });
    return true;
  }

  private *heatmapSteps(opts: Pick<HeatmapOptions, "depth" | "unitIds">) {
    const graph = yield* this.graphSteps();
    return yield* computeHeatmapSteps(graph, opts);
  }

  /**
   * The heatmap's view of the model as it is now (kept until the structure changes): CSR
   * arrays over the vertical edges and a parents-first order, O(V + E); deleted nodes count
   * as cancelled (they have no edges).
   */
  private *graphSteps(): Generator<void, HeatmapGraph, void> {
    if (this.graphCache?.version === this.structureVersion) return this.graphCache.graph;
    const version = this.structureVersion;
    const { n } = this;
    const upOffsets = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      let d = 0;
      for (let e = this.upHead[v]; e >= 0; e = this.nextByFrom[e]) d++;
      upOffsets[v + 1] = upOffsets[v] + d;
    }
    const upTargets = new Int32Array(upOffsets[n]);
    const upWeights = new Float64Array(upOffsets[n]);
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      // Oldest edge first, as the database returns them.
      let k = upOffsets[v + 1];
      for (let e = this.upHead[v]; e >= 0; e = this.nextByFrom[e]) {
        k--;
        upTargets[k] = this.eTo[e];
        upWeights[k] = this.eWeight[e];
      }
    }
    const status = this.status.slice(0, n);
    for (let v = 0; v < n; v++) if (status[v] === STATUS_GONE) status[v] = STATUS_CANCELLED;
    const topo = (yield* this.topoOrderSteps()).order;
    const graph: HeatmapGraph = {
      n,
      ids: this.ids,
      titles: this.titles,
      kind: this.kind.subarray(0, n),
      status,
      priority: this.priority.subarray(0, n),
      attrUnit: this.attrUnit.subarray(0, n),
      topo,
      upOffsets,
      upTargets,
      upWeights,
      units: this.units,
    };
    if (version === this.structureVersion) this.graphCache = { version, graph };
    return graph;
  }

  /** Contributors of v (vertical edges into it): child index, weight, whether it counts. */
  contributors(v: number): { child: number; weight: number; counts: boolean }[] {
    const out: { child: number; weight: number; counts: boolean }[] = [];
    for (let e = this.downHead[v]; e >= 0; e = this.nextByTo[e]) {
      out.push({
        child: this.eFrom[e],
        weight: this.eWeight[e],
        counts: this.eKind[e] === E_CONTRIBUTES,
      });
    }
    // Oldest link first, like the database's order of insertion.
    return out.reverse();
  }

  /** The model as the engine's snapshot, live nodes and edges in index order. */
  toSnapshot(): OrgSnapshot {
    const nodes: NodeRecord[] = [];
    for (let v = 0; v < this.n; v++) {
      if (this.status[v] === STATUS_GONE) continue;
      nodes.push(this.nodeRecord(v));
    }
    const edges: EdgeRecord[] = [];
    const iso = (t: number) =>
      Number.isNaN(t) ? new Date(0).toISOString() : new Date(t).toISOString();
    for (let e = 0; e < this.m; e++) {
      const k = this.eKind[e];
      if (k === E_DEAD) continue;
      const st = this.eState[e];
      edges.push({
        id: this.edgeIds.get(e),
        kind: k === E_CONTRIBUTES ? "contributes_to" : k === E_SUPPORTS ? "supports" : "depends_on",
        fromId: this.ids[this.eFrom[e]],
        toId: this.ids[this.eTo[e]],
        weight: this.eWeight[e],
        state:
          k !== E_DEPENDS
            ? null
            : st === DEP_REQUESTED
              ? "requested"
              : st === DEP_ACCEPTED
                ? "accepted"
                : st === DEP_DECLINED
                  ? "declined"
                  : st === DEP_DONE
                    ? "done"
                    : null,
        createdAt: iso(this.eCreatedAt[e]),
        updatedAt: iso(this.eUpdatedAt[e]),
      });
    }
    const people = [];
    for (let p = 0; p < this.personIds.length; p++) {
      if (!this.personAlive[p]) continue;
      people.push({
        id: this.personIds[p],
        name: "",
        managerId: null,
        primaryUnitId: this.personPrimaryUnitIds[p],
      });
    }
    return { units: [...this.unitRecords.values()], people, nodes, edges };
  }

  private nodeRecord(v: number): NodeRecord {
    const num = (x: number) => (Number.isNaN(x) ? null : x);
    const iso = (t: number) => (Number.isNaN(t) ? null : new Date(t).toISOString());
    return {
      id: this.ids[v],
      kind: KIND_NAMES[this.kind[v]],
      title: this.titles[v],
      ownerUnitId: this.ownerUnitIds[v],
      ownerPersonId: this.ownerPersonIds[v],
      cycleId: this.cycleIds[v],
      baseline: num(this.baseline[v]),
      target: num(this.target[v]),
      current: num(this.current[v]),
      direction: this.direction[v] === DIRECTION_DECREASE ? "decrease" : "increase",
      status: STATUS_NAMES[this.status[v]],
      confidence: num(this.confidence[v]),
      priority: num(this.priority[v]),
      standalone: this.standalone[v] === 1,
      standaloneReason: this.standaloneReasons[v] ?? null,
      lastCheckinAt: iso(this.lastCheckinAt[v]),
      createdAt: iso(this.createdAt[v]) ?? new Date(0).toISOString(),
    };
  }

  // =============================================================== titles

  private titleCompare(a: number, b: number): number {
    return cmp(this.titles[a], this.titles[b]) || cmp(this.ids[a], this.ids[b]);
  }

  /**
   * Dependencies by their findings' subject ("from → to" titles, then id), built when a
   * findings page needs it (or during the sliced load) and kept until a dependency or a
   * title changes.
   */
  private depOrder(): number[] {
    return runSteps(this.depOrderSteps());
  }

  private depKey(e: number): string {
    return `${this.titles[this.eFrom[e]]} → ${this.titles[this.eTo[e]]}`;
  }

  /** Where dependency e is, or belongs, in the dependency order (binary search). */
  private depPosition(list: number[], e: number): number {
    const key = this.depKey(e);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const x = list[mid];
      if ((cmp(this.depKey(x), key) || this.edgeIds.compare(x, e)) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertDep(e: number) {
    this.depLists = null;
    const list = this.depOrderCache;
    if (list !== null) list.splice(this.depPosition(list, e), 0, e);
  }

  private removeDep(e: number) {
    this.depLists = null;
    const list = this.depOrderCache;
    if (list === null) return;
    const at = this.depPosition(list, e);
    const k = list[at] === e ? at : list.indexOf(e);
    if (k >= 0) list.splice(k, 1);
  }

  private *depOrderSteps(): Generator<void, number[], void> {
    if (this.depOrderCache === null) {
      const keyed: { e: number; title: string }[] = [];
      for (let e = 0; e < this.m; e++) {
        if ((e & SLICE) === SLICE) yield;
        if (this.eKind[e] !== E_DEPENDS) continue;
        keyed.push({ e, title: this.depKey(e) });
      }
      const ids = this.edgeIds;
      const sorted = yield* sortSteps(
        keyed,
        (x, y) => cmp(x.title, y.title) || ids.compare(x.e, y.e),
      );
      this.depOrderCache = sorted.map((k) => k.e);
    }
    return this.depOrderCache;
  }

  /** Live nodes by title then id, built on the first findings read and kept in order after. */
  private titleOrder(): number[] {
    return runSteps(this.titleOrderSteps());
  }

  private *titleOrderSteps(): Generator<void, number[], void> {
    if (this.titleOrderCache === null) {
      const live: number[] = [];
      for (let v = 0; v < this.n; v++) {
        if ((v & SLICE) === SLICE) yield;
        if (this.status[v] !== STATUS_GONE) live.push(v);
      }
      this.titleOrderCache = yield* sortByTitleThenIdSteps(live, this.titles, this.ids);
    }
    return this.titleOrderCache;
  }

  /**
   * Takes `order` as the title order if it is one: every live node once, each before the
   * next by title, then id (the comparison sortByTitleThenIdSteps sorts by). One pass.
   */
  private *adoptTitleOrderSteps(order: Int32Array): Generator<void, boolean, void> {
    const { n, status, titles, ids } = this;
    const seen = new Uint8Array(n);
    let live = 0;
    for (let v = 0; v < n; v++) if (status[v] !== STATUS_GONE) live++;
    if (order.length !== live) return false;
    for (let i = 0; i < order.length; i++) {
      if ((i & SLICE) === SLICE) yield;
      const v = order[i];
      if (!(v >= 0 && v < n) || seen[v] || status[v] === STATUS_GONE) return false;
      seen[v] = 1;
      if (i > 0) {
        const u = order[i - 1];
        const a = titles[u];
        const b = titles[v];
        if (a > b || (a === b && !(ids[u] < ids[v]))) return false;
      }
    }
    this.titleOrderCache = Array.from(order);
    return true;
  }

  private insertTitle(v: number) {
    if (this.titleOrderCache !== null) this.insertInOrder(this.titleOrderCache, v);
  }

  private removeTitle(v: number) {
    if (this.titleOrderCache !== null) this.removeInOrder(this.titleOrderCache, v);
  }
}

function scoreOf(c: Int32Array, base: number, unitCount: number): HealthScore {
  // "Focused" counts units: every unit of the subtree, whether or not it owns goals.
  const counters = c.slice(base, base + ITEMS);
  counters[FOCUS] = unitCount;
  return score(counters, 0, c[base + ITEMS]);
}

/** A snapshot as columns (the same shape the database read produces). */
export function columnsOf(s: OrgSnapshot): LiveColumns {
  const n = s.nodes.length;
  const nodes = emptyNodeColumns(n);
  const index = new Map<string, number>();
  // Owners resolved here, as the cold load resolves them (loadColumns).
  const personAt = new Map<string, number>();
  for (let p = 0; p < s.people.length; p++) personAt.set(s.people[p].id, p);
  const ownerPerson = new Int32Array(n);
  nodes.ownerPerson = ownerPerson;
  for (let i = 0; i < n; i++) {
    const r = s.nodes[i];
    index.set(r.id, i);
    nodes.ids[i] = r.id;
    nodes.titles[i] = r.title;
    nodes.kind[i] = KIND_CODES[r.kind] ?? KIND_GOAL;
    nodes.status[i] = STATUS_CODES[r.status] ?? STATUS_DRAFT;
    nodes.baseline[i] = nanIfNull(r.baseline);
    const t = nanIfNull(r.target);
    nodes.target[i] = Number.isFinite(t) ? t : Number.NaN;
    nodes.current[i] = nanIfNull(r.current);
    nodes.direction[i] = r.direction === "decrease" ? DIRECTION_DECREASE : DIRECTION_INCREASE;
    nodes.confidence[i] = nanIfNull(r.confidence);
    nodes.priority[i] = nanIfNull(r.priority);
    nodes.standalone[i] = r.standalone ? 1 : 0;
    nodes.lastCheckinAt[i] = parseTime(r.lastCheckinAt);
    nodes.createdAt[i] = parseTime(r.createdAt);
    nodes.ownerUnitIds[i] = r.ownerUnitId;
    nodes.ownerPersonIds[i] = r.ownerPersonId;
    ownerPerson[i] = r.ownerPersonId === null ? -1 : (personAt.get(r.ownerPersonId) ?? -1);
    nodes.cycleIds[i] = r.cycleId;
  }
  const m = s.edges.length;
  const edges = emptyEdgeColumns(m);
  for (let e = 0; e < m; e++) {
    const r = s.edges[e];
    edges.ids.set(e, r.id);
    edges.kind[e] = EDGE_KIND_CODES[r.kind] ?? E_DEAD;
    edges.from[e] = index.get(r.fromId) ?? -1;
    edges.to[e] = index.get(r.toId) ?? -1;
    edges.weight[e] = r.weight;
    edges.state[e] = r.state === null ? DEP_NONE : (DEP_STATE_CODES[r.state] ?? DEP_NONE);
    edges.updatedAt[e] = parseTime(r.updatedAt);
  }
  return {
    units: s.units,
    people: {
      ids: s.people.map((p) => p.id),
      primaryUnitIds: s.people.map((p) => p.primaryUnitId),
    },
    nodes,
    edges,
  };
}
