/**
 * Seeded randomness for the synthetic enterprise: the same seed gives the same organization,
 * byte for byte, on every machine.
 * Algorithm: mulberry32 (a 32-bit counter run through an avalanche mix), O(1) per draw;
 * period 2^32, far more than the ~10M draws the largest size needs. Not for cryptography.
 */

const HEX = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX[i] = "0123456789abcdef".charCodeAt(i);
const ID_LENGTH = 36;
const IDS_PER_BLOCK = 4096;
/** Where the 32 hex digits of an id go, around the hyphens at 8, 13, 18 and 23. */
const DIGIT_AT = [...Array(ID_LENGTH).keys()].filter(
  (i) => i !== 8 && i !== 13 && i !== 18 && i !== 23,
);

export class Rng {
  private state: number;
  /** Ids come from a stream of their own, so adding an id never shifts the other draws. */
  private ids: Rng | null;
  private idBlock = "";
  private idNext = IDS_PER_BLOCK;
  private idBuffer: Buffer | null = null;

  constructor(seed: number, forIds = false) {
    // Spread small seeds (0, 1, 2 …) apart before the first draw.
    this.state = Math.imul(seed ^ (forIds ? 0x2545f491 : 0x9e3779b9), 0x85ebca6b) >>> 0;
    this.ids = forIds ? null : new Rng(seed, true);
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi], both ends included. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** An index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /**
   * A UUID shaped like version 4 (8-4-4-4-12 hex, version nibble 4, RFC variant).
   * Ids are written 4,096 at a time into one buffer and decoded to one string; each id is a
   * slice of it. A million ids built by concatenation cost seconds of allocation and
   * garbage collection; this costs a tenth of that.
   */
  uuid(): string {
    if (this.idNext === IDS_PER_BLOCK) this.refillIds();
    const at = this.idNext++ * ID_LENGTH;
    return this.idBlock.slice(at, at + ID_LENGTH);
  }

  private refillIds() {
    const source = this.ids!;
    if (!this.idBuffer) this.idBuffer = Buffer.alloc(ID_LENGTH * IDS_PER_BLOCK, "-".charCodeAt(0));
    const buf = this.idBuffer;
    for (let id = 0; id < IDS_PER_BLOCK; id++) {
      const base = id * ID_LENGTH;
      for (let word = 0; word < 4; word++) {
        let x = source.u32();
        if (word === 1) x = (x & 0xffff0fff) | 0x4000; // version 4
        if (word === 2) x = ((x & 0x3fffffff) | 0x80000000) >>> 0; // variant 10xx
        for (let d = 7; d >= 0; d--) {
          buf[base + DIGIT_AT[word * 8 + d]] = HEX[x & 15];
          x >>>= 4;
        }
      }
    }
    this.idBlock = buf.toString("latin1");
    this.idNext = 0;
  }
}
