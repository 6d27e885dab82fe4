import type { ReactNode } from "react";
import { ApiFailure } from "../api/client.js";

/** Shared building blocks: states every page needs, and the progress/confidence vocabulary. */

export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const message =
    error instanceof ApiFailure
      ? error.message
      : error instanceof Error
        ? error.message
        : "Something went wrong.";
  return (
    <div className="state error" role="alert">
      <strong>Could not load this.</strong> {message}
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Renders loading / error / content for a TanStack Query result. */
export function Query<T>({
  q,
  children,
  what,
}: {
  q: { data?: T; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
  what?: string;
}) {
  if (q.isPending) return <Loading what={what} />;
  if (q.error) return <ErrorState error={q.error} retry={() => q.refetch()} />;
  return <>{children(q.data as T)}</>;
}

export const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`;

/** Red below 40 %, amber below 70 %, green above: used for progress and confidence alike. */
export const tone = (v: number | null | undefined) =>
  v === null || v === undefined ? "none" : v < 0.4 ? "bad" : v < 0.7 ? "warn" : "good";

export function ProgressBar({ value, label }: { value: number | null; label?: string }) {
  return (
    <div className="progress" title={label ?? `Progress ${pct(value)}`}>
      <div
        className={`bar ${tone(value)}`}
        role="progressbar"
        aria-label={label ?? "Progress"}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value === null ? undefined : Math.round(value * 100)}
      >
        <span style={{ width: `${Math.round((value ?? 0) * 100)}%` }} />
      </div>
      <span className="num">{pct(value)}</span>
    </div>
  );
}

export function Confidence({ value }: { value: number | null }) {
  return (
    <span className={`chip ${tone(value)}`} title="Owner's confidence">
      {value === null ? "no confidence yet" : `${pct(value)} confident`}
    </span>
  );
}

const KIND_LABEL: Record<string, string> = {
  objective: "Objective",
  key_result: "Key result",
  goal: "Goal",
  kpi: "KPI",
  initiative: "Initiative",
};
export const kindLabel = (k: string) => KIND_LABEL[k] ?? k;

export function KindBadge({ kind }: { kind: string }) {
  return <span className={`kind kind-${kind}`}>{kindLabel(kind)}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

export const when = (iso: string | null | undefined) => {
  if (!iso) return "never";
  const days = Math.floor((Date.now() - new Date(iso).getTime()) / 86_400_000);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
};
