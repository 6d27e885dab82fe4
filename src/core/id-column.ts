/**
 * A column of ids kept as bytes, and its lookup table, for the million edges of an XL
 * organization.
 *
 * Why: an id kept as a string is an object on the heap (about 56 bytes for a UUID). A
 * million of them made while a model loads are copied by every young-generation collection
 * until they are promoted: those copies were the event loop's longest stalls of a load
 * (10-25 ms each), and the strings took 60 MB for good. Here a UUID in its canonical form
 * (lower-case hex with dashes, as PostgreSQL writes it) is 16 bytes in a typed array; any
 * other id (tests use short names) is kept as it is, in a side map. `get` makes the string
 * again when one is read, which is for one edge at a time.
 *
 * The lookup table (IdColumnIndex) is built over the column as it is at one moment and
 * compares against the column as it is now: an id whose slot was reused no longer matches,
 * and ids written after the build are found through a Map the caller keeps (as with IdIndex).
 */

/** Whether `s` is a UUID in its text form (either case). */
export const isUuid = (s: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

const NONE = 0;
const UUID = 1;
const OTHER = 2;

/** Hex digit value of a character code ('0'-'9', 'a'-'f'), or -1. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[97 + i] = 10 + i;
const HEX = "0123456789abcdef";
/** Where the dashes of a canonical UUID are. */
const isDash = (i: number) => i === 8 || i === 13 || i === 18 || i === 23;

// Scratch output of the parsers: four words without allocating.
const parsed = new Uint32Array(4);

/** Parses a canonical UUID from character codes into `parsed`; false when it is not one. */
function parseCodes(code: (i: number) => number): boolean {
  let w = 0;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = code(i);
    if (isDash(i)) {
      if (c !== 45) return false;
      continue;
    }
    const v = c < 128 ? NIBBLE[c] : -1;
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++digits === 8) {
      parsed[w++] = word >>> 0;
      word = 0;
      digits = 0;
    }
  }
  return true;
}

function parseString(id: string): boolean {
  return id.length === 36 && parseCodes((i) => id.charCodeAt(i));
}

// A scratch array for the characters of one id.
const chars = new Uint16Array(36);

export class IdColumn {
  /** Four words per slot: the UUID's 16 bytes, most significant first in each word. */
  words: Uint32Array;
  /** Per slot: NONE (the empty id ""), UUID (in `words`) or OTHER (in `others`). */
  form: Uint8Array;
  private others: Map<number, string> | null = null;

  constructor(capacity = 0) {
    this.words = new Uint32Array(capacity * 4);
    this.form = new Uint8Array(capacity);
  }

  /**
   * A column over given parts (a checkpoint's): taken as they are, not copied. Parts that
   * `set` could not have made are refused: an id kept as a string where it is a UUID (the
   * index would never find it), one that is not a string, a form out of range, and an
   * empty slot unless `allowEmpty`. `checkSlots: false` leaves the slots' check (one pass
   * over them) to the caller, who runs `checkSlots` in pieces.
   */
  static fromParts(
    words: Uint32Array,
    form: Uint8Array,
    others: unknown,
    allowEmpty = true,
    checkSlots = true,
  ): IdColumn {
    if (words.length !== form.length * 4) throw new Error("id column: words and forms differ");
    if (!Array.isArray(others)) throw new Error("id column: the other ids are not a list");
    const c = new IdColumn(0);
    c.words = words;
    c.form = form;
    for (const entry of others) {
      const [i, id] = Array.isArray(entry) ? entry : [];
      if (!(Number.isInteger(i) && i >= 0 && i < form.length) || form[i] !== OTHER) {
        throw new Error(`id column: no other id at ${i}`);
      }
      if (typeof id !== "string" || id === "" || parseString(id)) {
        throw new Error(`id column: the id at ${i} is out of shape`);
      }
      c.setOther(i, id);
    }
    if (checkSlots) c.checkSlots(0, form.length, allowEmpty);
    return c;
  }

  /** Throws when a slot in [from, to) is one `set` could not have made (see fromParts). */
  checkSlots(from: number, to: number, allowEmpty = true) {
    const { form } = this;
    for (let i = from; i < to; i++) {
      const f = form[i];
      if (f > OTHER || (f === OTHER && !this.others?.has(i)) || (f === NONE && !allowEmpty)) {
        throw new Error(`id column: slot ${i} is out of shape`);
      }
    }
  }

  /** The ids that are not UUIDs, by slot (for a checkpoint). */
  otherIds(): [number, string][] {
    return this.others ? [...this.others] : [];
  }

  get capacity(): number {
    return this.form.length;
  }

  /** Grows to hold `capacity` slots (the new ones empty). */
  grow(capacity: number) {
    if (capacity <= this.form.length) return;
    const words = new Uint32Array(capacity * 4);
    words.set(this.words);
    const form = new Uint8Array(capacity);
    form.set(this.form);
    this.words = words;
    this.form = form;
  }

  get(i: number): string {
    const f = this.form[i];
    if (f === UUID) {
      const { words } = this;
      let k = 0;
      for (let w = 0; w < 4; w++) {
        const x = words[i * 4 + w];
        for (let shift = 28; shift >= 0; shift -= 4) {
          if (isDash(k)) chars[k++] = 45;
          chars[k++] = HEX.charCodeAt((x >>> shift) & 15);
        }
      }
      return String.fromCharCode.apply(null, chars as unknown as number[]);
    }
    if (f === OTHER) return this.others!.get(i)!;
    return "";
  }

