import type { PGlite } from "@electric-sql/pglite";

/**
 * Bulk reads with COPY on the embedded database: `COPY (query) TO '/dev/blob'` hands back the
 * rows as one block of PostgreSQL's text format, which PGlite produces several times faster
 * than the same rows as JSON aggregates or result rows (XL: 300,000 nodes in 1.7 s instead of
 * 7 s). PostgreSQL servers are read with `COPY … TO STDOUT` over their protocol.
 */
const readers = new WeakMap<object, (query: string) => Promise<ArrayBuffer>>();

/** Registers the COPY reader of a database handle (connect.ts, for PGlite). */
export function registerCopyOut(db: object, pglite: PGlite) {
  joinWrittenBlobs(pglite);
  const thread = pglite as unknown as { copyOut?: (sql: string) => Promise<ArrayBuffer> };
  if (typeof thread.copyOut === "function") {
    // In a worker thread (pglite-thread.ts): the block is moved over, not copied.
    const copyOut = thread.copyOut.bind(pglite);
    readers.set(db, (query) => copyOut(`copy (${query}) to '/dev/blob'`));
    return;
  }
  readers.set(db, async (query) => {
    const r = await pglite.query(`copy (${query}) to '/dev/blob'`);
    // No rows, nothing written: no blob.
    return r.blob ? r.blob.arrayBuffer() : new ArrayBuffer(0);
  });
}

/**
 * Registers the COPY reader of a PostgreSQL server's handle (connect.ts): `COPY (query) TO
 * STDOUT`, read in a worker thread (pg-copy-thread.ts). Against JSON aggregates, the
 * server aggregates nothing and the rows come as they are, for the same decoder as
 * PGlite's (XL: the load from 14-16 s to 10 s).
 */
export function registerCopyOutPostgres(db: object, read: (query: string) => Promise<ArrayBuffer>) {
  readers.set(db, read);
}

/**
 * PGlite gathers what COPY writes to /dev/blob as one part per row (a million small arrays
 * for the edges at XL, each allocated and later collected by the database thread's garbage
 * collector) and makes a Blob of the parts, whose reading back cost more than the COPY
 * itself (XL edges: 3.7 s of 6.8 s). This collects the rows into one growing block instead,
 * by taking over the /dev/blob device's `write` once the database is ready (PGlite's
 * Emscripten file system). Where that device cannot be found, the parts are at least joined
 * into one block when the Blob is made (the Blob constructor swapped for the synchronous
 * moment `_getWrittenBlob` builds it). A PGlite without these internals is left as it is
 * (slower, still right).
 */
export function joinWrittenBlobs(pglite: PGlite) {
  const target = pglite as unknown as {
    _getWrittenBlob?: () => Promise<unknown>;
    _handleBlob?: (...args: unknown[]) => Promise<unknown>;
    mod?: { FS?: EmscriptenFs };
  };
  const original = target._getWrittenBlob;
  if (typeof original !== "function") return;
  let block = new Uint8Array(0);
  let length = 0;
  pglite.waitReady
    .then(() => {
      const fs = target.mod?.FS;
      const ops = fs?.getDevice(fs.lookupPath("/dev/blob").node.rdev)?.stream_ops;
      if (!ops || typeof ops.write !== "function") return;
      ops.write = (_stream, buffer, offset, n) => {
        if (length + n > block.length) {
          const grown = new Uint8Array(Math.max(block.length * 2, length + n, 1 << 16));
          grown.set(block.subarray(0, length));
          block = grown;
        }
        block.set(buffer.subarray(offset, offset + n), length);
        length += n;
        return n;
      };
    })
    .catch(() => {});
  // Each statement starts with nothing written (a COPY that failed halfway leaves no rows
  // for the next one to pick up).
  const handleBlob = target._handleBlob;
  if (typeof handleBlob === "function") {
    target._handleBlob = function (this: unknown, ...args: unknown[]) {
      block = new Uint8Array(0);
      length = 0;
      return handleBlob.apply(this, args);
    };
  }
  target._getWrittenBlob = function (this: unknown) {
    if (length > 0) {
      const bytes = block.slice(0, length);
      block = new Uint8Array(0);
      length = 0;
      return Promise.resolve(new BlockBlob(bytes));
    }
    const Saved = globalThis.Blob;
    globalThis.Blob = JoinedBlob as unknown as typeof Blob;
    try {
      return original.call(this);
    } finally {
      globalThis.Blob = Saved;
    }
  };
}

