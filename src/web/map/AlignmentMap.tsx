import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import type { Node } from "../api/client.js";
import { useOrg } from "../org.js";
import { useAccess } from "../session.js";
import { Empty, ErrorState, kindLabel, Loading } from "../ui/ui.js";
import { CardMap } from "./CardMap.js";
import { loadMapData, type MapData, unitTree } from "./data.js";
import { elkLayout } from "./elk.js";
import { FindBox } from "./FindBox.js";
import { Legend } from "./Legend.js";
import { adjacency, select, strategyDepths, visibleEdges } from "./model.js";
import "./AlignmentMap.css";

// Sigma and graphology load only when a map is large enough to need WebGL.
const GraphMap = lazy(() => import("./GraphMap.js").then((m) => ({ default: m.GraphMap })));

/** Above this many items cards get slow in a browser: the map switches to WebGL dots. */
const CARD_LIMIT = 800;

const STATUSES = [
  ["active", "Active"],
  ["draft", "Draft"],
  ["done", "Done"],
  ["cancelled", "Cancelled"],
] as const;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export default function AlignmentMap() {
  const org = useOrg();
  const access = useAccess();
  const q = useQuery({ queryKey: ["map-data", org], queryFn: () => loadMapData(org) });
  return (
    <section className="map-page">
      <div className="map-head">
        <h1>Alignment map</h1>
        <p className="muted">
          From strategic objectives down to personal goals: what each item contributes to, how far
          along it is and how confident its owner is. Open any item by clicking it.
        </p>
      </div>
      {q.isPending ? (
        <Loading what="Loading the map" />
      ) : q.error ? (
        <ErrorState error={q.error} retry={() => q.refetch()} />
      ) : q.data.nodes.length === 0 ? (
        <Empty title="Nothing to map yet">
          Create strategic objectives and goals first
          {access.may.proposeGoals && (
            <>
              : <Link to="/goals/new">create a goal</Link>
            </>
          )}
          {access.may.administer && (
            <>
              {" "}
              or <Link to="/import">import goals from a CSV file</Link>
            </>
          )}
          .
        </Empty>
      ) : (
        <MapView data={q.data} />
      )}
    </section>
  );
}

