import type { ReactNode } from "react";
import "./auth.css";

/** The frame of the pages shown before signing in: the brand and one card in the middle. */
export function AuthLayout({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="auth-page">
      <main id="main" className="auth-main" tabIndex={-1}>
        <p className="auth-brand">
          <span aria-hidden="true">◆</span> Accord
        </p>
        <div className="auth-card panel">
          <h1>{title}</h1>
          {intro && <div className="auth-intro">{intro}</div>}
          {children}
        </div>
        {footer && <div className="auth-footer">{footer}</div>}
      </main>
    </div>
  );
}

/** The message of a refused form, read out as soon as it appears. */
export function FormAlert({
  message,
  tone = "bad",
}: {
  message: ReactNode;
  tone?: "bad" | "good";
}) {
  return (
    <div className={`alert ${tone} auth-alert`} role={tone === "bad" ? "alert" : "status"}>
      <span aria-hidden="true">{tone === "bad" ? "⚠ " : "✓ "}</span>
      {message}
    </div>
  );
}
