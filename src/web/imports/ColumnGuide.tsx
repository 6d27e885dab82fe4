import { Fragment } from "react";
import { GOAL_COLUMNS, ORG_COLUMNS, TEMPLATES, WHAT } from "./kinds.js";
import { Scroll } from "./parts.js";
import type { What } from "./report.js";

/** The columns a file of this kind may have, each with its meaning and an example, and a template. */
export default function ColumnGuide({ what }: { what: What }) {
  const columns = what === "org" ? ORG_COLUMNS : GOAL_COLUMNS;
  return (
    <div className="panel imp-columns">
      <h2>Columns for {WHAT[what].label.toLowerCase()}</h2>
      <p className="muted">
        The header names the columns, in any order; only{" "}
        {columns
          .filter((c) => c.required)
          .map((c, i, all) => (
            <Fragment key={c.name}>
              <code>{c.name}</code>
              {i < all.length - 1 ? " and " : ""}
            </Fragment>
          ))}{" "}
        {columns.filter((c) => c.required).length === 1 ? "is" : "are"} required.{" "}
        <a
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATES[what])}`}
          download={WHAT[what].file}
        >
          Download a template
        </a>
      </p>
      <Scroll label="Columns">
        <table className="imp-coltable">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">What it holds</th>
              <th scope="col">Example</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                  {c.required && <span className="imp-req">required</span>}
                </th>
                <td>{c.meaning}</td>
                <td>
                  <code className="imp-example">{c.example}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </div>
  );
}
