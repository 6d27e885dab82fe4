import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The `accord` command as a user runs it: a real process on a fresh embedded data
 * directory. (PGlite only: the one-process-per-directory rule is what is tested here.)
 */
const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-cli-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  ACCORD_DATA_DIR: path.join(dir, "data"),
  LOG_LEVEL: "silent",
  NO_COLOR: "1",
};
delete env.DATABASE_URL;
delete env.ACCORD_ORG;
const fixture = (name: string) => path.join(root, "test", "fixtures", name);

function accord(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, "bin", "accord.mjs"), ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 170_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * fetch, once more when a kept-alive connection was closed by the server in between (the
 * CLI runs between requests and can take longer than a keep-alive).
 */
async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

const csvRows = (text: string) => text.trim().split("\n").length - 1;

let server: ChildProcess | undefined;
/** Passwords the CLI printed, by e-mail. */
const printed = new Map<string, string>();
afterAll(() => {
  server?.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("accord CLI", { timeout: 420_000 }, () => {
  it("creates an organization", () => {
    const r = accord("orgs", "create", "trailpace", "TrailPace Running");
    expect(r.err).toBe("");
    expect(r.out).toContain("Created TrailPace Running");
  });

  it("imports nothing from an org chart with one bad line, and names the line", () => {
    const r = accord("import", "org", fixture("org-bad-line.csv"), "--org", "trailpace");
    expect(r.code).not.toBe(0);
    expect(`${r.out}${r.err}`).toMatch(/line 8\b.*manager_id|manager_id.*line 8\b/s);
    expect(`${r.out}${r.err}`).toContain("TP-105");
    const people = accord("export", "--org", "trailpace", "-f", "csv", "-t", "people");
    expect(csvRows(people.out)).toBe(0);
  });

  it("imports a good org chart, then goals, with a summary", () => {
    const org = accord("import", "org", fixture("org-good.csv"), "--org", "trailpace");
    expect(org.code).toBe(0);
    expect(org.out).toMatch(/24 rows imported/);
    expect(csvRows(accord("export", "--org", "trailpace", "-f", "csv", "-t", "people").out)).toBe(
      24,
    );

    const bad = accord("import", "goals", fixture("goals-bad-line.csv"), "--org", "trailpace");
    expect(bad.code).not.toBe(0);
    expect(`${bad.out}${bad.err}`).toMatch(/line 9\b/);
    expect(`${bad.out}${bad.err}`).toContain("target");
    expect(csvRows(accord("export", "--org", "trailpace", "-f", "csv", "-t", "goals").out)).toBe(0);

    const good = accord("import", "goals", fixture("goals-good.csv"), "--org", "trailpace");
    expect(good.code).toBe(0);
    expect(csvRows(accord("export", "--org", "trailpace", "-f", "csv", "-t", "goals").out)).toBe(
      16,
    );
  });

  it("reports a file that does not exist", () => {
    const r = accord("import", "org", "nope.csv", "--org", "trailpace");
    expect(r.code).toBe(2);
    expect(r.err).toContain("nope.csv: no such file");
  });

  it("loads the demo and checks it like code: findings of many rules, exit 1 on errors", () => {
    const demo = accord("demo").out;
    expect(demo).toContain("Loaded Stride Athletics");
    // The demo's accounts, one per role, with passwords shown this once.
    for (const m of demo.matchAll(
      /^ {2}(admin|leader|member|viewer)\s+(\S+@stride\.example)\s+(\S+)/gm,
    )) {
      printed.set(m[2]!, m[3]!);
    }
    expect(printed.size).toBe(4);
    const r = accord("check", "--org", "stride");
    expect(r.code).toBe(1);
    const rules = new Set([...r.out.matchAll(/^(\w+) \(\d+\)$/gm)].map((m) => m[1]));
    expect(rules.size).toBeGreaterThanOrEqual(5);
    expect(r.out).toMatch(/health \d+\/100/);
    const json = JSON.parse(accord("check", "--org", "stride", "--json").out);
    expect(json.findings.some((f: { severity: string }) => f.severity === "error")).toBe(true);
    const verify = accord("audit", "verify", "--org", "stride");
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/The history is intact: \d+ entries/);
    // Accounts from the command line.
    const users = accord("user", "list").out;
    expect(users).toMatch(/amara\.okafor@stride\.example.*instance admin, admin in stride/);
    expect(users).toMatch(/hana\.kobayashi@stride\.example.*viewer in stride/);
    const add = accord("user", "add", "--admin", "--email", "ops@example.com", "--name", "Ops");
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/Created ops@example\.com: an instance admin/);
    expect(add.out).toMatch(/Password \(shown this once\): \S{10,}/);
    const again = accord("user", "add", "--admin", "--email", "OPS@example.com", "--name", "Ops");
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already an account/);
    const role = accord(
      "user",
      "add",
      "--email",
      "pat@example.com",
      "--name",
      "Pat",
      "--org",
      "stride",
      "--role",
      "leader",
      "--person",
      "grace.mensah@stride.example",
      "--password",
      "pat's long password",
    );
    expect(role.out).toMatch(/Created pat@example\.com: leader in stride/);
    expect(
      accord("user", "add", "--email", "x@example.com", "--name", "X", "--role", "boss").err,
    ).toMatch(/--role: use one of admin, leader, member, viewer/);
    const reset = accord("user", "password", "hana.kobayashi@stride.example");
    const fresh = /shown this once\): (\S+)/.exec(reset.out)?.[1];
    expect(fresh).toBeTruthy();
    printed.set("hana.kobayashi@stride.example", fresh!);
    // The imported organization has no error-level findings: check passes there.
    expect(accord("check", "--org", "trailpace", "--min-severity", "error").code).toBe(0);
  });

  it("goes through a running server's API instead of opening its database twice", async () => {
    server = spawn(
      process.execPath,
      [path.join(root, "bin", "accord.mjs"), "serve", "--port", "0", "--host", "127.0.0.1"],
      {
        cwd: dir,
        env,
        stdio: "ignore",
      },
    );
    const lock = `${env.ACCORD_DATA_DIR as string}.lock`;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      // The lock file may be caught between its creation and its first write.
      const text = fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : "";
      if (text && JSON.parse(text).url) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(JSON.parse(fs.readFileSync(lock, "utf8")).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // Only this machine's user reads the lock file: it holds the CLI's operator token.
    expect(fs.statSync(lock).mode & 0o777).toBe(0o600);
    // The printed passwords sign in.
    const url = JSON.parse(fs.readFileSync(lock, "utf8")).url as string;
    for (const [email, password] of printed) {
      const res = await request(`${url}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-accord-request": "1" },
        body: JSON.stringify({ email, password }),
      });
      expect(res.status, email).toBe(200);
    }
    expect((await request(`${url}/api/orgs/stride/findings`)).status).toBe(401);
    const busy = accord("user", "add", "--admin", "--email", "late@example.com", "--name", "Late");
    expect(busy.code).toBe(2);
    expect(busy.err).toMatch(/Cannot add an account: .* in use by an Accord server/);

    // A script with an API token, through ACCORD_URL: it acts as the token's user.
    const signIn = await request(`${url}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-accord-request": "1" },
      body: JSON.stringify({
        email: "hana.kobayashi@stride.example",
        password: printed.get("hana.kobayashi@stride.example"),
      }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const created = await request(`${url}/api/auth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-accord-request": "1", cookie },
      body: JSON.stringify({ name: "cli", scope: "read" }),
    });
    const { secret } = (await created.json()) as { secret: string };
    const viaToken = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(root, "bin", "accord.mjs"), ...args], {
        cwd: dir,
        env: { ...env, ACCORD_URL: url, ACCORD_TOKEN: secret },
        encoding: "utf8",
        timeout: 60_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    expect(viaToken("check", "--org", "stride").out).toMatch(/health \d+\/100/);
    const refused = viaToken("import", "goals", fixture("goals-good.csv"), "--org", "stride");
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/read-only/);
    const historyOfViewer = viaToken("audit", "verify", "--org", "stride");
    expect(historyOfViewer.err).toMatch(/only an admin may see this/);

    const check = accord("check", "--org", "stride");
    expect(check.err).toContain("Using the running Accord server");
    expect(check.code).toBe(1);

    const demo = accord("demo", "--replace");
    expect(demo.code).toBe(2);
    expect(demo.err).toMatch(/in use by an Accord server \(pid \d+\)/);

    const dry = accord(
      "import",
      "org",
      fixture("org-bad-line.csv"),
      "--org",
      "trailpace",
      "--dry-run",
    );
    expect(dry.out).toMatch(/line 8/);
    server.kill("SIGTERM");
  });
});
