import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { AuthLayout, FormAlert } from "../accounts/AuthLayout.js";
import { ApiFailure, api, type Me, unwrap } from "../api/client.js";
import { SESSION_KEY, useSignOut } from "../session.js";
import { Field, sentence } from "../ui/forms/Field.js";

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);

/**
 * Signed in, but in no organization: an instance admin creates the first one here; anyone
 * else is told whom to ask.
 */
export function NoOrg({ user }: { user: Me }) {
  const signOut = useSignOut();
  const footer = (
    <>
      Signed in as {user.email}.{" "}
      <button type="button" className="link-button" onClick={() => signOut.mutate()}>
        Sign out
      </button>
    </>
  );
  if (!user.isAdmin)
    return (
      <AuthLayout title="No organization yet" footer={footer}>
        <p>
          Your account has no role in any organization. Ask an admin to give you one; then sign in
          again.
        </p>
      </AuthLayout>
    );
  return (
    <AuthLayout
      title="Create your organization"
      intro={
        <p>
          You are Accord's admin. Name your organization; then import its org chart and goals
          (Import), or add them one by one.
        </p>
      }
      footer={footer}
    >
      <CreateOrg />
    </AuthLayout>
  );
}

function CreateOrg() {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const shownSlug = slugTouched ? slug : slugOf(name);
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/orgs", { body: { name: name.trim(), slug: shownSlug } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSION_KEY }),
  });
  const issues = create.error instanceof ApiFailure ? create.error.fieldErrors : {};
  const slugError =
    issues.slug ??
    (create.error instanceof ApiFailure && create.error.error.code === "conflict"
      ? create.error.message.replace(/^slug: /, "")
      : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="auth-form" onSubmit={submit} noValidate aria-label="Create your organization">
      {create.error && !issues.name && !slugError && <FormAlert message={create.error.message} />}
      <Field id="org-name" label="Name" error={issues.name ? sentence(issues.name) : undefined}>
        {(aria) => (
          <input
            {...aria}
            value={name}
            autoComplete="organization"
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field
        id="org-slug"
        label="Short name in addresses"
        hint="Lowercase letters, digits and dashes, e.g. stride."
        error={slugError ? sentence(slugError) : undefined}
      >
        {(aria) => (
          <input
            {...aria}
            value={shownSlug}
            onChange={(e) => {
              setSlugTouched(true);
              setSlug(e.target.value);
            }}
          />
        )}
      </Field>
      <button type="submit" className="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create the organization"}
      </button>
    </form>
  );
}
