/**
 * Health scores per unit (over its whole subtree) and for the organization.
 * Algorithm: mark findings on per-node / per-edge / per-unit flags (O(F)), count per unit
 * (O(V + D)), then add each unit's counts into its parent walking the unit tree leaves
 * first (O(U)). Total O(V + D + U + F). The findings are the input: rules are not re-run.
 */
import { type AlignmentGraph, STATUS_ACTIVE } from "./graph.js";
import type { Finding } from "./types.js";

export interface HealthComponent {
  id: "aligned" | "owned" | "fresh" | "measurable" | "dependencies" | "focus";
  label: string;
  /** Share in good shape, 0..1 (1 when there is nothing to judge). */
  ratio: number;
  weight: number;
  /** How many are not in good shape, out of `total`. */
  failing: number;
  total: number;
}

export interface HealthScore {
  /** 0–100, integer. */
  score: number;
  /** Active nodes counted. */
  items: number;
  components: HealthComponent[];
  /** What pulls the score down, worst first, e.g. "12 of 40 active items have no path to strategy". */
  gaps: string[];
}

export interface HealthReport {
  org: HealthScore;
  /** By unit id; each unit's score covers the unit and all its sub-units. */
  units: Map<string, HealthScore>;
}

interface ComponentSpec {
  id: HealthComponent["id"];
  label: string;
  weight: number;
  /** Gap sentence for `bad` of `total`. */
  gap: (bad: number, total: number) => string;
}

const has = (k: number, one: string, many: string) => (k === 1 ? one : many);

export const HEALTH_COMPONENTS: readonly ComponentSpec[] = [
  {
    id: "aligned",
    label: "Aligned to strategy",
    weight: 0.3,
    gap: (b, t) => `${b} of ${t} active items ${has(b, "has", "have")} no path to strategy`,
  },
  {
    id: "owned",
    label: "Owned",
    weight: 0.15,
    gap: (b, t) => `${b} of ${t} active items ${has(b, "has", "have")} no owner`,
  },
  {
    id: "fresh",
    label: "Checked in on time",
    weight: 0.2,
    gap: (b, t) => `${b} of ${t} measured items ${has(b, "is", "are")} overdue for a check-in`,
  },
  {
    id: "measurable",
    label: "Measurable",
    weight: 0.1,
    gap: (b, t) => `${b} of ${t} active items ${has(b, "has", "have")} nothing measurable`,
  },
  {
    id: "dependencies",
    label: "Dependencies healthy",
    weight: 0.15,
    gap: (b, t) => `${b} of ${t} dependencies ${has(b, "is", "are")} at risk`,
  },
  {
    id: "focus",
    label: "Focused",
    weight: 0.1,
    gap: (b, t) => `${b} of ${t} units ${has(b, "owns", "own")} too many active goals`,
  },
];

// Counter slots, per unit and for the org: [total, bad] for each component, in order.
const SLOTS = HEALTH_COMPONENTS.length * 2;
const ALIGNED = 0;
const OWNED = 2;
const FRESH = 4;
const MEASURABLE = 6;
const DEPS = 8;
const FOCUS = 10;

/**
 * Scores the organization and every unit. Ratios are over active nodes attributed to the
 * unit's subtree; "measurable" means no `no_metric` finding, "fresh" is judged among
 * active nodes with a metric, "dependencies" over depends_on edges from active nodes.
 * Findings about draft items do not count: health is about work in flight.
 * Pass `subjectIndex` from computeFindingsIndexed to skip looking subjects up by id.
 */
