/**
 * A cheap layered layout for graphs too large for ELK (thousands of nodes): linear in nodes
 * plus edges. A node's layer is the longest path down from the lane's roots; within a layer
 * nodes are ordered by the mean position of their parents (one barycentre sweep, so children
 * sit under what they serve) and a layer that fits on one row spreads over the width; a layer wider than the chosen column count wraps onto several
 * rows, and the column count is picked so the whole picture has about the viewport's shape.
 */

export interface CheapLayoutOptions {
  /** Horizontal distance between neighbours in a row. */
  nodeGap?: number;
  /** Vertical distance between the wrapped rows of one layer. */
  rowGap?: number;
  /** Extra vertical distance between two layers. */
  layerGap?: number;
  /** Wanted width / height of the whole layout. */
  aspect?: number;
}

export interface CheapLayout {
  positions: Map<string, { x: number; y: number }>;
  /** Layer of each node (0 = top). */
  layer: Map<string, number>;
  columns: number;
  width: number;
  height: number;
}

/**
 * `ids` in a stable order (it breaks ties); `parentsOf` lists a node's parents among `ids`.
 * Nodes caught in a cycle (never in valid data) are placed in the layer after their deepest
 * placed parent, so every node always gets a position.
 */
export function cheapLayered(
  ids: readonly string[],
  parentsOf: (id: string) => readonly string[],
  opts: CheapLayoutOptions = {},
): CheapLayout {
  const nodeGap = opts.nodeGap ?? 1;
  const rowGap = opts.rowGap ?? 1;
  const layerGap = opts.layerGap ?? rowGap;
  const aspect = opts.aspect ?? 1.8;
  const index = new Map(ids.map((id, i) => [id, i]));
  const parents = ids.map((id) => parentsOf(id).filter((p) => index.has(p) && p !== id));
  const children: number[][] = ids.map(() => []);
  const pending = parents.map((p) => p.length);
  parents.forEach((ps, i) => {
    for (const p of ps) children[index.get(p)!].push(i);
  });

  // Longest path from the roots, in topological order.
  const layerOf = new Int32Array(ids.length);
  const done = new Uint8Array(ids.length);
  const queue: number[] = [];
  for (let i = 0; i < ids.length; i++) if (pending[i] === 0) queue.push(i);
  const drain = () => {
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q];
      done[i] = 1;
      for (const c of children[i]) {
        layerOf[c] = Math.max(layerOf[c], layerOf[i] + 1);
        if (--pending[c] === 0) queue.push(c);
      }
    }
  };
  drain();
  // Break any cycle: release the first unplaced node and carry on.
  for (let i = 0; i < ids.length; i++) {
    if (!done[i] && pending[i] > 0) {
      pending[i] = 0;
      queue.length = 0;
      queue.push(i);
      drain();
    }
  }

  const layers: number[][] = [];
  for (let i = 0; i < ids.length; i++) {
    layers[layerOf[i]] ??= [];
    layers[layerOf[i]].push(i);
  }
  const compact = layers.filter((l) => l && l.length > 0);

  // Choose the number of columns: the layout's width / height closest to `aspect`.
  const widest = Math.max(1, ...compact.map((l) => l.length));
  const shape = (cols: number) => {
    let rows = 0;
    for (const l of compact) rows += Math.ceil(l.length / cols);
    const width = Math.max(1, cols - 1) * nodeGap;
    const height = Math.max(1, (rows - compact.length) * rowGap + compact.length * layerGap);
    return { width, height };
  };
  let columns = widest;
  let best = Number.POSITIVE_INFINITY;
  for (let cols = 1; cols <= widest; cols++) {
    const { width, height } = shape(cols);
    const miss = Math.abs(Math.log(width / height / aspect));
    if (miss < best) {
      best = miss;
      columns = cols;
    }
  }

  // Order each layer by the barycentre of its parents' x, then place it row by row.
  const x = new Float64Array(ids.length);
  const positions = new Map<string, { x: number; y: number }>();
  const layer = new Map<string, number>();
  let y = 0;
  compact.forEach((members, depth) => {
    const key = members.map((i) => {
      const ps = parents[i];
      if (ps.length === 0) return Number.NaN;
      let sum = 0;
      for (const p of ps) sum += x[index.get(p)!];
      return sum / ps.length;
    });
    const order = members
      .map((i, k) => ({ i, k: Number.isNaN(key[k]) ? Number.POSITIVE_INFINITY : key[k] }))
      .sort((a, b) => a.k - b.k || a.i - b.i);
    const rows = Math.ceil(order.length / columns);
    const full = Math.max(0, columns - 1) * nodeGap;
    for (let r = 0; r < rows; r++) {
      const row = order.slice(r * columns, (r + 1) * columns);
      // A layer that fits on one row spreads over the whole width, like a tree's upper levels;
      // the last row of a wrapped layer stays packed and centred.
      const gap = rows === 1 && row.length > 1 ? full / row.length : nodeGap;
      const offset =
        rows === 1 && row.length > 1 ? gap / 2 : (full - (row.length - 1) * nodeGap) / 2;
      row.forEach(({ i }, c) => {
        x[i] = offset + c * gap;
        positions.set(ids[i], { x: x[i], y: y + r * rowGap });
        layer.set(ids[i], depth);
      });
    }
    y += (rows - 1) * rowGap + layerGap;
  });
  return {
    positions,
    layer,
    columns,
    width: Math.max(0, columns - 1) * nodeGap,
    height: Math.max(0, y - layerGap),
  };
}
