/**
 * Alignment findings: the rules behind `accord check` and the health score.
 * Algorithm: one topological pass (parents first) for "reaches strategy", one pass over
 * nodes, one over dependency edges, one over units; O(V + E + U), plus sorting the
 * findings (O(F log F) string comparisons, F = number of findings).
 */
import {
  type AlignmentGraph,
  DEP_ACCEPTED,
  DEP_DECLINED,
  DEP_REQUESTED,
  KIND_GOAL,
  KIND_INITIATIVE,
  KIND_KEY_RESULT,
  KIND_KPI,
  KIND_OBJECTIVE,
  STATUS_ACTIVE,
  STATUS_CANCELLED,
  STATUS_DRAFT,
} from "./graph.js";
import { runSteps, SLICE, sortSteps } from "./sliced-sort.js";
import { DAY, parseTime } from "./time.js";
import type { Finding, Severity } from "./types.js";

export interface FindingOptions {
  now: Date;
  /** Most active goals, key results and initiatives one unit may own directly (default 7). */
  maxActiveGoalsPerOwner?: number;
  /** Check-in cadence in days for nodes without a unit that has one (default 14). */
  staleAfterDays?: number;
  /** Days a dependency request may wait for an answer before it is stalled (default 14). */
  stalledRequestDays?: number;
  /** Cycle dates by cycle id; a node whose cycle has not started yet owes no check-in. */
  cycleEnds?: Map<string, { startsOn: string; endsOn: string }>;
}

export const DEFAULT_MAX_ACTIVE_GOALS = 7;
export const DEFAULT_STALE_AFTER_DAYS = 14;
export const DEFAULT_STALLED_REQUEST_DAYS = 14;
/** Confidence below which a relied-on node puts its dependants at risk. */
export const DEPENDENCY_CONFIDENCE_FLOOR = 0.5;
/** Confidence below which an active node is flagged by `low_confidence`. */
export const LOW_CONFIDENCE = 0.3;

export interface RuleInfo {
  id: string;
  severity: Severity;
  title: string;
  description: string;
}

/** Every rule, alphabetically by id; `severity` is the usual one (some rules vary per case). */
export const RULES = [
  {
    id: "dependency_at_risk",
    severity: "warning",
    title: "Dependency at risk",
    description:
      "Something an active item relies on was declined (error), has waited too long for an answer, or is accepted but cancelled or below 50% confidence.",
  },
  {
    id: "low_confidence",
    severity: "warning",
    title: "Low confidence",
    description: "An active item whose owner's confidence is below 30%.",
  },
  {
    id: "no_metric",
    severity: "warning",
    title: "Nothing measurable",
    description:
      "A key result or KPI without a target (warning), or a goal with neither a target nor contributing items (info).",
  },
  {
    id: "orphan",
    severity: "warning",
    title: "Orphan",
    description:
      "A goal, key result, KPI or initiative with no chain of links up to a strategic objective, and not marked standalone.",
  },
  {
    id: "stale_checkin",
    severity: "warning",
    title: "Stale check-in",
    description:
      "An active item with a metric whose last check-in is older than its unit's cadence.",
  },
  {
    id: "too_many_goals",
    severity: "warning",
    title: "Too many goals",
    description:
      "A unit that directly owns more active goals, key results and initiatives than the limit (7 by default).",
  },
  {
    id: "unowned",
    severity: "error",
    title: "Unowned",
    description: "An item with neither an owning unit nor an owning person.",
  },
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]["id"];

/** Kind names for messages, by KIND_* code (also used by the live model). */
export const KIND_LABEL = ["Objective", "Key result", "Goal", "KPI", "Initiative"];
export const KIND_NOUN = ["objective", "key result", "goal", "KPI", "initiative"];

export const FIX = {
  orphan: "Link it to the objective or goal it serves, or mark it standalone with a reason.",
  unowned: "Assign an owning unit or person.",
  stale_checkin: "Check in: record the current value and how confident you are.",
  declined:
    "Agree another way to get what is needed, change the plan, or escalate to the common manager.",
  stalled: "Ask the other owner to accept or decline, or escalate to the common manager.",
  weak: "Talk with the other owner about a plan B, or adjust what relies on it.",
  too_many_goals:
    "Pick the vital few: rank the goals and move the rest to a later cycle or drop them.",
  no_metric: "Give it a baseline, target and unit, or break it into measurable key results.",
  low_confidence: "Talk about what would raise confidence, then adjust the plan or the target.",
} as const;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const RULE_RANK: Record<string, number> = Object.fromEntries(RULES.map((r, i) => [r.id, i]));

