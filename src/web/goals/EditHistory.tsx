import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client.js";
import { useOrg } from "../org.js";
import { Empty, Query } from "../ui/ui.js";
import { dateTime } from "./format.js";

/** Fields whose change a reader cares about; timestamps and versions are left out. */
const IGNORED = new Set(["version", "updatedAt", "createdAt", "lastCheckinAt", "progress"]);

const ACTION: Record<string, string> = { create: "Created", update: "Changed", delete: "Deleted" };

/** What changed between two snapshots of the item, as "title, target". */
function changedFields(before: unknown, after: unknown): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = Object.keys(a).filter(
    (k) => !IGNORED.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
  return keys.join(", ");
}

/** The item's entries in the tamper-evident change history (GET …/nodes/{id}/history). */
export function EditHistory({ nodeId }: { nodeId: string }) {
  const org = useOrg();
  const q = useQuery({
    queryKey: ["node-history", org, nodeId],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes/{id}/history", {
          params: { path: { org, id: nodeId }, query: { limit: 50, offset: 0 } },
        }),
      ),
  });
  return (
    <Query q={q} what="Loading the change history">
      {(page) =>
        page.items.length === 0 ? (
          <Empty title="No recorded edits">
            This item came with an import or the demo, and has not been edited since.
          </Empty>
        ) : (
          <div className="table-scroll">
            <table className="checkin-table history-edits">
              <caption className="visually-hidden">Edits, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">Fields</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.seq}>
                    <td className="nowrap">{dateTime(e.at)}</td>
                    <td>{ACTION[e.action] ?? e.action}</td>
                    <td>{e.action === "update" ? changedFields(e.before, e.after) || "—" : "—"}</td>
                    <td className="nowrap">{e.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </Query>
  );
}
