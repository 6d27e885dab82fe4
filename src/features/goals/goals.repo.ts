import type { AlignmentNode } from "../../core/records.js";
import type { Direction, NodeKind, NodeStatus } from "../../core/types.js";
import { entityRepo, iso, isoOrNull } from "../../platform/db/entity.repo.js";
import { dropUndefined } from "../units/index.js";

export const nodesRepo = entityRepo<AlignmentNode>("nodes", "Node", (r) => ({
  id: r.id as string,
  kind: r.kind as NodeKind,
  title: r.title as string,
  description: r.description as string,
  ownerUnitId: r.owner_unit_id as string | null,
  ownerPersonId: r.owner_person_id as string | null,
  cycleId: r.cycle_id as string | null,
  baseline: r.baseline as number | null,
  target: r.target as number | null,
  current: r.current as number | null,
  metricUnit: r.metric_unit as string | null,
  direction: r.direction as Direction,
  status: r.status as NodeStatus,
  confidence: r.confidence as number | null,
  priority: r.priority as number | null,
  standalone: r.standalone as boolean,
  standaloneReason: r.standalone_reason as string | null,
  lastCheckinAt: isoOrNull(r.last_checkin_at),
  version: r.version as number,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
}));

type NodeFields = Omit<
  AlignmentNode,
  "id" | "version" | "createdAt" | "updatedAt" | "lastCheckinAt"
>;

export const nodeColumns = (n: Partial<NodeFields>) =>
  dropUndefined({
    kind: n.kind,
    title: n.title,
    description: n.description,
    owner_unit_id: n.ownerUnitId,
    owner_person_id: n.ownerPersonId,
    cycle_id: n.cycleId,
    baseline: n.baseline,
    target: n.target,
    current: n.current,
    metric_unit: n.metricUnit,
    direction: n.direction,
    status: n.status,
    confidence: n.confidence,
    priority: n.priority,
    standalone: n.standalone,
    standalone_reason: n.standaloneReason,
  });
