import ELK, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk-api.js";
import elkWorkerUrl from "elkjs/lib/elk-worker.min.js?url";

/**
 * ELK's layered layout, run in a Web Worker: measured on the demo organization (124 nodes) it
 * takes 0.4–1 s on the main thread, which would freeze scrolling and typing, so the page
 * stays responsive while it works. One worker is created lazily and reused.
 */
let elk: InstanceType<typeof ELK> | null = null;
const engine = () => {
  elk ??= new ELK({ workerUrl: elkWorkerUrl });
  return elk;
};

export const CARD_W = 216;
export const CARD_H = 100;
/** Vertical space between the strategy lane and the lane of orphans (for its heading). */
export const LANE_GAP = 96;

export interface Point {
  x: number;
  y: number;
}
export interface LaidOutEdge {
  id: string;
  kind: string;
  fromId: string;
  toId: string;
  points: Point[];
}
export interface Layout {
  positions: Map<string, Point>;
  edges: LaidOutEdge[];
  width: number;
  height: number;
  /** Where the lane "Not linked to strategy" starts, when there is one. */
  orphanLaneY: number | null;
}

interface EdgeIn {
  id: string;
  kind: string;
  fromId: string;
  toId: string;
}

const OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.spacing.nodeNode": "16",
  "elk.layered.spacing.nodeNodeBetweenLayers": "56",
  "elk.layered.spacing.edgeNodeBetweenLayers": "16",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  // Layers are given (see `partition` below), so objectives always form the top row.
  "elk.partitioning.activate": "true",
  "elk.padding": "[top=0,left=0,bottom=0,right=0]",
};

async function lane(ids: string[], edges: EdgeIn[], layerOf?: (id: string) => number | undefined) {
  if (ids.length === 0) return null;
  const graph: ElkNode = {
    id: "root",
    layoutOptions: layerOf ? OPTIONS : { ...OPTIONS, "elk.partitioning.activate": "false" },
    children: ids.map((id) => {
      const layer = layerOf?.(id);
      return {
        id,
        width: CARD_W,
        height: CARD_H,
        layoutOptions:
          layer === undefined ? undefined : { "elk.partitioning.partition": String(layer) },
      };
    }),
    // Parents above children: ELK's edges go from the served node down to its contributor.
    edges: edges.map<ElkExtendedEdge>((e) => ({
      id: e.id,
      sources: [e.toId],
      targets: [e.fromId],
    })),
  };
  return engine().layout(graph);
}

/**
 * Lays out the strategy lane and, below it, the lane of nodes not linked to strategy.
 * `layerOf` gives each linked node its layer: its longest path from an objective.
 */
export async function elkLayout(
  linked: string[],
  orphans: string[],
  edges: EdgeIn[],
  layerOf: (id: string) => number | undefined,
): Promise<Layout> {
  const inLinked = new Set(linked);
  const byId = new Map(edges.map((e) => [e.id, e]));
  const [main, rest] = await Promise.all([
    lane(
      linked,
      edges.filter((e) => inLinked.has(e.fromId) && inLinked.has(e.toId)),
      layerOf,
    ),
    lane(
      orphans,
      edges.filter((e) => !inLinked.has(e.fromId) && !inLinked.has(e.toId)),
    ),
  ]);
  const positions = new Map<string, Point>();
  const out: LaidOutEdge[] = [];
  const add = (g: ElkNode | null, dx: number, dy: number) => {
    for (const c of g?.children ?? [])
      positions.set(c.id, { x: (c.x ?? 0) + dx, y: (c.y ?? 0) + dy });
    for (const e of (g?.edges ?? []) as ElkExtendedEdge[]) {
      const src = byId.get(e.id);
      if (!src) continue;
      for (const s of e.sections ?? []) {
        out.push({
          ...src,
          points: [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({
            x: p.x + dx,
            y: p.y + dy,
          })),
        });
      }
    }
  };
  const mainW = main?.width ?? 0;
  const mainH = main?.height ?? 0;
  add(main, 0, 0);
  const orphanLaneY = rest ? (main ? mainH + LANE_GAP : LANE_GAP) : null;
  if (rest && orphanLaneY !== null) add(rest, 0, orphanLaneY);
  return {
    positions,
    edges: out,
    width: Math.max(mainW, rest?.width ?? 0),
    height: orphanLaneY !== null ? orphanLaneY + (rest?.height ?? 0) : mainH,
    orphanLaneY,
  };
}