const plural = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

/**
 * V8 keeps a concatenation as a tree of its pieces until the string is first read; reading
 * one character flattens it in place. A finding's message then costs one flat string
 * instead of a dozen pieces: at 250k findings that halves the memory they hold.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}
// Rounded down, so a confidence just under a threshold never reads as the threshold itself.
const percent = (x: number) => `${Math.floor(x * 100 + 1e-9)}%`;

// Bits for the node rules that fire, found in one pass before any string is built.
const F_UNOWNED = 1;
const F_ORPHAN = 2;
const F_NO_METRIC = 4;
const F_STALE = 8;
const F_STALE_NEVER = 16;
const F_LOW_CONFIDENCE = 32;

const bucketOf = (severity: Severity, rule: RuleId) =>
  SEVERITY_RANK[severity] * RULES.length + RULE_RANK[rule];

/**
 * Runs every rule. Cancelled and done items produce no findings; `progress` is accepted
 * for symmetry with the other passes (no rule needs it yet).
 * Sorted by severity (error, warning, info), then rule id, then subject title, then id,
 * comparing strings by code unit so the order is the same on every machine.
 * How the sort stays cheap: findings go into one bucket per (severity, rule), already in
 * order, because node findings are emitted walking the flagged nodes sorted by title once.
 */
export function computeFindings(
  g: AlignmentGraph,
  progress: Float64Array,
  opts: FindingOptions,
): Finding[] {
  return computeFindingsIndexed(g, progress, opts).findings;
}

export interface IndexedFindings {
  findings: Finding[];
  /**
   * Per finding, the index of its subject: a node index for "node", a `graph.deps` index
   * for "edge", a `graph.units` index for "unit". Lets health skip id lookups.
   */
  subjectIndex: Int32Array;
}

