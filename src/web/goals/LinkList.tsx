import { Link as RouterLink } from "react-router";
import { Confidence, KindBadge, ProgressBar } from "../ui/ui.js";
import { DepState, Owner } from "../units/bits.js";
import type { Link } from "./data.js";

/** One list of linked items on the Goal page, each linking to its own goal page. */
export function LinkList({
  title,
  links,
  empty,
  dependency = false,
}: {
  title: string;
  links: Link[];
  empty: string;
  dependency?: boolean;
}) {
  const slug = title.toLowerCase().replace(/[^a-z]+/g, "-");
  return (
    <section className="link-list panel" aria-labelledby={`links-${slug}`}>
      <h3 id={`links-${slug}`}>
        {title} <span className="count">{links.length}</span>
      </h3>
      {links.length === 0 ? (
        <p className="muted none-yet">{empty}</p>
      ) : (
        <ul className="plain-list">
          {links.map((l) => (
            <li key={l.edge.id} className="link-item">
              <div className="link-title">
                <KindBadge kind={l.node.kind} />{" "}
                <RouterLink to={`/goals/${l.node.id}`}>{l.node.title}</RouterLink>
              </div>
              <div className="link-meta">
                <Owner unitId={l.node.ownerUnitId} personId={l.node.ownerPersonId} />
                {dependency ? (
                  <DepState state={l.edge.state} />
                ) : l.edge.kind === "supports" ? (
                  <span className="chip" title="Supports it, but does not count in its progress">
                    supports
                  </span>
                ) : (
                  <span className="chip" title="Share of the parent's progress this counts for">
                    weight {l.edge.weight}
                  </span>
                )}
              </div>
              <div className="link-progress">
                <ProgressBar value={l.node.progress} label={`Progress of ${l.node.title}`} />
                <Confidence value={l.node.confidence} />
              </div>
              {dependency && l.edge.note && <p className="link-note">“{l.edge.note}”</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
