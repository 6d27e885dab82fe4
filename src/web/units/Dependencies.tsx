import { useQueries } from "@tanstack/react-query";
import { Link } from "react-router";
import { linksQuery, type Link as NodeLink } from "../goals/data.js";
import { useOrg } from "../org.js";
import { Empty, ErrorState, Loading, ProgressBar } from "../ui/ui.js";
import { DepState, Owner } from "./bits.js";

interface Row {
  ours: { id: string; title: string };
  link: NodeLink;
}

/**
 * Dependencies in and out of a unit, from its goals' links: what its goals rely on from other
 * units, and what other units' goals rely on from it, each with the agreement's state.
 */
export function Dependencies({ goals }: { goals: { id: string; title: string }[] }) {
  const org = useOrg();
  const results = useQueries({ queries: goals.map((g) => linksQuery(org, g.id)) });
  if (goals.length === 0)
    return (
      <Empty title="No goals, so no dependencies">Dependencies are agreed between goals.</Empty>
    );
  const failed = results.find((r) => r.error);
  if (failed) return <ErrorState error={failed.error} retry={() => failed.refetch()} />;
  if (results.some((r) => r.isPending)) return <Loading what="Loading dependencies" />;
  const out: Row[] = [];
  const inn: Row[] = [];
  results.forEach((r, i) => {
    for (const link of r.data?.dependsOn ?? []) out.push({ ours: goals[i], link });
    for (const link of r.data?.dependedOnBy ?? []) inn.push({ ours: goals[i], link });
  });
  return (
    <div className="deps-grid">
      <DepTable
        title="Relies on other units"
        hint="Our goal needs theirs"
        rows={out}
        ourHeader="Our goal"
        theirHeader="Relies on"
        empty="None of its goals relies on another unit's goal."
      />
      <DepTable
        title="Other units rely on it"
        hint="Their goal needs ours"
        rows={inn}
        ourHeader="Our goal"
        theirHeader="Relied on by"
        empty="No other unit's goal relies on its goals."
      />
    </div>
  );
}

function DepTable({
  title,
  hint,
  rows,
  ourHeader,
  theirHeader,
  empty,
}: {
  title: string;
  hint: string;
  rows: Row[];
  ourHeader: string;
  theirHeader: string;
  empty: string;
}) {
  return (
    <div className="panel deps">
      <h3>
        {title} <span className="count">{rows.length}</span>
      </h3>
      <p className="small-print">{hint}</p>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="plain-list dep-list">
          {rows.map((r) => (
            <li key={r.link.edge.id} className="dep-row">
              <div className="dep-head">
                <DepState state={r.link.edge.state} />
                <span className="dep-other">
                  <Owner unitId={r.link.node.ownerUnitId} personId={r.link.node.ownerPersonId} />
                </span>
              </div>
              <div className="dep-pair">
                <span className="dep-label">{theirHeader}</span>
                <Link to={`/goals/${r.link.node.id}`}>{r.link.node.title}</Link>
                <ProgressBar
                  value={r.link.node.progress}
                  label={`Progress of ${r.link.node.title}`}
                />
              </div>
              <div className="dep-pair ours">
                <span className="dep-label">{ourHeader}</span>
                <Link to={`/goals/${r.ours.id}`}>{r.ours.title}</Link>
              </div>
              {r.link.edge.note && <p className="link-note">“{r.link.edge.note}”</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
