import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, Fragment, type ReactNode, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { ApiFailure, api, type Schemas, unwrap } from "../api/client.js";
import { useOrg } from "../org.js";
import { KindBadge, pct } from "../ui/ui.js";
import "../ui/forms/forms.css";
import "./Import.css";

/** Import an org chart or goals from CSV: preview, every bad line with its reason, then write. */

type Report = Schemas["ImportReport"];
type Issue = Report["issues"][number];
type What = Report["kind"];
type Row = Record<string, unknown>;

interface Column {
  name: string;
  meaning: ReactNode;
  example: string;
  required?: boolean;
}

const ORG_COLUMNS: Column[] = [
  { name: "id", meaning: "The person's id in your HR system.", example: "TP-006", required: true },
  { name: "name", meaning: "Full name.", example: "Kenji Watanabe" },
  { name: "email", meaning: "Work e-mail address.", example: "kenji.watanabe@trailpace.example" },
  { name: "title", meaning: "Job title.", example: "Lead Designer, Road" },
  {
    name: "manager_id",
    meaning: "The id of their manager: someone in this file, or already imported.",
    example: "TP-005",
  },
  { name: "division", meaning: "Top-level unit they work in.", example: "Product" },
  { name: "department", meaning: "Unit inside the division.", example: "Footwear Design" },
  { name: "team", meaning: "Unit inside the department.", example: "Road Shoes" },
  {
    name: "share",
    meaning: "Share of their time in that unit (1 when empty).",
    example: "0.5 or 50%",
  },
];

const GOAL_COLUMNS: Column[] = [
  {
    name: "key",
    meaning: "A short id for the row, so that other rows can name it as their parent.",
    example: "KR1",
  },
  {
    name: "kind",
    meaning: "objective, key_result, goal, kpi or initiative.",
    example: "key_result",
    required: true,
  },
  {
    name: "title",
    meaning: "What it is.",
    example: "Grow marathon-category revenue",
    required: true,
  },
  { name: "description", meaning: "Why it matters.", example: "First-time marathoners buy twice" },
  {
    name: "parent",
    meaning:
      "What it contributes to: a key in this file, or the id or exact title of an existing item.",
    example: "O1",
  },
  {
    name: "weight",
    meaning: "How much it counts in its parent's progress (1 when empty).",
    example: "2",
  },
  { name: "owner_unit", meaning: "Name of the unit that owns it.", example: "Commercial" },
  { name: "owner_person", meaning: "The owner's id or e-mail address.", example: "TP-003" },
  { name: "cycle", meaning: "Name of an existing cycle.", example: "Q3 2026" },
  { name: "baseline", meaning: "Where the metric started.", example: "1.2" },
  { name: "target", meaning: "Where it should end.", example: "2.0" },
  { name: "current", meaning: "Where it is now.", example: "1.4" },
  { name: "unit", meaning: "Unit of measure.", example: "M EUR" },
  { name: "direction", meaning: "increase or decrease: which way is better.", example: "increase" },
  { name: "status", meaning: "draft, active, done or cancelled.", example: "active" },
  { name: "confidence", meaning: "How sure the owner is.", example: "0.6 or 60%" },
  { name: "priority", meaning: "1 is the most important.", example: "1" },
  {
    name: "standalone_reason",
    meaning: "Why it contributes to nothing, when that is on purpose.",
    example: "Legal obligation",
  },
];

const TEMPLATES: Record<What, string> = {
  org: [
    "id,name,email,title,manager_id,division,department,team,share",
    "TP-001,Maya Lindgren,maya.lindgren@trailpace.example,Chief Executive Officer,,Executive Office,,,",
    "TP-002,Jonas Becker,jonas.becker@trailpace.example,Chief Product Officer,TP-001,Product,,,",
    "TP-005,Emma Clarke,emma.clarke@trailpace.example,Head of Footwear Design,TP-002,Product,Footwear Design,,",
    'TP-006,Kenji Watanabe,kenji.watanabe@trailpace.example,"Lead Designer, Road",TP-005,Product,Footwear Design,Road Shoes,1',
    "",
  ].join("\n"),
  goals: [
    "key,kind,title,description,parent,weight,owner_unit,owner_person,cycle,baseline,target,current,unit,direction,status,confidence,priority,standalone_reason",
    "O1,objective,Become the go-to shoe for first-time marathoners,,,,Executive Office,TP-001,,,,,,,active,70%,1,",
    "KR1,key_result,Grow marathon-category revenue,,O1,2,Commercial,TP-003,,1.2,2.0,1.4,M EUR,increase,active,0.6,,",
    "KR2,key_result,Cut size-related returns,,O1,1,Customer Care,TP-020,,12,6,10,%,decrease,active,50%,,",
    "",
  ].join("\n"),
};

