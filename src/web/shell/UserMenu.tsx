import { useEffect, useId, useRef, useState } from "react";
import { Link, useLocation } from "react-router";
import { roleLabel, useSignedIn, useSignOut } from "../session.js";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");

/** The signed-in user in the header: name and role, and a menu with Account and Sign out. */
export function UserMenu({ onChooseOrg }: { onChooseOrg?: (slug: string) => void }) {
  const { user, org } = useSignedIn();
  const signOut = useSignOut();
  const [open, setOpen] = useState(false);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const location = useLocation();

  // biome-ignore lint/correctness/useExhaustiveDependencies: close on every navigation.
  useEffect(() => setOpen(false), [location.key]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={box}>
      <button
        type="button"
        ref={button}
        className="user-button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen(!open)}
      >
        <span className="avatar" aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className="user-text">
          <span className="user-name">{user.name}</span>
          <span className="user-role">{roleLabel(org.role)}</span>
        </span>
        <span className="sr-only">, account menu</span>
        <span className="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div id={`${id}-menu`} className="user-pop" hidden={!open}>
        <div className="user-pop-head">
          <strong>{user.name}</strong>
          <span className="muted">{user.email}</span>
          <span className="muted">
            {roleLabel(org.role)} in {org.name}
          </span>
        </div>
        {onChooseOrg && (
          <div className="user-pop-org">
            <label htmlFor={`${id}-org`}>Organization</label>
            <select id={`${id}-org`} value={org.slug} onChange={(e) => onChooseOrg(e.target.value)}>
              {user.orgs.map((o) => (
                <option key={o.slug} value={o.slug}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <ul className="plain-list">
          <li>
            <Link to="/account">Account</Link>
          </li>
          <li>
            <button
              type="button"
              className="link-like"
              disabled={signOut.isPending}
              onClick={() => signOut.mutate()}
            >
              {signOut.isPending ? "Signing out…" : "Sign out"}
            </button>
          </li>
        </ul>
        {signOut.error && (
          <p className="field-error" role="alert">
            {signOut.error.message}
          </p>
        )}
      </div>
    </div>
  );
}
