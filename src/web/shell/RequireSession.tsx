import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { Navigate, useLocation } from "react-router";
import { onSignedOut } from "../api/client.js";
import { SESSION_KEY, type Session, useSession } from "../session.js";
import { ErrorState, Loading } from "../ui/ui.js";

/**
 * The gate in front of the app: first run goes to set-up, no session to sign-in (with the
 * page asked for as `next`), and an API 401 later (the session ended) does the same.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const qc = useQueryClient();
  useEffect(
    () =>
      onSignedOut(() =>
        qc.setQueryData<Session>(SESSION_KEY, (s) => (s ? { ...s, user: null } : s)),
      ),
    [qc],
  );
  if (session.isPending)
    return (
      <div className="gate-loading">
        <Loading what="Opening Accord" />
      </div>
    );
  if (session.error)
    return (
      <main id="main" className="gate-error">
        <h1 className="sr-only">Accord</h1>
        <ErrorState error={session.error} retry={() => session.refetch()} />
      </main>
    );
  if (session.data.setupNeeded) return <Navigate to="/setup" replace />;
  if (!session.data.user) {
    const here = location.pathname + location.search + location.hash;
    const to = here === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return <>{children}</>;
}