const WHAT: Record<What, { label: string; blurb: string; file: string }> = {
  org: {
    label: "Org chart",
    blurb: "People, their managers and their units. Importing the same file again updates it.",
    file: "org-chart-template.csv",
  },
  goals: {
    label: "Goals",
    blurb: "Objectives, key results, goals, KPIs and initiatives, with what they contribute to.",
    file: "goals-template.csv",
  },
};

const NOUNS: Record<string, [string, string]> = {
  people: ["person", "people"],
  units: ["unit", "units"],
  memberships: ["membership", "memberships"],
  nodes: ["goal or objective", "goals and objectives"],
  edges: ["link", "links"],
};
const count = (n: number, key: string) => {
  const [one, many] = NOUNS[key] ?? [key, key];
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
};
const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => count(n, k));
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The issues an import refused with (400 import_failed), in the shape of a report. */
function issuesOf(err: unknown): Issue[] | null {
  if (!(err instanceof ApiFailure)) return null;
  const issues = (err.error.details as { issues?: Issue[] } | null)?.issues;
  return Array.isArray(issues) && issues.every((i) => typeof i.line === "number") ? issues : null;
}

interface Loaded {
  name: string;
  size: number;
  text: string;
}

export default function Import() {
  const org = useOrg();
  const queryClient = useQueryClient();
  const [what, setWhat] = useState<What>("org");
  const [file, setFile] = useState<Loaded | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const radioName = useId();

  const send = async (kind: What, text: string, dryRun: boolean) => {
    const options = {
      params: { path: { org }, query: dryRun ? { dryRun: "true" as const } : {} },
      body: text,
      bodySerializer: (b: string) => b,
      headers: { "Content-Type": "text/csv" },
    };
    return unwrap(
      kind === "org"
        ? await api.POST("/api/orgs/{org}/import/org", options)
        : await api.POST("/api/orgs/{org}/import/goals", options),
    );
  };

  const check = useMutation({
    mutationFn: ({ kind, text }: { kind: What; text: string }) => send(kind, text, true),
    onSuccess: () => setTimeout(() => resultsRef.current?.focus(), 0),
  });
  const run = useMutation({
    mutationFn: ({ kind, text }: { kind: What; text: string }) => send(kind, text, false),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      setTimeout(() => resultsRef.current?.focus(), 0);
    },
  });

  const load = async (f: File | undefined | null) => {
    if (!f) return;
    setReadError(null);
    run.reset();
    check.reset();
    try {
      const text = await f.text();
      setFile({ name: f.name, size: f.size, text });
      check.mutate({ kind: what, text });
    } catch {
      setFile(null);
      setReadError(`“${f.name}” could not be read. Is it a text (CSV) file?`);
    }
  };

  const choose = (next: What) => {
    setWhat(next);
    run.reset();
    if (file) check.mutate({ kind: next, text: file.text });
  };

  const reset = () => {
    setFile(null);
    check.reset();
    run.reset();
    if (fileInput.current) fileInput.current.value = "";
    fileInput.current?.focus();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void load(e.dataTransfer.files[0]);
  };

  const columns = what === "org" ? ORG_COLUMNS : GOAL_COLUMNS;
  const report = check.data && check.variables?.kind === what ? check.data : undefined;
  const failedIssues = issuesOf(run.error);
  const issues = failedIssues ?? report?.issues ?? [];
  const done = run.data;

  return (
    <section className="import">
      <h1>Import</h1>
      <p className="muted imp-lede">
        Bring in your org chart or your goals from a spreadsheet saved as CSV. You see a preview and
        every problem first — nothing is written until you say so.
      </p>

      <div className="imp-top">
        <div className="imp-steps">
          <fieldset className="panel imp-step">
            <legend>
              <h2>
                <span className="imp-num" aria-hidden="true">
                  1
                </span>
                What are you importing?
              </h2>
            </legend>
            <div className="imp-kinds">
              {(Object.keys(WHAT) as What[]).map((k) => (
                <label key={k} className={`imp-kind${what === k ? " chosen" : ""}`}>
                  <input
                    type="radio"
                    name={radioName}
                    value={k}
                    checked={what === k}
                    disabled={check.isPending || run.isPending}
                    onChange={() => choose(k)}
                  />
                  <span className="imp-kind-name">{WHAT[k].label}</span>
                  <span className="imp-kind-blurb">{WHAT[k].blurb}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <div className="panel imp-step">
            <h2>
              <span className="imp-num" aria-hidden="true">
                2
              </span>
              Upload the file
            </h2>
            {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop area is a mouse shortcut; the file input inside it is the keyboard way. */}
            <div
              className={`imp-drop${dragging ? " over" : ""}${file ? " has-file" : ""}`}
              onDragEnter={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragOver={(e) => {
                e.preventDefault();
                e.dataTransfer.dropEffect = "copy";
              }}
              onDragLeave={(e) => {
                if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
              }}
              onDrop={onDrop}
            >
              <input
                ref={fileInput}
                id="imp-file"
                type="file"
                accept=".csv,text/csv,text/plain"
                className="imp-file"
                aria-describedby="imp-file-hint"
                disabled={run.isPending}
                onChange={(e) => void load(e.target.files?.[0])}
              />
              <label htmlFor="imp-file" className="imp-drop-label">
                <span className="imp-drop-icon" aria-hidden="true">
                  ⇪
                </span>
                <span>
                  <span className="button">Choose a CSV file</span>{" "}
                  <span className="muted">or drop it here</span>
                </span>
              </label>
              <p id="imp-file-hint" className="muted imp-drop-hint">
                {file ? (
                  <>
                    <strong>{file.name}</strong> ({formatSize(file.size)}) — choose another file to
                    check it instead.
                  </>
                ) : (
                  <>
                    {what === "org" ? "An org-chart" : "A goals"} CSV file with a header line, saved
                    as UTF-8.
                  </>
                )}
              </p>
            </div>
            {readError && (
              <div className="alert bad" role="alert">
                {readError}
              </div>
            )}
          </div>
        </div>

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
      </div>

      <div className="imp-results" aria-busy={check.isPending || run.isPending}>
        {check.isPending && (
          <div className="state" role="status">
            <span className="spinner" aria-hidden="true" /> Checking {file?.name ?? "the file"}…
          </div>
        )}
        {check.error && !check.isPending && (
          <div className="alert bad" role="alert">
            <strong>The file could not be checked.</strong>
            {(check.error as Error).message}
            <div className="actions">
              <button
                type="button"
                onClick={() => file && check.mutate({ kind: what, text: file.text })}
              >
                Try again
              </button>
            </div>
          </div>
        )}

        {done && file ? (
          <Done report={done} file={file} headingRef={resultsRef} onAgain={reset} />
        ) : (
          report &&
          file &&
          !check.isPending && (
            <Preview
              report={report}
              issues={issues}
              failed={!!failedIssues}
              file={file}
              headingRef={resultsRef}
              running={run.isPending}
              runError={failedIssues ? null : (run.error as Error | null)}
              onImport={() => run.mutate({ kind: what, text: file.text })}
              onAgain={reset}
            />
          )
        )}
      </div>
    </section>
  );
}

/** A box that scrolls sideways on narrow screens; focusable so keyboard users can scroll it. */
function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="imp-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / (1024 * 102.4)) / 10} MB`;
}

function Preview({
  report,
  issues,
  failed,
  file,
  headingRef,
  running,
  runError,
  onImport,
  onAgain,
}: {
  report: Report;
  issues: Issue[];
  failed: boolean;
  file: Loaded;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  running: boolean;
  runError: Error | null;
  onImport: () => void;
  onAgain: () => void;
}) {
  const bad = issues.length > 0;
  const badLines = new Set(issues.map((i) => i.line));
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  const creates = counts(report.created);
  const updates = counts(report.updated);
  return (
    <div className="panel imp-preview">
      <h2 ref={headingRef} tabIndex={-1}>
        <span className="imp-num" aria-hidden="true">
          3
        </span>
        Check the preview of {file.name}
      </h2>
      <dl className="imp-stats">
        <div>
          <dt>Rows</dt>
          <dd>{report.rows.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Would create</dt>
          <dd>{creates.length ? creates.join(", ") : "nothing new"}</dd>
        </div>
        <div>
          <dt>Would update</dt>
          <dd>{updates.length ? updates.join(", ") : "nothing"}</dd>
        </div>
        <div className={bad ? "bad" : "good"}>
          <dt>Problems</dt>
          <dd>{bad ? plural(badLines.size, "line") : "none"}</dd>
        </div>
      </dl>

      {bad ? (
        <div className="alert bad imp-issues" role="alert">
          <strong>
            {failed ? "The import was refused: " : ""}
            {plural(badLines.size, "line")} {badLines.size === 1 ? "needs" : "need"} fixing (
            {plural(issues.length, "problem")})
          </strong>
          <p id="imp-blocked" className="imp-blocked">
            Fix these lines and upload the file again — nothing has been written.
          </p>
          <Scroll label="Problems, by line">
            <table className="imp-issue-table">
              <caption className="sr-only">Problems in {file.name}, by line</caption>
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
        </div>
      ) : (
        <div className="alert good" role="status">
          <strong>
            {report.rows === 1
              ? "The row looks right."
              : `All ${plural(report.rows, "row")} look right.`}
          </strong>
          Nothing has been written yet: check the rows below, then import.
        </div>
      )}

      {runError && (
        <div className="alert bad" role="alert">
          <strong>The import did not run.</strong>
          {runError.message} Nothing has been written.
        </div>
      )}

      <div className="imp-actions">
        <button
          type="button"
          className="imp-go"
          disabled={bad || running || report.rows === 0}
          aria-describedby={bad ? "imp-blocked" : undefined}
          onClick={onImport}
        >
          {running ? "Importing…" : `Import ${plural(report.rows, "row")}`}
        </button>
        <button type="button" className="secondary" onClick={onAgain}>
          Choose another file
        </button>
      </div>

      {report.preview.length > 0 && (
        <>
          <h3>
            How {report.preview.length < report.rows ? `the first ${report.preview.length}` : "the"}{" "}
            rows were understood
          </h3>
          <Scroll label="Rows as understood">
            <PreviewTable kind={report.kind} rows={report.preview} badLines={badLines} />
          </Scroll>
          {report.preview.length < report.rows && (
            <p className="muted imp-more">
              …and {plural(report.rows - report.preview.length, "more row")}. Every line was
              checked.
            </p>
          )}
        </>
      )}
    </div>
  );
}

const text = (v: unknown) => (v === null || v === undefined || v === "" ? null : String(v));
const Cell = ({ v }: { v: unknown }) => {
  const t = text(v);
  return t === null ? <span className="muted">—</span> : t;
};

function PreviewTable({
  kind,
  rows,
  badLines,
}: {
  kind: What;
  rows: Row[];
  badLines: Set<number>;
}) {
  const lineCell = (r: Row) => {
    const line = Number(r.line);
    const bad = badLines.has(line) || r.valid === false;
    return (
      <td className="num">
        {bad && (
          <span className="imp-flag" aria-hidden="true">
            ⚠{" "}
          </span>
        )}
        {line}
        {bad && <span className="sr-only"> (has a problem)</span>}
      </td>
    );
  };
  const rowClass = (r: Row) => (badLines.has(Number(r.line)) || r.valid === false ? "bad-row" : "");
  if (kind === "org") {
    return (
      <table className="imp-rows">
        <caption className="sr-only">
          The first rows of the org chart as they were understood
        </caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Title</th>
            <th scope="col">Manager</th>
            <th scope="col">Unit</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const path = [r.division, r.department, r.team].map(text).filter(Boolean);
            return (
              <tr key={String(r.line)} className={rowClass(r)}>
                {lineCell(r)}
                <td>
                  <Cell v={r.id} />
                </td>
                <td>
                  <Cell v={r.name} />
                </td>
                <td>
                  <Cell v={r.email} />
                </td>
                <td className="imp-wrap">
                  <Cell v={r.title} />
                </td>
                <td>
                  <Cell v={r.manager_id} />
                </td>
                <td className="imp-wrap">
                  {path.length ? path.join(" › ") : <span className="muted">—</span>}
                </td>
                <td className="num">
                  {typeof r.share === "number" ? pct(r.share) : <Cell v={r.share} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }
  return (
    <table className="imp-rows">
      <caption className="sr-only">
        The first rows of the goals file as they were understood
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Key</th>
          <th scope="col">Kind</th>
          <th scope="col">Title</th>
          <th scope="col">Contributes to</th>
          <th scope="col">Owner</th>
          <th scope="col">Metric</th>
          <th scope="col">Status</th>
          <th scope="col">Confidence</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const owner = [text(r.owner_unit), text(r.owner_person)].filter(Boolean);
          const metric =
            text(r.target) === null
              ? null
              : `${text(r.baseline) ?? "0"} → ${text(r.target)}${r.unit ? ` ${r.unit}` : ""}${
                  text(r.current) !== null ? ` (now ${text(r.current)})` : ""
                }${r.direction === "decrease" ? ", lower is better" : ""}`;
          return (
            <tr key={String(r.line)} className={rowClass(r)}>
              {lineCell(r)}
              <td>
                <Cell v={r.key} />
              </td>
              <td>{text(r.kind) ? <KindBadge kind={String(r.kind)} /> : <Cell v={null} />}</td>
              <td className="imp-title">
                <Cell v={r.title} />
              </td>
              <td>
                {text(r.parent) ? (
                  <>
                    {text(r.parent)}
                    {text(r.weight) && <span className="muted"> × {text(r.weight)}</span>}
                  </>
                ) : text(r.standalone_reason) ? (
                  <span className="muted">stands alone: {text(r.standalone_reason)}</span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{owner.length ? owner.join(" · ") : <span className="muted">—</span>}</td>
              <td>{metric ?? <span className="muted">—</span>}</td>
              <td>
                <Cell v={r.status} />
              </td>
              <td className="num">
                {typeof r.confidence === "number" ? pct(r.confidence) : <Cell v={r.confidence} />}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Done({
  report,
  file,
  headingRef,
  onAgain,
}: {
  report: Report;
  file: Loaded;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onAgain: () => void;
}) {
  const created = counts(report.created);
  const updated = counts(report.updated);
  return (
    <div className="panel imp-done">
      <h2 ref={headingRef} tabIndex={-1}>
        <span className="imp-check" aria-hidden="true">
          ✓
        </span>
        Imported {plural(report.rows, "row")} from {file.name}
      </h2>
      <dl className="imp-stats">
        <div className="good">
          <dt>Created</dt>
          <dd>{created.length ? created.join(", ") : "nothing new"}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{updated.length ? updated.join(", ") : "nothing"}</dd>
        </div>
      </dl>
      <p>
        {report.kind === "org"
          ? "The people and units are in place. Their goals can now name them as owners."
          : "The goals are in place, linked to what they contribute to. Alignment health now counts them."}
      </p>
      <div className="imp-actions">
        {report.kind === "org" ? (
          <Link className="button" to="/units">
            See the units
          </Link>
        ) : (
          <>
            <Link className="button" to="/strategy">
              See the strategy
            </Link>
            <Link className="button secondary" to="/map">
              Open the alignment map
            </Link>
          </>
        )}
        <button type="button" className="secondary" onClick={onAgain}>
          Import another file
        </button>
      </div>
    </div>
  );
}
