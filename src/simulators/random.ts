/**
 * A small seeded PRNG (mulberry32) so that generated worlds and injected faults are reproducible.
 * Math.random is never used by the simulators.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = hashSeed(seed, 0x6d2b79f5);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `digits` random decimal digits as a string. */
  digits(count: number): string {
    let s = '';
    for (let left = count; left > 0; left -= 9) {
      const n = Math.min(9, left);
      s += String(Math.floor(this.next() * 10 ** n)).padStart(n, '0');
    }
    return s;
  }

  /** An independent stream, so that one part of a world does not shift when another grows. */
  fork(label: string): Random {
    let h = this.state;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Random(h);
  }

  /** Shuffles in place (Fisher-Yates). */
  shuffle<V>(items: { length: number; [i: number]: V }): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as V;
      items[i] = items[j] as V;
      items[j] = tmp;
    }
  }
}

function hashSeed(seed: number, salt: number): number {
  let h = (Math.trunc(seed) ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Picks items in proportion to their weights, by binary search over cumulative sums. */
export class WeightedPicker<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, i) => {
      sum += Math.max(0, weight(item));
      this.cumulative[i] = sum;
    });
    this.total = sum;
    if (items.length === 0 || sum <= 0) throw new Error('weighted pick needs at least one positive weight');
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
