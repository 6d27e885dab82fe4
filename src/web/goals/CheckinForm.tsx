import { type FormEvent, type KeyboardEvent, useId, useState } from "react";
import type { Node } from "../api/client.js";
import { useSignedIn } from "../session.js";
import { pct } from "../ui/ui.js";
import { metric } from "./format.js";
import { LockIcon } from "./PrivateNote.js";
import { fieldError, formError, parseValue, useCheckin } from "./useCheckin.js";
import "./goal.css";

/**
 * The check-in form of the Goal page: value, confidence (a 0–100 % slider) and a note, which
 * may be kept private. Enter submits; the API's validation messages appear at the field
 * they name. The signed-in person is the author.
 */
export function CheckinForm({ node }: { node: Node }) {
  const id = useId();
  const { user, access } = useSignedIn();
  // A private note needs an author: someone who is a person of the org chart.
  const canKeepPrivate = access.personId !== null;
  const checkin = useCheckin(node.id);
  const [keepPrivate, setKeepPrivate] = useState(false);
  const [value, setValue] = useState("");
  const [confidence, setConfidence] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const measurable = node.target !== null;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setDone(null);
    checkin.mutate(
      {
        value: parseValue(value),
        confidence: confidence === null ? null : confidence / 100,
        note,
        private: keepPrivate,
      },
      {
        onSuccess: (r) => {
          setValue("");
          setConfidence(null);
          setNote("");
          setKeepPrivate(false);
          setDone(
            r.progress === null ? "Checked in." : `Checked in. Progress is now ${pct(r.progress)}.`,
          );
        },
      },
    );
  };

  const noteKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };

  const valueError = fieldError(checkin.error, "value");
  const confidenceError = fieldError(checkin.error, "confidence");
  const noteError = fieldError(checkin.error, "note");
  const privateError = fieldError(checkin.error, "private");
  const other = formError(checkin.error, ["value", "confidence", "note", "private"]);
  const shown = confidence ?? Math.round((node.confidence ?? 0.5) * 100);

  return (
    <form className="checkin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Check in</h2>
      <p className="muted form-intro">
        Record where it stands now and how confident you are of reaching the target.
        {` Checking in as ${user.name}.`}
      </p>
      <div className="checkin-fields">
        <div className="field">
          <label htmlFor={`${id}-value`}>
            Current value{node.metricUnit ? ` (${node.metricUnit})` : ""}
          </label>
          <input
            id={`${id}-value`}
            type="number"
            step="any"
            inputMode="decimal"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={node.current === null ? "" : String(node.current)}
            aria-invalid={valueError ? true : undefined}
            aria-describedby={`${id}-value-help${valueError ? ` ${id}-value-err` : ""}`}
          />
          <div id={`${id}-value-help`} className="help">
            {measurable
              ? `Now ${metric(node.current, node.metricUnit)}; target ${metric(node.target, node.metricUnit)}.`
              : "This item has no target: a confidence or a note is enough."}
          </div>
          {valueError && (
            <div id={`${id}-value-err`} className="field-error" role="alert">
              {valueError}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-conf`}>Confidence</label>
          <div className="slider-row">
            <input
              id={`${id}-conf`}
              type="range"
              min={0}
              max={100}
              step={5}
              value={shown}
              className={confidence === null ? "untouched" : undefined}
              onChange={(e) => setConfidence(Number(e.target.value))}
              aria-valuetext={
                confidence === null
                  ? `Unchanged${node.confidence === null ? "" : `, now ${pct(node.confidence)}`}`
                  : `${confidence}%`
              }
              aria-invalid={confidenceError ? true : undefined}
              aria-describedby={`${id}-conf-out${confidenceError ? ` ${id}-conf-err` : ""}`}
            />
            <output id={`${id}-conf-out`} htmlFor={`${id}-conf`} className="slider-out">
              {confidence === null ? "Unchanged" : `${confidence}%`}
            </output>
          </div>
          <div className="help">
            {confidence === null ? (
              <>
                Move the slider to set it
                {node.confidence === null ? "." : ` (now ${pct(node.confidence)}).`}
              </>
            ) : (
              <button type="button" className="link-button" onClick={() => setConfidence(null)}>
                {node.confidence === null ? "Leave it unset" : `Keep it at ${pct(node.confidence)}`}
              </button>
            )}
          </div>
          {confidenceError && (
            <div id={`${id}-conf-err`} className="field-error" role="alert">
              {confidenceError}
            </div>
          )}
        </div>
        <div className="field field-note">
          <label htmlFor={`${id}-note`}>Note</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={noteKey}
            placeholder="What moved, what is in the way?"
            aria-invalid={noteError ? true : undefined}
            aria-describedby={`${id}-note-help${noteError ? ` ${id}-note-err` : ""}`}
          />
          <div id={`${id}-note-help`} className="help">
            Enter checks in; Shift+Enter starts a new line.
          </div>
          {noteError && (
            <div id={`${id}-note-err`} className="field-error" role="alert">
              {noteError}
            </div>
          )}
          {canKeepPrivate && (
            <div className="private-check">
              <input
                id={`${id}-private`}
                type="checkbox"
                checked={keepPrivate}
                onChange={(e) => setKeepPrivate(e.target.checked)}
                aria-invalid={privateError ? true : undefined}
                aria-describedby={privateError ? `${id}-private-err` : undefined}
              />
              <label htmlFor={`${id}-private`}>
                <LockIcon /> Keep this note private (only you, your managers and admins can read it)
              </label>
            </div>
          )}
          {privateError && (
            <div id={`${id}-private-err`} className="field-error" role="alert">
              {privateError}
            </div>
          )}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={checkin.isPending}>
          {checkin.isPending ? "Checking in…" : "Check in"}
        </button>
        <span role="status" aria-live="polite" className="form-done">
          {done}
        </span>
      </div>
      {other && (
        <div className="field-error" role="alert">
          {other}
        </div>
      )}
    </form>
  );
}
