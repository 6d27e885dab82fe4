import { Link } from "react-router";
import { usePerson, useUnitHealth, useUnitIndex } from "../goals/data.js";
import "./unit.css";

/** Small shared pieces: health chips, dependency states, owner names. */

export const healthTone = (score: number | null | undefined) =>
  score === null || score === undefined
    ? "none"
    : score < 50
      ? "bad"
      : score < 75
        ? "warn"
        : "good";

/** A unit's alignment health score (0–100) as a coloured chip. */
export function HealthChip({ score, items }: { score: number | null; items?: number }) {
  if (score === null || items === 0)
    return (
      <span className="chip health-chip none" title="Nothing to measure yet">
        No goals
      </span>
    );
  return (
    <span
      className={`chip health-chip ${healthTone(score)}`}
      title={`Alignment health ${score} out of 100`}
    >
      <span className="visually-hidden">Health </span>
      {score}
      <span className="visually-hidden"> out of 100</span>
    </span>
  );
}

/** Loads and shows a unit's health chip. */
export function UnitHealthChip({ unitId }: { unitId: string }) {
  const q = useUnitHealth(unitId);
  if (q.isPending) return <span className="chip none">…</span>;
  if (q.error || !q.data) return <span className="chip none">—</span>;
  return <HealthChip score={q.data.score} items={q.data.items} />;
}

const STATE_LABEL: Record<string, string> = {
  requested: "Requested",
  accepted: "Accepted",
  declined: "Declined",
  done: "Done",
};
const STATE_HELP: Record<string, string> = {
  requested: "Waiting for the other owner to accept or decline",
  accepted: "Agreed by both owners",
  declined: "The other owner declined",
  done: "Delivered",
};

/** The state of a dependency between two owners. */
export function DepState({ state }: { state: string | null }) {
  const s = state ?? "requested";
  return (
    <span className={`dep-state dep-${s}`} title={STATE_HELP[s]}>
      {STATE_LABEL[s] ?? s}
    </span>
  );
}

/** A person's name (people have no page of their own yet). */
export function PersonName({ id }: { id: string | null }) {
  const q = usePerson(id);
  if (!id) return <span className="muted">nobody</span>;
  if (!q.data) return <span className="muted">…</span>;
  return <span>{q.data.name}</span>;
}

export function UnitLink({ id }: { id: string | null }) {
  const units = useUnitIndex();
  if (!id) return null;
  const u = units.get(id);
  return <Link to={`/units/${id}`}>{u?.name ?? "Unit"}</Link>;
}

/** Who owns an item: its unit (linked) and person, whichever it has. */
export function Owner({ unitId, personId }: { unitId: string | null; personId: string | null }) {
  if (!unitId && !personId) return <span className="muted">No owner</span>;
  return (
    <span className="owner">
      {unitId && <UnitLink id={unitId} />}
      {unitId && personId && " · "}
      {personId && <PersonName id={personId} />}
    </span>
  );
}
