import { Link, useParams } from "react-router";
import { ApiFailure, type Node } from "../api/client.js";
import {
  Confidence,
  Empty,
  ErrorState,
  KindBadge,
  kindLabel,
  Loading,
  ProgressBar,
  Query,
  when,
} from "../ui/ui.js";
import { PersonName, UnitLink } from "../units/bits.js";
import { CheckinForm } from "./CheckinForm.js";
import { CheckinTable } from "./CheckinTable.js";
import {
  ancestry,
  useCheckins,
  useCycles,
  useLinks,
  useNode,
  useNodeAccess,
  useUnitIndex,
} from "./data.js";
import { EditHistory } from "./EditHistory.js";
import { date, dateTime, metric, number, STATUS_LABEL } from "./format.js";
import { LinkList } from "./LinkList.js";
import { MetricChart } from "./MetricChart.js";
import { ReadOnlyNote } from "./ReadOnlyNote.js";
import "./Goal.css";

/** A goal (or any node): where it stands, its history, the check-in form and its links. */
export default function Goal() {
  const { id } = useParams();
  const node = useNode(id);
  if (node.isPending) return <Loading what="Loading the goal" />;
  if (node.error) {
    if (node.error instanceof ApiFailure && node.error.status === 404)
      return (
        <section>
          <h1>Goal not found</h1>
          <Empty title="There is no goal at this address.">
            It may have been deleted. <Link to="/units">Browse the units</Link> to find its goals.
          </Empty>
        </section>
      );
    return <ErrorState error={node.error} retry={() => node.refetch()} />;
  }
  return <GoalView node={node.data} />;
}

function GoalView({ node }: { node: Node }) {
  const units = useUnitIndex();
  const access = useNodeAccess(node.id);
  const trail = ancestry(units, node.ownerUnitId);
  const edit = access.data?.edit === true;

  return (
    <article className="goal-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <ol>
          <li>
            <Link to="/units">Units</Link>
          </li>
          {trail.map((u) => (
            <li key={u.id}>
              <Link to={`/units/${u.id}`}>{u.name}</Link>
            </li>
          ))}
          <li>
            <span aria-current="page">{kindLabel(node.kind)}</span>
          </li>
        </ol>
      </nav>
      <header className="page-head">
        <div>
          <div className="eyebrow">
            <KindBadge kind={node.kind} />
            <span className={`status status-${node.status}`}>{STATUS_LABEL[node.status]}</span>
            {node.priority !== null && (
              <span className="chip" title="Rank among its owner's goals (1 comes first)">
                Priority {node.priority}
              </span>
            )}
            {node.standalone && (
              <span className="chip" title="Deliberately not aligned to a strategic objective">
                Standalone
              </span>
            )}
          </div>
          <h1>{node.title}</h1>
          {node.description && <p className="goal-desc">{node.description}</p>}
        </div>
        {edit && (
          <div className="head-actions">
            <a className="button" href="#check-in">
              Check in
            </a>
            <Link className="button secondary" to={`/goals/${node.id}/edit`}>
              Edit <span className="visually-hidden">{node.title}</span>
            </Link>
          </div>
        )}
        {access.data && !edit && <ReadOnlyNote reason={access.data.reason} />}
      </header>

      <div className={`goal-top${edit ? "" : " single"}`}>
        <section className="panel standing" aria-labelledby="standing-h">
          <h2 id="standing-h">Where it stands</h2>
          <div className="standing-progress">
            <ProgressBar value={node.progress} label="Goal progress" />
            <Confidence value={node.confidence} />
          </div>
          {node.target !== null || node.current !== null ? (
            <div className="metric-row">
              <div>
                <span className="metric-label">Baseline</span>
                <MetricValue value={node.baseline} unit={node.metricUnit} />
              </div>
              <span className="metric-arrow" aria-hidden="true">
                →
              </span>
              <div className="metric-now">
                <span className="metric-label">Now</span>
                <MetricValue value={node.current} unit={node.metricUnit} />
              </div>
              <span className="metric-arrow" aria-hidden="true">
                →
              </span>
              <div>
                <span className="metric-label">Target</span>
                <MetricValue value={node.target} unit={node.metricUnit} />
              </div>
            </div>
          ) : (
            <p className="muted">
              No metric of its own: its progress is the weighted mean of what contributes to it.
            </p>
          )}
          <p className="muted direction">
            {node.target !== null &&
              (node.direction === "increase" ? "Higher is better. " : "Lower is better. ")}
            Last check-in {when(node.lastCheckinAt)}
            {node.lastCheckinAt ? ` (${date(node.lastCheckinAt)})` : ""}.
          </p>
          <dl className="details">
            <dt>Owner unit</dt>
            <dd>{node.ownerUnitId ? <UnitLink id={node.ownerUnitId} /> : "—"}</dd>
            <dt>Owner</dt>
            <dd>{node.ownerPersonId ? <PersonName id={node.ownerPersonId} /> : "—"}</dd>
            <dt>Cycle</dt>
            <dd>
              <CycleName id={node.cycleId} />
            </dd>
            <dt>Status</dt>
            <dd>{STATUS_LABEL[node.status]}</dd>
            <dt>Priority</dt>
            <dd>{node.priority ?? "Not ranked"}</dd>
            {node.standalone && (
              <>
                <dt>Standalone because</dt>
                <dd>{node.standaloneReason || "No reason given"}</dd>
              </>
            )}
          </dl>
        </section>
        {edit && (
          <section className="panel" id="check-in" aria-label="Check in">
            <CheckinForm node={node} />
          </section>
        )}
      </div>

      <History node={node} />
      <Connections node={node} />
      <ChangeHistory node={node} canCheckIn={edit} />
    </article>
  );
}

