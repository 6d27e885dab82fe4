import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { iota, sortByTitleThenIdSteps } from "../../core/findings.js";
import { IdColumn } from "../../core/id-column.js";
import { IdIndex } from "../../core/idindex.js";
import {
  type EdgeColumns,
  type LiveColumns,
  LiveModel,
  NODE_BYTE_COLUMNS,
  NODE_NUMBER_COLUMNS,
  type NodeColumns,
} from "../../core/live.js";
import { paced, runPaced, SLICE } from "../../core/sliced-sort.js";
import type { UnitRecord } from "../../core/types.js";
import type { Ctx } from "../../platform/context.js";
import { migrationProvider } from "../../platform/db/migrations/index.js";
import { changeMark } from "./live.repo.js";

/**
 * Model checkpoints: an organization's resident model written to a file, so that a restart
 * builds it from the file and the change feed's events since, instead of reading the whole
 * organization from the database (XL: 300,000 nodes and a million edges; the file is read
 * in a fraction of the time, and the database's thread stays free for other work).
 *
 * A checkpoint is used only if it can be trusted: its format and the schema's last
 * migration are this code's, the organization's revision has not gone below it, and the
 * change recorded at its revision is the one the checkpoint saw (a database restored from
 * a backup, or a copy that went another way, has other changes there). Anything else, or a
 * file that does not read back whole, and the model is read from the database as before.
 * The feed is pruned only when an organization is deleted or replaced whole, and then the
 * change at the checkpoint's revision is gone too: such a checkpoint is refused.
 *
 * File: "ACCORDM1", then sections (typed arrays as bytes, string lists as JSON texts of
 * CHUNK strings each, repeated ids as a dictionary and codes), then the metadata as JSON
 * and its length (8 bytes). Written beside, then renamed: a crash never leaves half a file.
 */
type Db = Ctx["db"];

/** Bump when the columns or their meaning change (old checkpoints are then ignored). */
const FORMAT = 3;
const MAGIC = Buffer.from("ACCORDM1");
/** Edges checked per step when a checkpoint is read. */
const CHECK_STEP = 131_072;
/** Strings per JSON text: each is parsed in one step of a few milliseconds. */
const CHUNK = 16_384;

interface Section {
  name: string;
  /** u8, i32, f64: bytes; json: a JSON text. */
  type: "u8" | "i32" | "f64" | "json";
  offset: number;
  length: number;
}

export interface CheckpointMeta {
  format: number;
  orgId: string;
  revision: number;
  /** The change recorded at `revision` (time, entity, op), or null when there is none. */
  mark: string | null;
  migration: string;
  counts: { nodes: number; edges: number; people: number; units: number };
  sections: Section[];
}

/** Where a database's checkpoints live, and those read ahead of the database's opening. */
export interface CheckpointStore {
  dir: string;
  /** Tells databases apart when several share the directory (PostgreSQL). */
  key: string;
  /** Checkpoints read and built while the database opened (preloadCheckpoints), by org id. */
  preloaded: Map<string, Promise<Opened | Refused>>;
  /** The database, once keepCheckpoints has been called. */
  db?: Db;
  /** How long the server must be quiet before a checkpoint is written (ms). */
  quietMs: number;
}

interface Opened {
  meta: CheckpointMeta;
  model: LiveModel;
}
interface Refused {
  refusal: Refusal;
}

const configs = new WeakMap<object, CheckpointStore>();

/**
 * The checkpoints of the database at `location` (a PostgreSQL URL without credentials, or
 * the data directory) in `dir`.
 */
export function checkpointStore(dir: string, location: string, quietMs = 5_000): CheckpointStore {
  const key = createHash("sha256").update(location).digest("hex").slice(0, 12);
  return { dir, key, preloaded: new Map(), quietMs };
}

/** Keeps checkpoints of `db`'s models in `store` (the server does; tests and commands do not). */
export function keepCheckpoints(db: Db, store: CheckpointStore): void {
  configs.set(db, store);
  store.db = db;
}

export function checkpointsOn(db: Db): boolean {
  return configs.has(db);
}

export function quietBeforeCheckpoint(db: Db): number {
  return configs.get(db)?.quietMs ?? 5_000;
}

function fileOf(c: CheckpointStore, orgId: string): string {
  return path.join(c.dir, `${c.key}-${orgId}.model`);
}

