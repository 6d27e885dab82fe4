import { type RefObject, useCallback, useEffect, useRef, useState } from "react";

/** The view of the map: screen = graph * k + (x, y). */
export interface View {
  x: number;
  y: number;
  k: number;
}

export const MAX_ZOOM = 2;
const STEP = 1.25;

/**
 * Zoom and pan for an HTML/SVG stage inside a viewport: mouse wheel zooms around the
 * pointer, dragging pans (a click that did not move still reaches the card under it), the
 * keyboard pans with the arrow keys and zooms with + and −, and the buttons call
 * zoomIn / zoomOut / reset.
 */
export function usePanZoom(
  viewport: RefObject<HTMLElement | null>,
  content: { width: number; height: number },
  initial: (size: { w: number; h: number }) => View,
) {
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const viewRef = useRef(view);
  viewRef.current = view;
  const initialRef = useRef(initial);
  initialRef.current = initial;

  const size = useCallback(() => {
    const el = viewport.current;
    return { w: el?.clientWidth ?? 800, h: el?.clientHeight ?? 600 };
  }, [viewport]);

  /** Smallest zoom: the whole map fits, or 0.1 when that would be larger. */
  const minZoom = useCallback(() => {
    const { w, h } = size();
    return Math.min(0.1, (w / Math.max(1, content.width)) * 0.9, h / Math.max(1, content.height));
  }, [size, content.width, content.height]);

  const zoomAt = useCallback(
    (factor: number, cx?: number, cy?: number) => {
      const { w, h } = size();
      const px = cx ?? w / 2;
      const py = cy ?? h / 2;
      setView((v) => {
        const k = Math.min(MAX_ZOOM, Math.max(minZoom(), v.k * factor));
        const r = k / v.k;
        return { k, x: px - (px - v.x) * r, y: py - (py - v.y) * r };
      });
    },
    [size, minZoom],
  );

  const reset = useCallback(() => setView(initialRef.current(size())), [size]);

  /** Puts a point of the graph at the centre of the viewport. */
  const centreOn = useCallback(
    (gx: number, gy: number, k?: number) => {
      const { w, h } = size();
      setView((v) => {
        const kk = k ?? v.k;
        return { k: kk, x: w / 2 - gx * kk, y: h / 2 - gy * kk };
      });
    },
    [size],
  );

  // The wheel listener must not be passive, or the page would scroll as well as zoom.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      zoomAt(Math.exp(-delta * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [viewport, zoomAt]);

  // Dragging: pointer capture only once the pointer really moved, so plain clicks stay clicks.
  const drag = useRef<{ id: number; sx: number; sy: number; vx: number; vy: number } | null>(null);
  const dragged = useRef(false);
  const onPointerDown = (e: React.PointerEvent<HTMLElement>) => {
    if (e.button !== 0) return;
    drag.current = { id: e.pointerId, sx: e.clientX, sy: e.clientY, vx: view.x, vy: view.y };
    dragged.current = false;
  };
  const onPointerMove = (e: React.PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.sx;
    const dy = e.clientY - d.sy;
    if (!dragged.current && Math.hypot(dx, dy) < 4) return;
    if (!dragged.current) {
      dragged.current = true;
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    setView((v) => ({ ...v, x: d.vx + dx, y: d.vy + dy }));
  };
  const onPointerUp = (e: React.PointerEvent<HTMLElement>) => {
    if (drag.current?.id === e.pointerId) drag.current = null;
  };
  /** Swallows the click that ends a drag. */
  const onClickCapture = (e: React.MouseEvent) => {
    if (dragged.current) {
      e.preventDefault();
      e.stopPropagation();
      dragged.current = false;
    }
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const pan = 80;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [pan, 0],
      ArrowRight: [-pan, 0],
      ArrowUp: [0, pan],
      ArrowDown: [0, -pan],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      setView((v) => ({ ...v, x: v.x + m[0], y: v.y + m[1] }));
    } else if (e.key === "+" || e.key === "=") {
      e.preventDefault();
      zoomAt(STEP);
    } else if (e.key === "-" || e.key === "_") {
      e.preventDefault();
      zoomAt(1 / STEP);
    } else if (e.key === "0") {
      e.preventDefault();
      reset();
    }
  };

  return {
    view,
    setView,
    viewRef,
    zoomIn: () => zoomAt(STEP),
    zoomOut: () => zoomAt(1 / STEP),
    reset,
    centreOn,
    size,
    handlers: {
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
      onClickCapture,
      onKeyDown,
    },
  };
}
