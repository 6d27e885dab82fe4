import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, unwrap } from "../api/client.js";
import { useOrg } from "../org.js";
import { Empty, ErrorState, Loading } from "../ui/ui.js";

/** Admins and leaders look at someone else's work: find the person by name. */
export function PersonPicker({
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
      <h2>Look at someone's work</h2>
      <p className="muted">
        See the goals a person owns, the check-ins they owe and the requests waiting for their
        answer.
      </p>
      <label htmlFor={`${id}-q`}>Find a person by name</label>
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
