import { useId, useState } from "react";
import { Link } from "react-router";
import type { Schemas } from "../api/client.js";
import { Confidence, KindBadge, ProgressBar } from "../ui/ui.js";
import { Owner } from "./bits.js";

type Item = Schemas["CascadeItem"];

const VITAL = 3;

/**
 * A unit's goals in priority order: the vital few first, then the rest; each can open to
 * show what contributes to it, level by level.
 */
export function CascadeList({ items }: { items: Item[] }) {
  const ranked = items.filter((i) => i.priority !== null);
  const unranked = items.filter((i) => i.priority === null);
  const vital = ranked.slice(0, VITAL);
  const rest = ranked.slice(VITAL);
  return (
    <div className="cascade">
      {vital.length > 0 && (
        <>
          <h3 className="mini-h">The vital few</h3>
          <ol className="cascade-list plain-list">
            {vital.map((it, i) => (
              <CascadeRow key={it.id} item={it} rank={i + 1} vital />
            ))}
          </ol>
        </>
      )}
      {rest.length > 0 && (
        <>
          <h3 className="mini-h">Also on the list</h3>
          <ol className="cascade-list plain-list" start={VITAL + 1}>
            {rest.map((it, i) => (
              <CascadeRow key={it.id} item={it} rank={VITAL + i + 1} />
            ))}
          </ol>
        </>
      )}
      {unranked.length > 0 && (
        <>
          <h3 className="mini-h">Not ranked yet</h3>
          {ranked.length === 0 && (
            <p className="small-print unranked-hint">
              Give these a priority to pick the vital few: edit each and set its priority (1 comes
              first).
            </p>
          )}
          <ul className="cascade-list plain-list">
            {unranked.map((it) => (
              <CascadeRow key={it.id} item={it} rank={null} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function CascadeRow({
  item,
  rank,
  vital = false,
}: {
  item: Item;
  rank: number | null;
  vital?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const n = item.contributors.length;
  return (
    <li className={`cascade-row${vital ? " vital" : ""}`}>
      <div className="cascade-main">
        {rank === null ? (
          <span className="rank unranked">
            <span aria-hidden="true">–</span>
            <span className="visually-hidden">Not ranked</span>
          </span>
        ) : (
          <span className="rank">
            <span className="visually-hidden">Rank </span>
            {rank}
          </span>
        )}
        <div className="cascade-title">
          <div>
            <KindBadge kind={item.kind} /> <Link to={`/goals/${item.id}`}>{item.title}</Link>
          </div>
          <div className="cascade-owner">
            <Owner unitId={item.ownerUnitId} personId={item.ownerPersonId} />
          </div>
        </div>
        <div className="cascade-measures">
          <ProgressBar value={item.progress} label={`Progress of ${item.title}`} />
          <Confidence value={item.confidence} />
        </div>
        <div className="cascade-toggle">
          {n > 0 ? (
            <button
              type="button"
              className="secondary small"
              aria-expanded={open}
              aria-controls={`${id}-c`}
              onClick={() => setOpen(!open)}
            >
              <span aria-hidden="true">{open ? "▾" : "▸"}</span> {n} contributor{n === 1 ? "" : "s"}
              <span className="visually-hidden"> to {item.title}</span>
            </button>
          ) : (
            <span className="muted no-contrib">No contributors</span>
          )}
        </div>
      </div>
      {n > 0 && (
        <ul id={`${id}-c`} className="contributors plain-list" hidden={!open}>
          {open && item.contributors.map((c) => <ContributorRow key={c.id} item={c} />)}
        </ul>
      )}
    </li>
  );
}

function ContributorRow({ item }: { item: Item }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const n = item.contributors.length;
  return (
    <li className="contributor">
      <div className="cascade-main">
        <div className="cascade-title">
          <div>
            <KindBadge kind={item.kind} /> <Link to={`/goals/${item.id}`}>{item.title}</Link>
          </div>
          <div className="cascade-owner">
            <Owner unitId={item.ownerUnitId} personId={item.ownerPersonId} />
            {!item.counts ? (
              <span className="chip" title="Supports it, but does not count in its progress">
                supports
              </span>
            ) : (
              item.weight !== 1 && (
                <span className="chip" title="Weight in the parent's progress">
                  weight {item.weight}
                </span>
              )
            )}
          </div>
        </div>
        <div className="cascade-measures">
          <ProgressBar value={item.progress} label={`Progress of ${item.title}`} />
          <Confidence value={item.confidence} />
        </div>
        <div className="cascade-toggle">
          {n > 0 ? (
            <button
              type="button"
              className="secondary small"
              aria-expanded={open}
              aria-controls={`${id}-c`}
              onClick={() => setOpen(!open)}
            >
              <span aria-hidden="true">{open ? "▾" : "▸"}</span> {n}
              <span className="visually-hidden">
                {" "}
                contributor{n === 1 ? "" : "s"} to {item.title}
              </span>
            </button>
          ) : item.truncated ? (
            <Link to={`/goals/${item.id}`} className="small-print">
              more on its page
            </Link>
          ) : null}
        </div>
      </div>
      {n > 0 && (
        <ul id={`${id}-c`} className="contributors plain-list" hidden={!open}>
          {open && item.contributors.map((c) => <ContributorRow key={c.id} item={c} />)}
        </ul>
      )}
    </li>
  );
}