  set(i: number, id: string) {
    if (this.form[i] === OTHER) this.others!.delete(i);
    if (id === "") {
      this.form[i] = NONE;
    } else if (parseString(id)) {
      this.words.set(parsed, i * 4);
      this.form[i] = UUID;
    } else {
      this.setOther(i, id);
    }
  }

  /**
   * Sets slot i from the 36 bytes at `at` when they are a canonical UUID (true); otherwise
   * leaves it and returns false (the caller decodes the text and calls `set`).
   */
  setBytes(i: number, bytes: Uint8Array, at: number): boolean {
    if (at + 36 > bytes.length || !parseCodes((k) => bytes[at + k])) return false;
    if (this.form[i] === OTHER) this.others!.delete(i);
    this.words.set(parsed, i * 4);
    this.form[i] = UUID;
    return true;
  }

  /** Copies slot `from` of `src` into slot `to`. */
  copy(to: number, src: IdColumn, from: number) {
    const f = src.form[from];
    if (f === OTHER) this.set(to, src.others!.get(from)!);
    else {
      if (this.form[to] === OTHER) this.others!.delete(to);
      for (let w = 0; w < 4; w++) this.words[to * 4 + w] = src.words[from * 4 + w];
      this.form[to] = f;
    }
  }

  /** Whether slot i holds `id` (without making a string). */
  equals(i: number, id: string): boolean {
    const f = this.form[i];
    if (f === UUID) return parseString(id) && this.holdsParsed(i);
    if (f === OTHER) return this.others!.get(i) === id;
    return id === "";
  }

  /**
   * The order of slots i and j as their ids' strings compare (-1, 0, 1), without making the
   * strings where both are UUIDs: lower-case hex compares as the numbers do.
   */
  compare(i: number, j: number): number {
    if (this.form[i] === UUID && this.form[j] === UUID) {
      const { words } = this;
      for (let w = 0; w < 4; w++) {
        const a = words[i * 4 + w];
        const b = words[j * 4 + w];
        if (a !== b) return a < b ? -1 : 1;
      }
      return 0;
    }
    const a = this.get(i);
    const b = this.get(j);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  private setOther(i: number, id: string) {
    this.others ??= new Map();
    this.others.set(i, id);
    this.form[i] = OTHER;
  }

  /** Used by the index: whether slot i holds the UUID now in `parsed`. */
  holdsParsed(i: number): boolean {
    if (this.form[i] !== UUID) return false;
    const { words } = this;
    const at = i * 4;
    return (
      words[at] === parsed[0] &&
      words[at + 1] === parsed[1] &&
      words[at + 2] === parsed[2] &&
      words[at + 3] === parsed[3]
    );
  }
}

/** The slot of a 16-byte id: all four words mixed (a time-ordered UUID's first word is not random). */
function hashWords(w: Uint32Array, at: number): number {
  let h = w[at] ^ Math.imul(w[at + 1], 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ w[at + 2];
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ Math.imul(w[at + 3], 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}

const EMPTY = -1;

/**
 * Id → slot over an IdColumn's first `count` slots as they were when built (open addressing,
 * linear probing, one Int32 per table slot). Entries are never removed: a lookup compares
 * with the column as it is now, so an id whose slot was emptied or reused is not found.
 */
export class IdColumnIndex {
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly others = new Map<string, number>();

  private constructor(
    private readonly column: IdColumn,
    count: number,
  ) {
    let cap = 16;
    while (cap < count * 2) cap *= 2; // load factor ≤ 1/2
    this.mask = cap - 1;
    this.table = new Int32Array(cap);
  }

  /** Built in steps of `step` slots (a million ids at once would hold the loop for 50 ms). */
  static *buildSteps(
    column: IdColumn,
    count: number,
    step = 16_384,
  ): Generator<void, IdColumnIndex, void> {
    const index = new IdColumnIndex(column, count);
    const { table, mask } = index;
    for (let at = 0; at < table.length; at += step * 8) {
      table.fill(EMPTY, at, Math.min(table.length, at + step * 8));
      yield;
    }
    for (let from = 0; from < count; from += step) {
      const to = Math.min(count, from + step);
      // Read again after each pause: the column may have grown (new arrays) meanwhile.
      const { words, form } = column;
      for (let i = from; i < to; i++) {
        const f = form[i];
        if (f === OTHER) {
          index.others.set(column.get(i), i);
          continue;
        }
        if (f !== UUID) continue;
        let s = hashWords(words, i * 4) & mask;
        while (table[s] !== EMPTY) s = (s + 1) & mask;
        table[s] = i;
      }
      if (to < count) yield;
    }
    return index;
  }

  static build(column: IdColumn, count: number): IdColumnIndex {
    const steps = IdColumnIndex.buildSteps(column, count);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** The slot holding `id` now, among those indexed, or -1. */
  get(id: string): number {
    if (!parseString(id)) {
      const i = this.others.get(id);
      return i !== undefined && this.column.equals(i, id) ? i : -1;
    }
    const { table, mask, column } = this;
    let s = hashWords(parsed, 0) & mask;
    for (;;) {
      const i = table[s];
      if (i === EMPTY) return -1;
      if (column.holdsParsed(i)) return i;
      s = (s + 1) & mask;
    }
  }
}
