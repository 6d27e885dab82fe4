import { type FormEvent, type ReactNode, useEffect, useMemo, useState } from "react";
import { ApiFailure } from "../../api/client.js";
import { Field, FieldError, focusFirst, sentence } from "../../ui/forms/Field.js";
import { kindLabel } from "../../ui/ui.js";
import type { GoalRules } from "./GoalRules.js";
import { MeasureFields } from "./MeasureFields.js";
import {
  type Cycle,
  clientErrors,
  FIELD_NAMES,
  type FormState,
  fieldIdOf,
  KINDS,
  orderOf,
} from "./model.js";
import { OwnerFields } from "./OwnerFields.js";

/** The form shared by creating and editing: its sections, the error summary, the buttons. */
export function GoalFields({
  mode,
  rules,
  state,
  setState,
  cycles,
  cyclesError,
  onCycleTouched,
  pending,
  error,
  resetError,
  onSubmit,
  submitLabel,
  cancel,
  alignment,
}: {
  mode: "create" | "edit";
  rules: GoalRules;
  state: FormState;
  setState: (f: (s: FormState) => FormState) => void;
  cycles: Cycle[] | undefined;
  cyclesError: unknown;
  onCycleTouched?: () => void;
  pending: boolean;
  error: unknown;
  resetError: () => void;
  onSubmit: (s: FormState) => void;
  submitLabel: string;
  cancel: ReactNode;
  alignment: ReactNode;
}) {
  const [local, setLocal] = useState<Record<string, string>>({});
  const [titleTouched, setTitleTouched] = useState(false);
  // The API's messages, until the field they name is edited.
  const [cleared, setCleared] = useState<Set<string>>(new Set());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new error shows all its messages again.
  useEffect(() => {
    setCleared(new Set());
  }, [error]);

  const api400 = error instanceof ApiFailure && error.error.code === "validation_failed";
  const apiErrors = useMemo(() => (error instanceof ApiFailure ? error.fieldErrors : {}), [error]);
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(apiErrors)) {
    if (!cleared.has(path)) errors[path] = message;
  }
  for (const [path, message] of Object.entries(local)) errors[path] ??= message;
  if (titleTouched && !state.title.trim() && !errors.title) errors.title = "give it a title";

  // Move focus to the first field the API refused, when a new refusal arrives.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a new error arrives.
  useEffect(() => {
    if (!api400) return;
    const paths = Object.keys(apiErrors).sort((a, b) => orderOf(a) - orderOf(b));
    focusFirst(paths.map((p) => fieldIdOf(p, state)).filter((x): x is string => !!x));
  }, [apiErrors]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K], path: string = key) => {
    setState((s) => ({ ...s, [key]: value }));
    if (apiErrors[path]) setCleared((c) => new Set(c).add(path));
    if (local[path]) setLocal(({ [path]: _, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = clientErrors(state);
    setLocal(found);
    if (Object.keys(found).length > 0) {
      resetError();
      const paths = Object.keys(found).sort((a, b) => orderOf(a) - orderOf(b));
      focusFirst(paths.map((p) => fieldIdOf(p, state)).filter((x): x is string => !!x));
      return;
    }
    onSubmit(state);
  };

  const errorList = Object.entries(errors).sort(([a], [b]) => orderOf(a) - orderOf(b));
  const otherError = error && !api400 && error instanceof Error ? error : null;

  return (
    <form className="gf-form" noValidate onSubmit={submit} aria-busy={pending}>
      <div className="gf-columns">
        <fieldset className="panel gf-section gf-what">
          <legend>
            <h2>What it is</h2>
          </legend>
          <div
            className="gf-kinds"
            role="radiogroup"
            aria-label="Type"
            aria-describedby={errors.kind ? `gf-kind-${state.kind}-error` : undefined}
          >
            {KINDS.filter((k) => rules.kindAllowed(k.kind) || k.kind === state.kind).map(
              ({ kind, blurb }) => (
                <label key={kind} className={`gf-kind${state.kind === kind ? " chosen" : ""}`}>
                  <input
                    type="radio"
                    name="kind"
                    id={`gf-kind-${kind}`}
                    value={kind}
                    checked={state.kind === kind}
                    onChange={() => set("kind", kind)}
                  />
                  <span className="gf-kind-name">{kindLabel(kind)}</span>
                  <span className="gf-kind-blurb">{blurb}</span>
                </label>
              ),
            )}
          </div>
          <FieldError id={`gf-kind-${state.kind}`} error={errors.kind} />
          <Field id="gf-title" label="Title" required error={errors.title}>
            {(aria) => (
              <input
                {...aria}
                value={state.title}
                maxLength={300}
                placeholder={
                  state.kind === "objective"
                    ? "e.g. Delight customers at every touchpoint"
                    : "e.g. Grow e-commerce running-shoe revenue"
                }
                onChange={(e) => set("title", e.target.value)}
                onBlur={() => setTitleTouched(true)}
              />
            )}
          </Field>
          <Field
            id="gf-description"
            label="Description"
            optional
            hint="Why it matters and what is in or out of scope."
            error={errors.description}
          >
            {(aria) => (
              <textarea
                {...aria}
                rows={3}
                value={state.description}
                onChange={(e) => set("description", e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset className="panel gf-section gf-align gf-side">
          <legend>
            <h2>What it contributes to</h2>
          </legend>
          <p className="hint muted">
            Link it to the objectives and goals it helps achieve: its progress counts in theirs.
            {mode === "create" && " You can link it to more than one."}
          </p>
          {alignment}
          <div className="gf-standalone">
            <label className="gf-check">
              <input
                type="checkbox"
                id="gf-standalone"
                checked={state.standalone}
                onChange={(e) => set("standalone", e.target.checked)}
              />
              <span>
                It stands alone
                <span className="muted"> — it need not contribute to anything</span>
              </span>
            </label>
            {state.standalone && (
              <Field
                id="gf-reason"
                label="Why does it stand alone?"
                required
                hint="e.g. a legal obligation, or keeping the lights on."
                error={errors.standaloneReason}
              >
                {(aria) => (
                  <textarea
                    {...aria}
                    rows={2}
                    value={state.standaloneReason}
                    onChange={(e) => set("standaloneReason", e.target.value)}
                  />
                )}
              </Field>
            )}
            {!state.standalone && errors.standaloneReason && (
              <FieldError id="gf-reason" error={errors.standaloneReason} />
            )}
          </div>
        </fieldset>
        <OwnerFields
          state={state}
          errors={errors}
          set={set}
          rules={rules}
          cycles={cycles}
          cyclesError={cyclesError}
          onCycleTouched={onCycleTouched}
        />
        <MeasureFields state={state} errors={errors} set={set} />
      </div>

      <div className="gf-submit panel">
        {(errorList.length > 0 || otherError) && (
          <div className="alert bad gf-summary" role="alert">
            {otherError ? (
              <>
                <strong>Could not save.</strong>
                {otherError.message}
              </>
            ) : (
              <>
                <strong>
                  {errorList.length === 1
                    ? "One field needs your attention:"
                    : `${errorList.length} fields need your attention:`}
                </strong>
                <ul>
                  {errorList.map(([path, message]) => {
                    const fid = fieldIdOf(path, state);
                    const name = FIELD_NAMES[path.split(".")[0]!] ?? path;
                    return (
                      <li key={path}>
                        {fid ? (
                          <a
                            href={`#${fid}`}
                            onClick={(e) => {
                              e.preventDefault();
                              focusFirst([fid]);
                            }}
                          >
                            {name}
                          </a>
                        ) : (
                          name
                        )}
                        : {sentence(message)}
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </div>
        )}
        <div className="gf-buttons">
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : submitLabel}
          </button>
          {cancel}
        </div>
      </div>
    </form>
  );
}
