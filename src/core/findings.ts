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

const KIND_LABEL = ["Objective", "Key result", "Goal", "KPI", "Initiative"];
const KIND_NOUN = ["objective", "key result", "goal", "KPI", "initiative"];

const FIX = {
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
const percent = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Runs every rule. Cancelled and done items produce no findings; `progress` is accepted
 * for symmetry with the other passes (no rule needs it yet).
 * Sorted by severity (error, warning, info), then rule id, then subject title, then id,
 * comparing strings by code unit so the order is the same on every machine.
 */
export function computeFindings(
  g: AlignmentGraph,
  _progress: Float64Array,
  opts: FindingOptions,
): Finding[] {
  const now = opts.now.getTime();
  const limit = opts.maxActiveGoalsPerOwner ?? DEFAULT_MAX_ACTIVE_GOALS;
  const fallbackCadence = opts.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
  const stalledMs = (opts.stalledRequestDays ?? DEFAULT_STALLED_REQUEST_DAYS) * DAY;
  const { n, ids, titles, kind, status, target, confidence, attrUnit, ownerUnit } = g;
  const unitIds = g.units.ids;
  const out: Finding[] = [];
  const unitOf = (v: number): string | null => (attrUnit[v] >= 0 ? unitIds[attrUnit[v]] : null);
  const node = (
    v: number,
    rule: RuleId,
    severity: Severity,
    message: string,
    fix: string,
  ): Finding => ({
    rule,
    severity,
    subject: { type: "node", id: ids[v], title: titles[v] },
    unitId: unitOf(v),
    message,
    fix,
  });

  // Built only when a finding fires: most nodes need no strings at all.
  const nameOf = (v: number) => `${KIND_LABEL[kind[v]]} "${titles[v]}"`;
  const reach = reachesStrategy(g);
  const notStarted = cyclesNotStarted(g, opts.cycleEnds, now);
  const owned = new Int32Array(g.units.n);

  for (let v = 0; v < n; v++) {
    const st = status[v];
    if (st !== STATUS_ACTIVE && st !== STATUS_DRAFT) continue;
    const k = kind[v];
    const active = st === STATUS_ACTIVE;
    const hasMetric = !Number.isNaN(target[v]);

    if (g.ownerUnit[v] < 0 && g.ownerPerson[v] < 0) {
      out.push(node(v, "unowned", "error", `${nameOf(v)} has no owner.`, FIX.unowned));
    }
    if (k !== KIND_OBJECTIVE && !reach[v] && !g.standalone[v]) {
      out.push(
        node(
          v,
          "orphan",
          "warning",
          `${nameOf(v)} has no path to a strategic objective.`,
          FIX.orphan,
        ),
      );
    }
    if (k === KIND_KEY_RESULT || k === KIND_KPI) {
      if (!hasMetric) {
        out.push(
          node(v, "no_metric", "warning", `${nameOf(v)} has nothing measurable.`, FIX.no_metric),
        );
      }
    } else if (k === KIND_GOAL && !hasMetric && !hasLiveContributor(g, v)) {
      out.push(
        node(
          v,
          "no_metric",
          "info",
          `${nameOf(v)} has no metric and nothing contributing to it.`,
          FIX.no_metric,
        ),
      );
    }
    if (!active) continue;

    if (hasMetric && (g.cycle[v] < 0 || !notStarted[g.cycle[v]])) {
      const last = g.lastCheckinAt[v];
      const since = !Number.isNaN(last) ? last : parseTime(g.records[v].createdAt);
      const u = attrUnit[v];
      const unitCadence = u >= 0 ? g.units.cadenceDays[u] : Number.NaN;
      const cadence = !Number.isNaN(unitCadence) ? unitCadence : fallbackCadence;
      if (!Number.isNaN(since) && now - since > cadence * DAY) {
        const days = Math.floor((now - since) / DAY);
        const what = !Number.isNaN(last)
          ? `has had no check-in for ${plural(days, "day", "days")}`
          : `has had no check-in since it was created ${plural(days, "day", "days")} ago`;
        out.push(
          node(
            v,
            "stale_checkin",
            "warning",
            `${nameOf(v)} ${what}; check-ins are due every ${plural(cadence, "day", "days")}.`,
            FIX.stale_checkin,
          ),
        );
      }
    }
    const c = confidence[v];
    if (c < LOW_CONFIDENCE) {
      out.push(
        node(
          v,
          "low_confidence",
          "warning",
          `${nameOf(v)} has a confidence of ${percent(c)}.`,
          FIX.low_confidence,
        ),
      );
    }
    if ((k === KIND_GOAL || k === KIND_KEY_RESULT || k === KIND_INITIATIVE) && ownerUnit[v] >= 0) {
      owned[ownerUnit[v]]++;
    }
  }

  dependencyFindings(g, now, stalledMs, out);

  for (let u = 0; u < g.units.n; u++) {
    if (owned[u] <= limit) continue;
    const unitName = g.units.names[u];
    out.push({
      rule: "too_many_goals",
      severity: "warning",
      subject: { type: "unit", id: unitIds[u], title: unitName },
      unitId: unitIds[u],
      message: `Unit "${unitName}" owns ${owned[u]} active goals, key results and initiatives; the limit is ${limit}.`,
      fix: FIX.too_many_goals,
    });
  }

  return out.sort(compareFindings);
}

function dependencyFindings(g: AlignmentGraph, now: number, stalledMs: number, out: Finding[]) {
  const { deps, status, kind, titles, confidence, attrUnit } = g;
  for (let j = 0; j < deps.count; j++) {
    const f = deps.from[j];
    if (status[f] !== STATUS_ACTIVE) continue;
    const t = deps.to[j];
    const st = deps.state[j];
    const who = `${KIND_LABEL[kind[f]]} "${titles[f]}"`;
    const whom = `${KIND_NOUN[kind[t]]} "${titles[t]}"`;
    let severity: Severity;
    let message: string;
    let fix: string;
    if (st === DEP_DECLINED) {
      severity = "error";
      message = `${who} relies on ${whom}, which was declined.`;
      fix = FIX.declined;
    } else if (st === DEP_REQUESTED && now - deps.updatedAt[j] > stalledMs) {
      const days = Math.floor((now - deps.updatedAt[j]) / DAY);
      severity = "warning";
      message = `${who} has waited ${plural(days, "day", "days")} for an answer to its request to rely on ${whom}.`;
      fix = FIX.stalled;
    } else if (st === DEP_ACCEPTED && status[t] === STATUS_CANCELLED) {
      severity = "warning";
      message = `${who} relies on ${whom}, which was cancelled.`;
      fix = FIX.weak;
    } else if (st === DEP_ACCEPTED && confidence[t] < DEPENDENCY_CONFIDENCE_FLOOR) {
      severity = "warning";
      message = `${who} relies on ${whom}, whose confidence is ${percent(confidence[t])}.`;
      fix = FIX.weak;
    } else {
      continue;
    }
    out.push({
      rule: "dependency_at_risk",
      severity,
      subject: { type: "edge", id: deps.ids[j], title: `${titles[f]} → ${titles[t]}` },
      unitId: attrUnit[f] >= 0 ? g.units.ids[attrUnit[f]] : null,
      message,
      fix,
    });
  }
}

function compareFindings(a: Finding, b: Finding): number {
  const s = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (s !== 0) return s;
  const r = RULE_RANK[a.rule] - RULE_RANK[b.rule];
  if (r !== 0) return r;
  const at = a.subject.title;
  const bt = b.subject.title;
  if (at !== bt) return at < bt ? -1 : 1;
  const ai = a.subject.id;
  const bi = b.subject.id;
  return ai === bi ? 0 : ai < bi ? -1 : 1;
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
