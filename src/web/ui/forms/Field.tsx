import type { ReactNode } from "react";
import "./forms.css";

/** The ARIA wiring of one input: its hint and its error are read out with it. */
export function fieldAria(id: string, error?: string | null, hint?: ReactNode) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return {
    id,
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": describedBy || undefined,
  };
}

/**
 * A labelled form field: label, optional hint, the input (rendered by `children` with the
 * ARIA attributes it needs) and the field's error message right under it.
 */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  optional,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  optional?: boolean;
  className?: string;
  children: (aria: ReturnType<typeof fieldAria>) => ReactNode;
}) {
  return (
    <div className={`field${error ? " has-error" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="req"> (required)</span>}
        {optional && <span className="opt"> (optional)</span>}
      </label>
      {hint && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {children(fieldAria(id, error, hint))}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** The message under a field; its id is `<field id>-error` (see fieldAria). */
export function FieldError({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <div className="field-error" id={`${id}-error`}>
      <span aria-hidden="true">⚠ </span>
      {sentence(error)}
    </div>
  );
}

/** "must not be empty" → "Must not be empty." */
export function sentence(message: string): string {
  const m = message.trim();
  if (!m) return m;
  const first = m[0]!.toUpperCase() + m.slice(1);
  return /[.!?)"”]$/.test(first) ? first : `${first}.`;
}

/** Moves focus to the first element (in this order) whose id is given, and scrolls to it. */
export function focusFirst(ids: string[]) {
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: "center", behavior: "smooth" });
      return true;
    }
  }
  return false;
}
