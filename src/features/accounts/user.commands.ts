import type { Command } from "commander";
import { pickOrgSlug, withDatabase } from "../../cli/backend.js";
import { out } from "../../cli/terminal.js";
import { AppError } from "../../core/errors.js";
import { ROLES, type Role } from "../../core/policy.js";

/** The modules the commands work with, loaded on use: `accord --help` needs none of them. */
const load = async () => ({
  ...(await import("../orgs/index.js")),
  ...(await import("./accounts.repo.js")),
  ...(await import("./auth.js")),
});

/**
 * Accounts from the command line: the first admin of a fresh installation, an account with
 * a role in an organization, a forgotten password. No route does these (the API's accounts
 * routes manage roles within one organization), so they work on the database directly, as
 * the operator; while a server holds the embedded database, they ask you to stop it first,
 * and through ACCORD_URL they refuse.
 */
export function registerUserCommands(program: Command) {
  const user = program.command("user").description("accounts: add, list, set a password");

  user
    .command("add")
    .description("create an account (an admin with --admin, or a role in an organization)")
    .requiredOption("--email <email>", "the e-mail they sign in with")
    .requiredOption("--name <name>", "their name")
    .option("--admin", "an instance admin: admin in every organization, manages accounts")
    .option("--org <slug>", "the organization of the role ($ACCORD_ORG)")
    .option("--role <role>", `their role there: ${ROLES.join(", ")}`)
    .option("--person <email>", "the person of the org chart they are (by e-mail)")
    .option("--password <password>", "their password (default: a generated one, shown once)")
    .action(
      async (o: {
        email: string;
        name: string;
        admin?: boolean;
        org?: string;
        role?: string;
        person?: string;
        password?: string;
      }) => {
        if (!o.admin && !o.role) {
          throw new AppError(
            "validation_failed",
            `Give --admin, or --role (${ROLES.join(", ")}) with --org.`,
          );
        }
        if (o.role && !(ROLES as readonly string[]).includes(o.role)) {
          throw new AppError("validation_failed", `--role: use one of ${ROLES.join(", ")}.`);
        }
        const { accountsRepo, createUser, generatePassword, getOrg, listOrgs } = await load();
        const password = o.password ?? generatePassword();
        await withDatabase("add an account", async (ctx) => {
          const created = await createUser(ctx, {
            email: o.email,
            name: o.name,
            password,
            isAdmin: !!o.admin,
          });
          let where = o.admin ? "an instance admin" : "";
          if (o.role) {
            const org = await getOrg(ctx, await pickOrgSlug(o.org, () => listOrgs(ctx.db)));
            let personId: string | null = null;
            if (o.person) {
              const p = await ctx.db
                .selectFrom("people")
                .select("id")
                .where("org_id", "=", org.id)
                .where("email", "=", o.person)
                .executeTakeFirst();
              if (!p) {
                throw new AppError(
                  "validation_failed",
                  `--person: nobody in ${org.slug} has the e-mail ${o.person}.`,
                );
              }
              personId = p.id;
            }
            await accountsRepo.setRole(ctx.db, created.id, org.id, o.role as Role, personId);
            where = `${where ? `${where}, and ` : ""}${o.role} in ${org.slug}`;
          }
          out(`Created ${o.email}: ${where}.`);
          if (!o.password) out(`Password (shown this once): ${password}`);
        });
      },
    );

  user
    .command("list")
    .description("list accounts and their roles")
    .action(async () => {
      const { accountsRepo } = await load();
      await withDatabase("list accounts", async (ctx) => {
        const users = await accountsRepo.list(ctx.db);
        if (users.length === 0) {
          out(
            "No accounts yet. Create the first admin: accord user add --admin --email … --name …",
          );
          return;
        }
        for (const u of users) {
          const roles = [
            ...(u.isAdmin ? ["instance admin"] : []),
            ...u.roles.map((r) => `${r.role} in ${r.orgSlug}`),
          ];
          out(`${u.email.padEnd(36)} ${u.name.padEnd(24)} ${roles.join(", ") || "no role"}`);
        }
      });
    });

  for (const [name, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    user
      .command(`${name} <email>`)
      .description(
        disabled
          ? "lock an account out: its sessions end and its API tokens stop working"
          : "let a disabled account sign in again",
      )
      .action(async (email: string) => {
        const { setDisabled } = await load();
        await withDatabase(`${name} an account`, async (ctx) => {
          await setDisabled(ctx, email, disabled);
          out(`${email} is ${disabled ? "disabled" : "enabled"}.`);
        });
      });
  }

  user
    .command("password <email>")
    .description(
      "set a new password (a generated one unless --password); ends their sessions and revokes their API tokens",
    )
    .option("--password <password>", "the new password")
    .action(async (email: string, o: { password?: string }) => {
      const { generatePassword, resetPassword } = await load();
      const password = o.password ?? generatePassword();
      await withDatabase("set a password", async (ctx) => {
        await resetPassword(ctx, email, password);
        out(`New password for ${email}${o.password ? " set." : ` (shown this once): ${password}`}`);
      });
    });
}
