/**
 * Heatmap of units × strategic objectives: which share of a unit's active work flows to
 * each objective.
 * Algorithm: linear propagation over the vertical DAG. Each node's distribution over the
 * K objectives is the weight-normalised mean of its parents' distributions (an objective is
 * its own unit vector; cancelled nodes pass nothing on). A unit's cell is the mean
 * distribution of the active non-objective nodes in its subtree. Because everything is
 * linear, the same numbers come out of pushing each row's item mass upward to the
 * objectives, so we run whichever side is smaller: top-down over K objective columns
 * (parents first) or bottom-up over R row columns (children first). Columns are handled
 * in chunks of CHUNK to bound memory at n × CHUNK doubles. O((V + E) · min(K, R) + U · R).
 */
import { notFound } from "./errors.js";
import {
  type AlignmentGraph as FullGraph,
  KIND_OBJECTIVE,
  STATUS_ACTIVE,
  STATUS_CANCELLED,
} from "./graph.js";
import { runSteps, SLICE } from "./sliced-sort.js";

/** What the heatmap reads of a graph (the live model builds just this). */
export type HeatmapGraph = Pick<
  FullGraph,
  | "n"
  | "ids"
  | "titles"
  | "kind"
  | "status"
  | "priority"
  | "attrUnit"
  | "topo"
  | "upOffsets"
  | "upTargets"
  | "upWeights"
  | "units"
>;
type AlignmentGraph = HeatmapGraph;

export interface HeatmapRow {
  unitId: string;
  name: string;
  /** Active non-objective nodes attributed to the unit and its sub-units. */
  items: number;
  /** Per objective, in `objectives` order: share 0..1 of those items' work flowing to it. */
  cells: number[];
  /** 1 − sum of cells: work with no path to any objective (0 when there are no items). */
  unaligned: number;
}

export interface Heatmap {
  /** Non-cancelled objectives, by priority (unranked last), then title. */
  objectives: { id: string; title: string }[];
  rows: HeatmapRow[];
}

export interface HeatmapOptions {
  /** Exactly these units as rows, in this order. Unknown ids throw `not_found`. */
  unitIds?: string[];
  /** Rows are the units at this depth (roots are 0); default 1, falling back to the roots. */
  depth?: number;
  /**
   * Which side to propagate: over objective columns or over row columns. The result is the
   * same either way (up to rounding); the default picks the cheaper. For tests and benchmarks.
   */
  via?: "objectives" | "rows";
}

/**
 * Columns computed per pass. n × CHUNK doubles is the largest buffer (300k × 8 ≈ 19 MB),
 * and 8 doubles are one cache line, so each parent row read is a single miss.
 */
const CHUNK = 8;

export function computeHeatmap(g: AlignmentGraph, opts: HeatmapOptions = {}): Heatmap {
  return runSteps(computeHeatmapSteps(g, opts));
}

/**
 * computeHeatmap as steps: it yields every SLICE nodes of its passes, where a caller that
 * must keep answering (the live model's heatmapSliced) may pause.
 */
export function* computeHeatmapSteps(
  g: AlignmentGraph,
  opts: HeatmapOptions = {},
): Generator<void, Heatmap, void> {
  const objectives = objectiveOrder(g);
  yield;
  const rowUnits = pickRows(g, opts);
  const K = objectives.length;
  const R = rowUnits.length;
  const itemsPerUnit = subtreeItemCounts(g);
  yield;
  const cells: Float64Array[] = rowUnits.map(() => new Float64Array(K));
  if (K > 0 && R > 0) {
    const via = opts.via ?? (K <= R ? "objectives" : "rows");
    if (via === "objectives") yield* topDown(g, objectives, rowUnits, itemsPerUnit, cells);
    else yield* bottomUp(g, objectives, rowUnits, itemsPerUnit, cells);
  }
  const rows: HeatmapRow[] = rowUnits.map((u, r) => {
    const items = itemsPerUnit[u];
    const row = Array.from(cells[r]);
    let sum = 0;
    for (const x of row) sum += x;
    return {
      unitId: g.units.ids[u],
      name: g.units.names[u],
      items,
      cells: row,
      unaligned: items === 0 ? 0 : Math.max(0, 1 - sum),
    };
  });
  return {
    objectives: objectives.map((v) => ({ id: g.ids[v], title: g.titles[v] })),
    rows,
  };
}

