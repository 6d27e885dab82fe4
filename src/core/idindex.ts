/**
 * A string id → dense index table for hundreds of thousands of ids.
 * Algorithm: open addressing with linear probing, keyed by a 64-bit fingerprint (two
 * independent 32-bit multiplicative hashes over the id's UTF-16 code units); O(length)
 * per lookup, O(n) to build.
 * Why not a Map: resolving 2M edge ends through a Map<string, number> of 300k ids costs
 * about a second, because every hit re-reads the stored key string at a random heap
 * address (cache and TLB misses). Here a hit touches one slot of a typed array.
 * `get` still confirms the hit against the stored id (exact); `getBulk` trusts the
 * fingerprint, which can only err for an id that is NOT in the table yet shares all 64
 * bits with one that is (odds ~n/2^64 per lookup; never for ids the database's foreign
 * keys guarantee). Two different ids with one fingerprint are detected at build time and
 * always resolved exactly.
 */

// Scratch output of `fingerprint`, to return two numbers without allocating.
let fpHi = 0;
let fpLo = 0;

function fingerprint(s: string): void {
  const len = s.length;
  let h = 0x9e3779b9 ^ len;
  let g = 0x85ebca6b ^ Math.imul(len, 0xcc9e2d51);
  let i = 0;
  // Two code units per step: half the multiplications of a per-character hash.
  for (; i + 1 < len; i += 2) {
    const k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    h = Math.imul(h ^ k, 0x01000193);
    h ^= h >>> 15;
    g = Math.imul(g + k, 0x5bd1e995);
    g ^= g >>> 13;
  }
  if (i < len) {
    const k = s.charCodeAt(i);
    h = Math.imul(h ^ k, 0x01000193);
    g = Math.imul(g + k, 0x5bd1e995);
  }
  // fmix32 finalizers (MurmurHash3) so every input bit reaches the low bits used for slots.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  g ^= g >>> 16;
  g = Math.imul(g, 0x7feb352d);
  g ^= g >>> 15;
  g = Math.imul(g, 0x846ca68b);
  g ^= g >>> 16;
  fpHi = h;
  fpLo = g;
}

const EMPTY = -1;
/** A slot whose fingerprint belongs to more than one distinct id: resolve through `clash`. */
const CLASH = -2;

export class IdIndex {
  readonly size: number;
  private readonly ids: readonly string[];
  private readonly mask: number;
  /** Per slot, 3 Int32s: index (or EMPTY/CLASH), fingerprint high, fingerprint low. */
  private readonly slots: Int32Array;
  private clash: Map<string, number> | null = null;
  /** All ones, except in tests that weaken the fingerprint to force collisions. */
  private readonly hiMask: number;
  private readonly loMask: number;

  /**
   * Builds from ids in index order; a repeated id maps to its last position, like Map#set.
   * `weakFingerprintForTests` keeps only 2 bits of fingerprint so collisions are certain.
   */
  constructor(ids: readonly string[], weakFingerprintForTests = false, empty = false) {
    this.hiMask = weakFingerprintForTests ? 3 : -1;
    this.loMask = weakFingerprintForTests ? 0 : -1;
    this.ids = ids;
    this.size = ids.length;
    let cap = 16;
    while (cap < ids.length * 1.5) cap *= 2; // load factor ≤ 2/3
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 3);
    if (!empty) {
      this.slots.fill(EMPTY);
      this.insert(0, ids.length);
    }
  }

  /**
   * The same index built in steps of `step` ids, yielding between them (well under a
   * millisecond each): a server building the index of 300,000 nodes (140 ms at once) keeps
   * answering meanwhile.
   */
  static *buildSteps(ids: readonly string[], step = 2048): Generator<void, IdIndex, void> {
    const index = new IdIndex(ids, false, true);
    // The empty slots marked in steps too (24 MB for a million ids).
    const { slots } = index;
    for (let at = 0; at < slots.length; at += step * 16) {
      slots.fill(EMPTY, at, Math.min(slots.length, at + step * 16));
      yield;
    }
    for (let from = 0; from < ids.length; from += step) {
      index.insert(from, Math.min(ids.length, from + step));
      if (from + step < ids.length) yield;
    }
    return index;
  }

  /**
   * The table's slots, to be kept with the ids (a model checkpoint) and given back to
   * `fromSlots`; null when two ids share a fingerprint (that index is built again instead).
   */
  exportSlots(): Int32Array | null {
    return this.clash === null && this.hiMask === -1 ? this.slots : null;
  }

  /**
   * The index over `ids` from the slots `exportSlots` gave for the same ids, without hashing
   * them again; null when the slots cannot be theirs (another size, or a sample of the ids
   * not found at its position).
   */
  static fromSlots(ids: readonly string[], slots: Int32Array): IdIndex | null {
    const index = new IdIndex(ids, false, true);
    if (slots.length !== index.slots.length) return null;
    index.slots.set(slots);
    const n = ids.length;
    for (let k = 0; k < Math.min(n, 256); k++) {
      const i = k < 2 ? k * (n - 1) : Math.floor(Math.random() * n);
      // The last of a repeated id holds its slot: ids that repeat are not sampled.
      if (index.get(ids[i]) !== i && ids.lastIndexOf(ids[i]) === i) return null;
    }
    return index;
  }

  /** Enters ids[from..to) (in order: a repeated id maps to its last position). */
  private insert(from: number, to: number) {
    const { ids, slots } = this;
    for (let i = from; i < to; i++) {
      const id = ids[i];
      fingerprint(id);
      const hi = fpHi & this.hiMask;
      const lo = fpLo & this.loMask;
      let s = hi & this.mask;
      for (;;) {
        const at = s * 3;
        const v = slots[at];
        if (v === EMPTY) {
          slots[at] = i;
          slots[at + 1] = hi;
          slots[at + 2] = lo;
          break;
        }
        if (slots[at + 1] === hi && slots[at + 2] === lo) {
          if (v >= 0 && ids[v] === id) {
            slots[at] = i; // repeated id: last wins
          } else {
            // Two ids share 64 bits (astronomically rare): keep both exactly.
            if (this.clash === null) this.clash = new Map();
            if (v >= 0) this.clash.set(ids[v], v);
            this.clash.set(id, i);
            slots[at] = CLASH;
          }
          break;
        }
        s = (s + 1) & this.mask;
      }
    }
  }

  /** Index of `id`, or -1. Exact. */
  get(id: string): number {
    const v = this.probe(id);
    if (v === CLASH) return this.clash!.get(id) ?? -1;
    return v >= 0 && this.ids[v] === id ? v : -1;
  }

  /** Index of `id`, or -1, trusting the fingerprint (see the file comment). For bulk work. */
  getBulk(id: string): number {
    const v = this.probe(id);
    if (v === CLASH) return this.clash!.get(id) ?? -1;
    return v;
  }

  has(id: string): boolean {
    return this.get(id) >= 0;
  }

  /** A Map with the same contents, for callers that want one. O(n). */
  toMap(): Map<string, number> {
    const m = new Map<string, number>();
    for (let i = 0; i < this.ids.length; i++) m.set(this.ids[i], i);
    return m;
  }

  private probe(id: string): number {
    fingerprint(id);
    const hi = fpHi & this.hiMask;
    const lo = fpLo & this.loMask;
    const { slots, mask } = this;
    let s = hi & mask;
    for (;;) {
      const at = s * 3;
      const v = slots[at];
      if (v === EMPTY) return -1;
      if (slots[at + 1] === hi && slots[at + 2] === lo) return v;
      s = (s + 1) & mask;
    }
  }
}
