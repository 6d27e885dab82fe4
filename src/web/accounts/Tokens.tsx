import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { type ApiToken, api, unwrap } from "../api/client.js";
import { date, dateTime } from "../goals/format.js";
import { useOrg } from "../org.js";
import { Empty, Query, when } from "../ui/ui.js";
import { NewToken } from "./NewToken.js";

/** Your API tokens: what they are, how to use one, create and revoke. */
export function Tokens() {
  const org = useOrg();
  const tokens = useQuery({
    queryKey: ["tokens"],
    queryFn: async () => unwrap(await api.GET("/api/auth/tokens")),
  });
  return (
    <section className="panel account-tokens" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="muted">
        A token lets a script or another tool use Accord's API as you, without your password. Send
        it in the <code>Authorization</code> header:
      </p>
      <pre className="curl">
        <code>{`curl -H "Authorization: Bearer <token>" ${window.location.origin}/api/orgs/${org}/findings`}</code>
      </pre>
      <Query q={tokens} what="Loading your tokens">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No tokens yet">Create one below when a script needs the API.</Empty>
          ) : (
            <TokenTable tokens={list} />
          )
        }
      </Query>
      <NewToken />
    </section>
  );
}

function TokenTable({ tokens }: { tokens: ApiToken[] }) {
  return (
    <div className="table-scroll">
      <table className="token-table">
        <caption className="sr-only">Your API tokens</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Token</th>
            <th scope="col">Access</th>
            <th scope="col">Created</th>
            <th scope="col">Last use</th>
            <th scope="col">Expiry</th>
            <th scope="col">
              <span className="sr-only">State and actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <TokenRow key={t.id} t={t} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TokenRow({ t }: { t: ApiToken }) {
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: async () =>
      unwrap(await api.DELETE("/api/auth/tokens/{id}", { params: { path: { id: t.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["tokens"] }),
  });
  const expired = isExpired(t);
  return (
    <tr className={t.revokedAt || expired ? "revoked" : undefined}>
      <th scope="row">{t.name}</th>
      <td>
        <code>{t.prefix}…</code>
      </td>
      <td>
        <span className={`chip scope-${t.scope}`}>
          {t.scope === "write" ? "Read and write" : "Read only"}
        </span>
      </td>
      <td className="nowrap">{date(t.createdAt)}</td>
      <td className="nowrap token-used">
        {t.lastUsedAt ? (
          <>
            Last used <Moment iso={t.lastUsedAt}>{when(t.lastUsedAt)}</Moment>
          </>
        ) : (
          "Never used"
        )}
      </td>
      <td className="nowrap token-expiry">
        {t.expiresAt ? (
          <>
            {expired ? "Expired" : "Expires"} <Moment iso={t.expiresAt}>{date(t.expiresAt)}</Moment>
          </>
        ) : (
          "Never expires"
        )}
      </td>
      <td className="token-state">
        {t.revokedAt ? (
          <span className="muted">Revoked {date(t.revokedAt)}</span>
        ) : expired ? (
          <span className="muted">Expired</span>
        ) : confirming ? (
          <span className="confirm">
            <span>Programs using it stop working at once.</span>
            <button
              type="button"
              className="danger"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate()}
            >
              {revoke.isPending ? "Revoking…" : "Revoke"}
              <span className="sr-only"> {t.name}</span>
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Revoke…<span className="sr-only"> {t.name}</span>
          </button>
        )}
        {revoke.error && (
          <div className="field-error" role="alert">
            {revoke.error.message}
          </div>
        )}
      </td>
    </tr>
  );
}

/** Past its expiry, a token is refused like a revoked one. */
const isExpired = (t: ApiToken) =>
  t.expiresAt !== null && new Date(t.expiresAt).getTime() <= Date.now();

/** A date as the page words it, with the exact moment on hover and for machines. */
function Moment({ iso, children }: { iso: string; children: string }) {
  return (
    <time dateTime={iso} title={dateTime(iso)}>
      {children}
    </time>
  );
}
