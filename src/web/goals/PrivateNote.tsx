import type { Checkin } from "./data.js";

/** A small padlock (inline SVG: no icon font, nothing loaded from elsewhere). */
export function LockIcon() {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
      <path
        d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z"
        fill="currentColor"
      />
    </svg>
  );
}

/**
 * A check-in's note as the reader may see it: a private note they may not read comes back
 * empty from the API and shows as "Private note"; one they may read is marked private.
 */
export function CheckinNote({ checkin }: { checkin: Checkin }) {
  if (checkin.private && checkin.note === "")
    return (
      <span className="private-note" title="Only its author, their managers and admins read it">
        <LockIcon /> Private note
      </span>
    );
  if (!checkin.note) return <span className="muted">—</span>;
  return (
    <>
      {checkin.private && (
        <span className="private-tag" title="Only its author, their managers and admins read it">
          <LockIcon /> Private
        </span>
      )}
      {checkin.note}
    </>
  );
}
