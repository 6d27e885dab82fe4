import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, type Node, type Schemas, unwrap } from "../api/client.js";
import { linksQuery, useNode, useNodeAccess } from "../goals/data.js";
import { date } from "../goals/format.js";
import { ReadOnlyNote } from "../goals/ReadOnlyNote.js";
import { useOrg } from "../org.js";
import { Empty, Loading, when } from "../ui/ui.js";
import { DepState, Owner } from "../units/bits.js";

/** Dependencies on My work: requests to answer, and the person's own requests still open. */

type Work = Schemas["Work"];

export function RequestRow({ r, own }: { r: Work["requests"][number]; own: boolean }) {
  const org = useOrg();
  const access = useNodeAccess(r.to.id);
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
    mutationFn: async (state: "accepted" | "declined") => {
      // An answer is based on the request as read: fetch it first if it has not loaded yet.
      const version = edge.data?.version ?? (await edge.refetch()).data?.version;
      return unwrap(
        await api.PATCH("/api/orgs/{org}/edges/{id}", {
          params: { path: { org, id: r.edgeId } },
          body: { state, version },
        }),
      );
    },
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
          asks to rely on {own ? "your" : "their"} goal{" "}
          <Link to={`/goals/${r.to.id}`}>{r.to.title}</Link>.
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
      {access.data?.edit && (
        <div className="req-actions">
          <button
            type="button"
            disabled={answer.isPending}
            onClick={() => answer.mutate("accepted")}
          >
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
      )}
      {access.data && !access.data.edit && <ReadOnlyNote reason={access.data.reason} />}
    </li>
  );
}

/** Requests this person's goals made to other units that are not yet accepted. */
export function Outgoing({ goals, own }: { goals: Node[]; own: boolean }) {
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
      <h2 id="out-h">{own ? "Your" : "Their"} requests to other units</h2>
      {pending ? (
        <Loading what="Loading the requests" />
      ) : rows.length === 0 ? (
        <Empty title="Nothing pending">
          Every dependency {own ? "your" : "their"} goals rely on has been accepted or delivered.
        </Empty>
      ) : (
        <ul className="plain-list req-list">
          {rows.map(({ ours, link }) => (
            <li key={link.edge.id} className="req panel out">
              <div className="req-text">
                <p className="req-line">
                  <DepState state={link.edge.state} /> {own ? "Your" : "Their"} goal{" "}
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
