import { Link } from "react-router";
import { roleHelp, roleLabel, useSignedIn } from "../session.js";
import { PersonName } from "../units/bits.js";
import { PasswordForm } from "./PasswordForm.js";
import { Tokens } from "./Tokens.js";
import "./auth.css";
import "./Account.css";

/** Who you are and your role; your password; your API tokens. */
export default function Account() {
  const { user, org, access } = useSignedIn();
  return (
    <article className="account" aria-labelledby="account-h">
      <header className="page-head">
        <div>
          <h1 id="account-h">Account</h1>
          <p className="muted">Your sign-in, your role in {org.name} and your API tokens.</p>
        </div>
      </header>
      <div className="account-grid">
        <section className="panel account-who" aria-labelledby="who-h">
          <h2 id="who-h">Who you are</h2>
          <dl className="account-facts">
            <dt>Name</dt>
            <dd>{user.name}</dd>
            <dt>E-mail</dt>
            <dd>{user.email}</dd>
            <dt>Role in {org.name}</dt>
            <dd>
              <span className={`role-chip role-${access.role}`}>{roleLabel(access.role)}</span>
              {user.isAdmin && <span className="muted"> · admin of this Accord</span>}
              <p className="role-help">{roleHelp(access.role)}</p>
            </dd>
            <dt>In the org chart</dt>
            <dd>
              {access.personId ? (
                <>
                  <PersonName id={access.personId} /> · <Link to="/me">My work</Link>
                </>
              ) : (
                <span className="muted">Not linked to a person</span>
              )}
            </dd>
          </dl>
        </section>
        <section className="panel account-password">
          <PasswordForm />
        </section>
      </div>
      <Tokens />
    </article>
  );
}
