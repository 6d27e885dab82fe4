import { Link } from "react-router";
import type { Node } from "../../api/client.js";
import { useAccess } from "../../session.js";
import { ReadOnlyNote } from "../ReadOnlyNote.js";

type Kind = Node["kind"];
type Status = Node["status"];

/**
 * What the goal form offers the signed-in role (the API enforces the same rules): a member
 * proposes goals they own, as drafts, and may not make a goal active; the others choose
 * freely. `from` is the status a goal had when the form opened (editing); without it the
 * form creates.
 */
export interface GoalRules {
  member: boolean;
  kindAllowed(kind: Kind): boolean;
  statusAllowed(status: Status): boolean;
}

export function useGoalRules(from?: Status): GoalRules {
  const access = useAccess();
  const member = access.role === "member";
  return {
    member,
    kindAllowed: (kind) => !member || kind === "goal",
    statusAllowed: (status) =>
      !member ||
      (from === undefined ? status === "draft" : status !== "active" || from === "active"),
  };
}

/** Said at the top of a member's new goal form. */
export function ProposalNote() {
  return (
    <div className="alert warn gf-proposal" role="note">
      <strong>You are proposing a goal</strong>
      It is saved as a draft proposal that you own; a leader of your unit makes it active.
    </div>
  );
}

/** Instead of the form, when the signed-in user may not create or change this. */
export function NotAllowed({
  title,
  reason,
  back,
}: {
  title: string;
  reason: string | null;
  back: { to: string; label: string };
}) {
  return (
    <section className="goal-form">
      <h1>{title}</h1>
      <ReadOnlyNote reason={reason} />
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </section>
  );
}

/** Why a role may not create anything (the API's own words for it). */
export const createRefusal = (role: string, canWrite: boolean) =>
  !canWrite
    ? "this API token is read-only"
    : role === "viewer"
      ? "viewers read but do not change anything"
      : null;