/**
 * Reads and builds the store's newest checkpoints (at most 8, at most `budget` bytes of
 * files) while the database opens: the main thread has nothing else to do then. Whether
 * each can be trusted is decided when its organization is first read (readCheckpoint);
 * one nobody reads within two minutes is let go.
 */
export function preloadCheckpoints(
  store: CheckpointStore,
  pause: () => Promise<void>,
  budget = 512 * 1024 * 1024,
): void {
  let files: { orgId: string; file: string; size: number; mtime: number }[] = [];
  try {
    for (const name of fs.readdirSync(store.dir)) {
      // What a process that stopped while writing left behind.
      if (name.endsWith(".tmp")) {
        const tmp = path.join(store.dir, name);
        if (Date.now() - fs.statSync(tmp).mtimeMs > 600_000) fs.rmSync(tmp, { force: true });
        continue;
      }
      const m = /^([0-9a-f]+)-(.+)\.model$/.exec(name);
      if (!m || m[1] !== store.key) continue;
      // Gone meanwhile (another server renamed it): skip it.
      const st = fs.statSync(path.join(store.dir, name), { throwIfNoEntry: false });
      if (!st) continue;
      files.push({
        orgId: m[2],
        file: path.join(store.dir, name),
        size: st.size,
        mtime: st.mtimeMs,
      });
    }
  } catch {
    return; // no directory yet
  }
  files = files.sort((a, b) => b.mtime - a.mtime).slice(0, 8);
  let total = 0;
  let chain = Promise.resolve();
  for (const f of files) {
    total += f.size;
    if (total > budget) break;
    // One at a time: each holds its file's bytes until it is built.
    const opened = chain.then(() => openAndBuild(f.file, f.orgId, pause));
    chain = opened.then(() => {});
    store.preloaded.set(f.orgId, opened);
  }
  setTimeout(() => {
    // Unread: let go. The checkpoint of an organization deleted since goes too.
    const unread = [...store.preloaded.keys()];
    store.preloaded.clear();
    const db = store.db;
    if (!db) return;
    for (const orgId of unread) {
      changeMark(db, orgId, 0)
        .then((now) => {
          if (now.revision < 0) fs.rmSync(fileOf(store, orgId), { force: true });
        })
        .catch(() => {});
    }
  }, 120_000).unref();
}

async function openFile(
  file: string,
  orgId: string,
): Promise<{ buf: Buffer; meta: CheckpointMeta } | Refused> {
  let buf: Buffer;
  try {
    buf = await fs.promises.readFile(file);
  } catch {
    return { refusal: "none" };
  }
  let meta: CheckpointMeta;
  try {
    if (buf.byteLength < MAGIC.length + 8 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
      return { refusal: "unreadable" };
    }
    const len = Number(buf.readBigUInt64LE(buf.byteLength - 8));
    meta = JSON.parse(buf.subarray(buf.byteLength - 8 - len, buf.byteLength - 8).toString());
  } catch {
    return { refusal: "unreadable" };
  }
  if (meta.format !== FORMAT || meta.orgId !== orgId) return { refusal: "format" };
  return { buf, meta };
}

async function build(
  buf: Buffer,
  meta: CheckpointMeta,
  pause: () => Promise<void>,
): Promise<Opened | Refused> {
  let columns: LiveColumns;
  try {
    columns = await decode(buf, meta, pause);
  } catch {
    return { refusal: "unreadable" };
  }
  // The findings pages' lists after the first answers, as a load from the database does.
  const model = await LiveModel.fromColumnsBulk(columns, pause, { now: new Date() });
  model.buildListsPaced(pause);
  model.revision = meta.revision;
  return { meta, model };
}

async function openAndBuild(
  file: string,
  orgId: string,
  pause: () => Promise<void>,
): Promise<Opened | Refused> {
  try {
    const f = await openFile(file, orgId);
    return "refusal" in f ? f : await build(f.buf, f.meta, pause);
  } catch {
    // Read ahead: nobody may ever ask for it, so it never rejects.
    return { refusal: "unreadable" };
  }
}

/** Removes the organization's checkpoint (it was deleted). */
export function dropCheckpoint(db: Db, orgId: string): void {
  const c = configs.get(db);
  if (c) fs.rmSync(fileOf(c, orgId), { force: true });
}

async function lastMigration(): Promise<string> {
  return Object.keys(await migrationProvider.getMigrations())
    .sort()
    .at(-1) as string;
}

/**
 * Repeated strings (owners, cycles, units of people) as a dictionary and Int32 codes, pausing
 * between slices (at XL, the three node columns held the event loop for 45 ms at once).
 */
