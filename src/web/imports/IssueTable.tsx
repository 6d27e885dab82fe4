import { Scroll } from "./parts.js";
import type { Issue } from "./report.js";

/** Every problem found in the file, one row each, in line order. */
export default function IssueTable({ issues, fileName }: { issues: Issue[]; fileName: string }) {
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  return (
    <Scroll label="Problems, by line">
      <table className="imp-issue-table">
        <caption className="sr-only">Problems in {fileName}, by line</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((i, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; a line can have several.
            <tr key={k}>
              <td className="num">
                {i.line}
                {i.line === 1 && <span className="muted"> (header)</span>}
              </td>
              <td>{i.field ? <code>{i.field}</code> : <span className="muted">—</span>}</td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
