import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link, Navigate } from "react-router";
import { ApiFailure, api, unwrap } from "../api/client.js";
import { useSession, useStartSession } from "../session.js";
import { Field, focusFirst, sentence } from "../ui/forms/Field.js";
import { ErrorState, Loading } from "../ui/ui.js";
import { AuthLayout, FormAlert } from "./AuthLayout.js";
import { PasswordInput } from "./PasswordInput.js";

type Key = "code" | "name" | "email" | "password" | "confirm";
const ORDER: Key[] = ["code", "name", "email", "password", "confirm"];

/** First run: there is no account yet, so whoever opens Accord creates its first admin. */
export default function Setup() {
  const session = useSession();
  if (session.isPending) return <Loading what="Checking your session" />;
  if (session.error) return <ErrorState error={session.error} retry={() => session.refetch()} />;
  if (!session.data.setupNeeded)
    return <Navigate to={session.data.user ? "/" : "/sign-in"} replace />;
  return <SetupForm codeRequired={session.data.setupCodeRequired} />;
}

function SetupForm({ codeRequired }: { codeRequired: boolean }) {
  const start = useStartSession();
  const [form, setForm] = useState<Record<Key, string>>({
    code: "",
    name: "",
    email: "",
    password: "",
    confirm: "",
  });
  const [local, setLocal] = useState<Partial<Record<Key, string>>>({});
  const [edited, setEdited] = useState<Set<string>>(new Set());

  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/auth/setup", {
          body: {
            name: form.name.trim(),
            email: form.email.trim(),
            password: form.password,
            ...(codeRequired && { code: form.code.trim() }),
          },
        }),
      ),
    onSuccess: (user) => start(user, "/"),
  });
  const apiErrors = create.error instanceof ApiFailure ? create.error.fieldErrors : {};
  const errors: Partial<Record<Key, string>> = { ...local };
  for (const k of ORDER) if (apiErrors[k] && !edited.has(k)) errors[k] ??= sentence(apiErrors[k]);
  const other =
    create.error && Object.keys(apiErrors).length === 0 ? create.error.message : undefined;

  // A refusal moves focus to the first field it names.
  useEffect(() => {
    if (!(create.error instanceof ApiFailure)) return;
    const named = Object.keys(create.error.fieldErrors);
    focusFirst(ORDER.filter((k) => named.includes(k)).map((k) => `su-${k}`));
  }, [create.error]);

  const set = (key: Key, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setEdited((e) => new Set(e).add(key));
    setLocal(({ [key]: _, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Key, string>> = {};
    if (codeRequired && !form.code.trim())
      found.code = "Enter the set-up code shown where Accord was started.";
    if (!form.name.trim()) found.name = "Enter your name.";
    if (!form.email.trim()) found.email = "Enter your e-mail address.";
    if (form.password.length < 10) found.password = "Use at least 10 characters.";
    if (form.confirm !== form.password) found.confirm = "The two passwords are not the same.";
    setLocal(found);
    if (Object.keys(found).length > 0) {
      focusFirst(ORDER.filter((k) => found[k]).map((k) => `su-${k}`));
      return;
    }
    setEdited(new Set());
    create.mutate();
  };

  return (
    <AuthLayout
      title="Create the first admin"
      intro={
        <p>
          Accord has no accounts yet. The first one is its admin: you can then add everyone else.
        </p>
      }
      footer={
        <>
          Someone already set it up? <Link to="/sign-in">Sign in</Link>
        </>
      }
    >
      {other && <FormAlert message={other} />}
      <form className="auth-form" onSubmit={submit} noValidate aria-label="Create the first admin">
        {codeRequired && (
          <Field
            id="su-code"
            label="Set-up code"
            hint="Printed in the terminal where Accord was started, e.g. ABCD-EF23. It proves this is your installation."
            error={errors.code}
          >
            {(aria) => (
              <input
                {...aria}
                autoComplete="one-time-code"
                spellCheck={false}
                value={form.code}
                onChange={(e) => set("code", e.target.value)}
              />
            )}
          </Field>
        )}
        <Field id="su-name" label="Your name" error={errors.name}>
          {(aria) => (
            <input
              {...aria}
              autoComplete="name"
              value={form.name}
              onChange={(e) => set("name", e.target.value)}
            />
          )}
        </Field>
        <Field id="su-email" label="E-mail" error={errors.email}>
          {(aria) => (
            <input
              {...aria}
              type="email"
              inputMode="email"
              autoComplete="username"
              value={form.email}
              onChange={(e) => set("email", e.target.value)}
            />
          )}
        </Field>
        <Field
          id="su-password"
          label="Password"
          hint="At least 10 characters."
          error={errors.password}
        >
          {(aria) => (
            <PasswordInput
              {...aria}
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => set("password", e.target.value)}
            />
          )}
        </Field>
        <Field id="su-confirm" label="Confirm the password" error={errors.confirm}>
          {(aria) => (
            <PasswordInput
              {...aria}
              autoComplete="new-password"
              value={form.confirm}
              onChange={(e) => set("confirm", e.target.value)}
            />
          )}
        </Field>
        <button
          type="submit"
          className="submit"
          disabled={create.isPending}
          aria-busy={create.isPending || undefined}
        >
          {create.isPending && <span className="button-spinner" aria-hidden="true" />}
          {create.isPending ? "Creating the admin…" : "Create the admin and sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
