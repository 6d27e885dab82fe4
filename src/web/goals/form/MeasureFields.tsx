import { metricProgress } from "../../../core/progress.js";
import { Field } from "../../ui/forms/Field.js";
import { numberOrRaw } from "../../ui/forms/numbers.js";
import { ProgressBar } from "../../ui/ui.js";
import type { Direction, SectionProps } from "./model.js";

/** "How it is measured": baseline, current value, target, unit, direction, confidence. */
export function MeasureFields({ state, errors, set }: SectionProps) {
  const b = numberOrRaw(state.baseline);
  const t = numberOrRaw(state.target);
  const c = numberOrRaw(state.current);
  const preview =
    typeof t === "number" &&
    (b === null || typeof b === "number") &&
    (c === null || typeof c === "number")
      ? metricProgress(b, t, c, state.direction)
      : null;
  return (
    <fieldset className="panel gf-section gf-how">
      <legend>
        <h2>How it is measured</h2>
      </legend>
      <p className="hint muted">
        With a target, progress comes from where it started, where it is now and where it should
        end. Without one, progress is the weighted mean of what contributes to it.
      </p>
      <div className="gf-row three">
        <Field id="gf-baseline" label="Baseline" hint="Where it started." error={errors.baseline}>
          {(aria) => (
            <input
              {...aria}
              inputMode="decimal"
              value={state.baseline}
              onChange={(e) => set("baseline", e.target.value)}
            />
          )}
        </Field>
        <Field id="gf-current" label="Current value" hint="Where it is now." error={errors.current}>
          {(aria) => (
            <input
              {...aria}
              inputMode="decimal"
              value={state.current}
              onChange={(e) => set("current", e.target.value)}
            />
          )}
        </Field>
        <Field id="gf-target" label="Target" hint="Where it should end." error={errors.target}>
          {(aria) => (
            <input
              {...aria}
              inputMode="decimal"
              value={state.target}
              onChange={(e) => set("target", e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="gf-row three">
        <Field
          id="gf-unit"
          label="Unit of measure"
          hint="e.g. %, M EUR, pairs, days."
          error={errors.metricUnit}
        >
          {(aria) => (
            <input
              {...aria}
              maxLength={40}
              value={state.metricUnit}
              onChange={(e) => set("metricUnit", e.target.value)}
            />
          )}
        </Field>
        <Field
          id="gf-direction"
          label="Direction"
          hint="Which way is better."
          error={errors.direction}
        >
          {(aria) => (
            <select
              {...aria}
              value={state.direction}
              onChange={(e) => set("direction", e.target.value as Direction)}
            >
              <option value="increase">Higher is better</option>
              <option value="decrease">Lower is better</option>
            </select>
          )}
        </Field>
        <Field
          id="gf-confidence"
          label="Confidence (%)"
          hint="How sure the owner is, 0–100."
          error={errors.confidence}
        >
          {(aria) => (
            <input
              {...aria}
              inputMode="numeric"
              value={state.confidence}
              onChange={(e) => set("confidence", e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="gf-preview" aria-live="polite">
        {preview === null ? (
          <span className="muted">
            {t === null
              ? "No target: progress will come from what contributes to it."
              : "Enter numbers to see the progress they mean."}
          </span>
        ) : (
          <>
            <span className="muted">At these numbers, progress is</span>
            <ProgressBar value={preview} label="Progress at these numbers" />
          </>
        )}
      </div>
    </fieldset>
  );
}
