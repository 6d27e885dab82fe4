import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { ApiFailure, api, unwrap } from "../api/client.js";
import { Field, focusFirst, sentence } from "../ui/forms/Field.js";
import { FormAlert } from "./AuthLayout.js";
import { PasswordInput } from "./PasswordInput.js";

type Key = "currentPassword" | "newPassword" | "confirm";
const ORDER: Key[] = ["currentPassword", "newPassword", "confirm"];
const EMPTY: Record<Key, string> = { currentPassword: "", newPassword: "", confirm: "" };

/** Change your password: current, new, confirm; the API's messages at the fields. */
export function PasswordForm() {
  const id = useId();
  const fieldId = (k: Key) => `${id}-${k}`;
  const [form, setForm] = useState(EMPTY);
  const [local, setLocal] = useState<Partial<Record<Key, string>>>({});
  const [edited, setEdited] = useState<Set<Key>>(new Set());
  const [done, setDone] = useState(false);

  const change = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/auth/password", {
          body: { currentPassword: form.currentPassword, newPassword: form.newPassword },
        }),
      ),
    onSuccess: () => {
      setForm(EMPTY);
      setDone(true);
    },
  });
  const apiErrors = change.error instanceof ApiFailure ? change.error.fieldErrors : {};
  const errors: Partial<Record<Key, string>> = { ...local };
  for (const k of ORDER) if (apiErrors[k] && !edited.has(k)) errors[k] ??= sentence(apiErrors[k]);
  const other =
    change.error && Object.keys(apiErrors).length === 0 ? change.error.message : undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when a new refusal arrives.
  useEffect(() => {
    if (!(change.error instanceof ApiFailure)) return;
    const named = Object.keys(change.error.fieldErrors);
    focusFirst(ORDER.filter((k) => named.includes(k)).map(fieldId));
  }, [change.error]);

  const set = (key: Key, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setEdited((e) => new Set(e).add(key));
    setLocal(({ [key]: _, ...rest }) => rest);
    setDone(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Key, string>> = {};
    if (!form.currentPassword) found.currentPassword = "Enter your current password.";
    if (form.newPassword.length < 10) found.newPassword = "Use at least 10 characters.";
    if (form.confirm !== form.newPassword)
      found.confirm = "The two new passwords are not the same.";
    setLocal(found);
    if (Object.keys(found).length > 0) {
      change.reset();
      focusFirst(ORDER.filter((k) => found[k]).map(fieldId));
      return;
    }
    setEdited(new Set());
    change.mutate();
  };

  const input = (key: Key, label: string, autoComplete: string, hint?: string) => (
    <Field id={fieldId(key)} label={label} hint={hint} error={errors[key]}>
      {(aria) => (
        <PasswordInput
          {...aria}
          autoComplete={autoComplete}
          value={form[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form className="account-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Change your password</h2>
      <p className="muted">Your other sessions end when you change it; this one stays signed in.</p>
      {other && <FormAlert message={other} />}
      {input("currentPassword", "Current password", "current-password")}
      {input("newPassword", "New password", "new-password", "At least 10 characters.")}
      {input("confirm", "Confirm the new password", "new-password")}
      <div className="account-actions">
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
        <span role="status" className="account-done">
          {done && "✓ Your password has been changed."}
        </span>
      </div>
    </form>
  );
}
