/**
 * The live benchmark's databases: one prepared per size (the organization loaded, ANALYZEd,
 * an admin account with a write API token), then a fresh copy of it for each server run, so
 * every engine starts from the same data. PGlite on disk by default (a new directory under
 * BENCH_PGLITE_DIR or the system's temp directory, copied per run); with BENCH_DATABASE_URL
 * a new PostgreSQL database per size, copied per run with `create database … template …`
 * (the role needs CREATEDB). Everything created is removed again.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import {
  createToken,
  createUser,
  generatePassword,
  userPrincipal,
} from "../../src/features/accounts/auth.js";
import { loadDemo } from "../../src/features/demo/index.js";
import { actingAs, makeCtx } from "../../src/platform/context.js";
import { insertBundle } from "../../src/platform/db/bundle.repo.js";
import { migrate, num, openDatabase } from "../../src/platform/db/connect.js";
import type { DB } from "../../src/platform/db/schema.js";
import { generate, type SizeName } from "../generate.js";

export type LiveSize = "demo" | SizeName;

/** A measurable item the benchmark checks in on. */
export interface Goal {
  id: string;
  baseline: number | null;
  target: number;
}

export interface Prepared {
  size: LiveSize;
  orgId: string;
  /** A write token of an instance admin: `Authorization: Bearer …`. */
  token: string;
  counts: { people: number; units: number; nodes: number; edges: number };
  /** Random active items with a target (up to 2,000). */
  goals: Goal[];
  /** Random units that own goals (up to 500): cascades. */
  units: string[];
  checkinsBefore: number;
  /** Load + ANALYZE, ms. */
  loadMs: number;
  description: string;
  /** A copy of the prepared database for one server run. */
  copy(name: string): Promise<RunDatabase>;
  close(): Promise<void>;
}

export interface RunDatabase {
  /** What the server's environment needs to open this copy. */
  env: Record<string, string | undefined>;
  /** Opens the copy (after the server stopped), for the checks. */
  open(): Promise<{ db: Kysely<DB>; close(): Promise<void> }>;
  drop(): Promise<void>;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

async function load(db: Kysely<DB>, size: LiveSize): Promise<string> {
  const ctx = makeCtx(db, undefined, "bench");
  if (size === "demo") return (await loadDemo(ctx)).org.id;
  const bundle = generate(size, 42);
  await insertBundle(db, bundle);
  return bundle.organization.id;
}

/** The admin account the benchmark acts as, and its API token. */
async function benchToken(db: Kysely<DB>): Promise<string> {
  const ctx = makeCtx(db, undefined, "bench");
  const user = await createUser(ctx, {
    email: "live-bench@example.com",
    name: "Live benchmark",
    password: generatePassword(),
    isAdmin: true,
  });
  const { secret } = await createToken(actingAs(ctx, userPrincipal(user)), {
    name: "live benchmark",
    scope: "write",
  });
  return secret;
}

async function describe(db: Kysely<DB>, orgId: string) {
  const count = async (table: "people" | "units" | "nodes" | "edges" | "checkins") =>
    num(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .where("org_id", "=", orgId)
          .executeTakeFirst()
      )?.n,
    );
  const goals = await db
    .selectFrom("nodes")
    .select(["id", "baseline", "target"])
    .where("org_id", "=", orgId)
    .where("target", "is not", null)
    .where("status", "=", "active")
    .orderBy(sql`random()`)
    .limit(2000)
    .execute();
  const units = await db
    .selectFrom("nodes")
    .select("owner_unit_id")
    .distinct()
    .where("org_id", "=", orgId)
    .where("owner_unit_id", "is not", null)
    .execute();
  const shuffled = units.map((u) => u.owner_unit_id as string).sort(() => Math.random() - 0.5);
  return {
    counts: {
      people: await count("people"),
      units: await count("units"),
      nodes: await count("nodes"),
      edges: await count("edges"),
    },
    checkinsBefore: await count("checkins"),
    goals: goals.map((g) => ({ id: g.id, baseline: g.baseline, target: g.target as number })),
    units: shuffled.slice(0, 500),
  };
}

export async function fill(db: Kysely<DB>, size: LiveSize) {
  const t0 = performance.now();
  const orgId = await load(db, size);
  await sql`analyze`.execute(db);
  const loadMs = performance.now() - t0;
  const token = await benchToken(db);
  const facts = await describe(db, orgId);
  if (facts.goals.length === 0) throw new Error(`[${size}] no active item with a target`);
  if (facts.units.length === 0) throw new Error(`[${size}] no unit owns an item`);
  return { orgId, token, loadMs, ...facts };
}

