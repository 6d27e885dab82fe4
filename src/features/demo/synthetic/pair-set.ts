/**
 * Membership test for (from, to) pairs without a million boxed keys: open addressing
 * (linear probing) over two Int32Arrays, O(1) expected per operation.
 */
export class PairSet {
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(expected: number) {
    let bits = 10;
    while (2 ** bits < expected * 2) bits++;
    const capacity = 2 ** bits;
    this.shift = 32 - bits;
    this.from = new Int32Array(capacity).fill(-1);
    this.to = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds the pair; false when it was there already. */
  add(from: number, to: number): boolean {
    // Mix both ends into every bit, then keep the high bits (the well-mixed ones).
    let h = Math.imul(from ^ Math.imul(to, 0x85ebca77), 0x9e3779b1);
    h = ((h ^ (h >>> 15)) >>> this.shift) & this.mask;
    while (this.from[h] !== -1) {
      if (this.from[h] === from && this.to[h] === to) return false;
      h = (h + 1) & this.mask;
    }
    this.from[h] = from;
    this.to[h] = to;
    return true;
  }
}