function MapView({ data }: { data: MapData }) {
  const [params, setParams] = useSearchParams();
  const unitId = params.get("unit");
  const cycleId = params.get("cycle");
  const status = params.get("status");
  const focusId = params.get("focus");
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );

  // The whole organization's graph: computed once per load.
  const base = useMemo(() => {
    const nodes = new Map(data.nodes.map((n) => [n.id, n]));
    const adj = adjacency(nodes.keys(), data.edges);
    const depth = strategyDepths(data.nodes, adj);
    const unitName = new Map(data.units.map((u) => [u.id, u.name]));
    const personName = new Map(data.people.map((p) => [p.id, p.name]));
    const ownerOf = (n: Node) => {
      const person = n.ownerPersonId ? personName.get(n.ownerPersonId) : undefined;
      const unit = n.ownerUnitId ? unitName.get(n.ownerUnitId) : undefined;
      return person && unit ? `${person} · ${unit}` : (person ?? unit ?? "No owner");
    };
    return { nodes, adj, depth, ownerOf, units: unitTree(data.units) };
  }, [data]);

  const view = useMemo(() => {
    const sel = select(
      data.nodes,
      base.adj,
      { unitId, cycleId, status },
      { units: data.units, people: data.people, cycles: data.cycles },
    );
    const inOrder = data.nodes
      .filter((n) => sel.visible.has(n.id))
      .sort((a, b) => (base.depth.get(a.id) ?? 0) - (base.depth.get(b.id) ?? 0));
    const linked = inOrder.filter((n) => base.depth.has(n.id)).map((n) => n.id);
    const orphans = inOrder.filter((n) => !base.depth.has(n.id)).map((n) => n.id);
    const edges = visibleEdges(data.edges, sel.visible).map((e) => ({
      id: e.id,
      kind: e.kind,
      fromId: e.fromId,
      toId: e.toId,
    }));
    return { ...sel, linked, orphans, edges };
  }, [data, base, unitId, cycleId, status]);

  const total = view.visible.size;
  const renderer = total > CARD_LIMIT ? "webgl" : "cards";
  const layoutKey = `${view.linked.join(",")}|${view.orphans.join(",")}|${view.edges
    .map((e) => e.id)
    .join(",")}`;
  const layout = useQuery({
    queryKey: ["map-layout", layoutKey],
    queryFn: () => elkLayout(view.linked, view.orphans, view.edges, (id) => base.depth.get(id)),
    enabled: renderer === "cards" && total > 0,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 5 * 60_000,
    retry: false,
    // While a new filter is laid out, the previous map stays on screen.
    placeholderData: keepPreviousData,
  });

  const filtered = Boolean(unitId || cycleId || status);
  const focus = focusId ? base.nodes.get(focusId) : undefined;
  const focusHidden = Boolean(focus && !view.visible.has(focus.id));
  const pick = (id: string) =>
    view.visible.has(id)
      ? set({ focus: id })
      : set({ focus: id, unit: null, cycle: null, status: null });

  const allOrphans = data.nodes.filter((n) => !base.depth.has(n.id)).length;
  return (
    <>
      <form className="map-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="map-unit">Unit</label>
          <select
            id="map-unit"
            value={unitId ?? ""}
            onChange={(e) => set({ unit: e.target.value || null })}
          >
            <option value="">All units</option>
            {base.units.map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {"\u00a0\u00a0\u00a0".repeat(depth)}
                {unit.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="map-cycle">Cycle</label>
          <select
            id="map-cycle"
            value={cycleId ?? ""}
            onChange={(e) => set({ cycle: e.target.value || null })}
          >
            <option value="">All cycles</option>
            {data.cycles.map((c) => (
              <option key={c.id} value={c.id}>
                {c.kind === "year" ? `${c.name} (whole year)` : c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="map-status">Status</label>
          <select
            id="map-status"
            value={status ?? ""}
            onChange={(e) => set({ status: e.target.value || null })}
          >
            <option value="">All statuses</option>
            {STATUSES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <FindBox nodes={data.nodes} onPick={pick} />
        {filtered && (
          <button
            type="button"
            className="secondary map-clear"
            onClick={() => set({ unit: null, cycle: null, status: null })}
          >
            Clear filters
          </button>
        )}
      </form>

      <div className="map-summary" role="status">
        <p>
          {filtered ? (
            <>
              <strong>{plural(view.matching, "item")}</strong> match the filters
              {view.context.size > 0 && (
                <>, with {plural(view.context.size, "item")} above them greyed for context</>
              )}
              .
            </>
          ) : (
            <>
              <strong>{plural(total, "item")}</strong>
              {allOrphans > 0 && (
                <>, of which {plural(allOrphans, "is", "are")} not linked to strategy</>
              )}
              .
            </>
          )}
        </p>
        {total > 0 && (
          <p className="map-renderer" data-renderer={renderer}>
            {renderer === "cards" ? (
              <>
                <strong>Detailed view</strong>: every item is a card (HTML and SVG), laid out
                top-down by ELK's layered algorithm.
              </>
            ) : (
              <>
                <strong>Large-map view (WebGL renderer)</strong>: {plural(total, "item")} are more
                than the {CARD_LIMIT} cards a browser keeps smooth, so each is drawn as a dot with
                WebGL and placed by a quick layered layout. Filter by unit to see cards.
              </>
            )}
          </p>
        )}
      </div>

      {focusId && !focus && (
        <p className="map-notice">
          The item you asked to find is not in this organization any more.{" "}
          <button type="button" className="secondary" onClick={() => set({ focus: null })}>
            Dismiss
          </button>
        </p>
      )}
      {focus && (
        <div className="map-found" role="status">
          <span>
            {focusHidden ? "Hidden by the filters: " : "Found: "}
            <strong>{focus.title}</strong> ({kindLabel(focus.kind)}, {base.ownerOf(focus)})
          </span>
          {focusHidden ? (
            <button
              type="button"
              className="secondary"
              onClick={() => set({ unit: null, cycle: null, status: null })}
            >
              Show it (clear filters)
            </button>
          ) : (
            <Link to={`/goals/${focus.id}`} className="button secondary">
              Open its page
            </Link>
          )}
          <button type="button" className="secondary" onClick={() => set({ focus: null })}>
            Clear
          </button>
        </div>
      )}

      {total === 0 ? (
        <Empty title="Nothing matches these filters">
          Try another unit, cycle or status.{" "}
          <button
            type="button"
            className="secondary"
            onClick={() => set({ unit: null, cycle: null, status: null })}
          >
            Clear filters
          </button>
        </Empty>
      ) : renderer === "webgl" ? (
        <Suspense fallback={<Loading what="Loading the WebGL renderer" />}>
          <GraphMap
            linked={view.linked}
            orphans={view.orphans}
            edges={view.edges}
            nodes={base.nodes}
            context={view.context}
            focusId={focusHidden ? null : focusId}
            adj={base.adj}
          />
        </Suspense>
      ) : layout.isPending ? (
        <Loading what={`Laying out ${plural(total, "item")}`} />
      ) : layout.error ? (
        <ErrorState error={layout.error} retry={() => layout.refetch()} />
      ) : (
        <CardMap
          layout={layout.data}
          nodes={base.nodes}
          context={view.context}
          focusId={focusHidden ? null : focusId}
          adj={base.adj}
          ownerOf={base.ownerOf}
          updating={layout.isPlaceholderData}
        />
      )}
      {total > 0 && <Legend renderer={renderer} />}
    </>
  );
}
