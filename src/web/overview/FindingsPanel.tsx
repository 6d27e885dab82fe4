import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, type Finding, type Schemas, unwrap } from "../api/client.js";
import type { paths } from "../api/schema.gen.js";
import { useOrg } from "../org.js";
import { Empty, SeverityBadge } from "../ui/ui.js";

export type Rule =
  paths["/api/rules"]["get"]["responses"][200]["content"]["application/json"][number];
export type Severity = Finding["severity"];
export type SeverityFilter = Severity | "all";

const ORDER: Severity[] = ["error", "warning", "info"];
const PLURAL: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Info" };
const SHOWN = 5;

/** The item a finding is about, as a link: a node's goal page, a unit's page, or for a dependency the relying goal. */
function SubjectLink({ subject }: { subject: Finding["subject"] }) {
  if (subject.type === "node") return <Link to={`/goals/${subject.id}`}>{subject.title}</Link>;
  if (subject.type === "unit") return <Link to={`/units/${subject.id}`}>{subject.title}</Link>;
  return <EdgeLink id={subject.id} title={subject.title} />;
}

/** A dependency finding names an edge: link to the goal that relies on it, once we know which. */
function EdgeLink({ id, title }: { id: string; title: string }) {
  const org = useOrg();
  const q = useQuery({
    queryKey: ["edge", org, id],
    queryFn: async () =>
      unwrap(await api.GET("/api/orgs/{org}/edges/{id}", { params: { path: { org, id } } })),
    staleTime: 60_000,
  });
  if (!q.data) return <span>{title}</span>;
  return <Link to={`/goals/${q.data.fromId}`}>{title}</Link>;
}

function worst(items: Finding[]): Severity {
  return ORDER.find((s) => items.some((f) => f.severity === s)) ?? "info";
}

function RuleGroup({ rule, items }: { rule: Rule | undefined; items: Finding[] }) {
  const [all, setAll] = useState(false);
  const mixed = new Set(items.map((f) => f.severity)).size > 1;
  const shown = all ? items : items.slice(0, SHOWN);
  const title = rule?.title ?? items[0].rule.replace(/_/g, " ");
  return (
    <li className="ov-group" data-rule={items[0].rule}>
      <div className="ov-group-head">
        <h3 className="ov-h3">{title}</h3>
        <span className="ov-count" title={`${items.length} findings`}>
          {items.length}
        </span>
        <SeverityBadge severity={worst(items)} />
      </div>
      {rule?.description && <p className="muted ov-small ov-rule-desc">{rule.description}</p>}
      <ul className="ov-findings">
        {shown.map((f) => (
          <li key={`${f.rule}:${f.subject.type}:${f.subject.id}`} className="ov-finding">
            <div className="ov-finding-title">
              {mixed && <SeverityBadge severity={f.severity} />}
              <SubjectLink subject={f.subject} />
            </div>
            <p className="ov-finding-msg">{f.message}</p>
            <p className="ov-fix">
              <span className="ov-fix-label">How to fix:</span> {f.fix}
            </p>
          </li>
        ))}
      </ul>
      {items.length > SHOWN && (
        <button type="button" className="secondary ov-more" onClick={() => setAll(!all)}>
          {all ? "Show fewer" : `Show all ${items.length}`}
        </button>
      )}
    </li>
  );
}

/** Findings grouped by rule, worst first, with severity filter chips. */
export function FindingsPanel({
  page,
  rules,
  filter,
  onFilter,
}: {
  page: Schemas["FindingPage"];
  rules: Rule[];
  filter: SeverityFilter;
  onFilter: (f: SeverityFilter) => void;
}) {
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const visible = filter === "all" ? page.items : page.items.filter((f) => f.severity === filter);
  const groups = new Map<string, Finding[]>();
  for (const f of visible) {
    const list = groups.get(f.rule);
    if (list) list.push(f);
    else groups.set(f.rule, [f]);
  }
  const sorted = [...groups.entries()].sort(
    ([a, x], [b, y]) =>
      ORDER.indexOf(worst(x)) - ORDER.indexOf(worst(y)) ||
      y.length - x.length ||
      a.localeCompare(b),
  );
  const total = page.counts.error + page.counts.warning + page.counts.info;

  return (
    <>
      <fieldset className="ov-chips">
        <legend className="ov-sr-only">Show findings of severity</legend>
        {(["all", ...ORDER] as SeverityFilter[]).map((s) => (
          <button
            key={s}
            type="button"
            className={`ov-chip ov-chip-${s}`}
            aria-pressed={filter === s}
            onClick={() => onFilter(s)}
          >
            {s === "all" ? "All" : PLURAL[s]}
            <span className="ov-chip-n">{s === "all" ? total : page.counts[s]}</span>
          </button>
        ))}
      </fieldset>
      {page.total > page.items.length && (
        <p className="muted ov-small">
          Showing the first {page.items.length.toLocaleString("en")} of{" "}
          {page.total.toLocaleString("en")} findings, errors first.
        </p>
      )}
      {sorted.length === 0 ? (
        <Empty
          title={
            filter === "all"
              ? "No findings — everything checks out"
              : `No ${PLURAL[filter].toLowerCase()}`
          }
        >
          {filter === "all"
            ? "Every active item is aligned, owned, measurable and checked in on time."
            : "Nothing of this severity right now."}
        </Empty>
      ) : (
        <ul className="ov-groups" data-testid="findings">
          {sorted.map(([id, items]) => (
            <RuleGroup key={id} rule={ruleById.get(id)} items={items} />
          ))}
        </ul>
      )}
    </>
  );
}
