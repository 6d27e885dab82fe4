import { KindBadge, pct } from "../ui/ui.js";
import type { Row, What } from "./report.js";

const text = (v: unknown) => (v === null || v === undefined || v === "" ? null : String(v));
const Cell = ({ v }: { v: unknown }) => {
  const t = text(v);
  return t === null ? <span className="muted">—</span> : t;
};

/** The first rows as the server understood them, the rows with a problem flagged. */
export default function PreviewTable({
  kind,
  rows,
  badLines,
}: {
  kind: What;
  rows: Row[];
  badLines: Set<number>;
}) {
  const lineCell = (r: Row) => {
    const line = Number(r.line);
    const bad = badLines.has(line) || r.valid === false;
    return (
      <td className="num">
        {bad && (
          <span className="imp-flag" aria-hidden="true">
            ⚠{" "}
          </span>
        )}
        {line}
        {bad && <span className="sr-only"> (has a problem)</span>}
      </td>
    );
  };
  const rowClass = (r: Row) => (badLines.has(Number(r.line)) || r.valid === false ? "bad-row" : "");
  if (kind === "org") {
    return (
      <table className="imp-rows">
        <caption className="sr-only">
          The first rows of the org chart as they were understood
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Title</th>
            <th scope="col">Manager</th>
            <th scope="col">Unit</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const path = [r.division, r.department, r.team].map(text).filter(Boolean);
            return (
              <tr key={String(r.line)} className={rowClass(r)}>
                {lineCell(r)}
                <td>
                  <Cell v={r.id} />
                </td>
                <td>
                  <Cell v={r.name} />
                </td>
                <td>
                  <Cell v={r.email} />
                </td>
                <td className="imp-wrap">
                  <Cell v={r.title} />
                </td>
                <td>
                  <Cell v={r.manager_id} />
                </td>
                <td className="imp-wrap">
                  {path.length ? path.join(" › ") : <span className="muted">—</span>}
                </td>
                <td className="num">
                  {typeof r.share === "number" ? pct(r.share) : <Cell v={r.share} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }
  return (
    <table className="imp-rows">
      <caption className="sr-only">
        The first rows of the goals file as they were understood
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Key</th>
          <th scope="col">Kind</th>
          <th scope="col">Title</th>
          <th scope="col">Contributes to</th>
          <th scope="col">Owner</th>
          <th scope="col">Metric</th>
          <th scope="col">Status</th>
          <th scope="col">Confidence</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const owner = [text(r.owner_unit), text(r.owner_person)].filter(Boolean);
          const metric =
            text(r.target) === null
              ? null
              : `${text(r.baseline) ?? "0"} → ${text(r.target)}${r.unit ? ` ${r.unit}` : ""}${
                  text(r.current) !== null ? ` (now ${text(r.current)})` : ""
                }${r.direction === "decrease" ? ", lower is better" : ""}`;
          return (
            <tr key={String(r.line)} className={rowClass(r)}>
              {lineCell(r)}
              <td>
                <Cell v={r.key} />
              </td>
              <td>{text(r.kind) ? <KindBadge kind={String(r.kind)} /> : <Cell v={null} />}</td>
              <td className="imp-title">
                <Cell v={r.title} />
              </td>
              <td>
                {text(r.parent) ? (
                  <>
                    {text(r.parent)}
                    {text(r.weight) && <span className="muted"> × {text(r.weight)}</span>}
                  </>
                ) : text(r.standalone_reason) ? (
                  <span className="muted">stands alone: {text(r.standalone_reason)}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{owner.length ? owner.join(" · ") : <span className="muted">—</span>}</td>
              <td>{metric ?? <span className="muted">—</span>}</td>
              <td>
                <Cell v={r.status} />
              </td>
              <td className="num">
                {typeof r.confidence === "number" ? pct(r.confidence) : <Cell v={r.confidence} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