export async function prepare(size: LiveSize): Promise<Prepared> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  return serverUrl ? preparePostgres(size, serverUrl) : preparePglite(size);
}

async function preparePglite(size: LiveSize): Promise<Prepared> {
  const root = process.env.BENCH_PGLITE_DIR ?? os.tmpdir();
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, `accord-live-${size}-`));
  // BENCH_PGLITE_KEEP=<dir>: the loaded database of each size is kept there and reused by
  // later runs (preparing XL takes minutes); each run still works on a copy of it.
  const keep = process.env.BENCH_PGLITE_KEEP;
  const kept = keep ? path.join(keep, size) : null;
  const base = kept ? path.join(kept, "base") : path.join(dir, "base");
  const factsFile = kept ? path.join(kept, "facts.json") : null;
  const openAt = async (dataDir: string) => {
    const database = await openDatabase({ url: "", dataDir });
    return { db: database.db, close: () => database.close() };
  };
  try {
    let filled: Awaited<ReturnType<typeof fill>>;
    if (factsFile && fs.existsSync(factsFile)) {
      log(`[${size}] reusing the database kept in ${kept}`);
      filled = JSON.parse(fs.readFileSync(factsFile, "utf8"));
    } else {
      if (kept) fs.rmSync(kept, { recursive: true, force: true });
      const database = await openAt(base);
      try {
        await migrate(database.db);
        log(`[${size}] loading into PGlite (${base}) …`);
        filled = await fill(database.db, size);
      } finally {
        await database.close();
      }
      if (factsFile) fs.writeFileSync(factsFile, JSON.stringify(filled));
    }
    return {
      size,
      ...filled,
      description: `PGlite on disk (${dir})`,
      copy: async (name) => {
        const dataDir = path.join(dir, name);
        fs.cpSync(base, dataDir, { recursive: true });
        return {
          env: { ACCORD_DATA_DIR: dataDir, DATABASE_URL: undefined },
          open: () => openAt(dataDir),
          drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
        };
      },
      close: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function preparePostgres(size: LiveSize, serverUrl: string): Promise<Prepared> {
  const base = `accord_live_${randomBytes(5).toString("hex")}`;
  const urlOf = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const onServer = async (statement: (db: Kysely<DB>) => Promise<unknown>) => {
    const admin = await openDatabase({ url: serverUrl });
    try {
      await statement(admin.db);
    } finally {
      await admin.close();
    }
  };
  const dropDb = (name: string) =>
    onServer((db) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(db));
  const openAt = async (name: string) => {
    const database = await openDatabase({ url: urlOf(name) });
    return { db: database.db, close: () => database.close() };
  };
  await onServer((db) => sql`create database ${sql.id(base)}`.execute(db));
  try {
    const database = await openAt(base);
    let filled: Awaited<ReturnType<typeof fill>>;
    try {
      await migrate(database.db);
      log(`[${size}] loading into PostgreSQL database ${base} …`);
      filled = await fill(database.db, size);
    } finally {
      await database.close();
    }
    return {
      size,
      ...filled,
      description: `PostgreSQL (BENCH_DATABASE_URL), database ${base}`,
      copy: async (name) => {
        const copy = `${base}_${name.replace(/[^a-z0-9_]/gi, "_")}`;
        await onServer((db) =>
          sql`create database ${sql.id(copy)} template ${sql.id(base)}`.execute(db),
        );
        return {
          env: { DATABASE_URL: urlOf(copy) },
          open: () => openAt(copy),
          drop: () => dropDb(copy),
        };
      },
      close: () => dropDb(base),
    };
  } catch (err) {
    await dropDb(base);
    throw err;
  }
}

/**
 * After a run: how many of the check-ins the server acknowledged (201) are in the database,
 * and how many more were written than acknowledged (requests cut off by a timeout or by the
 * end of a phase may still commit).
 */
export async function checkWrites(
  db: Kysely<DB>,
  orgId: string,
  before: number,
  acknowledged: string[],
): Promise<{ found: number; total: number; unacknowledged: number }> {
  let found = 0;
  for (let i = 0; i < acknowledged.length; i += 5000) {
    const chunk = acknowledged.slice(i, i + 5000);
    const r = await db
      .selectFrom("checkins")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("org_id", "=", orgId)
      .where("id", "in", chunk)
      .executeTakeFirst();
    found += num(r?.n);
  }
  const total = num(
    (
      await db
        .selectFrom("checkins")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("org_id", "=", orgId)
        .executeTakeFirst()
    )?.n,
  );
  return { found, total, unacknowledged: total - before - found };
}
