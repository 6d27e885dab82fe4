/**
 * Seeded randomness for the synthetic enterprise: the same seed gives the same organization,
 * byte for byte, on every machine.
 * Algorithm: mulberry32 (a 32-bit counter run through an avalanche mix), O(1) per draw;
 * period 2^32, far more than the ~10M draws the largest size needs. Not for cryptography.
 */

/** Every 16-bit value as 4 hex digits: a UUID is 8 table lookups. */
const HEX4 = Array.from({ length: 65536 }, (_, i) => i.toString(16).padStart(4, "0"));

export class Rng {
  private state: number;

  constructor(seed: number) {
    // Spread small seeds (0, 1, 2 …) apart before the first draw.
    this.state = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
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

  /** A UUID shaped like version 4 (8-4-4-4-12 hex, version nibble 4, RFC variant). */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    const id = `${HEX4[a >>> 16]}${HEX4[a & 0xffff]}-${HEX4[b >>> 16]}-${HEX4[0x4000 | (b & 0x0fff)]}-${HEX4[0x8000 | ((c >>> 16) & 0x3fff)]}-${HEX4[c & 0xffff]}${HEX4[d >>> 16]}${HEX4[d & 0xffff]}`;
    // Reading a character makes V8 flatten the concatenation into one string: a million
    // ids then cost a third of the memory and far less garbage collection.
    id.charCodeAt(35);
    return id;
  }
}
