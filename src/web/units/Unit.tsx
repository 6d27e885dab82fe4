import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiFailure, api, type Finding, type Unit as UnitT, unwrap } from "../api/client.js";
import {
  ancestry,
  retryUnlessClientError,
  usePerson,
  useUnitHealth,
  useUnitIndex,
} from "../goals/data.js";
import { cadence, UNIT_KIND_LABEL } from "../goals/format.js";
import { useOrg } from "../org.js";
import { useMayCreate } from "../session.js";
import { Empty, ErrorState, Loading, Query, SeverityBadge } from "../ui/ui.js";
import { HealthChip, UnitHealthChip } from "./bits.js";
import { CascadeList } from "./CascadeList.js";
import { Dependencies } from "./Dependencies.js";
import { HealthPanel } from "./HealthPanel.js";
import "./Unit.css";

/** A unit: its health and findings, goals in priority order, dependencies, people, sub-units. */
export default function Unit() {
  const { id } = useParams();
  const org = useOrg();
  const unit = useQuery({
    queryKey: ["unit", org, id],
    retry: retryUnlessClientError,
    queryFn: async () =>
      unwrap(await api.GET("/api/orgs/{org}/units/{id}", { params: { path: { org, id: id! } } })),
  });
  if (unit.isPending) return <Loading what="Loading the unit" />;
  if (unit.error) {
    if (unit.error instanceof ApiFailure && unit.error.status === 404)
      return (
        <section>
          <h1>Unit not found</h1>
          <Empty title="There is no unit at this address.">
            It may have been removed or merged. <Link to="/units">See all units</Link>.
          </Empty>
        </section>
      );
    return <ErrorState error={unit.error} retry={() => unit.refetch()} />;
  }
  return <UnitView unit={unit.data} />;
}

function UnitView({ unit }: { unit: UnitT }) {
  const mayCreate = useMayCreate();
  const org = useOrg();
  const units = useUnitIndex();
  const trail = ancestry(units, unit.parentId);
  const leader = usePerson(unit.leaderId);
  const health = useUnitHealth(unit.id);
  const cascade = useQuery({
    queryKey: ["cascade", org, unit.id],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/units/{id}/cascade", {
          params: { path: { org, id: unit.id }, query: { depth: 4 } },
        }),
      ),
  });

  return (
    <article className="unit-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <ol>
          <li>
            <Link to="/units">Units</Link>
          </li>
          {trail.map((u) => (
            <li key={u.id}>
              <Link to={`/units/${u.id}`}>{u.name}</Link>
            </li>
          ))}
          <li>
            <span aria-current="page">{unit.name}</span>
          </li>
        </ol>
      </nav>
      <header className="page-head">
        <div>
          <h1>
            {unit.name} <span className="unit-kind">{UNIT_KIND_LABEL[unit.kind]}</span>
          </h1>
          <div className="meta-line">
            <span>
              Led by{" "}
              {unit.leaderId ? (
                leader.data ? (
                  <strong>
                    {leader.data.name}
                    {leader.data.title && (
                      <span className="muted leader-title">, {leader.data.title}</span>
                    )}
                  </strong>
                ) : (
                  "…"
                )
              ) : (
                <span className="warn-text">nobody yet</span>
              )}
            </span>
            <span>Checks in {cadence(unit.cadenceDays)}</span>
          </div>
        </div>
        <div className="head-health">
          <span className="muted">Alignment health</span>
          {health.data ? (
            <HealthChip score={health.data.score} items={health.data.items} />
          ) : (
            <span className="chip none">…</span>
          )}
        </div>
      </header>

      <div className="unit-top">
        <section className="panel" aria-labelledby="health-h">
          <h2 id="health-h">Alignment health</h2>
          <Query q={health} what="Loading health">
            {(h) => <HealthPanel health={h} />}
          </Query>
        </section>
        <Findings unitId={unit.id} />
      </div>

      <section aria-labelledby="goals-h" className="unit-section">
        <div className="section-head">
          <h2 id="goals-h">Goals in priority order</h2>
          {mayCreate.goals && (
            <Link to={`/goals/new?unit=${unit.id}`} className="small-link">
              Add a goal
            </Link>
          )}
        </div>
        <Query q={cascade} what="Loading goals">
          {(c) =>
            c.items.length === 0 ? (
              <Empty title={`${unit.name} owns no goals yet`}>
                Turn the strategy into a few goals for this unit
                {mayCreate.goals ? (
                  <>
                    : <Link to={`/goals/new?unit=${unit.id}`}>create one</Link>.
                  </>
                ) : (
                  "."
                )}
              </Empty>
            ) : (
              <>
                <p className="muted section-intro">
                  The goals {unit.name} owns, ranked by priority. Open one to see what contributes
                  to it.
                </p>
                <CascadeList items={c.items} />
              </>
            )
          }
        </Query>
      </section>

      <section aria-labelledby="deps-h" className="unit-section">
        <h2 id="deps-h">Dependencies</h2>
        <Query q={cascade} what="Loading dependencies">
          {(c) => <Dependencies goals={c.items.map((i) => ({ id: i.id, title: i.title }))} />}
        </Query>
      </section>

      <div className="unit-bottom">
        <Members unit={unit} />
        <SubUnits unit={unit} />
      </div>
    </article>
  );
}

const FINDINGS_SHOWN = 4;

