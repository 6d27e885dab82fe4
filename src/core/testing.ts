/**
 * Test fixture builders: small, readable snapshots for the engine's tests (and anyone
 * else's). Every factory fills sensible defaults; pass only what the test is about.
 */
import type { EdgeRecord, NodeRecord, OrgSnapshot, PersonRecord, UnitRecord } from "./types.js";

/** A fixed "now" for tests, and timestamps relative to it. */
export const NOW = new Date("2026-06-15T12:00:00.000Z");
export const daysAgo = (days: number, from: Date = NOW): string =>
  new Date(from.getTime() - days * 86_400_000).toISOString();

let seq = 0;
const nextId = (prefix: string) => `${prefix}${++seq}`;

/** An active, owned, freshly checked-in goal with a metric at 50% unless overridden. */
export function node(overrides: Partial<NodeRecord> = {}): NodeRecord {
  const id = overrides.id ?? nextId("n");
  return {
    id,
    kind: "goal",
    title: `Item ${id}`,
    ownerUnitId: "u-root",
    ownerPersonId: null,
    cycleId: null,
    baseline: 0,
    target: 100,
    current: 50,
    direction: "increase",
    status: "active",
    confidence: 0.8,
    priority: null,
    standalone: false,
    standaloneReason: null,
    lastCheckinAt: daysAgo(1),
    createdAt: daysAgo(30),
    ...overrides,
  };
}

/** A node without a metric (progress comes from its contributors). */
export const rollupNode = (overrides: Partial<NodeRecord> = {}): NodeRecord =>
  node({ baseline: null, target: null, current: null, ...overrides });

/** A vertical or dependency edge; `from` is the child (or the node that relies on `to`). */
export function edge(
  fromId: string,
  toId: string,
  overrides: Partial<EdgeRecord> = {},
): EdgeRecord {
  const kind = overrides.kind ?? "contributes_to";
  return {
    id: nextId("e"),
    kind,
    fromId,
    toId,
    weight: 1,
    state: kind === "depends_on" ? "accepted" : null,
    createdAt: daysAgo(30),
    updatedAt: daysAgo(1),
    ...overrides,
  };
}

export const dependsOn = (fromId: string, toId: string, overrides: Partial<EdgeRecord> = {}) =>
  edge(fromId, toId, { kind: "depends_on", ...overrides });

export function unit(id: string, parentId: string | null, overrides: Partial<UnitRecord> = {}) {
  const u: UnitRecord = {
    id,
    parentId,
    name: `Unit ${id}`,
    kind: parentId === null ? "company" : "team",
    leaderId: null,
    cadenceDays: 14,
    ...overrides,
  };
  return u;
}

export function person(id: string, primaryUnitId: string | null = null): PersonRecord {
  return { id, name: `Person ${id}`, managerId: null, primaryUnitId };
}

/** A snapshot; a root unit "u-root" is added unless the caller gives units. */
export function snapshot(parts: Partial<OrgSnapshot> = {}): OrgSnapshot {
  return {
    units: parts.units ?? [unit("u-root", null, { name: "Stride Athletics" })],
    people: parts.people ?? [],
    nodes: parts.nodes ?? [],
    edges: parts.edges ?? [],
  };
}
