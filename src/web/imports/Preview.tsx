import type { RefObject } from "react";
import IssueTable from "./IssueTable.js";
import PreviewTable from "./PreviewTable.js";
import { Scroll, Stat } from "./parts.js";
import { counts, type Issue, type Loaded, plural, type Report } from "./report.js";

/** The dry run's verdict on the file: what it would write, every problem, the rows as read. */
export default function Preview({
  report,
  issues,
  failed,
  file,
  headingRef,
  running,
  runError,
  onImport,
  onAgain,
}: {
  report: Report;
  issues: Issue[];
  failed: boolean;
  file: Loaded;
  headingRef: RefObject<HTMLHeadingElement | null>;
  running: boolean;
  runError: Error | null;
  onImport: () => void;
  onAgain: () => void;
}) {
  const bad = issues.length > 0;
  const badLines = new Set(issues.map((i) => i.line));
  const creates = counts(report.created);
  const updates = counts(report.updated);
  return (
    <div className="panel imp-preview">
      <h2 ref={headingRef} tabIndex={-1}>
        <span className="imp-num" aria-hidden="true">
          3
        </span>
        Check the preview of {file.name}
      </h2>
      <dl className="imp-stats">
        <Stat label="Rows">{report.rows.toLocaleString()}</Stat>
        <Stat label="Would create">{creates.length ? creates.join(", ") : "nothing new"}</Stat>
        <Stat label="Would update">{updates.length ? updates.join(", ") : "nothing"}</Stat>
        <Stat label="Problems" tone={bad ? "bad" : "good"}>
          {bad ? plural(badLines.size, "line") : "none"}
        </Stat>
      </dl>

      {bad ? (
        <div className="alert bad imp-issues" role="alert">
          <strong>
            {failed ? "The import was refused: " : ""}
            {plural(badLines.size, "line")} {badLines.size === 1 ? "needs" : "need"} fixing (
            {plural(issues.length, "problem")})
          </strong>
          <p id="imp-blocked" className="imp-blocked">
            Fix these lines and upload the file again — nothing has been written.
          </p>
          <IssueTable issues={issues} fileName={file.name} />
        </div>
      ) : (
        <div className="alert good" role="status">
          <strong>
            {report.rows === 1
              ? "The row looks right."
              : `All ${plural(report.rows, "row")} look right.`}
          </strong>
          Nothing has been written yet: check the rows below, then import.
        </div>
      )}

      {runError && (
        <div className="alert bad" role="alert">
          <strong>The import did not run.</strong>
          {runError.message} Nothing has been written.
        </div>
      )}

      <div className="imp-actions">
        <button
          type="button"
          className="imp-go"
          disabled={bad || running || report.rows === 0}
          aria-describedby={bad ? "imp-blocked" : undefined}
          onClick={onImport}
        >
          {running ? "Importing…" : `Import ${plural(report.rows, "row")}`}
        </button>
        <button type="button" className="secondary" onClick={onAgain}>
          Choose another file
        </button>
      </div>

      {report.preview.length > 0 && (
        <>
          <h3>
            How {report.preview.length < report.rows ? `the first ${report.preview.length}` : "the"}{" "}
            rows were understood
          </h3>
          <Scroll label="Rows as understood">
            <PreviewTable kind={report.kind} rows={report.preview} badLines={badLines} />
          </Scroll>
          {report.preview.length < report.rows && (
            <p className="muted imp-more">
              …and {plural(report.rows - report.preview.length, "more row")}. Every line was
              checked.
            </p>
          )}
        </>
      )}
    </div>
  );
}
