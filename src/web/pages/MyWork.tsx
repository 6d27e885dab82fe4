import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { ApiFailure, api, type Node, type Schemas, unwrap } from "../api/client.js";
import { linksQuery, retryUnlessClientError, useNode } from "../components/goal/data.js";
import { date, due, metric } from "../components/goal/format.js";
import { QuickCheckin } from "../components/goal/QuickCheckin.js";
import {
  Confidence,
  Empty,
  ErrorState,
  KindBadge,
  Loading,
  ProgressBar,
  when,
} from "../components/ui.js";
import { DepState, Owner, UnitLink } from "../components/unit/bits.js";
import { getMe, setMe, useOrg } from "../org.js";
import "./MyWork.css";

type Work = Schemas["Work"];
type WorkGoal = Work["goals"][number];

/** What the person using the app owes: check-ins due, their goals, requests to answer. */
export default function MyWork() {
  const [me, setMeState] = useState<string | null>(() => getMe());
  const [switching, setSwitching] = useState(false);
  const choose = (id: string) => {
    setMe(id);
    setMeState(id);
    setSwitching(false);
  };
  if (!me || switching)
    return (
      <section aria-labelledby="mywork-h">
        <h1 id="mywork-h">My work</h1>
        <PersonPicker onPick={choose} onCancel={me ? () => setSwitching(false) : undefined} />
      </section>
    );
  return <WorkView personId={me} onSwitch={() => setSwitching(true)} />;
}