function Findings({ unitId }: { unitId: string }) {
  const org = useOrg();
  const [all, setAll] = useState(false);
  const findings = useQuery({
    queryKey: ["findings", org, { unitId }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/findings", {
          params: { path: { org }, query: { unitId } },
        }),
      ),
  });
  return (
    <section className="panel findings" aria-labelledby="findings-h">
      <h2 id="findings-h">Findings</h2>
      <Query q={findings} what="Loading findings">
        {(f) =>
          f.items.length === 0 ? (
            <Empty title="No findings">Nothing is orphaned, stale, unowned or at risk here.</Empty>
          ) : (
            <>
              <p className="muted finding-counts">
                {[
                  f.counts.error && `${f.counts.error} error${f.counts.error === 1 ? "" : "s"}`,
                  f.counts.warning &&
                    `${f.counts.warning} warning${f.counts.warning === 1 ? "" : "s"}`,
                  f.counts.info && `${f.counts.info} note${f.counts.info === 1 ? "" : "s"}`,
                ]
                  .filter(Boolean)
                  .join(", ")}{" "}
                in this unit and the units below it
              </p>
              <ul className="plain-list finding-list">
                {(all ? f.items : f.items.slice(0, FINDINGS_SHOWN)).map((x) => (
                  <FindingRow key={`${x.rule}-${x.subject.type}-${x.subject.id}`} f={x} />
                ))}
              </ul>
              {f.items.length > FINDINGS_SHOWN && (
                <button type="button" className="link-button" onClick={() => setAll(!all)}>
                  {all ? "Show fewer" : `Show all ${f.items.length} findings`}
                </button>
              )}
            </>
          )
        }
      </Query>
    </section>
  );
}

function FindingRow({ f }: { f: Finding }) {
  const subject =
    f.subject.type === "node" ? (
      <Link to={`/goals/${f.subject.id}`}>{f.subject.title}</Link>
    ) : f.subject.type === "unit" ? (
      <Link to={`/units/${f.subject.id}`}>{f.subject.title}</Link>
    ) : (
      <span>{f.subject.title}</span>
    );
  return (
    <li className="finding">
      <div className="finding-head">
        <SeverityBadge severity={f.severity} /> {subject}
      </div>
      <p className="finding-msg">{f.message}</p>
      <p className="finding-fix">
        <span className="fix-label">How to fix:</span> {f.fix}
      </p>
    </li>
  );
}

function Members({ unit }: { unit: UnitT }) {
  const org = useOrg();
  const people = useQuery({
    queryKey: ["people", org, { unitId: unit.id }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/people", {
          params: { path: { org }, query: { unitId: unit.id, limit: 1000 } },
        }),
      ),
  });
  return (
    <section className="panel" aria-labelledby="members-h">
      <h2 id="members-h">
        Members {people.data && <span className="count">{people.data.total}</span>}
      </h2>
      <Query q={people} what="Loading members">
        {(p) =>
          p.items.length === 0 ? (
            <Empty title="Nobody belongs to this unit directly">
              Its people are in the units below it.
            </Empty>
          ) : (
            <>
              <ul className="plain-list member-list">
                {[...p.items]
                  .sort(
                    (a, b) =>
                      Number(b.id === unit.leaderId) - Number(a.id === unit.leaderId) ||
                      a.name.localeCompare(b.name),
                  )
                  .map((m) => {
                    const share = m.memberships.find((x) => x.unitId === unit.id)?.share ?? 1;
                    return (
                      <li key={m.id} className="member">
                        <span className="avatar" aria-hidden="true">
                          {initials(m.name)}
                        </span>
                        <span className="member-name">
                          <strong>{m.name}</strong>
                          <span className="muted">{m.title || "No title"}</span>
                        </span>
                        <span className="member-tags">
                          {m.id === unit.leaderId && <span className="chip lead-chip">Leader</span>}
                          {share < 1 && (
                            <span className="chip" title="Share of their time in this unit">
                              {Math.round(share * 100)}% of time
                            </span>
                          )}
                        </span>
                      </li>
                    );
                  })}
              </ul>
              <p className="small-print">
                People who belong to this unit directly; the people of its sub-units are on their
                pages.
              </p>
            </>
          )
        }
      </Query>
    </section>
  );
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((s) => s[0])
    .join("")
    .toUpperCase();

function SubUnits({ unit }: { unit: UnitT }) {
  const org = useOrg();
  const subs = useQuery({
    queryKey: ["units", org, { parentId: unit.id }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/units", {
          params: { path: { org }, query: { parentId: unit.id, limit: 1000 } },
        }),
      ),
  });
  return (
    <section className="panel" aria-labelledby="subs-h">
      <h2 id="subs-h">Sub-units {subs.data && <span className="count">{subs.data.total}</span>}</h2>
      <Query q={subs} what="Loading sub-units">
        {(s) =>
          s.items.length === 0 ? (
            <Empty title="No sub-units">{unit.name} has no teams below it.</Empty>
          ) : (
            <ul className="plain-list sub-list">
              {[...s.items]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((u) => (
                  <li key={u.id} className="sub-unit">
                    <Link to={`/units/${u.id}`}>{u.name}</Link>
                    <span className="muted sub-kind">{UNIT_KIND_LABEL[u.kind]}</span>
                    <UnitHealthChip unitId={u.id} />
                  </li>
                ))}
            </ul>
          )
        }
      </Query>
    </section>
  );
}
