import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { api, unwrap } from "../api/client.js";
import { useOrg } from "../org.js";
import { Query } from "../ui/ui.js";
import { FindingsPanel, type SeverityFilter } from "./FindingsPanel.js";
import { HealthPanel } from "./HealthPanel.js";
import { HeatmapPanel } from "./HeatmapPanel.js";
import { TrendsPanel } from "./TrendsPanel.js";
import "./Overview.css";

/** The overview: how aligned the organization is, where it is not, and how it is trending. */
export default function Overview() {
  const org = useOrg();
  const path = { org };
  const orgQ = useQuery({
    queryKey: ["org", org],
    queryFn: async () => unwrap(await api.GET("/api/orgs/{org}", { params: { path } })),
  });
  const health = useQuery({
    queryKey: ["health", org],
    queryFn: async () => unwrap(await api.GET("/api/orgs/{org}/health", { params: { path } })),
  });
  const findings = useQuery({
    queryKey: ["findings", org, "overview"],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/orgs/{org}/findings", { params: { path, query: { limit: 1000 } } }),
      ),
  });
  const rules = useQuery({
    queryKey: ["rules"],
    queryFn: async () => unwrap(await api.GET("/api/rules")),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const heatmap = useQuery({
    queryKey: ["heatmap", org],
    queryFn: async () => unwrap(await api.GET("/api/orgs/{org}/heatmap", { params: { path } })),
  });
  const trends = useQuery({
    queryKey: ["trends", org],
    queryFn: async () => unwrap(await api.GET("/api/orgs/{org}/trends", { params: { path } })),
  });

  const [filter, setFilter] = useState<SeverityFilter>("all");
  const findingsHeading = useRef<HTMLHeadingElement>(null);
  const jumpTo = (f: SeverityFilter) => {
    setFilter(f);
    findingsHeading.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    findingsHeading.current?.focus({ preventScroll: true });
  };
  const counts = findings.data?.counts;

  return (
    <div className="ov">
      <header className="ov-head">
        <div>
          <h1>Overview</h1>
          <p className="muted ov-sub">
            How aligned {orgQ.data?.name ?? "the organization"} is from strategy to daily work, and
            where it is not.
          </p>
        </div>
        <ul className="ov-tiles" aria-label="Findings by severity">
          {(
            [
              ["error", "errors", "error"],
              ["warning", "warnings", "warning"],
              ["info", "for information", "info"],
            ] as const
          ).map(([key, words, sev]) => (
            <li key={key}>
              <button
                type="button"
                className={`ov-tile ov-tile-${sev}`}
                onClick={() => jumpTo(sev)}
                disabled={!counts}
                aria-label={
                  counts
                    ? `${counts[key]} ${counts[key] === 1 && key !== "info" ? key : words}: show them`
                    : `Loading ${words}`
                }
              >
                <span className="ov-tile-n">{counts ? counts[key].toLocaleString("en") : "…"}</span>
                <span className="ov-tile-l">
                  {key === "error" ? "Errors" : key === "warning" ? "Warnings" : "Info"}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </header>

      <Query q={health} what="Computing alignment health">
        {(h) => <HealthPanel health={h} />}
      </Query>

      <section className="panel ov-section" aria-labelledby="ov-heatmap-h">
        <div className="ov-section-head">
          <h2 id="ov-heatmap-h">Where each unit's work goes</h2>
          <p className="muted ov-small">
            Share of each unit's active work that flows to each strategic objective. Click a unit to
            open it.
          </p>
        </div>
        <Query q={heatmap} what="Loading the heatmap">
          {(hm) => <HeatmapPanel heatmap={hm} />}
        </Query>
      </section>

      <section className="panel ov-section" aria-labelledby="ov-trends-h">
        <div className="ov-section-head">
          <h2 id="ov-trends-h">Progress and confidence over the cycle</h2>
          <p className="muted ov-small">Weekly averages from owners' check-ins.</p>
        </div>
        <Query q={trends} what="Loading trends">
          {(t) => <TrendsPanel weeks={t.weeks} />}
        </Query>
      </section>

      <section className="panel ov-section" aria-labelledby="ov-findings-h">
        <div className="ov-section-head">
          <h2 id="ov-findings-h" ref={findingsHeading} tabIndex={-1}>
            Findings
          </h2>
          <p className="muted ov-small">
            What is orphaned, unowned, stale, at risk or overloaded — and how to fix it.
          </p>
        </div>
        <Query q={findings} what="Checking alignment">
          {(page) => (
            <FindingsPanel
              page={page}
              rules={rules.data ?? []}
              filter={filter}
              onFilter={setFilter}
            />
          )}
        </Query>
      </section>
    </div>
  );
}
