/** Zoom buttons shared by both renderers: real buttons, so they work from the keyboard. */
export function MapControls({
  hint,
  zoom,
  onZoomIn,
  onZoomOut,
  onReset,
  onFitAll,
}: {
  hint: string;
  zoom: number | null;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onReset: () => void;
  onFitAll?: () => void;
}) {
  return (
    <div className="map-toolbar">
      <p className="muted">{hint}</p>
      <div className="map-controls" role="toolbar" aria-label="Zoom">
        <button type="button" className="secondary" onClick={onZoomIn} aria-label="Zoom in">
          <span aria-hidden="true">+</span>
        </button>
        <button type="button" className="secondary" onClick={onZoomOut} aria-label="Zoom out">
          <span aria-hidden="true">−</span>
        </button>
        <button type="button" className="secondary" onClick={onReset}>
          Reset view
        </button>
        {onFitAll && (
          <button type="button" className="secondary" onClick={onFitAll}>
            Show all
          </button>
        )}
        {zoom !== null && (
          <output className="map-zoom" aria-live="off">
            {Math.round(zoom * 100)}%
          </output>
        )}
      </div>
    </div>
  );
}
