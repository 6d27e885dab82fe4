/** What the colours and lines of the map mean, for the renderer in use. */
export function Legend({ renderer }: { renderer: "cards" | "webgl" }) {
  const scale = (
    <>
      <li>
        <span className="swatch good" aria-hidden="true" /> 70% or more
      </li>
      <li>
        <span className="swatch warn" aria-hidden="true" /> 40–69%
      </li>
      <li>
        <span className="swatch bad" aria-hidden="true" /> below 40%
      </li>
      <li>
        <span className="swatch none" aria-hidden="true" /> not measured yet
      </li>
    </>
  );
  return (
    <section className="map-legend" aria-labelledby="map-legend-title">
      <h2 id="map-legend-title">Legend</h2>
      <div className="map-legend-groups">
        <div>
          <h3>{renderer === "cards" ? "Progress bar and left edge" : "Dot colour: progress"}</h3>
          {renderer === "cards" && (
            <p className="muted">The bar shows progress; the left edge and dot, confidence.</p>
          )}
          <ul>{scale}</ul>
        </div>
        <div>
          <h3>Lines</h3>
          <ul>
            <li>
              <svg width="36" height="10" aria-hidden="true">
                <line x1="0" y1="5" x2="36" y2="5" className="map-edge" />
              </svg>{" "}
              contributes to (counts in the progress above it)
            </li>
            <li>
              <svg width="36" height="10" aria-hidden="true">
                <line
                  x1="0"
                  y1="5"
                  x2="36"
                  y2="5"
                  className={`map-edge supports${renderer === "webgl" ? " pale" : ""}`}
                />
              </svg>{" "}
              supports (does not count){renderer === "webgl" ? ": a paler line" : ""}
            </li>
          </ul>
        </div>
        <div>
          <h3>{renderer === "cards" ? "Cards" : "Dots"}</h3>
          <ul>
            <li>
              <span className="swatch context" aria-hidden="true" /> grey: shown only to keep the
              path up to strategy, it does not match the filters
            </li>
            <li>
              <span className="swatch found" aria-hidden="true" />
              {renderer === "cards" ? "outlined" : "larger, with its title"}: the item you asked to
              find
            </li>
            {renderer === "webgl" && (
              <li>Bigger dots are objectives and key results; open an item for its confidence.</li>
            )}
          </ul>
        </div>
      </div>
    </section>
  );
}
