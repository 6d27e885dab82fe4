import { type ReactNode, useId, useState } from "react";
import { Link } from "react-router";
import type { Schemas } from "../api/client.js";
import { useNodeAccess } from "../goals/data.js";
import { date, due, metric } from "../goals/format.js";
import { LockIcon } from "../goals/PrivateNote.js";
import { QuickCheckin } from "../goals/QuickCheckin.js";
import { ReadOnlyNote } from "../goals/ReadOnlyNote.js";
import { Confidence, KindBadge, ProgressBar, when } from "../ui/ui.js";
import { UnitLink } from "../units/bits.js";

export type WorkGoal = Schemas["Work"]["goals"][number];

/** The goals on My work: a card per check-in due, a row per goal owned. */

export function DueCard({ g }: { g: WorkGoal }) {
  const n = g.node;
  return (
    <li className={`due-card panel${g.overdue ? " overdue" : ""}`}>
      <div className="due-top">
        <div>
          <span className={`due-chip ${g.overdue ? "overdue" : "soon"}`}>
            {g.overdue ? "Overdue" : "Due soon"} · {due(g.checkinDueAt)}
          </span>
          <h3>
            <Link to={`/goals/${n.id}`}>{n.title}</Link>
          </h3>
          <p className="muted due-meta">
            Now {metric(n.current, n.metricUnit)} of {metric(n.target, n.metricUnit)} · last
            check-in {when(n.lastCheckinAt)}
          </p>
        </div>
        <div className="due-measures">
          <ProgressBar value={n.progress} label={`Progress of ${n.title}`} />
          <Confidence value={n.confidence} />
        </div>
      </div>
      <CheckinOrReason nodeId={n.id}>
        <QuickCheckin node={n} />
      </CheckinOrReason>
    </li>
  );
}

export function GoalRow({ g, own }: { g: WorkGoal; own: boolean }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const n = g.node;
  const access = useNodeAccess(n.id);
  return (
    <li className="goal-row">
      <div className="goal-row-main">
        <div className="gr-title">
          <KindBadge kind={n.kind} /> <Link to={`/goals/${n.id}`}>{n.title}</Link>
          <div className="gr-meta">
            {g.via === "unit leader"
              ? own
                ? "Yours as the leader of "
                : "As the leader of "
              : own
                ? "Owned by you"
                : "Their goal"}
            {n.ownerUnitId && (
              <>
                {g.via === "owner" && " · "}
                <UnitLink id={n.ownerUnitId} />
              </>
            )}
            {n.status === "draft" && <span className="chip">draft</span>}
          </div>
        </div>
        <div className="gr-measures">
          <ProgressBar value={n.progress} label={`Progress of ${n.title}`} />
          <Confidence value={n.confidence} />
        </div>
        <div className={`gr-due${g.overdue ? " overdue" : ""}`}>
          {g.checkinDueAt ? (
            <>
              Next check-in <strong>{due(g.checkinDueAt)}</strong>
              <span className="muted"> ({date(g.checkinDueAt)})</span>
            </>
          ) : (
            <span className="muted">No metric to check in</span>
          )}
        </div>
        <div className="gr-action">
          {access.data?.edit && (
            <button
              type="button"
              className="secondary small"
              aria-expanded={open}
              aria-controls={`${id}-qc`}
              onClick={() => setOpen(!open)}
            >
              Check in<span className="visually-hidden"> on {n.title}</span>
            </button>
          )}
          {access.data && !access.data.edit && (
            <span className="muted gr-readonly" title={access.data.reason ?? undefined}>
              <LockIcon /> Read-only
              <span className="visually-hidden">: {access.data.reason}</span>
            </span>
          )}
        </div>
      </div>
      {access.data?.edit && (
        <div id={`${id}-qc`} className="gr-checkin" hidden={!open}>
          {open && <QuickCheckin node={n} />}
        </div>
      )}
    </li>
  );
}

/** The check-in form when the signed-in user may check in on the goal, else why not. */
function CheckinOrReason({ nodeId, children }: { nodeId: string; children: ReactNode }) {
  const access = useNodeAccess(nodeId);
  if (!access.data) return null;
  if (access.data.edit) return <>{children}</>;
  return <ReadOnlyNote reason={access.data.reason} className="due-readonly" />;
}