/** A metric value large, with its unit small beneath (currencies stay in front). */
function MetricValue({ value, unit }: { value: number | null; unit: string | null }) {
  if (value === null || !unit || CURRENCY.has(unit) || unit.startsWith("%"))
    return <span className="metric-value">{metric(value, unit)}</span>;
  return (
    <span className="metric-value">
      {number(value)} <span className="metric-unit">{unit}</span>
    </span>
  );
}
const CURRENCY = new Set(["€", "$", "£"]);

function CycleName({ id }: { id: string | null }) {
  const cycles = useCycles();
  if (!id) return <>—</>;
  const c = cycles.data?.find((x) => x.id === id);
  if (!c) return <>…</>;
  return (
    <>
      {c.name}{" "}
      <span className="muted">
        ({date(c.startsOn)} – {date(c.endsOn)})
      </span>
    </>
  );
}

function History({ node }: { node: Node }) {
  const checkins = useCheckins(node.id);
  return (
    <section className="panel chart-panel" aria-labelledby="history-h">
      <div className="section-head">
        <h2 id="history-h">
          {node.target !== null ? "The metric over time" : "Confidence over time"}
        </h2>
        {node.target !== null && (
          <span className="muted legend-note">
            Value from each check-in; dashed line: the target
          </span>
        )}
      </div>
      <Query q={checkins} what="Loading check-ins">
        {(page) => <MetricChart node={node} checkins={page.items} />}
      </Query>
    </section>
  );
}

function Connections({ node }: { node: Node }) {
  const links = useLinks(node.id);
  return (
    <section aria-labelledby="links-h" className="connections">
      <h2 id="links-h">How it connects</h2>
      <Query q={links} what="Loading links">
        {(l) => (
          <div className="links-grid">
            <LinkList
              title="Contributes to"
              links={l.contributesTo}
              empty={
                node.kind === "objective"
                  ? "A strategic objective is the top of the cascade."
                  : node.standalone
                    ? "Standalone: deliberately not aligned to strategy."
                    : "Nothing yet — link it to the goal or objective it serves, or it counts as an orphan."
              }
            />
            <LinkList
              title="What contributes to it"
              links={l.contributors}
              empty="Nothing contributes to it yet."
            />
            <LinkList
              title="Depends on"
              links={l.dependsOn}
              empty="It relies on no other unit's goal."
              dependency
            />
            <LinkList
              title="What depends on it"
              links={l.dependedOnBy}
              empty="No other goal relies on it."
              dependency
            />
          </div>
        )}
      </Query>
    </section>
  );
}

function ChangeHistory({ node, canCheckIn }: { node: Node; canCheckIn: boolean }) {
  return (
    <section className="panel" aria-labelledby="changes-h">
      <h2 id="changes-h">Change history</h2>
      <p className="history-facts">
        Created {dateTime(node.createdAt)} · last changed {dateTime(node.updatedAt)} · version{" "}
        {node.version}
      </p>
      <CheckinTable node={node} canCheckIn={canCheckIn} />
      <h3 className="history-sub">Edits</h3>
      <EditHistory nodeId={node.id} />
      <p className="small-print">
        Every edit is kept in a tamper-evident history (who, when, before and after); check-ins are
        listed above.
      </p>
    </section>
  );
}
