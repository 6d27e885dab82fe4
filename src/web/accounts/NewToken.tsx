import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { ApiFailure, type ApiToken, api, unwrap } from "../api/client.js";
import { date } from "../goals/format.js";
import { Field, sentence } from "../ui/forms/Field.js";
import { FormAlert } from "./AuthLayout.js";

/** How long a new token may work: days, or 0 for no expiry. */
const EXPIRIES = [0, 30, 90, 365] as const;
type Expiry = (typeof EXPIRIES)[number];
const DAY_MS = 86_400_000;

/** Create an API token: a name, a scope and an expiry; its secret is shown this once. */
export function NewToken() {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [expiry, setExpiry] = useState<Expiry>(0);
  const [made, setMade] = useState<{ token: ApiToken; secret: string } | null>(null);
  const create = useMutation({
    mutationFn: async () => {
      const expiresAt = expiry ? new Date(Date.now() + expiry * DAY_MS).toISOString() : undefined;
      return unwrap(
        await api.POST("/api/auth/tokens", { body: { name: name.trim(), scope, expiresAt } }),
      );
    },
    onSuccess: (r) => {
      setMade(r);
      setName("");
      setScope("read");
      setExpiry(0);
      qc.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const fieldErrors = create.error instanceof ApiFailure ? create.error.fieldErrors : {};
  const nameError = fieldErrors.name;
  const expiryError = fieldErrors.expiresAt;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    create.mutate();
  };

  return (
    <div className="new-token">
      {made && (
        <Secret
          name={made.token.name}
          secret={made.secret}
          expiresAt={made.token.expiresAt}
          onDone={() => setMade(null)}
        />
      )}
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-h`} className="token-form">
        <h3 id={`${id}-h`}>Create a token</h3>
        {create.error && !nameError && !expiryError && <FormAlert message={create.error.message} />}
        <div className="token-fields">
          <Field
            id={`${id}-name`}
            label="Name"
            hint="What uses it, e.g. “Weekly report script”."
            error={nameError ? sentence(nameError) : undefined}
          >
            {(aria) => (
              <input
                {...aria}
                value={name}
                maxLength={100}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field
            id={`${id}-expiry`}
            label="Expires"
            hint="It stops working then."
            error={expiryError ? sentence(expiryError) : undefined}
          >
            {(aria) => (
              <select
                {...aria}
                value={expiry}
                onChange={(e) => setExpiry(Number(e.target.value) as Expiry)}
              >
                {EXPIRIES.map((days) => (
                  <option key={days} value={days}>
                    {days === 0
                      ? "Never"
                      : `In ${days} days (${date(new Date(Date.now() + days * DAY_MS).toISOString())})`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="token-scope">
            <legend>Access</legend>
            <label>
              <input
                type="radio"
                name={`${id}-scope`}
                value="read"
                checked={scope === "read"}
                onChange={() => setScope("read")}
              />{" "}
              Read only
            </label>
            <label>
              <input
                type="radio"
                name={`${id}-scope`}
                value="write"
                checked={scope === "write"}
                onChange={() => setScope("write")}
              />{" "}
              Read and write <span className="muted">(with your role's rights)</span>
            </label>
          </fieldset>
        </div>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </form>
    </div>
  );
}

/** The new token's secret, once: copy it now, it will not be shown again. */
function Secret({
  name,
  secret,
  expiresAt,
  onDone,
}: {
  name: string;
  secret: string;
  expiresAt: string | null;
  onDone: () => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("Copied to the clipboard.");
    } catch {
      input.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C) to copy it.");
    }
  };
  return (
    <div className="alert good token-secret" role="status">
      <strong>Token “{name}” created</strong>
      <p className="secret-note">
        Copy it now: <b>it will not be shown again</b>. Keep it like a password.
        {expiresAt ? ` It works until ${date(expiresAt)}.` : " It does not expire."}
      </p>
      <div className="secret-row">
        <label htmlFor={`${id}-secret`} className="sr-only">
          The new token
        </label>
        <input
          id={`${id}-secret`}
          ref={input}
          readOnly
          value={secret}
          onFocus={(e) => e.target.select()}
          className="secret-value"
          spellCheck={false}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Done
        </button>
      </div>
      <span className="secret-copied" aria-live="polite">
        {copied}
      </span>
    </div>
  );
}