/** computeFindings, also returning each finding's subject index. */
export function computeFindingsIndexed(
  g: AlignmentGraph,
  _progress: Float64Array,
  opts: FindingOptions,
): IndexedFindings {
  const now = opts.now.getTime();
  const limit = opts.maxActiveGoalsPerOwner ?? DEFAULT_MAX_ACTIVE_GOALS;
  const fallbackCadence = opts.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
  const stalledMs = (opts.stalledRequestDays ?? DEFAULT_STALLED_REQUEST_DAYS) * DAY;
  const { n, ids, titles, kind, status, target, confidence, attrUnit, ownerUnit } = g;
  const unitIds = g.units.ids;
  const cadenceOf = (v: number): number => {
    const u = attrUnit[v];
    const c = u >= 0 ? g.units.cadenceDays[u] : Number.NaN;
    return Number.isNaN(c) ? fallbackCadence : c;
  };

  // Pass 1, index order: which rules fire for which node; no strings yet.
  const reach = reachesStrategy(g);
  const notStarted = cyclesNotStarted(g, opts.cycleEnds, now);
  const owned = new Int32Array(g.units.n);
  const fired = new Uint8Array(n);
  const staleDays = new Int32Array(n);
  const flagged: number[] = [];
  for (let v = 0; v < n; v++) {
    const st = status[v];
    if (st !== STATUS_ACTIVE && st !== STATUS_DRAFT) continue;
    const k = kind[v];
    const hasMetric = !Number.isNaN(target[v]);
    let f = 0;
    if (ownerUnit[v] < 0 && g.ownerPerson[v] < 0) f |= F_UNOWNED;
    if (k !== KIND_OBJECTIVE && !reach[v] && !g.standalone[v]) f |= F_ORPHAN;
    if (
      !hasMetric &&
      (k === KIND_KEY_RESULT || k === KIND_KPI || (k === KIND_GOAL && !hasLiveContributor(g, v)))
    ) {
      f |= F_NO_METRIC;
    }
    if (st === STATUS_ACTIVE) {
      if (hasMetric && (g.cycle[v] < 0 || !notStarted[g.cycle[v]])) {
        const last = g.lastCheckinAt[v];
        const never = Number.isNaN(last);
        const since = never ? parseTime(g.records[v].createdAt) : last;
        if (now - since > cadenceOf(v) * DAY) {
          f |= never ? F_STALE | F_STALE_NEVER : F_STALE;
          staleDays[v] = Math.floor((now - since) / DAY);
        }
      }
      if (confidence[v] < LOW_CONFIDENCE) f |= F_LOW_CONFIDENCE;
      if (
        (k === KIND_GOAL || k === KIND_KEY_RESULT || k === KIND_INITIATIVE) &&
        ownerUnit[v] >= 0
      ) {
        owned[ownerUnit[v]]++;
      }
    }
    if (f !== 0) {
      fired[v] = f;
      flagged.push(v);
    }
  }

  // The tail of a stale message depends only on (days, never checked in, cadence): build
  // each distinct one once, since thousands of items usually share them.
  const staleTexts = new Map<number, string>();
  const staleText = (days: number, never: boolean, cadence: number): string => {
    // Exact key for whole cadences under 4096 days; anything odder is simply not cached.
    const key =
      Number.isInteger(cadence) && cadence >= 0 && cadence < 4096
        ? (days * 2 + (never ? 1 : 0)) * 4096 + cadence
        : -1;
    let text = key >= 0 ? staleTexts.get(key) : undefined;
    if (text === undefined) {
      const d = plural(days, "day", "days");
      const what = never
        ? `has had no check-in since it was created ${d} ago`
        : `has had no check-in for ${d}`;
      text = flat(`${what}; check-ins are due every ${plural(cadence, "day", "days")}.`);
      if (key >= 0) staleTexts.set(key, text);
    }
    return text;
  };

  // Pass 2: flagged nodes by title (then id), emitting into per-(severity, rule) buckets.
  const order = sortByTitleThenId(flagged, titles, ids);
  const buckets: Bucket[] = Array.from({ length: 3 * RULES.length }, () => ({
    findings: [],
    subjects: [],
  }));
  const push = (v: number, rule: RuleId, severity: Severity, message: string, fix: string) => {
    const b = buckets[bucketOf(severity, rule)];
    b.subjects.push(v);
    b.findings.push({
      rule,
      severity,
      subject: { type: "node", id: ids[v], title: titles[v] },
      unitId: attrUnit[v] >= 0 ? unitIds[attrUnit[v]] : null,
      message: flat(message),
      fix,
    });
  };
  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    const f = fired[v];
    const name = `${KIND_LABEL[kind[v]]} "${titles[v]}"`;
    if (f & F_UNOWNED) push(v, "unowned", "error", `${name} has no owner.`, FIX.unowned);
    if (f & F_ORPHAN) {
      push(v, "orphan", "warning", `${name} has no path to a strategic objective.`, FIX.orphan);
    }
    if (f & F_NO_METRIC) {
      if (kind[v] === KIND_GOAL) {
        const msg = `${name} has no metric and nothing contributing to it.`;
        push(v, "no_metric", "info", msg, FIX.no_metric);
      } else {
        push(v, "no_metric", "warning", `${name} has nothing measurable.`, FIX.no_metric);
      }
    }
    if (f & F_STALE) {
      const msg = `${name} ${staleText(staleDays[v], (f & F_STALE_NEVER) !== 0, cadenceOf(v))}`;
      push(v, "stale_checkin", "warning", msg, FIX.stale_checkin);
    }
    if (f & F_LOW_CONFIDENCE) {
      const msg = `${name} has a confidence of ${percent(confidence[v])}.`;
      push(v, "low_confidence", "warning", msg, FIX.low_confidence);
    }
  }

  // Edge and unit findings are fewer; they are sorted inside their own buckets.
  dependencyFindings(g, now, stalledMs, buckets);
  for (let u = 0; u < g.units.n; u++) {
    if (owned[u] <= limit) continue;
    const unitName = g.units.names[u];
    const b = buckets[bucketOf("warning", "too_many_goals")];
    b.subjects.push(u);
    b.findings.push({
      rule: "too_many_goals",
      severity: "warning",
      subject: { type: "unit", id: unitIds[u], title: unitName },
      unitId: unitIds[u],
      message: flat(
        `Unit "${unitName}" owns ${owned[u]} active goals, key results and initiatives; the limit is ${limit}.`,
      ),
      fix: FIX.too_many_goals,
    });
  }
  for (const severity of ["error", "warning", "info"] as const) {
    sortBucket(buckets[bucketOf(severity, "dependency_at_risk")]);
    sortBucket(buckets[bucketOf(severity, "too_many_goals")]);
  }
  let total = 0;
  for (const b of buckets) total += b.findings.length;
  const findings: Finding[] = new Array(total);
  const subjectIndex = new Int32Array(total);
  let at = 0;
  for (const b of buckets) {
    for (let i = 0; i < b.findings.length; i++, at++) {
      findings[at] = b.findings[i];
      subjectIndex[at] = b.subjects[i];
    }
  }
  return { findings, subjectIndex };
}

