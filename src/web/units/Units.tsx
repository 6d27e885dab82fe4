import { useMemo, useState } from "react";
import { Link } from "react-router";
import type { Unit } from "../api/client.js";
import { useAllUnits, usePerson, useUnitHealth } from "../goals/data.js";
import { cadence, UNIT_KIND_LABEL } from "../goals/format.js";
import { Empty, Query } from "../ui/ui.js";
import { HealthChip } from "./bits.js";
import "./Units.css";

/** The unit tree (company → departments → teams) with each unit's health and goals. */
export default function Units() {
  const units = useAllUnits();
  return (
    <section className="units-page" aria-labelledby="units-h">
      <h1 id="units-h">Units</h1>
      <Query q={units} what="Loading units">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No units yet">
              Import an org chart to see your company, its departments and teams here.{" "}
              <Link to="/import">Import an org chart</Link>
            </Empty>
          ) : (
            <UnitTree units={list} />
          )
        }
      </Query>
    </section>
  );
}

interface Row {
  unit: Unit;
  depth: number;
  hasChildren: boolean;
}

function UnitTree({ units }: { units: Unit[] }) {
  const [q, setQ] = useState("");
  const { children, roots } = useMemo(() => {
    const ids = new Set(units.map((u) => u.id));
    const children = new Map<string, Unit[]>();
    const roots: Unit[] = [];
    for (const u of units) {
      if (u.parentId && ids.has(u.parentId)) {
        const list = children.get(u.parentId) ?? [];
        list.push(u);
        children.set(u.parentId, list);
      } else roots.push(u);
    }
    const order = (a: Unit, b: Unit) => a.name.localeCompare(b.name);
    for (const list of children.values()) list.sort(order);
    roots.sort(order);
    return { children, roots };
  }, [units]);
  // Large organizations open at their departments; small ones show everything.
  const [collapsed, setCollapsed] = useState<Set<string>>(() =>
    units.length > 150
      ? new Set(units.filter((u) => u.parentId && children.has(u.id)).map((u) => u.id))
      : new Set(),
  );

  const needle = q.trim().toLowerCase();
  const rows = useMemo(() => {
    const out: Row[] = [];
    // While searching: the matches and the units above them, all open.
    const keep = new Set<string>();
    if (needle) {
      const byId = new Map(units.map((u) => [u.id, u]));
      for (const u of units) {
        if (!u.name.toLowerCase().includes(needle)) continue;
        let cur: Unit | undefined = u;
        while (cur && !keep.has(cur.id)) {
          keep.add(cur.id);
          cur = cur.parentId ? byId.get(cur.parentId) : undefined;
        }
      }
    }
    const walk = (list: Unit[], depth: number) => {
      for (const u of list) {
        if (needle && !keep.has(u.id)) continue;
        const kids = children.get(u.id) ?? [];
        out.push({ unit: u, depth, hasChildren: kids.length > 0 });
        if (needle || !collapsed.has(u.id)) walk(kids, depth + 1);
      }
    };
    walk(roots, 0);
    return out;
  }, [needle, units, children, roots, collapsed]);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const u of units) c[u.kind] = (c[u.kind] ?? 0) + 1;
    return (["company", "division", "department", "team"] as const)
      .filter((k) => c[k])
      .map((k) => `${c[k]} ${plural(UNIT_KIND_LABEL[k].toLowerCase(), c[k])}`)
      .join(" · ");
  }, [units]);

  const toggle = (id: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <div className="units-bar">
        <p className="muted units-counts">{counts}</p>
        <div className="units-search">
          <label htmlFor="unit-search">Search units</label>
          <input
            id="unit-search"
            type="search"
            value={q}
            placeholder="Name of a department or team"
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
      </div>
      {rows.length === 0 ? (
        <Empty title={`No unit matches “${q}”`}>Try a shorter part of its name.</Empty>
      ) : (
        <div className="panel units-table-wrap">
          <table className="units-table">
            <caption className="visually-hidden">
              Units of the organization as a tree, with leader, alignment health and goals
            </caption>
            <thead>
              <tr>
                <th scope="col">Unit</th>
                <th scope="col">Leader</th>
                <th scope="col" className="col-num">
                  Health
                </th>
                <th scope="col" className="col-num">
                  Goals
                </th>
                <th scope="col" className="col-cadence">
                  Check-ins
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <UnitRow
                  key={r.unit.id}
                  row={r}
                  open={!!needle || !collapsed.has(r.unit.id)}
                  onToggle={needle ? undefined : () => toggle(r.unit.id)}
                  highlight={!!needle && r.unit.name.toLowerCase().includes(needle)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small-print">
        Health is the unit's alignment health from 0 to 100, counting the units below it. Goals
        counts the active goals, key results and initiatives it and the units below it own.
      </p>
    </>
  );
}

const plural = (w: string, n: number) =>
  n === 1 ? w : w.endsWith("y") ? `${w.slice(0, -1)}ies` : `${w}s`;

function UnitRow({
  row,
  open,
  onToggle,
  highlight,
}: {
  row: Row;
  open: boolean;
  onToggle?: () => void;
  highlight: boolean;
}) {
  const { unit, depth, hasChildren } = row;
  const health = useUnitHealth(unit.id);
  const leader = usePerson(unit.leaderId);
  return (
    <tr className={`depth-${Math.min(depth, 3)}${highlight ? " match" : ""}`}>
      <td>
        <div className="unit-cell" style={{ paddingLeft: `${depth * 1.5}rem` }}>
          {hasChildren && onToggle ? (
            <button
              type="button"
              className="tree-toggle"
              aria-expanded={open}
              onClick={onToggle}
              aria-label={`${open ? "Collapse" : "Expand"} ${unit.name}`}
            >
              <span aria-hidden="true">{open ? "▾" : "▸"}</span>
            </button>
          ) : (
            <span className="tree-spacer" aria-hidden="true" />
          )}
          <Link to={`/units/${unit.id}`} className="unit-name">
            {unit.name}
          </Link>
          <span className="unit-kind-tag">{UNIT_KIND_LABEL[unit.kind]}</span>
        </div>
      </td>
      <td className="leader-cell">
        {unit.leaderId ? (leader.data?.name ?? "…") : <span className="no-leader">No leader</span>}
      </td>
      <td className="col-num">
        {health.data ? (
          <HealthChip score={health.data.score} items={health.data.items} />
        ) : health.error ? (
          "—"
        ) : (
          <span className="muted">…</span>
        )}
      </td>
      <td className="col-num goals-count">{health.data ? health.data.items : "…"}</td>
      <td className="col-cadence muted">{cadence(unit.cadenceDays)}</td>
    </tr>
  );
}