const isItem = (g: AlignmentGraph, v: number) =>
  g.status[v] === STATUS_ACTIVE && g.kind[v] !== KIND_OBJECTIVE;

function objectiveOrder(g: AlignmentGraph): number[] {
  const out: number[] = [];
  for (let v = 0; v < g.n; v++) {
    if (g.kind[v] === KIND_OBJECTIVE && g.status[v] !== STATUS_CANCELLED) out.push(v);
  }
  const { priority, titles, ids } = g;
  return out.sort((a, b) => {
    const pa = priority[a];
    const pb = priority[b];
    // Two unranked objectives tie on rank (NaN !== NaN would make the order depend on input).
    if (pa !== pb && !(Number.isNaN(pa) && Number.isNaN(pb))) {
      if (Number.isNaN(pa)) return 1; // unranked last
      if (Number.isNaN(pb)) return -1;
      return pa - pb;
    }
    if (titles[a] !== titles[b]) return titles[a] < titles[b] ? -1 : 1;
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  });
}

function pickRows(g: AlignmentGraph, opts: HeatmapOptions): number[] {
  const units = g.units;
  if (opts.unitIds) {
    return opts.unitIds.map((id) => {
      const u = units.index.get(id);
      if (u === undefined) throw notFound("Unit", id);
      return u;
    });
  }
  const pick = (d: number) => {
    const out: number[] = [];
    for (let u = 0; u < units.n; u++) if (units.depth[u] === d) out.push(u);
    return out;
  };
  let rows = pick(opts.depth ?? 1);
  if (rows.length === 0 && opts.depth === undefined) rows = pick(0);
  const { names, ids } = units;
  return rows.sort((a, b) =>
    names[a] !== names[b] ? (names[a] < names[b] ? -1 : 1) : ids[a] < ids[b] ? -1 : 1,
  );
}

/** Active non-objective nodes per unit subtree, O(V + U). */
function subtreeItemCounts(g: AlignmentGraph): Int32Array {
  const { order, parent } = g.units;
  const count = new Int32Array(g.units.n);
  for (let v = 0; v < g.n; v++) {
    const u = g.attrUnit[v];
    if (u >= 0 && isItem(g, v)) count[u]++;
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const u = order[i];
    if (parent[u] >= 0) count[parent[u]] += count[u];
  }
  return count;
}

/** Sum of v's parent edge weights; shares are weight / sum, or equal when the sum is 0. */
function parentWeight(g: AlignmentGraph, v: number): number {
  let w = 0;
  for (let k = g.upOffsets[v]; k < g.upOffsets[v + 1]; k++) w += g.upWeights[k];
  return w;
}

/** Sets `a` to zeros a slice at a time, yielding between slices. */
function* zeroSteps(a: Float64Array) {
  const step = (SLICE + 1) * 64;
  for (let at = 0; at < a.length; at += step) {
    a.fill(0, at, Math.min(a.length, at + step));
    yield;
  }
}

