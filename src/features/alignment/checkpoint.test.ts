import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiClient } from "../../../test/api.js";
import { testDatabase } from "../../../test/db.js";
import { expectFresh as expectFreshReads } from "../../../test/fresh.js";
import { makeCtx } from "../../platform/context.js";
import type { Database } from "../../platform/db/connect.js";
import { loadDemo } from "../demo/index.js";
import { leaveCheckpoint } from "./alignment.js";
import {
  type CheckpointStore,
  checkpointStore,
  keepCheckpoints,
  preloadCheckpoints,
  readCheckpoint,
} from "./checkpoint.js";
import { engineStats, forgetResidentModels, saveCheckpoints } from "./live-engine.js";

const NOW = new Date("2026-11-23T12:00:00Z");
let database: Database;
let api: Api;
let orgId: string;
let dir: string;
let store: CheckpointStore;
const O = "/api/orgs/stride";
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeAll(async () => {
  database = await testDatabase();
  const { org } = await loadDemo(makeCtx(database.db, () => NOW));
  orgId = org.id;
  api = apiClient(database.db, () => NOW);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-checkpoints-"));
  store = checkpointStore(dir, "test");
  keepCheckpoints(database.db, store);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const expectFresh = (what: string) =>
  expectFreshReads(api, database.db, { id: orgId, path: O }, NOW, what);

async function measuredGoals() {
  const nodes = (await api.get(`${O}/nodes?limit=500`)).body.items as {
    id: string;
    kind: string;
    target: number | null;
    status: string;
  }[];
  return nodes.filter((n) => n.target !== null && n.status === "active");
}

/** A restart: the resident model goes, the next read loads it (stats start from zero). */
async function restart() {
  forgetResidentModels(database.db);
  await api.get(`${O}/health`);
  return engineStats(database.db, orgId)!;
}

describe("model checkpoints", () => {
  it("let a restart start from the file and the writes since, and answer as a full analysis would", async () => {
    await api.get(`${O}/health`);
    await saveCheckpoints(database.db);
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(orgId);

    // Writes after the checkpoint: a check-in, an edit, a new goal with its link, a
    // dependency, a unit moved, a goal deleted.
    const goals = await measuredGoals();
    await api.post(`${O}/nodes/${goals[0].id}/checkins`, { value: 1, confidence: 0.2 });
    await api.edit(`${O}/nodes/${goals[1].id}`, { status: "cancelled", title: "Aaa first" });
    const objective = (await api.get(`${O}/nodes?kind=objective&limit=1`)).body.items[0];
    const goal = (
      await api.post(`${O}/nodes`, {
        kind: "goal",
        title: "Made after the checkpoint",
        target: 10,
        contributesTo: [{ nodeId: objective.id, weight: 2 }],
      })
    ).body;
    await api.post(`${O}/edges`, {
      kind: "depends_on",
      fromId: goal.id,
      toId: goals[2].id,
      state: "requested",
    });
    const units = (await api.get(`${O}/units?limit=500`)).body.items as {
      id: string;
      parentId: string | null;
    }[];
    const leaf = units.find((u) => u.parentId !== null && !units.some((o) => o.parentId === u.id))!;
    const root = units.find((u) => u.parentId === null)!;
    await api.edit(`${O}/units/${leaf.id}`, { parentId: root.id, cadenceDays: 3 });
    await api.del(`${O}/nodes/${goals[3].id}`);

    const stats = await restart();
    expect(stats.checkpointLoads).toBe(1);
    expect(stats.loads).toBe(0);
    expect(stats.catchUps).toBe(1);
    await expectFresh("checkpoint and the writes since");

    // At shutdown the model is written again: the next restart has nothing to catch up.
    await saveCheckpoints(database.db);
    const again = await restart();
    expect(again).toMatchObject({ checkpointLoads: 1, loads: 0, catchUps: 0 });
    await expectFresh("checkpoint alone");
  });

  it("are not used when they do not fit the database, which is then read whole", async () => {
    await api.get(`${O}/health`);
    await saveCheckpoints(database.db);
    const file = path.join(dir, fs.readdirSync(dir)[0]);
    const whole = fs.readFileSync(file);
    const { rows } = await sql<{ revision: number }>`
      select revision from organizations where id = ${orgId}`.execute(database.db);
    const revision = Number(rows[0].revision);
    /** Refused for `why`, and removed: it would never be used. */
    const expectRefused = async (why: string) => {
      expect((await readCheckpoint(database.db, orgId, pause)).refusal).toBe(why);
      expect(fs.existsSync(file)).toBe(false);
      fs.writeFileSync(file, whole);
    };

    // The change at its revision is not the one it saw: a database restored from a backup,
    // or a copy that went another way.
    await sql`update changes set at = at + interval '1 second'
      where org_id = ${orgId} and revision = ${revision}`.execute(database.db);
    await expectRefused("diverged");
    let stats = await restart();
    expect(stats).toMatchObject({ checkpointLoads: 0, loads: 1 });
    await expectFresh("diverged");
    await sql`update changes set at = at - interval '1 second'
      where org_id = ${orgId} and revision = ${revision}`.execute(database.db);
    fs.writeFileSync(file, whole);
    expect((await readCheckpoint(database.db, orgId, pause)).refusal).toBeNull();

    // The organization's revision is behind it.
    await sql`update organizations set revision = revision - 1 where id = ${orgId}`.execute(
      database.db,
    );
    await expectRefused("ahead");
    await sql`update organizations set revision = revision + 1 where id = ${orgId}`.execute(
      database.db,
    );

    // A file cut short (a full disk), or with a section out of its place.
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await expectRefused("unreadable");
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    stats = await restart();
    expect(stats).toMatchObject({ checkpointLoads: 0, loads: 1 });
    await expectFresh("cut short");
    const meta = JSON.parse(
      whole
        .subarray(whole.length - 8 - Number(whole.readBigUInt64LE(whole.length - 8)), -8)
        .toString(),
    );
    expect(meta.revision).toBe(revision);
    fs.writeFileSync(file, Buffer.concat([whole.subarray(0, 8), whole.subarray(16)]));
    await expectRefused("unreadable");
    // An edge's id slot out of shape (checked in pieces as the file is read).
    const form = meta.sections.find((x: { name: string }) => x.name === "edges.ids.form");
    const damaged = Buffer.from(whole);
    damaged[form.offset + 3] = 7;
    fs.writeFileSync(file, damaged);
    await expectRefused("unreadable");

    // Another format, or written before the schema's last migration (same lengths, so
    // the metadata still reads).
    const edited = (from: string, to: string) => {
      const text = whole.toString("latin1");
      expect(text).toContain(from);
      return Buffer.from(text.replace(from, to), "latin1");
    };
    fs.writeFileSync(
      file,
      edited(`"format":${meta.format}`, `"format":${meta.format === 9 ? 8 : 9}`),
    );
    await expectRefused("format");
    fs.writeFileSync(file, edited('"migration":"2026_', '"migration":"1999_'));
    await expectRefused("schema");

    // Whole again, it is used again.
    fs.writeFileSync(file, whole);
    stats = await restart();
    expect(stats).toMatchObject({ checkpointLoads: 1, loads: 0 });
    await expectFresh("whole again");
  });

  it("keep the title order and id tables, which a restart takes only where they hold", async () => {
    await api.get(`${O}/health`);
    await saveCheckpoints(database.db);
    const file = path.join(dir, fs.readdirSync(dir)[0]);
    const whole = fs.readFileSync(file);
    const meta = JSON.parse(
      whole
        .subarray(whole.length - 8 - Number(whole.readBigUInt64LE(whole.length - 8)), -8)
        .toString(),
    );
    const at = (name: string) => {
      const s = meta.sections.find((x: { name: string }) => x.name === name);
      expect(s, name).toBeDefined();
      return new Int32Array(
        whole.buffer.slice(whole.byteOffset + s.offset, whole.byteOffset + s.offset + s.length),
      );
    };
    const order = at("nodes.titleOrder");
    const nodes = (await api.get(`${O}/nodes?limit=500`)).body.items as unknown[];
    expect(order.length).toBe(nodes.length);
    expect(at("nodes.index").length).toBeGreaterThan(nodes.length * 3);
    expect(at("people.index").length).toBeGreaterThan(0);

    /** The file with section `name`'s Int32s changed by `edit`. */
    const damaged = (name: string, edit: (a: Int32Array) => void) => {
      const s = meta.sections.find((x: { name: string }) => x.name === name);
      const bytes = Buffer.from(whole);
      edit(new Int32Array(bytes.buffer, bytes.byteOffset + s.offset, s.length / 4));
      return bytes;
    };
    // Two nodes out of title order; the id tables moved by one slot: each is built again,
    // and the restart still answers as a full analysis would.
    for (const [name, edit] of [
      ["nodes.titleOrder", (a: Int32Array) => a.reverse()],
      ["nodes.index", (a: Int32Array) => a.copyWithin(0, 3)],
      ["people.index", (a: Int32Array) => a.fill(-1)],
    ] as const) {
      fs.writeFileSync(file, damaged(name, edit));
      const stats = await restart();
      expect(stats, name).toMatchObject({ checkpointLoads: 1, loads: 0 });
      // (The findings, in title order within each rule, among what is compared.)
      await expectFresh(`${name} damaged`);
    }
    fs.writeFileSync(file, whole);
  });

  it("are not used across a bulk change (the demo replaced), and are written again after it", async () => {
    await api.get(`${O}/health`);
    await saveCheckpoints(database.db);
    await loadDemo(
      makeCtx(database.db, () => NOW),
      { replace: true },
    );
    // Replacing it deleted its change feed: the change at the checkpoint's revision is gone.
    const stats = await restart();
    expect(stats).toMatchObject({ checkpointLoads: 0, loads: 1 });
    await expectFresh("replaced");
    await saveCheckpoints(database.db);
    expect(await restart()).toMatchObject({ checkpointLoads: 1, loads: 0, catchUps: 0 });
    await expectFresh("after the replacement");
  });

  it("are left by the process that loaded an organization in bulk, for a server's first read", async () => {
    await loadDemo(
      makeCtx(database.db, () => NOW),
      { replace: true },
    );
    forgetResidentModels(database.db);
    // The loading process (`accord demo --size`) builds the model and writes its checkpoint.
    expect(
      await leaveCheckpoint(
        makeCtx(database.db, () => NOW),
        orgId,
        store,
      ),
    ).toBe(true);
    // A server's first read takes it instead of the tables, and answers as a full analysis.
    expect(await restart()).toMatchObject({ checkpointLoads: 1, loads: 0, catchUps: 0 });
    await expectFresh("first read after a bulk load");
  });

  it("are read ahead while the database opens, and checked when their organization is first read", async () => {
    await api.get(`${O}/health`);
    await saveCheckpoints(database.db);
    const goals = await measuredGoals();
    await api.post(`${O}/nodes/${goals[0].id}/checkins`, { value: 2, confidence: 0.9 });
    forgetResidentModels(database.db);
    preloadCheckpoints(store, pause);
    expect([...store.preloaded.keys()]).toEqual([orgId]);
    let stats = await restart();
    expect(stats).toMatchObject({ checkpointLoads: 1, loads: 0, catchUps: 1 });
    expect(store.preloaded.size).toBe(0);
    await expectFresh("read ahead, then the check-in since");

    // Read ahead, but the database went another way meanwhile: read whole.
    await saveCheckpoints(database.db);
    const { rows } = await sql<{ revision: number }>`
      select revision from organizations where id = ${orgId}`.execute(database.db);
    await sql`update changes set at = at + interval '1 second'
      where org_id = ${orgId} and revision = ${rows[0].revision}`.execute(database.db);
    forgetResidentModels(database.db);
    preloadCheckpoints(store, pause);
    stats = await restart();
    expect(stats).toMatchObject({ checkpointLoads: 0, loads: 1 });
    await expectFresh("read ahead, diverged");
  });

  it("are written once the server is quiet, again after a write, and a write that fails is not retried until the model moves", async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 300 && !what(); i++) await sleep(10);
      return what();
    };
    const stats = () => engineStats(database.db, orgId)!;
    const quiet = fs.mkdtempSync(path.join(os.tmpdir(), "accord-quiet-"));
    try {
      keepCheckpoints(database.db, checkpointStore(quiet, "quiet", 50));
      forgetResidentModels(database.db);
      await api.get(`${O}/health`);
      expect(await until(() => stats().checkpointsWritten === 1)).toBe(true);
      expect(fs.readdirSync(quiet)).toHaveLength(1);
      const [goal] = await measuredGoals();
      await api.post(`${O}/nodes/${goal.id}/checkins`, { value: 3 });
      expect(await until(() => stats().checkpointsWritten === 2)).toBe(true);
      // Nothing moved: nothing more is written.
      await sleep(300);
      expect(stats().checkpointsWritten).toBe(2);

      // A directory that cannot be made (a file is in its place): one failure per revision.
      const blocked = path.join(quiet, "not-a-directory");
      fs.writeFileSync(blocked, "");
      keepCheckpoints(database.db, checkpointStore(blocked, "blocked", 50));
      forgetResidentModels(database.db);
      await api.get(`${O}/health`);
      expect(await until(() => stats().checkpointFailures === 1)).toBe(true);
      await sleep(300);
      expect(stats().checkpointFailures).toBe(1);
      await api.post(`${O}/nodes/${goal.id}/checkins`, { value: 4 });
      expect(await until(() => stats().checkpointFailures === 2)).toBe(true);
      expect(stats().checkpointsWritten).toBe(0);
      await expectFresh("checkpoints failing");
    } finally {
      keepCheckpoints(database.db, store);
      fs.rmSync(quiet, { recursive: true, force: true });
    }
  });

  it("are written for a model let go to make room for others, so that its next read starts from it", async () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), "accord-evicted-"));
    try {
      keepCheckpoints(database.db, checkpointStore(own, "evicted", 60_000));
      forgetResidentModels(database.db);
      await api.get(`${O}/health`);
      expect(fs.readdirSync(own)).toEqual([]);
      // Eight more organizations read: the server keeps 8, and lets go of the oldest.
      for (let i = 0; i < 8; i++) {
        const slug = `room-${i}`;
        expect((await api.post("/api/orgs", { slug, name: `Room ${i}` })).status).toBe(201);
        expect((await api.get(`/api/orgs/${slug}/health`)).status).toBe(200);
      }
      // Written beside, then renamed: wait for the finished file.
      const written = () => fs.readdirSync(own).filter((f) => f.endsWith(".model"));
      for (let i = 0; i < 300 && written().length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(written()).toEqual([expect.stringContaining(orgId)]);
      expect(engineStats(database.db, orgId)).toBeNull();
      // Read again: from its checkpoint.
      await api.get(`${O}/health`);
      expect(engineStats(database.db, orgId)).toMatchObject({ checkpointLoads: 1, loads: 0 });
      await expectFresh("after it was let go");
    } finally {
      keepCheckpoints(database.db, store);
      fs.rmSync(own, { recursive: true, force: true });
    }
  });
});
