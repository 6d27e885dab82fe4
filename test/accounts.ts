import type { Kysely } from "kysely";
import type { Role } from "../src/core/policy.js";
import { accountsRepo } from "../src/features/accounts/accounts.repo.js";
import { createToken, createUser, userPrincipal } from "../src/features/accounts/auth.js";
import { actingAs, makeCtx } from "../src/platform/context.js";
import type { DB } from "../src/platform/db/schema.js";
import type { Api } from "./api.js";

let n = 0;

/**
 * A real account with a role in an organization (and optionally a person of its org
 * chart), and a client that calls the API with one of its API tokens.
 */
export async function userClient(
  api: Api,
  db: Kysely<DB>,
  o: {
    orgId: string;
    role: Role;
    personId?: string | null;
    scope?: "read" | "write";
    email?: string;
  },
) {
  const email = o.email ?? `${o.role}.${++n}.${Date.now()}@example.com`;
  const user = await createUser(makeCtx(db), {
    email,
    name: `${o.role} ${n}`,
    password: "correct horse battery staple",
  });
  await accountsRepo.setRole(db, user.id, o.orgId, o.role, o.personId ?? null);
  const asUser = actingAs(makeCtx(db), userPrincipal(user));
  const { secret } = await createToken(asUser, { name: "test", scope: o.scope ?? "write" });
  return { user, email, token: secret, api: api.as({ authorization: `Bearer ${secret}` }) };
}