function* topDown(
  g: AlignmentGraph,
  objectives: number[],
  rowUnits: number[],
  itemsPerUnit: Int32Array,
  cells: Float64Array[],
) {
  const { n, topo, status, kind, upOffsets, upTargets, upWeights, attrUnit } = g;
  const { order, parent } = g.units;
  const U = g.units.n;
  const column = new Int32Array(n).fill(-1);
  objectives.forEach((v, k) => {
    column[v] = k;
  });
  const C = Math.min(CHUNK, objectives.length);
  const dist = new Float64Array(n * C);
  const unitSum = new Float64Array(U * C);
  for (let k0 = 0; k0 < objectives.length; k0 += C) {
    const width = Math.min(C, objectives.length - k0);
    // Zeroed in slices (n·C doubles: 19 MB at XL, a 30 ms stall in one piece); new, it is.
    if (k0 > 0) yield* zeroSteps(dist);
    unitSum.fill(0);
    for (let i = 0; i < n; i++) {
      if ((i & SLICE) === SLICE) yield;
      const v = topo[i];
      if (status[v] === STATUS_CANCELLED) continue;
      const base = v * C;
      if (kind[v] === KIND_OBJECTIVE) {
        const k = column[v] - k0;
        if (k >= 0 && k < width) dist[base + k] = 1;
        continue;
      }
      const start = upOffsets[v];
      const end = upOffsets[v + 1];
      if (start === end) continue;
      const total = parentWeight(g, v);
      const equal = 1 / (end - start);
      for (let e = start; e < end; e++) {
        // Divide per edge: 1/total would overflow for denormal weights.
        const f = total > 0 ? upWeights[e] / total : equal;
        if (f === 0) continue;
        const pb = upTargets[e] * C;
        for (let c = 0; c < width; c++) dist[base + c] += f * dist[pb + c];
      }
    }
    yield;
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      const u = attrUnit[v];
      if (u < 0 || !isItem(g, v)) continue;
      for (let c = 0; c < width; c++) unitSum[u * C + c] += dist[v * C + c];
    }
    for (let i = U - 1; i >= 0; i--) {
      const u = order[i];
      const p = parent[u];
      if (p < 0) continue;
      for (let c = 0; c < width; c++) unitSum[p * C + c] += unitSum[u * C + c];
    }
    rowUnits.forEach((u, r) => {
      const items = itemsPerUnit[u];
      if (items === 0) return;
      for (let c = 0; c < width; c++) cells[r][k0 + c] = unitSum[u * C + c] / items;
    });
  }
}

function* bottomUp(
  g: AlignmentGraph,
  objectives: number[],
  rowUnits: number[],
  itemsPerUnit: Int32Array,
  cells: Float64Array[],
) {
  const { n, topo, status, kind, upOffsets, upTargets, upWeights, attrUnit } = g;
  const { childOffsets, children } = g.units;
  const U = g.units.n;
  const C = Math.min(CHUNK, rowUnits.length);
  const mass = new Float64Array(n * C);
  const inRow = new Uint8Array(U * C);
  const stack = new Int32Array(U);
  for (let r0 = 0; r0 < rowUnits.length; r0 += C) {
    const width = Math.min(C, rowUnits.length - r0);
    if (r0 > 0) yield* zeroSteps(mass);
    yield;
    inRow.fill(0);
    // Which units fall under each row of this chunk (rows may overlap when given by id).
    for (let c = 0; c < width; c++) {
      let top = 0;
      stack[top++] = rowUnits[r0 + c];
      while (top > 0) {
        const u = stack[--top];
        inRow[u * C + c] = 1;
        for (let k = childOffsets[u]; k < childOffsets[u + 1]; k++) stack[top++] = children[k];
      }
    }
    // Each item starts with 1/items of its row's mass, in every row it belongs to.
    const share = new Float64Array(width);
    for (let c = 0; c < width; c++) {
      const items = itemsPerUnit[rowUnits[r0 + c]];
      share[c] = items > 0 ? 1 / items : 0;
    }
    for (let v = 0; v < n; v++) {
      if ((v & SLICE) === SLICE) yield;
      const u = attrUnit[v];
      if (u < 0 || !isItem(g, v)) continue;
      for (let c = 0; c < width; c++) if (inRow[u * C + c]) mass[v * C + c] = share[c];
    }
    yield;
    // Children first: push mass to parents; objectives keep what reaches them.
    for (let i = n - 1; i >= 0; i--) {
      if ((i & SLICE) === SLICE) yield;
      const v = topo[i];
      if (status[v] === STATUS_CANCELLED || kind[v] === KIND_OBJECTIVE) continue;
      const start = upOffsets[v];
      const end = upOffsets[v + 1];
      if (start === end) continue;
      const total = parentWeight(g, v);
      const equal = 1 / (end - start);
      const base = v * C;
      for (let e = start; e < end; e++) {
        // Divide per edge: 1/total would overflow for denormal weights.
        const f = total > 0 ? upWeights[e] / total : equal;
        if (f === 0) continue;
        const pb = upTargets[e] * C;
        for (let c = 0; c < width; c++) mass[pb + c] += f * mass[base + c];
      }
    }
    objectives.forEach((v, k) => {
      for (let c = 0; c < width; c++) cells[r0 + c][k] = mass[v * C + c];
    });
  }
}
