import { useRef, useState } from "react";
import { Link, useLocation } from "react-router";
import "./forms.css";

/** What a page can hand to the next one through navigation state: `navigate(to, { state: { flash } })`. */
export interface Flash {
  message: string;
  link?: { to: string; label: string };
}

/**
 * A success note carried over a navigation (e.g. "Goal created" on the new goal's page).
 * Mount it once above the routes; it shows the note of the current history entry, is read
 * out by screen readers, and can be dismissed.
 */
export function FlashNote() {
  const location = useLocation();
  const flash = (location.state as { flash?: Flash } | null)?.flash;
  const [dismissed, setDismissed] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  if (!flash || dismissed === location.key) return null;
  return (
    <div className="flash" role="status" ref={ref}>
      <span className="flash-icon" aria-hidden="true">
        ✓
      </span>
      <span className="flash-text">
        {flash.message}
        {flash.link && (
          <>
            {" "}
            <Link to={flash.link.to}>{flash.link.label}</Link>
          </>
        )}
      </span>
      <button
        type="button"
        className="secondary flash-close"
        aria-label="Dismiss this note"
        onClick={() => setDismissed(location.key)}
      >
        ×
      </button>
    </div>
  );
}
