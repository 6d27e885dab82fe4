import { useState } from "react";
import type { Node } from "../api/client.js";
import { Empty, pct, Query } from "../ui/ui.js";
import { PersonName } from "../units/bits.js";
import { type Checkin, useCheckins } from "./data.js";
import { dateTime, metric } from "./format.js";
import { CheckinNote } from "./PrivateNote.js";

const HISTORY_SHOWN = 10;

/** A goal's check-ins, newest first: the latest ten, or all of them. */
export function CheckinTable({ node, canCheckIn }: { node: Node; canCheckIn: boolean }) {
  const checkins = useCheckins(node.id);
  const [all, setAll] = useState(false);
  return (
    <Query q={checkins} what="Loading check-ins">
      {(page) => {
        const items = page.items as Checkin[];
        if (items.length === 0)
          return (
            <Empty title="No check-ins yet">
              {canCheckIn ? "Use the form above to record the first one." : null}
            </Empty>
          );
        return (
          <div className="table-scroll">
            <table className="checkin-table">
              <caption className="visually-hidden">Check-ins on {node.title}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Value</th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Note</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {(all ? items : items.slice(0, HISTORY_SHOWN)).map((c) => (
                  <tr key={c.id}>
                    <td className="nowrap">{dateTime(c.createdAt)}</td>
                    <td className="nowrap num">{metric(c.value, node.metricUnit)}</td>
                    <td className="num">{pct(c.confidence)}</td>
                    <td>
                      <CheckinNote checkin={c} />
                    </td>
                    <td className="nowrap">
                      {c.authorId ? (
                        <PersonName id={c.authorId} />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {items.length > HISTORY_SHOWN && (
              <button type="button" className="link-button show-all" onClick={() => setAll(!all)}>
                {all ? "Show the latest only" : `Show all ${items.length} check-ins`}
              </button>
            )}
          </div>
        );
      }}
    </Query>
  );
}
