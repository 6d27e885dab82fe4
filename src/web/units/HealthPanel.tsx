import type { Health } from "../api/client.js";
import { pct } from "../ui/ui.js";
import { healthTone } from "./bits.js";

/** A health score (0–100) with the components behind it and the gaps it names. */
export function HealthPanel({ health }: { health: Health }) {
  const tone = healthTone(health.score);
  return (
    <div className="health-panel">
      <div className="health-score-row">
        <div className={`health-score ${tone}`}>
          <span className="score">{health.items === 0 ? "—" : health.score}</span>
          <span className="of">/ 100</span>
        </div>
        <p className="muted health-summary">
          {health.items === 0
            ? "No active goals to measure yet."
            : `Measured over ${health.items} active item${health.items === 1 ? "" : "s"} in this unit and the units below it.`}
        </p>
      </div>
      {health.gaps.length > 0 ? (
        <>
          <h3 className="mini-h">What pulls it down</h3>
          <ul className="gaps">
            {health.gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </>
      ) : (
        health.items > 0 && (
          <p className="good-news">No gaps: everything is aligned, owned and fresh.</p>
        )
      )}
      <details className="health-components">
        <summary>How the score is made</summary>
        <table>
          <caption className="visually-hidden">Components of the health score</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Passing</th>
              <th scope="col">Weight</th>
            </tr>
          </thead>
          <tbody>
            {health.components.map((c) => (
              <tr key={c.id}>
                <td>{c.label}</td>
                <td>
                  {c.total === 0 ? (
                    <span className="muted">nothing to check</span>
                  ) : (
                    <>
                      {pct(c.ratio)}{" "}
                      <span className="muted">
                        ({c.total - c.failing} of {c.total})
                      </span>
                    </>
                  )}
                </td>
                <td>{pct(c.weight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