function PersonPicker({
  onPick,
  onCancel,
}: {
  onPick: (id: string) => void;
  onCancel?: () => void;
}) {
  const org = useOrg();
  const id = useId();
  const [q, setQ] = useState("");
  const term = q.trim();
  const people = useQuery({
    queryKey: ["people", org, { q: term }],
    enabled: term.length > 0,
    placeholderData: (prev) => prev,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/people", {
          params: { path: { org }, query: { q: term, limit: 12 } },
        }),
      ),
  });
  return (
    <div className="panel picker">
      <h2>Who are you?</h2>
      <p className="muted">
        Accord shows you the goals you own, the check-ins you owe and the requests waiting for your
        answer. Until sign-in arrives, pick yourself once; this browser remembers it.
      </p>
      <label htmlFor={`${id}-q`}>Find yourself by name</label>
      <input
        id={`${id}-q`}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="e.g. Jack Morales"
        autoComplete="off"
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="small-print">
        Type part of a first or last name.
      </p>
      {term.length > 0 &&
        (people.isPending ? (
          <Loading what="Searching people" />
        ) : people.error ? (
          <ErrorState error={people.error} retry={() => people.refetch()} />
        ) : people.data && people.data.items.length === 0 ? (
          <Empty title={`Nobody called “${term}”`}>
            Check the spelling, or try a shorter part of the name.
          </Empty>
        ) : (
          <ul className="plain-list picker-results" aria-label="People found">
            {people.data?.items.map((p) => (
              <li key={p.id}>
                <button type="button" className="person-choice" onClick={() => onPick(p.id)}>
                  <span className="pc-name">{p.name}</span>
                  <span className="pc-title">{p.title || "No title"}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      {onCancel && (
        <button type="button" className="secondary picker-cancel" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}

function WorkView({ personId, onSwitch }: { personId: string; onSwitch: () => void }) {
  const org = useOrg();
  const work = useQuery({
    queryKey: ["work", org, personId],
    retry: retryUnlessClientError,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/people/{id}/work", {
          params: { path: { org, id: personId } },
        }),
      ),
  });
  if (work.isPending) return <Loading what="Loading your work" />;
  if (work.error) {
    // 404: the person was removed; 400: what is remembered is not a person's id at all.
    if (
      work.error instanceof ApiFailure &&
      (work.error.status === 404 || work.error.status === 400)
    )
      return (
        <section aria-labelledby="mywork-h">
          <h1 id="mywork-h">My work</h1>
          <div className="state error" role="alert">
            The person this browser remembered is no longer in the organization. Pick yourself
            again.
          </div>
          <button type="button" onClick={onSwitch}>
            Choose a person
          </button>
        </section>
      );
    return <ErrorState error={work.error} retry={() => work.refetch()} />;
  }
  const w = work.data;
  const dueGoals = w.goals.filter((g) => g.overdue || g.dueSoon);
  return (
    <article className="mywork" aria-labelledby="mywork-h">
      <header className="page-head">
        <div>
          <h1 id="mywork-h">My work</h1>
          <p className="whoami">
            <strong>{w.person.name}</strong>
            {w.person.title && <span className="muted">, {w.person.title}</span>}
            <button type="button" className="link-button switch" onClick={onSwitch}>
              Not you? Switch person
            </button>
          </p>
        </div>
        <dl className="tally">
          <div
            className={dueGoals.some((g) => g.overdue) ? "overdue" : dueGoals.length ? "due" : ""}
          >
            <dt>Check-ins due</dt>
            <dd>{dueGoals.length}</dd>
          </div>
          <div>
            <dt>Goals</dt>
            <dd>{w.goals.length}</dd>
          </div>
          <div className={w.requests.length ? "due" : ""}>
            <dt>Requests to answer</dt>
            <dd>{w.requests.length}</dd>
          </div>
        </dl>
      </header>

      <section aria-labelledby="due-h" className="mw-section">
        <h2 id="due-h">Check-ins due</h2>
        {dueGoals.length === 0 ? (
          <Empty title="You are up to date">
            No check-in is due in the next two days. Your goals are listed below.
          </Empty>
        ) : (
          <ul className="plain-list due-list">
            {dueGoals.map((g) => (
              <DueCard key={g.node.id} g={g} personId={personId} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="req-h" className="mw-section">
        <h2 id="req-h">Requests waiting for your answer</h2>
        {w.requests.length === 0 ? (
          <Empty title="No requests waiting">
            When another unit asks to rely on one of your goals, you accept or decline it here.
          </Empty>
        ) : (
          <ul className="plain-list req-list">
            {w.requests.map((r) => (
              <RequestRow key={r.edgeId} r={r} />
            ))}
          </ul>
        )}
      </section>

      <Outgoing goals={w.goals.map((g) => g.node)} />

      <section aria-labelledby="goals-h" className="mw-section">
        <h2 id="goals-h">Goals you own</h2>
        {w.goals.length === 0 ? (
          <Empty title="You own no active goals">
            <Link to="/goals/new">Create a goal</Link> aligned to one of your unit's goals.
          </Empty>
        ) : (
          <ul className="plain-list goal-rows">
            {w.goals.map((g) => (
              <GoalRow key={g.node.id} g={g} personId={personId} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function DueCard({ g, personId }: { g: WorkGoal; personId: string }) {
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
      <QuickCheckin node={n} authorId={personId} />
    </li>
  );
}

function GoalRow({ g, personId }: { g: WorkGoal; personId: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const n = g.node;
  return (
    <li className="goal-row">
      <div className="goal-row-main">
        <div className="gr-title">
          <KindBadge kind={n.kind} /> <Link to={`/goals/${n.id}`}>{n.title}</Link>
          <div className="gr-meta">
            {g.via === "unit leader" ? "Yours as the leader of " : "Owned by you"}
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
          <button
            type="button"
            className="secondary small"
            aria-expanded={open}
            aria-controls={`${id}-qc`}
            onClick={() => setOpen(!open)}
          >
            Check in<span className="visually-hidden"> on {n.title}</span>
          </button>
        </div>
      </div>
      <div id={`${id}-qc`} className="gr-checkin" hidden={!open}>
        {open && <QuickCheckin node={n} authorId={personId} />}
      </div>
    </li>
  );
}

function RequestRow({ r }: { r: Work["requests"][number] }) {
  const org = useOrg();
  const qc = useQueryClient();
  const from = useNode(r.from.id);
  const edge = useQuery({
    queryKey: ["edge", org, r.edgeId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/edges/{id}", { params: { path: { org, id: r.edgeId } } }),
      ),
  });
  const answer = useMutation({
    mutationFn: async (state: "accepted" | "declined") =>
      unwrap(
        await api.PATCH("/api/orgs/{org}/edges/{id}", {
          params: { path: { org, id: r.edgeId } },
          body: { state, ...(edge.data ? { version: edge.data.version } : {}) },
        }),
      ),
    onSuccess: () => qc.invalidateQueries(),
  });
  return (
    <li className="req panel">
      <div className="req-text">
        <p className="req-line">
          <Link to={`/goals/${r.from.id}`}>{r.from.title}</Link>
          {from.data && (
            <span className="muted">
              {" "}
              (<Owner unitId={from.data.ownerUnitId} personId={from.data.ownerPersonId} />)
            </span>
          )}{" "}
          asks to rely on your goal <Link to={`/goals/${r.to.id}`}>{r.to.title}</Link>.
        </p>
        {edge.data?.note && <p className="link-note">“{edge.data.note}”</p>}
        <p className="small-print">
          Waiting since {date(r.waitingSince)} ({when(r.waitingSince)})
        </p>
        {answer.error && (
          <div className="field-error" role="alert">
            {answer.error.message}
          </div>
        )}
      </div>
      <div className="req-actions">
        <button type="button" disabled={answer.isPending} onClick={() => answer.mutate("accepted")}>
          Accept<span className="visually-hidden"> the request from {r.from.title}</span>
        </button>
        <button
          type="button"
          className="secondary"
          disabled={answer.isPending}
          onClick={() => answer.mutate("declined")}
        >
          Decline<span className="visually-hidden"> the request from {r.from.title}</span>
        </button>
      </div>
    </li>
  );
}

/** Requests this person's goals made to other units that are not yet accepted. */
function Outgoing({ goals }: { goals: Node[] }) {
  const org = useOrg();
  const results = useQueries({ queries: goals.map((g) => linksQuery(org, g.id)) });
  if (goals.length === 0) return null;
  const pending = results.some((r) => r.isPending);
  const rows = results.flatMap((r, i) =>
    (r.data?.dependsOn ?? [])
      .filter((l) => l.edge.state === "requested" || l.edge.state === "declined")
      .map((l) => ({ ours: goals[i], link: l })),
  );
  return (
    <section aria-labelledby="out-h" className="mw-section">
      <h2 id="out-h">Your requests to other units</h2>
      {pending ? (
        <Loading what="Loading your requests" />
      ) : rows.length === 0 ? (
        <Empty title="Nothing pending">
          Every dependency your goals rely on has been accepted or delivered.
        </Empty>
      ) : (
        <ul className="plain-list req-list">
          {rows.map(({ ours, link }) => (
            <li key={link.edge.id} className="req panel out">
              <div className="req-text">
                <p className="req-line">
                  <DepState state={link.edge.state} /> Your goal{" "}
                  <Link to={`/goals/${ours.id}`}>{ours.title}</Link> relies on{" "}
                  <Link to={`/goals/${link.node.id}`}>{link.node.title}</Link>
                  <span className="muted">
                    {" "}
                    (<Owner unitId={link.node.ownerUnitId} personId={link.node.ownerPersonId} />)
                  </span>
                </p>
                {link.edge.note && <p className="link-note">“{link.edge.note}”</p>}
                <p className="small-print">
                  {link.edge.state === "requested"
                    ? `Waiting for their answer since ${date(link.edge.updatedAt)} (${when(link.edge.updatedAt)}).`
                    : `Declined ${when(link.edge.updatedAt)}: agree another way with the other owner.`}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
