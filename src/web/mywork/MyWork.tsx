import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ApiFailure, api, unwrap } from "../api/client.js";
import { retryUnlessClientError } from "../goals/data.js";
import { useOrg } from "../org.js";
import { useAccess, useSignedIn } from "../session.js";
import { Empty, ErrorState, Loading } from "../ui/ui.js";
import { DueCard, GoalRow } from "./GoalCards.js";
import { PersonPicker } from "./PersonPicker.js";
import { Outgoing, RequestRow } from "./Requests.js";
import "./MyWork.css";

/**
 * What the signed-in person owes: check-ins due, their goals, requests to answer. Admins and
 * leaders may also look at someone else's work (`/me?person=<id>`).
 */
export default function MyWork() {
  const { access } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const [looking, setLooking] = useState(false);
  const canLook = access.role === "admin" || access.role === "leader";
  const other = canLook ? params.get("person") : null;
  const personId = other ?? access.personId;
  const look = (id: string) => {
    setParams(id === access.personId ? {} : { person: id });
    setLooking(false);
  };
  if (looking)
    return (
      <section aria-labelledby="mywork-h">
        <h1 id="mywork-h">My work</h1>
        <PersonPicker onPick={look} onCancel={() => setLooking(false)} />
      </section>
    );
  if (!personId) return <NoPerson onPick={canLook ? look : undefined} />;
  return (
    <WorkView
      key={personId}
      personId={personId}
      own={personId === access.personId}
      onLook={canLook ? () => setLooking(true) : undefined}
      onBack={
        other && access.personId && other !== access.personId ? () => setParams({}) : undefined
      }
    />
  );
}

/** An account that is no person of the org chart (e.g. an admin who only administers). */
function NoPerson({ onPick }: { onPick?: (id: string) => void }) {
  const { org } = useSignedIn();
  return (
    <section aria-labelledby="mywork-h" className="mywork-none">
      <h1 id="mywork-h">My work</h1>
      <Empty title={`Your account is not linked to a person in ${org.name}`}>
        My work lists the goals a person owns, the check-ins they owe and the requests waiting for
        their answer. An admin can link your account to your place in the org chart.
      </Empty>
      {onPick && <PersonPicker onPick={onPick} />}
    </section>
  );
}

function WorkView({
  personId,
  own,
  onLook,
  onBack,
}: {
  personId: string;
  own: boolean;
  onLook?: () => void;
  onBack?: () => void;
}) {
  const org = useOrg();
  const access = useAccess();
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
  if (work.isPending) return <Loading what={own ? "Loading your work" : "Loading their work"} />;
  if (work.error) {
    // 404: the person was removed; 400: the address does not hold a person's id at all.
    if (
      work.error instanceof ApiFailure &&
      (work.error.status === 404 || work.error.status === 400)
    )
      return (
        <section aria-labelledby="mywork-h">
          <h1 id="mywork-h">My work</h1>
          <div className="state error" role="alert">
            {own
              ? "Your account's person is no longer in the organization's org chart. Ask an admin to link your account again."
              : "There is no such person in the organization."}
          </div>
          {onLook && (
            <button type="button" onClick={onLook}>
              Look at someone else's work
            </button>
          )}
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
          <h1 id="mywork-h">{own ? "My work" : `Work of ${w.person.name}`}</h1>
          <p className="whoami">
            <strong>{w.person.name}</strong>
            {w.person.title && <span className="muted">, {w.person.title}</span>}
          </p>
          {(onBack || onLook) && (
            <p className="whoami-actions">
              {onBack && (
                <button type="button" className="link-button" onClick={onBack}>
                  Back to my work
                </button>
              )}
              {onLook && (
                <button type="button" className="link-button" onClick={onLook}>
                  Look at someone else's work
                </button>
              )}
            </p>
          )}
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
          <Empty title={own ? "You are up to date" : "Up to date"}>
            No check-in is due in the next two days.
            {w.goals.length > 0 && ` ${own ? "Your" : "Their"} goals are listed below.`}
          </Empty>
        ) : (
          <ul className="plain-list due-list">
            {dueGoals.map((g) => (
              <DueCard key={g.node.id} g={g} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="req-h" className="mw-section">
        <h2 id="req-h">Requests waiting for {own ? "your" : "their"} answer</h2>
        {w.requests.length === 0 ? (
          <Empty title="No requests waiting">
            When another unit asks to rely on one of {own ? "your" : "their"} goals, it is accepted
            or declined here.
          </Empty>
        ) : (
          <ul className="plain-list req-list">
            {w.requests.map((r) => (
              <RequestRow key={r.edgeId} r={r} own={own} />
            ))}
          </ul>
        )}
      </section>

      <Outgoing goals={w.goals.map((g) => g.node)} own={own} />

      <section aria-labelledby="goals-h" className="mw-section">
        <h2 id="goals-h">{own ? "Goals you own" : "Goals they own"}</h2>
        {w.goals.length === 0 ? (
          <Empty title={own ? "You own no active goals" : "They own no active goals"}>
            {own && access.may.proposeGoals && (
              <>
                <Link to="/goals/new">Create a goal</Link> aligned to one of your unit's goals.
              </>
            )}
          </Empty>
        ) : (
          <ul className="plain-list goal-rows">
            {w.goals.map((g) => (
              <GoalRow key={g.node.id} g={g} own={own} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