async function dictionary(
  values: (string | null)[],
  pause: () => Promise<void>,
): Promise<{ words: string[]; codes: Int32Array }> {
  const index = new Map<string, number>();
  const words: string[] = [];
  const codes = new Int32Array(values.length);
  const step = paced(pause);
  for (let i = 0; i < values.length; i++) {
    if ((i & SLICE) === SLICE) await step();
    const v = values[i];
    if (v === null) {
      codes[i] = -1;
      continue;
    }
    let k = index.get(v);
    if (k === undefined) {
      k = words.length;
      words.push(v);
      index.set(v, k);
    }
    codes[i] = k;
  }
  return { words, codes };
}

/**
 * Writes the checkpoint of a model: `columns` (LiveModel.columns(), a copy) at `revision`.
 * Returns the file's size, or null when checkpoints are off for this database. The
 * encoding pauses between sections (`pause`), so a server keeps answering meanwhile.
 */
export async function writeCheckpoint(
  db: Db,
  orgId: string,
  revision: number,
  columns: LiveColumns,
  pause: () => Promise<void>,
): Promise<number | null> {
  const c = configs.get(db);
  if (!c) return null;
  const { mark } = await changeMark(db, orgId, revision);
  fs.mkdirSync(c.dir, { recursive: true });
  const file = fileOf(c, orgId);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fh = await fs.promises.open(tmp, "w");
  const sections: Section[] = [];
  let offset = 0;
  // A write may take fewer bytes than it was given: the rest goes in the next.
  const writeAll = async (bytes: Uint8Array) => {
    for (let done = 0; done < bytes.byteLength; ) {
      done += (await fh.write(bytes, done, bytes.byteLength - done)).bytesWritten;
    }
  };
  const put = async (name: string, type: Section["type"], bytes: Uint8Array) => {
    // Typed arrays start at a multiple of 8, so that reading back may copy them as they are.
    const pad = (8 - ((offset + MAGIC.length) % 8)) % 8;
    if (pad) await writeAll(Buffer.alloc(pad));
    offset += pad;
    await writeAll(bytes);
    sections.push({ name, type, offset: offset + MAGIC.length, length: bytes.byteLength });
    offset += bytes.byteLength;
    await pause();
  };
  const typed = (name: string, a: Uint8Array | Int32Array | Float64Array) =>
    put(
      name,
      a instanceof Uint8Array ? "u8" : a instanceof Int32Array ? "i32" : "f64",
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    );
  const strings = async (name: string, list: string[]) => {
    for (let i = 0, k = 0; i < list.length; i += CHUNK, k++) {
      await put(`${name}.${k}`, "json", Buffer.from(JSON.stringify(list.slice(i, i + CHUNK))));
    }
  };
  const coded = async (name: string, values: (string | null)[]) => {
    const d = await dictionary(values, pause);
    await strings(`${name}.words`, d.words);
    await typed(`${name}.codes`, d.codes);
  };
  try {
    await writeAll(MAGIC);
    const N = columns.nodes;
    const E = columns.edges;
    await put("units", "json", Buffer.from(JSON.stringify(columns.units)));
    await strings("people.ids", columns.people.ids);
    await coded("people.primaryUnitIds", columns.people.primaryUnitIds);
    await strings("nodes.ids", N.ids);
    await strings("nodes.titles", N.titles);
    for (const k of NODE_TYPED) await typed(`nodes.${k}`, N[k]);
    await coded("nodes.ownerUnitIds", N.ownerUnitIds);
    await coded("nodes.ownerPersonIds", N.ownerPersonIds);
    await coded("nodes.cycleIds", N.cycleIds);
    // What a build would compute again from the ids and titles: the nodes in title order and
    // the id tables (a restart checks them in one pass instead: M, 150 ms less).
    const order = await runPaced(sortByTitleThenIdSteps(iota(N.n), N.titles, N.ids), pause);
    await typed("nodes.titleOrder", Int32Array.from(order));
    for (const [name, ids] of [
      ["nodes.index", N.ids],
      ["people.index", columns.people.ids],
    ] as const) {
      const slots = (await runPaced(IdIndex.buildSteps(ids), pause)).exportSlots();
      if (slots) await typed(name, slots);
    }
    // Edge ids as their bytes (id-column.ts), and any that are not UUIDs as a JSON text.
    const w = E.ids.words;
    await typed("edges.ids.words", new Int32Array(w.buffer, w.byteOffset, E.m * 4));
    await typed("edges.ids.form", E.ids.form.subarray(0, E.m));
    await put("edges.ids.others", "json", Buffer.from(JSON.stringify(E.ids.otherIds())));
    for (const k of EDGE_TYPED) await typed(`edges.${k}`, E[k]);
    const meta: CheckpointMeta = {
      format: FORMAT,
      orgId,
      revision,
      mark,
      migration: await lastMigration(),
      counts: {
        nodes: N.n,
        edges: E.m,
        people: columns.people.ids.length,
        units: columns.units.length,
      },
      sections,
    };
    const json = Buffer.from(JSON.stringify(meta));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.byteLength));
    await writeAll(json);
    await writeAll(len);
    await fh.sync();
    await fh.close();
    await fs.promises.rename(tmp, file);
    return MAGIC.length + offset + json.byteLength + 8;
  } catch (err) {
    await fh.close().catch(() => {});
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

const NODE_TYPED = [...NODE_BYTE_COLUMNS, ...NODE_NUMBER_COLUMNS] as const;
const EDGE_TYPED = [
  "kind",
  "from",
  "to",
  "weight",
  "state",
  "updatedAt",
] as const satisfies readonly (keyof EdgeColumns)[];

/** Why a checkpoint was not used (logs and tests); null when it was. */
export type Refusal = "none" | "unreadable" | "format" | "schema" | "ahead" | "diverged";

/**
 * The organization's model from its checkpoint, at the checkpoint's revision, if there is
 * one that can be trusted (see the module's comment): built in steps (`pause` between
 * them), or taken from those built while the database opened. Otherwise null and why.
 */
export async function readCheckpoint(
  db: Db,
  orgId: string,
  pause: () => Promise<void>,
): Promise<{ model: LiveModel | null; refusal: Refusal | null }> {
  const c = configs.get(db);
  const no = (refusal: Refusal) => ({ model: null, refusal });
  if (!c) return no("none");
  const early = c.preloaded.get(orgId);
  c.preloaded.delete(orgId);
  // Read ahead: built already, checked now. Otherwise checked first, built if trusted.
  const file = fileOf(c, orgId);
  // A file that will never be used is removed (it is written again from the model read).
  const refuse = (refusal: Refusal) => {
    if (refusal !== "none") fs.rmSync(file, { force: true });
    return no(refusal);
  };
  const f = early ? await early : await openFile(file, orgId);
  if ("refusal" in f) return refuse(f.refusal);
  const { meta } = f;
  if (meta.migration !== (await lastMigration())) return refuse("schema");
  const now = await changeMark(db, orgId, meta.revision);
  if (now.revision < meta.revision) return refuse("ahead");
  if (now.mark !== meta.mark) return refuse("diverged");
  const built = "model" in f ? f : await build(f.buf, meta, pause);
  return "refusal" in built ? refuse(built.refusal) : { model: built.model, refusal: null };
}

async function decode(
  buf: Buffer,
  meta: CheckpointMeta,
  pause: () => Promise<void>,
): Promise<LiveColumns> {
  const byName = new Map(meta.sections.map((s) => [s.name, s]));
  const end = buf.byteLength - 8;
  const section = (name: string) => {
    const s = byName.get(name);
    if (!s || s.offset < MAGIC.length || s.offset + s.length > end) {
      throw new Error(`checkpoint: section ${name} missing or out of bounds`);
    }
    return s;
  };
  // Views of the file's bytes where they are aligned (sections start at a multiple of 8),
  // copies otherwise: the build copies the columns into the model's own arrays anyway, and
  // tens of MB allocated again brought full collections of 10-36 ms at XL.
  const view = <T>(
    name: string,
    width: number,
    make: (b: ArrayBuffer, at: number, n: number) => T,
  ) => {
    const s = section(name);
    if (s.length % width !== 0) throw new Error(`checkpoint: section ${name} is cut`);
    const at = buf.byteOffset + s.offset;
    if (at % width === 0) return make(buf.buffer as ArrayBuffer, at, s.length / width);
    const copy = new Uint8Array(buf.subarray(s.offset, s.offset + s.length));
    return make(copy.buffer, 0, s.length / width);
  };
  const u8 = (name: string) => view(name, 1, (b, at, n) => new Uint8Array(b, at, n));
  const i32 = (name: string) => view(name, 4, (b, at, n) => new Int32Array(b, at, n));
  const f64 = (name: string) => view(name, 8, (b, at, n) => new Float64Array(b, at, n));
  const json = (name: string): unknown => {
    const s = section(name);
    return JSON.parse(buf.subarray(s.offset, s.offset + s.length).toString());
  };
  /** Every chunk of a string list; `count`, when given, is how many it must hold. */
  const strings = async (name: string, count?: number): Promise<string[]> => {
    const out: string[] = [];
    for (let k = 0; byName.has(`${name}.${k}`); k++) {
      const part = json(`${name}.${k}`);
      if (!Array.isArray(part)) throw new Error(`checkpoint: ${name}`);
      for (const x of part) out.push(x);
      await pause();
    }
    if (count !== undefined && out.length !== count) {
      throw new Error(`checkpoint: ${name} has ${out.length} of ${count}`);
    }
    return out;
  };
  const coded = async (name: string, count: number): Promise<(string | null)[]> => {
    const words = await strings(`${name}.words`);
    const codes = i32(`${name}.codes`);
    if (codes.length !== count)
      throw new Error(`checkpoint: ${name} has ${codes.length} of ${count}`);
    const out = new Array<string | null>(count);
    for (let i = 0; i < count; i++) {
      const k = codes[i];
      if (k >= words.length) throw new Error(`checkpoint: ${name} has a code out of range`);
      out[i] = k < 0 ? null : words[k];
    }
    await pause();
    return out;
  };
  const { counts } = meta;
  const units = json("units") as UnitRecord[];
  if (units.length !== counts.units) throw new Error("checkpoint: units");
  const people = {
    ids: await strings("people.ids", counts.people),
    primaryUnitIds: await coded("people.primaryUnitIds", counts.people),
  };
  const n = counts.nodes;
  const nodes = {
    n,
    ids: await strings("nodes.ids", n),
    titles: await strings("nodes.titles", n),
  } as NodeColumns;
  for (const k of NODE_TYPED) {
    const s = section(`nodes.${k}`);
    const a = s.type === "u8" ? u8(s.name) : f64(s.name);
    if (a.length !== n) throw new Error(`checkpoint: nodes.${k}`);
    (nodes as unknown as Record<string, unknown>)[k] = a;
  }
  await pause();
  nodes.ownerUnitIds = await coded("nodes.ownerUnitIds", n);
  nodes.ownerPersonIds = await coded("nodes.ownerPersonIds", n);
  nodes.cycleIds = await coded("nodes.cycleIds", n);
  const m = counts.edges;
  const words = i32("edges.ids.words");
  const form = u8("edges.ids.form");
  if (form.length !== m) throw new Error("checkpoint: edges.ids");
  const edges = {
    m,
    ids: IdColumn.fromParts(
      new Uint32Array(words.buffer, words.byteOffset, words.length),
      form,
      json("edges.ids.others"),
      false, // every edge has an id
      false, // its slots are checked below, in pieces
    ),
  } as EdgeColumns;
  for (const k of EDGE_TYPED) {
    const s = section(`edges.${k}`);
    const a = s.type === "u8" ? u8(s.name) : s.type === "i32" ? i32(s.name) : f64(s.name);
    if (a.length !== m) throw new Error(`checkpoint: edges.${k}`);
    (edges as unknown as Record<string, unknown>)[k] = a;
  }
  // A million edges at XL: checked in pieces (at once, with their ids, 10-25 ms).
  for (let from = 0; from < m; from += CHECK_STEP) {
    const to = Math.min(m, from + CHECK_STEP);
    edges.ids.checkSlots(from, to, false);
    for (let e = from; e < to; e++) {
      if (edges.from[e] >= n || edges.to[e] >= n) throw new Error("checkpoint: an edge's end");
    }
    await pause();
  }
  // Kept by a newer writer only; each is checked as it is taken (LiveModel, IdIndex).
  const optional = <T>(name: string, take: (s: Section) => T | null): T | undefined =>
    byName.has(name) ? (take(section(name)) ?? undefined) : undefined;
  const titleOrder = optional("nodes.titleOrder", (s) => i32(s.name));
  const nodeIndex = optional("nodes.index", (s) => IdIndex.fromSlots(nodes.ids, i32(s.name)));
  await pause();
  const personIndex = optional("people.index", (s) => IdIndex.fromSlots(people.ids, i32(s.name)));
  return { units, people, nodes, edges, titleOrder, nodeIndex, personIndex };
}
