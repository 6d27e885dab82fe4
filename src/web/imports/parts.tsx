import type { ReactNode } from "react";

/** Small pieces the import page's panels share. */

/** A box that scrolls sideways on narrow screens; focusable so keyboard users can scroll it. */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="imp-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** One figure of a preview's or a result's summary (inside `<dl className="imp-stats">`). */
export function Stat({
  label,
  tone,
  children,
}: {
  label: string;
  tone?: "good" | "bad";
  children: ReactNode;
}) {
  return (
    <div className={tone}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
