import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Navigate, useLocation, useSearchParams } from "react-router";
import { ApiFailure, api, unwrap } from "../api/client.js";
import { safeNext, useSession, useStartSession } from "../session.js";
import { Field, focusFirst } from "../ui/forms/Field.js";
import { ErrorState, Loading } from "../ui/ui.js";
import { AuthLayout, FormAlert } from "./AuthLayout.js";
import { PasswordInput } from "./PasswordInput.js";

/** Sign in with e-mail and password, then go back to the page that was asked for. */
export default function SignIn() {
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  if (session.isPending) return <Loading what="Checking your session" />;
  if (session.error) return <ErrorState error={session.error} retry={() => session.refetch()} />;
  if (session.data.setupNeeded) return <Navigate to="/setup" replace />;
  if (session.data.user) return <Navigate to={next} replace />;
  return <SignInForm next={next} />;
}

function SignInForm({ next }: { next: string }) {
  const location = useLocation();
  const signedOut = (location.state as { signedOut?: boolean } | null)?.signedOut === true;
  const start = useStartSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<Record<string, string>>({});

  const signIn = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/auth/sign-in", { body: { email: email.trim(), password } })),
    onSuccess: (user) => start(user, next),
    onError: () => {
      setPassword("");
      document.getElementById("si-password")?.focus();
    },
  });
  useEffect(() => {
    document.getElementById("si-email")?.focus();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!email.trim()) found.email = "Enter the e-mail address of your account.";
    if (!password) found.password = "Enter your password.";
    setMissing(found);
    if (Object.keys(found).length > 0) {
      signIn.reset();
      focusFirst(Object.keys(found).map((k) => `si-${k}`));
      return;
    }
    signIn.mutate();
  };

  const refused = signIn.error
    ? signIn.error instanceof ApiFailure && signIn.error.status < 500
      ? signIn.error.message
      : `Accord could not be reached (${signIn.error.message}). Try again in a moment.`
    : null;

  return (
    <AuthLayout
      title="Sign in"
      intro={next !== "/" ? <p>Sign in to continue where you were going.</p> : <p>Welcome back.</p>}
      footer={<>No account yet? Ask an admin of your organization to create one for you.</>}
    >
      {signedOut && !refused && <FormAlert tone="good" message="You have signed out." />}
      {refused && <FormAlert message={refused} />}
      <form className="auth-form" onSubmit={submit} noValidate aria-label="Sign in">
        <Field id="si-email" label="E-mail" error={missing.email}>
          {(aria) => (
            <input
              {...aria}
              type="email"
              name="email"
              autoComplete="username"
              inputMode="email"
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                setMissing(({ email: _, ...rest }) => rest);
              }}
            />
          )}
        </Field>
        <Field id="si-password" label="Password" error={missing.password}>
          {(aria) => (
            <PasswordInput
              {...aria}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setMissing(({ password: _, ...rest }) => rest);
              }}
            />
          )}
        </Field>
        <button
          type="submit"
          className="submit"
          disabled={signIn.isPending}
          aria-busy={signIn.isPending || undefined}
        >
          {signIn.isPending && <span className="button-spinner" aria-hidden="true" />}
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
