/**
 * An open-addressing hash table from a two-lane 64-bit key (two int32 lanes) to a non-negative
 * int32 value, on typed arrays: no boxed numbers, no per-entry objects. Linear probing, kept at
 * most half full.
 */
export class LaneTable {
  private keysA: Int32Array;
  private keysB: Int32Array;
  /** Value + 1 per slot; 0 marks an empty slot. */
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored under (a, b), or -1. */
  get(a: number, b: number): number {
    const { keysA, keysB, values, mask } = this;
    for (let slot = (a ^ (b >>> 16)) & mask; ; slot = (slot + 1) & mask) {
      const v = values[slot] as number;
      if (v === 0) return -1;
      if (keysA[slot] === (a | 0) && keysB[slot] === (b | 0)) return v - 1;
    }
  }

  set(a: number, b: number, value: number): void {
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    const { keysA, keysB, values, mask } = this;
    for (let slot = (a ^ (b >>> 16)) & mask; ; slot = (slot + 1) & mask) {
      const v = values[slot] as number;
      if (v === 0) {
        keysA[slot] = a;
        keysB[slot] = b;
        values[slot] = value + 1;
        this.count++;
        return;
      }
      if (keysA[slot] === (a | 0) && keysB[slot] === (b | 0)) {
        values[slot] = value + 1;
        return;
      }
    }
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const capacity = values.length * 2;
    this.keysA = new Int32Array(capacity);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let slot = 0; slot < values.length; slot++) {
      const v = values[slot] as number;
      if (v !== 0) this.set(keysA[slot] as number, keysB[slot] as number, v - 1);
    }
  }
}
