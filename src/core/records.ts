import type {
  CycleKind,
  DependencyState,
  Direction,
  EdgeKind,
  NodeKind,
  NodeStatus,
  UnitKind,
} from "./types.js";

/** The records the application works with and the API presents (timestamps as ISO text). */

interface Versioned {
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Unit extends Versioned {
  id: string;
  parentId: string | null;
  name: string;
  kind: UnitKind;
  leaderId: string | null;
  cadenceDays: number;
}

export interface Membership {
  unitId: string;
  share: number;
}

export interface Person extends Versioned {
  id: string;
  externalId: string | null;
  name: string;
  email: string | null;
  title: string;
  managerId: string | null;
  memberships: Membership[];
}

export interface Cycle extends Versioned {
  id: string;
  parentId: string | null;
  name: string;
  kind: CycleKind;
  startsOn: string;
  endsOn: string;
}

export interface AlignmentNode extends Versioned {
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
  lastCheckinAt: string | null;
}

export interface Edge extends Versioned {
  id: string;
  kind: EdgeKind;
  fromId: string;
  toId: string;
  weight: number;
  state: DependencyState | null;
  note: string;
}

export interface Checkin {
  id: string;
  nodeId: string;
  value: number | null;
  confidence: number | null;
  note: string;
  authorId: string | null;
  /** A private note is shown only to its author, their manager chain and admins. */
  private: boolean;
  createdAt: string;
}
