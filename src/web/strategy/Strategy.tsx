import { useQueries, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, type Node, type Schemas, unwrap } from "../api/client.js";
import { useOrg } from "../org.js";
import { useMayCreate } from "../session.js";
import { Confidence, Empty, ErrorState, Loading, ProgressBar, Query } from "../ui/ui.js";
import "./Strategy.css";

type Link_ = Schemas["Link"];

const STATUS_ORDER: Record<Node["status"], number> = { active: 0, draft: 1, done: 2, cancelled: 3 };

const num = (v: number) => v.toLocaleString("en", { maximumFractionDigits: 2 });

/** "Now 67.9% · target 75%", "Now 3.3 days · target 2.5 days or less". */
export function metricText(n: Pick<Node, "current" | "target" | "metricUnit" | "direction">) {
  if (n.target === null) return "No target set";
  const unit = n.metricUnit ?? "";
  const withUnit = (v: number) =>
    unit === "%" ? `${num(v)}%` : unit ? `${num(v)} ${unit}` : num(v);
  const target = `target ${withUnit(n.target)}${n.direction === "decrease" ? " or less" : ""}`;
  return n.current === null ? `No value yet · ${target}` : `Now ${withUnit(n.current)} · ${target}`;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Who owns an item, by name: a person first, else the owning unit. */
function Owner({ personId, unitId }: { personId: string | null; unitId: string | null }) {
  const org = useOrg();
  const person = useQuery({
    queryKey: ["person", org, personId],
    enabled: !!personId,
    staleTime: 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/people/{id}", {
          params: { path: { org, id: personId as string } },
        }),
      ),
  });
  const unit = useQuery({
    queryKey: ["unit", org, unitId],
    enabled: !personId && !!unitId,
    staleTime: 60_000,
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/units/{id}", {
          params: { path: { org, id: unitId as string } },
        }),
      ),
  });
  if (!personId && !unitId) return <span className="st-unowned">No owner</span>;
  if (personId) return <span>{person.data?.name ?? "…"}</span>;
  return unit.data ? <Link to={`/units/${unitId}`}>{unit.data.name}</Link> : <span>…</span>;
}

function KeyResult({ link, node }: { link: Link_; node: Node | undefined }) {
  const n = link.node;
  return (
    <li className="st-kr">
      <div className="st-kr-main">
        <Link to={`/goals/${n.id}`} className="st-kr-title">
          {n.title}
        </Link>
        <div className="st-kr-meta muted">
          {node && <span className="st-metric">{metricText(node)}</span>}
          <span>
            Owner: <Owner personId={n.ownerPersonId} unitId={n.ownerUnitId} />
          </span>
          {n.status !== "active" && <span className="chip">{n.status}</span>}
        </div>
      </div>
      <div className="st-kr-progress">
        <ProgressBar value={n.progress} label={`Progress of ${n.title}`} />
      </div>
      <div className="st-kr-conf">
        <Confidence value={n.confidence} />
      </div>
    </li>
  );
}

