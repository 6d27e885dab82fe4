import type { Bundle } from "../../core/bundle.js";
import type { Role } from "../../core/policy.js";
import { type Ctx, inTx } from "../../platform/context.js";
import { accountsRepo, createUser, generatePassword } from "../accounts/index.js";

/** The demo's accounts: one per role, each a person of Stride's org chart. */
export const DEMO_ACCOUNTS: { email: string; role: Role; isAdmin: boolean; what: string }[] = [
  { email: "amara.okafor@stride.example", role: "admin", isAdmin: true, what: "CEO, admin" },
  {
    email: "grace.mensah@stride.example",
    role: "leader",
    isAdmin: false,
    what: "Chief Customer Officer, leads Customer Experience & Transformation",
  },
  {
    email: "jack.morales@stride.example",
    role: "member",
    isAdmin: false,
    what: "Production Manager, a member",
  },
  {
    email: "hana.kobayashi@stride.example",
    role: "viewer",
    isAdmin: false,
    what: "Chief People Officer, a viewer",
  },
];

export interface DemoAccount {
  email: string;
  role: Role;
  what: string;
  password: string;
}

/**
 * Creates the demo's accounts with fresh random passwords, returned once for the caller to
 * print (only their hashes are stored). Accounts that already exist are left as they are.
 */
export async function createDemoAccounts(ctx: Ctx, orgId: string): Promise<DemoAccount[]> {
  return inTx(ctx, async (tx) => {
    const made: DemoAccount[] = [];
    for (const a of DEMO_ACCOUNTS) {
      const existing = await accountsRepo.byEmail(tx.db, a.email);
      const person = await tx.db
        .selectFrom("people")
        .select(["id", "name"])
        .where("org_id", "=", orgId)
        .where("email", "=", a.email)
        .executeTakeFirst();
      if (!person) continue;
      if (existing) {
        // A reloaded demo: the account keeps its password and gets its role back.
        if (!(await accountsRepo.roleIn(tx.db, existing.id, orgId))) {
          await accountsRepo.setRole(tx.db, existing.id, orgId, a.role, person.id);
        }
        continue;
      }
      const password = generatePassword();
      const user = await createUser(tx, {
        email: a.email,
        name: person.name,
        password,
        isAdmin: a.isAdmin,
      });
      await accountsRepo.setRole(tx.db, user.id, orgId, a.role, person.id);
      made.push({ email: a.email, role: a.role, what: a.what, password });
    }
    return made;
  });
}

/**
 * Gives the demo accounts that exist a role in another loaded organization (a synthetic
 * enterprise), each as one of its people: the admin as the chief executive (person 0), the
 * leader as the head of the first division (person 1), the viewer as the head of another
 * (person 2), the member as the first person who leads nothing. An account that already has
 * a role there keeps it. Returns a line per account that can see it now.
 */
export async function grantDemoAccounts(ctx: Ctx, orgId: string, b: Bundle): Promise<string[]> {
  const personFor: Record<Role, Bundle["people"][number] | undefined> = {
    admin: b.people[0],
    leader: b.people[1],
    viewer: b.people[2],
    member: b.people[b.units.length],
  };
  return inTx(ctx, async (tx) => {
    const granted: string[] = [];
    for (const a of DEMO_ACCOUNTS) {
      const user = await accountsRepo.byEmail(tx.db, a.email);
      if (!user) continue;
      const person = personFor[a.role] ?? null;
      const has = await accountsRepo.roleIn(tx.db, user.id, orgId);
      if (!has) await accountsRepo.setRole(tx.db, user.id, orgId, a.role, person?.id ?? null);
      const as = has ? "" : person ? ` as ${person.name}, ${person.title}` : "";
      granted.push(`${(has?.role ?? a.role).padEnd(7)} ${a.email}${as}`);
    }
    return granted;
  });
}

/** The accounts as a block of text to print once. */
export function describeDemoAccounts(accounts: DemoAccount[]): string {
  if (accounts.length === 0) return "";
  const width = Math.max(...accounts.map((a) => a.email.length));
  return (
    "\nDemo accounts (their passwords are shown this once — note them now):\n" +
    accounts
      .map((a) => `  ${a.role.padEnd(7)} ${a.email.padEnd(width)}  ${a.password}   ${a.what}`)
      .join("\n") +
    "\nChange a password after signing in (Account), or with `accord user password <email>`.\n"
  );
}