/** Findings of one (severity, rule), with their subjects' indices alongside. */
interface Bucket {
  findings: Finding[];
  subjects: number[];
}

function sortBucket(b: Bucket) {
  const { findings, subjects } = b;
  const perm = iota(findings.length);
  perm.sort((x, y) => bySubject(findings[x], findings[y]));
  b.findings = perm.map((i) => findings[i]);
  b.subjects = perm.map((i) => subjects[i]);
}

function dependencyFindings(g: AlignmentGraph, now: number, stalledMs: number, buckets: Bucket[]) {
  const { deps, status, kind, titles, confidence, attrUnit } = g;
  for (let j = 0; j < deps.count; j++) {
    const f = deps.from[j];
    if (status[f] !== STATUS_ACTIVE) continue;
    const t = deps.to[j];
    const st = deps.state[j];
    let severity: Severity;
    let what: string;
    let fix: string;
    if (st === DEP_DECLINED) {
      severity = "error";
      what = "declined";
      fix = FIX.declined;
    } else if (st === DEP_REQUESTED && now - deps.updatedAt[j] > stalledMs) {
      severity = "warning";
      what = "stalled";
      fix = FIX.stalled;
    } else if (st === DEP_ACCEPTED && status[t] === STATUS_CANCELLED) {
      severity = "warning";
      what = "cancelled";
      fix = FIX.weak;
    } else if (st === DEP_ACCEPTED && confidence[t] < DEPENDENCY_CONFIDENCE_FLOOR) {
      severity = "warning";
      what = "weak";
      fix = FIX.weak;
    } else {
      continue;
    }
    const who = `${KIND_LABEL[kind[f]]} "${titles[f]}"`;
    const whom = `${KIND_NOUN[kind[t]]} "${titles[t]}"`;
    const message =
      what === "declined"
        ? `${who} relies on ${whom}, which was declined.`
        : what === "stalled"
          ? `${who} has waited ${plural(Math.floor((now - deps.updatedAt[j]) / DAY), "day", "days")} for an answer to its request to rely on ${whom}.`
          : what === "cancelled"
            ? `${who} relies on ${whom}, which was cancelled.`
            : `${who} relies on ${whom}, whose confidence is ${percent(confidence[t])}.`;
    const b = buckets[bucketOf(severity, "dependency_at_risk")];
    b.subjects.push(j);
    b.findings.push({
      rule: "dependency_at_risk",
      severity,
      subject: { type: "edge", id: deps.ids[j], title: flat(`${titles[f]} → ${titles[t]}`) },
      unitId: attrUnit[f] >= 0 ? g.units.ids[attrUnit[f]] : null,
      message: flat(message),
      fix,
    });
  }
}

const compareStrings = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

function bySubject(a: Finding, b: Finding): number {
  return (
    compareStrings(a.subject.title, b.subject.title) || compareStrings(a.subject.id, b.subject.id)
  );
}

/** The first three UTF-16 code units as one exact number: orders like the strings' prefixes. */
function prefixKey(s: string): number {
  const a = s.length > 0 ? s.charCodeAt(0) : 0;
  const b = s.length > 1 ? s.charCodeAt(1) : 0;
  const c = s.length > 2 ? s.charCodeAt(2) : 0;
  return (a * 65536 + b) * 65536 + c;
}

