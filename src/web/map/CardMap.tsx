import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import type { Node } from "../api/client.js";
import { kindLabel, pct, tone } from "../ui/ui.js";
import { CARD_H, CARD_W, type Layout } from "./elk.js";
import { MapControls } from "./MapControls.js";
import type { Adjacency } from "./model.js";
import { usePanZoom, type View } from "./usePanZoom.js";

/** Below this zoom cards are hard to read: a larger map opens on its top instead. */
const READABLE = 0.75;

/**
 * The detailed renderer: every node a card (HTML, so each is a real link reachable by
 * keyboard), every edge an SVG path, at the positions ELK computed; zoom and pan move one
 * CSS transform.
 */
export function CardMap({
  layout,
  nodes,
  context,
  focusId,
  adj,
  ownerOf,
  updating = false,
}: {
  layout: Layout;
  nodes: Map<string, Node>;
  context: Set<string>;
  focusId: string | null;
  adj: Adjacency;
  ownerOf: (n: Node) => string;
  /** A new layout is being computed: the previous one stays until it is ready. */
  updating?: boolean;
}) {
  const viewport = useRef<HTMLElement>(null);
  const { width, height } = layout;
  const fitAll = ({ w, h }: { w: number; h: number }): View => {
    const k = Math.min(1, (w - 32) / Math.max(1, width), (h - 32) / Math.max(1, height));
    return { k, x: (w - width * k) / 2, y: (h - height * k) / 2 };
  };
  // The top card nearest the middle: where a map too big to read whole opens.
  const anchor = useMemo(() => {
    let top = Number.POSITIVE_INFINITY;
    for (const p of layout.positions.values()) top = Math.min(top, p.y);
    let best = width / 2;
    let miss = Number.POSITIVE_INFINITY;
    for (const p of layout.positions.values()) {
      const x = p.x + CARD_W / 2;
      if (p.y <= top + 1 && Math.abs(x - width / 2) < miss) {
        miss = Math.abs(x - width / 2);
        best = x;
      }
    }
    return { x: best, y: Number.isFinite(top) ? top : 0 };
  }, [layout, width]);
  const initial = (s: { w: number; h: number }): View => {
    const all = fitAll(s);
    if (all.k >= READABLE) return all;
    const k = READABLE;
    return { k, x: s.w / 2 - anchor.x * k, y: 24 - anchor.y * k };
  };
  const pz = usePanZoom(viewport, layout, initial);
  const { view, centreOn, reset, setView, size } = pz;

  // A new layout, or a node to find: set the view once, before anything is painted.
  const focusPos = focusId ? layout.positions.get(focusId) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new layout or focus resets the view
  useLayoutEffect(() => {
    if (focusPos) centreOn(focusPos.x + CARD_W / 2, focusPos.y + CARD_H / 2, 1);
    else reset();
  }, [layout, focusId]);

  const [hot, setHot] = useState<string | null>(null);
  const lineage = useMemo(() => {
    const out = new Set<string>();
    if (!hot) return out;
    for (const dir of [adj.parents, adj.children]) {
      const stack = [hot];
      while (stack.length) {
        const id = stack.pop()!;
        for (const next of dir.get(id) ?? []) {
          if (!out.has(next)) {
            out.add(next);
            stack.push(next);
          }
        }
      }
    }
    out.add(hot);
    return out;
  }, [hot, adj]);

  /** Keeps a card that receives keyboard focus on screen. */
  const reveal = (id: string) => {
    const p = layout.positions.get(id);
    const el = viewport.current;
    if (!p || !el) return;
    el.scrollTop = 0;
    el.scrollLeft = 0;
    const { w, h } = size();
    const v = pz.viewRef.current;
    const sx = p.x * v.k + v.x;
    const sy = p.y * v.k + v.y;
    if (sx < 0 || sy < 0 || sx + CARD_W * v.k > w || sy + CARD_H * v.k > h) {
      centreOn(p.x + CARD_W / 2, p.y + CARD_H / 2);
    }
  };

  const transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
  return (
    <div className="map-frame" aria-busy={updating}>
      {updating && (
        <div className="map-updating" role="status">
          <span className="spinner" aria-hidden="true" /> Updating the layout…
        </div>
      )}
      <MapControls
        hint="Drag to move, scroll or use the buttons to zoom. Point at a card to trace what it serves and what serves it."
        zoom={view.k}
        onZoomIn={pz.zoomIn}
        onZoomOut={pz.zoomOut}
        onReset={reset}
        onFitAll={() => setView(fitAll(size()))}
      />
      <section
        ref={viewport}
        className="map-viewport"
        aria-label="Alignment map. Arrow keys pan, plus and minus zoom, 0 resets the view; Tab moves from card to card."
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the arrow keys can pan it
        tabIndex={0}
        onScroll={(e) => {
          e.currentTarget.scrollTop = 0;
          e.currentTarget.scrollLeft = 0;
        }}
        {...pz.handlers}
      >
        <div
          className="map-stage"
          data-testid="map-stage"
          data-zoom={view.k.toFixed(3)}
          style={{ width, height, transform }}
        >
          <svg
            className="map-edges"
            width={width}
            height={height}
            viewBox={`0 0 ${width} ${height}`}
            aria-hidden="true"
          >
            {layout.edges.map((e) => {
              const lit = hot !== null && lineage.has(e.fromId) && lineage.has(e.toId);
              return (
                <path
                  key={`${e.id}-${e.points[0].x}-${e.points[0].y}`}
                  className={`map-edge ${e.kind === "supports" ? "supports" : ""} ${lit ? "lit" : ""}`}
                  d={`M${e.points.map((p) => `${p.x},${p.y}`).join("L")}`}
                />
              );
            })}
          </svg>
          {layout.orphanLaneY !== null && (
            <div
              className="map-lane"
              style={{
                top: layout.orphanLaneY - 64,
                width: Math.max(width, 640),
                height: height - layout.orphanLaneY + 80,
              }}
            >
              <strong>Not linked to strategy</strong>
              <span className="map-lane-note">
                These items have no path up to a strategic objective.
              </span>
            </div>
          )}
          {[...layout.positions].map(([id, p]) => {
            const n = nodes.get(id);
            if (!n) return null;
            const isContext = context.has(id);
            const focused = id === focusId;
            const label = `${kindLabel(n.kind)}: ${n.title}. Progress ${pct(n.progress)}, confidence ${
              n.confidence === null ? "not given" : pct(n.confidence)
            }. ${ownerOf(n)}${isContext ? ". Shown for context: it does not match the filters" : ""}`;
            return (
              <Link
                key={id}
                to={`/goals/${id}`}
                className={`map-card conf-${tone(n.confidence)}${isContext ? " context" : ""}${
                  focused ? " focused" : ""
                }${hot !== null && !lineage.has(id) ? " dim" : ""}`}
                data-node-id={id}
                data-focused={focused ? "true" : undefined}
                aria-label={label}
                title={n.title}
                style={{ left: p.x, top: p.y, width: CARD_W, height: CARD_H }}
                onMouseEnter={() => setHot(id)}
                onMouseLeave={() => setHot(null)}
                onFocus={() => {
                  setHot(id);
                  reveal(id);
                }}
                onBlur={() => setHot(null)}
              >
                <span className="mc-top">
                  <span className={`kind kind-${n.kind}`}>{kindLabel(n.kind)}</span>
                  {focused && <span className="mc-found">Found</span>}
                  <span className={`mc-conf ${tone(n.confidence)}`}>
                    <span className="dot" aria-hidden="true" />
                    {n.confidence === null ? "—" : pct(n.confidence)}
                  </span>
                </span>
                <span className="mc-title">{n.title}</span>
                <span className="mc-owner">{ownerOf(n)}</span>
                <span className="mc-progress">
                  <span className={`mc-bar ${tone(n.progress)}`}>
                    <span style={{ width: `${Math.round((n.progress ?? 0) * 100)}%` }} />
                  </span>
                  <span className="mc-num">{pct(n.progress)}</span>
                </span>
              </Link>
            );
          })}
        </div>
      </section>
    </div>
  );
}
