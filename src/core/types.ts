/**
 * The domain vocabulary of Accord. Pure data: no I/O, no database types.
 * These records are what the engine reads; the database layer maps rows onto them.
 */

export const NODE_KINDS = ["objective", "key_result", "goal", "kpi", "initiative"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const NODE_STATUSES = ["draft", "active", "done", "cancelled"] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export const DIRECTIONS = ["increase", "decrease"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Vertical edges point from the contributing (child) node to the node it serves (parent). */
export const EDGE_KINDS = ["contributes_to", "supports", "depends_on"] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
export const VERTICAL_EDGE_KINDS: readonly EdgeKind[] = ["contributes_to", "supports"];

export const DEPENDENCY_STATES = ["requested", "accepted", "declined", "done"] as const;
export type DependencyState = (typeof DEPENDENCY_STATES)[number];

export const UNIT_KINDS = ["company", "division", "department", "team"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const CYCLE_KINDS = ["year", "quarter"] as const;
export type CycleKind = (typeof CYCLE_KINDS)[number];

export const SEVERITIES = ["error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface UnitRecord {
  id: string;
  parentId: string | null;
  name: string;
  kind: UnitKind;
  leaderId: string | null;
  /** Days between expected check-ins for goals owned in this unit. */
  cadenceDays: number;
}

export interface PersonRecord {
  id: string;
  name: string;
  managerId: string | null;
  /** The unit where the person spends the largest share of their time, if any. */
  primaryUnitId: string | null;
}

export interface NodeRecord {
  id: string;
  kind: NodeKind;
  title: string;
  ownerUnitId: string | null;
  ownerPersonId: string | null;
  cycleId: string | null;
  baseline: number | null;
  target: number | null;
  current: number | null;
  direction: Direction;
  status: NodeStatus;
  /** 0 (no confidence) … 1 (certain); null when nobody said. */
  confidence: number | null;
  /** 1 is the most important; null = not ranked. */
  priority: number | null;
  standalone: boolean;
  standaloneReason: string | null;
  /** ISO timestamp of the latest check-in, null when there has been none. */
  lastCheckinAt: string | null;
  createdAt: string;
}

export interface EdgeRecord {
  id: string;
  kind: EdgeKind;
  /** contributes_to / supports: the child. depends_on: the node that relies on `toId`. */
  fromId: string;
  toId: string;
  weight: number;
  state: DependencyState | null;
  createdAt: string;
  updatedAt: string;
}

/** Everything the engine needs to reason about one organization. */
export interface OrgSnapshot {
  units: UnitRecord[];
  people: PersonRecord[];
  nodes: NodeRecord[];
  edges: EdgeRecord[];
}

export interface Finding {
  /** Stable rule id, e.g. `orphan`; safe to filter on in scripts. */
  rule: string;
  severity: Severity;
  /** The node, unit or edge the finding is about. */
  subject: { type: "node" | "unit" | "edge"; id: string; title: string };
  /** The unit the finding belongs to, for grouping and health; null when none. */
  unitId: string | null;
  message: string;
  fix: string;
}