/**
 * Node indices ordered by title, then id. Titles repeat a lot (many teams share goal
 * names), so instead of n·log n string comparisons: rank the distinct titles once
 * (d·log d), then sort by (title rank, id prefix key) numerically and compare whole ids
 * only when both tie.
 */
export function sortByTitleThenId(
  nodes: readonly number[],
  titles: readonly string[],
  ids: readonly string[],
): number[] {
  return runSteps(sortByTitleThenIdSteps(nodes, titles, ids));
}

/** sortByTitleThenId in steps (the live model's sliced load pauses at each yield). */
export function* sortByTitleThenIdSteps(
  nodes: readonly number[],
  titles: readonly string[],
  ids: readonly string[],
): Generator<void, number[], void> {
  const m = nodes.length;
  const rankOf = new Map<string, number>();
  const distinct: string[] = [];
  const titleRank = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    if ((i & SLICE) === SLICE) yield;
    const t = titles[nodes[i]];
    let r = rankOf.get(t);
    if (r === undefined) {
      r = distinct.length;
      distinct.push(t);
      rankOf.set(t, r);
    }
    titleRank[i] = r;
  }
  // Position of each distinct title in sorted order.
  const byTitle = yield* sortSteps(iota(distinct.length), (a, b) =>
    compareStrings(distinct[a], distinct[b]),
  );
  const rank = new Int32Array(distinct.length);
  for (let i = 0; i < byTitle.length; i++) {
    if ((i & SLICE) === SLICE) yield;
    rank[byTitle[i]] = i;
  }
  const key = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    if ((i & SLICE) === SLICE) yield;
    titleRank[i] = rank[titleRank[i]];
    key[i] = prefixKey(ids[nodes[i]]);
  }
  yield;
  const perm = yield* sortSteps(
    iota(m),
    (a, b) =>
      titleRank[a] - titleRank[b] ||
      key[a] - key[b] ||
      compareStrings(ids[nodes[a]], ids[nodes[b]]),
  );
  const out: number[] = new Array(m);
  for (let i = 0; i < m; i++) {
    if ((i & SLICE) === SLICE) yield;
    out[i] = nodes[perm[i]];
  }
  return out;
}

/** [0, 1, …, m − 1] as a plain array of small integers (sorts faster than a typed array). */
export function iota(m: number): number[] {
  const a: number[] = new Array(m);
  for (let i = 0; i < m; i++) a[i] = i;
  return a;
}

/**
 * 1 for nodes with a chain of vertical links (contributes_to or supports) up to an
 * objective. Cancelled nodes break the chain: work that serves only cancelled items
 * serves nothing. Parents-first topological order makes one pass enough.
 */
export function reachesStrategy(g: AlignmentGraph): Uint8Array {
  const { n, topo, kind, status, upOffsets, upTargets } = g;
  const reach = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = topo[i];
    if (status[v] === STATUS_CANCELLED) continue;
    if (kind[v] === KIND_OBJECTIVE) {
      reach[v] = 1;
      continue;
    }
    for (let k = upOffsets[v], end = upOffsets[v + 1]; k < end; k++) {
      if (reach[upTargets[k]]) {
        reach[v] = 1;
        break;
      }
    }
  }
  return reach;
}

/** Whether v has a contributes_to child that is not cancelled. */
function hasLiveContributor(g: AlignmentGraph, v: number): boolean {
  for (let k = g.downOffsets[v], end = g.downOffsets[v + 1]; k < end; k++) {
    if (g.downCounts[k] && g.status[g.downTargets[k]] !== STATUS_CANCELLED) return true;
  }
  return false;
}

function cyclesNotStarted(
  g: AlignmentGraph,
  cycleEnds: FindingOptions["cycleEnds"],
  now: number,
): Uint8Array {
  const out = new Uint8Array(g.cycleIds.length);
  if (!cycleEnds) return out;
  for (let c = 0; c < g.cycleIds.length; c++) {
    const dates = cycleEnds.get(g.cycleIds[c]);
    if (dates && parseTime(dates.startsOn) > now) out[c] = 1;
  }
  return out;
}
