/**
 * The alignment map's graph model, pure and framework-free so it can be unit-tested:
 * which nodes are linked to strategy, which match the filters, and which are only shown as
 * context (the ancestors that keep the path up to an objective readable).
 *
 * Vertical edges point from the contributor (`fromId`) up to what it serves (`toId`);
 * the map draws them top-down, parents above children.
 */

export interface MapNodeIn {
  id: string;
  kind: string;
  status: string;
  ownerUnitId: string | null;
  ownerPersonId: string | null;
  cycleId: string | null;
}
export interface MapEdgeIn {
  id: string;
  kind: string;
  fromId: string;
  toId: string;
}
export interface UnitIn {
  id: string;
  parentId: string | null;
}
export interface PersonIn {
  id: string;
  memberships: { unitId: string }[];
}
export interface CycleIn {
  id: string;
  parentId: string | null;
}

export interface Filters {
  unitId?: string | null;
  cycleId?: string | null;
  status?: string | null;
}

/** The vertical edges (contributes to, supports) the map draws. */
export const VERTICAL = new Set(["contributes_to", "supports"]);

export interface Adjacency {
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
}

/** Parents and children of every node along vertical edges whose ends both exist. */
export function adjacency(ids: Iterable<string>, edges: readonly MapEdgeIn[]): Adjacency {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of ids) {
    parents.set(id, []);
    children.set(id, []);
  }
  for (const e of edges) {
    if (!VERTICAL.has(e.kind)) continue;
    const p = parents.get(e.fromId);
    const c = children.get(e.toId);
    if (!p || !c || e.fromId === e.toId) continue;
    p.push(e.toId);
    c.push(e.fromId);
  }
  return { parents, children };
}

/**
 * Depth of every node linked to strategy: objectives are 0, any other node is one more than
 * its deepest linked parent (longest path, so a goal sits below everything it serves).
 * Nodes without a path up to an objective are absent from the result: they are orphans.
 * Runs in topological order, so a (forbidden, but defended against) cycle never loops.
 */
export function strategyDepths(nodes: readonly MapNodeIn[], adj: Adjacency): Map<string, number> {
  const depth = new Map<string, number>();
  const pending = new Map<string, number>();
  const queue: string[] = [];
  for (const n of nodes) {
    const k = adj.parents.get(n.id)?.length ?? 0;
    pending.set(n.id, n.kind === "objective" ? 0 : k);
    if (n.kind === "objective") {
      depth.set(n.id, 0);
      queue.push(n.id);
    } else if (k === 0) queue.push(n.id);
  }
  const isObjective = new Set(nodes.filter((n) => n.kind === "objective").map((n) => n.id));
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    const d = depth.get(id);
    for (const child of adj.children.get(id) ?? []) {
      if (isObjective.has(child)) continue;
      if (d !== undefined) depth.set(child, Math.max(depth.get(child) ?? 0, d + 1));
      const left = (pending.get(child) ?? 1) - 1;
      pending.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  return depth;
}

/** A unit and every unit below it. */
export function unitSubtree(units: readonly UnitIn[], unitId: string): Set<string> {
  const kids = new Map<string, string[]>();
  for (const u of units) {
    if (!u.parentId) continue;
    const list = kids.get(u.parentId) ?? [];
    list.push(u.id);
    kids.set(u.parentId, list);
  }
  const out = new Set<string>([unitId]);
  const stack = [unitId];
  while (stack.length) {
    for (const k of kids.get(stack.pop()!) ?? []) {
      if (!out.has(k)) {
        out.add(k);
        stack.push(k);
      }
    }
  }
  return out;
}

/** A cycle and its sub-cycles (a year and its quarters). */
export function cycleSet(cycles: readonly CycleIn[], cycleId: string): Set<string> {
  return unitSubtree(cycles, cycleId);
}

export interface Selection {
  /** Every node to draw. */
  visible: Set<string>;
  /** Drawn only to keep the path up to strategy readable: they do not match the filters. */
  context: Set<string>;
  /** How many nodes match the filters themselves. */
  matching: number;
}

/**
 * The nodes that match the filters, plus their ancestors as context. A node belongs to a
 * unit when that unit or one below it owns it, or when its owner is a member of one.
 */
export function select(
  nodes: readonly MapNodeIn[],
  adj: Adjacency,
  filters: Filters,
  org: { units: readonly UnitIn[]; people: readonly PersonIn[]; cycles: readonly CycleIn[] },
): Selection {
  const units = filters.unitId ? unitSubtree(org.units, filters.unitId) : null;
  const members = new Set<string>();
  if (units) {
    for (const p of org.people) {
      if (p.memberships.some((m) => units.has(m.unitId))) members.add(p.id);
    }
  }
  const cycles = filters.cycleId ? cycleSet(org.cycles, filters.cycleId) : null;
  const matches = (n: MapNodeIn) =>
    (!units ||
      (n.ownerUnitId !== null && units.has(n.ownerUnitId)) ||
      (n.ownerPersonId !== null && members.has(n.ownerPersonId))) &&
    (!cycles || (n.cycleId !== null && cycles.has(n.cycleId))) &&
    (!filters.status || n.status === filters.status);

  const visible = new Set<string>();
  const stack: string[] = [];
  for (const n of nodes) {
    if (matches(n)) {
      visible.add(n.id);
      stack.push(n.id);
    }
  }
  const matching = visible.size;
  const context = new Set<string>();
  while (stack.length) {
    for (const p of adj.parents.get(stack.pop()!) ?? []) {
      if (visible.has(p)) continue;
      visible.add(p);
      context.add(p);
      stack.push(p);
    }
  }
  return { visible, context, matching };
}

/** The vertical edges between two drawn nodes. */
export const visibleEdges = <E extends MapEdgeIn>(edges: readonly E[], visible: Set<string>) =>
  edges.filter((e) => VERTICAL.has(e.kind) && visible.has(e.fromId) && visible.has(e.toId));