function ObjectiveCard({
  objective,
  links,
  krs,
  cycleName,
}: {
  objective: Node;
  links: { data?: Schemas["Links"]; error: unknown; isPending: boolean; refetch: () => unknown };
  krs: Map<string, Node>;
  cycleName: string | undefined;
}) {
  const mayCreate = useMayCreate();
  const headingId = `st-obj-${objective.id}`;
  const contributors = links.data?.contributors ?? [];
  const keyResults = contributors.filter((l) => l.node.kind === "key_result");
  const others = contributors.filter((l) => l.node.kind !== "key_result");
  const confidence =
    objective.confidence ??
    mean(keyResults.map((l) => l.node.confidence).filter((c): c is number => c !== null));
  return (
    <li className="panel st-obj" aria-labelledby={headingId} data-testid="objective">
      <div className="st-obj-head">
        <h3 id={headingId} className="st-obj-title">
          <Link to={`/goals/${objective.id}`}>{objective.title}</Link>
        </h3>
        <div className="st-obj-tags">
          {cycleName && <span className="chip">{cycleName}</span>}
          {objective.status !== "active" && <span className="chip">{objective.status}</span>}
        </div>
      </div>
      {objective.description && <p className="st-obj-desc">{objective.description}</p>}
      <div className="st-obj-stats">
        <div className="st-obj-progress">
          <span className="st-stat-label">Progress</span>
          <ProgressBar value={objective.progress} label={`Progress of ${objective.title}`} />
        </div>
        <div>
          <span className="st-stat-label">
            {objective.confidence === null ? "Key results' confidence" : "Confidence"}
          </span>
          <Confidence value={confidence} />
        </div>
      </div>
      <h4 className="st-kr-h">Key results</h4>
      {links.isPending ? (
        <Loading what="Loading key results" />
      ) : links.error ? (
        <ErrorState error={links.error} retry={() => links.refetch()} />
      ) : keyResults.length === 0 ? (
        <p className="muted st-none">
          No key results yet.
          {mayCreate.strategy && (
            <>
              {" "}
              <Link to={`/goals/new?kind=key_result&parent=${objective.id}`}>Add a key result</Link>{" "}
              so progress can be measured.
            </>
          )}
        </p>
      ) : (
        <ul className="st-krs">
          {keyResults.map((l) => (
            <KeyResult key={l.edge.id} link={l} node={krs.get(l.node.id)} />
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <p className="muted st-others">
          {others.length === 1
            ? "1 more goal or initiative contributes directly."
            : `${others.length} more goals and initiatives contribute directly.`}{" "}
          <Link to={`/goals/${objective.id}`}>See them</Link>
        </p>
      )}
    </li>
  );
}

/** The strategy: the vision, the strategic objectives and their key results with progress. */
export default function Strategy() {
  const mayCreate = useMayCreate();
  const org = useOrg();
  const path = { org };
  const orgQ = useQuery({
    queryKey: ["org", org],
    queryFn: async () => unwrap(await api.GET("/api/orgs/{org}", { params: { path } })),
  });
  const objectivesQ = useQuery({
    queryKey: ["nodes", org, { kind: "objective" }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes", {
          params: { path, query: { kind: "objective", limit: 1000 } },
        }),
      ),
  });
  const krQ = useQuery({
    queryKey: ["nodes", org, { kind: "key_result" }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/nodes", {
          params: { path, query: { kind: "key_result", limit: 1000 } },
        }),
      ),
  });
  const cyclesQ = useQuery({
    // Same key and shape (the list of cycles) as the goal pages use, so the cache is shared.
    queryKey: ["cycles", org],
    queryFn: async () =>
      unwrap(await api.GET("/api/orgs/{org}/cycles", { params: { path, query: { limit: 1000 } } }))
        .items,
    staleTime: 60_000,
  });
  const objectives = [...(objectivesQ.data?.items ?? [])].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.title.localeCompare(b.title),
  );
  const links = useQueries({
    queries: objectives.map((o) => ({
      queryKey: ["links", org, o.id],
      queryFn: async () =>
        unwrap(
          await api.GET("/api/orgs/{org}/nodes/{id}/links", {
            params: { path: { org, id: o.id } },
          }),
        ),
    })),
  });
  const krs = new Map((krQ.data?.items ?? []).map((n) => [n.id, n]));
  const cycles = new Map((cyclesQ.data ?? []).map((c) => [c.id, c.name]));

  return (
    <div className="st">
      <h1>Strategy</h1>
      <section className="st-vision" aria-labelledby="st-vision-h">
        <h2 id="st-vision-h" className="st-eyebrow">
          Vision{orgQ.data ? ` of ${orgQ.data.name}` : ""}
        </h2>
        <Query q={orgQ} what="Loading the vision">
          {(o) =>
            o.vision ? (
              <p className="st-vision-text">{o.vision}</p>
            ) : (
              <p className="muted">No vision has been written yet.</p>
            )
          }
        </Query>
      </section>

      <section aria-labelledby="st-objectives-h">
        <div className="st-section-head">
          <h2 id="st-objectives-h">
            Strategic objectives
            {objectivesQ.data && objectivesQ.data.total > 0 && (
              <span className="st-count">{objectivesQ.data.total}</span>
            )}
          </h2>
          {mayCreate.strategy && (
            <Link to="/goals/new?kind=objective" className="button secondary">
              New objective or key result
            </Link>
          )}
        </div>
        <Query q={objectivesQ} what="Loading objectives">
          {() =>
            objectives.length === 0 ? (
              <div className="panel">
                <Empty title="No strategic objectives yet">
                  Objectives say what the organization wants to achieve this cycle; every goal then
                  aligns to one.{" "}
                  {mayCreate.strategy && (
                    <>
                      <Link to="/goals/new?kind=objective">Create one</Link>.
                    </>
                  )}
                </Empty>
              </div>
            ) : (
              <ul className="st-objs">
                {objectives.map((o, i) => (
                  <ObjectiveCard
                    key={o.id}
                    objective={o}
                    links={links[i]}
                    krs={krs}
                    cycleName={o.cycleId ? cycles.get(o.cycleId) : undefined}
                  />
                ))}
              </ul>
            )
          }
        </Query>
      </section>
    </div>
  );
}
