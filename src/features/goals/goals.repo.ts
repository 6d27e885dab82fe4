import type { AlignmentNode } from "../../core/records.js";
import { dropUndefined, entityRepo, iso, isoOrNull } from "../../platform/db/entity.repo.js";

export const nodesRepo = entityRepo(
  "nodes",
  "Node",
  (r): AlignmentNode => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    ownerUnitId: r.owner_unit_id,
    ownerPersonId: r.owner_person_id,
    cycleId: r.cycle_id,
    baseline: r.baseline,
    target: r.target,
    current: r.current,
    metricUnit: r.metric_unit,
    direction: r.direction,
    status: r.status,
    confidence: r.confidence,
    priority: r.priority,
    standalone: r.standalone,
    standaloneReason: r.standalone_reason,
    lastCheckinAt: isoOrNull(r.last_checkin_at),
    version: r.version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }),
);

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