export function computeHealth(
  g: AlignmentGraph,
  findings: readonly Finding[],
  _progress?: Float64Array,
  subjectIndex?: Int32Array,
): HealthReport {
  const { n, status, attrUnit, target } = g;
  const U = g.units.n;

  // 1. Findings → flags. With subject indices (from computeFindingsIndexed) no id is looked up.
  const orphan = new Uint8Array(n);
  const unowned = new Uint8Array(n);
  const stale = new Uint8Array(n);
  const noMetric = new Uint8Array(n);
  const overLimit = new Uint8Array(U);
  const riskyDeps = new Uint8Array(g.deps.count);
  const indexed = subjectIndex !== undefined && subjectIndex.length === findings.length;
  let depIndex: Map<string, number> | null = null;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const type = f.subject.type;
    if (type === "node") {
      const flags =
        f.rule === "orphan"
          ? orphan
          : f.rule === "unowned"
            ? unowned
            : f.rule === "stale_checkin"
              ? stale
              : f.rule === "no_metric"
                ? noMetric
                : null;
      if (flags === null) continue;
      const v = indexed ? subjectIndex[i] : g.lookup.get(f.subject.id);
      if (v >= 0) flags[v] = 1;
    } else if (type === "edge" && f.rule === "dependency_at_risk") {
      let j = -1;
      if (indexed) {
        j = subjectIndex[i];
      } else {
        depIndex ??= new Map(g.deps.ids.map((id, k) => [id, k]));
        j = depIndex.get(f.subject.id) ?? -1;
      }
      if (j >= 0) riskyDeps[j] = 1;
    } else if (type === "unit" && f.rule === "too_many_goals") {
      const u = indexed ? subjectIndex[i] : (g.units.index.get(f.subject.id) ?? -1);
      if (u >= 0) overLimit[u] = 1;
    }
  }

  // 2. Count per unit; the org row sits at index U. Unattributed nodes count for the org only.
  const c = new Int32Array((U + 1) * SLOTS);
  const orgBase = U * SLOTS;
  const count = (u: number, slot: number, bad: number) => {
    c[orgBase + slot]++;
    if (bad) c[orgBase + slot + 1]++;
    if (u >= 0) {
      const b = u * SLOTS + slot;
      c[b]++;
      if (bad) c[b + 1]++;
    }
  };
  const items = new Int32Array(U + 1);
  for (let v = 0; v < n; v++) {
    if (status[v] !== STATUS_ACTIVE) continue;
    const u = attrUnit[v];
    items[U]++;
    if (u >= 0) items[u]++;
    count(u, ALIGNED, orphan[v]);
    count(u, OWNED, unowned[v]);
    if (!Number.isNaN(target[v])) count(u, FRESH, stale[v]);
    count(u, MEASURABLE, noMetric[v]);
  }
  const deps = g.deps;
  for (let j = 0; j < deps.count; j++) {
    const f = deps.from[j];
    if (status[f] !== STATUS_ACTIVE) continue;
    count(attrUnit[f], DEPS, riskyDeps[j]);
  }
  for (let u = 0; u < U; u++) count(u, FOCUS, overLimit[u]);

  // 3. Subtree sums: children before parents (reverse of the root-first unit order).
  const { order, parent } = g.units;
  for (let i = U - 1; i >= 0; i--) {
    const u = order[i];
    const p = parent[u];
    if (p < 0) continue;
    items[p] += items[u];
    for (let s = 0; s < SLOTS; s++) c[p * SLOTS + s] += c[u * SLOTS + s];
  }

  const units = new Map<string, HealthScore>();
  for (let u = 0; u < U; u++) units.set(g.units.ids[u], score(c, u * SLOTS, items[u]));
  return { org: score(c, orgBase, items[U]), units };
}

/** A score from counters laid out as [total, bad] per component from `base` (also the live model's). */
export function score(c: Int32Array, base: number, items: number): HealthScore {
  const k = HEALTH_COMPONENTS.length;
  const components: HealthComponent[] = new Array(k);
  let sum = 0;
  let weights = 0;
  for (let i = 0; i < k; i++) {
    const spec = HEALTH_COMPONENTS[i];
    const total = c[base + i * 2];
    const failing = c[base + i * 2 + 1];
    const ratio = total === 0 ? 1 : (total - failing) / total;
    components[i] = { id: spec.id, label: spec.label, ratio, weight: spec.weight, failing, total };
    sum += spec.weight * ratio;
    weights += spec.weight;
  }
  if (items === 0) return { score: 100, items: 0, components, gaps: ["No active goals yet"] };
  // Worst first: by weighted loss, ties in component order. Six items: insertion sort.
  const order: number[] = [];
  for (let i = 0; i < k; i++) {
    if (components[i].failing === 0) continue;
    const loss = components[i].weight * (1 - components[i].ratio);
    let at = order.length;
    while (at > 0) {
      const prev = components[order[at - 1]];
      if (prev.weight * (1 - prev.ratio) >= loss) break;
      at--;
    }
    order.splice(at, 0, i);
  }
  const gaps = order.map((i) =>
    HEALTH_COMPONENTS[i].gap(components[i].failing, components[i].total),
  );
  return { score: Math.round((100 * sum) / weights), items, components, gaps };
}
