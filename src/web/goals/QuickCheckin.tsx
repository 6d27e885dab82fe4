import { type FormEvent, useId, useState } from "react";
import type { Node } from "../api/client.js";
import { pct } from "../ui/ui.js";
import { fieldError, formError, parseValue, useCheckin } from "./useCheckin.js";
import "./goal.css";

const CONFIDENCE = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 0];

/**
 * A one-line check-in for lists (My work): type a value, pick a confidence, press Enter or
 * "Check in" — one click after typing. The signed-in person is its author.
 */
export function QuickCheckin({
  node,
  onDone,
}: {
  node: Node;
  onDone?: (progress: number | null) => void;
}) {
  const id = useId();
  const checkin = useCheckin(node.id);
  const [value, setValue] = useState("");
  const [confidence, setConfidence] = useState("");
  const [done, setDone] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    checkin.mutate(
      {
        value: parseValue(value),
        confidence: confidence === "" ? null : Number(confidence) / 100,
        note: "",
      },
      {
        onSuccess: (r) => {
          setValue("");
          setConfidence("");
          setDone(r.progress === null ? "Checked in." : `Checked in: ${pct(r.progress)}.`);
          onDone?.(r.progress);
        },
      },
    );
  };
  const error =
    fieldError(checkin.error, "value") ??
    fieldError(checkin.error, "confidence") ??
    formError(checkin.error, ["value", "confidence"]);

  return (
    <form className="quick-checkin" onSubmit={submit} noValidate>
      <div className="qc-field">
        <label htmlFor={`${id}-v`}>
          Value{node.metricUnit ? <span className="muted"> ({node.metricUnit})</span> : null}
        </label>
        <input
          id={`${id}-v`}
          type="number"
          step="any"
          inputMode="decimal"
          value={value}
          placeholder={node.current === null ? "" : String(node.current)}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-e` : undefined}
        />
      </div>
      <div className="qc-field">
        <label htmlFor={`${id}-c`}>Confidence</label>
        <select id={`${id}-c`} value={confidence} onChange={(e) => setConfidence(e.target.value)}>
          <option value="">Keep {pct(node.confidence)}</option>
          {CONFIDENCE.map((c) => (
            <option key={c} value={c}>
              {c}%
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={checkin.isPending} aria-describedby={`${id}-what`}>
        {checkin.isPending ? "Checking in…" : "Check in"}
      </button>
      <span id={`${id}-what`} className="visually-hidden">
        on {node.title}
      </span>
      <span className="qc-status" role="status" aria-live="polite">
        {done}
      </span>
      {error && (
        <div id={`${id}-e`} className="field-error qc-error" role="alert">
          {error}
        </div>
      )}
    </form>
  );
}
