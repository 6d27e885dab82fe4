import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { ApiFailure, type ApiToken, api, unwrap } from "../api/client.js";
import { Field, sentence } from "../ui/forms/Field.js";
import { FormAlert } from "./AuthLayout.js";

/** Create an API token: a name and a scope; its secret is shown this once. */
export function NewToken() {
  const id = useId();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [made, setMade] = useState<{ token: ApiToken; secret: string } | null>(null);
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/auth/tokens", { body: { name: name.trim(), scope } })),
    onSuccess: (r) => {
      setMade(r);
      setName("");
      setScope("read");
      qc.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const nameError = create.error instanceof ApiFailure ? create.error.fieldErrors.name : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    create.mutate();
  };

  return (
    <div className="new-token">
      {made && <Secret name={made.token.name} secret={made.secret} onDone={() => setMade(null)} />}
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-h`} className="token-form">
        <h3 id={`${id}-h`}>Create a token</h3>
        {create.error && !nameError && <FormAlert message={create.error.message} />}
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
function Secret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
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
