import type { RefObject } from "react";
import { Link } from "react-router";
import { Stat } from "./parts.js";
import { counts, type Loaded, plural, type Report } from "./report.js";

/** What a finished import wrote, and where to look at it. */
export default function ImportResult({
  report,
  file,
  headingRef,
  onAgain,
}: {
  report: Report;
  file: Loaded;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onAgain: () => void;
}) {
  const created = counts(report.created);
  const updated = counts(report.updated);
  return (
    <div className="panel imp-done">
      <h2 ref={headingRef} tabIndex={-1}>
        <span className="imp-check" aria-hidden="true">
          ✓
        </span>
        Imported {plural(report.rows, "row")} from {file.name}
      </h2>
      <dl className="imp-stats">
        <Stat label="Created" tone="good">
          {created.length ? created.join(", ") : "nothing new"}
        </Stat>
        <Stat label="Updated">{updated.length ? updated.join(", ") : "nothing"}</Stat>
      </dl>
      <p>
        {report.kind === "org"
          ? "The people and units are in place. Their goals can now name them as owners."
          : "The goals are in place, linked to what they contribute to. Alignment health now counts them."}
      </p>
      <div className="imp-actions">
        {report.kind === "org" ? (
          <Link className="button" to="/units">
            See the units
          </Link>
        ) : (
          <>
            <Link className="button" to="/strategy">
              See the strategy
            </Link>
            <Link className="button secondary" to="/map">
              Open the alignment map
            </Link>
          </>
        )}
        <button type="button" className="secondary" onClick={onAgain}>
          Import another file
        </button>
      </div>
    </div>
  );
}
