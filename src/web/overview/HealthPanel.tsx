import type { Health } from "../api/client.js";
import { ProgressBar, tone } from "../ui/ui.js";

/** How a score reads in words, so that the number never stands alone. */
export function verdict(score: number) {
  if (score >= 85) return "Well aligned";
  if (score >= 70) return "Mostly aligned";
  if (score >= 50) return "Needs attention";
  return "Poorly aligned";
}

/** A ring that fills with the score (0–100). The number itself is HTML text, not SVG. */
function Ring({ score }: { score: number }) {
  const r = 62;
  const c = 2 * Math.PI * r;
  const filled = (Math.max(0, Math.min(100, score)) / 100) * c;
  return (
    <div className="ov-ring">
      <svg viewBox="0 0 160 160" aria-hidden="true" focusable="false">
        <circle cx="80" cy="80" r={r} className="ov-ring-track" />
        <circle
          cx="80"
          cy="80"
          r={r}
          className={`ov-ring-fill ${tone(score / 100)}`}
          strokeDasharray={`${filled} ${c}`}
          transform="rotate(-90 80 80)"
        />
      </svg>
      <div className="ov-ring-label">
        <span className="ov-score" data-testid="health-score">
          {Math.round(score)}
        </span>
        <span className="ov-score-of">out of 100</span>
      </div>
    </div>
  );
}

/** The organization's alignment health: the score, what it is made of, and the gaps it names. */
export function HealthPanel({ health }: { health: Health }) {
  const score = Math.round(health.score);
  return (
    <section className="panel ov-health" aria-labelledby="ov-health-h">
      <h2 id="ov-health-h">Alignment health</h2>
      <div className="ov-health-body">
        <div className="ov-health-score">
          <Ring score={score} />
          <p className={`ov-verdict ${tone(score / 100)}`}>{verdict(score)}</p>
          <p className="muted ov-small">Across {health.items.toLocaleString("en")} active items</p>
        </div>
        <div className="ov-health-parts">
          <h3 className="ov-h3">What the score is made of</h3>
          <ul className="ov-components">
            {health.components.map((c) => (
              <li key={c.id}>
                <div className="ov-component-head">
                  <span>{c.label}</span>
                  <span className="muted ov-small">
                    {c.total === 0
                      ? "nothing to check"
                      : c.failing === 0
                        ? `all ${c.total.toLocaleString("en")} fine`
                        : `${c.failing.toLocaleString("en")} of ${c.total.toLocaleString("en")} short`}
                  </span>
                </div>
                <ProgressBar value={c.total === 0 ? null : c.ratio} label={c.label} />
              </li>
            ))}
          </ul>
        </div>
        <div className="ov-health-gaps">
          <h3 className="ov-h3">Gaps to close</h3>
          {health.gaps.length === 0 ? (
            <p className="muted">
              No gaps: every active item is aligned, owned, measurable and checked in on time.
            </p>
          ) : (
            <ol className="ov-gaps" data-testid="health-gaps">
              {health.gaps.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
