import Graph from "graphology";
import { useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import Sigma from "sigma";
import type { Node } from "../api/client.js";
import { tone } from "../ui/ui.js";
import { cheapLayered } from "./layered.js";
import { MapControls } from "./MapControls.js";
import type { Adjacency } from "./model.js";

const TONE_COLOUR: Record<string, string> = {
  good: "#1f8a4c",
  warn: "#b26b00",
  bad: "#c0352b",
  none: "#9aa4b1",
};
const CONTEXT_COLOUR = "#cdd3db";
const SIZE: Record<string, number> = { objective: 9, key_result: 6 };
/** Rows between the strategy lane and the lane of orphans. */
const LANE_GAP = 6;

interface Placed {
  positions: Map<string, { x: number; y: number }>;
  laneTop: number | null;
  laneLeft: number;
}

/** The cheap layered layout of both lanes, the orphans' lane below the strategy lane. */
function place(linked: string[], orphans: string[], adj: Adjacency, aspect: number): Placed {
  const parentsOf = (id: string) => adj.parents.get(id) ?? [];
  const opts = { nodeGap: 1, rowGap: 1, layerGap: 4, aspect };
  const main = cheapLayered(linked, parentsOf, opts);
  const positions = new Map(main.positions);
  if (orphans.length === 0) return { positions, laneTop: null, laneLeft: 0 };
  const rest = cheapLayered(orphans, parentsOf, { ...opts, aspect: aspect * 3 });
  const top = linked.length ? main.height + LANE_GAP : 0;
  const dx = (main.width - rest.width) / 2;
  for (const [id, p] of rest.positions) positions.set(id, { x: p.x + dx, y: p.y + top });
  return { positions, laneTop: top, laneLeft: Math.min(0, dx) };
}

/**
 * The large-graph renderer: WebGL through sigma, fed a graphology graph. Each node is a dot
 * coloured by its progress, placed by a cheap layered layout of our own (ELK takes far too
 * long for thousands of nodes). Clicking a dot opens its page.
 */
export function GraphMap({
  linked,
  orphans,
  edges,
  nodes,
  context,
  focusId,
  adj,
}: {
  linked: string[];
  orphans: string[];
  edges: { id: string; kind: string; fromId: string; toId: string }[];
  nodes: Map<string, Node>;
  context: Set<string>;
  focusId: string | null;
  adj: Adjacency;
}) {
  const container = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma | null>(null);
  const lane = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const [zoom, setZoom] = useState<number | null>(1);
  const placed = useMemo(() => place(linked, orphans, adj, 2.2), [linked, orphans, adj]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const graph = new Graph({ multi: true, type: "directed" });
    for (const [id, p] of placed.positions) {
      const n = nodes.get(id);
      if (!n) continue;
      const isContext = context.has(id);
      graph.addNode(id, {
        x: p.x,
        // Sigma's y axis points up; the map reads top-down.
        y: -p.y,
        size: (SIZE[n.kind] ?? 3) * (id === focusId ? 1.8 : 1),
        color: isContext ? CONTEXT_COLOUR : TONE_COLOUR[tone(n.progress)],
        label: n.title,
        highlighted: id === focusId,
        forceLabel: id === focusId || n.kind === "objective",
        zIndex: id === focusId ? 2 : isContext ? 0 : 1,
      });
    }
    for (const e of edges) {
      if (!graph.hasNode(e.fromId) || !graph.hasNode(e.toId)) continue;
      graph.addDirectedEdgeWithKey(e.id, e.toId, e.fromId, {
        color: e.kind === "supports" ? "#e3e7ec" : "#c4cbd4",
        size: 0.6,
      });
    }
    const renderer = new Sigma(graph, el, {
      allowInvalidContainer: true,
      zIndex: true,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.5,
      labelSize: 12,
      labelColor: { color: "#1b2430" },
      defaultEdgeType: "line",
      hideEdgesOnMove: graph.size > 20_000,
      minCameraRatio: 0.01,
      maxCameraRatio: 2,
      stagePadding: 24,
    });
    sigma.current = renderer;
    renderer.on("clickNode", ({ node }) => navigate(`/goals/${node}`));
    renderer.on("enterNode", () => {
      el.style.cursor = "pointer";
    });
    renderer.on("leaveNode", () => {
      el.style.cursor = "";
    });
    const camera = renderer.getCamera();
    const sync = () => {
      setZoom(1 / camera.ratio);
      if (lane.current && placed.laneTop !== null) {
        const p = renderer.graphToViewport({ x: placed.laneLeft, y: -(placed.laneTop - 1.2) });
        lane.current.style.transform = `translate(${Math.max(8, p.x)}px, ${p.y}px)`;
      }
    };
    renderer.on("afterRender", sync);
    if (focusId && graph.hasNode(focusId)) {
      const d = renderer.getNodeDisplayData(focusId);
      if (d) camera.setState({ x: d.x, y: d.y, ratio: 0.08 });
    }
    sync();
    return () => {
      renderer.kill();
      sigma.current = null;
    };
  }, [placed, edges, nodes, context, focusId, navigate]);

  const camera = () => sigma.current?.getCamera();
  return (
    <div className="map-frame">
      <MapControls
        hint="Drag to move, scroll or use the buttons to zoom. Click a dot to open it; point at one for its title."
        zoom={zoom}
        onZoomIn={() => camera()?.animatedZoom({ duration: 200 })}
        onZoomOut={() => camera()?.animatedUnzoom({ duration: 200 })}
        onReset={() => camera()?.animatedReset({ duration: 200 })}
      />
      <div className="map-viewport webgl">
        <div
          ref={container}
          className="map-sigma"
          data-testid="map-webgl"
          role="img"
          aria-label={`Alignment map of ${placed.positions.size} items drawn with WebGL. Use “Find an item” to reach one by keyboard.`}
        />
        {placed.laneTop !== null && (
          <div ref={lane} className="map-lane-label">
            <strong>Not linked to strategy</strong>
          </div>
        )}
      </div>
    </div>
  );
}