/** The part of Emscripten's file system this uses. */
interface EmscriptenFs {
  lookupPath(path: string): { node: { rdev: number } };
  getDevice(dev: number):
    | {
        stream_ops: {
          write: (stream: unknown, buffer: Uint8Array, offset: number, n: number) => number;
        };
      }
    | undefined;
}

/** One block as the Blob a COPY's reader asks for (its size and its bytes). */
class BlockBlob {
  constructor(private readonly bytes: Uint8Array) {}
  get size() {
    return this.bytes.length;
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.buffer as ArrayBuffer;
  }
}

/** A Blob of parts joined into one block (the Blob constructor PGlite is given meanwhile). */
class JoinedBlob extends BlockBlob {
  constructor(parts: Uint8Array[]) {
    let n = 0;
    for (const p of parts) n += p.length;
    const bytes = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    super(bytes);
  }
}

/** The COPY reader of a database handle (PGlite's, or a PostgreSQL server's), or null. */
export function copyOutOf(db: object): ((query: string) => Promise<ArrayBuffer>) | null {
  return readers.get(db) ?? null;
}

/** Bytes decoded at a time: strings stay small, and a caller can pause between pieces. */
const PIECE_BYTES = 1 << 20;

const ESCAPES: Record<string, string> = {
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function unescapeField(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/**
 * The rows of COPY's text format, `columns` fields each: fields split by tabs and rows by
 * newlines, `\N` for NULL, a backslash before a special character (COPY TO writes `\\`, `\t`,
 * `\n`, `\r`, `\b`, `\f`, `\v` and never octal or hex escapes). The format is this small, so
 * it is read here by hand: a CSV parser would build an object per row. `onRow` gets the same
 * array each time (copy what it keeps). A step (yield) every 1,024 rows, where a caller may
 * pause. Returns the row count.
 *
 * `rawColumn`: a column left as bytes (its field is null; `raw` says where it is, and
 * `raw.text()` decodes it), for a caller that keeps it as bytes and would only throw the
 * string away.
 */
export function* copyTextRows(
  buffer: ArrayBuffer,
  columns: number,
  onRow: (fields: (string | null)[], raw: RawField) => void,
  rawColumn = -1,
): Generator<void, number, void> {
  // Fields are found in the bytes and decoded one by one: each string is its own (a slice
  // of a decoded megabyte would keep the whole megabyte alive for as long as it is kept).
  const bytes = Buffer.from(buffer);
  const fields: (string | null)[] = new Array(columns).fill(null);
  const last = columns - 1;
  const length = bytes.length;
  const raw = new RawField(bytes);
  let rows = 0;
  let at = 0;
  while (at < length) {
    for (let k = 0; k < columns; k++) {
      // Tabs and newlines inside a value are escaped: a raw one always ends a field.
      let end = bytes.indexOf(k === last ? 10 : 9, at);
      if (end < 0) end = length;
      if (k === rawColumn) {
        raw.start = at;
        raw.end = end;
        fields[k] = null;
      } else if (end - at === 2 && bytes[at] === 92 && bytes[at + 1] === 78)
        fields[k] = null; // \N
      else {
        const raw = bytes.toString("utf8", at, end);
        fields[k] = raw.includes("\\") ? unescapeField(raw) : raw;
      }
      at = end + 1;
    }
    onRow(fields, raw);
    if ((++rows & 0x3ff) === 0) yield;
  }
  return rows;
}

/** Where the raw column of the current row is (copyTextRows). */
export class RawField {
  start = 0;
  end = 0;
  constructor(readonly bytes: Buffer) {}
  /** The field as text (null for \N). */
  text(): string | null {
    const { bytes, start, end } = this;
    if (end - start === 2 && bytes[start] === 92 && bytes[start + 1] === 78) return null;
    const raw = bytes.toString("utf8", start, end);
    return raw.includes("\\") ? unescapeField(raw) : raw;
  }
}

/** How many rows a block of COPY's text format holds (newlines), a step per piece. */
export function* copyTextRowCount(buffer: ArrayBuffer): Generator<void, number, void> {
  const bytes = new Uint8Array(buffer);
  let rows = 0;
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) {
    const piece = bytes.subarray(start, Math.min(bytes.length, start + PIECE_BYTES));
    for (let i = piece.indexOf(10); i >= 0; i = piece.indexOf(10, i + 1)) rows++;
    yield;
  }
  return rows;
}
