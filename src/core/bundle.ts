import type {
  CycleKind,
  DependencyState,
  Direction,
  EdgeKind,
  NodeKind,
  NodeStatus,
  UnitKind,
} from "./types.js";

/**
 * A whole organization as plain data: what the demo builder and the benchmark generator
 * produce, what JSON export writes and what the loader inserts in one transaction.
 * Ids are UUIDs chosen by the producer; timestamps are ISO strings.
 */
export interface Bundle {
  organization: { id: string; slug: string; name: string; vision: string };
  units: {
    id: string;
    parentId: string | null;
    name: string;
    kind: UnitKind;
    leaderId: string | null;
    cadenceDays: number;
  }[];
  people: {
    id: string;
    externalId: string | null;
    name: string;
    email: string | null;
    title: string;
    managerId: string | null;
  }[];
  memberships: { personId: string; unitId: string; share: number }[];
  cycles: {
    id: string;
    parentId: string | null;
    name: string;
    kind: CycleKind;
    startsOn: string;
    endsOn: string;
  }[];
  nodes: {
    id: string;
    kind: NodeKind;
    title: string;
    description: string;
    ownerUnitId: string | null;
    ownerPersonId: string | null;
    cycleId: string | null;
    baseline: number | null;
    target: number | null;
    current: number | null;
    metricUnit: string | null;
    direction: Direction;
    status: NodeStatus;
    confidence: number | null;
    priority: number | null;
    standalone: boolean;
    standaloneReason: string | null;
    createdAt: string;
  }[];
  edges: {
    id: string;
    kind: EdgeKind;
    fromId: string;
    toId: string;
    weight: number;
    state: DependencyState | null;
    note: string;
    createdAt: string;
    updatedAt: string;
  }[];
  /** A node's current value and last check-in time follow from its latest check-in. */
  checkins: {
    id: string;
    nodeId: string;
    value: number | null;
    confidence: number | null;
    note: string;
    authorId: string | null;
    createdAt: string;
  }[];
}
