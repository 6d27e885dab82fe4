import { useId, useMemo, useState } from "react";
import type { Node } from "../api/client.js";
import { kindLabel } from "../ui/ui.js";

/** Finds an item by title and puts it at the centre of the map: the keyboard's way in. */
export function FindBox({ nodes, onPick }: { nodes: Node[]; onPick: (id: string) => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const matches = useMemo(() => {
    const needle = q.trim().toLowerCase();
    if (!needle) return [];
    const out: Node[] = [];
    for (const n of nodes) {
      if (n.title.toLowerCase().includes(needle)) out.push(n);
      if (out.length >= 8) break;
    }
    return out;
  }, [q, nodes]);
  return (
    <div className="map-find">
      <label htmlFor={id}>Find an item</label>
      <input
        id={id}
        type="search"
        value={q}
        placeholder="Type part of a title"
        autoComplete="off"
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setQ("");
          if (e.key === "Enter" && matches[0]) {
            e.preventDefault();
            onPick(matches[0].id);
            setQ("");
          }
        }}
      />
      {q.trim() !== "" && (
        <div className="map-find-results">
          {matches.length === 0 ? (
            <p className="muted" role="status">
              Nothing has that in its title.
            </p>
          ) : (
            <ul aria-label="Matching items">
              {matches.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => {
                      onPick(n.id);
                      setQ("");
                    }}
                  >
                    <span className="t">{n.title}</span>
                    <span className="k">{kindLabel(n.kind)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
