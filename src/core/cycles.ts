/**
 * Cycle checks for vertical edges (child → parent).
 * Algorithms: breadth-first search from the new edge's parent, O(V + E) of the edges given
 * (findCyclePath); iterative depth-first search with white/grey/black colours, O(V + E)
 * (checkAcyclic). Both work on their own small index so they need no AlignmentGraph.
 * A path is returned as node ids whose consecutive pairs are edges and whose first and
 * last entries are the same node, so a user can be shown exactly which links loop.
 */

export interface EdgeLike {
  fromId: string;
  toId: string;
  /** Optional; depends_on edges are horizontal and never close a vertical cycle. */
  kind?: string;
}

interface Adjacency {
  index: Map<string, number>;
  ids: string[];
  offsets: Int32Array;
  targets: Int32Array;
}

function adjacency(edges: ReadonlyArray<EdgeLike>): Adjacency {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const idOf = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      ids.push(id);
      index.set(id, i);
    }
    return i;
  };
  const from: number[] = [];
  const to: number[] = [];
  for (const e of edges) {
    if (e.kind === "depends_on") continue;
    from.push(idOf(e.fromId));
    to.push(idOf(e.toId));
  }
  const n = ids.length;
  const offsets = new Int32Array(n + 1);
  for (const f of from) offsets[f + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) targets[fill[from[e]]++] = to[e];
  return { index, ids, offsets, targets };
}

/**
 * The loop that adding fromId → toId would close, as [fromId, toId, …, fromId], or null
 * when the new edge is safe. A self-loop gives [fromId, fromId]. `edges` are the existing
 * vertical edges; passing only the ancestors of toId is enough.
 */
export function findCyclePath(
  edges: ReadonlyArray<EdgeLike>,
  fromId: string,
  toId: string,
): string[] | null {
  if (fromId === toId) return [fromId, fromId];
  const g = adjacency(edges);
  const start = g.index.get(toId);
  const goal = g.index.get(fromId);
  if (start === undefined || goal === undefined) return null;
  // BFS upward from toId; the first time we meet fromId we have a shortest loop.
  const prev = new Int32Array(g.ids.length).fill(-1);
  const queue = new Int32Array(g.ids.length);
  prev[start] = start;
  let tail = 0;
  queue[tail++] = start;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let k = g.offsets[v]; k < g.offsets[v + 1]; k++) {
      const w = g.targets[k];
      if (prev[w] !== -1) continue;
      prev[w] = v;
      if (w === goal) {
        const back: string[] = [];
        for (let x = w; x !== start; x = prev[x]) back.push(g.ids[x]);
        back.push(toId);
        back.push(fromId);
        return back.reverse();
      }
      queue[tail++] = w;
    }
  }
  return null;
}

/** One cycle in a whole edge set (e.g. an import) as [a, b, …, a], or null when acyclic. */
export function checkAcyclic(edges: ReadonlyArray<EdgeLike>): string[] | null {
  const g = adjacency(edges);
  const n = g.ids.length;
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const colour = new Uint8Array(n);
  // Explicit stack of (node, next edge position) replaces recursion: no stack overflow.
  const stackNode = new Int32Array(n);
  const stackEdge = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (colour[root] !== WHITE) continue;
    let top = 0;
    stackNode[0] = root;
    stackEdge[0] = g.offsets[root];
    colour[root] = GREY;
    while (top >= 0) {
      const v = stackNode[top];
      const k = stackEdge[top];
      if (k === g.offsets[v + 1]) {
        colour[v] = BLACK;
        top--;
        continue;
      }
      stackEdge[top] = k + 1;
      const w = g.targets[k];
      if (colour[w] === GREY) {
        // w is on the stack: the loop is the stack from w up to v, then back to w.
        let s = top;
        while (stackNode[s] !== w) s--;
        const path: string[] = [];
        for (let i = s; i <= top; i++) path.push(g.ids[stackNode[i]]);
        path.push(g.ids[w]);
        return path;
      }
      if (colour[w] === WHITE) {
        colour[w] = GREY;
        top++;
        stackNode[top] = w;
        stackEdge[top] = g.offsets[w];
      }
    }
  }
  return null;
}
